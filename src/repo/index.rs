//! The index: which pack holds which blob, where. Index files are written
//! after packs and before the snapshot that needs them; several index files
//! may list the same pack (the union counts). A pack no index names is an
//! orphan of an interrupted backup: opening the repository indexes it again
//! from its own trailer.
//!
//! Every pack in the in-memory index is readable; only a *reusable* one may
//! satisfy deduplication (a pack marked damaged or pending deletion is read,
//! never referenced anew — docs/format.md, "What a backup trusts"). When a
//! blob lives in several packs, its location is a reusable copy if there is one.
//!
//! Index file plaintext (zstd-compressed, then age): magic `TRSIDX02`, the
//! recipient sets the listed packs are encrypted to (`set_count:u32`, per
//! set `n:u32` and `n` times `len:u16` + the `age1…` text), `pack_count:u32`,
//! then per pack `id[32] cipher_len:u64 header_len:u32 plain_len:u64
//! blob_count:u32 set:u32` (`u32::MAX`: not known) followed by its blobs as
//! pack trailer entries. `TRSIDX01` files (tresor before 0.5) have no sets.
//!
//! A pack's recipients decide whether a new snapshot may reuse it: a
//! recovery key must open everything the newest snapshots reference
//! ([`super::repofile::RepoConfig::covers`]).

use std::collections::{HashMap, HashSet};

use hashbrown::HashTable;

use super::blob::{BlobKind, Compression, MAX_BLOB_LEN};
use super::id::Id;
use super::pack::{PackBlobs, PackEntry, ENTRY_LEN, MAX_OFFSET};

pub const MAGIC: &[u8; 8] = b"TRSIDX02";
/// The first format: no recipient sets (every pack's are not known).
pub const MAGIC_V1: &[u8; 8] = b"TRSIDX01";
/// Bytes per pack before its entries in `TRSIDX01`: id, cipher_len,
/// header_len, plain_len, blob_count (`TRSIDX02` adds the set, 4 bytes).
const PACK_HEAD_LEN: usize = 32 + 8 + 4 + 8 + 4;
/// The set number of a pack whose recipients are not known.
const SET_UNKNOWN: u32 = u32::MAX;
/// An age X25519 recipient is 62 characters; anything much longer is not one.
const MAX_RECIPIENT_LEN: usize = 1024;

/// The age recipients (`age1…`) a pack file is encrypted to, in the order
/// the repository config listed them when it was written (machine key first).
pub type KeySet = std::sync::Arc<[String]>;

/// What the index knows about one pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    pub id: Id,
    /// Size of the stored (encrypted) file.
    pub cipher_len: u64,
    /// Length of the age header, to read ranges without fetching it first.
    pub header_len: u32,
    pub plain_len: u64,
    /// The pack's blobs in pack order, compact (the index keeps them as is).
    pub blobs: PackBlobs,
    /// Who can decrypt the file; `None`: written by tresor before 0.5 or
    /// indexed from its own trailer (the pack does not say), see
    /// [`super::repofile::RepoConfig::pack_recipients`].
    pub recipients: Option<KeySet>,
}

/// The in-memory index. Memory per blob (bench/README.md, "Index memory"):
/// the pack's [`PackBlobs`] (44 bytes) plus one `u32` slot and control byte
/// of the lookup table (at 44–87 % load: 5.7–11.4 bytes), nothing more; per
/// pack about 200 bytes. The table holds a blob's *position*: the packs'
/// blobs numbered one after the other in the order the packs were added
/// (`starts` gives each pack's first), so the table stores neither the id
/// again nor a pack number.
#[derive(Default)]
pub struct Index {
    packs: Vec<PackInfo>,
    /// Parallel to `packs`: may a new snapshot reference this pack's blobs?
    reusable: Vec<bool>,
    /// Parallel to `packs`: the position of its first blob.
    starts: Vec<u32>,
    /// Positions handed out so far.
    positions: u32,
    pack_pos: HashMap<Id, u32>,
    blobs: HashTable<u32>,
}

/// Ids are keyed BLAKE3 hashes, uniformly distributed: their first bytes are
/// a hash already.
fn hash_of(id: &Id) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&id.0[..8]);
    u64::from_le_bytes(b)
}

/// The pack number and entry of blob position `pos`: the last pack starting
/// at or before it (an empty pack shares its start with the next one).
fn locate(starts: &[u32], pos: u32) -> (usize, usize) {
    let pack = starts.partition_point(|s| *s <= pos).saturating_sub(1);
    (
        pack,
        (pos - starts.get(pack).copied().unwrap_or(0)) as usize,
    )
}

fn id_at<'a>(packs: &'a [PackInfo], starts: &[u32], pos: u32) -> &'a Id {
    let (p, e) = locate(starts, pos);
    &packs[p].blobs.ids()[e]
}

#[derive(Debug, thiserror::Error)]
#[error("index file is damaged: {0}")]
pub struct IndexFormatError(pub String);

impl Index {
    /// Makes room for `blobs` more blobs at once, so that loading a large
    /// index grows the table once instead of rehashing it step by step.
    pub fn reserve(&mut self, blobs: usize) {
        let (packs, starts) = (&self.packs, &self.starts);
        self.blobs
            .reserve(blobs, |pos| hash_of(id_at(packs, starts, *pos)));
    }

    /// Adds a pack whose blobs new snapshots may reference.
    pub fn add_pack(&mut self, p: PackInfo) {
        self.add_pack_as(p, true);
    }

    /// Adds a pack; `reusable: false` keeps it readable but never the reason
    /// a blob counts as stored. Positions are `u32`: blobs beyond the
    /// 4,294,967,295th (some 170 TB of data) are not looked up, so they are
    /// stored again rather than mistaken for others.
    pub fn add_pack_as(&mut self, p: PackInfo, reusable: bool) {
        if self.pack_pos.contains_key(&p.id) {
            return;
        }
        let pos = self.packs.len() as u32;
        let first = self.positions;
        let count = u32::try_from(p.blobs.len())
            .ok()
            .filter(|n| first.checked_add(*n).is_some())
            .unwrap_or(0);
        self.pack_pos.insert(p.id, pos);
        self.packs.push(p);
        self.reusable.push(reusable);
        self.starts.push(first);
        self.positions = first + count;
        let (packs, starts, flags) = (&self.packs, &self.starts, &self.reusable);
        self.blobs
            .reserve(count as usize, |q| hash_of(id_at(packs, starts, *q)));
        let ids = packs[pos as usize].blobs.ids();
        for (i, id) in ids.iter().take(count as usize).enumerate() {
            let here = first + i as u32;
            // The first pack that names a blob keeps it, unless it may not be
            // reused and this one may (duplicates are left for prune).
            match self.blobs.entry(
                hash_of(id),
                |q| id_at(packs, starts, *q) == id,
                |q| hash_of(id_at(packs, starts, *q)),
            ) {
                hashbrown::hash_table::Entry::Vacant(v) => {
                    v.insert(here);
                }
                hashbrown::hash_table::Entry::Occupied(mut o) => {
                    if reusable && !flags[locate(starts, *o.get()).0] {
                        *o.get_mut() = here;
                    }
                }
            }
        }
    }

    /// The pack number and entry of blob `id`.
    fn location(&self, id: &Id) -> Option<(usize, usize)> {
        let (packs, starts) = (&self.packs, &self.starts);
        let pos = self
            .blobs
            .find(hash_of(id), |q| id_at(packs, starts, *q) == id)?;
        Some(locate(starts, *pos))
    }

    /// Readable from some pack (restore, check).
    pub fn contains(&self, id: &Id) -> bool {
        self.location(id).is_some()
    }

    /// Stored in a pack a new snapshot may reference (deduplication).
    pub fn contains_reusable(&self, id: &Id) -> bool {
        self.location(id).is_some_and(|(p, _)| self.reusable[p])
    }

    /// A pack found damaged during a run: still readable, never again the
    /// reason a blob counts as stored (its data is written anew).
    pub fn distrust(&mut self, pack: &Id) {
        if let Some(&pos) = self.pack_pos.get(pack) {
            self.reusable[pos as usize] = false;
        }
    }

    pub fn is_reusable(&self, pack: &Id) -> bool {
        self.pack_pos
            .get(pack)
            .is_some_and(|p| self.reusable[*p as usize])
    }

    /// The pack holding `id` and its entry there (by value: the index keeps
    /// entries compact, see [`PackBlobs`]).
    pub fn get(&self, id: &Id) -> Option<(&PackInfo, PackEntry)> {
        let (p, e) = self.location(id)?;
        let pack = &self.packs[p];
        Some((pack, pack.blobs.get(e)?))
    }

    pub fn has_pack(&self, id: &Id) -> bool {
        self.pack_pos.contains_key(id)
    }

    pub fn pack(&self, id: &Id) -> Option<&PackInfo> {
        self.pack_pos.get(id).map(|p| &self.packs[*p as usize])
    }

    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    pub fn blob_count(&self) -> usize {
        self.blobs.len()
    }
}

pub fn encode(packs: &[PackInfo]) -> Vec<u8> {
    let mut sets: Vec<&KeySet> = Vec::new();
    let set_of: Vec<u32> = packs
        .iter()
        .map(|p| match &p.recipients {
            None => SET_UNKNOWN,
            Some(r) => match sets.iter().position(|s| *s == r) {
                Some(i) => i as u32,
                None => {
                    sets.push(r);
                    (sets.len() - 1) as u32
                }
            },
        })
        .collect();
    let mut out = Vec::with_capacity(
        16 + packs
            .iter()
            .map(|p| 60 + p.blobs.len() * ENTRY_LEN)
            .sum::<usize>(),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(sets.len() as u32).to_le_bytes());
    for set in &sets {
        out.extend_from_slice(&(set.len() as u32).to_le_bytes());
        for r in set.iter() {
            let b = &r.as_bytes()[..r.len().min(MAX_RECIPIENT_LEN)];
            out.extend_from_slice(&(b.len() as u16).to_le_bytes());
            out.extend_from_slice(b);
        }
    }
    out.extend_from_slice(&(packs.len() as u32).to_le_bytes());
    for (p, set) in packs.iter().zip(set_of) {
        out.extend_from_slice(&p.id.0);
        out.extend_from_slice(&p.cipher_len.to_le_bytes());
        out.extend_from_slice(&p.header_len.to_le_bytes());
        out.extend_from_slice(&p.plain_len.to_le_bytes());
        out.extend_from_slice(&(p.blobs.len() as u32).to_le_bytes());
        out.extend_from_slice(&set.to_le_bytes());
        for e in &p.blobs {
            out.extend_from_slice(&e.id.0);
            out.push(e.kind as u8);
            out.push(e.compression as u8);
            out.extend_from_slice(&e.offset.to_le_bytes());
            out.extend_from_slice(&e.stored_len.to_le_bytes());
            out.extend_from_slice(&e.raw_len.to_le_bytes());
        }
    }
    out
}

struct Cursor<'a> {
    b: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexFormatError> {
        if self.b.len() < n {
            return Err(IndexFormatError("unexpected end".into()));
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn u32(&mut self) -> Result<u32, IndexFormatError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u16(&mut self) -> Result<u16, IndexFormatError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u64(&mut self) -> Result<u64, IndexFormatError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn id(&mut self) -> Result<Id, IndexFormatError> {
        let mut a = [0u8; 32];
        a.copy_from_slice(self.take(32)?);
        Ok(Id(a))
    }
}

/// The recipient sets of a `TRSIDX02` file: each recipient is valid UTF-8
/// of at most [`MAX_RECIPIENT_LEN`] bytes; counts only reserve what the
/// remaining bytes can hold.
fn decode_sets(c: &mut Cursor<'_>) -> Result<Vec<KeySet>, IndexFormatError> {
    let n = c.u32()? as usize;
    let mut sets = Vec::with_capacity(n.min(c.b.len() / 4));
    for _ in 0..n {
        let m = c.u32()? as usize;
        let mut set = Vec::with_capacity(m.min(c.b.len() / 2));
        for _ in 0..m {
            let len = c.u16()? as usize;
            if len > MAX_RECIPIENT_LEN {
                return Err(IndexFormatError("recipient too long".into()));
            }
            let text = std::str::from_utf8(c.take(len)?)
                .map_err(|_| IndexFormatError("recipient is not text".into()))?;
            set.push(text.to_string());
        }
        sets.push(KeySet::from(set));
    }
    Ok(sets)
}

/// Decodes an index file's plaintext. The bytes come from a medium: counts
/// only reserve what the remaining bytes can hold, every blob must lie
/// inside its pack and claim no more than [`MAX_BLOB_LEN`] (as a pack
/// trailer must), so no later read computes a range from a wild number, and
/// a pack may be listed once (the `Index` would keep only the first listing
/// and silently lose the blobs of the second; a damaged file instead has its
/// packs indexed from their trailers).
pub fn decode(bytes: &[u8]) -> Result<Vec<PackInfo>, IndexFormatError> {
    let mut c = Cursor { b: bytes };
    let v2 = match c.take(8)? {
        m if m == MAGIC => true,
        m if m == MAGIC_V1 => false,
        _ => return Err(IndexFormatError("not an index file".into())),
    };
    let sets = if v2 { decode_sets(&mut c)? } else { Vec::new() };
    let n = c.u32()? as usize;
    let mut packs = Vec::with_capacity(n.min(c.b.len() / PACK_HEAD_LEN));
    let mut seen = HashSet::with_capacity(packs.capacity());
    for _ in 0..n {
        let id = c.id()?;
        if !seen.insert(id) {
            return Err(IndexFormatError(format!(
                "pack {} listed twice",
                id.short()
            )));
        }
        let cipher_len = c.u64()?;
        let header_len = c.u32()?;
        let plain_len = c.u64()?;
        let count = c.u32()? as usize;
        let set = if v2 { c.u32()? } else { SET_UNKNOWN };
        let recipients = match set {
            SET_UNKNOWN => None,
            i => Some(sets.get(i as usize).cloned().ok_or_else(|| {
                IndexFormatError(format!("pack {} names no recipient set", id.short()))
            })?),
        };
        let mut blobs = Vec::with_capacity(count.min(c.b.len() / ENTRY_LEN));
        for _ in 0..count {
            let bid = c.id()?;
            let kb = c.take(2)?;
            let kind =
                BlobKind::from_u8(kb[0]).ok_or_else(|| IndexFormatError("blob kind".into()))?;
            let compression = Compression::from_u8(kb[1])
                .ok_or_else(|| IndexFormatError("compression".into()))?;
            let offset = c.u64()?;
            let stored_len = c.u32()?;
            let raw_len = c.u32()?;
            if offset
                .checked_add(u64::from(stored_len))
                .is_none_or(|end| end > plain_len)
            {
                return Err(IndexFormatError(format!(
                    "blob {} lies outside pack {}",
                    bid.short(),
                    id.short()
                )));
            }
            if offset > MAX_OFFSET {
                return Err(IndexFormatError(format!(
                    "blob {} starts beyond any pack tresor writes",
                    bid.short()
                )));
            }
            if stored_len > MAX_BLOB_LEN || raw_len > MAX_BLOB_LEN {
                return Err(IndexFormatError(format!(
                    "blob {} claims more than {MAX_BLOB_LEN} bytes",
                    bid.short()
                )));
            }
            blobs.push(PackEntry {
                id: bid,
                kind,
                compression,
                offset,
                stored_len,
                raw_len,
            });
        }
        packs.push(PackInfo {
            id,
            cipher_len,
            header_len,
            plain_len,
            blobs: blobs.into(),
            recipients,
        });
    }
    if !c.b.is_empty() {
        return Err(IndexFormatError("trailing bytes".into()));
    }
    Ok(packs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_lookup() {
        let e = PackEntry {
            id: Id([9; 32]),
            kind: BlobKind::Tree,
            compression: Compression::Zstd,
            offset: 5,
            stored_len: 7,
            raw_len: 11,
        };
        let p = PackInfo {
            id: Id([1; 32]),
            cipher_len: 100,
            header_len: 40,
            plain_len: 80,
            blobs: vec![e].into(),
            recipients: None,
        };
        let bytes = encode(std::slice::from_ref(&p));
        assert_eq!(decode(&bytes).unwrap(), vec![p.clone()]);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        // A TRSIDX01 file (tresor before 0.5): no sets, so no recipients known.
        let mut v1 = MAGIC_V1.to_vec();
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.extend_from_slice(&bytes[16..16 + PACK_HEAD_LEN]);
        v1.extend_from_slice(&bytes[16 + PACK_HEAD_LEN + 4..]);
        assert_eq!(decode(&v1).unwrap(), vec![p.clone()]);
        let mut idx = Index::default();
        idx.add_pack(p.clone());
        idx.add_pack(p);
        assert_eq!(idx.packs().len(), 1);
        assert_eq!(idx.get(&Id([9; 32])).unwrap().1.raw_len, 11);
    }

    #[test]
    fn many_packs_first_pack_keeps_a_duplicate_blob() {
        let entry = |id: Id, offset: u64| PackEntry {
            id,
            kind: BlobKind::Data,
            compression: Compression::None,
            offset,
            stored_len: 1,
            raw_len: 1,
        };
        let ids: Vec<Id> = (0..5_000).map(|_| Id::random()).collect();
        let mut idx = Index::default();
        // 50 packs of 100 blobs: the table grows (rehashes) many times.
        for (p, part) in ids.chunks(100).enumerate() {
            idx.add_pack(PackInfo {
                id: Id([p as u8; 32]),
                cipher_len: 1,
                header_len: 0,
                plain_len: 1,
                blobs: part
                    .iter()
                    .enumerate()
                    .map(|(i, id)| entry(*id, i as u64))
                    .collect(),
                recipients: None,
            });
        }
        // A later pack (an interrupted run's leftover) holds a copy of blob 0.
        idx.add_pack(PackInfo {
            id: Id([200; 32]),
            cipher_len: 1,
            header_len: 0,
            plain_len: 1,
            blobs: vec![entry(ids[0], 77)].into(),
            recipients: None,
        });
        assert_eq!(idx.blob_count(), 5_000);
        for (n, id) in ids.iter().enumerate() {
            let (pack, e) = idx.get(id).expect("every blob found");
            assert_eq!(&e.id, id);
            assert_eq!(pack.id, Id([(n / 100) as u8; 32]));
            assert_eq!(e.offset, (n % 100) as u64);
        }
        assert!(!idx.contains(&Id::random()));
    }

    /// Pack `n` (id `[n; 32]`) holding one-byte blobs `ids`, each at offset `n`.
    fn pack_of(n: u8, ids: &[Id]) -> PackInfo {
        PackInfo {
            id: Id([n; 32]),
            cipher_len: 1,
            header_len: 0,
            plain_len: 100,
            blobs: ids
                .iter()
                .map(|id| PackEntry {
                    id: *id,
                    kind: BlobKind::Data,
                    compression: Compression::None,
                    offset: u64::from(n),
                    stored_len: 1,
                    raw_len: 1,
                })
                .collect(),
            recipients: None,
        }
    }

    #[test]
    fn a_reusable_copy_wins_over_one_that_may_not_be_reused() {
        let pack = |n: u8, blobs: &[u8]| {
            let ids: Vec<Id> = blobs.iter().map(|b| Id([*b; 32])).collect();
            pack_of(n, &ids)
        };
        let mut idx = Index::default();
        idx.add_pack_as(pack(1, &[10, 11]), false);
        assert!(idx.contains(&Id([10; 32])));
        assert!(
            !idx.contains_reusable(&Id([10; 32])),
            "readable, not reusable"
        );
        idx.add_pack(pack(2, &[10]));
        assert!(idx.contains_reusable(&Id([10; 32])));
        assert_eq!(idx.get(&Id([10; 32])).unwrap().0.id, Id([2; 32]));
        assert!(!idx.contains_reusable(&Id([11; 32])));
        // A later non-reusable copy does not take a reusable location away.
        idx.add_pack_as(pack(3, &[10]), false);
        assert_eq!(idx.get(&Id([10; 32])).unwrap().0.id, Id([2; 32]));
        assert!(idx.is_reusable(&Id([2; 32])) && !idx.is_reusable(&Id([3; 32])));
    }

    fn one_blob(offset: u64, stored_len: u32, raw_len: u32, plain_len: u64) -> PackInfo {
        PackInfo {
            id: Id([1; 32]),
            cipher_len: 400,
            header_len: 200,
            plain_len,
            blobs: vec![PackEntry {
                id: Id([0x2a; 32]),
                kind: BlobKind::Data,
                compression: Compression::Zstd,
                offset,
                stored_len,
                raw_len,
            }]
            .into(),
            recipients: None,
        }
    }

    /// An index file naming one pack of `plain_len` bytes with one blob, its
    /// fields written as given (the in-memory form cannot hold what a
    /// damaged or hostile file may claim).
    fn file_with(offset: u64, stored_len: u32, raw_len: u32, plain_len: u64) -> Vec<u8> {
        let mut b = encode(&[one_blob(0, 1, 1, 1)]);
        // magic, 0 sets, 1 pack; pack id, cipher_len, header_len
        let head = 8 + 4 + 4;
        b[head + 44..head + 52].copy_from_slice(&plain_len.to_le_bytes());
        let entry = head + PACK_HEAD_LEN + 4 + 34;
        b[entry..entry + 8].copy_from_slice(&offset.to_le_bytes());
        b[entry + 8..entry + 12].copy_from_slice(&stored_len.to_le_bytes());
        b[entry + 12..entry + 16].copy_from_slice(&raw_len.to_le_bytes());
        b
    }

    #[test]
    fn packs_keep_their_recipients_and_share_one_set() {
        let set = |r: &[&str]| {
            Some(KeySet::from(
                r.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ))
        };
        let mut a = one_blob(0, 1, 1, 10);
        a.recipients = set(&["age1m", "age1w1"]);
        let mut b = one_blob(0, 1, 1, 10);
        b.id = Id([2; 32]);
        b.recipients = set(&["age1m", "age1w1"]);
        let mut c = one_blob(0, 1, 1, 10);
        c.id = Id([3; 32]);
        c.recipients = set(&["age1m", "age1w1", "age1w2"]);
        let mut d = one_blob(0, 1, 1, 10);
        d.id = Id([4; 32]);
        let packs = vec![a, b, c, d];
        let bytes = encode(&packs);
        assert_eq!(decode(&bytes).unwrap(), packs);
        // Two distinct sets, each written once.
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 2);
    }

    #[test]
    fn a_damaged_set_table_is_refused() {
        let mut p = one_blob(0, 1, 1, 10);
        p.recipients = Some(KeySet::from(vec!["age1m".to_string()]));
        let good = encode(std::slice::from_ref(&p));
        // The pack names set 7 of 1.
        let mut bad = good.clone();
        let at = 8 + 4 + 4 + 2 + 5 + 4 + PACK_HEAD_LEN;
        bad[at..at + 4].copy_from_slice(&7u32.to_le_bytes());
        assert!(decode(&bad).is_err());
        // A recipient longer than any age recipient.
        let mut long = good.clone();
        long[16..18].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(decode(&long).is_err());
        // A recipient that is not UTF-8.
        let mut bin = good;
        bin[18] = 0xff;
        assert!(decode(&bin).is_err());
    }

    /// Found by `fuzz/fuzz_targets/index_file.rs` (minimised: a pack of 218
    /// plaintext bytes listing a blob at offset 0x3e00_0000_0000_0000): the
    /// index accepted blobs outside their pack, so a read computed its byte
    /// range from a wild offset instead of the packs being indexed again
    /// from their trailers.
    #[test]
    fn fuzz_blob_outside_its_pack_is_damage() {
        let bad = file_with(0x3e00_0000_0000_0000, 36, 0, 218);
        let err = decode(&bad).unwrap_err();
        assert!(err.0.contains("outside pack"), "{err}");
        let wrap = file_with(u64::MAX, 2, 1, u64::MAX);
        assert!(decode(&wrap).unwrap_err().0.contains("outside pack"));
        for ok in [one_blob(0, 218, 300, 218), one_blob(217, 1, 1, 218)] {
            assert_eq!(
                decode(&encode(std::slice::from_ref(&ok))).unwrap(),
                vec![ok]
            );
        }
        assert!(decode(&file_with(0, 219, 1, 218)).is_err());
        assert_eq!(
            decode(&file_with(0, 219, 1, 219)).unwrap(),
            vec![one_blob(0, 219, 1, 219)]
        );
    }

    /// Found by `fuzz/fuzz_targets/index_file.rs` after the first fixes
    /// (minimised: two packs with the same id, the first without blobs, the
    /// second with one): decode accepted it and the `Index` kept only the
    /// first listing, so the blob was silently not indexed.
    #[test]
    fn fuzz_pack_listed_twice_is_damage() {
        let mut empty = one_blob(0, 1, 1, 400);
        empty.blobs = PackBlobs::default();
        let twice = encode(&[empty.clone(), one_blob(0, 1, 1, 400)]);
        let err = decode(&twice).unwrap_err();
        assert!(err.0.contains("listed twice"), "{err}");
        let mut other = one_blob(0, 1, 1, 400);
        other.id = Id([3; 32]);
        assert_eq!(
            decode(&encode(&[empty.clone(), other.clone()])).unwrap(),
            [empty, other]
        );
    }

    /// The in-memory index keeps offsets in 32 bits: a blob starting beyond
    /// 4 GiB (no pack tresor writes has one, `pack_size` is a `u32`) is
    /// damage, not an offset cut short.
    #[test]
    fn blob_starting_beyond_4_gib_is_damage() {
        let err = decode(&file_with(1 << 32, 1, 1, 1 << 33)).unwrap_err();
        assert!(err.0.contains("beyond any pack"), "{err}");
        let last = MAX_OFFSET - 1;
        assert_eq!(
            decode(&file_with(last, 1, 1, MAX_OFFSET)).unwrap(),
            vec![one_blob(last, 1, 1, MAX_OFFSET)]
        );
    }

    /// Packs of different sizes, empty ones among them: every blob is found
    /// in its own pack at its own entry (positions map back to packs).
    #[test]
    fn positions_map_back_to_pack_and_entry_across_empty_packs() {
        let sizes = [0usize, 3, 0, 0, 1, 700, 0, 2];
        let mut idx = Index::default();
        idx.reserve(sizes.iter().sum());
        let mut all = Vec::new();
        for (p, n) in sizes.iter().enumerate() {
            let blobs: Vec<PackEntry> = (0..*n)
                .map(|i| PackEntry {
                    id: Id::random(),
                    kind: if i % 2 == 0 {
                        BlobKind::Data
                    } else {
                        BlobKind::Tree
                    },
                    compression: if i % 3 == 0 {
                        Compression::Zstd
                    } else {
                        Compression::None
                    },
                    offset: i as u64 * 1000,
                    stored_len: MAX_BLOB_LEN - i as u32,
                    raw_len: i as u32,
                })
                .collect();
            all.push((Id([p as u8 + 1; 32]), blobs.clone()));
            idx.add_pack(PackInfo {
                id: Id([p as u8 + 1; 32]),
                cipher_len: 1,
                header_len: 0,
                plain_len: u64::MAX,
                blobs: blobs.into(),
                recipients: None,
            });
        }
        assert_eq!(idx.blob_count(), sizes.iter().sum::<usize>());
        for (pack, blobs) in &all {
            assert_eq!(&idx.pack(pack).unwrap().blobs.to_vec(), blobs);
            for e in blobs {
                let (p, got) = idx.get(&e.id).expect("indexed");
                assert_eq!((&p.id, &got), (pack, e));
            }
        }
    }

    /// A pack distrusted during a run stays readable, but its blobs no
    /// longer count as stored; a copy added later in a reusable pack does.
    #[test]
    fn distrusted_pack_is_read_not_reused() {
        let (a, b) = (Id::random(), Id::random());
        let mut idx = Index::default();
        idx.add_pack(pack_of(1, &[a, b]));
        idx.distrust(&Id([1; 32]));
        assert!(idx.contains(&a) && !idx.contains_reusable(&a));
        assert!(!idx.is_reusable(&Id([1; 32])));
        idx.add_pack(pack_of(2, &[b]));
        assert!(idx.contains_reusable(&b) && !idx.contains_reusable(&a));
        assert_eq!(idx.get(&b).unwrap().1.offset, 2);
        assert_eq!(idx.blob_count(), 2);
        // An id sharing the first 8 bytes (the table's hash) with a stored
        // one is a different blob: never found.
        let mut near = a;
        near.0[31] ^= 1;
        assert!(!idx.contains(&near));
    }

    #[test]
    fn blob_claiming_more_than_the_limit_is_damage() {
        let big = MAX_BLOB_LEN + 1;
        for b in [file_with(0, big, 1, 1 << 30), file_with(0, 1, big, 1 << 30)] {
            let err = decode(&b).unwrap_err();
            assert!(err.0.contains("claims more than"), "{err}");
        }
    }

    /// A count of 2^32-1 packs or blobs in a few bytes reserves nothing
    /// beyond what the bytes can hold, and fails at the end of the input.
    #[test]
    fn huge_counts_in_a_short_file_fail_cleanly() {
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&b).is_err());
        let mut b = MAGIC_V1.to_vec();
        b.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&b).is_err());
        // No sets, one pack with a blob count of 2^32-1.
        let mut b = encode(&[one_blob(0, 1, 1, 1)]);
        let at = 8 + 4 + 4 + 32 + 8 + 4 + 8;
        b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&b).unwrap_err().0.contains("unexpected end"));
    }
}

//! Packs: many blobs in one file, so that S3 request counts and NAS file counts
//! stay small. The plaintext of a pack is its blobs back to back followed by a
//! trailer that lists them, so the index can be rebuilt from packs alone; the
//! whole plaintext is one age file (see crypto.rs for ranged reads).
//!
//! Trailer (little endian): per blob `id[32] kind:u8 compression:u8
//! offset:u64 stored_len:u32 raw_len:u32` (50 bytes), then `count:u32` and the
//! magic `TRSPACK1`.

use super::blob::{BlobKind, Compression, EncodedBlob, MAX_BLOB_LEN};
use super::id::Id;

pub const MAGIC: &[u8; 8] = b"TRSPACK1";
pub const ENTRY_LEN: usize = 50;
pub const TAIL_LEN: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackEntry {
    pub id: Id,
    pub kind: BlobKind,
    pub compression: Compression,
    pub offset: u64,
    pub stored_len: u32,
    pub raw_len: u32,
}

/// A pack's entries as the in-memory index keeps them: the ids in one slice
/// and the rest in 12 bytes per blob (44 bytes, against 56 for a
/// `Vec<PackEntry>`). A 1 TB repository holds ~25 M blobs, so every byte per
/// blob is 25 MB of the server's RAM (bench/README.md, "Index memory").
///
/// Offsets fit 32 bits because a pack is cut once its blobs reach
/// `pack_size` (a `u32`), so no blob starts beyond 4 GiB; lengths take 25 bits
/// ([`MAX_BLOB_LEN`] is 2^24), the kind and compression the top bits.
/// [`parse_trailer`] and the index decoder refuse entries that do not fit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackBlobs {
    ids: Box<[Id]>,
    meta: Box<[Meta]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Meta {
    offset: u32,
    /// `stored_len | kind << TAG_SHIFT`.
    stored: u32,
    /// `raw_len | compression << TAG_SHIFT`.
    raw: u32,
}

const TAG_SHIFT: u32 = 28;
const LEN_MASK: u32 = (1 << TAG_SHIFT) - 1;

/// The largest offset a pack entry may have (a pack is cut before its blobs
/// pass `pack_size`, a `u32`).
pub const MAX_OFFSET: u64 = u32::MAX as u64;

impl Meta {
    fn new(e: &PackEntry) -> Meta {
        // Writers only make entries that fit (see `PackBlobs`); readers check.
        debug_assert!(e.offset <= MAX_OFFSET);
        debug_assert!(e.stored_len <= MAX_BLOB_LEN && e.raw_len <= MAX_BLOB_LEN);
        Meta {
            offset: e.offset.min(MAX_OFFSET) as u32,
            stored: e.stored_len.min(LEN_MASK) | (e.kind as u32) << TAG_SHIFT,
            raw: e.raw_len.min(LEN_MASK) | (e.compression as u32) << TAG_SHIFT,
        }
    }

    fn entry(&self, id: Id) -> PackEntry {
        PackEntry {
            id,
            // Only values of a BlobKind / Compression were stored.
            kind: BlobKind::from_u8((self.stored >> TAG_SHIFT) as u8).unwrap_or(BlobKind::Data),
            compression: Compression::from_u8((self.raw >> TAG_SHIFT) as u8)
                .unwrap_or(Compression::None),
            offset: u64::from(self.offset),
            stored_len: self.stored & LEN_MASK,
            raw_len: self.raw & LEN_MASK,
        }
    }
}

/// Iterator over a pack's entries, by value.
#[derive(Clone)]
pub struct Entries<'a> {
    blobs: &'a PackBlobs,
    next: usize,
}

impl Iterator for Entries<'_> {
    type Item = PackEntry;
    fn next(&mut self) -> Option<PackEntry> {
        let e = self.blobs.get(self.next)?;
        self.next += 1;
        Some(e)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.blobs.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Entries<'_> {}

impl PackBlobs {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The `i`th blob of the pack.
    pub fn get(&self, i: usize) -> Option<PackEntry> {
        Some(self.meta.get(i)?.entry(*self.ids.get(i)?))
    }

    /// The `i`th blob of the pack; panics if `i >= len()`, as indexing a
    /// slice does.
    pub fn entry(&self, i: usize) -> PackEntry {
        self.meta[i].entry(self.ids[i])
    }

    /// The blob ids in pack order.
    pub fn ids(&self) -> &[Id] {
        &self.ids
    }

    pub fn iter(&self) -> Entries<'_> {
        Entries {
            blobs: self,
            next: 0,
        }
    }

    pub fn to_vec(&self) -> Vec<PackEntry> {
        self.iter().collect()
    }
}

impl From<Vec<PackEntry>> for PackBlobs {
    fn from(v: Vec<PackEntry>) -> PackBlobs {
        v.iter().copied().collect()
    }
}

impl FromIterator<PackEntry> for PackBlobs {
    fn from_iter<I: IntoIterator<Item = PackEntry>>(it: I) -> PackBlobs {
        let (ids, meta): (Vec<Id>, Vec<Meta>) =
            it.into_iter().map(|e| (e.id, Meta::new(&e))).unzip();
        PackBlobs {
            ids: ids.into_boxed_slice(),
            meta: meta.into_boxed_slice(),
        }
    }
}

impl<'a> IntoIterator for &'a PackBlobs {
    type Item = PackEntry;
    type IntoIter = Entries<'a>;
    fn into_iter(self) -> Entries<'a> {
        self.iter()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("pack trailer is damaged: {0}")]
pub struct TrailerError(pub String);

/// Collects blobs in memory until the pack is big enough to be written.
#[derive(Default)]
pub struct PackBuilder {
    data: Vec<u8>,
    entries: Vec<PackEntry>,
}

impl PackBuilder {
    pub fn with_capacity(bytes: usize) -> PackBuilder {
        PackBuilder {
            data: Vec::with_capacity(bytes),
            entries: Vec::new(),
        }
    }

    pub fn add(&mut self, b: EncodedBlob) {
        self.entries.push(PackEntry {
            id: b.id,
            kind: b.kind,
            compression: b.compression,
            offset: self.data.len() as u64,
            stored_len: b.bytes.len() as u32,
            raw_len: b.raw_len,
        });
        self.data.extend_from_slice(&b.bytes);
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pack's plaintext and its entries.
    pub fn finish(mut self) -> (Vec<u8>, Vec<PackEntry>) {
        for e in &self.entries {
            self.data.extend_from_slice(&e.id.0);
            self.data.push(e.kind as u8);
            self.data.push(e.compression as u8);
            self.data.extend_from_slice(&e.offset.to_le_bytes());
            self.data.extend_from_slice(&e.stored_len.to_le_bytes());
            self.data.extend_from_slice(&e.raw_len.to_le_bytes());
        }
        self.data
            .extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        self.data.extend_from_slice(MAGIC);
        (self.data, self.entries)
    }
}

/// Trailer length from the last 12 plaintext bytes.
pub fn trailer_len(tail: &[u8]) -> Result<usize, TrailerError> {
    if tail.len() != TAIL_LEN || &tail[4..] != MAGIC {
        return Err(TrailerError("missing pack magic".into()));
    }
    let count = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as usize;
    count
        .checked_mul(ENTRY_LEN)
        .and_then(|n| n.checked_add(TAIL_LEN))
        .ok_or_else(|| TrailerError("blob count too large".into()))
}

/// Parses the trailer (entries + tail) and checks every entry lies inside the
/// blob area of a pack with `plain_len` plaintext bytes and claims no more
/// than [`MAX_BLOB_LEN`] bytes. The bytes come from a medium: any of them may
/// be wrong, so nothing here may overflow or panic.
pub fn parse_trailer(trailer: &[u8], plain_len: u64) -> Result<Vec<PackEntry>, TrailerError> {
    let n = trailer_len(&trailer[trailer.len().saturating_sub(TAIL_LEN)..])?;
    if n != trailer.len() {
        return Err(TrailerError("trailer length mismatch".into()));
    }
    let blob_area = plain_len
        .checked_sub(n as u64)
        .ok_or_else(|| TrailerError("trailer longer than the pack".into()))?;
    let mut out = Vec::with_capacity(n / ENTRY_LEN);
    for e in trailer[..n - TAIL_LEN].chunks_exact(ENTRY_LEN) {
        let mut id = [0u8; 32];
        id.copy_from_slice(&e[..32]);
        let kind =
            BlobKind::from_u8(e[32]).ok_or_else(|| TrailerError("unknown blob kind".into()))?;
        let compression = Compression::from_u8(e[33])
            .ok_or_else(|| TrailerError("unknown compression".into()))?;
        let le64 = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        let le32 = |b: &[u8]| u32::from_le_bytes(b.try_into().unwrap_or([0; 4]));
        let entry = PackEntry {
            id: Id(id),
            kind,
            compression,
            offset: le64(&e[34..42]),
            stored_len: le32(&e[42..46]),
            raw_len: le32(&e[46..50]),
        };
        let end = entry.offset.checked_add(u64::from(entry.stored_len));
        if end.is_none_or(|end| end > blob_area) {
            return Err(TrailerError(format!(
                "blob {} lies outside the pack",
                entry.id.short()
            )));
        }
        if entry.offset > MAX_OFFSET {
            return Err(TrailerError(format!(
                "blob {} starts beyond any pack tresor writes",
                entry.id.short()
            )));
        }
        if entry.stored_len > MAX_BLOB_LEN || entry.raw_len > MAX_BLOB_LEN {
            return Err(TrailerError(format!(
                "blob {} claims more than {MAX_BLOB_LEN} bytes",
                entry.id.short()
            )));
        }
        out.push(entry);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_round_trip_and_damage() {
        let mut b = PackBuilder::default();
        for i in 0..3u8 {
            b.add(EncodedBlob {
                id: Id([i; 32]),
                kind: BlobKind::Data,
                compression: Compression::None,
                raw_len: 10,
                bytes: vec![i; 10],
            });
        }
        let (plain, entries) = b.finish();
        let n = trailer_len(&plain[plain.len() - TAIL_LEN..]).unwrap();
        let parsed = parse_trailer(&plain[plain.len() - n..], plain.len() as u64).unwrap();
        assert_eq!(parsed, entries);
        assert_eq!(parsed[2].offset, 20);
        let mut bad = plain.clone();
        let l = bad.len();
        bad[l - 1] = b'X';
        assert!(trailer_len(&bad[l - TAIL_LEN..]).is_err());
    }

    /// A trailer with one entry (`id[32]=0x11 kind compression offset
    /// stored_len raw_len`), its count and magic.
    fn trailer(offset: u64, stored_len: u32, raw_len: u32) -> Vec<u8> {
        let mut t = vec![0x11; 32];
        t.extend_from_slice(&[0, 1]);
        t.extend_from_slice(&offset.to_le_bytes());
        t.extend_from_slice(&stored_len.to_le_bytes());
        t.extend_from_slice(&raw_len.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(MAGIC);
        t
    }

    /// Found by `fuzz/fuzz_targets/pack_trailer.rs` (minimised): an entry
    /// whose offset + stored_len overflows panicked ("attempt to add with
    /// overflow") instead of reporting a damaged trailer; a release build
    /// wrapped around and accepted it.
    #[test]
    fn fuzz_entry_end_overflowing_is_damage_not_a_panic() {
        let t = trailer(u64::MAX - 0x23, 0x24, 0x3e);
        let err = parse_trailer(&t, 1 << 20).unwrap_err();
        assert!(err.0.contains("outside the pack"), "{err}");
    }

    /// Found by the same target: a claimed plaintext length shorter than the
    /// trailer itself underflowed.
    #[test]
    fn fuzz_trailer_longer_than_the_pack_is_damage_not_a_panic() {
        let t = trailer(0, 1, 1);
        for plain_len in [0, t.len() as u64 - 1] {
            let err = parse_trailer(&t, plain_len).unwrap_err();
            assert!(err.0.contains("longer than the pack"), "{err}");
        }
        assert!(parse_trailer(&t, t.len() as u64 + 1).is_ok());
    }

    #[test]
    fn blob_claiming_more_than_the_limit_is_refused() {
        let big = MAX_BLOB_LEN + 1;
        for t in [trailer(0, big, 10), trailer(0, 10, big)] {
            let err = parse_trailer(&t, u64::from(big) * 2).unwrap_err();
            assert!(err.0.contains("claims more than"), "{err}");
        }
        assert!(parse_trailer(&trailer(0, MAX_BLOB_LEN, MAX_BLOB_LEN), 1 << 30).is_ok());
    }

    #[test]
    fn blob_starting_beyond_4_gib_is_refused() {
        let err = parse_trailer(&trailer(1 << 32, 1, 1), 1 << 34).unwrap_err();
        assert!(err.0.contains("beyond any pack"), "{err}");
        let ok = parse_trailer(&trailer(MAX_OFFSET, 1, 1), 1 << 34).unwrap();
        assert_eq!(PackBlobs::from(ok.clone()).to_vec(), ok);
    }

    /// The compact form gives back every field: both kinds and
    /// compressions, the largest lengths and offsets.
    #[test]
    fn pack_blobs_keep_every_field() {
        let mut entries = Vec::new();
        for (i, (kind, compression)) in [
            (BlobKind::Data, Compression::None),
            (BlobKind::Data, Compression::Zstd),
            (BlobKind::Tree, Compression::None),
            (BlobKind::Tree, Compression::Zstd),
        ]
        .into_iter()
        .enumerate()
        {
            entries.push(PackEntry {
                id: Id([i as u8; 32]),
                kind,
                compression,
                offset: [0, 1, MAX_OFFSET - 1, MAX_OFFSET][i],
                stored_len: [0, MAX_BLOB_LEN, 1, MAX_BLOB_LEN - 1][i],
                raw_len: [MAX_BLOB_LEN, 0, MAX_BLOB_LEN - 1, 7][i],
            });
        }
        let blobs = PackBlobs::from(entries.clone());
        assert_eq!(blobs.len(), 4);
        assert_eq!(blobs.to_vec(), entries);
        assert_eq!(blobs.iter().len(), 4);
        assert_eq!(blobs.entry(3), entries[3]);
        assert_eq!(blobs.get(4), None);
        assert_eq!(blobs.ids()[2], Id([2; 32]));
    }

    #[test]
    fn short_or_truncated_trailers_are_refused() {
        let t = trailer(0, 1, 1);
        for cut in 1..t.len() {
            assert!(parse_trailer(&t[cut..], 1 << 20).is_err(), "cut at {cut}");
            assert!(parse_trailer(&t[..cut], 1 << 20).is_err(), "cut at {cut}");
        }
    }
}

//! Opening a repository, in the only order that works: marker → keys/config
//! (`Repository`) → index (`IndexedRepo`). Reading blobs needs the index, so
//! only `IndexedRepo` can do it; the compiler refuses the wrong order.

use std::sync::Arc;

use chrono::Local;

use crate::storage::{Backend, StorageError};

use super::blob;
use super::crypto::{self, CryptoError, Identities, PartialFile, Recipients};
use super::error::{RepoError, Result};
use super::id::{Id, IdKey};
use super::index::{self, Index, PackInfo};
use super::pack::{self, PackEntry};
use super::repofile::{self, Marker, RepoConfig, Secrets};
use super::snapshot::Snapshot;
use super::tree::{self, Node};

pub const INDEX_DIR: &str = "index/";
pub const SNAPSHOT_DIR: &str = "snapshots/";
pub const PACK_DIR: &str = "packs/";

pub fn pack_key(id: &Id) -> String {
    let h = id.to_hex();
    format!("{PACK_DIR}{}/{h}", &h[..2])
}

pub fn snapshot_key(id: &Id) -> String {
    format!("{SNAPSHOT_DIR}{id}")
}

pub fn index_key(id: &Id) -> String {
    format!("{INDEX_DIR}{id}")
}

/// Last path component of a key, parsed as an id (None for foreign files).
pub fn id_of_key(key: &str) -> Option<Id> {
    Id::from_hex(key.rsplit('/').next()?)
}

pub struct Repository {
    backend: Arc<dyn Backend>,
    ids: Arc<Identities>,
    marker: Marker,
    config: RepoConfig,
    recipients: Recipients,
    id_key: IdKey,
}

/// Options for a new repository.
pub struct InitOptions {
    pub recipients: Vec<String>,
    pub secrets: Secrets,
    pub pack_size: u32,
    pub zstd_level: i32,
}

impl InitOptions {
    pub fn new(recipients: Vec<String>, secrets: Secrets) -> InitOptions {
        InitOptions {
            recipients,
            secrets,
            pack_size: 8 * 1024 * 1024,
            zstd_level: 1,
        }
    }
}

impl Repository {
    /// Creates a repository; the marker is written last, so an interrupted
    /// init leaves a destination that is simply not a repository yet.
    pub fn init(backend: Arc<dyn Backend>, opts: InitOptions) -> Result<Marker> {
        if backend.stat(repofile::MARKER_KEY)?.is_some() {
            return Err(RepoError::AlreadyInitialized {
                location: backend.location(),
            });
        }
        let recipients = Recipients::parse(&opts.recipients)
            .map_err(|e| RepoError::InvalidKey(e.to_string()))?;
        let marker = Marker {
            format: repofile::FORMAT.to_string(),
            version: repofile::VERSION,
            id: Id::random(),
            created: Local::now().fixed_offset(),
        };
        let config = RepoConfig {
            version: repofile::VERSION,
            id: marker.id,
            secrets: opts.secrets,
            pack_size: opts.pack_size,
            zstd_level: opts.zstd_level,
            recipients: recipients.to_strings(),
        };
        let plain =
            serde_json::to_vec_pretty(&config).map_err(|e| RepoError::damaged("config", e))?;
        let cipher = crypto::encrypt(&recipients, &plain)
            .map_err(|e| RepoError::InvalidKey(e.to_string()))?;
        backend.put(repofile::CONFIG_KEY, &cipher)?;
        let m = serde_json::to_vec_pretty(&marker)
            .map_err(|e| RepoError::damaged(repofile::MARKER_KEY, e))?;
        backend.put(repofile::MARKER_KEY, &m)?;
        Ok(marker)
    }

    /// Reads only the plaintext marker: is this a repository, which version.
    pub fn read_marker(backend: &dyn Backend) -> Result<Marker> {
        let location = backend.location();
        let bytes = match backend.get(repofile::MARKER_KEY) {
            Ok(b) => b,
            Err(StorageError::NotFound { .. }) => {
                return Err(RepoError::NotARepository { location })
            }
            Err(e) => return Err(e.into()),
        };
        let marker: Marker = serde_json::from_slice(&bytes)
            .map_err(|e| RepoError::damaged(format!("{location}/{}", repofile::MARKER_KEY), e))?;
        if marker.format != repofile::FORMAT {
            return Err(RepoError::NotARepository { location });
        }
        if marker.version > repofile::VERSION {
            return Err(RepoError::FutureVersion {
                location,
                found: marker.version,
                supported: repofile::VERSION,
            });
        }
        Ok(marker)
    }

    pub fn open(backend: Arc<dyn Backend>, ids: Arc<Identities>) -> Result<Repository> {
        let marker = Self::read_marker(backend.as_ref())?;
        let location = backend.location();
        let cipher = match backend.get(repofile::CONFIG_KEY) {
            Ok(c) => c,
            Err(StorageError::NotFound { .. }) => {
                return Err(RepoError::damaged(
                    format!("{location}/config"),
                    "file is missing",
                ))
            }
            Err(e) => return Err(e.into()),
        };
        let plain = crypto::decrypt(&ids, &cipher).map_err(|e| match e {
            CryptoError::WrongKey => RepoError::WrongKey {
                location: location.clone(),
            },
            other => RepoError::damaged(format!("{location}/config"), other),
        })?;
        let config: RepoConfig = serde_json::from_slice(&plain)
            .map_err(|e| RepoError::damaged(format!("{location}/config"), e))?;
        if config.version > repofile::VERSION {
            return Err(RepoError::FutureVersion {
                location,
                found: config.version,
                supported: repofile::VERSION,
            });
        }
        if config.id != marker.id
            || !config.secrets.chunker_files.is_valid()
            || !config.secrets.chunker_pages.is_valid()
        {
            return Err(RepoError::damaged(
                format!("{location}/config"),
                "does not match the repository marker",
            ));
        }
        let mut key = [0u8; 32];
        hex::decode_to_slice(&config.secrets.id_key, &mut key)
            .map_err(|e| RepoError::damaged(format!("{location}/config"), e))?;
        let recipients = Recipients::parse(&config.recipients)
            .map_err(|e| RepoError::damaged(format!("{location}/config"), e))?;
        Ok(Repository {
            backend,
            ids,
            marker,
            config,
            recipients,
            id_key: IdKey::new(key),
        })
    }

    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
    }

    pub fn location(&self) -> String {
        self.backend.location()
    }

    pub fn marker(&self) -> &Marker {
        &self.marker
    }

    pub fn config(&self) -> &RepoConfig {
        &self.config
    }

    pub fn id_key(&self) -> &IdKey {
        &self.id_key
    }

    pub fn recipients(&self) -> &Recipients {
        &self.recipients
    }

    pub fn identities(&self) -> &Arc<Identities> {
        &self.ids
    }

    /// zstd + age, then an atomic put. Returns the stored size.
    pub fn save_file(&self, key: &str, plain: &[u8]) -> Result<u64> {
        let cipher = seal(&self.recipients, key, plain)?;
        self.backend.put(key, &cipher)?;
        Ok(cipher.len() as u64)
    }

    pub fn load_file(&self, key: &str) -> Result<Vec<u8>> {
        let cipher = self.backend.get(key)?;
        let packed = crypto::decrypt(&self.ids, &cipher).map_err(|e| self.crypto_error(key, e))?;
        blob::decompress_file(&packed).map_err(|e| RepoError::damaged(key, e))
    }

    fn crypto_error(&self, key: &str, e: CryptoError) -> RepoError {
        match e {
            CryptoError::WrongKey => RepoError::WrongKey {
                location: format!("{}/{key}", self.location()),
            },
            other => RepoError::damaged(key, other),
        }
    }

    /// All snapshots, oldest first, and the files that could not be read.
    pub fn snapshots(&self) -> Result<SnapshotList> {
        let mut list = SnapshotList::default();
        for obj in self.backend.list(SNAPSHOT_DIR)? {
            let Some(id) = id_of_key(&obj.key) else {
                continue;
            };
            match self.load_file(&obj.key).and_then(|b| {
                serde_json::from_slice::<Snapshot>(&b).map_err(|e| RepoError::damaged(&obj.key, e))
            }) {
                Ok(s) => list.ok.push((id, s)),
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => list.damaged.push((obj.key.clone(), e.to_string())),
            }
        }
        list.ok.sort_by_key(|(id, s)| (s.time, *id));
        Ok(list)
    }

    /// `latest`, `latest:JOB`, or an id prefix of at least 4 hex digits.
    pub fn find_snapshot(&self, spec: &str) -> Result<(Id, Snapshot)> {
        let list = self.snapshots()?;
        let not_found = || RepoError::SnapshotNotFound {
            spec: spec.to_string(),
        };
        if spec == "latest" {
            return list.ok.into_iter().next_back().ok_or_else(not_found);
        }
        if let Some(job) = spec.strip_prefix("latest:") {
            return list
                .ok
                .into_iter()
                .rfind(|(_, s)| s.job == job)
                .ok_or_else(not_found);
        }
        let spec_l = spec.to_ascii_lowercase();
        if spec_l.len() < 4 {
            return Err(not_found());
        }
        let mut hits: Vec<_> = list
            .ok
            .into_iter()
            .filter(|(id, _)| id.to_hex().starts_with(&spec_l))
            .collect();
        match hits.len() {
            0 => Err(not_found()),
            1 => Ok(hits.remove(0)),
            _ => Err(RepoError::AmbiguousSnapshot {
                spec: spec.to_string(),
            }),
        }
    }

    pub fn save_snapshot(&self, s: &Snapshot) -> Result<Id> {
        let id = Id::random();
        let plain = serde_json::to_vec(s).map_err(|e| RepoError::damaged("snapshot", e))?;
        self.save_file(&snapshot_key(&id), &plain)?;
        Ok(id)
    }

    pub fn delete_snapshot(&self, id: &Id) -> Result<()> {
        Ok(self.backend.delete(&snapshot_key(id))?)
    }

    /// Loads every index file; damaged ones are reported and the packs they
    /// described are indexed again from their own trailers.
    pub fn load_index(self) -> Result<IndexedRepo> {
        let mut index = Index::default();
        let mut problems = Vec::new();
        let mut index_files = Vec::new();
        for obj in self.backend.list(INDEX_DIR)? {
            let Some(id) = id_of_key(&obj.key) else {
                continue;
            };
            match self
                .load_file(&obj.key)
                .and_then(|b| index::decode(&b).map_err(|e| RepoError::damaged(&obj.key, e)))
            {
                Ok(packs) => {
                    packs.into_iter().for_each(|p| index.add_pack(p));
                    index_files.push(id);
                }
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => problems.push(e.to_string()),
            }
        }
        let mut repo = IndexedRepo {
            repo: self,
            index,
            problems,
            recovered: Vec::new(),
            index_files,
        };
        for obj in repo.repo.backend.list(PACK_DIR)? {
            let Some(id) = id_of_key(&obj.key) else {
                continue;
            };
            if repo.index.has_pack(&id) {
                continue;
            }
            match repo.read_pack_trailer(&id, obj.size) {
                Ok(p) => {
                    repo.recovered.push(p.clone());
                    repo.index.add_pack(p);
                }
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => repo.problems.push(e.to_string()),
            }
        }
        Ok(repo)
    }
}

#[derive(Default)]
pub struct SnapshotList {
    pub ok: Vec<(Id, Snapshot)>,
    pub damaged: Vec<(String, String)>,
}

pub struct IndexedRepo {
    repo: Repository,
    index: Index,
    /// Index files or packs that could not be read while opening.
    pub problems: Vec<String>,
    /// Packs found without an index file (an interrupted backup).
    recovered: Vec<PackInfo>,
    index_files: Vec<Id>,
}

impl std::ops::Deref for IndexedRepo {
    type Target = Repository;
    fn deref(&self) -> &Repository {
        &self.repo
    }
}

impl IndexedRepo {
    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn index_files(&self) -> &[Id] {
        &self.index_files
    }

    pub fn add_packs(&mut self, packs: Vec<PackInfo>) {
        packs.into_iter().for_each(|p| self.index.add_pack(p));
    }

    pub fn recovered_packs(&self) -> &[PackInfo] {
        &self.recovered
    }

    /// Writes an index file for packs that had none, so the next open is fast.
    pub fn persist_recovered(&mut self) -> Result<usize> {
        if self.recovered.is_empty() {
            return Ok(0);
        }
        let n = self.recovered.len();
        let id = Id::random();
        self.save_file(&index_key(&id), &index::encode(&self.recovered))?;
        self.index_files.push(id);
        self.recovered.clear();
        Ok(n)
    }

    /// Reads a pack's trailer from its tail (header + last chunks only).
    pub fn read_pack_trailer(&self, id: &Id, cipher_len: u64) -> Result<PackInfo> {
        let key = pack_key(id);
        let header_len = self.header_len(&key, cipher_len)?;
        let payload = cipher_len
            .checked_sub(header_len + 16)
            .ok_or_else(|| RepoError::damaged(&key, "shorter than its header"))?;
        let chunks = payload.div_ceil(65_536 + 16).max(1);
        let plain_len = payload
            .checked_sub(chunks * 16)
            .ok_or_else(|| RepoError::damaged(&key, "truncated"))?;
        if plain_len < pack::TAIL_LEN as u64 {
            return Err(RepoError::damaged(&key, "too short for a pack"));
        }
        let tail = self.read_plain_range(
            &key,
            cipher_len,
            header_len,
            plain_len - pack::TAIL_LEN as u64,
            pack::TAIL_LEN,
        )?;
        let tlen = pack::trailer_len(&tail).map_err(|e| RepoError::damaged(&key, e))?;
        if tlen as u64 > plain_len {
            return Err(RepoError::damaged(&key, "trailer longer than the pack"));
        }
        let trailer =
            self.read_plain_range(&key, cipher_len, header_len, plain_len - tlen as u64, tlen)?;
        let blobs =
            pack::parse_trailer(&trailer, plain_len).map_err(|e| RepoError::damaged(&key, e))?;
        Ok(PackInfo {
            id: *id,
            cipher_len,
            header_len: header_len as u32,
            plain_len,
            blobs,
        })
    }

    /// The age header ends with the line `--- <mac>\n`.
    fn header_len(&self, key: &str, cipher_len: u64) -> Result<u64> {
        let mut want = 4096u64.min(cipher_len);
        loop {
            let head = self.backend.get_range(key, 0, want)?;
            if let Some(pos) = find(&head, b"\n--- ") {
                if let Some(nl) = head[pos + 1..].iter().position(|b| *b == b'\n') {
                    return Ok((pos + 1 + nl + 1) as u64);
                }
            }
            if want >= cipher_len || want >= 1 << 20 {
                return Err(RepoError::damaged(key, "no age header found"));
            }
            want = (want * 4).min(cipher_len);
        }
    }

    fn read_plain_range(
        &self,
        key: &str,
        cipher_len: u64,
        header_len: u64,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>> {
        // age's seek to an exact chunk boundary authenticates the file length
        // by reading the last chunk, which a range fetch does not have: start
        // one byte earlier and drop that byte.
        let lead = usize::from(offset > 0 && offset % crypto::CHUNK == 0);
        let (offset, len) = (offset - lead as u64, len + lead);
        let (s, e) = crypto::cipher_range(header_len, cipher_len, offset, len as u64);
        let head_end = header_len + 16;
        let mut file = PartialFile::new(cipher_len);
        if s <= head_end + 64 * 1024 {
            file.add(0, self.backend.get_range(key, 0, e)?);
        } else {
            file.add(0, self.backend.get_range(key, 0, head_end)?);
            file.add(s, self.backend.get_range(key, s, e - s)?);
        }
        let mut plain = crypto::decrypt_range(&self.ids, file, offset, len)
            .map_err(|e| self.crypto_error(key, e))?;
        plain.drain(..lead);
        Ok(plain)
    }

    /// One blob, fetched by range and verified against its id.
    pub fn read_blob(&self, id: &Id) -> Result<Vec<u8>> {
        let (pack, entry) = self
            .index
            .get(id)
            .ok_or(RepoError::BlobMissing { id: *id })?;
        let key = pack_key(&pack.id);
        let stored = self.read_plain_range(
            &key,
            pack.cipher_len,
            pack.header_len as u64,
            entry.offset,
            entry.stored_len as usize,
        )?;
        blob::decode(&self.id_key, *id, entry.compression, entry.raw_len, &stored)
            .map_err(|e| RepoError::damaged(&key, e))
    }

    /// A whole pack's plaintext (restore of many blobs, check --read-data).
    pub fn read_pack(&self, pack: &PackInfo) -> Result<Vec<u8>> {
        let key = pack_key(&pack.id);
        let cipher = self.backend.get(&key)?;
        let plain = crypto::decrypt(&self.ids, &cipher).map_err(|e| self.crypto_error(&key, e))?;
        if plain.len() as u64 != pack.plain_len {
            return Err(RepoError::damaged(&key, "size differs from the index"));
        }
        Ok(plain)
    }

    /// Blobs of a whole pack, decrypted as they are read: only the ciphertext
    /// and one blob are in memory, not the pack's plaintext as well.
    pub fn pack_stream(&self, pack: &PackInfo) -> Result<PackStream<'_>> {
        let key = pack_key(&pack.id);
        let cipher = self.backend.get(&key)?;
        if cipher.len() as u64 != pack.cipher_len {
            return Err(RepoError::damaged(&key, "size differs from the index"));
        }
        let reader = crypto::decrypt_reader(&self.ids, std::io::Cursor::new(cipher))
            .map_err(|e| self.crypto_error(&key, e))?;
        Ok(PackStream {
            repo: self,
            key,
            reader: Box::new(reader),
            pos: 0,
        })
    }

    /// Decodes one blob out of a pack's plaintext.
    pub fn blob_from_pack(
        &self,
        pack_plain: &[u8],
        pack: &PackInfo,
        e: &PackEntry,
    ) -> Result<Vec<u8>> {
        let start = e.offset as usize;
        let end = start + e.stored_len as usize;
        let stored = pack_plain
            .get(start..end)
            .ok_or_else(|| RepoError::damaged(pack_key(&pack.id), "blob outside the pack"))?;
        blob::decode(&self.id_key, e.id, e.compression, e.raw_len, stored)
            .map_err(|err| RepoError::damaged(pack_key(&pack.id), err))
    }

    pub fn load_tree(&self, snap: &Snapshot) -> Result<Vec<Node>> {
        let mut bytes = Vec::new();
        for id in &snap.tree {
            bytes.extend_from_slice(&self.read_blob(id)?);
        }
        tree::decode(&bytes).map_err(|e| RepoError::damaged("snapshot file list", e))
    }
}

/// How index files and snapshots are stored: zstd, then age.
pub(super) fn seal(recipients: &Recipients, key: &str, plain: &[u8]) -> Result<Vec<u8>> {
    let packed = zstd::bulk::compress(plain, 3).map_err(|e| RepoError::damaged(key, e))?;
    crypto::encrypt(recipients, &packed).map_err(|e| RepoError::InvalidKey(e.to_string()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A pack read front to back (see [`IndexedRepo::pack_stream`]).
pub struct PackStream<'r> {
    repo: &'r IndexedRepo,
    key: String,
    reader: Box<dyn std::io::Read + 'r>,
    pos: u64,
}

impl PackStream<'_> {
    /// The next wanted blob; entries must come in increasing offset order.
    pub fn blob(&mut self, e: &PackEntry) -> Result<Vec<u8>> {
        use std::io::Read;
        let skip = e
            .offset
            .checked_sub(self.pos)
            .ok_or_else(|| RepoError::damaged(&self.key, "blobs requested out of order"))?;
        let damaged = |e: std::io::Error| RepoError::damaged(&self.key, e);
        let skipped = std::io::copy(&mut (&mut self.reader).take(skip), &mut std::io::sink())
            .map_err(damaged)?;
        if skipped != skip {
            return Err(RepoError::damaged(&self.key, "truncated"));
        }
        let mut stored = vec![0u8; e.stored_len as usize];
        self.reader.read_exact(&mut stored).map_err(damaged)?;
        self.pos = e.offset + u64::from(e.stored_len);
        blob::decode(&self.repo.id_key, e.id, e.compression, e.raw_len, &stored)
            .map_err(|err| RepoError::damaged(&self.key, err))
    }
}

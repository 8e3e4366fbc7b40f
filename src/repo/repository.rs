//! Opening a repository, in the only order that works: marker → keys/config
//! (`Repository`) → index (`IndexedRepo`). Reading blobs needs the index, so
//! only `IndexedRepo` can do it; the compiler refuses the wrong order.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Local;

use crate::storage::Backend;

use super::blob;
use super::crypto::{self, CryptoError, Identities, PartialFile, Recipients};
use super::error::{Damage, FileDamage, RepoError, Result};
use super::id::{Id, IdKey};
use super::index::{self, Index, PackInfo};
use super::lock::RepoLock;
use super::marks::{self, Marks};
use super::notice::{LogNotices, Notice, Notices};
use super::pack::{self, PackEntry};
use super::repofile::{self, Marker, RepoConfig, Secrets};
use super::root::{self, RootProblem};
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

/// The id a repository file's key names (`snapshots/<id>`, `index/<id>`,
/// `packs/<first two digits>/<id>`, a mark file); `None` for anything else —
/// a foreign file, or a whole other repository someone set up inside this
/// one's `packs/` folder, whose files must not pass for this one's.
pub fn id_of_key(key: &str) -> Option<Id> {
    let parts: Vec<&str> = key.split('/').collect();
    let id = Id::from_hex(parts.last()?)?;
    match parts.as_slice() {
        [_, _] => Some(id),
        [dir, sub, _]
            if format!("{dir}/") == PACK_DIR && id.to_hex().starts_with(sub) && sub.len() == 2 =>
        {
            Some(id)
        }
        _ => None,
    }
}

pub struct Repository {
    backend: Arc<dyn Backend>,
    ids: Arc<Identities>,
    marker: Marker,
    config: RepoConfig,
    recipients: Recipients,
    id_key: IdKey,
    /// Unusable copies of root files, and whether there are second copies at all.
    root_problems: Vec<RootProblem>,
    single_copy: bool,
    notices: Arc<dyn Notices>,
}

/// Options for a new repository.
pub struct InitOptions {
    /// The installation the repository belongs to (`None`: library use, tests).
    pub installation: Option<Id>,
    pub recipients: Vec<String>,
    pub secrets: Secrets,
    pub pack_size: u32,
    pub zstd_level: i32,
}

impl InitOptions {
    pub fn new(recipients: Vec<String>, secrets: Secrets) -> InitOptions {
        InitOptions {
            installation: None,
            recipients,
            secrets,
            pack_size: 8 * 1024 * 1024,
            zstd_level: 3,
        }
    }
}

impl Repository {
    /// Creates a repository with both copies of its root data (see
    /// `root::write_new` for the order). Refuses when any root file exists:
    /// a new config next to old snapshots would make them unreadable.
    pub fn init(backend: Arc<dyn Backend>, opts: InitOptions) -> Result<Marker> {
        if root::any_exists(backend.as_ref())? {
            return Err(RepoError::AlreadyInitialized {
                location: backend.location(),
            });
        }
        let recipients = Recipients::parse(&opts.recipients).map_err(|e| match e {
            CryptoError::InvalidRecipient(recipient) => RepoError::InvalidRecipient { recipient },
            other => RepoError::InvalidKey(other.to_string()),
        })?;
        let marker = Marker {
            format: repofile::FORMAT.to_string(),
            version: repofile::VERSION,
            id: Id::random(),
            created: Local::now().fixed_offset(),
        };
        let config = RepoConfig {
            version: repofile::VERSION,
            id: marker.id,
            installation: opts.installation,
            secrets: opts.secrets,
            pack_size: opts.pack_size,
            zstd_level: opts.zstd_level,
            recipients: recipients.to_strings(),
            retired: Vec::new(),
            legacy_recipients: None,
        };
        let plain = serde_json::to_vec_pretty(&config)
            .map_err(|e| RepoError::damaged(repofile::CONFIG_KEY, e))?;
        let cipher = crypto::encrypt(&recipients, &plain)
            .map_err(|e| RepoError::InvalidKey(e.to_string()))?;
        root::write_new(backend.as_ref(), &marker, &cipher)?;
        Ok(marker)
    }

    /// Reads only the plaintext marker (either copy): is this a repository,
    /// which version. Needs no key.
    pub fn read_marker(backend: &dyn Backend) -> Result<Marker> {
        root::read_marker(backend)
    }

    /// Opens with notices going to the log (library use, tests).
    pub fn open(backend: Arc<dyn Backend>, ids: Arc<Identities>) -> Result<Repository> {
        Self::open_with(backend, ids, Arc::new(LogNotices))
    }

    /// Opens from whichever copies of the root data are usable; every
    /// unusable copy becomes a notice (and stays listed for `check`).
    pub fn open_with(
        backend: Arc<dyn Backend>,
        ids: Arc<Identities>,
        notices: Arc<dyn Notices>,
    ) -> Result<Repository> {
        let location = backend.location();
        let root = root::open(backend.as_ref(), &ids)?;
        for p in &root.problems {
            notices.notice(&Notice::RootCopyUnusable {
                location: location.clone(),
                file: p.file.to_string(),
                damage: p.damage.clone(),
                used: p.used.to_string(),
            });
        }
        // root::open has validated both; a failure here would be a bug, still no panic.
        let mut key = [0u8; 32];
        hex::decode_to_slice(&root.config.secrets.id_key, &mut key)
            .map_err(|_| RepoError::damaged_file(repofile::CONFIG_KEY, Damage::Format))?;
        let recipients = Recipients::parse(&root.config.recipients)
            .map_err(|_| RepoError::damaged_file(repofile::CONFIG_KEY, Damage::Format))?;
        Ok(Repository {
            backend,
            ids,
            recipients,
            id_key: IdKey::new(key),
            root_problems: root.problems,
            single_copy: root.single_copy,
            marker: root.marker,
            config: root.config,
            notices,
        })
    }

    /// Copies of root files that could not be used when opening.
    pub fn root_problems(&self) -> &[RootProblem] {
        &self.root_problems
    }

    /// A repository from before the second root copies existed.
    pub fn has_single_root_copy(&self) -> bool {
        self.single_copy
    }

    /// Makes every file written from now on encrypted to `recipients`
    /// instead of the config's, and records `retired` (earlier machine
    /// keys) in the config. Rewrites both config copies under a shared lock
    /// ([`root::rewrite_config`]); files already stored keep their
    /// recipients (age cannot change them without re-encrypting). Open the
    /// repository again to write with the new recipients.
    pub fn set_recipients(&self, recipients: &[String], retired: &[String]) -> Result<()> {
        let parsed = Recipients::parse(recipients).map_err(|e| match e {
            CryptoError::InvalidRecipient(recipient) => RepoError::InvalidRecipient { recipient },
            other => RepoError::InvalidKey(other.to_string()),
        })?;
        let _lock = RepoLock::acquire(self.backend.clone(), false, "key")?;
        let mut config = self.config.clone();
        if config.legacy_recipients.is_none() && config.recipients != parsed.to_strings() {
            config.legacy_recipients = Some(config.recipients.clone());
        }
        config.recipients = parsed.to_strings();
        config.retired = retired.to_vec();
        let plain = serde_json::to_vec_pretty(&config)
            .map_err(|e| RepoError::damaged(repofile::CONFIG_KEY, e))?;
        let cipher =
            crypto::encrypt(&parsed, &plain).map_err(|e| RepoError::InvalidKey(e.to_string()))?;
        root::rewrite_config(self.backend.as_ref(), &cipher)
    }

    /// Rewrites unusable root copies (and adds missing second copies) from
    /// the good ones, under a shared lock: backups may run meanwhile, they
    /// never write root files. Returns each file written and its source.
    pub fn repair_root(&self) -> Result<Vec<(&'static str, &'static str)>> {
        let _lock = RepoLock::acquire(self.backend.clone(), false, "check --repair-root")?;
        // Read again under the lock: the files may have changed since opening.
        let root = root::open(self.backend.as_ref(), &self.ids)?;
        root::repair(self.backend.as_ref(), &root)
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
        blob::decompress_file(&packed).map_err(|_| RepoError::damaged_file(key, Damage::Format))
    }

    fn crypto_error(&self, key: &str, e: CryptoError) -> RepoError {
        self.key_error(key, e, None)
    }

    /// [`Self::crypto_error`] for a file whose recipients the index records
    /// (`written_for`): a file no key at hand was written for names the keys
    /// it needs; one we hold a key of was changed.
    fn key_error(&self, key: &str, e: CryptoError, written_for: Option<&[String]>) -> RepoError {
        if let (CryptoError::WrongKey, Some(set)) = (&e, written_for) {
            let held = self.ids.recipients();
            if !set.is_empty() && !set.iter().any(|r| held.contains(r)) {
                return RepoError::damaged_file(
                    key,
                    Damage::KeyMissing {
                        needs: set.to_vec(),
                    },
                );
            }
        }
        match e {
            // This key opened the config, and every file here is encrypted to
            // the config's recipients: a file it cannot open is damaged.
            // Unless a retired machine key it was written with is not at hand.
            CryptoError::WrongKey => {
                // The keys of the time before a change: earlier machine keys
                // and the recipients the repository had before `tresor key`.
                let held = self.ids.recipients();
                let before: Vec<&String> = (self.config.retired.iter())
                    .chain(self.config.legacy_recipients.iter().flatten())
                    .collect();
                let mut missing: Vec<String> = Vec::new();
                if !before.iter().any(|r| held.contains(r)) {
                    for r in before {
                        if !missing.contains(r) {
                            missing.push(r.clone());
                        }
                    }
                }
                if missing.is_empty() {
                    RepoError::damaged_file(key, Damage::NotForKey)
                } else {
                    RepoError::damaged_file(key, Damage::RetiredKeyMissing { missing })
                }
            }
            CryptoError::Damaged(d) => RepoError::damaged_file(key, d),
            other => RepoError::damaged(key, other),
        }
    }

    fn load_snapshot(&self, key: &str) -> Result<Snapshot> {
        let bytes = self.load_file(key)?;
        serde_json::from_slice(&bytes).map_err(|_| RepoError::damaged_file(key, Damage::Format))
    }

    /// All snapshots, oldest first, and the files that could not be read.
    /// One damaged or unreadable snapshot file never hides the others.
    pub fn snapshots(&self) -> Result<SnapshotList> {
        let mut list = SnapshotList::default();
        for obj in self.backend.list(SNAPSHOT_DIR)? {
            let Some(id) = id_of_key(&obj.key) else {
                continue;
            };
            match self.load_snapshot(&obj.key) {
                Ok(s) => list.ok.push((id, s)),
                Err(RepoError::DamagedFile { damage, .. }) => {
                    list.damaged.push((obj.key.clone(), damage))
                }
                Err(RepoError::Storage(e)) => match Damage::of_storage_error(e) {
                    Ok(damage) => list.damaged.push((obj.key.clone(), damage)),
                    Err(e) => return Err(e.into()),
                },
                Err(_) => list.damaged.push((obj.key.clone(), Damage::Format)),
            }
        }
        list.ok.sort_by_key(|(id, s)| (s.time, *id));
        list.damaged.sort();
        Ok(list)
    }

    /// `latest`, `latest:JOB`, or an id prefix of at least 4 hex digits.
    ///
    /// A damaged snapshot file has no readable time or job, so it might be
    /// the one `latest` means: then the newest readable snapshot is taken and
    /// a notice names the damaged files. An id prefix that names a damaged
    /// file says so instead of "no snapshot matches".
    pub fn find_snapshot(&self, spec: &str) -> Result<(Id, Snapshot)> {
        let list = self.snapshots()?;
        let not_found = || RepoError::SnapshotNotFound {
            spec: spec.to_string(),
        };
        let latest = if spec == "latest" {
            Some(list.ok.iter().next_back())
        } else {
            spec.strip_prefix("latest:")
                .map(|job| list.ok.iter().rfind(|(_, s)| s.job == job))
        };
        if let Some(found) = latest {
            // A snapshot for other keys was written before a key change:
            // older than every snapshot these keys open, never the latest.
            let maybe_newer = list.damaged.iter().any(|(_, d)| !d.is_key_missing());
            return match (found, !maybe_newer) {
                (Some(hit), true) => Ok(hit.clone()),
                (Some((id, s)), false) => {
                    self.notices.notice(&Notice::LatestPassedOver {
                        spec: spec.to_string(),
                        chosen: *id,
                        time: s.time,
                        job: s.job.clone(),
                        damaged: (list.damaged.iter())
                            .filter(|(_, d)| !d.is_key_missing())
                            .map(|(k, _)| k.clone())
                            .collect(),
                    });
                    Ok((*id, s.clone()))
                }
                (None, true) if list.damaged.is_empty() => Err(not_found()),
                (None, _) => Err(RepoError::NoReadableSnapshot {
                    spec: spec.to_string(),
                    damaged: list.damaged,
                }),
            };
        }
        let spec_l = spec.to_ascii_lowercase();
        if spec_l.len() < 4 {
            return Err(not_found());
        }
        let matches = |key: &str| id_of_key(key).is_some_and(|id| id.to_hex().starts_with(&spec_l));
        let mut damaged: Vec<_> = list
            .damaged
            .into_iter()
            .filter(|(k, _)| matches(k))
            .collect();
        let mut hits: Vec<_> = list
            .ok
            .into_iter()
            .filter(|(id, _)| id.to_hex().starts_with(&spec_l))
            .collect();
        match (hits.len(), damaged.len()) {
            (0, 0) => Err(not_found()),
            (1, 0) => Ok(hits.remove(0)),
            (0, 1) => {
                let (key, damage) = damaged.remove(0);
                Err(RepoError::SnapshotDamaged { key, damage })
            }
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

    /// Writes a snapshot under a given id: a mirror keeps the source's id,
    /// so the same snapshot is recognised on every destination.
    pub fn save_snapshot_as(&self, id: &Id, s: &Snapshot) -> Result<()> {
        let plain = serde_json::to_vec(s).map_err(|e| RepoError::damaged("snapshot", e))?;
        self.save_file(&snapshot_key(id), &plain)?;
        Ok(())
    }

    pub fn delete_snapshot(&self, id: &Id) -> Result<()> {
        Ok(self.backend.delete(&snapshot_key(id))?)
    }

    /// Loads every index file, then proves each pack it names against one
    /// listing of `packs/`: a pack that is missing or has another size than
    /// indexed is left out (`unusable_packs`), so nothing is deduplicated
    /// against it. Damaged index files are reported and the packs they
    /// described are indexed again from their own trailers; packs marked
    /// damaged or pending deletion stay readable but are not reusable.
    ///
    /// Read-only commands call this directly; backup and prune go through
    /// [`super::lock::LockedRepo`], which takes the lock first.
    pub fn load_index(self) -> Result<IndexedRepo> {
        // An index file deleted between the listing and its reading was
        // replaced by a prune: list again, the replacement is there now.
        let mut attempts = 0;
        let loaded = loop {
            match self.read_index_files()? {
                Some(l) => break l,
                None if attempts < 3 => attempts += 1,
                None => {
                    return Err(RepoError::damaged(
                        INDEX_DIR,
                        "index files keep disappearing while being read (is a prune running?)",
                    ))
                }
            }
        };
        let LoadedIndexFiles {
            packs,
            index_files,
            damaged_index_files,
            mut problems,
        } = loaded;
        let marks = marks::load(&self, &mut problems)?;
        // Listed after the index files were read: a pack's index file is
        // written after the pack, so every pack they name that exists is listed.
        let listed: HashMap<Id, u64> = self
            .backend
            .list(PACK_DIR)?
            .into_iter()
            .filter_map(|o| id_of_key(&o.key).map(|id| (id, o.size)))
            .collect();
        let mut index = Index::default();
        // One table allocation for all blobs (duplicates only overestimate).
        index.reserve(packs.iter().map(|p| p.blobs.len()).sum());
        let mut named = HashSet::new();
        let mut unusable = Vec::new();
        for p in packs {
            if !named.insert(p.id) {
                continue;
            }
            match listed.get(&p.id) {
                Some(size) if *size == p.cipher_len => {
                    let reusable = marks.reusable(&p.id) && self.config.covers_pack(&p);
                    index.add_pack_as(p, reusable);
                }
                found => unusable.push(UnusablePack {
                    found: found.copied(),
                    pack: p,
                }),
            }
        }
        let mut repo = IndexedRepo {
            repo: self,
            index,
            problems,
            locked: Vec::new(),
            recovered: Vec::new(),
            index_files,
            damaged_index_files,
            unusable,
            marks,
            headers: Default::default(),
        };
        let mut orphans: Vec<(Id, u64)> = listed
            .into_iter()
            .filter(|(id, _)| !named.contains(id))
            .collect();
        orphans.sort();
        for (id, size) in orphans {
            match repo.read_pack_trailer(&id, size) {
                Ok(p) => {
                    repo.recovered.push(p.clone());
                    let reusable = repo.marks.reusable(&id) && repo.config().covers_pack(&p);
                    repo.index.add_pack_as(p, reusable);
                }
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => repo.problems.push(e.into_file_damage()?),
            }
        }
        let (locked, problems) = std::mem::take(&mut repo.problems)
            .into_iter()
            .partition(|p| p.damage.is_key_missing());
        (repo.locked, repo.problems) = (locked, problems);
        Ok(repo)
    }

    /// Every readable index file; `None` when one vanished while reading.
    fn read_index_files(&self) -> Result<Option<LoadedIndexFiles>> {
        let mut out = LoadedIndexFiles::default();
        for obj in self.backend.list(INDEX_DIR)? {
            let Some(id) = id_of_key(&obj.key) else {
                continue;
            };
            match self.load_file(&obj.key).and_then(|b| {
                index::decode(&b).map_err(|_| RepoError::damaged_file(&obj.key, Damage::Format))
            }) {
                Ok(packs) => {
                    out.packs.extend(packs);
                    out.index_files.push(id);
                }
                Err(RepoError::Storage(e)) if e.is_not_found() => return Ok(None),
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => {
                    out.problems.push(e.into_file_damage()?);
                    out.damaged_index_files.push(id);
                }
            }
        }
        Ok(Some(out))
    }
}

#[derive(Default)]
struct LoadedIndexFiles {
    packs: Vec<PackInfo>,
    index_files: Vec<Id>,
    damaged_index_files: Vec<Id>,
    problems: Vec<FileDamage>,
}

/// A pack an index file names that is not there as indexed: never reused,
/// never read; its data is stored again by the next backup that has it.
#[derive(Debug, Clone)]
pub struct UnusablePack {
    pub pack: PackInfo,
    /// Size of the file found under the pack's name; `None`: no such file.
    pub found: Option<u64>,
}

impl UnusablePack {
    pub fn describe(&self) -> String {
        let key = pack_key(&self.pack.id);
        match self.found {
            None => format!("{key} is missing ({} blobs indexed)", self.pack.blobs.len()),
            Some(size) => format!(
                "{key} has {size} bytes, the index says {} (truncated or replaced)",
                self.pack.cipher_len
            ),
        }
    }
}

#[derive(Default)]
pub struct SnapshotList {
    pub ok: Vec<(Id, Snapshot)>,
    /// Snapshot files that could not be read, by key, sorted.
    pub damaged: Vec<(String, Damage)>,
}

pub struct IndexedRepo {
    repo: Repository,
    index: Index,
    /// Index files, mark files or packs that could not be read while opening.
    pub problems: Vec<FileDamage>,
    /// Files no key at hand opens because they were written for other keys
    /// (before a key change): not damage. A restore with a recovery key
    /// added later meets them; the server's key ring should not.
    pub locked: Vec<FileDamage>,
    /// Packs found without an index file (an interrupted backup).
    recovered: Vec<PackInfo>,
    index_files: Vec<Id>,
    /// Index files that could not be read (prune replaces them).
    damaged_index_files: Vec<Id>,
    /// Indexed packs that are missing or have another size.
    unusable: Vec<UnusablePack>,
    marks: Marks,
    /// age headers of packs read by range, by key: a pack's second blob
    /// costs one ranged GET, not two (S3 request counts and latency).
    headers: std::sync::Mutex<HashMap<String, Vec<u8>>>,
}

/// Headers kept at most (about 200 bytes each); then the cache starts over.
const HEADER_CACHE_MAX: usize = 20_000;

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

    pub fn damaged_index_files(&self) -> &[Id] {
        &self.damaged_index_files
    }

    /// Packs an index file names that are missing or not of the indexed size.
    pub fn unusable_packs(&self) -> &[UnusablePack] {
        &self.unusable
    }

    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// Stops reusing the packs that hold `blobs` (their read failed in this
    /// run): the backup stores that data again instead of referencing it.
    /// Returns those packs.
    pub fn distrust_packs_of(&mut self, blobs: &[Id]) -> Vec<Id> {
        let mut packs: Vec<Id> = blobs
            .iter()
            .filter_map(|b| self.index.get(b).map(|(p, _)| p.id))
            .collect();
        packs.sort_unstable();
        packs.dedup();
        packs.iter().for_each(|p| self.index.distrust(p));
        packs
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
            .ok_or_else(|| RepoError::damaged_file(&key, Damage::Size))?;
        let chunks = payload.div_ceil(65_536 + 16).max(1);
        let plain_len = payload
            .checked_sub(chunks * 16)
            .ok_or_else(|| RepoError::damaged_file(&key, Damage::Size))?;
        if plain_len < pack::TAIL_LEN as u64 {
            return Err(RepoError::damaged_file(&key, Damage::Size));
        }
        let tail = self.read_plain_range(
            None,
            &key,
            cipher_len,
            header_len,
            plain_len - pack::TAIL_LEN as u64,
            pack::TAIL_LEN,
        )?;
        let format = || RepoError::damaged_file(&key, Damage::Format);
        let tlen = pack::trailer_len(&tail).map_err(|_| format())?;
        if tlen as u64 > plain_len {
            return Err(format());
        }
        let trailer = self.read_plain_range(
            None,
            &key,
            cipher_len,
            header_len,
            plain_len - tlen as u64,
            tlen,
        )?;
        let blobs = pack::parse_trailer(&trailer, plain_len).map_err(|_| format())?;
        Ok(PackInfo {
            id: *id,
            cipher_len,
            header_len: header_len as u32,
            plain_len,
            blobs: blobs.into(),
            // The pack does not say; see RepoConfig::pack_recipients.
            recipients: None,
        })
    }

    /// The first `head_end` bytes of `key` (age header and payload nonce),
    /// fetched once per pack.
    fn pack_header(&self, key: &str, head_end: u64) -> Result<Vec<u8>> {
        let cached = |h: &mut HashMap<String, Vec<u8>>| h.get(key).cloned();
        if let Some(h) = self.headers.lock().ok().as_deref_mut().and_then(cached) {
            if h.len() as u64 == head_end {
                return Ok(h);
            }
        }
        let head = self.backend.get_range(key, 0, head_end)?;
        if let Ok(mut h) = self.headers.lock() {
            if h.len() >= HEADER_CACHE_MAX {
                h.clear();
            }
            h.insert(key.to_string(), head.clone());
        }
        Ok(head)
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
                return Err(RepoError::damaged_file(key, Damage::Header));
            }
            want = (want * 4).min(cipher_len);
        }
    }

    fn read_plain_range(
        &self,
        written_for: Option<&[String]>,
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
            file.add(0, self.pack_header(key, head_end)?);
            file.add(s, self.backend.get_range(key, s, e - s)?);
        }
        let mut plain = crypto::decrypt_range(&self.ids, file, offset, len)
            .map_err(|e| self.key_error(key, e, written_for))?;
        plain.drain(..lead);
        Ok(plain)
    }

    /// One blob, fetched by range and verified against its id.
    pub fn read_blob(&self, id: &Id) -> Result<Vec<u8>> {
        let (key, entry, stored) = self.read_stored_blob(id)?;
        blob::decode(&self.id_key, *id, entry.compression, entry.raw_len, &stored)
            .map_err(|_| blob_damaged(&key, id))
    }

    /// One blob, fetched by range and decompressed but not hashed: the
    /// caller must prove it against `id` before trusting it (restore does,
    /// by reading back what it wrote; [`IndexedRepo::read_blob`] tells a
    /// damaged blob from a bad write afterwards).
    pub fn read_blob_unverified(&self, id: &Id) -> Result<Vec<u8>> {
        let (key, entry, stored) = self.read_stored_blob(id)?;
        blob::decompress(*id, entry.compression, entry.raw_len, &stored)
            .map_err(|_| blob_damaged(&key, id))
    }

    /// The pack's key, the blob's entry and its stored bytes.
    fn read_stored_blob(&self, id: &Id) -> Result<(String, PackEntry, Vec<u8>)> {
        let (pack, entry) = self
            .index
            .get(id)
            .ok_or(RepoError::BlobMissing { id: *id })?;
        let key = pack_key(&pack.id);
        let stored = self.read_plain_range(
            Some(self.config().pack_recipients(pack)),
            &key,
            pack.cipher_len,
            pack.header_len as u64,
            entry.offset,
            entry.stored_len as usize,
        )?;
        Ok((key, entry, stored))
    }

    /// A whole pack's plaintext (restore of many blobs, check --read-data).
    pub fn read_pack(&self, pack: &PackInfo) -> Result<Vec<u8>> {
        let key = pack_key(&pack.id);
        let cipher = self.backend.get(&key)?;
        let plain = crypto::decrypt(&self.ids, &cipher)
            .map_err(|e| self.key_error(&key, e, Some(self.config().pack_recipients(pack))))?;
        if plain.len() as u64 != pack.plain_len {
            return Err(RepoError::damaged_file(&key, Damage::Size));
        }
        Ok(plain)
    }

    /// Blobs of a whole pack, decrypted as they are read: only the ciphertext
    /// and one blob are in memory, not the pack's plaintext as well.
    pub fn pack_stream(&self, pack: &PackInfo) -> Result<PackStream<'_>> {
        let key = pack_key(&pack.id);
        let cipher = self.backend.get(&key)?;
        if cipher.len() as u64 != pack.cipher_len {
            return Err(RepoError::damaged_file(&key, Damage::Size));
        }
        let reader = crypto::decrypt_reader(&self.ids, std::io::Cursor::new(cipher))
            .map_err(|e| self.key_error(&key, e, Some(self.config().pack_recipients(pack))))?;
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
            .ok_or_else(|| RepoError::damaged_file(pack_key(&pack.id), Damage::Format))?;
        blob::decode(&self.id_key, e.id, e.compression, e.raw_len, stored)
            .map_err(|_| blob_damaged(&pack_key(&pack.id), &e.id))
    }

    /// The snapshot's file list. Decoded blob by blob (a line may span two
    /// blobs), so the list's JSON is never in memory whole beside its nodes:
    /// at 64 k files and 550 k chunks that JSON is some 40 MB.
    pub fn load_tree(&self, snap: &Snapshot) -> Result<Vec<Node>> {
        let damaged = |_| RepoError::damaged_file("snapshot file list", Damage::Format);
        let mut nodes = Vec::new();
        let mut carry: Vec<u8> = Vec::new();
        for id in &snap.tree {
            // `carry` holds no newline before this blob: search only the new
            // bytes, or a node line spanning many blobs (a large `.bak`'s
            // chunk list) is scanned again for each of them.
            let from = carry.len();
            carry.extend_from_slice(&self.read_blob(id)?);
            let Some(end) = carry[from..].iter().rposition(|b| *b == b'\n') else {
                continue;
            };
            let end = from + end;
            nodes.extend(tree::decode(&carry[..end]).map_err(damaged)?);
            carry.drain(..=end);
        }
        nodes.extend(tree::decode(&carry).map_err(damaged)?);
        Ok(nodes)
    }
}

/// A blob of the pack `key` that does not decode to its id.
fn blob_damaged(key: &str, blob: &Id) -> RepoError {
    RepoError::damaged_file(key, Damage::Blob { blob: blob.short() })
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
    /// The next wanted blob, decompressed but not hashed (see
    /// [`IndexedRepo::read_blob_unverified`] for who must prove it);
    /// entries must come in increasing offset order.
    pub fn blob_unverified(&mut self, e: &PackEntry) -> Result<Vec<u8>> {
        let stored = self.read_stored(e)?;
        blob::decompress(e.id, e.compression, e.raw_len, &stored)
            .map_err(|_| blob_damaged(&self.key, &e.id))
    }

    /// The next wanted blob as stored (compressed), proven against its id
    /// first: what a mirror puts into a new pack unchanged.
    pub fn stored(&mut self, e: &PackEntry) -> Result<Vec<u8>> {
        let stored = self.read_stored(e)?;
        blob::decode(&self.repo.id_key, e.id, e.compression, e.raw_len, &stored)
            .map_err(|_| blob_damaged(&self.key, &e.id))?;
        Ok(stored)
    }

    fn read_stored(&mut self, e: &PackEntry) -> Result<Vec<u8>> {
        use std::io::Read;
        let skip = e
            .offset
            .checked_sub(self.pos)
            .ok_or_else(|| RepoError::damaged(&self.key, "blobs requested out of order"))?;
        let damaged = |_: std::io::Error| RepoError::damaged_file(&self.key, Damage::Content);
        let skipped = std::io::copy(&mut (&mut self.reader).take(skip), &mut std::io::sink())
            .map_err(damaged)?;
        if skipped != skip {
            return Err(RepoError::damaged_file(&self.key, Damage::Size));
        }
        let mut stored = vec![0u8; e.stored_len as usize];
        self.reader.read_exact(&mut stored).map_err(damaged)?;
        self.pos = e.offset + u64::from(e.stored_len);
        Ok(stored)
    }
}

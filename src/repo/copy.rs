//! Copy: snapshots of one repository into another repository of the same
//! installation (mirroring RDX → NAS → S3). Blobs are never re-chunked: the
//! repositories share the id key and chunker parameters, so a blob's id is the
//! same everywhere and only what the target lacks travels.
//!
//! Per snapshot, oldest first: its packs, then an index file naming them,
//! then the snapshot file under the source's id (so the same snapshot is
//! recognised on every destination). A run stopped at any point (killed,
//! window closed, share gone) leaves whole snapshots or nothing visible; packs
//! it wrote without an index are indexed again from their trailers when the
//! target is opened next, and are not sent a second time.
//!
//! A pack whose blobs are all wanted travels as it is stored (already
//! encrypted, no decompression) when every recovery key of the target opens
//! it (`RepoConfig::covers`); otherwise the wanted blobs are put into new packs as stored
//! (compressed), each proven against its id first, encrypted to the target's
//! recipients.

use std::collections::{BTreeMap, HashSet};

use super::blob::EncodedBlob;
use super::crypto::{self, Recipients};
use super::error::{RepoError, Result};
use super::id::Id;
use super::index::{self, KeySet, PackInfo};
use super::lock::{LockedRepo, Shared};
use super::pack::{PackBuilder, PackEntry};
use super::repository::{index_key, pack_key, snapshot_key, IndexedRepo};
use super::snapshot::Snapshot;

/// What one copy run did. Counts are of this run only.
#[derive(Debug, Default)]
pub struct CopyReport {
    /// Snapshots written to the target, oldest first.
    pub copied: Vec<Id>,
    /// Wanted snapshots the target had already (same id, or the same time, job and file list).
    pub present: usize,
    /// Snapshots not copied because the source cannot deliver them: id and what is missing.
    pub skipped: Vec<(Id, RepoError)>,
    /// Packs sent as stored.
    pub packs_copied: usize,
    /// New packs made of wanted blobs.
    pub packs_repacked: usize,
    /// Blobs the target lacked and got.
    pub blobs: u64,
    /// Bytes written to the target (packs, index and snapshot files).
    pub bytes_written: u64,
    /// Why the run stopped before the last wanted snapshot, if it did. The
    /// snapshots in `copied` are complete on the target all the same.
    pub stopped: Option<RepoError>,
}

/// Progress of a copy, for a progress bar (bytes written so far, of an
/// estimate for the snapshot in hand).
pub trait CopyProgress {
    fn snapshot(&self, _index: usize, _of: usize, _snapshot: &Snapshot) {}
    fn written(&self, _bytes: u64) {}
}

/// No progress output.
pub struct Silent;
impl CopyProgress for Silent {}

/// Copies `wanted` (snapshots of `source`, any order) into `target`.
///
/// Errors before anything is written: [`RepoError::OtherRepositorySecrets`]
/// when the two repositories do not share their secrets. Errors while copying
/// end the run and are returned in [`CopyReport::stopped`].
pub fn copy(
    source: &IndexedRepo,
    target: &mut LockedRepo<Shared>,
    wanted: &[(Id, Snapshot)],
    progress: &dyn CopyProgress,
) -> Result<CopyReport> {
    if source.config().secrets != target.config().secrets {
        return Err(RepoError::OtherRepositorySecrets {
            source_location: source.location(),
            target_location: target.location(),
        });
    }
    let target_recipients = Recipients::parse(&target.config().recipients)
        .map_err(|e| RepoError::InvalidKey(e.to_string()))?;

    let existing = target.snapshots()?.ok;
    let known_ids: HashSet<Id> = existing.iter().map(|(id, _)| *id).collect();
    let known_content: HashSet<String> = existing.iter().map(|(_, s)| content_key(s)).collect();

    let mut todo: Vec<&(Id, Snapshot)> = wanted.iter().collect();
    todo.sort_by_key(|(id, s)| (s.time, *id));
    let mut report = CopyReport::default();
    let mut run = Run {
        source,
        key_set: KeySet::from(target_recipients.to_strings()),
        recipients: target_recipients,
        progress,
        report: &mut report,
    };
    let total = todo.len();
    for (i, (id, snap)) in todo.into_iter().enumerate() {
        if known_ids.contains(id) || known_content.contains(&content_key(snap)) {
            run.report.present += 1;
            continue;
        }
        progress.snapshot(i, total, snap);
        match run.one(target, id, snap) {
            Ok(()) => run.report.copied.push(*id),
            Err(Skip(e)) if !matches!(e, RepoError::Storage(_) | RepoError::LockLost { .. }) => {
                run.report.skipped.push((*id, e))
            }
            Err(Skip(e)) => {
                run.report.stopped = Some(e);
                break;
            }
        }
    }
    Ok(report)
}

/// An error that ends one snapshot's copy; storage errors end the run.
struct Skip(RepoError);

impl From<RepoError> for Skip {
    fn from(e: RepoError) -> Self {
        Skip(e)
    }
}

impl From<crate::storage::StorageError> for Skip {
    fn from(e: crate::storage::StorageError) -> Self {
        Skip(e.into())
    }
}

struct Run<'a> {
    source: &'a IndexedRepo,
    recipients: Recipients,
    /// `recipients` as the target's index records them.
    key_set: KeySet,
    progress: &'a dyn CopyProgress,
    report: &'a mut CopyReport,
}

impl Run<'_> {
    fn one(
        &mut self,
        target: &mut LockedRepo<Shared>,
        id: &Id,
        snap: &Snapshot,
    ) -> std::result::Result<(), Skip> {
        let needed = self.needed_blobs(target, snap)?;
        // Wanted entries per source pack, in pack order (one pass per pack).
        let mut by_pack: BTreeMap<Id, Vec<PackEntry>> = BTreeMap::new();
        for blob in needed {
            let (pack, entry) = self
                .source
                .index()
                .get(&blob)
                .ok_or(RepoError::BlobMissing { id: blob })?;
            by_pack.entry(pack.id).or_default().push(entry);
        }
        let mut written: Vec<PackInfo> = Vec::new();
        let mut builder = PackBuilder::default();
        let pack_size = target.config().pack_size as usize;
        let result = (|| -> std::result::Result<(), Skip> {
            for (pack_id, mut entries) in by_pack {
                let pack = self
                    .source
                    .index()
                    .pack(&pack_id)
                    .ok_or(RepoError::BlobMissing { id: entries[0].id })?
                    .clone();
                entries.sort_by_key(|e| e.offset);
                entries.dedup_by_key(|e| e.id);
                self.report.blobs += entries.len() as u64;
                // As stored only when the target's recovery keys open it
                // (and the target's index then records whom it is for).
                let pack_recipients = self.source.config().pack_recipients(&pack).to_vec();
                if target.config().covers(&pack_recipients) && entries.len() == pack.blobs.len() {
                    self.send_as_stored(target, &pack)?;
                    written.push(PackInfo {
                        recipients: Some(KeySet::from(pack_recipients)),
                        ..pack
                    });
                    continue;
                }
                let mut stream = self.source.pack_stream(&pack)?;
                for e in &entries {
                    let bytes = stream.stored(e)?;
                    builder.add(EncodedBlob {
                        id: e.id,
                        kind: e.kind,
                        compression: e.compression,
                        raw_len: e.raw_len,
                        bytes,
                    });
                    if builder.len() >= pack_size {
                        let full = std::mem::take(&mut builder);
                        written.push(self.write_new_pack(target, full)?);
                    }
                }
            }
            if !builder.is_empty() {
                let rest = std::mem::take(&mut builder);
                written.push(self.write_new_pack(target, rest)?);
            }
            Ok(())
        })();
        // Whatever arrived is indexed, also when the run stops here: the
        // next run finds it without reading trailers.
        if !written.is_empty() {
            let indexed = self.write_index(target, &written);
            match (&result, indexed) {
                (Ok(()), Err(e)) => return Err(Skip(e)),
                _ => target.add_packs(written),
            }
        }
        result?;
        // The snapshot last, and only while the lock is still ours: a prune
        // that took over may have removed what it names.
        target.lock().check()?;
        let plain = serde_json::to_vec(snap).map_err(|e| RepoError::damaged("snapshot", e))?;
        let key = snapshot_key(id);
        let n = target.save_file(&key, &plain)?;
        self.count(n);
        // Read back: the snapshot file is what makes the copy visible.
        let wrong = match target.load_file(&key) {
            Ok(back) if back == plain => return Ok(()),
            Ok(_) => RepoError::damaged(&key, "read back differs from what was written"),
            Err(e) => e,
        };
        // A file that does not read back would stand on the target as a
        // damaged snapshot until the next run rewrites it: remove it now
        // (best effort; Object Lock may keep it).
        let _ = target.backend().delete(&key);
        Err(Skip(wrong))
    }

    /// Tree and content blobs of `snap` that the target has no reusable copy of.
    fn needed_blobs(
        &self,
        target: &IndexedRepo,
        snap: &Snapshot,
    ) -> std::result::Result<Vec<Id>, Skip> {
        let nodes = self.source.load_tree(snap)?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let all = snap
            .tree
            .iter()
            .chain(nodes.iter().flat_map(|n| n.chunks.iter()));
        for id in all {
            if seen.insert(*id) && !target.index().contains_reusable(id) {
                out.push(*id);
            }
        }
        Ok(out)
    }

    /// The pack file as stored, after proving that it decrypts whole (every
    /// age chunk's tag): a damaged pack is not spread to the mirrors.
    fn send_as_stored(
        &mut self,
        target: &LockedRepo<Shared>,
        pack: &PackInfo,
    ) -> std::result::Result<(), Skip> {
        let key = pack_key(&pack.id);
        let cipher = self.source.backend().get(&key)?;
        if cipher.len() as u64 != pack.cipher_len {
            return Err(Skip(RepoError::damaged_file(
                &key,
                super::error::Damage::Size,
            )));
        }
        let plain = crypto::decrypt(self.source.identities(), &cipher)
            .map_err(|e| RepoError::damaged(&key, e))?;
        if plain.len() as u64 != pack.plain_len {
            return Err(Skip(RepoError::damaged_file(
                &key,
                super::error::Damage::Size,
            )));
        }
        drop(plain);
        target.backend().put(&key, &cipher)?;
        self.verify_size(target, &key, pack.cipher_len)?;
        self.report.packs_copied += 1;
        self.count(pack.cipher_len);
        Ok(())
    }

    fn write_new_pack(
        &mut self,
        target: &LockedRepo<Shared>,
        builder: PackBuilder,
    ) -> std::result::Result<PackInfo, Skip> {
        let (plain, blobs) = builder.finish();
        let cipher = crypto::encrypt(&self.recipients, &plain)
            .map_err(|e| RepoError::InvalidKey(e.to_string()))?;
        let id = Id::random();
        let info = PackInfo {
            id,
            cipher_len: cipher.len() as u64,
            header_len: crypto::header_len(cipher.len() as u64, plain.len() as u64) as u32,
            plain_len: plain.len() as u64,
            blobs: blobs.into(),
            recipients: Some(self.key_set.clone()),
        };
        let key = pack_key(&id);
        target.backend().put(&key, &cipher)?;
        self.verify_size(target, &key, info.cipher_len)?;
        self.report.packs_repacked += 1;
        self.count(info.cipher_len);
        Ok(info)
    }

    /// What the target reports for `key` must be what was sent.
    fn verify_size(
        &self,
        target: &LockedRepo<Shared>,
        key: &str,
        len: u64,
    ) -> std::result::Result<(), Skip> {
        match target.backend().stat(key)? {
            Some(o) if o.size == len => Ok(()),
            _ => Err(Skip(RepoError::damaged_file(
                key,
                super::error::Damage::Size,
            ))),
        }
    }

    fn write_index(&mut self, target: &LockedRepo<Shared>, packs: &[PackInfo]) -> Result<()> {
        let key = index_key(&Id::random());
        let n = target.save_file(&key, &index::encode(packs))?;
        self.count(n);
        Ok(())
    }

    fn count(&mut self, bytes: u64) {
        self.report.bytes_written += bytes;
        self.progress.written(bytes);
    }
}

/// The same snapshot under another id (copied before ids were kept, or by
/// another tool run): same time, job, host and file list.
fn content_key(s: &Snapshot) -> String {
    let tree: Vec<String> = s.tree.iter().map(Id::to_hex).collect();
    format!(
        "{}|{}|{}|{}",
        s.time.to_rfc3339(),
        s.job,
        s.host,
        tree.join(",")
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{Duration, Local};

    use super::*;
    use crate::repo::blob::BlobKind;
    use crate::repo::crypto::{generate_key, Identities};
    use crate::repo::repofile::Secrets;
    use crate::repo::saver::BlobSaver;
    use crate::repo::snapshot::{Summary, SNAPSHOT_VERSION};
    use crate::repo::tree::{self, Node, NodeKind};
    use crate::repo::{InitOptions, Repository};
    use crate::storage::faulty::{FaultyBackend, WriteFault};
    use crate::storage::memory::MemoryBackend;
    use crate::storage::Backend;

    pub(super) struct Keys {
        pub(super) recipients: Vec<String>,
        pub(super) ids: Arc<Identities>,
    }

    pub(super) fn keys() -> Keys {
        let machine = generate_key();
        let recovery = generate_key();
        Keys {
            recipients: vec![machine.recipient, recovery.recipient],
            ids: Arc::new(Identities::parse(&machine.secret).unwrap()),
        }
    }

    pub(super) fn init(backend: Arc<dyn Backend>, k: &Keys, secrets: &Secrets) {
        let mut opts = InitOptions::new(k.recipients.clone(), secrets.clone());
        // Small packs, so that a snapshot spans several.
        opts.pack_size = 256 * 1024;
        Repository::init(backend, opts).unwrap();
    }

    pub(super) fn open(backend: Arc<dyn Backend>, k: &Keys) -> IndexedRepo {
        Repository::open(backend, k.ids.clone())
            .unwrap()
            .load_index()
            .unwrap()
    }

    pub(super) fn locked(backend: Arc<dyn Backend>, k: &Keys) -> LockedRepo<Shared> {
        LockedRepo::open(Repository::open(backend, k.ids.clone()).unwrap(), "mirror").unwrap()
    }

    pub(super) fn noise(seed: u64, len: usize) -> Vec<u8> {
        use rand::{RngCore, SeedableRng};
        let mut v = vec![0u8; len];
        rand::rngs::StdRng::seed_from_u64(seed).fill_bytes(&mut v);
        v
    }

    /// Backs up `files` (path, content) as one snapshot of `job`, `age_days` old.
    pub(super) fn backup(
        repo: &mut IndexedRepo,
        job: &str,
        age_days: i64,
        files: &[(&str, Vec<u8>)],
    ) -> (Id, Snapshot) {
        let mut saver = BlobSaver::start(repo, 1);
        let mut list = Vec::new();
        for (path, data) in files {
            let chunks: Vec<Id> = data
                .chunks(64 * 1024)
                .map(|c| {
                    let id = repo.id_key().id_of(c);
                    saver.save(repo, id, BlobKind::Data, c).unwrap();
                    id
                })
                .collect();
            let node = Node {
                path: path.to_string(),
                kind: NodeKind::File,
                size: data.len() as u64,
                mtime_ns: 0,
                mode: 0o644,
                attributes: 0,
                target: None,
                chunks,
                hardlink: None,
            };
            tree::encode_line(&node, &mut list);
        }
        let tree_id = repo.id_key().id_of(&list);
        saver.save(repo, tree_id, BlobKind::Tree, &list).unwrap();
        let (packs, _) = saver.finish().unwrap();
        repo.add_packs(packs);
        let snap = Snapshot {
            version: SNAPSHOT_VERSION,
            time: (Local::now() - Duration::days(age_days)).fixed_offset(),
            host: "praxis-server".into(),
            job: job.into(),
            practice: "Praxis Test".into(),
            tool_version: "test".into(),
            tree: vec![tree_id],
            parent: None,
            recipients: repo.config().recipients.clone(),
            sources: vec![],
            databases: vec![],
            summary: Summary::default(),
        };
        let id = repo.save_snapshot(&snap).unwrap();
        (id, snap)
    }

    /// Every file of every snapshot of `repo`, read back through its own index.
    fn contents(repo: &IndexedRepo) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for (_, s) in repo.snapshots().unwrap().ok {
            for n in repo.load_tree(&s).unwrap() {
                let mut data = Vec::new();
                for c in &n.chunks {
                    data.extend(repo.read_blob(c).unwrap());
                }
                out.push((format!("{}:{}", s.job, n.path), data));
            }
        }
        out
    }

    pub(super) struct Pair {
        pub(super) keys: Keys,
        pub(super) secrets: Secrets,
        pub(super) source: Arc<MemoryBackend>,
        pub(super) target: Arc<MemoryBackend>,
    }

    /// A source with two snapshots (the second shares a file with the first)
    /// and an empty target of the same installation.
    pub(super) fn pair() -> Pair {
        let keys = keys();
        let secrets = Secrets::generate();
        let source = Arc::new(MemoryBackend::new());
        let target = Arc::new(MemoryBackend::new());
        init(source.clone(), &keys, &secrets);
        init(target.clone(), &keys, &secrets);
        let mut repo = open(source.clone(), &keys);
        backup(
            &mut repo,
            "nightly",
            2,
            &[
                ("C/DConcept/DEDATA/A.DAT", noise(1, 600_000)),
                ("C/b.txt", b"Befund".repeat(5000)),
            ],
        );
        let mut repo = open(source.clone(), &keys);
        backup(
            &mut repo,
            "feierabend",
            1,
            &[
                ("C/DConcept/DEDATA/A.DAT", noise(1, 600_000)),
                ("C/c.bin", noise(2, 300_000)),
            ],
        );
        Pair {
            keys,
            secrets,
            source,
            target,
        }
    }

    pub(super) fn all(repo: &IndexedRepo) -> Vec<(Id, Snapshot)> {
        repo.snapshots().unwrap().ok
    }

    #[test]
    fn copies_every_snapshot_once_and_the_copy_reads_back() {
        let p = pair();
        let source = open(p.source.clone(), &p.keys);
        let mut target = locked(p.target.clone(), &p.keys);
        let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
        assert!(r.stopped.is_none(), "{:?}", r.stopped);
        assert_eq!(r.copied.len(), 2);
        assert!(r.packs_copied > 0, "whole packs travel as stored");
        drop(target);
        let copy_repo = open(p.target.clone(), &p.keys);
        assert_eq!(contents(&copy_repo), contents(&source));
        let ids: Vec<Id> = all(&copy_repo).into_iter().map(|(id, _)| id).collect();
        let src_ids: Vec<Id> = all(&source).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, src_ids, "snapshots keep their ids");

        // Again: nothing to do, nothing written.
        let mut target = locked(p.target.clone(), &p.keys);
        let again = copy(&source, &mut target, &all(&source), &Silent).unwrap();
        assert_eq!(
            (again.copied.len(), again.present, again.bytes_written),
            (0, 2, 0)
        );
    }

    /// Found by the review: a later snapshot of the same job with an
    /// unchanged file list is another snapshot, not the one the target
    /// already holds (the time is part of the content key). Mirrored after
    /// each backup, both arrive.
    #[test]
    fn a_later_snapshot_of_an_unchanged_tree_is_copied_too() {
        let p = pair();
        let files = [("C/b.txt", b"Befund".repeat(5000))];
        let mut repo = open(p.source.clone(), &p.keys);
        let (first, older) = backup(&mut repo, "nightly", 1, &files);
        let mut target = locked(p.target.clone(), &p.keys);
        let r = copy(&repo, &mut target, &[(first, older.clone())], &Silent).unwrap();
        assert_eq!(r.copied, vec![first]);
        drop(target);

        let mut repo = open(p.source.clone(), &p.keys);
        let (second, newer) = backup(&mut repo, "nightly", 0, &files);
        assert_eq!(newer.tree, older.tree, "the same file list");
        let mut target = locked(p.target.clone(), &p.keys);
        let r = copy(
            &repo,
            &mut target,
            &[(first, older), (second, newer)],
            &Silent,
        )
        .unwrap();
        assert!(r.stopped.is_none(), "{:?}", r.stopped);
        assert_eq!((r.copied, r.present), (vec![second], 1));
        drop(target);
        let ids: HashSet<Id> = all(&open(p.target.clone(), &p.keys))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, HashSet::from([first, second]));
    }

    #[test]
    fn only_blobs_the_target_lacks_travel() {
        let p = pair();
        // The target got the shared file by a backup of its own.
        let mut own = open(p.target.clone(), &p.keys);
        backup(
            &mut own,
            "nightly",
            3,
            &[("C/DConcept/DEDATA/A.DAT", noise(1, 600_000))],
        );
        let source = open(p.source.clone(), &p.keys);
        let mut target = locked(p.target.clone(), &p.keys);
        let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
        assert!(r.stopped.is_none());
        assert_eq!(r.copied.len(), 2);
        // A.DAT is 10 chunks; b.txt (1 chunk), c.bin (5 chunks) and 2 tree blobs travel.
        assert_eq!(r.blobs, 1 + 5 + 2);
        assert!(
            r.bytes_written < 600_000,
            "A.DAT did not travel again: {}",
            r.bytes_written
        );
        drop(target);
        let t = open(p.target.clone(), &p.keys);
        assert_eq!(all(&t).len(), 3);
    }

    #[test]
    fn other_recipients_get_new_packs_they_can_open() {
        let p = pair();
        // Same installation secrets, but the target encrypts to other keys.
        let other = keys();
        let target_backend = Arc::new(MemoryBackend::new());
        let secrets = open(p.source.clone(), &p.keys).config().secrets.clone();
        init(target_backend.clone(), &other, &secrets);
        let source = open(p.source.clone(), &p.keys);
        let mut target = locked(target_backend.clone(), &other);
        let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
        assert!(r.stopped.is_none());
        assert_eq!((r.packs_copied, r.copied.len()), (0, 2));
        assert!(r.packs_repacked > 0);
        drop(target);
        // The target's own key reads everything; the source's key nothing.
        let t = open(target_backend.clone(), &other);
        assert_eq!(contents(&t), contents(&source));
        assert!(Repository::open(target_backend, p.keys.ids.clone()).is_err());
    }

    #[test]
    fn another_installation_is_refused_before_anything_is_written() {
        let p = pair();
        let stranger = Arc::new(MemoryBackend::new());
        init(stranger.clone(), &p.keys, &Secrets::generate());
        let before = stranger.with_files(|f| f.len());
        let source = open(p.source.clone(), &p.keys);
        let mut target = locked(stranger.clone(), &p.keys);
        let err = copy(&source, &mut target, &all(&source), &Silent).unwrap_err();
        assert!(
            matches!(err, RepoError::OtherRepositorySecrets { .. }),
            "{err}"
        );
        drop(target);
        assert_eq!(
            stranger.with_files(|f| f.len()),
            before,
            "only the lock came and went"
        );
    }

    /// A power cut at every write in turn: the target always opens, holds
    /// only whole snapshots, and the next run completes without sending a
    /// pack twice.
    #[test]
    fn stopped_at_any_write_the_next_run_completes() {
        let p = pair();
        let source = open(p.source.clone(), &p.keys);
        let wanted = all(&source);
        let secrets = source.config().secrets.clone();
        let mut n = 1;
        loop {
            let faulty = Arc::new(FaultyBackend::new(MemoryBackend::new()));
            init(faulty.clone(), &p.keys, &secrets);
            faulty.set_fault_at_write(n, WriteFault::Abort);
            let first = match LockedRepo::<Shared>::open(
                Repository::open(faulty.clone(), p.keys.ids.clone()).unwrap(),
                "mirror",
            ) {
                Ok(mut target) => copy(&source, &mut target, &wanted, &Silent).unwrap(),
                Err(_) => CopyReport::default(),
            };
            if !faulty.fault_fired() {
                assert_eq!(first.copied.len(), 2);
                break;
            }
            // "Reboot": the medium as the power cut left it, minus the dead lock.
            faulty.heal();
            faulty
                .inner()
                .with_files(|f| f.retain(|k, _| !k.starts_with("locks/")));
            let after = open(faulty.clone(), &p.keys);
            let visible = all(&after);
            assert_eq!(
                visible.len(),
                first.copied.len(),
                "write {n}: only whole snapshots"
            );
            for (_, s) in &visible {
                after.load_tree(s).unwrap();
            }
            let packs = |b: &MemoryBackend| -> Vec<String> {
                b.with_files(|f| {
                    f.keys()
                        .filter(|k| k.starts_with("packs/"))
                        .cloned()
                        .collect()
                })
            };
            let packs_before = packs(faulty.inner());
            let mut target = locked(faulty.clone(), &p.keys);
            let second = copy(&source, &mut target, &wanted, &Silent).unwrap();
            assert!(second.stopped.is_none(), "write {n}: {:?}", second.stopped);
            assert_eq!(second.copied.len() + second.present, 2);
            drop(target);
            let done = open(faulty.clone(), &p.keys);
            assert_eq!(contents(&done), contents(&source), "write {n}");
            let packs_after = packs(faulty.inner());
            assert!(packs_before.iter().all(|k| packs_after.contains(k)));
            let blobs_needed: usize = contents(&source).len();
            assert!(blobs_needed > 0);
            // Every pack holds blobs no other pack holds: nothing sent twice.
            let mut seen = HashSet::new();
            for pk in done.index().packs() {
                for b in &pk.blobs {
                    assert!(seen.insert(b.id), "write {n}: blob {} stored twice", b.id);
                }
            }
            n += 1;
        }
        assert!(n > 5, "the copy has several writes to stop at");
    }

    #[test]
    fn a_damaged_source_pack_is_not_spread() {
        let p = pair();
        let source = open(p.source.clone(), &p.keys);
        let wanted = all(&source);
        // Flip a byte in the middle of every pack the newest snapshot alone uses.
        let (_, newest) = wanted.last().unwrap().clone();
        let c_bin = source
            .load_tree(&newest)
            .unwrap()
            .into_iter()
            .find(|n| n.path == "C/c.bin")
            .unwrap();
        let pack = source.index().get(&c_bin.chunks[0]).unwrap().0.id;
        p.source.with_files(|f| {
            let bytes = f.get_mut(&pack_key(&pack)).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x40;
        });
        let source = open(p.source.clone(), &p.keys);
        let mut target = locked(p.target.clone(), &p.keys);
        let r = copy(&source, &mut target, &wanted, &Silent).unwrap();
        assert_eq!(r.copied.len(), 1, "the older snapshot arrives");
        assert_eq!(
            r.skipped.len(),
            1,
            "the damaged one is named: {:?}",
            r.skipped
        );
        assert!(r.stopped.is_none());
        assert!(!p.target.with_files(|f| f.contains_key(&pack_key(&pack))));
    }
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod copy_tests;

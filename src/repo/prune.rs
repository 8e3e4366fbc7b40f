//! `prune`: free what no snapshot needs, in two runs (docs/format.md,
//! "Prune"). Runs on a [`LockedRepo<Exclusive>`]: the lock was taken before
//! the index was loaded.
//!
//! 1. Every blob a snapshot references is *used*. Each used blob gets one
//!    canonical copy, in a reusable pack where there is one, chosen greedily
//!    so that few packs cover everything: the duplicates two concurrent
//!    backups leave end up in packs that cover nothing new.
//! 2. A pack without a canonical copy is *unneeded*. The prune that first
//!    finds it so marks it (`pending/`); a later prune deletes it if it is
//!    still unneeded and no lock that prune saw is older than the mark. A
//!    marked pack that is needed again loses its mark.
//! 3. A needed pack with more than a quarter of its bytes unused or
//!    duplicated elsewhere is repacked: its canonical blobs go into new
//!    packs, and it is marked like an unneeded one.
//! 4. Temporary files of interrupted writes are removed when no run that
//!    could own them holds a lock.
//!
//! Write order, so that a crash at any point leaves every snapshot complete:
//! new packs → new index → old index files deleted → old pending marks
//! deleted → new pending marks → packs deleted → damage marks of deleted
//! packs dropped → temporary files removed.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::error::{RepoError, Result};
use super::id::Id;
use super::index::{self, Index, PackInfo};
use super::lock::{Exclusive, LockedRepo};
use super::marks::{self, MarkSet, PackMark, DAMAGED_DIR, PENDING_DIR};
use super::repository::{index_key, pack_key, IndexedRepo, UnusablePack};
use super::saver::BlobSaver;

/// A pack with more than this share of unused or duplicate bytes is rewritten.
const REPACK_WASTE_SHARE: f64 = 0.25;

#[derive(Debug, Default)]
pub struct PruneReport {
    pub snapshots: usize,
    pub packs_kept: usize,
    pub packs_repacked: usize,
    /// Unneeded packs marked by this run (a later prune deletes them).
    pub packs_marked: usize,
    /// Packs marked earlier that still wait (a lock older than the mark was seen).
    pub packs_waiting: usize,
    pub packs_deleted: usize,
    /// Marked packs that a snapshot needs again.
    pub marks_cancelled: usize,
    /// Bytes in kept packs whose canonical copy is in another pack.
    pub duplicate_bytes: u64,
    /// Index entries of missing packs that nothing needs, dropped.
    pub missing_forgotten: usize,
    /// Missing or wrong-size packs holding the only copy of used blobs.
    pub unusable_needed: Vec<UnusablePack>,
    pub bytes_freed: u64,
    pub bytes_marked: u64,
    pub leftovers_removed: usize,
    /// Temporary files left for a later prune (a run that could own them holds a lock).
    pub leftovers_kept: usize,
    /// Unneeded packs that Object Lock still protects: kept, marked, and
    /// deleted by a prune after `locked_until`.
    pub packs_locked: usize,
    /// Index or mark files whose delete the retention refused (harmless:
    /// the new index covers them).
    pub files_locked: usize,
    /// The latest retention date among what stays locked (UTC).
    pub locked_until: Option<DateTime<Utc>>,
    /// Kept packs whose Object Lock was extended to the newest snapshot's,
    /// so that no snapshot can lose data before its own lock ends.
    pub retention_extended: usize,
    pub dry_run: bool,
}

/// What happens to one pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    Repack,
    Unneeded,
}

/// The decision for every usable pack, by position in `Index::packs()`.
struct Plan {
    fates: Vec<Fate>,
    /// Blobs whose canonical copy is in this pack.
    canonical: Vec<Vec<usize>>,
    /// Used blobs that have a canonical copy.
    covered: HashSet<Id>,
    duplicate_bytes: u64,
}

/// Greedy cover: reusable packs first, by the bytes of used blobs they add;
/// packs that may not be reused (marked) only for what nothing else holds.
fn plan(index: &Index, damaged: &MarkSet, used: &HashSet<Id>) -> Plan {
    let packs = index.packs();
    let mut owner: HashMap<Id, usize> = HashMap::new();
    for pass_reusable in [true, false] {
        let gain = |i: usize, owner: &HashMap<Id, usize>| -> u64 {
            packs[i]
                .blobs
                .iter()
                .filter(|b| used.contains(&b.id) && !owner.contains_key(&b.id))
                .map(|b| u64::from(b.stored_len))
                .sum()
        };
        let mut heap: BinaryHeap<(u64, Reverse<usize>)> = (0..packs.len())
            .filter(|i| index.is_reusable(&packs[*i].id) == pass_reusable)
            .map(|i| (gain(i, &owner), Reverse(i)))
            .filter(|(g, _)| *g > 0)
            .collect();
        while let Some((g, Reverse(i))) = heap.pop() {
            let now = gain(i, &owner);
            if now < g {
                // Others covered part of it meanwhile: queue it with what it still adds.
                if now > 0 {
                    heap.push((now, Reverse(i)));
                }
                continue;
            }
            for b in &packs[i].blobs {
                if used.contains(&b.id) {
                    owner.entry(b.id).or_insert(i);
                }
            }
        }
    }
    let mut canonical = vec![Vec::new(); packs.len()];
    let mut fates = Vec::with_capacity(packs.len());
    let mut duplicate_bytes = 0;
    for (i, p) in packs.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut needed = 0u64;
        for (e, b) in p.blobs.iter().enumerate() {
            if owner.get(&b.id) == Some(&i) && seen.insert(b.id) {
                canonical[i].push(e);
                needed += u64::from(b.stored_len);
            } else if used.contains(&b.id) {
                duplicate_bytes += u64::from(b.stored_len);
            }
        }
        let total = p
            .blobs
            .iter()
            .map(|b| u64::from(b.stored_len))
            .sum::<u64>()
            .max(1);
        let waste = (total - needed.min(total)) as f64 / total as f64;
        // A damaged pack cannot be read whole: it is kept as it is.
        fates.push(if needed == 0 {
            Fate::Unneeded
        } else if waste > REPACK_WASTE_SHARE && !damaged.contains(&p.id) {
            Fate::Repack
        } else {
            Fate::Keep
        });
    }
    Plan {
        fates,
        canonical,
        covered: owner.into_keys().collect(),
        duplicate_bytes,
    }
}

/// What becomes of a pack that is not needed: deleted now, or marked.
enum Sweep {
    Delete,
    Mark(PackMark),
}

/// Deleted only when marked by an earlier prune and no lock this prune saw
/// (stale ones included) is older than the mark: no run that could have
/// loaded an index from before the mark can still be at work.
fn sweep(repo: &LockedRepo<Exclusive>, id: Id, reason: &str) -> Sweep {
    match repo.marks().pending.get(&id) {
        Some(m) if repo.lock().no_other_lock_before(m.marked) => Sweep::Delete,
        Some(m) => Sweep::Mark(m.clone()),
        None => Sweep::Mark(PackMark {
            pack: id,
            marked: Utc::now(),
            reason: reason.to_string(),
        }),
    }
}

pub fn prune(repo: &mut LockedRepo<Exclusive>, dry_run: bool) -> Result<PruneReport> {
    let list = repo.snapshots()?;
    if let Some((key, why)) = list.damaged.first() {
        // Without the snapshot we cannot know what it needs: delete nothing.
        return Err(RepoError::PruneRefused {
            key: key.clone(),
            damage: why.clone(),
        });
    }
    let mut used: HashSet<Id> = HashSet::new();
    for (_, snap) in &list.ok {
        used.extend(snap.tree.iter().copied());
        for n in repo.load_tree(snap)? {
            used.extend(n.chunks);
        }
    }
    let mut report = PruneReport {
        snapshots: list.ok.len(),
        dry_run,
        ..Default::default()
    };
    let plan = plan(repo.index(), &repo.marks().damaged, &used);
    report.duplicate_bytes = plan.duplicate_bytes;

    // Decide every pack's fate and the new index's content.
    let mut new_index: Vec<PackInfo> = Vec::new();
    let mut new_marks: Vec<PackMark> = Vec::new();
    let mut delete: Vec<(Id, u64)> = Vec::new();
    let mut repack: Vec<usize> = Vec::new();
    let mut repack_marks: Vec<PackMark> = Vec::new();
    let now = Utc::now();
    let mut decide =
        |id: Id, size: u64, reason: &str, report: &mut PruneReport| match sweep(repo, id, reason) {
            Sweep::Delete => match locked(repo.backend().as_ref(), &pack_key(&id), now) {
                // Still under Object Lock: stays indexed and marked, a
                // later prune deletes it.
                Some(until) => {
                    report.packs_locked += 1;
                    report.locked_until = report.locked_until.max(Some(until));
                    if let Some(m) = repo.marks().pending.get(&id) {
                        new_marks.push(m.clone());
                    }
                    true
                }
                None => {
                    delete.push((id, size));
                    false
                }
            },
            Sweep::Mark(m) => {
                if repo.marks().pending.contains(&id) {
                    report.packs_waiting += 1;
                } else {
                    report.packs_marked += 1;
                    report.bytes_marked += size;
                }
                new_marks.push(m);
                true
            }
        };
    for (i, p) in repo.index().packs().iter().enumerate() {
        let keep_entry = match plan.fates[i] {
            Fate::Keep => {
                report.packs_kept += 1;
                if repo.marks().pending.contains(&p.id) {
                    report.marks_cancelled += 1;
                }
                true
            }
            Fate::Repack => {
                repack.push(i);
                // Marked afresh: deleted by a later prune, never by this one.
                report.packs_repacked += 1;
                repack_marks.push(PackMark {
                    pack: p.id,
                    marked: Utc::now(),
                    reason: "repacked".into(),
                });
                true
            }
            Fate::Unneeded => {
                let reason = if p.blobs.iter().any(|b| used.contains(&b.id)) {
                    "duplicate"
                } else {
                    "unreferenced"
                };
                decide(p.id, p.cipher_len, reason, &mut report)
            }
        };
        if keep_entry {
            new_index.push(p.clone());
        }
    }
    for u in repo.unusable_packs() {
        let needed = u
            .pack
            .blobs
            .iter()
            .any(|b| used.contains(&b.id) && !plan.covered.contains(&b.id));
        let keep_entry = match (needed, u.found) {
            // The only copy of used data: keep naming it, check reports it.
            (true, _) => {
                report.unusable_needed.push(u.clone());
                true
            }
            (false, None) => {
                report.missing_forgotten += 1;
                false
            }
            (false, Some(size)) => decide(u.pack.id, size, "wrong size", &mut report),
        };
        if keep_entry {
            new_index.push(u.pack.clone());
        }
    }
    new_marks.extend(repack_marks);
    report.bytes_freed = delete.iter().map(|(_, s)| s).sum();
    report.packs_deleted = delete.len();
    let leftovers = leftovers_to_remove(repo, &mut report)?;
    if dry_run {
        report.leftovers_removed = leftovers.len();
        return Ok(report);
    }

    report.retention_extended = extend_locks(repo, &plan, &list.ok)?;

    // Repack: the saver must not skip survivors just because the index knows them.
    let mut written_index_files = Vec::new();
    if !repack.is_empty() {
        let mut saver = BlobSaver::start(repo, 2);
        for &i in &repack {
            let p = &repo.index().packs()[i];
            let plain = repo.read_pack(p)?;
            for &e in &plan.canonical[i] {
                let entry = p.blobs.entry(e);
                let data = repo.blob_from_pack(&plain, p, &entry)?;
                saver.save_unconditionally(entry.id, entry.kind, &data)?;
            }
        }
        let (packs, stats) = saver.finish()?;
        new_index.extend(packs);
        written_index_files = stats.index_files;
    }

    let pending_changed = pending_changed(&repo.marks().pending, &new_marks);
    let index_changed = !delete.is_empty()
        || !repack.is_empty()
        || report.missing_forgotten > 0
        || repo.index_files().len() > 1
        || !repo.recovered_packs().is_empty()
        || !repo.damaged_index_files().is_empty();
    let backend = repo.backend().clone();
    if index_changed {
        let new_id = Id::random();
        repo.save_file(&index_key(&new_id), &index::encode(&new_index))?;
        for old in repo
            .index_files()
            .iter()
            .chain(repo.damaged_index_files())
            .chain(&written_index_files)
        {
            delete_unless_locked(backend.as_ref(), &index_key(old), &mut report)?;
        }
    }
    if pending_changed {
        // Old marks go first: a crash in between leaves fewer marks, which
        // only delays a deletion.
        let old = &repo.marks().pending;
        for key in old.files.iter().chain(&old.unreadable) {
            delete_unless_locked(backend.as_ref(), key, &mut report)?;
        }
        if !new_marks.is_empty() {
            marks::save(repo, PENDING_DIR, new_marks)?;
        }
    }
    for (id, _) in &delete {
        backend.delete(&pack_key(id))?;
    }
    drop_damage_marks_of_gone(repo, &delete)?;
    for l in &leftovers {
        backend.delete_leftover(&l.name)?;
        report.leftovers_removed += 1;
        report.bytes_freed += l.size;
    }
    Ok(report)
}

/// Until when Object Lock protects `key`, if it still does at `now`.
fn locked(
    backend: &dyn crate::storage::Backend,
    key: &str,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match backend.retention(key) {
        Ok(Some(until)) if until > now => Some(until),
        _ => None,
    }
}

/// Deletes `key`; a delete the retention refuses is counted, not an error.
fn delete_unless_locked(
    backend: &dyn crate::storage::Backend,
    key: &str,
    report: &mut PruneReport,
) -> Result<()> {
    match backend.delete(key) {
        Err(crate::storage::StorageError::RetentionRefused { until, .. }) => {
            report.files_locked += 1;
            report.locked_until = report.locked_until.max(until);
            Ok(())
        }
        other => Ok(other?),
    }
}

/// Object Lock: a kept pack must stay protected as long as the newest
/// snapshot that may need it, or a stolen server's credentials could delete
/// old packs a new snapshot still references once their own lock ended.
/// Each kept pack whose lock ends more than a day before the newest
/// snapshot file's is extended to it. Returns how many were extended; a
/// backend without Object Lock costs one request and extends nothing.
fn extend_locks(
    repo: &LockedRepo<Exclusive>,
    plan: &Plan,
    snapshots: &[(Id, super::snapshot::Snapshot)],
) -> Result<usize> {
    let backend = repo.backend();
    let Some((newest, _)) = snapshots.last() else {
        return Ok(0);
    };
    let Some(reference) = backend.retention(&super::repository::snapshot_key(newest))? else {
        return Ok(0);
    };
    let margin = chrono::Duration::days(1);
    let mut extended = 0;
    for (i, p) in repo.index().packs().iter().enumerate() {
        if plan.fates[i] == Fate::Unneeded {
            continue;
        }
        let key = pack_key(&p.id);
        match backend.retention(&key)? {
            Some(until) if until + margin >= reference => {}
            _ => {
                backend.extend_retention(&key, reference)?;
                extended += 1;
            }
        }
    }
    Ok(extended)
}

fn pending_changed(old: &MarkSet, new: &[PackMark]) -> bool {
    old.files.len() + old.unreadable.len() != usize::from(!new.is_empty())
        || old.len() != new.len()
        || new.iter().any(|m| old.get(&m.pack) != Some(m))
}

/// Damage marks name packs; once a pack is gone (deleted now, or missing
/// already), its mark goes too. A new file with the rest is written before
/// the old ones are deleted: a damage mark must never get lost by a crash.
fn drop_damage_marks_of_gone(repo: &IndexedRepo, deleted: &[(Id, u64)]) -> Result<()> {
    let damaged = &repo.marks().damaged;
    let deleted: HashSet<Id> = deleted.iter().map(|(id, _)| *id).collect();
    let present_unusable: HashSet<Id> = repo
        .unusable_packs()
        .iter()
        .filter(|u| u.found.is_some())
        .map(|u| u.pack.id)
        .collect();
    let gone = |id: &Id| {
        deleted.contains(id) || !(repo.index().has_pack(id) || present_unusable.contains(id))
    };
    if !damaged.iter().any(|m| gone(&m.pack)) {
        return Ok(());
    }
    let rest: Vec<PackMark> = damaged.iter().filter(|m| !gone(&m.pack)).cloned().collect();
    if !rest.is_empty() {
        marks::save(repo, DAMAGED_DIR, rest)?;
    }
    for key in &damaged.files {
        repo.backend().delete(key)?;
    }
    Ok(())
}

/// Temporary files no running process can own: every one when prune saw no
/// other lock; otherwise only those older than the oldest lock it saw (a
/// stale run may still be alive and writing). Deleting a temp file never
/// loses data (no snapshot names it); the rule only spares a live writer.
fn leftovers_to_remove(
    repo: &LockedRepo<Exclusive>,
    report: &mut PruneReport,
) -> Result<Vec<crate::storage::Leftover>> {
    let all = repo.backend().list_leftovers()?;
    let lock = repo.lock();
    let limit = lock.oldest_other();
    let (remove, keep): (Vec<_>, Vec<_>) = all.into_iter().partition(|l| {
        if lock.others_unreadable() {
            return false;
        }
        match (limit, l.modified) {
            (None, _) => true,
            (Some(oldest), Some(m)) => chrono::DateTime::<Utc>::from(m) < oldest,
            (Some(_), None) => false,
        }
    });
    report.leftovers_kept = keep.len();
    Ok(remove)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rand::{RngCore, SeedableRng};

    use super::*;
    use crate::repo::blob::BlobKind;
    use crate::repo::crypto::{generate_key, Identities};
    use crate::repo::lock::{LockInfo, RepoLock, Shared};
    use crate::repo::repofile::Secrets;
    use crate::repo::tree::{self, Node, NodeKind};
    use crate::repo::{InitOptions, Repository, Snapshot};
    use crate::storage::memory::MemoryBackend;
    use crate::storage::Backend;

    struct Fx {
        backend: Arc<dyn Backend>,
        ids: Arc<Identities>,
    }

    fn fixture_on(backend: Arc<dyn Backend>) -> Fx {
        let key = generate_key();
        let mut opts = InitOptions::new(vec![key.recipient], Secrets::generate());
        opts.pack_size = 256 * 1024;
        Repository::init(backend.clone(), opts).unwrap();
        Fx {
            backend,
            ids: Arc::new(Identities::parse(&key.secret).unwrap()),
        }
    }

    fn fixture() -> Fx {
        fixture_on(Arc::new(MemoryBackend::new()))
    }

    impl Fx {
        fn open(&self) -> IndexedRepo {
            self.repository().load_index().unwrap()
        }
        fn repository(&self) -> Repository {
            Repository::open(self.backend.clone(), self.ids.clone()).unwrap()
        }
        fn prune(&self) -> Result<PruneReport> {
            let mut repo = LockedRepo::<Exclusive>::open(self.repository(), "prune")?;
            prune(&mut repo, false)
        }
        fn bytes(&self, dir: &str) -> u64 {
            self.backend.list(dir).unwrap().iter().map(|o| o.size).sum()
        }
        fn count(&self, dir: &str) -> usize {
            self.backend.list(dir).unwrap().len()
        }
    }

    /// Noise, so that sizes mean something (seeded: equal seeds, equal blobs).
    fn data(seed: u64, n: usize) -> Vec<Vec<u8>> {
        let mut r = rand::rngs::StdRng::seed_from_u64(seed);
        (0..n)
            .map(|_| {
                let mut v = vec![0u8; 100_000];
                r.fill_bytes(&mut v);
                v
            })
            .collect()
    }

    /// Stores `blobs` and a tree blob naming them (what one backup session
    /// writes before its snapshot); returns the chunk ids and the tree id.
    fn store(repo: &mut IndexedRepo, blobs: &[Vec<u8>], name: &str) -> (Vec<Id>, Id) {
        let mut saver = BlobSaver::start(repo, 2);
        let mut chunks = Vec::new();
        for b in blobs {
            let id = repo.id_key().id_of(b);
            saver.save(repo, id, BlobKind::Data, b).unwrap();
            chunks.push(id);
        }
        let node = Node {
            path: name.into(),
            kind: NodeKind::File,
            size: 0,
            mtime_ns: 0,
            mode: 0o644,
            attributes: 0,
            target: None,
            chunks: chunks.clone(),
            hardlink: None,
        };
        let mut line = Vec::new();
        tree::encode_line(&node, &mut line);
        let tree_id = repo.id_key().id_of(&line);
        saver.save(repo, tree_id, BlobKind::Tree, &line).unwrap();
        let (packs, _) = saver.finish().unwrap();
        repo.add_packs(packs);
        (chunks, tree_id)
    }

    fn snapshot(repo: &IndexedRepo, tree_id: Id) {
        repo.save_snapshot(&Snapshot {
            version: 1,
            time: chrono::Local::now().fixed_offset(),
            host: "h".into(),
            job: "j".into(),
            practice: String::new(),
            tool_version: "t".into(),
            tree: vec![tree_id],
            parent: None,
            recipients: vec![],
            sources: vec![],
            databases: vec![],
            summary: Default::default(),
        })
        .unwrap();
    }

    /// One backup session: its blobs, then its snapshot.
    fn back_up(repo: &mut IndexedRepo, blobs: &[Vec<u8>]) -> Vec<Id> {
        let (chunks, tree_id) = store(repo, blobs, "befund.pdf");
        snapshot(repo, tree_id);
        chunks
    }

    fn forget_all(fx: &Fx) {
        for o in fx.backend.list("snapshots/").unwrap() {
            fx.backend.delete(&o.key).unwrap();
        }
    }

    fn readable(fx: &Fx, ids: &[Id]) -> bool {
        let repo = fx.open();
        ids.iter().all(|id| repo.read_blob(id).is_ok())
    }

    #[test]
    fn the_first_prune_marks_a_later_one_deletes_and_a_needed_mark_is_cancelled() {
        let fx = fixture();
        let kept = back_up(&mut fx.open(), &data(1, 4));
        // Stored, but no snapshot names it (a forgotten snapshot's data).
        let (dropped, dropped_tree) = store(&mut fx.open(), &data(2, 4), "alt.pdf");
        let before = fx.bytes("packs/");

        let r = fx.prune().unwrap();
        assert!(r.packs_marked > 0 && r.packs_deleted == 0, "{r:?}");
        assert_eq!(
            fx.bytes("packs/"),
            before,
            "nothing deleted in the first run"
        );
        assert_eq!(fx.count("pending/"), 1);
        // Marked packs are read, never reused: a backup stores their data again.
        let repo = fx.open();
        assert!(repo.index().contains(&dropped[0]));
        assert!(!repo.index().contains_reusable(&dropped[0]));
        assert!(repo.index().contains_reusable(&kept[0]));
        drop(repo);

        // A run that loaded its index before the mark references the marked
        // data: its snapshot appears before the next prune.
        snapshot(&fx.open(), dropped_tree);
        let r = fx.prune().unwrap();
        assert_eq!(r.packs_deleted, 0, "{r:?}");
        assert!(r.marks_cancelled > 0, "{r:?}");
        assert!(readable(&fx, &dropped) && readable(&fx, &kept));
        assert!(
            fx.open().index().contains_reusable(&dropped[0]),
            "mark gone"
        );
        assert_eq!(fx.count("pending/"), 0);

        // Forget everything: two runs, then the data is gone.
        forget_all(&fx);
        let r = fx.prune().unwrap();
        assert_eq!(r.packs_deleted, 0);
        let r = fx.prune().unwrap();
        assert!(r.packs_deleted > 0, "{r:?}");
        assert_eq!(fx.count("packs/"), 0);
        assert_eq!(fx.count("pending/"), 0);
        assert_eq!(fx.count("index/"), 1);
    }

    /// An Object Lock bucket in miniature: every object written is locked
    /// for `days` (locks/ excepted, as the S3 backend does), a delete of a
    /// locked object is refused, retention can be extended, never shortened.
    struct Locking {
        inner: MemoryBackend,
        days: i64,
        until: std::sync::Mutex<std::collections::HashMap<String, DateTime<Utc>>>,
    }

    impl Locking {
        fn age_all(&self, by: chrono::Duration) {
            for t in self.until.lock().unwrap().values_mut() {
                *t -= by;
            }
        }
    }

    impl Backend for Locking {
        fn location(&self) -> String {
            "locking".into()
        }
        fn get(&self, key: &str) -> std::result::Result<Vec<u8>, crate::storage::StorageError> {
            self.inner.get(key)
        }
        fn get_range(
            &self,
            key: &str,
            o: u64,
            l: u64,
        ) -> std::result::Result<Vec<u8>, crate::storage::StorageError> {
            self.inner.get_range(key, o, l)
        }
        fn put(
            &self,
            key: &str,
            data: &[u8],
        ) -> std::result::Result<(), crate::storage::StorageError> {
            if !key.starts_with("locks/") {
                let until = Utc::now() + chrono::Duration::days(self.days);
                self.until.lock().unwrap().insert(key.into(), until);
            }
            self.inner.put(key, data)
        }
        fn put_new(
            &self,
            key: &str,
            data: &[u8],
        ) -> std::result::Result<(), crate::storage::StorageError> {
            self.inner.put_new(key, data)
        }
        fn list(
            &self,
            prefix: &str,
        ) -> std::result::Result<Vec<crate::storage::ObjectInfo>, crate::storage::StorageError>
        {
            self.inner.list(prefix)
        }
        fn delete(&self, key: &str) -> std::result::Result<(), crate::storage::StorageError> {
            let until = self.until.lock().unwrap().get(key).copied();
            match until {
                Some(u) if u > Utc::now() => Err(crate::storage::StorageError::RetentionRefused {
                    location: self.location(),
                    key: key.into(),
                    until: Some(u),
                }),
                _ => self.inner.delete(key),
            }
        }
        fn stat(
            &self,
            key: &str,
        ) -> std::result::Result<Option<crate::storage::ObjectInfo>, crate::storage::StorageError>
        {
            self.inner.stat(key)
        }
        fn retention(
            &self,
            key: &str,
        ) -> std::result::Result<Option<DateTime<Utc>>, crate::storage::StorageError> {
            Ok(self.until.lock().unwrap().get(key).copied())
        }
        fn extend_retention(
            &self,
            key: &str,
            until: DateTime<Utc>,
        ) -> std::result::Result<(), crate::storage::StorageError> {
            let mut m = self.until.lock().unwrap();
            let t = m.entry(key.into()).or_insert(until);
            *t = (*t).max(until);
            Ok(())
        }
    }

    /// Object Lock: prune deletes nothing still locked (no error, counted,
    /// deleted by a later prune once the lock ended), and it extends the
    /// lock of packs the newest snapshot still needs to that snapshot's.
    #[test]
    fn locked_packs_stay_until_their_lock_ends_and_needed_packs_get_a_longer_lock() {
        let locking = Arc::new(Locking {
            inner: MemoryBackend::new(),
            days: 30,
            until: Default::default(),
        });
        let fx = fixture_on(locking.clone());
        let old = back_up(&mut fx.open(), &data(1, 4));
        // 20 days later: a new snapshot reuses the old data, adds new data.
        locking.age_all(chrono::Duration::days(20));
        let mut blobs = data(1, 4);
        blobs.extend(data(2, 2));
        back_up(&mut fx.open(), &blobs);
        let old_pack = pack_key(&fx.open().index().get(&old[0]).unwrap().0.id);
        let before = locking.retention(&old_pack).unwrap().unwrap();

        // The first snapshot is forgotten (its file's lock has ended by then).
        locking.age_all(chrono::Duration::days(11));
        let snaps = fx.open().snapshots().unwrap().ok;
        locking
            .until
            .lock()
            .unwrap()
            .remove(&super::super::repository::snapshot_key(&snaps[0].0));
        fx.backend
            .delete(&super::super::repository::snapshot_key(&snaps[0].0))
            .unwrap();
        let r = fx.prune().unwrap();
        assert!(r.retention_extended > 0, "{r:?}");
        let after = locking.retention(&old_pack).unwrap().unwrap();
        let newest = locking
            .retention(&super::super::repository::snapshot_key(&snaps[1].0))
            .unwrap()
            .unwrap();
        assert!(
            after > before && after >= newest,
            "the old pack lives as long as the newest snapshot"
        );

        // Forget everything: the packs are unneeded but still locked.
        for (id, _) in &snaps[1..] {
            locking
                .until
                .lock()
                .unwrap()
                .remove(&super::super::repository::snapshot_key(id));
        }
        forget_all(&fx);
        fx.prune().unwrap();
        let r = fx.prune().unwrap();
        assert_eq!(r.packs_deleted, 0, "{r:?}");
        assert!(r.packs_locked > 0 && r.locked_until.is_some(), "{r:?}");
        assert!(fx.count("packs/") > 0);
        // Once every lock ended, a prune deletes them.
        locking.age_all(chrono::Duration::days(400));
        let r = fx.prune().unwrap();
        assert!(r.packs_deleted > 0, "{r:?}");
        assert_eq!(fx.count("packs/"), 0);
    }

    #[test]
    fn a_pack_written_under_a_lock_survives_while_a_lock_older_than_its_mark_exists() {
        let fx = fixture();
        // A backup holds its lock and has written a pack, no snapshot yet.
        let backup = RepoLock::acquire(fx.backend.clone(), false, "backup").unwrap();
        let mut repo = fx.open();
        let mut saver = BlobSaver::start(&repo, 1);
        let blob = data(3, 1).remove(0);
        let id = repo.id_key().id_of(&blob);
        saver.save(&repo, id, BlobKind::Data, &blob).unwrap();
        repo.add_packs(saver.finish().unwrap().0);
        assert!(matches!(fx.prune(), Err(RepoError::Locked { .. })));

        // The backup hangs: its lock is not refreshed for longer than the
        // stale limit. Prune removes the lock, but only marks the pack.
        let lock_key = fx.backend.list("locks/").unwrap()[0].key.clone();
        let mut info: LockInfo =
            serde_json::from_slice(&fx.backend.get(&lock_key).unwrap()).unwrap();
        info.refreshed -= chrono::Duration::minutes(31);
        info.created -= chrono::Duration::minutes(40);
        fx.backend
            .put(&lock_key, &serde_json::to_vec(&info).unwrap())
            .unwrap();
        let r = fx.prune().unwrap();
        assert_eq!((r.packs_marked, r.packs_deleted), (1, 0), "{r:?}");
        assert!(readable(&fx, &[id]));
        // The hung backup wakes: its lock is gone, it writes no snapshot.
        assert!(matches!(backup.verify(), Err(RepoError::LockLost { .. })));

        // Another hung run's lock, created before the mark, is seen (stale):
        // the pack waits one more run.
        info.pid += 1;
        fx.backend
            .put("locks/aaaa", &serde_json::to_vec(&info).unwrap())
            .unwrap();
        let r = fx.prune().unwrap();
        assert_eq!((r.packs_waiting, r.packs_deleted), (1, 0), "{r:?}");
        assert!(readable(&fx, &[id]));
        let r = fx.prune().unwrap();
        assert_eq!(r.packs_deleted, 1, "{r:?}");
        drop(backup);
    }

    #[test]
    fn duplicates_of_two_concurrent_sessions_are_freed() {
        let fx = fixture();
        let blobs = data(4, 12);
        // Both sessions load the index before either has written anything.
        let (mut one, mut two) = (fx.open(), fx.open());
        let a = back_up(&mut one, &blobs);
        let b = back_up(&mut two, &blobs);
        assert_eq!(a, b);
        let twice = fx.bytes("packs/");
        let single = fixture();
        back_up(&mut single.open(), &blobs);
        let once = single.bytes("packs/");
        assert!(twice > once * 19 / 10, "{twice} vs {once}");

        let r = fx.prune().unwrap();
        assert!(r.duplicate_bytes > 0, "{r:?}");
        fx.prune().unwrap();
        let after = fx.bytes("packs/");
        assert!(
            after <= once + once / 10,
            "{after} left, one copy is {once}"
        );
        let repo = fx.open();
        for (_, s) in repo.snapshots().unwrap().ok {
            for n in repo.load_tree(&s).unwrap() {
                for c in &n.chunks {
                    repo.read_blob(c).unwrap();
                }
            }
        }
        assert_eq!(repo.snapshots().unwrap().ok.len(), 2);
    }

    #[test]
    fn temporary_files_go_when_no_run_can_own_them() {
        use crate::storage::local::LocalBackend;
        let dir = tempfile::tempdir().unwrap();
        let local = Arc::new(LocalBackend::create(dir.path().join("repo")).unwrap());
        let fx = fixture_on(local.clone());
        back_up(&mut fx.open(), &data(5, 1));
        let packs = local.root().join("packs").join("ab");
        std::fs::create_dir_all(&packs).unwrap();
        let (old, young) = (
            packs.join(".tmp-00000000000000aa"),
            packs.join(".tmp-00000000000000bb"),
        );
        std::fs::write(&old, b"half a pack").unwrap();
        std::fs::write(&young, b"half a pack").unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        filetime::set_file_mtime(&old, filetime::FileTime::from_system_time(two_hours_ago))
            .unwrap();
        // A stale lock of a run that started an hour ago: it may own the young file.
        let hour_ago = Utc::now() - chrono::Duration::hours(1);
        let info = LockInfo {
            host: "anderer-server".into(),
            pid: 1,
            exclusive: false,
            created: hour_ago,
            refreshed: hour_ago,
            purpose: "backup".into(),
        };
        local
            .put("locks/stale", &serde_json::to_vec(&info).unwrap())
            .unwrap();
        let r = fx.prune().unwrap();
        assert_eq!((r.leftovers_removed, r.leftovers_kept), (1, 1), "{r:?}");
        assert!(!old.exists() && young.exists());
        let r = fx.prune().unwrap();
        assert_eq!((r.leftovers_removed, r.leftovers_kept), (1, 0), "{r:?}");
        assert!(!young.exists());
        // A shared lock held now: prune does not run at all.
        let _held = LockedRepo::<Shared>::open(fx.repository(), "backup").unwrap();
        assert!(matches!(fx.prune(), Err(RepoError::Locked { .. })));
    }
}

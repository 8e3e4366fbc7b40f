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

use chrono::Utc;

use super::error::{RepoError, Result};
use super::id::Id;
use super::index::{self, Index, PackInfo};
use super::lock::{Exclusive, LockedRepo};
use super::marks::{self, MarkSet, PackMark, DAMAGED_DIR, PENDING_DIR};
use super::repository::{index_key, pack_key, IndexedRepo};
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
    pub unusable_needed: Vec<String>,
    pub bytes_freed: u64,
    pub bytes_marked: u64,
    pub leftovers_removed: usize,
    /// Temporary files left for a later prune (a run that could own them holds a lock).
    pub leftovers_kept: usize,
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
        return Err(RepoError::damaged(
            key,
            format!("{why}; prune refuses to run until `tresor check` is clean"),
        ));
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
    let mut decide =
        |id: Id, size: u64, reason: &str, report: &mut PruneReport| match sweep(repo, id, reason) {
            Sweep::Delete => {
                delete.push((id, size));
                false
            }
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
                report.unusable_needed.push(u.describe());
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
    drop(decide);
    new_marks.extend(repack_marks);
    report.bytes_freed = delete.iter().map(|(_, s)| s).sum();
    let leftovers = leftovers_to_remove(repo, &mut report)?;
    if dry_run {
        report.leftovers_removed = leftovers.len();
        return Ok(report);
    }

    // Repack: the saver must not skip survivors just because the index knows them.
    let mut written_index_files = Vec::new();
    if !repack.is_empty() {
        let mut saver = BlobSaver::start(repo, 2);
        for &i in &repack {
            let p = &repo.index().packs()[i];
            let plain = repo.read_pack(p)?;
            for &e in &plan.canonical[i] {
                let entry = &p.blobs[e];
                let data = repo.blob_from_pack(&plain, p, entry)?;
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
            backend.delete(&index_key(old))?;
        }
    }
    if pending_changed {
        // Old marks go first: a crash in between leaves fewer marks, which
        // only delays a deletion.
        let old = &repo.marks().pending;
        for key in old.files.iter().chain(&old.unreadable) {
            backend.delete(key)?;
        }
        if !new_marks.is_empty() {
            marks::save(repo, PENDING_DIR, new_marks)?;
        }
    }
    for (id, _) in &delete {
        backend.delete(&pack_key(id))?;
    }
    report.packs_deleted = delete.len();
    drop_damage_marks_of_deleted(repo, &delete)?;
    for l in &leftovers {
        backend.delete_leftover(&l.name)?;
        report.leftovers_removed += 1;
        report.bytes_freed += l.size;
    }
    Ok(report)
}

fn pending_changed(old: &MarkSet, new: &[PackMark]) -> bool {
    old.files.len() + old.unreadable.len() != usize::from(!new.is_empty())
        || old.len() != new.len()
        || new.iter().any(|m| old.get(&m.pack) != Some(m))
}

/// Damage marks name packs; once a pack is gone, its mark goes too (a new
/// file with the rest is written before the old ones are deleted).
fn drop_damage_marks_of_deleted(repo: &IndexedRepo, deleted: &[(Id, u64)]) -> Result<()> {
    let damaged = &repo.marks().damaged;
    let gone: HashSet<Id> = deleted.iter().map(|(id, _)| *id).collect();
    if !damaged.iter().any(|m| gone.contains(&m.pack)) {
        return Ok(());
    }
    let rest: Vec<PackMark> = damaged
        .iter()
        .filter(|m| !gone.contains(&m.pack))
        .cloned()
        .collect();
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

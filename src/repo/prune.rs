//! `prune`: remove data no snapshot references any more. Runs under the
//! exclusive lock and in a crash-safe order: new packs (repacked survivors) →
//! one new index → old index files deleted → unreferenced packs deleted. A
//! crash at any step leaves a repository whose snapshots are all complete;
//! leftovers are found and removed by the next prune.

use std::collections::HashSet;

use super::error::{RepoError, Result};
use super::id::Id;
use super::index::{self, PackInfo};
use super::lock::RepoLock;
use super::repository::{index_key, pack_key, IndexedRepo};
use super::saver::BlobSaver;

/// A pack with more than this share of unused bytes is rewritten.
const REPACK_UNUSED_SHARE: f64 = 0.25;

#[derive(Debug, Default)]
pub struct PruneReport {
    pub snapshots: usize,
    pub packs_deleted: usize,
    pub packs_repacked: usize,
    pub packs_kept: usize,
    pub bytes_freed: u64,
    pub dry_run: bool,
}

pub fn prune(repo: &mut IndexedRepo, dry_run: bool) -> Result<PruneReport> {
    let _lock = RepoLock::acquire(repo.backend().clone(), true, "prune")?;
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
    let (mut keep, mut delete, mut repack) = (Vec::new(), Vec::new(), Vec::new());
    for p in repo.index().packs() {
        let unused: u64 = p
            .blobs
            .iter()
            .filter(|b| !used.contains(&b.id))
            .map(|b| b.stored_len as u64)
            .sum();
        let total: u64 = p
            .blobs
            .iter()
            .map(|b| b.stored_len as u64)
            .sum::<u64>()
            .max(1);
        if unused == total || p.blobs.is_empty() {
            delete.push(p.clone());
        } else if unused as f64 / total as f64 > REPACK_UNUSED_SHARE {
            repack.push(p.clone());
        } else {
            keep.push(p.clone());
        }
    }
    report.packs_deleted = delete.len();
    report.packs_repacked = repack.len();
    report.packs_kept = keep.len();
    report.bytes_freed = delete.iter().chain(&repack).map(|p| p.cipher_len).sum();
    if dry_run
        || (delete.is_empty()
            && repack.is_empty()
            && repo.index_files().len() <= 1
            && repo.recovered_packs().is_empty())
    {
        return Ok(report);
    }

    // Survivors of repacked packs go into new packs; the saver must not skip
    // them just because the (old) index still knows them.
    let mut new_packs: Vec<PackInfo> = Vec::new();
    if !repack.is_empty() {
        let mut saver = BlobSaver::start(repo, 2);
        for p in &repack {
            let plain = repo.read_pack(p)?;
            for e in p.blobs.iter().filter(|b| used.contains(&b.id)) {
                let data = repo.blob_from_pack(&plain, p, e)?;
                saver.save_unconditionally(e.id, e.kind, &data)?;
            }
        }
        let (packs, _) = saver.finish()?;
        new_packs = packs;
        // The saver wrote intermediate index files; they are superseded below.
    }
    keep.extend(new_packs);
    let new_index = Id::random();
    repo.save_file(&index_key(&new_index), &index::encode(&keep))?;
    let backend = repo.backend().clone();
    for obj in backend.list(super::repository::INDEX_DIR)? {
        if super::repository::id_of_key(&obj.key) != Some(new_index) {
            backend.delete(&obj.key)?;
        }
    }
    for p in delete.iter().chain(&repack) {
        backend.delete(&pack_key(&p.id))?;
    }
    Ok(report)
}

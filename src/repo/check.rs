//! `check`: is everything a snapshot needs present and intact? The structural
//! check reads index, snapshots and file lists; `--read-data` also downloads
//! and decrypts every pack and proves every blob against its id. Problems are
//! mapped back to the snapshots and files they affect.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::error::{RepoError, Result};
use super::id::Id;
use super::repository::{pack_key, IndexedRepo, PACK_DIR};
use super::tree::Node;
use crate::report::progress::Phase;
use crate::report::Progress;

#[derive(Debug, Default)]
pub struct CheckReport {
    pub snapshots: usize,
    pub packs: usize,
    pub blobs_read: u64,
    pub bytes_read: u64,
    /// Each problem found, one line each.
    pub errors: Vec<String>,
    /// Snapshot (id, time) → affected paths; `*` when its file list is lost.
    pub affected: BTreeMap<String, Vec<String>>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

pub fn check(repo: &IndexedRepo, read_data: bool, progress: &Progress) -> Result<CheckReport> {
    let mut r = CheckReport {
        errors: repo.problems.clone(),
        ..Default::default()
    };
    let stored: HashMap<Id, u64> = repo
        .backend()
        .list(PACK_DIR)?
        .into_iter()
        .filter_map(|o| super::repository::id_of_key(&o.key).map(|id| (id, o.size)))
        .collect();
    let mut bad_blobs: HashSet<Id> = HashSet::new();
    for p in repo.index().packs() {
        r.packs += 1;
        match stored.get(&p.id) {
            None => {
                r.errors.push(format!("{} is missing", pack_key(&p.id)));
                bad_blobs.extend(p.blobs.iter().map(|b| b.id));
            }
            Some(size) if *size != p.cipher_len => {
                r.errors.push(format!(
                    "{} has {} bytes, the index says {} (truncated or replaced)",
                    pack_key(&p.id),
                    size,
                    p.cipher_len
                ));
                bad_blobs.extend(p.blobs.iter().map(|b| b.id));
            }
            Some(_) => {}
        }
    }
    if read_data {
        let total: u64 = repo.index().packs().iter().map(|p| p.cipher_len).sum();
        progress.start(Phase::Check, total);
        for p in repo.index().packs() {
            if bad_blobs.contains(&p.blobs.first().map(|b| b.id).unwrap_or(Id([0; 32]))) {
                continue;
            }
            match repo.read_pack(p) {
                Ok(plain) => {
                    r.bytes_read += p.cipher_len;
                    for e in &p.blobs {
                        r.blobs_read += 1;
                        if let Err(err) = repo.blob_from_pack(&plain, p, e) {
                            r.errors.push(err.to_string());
                            bad_blobs.insert(e.id);
                        }
                    }
                }
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => {
                    r.errors.push(e.to_string());
                    bad_blobs.extend(p.blobs.iter().map(|b| b.id));
                }
            }
            progress.add(p.cipher_len);
        }
        progress.finish();
    }

    let list = repo.snapshots()?;
    for (key, why) in &list.damaged {
        r.errors.push(format!("{key}: {why}"));
        r.affected.entry(key.clone()).or_default().push("*".into());
    }
    for (id, snap) in &list.ok {
        r.snapshots += 1;
        let label = format!(
            "{} {} ({})",
            id.short(),
            snap.time.format("%Y-%m-%d %H:%M"),
            snap.job
        );
        if let Some(t) = snap
            .tree
            .iter()
            .find(|t| bad_blobs.contains(t) || !repo.index().contains(t))
        {
            r.errors.push(format!(
                "snapshot {label}: file list blob {} is missing or damaged",
                t.short()
            ));
            r.affected.entry(label).or_default().push("*".into());
            continue;
        }
        let nodes: Vec<Node> = match repo.load_tree(snap) {
            Ok(n) => n,
            Err(e @ RepoError::Storage(_)) => return Err(e),
            Err(e) => {
                r.errors.push(format!("snapshot {label}: {e}"));
                r.affected.entry(label).or_default().push("*".into());
                continue;
            }
        };
        for n in &nodes {
            if n.chunks
                .iter()
                .any(|c| bad_blobs.contains(c) || !repo.index().contains(c))
            {
                r.affected
                    .entry(label.clone())
                    .or_default()
                    .push(n.path.clone());
            }
        }
        if let Some(files) = r.affected.get(&label) {
            r.errors.push(format!(
                "snapshot {label}: {} file(s) have missing or damaged data",
                files.len()
            ));
        }
    }
    Ok(r)
}

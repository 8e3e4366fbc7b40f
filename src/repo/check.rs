//! `check`: is everything a snapshot needs present and intact? The structural
//! check reads index, snapshots and file lists; `--read-data` also downloads
//! and decrypts every pack and proves every blob against its id. Problems are
//! mapped back to the snapshots and files they affect.
//!
//! Packs that are missing or of the wrong size were already left out of the
//! index when it was loaded; check names them — as an error while a snapshot
//! needs them, as a warning once their data is stored elsewhere. Packs whose
//! content does not verify are returned in `damaged_packs`, so that the
//! caller can mark them ([`record_damage`]) and no backup reuses them.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::error::{FileDamage, RepoError, Result};
use super::id::Id;
use super::lock::{LockedRepo, Shared};
use super::marks::{self, PackMark, DAMAGED_DIR};
use super::repository::{IndexedRepo, UnusablePack};
use super::tree::Node;
use crate::report::progress::Phase;
use crate::report::Progress;

/// A snapshot named in a check's findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SnapshotRef {
    /// A readable snapshot: its short id, time and job.
    Readable {
        id: String,
        time: DateTime<FixedOffset>,
        job: String,
    },
    /// A snapshot file that could not be read (its key): time and job unknown.
    File(String),
}

/// English, for JSON and logs (`3ca14e1e 2026-11-30 19:35 (nightly)`).
impl fmt::Display for SnapshotRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotRef::Readable { id, time, job } => {
                write!(f, "{id} {} ({job})", time.format("%Y-%m-%d %H:%M"))
            }
            SnapshotRef::File(key) => f.write_str(key),
        }
    }
}

/// One problem a check found; the CLI says it in the practice's language,
/// JSON keeps the English text ([`fmt::Display`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckProblem {
    /// A stored file (index, mark, snapshot or pack file) is damaged.
    File(FileDamage),
    /// A snapshot's file list is missing or damaged (blob `blob`).
    FileListLost { snapshot: SnapshotRef, blob: String },
    /// A snapshot's file list could not be read.
    FileListUnreadable {
        snapshot: SnapshotRef,
        damage: FileDamage,
    },
    /// `files` files of a snapshot have missing or damaged data.
    FilesAffected { snapshot: SnapshotRef, files: usize },
    /// An indexed pack that a snapshot needs is missing (`found` None) or
    /// has another size (bytes) than the index says (`expected`).
    PackUnusable {
        pack: String,
        found: Option<u64>,
        expected: u64,
        blobs: usize,
    },
}

impl CheckProblem {
    /// Not damage: a file no key at hand was written for.
    pub fn is_key_missing(&self) -> bool {
        match self {
            CheckProblem::File(d) | CheckProblem::FileListUnreadable { damage: d, .. } => {
                d.damage.is_key_missing()
            }
            _ => false,
        }
    }
}

impl fmt::Display for CheckProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckProblem::File(d) => write!(f, "{d}"),
            CheckProblem::FileListLost { snapshot, blob } => write!(
                f,
                "snapshot {snapshot}: file list blob {blob} is missing or damaged"
            ),
            CheckProblem::FileListUnreadable { snapshot, damage } => {
                write!(f, "snapshot {snapshot}: {damage}")
            }
            CheckProblem::FilesAffected { snapshot, files } => write!(
                f,
                "snapshot {snapshot}: {files} file(s) have missing or damaged data"
            ),
            CheckProblem::PackUnusable {
                pack,
                found: None,
                blobs,
                ..
            } => write!(f, "{pack} is missing ({blobs} blobs indexed)"),
            CheckProblem::PackUnusable {
                pack,
                found: Some(found),
                expected,
                ..
            } => write!(
                f,
                "{pack} has {found} bytes, the index says {expected} (truncated or replaced)"
            ),
        }
    }
}

#[derive(Debug, Default)]
pub struct CheckReport {
    pub snapshots: usize,
    pub packs: usize,
    pub blobs_read: u64,
    pub bytes_read: u64,
    /// Each problem found.
    pub errors: Vec<CheckProblem>,
    /// Snapshot → affected paths; `*` when its file list is lost.
    pub affected: BTreeMap<SnapshotRef, Vec<String>>,
    /// Missing or wrong-size packs whose data no snapshot needs from them
    /// any more (stored again elsewhere); prune drops them.
    pub unusable_unneeded: Vec<UnusablePack>,
    /// Packs whose content did not verify in this run, and why (English,
    /// kept in the damage mark).
    pub damaged_packs: Vec<(Id, String)>,
    /// Packs marked damaged by an earlier check (never reused).
    pub marked_damaged: usize,
    /// Packs prune marked for deletion.
    pub pending_deletion: usize,
    /// Temporary files of interrupted writes (count, bytes); prune removes them.
    pub leftovers: (usize, u64),
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Not an error, but something a person should look at.
    pub fn has_warnings(&self) -> bool {
        !self.unusable_unneeded.is_empty() || self.marked_damaged > 0
    }
}

pub fn check(repo: &IndexedRepo, read_data: bool, progress: &Progress) -> Result<CheckReport> {
    let mut r = CheckReport {
        errors: (repo.problems.iter())
            .chain(&repo.locked)
            .cloned()
            .map(CheckProblem::File)
            .collect(),
        packs: repo.index().packs().len(),
        marked_damaged: repo
            .marks()
            .damaged
            .iter()
            .filter(|m| repo.index().has_pack(&m.pack))
            .count(),
        pending_deletion: repo.marks().pending.len(),
        ..Default::default()
    };
    let leftovers = repo.backend().list_leftovers()?;
    r.leftovers = (leftovers.len(), leftovers.iter().map(|l| l.size).sum());
    // Blobs whose indexed copy did not verify.
    let mut bad_blobs: HashSet<Id> = HashSet::new();
    if read_data {
        let total: u64 = repo.index().packs().iter().map(|p| p.cipher_len).sum();
        progress.start(Phase::Check, total);
        for p in repo.index().packs() {
            // Only the copy reads go to counts for the snapshots.
            let located_here = |id: &Id| repo.index().get(id).is_some_and(|(lp, _)| lp.id == p.id);
            match repo.read_pack(p) {
                Ok(plain) => {
                    r.bytes_read += p.cipher_len;
                    let mut failed = 0;
                    for e in &p.blobs {
                        r.blobs_read += 1;
                        if let Err(err) = repo.blob_from_pack(&plain, p, &e) {
                            r.errors.push(CheckProblem::File(err.into_file_damage()?));
                            failed += 1;
                            if located_here(&e.id) {
                                bad_blobs.insert(e.id);
                            }
                        }
                    }
                    if failed > 0 {
                        r.damaged_packs
                            .push((p.id, format!("{failed} blob(s) do not verify")));
                    }
                }
                Err(e @ RepoError::Storage(_)) => return Err(e),
                Err(e) => {
                    r.damaged_packs.push((p.id, e.to_string()));
                    r.errors.push(CheckProblem::File(e.into_file_damage()?));
                    bad_blobs.extend(p.blobs.iter().map(|b| b.id).filter(located_here));
                }
            }
            progress.add(p.cipher_len);
        }
        progress.finish();
    }

    // Referenced blobs that no usable pack holds.
    let mut missing: HashSet<Id> = HashSet::new();
    let list = repo.snapshots()?;
    for (key, why) in &list.damaged {
        r.errors.push(CheckProblem::File(FileDamage {
            file: key.clone(),
            damage: why.clone(),
        }));
        r.affected
            .entry(SnapshotRef::File(key.clone()))
            .or_default()
            .push("*".into());
    }
    for (id, snap) in &list.ok {
        r.snapshots += 1;
        let label = SnapshotRef::Readable {
            id: id.short(),
            time: snap.time,
            job: snap.job.clone(),
        };
        let mut lost = |c: &Id| {
            let gone = !repo.index().contains(c);
            if gone {
                missing.insert(*c);
            }
            gone || bad_blobs.contains(c)
        };
        if let Some(t) = snap.tree.iter().find(|t| lost(t)) {
            r.errors.push(CheckProblem::FileListLost {
                snapshot: label.clone(),
                blob: t.short(),
            });
            r.affected.entry(label).or_default().push("*".into());
            continue;
        }
        let nodes: Vec<Node> = match repo.load_tree(snap) {
            Ok(n) => n,
            Err(e @ RepoError::Storage(_)) => return Err(e),
            Err(e) => {
                r.errors.push(CheckProblem::FileListUnreadable {
                    snapshot: label.clone(),
                    damage: e.into_file_damage()?,
                });
                r.affected.entry(label).or_default().push("*".into());
                continue;
            }
        };
        for n in &nodes {
            // Every chunk is looked at, so that `missing` is complete.
            if n.chunks.iter().fold(false, |any, c| lost(c) | any) {
                r.affected
                    .entry(label.clone())
                    .or_default()
                    .push(n.path.clone());
            }
        }
        if let Some(files) = r.affected.get(&label) {
            r.errors.push(CheckProblem::FilesAffected {
                files: files.len(),
                snapshot: label,
            });
        }
    }
    for u in repo.unusable_packs() {
        if u.pack.blobs.iter().any(|b| missing.contains(&b.id)) {
            r.errors.push(CheckProblem::PackUnusable {
                pack: super::repository::pack_key(&u.pack.id),
                found: u.found,
                expected: u.pack.cipher_len,
                blobs: u.pack.blobs.len(),
            });
        } else {
            r.unusable_unneeded.push(u.clone());
        }
    }
    Ok(r)
}

/// Marks the packs this check found damaged, so that no backup reuses
/// them and the next one stores their data again. Needs the lock: a check
/// without one (read-only medium) only reports.
pub fn record_damage(repo: &LockedRepo<Shared>, report: &CheckReport) -> Result<usize> {
    let now = chrono::Utc::now();
    let new: Vec<PackMark> = report
        .damaged_packs
        .iter()
        .filter(|(id, _)| !repo.marks().damaged.contains(id))
        .map(|(id, why)| PackMark {
            pack: *id,
            marked: now,
            reason: why.clone(),
        })
        .collect();
    let n = new.len();
    if n > 0 {
        marks::save(repo, DAMAGED_DIR, new)?;
    }
    Ok(n)
}

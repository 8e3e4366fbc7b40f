//! A backup run: walk the sources, take unchanged files over from the parent
//! snapshot without reading them, chunk and store what changed, then write
//! the file list and — last — the snapshot. Until the snapshot file exists the
//! run has changed nothing any earlier snapshot depends on.
//!
//! It runs on a [`LockedRepo`]: the shared lock is taken before the index is
//! loaded, and proven still held right before the snapshot is written.
//! Deduplication trusts only packs the index load proved present at their
//! indexed size and not marked (docs/format.md, "What a backup trusts").

use std::collections::HashMap;
use std::fs::File;
use std::time::Instant;

use crate::repo::blob::BlobKind;
use crate::repo::chunker::Chunker;
use crate::repo::lock::{self, LockedRepo, RepoLock, Shared};
use crate::repo::marks::{self, PackMark, DAMAGED_DIR};
use crate::repo::saver::BlobSaver;
use crate::repo::snapshot::{
    DatabaseRecord, SnapshotWarning, SourceRecord, Summary, SNAPSHOT_VERSION,
};
use crate::repo::tree::{self, Node, NodeKind};
use crate::repo::{Id, IndexedRepo, RepoError, Snapshot};
use crate::report::progress::Phase;
use crate::report::Progress;
use crate::source::files::{self, EntryKind, EntryMeta, ProblemKind, WalkEvent, WalkSpec};

use super::databases::{self, DatabasePlan, Unconfigured};
use super::warning::{self as warning, RepoWarning, Warning};
use super::{Failure, JobError};
use crate::config::guard::GuardSettings;
use crate::guard::{Detector, GuardReport, Vanished};
use crate::source::sqlserver::{self, BackupOptions, DatabaseInfo};

/// One file tree to back up, as the job configuration resolved it.
pub struct SourceSpec {
    pub label: String,
    pub walk: WalkSpec,
}

pub struct BackupPlan {
    pub job: String,
    pub practice: String,
    pub sources: Vec<SourceSpec>,
    /// Native SQL Server backups, when the job has databases and a server is configured.
    pub databases: Option<DatabasePlan>,
    /// Databases the job's profiles list while no server is configured: the
    /// snapshot records the required ones as not backed up.
    pub not_configured: Vec<Unconfigured>,
    /// Worker threads for compression (the reading thread comes on top).
    pub threads: usize,
    /// A file stored as evidence, not as practice data (the journal copy,
    /// `tresor/journal.jsonl`): in the snapshot, but not in its file counts,
    /// its source list or the "nothing saved" decision.
    pub evidence: Option<SourceSpec>,
    /// The ransomware guard's settings; `None` when it is switched off.
    pub guard: Option<GuardSettings>,
}

pub struct BackupOutcome {
    pub snapshot_id: Id,
    pub snapshot: Snapshot,
    pub warnings: Vec<Warning>,
    pub failures: Vec<Failure>,
    /// Files and links stored (folders not counted): 0 means the run saved
    /// nothing but empty folders.
    pub entries: u64,
    /// What the ransomware guard saw (also in the snapshot), when it ran.
    pub guard: Option<GuardReport>,
}

/// Page-structured files (SQL Server backups, record databases) change in
/// scattered 8 KiB pages; they get the small-chunk parameters.
pub fn uses_page_chunking(path: &str) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "bak" | "trn" | "dat" | "mdf" | "ndf" | "ldf" | "db" | "idx"
    )
}

struct Run<'a> {
    repo: &'a IndexedRepo,
    lock: &'a RepoLock,
    saver: BlobSaver,
    files_chunker: Chunker,
    pages_chunker: Chunker,
    parent: HashMap<String, Node>,
    tree: Vec<u8>,
    summary: Summary,
    warnings: Vec<Warning>,
    failures: Vec<Failure>,
    /// What the snapshot records of the failures (one per database).
    lost: Vec<SnapshotWarning>,
    records: Vec<DatabaseRecord>,
    progress: &'a Progress,
    /// Data, log and FILESTREAM paths of every database on the instance.
    db_files: Vec<std::path::PathBuf>,
    /// Files and links stored.
    entries: u64,
    /// The ransomware guard, fed while files are read (not the evidence).
    guard: Option<Detector>,
    observe: bool,
}

pub fn run(
    repo: &mut LockedRepo<Shared>,
    plan: &BackupPlan,
    progress: &Progress,
) -> Result<BackupOutcome, JobError> {
    let started = Instant::now();
    // On the server its key ring must open everything: a locked file is a
    // missing earlier key, said like damage.
    let mut warnings: Vec<Warning> = (repo.problems.iter())
        .chain(&repo.locked)
        .map(|p| Warning::DamagedFile(p.clone()))
        .collect();
    warnings.extend(repo.unusable_packs().iter().map(|u| {
        Warning::Repository(RepoWarning::PackUnusable {
            pack: crate::repo::repository::pack_key(&u.pack.id),
            found: u.found,
            expected: u.pack.cipher_len,
            blobs: u.pack.blobs.len(),
        })
    }));
    repo.persist_recovered()?;

    let listed = repo.snapshots()?.ok;
    let recent = guard_baseline(&listed, &plan.job);
    let parent = listed.into_iter().next_back();
    let parent_nodes = match &parent {
        Some((_, s)) => match repo.load_tree(s) {
            Ok(nodes) => nodes
                .into_iter()
                .filter(|n| n.kind == NodeKind::File)
                .map(|n| (n.path.clone(), n))
                .collect(),
            Err(e) => {
                warnings.push(Warning::Repository(RepoWarning::PreviousListUnreadable {
                    error: e.to_string(),
                }));
                // The read proved its pack damaged: nothing of it is reused,
                // and the damage mark makes later runs (and restores) prefer
                // the copies this backup writes.
                let tree = s.tree.clone();
                let now = chrono::Utc::now();
                let damaged: Vec<PackMark> = repo
                    .distrust_packs_of(&tree)
                    .into_iter()
                    .map(|pack| PackMark {
                        pack,
                        marked: now,
                        reason: format!("unreadable while reading the previous file list: {e}"),
                    })
                    .collect();
                if !damaged.is_empty() {
                    if let Err(err) = marks::save(repo, DAMAGED_DIR, damaged) {
                        warnings.push(Warning::Repository(RepoWarning::DamageNotRecorded {
                            error: err.to_string(),
                        }));
                    }
                }
                HashMap::new()
            }
        },
        None => HashMap::new(),
    };

    let secrets = repo.config().secrets.clone();
    let (indexed, held): (&IndexedRepo, &RepoLock) = (repo, repo.lock());
    let mut run = Run {
        repo: indexed,
        lock: held,
        saver: BlobSaver::start(indexed, plan.threads),
        files_chunker: Chunker::new(secrets.chunker_files),
        pages_chunker: Chunker::new(secrets.chunker_pages),
        parent: parent_nodes,
        tree: Vec::new(),
        summary: Summary::default(),
        warnings,
        failures: Vec::new(),
        lost: Vec::new(),
        records: Vec::new(),
        progress,
        db_files: Vec::new(),
        entries: 0,
        guard: None,
        observe: true,
    };
    if let Some(settings) = &plan.guard {
        run.guard = Some(Detector::new(
            settings,
            run.parent.keys().map(String::as_str),
            &recent,
        ));
    }

    // Databases first: discovery says which files must never be copied raw.
    let selected = match &plan.databases {
        Some(db) => run.discover(db),
        None => Vec::new(),
    };
    let excluded: Vec<std::path::PathBuf> = run.db_files.clone();

    let total: u64 = if progress_wants_total(progress) {
        estimate(plan)
    } else {
        0
    };
    progress.start(Phase::Backup, total);
    let mut sources = Vec::new();
    let mut walked = Ok(());
    for src in &plan.sources {
        let mut src_spec = SourceSpec {
            label: src.label.clone(),
            walk: src.walk.clone(),
        };
        src_spec
            .walk
            .excluded_paths
            .extend(excluded.iter().cloned());
        match run.source(&src_spec) {
            Ok(status) => {
                if status == "missing" {
                    // An absent source is a warning of its own, not a mass deletion.
                    let prefix = format!("{}/", src.walk.snapshot_path);
                    run.parent.retain(|p, _| !p.starts_with(&prefix));
                }
                sources.push(SourceRecord {
                    label: src.label.clone(),
                    path: src.walk.snapshot_path.clone(),
                    status,
                })
            }
            Err(e) => {
                walked = Err(e);
                break;
            }
        }
    }
    if walked.is_ok() {
        if let Some(db) = &plan.databases {
            walked = run.back_up_databases(db, &selected);
        }
    }
    if let (Ok(()), Some(spec)) = (&walked, &plan.evidence) {
        // Stored like any file (deduplicated, encrypted), counted as nothing.
        let (summary, entries) = (run.summary.clone(), run.entries);
        run.observe = false;
        walked = run.source(spec).map(|_| ());
        run.observe = true;
        run.summary.files = summary.files;
        run.summary.dirs = summary.dirs;
        run.summary.bytes = summary.bytes;
        run.summary.files_read = summary.files_read;
        run.entries = entries;
    }
    let tree_ids = walked.and_then(|_| run.store_tree());
    if let Err(e) = tree_ids {
        // Storage failures (full medium, vanished share) end the run; the
        // packer's own error is the precise one.
        return Err(match run.saver.finish() {
            Err(inner) => inner.into(),
            Ok(_) => e,
        });
    }
    let tree_ids = tree_ids?;
    let Run {
        saver,
        mut summary,
        warnings,
        failures,
        lost,
        records,
        entries,
        guard,
        parent: vanished,
        ..
    } = run;
    let (packs, stats) = saver.finish()?;
    repo.add_packs(packs);
    progress.finish();
    let guard = guard.map(|d| {
        let index = repo.index();
        d.finish(vanished.len() as u64, &|path| {
            vanished.get(path).map(|n| Vanished {
                ratio: stored_ratio(index, &n.chunks),
            })
        })
    });
    summary.suspicious = guard.as_ref().is_some_and(|g| g.alarm);
    summary.guard = guard.as_ref().and_then(|g| serde_json::to_value(g).ok());

    summary.new_blobs = stats.new_blobs;
    summary.new_bytes = stats.new_bytes;
    summary.stored_bytes = stats.stored_bytes;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    // Typed, so that `snapshots` and `restore` can say what is missing.
    summary.warnings = warnings
        .iter()
        .filter_map(Warning::record)
        .chain(lost)
        .chain(plan.not_configured.iter().filter(|u| !u.optional).map(|u| {
            SnapshotWarning::DatabaseNotConfigured {
                database: u.database.clone(),
                profiles: u.profiles.clone(),
            }
        }))
        .map(Into::into)
        .collect();
    let snapshot = Snapshot {
        version: SNAPSHOT_VERSION,
        time: crate::clock::now().fixed_offset(),
        host: lock::hostname(),
        job: plan.job.clone(),
        practice: plan.practice.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        tree: tree_ids,
        parent: parent.map(|(id, _)| id),
        recipients: repo.recipients().to_strings(),
        sources,
        databases: records,
        summary,
    };
    // A run whose lock was lost (refresh failed, or another run removed it
    // as stale) may reference packs a prune has deleted meanwhile: no snapshot.
    repo.lock().verify()?;
    let snapshot_id = repo.save_snapshot(&snapshot)?;
    Ok(BackupOutcome {
        snapshot_id,
        snapshot,
        warnings,
        failures,
        entries,
        guard,
    })
}

/// The changed shares (percent) of the job's recent nights, newest first:
/// what tonight is compared with. Nights that raised an alarm are no measure
/// of normal.
fn guard_baseline(listed: &[(Id, Snapshot)], job: &str) -> Vec<f64> {
    listed
        .iter()
        .rev()
        .filter(|(_, s)| s.job == job && !s.summary.suspicious)
        .filter_map(|(_, s)| {
            let g: GuardReport = serde_json::from_value(s.summary.guard.clone()?).ok()?;
            g.judged.then_some(g.changed_percent)
        })
        .take(10)
        .collect()
}

/// Stored/raw bytes of a file's first chunks, from the index: how well the
/// version compressed (`None` when the index lacks them).
fn stored_ratio(index: &crate::repo::index::Index, chunks: &[Id]) -> Option<f64> {
    let (mut raw, mut stored) = (0u64, 0u64);
    for id in chunks.iter().take(4) {
        let (_, e) = index.get(id)?;
        raw += u64::from(e.raw_len);
        stored += u64::from(e.stored_len);
    }
    (raw > 0).then(|| stored as f64 / raw as f64)
}

fn progress_wants_total(p: &Progress) -> bool {
    p.is_interactive()
}

/// Bytes to read, for the ETA on a terminal (a metadata-only walk).
fn estimate(plan: &BackupPlan) -> u64 {
    plan.sources
        .iter()
        .filter_map(|s| files::walk(&s.walk).ok())
        .flatten()
        .map(|e| match e {
            WalkEvent::Entry(m) if matches!(m.kind, EntryKind::File) => m.size,
            _ => 0,
        })
        .sum()
}

impl Run<'_> {
    /// Discovers the server; a server that cannot be reached fails the
    /// database part only.
    fn discover(&mut self, plan: &DatabasePlan) -> Vec<DatabaseInfo> {
        let found = match sqlserver::discover(&plan.settings) {
            Ok(d) => d,
            Err(error) => {
                // No database of the job was backed up: each is recorded.
                let reason = warning::sql_reason(&error);
                self.lost
                    .extend(plan.specs.iter().map(|d| SnapshotWarning::DatabaseFailed {
                        database: d.name.clone(),
                        reason: reason.into(),
                        detail: error.to_string(),
                    }));
                self.failures.push(Failure::Database {
                    database: "SQL Server".into(),
                    error,
                });
                return Vec::new();
            }
        };
        let mut paths = sqlserver::database_file_paths(&found);
        paths.extend(found.other_files.iter().cloned());
        self.db_files = paths;
        let sel = databases::select(found, &plan.specs);
        for w in &sel.warnings {
            self.warnings.push(Warning::Database(w.clone()));
        }
        for name in sel.missing {
            self.lost.push(SnapshotWarning::DatabaseMissing {
                database: name.clone(),
            });
            self.failures
                .push(Failure::DatabaseMissing { database: name });
        }
        sel.databases
    }

    /// BACKUP DATABASE into staging, then into the snapshot; the staging file
    /// is removed whether or not storing it worked. A failed database is a
    /// failure of that database only.
    fn back_up_databases(
        &mut self,
        plan: &DatabasePlan,
        dbs: &[DatabaseInfo],
    ) -> Result<(), JobError> {
        let opts = BackupOptions {
            copy_only: plan.copy_only,
            ..BackupOptions::default()
        };
        for db in dbs {
            self.progress.phase(&format!("SQL {}", db.name), 1000);
            let done = std::cell::Cell::new(0u64);
            let report = |f: f32| {
                let now = (f.clamp(0.0, 1.0) * 1000.0) as u64;
                if now > done.get() {
                    self.progress.add(now - done.get());
                    done.set(now);
                }
            };
            let backup = match sqlserver::backup_database(&plan.settings, db, &opts, &report) {
                Ok(b) => b,
                Err(error) => {
                    self.lost.push(SnapshotWarning::DatabaseFailed {
                        database: db.name.clone(),
                        reason: warning::sql_reason(&error).into(),
                        detail: error.to_string(),
                    });
                    self.failures.push(Failure::Database {
                        database: db.name.clone(),
                        error,
                    });
                    continue;
                }
            };
            let stored = self.store_bak(&db.name, &backup.bak_path);
            let _ = std::fs::remove_file(&backup.bak_path);
            let path = stored?;
            match serde_json::to_value(&backup.metadata) {
                Ok(metadata) => self.records.push(DatabaseRecord {
                    name: db.name.clone(),
                    path,
                    metadata,
                }),
                Err(e) => self.warnings.push(Warning::Skipped {
                    path: db.name.clone(),
                    reason: e.to_string(),
                }),
            }
        }
        Ok(())
    }

    /// Stores a `.bak` as the snapshot file `SQL/<database>.bak`.
    fn store_bak(&mut self, database: &str, bak: &std::path::Path) -> Result<String, JobError> {
        let path = format!("SQL/{}.bak", safe_name(database));
        let (size, mtime_ns) = files::metadata_of(bak).map_err(|e| JobError::Read {
            path: bak.display().to_string(),
            source: e,
        })?;
        let meta = EntryMeta {
            path: path.clone(),
            abs: bak.to_path_buf(),
            kind: EntryKind::File,
            size,
            mtime_ns,
            mode: 0o600,
            attributes: 0,
            hardlink: None,
        };
        if self.records.is_empty() {
            self.entry(EntryMeta {
                path: "SQL".into(),
                kind: EntryKind::Dir,
                size: 0,
                ..meta.clone()
            })?;
        }
        self.entry(meta)?;
        Ok(path)
    }

    fn source(&mut self, src: &SourceSpec) -> Result<String, JobError> {
        let mut status = "ok".to_string();
        let walk = files::walk(&src.walk).map_err(|e| JobError::Pattern {
            pattern: src.label.clone(),
            reason: e.to_string(),
        })?;
        for ev in walk {
            match ev {
                WalkEvent::Entry(meta) => self.entry(meta)?,
                WalkEvent::Excluded { path, reason, .. } => {
                    if matches!(reason, files::ExcludeReason::DatabaseFile) {
                        self.warnings.push(Warning::DatabaseFilesExcluded { path });
                    }
                }
                WalkEvent::Problem(p) => match p.kind {
                    ProblemKind::RootMissing { optional } => {
                        status = "missing".into();
                        self.warnings.push(Warning::SourceMissing {
                            label: src.label.clone(),
                            path: src.walk.root.display().to_string(),
                            optional,
                        });
                    }
                    ProblemKind::Vanished => self.warnings.push(Warning::Vanished { path: p.path }),
                    ProblemKind::Unreadable => self.warnings.push(Warning::Unreadable {
                        path: p.path,
                        error: p.message,
                    }),
                    ProblemKind::NameNotUtf8 => self.warnings.push(Warning::NotStorable {
                        path: p.path,
                        cause: warning::NameCause::NameNotUtf8,
                    }),
                    ProblemKind::LinkTargetNotUtf8 => self.warnings.push(Warning::NotStorable {
                        path: p.path,
                        cause: warning::NameCause::LinkTargetNotUtf8,
                    }),
                    ProblemKind::Other => self.warnings.push(Warning::Skipped {
                        path: p.path,
                        reason: p.message,
                    }),
                },
            }
        }
        Ok(status)
    }

    fn entry(&mut self, meta: EntryMeta) -> Result<(), JobError> {
        self.lock.check()?;
        let mut node = Node {
            path: meta.path.clone(),
            kind: NodeKind::Dir,
            size: 0,
            mtime_ns: meta.mtime_ns,
            mode: meta.mode,
            attributes: meta.attributes,
            target: None,
            chunks: Vec::new(),
            hardlink: meta.hardlink,
        };
        match &meta.kind {
            EntryKind::Dir => self.summary.dirs += 1,
            EntryKind::Symlink { target } => {
                node.kind = NodeKind::Symlink;
                node.target = Some(target.clone());
                self.entries += 1;
            }
            EntryKind::File => {
                node.kind = NodeKind::File;
                match self.file_content(&meta)? {
                    Some((size, chunks)) => {
                        node.size = size;
                        node.chunks = chunks;
                        self.summary.files += 1;
                        self.summary.bytes += size;
                        self.entries += 1;
                    }
                    None => return Ok(()),
                }
            }
        }
        tree::encode_line(&node, &mut self.tree);
        Ok(())
    }

    /// Size and chunk ids of a file: taken over from the parent when
    /// size and mtime are unchanged and every chunk is still stored, else read.
    /// `None` when the file could not be read (a warning says why).
    fn file_content(&mut self, meta: &EntryMeta) -> Result<Option<(u64, Vec<Id>)>, JobError> {
        // Taken out: what is left of the parent at the end was deleted.
        let old = self.parent.remove(&meta.path);
        if let Some(old) = &old {
            if old.size == meta.size
                && old.mtime_ns == meta.mtime_ns
                && old.chunks.iter().all(|c| self.saver.is_known(self.repo, c))
            {
                self.progress.add(meta.size);
                return Ok(Some((old.size, old.chunks.clone())));
            }
        }
        let previous_ratio = old
            .as_ref()
            .map(|o| stored_ratio(self.repo.index(), &o.chunks));
        let file = match File::open(&meta.abs) {
            Ok(f) => f,
            Err(e) => {
                self.warnings.push(Warning::Unreadable {
                    path: meta.path.clone(),
                    error: e.to_string(),
                });
                return Ok(None);
            }
        };
        let chunker = if uses_page_chunking(&meta.path) {
            &mut self.pages_chunker
        } else {
            &mut self.files_chunker
        };
        let key = self.repo.id_key().clone();
        let mut chunks = Vec::new();
        let mut start: Vec<u8> = Vec::new();
        let sample = self.guard.is_some() && self.observe;
        let mut sampled = crate::guard::Sampled {
            duplicate: true,
            ..Default::default()
        };
        let stride = crate::guard::detector::block_stride(meta.size);
        let (mut offset, mut next_block) = (0u64, 0u64);
        let (saver, repo, progress) = (&mut self.saver, self.repo, self.progress);
        let read = chunker.chunk_reader(file, |c: &[u8]| -> Result<(), ReadOrStore> {
            if sample {
                if start.len() < crate::guard::entropy::SAMPLE_LEN {
                    let want = crate::guard::entropy::SAMPLE_LEN - start.len();
                    start.extend_from_slice(&c[..c.len().min(want)]);
                }
                judge_blocks(c, offset, &mut next_block, stride, &mut sampled);
                offset += c.len() as u64;
            }
            let id = key.id_of(c);
            if sample && sampled.duplicate && !saver.is_known(repo, &id) {
                sampled.duplicate = false;
            }
            saver
                .save(repo, id, BlobKind::Data, c)
                .map_err(ReadOrStore::Store)?;
            chunks.push(id);
            progress.add(c.len() as u64);
            Ok(())
        });
        let size = match read {
            Ok(n) => n,
            Err(ReadOrStore::Store(e)) => return Err(e.into()),
            Err(ReadOrStore::Read(e)) => {
                self.warnings.push(Warning::Unreadable {
                    path: meta.path.clone(),
                    error: e.to_string(),
                });
                return Ok(None);
            }
        };
        self.summary.files_read += 1;
        if let (Some(g), true) = (&mut self.guard, self.observe) {
            if size == 0 {
                sampled.duplicate = false;
            }
            g.read_sampled(&meta.path, &start, previous_ratio, &sampled);
        }
        match files::metadata_of(&meta.abs) {
            Ok((s, m)) if files::same_version(meta, s, m) && s == size => {}
            _ => self.warnings.push(Warning::ChangedWhileReading {
                path: meta.path.clone(),
            }),
        }
        Ok(Some((size, chunks)))
    }

    fn store_tree(&mut self) -> Result<Vec<Id>, JobError> {
        let tree = std::mem::take(&mut self.tree);
        let key = self.repo.id_key().clone();
        let mut ids = Vec::new();
        for c in self.pages_chunker.chunk_slice(&tree) {
            let id = key.id_of(c);
            self.saver.save(self.repo, id, BlobKind::Tree, c)?;
            ids.push(id);
        }
        Ok(ids)
    }
}

/// The guard's block sample inside one chunk at file offset `offset`: every
/// 4 KiB block starting at a multiple of `stride` that lies wholly inside
/// the chunk is judged (a block across a chunk border is skipped).
fn judge_blocks(
    c: &[u8],
    offset: u64,
    next_block: &mut u64,
    stride: u64,
    sampled: &mut crate::guard::Sampled,
) {
    use crate::guard::detector::BLOCK_LEN;
    let end = offset + c.len() as u64;
    while *next_block < offset {
        *next_block += stride;
    }
    while *next_block + BLOCK_LEN as u64 <= end {
        let at = (*next_block - offset) as usize;
        sampled.blocks += 1;
        if crate::guard::entropy::looks_random(&c[at..at + BLOCK_LEN]) == Some(true) {
            sampled.random_blocks += 1;
        }
        *next_block += stride;
    }
}

/// Inside the chunk callback: a read error skips the file, a store error ends the run.
enum ReadOrStore {
    Read(std::io::Error),
    Store(RepoError),
}

impl From<std::io::Error> for ReadOrStore {
    fn from(e: std::io::Error) -> Self {
        ReadOrStore::Read(e)
    }
}

/// A database name as a file name: characters Windows forbids become `_`.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::{mpsc, Arc};

    use rand::{RngCore, SeedableRng};

    use super::*;
    use crate::repo::crypto::{generate_key, Identities};
    use crate::repo::lock::testing::KeyFaults;
    use crate::repo::lock::{Exclusive, LockedRepo, Shared};
    use crate::repo::repofile::Secrets;
    use crate::repo::{prune, InitOptions, Repository};
    use crate::storage::memory::MemoryBackend;
    use crate::storage::Backend;

    struct Fx {
        mem: Arc<dyn Backend>,
        faults: Arc<KeyFaults>,
        ids: Arc<Identities>,
        src: tempfile::TempDir,
    }

    fn fixture() -> Fx {
        let mem: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let key = generate_key();
        Repository::init(
            mem.clone(),
            InitOptions::new(vec![key.recipient], Secrets::generate()),
        )
        .unwrap();
        let src = tempfile::tempdir().unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(10);
        for n in 0..4 {
            let mut data = vec![0u8; 300_000];
            rng.fill_bytes(&mut data);
            std::fs::write(src.path().join(format!("befund-{n}.pdf")), data).unwrap();
        }
        Fx {
            faults: Arc::new(KeyFaults::new(mem.clone())),
            mem,
            ids: Arc::new(Identities::parse(&key.secret).unwrap()),
            src,
        }
    }

    impl Fx {
        fn plan(&self) -> BackupPlan {
            BackupPlan {
                job: "nightly".into(),
                practice: String::new(),
                sources: vec![SourceSpec {
                    label: "praxis".into(),
                    walk: WalkSpec {
                        root: self.src.path().to_path_buf(),
                        snapshot_path: "praxis".into(),
                        include: Vec::new(),
                        exclude: Vec::new(),
                        excluded_paths: Vec::new(),
                        optional: false,
                    },
                }],
                databases: None,
                not_configured: Vec::new(),
                threads: 1,
                evidence: None,
                guard: None,
            }
        }

        /// Through the fault-injecting wrapper.
        fn locked(&self) -> LockedRepo<Shared> {
            let repo = Repository::open(self.faults.clone(), self.ids.clone()).unwrap();
            LockedRepo::open(repo, "backup nightly").unwrap()
        }

        fn back_up(&self) -> Result<BackupOutcome, JobError> {
            run(
                &mut self.locked(),
                &self.plan(),
                &Progress::new(true, crate::i18n::Language::En),
            )
        }

        fn prune(&self) -> crate::repo::Result<prune::PruneReport> {
            let repo = Repository::open(self.mem.clone(), self.ids.clone())?;
            prune::prune(&mut LockedRepo::<Exclusive>::open(repo, "prune")?, false)
        }

        fn snapshots(&self) -> usize {
            self.mem.list("snapshots/").unwrap().len()
        }

        /// Every file of the snapshot reads back equal to the source.
        fn assert_restorable(&self, snapshot: &Id) {
            let repo = Repository::open(self.mem.clone(), self.ids.clone())
                .unwrap()
                .load_index()
                .unwrap();
            let (_, snap) = repo.find_snapshot(&snapshot.to_hex()).unwrap();
            let mut files = 0;
            for n in repo.load_tree(&snap).unwrap() {
                if n.kind != NodeKind::File {
                    continue;
                }
                let mut data = Vec::new();
                for c in &n.chunks {
                    data.extend(repo.read_blob(c).unwrap());
                }
                let name = n.path.rsplit('/').next().unwrap();
                assert_eq!(data, std::fs::read(self.src.path().join(name)).unwrap());
                files += 1;
            }
            assert_eq!(files, 4);
        }
    }

    /// The race of issue 10 item 7: a prune between the backup's index load
    /// and its use. The lock comes first, so the prune (started by the
    /// event "the backup lists index/") is refused.
    #[test]
    fn a_prune_cannot_run_between_lock_and_index_load() {
        let fx = fixture();
        // Data a forgotten snapshot held, marked by a first prune: a second
        // prune would delete it.
        let first = fx.back_up().unwrap();
        fx.mem
            .delete(&crate::repo::repository::snapshot_key(&first.snapshot_id))
            .unwrap();
        assert!(fx.prune().unwrap().packs_marked > 0);

        let (tx, rx) = mpsc::channel();
        let (mem, ids) = (fx.mem.clone(), fx.ids.clone());
        fx.faults.on_first_list("index/", move || {
            let pruned = Repository::open(mem, ids)
                .and_then(|r| LockedRepo::<Exclusive>::open(r, "prune"))
                .and_then(|mut r| prune::prune(&mut r, false));
            tx.send(pruned.map(|r| r.packs_deleted)).unwrap();
        });
        let out = fx.back_up().unwrap();
        match rx.recv().unwrap() {
            Err(RepoError::Locked { holder }) => assert!(holder.contains("backup nightly")),
            other => panic!("prune ran inside the backup's window: {other:?}"),
        }
        // Marked data is not reused: the backup stored it again.
        assert!(out.snapshot.summary.new_bytes > 1_000_000);
        fx.assert_restorable(&out.snapshot_id);
        fx.prune().unwrap();
        fx.prune().unwrap();
        fx.assert_restorable(&out.snapshot_id);
    }

    /// What the snapshot lacks is recorded typed: a required folder that
    /// did not exist and a required database without a server; an optional
    /// one is neither recorded nor a lack.
    #[test]
    fn the_snapshot_records_what_it_lacks() {
        let fx = fixture();
        let mut plan = fx.plan();
        let mut missing = plan.sources[0].walk.clone();
        missing.root = fx.src.path().join("Text");
        missing.snapshot_path = "C/WINACS/Text".into();
        plan.sources.push(SourceSpec {
            label: "x.isynet: Text".into(),
            walk: missing,
        });
        plan.not_configured = vec![
            Unconfigured {
                database: "WINACS".into(),
                optional: false,
                profiles: vec!["x.isynet".into()],
            },
            Unconfigured {
                database: "*concept*".into(),
                optional: true,
                profiles: vec!["x.concept".into()],
            },
        ];
        let out = run(
            &mut fx.locked(),
            &plan,
            &Progress::new(true, crate::i18n::Language::En),
        )
        .unwrap();
        assert_eq!(
            out.snapshot.lacks(),
            vec![
                SnapshotWarning::SourceMissing {
                    source: "x.isynet: Text".into(),
                    path: fx.src.path().join("Text").display().to_string(),
                },
                SnapshotWarning::DatabaseNotConfigured {
                    database: "WINACS".into(),
                    profiles: vec!["x.isynet".into()],
                },
            ]
        );
        assert!(!out.snapshot.is_complete());
        assert!(fx.back_up().unwrap().snapshot.is_complete());
    }

    #[test]
    fn a_failed_lock_refresh_stops_the_backup_before_its_snapshot() {
        let fx = fixture();
        let mut repo = fx.locked();
        fx.faults.fail_writes(Some("locks/"));
        match run(
            &mut repo,
            &fx.plan(),
            &Progress::new(true, crate::i18n::Language::En),
        ) {
            Err(JobError::Repo(RepoError::LockLost { reason })) => {
                assert!(
                    matches!(reason, crate::repo::lock::LockLoss::Unwritable { .. }),
                    "{reason}"
                )
            }
            other => panic!("backup went on without its lock: {:?}", other.is_ok()),
        }
        assert_eq!(fx.snapshots(), 0, "no snapshot without the lock");
        drop(repo);
        fx.faults.fail_writes(None);

        // Removed by another run that took it for stale: the same.
        let mut repo = fx.locked();
        for l in fx.mem.list("locks/").unwrap() {
            fx.mem.delete(&l.key).unwrap();
        }
        assert!(matches!(
            run(
                &mut repo,
                &fx.plan(),
                &Progress::new(true, crate::i18n::Language::En)
            ),
            Err(JobError::Repo(RepoError::LockLost { .. }))
        ));
        assert_eq!(fx.snapshots(), 0);
        drop(repo);
        // The next run reuses what the stopped ones stored and succeeds.
        let out = fx.back_up().unwrap();
        fx.assert_restorable(&out.snapshot_id);
    }
}

//! Getting a database back out of a snapshot: the `.bak` is restored into a
//! folder SQL Server can read, then RESTORE DATABASE … WITH MOVE runs
//! (`source::sqlserver`), then the extracted file is removed again.

use std::path::{Path, PathBuf};

use crate::repo::snapshot::DatabaseRecord;
use crate::repo::{IndexedRepo, Snapshot};
use crate::report::Progress;
use crate::source::sqlserver::{
    self, BackupMetadata, RestoreOptions, RestoreOutcome, SqlError, SqlServerSettings,
};

use super::restore::{self, RestoreRequest};
use super::JobError;

#[derive(Debug, thiserror::Error)]
pub enum DbRestoreError {
    #[error("snapshot has no database {name} (it has: {available})")]
    NoSuchDatabase { name: String, available: String },
    #[error("database metadata in the snapshot is unreadable: {0}")]
    Metadata(String),
    #[error(transparent)]
    Job(#[from] JobError),
    #[error("{0}")]
    Sql(#[from] SqlError),
}

pub fn find<'a>(snap: &'a Snapshot, name: &str) -> Result<&'a DatabaseRecord, DbRestoreError> {
    snap.databases
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| DbRestoreError::NoSuchDatabase {
            name: name.to_string(),
            available: snap
                .databases
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

pub fn metadata(rec: &DatabaseRecord) -> Result<BackupMetadata, DbRestoreError> {
    serde_json::from_value(rec.metadata.clone())
        .map_err(|e| DbRestoreError::Metadata(e.to_string()))
}

/// Restores the `.bak` of `rec` into `dir` and returns its path.
pub fn extract(
    repo: &IndexedRepo,
    snap: &Snapshot,
    rec: &DatabaseRecord,
    dir: &Path,
    progress: &Progress,
) -> Result<PathBuf, JobError> {
    let req = RestoreRequest {
        target: dir.to_path_buf(),
        include: vec![rec.path.clone()],
        overwrite: true,
        threads: 2,
        keep_setid: false,
    };
    let out = restore::run(repo, snap, &req, progress)?;
    if let Some((path, why)) = out.failed.into_iter().next() {
        return Err(JobError::FileNotRestored { path, problem: why });
    }
    Ok(dir.join(&rec.path))
}

/// Extract, RESTORE DATABASE, clean up.
pub fn run(
    repo: &IndexedRepo,
    snap: &Snapshot,
    rec: &DatabaseRecord,
    settings: &SqlServerSettings,
    opts: &RestoreOptions,
    extract_dir: &Path,
    progress: &Progress,
) -> Result<(RestoreOutcome, BackupMetadata), DbRestoreError> {
    let meta = metadata(rec)?;
    // Work folders of killed earlier runs (each holds a whole `.bak`).
    sqlserver::sweep_staging(extract_dir);
    let work = extract_dir.join(format!("tresor-restore-{}", std::process::id()));
    let bak = match extract(repo, snap, rec, &work, progress) {
        Ok(bak) => bak,
        Err(e) => {
            // What did arrive of the `.bak` only fills the staging drive.
            let _ = std::fs::remove_dir_all(&work);
            return Err(e.into());
        }
    };
    progress.phase(&format!("RESTORE {}", opts.target_name), 1000);
    let done = std::cell::Cell::new(0u64);
    let report = |f: f32| {
        let now = (f.clamp(0.0, 1.0) * 1000.0) as u64;
        if now > done.get() {
            progress.add(now - done.get());
            done.set(now);
        }
    };
    let result = sqlserver::restore_database(settings, &bak, &meta, opts, &report);
    progress.finish();
    let _ = std::fs::remove_dir_all(&work);
    Ok((result?, meta))
}

//! One job at a time per installation: `job.lock` in tresor's data folder
//! (beside the machine key), held with an OS file lock. The operating system
//! drops the lock when the process ends in any way — killed, crashed, power
//! cut — so a crashed run never leaves it stuck; the JSON inside only says
//! who holds it, for the message of the run that has to wait.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who holds the job lock (written into the lock file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The job's name.
    pub job: String,
    /// Process id.
    pub pid: u32,
    /// Since when, UTC.
    pub since: DateTime<Utc>,
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum JobLockError {
    /// Another job runs (`holder` is `None` when its note could not be read).
    #[error("another job is running: {holder:?}")]
    Busy { holder: Option<Holder> },
    /// The lock file cannot be made or locked.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct JobLock {
    file: File,
    path: PathBuf,
}

/// Unlocks explicitly: closing our descriptor alone does not release the
/// lock while a child process forked in the meantime (by another thread,
/// between its fork and exec) still holds a copy of it.
impl Drop for JobLock {
    fn drop(&mut self) {
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

impl JobLock {
    /// The lock file of the installation whose data folder is `dir`.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join("job.lock")
    }

    /// Takes the lock for `job` without waiting.
    ///
    /// # Errors
    /// [`JobLockError::Busy`] naming the running job; [`JobLockError::Io`]
    /// when the data folder cannot be written.
    pub fn acquire(dir: &Path, job: &str) -> Result<JobLock, JobLockError> {
        let path = Self::path_in(dir);
        let io = |source| JobLockError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        // fs4, not std's File::try_lock: the crate's MSRV is below 1.89.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let holder = std::fs::read(&path)
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok());
                return Err(JobLockError::Busy { holder });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(io(e)),
        }
        let me = Holder {
            job: job.to_string(),
            pid: std::process::id(),
            since: Utc::now(),
        };
        let text = serde_json::to_vec(&me).map_err(|e| io(std::io::Error::other(e)))?;
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&text).map_err(io)?;
        Ok(JobLock { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_job_is_told_who_runs() {
        let t = tempfile::tempdir().unwrap();
        let first = JobLock::acquire(t.path(), "nightly").unwrap();
        match JobLock::acquire(t.path(), "feierabend") {
            Err(JobLockError::Busy { holder: Some(h) }) => {
                assert_eq!(h.job, "nightly");
                assert_eq!(h.pid, std::process::id());
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        let again = JobLock::acquire(t.path(), "feierabend").unwrap();
        assert!(again.path().ends_with("job.lock"));
    }

    #[test]
    fn a_lock_file_left_behind_without_a_process_is_no_obstacle() {
        // What a killed run leaves: the file with its note, but no OS lock.
        let t = tempfile::tempdir().unwrap();
        let note = Holder {
            job: "nightly".into(),
            pid: 999_999,
            since: Utc::now(),
        };
        std::fs::write(
            JobLock::path_in(t.path()),
            serde_json::to_vec(&note).unwrap(),
        )
        .unwrap();
        let l = JobLock::acquire(t.path(), "feierabend").unwrap();
        let text = std::fs::read_to_string(l.path()).unwrap();
        assert!(text.contains("feierabend"), "{text}");
    }
}

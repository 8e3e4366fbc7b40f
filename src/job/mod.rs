//! Jobs: the work a command does with sources and a repository — backup,
//! restore — independent of how the CLI asked for it.

pub mod backup;
pub mod databases;
pub mod dbrestore;
pub mod hooks;
pub mod lock;
pub mod mirror;
pub mod outcome;
pub mod plan;
pub mod restore;
pub mod retention;
pub mod run;
pub mod shadow;
#[cfg(test)]
pub(crate) mod testing;
pub mod verify;
pub mod warning;
pub mod words;

pub use warning::Warning;

use crate::source::sqlserver::SqlError;

/// A part of a job that failed while the rest went on (the job's exit code
/// is "failed", the snapshot still holds everything else and records what
/// it lacks). A database the job was never set up to reach is not a failure
/// of the run but of the configuration: see [`databases::Unconfigured`].
#[derive(Debug)]
pub enum Failure {
    /// The SQL Server could not be reached or a database backup failed.
    Database { database: String, error: SqlError },
    /// A database the profile requires is not on the server.
    DatabaseMissing { database: String },
}

use crate::repo::RepoError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Repo(#[from] RepoError),
    /// The restore target folder cannot be made or used.
    #[error("restore target: {0}")]
    Target(restore::target::TargetError),
    /// One file a job needed restored (a drill's database backup) was not.
    #[error("{path} was not restored ({})", problem.code())]
    FileNotRestored {
        path: String,
        problem: restore::FileProblem,
    },
    /// A file the job stores (a database backup) cannot be read.
    #[error("reading {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{count} file(s) exist in the target already, e.g. {first}")]
    WouldOverwrite { count: usize, first: String },
    #[error("nothing in the snapshot matches {patterns}")]
    NothingSelected { patterns: String },
    #[error("invalid pattern {pattern}: {reason}")]
    Pattern { pattern: String, reason: String },
    #[error("writing {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl From<StorageError> for JobError {
    fn from(e: StorageError) -> Self {
        JobError::Repo(RepoError::Storage(e))
    }
}

//! Errors of the repository layer. Small, precise variants; `crate::error`
//! turns them into messages with a hint for the person in front of the screen.

use crate::storage::StorageError;

use super::id::Id;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("{location} holds no tresor repository")]
    NotARepository { location: String },
    #[error("{location} already holds a tresor repository")]
    AlreadyInitialized { location: String },
    #[error(
        "repository at {location} has format version {found}; this tresor reads up to {supported}"
    )]
    FutureVersion {
        location: String,
        found: u32,
        supported: u32,
    },
    #[error("none of the given keys opens the repository at {location}")]
    WrongKey { location: String },
    #[error("{file} is damaged: {reason}")]
    Damaged { file: String, reason: String },
    #[error("no snapshot matches '{spec}'")]
    SnapshotNotFound { spec: String },
    #[error("'{spec}' matches several snapshots; give more digits")]
    AmbiguousSnapshot { spec: String },
    #[error("blob {id} is not in the index (data missing)")]
    BlobMissing { id: Id },
    #[error("repository is locked by {holder}")]
    Locked { holder: String },
    #[error("lock file {key} cannot be read; it may belong to a running process")]
    UnreadableLock { key: String },
    #[error("this run lost its repository lock: {reason}")]
    LockLost { reason: String },
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("invalid key: {0}")]
    InvalidKey(String),
}

impl RepoError {
    pub fn damaged(file: impl Into<String>, reason: impl ToString) -> RepoError {
        RepoError::Damaged {
            file: file.into(),
            reason: reason.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, RepoError>;

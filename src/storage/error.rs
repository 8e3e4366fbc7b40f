//! Storage errors, classified so that callers can tell a full disk from a vanished share.

/// Placeholder, replaced by the storage implementation.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found: {key}")]
    NotFound { key: String },
}

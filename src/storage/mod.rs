//! Storage: where repository files live (RDX cartridge, NAS path, S3 bucket).
//!
//! `storage` knows nothing about snapshots or packs: it moves opaque, already
//! encrypted byte strings under slash-separated keys such as `packs/3f/3f…`.
//! The contract is deliberately small so that every backend (local, memory,
//! S3) can be implemented and tested the same way (`conformance`).
//! `open` is the one place that turns a configured destination into a backend.

/// Inside `impl Backend for Layer`: the properties of the backend a layer
/// wraps (`concurrent_writes`, `retention`, `extend_retention`) forwarded to
/// `self.$inner`. A trait default here would be silently wrong for a wrapper
/// (a folder's "no retention" reported for a locked bucket), so every
/// wrapper states these with this one macro.
macro_rules! forward_properties {
    ($inner:ident) => {
        fn concurrent_writes(&self) -> usize {
            self.$inner.concurrent_writes()
        }

        fn retention(
            &self,
            key: &str,
        ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::storage::StorageError> {
            self.$inner.retention(key)
        }

        fn extend_retention(
            &self,
            key: &str,
            until: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), $crate::storage::StorageError> {
            self.$inner.extend_retention(key, until)
        }
    };
}

/// Inside `impl Backend for Layer`: everything but `location`, `get`,
/// `get_range`, `put` and `put_new` forwarded to `self.$inner` unchanged
/// (for a layer that only acts on reads and writes of objects).
macro_rules! forward_unchanged {
    ($inner:ident) => {
        fn list(
            &self,
            prefix: &str,
        ) -> Result<Vec<$crate::storage::ObjectInfo>, $crate::storage::StorageError> {
            self.$inner.list(prefix)
        }

        fn delete(&self, key: &str) -> Result<(), $crate::storage::StorageError> {
            self.$inner.delete(key)
        }

        fn stat(
            &self,
            key: &str,
        ) -> Result<Option<$crate::storage::ObjectInfo>, $crate::storage::StorageError> {
            self.$inner.stat(key)
        }

        fn list_leftovers(
            &self,
        ) -> Result<Vec<$crate::storage::Leftover>, $crate::storage::StorageError> {
            self.$inner.list_leftovers()
        }

        fn delete_leftover(&self, name: &str) -> Result<(), $crate::storage::StorageError> {
            self.$inner.delete_leftover(name)
        }

        forward_properties!($inner);
    };
}

pub mod clock;
mod error;
pub mod faulty;
pub mod layers;
pub mod local;
pub mod memory;
pub mod open;
pub mod ratelimit;
pub mod retry;
pub mod s3;
pub mod window;

#[cfg(test)]
pub(crate) mod conformance;

pub use error::StorageError;
pub use open::{create, open};

/// One stored object as listed by a backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    /// Full key, e.g. `snapshots/9a…`.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
}

/// What an interrupted write left behind (a temporary file, an unfinished
/// upload). `list` never shows it; `Backend::list_leftovers` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// Backend-specific name, handed back to `delete_leftover`.
    pub name: String,
    pub size: u64,
    /// Last change, when the backend knows it.
    pub modified: Option<std::time::SystemTime>,
}

/// The backend contract. Keys are `/`-separated, relative, without `..`.
///
/// - `put` is atomic: a reader sees the whole object or nothing, also after a
///   crash or a pulled cartridge in the middle of the write; when `put` returns
///   Ok the bytes are durable (fsync'd / acknowledged by the server).
/// - `put_new` is `put` that fails with `AlreadyExists` instead of replacing
///   (used for lock files).
/// - `get_range` returns exactly `len` bytes from `offset`, or an error.
/// - `list` returns every object whose key starts with `prefix`, never
///   half-written temporary files.
/// - `delete` of a missing key is Ok (idempotent; prune may repeat itself).
pub trait Backend: Send + Sync {
    /// Where this backend points, for messages ("/media/rdx/tresor", "\\\\nas\\share").
    fn location(&self) -> String;
    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError>;
    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError>;
    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError>;
    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError>;
    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError>;
    fn delete(&self, key: &str) -> Result<(), StorageError>;
    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError>;

    /// Leftovers of interrupted writes (killed process, pulled medium).
    /// A backend whose writes leave nothing behind keeps this default;
    /// a wrapping layer forwards it to the backend it wraps.
    fn list_leftovers(&self) -> Result<Vec<Leftover>, StorageError> {
        Ok(Vec::new())
    }

    /// How many `put`s may usefully run at once: 1 for a disk or a share
    /// (parallel writes only seek), more for an object store whose
    /// throughput per request is bounded by latency (S3). Layers forward it.
    fn concurrent_writes(&self) -> usize {
        1
    }

    /// Removes one leftover named by `list_leftovers`; gone already is Ok.
    /// The repository decides when that is safe (prune, by the lock rules).
    fn delete_leftover(&self, name: &str) -> Result<(), StorageError> {
        let _ = name;
        Ok(())
    }

    /// Until when `key` is protected by Object Lock retention (S3 with
    /// `object_lock:`); `None` when it is not protected. A backend without
    /// retention (a folder, memory) keeps this default.
    fn retention(&self, key: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, StorageError> {
        let _ = key;
        Ok(None)
    }

    /// Protects `key` at least until `until` (never shortens). A backend
    /// without retention refuses with `Unsupported`; a wrapping layer
    /// forwards both retention methods.
    fn extend_retention(
        &self,
        key: &str,
        until: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StorageError> {
        let _ = (key, until);
        Err(StorageError::Unsupported {
            location: self.location(),
            operation: "extend_retention",
        })
    }
}

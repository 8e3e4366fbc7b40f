//! The repository engine: the on-disk format and everything that reads or
//! writes it — chunking, keyed ids, compression, encryption, packs, index,
//! snapshots, locks, retention, prune and check. It knows nothing about SQL
//! Server, RDX media or mail; it stores bytes through `storage::Backend`.
//! The format is documented in `docs/format.md`.

pub mod blob;
pub mod check;
pub mod chunker;
pub mod copy;
pub mod crypto;
pub mod error;
pub mod id;
pub mod index;
pub mod lock;
pub mod marks;
pub mod notice;
pub mod pack;
pub mod prune;
pub mod readers;
pub mod repofile;
pub mod repository;
pub mod retention;
pub mod root;
pub mod saver;
pub mod snapshot;
pub mod tree;

#[cfg(test)]
mod tests;

pub use error::{Damage, FileDamage, RepoError, Result};
pub use id::{Id, IdKey};
pub use repository::{IndexedRepo, InitOptions, PackStream, Repository, SnapshotList};
pub use snapshot::Snapshot;

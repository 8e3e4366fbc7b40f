//! File-tree source: turns one configured path (a directory such as
//! `C:\DConcept\DEDATA`, or a single file such as `medatixx.lic`) into a
//! deterministic stream of entries with the metadata a restore needs.
//!
//! This module owns *what* is read and *what we know about it*; reading file
//! contents, chunking and storing belong to the backup pipeline (`job`).
//!
//! - [`walk`] streams [`WalkEvent`]s in a fixed order (see [`walk`] docs);
//!   memory stays proportional to the tree depth and the largest directory,
//!   never to the tree size.
//! - Patterns: [`filter`] (globs, case-insensitive like Windows).
//! - Paths never read raw (SQL Server data/log/FILESTREAM): [`excluded`].
//! - Metadata, change detection and error classification: [`meta`].

pub mod excluded;
pub mod filter;
pub mod meta;
mod walk;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use filter::PatternError;
pub use meta::{attr, metadata_of, problem_from_io, same_version};
pub use walk::{walk, Walk};

/// One configured file tree (or single file) to put into a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkSpec {
    /// Local path to read: a directory, or a single file. A symlink here is
    /// followed (it is what the service partner configured); links *below*
    /// the root are recorded, never followed.
    pub root: PathBuf,
    /// Where `root` appears in the snapshot, e.g. `C/DConcept/DEDATA`
    /// (`/`-separated, no leading or trailing `/`, no `.`/`..`, no empty parts).
    pub snapshot_path: String,
    /// Globs relative to `root`; empty = everything. See [`filter`] for syntax.
    pub include: Vec<String>,
    /// Globs relative to `root`; an exclusion always wins over an inclusion.
    pub exclude: Vec<String>,
    /// Absolute paths never to read (SQL Server data/log/FILESTREAM found at
    /// run time). Matched case- and separator-insensitively; a directory here
    /// is pruned with everything below it.
    pub excluded_paths: Vec<PathBuf>,
    /// A missing root is expected (e.g. a product not installed on this server).
    pub optional: bool,
}

impl WalkSpec {
    /// Checks patterns and `snapshot_path` without touching the filesystem,
    /// so a bad `tresor.yaml` is refused when it is loaded, not at night.
    pub fn validate(&self) -> Result<(), SpecError> {
        walk(self).map(|_| ())
    }
}

/// A [`WalkSpec`] that cannot be walked; a configuration error.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error("snapshot path {path:?} {reason}")]
    SnapshotPath { path: String, reason: &'static str },
}

/// What kind of filesystem object an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    /// Recorded as-is; `target` is the link text, not a resolved path.
    Symlink {
        target: String,
    },
}

/// One object to put into the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryMeta {
    /// Full snapshot path: `snapshot_path` + `/` + relative path (`/`-separated).
    /// For a single-file root it is `snapshot_path` itself.
    pub path: String,
    /// Local path to read the contents from.
    pub abs: PathBuf,
    pub kind: EntryKind,
    /// Bytes for files; 0 for directories and symlinks.
    pub size: u64,
    /// Nanoseconds since the Unix epoch (negative before 1970).
    pub mtime_ns: i64,
    /// Unix permission bits (`0o7777` part of `st_mode`); 0 on Windows.
    pub mode: u32,
    /// Windows attributes ([`attr`]: READONLY, HIDDEN, SYSTEM, ARCHIVE); on
    /// unix only READONLY, derived from the absence of any write bit.
    pub attributes: u32,
    /// For a file with more than one hard link: a number shared by all its
    /// links (from device and inode); None otherwise and on Windows.
    pub hardlink: Option<u64>,
}

/// Why something under a root was deliberately left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExcludeReason {
    /// Listed in [`WalkSpec::excluded_paths`]: database files are never copied
    /// raw, they travel in native SQL Server backups.
    DatabaseFile,
    /// A directory pruned by an exclude glob. Files excluded by a glob are not
    /// reported (there can be millions of `*.tmp`); directories are, because a
    /// missing folder is the question a technician asks.
    Pattern { pattern: String },
    /// FIFO, socket or device: reading it could block or never end.
    SpecialFile,
}

/// Something went wrong with one path; the walk goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Snapshot path (lossy if the name is not valid UTF-8).
    pub path: String,
    pub abs: PathBuf,
    pub kind: ProblemKind,
    pub message: String,
}

/// Classification of a [`Problem`], so the report can weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The configured root does not exist. `optional` roots make this a note,
    /// required ones a failed item.
    RootMissing { optional: bool },
    /// Permission denied (or a file locked by another process on Windows).
    Unreadable,
    /// Listed, then gone before we could look at it (normal on a live server).
    Vanished,
    /// A name that is not valid UTF-8: the entry is skipped (rename it to
    /// back it up).
    NameNotUtf8,
    /// A symbolic link whose target is not valid UTF-8: the link is skipped.
    LinkTargetNotUtf8,
    /// Anything else.
    Other,
}

/// One item of the walk stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEvent {
    Entry(EntryMeta),
    Problem(Problem),
    /// `abs` lets the report name the real path (`D:\MSSQL\DATA\x.mdf`).
    Excluded {
        path: String,
        abs: PathBuf,
        reason: ExcludeReason,
    },
}

//! The journal: one JSON line per job, mirror, forget, restore, drill and
//! check, appended and never rewritten — the evidence a practice keeps under
//! GDPR Art. 32 and what a service partner reads after an incident.
//!
//! Each line is an [`Entry`]: a sequence number, the hash of the entry before
//! it, its own hash and the typed [`RunRecord`]. The chain makes an edited,
//! deleted or reordered entry visible ([`verify`]); `journal.head` beside
//! the journal remembers the newest entry, so deleting the newest entries is
//! seen too. The schema and the exact hash rule are in docs/journal.md.
//!
//! What the chain does not do: it carries no secret, so someone who can
//! write the file can recompute every hash. The copy in every snapshot
//! ([`export_for_snapshot`], encrypted on the cartridges) is what a rewritten
//! journal is compared against.

mod canonical;
mod legacy;
mod read;
mod store;
mod verify;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::record::RunRecord;

pub use canonical::{entry_hash, ZERO_HASH};
pub use read::{read, Journal, Line};
pub use store::{append, export_for_snapshot, head_path, Appendable, Head};
pub use verify::{check, verify, Problem, Verdict};

/// The journal lives beside the machine key, in tresor's own data folder.
pub fn path_beside(machine_key: &Path) -> PathBuf {
    machine_key
        .parent()
        .map(|d| d.join("journal.jsonl"))
        .unwrap_or_else(|| PathBuf::from("journal.jsonl"))
}

/// One line of the journal (docs/journal.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// 1 for the first chained entry, then one more per entry, no gaps.
    pub seq: u64,
    /// The previous entry's `hash`, or 64 zeros for the first.
    pub prev: String,
    /// BLAKE3 of `prev` and this entry without `hash` ([`entry_hash`]), 64 hex digits.
    pub hash: String,
    /// What ran.
    pub record: RunRecord,
}

/// Why the journal could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The file, its head or its lock could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl JournalError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> JournalError {
        JournalError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<JournalError> for std::io::Error {
    fn from(e: JournalError) -> std::io::Error {
        match e {
            JournalError::Io { source, .. } => source,
        }
    }
}

impl From<JournalError> for crate::error::Error {
    fn from(e: JournalError) -> crate::error::Error {
        match e {
            JournalError::Io { path, source } => crate::error::Error::Io {
                what: path.display().to_string(),
                source,
            },
        }
    }
}

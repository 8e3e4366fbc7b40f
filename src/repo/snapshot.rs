//! Snapshots: one encrypted JSON file per backup, written last — a snapshot
//! file exists only when everything it names is already stored.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::id::Id;

pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub time: DateTime<FixedOffset>,
    pub host: String,
    pub job: String,
    #[serde(default)]
    pub practice: String,
    pub tool_version: String,
    /// Tree blobs holding the file list, in order.
    pub tree: Vec<Id>,
    #[serde(default)]
    pub parent: Option<Id>,
    /// Which public keys this snapshot (and the packs it wrote) is encrypted to.
    pub recipients: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceRecord>,
    /// Database backups inside this snapshot; the metadata is owned by the
    /// SQL Server source and opaque to the repository.
    #[serde(default)]
    pub databases: Vec<DatabaseRecord>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceRecord {
    pub label: String,
    pub path: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseRecord {
    pub name: String,
    /// Path of the `.bak` node inside the snapshot.
    pub path: String,
    pub metadata: serde_json::Value,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub files: u64,
    pub dirs: u64,
    pub bytes: u64,
    /// Files whose content was read (not taken over unchanged from the parent).
    pub files_read: u64,
    pub new_blobs: u64,
    /// Plaintext bytes of new blobs, and what they took after compression.
    pub new_bytes: u64,
    pub stored_bytes: u64,
    pub duration_ms: u64,
    pub warnings: Vec<String>,
}

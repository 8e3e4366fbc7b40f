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
    /// What the backup noticed; typed since 0.2, Debug text before (still read).
    #[serde(default)]
    pub warnings: Vec<WarningEntry>,
    /// The ransomware guard raised an alarm in this run: the snapshot is
    /// evidence, and retention removes neither it nor anything older while
    /// the alarm is open (docs/format.md, "Guard").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspicious: bool,
    /// What the guard saw (`guard::GuardReport`; opaque to the repository),
    /// absent when the guard is off or for snapshots of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<serde_json::Value>,
}

/// Something a backup recorded in its snapshot. The tags (`kind`) and field
/// names are stable: monitoring tools read them from `snapshots --json`
/// (docs/output.md). Texts for people are made from them when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SnapshotWarning {
    /// A required source did not exist: nothing of it is in the snapshot.
    SourceMissing { source: String, path: String },
    /// A file or folder could not be read: it is not in the snapshot.
    Unreadable { path: String, error: String },
    /// A file changed while it was read: its stored copy may be inconsistent.
    ChangedWhileReading { path: String },
    /// An entry was left out (a name that cannot be stored, …).
    Skipped { path: String, reason: String },
    /// A database was not backed up. `reason` is a stable tag (`connect`,
    /// `login_failed`, `staging_access_denied`, `backup_failed`, …);
    /// `detail` is what the server or the network said.
    DatabaseFailed {
        database: String,
        reason: String,
        #[serde(default)]
        detail: String,
    },
    /// A database the profiles require was not backed up because
    /// tresor.yaml has no `sqlserver:` section.
    DatabaseNotConfigured {
        database: String,
        #[serde(default)]
        profiles: Vec<String>,
    },
    /// A required database does not exist on the SQL Server.
    DatabaseMissing { database: String },
    /// The database was backed up, but something about it needs a person
    /// (e.g. a transaction log that is never backed up).
    DatabaseNotice { database: String, message: String },
    /// The repository had a problem the backup worked around.
    Repository { detail: String },
}

impl SnapshotWarning {
    /// True when the snapshot lacks something it was meant to hold.
    pub fn is_lack(&self) -> bool {
        matches!(
            self,
            SnapshotWarning::SourceMissing { .. }
                | SnapshotWarning::Unreadable { .. }
                | SnapshotWarning::DatabaseFailed { .. }
                | SnapshotWarning::DatabaseNotConfigured { .. }
                | SnapshotWarning::DatabaseMissing { .. }
        )
    }

    /// Reads the Debug text tresor 0.1 recorded (`SourceMissing { label:
    /// "DETEXT", path: "…", optional: false }`, `Database { database: "SQL
    /// Server", error: Connect { … } }`); `None` for text it does not know.
    pub fn from_legacy(text: &str) -> Option<SnapshotWarning> {
        let kind = text.split([' ', '{']).next().unwrap_or("");
        let f = |name: &str| legacy_field(text, name).unwrap_or_default();
        Some(match kind {
            "SourceMissing" => SnapshotWarning::SourceMissing {
                source: f("label"),
                path: f("path"),
            },
            "Unreadable" => SnapshotWarning::Unreadable {
                path: f("path"),
                error: f("error"),
            },
            "ChangedWhileReading" => SnapshotWarning::ChangedWhileReading { path: f("path") },
            "Skipped" => SnapshotWarning::Skipped {
                path: f("path"),
                reason: f("reason"),
            },
            "DatabaseMissing" => SnapshotWarning::DatabaseMissing {
                database: f("database"),
            },
            "Database" if text.contains("message_en:") => SnapshotWarning::DatabaseNotice {
                database: f("database"),
                message: f("message_en"),
            },
            "Database" => {
                // `error: Connect { … }` → `connect`.
                let variant = text
                    .split_once("error: ")
                    .map(|(_, rest)| rest.split([' ', '{', '(', ',']).next().unwrap_or(""))
                    .unwrap_or("");
                SnapshotWarning::DatabaseFailed {
                    database: f("database"),
                    reason: legacy_reason(variant).to_string(),
                    detail: String::new(),
                }
            }
            "Repository" => SnapshotWarning::Repository {
                detail: f("detail"),
            },
            _ => return None,
        })
    }
}

/// One entry of `summary.warnings` as stored: typed, or the text an older
/// tresor wrote, or a kind a newer tresor wrote (kept as it is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WarningEntry {
    Typed(SnapshotWarning),
    Text(String),
    Unknown(serde_json::Value),
}

impl WarningEntry {
    /// The typed warning, read from old text where possible.
    pub fn typed(&self) -> Option<SnapshotWarning> {
        match self {
            WarningEntry::Typed(w) => Some(w.clone()),
            WarningEntry::Text(t) => SnapshotWarning::from_legacy(t),
            WarningEntry::Unknown(_) => None,
        }
    }
}

impl From<SnapshotWarning> for WarningEntry {
    fn from(w: SnapshotWarning) -> Self {
        WarningEntry::Typed(w)
    }
}

impl Snapshot {
    /// What this snapshot lacks that its job meant to back up (missing
    /// required folders, unreadable files, databases not backed up). Empty
    /// for a complete snapshot.
    pub fn lacks(&self) -> Vec<SnapshotWarning> {
        self.summary
            .warnings
            .iter()
            .filter_map(WarningEntry::typed)
            .filter(SnapshotWarning::is_lack)
            .collect()
    }

    /// True when nothing the job meant to back up is missing.
    pub fn is_complete(&self) -> bool {
        self.lacks().is_empty()
    }
}

/// The newest complete snapshot older than `than` (snapshots oldest first).
pub fn previous_complete<'a>(list: &'a [(Id, Snapshot)], than: &Id) -> Option<&'a (Id, Snapshot)> {
    let at = list.iter().position(|(id, _)| id == than)?;
    list[..at].iter().rev().find(|(_, s)| s.is_complete())
}

/// The quoted value of `name: "…"` in Debug text (escapes undone).
fn legacy_field(text: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("{name}: \""))? + name.len() + 3;
    let mut out = String::new();
    let mut chars = text[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The reason tag (see [`SnapshotWarning::DatabaseFailed`]) of the SQL
/// Server error variant an older tresor named in its Debug text; the same
/// grouping as `job::warning::sql_reason`.
pub fn legacy_reason(variant: &str) -> &'static str {
    match variant {
        "InvalidConnectionString" => "configuration",
        "Connect" | "LoginTimeout" | "InstanceNotFound" | "Tls" | "ConnectionLost" | "Runtime" => {
            "connect"
        }
        "LoginFailed" | "WindowsAuthUnavailable" => "login",
        "StagingAccessDenied" | "StagingUnreachable" | "StagingFull" | "StagingIo" => "staging",
        "DatabaseUnavailable" => "database_unavailable",
        "WatchdogTimeout" => "timeout",
        "VerifyFailed" => "verify",
        _ => "backup_failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_tagged_and_old_text_still_reads() {
        let w = SnapshotWarning::DatabaseFailed {
            database: "WINACS".into(),
            reason: "connect".into(),
            detail: "refused".into(),
        };
        let json = serde_json::to_value(WarningEntry::from(w.clone())).unwrap();
        assert_eq!(json["kind"], "database_failed");
        assert_eq!(json["database"], "WINACS");
        assert_eq!(json["reason"], "connect");
        let back: Vec<WarningEntry> = serde_json::from_str(&format!(
            "[{json}, \"SourceMissing {{ label: \\\"x.isynet: Text\\\", path: \\\"/srv/C/WINACS/Text\\\", optional: false }}\", \"Database {{ database: \\\"SQL Server\\\", error: LoginFailed {{ server: \\\"s\\\", user: None, message: \\\"m\\\" }} }}\", {{\"kind\": \"from_the_future\"}}, \"gibberish\"]"
        ))
        .unwrap();
        assert_eq!(back[0].typed(), Some(w));
        assert_eq!(
            back[1].typed(),
            Some(SnapshotWarning::SourceMissing {
                source: "x.isynet: Text".into(),
                path: "/srv/C/WINACS/Text".into()
            })
        );
        assert_eq!(
            back[2].typed(),
            Some(SnapshotWarning::DatabaseFailed {
                database: "SQL Server".into(),
                reason: "login".into(),
                detail: String::new()
            })
        );
        assert!(matches!(back[3], WarningEntry::Unknown(_)));
        assert_eq!(back[4].typed(), None);
        // A summary without the field (or with an empty list) is complete.
        let s: Summary = serde_json::from_str(r#"{"files":1,"dirs":0,"bytes":1,"files_read":1,"new_blobs":1,"new_bytes":1,"stored_bytes":1,"duration_ms":1}"#).unwrap();
        assert!(s.warnings.is_empty());
    }
}

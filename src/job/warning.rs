//! Things a backup or restore noticed that a person should know, without
//! failing the run: they make the exit code "success with warnings".

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// The file changed while it was read: the stored copy may be inconsistent.
    ChangedWhileReading { path: String },
    /// A file or directory could not be read; the rest of the backup went on.
    Unreadable { path: String, error: String },
    /// Deleted between listing and reading (normal on a working server).
    Vanished { path: String },
    /// A configured source does not exist.
    SourceMissing {
        label: String,
        path: String,
        optional: bool,
    },
    /// Database files found inside a file source were left out on purpose.
    DatabaseFilesExcluded { path: String },
    /// Another oddity in a source tree (an OS error text).
    Skipped { path: String, reason: String },
    /// A name tresor cannot store; the entry was skipped.
    NotStorable { path: String, cause: NameCause },
    /// An index or mark file of the repository is damaged (found while
    /// opening it); the backup works around it.
    DamagedFile(crate::repo::FileDamage),
    /// Something about a database that needs a human (e.g. unbounded log growth).
    Database(crate::source::sqlserver::SqlWarning),
    /// Index or pack problems found while opening or using the repository.
    Repository(RepoWarning),
}

/// A problem of the repository a backup noticed and worked around.
/// Error texts from the repository layer are kept as text (the snapshot
/// records them); OS errors in them are told in the practice's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum RepoWarning {
    /// An indexed pack is missing (`found` None) or has another size than
    /// the index says (`expected`, bytes); nothing is reused from it.
    PackUnusable {
        pack: String,
        found: Option<u64>,
        expected: u64,
        blobs: usize,
    },
    /// The previous snapshot's file list could not be read: every file is
    /// read again, and its packs are marked damaged.
    PreviousListUnreadable { error: String },
    /// The damaged packs could not be recorded as damaged.
    DamageNotRecorded { error: String },
}

impl RepoWarning {
    /// The warning in `lang`.
    pub fn render(&self, lang: crate::i18n::Language) -> String {
        use crate::error::os_message_text;
        use crate::tr;
        match self {
            RepoWarning::PackUnusable {
                pack,
                found: None,
                blobs,
                ..
            } => tr!(lang, "report-repo-pack-missing", pack = pack, blobs = blobs),
            RepoWarning::PackUnusable {
                pack,
                found: Some(found),
                expected,
                ..
            } => tr!(
                lang,
                "report-repo-pack-wrong-size",
                pack = pack,
                found = found.to_string(),
                expected = expected.to_string()
            ),
            RepoWarning::PreviousListUnreadable { error } => tr!(
                lang,
                "report-repo-previous-list-unreadable",
                error = os_message_text(error, lang)
            ),
            RepoWarning::DamageNotRecorded { error } => tr!(
                lang,
                "report-repo-damage-not-recorded",
                error = os_message_text(error, lang)
            ),
        }
    }
}

/// Why a name cannot be stored (see [`Warning::NotStorable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameCause {
    /// The name is not valid UTF-8 (e.g. written by an old DOS program).
    NameNotUtf8,
    /// A symbolic link's target is not valid UTF-8.
    LinkTargetNotUtf8,
}

impl NameCause {
    /// The stable code a snapshot records.
    pub fn code(self) -> &'static str {
        match self {
            NameCause::NameNotUtf8 => "name_not_utf8",
            NameCause::LinkTargetNotUtf8 => "link_target_not_utf8",
        }
    }
}

impl Warning {
    /// Optional sources that are missing are expected (e.g. x.isynet without
    /// photos): they are noted, not warned about.
    pub fn is_note(&self) -> bool {
        matches!(
            self,
            Warning::SourceMissing { optional: true, .. }
                | Warning::DatabaseFilesExcluded { .. }
                | Warning::Vanished { .. }
        )
    }
}

use crate::repo::snapshot::SnapshotWarning;
use crate::source::sqlserver::SqlError;

impl Warning {
    /// What the snapshot records of this warning; notes are not recorded.
    pub fn record(&self) -> Option<SnapshotWarning> {
        if self.is_note() {
            return None;
        }
        Some(match self.clone() {
            Warning::ChangedWhileReading { path } => SnapshotWarning::ChangedWhileReading { path },
            Warning::Unreadable { path, error } => SnapshotWarning::Unreadable { path, error },
            Warning::Vanished { path } => SnapshotWarning::Skipped {
                path,
                reason: "vanished".into(),
            },
            Warning::SourceMissing { label, path, .. } => SnapshotWarning::SourceMissing {
                source: label,
                path,
            },
            Warning::DatabaseFilesExcluded { path } => SnapshotWarning::Skipped {
                path,
                reason: "database_file".into(),
            },
            Warning::Skipped { path, reason } => SnapshotWarning::Skipped { path, reason },
            Warning::NotStorable { path, cause } => SnapshotWarning::Skipped {
                path,
                reason: cause.code().into(),
            },
            Warning::DamagedFile(d) => SnapshotWarning::Repository {
                detail: d.to_string(),
            },
            // The snapshot keeps the English text: it is read by technicians
            // and tools, whatever the practice's language.
            Warning::Database(w) => SnapshotWarning::DatabaseNotice {
                database: w.database().to_string(),
                message: w.render(crate::i18n::Language::En),
            },
            // English for the same reason as above.
            Warning::Repository(w) => SnapshotWarning::Repository {
                detail: w.render(crate::i18n::Language::En),
            },
        })
    }
}

/// The stable reason tag a snapshot records for a database that failed
/// (the same grouping as `repo::snapshot::legacy_reason` for old snapshots).
pub fn sql_reason(e: &SqlError) -> &'static str {
    match e {
        SqlError::InvalidConnectionString { .. } => "configuration",
        SqlError::Connect { .. }
        | SqlError::LoginTimeout { .. }
        | SqlError::InstanceNotFound { .. }
        | SqlError::Tls { .. }
        | SqlError::ConnectionLost { .. }
        | SqlError::Runtime(_) => "connect",
        SqlError::LoginFailed { .. } | SqlError::WindowsAuthUnavailable => "login",
        SqlError::StagingAccessDenied { .. }
        | SqlError::StagingUnreachable { .. }
        | SqlError::StagingFull { .. }
        | SqlError::StagingWriteFailed { .. }
        | SqlError::StagingIo { .. } => "staging",
        SqlError::DatabaseUnavailable { .. } => "database_unavailable",
        SqlError::WatchdogTimeout { .. } => "timeout",
        SqlError::VerifyFailed { .. } => "verify",
        _ => "backup_failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::snapshot::legacy_reason;

    #[test]
    fn new_and_old_snapshots_name_the_same_reason() {
        let cases = [
            (
                SqlError::Connect {
                    server: "s".into(),
                    detail: "d".into(),
                    kind: None,
                },
                "Connect",
            ),
            (
                SqlError::LoginFailed {
                    server: "s".into(),
                    user: None,
                    message: "m".into(),
                },
                "LoginFailed",
            ),
            (
                SqlError::StagingAccessDenied {
                    folder: "f".into(),
                    service_account: None,
                    message: "m".into(),
                },
                "StagingAccessDenied",
            ),
            (
                SqlError::BackupFailed {
                    database: "d".into(),
                    code: 1,
                    message: "m".into(),
                },
                "BackupFailed",
            ),
        ];
        for (e, variant) in cases {
            assert_eq!(sql_reason(&e), legacy_reason(variant), "{variant}");
            assert!(format!("{e:?}").starts_with(variant));
        }
    }

    #[test]
    fn repository_warnings_are_told_in_german_and_recorded_in_english() {
        use crate::i18n::Language;
        let all = [
            RepoWarning::PackUnusable {
                pack: "data/ab/abcd".into(),
                found: None,
                expected: 100,
                blobs: 1,
            },
            RepoWarning::PackUnusable {
                pack: "data/ab/abcd".into(),
                found: Some(50),
                expected: 100,
                blobs: 3,
            },
            RepoWarning::PreviousListUnreadable {
                error: "Permission denied (os error 13)".into(),
            },
            RepoWarning::DamageNotRecorded {
                error: "Permission denied (os error 13)".into(),
            },
        ];
        for w in &all {
            let de = w.render(Language::De);
            assert!(!de.contains("Permission denied"), "{de}");
            assert!(!de.starts_with("report-"), "{de}");
            assert_ne!(de, w.render(Language::En));
        }
        assert_eq!(
            all[0].render(Language::De),
            "das Datenpaket data/ab/abcd fehlt (1 Datenblock verzeichnet); nichts daraus wird wiederverwendet, seine Daten werden neu gespeichert"
        );
        assert_eq!(
            all[2].render(Language::De),
            "die Dateiliste der letzten Sicherung ist nicht lesbar (keine Berechtigung); alle Dateien werden neu gelesen"
        );
        let recorded = Warning::Repository(all[1].clone()).record().unwrap();
        assert_eq!(
            recorded,
            SnapshotWarning::Repository {
                detail: "pack data/ab/abcd has 50 bytes, the index says 100 (truncated or replaced); nothing is reused from it, its data is stored again".into()
            }
        );
    }

    #[test]
    fn notes_are_not_recorded_and_missing_sources_are() {
        let note = Warning::SourceMissing {
            label: "x.isynet: Foto".into(),
            path: "/C/WINACS/Foto".into(),
            optional: true,
        };
        assert_eq!(note.record(), None);
        let w = Warning::SourceMissing {
            label: "x.isynet: Text".into(),
            path: "/C/WINACS/Text".into(),
            optional: false,
        };
        let json = serde_json::to_value(w.record().unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "source_missing", "source": "x.isynet: Text", "path": "/C/WINACS/Text"})
        );
    }
}

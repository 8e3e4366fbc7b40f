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
    /// A non-UTF-8 name or another oddity in a source tree.
    Skipped { path: String, reason: String },
    /// Something about a database that needs a human (e.g. unbounded log growth).
    Database {
        database: String,
        message_de: String,
        message_en: String,
    },
    /// Index or pack problems found while opening the repository.
    Repository { detail: String },
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

//! Findings that do not stop a backup but need a human: above all a database in
//! FULL recovery whose log is never backed up, so the .ldf grows until the
//! disk is full.

use super::discover::{DatabaseInfo, Discovery, FileKind};
use chrono::NaiveDateTime;

/// Log backups older than this count as "none".
const LOG_BACKUP_MAX_AGE_HOURS: i64 = 48;

#[derive(Clone, Debug, PartialEq)]
pub enum SqlWarning {
    /// FULL/BULK_LOGGED recovery without recent log backups: unbounded log growth.
    LogNeverBackedUp {
        database: String,
        recovery_model: String,
        last_log_backup: Option<NaiveDateTime>,
        log_bytes: u64,
    },
    /// The database cannot be backed up in its current state.
    NotOnline { database: String, state: String },
}

impl SqlWarning {
    pub fn render(&self, german: bool) -> String {
        match self {
            SqlWarning::LogNeverBackedUp {
                database,
                recovery_model,
                last_log_backup,
                log_bytes,
            } => {
                let mib = log_bytes / (1024 * 1024);
                let last = last_log_backup.map_or_else(
                    || {
                        if german {
                            "nie".to_string()
                        } else {
                            "never".to_string()
                        }
                    },
                    |t| t.format("%d.%m.%Y %H:%M").to_string(),
                );
                if german {
                    format!("Datenbank {database}: Wiederherstellungsmodell {recovery_model}, letzte Protokollsicherung: {last}, Protokolldatei {mib} MiB. Ohne Protokollsicherungen wächst das Transaktionsprotokoll unbegrenzt, bis das Laufwerk voll ist. Abhilfe: regelmäßige Protokollsicherungen einrichten oder – nach Rücksprache mit medatixx – auf SIMPLE umstellen (ALTER DATABASE … SET RECOVERY SIMPLE).")
                } else {
                    format!("Database {database}: recovery model {recovery_model}, last log backup: {last}, log file {mib} MiB. Without log backups the transaction log grows without bound until the drive is full. Fix: schedule log backups, or – after checking with medatixx – switch to SIMPLE (ALTER DATABASE … SET RECOVERY SIMPLE).")
                }
            }
            SqlWarning::NotOnline { database, state } => {
                if german {
                    format!("Datenbank {database} ist im Zustand {state} und wird nicht gesichert.")
                } else {
                    format!("Database {database} is {state} and is not backed up.")
                }
            }
        }
    }
}

pub fn warnings(d: &Discovery) -> Vec<SqlWarning> {
    warnings_at(d, chrono::Local::now().naive_local())
}

/// `warnings` for a given "now" (server local time), for tests.
pub fn warnings_at(d: &Discovery, now: NaiveDateTime) -> Vec<SqlWarning> {
    d.databases
        .iter()
        .filter(|db| !db.is_snapshot)
        .filter_map(|db| warning_for(db, now))
        .collect()
}

fn warning_for(db: &DatabaseInfo, now: NaiveDateTime) -> Option<SqlWarning> {
    if db.state != "ONLINE" {
        return Some(SqlWarning::NotOnline {
            database: db.name.clone(),
            state: db.state.clone(),
        });
    }
    let logged = matches!(db.recovery_model.as_str(), "FULL" | "BULK_LOGGED");
    let recent = db
        .last_log_backup
        .is_some_and(|t| (now - t).num_hours() < LOG_BACKUP_MAX_AGE_HOURS);
    // model's FULL recovery is only a template; it never grows.
    (logged && !recent && db.name != "model").then(|| SqlWarning::LogNeverBackedUp {
        database: db.name.clone(),
        recovery_model: db.recovery_model.clone(),
        last_log_backup: db.last_log_backup,
        log_bytes: db
            .files
            .iter()
            .filter(|f| f.kind == FileKind::Log)
            .map(|f| f.size_bytes)
            .sum(),
    })
}

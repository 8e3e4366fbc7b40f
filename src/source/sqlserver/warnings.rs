//! Findings that do not stop a backup but need a human: above all a database in
//! FULL recovery whose log is never backed up, so the .ldf grows until the
//! disk is full.

use super::discover::{DatabaseInfo, Discovery, FileKind};
use chrono::NaiveDateTime;

use crate::i18n::{self, Language};
use crate::tr;

/// Log backups older than this count as "none".
const LOG_BACKUP_MAX_AGE_HOURS: i64 = 48;

/// SQL Server Express: "Maximum relational database size 10 GB" — data
/// files only; the log and FILESTREAM data do not count
/// (https://learn.microsoft.com/sql/sql-server/editions-and-components-of-sql-server-2022#scale-limits,
/// https://learn.microsoft.com/sql/relational-databases/blob/filestream-sql-server).
pub const EXPRESS_DATABASE_LIMIT: u64 = 10 * 1024 * 1024 * 1024;

/// Warn from this share of the Express limit on (percent).
const EXPRESS_WARN_PERCENT: u64 = 80;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SqlWarning {
    /// FULL/BULK_LOGGED recovery without recent log backups: unbounded log growth.
    LogNeverBackedUp {
        database: String,
        recovery_model: String,
        last_log_backup: Option<NaiveDateTime>,
        log_bytes: u64,
        /// sys.databases.log_reuse_wait_desc: why the log cannot be reused
        /// (https://learn.microsoft.com/sql/relational-databases/logs/the-transaction-log-sql-server#FactorsThatDelayTruncation).
        #[serde(default)]
        log_reuse_wait: String,
    },
    /// An Express database's data files near the 10 GB limit.
    ExpressNearLimit {
        database: String,
        data_bytes: u64,
        limit_bytes: u64,
    },
    /// The database cannot be backed up in its current state.
    NotOnline { database: String, state: String },
}

impl SqlWarning {
    /// The database the warning is about.
    pub fn database(&self) -> &str {
        match self {
            SqlWarning::LogNeverBackedUp { database, .. }
            | SqlWarning::ExpressNearLimit { database, .. }
            | SqlWarning::NotOnline { database, .. } => database,
        }
    }

    /// The warning for people: what was found, why it matters, what to do.
    pub fn render(&self, lang: Language) -> String {
        match self {
            SqlWarning::LogNeverBackedUp {
                database,
                recovery_model,
                last_log_backup,
                log_bytes,
                log_reuse_wait,
            } => {
                let last = last_log_backup.map_or_else(
                    || tr!(lang, "sql-warning-never"),
                    |t| t.format("%d.%m.%Y %H:%M").to_string(),
                );
                let why = tr!(lang, "sql-warning-log-reuse-wait", wait = log_reuse_wait);
                tr!(
                    lang,
                    "sql-warning-log-never-backed-up",
                    database = database,
                    recovery_model = recovery_model,
                    last = last,
                    size = i18n::size(lang, *log_bytes),
                    why = why
                )
            }
            SqlWarning::ExpressNearLimit {
                database,
                data_bytes,
                limit_bytes,
            } => tr!(
                lang,
                "sql-warning-express-limit",
                database = database,
                size = i18n::size(lang, *data_bytes),
                limit = i18n::size(lang, *limit_bytes),
                percent = data_bytes * 100 / (*limit_bytes).max(1)
            ),
            SqlWarning::NotOnline { database, state } => tr!(
                lang,
                "sql-warning-not-online",
                database = database,
                state = state
            ),
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
        .flat_map(|db| {
            let express = d
                .is_express
                .then(|| express_limit(db, d.major_version))
                .flatten();
            warning_for(db, now).into_iter().chain(express)
        })
        .collect()
}

/// The Express edition's data limit per database: 10 GB up to SQL Server
/// 2022 (major version 16), 50 GB from SQL Server 2025 (17) on
/// (https://learn.microsoft.com/sql/sql-server/editions-and-components-of-sql-server-2025).
pub fn express_limit_bytes(major_version: u32) -> u64 {
    if major_version >= 17 {
        5 * EXPRESS_DATABASE_LIMIT
    } else {
        EXPRESS_DATABASE_LIMIT
    }
}

fn express_limit(db: &DatabaseInfo, major_version: u32) -> Option<SqlWarning> {
    let limit = express_limit_bytes(major_version);
    let data_bytes: u64 = db
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Rows)
        .map(|f| f.size_bytes)
        .sum();
    (!db.is_system && data_bytes * 100 >= limit * EXPRESS_WARN_PERCENT).then(|| {
        SqlWarning::ExpressNearLimit {
            database: db.name.clone(),
            data_bytes,
            limit_bytes: limit,
        }
    })
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
        log_reuse_wait: db.log_reuse_wait.clone(),
    })
}

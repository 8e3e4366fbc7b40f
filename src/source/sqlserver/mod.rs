//! SQL Server as a backup source: the only module that speaks TDS (tiberius).
//!
//! The API is blocking: each call runs a small single-threaded tokio runtime,
//! so it must not be called from inside another tokio runtime. BACKUP runs
//! into a staging folder on the SQL Server machine (tresor runs there too);
//! the returned `.bak` goes into the snapshot and is then deleted by the caller.
//!
//! Flow: `parse_connection_string` → `discover` (+ `warnings`,
//! `database_file_paths`) → `backup_database` per database →
//! `restore_database` / `drop_database` for restores and drills.

mod backup;
mod checkdb;
mod connect;
mod connstring;
mod discover;
mod drop;
mod errors;
mod file_paths;
mod freespace;
mod messages;
mod metadata;
mod move_plan;
mod progress;
mod quote;
mod restore;
mod rows;
mod settings;
mod staging;
mod state;
mod warnings;
mod watchdog;

pub use backup::{backup_database, backup_statement, verify_backup, BackupOptions, DatabaseBackup};
pub use connstring::{parse_connection_string, parse_server};
pub use discover::{discover, DatabaseInfo, DbFile, Discovery, FileKind};
pub use drop::{drop_database, drop_leftover_drills};
pub use errors::{OldDatabase, SqlError};
pub use file_paths::database_file_paths;
pub use metadata::{BackupMetadata, LogicalFile, Lsn};
pub use move_plan::{plan_moves, FileMove, TargetDirs};
pub use quote::{quote_ident, quote_nstring};
pub use restore::{restore_database, restore_statement, RestoreOptions, RestoreOutcome};
pub use settings::{
    Auth, Encryption, ServerAddress, SqlServerSettings, SqlServerSettingsPartial,
    DEFAULT_LOGIN_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT,
};
pub use staging::sweep_staging;
pub use state::{read_database_state, DbState};
pub use warnings::{warnings, warnings_at, SqlWarning, EXPRESS_DATABASE_LIMIT};

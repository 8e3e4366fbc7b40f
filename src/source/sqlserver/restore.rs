//! RESTORE DATABASE from a .bak: under its own or a new name, every logical
//! file moved, never over an existing database without `force`, optionally
//! followed by DBCC CHECKDB.

use super::checkdb::checkdb;
use super::connect::{connect, runtime, Client};
use super::discover::{server_props, CATALOG_LIMIT};
use super::errors::{Ctx, SqlError};
use super::metadata::BackupMetadata;
use super::move_plan::{plan_moves, FileMove, TargetDirs};
use super::progress;
use super::quote::{quote_ident, quote_nstring};
use super::rows::int;
use super::settings::SqlServerSettings;
use super::watchdog;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct RestoreOptions {
    pub target_name: String,
    /// Defaults to the instance's default data folder.
    pub data_dir: Option<PathBuf>,
    /// Defaults to `data_dir` if given, else the instance's default log folder.
    pub log_dir: Option<PathBuf>,
    /// Parent of the FILESTREAM container folders; defaults to the data folder.
    pub filestream_dir: Option<PathBuf>,
    /// Replace an existing database of the target name.
    pub force: bool,
    pub checkdb: bool,
}

#[derive(Clone, Debug)]
pub struct RestoreOutcome {
    pub database: String,
    pub moves: Vec<FileMove>,
    /// An existing database was replaced (only with `force`).
    pub replaced: bool,
    /// DBCC CHECKDB ran and found nothing (errors come back as `CheckDbFailed`).
    pub checkdb_clean: bool,
}

/// The RESTORE statement.
pub fn restore_statement(
    target: &str,
    bak: &Path,
    moves: &[FileMove],
    checksum: bool,
    replace: bool,
) -> String {
    let mut sql = format!(
        "RESTORE DATABASE {} FROM DISK = {} WITH ",
        quote_ident(target),
        quote_nstring(&bak.to_string_lossy())
    );
    let mut opts: Vec<String> = moves
        .iter()
        .map(|m| {
            format!(
                "MOVE {} TO {}",
                quote_nstring(&m.logical_name),
                quote_nstring(&m.target)
            )
        })
        .collect();
    if checksum {
        opts.push("CHECKSUM".into());
    }
    opts.push("RECOVERY".into());
    if replace {
        opts.push("REPLACE".into());
    }
    sql.push_str(&opts.join(", "));
    sql
}

pub fn restore_database(
    settings: &SqlServerSettings,
    bak_path: &Path,
    meta: &BackupMetadata,
    opts: &RestoreOptions,
    progress: &dyn Fn(f32),
) -> Result<RestoreOutcome, SqlError> {
    let target = opts.target_name.as_str();
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        let props = server_props(&mut client).await?;
        if meta.has_filestream() && props.filestream_level == 0 {
            return Err(SqlError::FilestreamDisabled {
                server: props.server_name,
            });
        }
        let exists = database_exists(&mut client, target).await?;
        if exists && !opts.force {
            return Err(SqlError::TargetExists {
                database: target.to_string(),
            });
        }
        let dir = |given: &Option<PathBuf>, fallback: Option<&String>, kind| {
            given
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned())
                .or_else(|| fallback.cloned())
                .ok_or(SqlError::NoTargetFolder { kind })
        };
        let data = dir(&opts.data_dir, props.default_data_path.as_ref(), "data")?;
        // A data folder given explicitly takes the log too, unless a log folder is given.
        let log_default = if opts.data_dir.is_some() {
            None
        } else {
            props.default_log_path.as_ref()
        };
        let log = dir(&opts.log_dir, log_default.or(Some(&data)), "log")?;
        let filestream = dir(&opts.filestream_dir, Some(&data), "FILESTREAM")?;
        let dirs = TargetDirs {
            data: &data,
            log: &log,
            filestream: &filestream,
        };
        let moves = plan_moves(&meta.files, &meta.database, target, &dirs);

        let limit = settings.statement_timeout;
        let ctx = Ctx::Restore { database: target };
        if exists {
            // Other sessions would make RESTORE fail with 3101 (exclusive access).
            let kick = format!(
                "ALTER DATABASE {} SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
                quote_ident(target)
            );
            watchdog::query(&mut client, &kick, limit, "ALTER DATABASE", ctx).await?;
        }
        let sql = restore_statement(target, bak_path, &moves, meta.has_checksums, exists);
        let poll = progress::poll(settings, props.spid, progress);
        if let Err(s) = watchdog::run_guarded(&mut client, &sql, limit, poll).await {
            if exists {
                // The old database survived the failed RESTORE: give it back to its users.
                let back = format!("ALTER DATABASE {} SET MULTI_USER", quote_ident(target));
                let _ =
                    watchdog::query(&mut client, &back, CATALOG_LIMIT, "ALTER DATABASE", ctx).await;
            }
            return Err(
                match watchdog::stopped(s, &format!("RESTORE DATABASE {target}"), limit, ctx) {
                    SqlError::FilestreamDisabled { .. } => SqlError::FilestreamDisabled {
                        server: props.server_name.clone(),
                    },
                    other => other,
                },
            );
        }
        progress(1.0);
        if opts.checkdb {
            checkdb(&mut client, target, limit).await?;
        }
        Ok(RestoreOutcome {
            database: target.to_string(),
            moves,
            replaced: exists,
            checkdb_clean: opts.checkdb,
        })
    })
}

async fn database_exists(client: &mut Client, name: &str) -> Result<bool, SqlError> {
    let sql = format!(
        "SELECT CAST(DB_ID({}) AS int) AS database_id",
        quote_nstring(name)
    );
    let rows = watchdog::query(client, &sql, CATALOG_LIMIT, "DB_ID", Ctx::Query).await?;
    Ok(rows
        .into_iter()
        .flatten()
        .next()
        .and_then(|r| int(&r, "database_id"))
        .is_some())
}

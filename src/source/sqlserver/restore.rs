//! RESTORE DATABASE from a .bak: under its own or a new name, every logical
//! file moved, never over an existing database without `force`, optionally
//! followed by DBCC CHECKDB. REPLACE semantics:
//! https://learn.microsoft.com/sql/t-sql/statements/restore-statements-arguments-transact-sql#replace

use super::backup::verify_bak;
use super::checkdb::checkdb;
use super::connect::{connect, runtime};
use super::discover::server_props;
use super::errors::{Ctx, OldDatabase, SqlError};
use super::metadata::BackupMetadata;
use super::move_plan::{plan_moves, FileMove, TargetDirs};
use super::progress;
use super::quote::{quote_ident, quote_nstring};
use super::settings::SqlServerSettings;
use super::state::{database_state, settle_multi_user};
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
    /// Replace an existing database of the target name (RESTORE … REPLACE,
    /// which also overwrites existing files at the target paths).
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
    /// The restored database is not open to all users afterwards (its
    /// `user_access_desc`, e.g. SINGLE_USER), or its state could not be read
    /// (`Some("?")`): the practice software may not connect.
    pub not_multi_user: Option<String>,
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

/// Restores `bak_path` as `opts.target_name`. Over an existing database
/// (`force`): the `.bak` is verified first (RESTORE VERIFYONLY), then
/// `SET SINGLE_USER WITH ROLLBACK IMMEDIATE` and RESTORE … REPLACE run in one
/// batch, so a reconnecting practice service cannot take the single
/// connection between them (3101); afterwards the database is given back to
/// its users and its state checked. A failure then is `ReplaceFailed`, which
/// says whether the old database survived.
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
        let existing = database_state(&mut client, target).await?;
        if existing.is_some() && !opts.force {
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
        if existing.is_some() {
            // Nothing is destroyed for a backup that cannot be read back.
            verify_bak(&mut client, bak_path, meta.has_checksums, limit).await?;
        }
        // REPLACE only over the database `--force` names: never over files of
        // a database the server no longer lists (a detached one): those are
        // refused (3142) and named.
        let replace = opts.force && existing.is_some();
        let restore = restore_statement(target, bak_path, &moves, meta.has_checksums, replace);
        // Other sessions would make RESTORE fail with 3101 (exclusive access).
        // ALTER is refused (5052) on a RESTORING database, which nobody can use anyway.
        let sql = match &existing {
            Some(s) if s.is_online() => format!(
                "ALTER DATABASE {} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; {restore}",
                quote_ident(target)
            ),
            _ => restore,
        };
        let poll = progress::poll(settings, props.spid, progress);
        let outcome = watchdog::run_guarded(&mut client, &sql, limit, poll).await;
        drop(client);
        if let Err(s) = outcome {
            let cause =
                match watchdog::stopped(s, &format!("RESTORE DATABASE {target}"), limit, ctx) {
                    SqlError::FilestreamDisabled { .. } => SqlError::FilestreamDisabled {
                        server: props.server_name.clone(),
                    },
                    other => other,
                };
            if existing.is_none() {
                return Err(cause);
            }
            let before = existing.as_ref().map(|e| e.state.clone());
            let old = match settle_multi_user(settings, target).await {
                Ok(Some(s)) if s.is_online() && s.user_access == "MULTI_USER" => OldDatabase::Kept,
                // OFFLINE before and after: RESTORE never began (once it
                // begins, the database is RESTORING), nothing was touched.
                Ok(Some(s)) if s.state == "OFFLINE" && before.as_deref() == Some("OFFLINE") => {
                    OldDatabase::KeptOffline
                }
                Ok(Some(s)) if s.is_online() => OldDatabase::KeptSingleUser,
                Ok(Some(s)) => OldDatabase::Gone {
                    state: Some(s.state),
                },
                Ok(None) => OldDatabase::Gone { state: None },
                Err(e) => {
                    tracing::warn!(error = %e, "state after failed RESTORE unknown");
                    OldDatabase::Unknown
                }
            };
            return Err(SqlError::ReplaceFailed {
                database: target.to_string(),
                cause: Box::new(cause),
                old,
            });
        }
        progress(1.0);
        // RESTORE takes the options from the backup: the ALTER above, or a
        // backup taken while the database was SINGLE_USER or RESTRICTED_USER
        // (a new name or a bare server too). Open it to all users, and say
        // it when that fails: the restore itself succeeded either way.
        let not_multi_user = match settle_multi_user(settings, target).await {
            Ok(Some(s)) if s.user_access == "MULTI_USER" => None,
            Ok(Some(s)) => Some(s.user_access),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "state after RESTORE not confirmed");
                Some("?".to_string())
            }
        };
        if opts.checkdb {
            let mut client = connect(settings).await?;
            checkdb(&mut client, target, limit).await?;
        }
        Ok(RestoreOutcome {
            database: target.to_string(),
            moves,
            replaced: existing.is_some(),
            checkdb_clean: opts.checkdb,
            not_multi_user,
        })
    })
}

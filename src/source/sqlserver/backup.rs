//! BACKUP DATABASE into the staging folder, RESTORE VERIFYONLY, then the
//! backup's metadata for the snapshot.

use super::connect::{connect, runtime, Client};
use super::discover::{server_props, DatabaseInfo, FileKind, CATALOG_LIMIT};
use super::errors::{Ctx, SqlError};
use super::metadata::{self, BackupMetadata};
use super::progress;
use super::quote::{quote_ident, quote_nstring};
use super::rows::text;
use super::settings::SqlServerSettings;
use super::staging;
use super::watchdog;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct BackupOptions {
    /// Outside the backup chain: does not move the differential base.
    pub copy_only: bool,
    /// SQL Server's own compression; off by default because it defeats dedup.
    pub compression: bool,
    /// RESTORE VERIFYONLY … WITH CHECKSUM after the backup.
    pub verify: bool,
}

/// COPY_ONLY by default: a conventional full backup becomes the base of the
/// next differential backup, so differentials taken by the vendor's or another
/// tool would then depend on a `.bak` only tresor has
/// (https://learn.microsoft.com/sql/relational-databases/backup-restore/copy-only-backups-sql-server).
impl Default for BackupOptions {
    fn default() -> Self {
        BackupOptions {
            copy_only: true,
            compression: false,
            verify: true,
        }
    }
}

/// A verified .bak in the staging folder. The caller stores it and then
/// deletes it.
#[derive(Clone, Debug)]
pub struct DatabaseBackup {
    pub database: String,
    pub bak_path: PathBuf,
    pub metadata: BackupMetadata,
}

/// The BACKUP statement. `express`: Express rejects any compression option,
/// other editions get NO_COMPRESSION so a server-wide default cannot defeat dedup.
pub fn backup_statement(database: &str, bak: &Path, opts: &BackupOptions, express: bool) -> String {
    let mut sql = format!(
        "BACKUP DATABASE {} TO DISK = {} WITH CHECKSUM, INIT, FORMAT",
        quote_ident(database),
        quote_nstring(&bak.to_string_lossy())
    );
    if opts.copy_only {
        sql.push_str(", COPY_ONLY");
    }
    if opts.compression {
        sql.push_str(", COMPRESSION");
    } else if !express {
        sql.push_str(", NO_COMPRESSION");
    }
    sql
}

/// Backs up `db`; `progress` receives fractions 0.0..=1.0 while BACKUP runs.
pub fn backup_database(
    settings: &SqlServerSettings,
    db: &DatabaseInfo,
    opts: &BackupOptions,
    progress: &dyn Fn(f32),
) -> Result<DatabaseBackup, SqlError> {
    // Leftovers of crashed runs would fill the staging drive night after night.
    staging::sweep_staging(&settings.staging_dir);
    staging::check_space(&settings.staging_dir, db.data_size())?;
    let bak = staging::bak_path(
        &settings.staging_dir,
        &db.name,
        chrono::Local::now().naive_local(),
    );
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        let props = server_props(&mut client).await?;
        if opts.compression && props.is_express() {
            return Err(SqlError::CompressionNotSupported {
                message: props.edition,
            });
        }
        let sql = backup_statement(&db.name, &bak, opts, props.is_express());
        let limit = settings.statement_timeout;
        let poll = progress::poll(settings, props.spid, progress);
        if let Err(stopped) = watchdog::run_guarded(&mut client, &sql, limit, poll).await {
            // A partial file only fills the staging drive.
            let _ = std::fs::remove_file(&bak);
            let what = format!("BACKUP DATABASE {}", db.name);
            let mut err = watchdog::stopped(
                stopped,
                &what,
                limit,
                Ctx::Backup {
                    database: &db.name,
                    bak: &bak,
                },
            );
            if let SqlError::StagingAccessDenied {
                service_account, ..
            } = &mut err
            {
                *service_account = service_account_name(&mut client).await;
            }
            return Err(err);
        }
        progress(1.0);
        let checked = async {
            if opts.verify {
                verify(&mut client, &bak, limit).await?;
            }
            metadata::read(&mut client, &bak, limit).await
        };
        match checked.await {
            Ok(mut metadata) => {
                mark_memory_optimized(&mut metadata, db);
                Ok(DatabaseBackup {
                    database: db.name.clone(),
                    bak_path: bak.clone(),
                    metadata,
                })
            }
            Err(e) => {
                // A .bak that failed its checks is of no use to anyone.
                let _ = std::fs::remove_file(&bak);
                Err(e)
            }
        }
    })
}

/// FILELISTONLY's type S covers FILESTREAM and memory-optimized containers
/// alike; the live database's filegroups tell them apart.
fn mark_memory_optimized(meta: &mut metadata::BackupMetadata, db: &DatabaseInfo) {
    for f in &mut meta.files {
        f.memory_optimized = f.file_type == 'S'
            && db.files.iter().any(|d| {
                d.kind == FileKind::MemoryOptimized
                    && d.logical_name.eq_ignore_ascii_case(&f.logical_name)
            });
    }
}

/// RESTORE VERIFYONLY … WITH CHECKSUM on an existing .bak (e.g. one restored
/// from a snapshot): readable, complete, checksums right.
pub fn verify_backup(settings: &SqlServerSettings, bak: &Path) -> Result<(), SqlError> {
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        verify(&mut client, bak, settings.statement_timeout).await
    })
}

async fn verify(
    client: &mut Client,
    bak: &Path,
    limit: std::time::Duration,
) -> Result<(), SqlError> {
    verify_bak(client, bak, true, limit).await
}

/// RESTORE VERIFYONLY, WITH CHECKSUM when the backup has checksums (3187 otherwise).
pub(crate) async fn verify_bak(
    client: &mut Client,
    bak: &Path,
    checksum: bool,
    limit: std::time::Duration,
) -> Result<(), SqlError> {
    let sql = format!(
        "RESTORE VERIFYONLY FROM DISK = {}{}",
        quote_nstring(&bak.to_string_lossy()),
        if checksum { " WITH CHECKSUM" } else { "" }
    );
    watchdog::query(
        client,
        &sql,
        limit,
        "RESTORE VERIFYONLY",
        Ctx::Verify { bak },
    )
    .await?;
    Ok(())
}

/// The account the database engine runs as, to name it in the 3201 message.
async fn service_account_name(client: &mut Client) -> Option<String> {
    let sql = "SELECT servicename, service_account FROM sys.dm_server_services";
    let rows = watchdog::query(
        client,
        sql,
        CATALOG_LIMIT,
        "sys.dm_server_services",
        Ctx::Query,
    )
    .await
    .ok()?;
    rows.into_iter()
        .flatten()
        .find(|r| text(r, "servicename").is_some_and(|n| n.starts_with("SQL Server (")))
        .and_then(|r| text(&r, "service_account"))
}

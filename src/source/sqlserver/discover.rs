//! What is on the instance: edition, version, FILESTREAM, databases and their
//! files — one connection, three catalog queries.

use super::connect::{connect, runtime, Client};
use super::errors::{Ctx, SqlError};
use super::rows::{flag, int, need, text, time};
use super::settings::SqlServerSettings;
use super::watchdog;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Discovery {
    pub server_name: String,
    pub edition: String,
    pub is_express: bool,
    pub version: String,
    pub major_version: u32,
    pub filestream_enabled: bool,
    pub default_data_path: Option<String>,
    pub default_log_path: Option<String>,
    pub databases: Vec<DatabaseInfo>,
    /// Files of databases not listed above (tempdb): never to be copied either.
    pub other_files: Vec<PathBuf>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DatabaseInfo {
    pub name: String,
    /// `state_desc`: ONLINE, OFFLINE, RESTORING, SUSPECT …
    pub state: String,
    pub is_snapshot: bool,
    /// master, model, msdb (tempdb is never listed).
    pub is_system: bool,
    pub recovery_model: String,
    pub log_reuse_wait: String,
    /// Finish time (server local time) of the newest log backup in msdb.
    pub last_log_backup: Option<NaiveDateTime>,
    pub files: Vec<DbFile>,
}

impl DatabaseInfo {
    /// Whether BACKUP DATABASE can run on it now.
    pub fn can_back_up(&self) -> bool {
        self.state == "ONLINE" && !self.is_snapshot
    }

    /// Upper bound of the backup size: data and FILESTREAM, not the log.
    pub fn data_size(&self) -> u64 {
        self.files
            .iter()
            .filter(|f| f.kind != FileKind::Log)
            .map(|f| f.size_bytes)
            .sum()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DbFile {
    pub logical_name: String,
    pub physical_path: PathBuf,
    pub kind: FileKind,
    pub size_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Rows,
    Log,
    Filestream,
    /// A container of a MEMORY_OPTIMIZED_DATA filegroup (In-Memory OLTP):
    /// FILESTREAM in sys.master_files, but needs no FILESTREAM to restore.
    MemoryOptimized,
    FullText,
    Other(String),
}

impl FileKind {
    fn from_type_desc(s: &str) -> FileKind {
        match s {
            "ROWS" => FileKind::Rows,
            "LOG" => FileKind::Log,
            "FILESTREAM" => FileKind::Filestream,
            "FULLTEXT" => FileKind::FullText,
            other => FileKind::Other(other.to_string()),
        }
    }
}

/// Instance facts the backup and restore paths need too.
pub(crate) struct ServerProps {
    pub server_name: String,
    pub edition: String,
    pub engine_edition: i64,
    pub version: String,
    pub filestream_level: i64,
    pub default_data_path: Option<String>,
    pub default_log_path: Option<String>,
    /// Our session id, for progress polling from a second connection.
    pub spid: i64,
}

impl ServerProps {
    pub fn is_express(&self) -> bool {
        self.engine_edition == 4
    }
}

const PROPS_SQL: &str = "SELECT CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, \
CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition, \
CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version, \
CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server_name, \
CAST(ISNULL(SERVERPROPERTY('FilestreamEffectiveLevel'), 0) AS int) AS filestream_level, \
CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(260)) AS default_data_path, \
CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(260)) AS default_log_path, \
CAST(@@SPID AS int) AS spid";

const DATABASES_SQL: &str = "SELECT d.name, d.state_desc, \
CAST(CASE WHEN d.source_database_id IS NULL THEN 0 ELSE 1 END AS bit) AS is_snapshot, \
d.recovery_model_desc, d.log_reuse_wait_desc, \
CAST(CASE WHEN d.database_id <= 4 THEN 1 ELSE 0 END AS bit) AS is_system, \
(SELECT MAX(b.backup_finish_date) FROM msdb.dbo.backupset AS b \
 WHERE b.database_name = d.name AND b.type = 'L') AS last_log_backup \
FROM sys.databases AS d WHERE d.name <> N'tempdb' ORDER BY d.name";

const FILES_SQL: &str =
    "SELECT DB_NAME(mf.database_id) AS database_name, mf.name AS logical_name, \
mf.physical_name, mf.type_desc, CAST(mf.size AS bigint) * 8192 AS size_bytes \
FROM sys.master_files AS mf ORDER BY mf.database_id, mf.file_id";

/// sys.master_files reports size 0 for FILESTREAM containers ("query
/// sys.database_files for the actual size":
/// https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-master-files-transact-sql);
/// sys.database_files has it ("for FILESTREAM filegroup containers, the
/// current used size", in 8 KB pages:
/// https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-database-files-transact-sql),
/// and sys.filegroups says which containers are memory-optimized (type FX:
/// https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-filegroups-transact-sql).
fn database_files_sql(database: &str) -> String {
    let db = super::quote::quote_ident(database);
    format!(
        "SELECT f.name AS logical_name, f.type_desc, CAST(f.size AS bigint) * 8192 AS size_bytes, \
fg.type AS filegroup_type FROM {db}.sys.database_files AS f \
LEFT JOIN {db}.sys.filegroups AS fg ON fg.data_space_id = f.data_space_id"
    )
}

/// Fills in the real size of `db`'s FILESTREAM containers and marks the
/// memory-optimized ones. A database that cannot be read (offline) keeps the
/// catalog's figures: it is not backed up anyway.
async fn container_sizes(client: &mut Client, db: &mut DatabaseInfo) {
    let sql = database_files_sql(&db.name);
    let rows = match watchdog::query(
        client,
        &sql,
        CATALOG_LIMIT,
        "sys.database_files",
        Ctx::Query,
    )
    .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::debug!(database = %db.name, error = %e, "no container sizes");
            return;
        }
    };
    for r in rows.into_iter().flatten() {
        let Some(name) = text(&r, "logical_name") else {
            continue;
        };
        let Some(f) = db.files.iter_mut().find(|f| f.logical_name == name) else {
            continue;
        };
        if f.kind != FileKind::Filestream {
            continue;
        }
        if let Some(size) = int(&r, "size_bytes").and_then(|s| u64::try_from(s).ok()) {
            f.size_bytes = size;
        }
        if text(&r, "filegroup_type").is_some_and(|t| t.trim() == "FX") {
            f.kind = FileKind::MemoryOptimized;
        }
    }
}

/// Catalog queries are quick; a minute means something is wrong.
pub(crate) const CATALOG_LIMIT: Duration = Duration::from_secs(60);

pub(crate) async fn server_props(client: &mut Client) -> Result<ServerProps, SqlError> {
    const Q: &str = "SERVERPROPERTY";
    let rows = watchdog::query(client, PROPS_SQL, CATALOG_LIMIT, Q, Ctx::Query).await?;
    let row = need(rows.into_iter().flatten().next(), Q, "(row)")?;
    Ok(ServerProps {
        server_name: text(&row, "server_name").unwrap_or_default(),
        edition: text(&row, "edition").unwrap_or_default(),
        engine_edition: int(&row, "engine_edition").unwrap_or(0),
        version: text(&row, "product_version").unwrap_or_default(),
        filestream_level: int(&row, "filestream_level").unwrap_or(0),
        default_data_path: text(&row, "default_data_path").filter(|p| !p.is_empty()),
        default_log_path: text(&row, "default_log_path").filter(|p| !p.is_empty()),
        spid: need(int(&row, "spid"), Q, "spid")?,
    })
}

/// Reads edition, version, FILESTREAM level, databases and files.
pub fn discover(settings: &SqlServerSettings) -> Result<Discovery, SqlError> {
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        discover_with(&mut client).await
    })
}

pub(crate) async fn discover_with(client: &mut Client) -> Result<Discovery, SqlError> {
    let props = server_props(client).await?;
    let rows = watchdog::query(
        client,
        DATABASES_SQL,
        CATALOG_LIMIT,
        "sys.databases",
        Ctx::Query,
    )
    .await?;
    let mut databases = Vec::new();
    for row in rows.into_iter().flatten() {
        databases.push(DatabaseInfo {
            name: need(text(&row, "name"), "sys.databases", "name")?,
            state: text(&row, "state_desc").unwrap_or_default(),
            is_snapshot: flag(&row, "is_snapshot").unwrap_or(false),
            is_system: flag(&row, "is_system").unwrap_or(false),
            recovery_model: text(&row, "recovery_model_desc").unwrap_or_default(),
            log_reuse_wait: text(&row, "log_reuse_wait_desc").unwrap_or_default(),
            last_log_backup: time(&row, "last_log_backup"),
            files: Vec::new(),
        });
    }
    let mut other_files = Vec::new();
    let rows = watchdog::query(
        client,
        FILES_SQL,
        CATALOG_LIMIT,
        "sys.master_files",
        Ctx::Query,
    )
    .await?;
    for row in rows.into_iter().flatten() {
        let Some(db) = text(&row, "database_name") else {
            continue;
        };
        let file = DbFile {
            logical_name: text(&row, "logical_name").unwrap_or_default(),
            physical_path: PathBuf::from(text(&row, "physical_name").unwrap_or_default()),
            kind: FileKind::from_type_desc(&text(&row, "type_desc").unwrap_or_default()),
            size_bytes: int(&row, "size_bytes")
                .and_then(|s| u64::try_from(s).ok())
                .unwrap_or(0),
        };
        match databases.iter_mut().find(|d| d.name == db) {
            Some(d) => d.files.push(file),
            None => other_files.push(file.physical_path),
        }
    }
    for db in databases.iter_mut() {
        if db.state == "ONLINE" && db.files.iter().any(|f| f.kind == FileKind::Filestream) {
            container_sizes(client, db).await;
        }
    }
    let major_version = props
        .version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    Ok(Discovery {
        server_name: props.server_name.clone(),
        edition: props.edition.clone(),
        is_express: props.is_express(),
        version: props.version.clone(),
        major_version,
        filestream_enabled: props.filestream_level > 0,
        default_data_path: props.default_data_path,
        default_log_path: props.default_log_path,
        databases,
        other_files,
    })
}

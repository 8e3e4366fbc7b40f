//! What a snapshot records about a native backup: RESTORE HEADERONLY and
//! RESTORE FILELISTONLY of the .bak, read back from the server.

use super::connect::Client;
use super::errors::{Ctx, SqlError};
use super::quote::quote_nstring;
use super::rows::{big, flag, int, need, text, time};
use super::watchdog;
use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::Path;
use std::time::Duration;

/// A log sequence number, numeric(25,0) on the server. Serialised as a decimal
/// string: JSON readers lose precision beyond 2^53.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lsn(pub u128);

impl Serialize for Lsn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Lsn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map(Lsn).map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupMetadata {
    pub database: String,
    pub server: String,
    /// major.minor.build of the SQL Server that wrote the backup.
    pub sql_version: String,
    /// Server local time.
    pub backup_start: Option<NaiveDateTime>,
    pub backup_finish: Option<NaiveDateTime>,
    pub first_lsn: Lsn,
    pub last_lsn: Lsn,
    pub checkpoint_lsn: Lsn,
    pub database_backup_lsn: Lsn,
    pub recovery_model: String,
    pub copy_only: bool,
    pub is_compressed: bool,
    pub has_checksums: bool,
    pub backup_size: u64,
    pub files: Vec<LogicalFile>,
}

impl BackupMetadata {
    /// Whether restoring needs FILESTREAM enabled: a type S file that is not
    /// a memory-optimized container (those need no FILESTREAM:
    /// https://learn.microsoft.com/sql/relational-databases/in-memory-oltp/the-memory-optimized-filegroup).
    pub fn has_filestream(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.file_type == 'S' && !f.memory_optimized)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogicalFile {
    pub logical_name: String,
    /// Path on the server the backup was taken from.
    pub physical_name: String,
    /// 'D' rows, 'L' log, 'S' FILESTREAM/FileTable/In-Memory container, 'F' full-text.
    pub file_type: char,
    pub size: u64,
    pub filegroup: Option<String>,
    /// A container of a MEMORY_OPTIMIZED_DATA filegroup (type 'S' too); false
    /// in snapshots written before tresor told them apart.
    #[serde(default)]
    pub memory_optimized: bool,
}

pub(crate) async fn read(
    client: &mut Client,
    bak: &Path,
    limit: Duration,
) -> Result<BackupMetadata, SqlError> {
    const H: &str = "RESTORE HEADERONLY";
    const F: &str = "RESTORE FILELISTONLY";
    let disk = quote_nstring(&bak.to_string_lossy());
    let ctx = Ctx::Verify { bak };
    let rows = watchdog::query(
        client,
        &format!("RESTORE HEADERONLY FROM DISK = {disk}"),
        limit,
        H,
        ctx,
    )
    .await?;
    // With INIT there is one backup set; take the newest should there be more.
    let header = rows
        .into_iter()
        .flatten()
        .max_by_key(|r| int(r, "Position").unwrap_or(0));
    let h = need(header, H, "(row)")?;
    let version = format!(
        "{}.{}.{}",
        int(&h, "SoftwareVersionMajor").unwrap_or(0),
        int(&h, "SoftwareVersionMinor").unwrap_or(0),
        int(&h, "SoftwareVersionBuild").unwrap_or(0)
    );
    let lsn = |col: &str| need(big(&h, col), H, col).map(Lsn);
    let mut meta = BackupMetadata {
        database: need(text(&h, "DatabaseName"), H, "DatabaseName")?,
        server: text(&h, "ServerName").unwrap_or_default(),
        sql_version: version,
        backup_start: time(&h, "BackupStartDate"),
        backup_finish: time(&h, "BackupFinishDate"),
        first_lsn: lsn("FirstLSN")?,
        last_lsn: lsn("LastLSN")?,
        checkpoint_lsn: lsn("CheckpointLSN")?,
        database_backup_lsn: Lsn(big(&h, "DatabaseBackupLSN").unwrap_or(0)),
        recovery_model: text(&h, "RecoveryModel").unwrap_or_default(),
        copy_only: flag(&h, "IsCopyOnly").unwrap_or(false),
        is_compressed: flag(&h, "Compressed").unwrap_or(false),
        has_checksums: flag(&h, "HasBackupChecksums").unwrap_or(false),
        backup_size: big(&h, "BackupSize")
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(0),
        files: Vec::new(),
    };
    let rows = watchdog::query(
        client,
        &format!("RESTORE FILELISTONLY FROM DISK = {disk}"),
        limit,
        F,
        ctx,
    )
    .await?;
    for r in rows.into_iter().flatten() {
        meta.files.push(LogicalFile {
            logical_name: need(text(&r, "LogicalName"), F, "LogicalName")?,
            physical_name: text(&r, "PhysicalName").unwrap_or_default(),
            file_type: need(
                text(&r, "Type").and_then(|t| t.trim().chars().next()),
                F,
                "Type",
            )?,
            size: big(&r, "Size")
                .and_then(|v| u64::try_from(v).ok())
                .unwrap_or(0),
            filegroup: text(&r, "FileGroupName"),
            memory_optimized: false,
        });
    }
    Ok(meta)
}

//! The staging folder: where SQL Server writes the .bak before tresor reads it.

use super::errors::SqlError;
use super::freespace::available_bytes;
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};

/// Fails early, with sizes, when the staging drive cannot hold `needed` bytes.
pub(crate) fn check_space(dir: &Path, needed: u64) -> Result<(), SqlError> {
    std::fs::create_dir_all(dir).map_err(|source| SqlError::StagingIo {
        folder: dir.to_path_buf(),
        source,
    })?;
    let available = available_bytes(dir).map_err(|source| SqlError::StagingIo {
        folder: dir.to_path_buf(),
        source,
    })?;
    if available < needed {
        return Err(SqlError::StagingFull {
            folder: dir.to_path_buf(),
            needed: Some(needed),
            available: Some(available),
            message: "checked before BACKUP".into(),
        });
    }
    Ok(())
}

/// `tresor_<database>_<yyyymmdd-hhmmss>.bak`, with characters Windows forbids
/// in file names replaced, so any database name gives a valid path.
pub(crate) fn bak_path(dir: &Path, database: &str, at: NaiveDateTime) -> PathBuf {
    let safe: String = database
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*'[];".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    dir.join(format!("tresor_{safe}_{}.bak", at.format("%Y%m%d-%H%M%S")))
}

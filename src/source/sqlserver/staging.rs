//! The staging folder: where SQL Server writes the .bak before tresor reads it,
//! and the sweep of `.bak` files earlier runs left there.

use super::errors::SqlError;
use super::freespace::available_bytes;
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A staging file untouched this long belongs to no running job: BACKUP keeps
/// writing its file, and storing it takes far less than this.
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(12 * 3600);

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

/// Whether `name` is exactly what `bak_path` writes: `tresor_`, a non-empty
/// database part, `_`, a `%Y%m%d-%H%M%S` timestamp, `.bak`.
pub(crate) fn is_tresor_bak(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix("tresor_")
        .and_then(|r| r.strip_suffix(".bak"))
    else {
        return false;
    };
    let Some((db, stamp)) = rest.rsplit_once('_') else {
        return false;
    };
    !db.is_empty()
        && NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").is_ok()
        && stamp.len() == 15
}

/// Removes `.bak` files tresor named (see `is_tresor_bak`) that were last
/// written before `now - STALE_AFTER`: leftovers of runs that crashed or were
/// killed. Other files are never touched. Returns the files removed; errors
/// (a file still open on Windows) leave the file for the next run.
pub fn sweep_staging(dir: &Path) -> Vec<PathBuf> {
    sweep_at(dir, SystemTime::now())
}

/// `tresor-restore-<pid>`: the folder `restore-db` and `drill` extract a
/// `.bak` into (`job::dbrestore`).
fn is_restore_work_dir(name: &str) -> bool {
    name.strip_prefix("tresor-restore-")
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn sweep_at(dir: &Path, now: SystemTime) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        if name.to_str().is_some_and(is_restore_work_dir) {
            // A killed restore-db or drill leaves its extracted `.bak` here.
            let stale = std::fs::symlink_metadata(e.path())
                .ok()
                .filter(std::fs::Metadata::is_dir)
                .and_then(|m| m.modified().ok())
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= STALE_AFTER);
            if stale && std::fs::remove_dir_all(e.path()).is_ok() {
                tracing::info!(dir = %e.path().display(), "removed a leftover restore folder");
                removed.push(e.path());
            }
            continue;
        }
        if !name.to_str().is_some_and(is_tresor_bak) {
            continue;
        }
        let stale = e
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if stale && std::fs::remove_file(e.path()).is_ok() {
            tracing::info!(file = %e.path().display(), "removed a leftover staging file");
            removed.push(e.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_restores_work_folder_is_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("tresor-restore-4242");
        std::fs::create_dir_all(work.join("SQL")).unwrap();
        std::fs::write(work.join("SQL/medatixx_praxis.bak"), b"x").unwrap();
        let foreign = dir.path().join("tresor-restore-alt");
        std::fs::create_dir_all(&foreign).unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep.bak"), b"k").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("tresor-restore-7")).unwrap();
        // Just written: a running restore's folder stays.
        assert!(sweep_at(dir.path(), SystemTime::now()).is_empty());
        let later = SystemTime::now() + STALE_AFTER + std::time::Duration::from_secs(60);
        let removed = sweep_at(dir.path(), later);
        assert_eq!(removed, vec![work.clone()]);
        assert!(!work.exists());
        assert!(foreign.exists(), "not a name tresor writes");
        assert!(
            outside.path().join("keep.bak").exists(),
            "a link is never followed"
        );
    }

    #[test]
    fn only_the_names_tresor_writes_match() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(22, 30, 5))
            .unwrap();
        let ours = bak_path(Path::new("/s"), "medatixx_praxis", at);
        let name = ours.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, "tresor_medatixx_praxis_20261130-223005.bak");
        assert!(is_tresor_bak(name));
        for foreign in [
            "medatixx_praxis.bak",
            "tresor_20261130-223005.bak",
            "tresor__20261130-223005.bak",
            "tresor_x_20261130-223005.bak.part",
            "tresor_x_2026113-223005.bak",
            "tresor_x_20261130-223005.BAK",
            "tresor_x_20261399-223005.bak",
            "tresor_x_latest.bak",
            "Tresor_x_20261130-223005.bak",
        ] {
            assert!(!is_tresor_bak(foreign), "{foreign}");
        }
    }

    #[test]
    fn sweep_removes_stale_tresor_files_only() {
        let t = tempfile::tempdir().unwrap();
        let old = t.path().join("tresor_Praxis_20240101-010101.bak");
        let fresh = t.path().join("tresor_Praxis_20261130-223005.bak");
        let foreign = t.path().join("Praxis_vendor.bak");
        for p in [&old, &fresh, &foreign] {
            std::fs::write(p, b"x").unwrap();
        }
        let two_days = Duration::from_secs(48 * 3600);
        let past = SystemTime::now() - two_days;
        for p in [&old, &foreign] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        assert_eq!(sweep_staging(t.path()), vec![old.clone()]);
        assert!(!old.exists() && fresh.exists() && foreign.exists());
    }
}

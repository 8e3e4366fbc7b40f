//! From configuration to a [`BackupPlan`]: a configured job's sources and
//! databases, or the folders given with `tresor backup --path`.

use std::path::{Path, PathBuf};

use crate::config::{Config, Job};
use crate::source::files::WalkSpec;
use crate::source::sqlserver::SqlError;

use super::backup::{BackupPlan, SourceSpec};
use super::databases::{self, DatabasePlan};

/// The plan of the configured `job`.
///
/// # Errors
/// The `sqlserver:` settings cannot be turned into a connection (a
/// connection string tresor cannot read).
pub fn of_job(cfg: &Config, job: &Job, threads: usize) -> Result<BackupPlan, SqlError> {
    let sources = job
        .sources
        .iter()
        .map(|s| SourceSpec {
            label: s.label.clone(),
            walk: WalkSpec {
                root: s.path.clone(),
                snapshot_path: s.snapshot_path.clone(),
                include: s.include.clone(),
                exclude: s.exclude.clone(),
                excluded_paths: Vec::new(),
                optional: s.optional,
            },
        })
        .collect();
    let databases = match (&cfg.sqlserver, job.databases.is_empty()) {
        (Some(sql), false) => Some(DatabasePlan {
            settings: databases::settings(sql)?,
            specs: job.databases.clone(),
            copy_only: job.copy_only,
        }),
        _ => None,
    };
    Ok(BackupPlan {
        job: job.name.clone(),
        practice: cfg.practice.clone(),
        sources,
        databases,
        not_configured: databases::unconfigured(cfg, job),
        threads,
        evidence: None,
        guard: cfg.guard.enabled.then(|| cfg.guard.clone()),
    })
}

/// The plan of `tresor backup --path DIR…` (absolute paths) under the job name `job`.
pub fn ad_hoc(paths: &[PathBuf], job: &str, practice: &str, threads: usize) -> BackupPlan {
    let sources = paths
        .iter()
        .map(|abs| SourceSpec {
            label: abs.display().to_string(),
            walk: WalkSpec {
                root: abs.clone(),
                snapshot_path: snapshot_path_of(abs),
                include: Vec::new(),
                exclude: Vec::new(),
                excluded_paths: Vec::new(),
                optional: false,
            },
        })
        .collect();
    BackupPlan {
        job: job.to_string(),
        practice: practice.to_string(),
        sources,
        databases: None,
        not_configured: Vec::new(),
        threads,
        evidence: None,
        guard: Some(Default::default()),
    }
}

/// `/srv/praxis` → `srv/praxis`; `C:\DConcept` → `C/DConcept`.
pub fn snapshot_path_of(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/").replace(':', "");
    s.trim_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_paths_of_both_kinds() {
        assert_eq!(snapshot_path_of(Path::new("/srv/praxis")), "srv/praxis");
        assert_eq!(snapshot_path_of(Path::new(r"C:\DConcept")), "C/DConcept");
    }
}

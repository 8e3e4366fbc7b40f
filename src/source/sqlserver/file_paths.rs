//! The instance's database files, for excluding them from file sources.

use super::discover::Discovery;
use std::path::PathBuf;

/// Every data, log and FILESTREAM path of the instance: file sources must skip
/// them (they are locked and inconsistent as files; BACKUP covers them).
pub fn database_file_paths(d: &Discovery) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = d
        .databases
        .iter()
        .flat_map(|db| db.files.iter().map(|f| f.physical_path.clone()))
        .chain(d.other_files.iter().cloned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

//! Where each logical file of a backup goes on restore (`WITH MOVE`): every
//! file is moved, so a restore under a new name never collides with the
//! original database's files. Paths are server paths: built as strings with
//! the separator the target folder uses, not with the local `Path` rules.

use super::metadata::LogicalFile;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileMove {
    pub logical_name: String,
    pub file_type: char,
    /// A file for D/L/F, a container folder (which must not exist yet) for S.
    pub target: String,
}

pub struct TargetDirs<'a> {
    pub data: &'a str,
    pub log: &'a str,
    pub filestream: &'a str,
}

pub fn plan_moves(
    files: &[LogicalFile],
    source_db: &str,
    target_db: &str,
    dirs: &TargetDirs<'_>,
) -> Vec<FileMove> {
    let mut taken: Vec<String> = Vec::new();
    files
        .iter()
        .map(|f| {
            let dir = match f.file_type {
                'L' => dirs.log,
                'S' => dirs.filestream,
                _ => dirs.data,
            };
            let name = if f.file_type == 'S' {
                sanitize(&format!("{target_db}_{}", f.logical_name))
            } else {
                sanitize(&renamed(file_name(&f.physical_name), source_db, target_db))
            };
            let mut target = join(dir, &name);
            let mut n = 2;
            while taken.iter().any(|t| t.eq_ignore_ascii_case(&target)) {
                target = join(dir, &numbered(&name, n));
                n += 1;
            }
            taken.push(target.clone());
            FileMove {
                logical_name: f.logical_name.clone(),
                file_type: f.file_type,
                target,
            }
        })
        .collect()
}

/// The last component of a Windows or Unix path.
pub fn file_name(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// `Praxis_log.ldf` for Praxis → Drill: `Drill_log.ldf`; names without the
/// source name get the target as prefix.
fn renamed(name: &str, source: &str, target: &str) -> String {
    if source.eq_ignore_ascii_case(target) {
        return name.to_string();
    }
    match name.to_ascii_lowercase().find(&source.to_ascii_lowercase()) {
        Some(at)
            if !source.is_empty()
                && name.is_char_boundary(at)
                && name.is_char_boundary(at + source.len()) =>
        {
            format!("{}{}{}", &name[..at], target, &name[at + source.len()..])
        }
        _ => format!("{target}_{name}"),
    }
}

fn numbered(name: &str, n: u32) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}_{n}.{ext}"),
        _ => format!("{name}_{n}"),
    }
}

/// Characters Windows forbids in file names become `_`.
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Joins with the separator `dir` already uses (`\` for Windows paths).
pub fn join(dir: &str, name: &str) -> String {
    let sep = if dir.contains('\\') || (dir.len() >= 2 && dir.as_bytes()[1] == b':') {
        '\\'
    } else {
        '/'
    };
    let dir = dir.trim_end_matches(['\\', '/']);
    format!("{dir}{sep}{name}")
}

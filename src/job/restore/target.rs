//! The restore target as the only place a restore touches: folders are made
//! one component at a time and an existing component is used only when it is
//! a real folder (a symbolic link, junction or file there is refused, or with
//! `--overwrite` replaced — the link itself, never what it points to). Files
//! are written under a temporary name beside their final name and renamed
//! over it only when complete and verified, so a failed or killed restore
//! never leaves a partly written file under a real name, and a link or a hard
//! link already in the target never has its other end overwritten.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every temporary name starts with this; leftovers of a killed restore are
/// recognised by it and swept by the next restore into the same folder.
pub const TEMP_PREFIX: &str = ".tresor-tmp-";

/// What stands in the way of restoring to a path.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{0} is a symbolic link or junction in the target; it is not followed (--overwrite replaces the link itself)")]
    LinkInTarget(String),
    #[error(
        "{0} is a file in the target where the snapshot has a folder (--overwrite replaces it)"
    )]
    FileInTarget(String),
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
}

fn io_err(p: &Path, e: io::Error) -> TargetError {
    TargetError::Io {
        path: p.display().to_string(),
        source: e,
    }
}

pub struct Target {
    root: PathBuf,
    overwrite: bool,
    /// Folders proved real (or made) in this run.
    ready: Mutex<HashSet<PathBuf>>,
}

impl Target {
    /// Creates `root` if missing. The root itself is the technician's choice
    /// and may be reached through a link; nothing below it is.
    pub fn open(root: &Path, overwrite: bool) -> Result<Target, TargetError> {
        fs::create_dir_all(root).map_err(|e| io_err(root, e))?;
        Ok(Target {
            root: root.to_path_buf(),
            overwrite,
            ready: Mutex::new(HashSet::new()),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What is at `path` now, without following a link.
    pub fn existing(path: &Path) -> Option<fs::FileType> {
        fs::symlink_metadata(path).ok().map(|m| m.file_type())
    }

    /// Makes the folder `rel` (`/`-separated, components already checked)
    /// and every folder above it, refusing links and files on the way.
    pub fn folder(&self, rel: &str) -> Result<PathBuf, TargetError> {
        let mut path = self.root.clone();
        for c in rel.split('/').filter(|c| !c.is_empty()) {
            path.push(c);
            if self.ready.lock().is_ok_and(|r| r.contains(&path)) {
                continue;
            }
            self.make_folder(&path)?;
            if let Ok(mut r) = self.ready.lock() {
                r.insert(path.clone());
            }
        }
        Ok(path)
    }

    fn make_folder(&self, path: &Path) -> Result<(), TargetError> {
        match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_dir() => return Ok(()),
            Ok(m) => {
                let shown = path.display().to_string();
                if !self.overwrite {
                    return Err(if m.file_type().is_symlink() {
                        TargetError::LinkInTarget(shown)
                    } else {
                        TargetError::FileInTarget(shown)
                    });
                }
                remove_entry(path).map_err(|e| io_err(path, e))?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(path, e)),
        }
        match fs::create_dir(path) {
            Ok(()) => Ok(()),
            // Another thread made it; it must still be a real folder.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                match fs::symlink_metadata(path) {
                    Ok(m) if m.file_type().is_dir() => Ok(()),
                    _ => Err(TargetError::LinkInTarget(path.display().to_string())),
                }
            }
            Err(e) => Err(io_err(path, e)),
        }
    }

    /// A new, empty temporary file in `dir` (never an existing one: opening
    /// with create-new does not follow a link planted under the name).
    pub fn temp_file(&self, dir: &Path) -> Result<(File, PathBuf), TargetError> {
        loop {
            let p = temp_name(dir);
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&p)
            {
                Ok(f) => return Ok((f, p)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err(&p, e)),
            }
        }
    }

    /// Puts a complete temporary file or link under its final name. Rename
    /// replaces the directory entry: an old file, link or hard link there is
    /// replaced, its other end is not written.
    pub fn commit(&self, temp: &Path, fin: &Path) -> Result<(), TargetError> {
        if !self.overwrite && fs::symlink_metadata(fin).is_ok() {
            let _ = fs::remove_file(temp);
            return Err(io_err(fin, io::Error::from(io::ErrorKind::AlreadyExists)));
        }
        fs::rename(temp, fin).map_err(|e| {
            let _ = fs::remove_file(temp);
            io_err(fin, e)
        })
    }

    /// Removes temporary files a killed restore left in `dir`.
    pub fn sweep(dir: &Path) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let is_temp = e
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX));
            if is_temp && e.file_type().is_ok_and(|t| !t.is_dir()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// A random temporary name in `dir`; short, so that it fits wherever the
/// final name fits.
pub fn temp_name(dir: &Path) -> PathBuf {
    dir.join(format!("{TEMP_PREFIX}{:016x}", rand::random::<u64>()))
}

/// Removes a link (to a file or a folder), a file or an empty folder, never
/// what a link points to.
fn remove_entry(path: &Path) -> io::Result<()> {
    fs::remove_file(path).or_else(|_| fs::remove_dir(path))
}

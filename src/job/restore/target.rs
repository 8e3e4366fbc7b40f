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
    #[error("another filesystem is mounted at {0} in the target; it is not written into")]
    MountInTarget(String),
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
    /// Device of the root: a folder on another device below it is a mount
    /// (bind mount, another disk), which is followed no more than a link.
    root_dev: Option<u64>,
    /// Folders proved real (or made) in this run.
    ready: Mutex<HashSet<PathBuf>>,
}

impl Target {
    /// Creates `root` if missing. The root itself is the technician's choice
    /// and may be reached through a link; nothing below it is.
    pub fn open(root: &Path, overwrite: bool) -> Result<Target, TargetError> {
        fs::create_dir_all(root).map_err(|e| io_err(root, e))?;
        let md = fs::metadata(root).map_err(|e| io_err(root, e))?;
        Ok(Target {
            root: root.to_path_buf(),
            overwrite,
            root_dev: device(&md),
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
            Ok(m) if m.file_type().is_dir() => {
                if self.root_dev.is_some() && device(&m) != self.root_dev {
                    return Err(TargetError::MountInTarget(path.display().to_string()));
                }
                return Ok(());
            }
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
        // Private until the restore sets the recorded mode at the end.
        match private_dir(path) {
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
            let mut opts = OpenOptions::new();
            opts.read(true).write(true).create_new(true);
            // Readable only by the restoring user until verified and given
            // its recorded mode (a half-written patient file is not shared).
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            match opts.open(&p) {
                Ok(f) => return Ok((f, p)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                // The folder is what the technician can fix; the random
                // temporary name would only confuse.
                Err(e) => return Err(io_err(dir, e)),
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

    /// Removes temporary files a killed restore left in `dir` — only with
    /// `--overwrite` (without it nothing existing is changed), only names
    /// exactly of the form tresor makes, and never a name in `restored`
    /// (a source file may be called like that too).
    pub fn sweep(&self, dir: &Path, restored: &HashSet<&str>) {
        if !self.overwrite {
            return;
        }
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let name = e.file_name();
            let Some(n) = name.to_str() else { continue };
            let ours = is_temp_name(n) && !restored.contains(n);
            if ours && e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// `.tresor-tmp-` followed by exactly 16 lowercase hex digits.
pub fn is_temp_name(n: &str) -> bool {
    n.strip_prefix(TEMP_PREFIX).is_some_and(|h| {
        h.len() == 16
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(unix)]
fn device(md: &fs::Metadata) -> Option<u64> {
    Some(std::os::unix::fs::MetadataExt::dev(md))
}

#[cfg(not(unix))]
fn device(_md: &fs::Metadata) -> Option<u64> {
    None
}

fn private_dir(path: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(path)
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn temporary_files_and_new_folders_are_private_until_finished() {
        let d = tempfile::tempdir().unwrap();
        let t = Target::open(d.path(), false).unwrap();
        let dir = t.folder("a/b").unwrap();
        let (_, tmp) = t.temp_file(&dir).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tmp), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert!(is_temp_name(tmp.file_name().unwrap().to_str().unwrap()));
        for not in [
            ".tresor-tmp-notes",
            ".tresor-tmp-0123",
            ".tresor-tmp-0123456789ABCDEF",
        ] {
            assert!(!is_temp_name(not), "{not}");
        }
    }
}

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
        made_or_found(path, private_dir(path))
    }

    /// A new, empty temporary file in `dir` (never an existing one: opening
    /// with create-new does not follow a link planted under the name).
    pub fn temp_file(&self, dir: &Path) -> Result<(File, PathBuf), TargetError> {
        temp_file_named(dir, std::iter::repeat_with(|| temp_name(dir)))
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

/// What `mkdir` of a folder found missing a moment ago means: made, or made
/// in between by someone else — then it must still be a real folder, not a
/// link planted in that moment.
fn made_or_found(path: &Path, made: io::Result<()>) -> Result<(), TargetError> {
    match made {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_dir() => Ok(()),
            _ => Err(TargetError::LinkInTarget(path.display().to_string())),
        },
        Err(e) => Err(io_err(path, e)),
    }
}

/// [`Target::temp_file`] with the names to try: a name taken already (by a
/// leftover, or a link planted there) is passed over, never opened.
fn temp_file_named(
    dir: &Path,
    names: impl Iterator<Item = PathBuf>,
) -> Result<(File, PathBuf), TargetError> {
    for p in names {
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
    Err(io_err(dir, io::Error::from(io::ErrorKind::AlreadyExists)))
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

    /// A folder with a file `f`, a link `l` to a folder outside holding
    /// `secret`, and that outside folder.
    fn planted() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("ziel");
        let outside = d.path().join("draussen");
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret"), b"x").unwrap();
        fs::write(root.join("f"), b"lokal").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("l")).unwrap();
        (d, root, outside)
    }

    #[test]
    fn a_file_or_link_where_a_folder_goes_is_refused_or_with_overwrite_replaced() {
        let (_d, root, outside) = planted();
        let t = Target::open(&root, false).unwrap();
        assert!(
            matches!(t.folder("l/sub"), Err(TargetError::LinkInTarget(p)) if p.ends_with("/l"))
        );
        assert!(
            matches!(t.folder("f/sub"), Err(TargetError::FileInTarget(p)) if p.ends_with("/f"))
        );
        assert!(!outside.join("sub").exists());
        assert_eq!(fs::read(root.join("f")).unwrap(), b"lokal");

        let t = Target::open(&root, true).unwrap();
        for c in ["l", "f"] {
            let made = t.folder(&format!("{c}/sub")).unwrap();
            assert_eq!(made, root.join(c).join("sub"));
            assert!(fs::symlink_metadata(root.join(c)).unwrap().is_dir());
        }
        // The link went, not what it pointed to.
        assert!(outside.join("secret").exists() && !outside.join("sub").exists());
    }

    #[test]
    fn a_folder_made_by_someone_else_meanwhile_must_be_a_real_folder() {
        let (_d, root, _outside) = planted();
        let exists = || Err(io::Error::from(io::ErrorKind::AlreadyExists));
        assert!(made_or_found(&root, Ok(())).is_ok());
        assert!(made_or_found(&root, exists()).is_ok());
        assert!(matches!(
            made_or_found(&root.join("l"), exists()),
            Err(TargetError::LinkInTarget(_))
        ));
        assert!(matches!(
            made_or_found(&root.join("f"), exists()),
            Err(TargetError::LinkInTarget(_))
        ));
        let denied = Err(io::Error::from(io::ErrorKind::PermissionDenied));
        match made_or_found(&root, denied) {
            Err(TargetError::Io { path, source }) => {
                assert_eq!(path, root.display().to_string());
                assert_eq!(source.kind(), io::ErrorKind::PermissionDenied);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_temporary_name_already_taken_is_passed_over_never_opened() {
        let (_d, root, outside) = planted();
        let names = ["l", "f", "frei"].map(|n| root.join(n));
        let (_, p) = temp_file_named(&root, names.into_iter()).unwrap();
        assert_eq!(p, root.join("frei"));
        assert_eq!(fs::read(root.join("f")).unwrap(), b"lokal");
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
        // Every name taken: an error, not an endless loop.
        let taken = ["f", "l"].map(|n| root.join(n));
        assert!(temp_file_named(&root, taken.into_iter()).is_err());
        // A folder that is not there: the folder is named.
        let gone = root.join("weg");
        match Target::open(&root, false).unwrap().temp_file(&gone) {
            Err(TargetError::Io { path, source }) => {
                assert_eq!(path, gone.display().to_string());
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
    }

    struct Mounted(PathBuf);

    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }

    #[test]
    fn a_folder_on_another_filesystem_is_a_mount_and_not_written_into() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m");
        fs::create_dir_all(&m).unwrap();
        let st = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(&m)
            .status()
            .expect("mount runs");
        assert!(
            st.success(),
            "this test needs root to mount a tmpfs (CI is root)"
        );
        let _m = Mounted(m.clone());
        for overwrite in [false, true] {
            let t = Target::open(d.path(), overwrite).unwrap();
            assert!(
                matches!(t.folder("m/x"), Err(TargetError::MountInTarget(p)) if p.ends_with("/m"))
            );
            assert_eq!(fs::read_dir(&m).unwrap().count(), 0);
            assert!(t.folder("n/x").is_ok(), "same filesystem");
        }
    }

    #[test]
    fn leftovers_are_swept_only_with_overwrite_and_only_temporary_files() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path();
        let leftover = temp_name(dir);
        let restored = temp_name(dir);
        let folder = temp_name(dir);
        let link = temp_name(dir);
        fs::write(&leftover, b"halb").unwrap();
        fs::write(&restored, b"aus dem Snapshot").unwrap();
        fs::create_dir(&folder).unwrap();
        std::os::unix::fs::symlink("/nowhere", &link).unwrap();
        fs::write(dir.join(".tresor-tmp-notes"), b"").unwrap();
        let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_string();
        let keep_name = name(&restored);
        let keep: HashSet<&str> = [keep_name.as_str()].into();
        Target::open(dir, false).unwrap().sweep(dir, &keep);
        assert_eq!(
            fs::read_dir(dir).unwrap().count(),
            5,
            "nothing changed without --overwrite"
        );
        Target::open(dir, true).unwrap().sweep(dir, &keep);
        let mut left: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![
            name(&restored),
            name(&folder),
            ".tresor-tmp-notes".to_string(),
        ];
        want.sort();
        assert_eq!(left, want);
    }
}

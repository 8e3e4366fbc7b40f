//! Local filesystem backend (RDX cartridge, NAS path).
//!
//! Owns the mapping of keys to files under a root directory, atomic and
//! durable writes (temp file + fsync + rename + directory fsync), and the
//! clean-up of temp files left by a killed process.
//!
//! The root should be a directory *on* the medium (e.g. `/media/rdx/tresor`,
//! `E:\tresor`), not the mount point itself: then a pulled cartridge makes the
//! root vanish and every operation reports `Unavailable` instead of quietly
//! writing into the empty mount point.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::error::{classify, Platform};
use super::{Backend, Leftover, ObjectInfo, StorageError};

/// Prefix of in-flight files. Never a valid key component, never listed.
const TEMP_PREFIX: &str = ".tmp-";

/// A repository destination on a local or mounted filesystem.
#[derive(Debug)]
pub struct LocalBackend {
    root: PathBuf,
    location: String,
}

impl LocalBackend {
    /// Opens an existing destination; the root must be a directory.
    pub fn open(root: PathBuf) -> Result<Self, StorageError> {
        let location = root.display().to_string();
        match fs::metadata(&root) {
            Ok(m) if m.is_dir() => Ok(LocalBackend { root, location }),
            Ok(_) => Err(StorageError::Unavailable {
                source: io::Error::other(format!("{location} is not a directory")),
                location,
            }),
            Err(e) => Err(StorageError::Unavailable {
                source: io::Error::new(e.kind(), format!("cannot open {location}: {e}")),
                location,
            }),
        }
    }

    /// Creates the root (and missing parents), then opens it.
    pub fn create(root: PathBuf) -> Result<Self, StorageError> {
        if let Err(e) = fs::create_dir_all(&root) {
            let location = root.display().to_string();
            return Err(match classify(e, Platform::CURRENT, "", &location) {
                // A missing parent (drive letter, mount point) means the
                // destination itself is not there.
                StorageError::NotFound { .. } => StorageError::Unavailable {
                    source: io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("cannot create {location}: parent directory missing"),
                    ),
                    location,
                },
                other => other,
            });
        }
        Self::open(root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Removes temp files older than `older_than` left by killed writers and
    /// returns how many were removed. Use a generous age (an hour): a younger
    /// temp file may belong to a `put` still running in another process.
    pub fn cleanup_temp(&self, older_than: Duration) -> Result<usize, StorageError> {
        let now = SystemTime::now();
        let mut removed = 0;
        for t in self.list_leftovers()? {
            let Some(modified) = t.modified else {
                continue;
            };
            let age = now.duration_since(modified).unwrap_or(Duration::ZERO);
            if age >= older_than {
                self.delete_leftover(&t.name)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The path of a leftover's name: valid key components, the last one a temp name.
    fn leftover_path(&self, name: &str) -> Result<PathBuf, StorageError> {
        let invalid = || StorageError::InvalidKey { key: name.into() };
        let (dir, file) = match name.rsplit_once('/') {
            Some((d, f)) => (Some(d), f),
            None => (None, name),
        };
        if !file.starts_with(TEMP_PREFIX) || file.contains(['\\', ':', '\0']) {
            return Err(invalid());
        }
        let mut p = self.root.clone();
        if let Some(d) = dir {
            validate_key(d).map_err(|_| invalid())?;
            p.extend(d.split('/'));
        }
        p.push(file);
        Ok(p)
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, StorageError> {
        validate_key(key)?;
        let mut p = self.root.clone();
        p.extend(key.split('/'));
        Ok(p)
    }

    fn root_present(&self) -> bool {
        fs::metadata(&self.root).is_ok_and(|m| m.is_dir())
    }

    /// Classifies `err`; an ENOENT is `NotFound` only while the root exists.
    fn error(&self, err: io::Error, key: &str) -> StorageError {
        match classify(err, Platform::CURRENT, key, &self.location) {
            StorageError::NotFound { key } if !self.root_present() => StorageError::Unavailable {
                source: io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{} vanished while accessing {key}", self.location),
                ),
                location: self.location.clone(),
            },
            other => other,
        }
    }

    /// A walk error: a file or directory deleted during the walk (concurrent
    /// prune) is skipped; anything else is an error.
    fn walk_error(&self, err: walkdir::Error, key: &str) -> Result<(), StorageError> {
        let err = io::Error::from(err);
        match self.error(err, key) {
            StorageError::NotFound { .. } => Ok(()),
            other => Err(other),
        }
    }

    /// Writes `data` into a fresh temp file in `dir` and makes it durable.
    /// Creates `dir` (and parents) on demand, so the common case costs no
    /// extra syscall.
    fn write_temp(&self, dir: &Path, key: &str, data: &[u8]) -> Result<PathBuf, StorageError> {
        let tmp = dir.join(format!("{TEMP_PREFIX}{:016x}", rand::random::<u64>()));
        let mut file = match File::create_new(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.create_dirs(dir, key)?;
                File::create_new(&tmp).map_err(|e| self.error(e, key))?
            }
            Err(e) => return Err(self.error(e, key)),
        };
        let written = file.write_all(data).and_then(|()| file.sync_all());
        drop(file);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(self.error(e, key));
        }
        Ok(tmp)
    }

    /// `mkdir -p dir`, then makes the new entries durable. Refuses to recreate
    /// a vanished root: that would write a backup into an empty mount point.
    fn create_dirs(&self, dir: &Path, key: &str) -> Result<(), StorageError> {
        if !self.root_present() {
            return Err(self.error(io::Error::from(io::ErrorKind::NotFound), key));
        }
        fs::create_dir_all(dir).map_err(|e| self.error(e, key))?;
        let mut d = dir;
        while let Some(parent) = d.parent() {
            sync_dir(parent).map_err(|e| self.error(e, key))?;
            if parent == self.root {
                break;
            }
            d = parent;
        }
        Ok(())
    }
}

impl Backend for LocalBackend {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let path = self.path_of(key)?;
        fs::read(&path).map_err(|e| self.error(e, key))
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        let path = self.path_of(key)?;
        let mut file = File::open(&path).map_err(|e| self.error(e, key))?;
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| self.error(e, key))?;
        // take + read_to_end rather than read_exact: a short file must report
        // how many bytes it did have. Capacity is capped so that a bogus `len`
        // from a corrupt index cannot allocate gigabytes up front.
        let cap = usize::try_from(len.min(64 << 20)).unwrap_or(64 << 20);
        let mut buf = Vec::with_capacity(cap);
        file.take(len)
            .read_to_end(&mut buf)
            .map_err(|e| self.error(e, key))?;
        let got = buf.len() as u64;
        if got != len {
            return Err(StorageError::ShortRead {
                key: key.into(),
                expected: len,
                got,
            });
        }
        Ok(buf)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        let path = self.path_of(key)?;
        let dir = parent_of(&path, &self.root);
        let tmp = self.write_temp(dir, key, data)?;
        if let Err(e) = fs::rename(&tmp, &path) {
            let _ = fs::remove_file(&tmp);
            return Err(self.error(e, key));
        }
        // The rename is durable only once the directory entry is.
        sync_dir(dir).map_err(|e| self.error(e, key))
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        let path = self.path_of(key)?;
        let dir = parent_of(&path, &self.root);
        let tmp = self.write_temp(dir, key, data)?;
        // rename() replaces an existing target and std has no portable
        // "rename unless exists" (renameat2 NOREPLACE is Linux-only and not on
        // every filesystem). link() is atomic create-if-absent on POSIX and
        // NTFS, and the object appears complete because the temp was fsync'd.
        let linked = fs::hard_link(&tmp, &path);
        let result = match linked {
            Ok(()) => Ok(()),
            Err(e) if links_unsupported(&e) => {
                // exFAT/FAT cartridges and some shares have no hard links:
                // fall back to O_EXCL on the final name. Still atomic against
                // a concurrent put_new; only a crash mid-write can leave a
                // short lock file, which lock handling must tolerate anyway.
                write_exclusive(&path, data).map_err(|e| self.error(e, key))
            }
            Err(e) => Err(self.error(e, key)),
        };
        let _ = fs::remove_file(&tmp);
        result?;
        sync_dir(dir).map_err(|e| self.error(e, key))
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        validate_prefix(prefix)?;
        // Walk only the directory the prefix names, not the whole repository.
        let start = match prefix.rfind('/') {
            Some(i) => {
                let mut p = self.root.clone();
                p.extend(prefix[..i].split('/'));
                p
            }
            None => self.root.clone(),
        };
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&start).min_depth(1) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.walk_error(e, prefix)?;
                    continue;
                }
            };
            if !entry.file_type().is_file() || is_temp_name(entry.file_name()) {
                continue;
            }
            let Some(key) = key_of(entry.path(), &self.root) else {
                continue; // not a name we could have written
            };
            if !key.starts_with(prefix) {
                continue;
            }
            match entry.metadata() {
                Ok(m) => out.push(ObjectInfo { key, size: m.len() }),
                Err(e) => self.walk_error(e, &key)?,
            }
        }
        // A missing start directory reads as "no objects" only while the
        // root is there.
        if out.is_empty() && !self.root_present() {
            return Err(self.error(io::Error::from(io::ErrorKind::NotFound), prefix));
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        let path = self.path_of(key)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) => match self.error(e, key) {
                StorageError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    /// Temp files (`.tmp-…`) anywhere under the root: what `put` leaves
    /// when the process dies between creating and renaming it.
    fn list_leftovers(&self) -> Result<Vec<Leftover>, StorageError> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&self.root).min_depth(1) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.walk_error(e, "")?;
                    continue;
                }
            };
            if !entry.file_type().is_file() || !is_temp_name(entry.file_name()) {
                continue;
            }
            let Some(name) = temp_name_of(entry.path(), &self.root) else {
                continue;
            };
            match entry.metadata() {
                Ok(m) => out.push(Leftover {
                    name,
                    size: m.len(),
                    modified: m.modified().ok(),
                }),
                // Gone meanwhile: its writer finished.
                Err(e) => self.walk_error(e, &name)?,
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn delete_leftover(&self, name: &str) -> Result<(), StorageError> {
        let path = self.leftover_path(name)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) => match self.error(e, name) {
                StorageError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        let path = self.path_of(key)?;
        match fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(Some(ObjectInfo {
                key: key.into(),
                size: m.len(),
            })),
            Ok(_) => Ok(None),
            Err(e) => match self.error(e, key) {
                StorageError::NotFound { .. } => Ok(None),
                other => Err(other),
            },
        }
    }
}

/// Keys are relative, `/`-separated, without empty, `.` or `..` components,
/// backslashes, `:` (drive letters, NTFS streams) or NUL, and no component
/// may look like a temp file.
pub(crate) fn validate_key(key: &str) -> Result<(), StorageError> {
    let ok = !key.is_empty()
        && !key.contains(['\\', ':', '\0'])
        && key
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.starts_with(TEMP_PREFIX));
    if ok {
        Ok(())
    } else {
        Err(StorageError::InvalidKey { key: key.into() })
    }
}

/// A list prefix is a key, a key with a trailing `/`, or empty (everything).
pub(crate) fn validate_prefix(prefix: &str) -> Result<(), StorageError> {
    match prefix.strip_suffix('/').unwrap_or(prefix) {
        "" if prefix.is_empty() => Ok(()),
        p => validate_key(p).map_err(|_| StorageError::InvalidKey { key: prefix.into() }),
    }
}

fn is_temp_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX))
}

/// The key of a file under `root`, or None for names no key maps to.
fn key_of(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let key = parts?.join("/");
    validate_key(&key).ok()?;
    Some(key)
}

/// The `/`-separated name of a temp file under `root`.
fn temp_name_of(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn parent_of<'a>(path: &'a Path, root: &'a Path) -> &'a Path {
    // A validated key always has a parent inside root.
    path.parent().unwrap_or(root)
}

fn write_exclusive(path: &Path, data: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(data)?;
    f.sync_all()
}

/// Hard links are not supported by this filesystem (as opposed to: the target
/// exists, or the disk is full).
fn links_unsupported(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(unix)]
    {
        // vfat/exfat answer link() with EPERM, some FUSE/SMB mounts ENOTSUP.
        matches!(
            e.raw_os_error(),
            Some(libc::EPERM) | Some(libc::EOPNOTSUPP) | Some(libc::EMLINK)
        )
    }
    #[cfg(windows)]
    {
        // ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED
        matches!(e.raw_os_error(), Some(1) | Some(50))
    }
    #[cfg(not(any(unix, windows)))]
    false
}

/// Makes directory entries (a rename, a new file) durable. Windows cannot
/// open a directory for fsync without extra flags and NTFS journals metadata,
/// so it is a no-op there.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (tempfile::TempDir, LocalBackend) {
        let dir = tempfile::tempdir().expect("tempdir");
        let b = LocalBackend::create(dir.path().join("tresor")).expect("create");
        (dir, b)
    }

    crate::storage::conformance::conformance_tests!(fixture());

    #[test]
    fn open_requires_an_existing_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("rdx");
        let err = LocalBackend::open(missing.clone()).expect_err("missing root");
        assert!(matches!(err, StorageError::Unavailable { .. }), "{err:?}");
        assert!(err.to_string().contains(&missing.display().to_string()));

        let file = dir.path().join("file");
        fs::write(&file, b"x").expect("write");
        let err = LocalBackend::open(file).expect_err("file root");
        assert!(err.to_string().contains("not a directory"), "{err}");

        let b = LocalBackend::create(dir.path().join("a/b/c")).expect("mkdir -p");
        assert!(b.root().is_dir());
        assert!(LocalBackend::open(dir.path().join("a/b/c")).is_ok());
    }

    #[test]
    fn vanished_root_is_unavailable_not_not_found() {
        let (dir, b) = fixture();
        b.put("snapshots/a", b"x").expect("put");
        fs::remove_dir_all(b.root()).expect("pull the cartridge");
        let unavailable = |r: Result<(), StorageError>| match r {
            Err(StorageError::Unavailable { location, .. }) => {
                assert_eq!(location, b.location())
            }
            other => panic!("expected Unavailable, got {other:?}"),
        };
        unavailable(b.get("snapshots/a").map(drop));
        unavailable(b.get_range("snapshots/a", 0, 1).map(drop));
        unavailable(b.stat("snapshots/a").map(drop));
        unavailable(b.delete("snapshots/a"));
        unavailable(b.list("snapshots/").map(drop));
        unavailable(b.list("").map(drop));
        // put must not recreate the root inside an empty mount point.
        unavailable(b.put("packs/00/00", b"x"));
        unavailable(b.put_new("locks/l", b"x"));
        assert!(!b.root().exists());
        drop(dir);
    }

    #[test]
    fn killed_writer_leaves_invisible_temp_that_cleanup_removes() {
        let (_dir, b) = fixture();
        b.put("packs/ab/abcd", b"pack").expect("put");
        let stale = b.root().join("packs/ab/.tmp-deadbeef");
        fs::write(&stale, b"half a pack").expect("write");
        let keys: Vec<_> = b
            .list("")
            .expect("list")
            .into_iter()
            .map(|o| o.key)
            .collect();
        assert_eq!(keys, ["packs/ab/abcd"]);
        assert!(matches!(
            b.get("packs/ab/.tmp-deadbeef"),
            Err(StorageError::InvalidKey { .. })
        ));
        // Too young: may belong to a running backup.
        assert_eq!(
            b.cleanup_temp(Duration::from_secs(3600)).expect("cleanup"),
            0
        );
        assert!(stale.exists());
        assert_eq!(b.cleanup_temp(Duration::ZERO).expect("cleanup"), 1);
        assert!(!stale.exists());
        assert_eq!(b.get("packs/ab/abcd").expect("get"), b"pack");
    }

    #[test]
    fn leftovers_are_listed_and_deleted_by_name_only() {
        let (_dir, b) = fixture();
        b.put("packs/ab/abcd", b"pack").expect("put");
        let stale = b.root().join("packs/ab/.tmp-00000000deadbeef");
        fs::write(&stale, b"half a pack").expect("write");
        let found = b.list_leftovers().expect("leftovers");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "packs/ab/.tmp-00000000deadbeef");
        assert_eq!(found[0].size, 11);
        assert!(found[0].modified.is_some());
        // Only temporary names: a real object cannot be deleted this way.
        for bad in [
            "packs/ab/abcd",
            "../x/.tmp-1",
            "packs/../.tmp-1",
            "a\\.tmp-1",
        ] {
            assert!(b.delete_leftover(bad).is_err(), "{bad}");
        }
        b.delete_leftover(&found[0].name).expect("delete");
        b.delete_leftover(&found[0].name)
            .expect("gone already is ok");
        assert!(!stale.exists());
        assert!(b.list_leftovers().expect("leftovers").is_empty());
        assert_eq!(b.get("packs/ab/abcd").expect("get"), b"pack");
    }

    #[test]
    fn files_land_under_root_by_key() {
        let (_dir, b) = fixture();
        b.put("packs/3f/3fa0", b"p").expect("put");
        assert_eq!(
            fs::read(b.root().join("packs").join("3f").join("3fa0")).expect("read"),
            b"p"
        );
        let leftovers: Vec<_> = fs::read_dir(b.root().join("packs/3f"))
            .expect("read_dir")
            .filter_map(Result::ok)
            .filter(|e| is_temp_name(&e.file_name()))
            .collect();
        assert!(leftovers.is_empty(), "put leaves no temp files");
    }

    #[test]
    fn list_skips_foreign_names() {
        let (_dir, b) = fixture();
        b.put("snapshots/a", b"1").expect("put");
        fs::create_dir_all(b.root().join("snapshots/sub")).expect("mkdir");
        fs::write(b.root().join("snapshots/bad:name"), b"x").expect("write");
        let keys: Vec<_> = b
            .list("snapshots/")
            .expect("list")
            .into_iter()
            .map(|o| o.key)
            .collect();
        assert_eq!(keys, ["snapshots/a"]);
    }

    /// A real full filesystem: a 1 MiB tmpfs. Mounting needs root, which CI
    /// and the development machines have (README); where it cannot mount the
    /// test fails instead of checking some other backend.
    #[cfg(target_os = "linux")]
    #[test]
    fn full_filesystem_is_no_space() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mnt = dir.path().join("rdx");
        fs::create_dir(&mnt).expect("mkdir");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(&mnt)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            mounted,
            "this test mounts a 1 MiB tmpfs as a full medium and needs root"
        );
        let result = std::panic::catch_unwind(|| {
            let b = LocalBackend::create(mnt.join("tresor")).expect("create");
            assert_no_space_then_still_readable(&b);
            // The failed put left no temp file behind.
            assert_eq!(b.cleanup_temp(Duration::ZERO).expect("cleanup"), 0);
        });
        let _ = std::process::Command::new("umount").arg(&mnt).status();
        if let Err(p) = result {
            std::panic::resume_unwind(p);
        }
    }

    #[cfg(target_os = "linux")]
    fn assert_no_space_then_still_readable(b: &dyn Backend) {
        b.put("config", b"small").expect("small put fits");
        let big = vec![7u8; 2 << 20];
        match b.put("packs/00/big", &big) {
            Err(StorageError::NoSpace { location }) => assert_eq!(location, b.location()),
            other => panic!("expected NoSpace, got {other:?}"),
        }
        assert_eq!(b.stat("packs/00/big").expect("stat"), None);
        assert_eq!(b.get("config").expect("earlier object intact"), b"small");
    }

    #[test]
    fn prefix_validation() {
        assert!(validate_prefix("").is_ok());
        assert!(validate_prefix("snapshots/").is_ok());
        assert!(validate_prefix("packs/3f").is_ok());
        for bad in ["/", "/abs", "../x/", "a//", "a\\b", "snapshots//"] {
            assert!(validate_prefix(bad).is_err(), "{bad:?}");
        }
    }
}

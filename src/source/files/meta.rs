//! What we record about one filesystem object (size, nanosecond mtime, unix
//! mode, Windows attributes), how a changed file is recognised, and how I/O
//! errors become [`ProblemKind`]s so the walk and the reader report alike.

use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{EntryKind, EntryMeta, Problem, ProblemKind};

/// Windows file attribute bits we keep (values of `FILE_ATTRIBUTE_*`).
pub mod attr {
    pub const READONLY: u32 = 0x1;
    pub const HIDDEN: u32 = 0x2;
    pub const SYSTEM: u32 = 0x4;
    pub const ARCHIVE: u32 = 0x20;
    /// Everything else (compressed, reparse point, …) describes storage, not
    /// the file, and must not be set back on restore.
    pub const KEPT: u32 = READONLY | HIDDEN | SYSTEM | ARCHIVE;
}

/// Size and mtime of `abs` now (not following a symlink), to compare with
/// [`same_version`] after its contents were read.
pub fn metadata_of(abs: &Path) -> io::Result<(u64, i64)> {
    let md = std::fs::symlink_metadata(abs)?;
    Ok((md.len(), mtime_ns(&md)))
}

/// True when a file still has the size and mtime recorded before reading it,
/// i.e. the bytes read belong to one version. Practice software writes its
/// record files in place, so a mismatch means "read again or mark unsafe".
pub fn same_version(before: &EntryMeta, after_size: u64, after_mtime_ns: i64) -> bool {
    before.size == after_size && before.mtime_ns == after_mtime_ns
}

/// Builds the entry for `abs` from metadata that was taken without following
/// symlinks. `kind` is decided by the caller (it needs the link target).
pub(crate) fn entry_from(path: String, abs: PathBuf, kind: EntryKind, md: &Metadata) -> EntryMeta {
    let size = match kind {
        EntryKind::File => md.len(),
        EntryKind::Dir | EntryKind::Symlink { .. } => 0,
    };
    let hardlink = match kind {
        EntryKind::File => hardlink(md),
        _ => None,
    };
    EntryMeta {
        path,
        abs,
        kind,
        size,
        mtime_ns: mtime_ns(md),
        mode: mode(md),
        attributes: attributes(md),
        hardlink,
    }
}

#[cfg(unix)]
fn hardlink(md: &Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    (md.nlink() > 1).then(|| md.ino() ^ md.dev().wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

#[cfg(not(unix))]
fn hardlink(_md: &Metadata) -> Option<u64> {
    None
}

/// Nanoseconds since the epoch, saturating (i64 covers years 1678–2262).
/// 0 where the platform has no mtime.
pub fn mtime_ns(md: &Metadata) -> i64 {
    md.modified().map(system_time_ns).unwrap_or(0)
}

fn system_time_ns(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

#[cfg(unix)]
fn mode(md: &Metadata) -> u32 {
    use std::os::unix::fs::MetadataExt;
    md.mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(_md: &Metadata) -> u32 {
    0
}

#[cfg(windows)]
fn attributes(md: &Metadata) -> u32 {
    use std::os::windows::fs::MetadataExt;
    md.file_attributes() & attr::KEPT
}

#[cfg(not(windows))]
fn attributes(md: &Metadata) -> u32 {
    if md.permissions().readonly() {
        attr::READONLY
    } else {
        0
    }
}

/// Classifies an I/O error on `abs` (snapshot path `path`) into a [`Problem`].
/// Public so the reader of file contents reports like the walk does.
pub fn problem_from_io(path: String, abs: PathBuf, err: &io::Error) -> Problem {
    Problem {
        path,
        abs,
        kind: kind_of(err),
        message: err.to_string(),
    }
}

pub(crate) fn kind_of(err: &io::Error) -> ProblemKind {
    match err.kind() {
        io::ErrorKind::PermissionDenied => ProblemKind::Unreadable,
        io::ErrorKind::NotFound => ProblemKind::Vanished,
        _ if is_sharing_violation(err) => ProblemKind::Unreadable,
        _ => ProblemKind::Other,
    }
}

/// ERROR_SHARING_VIOLATION (32) / ERROR_LOCK_VIOLATION (33): a file held open
/// exclusively by the practice software — unreadable now, not broken.
fn is_sharing_violation(err: &io::Error) -> bool {
    cfg!(windows) && matches!(err.raw_os_error(), Some(32 | 33))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn mtime_keeps_nanoseconds_and_handles_pre_epoch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a");
        std::fs::write(&f, b"x").expect("write");
        let t = filetime::FileTime::from_unix_time(1_700_000_000, 123_456_789);
        filetime::set_file_mtime(&f, t).expect("set mtime");
        let (size, ns) = metadata_of(&f).expect("metadata");
        assert_eq!(size, 1);
        assert_eq!(ns, 1_700_000_000_123_456_789);
        assert_eq!(system_time_ns(UNIX_EPOCH - Duration::from_nanos(5)), -5);
    }

    #[test]
    fn same_version_compares_size_and_mtime() {
        let e = EntryMeta {
            path: "a".into(),
            abs: PathBuf::from("/a"),
            kind: EntryKind::File,
            size: 10,
            mtime_ns: 42,
            mode: 0o644,
            attributes: 0,
            hardlink: None,
        };
        assert!(same_version(&e, 10, 42));
        assert!(!same_version(&e, 11, 42));
        assert!(!same_version(&e, 10, 43));
    }

    #[test]
    fn io_errors_are_classified() {
        let k = |kind| kind_of(&io::Error::from(kind));
        assert_eq!(k(io::ErrorKind::PermissionDenied), ProblemKind::Unreadable);
        assert_eq!(k(io::ErrorKind::NotFound), ProblemKind::Vanished);
        assert_eq!(k(io::ErrorKind::InvalidData), ProblemKind::Other);
    }

    #[cfg(unix)]
    #[test]
    fn readonly_attribute_derives_from_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a");
        std::fs::write(&f, b"x").expect("write");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let md = std::fs::symlink_metadata(&f).expect("stat");
        let e = entry_from("a".into(), f, EntryKind::File, &md);
        assert_eq!(e.mode, 0o444);
        assert_eq!(e.attributes, attr::READONLY);
    }
}

//! Walk tests on real temporary trees.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

fn spec(root: &Path) -> WalkSpec {
    WalkSpec {
        root: root.to_path_buf(),
        snapshot_path: "C/DConcept".into(),
        include: Vec::new(),
        exclude: Vec::new(),
        excluded_paths: Vec::new(),
        optional: false,
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn touch(root: &Path, rel: &str) -> PathBuf {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&p, rel.as_bytes()).expect("write");
    p
}

fn events(s: &WalkSpec) -> Vec<WalkEvent> {
    walk(s).expect("valid spec").collect()
}

fn entry_paths(evs: &[WalkEvent]) -> Vec<String> {
    evs.iter()
        .filter_map(|e| match e {
            WalkEvent::Entry(m) => Some(m.path.clone()),
            _ => None,
        })
        .collect()
}

fn problems(evs: &[WalkEvent]) -> Vec<&Problem> {
    evs.iter()
        .filter_map(|e| match e {
            WalkEvent::Problem(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn exclusions(evs: &[WalkEvent]) -> Vec<(String, ExcludeReason)> {
    evs.iter()
        .filter_map(|e| match e {
            WalkEvent::Excluded { path, reason, .. } => Some((path.clone(), reason.clone())),
            _ => None,
        })
        .collect()
}

/// A small practice tree with mixed case, temp files and a backup folder.
fn practice_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = dir.path();
    for f in [
        "DEDATA/a.dat",
        "DEDATA/b.TMP",
        "DEDATA/Temp/x.dat",
        "DEDATA/Sub/Deep/c.lic",
        "DEDATA/backup",
        "Backup/old.dat",
        "z.txt",
    ] {
        touch(r, f);
    }
    fs::create_dir_all(r.join("empty")).expect("mkdir");
    dir
}

#[test]
fn whole_tree_in_byte_order_with_metadata() {
    let dir = practice_tree();
    let evs = events(&spec(dir.path()));
    assert_eq!(
        entry_paths(&evs),
        strings(&[
            "C/DConcept",
            "C/DConcept/Backup",
            "C/DConcept/Backup/old.dat",
            "C/DConcept/DEDATA",
            "C/DConcept/DEDATA/Sub",
            "C/DConcept/DEDATA/Sub/Deep",
            "C/DConcept/DEDATA/Sub/Deep/c.lic",
            "C/DConcept/DEDATA/Temp",
            "C/DConcept/DEDATA/Temp/x.dat",
            "C/DConcept/DEDATA/a.dat",
            "C/DConcept/DEDATA/b.TMP",
            "C/DConcept/DEDATA/backup",
            "C/DConcept/empty",
            "C/DConcept/z.txt",
        ])
    );
    assert!(problems(&evs).is_empty() && exclusions(&evs).is_empty());
    let WalkEvent::Entry(a) = &evs[9] else {
        panic!("entry expected, got {:?}", evs[9])
    };
    assert_eq!(a.kind, EntryKind::File);
    assert_eq!(a.size, "DEDATA/a.dat".len() as u64);
    assert_eq!(a.abs, dir.path().join("DEDATA").join("a.dat"));
    let WalkEvent::Entry(root) = &evs[0] else {
        panic!("root entry expected")
    };
    assert_eq!((root.kind.clone(), root.size), (EntryKind::Dir, 0));
}

#[test]
fn order_is_deterministic_and_bytewise() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["b", "A", "ä", "a", "B", "_"] {
        touch(dir.path(), name);
    }
    let s = spec(dir.path());
    let first = entry_paths(&events(&s));
    assert_eq!(
        first,
        strings(&[
            "C/DConcept",
            "C/DConcept/A",
            "C/DConcept/B",
            "C/DConcept/_",
            "C/DConcept/a",
            "C/DConcept/b",
            "C/DConcept/ä",
        ])
    );
    assert_eq!(first, entry_paths(&events(&s)));
}

#[test]
fn excludes_are_case_insensitive_and_prune_directories() {
    let dir = practice_tree();
    let mut s = spec(dir.path());
    s.exclude = strings(&["*.tmp", "**/temp/**", "BACKUP/"]);
    let evs = events(&s);
    assert_eq!(
        entry_paths(&evs),
        strings(&[
            "C/DConcept",
            "C/DConcept/DEDATA",
            "C/DConcept/DEDATA/Sub",
            "C/DConcept/DEDATA/Sub/Deep",
            "C/DConcept/DEDATA/Sub/Deep/c.lic",
            // `**/temp/**` keeps the folder, drops its contents.
            "C/DConcept/DEDATA/Temp",
            "C/DConcept/DEDATA/a.dat",
            // a *file* named backup is not hit by the directory pattern
            "C/DConcept/DEDATA/backup",
            "C/DConcept/empty",
            "C/DConcept/z.txt",
        ])
    );
    // Only the pruned directory is reported; excluded files stay silent.
    assert_eq!(
        exclusions(&evs),
        vec![(
            "C/DConcept/Backup".to_string(),
            ExcludeReason::Pattern {
                pattern: "BACKUP/".into()
            }
        )]
    );
}

#[test]
fn includes_keep_parent_directories_and_drop_empty_ones() {
    let dir = practice_tree();
    let mut s = spec(dir.path());
    s.include = strings(&["*.DAT", "sub/**/*.lic"]);
    s.exclude = strings(&["**/Temp/**", "Backup/"]);
    let evs = events(&s);
    assert_eq!(
        entry_paths(&evs),
        strings(&["C/DConcept", "C/DConcept/DEDATA", "C/DConcept/DEDATA/a.dat",])
    );
    // Anchored include reaches a deep file; its parents are emitted first.
    s.include = strings(&["DEDATA/Sub/**/*.LIC", "z.txt"]);
    assert_eq!(
        entry_paths(&events(&s)),
        strings(&[
            "C/DConcept",
            "C/DConcept/DEDATA",
            "C/DConcept/DEDATA/Sub",
            "C/DConcept/DEDATA/Sub/Deep",
            "C/DConcept/DEDATA/Sub/Deep/c.lic",
            "C/DConcept/z.txt",
        ])
    );
}

#[test]
fn an_included_directory_brings_its_subtree() {
    let dir = practice_tree();
    let mut s = spec(dir.path());
    s.include = strings(&["dedata/sub/", "empty/**"]);
    assert_eq!(
        entry_paths(&events(&s)),
        strings(&[
            "C/DConcept",
            "C/DConcept/DEDATA",
            "C/DConcept/DEDATA/Sub",
            "C/DConcept/DEDATA/Sub/Deep",
            "C/DConcept/DEDATA/Sub/Deep/c.lic",
            "C/DConcept/empty",
        ])
    );
}

#[test]
fn database_paths_are_reported_and_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = dir.path();
    touch(r, "MSSQL/DATA/Praxis.mdf");
    touch(r, "MSSQL/DATA/Praxis_log.ldf");
    touch(r, "MSSQL/DATA/FS/0001/blob");
    touch(r, "MSSQL/DATA/notes.txt");
    let mut s = spec(r);
    // As SQL Server reports them: other case, Windows separators.
    s.excluded_paths = vec![
        r.join("mssql").join("data").join("PRAXIS.MDF"),
        PathBuf::from(format!("{}\\MSSQL\\Data\\praxis_LOG.ldf", r.display())),
        r.join("MSSQL/DATA/FS/"),
    ];
    let evs = events(&s);
    assert_eq!(
        exclusions(&evs),
        vec![
            (
                "C/DConcept/MSSQL/DATA/FS".into(),
                ExcludeReason::DatabaseFile
            ),
            (
                "C/DConcept/MSSQL/DATA/Praxis.mdf".into(),
                ExcludeReason::DatabaseFile
            ),
            (
                "C/DConcept/MSSQL/DATA/Praxis_log.ldf".into(),
                ExcludeReason::DatabaseFile
            ),
        ]
    );
    assert_eq!(
        entry_paths(&evs),
        strings(&[
            "C/DConcept",
            "C/DConcept/MSSQL",
            "C/DConcept/MSSQL/DATA",
            "C/DConcept/MSSQL/DATA/notes.txt",
        ])
    );
    let abs_reported = evs.iter().any(
        |e| matches!(e, WalkEvent::Excluded { abs, .. } if *abs == r.join("MSSQL/DATA/Praxis.mdf")),
    );
    assert!(abs_reported);
}

#[test]
fn missing_root_is_one_problem_with_its_optionality() {
    let dir = tempfile::tempdir().expect("tempdir");
    for optional in [true, false] {
        let mut s = spec(&dir.path().join("XCOMFORT"));
        s.optional = optional;
        let evs = events(&s);
        assert_eq!(evs.len(), 1, "{evs:?}");
        let p = problems(&evs)[0];
        assert_eq!(p.kind, ProblemKind::RootMissing { optional });
        assert_eq!(p.path, "C/DConcept");
    }
}

#[test]
fn single_file_root_is_one_entry_at_the_snapshot_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lic = touch(dir.path(), "medatixx.lic");
    let t = filetime::FileTime::from_unix_time(1_600_000_000, 987_654_321);
    filetime::set_file_mtime(&lic, t).expect("mtime");
    let mut s = spec(&lic);
    s.snapshot_path = "C/medatixx/medatixx.lic".into();
    s.exclude = strings(&["*.lic"]); // globs are relative to a directory root: not applied
    let evs = events(&s);
    let [WalkEvent::Entry(e)] = evs.as_slice() else {
        panic!("one entry expected: {evs:?}")
    };
    assert_eq!(e.path, "C/medatixx/medatixx.lic");
    assert_eq!(e.kind, EntryKind::File);
    assert_eq!(e.size, "medatixx.lic".len() as u64);
    assert_eq!(e.mtime_ns, 1_600_000_000_987_654_321);

    s.excluded_paths = vec![lic.clone()];
    assert_eq!(
        exclusions(&events(&s)),
        vec![(
            "C/medatixx/medatixx.lic".into(),
            ExcludeReason::DatabaseFile
        )]
    );
}

#[test]
fn bad_configuration_is_refused_before_walking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = spec(dir.path());
    s.exclude = strings(&["DEDATA/[x"]);
    assert!(matches!(walk(&s), Err(SpecError::Pattern(_))));
    assert!(s.validate().is_err());
    let mut s = spec(dir.path());
    s.snapshot_path = "/C/x".into();
    assert!(matches!(walk(&s), Err(SpecError::SnapshotPath { .. })));
}

#[cfg(unix)]
#[test]
fn symlinks_are_recorded_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let r = dir.path();
    touch(r, "real/f");
    symlink("real", r.join("dirlink")).expect("symlink");
    symlink("does/not/exist", r.join("dangling")).expect("symlink");
    let evs = events(&spec(r));
    assert_eq!(
        entry_paths(&evs),
        strings(&[
            "C/DConcept",
            "C/DConcept/dangling",
            "C/DConcept/dirlink",
            "C/DConcept/real",
            "C/DConcept/real/f",
        ])
    );
    let WalkEvent::Entry(link) = &evs[2] else {
        panic!("entry expected")
    };
    assert_eq!(
        link.kind,
        EntryKind::Symlink {
            target: "real".into()
        }
    );
    assert_eq!(link.size, 0);
    assert!(problems(&evs).is_empty());
}

// Unreadable folders and files: `tests/permissions.rs` runs a whole backup
// as an unprivileged user (setpriv when the suite runs as root), so the
// permission-denied path is the one under test everywhere; an in-process
// walk run as root would read a mode-000 folder and test something else.

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_name_is_a_problem_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let r = dir.path();
    let bad = r.join(OsStr::from_bytes(b"Brief\xe4.txt")); // Latin-1 'ä'
    fs::write(&bad, b"x").expect("write");
    touch(r, "ok.txt");
    let evs = events(&spec(r));
    assert_eq!(
        entry_paths(&evs),
        strings(&["C/DConcept", "C/DConcept/ok.txt"])
    );
    let p = problems(&evs);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].kind, ProblemKind::NameNotUtf8);
    assert_eq!(p[0].path, "C/DConcept/Brief\u{fffd}.txt");
    assert_eq!(p[0].abs, bad);
}

#[cfg(unix)]
#[test]
fn fifo_is_excluded_as_special_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("cstring");
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo failed");
    let evs = events(&spec(dir.path()));
    assert_eq!(
        exclusions(&evs),
        vec![("C/DConcept/pipe".into(), ExcludeReason::SpecialFile)]
    );
}

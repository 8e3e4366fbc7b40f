//! A medium that fills up during a backup: a real, small tmpfs as the "RDX
//! cartridge". The backup stops with the German "full" message and exit 2,
//! the earlier snapshot stays complete, and once there is room again the
//! next backup succeeds and prune removes what the stopped run left behind.
//!
//! Mounting needs root (CI and the development machines run as root); the
//! test fails rather than skips where it cannot mount.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

struct Tmpfs<'a>(&'a Path);

impl Tmpfs<'_> {
    fn resize(&self, size: &str) {
        let st = Command::new("mount")
            .args(["-o", &format!("remount,size={size}"), "tmpfs"])
            .arg(self.0)
            .status()
            .expect("mount");
        assert!(st.success(), "remount {size}");
    }
}

impl Drop for Tmpfs<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

fn mount<'a>(at: &'a Path, size: &str) -> Tmpfs<'a> {
    std::fs::create_dir_all(at).unwrap();
    let st = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .status()
        .expect("run mount");
    assert!(
        st.success(),
        "this test needs root to mount a small tmpfs as the medium"
    );
    Tmpfs(at)
}

#[test]
fn full_medium_stops_the_backup_and_keeps_earlier_snapshots() {
    let t = tempfile::tempdir().unwrap();
    let first = t.path().join("first");
    practice_tree(&first, "tiny");
    let big = t.path().join("big");
    practice_tree_seeded(&big, "test", 31);

    let medium = t.path().join("medium");
    let fs = mount(&medium, "24m");
    let repo = Repo::init(&medium);
    // Keys live on the medium here only for the test's convenience.
    repo.backup(&first);
    assert_eq!(repo.snapshot_ids().len(), 1);

    let r = run(repo
        .cmd(&["backup", "--quiet", "--language", "de", "--path"])
        .arg(&big));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("ist voll") && r.stderr.contains("frühere Sicherungen sind unverändert"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("tresor prune"), "hint: {}", r.stderr);
    assert_eq!(repo.snapshot_ids().len(), 1, "no partial snapshot");

    // The earlier snapshot is complete and restores bit-identical (to a disk with room).
    let check = run(&mut repo.cmd(&["check", "--read-data", "--quiet"]));
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    repo.assert_restores("latest", &first, &t.path().join("restore"));

    // A bigger medium (here: the same one grown): the next run just works.
    fs.resize("200m");
    repo.backup(&big);
    ok(&mut repo.cmd(&["prune", "--quiet"]));
    repo.assert_check_clean();
    repo.assert_restores("latest", &big, &t.path().join("restore-big"));
}

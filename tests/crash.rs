//! A backup killed with SIGKILL at random points leaves every earlier
//! snapshot restorable, and the next backup succeeds without manual repair.

mod common;

use std::time::Duration;

use common::*;

#[test]
fn sigkill_during_backup_never_damages_earlier_snapshots() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "test");
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let before = repo.snapshot_ids();
    assert_eq!(before.len(), 1);

    // Kill points spread over the run: early (walking), middle (packs being
    // written), late (index and snapshot being written).
    for (day, delay_ms) in (1..).zip([30u64, 150, 400, 800, 1500]) {
        practice_day(&src, day);
        let mut child = repo
            .cmd(&["backup", "--quiet", "--path"])
            .arg(&src)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();

        // Every earlier snapshot is still complete and verifies.
        let check = run(&mut repo.cmd(&["check", "--read-data", "--quiet"]));
        assert_eq!(
            check.code, 0,
            "after kill at {delay_ms} ms: {}{}",
            check.stdout, check.stderr
        );
        let target = t.path().join(format!("restore-{delay_ms}"));
        ok(repo
            .cmd(&["restore", &before[0][..8], "--quiet", "--target"])
            .arg(&target));
    }
    // The next backup runs as usual, reusing what the killed runs stored.
    let r = repo.backup(&src);
    assert!(r.code == 0, "{}{}", r.stdout, r.stderr);
    let target = t.path().join("restore-final");
    ok(repo
        .cmd(&["restore", "latest", "--quiet", "--target"])
        .arg(&target));
    assert_same_tree(&src, &target.join(snapshot_path(&src)));
    // Leftovers of the killed runs are cleaned up by prune, and all stays intact.
    ok(&mut repo.cmd(&["prune", "--quiet"]));
    let check = ok(&mut repo.cmd(&["check", "--read-data", "--quiet"]));
    assert!(check.stdout.contains("No errors found"), "{}", check.stdout);
}

//! A backup killed with SIGKILL at several points leaves every earlier
//! snapshot restorable, and the next backup succeeds without manual repair.

mod common;

use std::time::Instant;

use common::*;

#[test]
fn sigkill_during_backup_never_damages_earlier_snapshots() {
    let t = tempfile::tempdir().unwrap();
    let first = t.path().join("first");
    practice_tree(&first, "tiny");
    let repo = Repo::init(t.path());
    repo.backup(&first);

    // How long does a backup of fresh data take? Kill points are fractions of it.
    let measured = t.path().join("measured");
    practice_tree_seeded(&measured, "test", 100);
    let started = Instant::now();
    repo.backup(&measured);
    let full = started.elapsed();
    let before = repo.snapshot_ids();
    assert_eq!(before.len(), 2);

    let mut killed_while_running = 0;
    let mut last_src = measured.clone();
    // Random kill points, one in each fifth of a run; the seed is printed so
    // that a failure can be replayed with TRESOR_CRASH_SEED.
    let seed: u64 = std::env::var("TRESOR_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("kill points from TRESOR_CRASH_SEED={seed}");
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed);
    let fractions: Vec<f64> = (0..5)
        .map(|k| (k as f64 + rand::Rng::gen_range(&mut rng, 0.05..0.95)) / 5.0)
        .collect();
    for (i, fraction) in fractions.into_iter().enumerate() {
        // Fresh content each time, so the run really writes packs.
        let src = t.path().join(format!("src{i}"));
        practice_tree_seeded(&src, "test", 200 + i as u32);
        let mut child = repo
            .cmd(&["backup", "--quiet", "--path"])
            .arg(&src)
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().unwrap(); // SIGKILL on Unix
        let _ = child.wait();
        last_src = src;

        // Every earlier snapshot is still complete and verifies.
        let check = run(&mut repo.cmd(&["check", "--read-data", "--quiet"]));
        assert_eq!(
            check.code, 0,
            "after a kill at {fraction:.2} of a run (seed {seed}): {}{}",
            check.stdout, check.stderr
        );
        repo.assert_restores(
            &before[0][..8],
            &first,
            &t.path().join(format!("restore-{i}")),
        );
    }
    assert!(
        killed_while_running >= 3,
        "only {killed_while_running} of 5 kills hit a running backup ({full:?}, seed {seed})"
    );

    repo.assert_restores(
        &before[1][..8],
        &measured,
        &t.path().join("restore-measured"),
    );

    // The next backup runs as usual, reusing what the killed runs stored.
    let r = repo.backup(&last_src);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    repo.assert_restores("latest", &last_src, &t.path().join("restore-final"));
    // Leftovers of the killed runs (packs, a lock) are cleaned up by prune.
    ok(&mut repo.cmd(&["prune", "--quiet"]));
    repo.assert_check_clean();
    // A run killed after writing its snapshot file has a complete snapshot too.
    let n = repo.snapshot_ids().len();
    assert!((3..=8).contains(&n), "{n} snapshots");
}

//! SIGKILL at random points of `backup`, `restore` and `forget --prune`
//! (seeded; the seed is printed, replay with TRESOR_CRASH_SEED=…). After
//! each kill every snapshot restores bit-identical, `check --read-data` is
//! clean, and the next run succeeds without manual repair.
//!
//! A kill lands wherever a random delay puts it: no assertion depends on
//! where. Each kill is described by what it left (read with the library),
//! and the assertions hold for every case. Every single write of a run is
//! covered deterministically, in process, by tests/crash_faults.rs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use rand::{Rng, SeedableRng};
use tresor::repo::crypto::Identities;
use tresor::repo::Repository;
use tresor::storage::local::LocalBackend;
use tresor::storage::Backend;

/// The run's seed: TRESOR_CRASH_SEED or random, printed either way.
fn rng(test: &str, salt: u64) -> (u64, rand::rngs::StdRng) {
    let seed: u64 = std::env::var("TRESOR_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("{test}: kill points from TRESOR_CRASH_SEED={seed}");
    (seed, rand::rngs::StdRng::seed_from_u64(seed ^ salt))
}

/// Random delays, one in each `n`-th of `full`.
fn delays(rng: &mut rand::rngs::StdRng, full: Duration, n: usize) -> Vec<(f64, Duration)> {
    (0..n)
        .map(|k| {
            let f = (k as f64 + rng.gen_range(0.05..0.95)) / n as f64;
            (f, full.mul_f64(f))
        })
        .collect()
}

/// Starts `cmd`, SIGKILLs it after `delay`; whether it was still running.
fn kill_after(cmd: &mut Command, delay: Duration) -> bool {
    let mut child = cmd.spawn().expect("tresor starts");
    std::thread::sleep(delay);
    let running = child.try_wait().expect("try_wait").is_none();
    child.kill().expect("kill"); // SIGKILL on Unix
    let _ = child.wait();
    running
}

/// How long `cmd` takes (to spread the kill points over a run).
fn duration_of(cmd: &mut Command) -> Duration {
    let started = Instant::now();
    expect_code(cmd, 0);
    started.elapsed()
}

/// What a killed run left in the repository.
struct Left {
    snapshots: usize,
    locks: usize,
    /// Packs no index file names (indexed again from their trailers on open).
    unindexed_packs: usize,
    /// `.tmp-…` files of a `put` that never finished.
    temp_files: usize,
}

impl std::fmt::Display for Left {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} snapshots, {} locks, {} unindexed packs, {} temp files",
            self.snapshots, self.locks, self.unindexed_packs, self.temp_files
        )
    }
}

fn inspect(repo: &Repo) -> Left {
    let backend = Arc::new(LocalBackend::open(repo.repo.clone()).expect("open"));
    let key = std::fs::read_to_string(repo.machine_key()).expect("key");
    let ids = Arc::new(Identities::parse(&key).expect("key"));
    let r = Repository::open(backend.clone(), ids).expect("repository opens");
    let snapshots = r.snapshots().expect("snapshots").ok.len();
    let indexed = r.load_index().expect("index");
    let temp_files = walkdir::WalkDir::new(&repo.repo)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .count();
    Left {
        snapshots,
        locks: backend.list("locks/").expect("locks").len(),
        unindexed_packs: indexed.recovered_packs().len(),
        temp_files,
    }
}

#[test]
fn sigkill_during_backup_never_damages_earlier_snapshots() {
    let t = tempfile::tempdir().unwrap();
    let first = t.path().join("first");
    practice_tree(&first, "tiny");
    let repo = Repo::init(t.path());
    expect_code(repo.cmd(&["backup", "--quiet", "--path"]).arg(&first), 0);

    // How long does a backup of fresh data take? Kill points are fractions of it.
    let measured = t.path().join("measured");
    practice_tree_seeded(&measured, "tiny", 100);
    let full = duration_of(repo.cmd(&["backup", "--quiet", "--path"]).arg(&measured));
    let before = repo.snapshot_ids();
    assert_eq!(before.len(), 2);

    let (seed, mut rng) = rng("backup", 1);
    let mut last_src = measured.clone();
    // Runs killed after their snapshot file was written.
    let mut completed = 0;
    for (i, (fraction, delay)) in delays(&mut rng, full, 5).into_iter().enumerate() {
        // Fresh content each time, so the run really writes packs.
        let src = t.path().join(format!("src{i}"));
        practice_tree_seeded(&src, "tiny", 200 + i as u32);
        let snaps_before = repo.snapshot_ids().len();
        let running = kill_after(repo.cmd(&["backup", "--quiet", "--path"]).arg(&src), delay);
        let left = inspect(&repo);
        eprintln!("backup kill {i} at {fraction:.2} of a run (running: {running}): {left}");
        last_src = src.clone();

        // Every earlier snapshot is still complete and verifies.
        repo.assert_check_exactly_clean();
        repo.assert_restores_exactly(
            &before[0][..8],
            &first,
            &t.path().join(format!("restore-{i}")),
        );
        // A run killed after writing its snapshot file has a complete snapshot.
        match left.snapshots - snaps_before {
            0 => {}
            1 => {
                completed += 1;
                repo.assert_restores_exactly(
                    "latest",
                    &src,
                    &t.path().join(format!("restore-killed-{i}")),
                );
            }
            n => panic!("{n} snapshots from one run (seed {seed})"),
        }
    }
    repo.assert_restores_exactly(
        &before[1][..8],
        &measured,
        &t.path().join("restore-measured"),
    );

    // The next backup runs as usual, reusing what the killed runs stored.
    expect_code(repo.cmd(&["backup", "--quiet", "--path"]).arg(&last_src), 0);
    repo.assert_restores_exactly("latest", &last_src, &t.path().join("restore-final"));
    // Leftovers of the killed runs (packs, a lock) are cleaned up by prune.
    expect_code(&mut repo.cmd(&["prune", "--quiet"]), 0);
    repo.assert_check_exactly_clean();
    let left = inspect(&repo);
    eprintln!("after the next backup and prune: {left}");
    assert_eq!((left.locks, left.unindexed_packs), (0, 0), "{left}");
    assert_eq!(
        left.snapshots,
        before.len() + completed + 1,
        "two before, {completed} from killed runs that got that far, one after (seed {seed})"
    );
}

/// Every regular file in `target` whose name does not mark it as a
/// temporary file (`.tresor-`) equals the file at the same place in `src`.
/// Returns (complete files, temporary files).
fn assert_only_complete_files(target: &Path, src: &Path, what: &str) -> (usize, usize) {
    let (mut complete, mut temporary) = (0, 0);
    if !target.exists() {
        return (0, 0);
    }
    for e in walkdir::WalkDir::new(target)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(target).unwrap();
        if e.file_name().to_string_lossy().contains(".tresor-") {
            temporary += 1;
            continue;
        }
        let original = src.join(rel);
        assert!(
            original.is_file(),
            "{what}: {} is not in the snapshot",
            rel.display()
        );
        assert!(
            std::fs::read(e.path()).unwrap() == std::fs::read(&original).unwrap(),
            "{what}: {} is in the target under its real name but not complete",
            rel.display()
        );
        complete += 1;
    }
    (complete, temporary)
}

fn walkdir_files(root: &Path) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

#[test]
fn sigkill_during_restore_leaves_only_complete_files_under_their_names() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    expect_code(repo.cmd(&["backup", "--quiet", "--path"]).arg(&src), 0);
    let full = duration_of(
        repo.cmd(&["restore", "latest", "--quiet", "--target"])
            .arg(t.path().join("measured")),
    );

    let (seed, mut rng) = rng("restore", 2);
    for (i, (fraction, delay)) in delays(&mut rng, full, 4).into_iter().enumerate() {
        let target = t.path().join(format!("killed-{i}"));
        let running = kill_after(
            repo.cmd(&["restore", "latest", "--quiet", "--target"])
                .arg(&target),
            delay,
        );
        let what = format!("restore killed at {fraction:.2} (seed {seed})");
        let (complete, temporary) =
            assert_only_complete_files(&target.join(snapshot_path(&src)), &src, &what);
        eprintln!(
            "restore kill {i} at {fraction:.2} (running: {running}): {complete} complete files, {temporary} temporary"
        );
        // The repository is untouched, and the snapshot restores into the
        // same folder: what the killed run left is replaced or removed.
        repo.assert_check_exactly_clean();
        expect_code(
            repo.cmd(&["restore", "latest", "--quiet", "--overwrite", "--target"])
                .arg(&target),
            0,
        );
        let restored = target.join(snapshot_path(&src));
        assert_same_tree(&src, &restored);
        assert_eq!(
            assert_only_complete_files(&restored, &src, &what),
            (walkdir_files(&src), 0),
            "{what}: temporary files left after the next restore"
        );
    }
}

#[test]
fn sigkill_during_forget_prune_keeps_every_remaining_snapshot_whole() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    // Snapshot id → the folder it was made of.
    let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
    let backup = |sources: &mut BTreeMap<String, PathBuf>, seed: u32| {
        let src = t.path().join(format!("day{seed}"));
        practice_tree_seeded(&src, "tiny", seed);
        let known: Vec<String> = sources.keys().cloned().collect();
        expect_code(repo.cmd(&["backup", "--quiet", "--path"]).arg(&src), 0);
        let new: Vec<String> = repo
            .snapshot_ids()
            .into_iter()
            .filter(|id| !known.contains(id))
            .collect();
        assert_eq!(new.len(), 1);
        sources.insert(new[0].clone(), src);
    };
    let forget = ["forget", "--keep-last", "2", "--prune", "--quiet"];
    for seed in 300..303 {
        backup(&mut sources, seed);
    }
    // A clean run first: how long forgetting one snapshot's data takes.
    let full = duration_of(&mut repo.cmd(&forget));

    let (seed, mut rng) = rng("forget --prune", 3);
    for (i, (fraction, delay)) in delays(&mut rng, full, 3).into_iter().enumerate() {
        backup(&mut sources, 310 + i as u32);
        let running = kill_after(&mut repo.cmd(&forget), delay);
        let left = inspect(&repo);
        eprintln!("forget --prune kill {i} at {fraction:.2} (running: {running}): {left}");

        // Whatever is still listed restores completely and verifies.
        repo.assert_check_exactly_clean();
        let ids = repo.snapshot_ids();
        assert!((2..=3).contains(&ids.len()), "seed {seed}: {ids:?}");
        for id in &ids {
            repo.assert_restores_exactly(
                &id[..8],
                &sources[id],
                &t.path().join(format!("restore-{i}-{}", &id[..8])),
            );
        }
    }
    // The next run finishes the job without repair.
    expect_code(&mut repo.cmd(&forget), 0);
    repo.assert_check_exactly_clean();
    let ids = repo.snapshot_ids();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        repo.assert_restores_exactly(
            &id[..8],
            &sources[id],
            &t.path().join(format!("restore-final-{}", &id[..8])),
        );
    }
    let left = inspect(&repo);
    eprintln!("after the next forget --prune: {left}");
    assert_eq!((left.locks, left.unindexed_packs), (0, 0), "{left}");
}

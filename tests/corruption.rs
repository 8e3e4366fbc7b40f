//! Damage on the medium is found and named, and what is undamaged can still
//! be restored.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn flip(path: &Path, at: usize) {
    let mut b = fs::read(path).unwrap();
    let i = at.min(b.len() - 1);
    b[i] ^= 0x01;
    fs::write(path, b).unwrap();
}

/// Two snapshots of different trees, so a damaged pack hits only some files.
fn setup(t: &Path) -> (Repo, std::path::PathBuf, std::path::PathBuf) {
    let a = t.join("a");
    practice_tree(&a, "tiny");
    let b = t.join("b");
    fs::create_dir_all(&b).unwrap();
    fs::write(
        b.join("brief.rtf"),
        "Sehr geehrte Kollegin, vielen Dank für die Überweisung.".repeat(50),
    )
    .unwrap();
    let repo = Repo::init(t);
    repo.backup(&a);
    repo.backup(&b);
    (repo, a, b)
}

#[test]
fn flipped_byte_in_any_pack_is_found_and_named() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _a, b) = setup(t.path());
    let packs = repo.files("packs");
    assert!(packs.len() >= 2, "the tiny tree fills several packs");
    // Flip one byte in each pack in turn (header, middle, tail) and restore it afterwards.
    for (n, pack) in packs.iter().enumerate() {
        let orig = fs::read(pack).unwrap();
        let at = [40, orig.len() / 2, orig.len() - 3][n % 3];
        flip(pack, at);
        let r = run(&mut repo.cmd(&["check", "--read-data"]));
        assert_eq!(
            r.code,
            2,
            "flip at {at} in {} not found: {}",
            pack.display(),
            r.stdout
        );
        assert!(r.stdout.contains("Affected snapshot"), "{}", r.stdout);
        assert!(r.stdout.contains("damaged"), "{}", r.stdout);
        fs::write(pack, orig).unwrap();
    }
    // With one pack damaged, a file stored elsewhere still restores.
    let victim = packs
        .iter()
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap();
    flip(victim, 1000);
    let target = t.path().join("out");
    ok(repo.cmd(&["restore", "latest", "--target"]).arg(&target));
    assert_same_tree(&b, &target.join(snapshot_path(&b)));
}

#[test]
fn damaged_index_is_reported_and_data_still_restores() {
    let t = tempfile::tempdir().unwrap();
    let (repo, a, _b) = setup(t.path());
    for idx in repo.files("index") {
        flip(&idx, 200);
    }
    let r = run(&mut repo.cmd(&["check"]));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("index/"),
        "names the index file: {}",
        r.stdout
    );
    // The packs' own trailers stand in for the lost index.
    // The restore is complete, and warns (exit 1) about the damaged index files.
    let first = &repo.snapshot_ids()[0];
    let out = t.path().join("out");
    let r = warned(repo.cmd(&["restore", &first[..8], "--target"]).arg(&out));
    assert!(
        r.stderr.contains("index/") && r.stderr.contains("damaged"),
        "names the damaged index: {}",
        r.stderr
    );
    assert_same_tree(&a, &out.join(snapshot_path(&a)));
    // prune writes a fresh index; then the repository is clean again.
    ok(&mut repo.cmd(&["prune"]));
    repo.assert_check_clean();
}

#[test]
fn truncated_pack_and_snapshot_are_clear_errors() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _a, _b) = setup(t.path());
    let pack = &repo.files("packs")[0];
    let len = fs::metadata(pack).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(pack)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let r = run(&mut repo.cmd(&["check"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("truncated"), "{}", r.stdout);

    let snap = &repo.files("snapshots")[0];
    let len = fs::metadata(snap).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(snap)
        .unwrap()
        .set_len(len - 10)
        .unwrap();
    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(
        r.code, 1,
        "damaged snapshot is a warning in the list: {}",
        r.stderr
    );
    assert!(r.stderr.contains("damaged"), "{}", r.stderr);
}

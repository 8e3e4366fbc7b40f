//! A generated practice tree goes in and comes back bit-identical with its
//! mtimes — restored by a fresh process that has nothing but the repository
//! and the recovery key (no config, no cache, no machine key).

mod common;

use common::*;

#[test]
fn practice_tree_round_trip_with_recovery_key_only() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    let first = repo.backup(&src);
    assert!(first.stdout.contains("files"), "{}", first.stdout);

    // Keep a copy of day 0 to compare the first snapshot against later.
    let day0 = t.path().join("day0");
    copy_tree(&src, &day0);
    practice_day(&src, 1);
    let second = repo.backup(&src);
    let ids = repo.snapshot_ids();
    assert_eq!(ids.len(), 2, "{}", second.stdout);

    // Unchanged files are taken over without reading: day 1 reads only the
    // new and changed files (new letters and photos, changed records, the .bak).
    let number_before = |out: &str, what: &str| -> u64 {
        let i = out.find(what).expect("summary line");
        out[..i]
            .rsplit(['(', ':'])
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let (total, read) = (
        number_before(&second.stdout, " files,"),
        number_before(&second.stdout, " files read"),
    );
    assert!(read < total / 2, "{}", second.stdout);
    assert_eq!(
        number_before(&first.stdout, " files read"),
        number_before(&first.stdout, " files,")
    );

    // A bare process: empty HOME, no config, only the recovery key.
    let home = t.path().join("empty-home");
    std::fs::create_dir_all(&home).unwrap();
    for (snap, expect) in [(&ids[1], &src), (&ids[0], &day0)] {
        let target = t.path().join(format!("restore-{}", &snap[..8]));
        let r = ok(tresor()
            .env("HOME", &home)
            .current_dir(&home)
            .args(["restore", &snap[..8], "--quiet", "--repo"])
            .arg(&repo.repo)
            .arg("--key")
            .arg(repo.recovery_key())
            .arg("--target")
            .arg(&target));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert_same_tree(expect, &target.join(snapshot_path(&src)));
    }
    repo.assert_check_clean();
}

#[test]
fn restore_refuses_to_overwrite_and_selects_by_path() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    practice_tree(&src, "tiny");
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let target = t.path().join("out");
    let sub = format!("{}/DCONCEPT/DETEXT", snapshot_path(&src));
    ok(repo
        .cmd(&[
            "restore",
            "latest",
            "--quiet",
            "--include",
            &sub,
            "--target",
        ])
        .arg(&target));
    let restored = target.join(&sub);
    assert_same_tree(&src.join("DCONCEPT/DETEXT"), &restored);
    assert!(
        !target.join(snapshot_path(&src)).join("WINACS").exists(),
        "only the selected folder is restored"
    );

    let victim = walkdir::WalkDir::new(&restored)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .unwrap()
        .into_path();
    std::fs::write(&victim, b"local edit").unwrap();
    let r = run(repo
        .cmd(&[
            "restore",
            "latest",
            "--quiet",
            "--include",
            &sub,
            "--target",
        ])
        .arg(&target));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("already exist"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        b"local edit",
        "nothing was changed"
    );
    ok(repo
        .cmd(&[
            "restore",
            "latest",
            "--quiet",
            "--overwrite",
            "--include",
            &sub,
            "--target",
        ])
        .arg(&target));
    assert_same_tree(&src.join("DCONCEPT/DETEXT"), &restored);
}

fn copy_tree(a: &std::path::Path, b: &std::path::Path) {
    for e in walkdir::WalkDir::new(a).into_iter().filter_map(Result::ok) {
        let rel = e.path().strip_prefix(a).unwrap();
        let dst = b.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
            let m = std::fs::metadata(e.path()).unwrap().modified().unwrap();
            filetime::set_file_mtime(&dst, filetime::FileTime::from_system_time(m)).unwrap();
        }
    }
}

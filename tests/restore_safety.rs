//! Restore never creates, changes or follows anything outside its target,
//! never leaves a partly written file under a real name, and restores names,
//! links, hard links, holes and permissions faithfully (issue 10).

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use common::*;

/// Everything about a tree that a stray write could change: per entry its
/// kind, content or link target, mode and mtime. Links are not followed.
fn fingerprint(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>, u32, i64)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let md = fs::symlink_metadata(e.path()).expect("lstat");
            let (kind, body) = if md.file_type().is_symlink() {
                let t = fs::read_link(e.path()).expect("readlink");
                ("link", t.to_string_lossy().into_owned().into_bytes())
            } else if md.is_dir() {
                ("dir", vec![])
            } else {
                ("file", fs::read(e.path()).expect("read"))
            };
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (
                rel,
                kind.to_string(),
                body,
                md.mode(),
                md.mtime_nsec() + md.mtime() * 1_000_000_000,
            )
        })
        .collect();
    v.sort();
    v
}

/// A folder outside every target, with a file, that no restore may touch.
fn sentinel(root: &Path) -> PathBuf {
    let s = root.join("outside");
    fs::create_dir_all(s.join("deep")).unwrap();
    fs::write(s.join("x.txt"), "sentinel x").unwrap();
    fs::write(s.join("deep/live.DAT"), "sentinel live data").unwrap();
    s
}

/// No temporary file of a restore is left anywhere under `dir`.
fn assert_no_temp_files(dir: &Path) {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        assert!(
            !name.contains(".tresor-tmp"),
            "temporary file left: {}",
            e.path().display()
        );
    }
}

fn restore(repo: &Repo, snap: &str, target: &Path, extra: &[&str]) -> Run {
    let mut c = repo.cmd(&["restore", snap, "--quiet", "--target"]);
    c.arg(target).args(extra);
    run(&mut c)
}

#[test]
fn link_in_an_older_snapshot_then_a_folder_never_writes_through_the_link() {
    let t = tempfile::tempdir().unwrap();
    let outside = sentinel(t.path());
    let before = fingerprint(&outside);
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    std::os::unix::fs::symlink(&outside, src.join("x")).unwrap();
    repo.backup(&src);
    fs::remove_file(src.join("x")).unwrap();
    fs::create_dir(src.join("x")).unwrap();
    fs::write(src.join("x/x.txt"), "from the snapshot").unwrap();
    repo.backup(&src);
    let ids = repo.snapshot_ids();

    let target = t.path().join("target");
    let r = restore(&repo, &ids[0], &target, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let x = target.join(snapshot_path(&src)).join("x");
    assert!(fs::symlink_metadata(&x).unwrap().file_type().is_symlink());

    // Without --overwrite: refused as a whole, nothing written anywhere.
    let r = restore(&repo, &ids[1], &target, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("x"), "{}", r.stderr);
    assert_eq!(fingerprint(&outside), before);

    // With --overwrite: the link in the target is replaced, not followed.
    let r = restore(&repo, &ids[1], &target, &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(&x).unwrap().is_dir());
    assert_eq!(
        fs::read_to_string(x.join("x.txt")).unwrap(),
        "from the snapshot"
    );
    assert_eq!(fingerprint(&outside), before);
    assert_no_temp_files(&target);
}

#[test]
fn folder_link_already_in_the_target_is_refused_or_replaced_never_followed() {
    let t = tempfile::tempdir().unwrap();
    let outside = sentinel(t.path());
    let before = fingerprint(&outside);
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("deep")).unwrap();
    fs::write(src.join("deep/live.DAT"), "old version").unwrap();
    repo.backup(&src);

    // The snapshot's first component is `tmp` (the source lives in /tmp):
    // exactly `target/tmp -> /elsewhere` of the report.
    let first = snapshot_path(&src).split('/').next().unwrap().to_string();
    for (i, link_at) in [first.clone(), snapshot_path(&src)].iter().enumerate() {
        let target = t.path().join(format!("target{i}"));
        let l = target.join(link_at);
        fs::create_dir_all(l.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&outside, &l).unwrap();
        let r = restore(&repo, "latest", &target, &[]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(fingerprint(&outside), before, "followed {link_at}");
        let r = restore(&repo, "latest", &target, &["--overwrite"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(fingerprint(&outside), before, "followed {link_at}");
        assert_same_tree(&src, &target.join(snapshot_path(&src)));
        assert!(fs::symlink_metadata(&l).unwrap().is_dir());
    }
}

#[test]
fn overwrite_replaces_file_links_and_hard_links_without_writing_their_other_end() {
    let t = tempfile::tempdir().unwrap();
    let outside = sentinel(t.path());
    let before = fingerprint(&outside);
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "snapshot a").unwrap();
    fs::write(src.join("b.txt"), "snapshot b").unwrap();
    fs::write(src.join("c.txt"), "snapshot c").unwrap();
    repo.backup(&src);

    let target = t.path().join("target");
    let dst = target.join(snapshot_path(&src));
    fs::create_dir_all(&dst).unwrap();
    std::os::unix::fs::symlink(outside.join("x.txt"), dst.join("a.txt")).unwrap();
    fs::hard_link(outside.join("deep/live.DAT"), dst.join("b.txt")).unwrap();
    // A dangling link pointing to where a file would be created outside.
    std::os::unix::fs::symlink(outside.join("new.txt"), dst.join("c.txt")).unwrap();

    let r = restore(&repo, "latest", &target, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(fingerprint(&outside), before);
    let r = restore(&repo, "latest", &target, &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fingerprint(&outside), before);
    assert_same_tree(&src, &dst);
    for n in ["a.txt", "b.txt", "c.txt"] {
        let md = fs::symlink_metadata(dst.join(n)).unwrap();
        assert!(md.is_file() && md.nlink() == 1, "{n}");
    }
}

#[test]
fn source_folder_given_as_a_link_restores_into_the_scratch_folder_not_the_live_data() {
    let t = tempfile::tempdir().unwrap();
    let live = t.path().join("live");
    fs::create_dir_all(live.join("sub")).unwrap();
    fs::write(live.join("sub/a.DAT"), "version 1").unwrap();
    let praxis = t.path().join("praxis");
    std::os::unix::fs::symlink(&live, &praxis).unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&praxis);
    fs::write(live.join("sub/a.DAT"), "version 2, today's work").unwrap();
    let before = fingerprint(&live);

    let scratch = t.path().join("scratch");
    let r = restore(&repo, "latest", &scratch, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fingerprint(&live), before);
    let restored = scratch.join(snapshot_path(&praxis));
    assert!(fs::symlink_metadata(&restored).unwrap().is_dir());
    assert_eq!(
        fs::read_to_string(restored.join("sub/a.DAT")).unwrap(),
        "version 1"
    );
}

/// Bytes zstd cannot shrink (xorshift), so that they fill whole packs.
fn noise(len: usize, mut x: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn damaged_pack_fails_its_files_by_name_and_keeps_the_intact_copy_in_the_target() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    let a: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(src.join("a.DAT"), &a).unwrap();
    repo.backup(&src);
    let packs_before = repo.files("packs");
    // 20 MiB: whole 8 MiB packs of b.DAT alone; the file list goes in the last.
    let b = noise(20 << 20, 0x2545_f491_4f6c_dd1d);
    fs::write(src.join("b.DAT"), &b).unwrap();
    repo.backup(&src);
    let pack = repo
        .files("packs")
        .into_iter()
        .filter(|p| !packs_before.contains(p))
        .find(|p| fs::metadata(p).unwrap().len() > 4 << 20)
        .expect("a full pack of b.DAT");
    let pack_id = pack.file_name().unwrap().to_string_lossy().into_owned();

    let target = t.path().join("target");
    let r = restore(&repo, "latest", &target, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dst = target.join(snapshot_path(&src));
    fs::write(dst.join("a.DAT"), "old a, to be replaced").unwrap();

    let mut bytes = fs::read(&pack).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    fs::write(&pack, bytes).unwrap();

    let r = restore(&repo, "latest", &target, &["--overwrite"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("b.DAT"), "{}", r.stderr);
    assert!(r.stderr.contains(&pack_id), "pack not named: {}", r.stderr);
    assert!(!r.stderr.contains("a.DAT"), "{}", r.stderr);
    // b.DAT: the intact copy from the earlier restore is still there, whole.
    assert!(fs::read(dst.join("b.DAT")).unwrap() == b);
    assert!(fs::read(dst.join("a.DAT")).unwrap() == a);
    assert_no_temp_files(&target);
}

/// Makes `dir` and everything below it belong to uid/gid 65534.
fn give_to_nobody(dir: &Path) {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        std::os::unix::fs::lchown(e.path(), Some(65534), Some(65534)).unwrap();
    }
}

#[test]
fn a_file_that_cannot_be_written_is_named_the_others_are_restored_and_the_old_one_stays() {
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("locked")).unwrap();
    fs::create_dir_all(src.join("open")).unwrap();
    fs::write(src.join("locked/r.DAT"), "snapshot r").unwrap();
    fs::write(src.join("open/w.DAT"), "snapshot w").unwrap();
    repo.backup(&src);

    let target = t.path().join("target");
    let dst = target.join(snapshot_path(&src));
    fs::create_dir_all(dst.join("locked")).unwrap();
    fs::create_dir_all(dst.join("open")).unwrap();
    fs::write(dst.join("locked/r.DAT"), "intact older copy").unwrap();
    fs::write(dst.join("open/w.DAT"), "intact older copy").unwrap();
    give_to_nobody(t.path());
    // The folder is write-protected: no temporary file can be made there.
    fs::set_permissions(dst.join("locked"), fs::Permissions::from_mode(0o555)).unwrap();

    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_tresor"))
        .env("TRESOR_LANG", "en")
        .env_remove("TRESOR_CONFIG")
        .args(["restore", "latest", "--quiet", "--overwrite", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(repo.machine_key())
        .arg("--target")
        .arg(&target);
    let r = run(&mut c);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("r.DAT"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dst.join("locked/r.DAT")).unwrap(),
        "intact older copy"
    );
    assert_eq!(
        fs::read_to_string(dst.join("open/w.DAT")).unwrap(),
        "snapshot w"
    );
    assert_no_temp_files(&target);
}

/// A file that cannot be written is named in the practice's language, as a
/// line that says in words what happened (no `!` marker), with the OS error
/// in German too; JSON gives a stable code and the English reason.
#[test]
fn a_file_not_restored_is_named_in_german_and_english_and_in_json() {
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("locked")).unwrap();
    fs::write(src.join("locked/r.DAT"), "snapshot r").unwrap();
    fs::write(src.join("w.DAT"), "snapshot w").unwrap();
    repo.backup(&src);
    let snap = snapshot_path(&src);

    let target = t.path().join("target");
    let dst = target.join(&snap);
    fs::create_dir_all(dst.join("locked")).unwrap();
    give_to_nobody(t.path());

    let restore_as_nobody = |extra: &[&str]| {
        // The folder is write-protected: no temporary file can be made
        // there. Again each time: a restore gives it its recorded mode.
        fs::set_permissions(dst.join("locked"), fs::Permissions::from_mode(0o555)).unwrap();
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_tresor"))
            .env("TRESOR_LANG", "de")
            .env_remove("TRESOR_CONFIG")
            .args(["restore", "latest", "--quiet", "--repo"])
            .arg(&repo.repo)
            .arg("--key")
            .arg(repo.machine_key())
            .arg("--target")
            .arg(&target)
            .args(extra);
        run(&mut c)
    };
    let file = format!("{snap}/locked/r.DAT");

    let de = restore_as_nobody(&[]);
    assert_eq!(de.code, 2, "{}\n{}", de.stdout, de.stderr);
    let line = de
        .stderr
        .lines()
        .find(|l| l.contains("r.DAT"))
        .unwrap_or_else(|| panic!("r.DAT not named: {}", de.stderr));
    assert!(
        line.starts_with(&format!("Nicht wiederhergestellt: {file} – ")),
        "{line}"
    );
    let locked = dst.join("locked").display().to_string();
    assert!(
        line.ends_with(&format!(" – {locked}: keine Berechtigung")),
        "{line}"
    );
    assert!(!de.stderr.contains("Permission denied"), "{}", de.stderr);
    assert!(!de.stderr.contains("! "), "{}", de.stderr);
    assert!(
        de.stderr
            .contains("1 Eintrag (Datei oder Ordner) konnte nicht wiederhergestellt oder nicht bestätigt werden."),
        "{}",
        de.stderr
    );
    assert_eq!(fs::read_to_string(dst.join("w.DAT")).unwrap(), "snapshot w");

    let en = restore_as_nobody(&["--language", "en", "--overwrite"]);
    assert_eq!(en.code, 2, "{}\n{}", en.stdout, en.stderr);
    assert!(
        en.stderr
            .lines()
            .any(|l| l.starts_with(&format!("Not restored: {file} – "))
                && l.ends_with(": permission denied")),
        "{}",
        en.stderr
    );
    // The cause is the target folder, not the backup: no "try another copy".
    assert!(
        en.stderr.contains("The target folder cannot be written"),
        "{}",
        en.stderr
    );
    assert!(!en.stderr.contains("Try another copy"), "{}", en.stderr);

    let js = restore_as_nobody(&["--json", "--overwrite"]);
    assert_eq!(js.code, 2, "{}\n{}", js.stdout, js.stderr);
    let doc: serde_json::Value = serde_json::from_str(&js.stdout).expect(&js.stdout);
    let failed = doc["failed"].as_array().expect("failed list");
    assert_eq!(failed.len(), 1, "{doc}");
    assert_eq!(failed[0]["path"], file.as_str());
    assert_eq!(failed[0]["code"], "target_io");
    let reason = failed[0]["reason"].as_str().unwrap();
    assert!(reason.ends_with(": permission denied"), "{reason}");
    assert_no_temp_files(&target);
}

#[test]
fn parent_folders_of_a_deep_include_get_their_recorded_mode_and_mtime() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("a/b")).unwrap();
    fs::write(src.join("a/b/c.txt"), "deep").unwrap();
    fs::write(src.join("a/other.txt"), "not selected").unwrap();
    fs::set_permissions(src.join("a"), fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(src.join("a/b"), fs::Permissions::from_mode(0o750)).unwrap();
    let old = filetime::FileTime::from_unix_time(1_600_000_000, 0);
    filetime::set_file_mtime(src.join("a/b"), old).unwrap();
    filetime::set_file_mtime(src.join("a"), old).unwrap();
    repo.backup(&src);

    let target = t.path().join("target");
    let inc = format!("{}/a/b/c.txt", snapshot_path(&src));
    let r = restore(&repo, "latest", &target, &["--include", &inc]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dst = target.join(snapshot_path(&src));
    for (rel, mode) in [("a", 0o700), ("a/b", 0o750)] {
        let md = fs::metadata(dst.join(rel)).unwrap();
        assert_eq!(md.mode() & 0o7777, mode, "{rel}");
        assert_eq!(md.mtime(), 1_600_000_000, "{rel}");
    }
    assert!(!dst.join("a/other.txt").exists());
}

#[test]
fn names_legal_on_linux_and_nas_shares_are_stored_and_restored_faithfully() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("Befunde")).unwrap();
    for n in [
        "a\\b.txt",
        "Befund 12:30.pdf",
        "x?*<>|\".rtf",
        "ends with dot.",
        "CON",
        " lead",
    ] {
        fs::write(src.join("Befunde").join(n), format!("content of {n}")).unwrap();
    }
    repo.backup(&src);
    repo.assert_check_clean();
    let target = t.path().join("target");
    let r = restore(&repo, "latest", &target, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same_tree(&src, &target.join(snapshot_path(&src)));
}

#[test]
fn setid_bits_only_when_asked_hard_links_holes_and_link_times_are_restored() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("tool"), "#!/bin/sh\n").unwrap();
    fs::set_permissions(src.join("tool"), fs::Permissions::from_mode(0o6755)).unwrap();
    fs::write(src.join("one"), "hard linked twice").unwrap();
    fs::hard_link(src.join("one"), src.join("two")).unwrap();
    // 32 MiB with data only at both ends.
    let f = fs::File::create(src.join("sparse.bak")).unwrap();
    f.set_len(32 << 20).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, b"head", 0).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, b"tail", (32 << 20) - 4).unwrap();
    drop(f);
    std::os::unix::fs::symlink("one", src.join("link")).unwrap();
    let old = filetime::FileTime::from_unix_time(1_500_000_000, 0);
    filetime::set_symlink_file_times(src.join("link"), old, old).unwrap();
    repo.backup(&src);

    let target = t.path().join("target");
    let r = restore(&repo, "latest", &target, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dst = target.join(snapshot_path(&src));
    assert_same_tree(&src, &dst);
    assert_eq!(
        fs::metadata(dst.join("tool")).unwrap().mode() & 0o7777,
        0o755
    );
    let (one, two) = (
        fs::metadata(dst.join("one")).unwrap(),
        fs::metadata(dst.join("two")).unwrap(),
    );
    assert_eq!(one.ino(), two.ino(), "hard links restored as copies");
    let sparse = fs::metadata(dst.join("sparse.bak")).unwrap();
    assert!(
        sparse.blocks() * 512 < 1 << 20,
        "hole filled: {} bytes allocated",
        sparse.blocks() * 512
    );
    let link = fs::symlink_metadata(dst.join("link")).unwrap();
    assert_eq!(link.mtime(), 1_500_000_000);
    assert_eq!(
        fs::read_link(dst.join("link")).unwrap(),
        PathBuf::from("one")
    );

    let target2 = t.path().join("target2");
    let r = restore(&repo, "latest", &target2, &["--keep-setid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tool = target2.join(snapshot_path(&src)).join("tool");
    assert_eq!(fs::metadata(tool).unwrap().mode() & 0o7777, 0o6755);
}

#[test]
fn source_files_named_like_temporary_files_are_restored_and_others_kept() {
    let t = tempfile::tempdir().unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    for n in [".tresor-tmp-notes", ".tresor-tmp-0000000000000000", "a.txt"] {
        fs::write(src.join(n), format!("content of {n}")).unwrap();
    }
    repo.backup(&src);
    let target = t.path().join("target");
    let dst = target.join(snapshot_path(&src));
    fs::create_dir_all(&dst).unwrap();
    // Someone's file in the target that merely looks like a leftover.
    fs::write(dst.join(".tresor-tmp-0123456789abcdef"), "mine").unwrap();
    let r = restore(&repo, "latest", &target, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for n in [".tresor-tmp-notes", ".tresor-tmp-0000000000000000", "a.txt"] {
        assert_eq!(
            fs::read_to_string(dst.join(n)).unwrap(),
            format!("content of {n}")
        );
    }
    assert_eq!(
        fs::read_to_string(dst.join(".tresor-tmp-0123456789abcdef")).unwrap(),
        "mine"
    );
    // With --overwrite the restored files stay; only a real leftover goes.
    let r = restore(&repo, "latest", &target, &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dst.join(".tresor-tmp-0000000000000000")).unwrap(),
        "content of .tresor-tmp-0000000000000000"
    );
    assert!(!dst.join(".tresor-tmp-0123456789abcdef").exists());
}

/// Unmounts on drop, also when the test fails.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_filesystem_mounted_inside_the_target_is_not_written_into() {
    let t = tempfile::tempdir().unwrap();
    let outside = sentinel(t.path());
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "snapshot a").unwrap();
    repo.backup(&src);
    let target = t.path().join("target");
    let first = snapshot_path(&src).split('/').next().unwrap().to_string();
    fs::create_dir_all(target.join(&first)).unwrap();
    // A bind mount is what a Windows junction is to a non-root user: a
    // folder that is somewhere else. tmpfs gives it its own device.
    let st = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(target.join(&first))
        .status()
        .expect("mount runs");
    assert!(
        st.success(),
        "this test needs root to mount a tmpfs (CI is root)"
    );
    let _m = Mounted(target.join(&first));
    let before = fingerprint(&outside);
    for extra in [&[][..], &["--overwrite"]] {
        let r = restore(&repo, "latest", &target, extra);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("mounted"), "{}", r.stderr);
        assert_eq!(fs::read_dir(target.join(&first)).unwrap().count(), 0);
    }
    assert_eq!(fingerprint(&outside), before);
}

/// A practice on drive C: (`drives:` maps it into the temp folder) with an
/// RDX on E:, set up and backed up once (x.concept's DEDATA as a source).
fn drive_practice(root: &Path) -> PathBuf {
    let data = root.join("C/DConcept/DEDATA");
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(root.join("RDX")).unwrap();
    fs::write(data.join("T0001.DAT"), "Patient 1").unwrap();
    fs::write(data.join("T0002.DAT"), "Patient 2").unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: de\ndrives:\n  C: {r}/C\n  E: {r}/RDX\n\
             keys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\tresor' }}\n\
             sources:\n  - path: 'C:\\DConcept\\DEDATA'\n    label: DEDATA\n",
            r = root.display()
        ),
    )
    .unwrap();
    ok(tresor().arg("--config").arg(&config).args(["init", "-q"]));
    ok(tresor()
        .arg("--config")
        .arg(&config)
        .args(["backup", "--job", "nightly", "-q"]));
    config
}

fn mode_and_mtime(p: &Path) -> (u32, i64) {
    let md = fs::metadata(p).unwrap();
    (md.mode() & 0o7777, md.mtime())
}

/// Finding 5: a restore (into the original place or a chosen folder) never
/// changes the mode or time of a folder that was there before, unless
/// --overwrite was given; folders it creates get their recorded metadata.
#[test]
fn existing_folders_keep_their_mode_and_time_unless_overwrite() {
    let t = tempfile::tempdir().unwrap();
    let config = drive_practice(t.path());
    let data = t.path().join("C/DConcept/DEDATA");
    let cmd = |lang: &str, args: &[&str]| {
        let mut c = tresor();
        c.args(["--language", lang, "--config"])
            .arg(&config)
            .args(args);
        c
    };
    // The live folder as the practice has it now: other rights, other time.
    fs::remove_file(data.join("T0001.DAT")).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
    let old = filetime::FileTime::from_unix_time(1_500_000_000, 0);
    filetime::set_file_mtime(&data, old).unwrap();
    let live = mode_and_mtime(&data);

    let one = r"C:\DConcept\DEDATA\T0001.DAT";
    let r = ok(&mut cmd(
        "de",
        &["restore", "latest", "--to-original", "--include", one],
    ));
    assert!(r.stdout.contains("1 Datei"), "{}", r.stdout);
    assert_eq!(
        fs::read_to_string(data.join("T0001.DAT")).unwrap(),
        "Patient 1"
    );
    assert_eq!(
        mode_and_mtime(&data),
        live,
        "--to-original changed the live folder"
    );
    fs::remove_file(data.join("T0001.DAT")).unwrap();
    filetime::set_file_mtime(&data, old).unwrap();
    let r = ok(&mut cmd(
        "en",
        &["restore", "latest", "--to-original", "--include", one],
    ));
    assert!(r.stdout.contains("1 file"), "{}", r.stdout);
    assert_eq!(mode_and_mtime(&data), live);

    // Into a chosen folder: an existing folder there keeps its metadata, a
    // new one gets the recorded mode (0755 at backup time).
    let target = t.path().join("Rueck");
    let there = target.join("C/DConcept/DEDATA");
    fs::create_dir_all(&there).unwrap();
    fs::set_permissions(&there, fs::Permissions::from_mode(0o711)).unwrap();
    filetime::set_file_mtime(&there, old).unwrap();
    let before = mode_and_mtime(&there);
    ok(cmd("de", &["restore", "latest", "--target"]).arg(&target));
    assert_eq!(mode_and_mtime(&there), before);
    let fresh = t.path().join("Neu");
    ok(cmd("en", &["restore", "latest", "--target"]).arg(&fresh));
    assert_eq!(
        mode_and_mtime(&fresh.join("C/DConcept/DEDATA")).0,
        0o755,
        "a folder the restore made gets the recorded mode"
    );

    // With --overwrite the folder is put back as recorded.
    ok(cmd("de", &["restore", "latest", "--overwrite", "--target"]).arg(&target));
    assert_eq!(mode_and_mtime(&there).0, 0o755);
}

/// Finding 13: a target that cannot be written counts entries (not "files")
/// and points at the target, not at another copy of the backup.
#[test]
fn an_unwritable_target_counts_entries_and_names_the_target_as_the_cause() {
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let repo = Repo::init(t.path());
    let src = t.path().join("src");
    fs::create_dir_all(src.join("a")).unwrap();
    fs::write(src.join("a/r.DAT"), "r").unwrap();
    fs::write(src.join("w.DAT"), "w").unwrap();
    repo.backup(&src);
    let ro = t.path().join("ro");
    fs::create_dir_all(&ro).unwrap();
    give_to_nobody(t.path());
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let as_nobody = |lang: &str| {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_tresor"))
            .env_remove("TRESOR_CONFIG")
            .args(["--language", lang, "restore", "latest", "--repo"])
            .arg(&repo.repo)
            .arg("--key")
            .arg(repo.machine_key())
            .arg("--target")
            .arg(&ro);
        expect_code(&mut c, 2)
    };
    let de = as_nobody("de");
    assert!(
        de.stderr
            .contains("Einträge (Dateien oder Ordner) konnten nicht wiederhergestellt"),
        "{}",
        de.stderr
    );
    assert!(
        de.stderr
            .contains("Zielordner prüfen (Schreibrechte, Platz)"),
        "{}",
        de.stderr
    );
    assert!(!de.stderr.contains("andere Kopie"), "{}", de.stderr);
    let en = as_nobody("en");
    assert!(
        en.stderr
            .contains("entries (files or folders) could not be restored"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr
            .contains("check the target folder (write permission, free space)"),
        "{}",
        en.stderr
    );
    assert!(!en.stderr.contains("another copy"), "{}", en.stderr);
}

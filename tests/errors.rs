//! Wrong key, missing key, a repository of a future format, no repository:
//! each a clear message, a non-zero exit code, and nothing changed.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn fingerprint(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

fn small_repo(t: &Path) -> Repo {
    let src = t.join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("Befund.txt"), "unauffällig").unwrap();
    let repo = Repo::init(t);
    repo.backup(&src);
    repo
}

#[test]
fn wrong_key_is_refused_and_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let repo = small_repo(t.path());
    let other = tempfile::tempdir().unwrap();
    let foreign = Repo::init(other.path());
    let before = fingerprint(&repo.repo);
    for cmd in [
        &["snapshots"][..],
        &["backup", "--path", "/etc/hostname"],
        &["check"],
        &["prune"],
    ] {
        let r = run(tresor()
            .args(cmd)
            .arg("--repo")
            .arg(&repo.repo)
            .arg("--key")
            .arg(foreign.machine_key()));
        assert_eq!(r.code, 2, "{cmd:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("does not open the repository"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("recovery key"),
            "hint names what to do: {}",
            r.stderr
        );
    }
    assert_eq!(before, fingerprint(&repo.repo));
}

#[test]
fn missing_key_and_german_messages() {
    let t = tempfile::tempdir().unwrap();
    let repo = small_repo(t.path());
    let r = run(tresor()
        .args(["snapshots", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(t.path().join("nope.key")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.key"), "{}", r.stderr);
    let r = run(tresor()
        .env("TRESOR_LANG", "de")
        .args(["snapshots", "--repo"])
        .arg(&repo.repo));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Fehler") && r.stderr.contains("Schlüssel"),
        "{}",
        r.stderr
    );
}

#[test]
fn future_format_and_no_repository() {
    let t = tempfile::tempdir().unwrap();
    let repo = small_repo(t.path());
    let marker = repo.repo.join("tresor.repo");
    let text = fs::read_to_string(&marker)
        .unwrap()
        .replace("\"version\": 1", "\"version\": 2");
    fs::write(&marker, &text).unwrap();
    let before = fingerprint(&repo.repo);
    for cmd in [
        &["snapshots"][..],
        &["backup", "--path", "/etc/hostname"],
        &["prune"],
    ] {
        let r = run(&mut repo.cmd(cmd));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("format version 2"), "{}", r.stderr);
    }
    assert_eq!(before, fingerprint(&repo.repo));

    let empty = t.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let r = run(tresor()
        .args(["snapshots", "--repo"])
        .arg(&empty)
        .arg("--key")
        .arg(repo.machine_key()));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("holds no tresor repository"),
        "{}",
        r.stderr
    );
    let r = run(tresor()
        .args(["snapshots", "--repo"])
        .arg(t.path().join("gone"))
        .arg("--key")
        .arg(repo.machine_key()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not reachable"), "{}", r.stderr);
}

#[test]
fn age_cli_decrypts_what_tresor_writes() {
    // Proves the files are standard age: the `age` tool (Debian package,
    // installed by scripts/test.sh) opens a snapshot with the recovery key.
    let which = std::process::Command::new("age").arg("--version").output();
    assert!(
        which.is_ok(),
        "the `age` command is needed for this test: apt-get install age (scripts/test.sh does)"
    );
    let t = tempfile::tempdir().unwrap();
    let repo = small_repo(t.path());
    let snap = &repo.files("snapshots")[0];
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(repo.recovery_key())
        .arg(snap)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = zstd::decode_all(&out.stdout[..]).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["version"], 1);
}

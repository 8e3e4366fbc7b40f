//! The on-disk format is pinned by a repository that tresor 0.1.0 wrote
//! (format version 1): `tests/fixtures/repo-v1/`, made by
//! `tests/fixtures/make-repo-v1.sh`, with its keys, the content of its two
//! snapshots (`content/1`, `content/2`) and `manifest.json` (each snapshot's
//! id, job, time and file list as that version's `ls --json` printed it).
//!
//! Round-trip tests pass when an encoder and its decoder change together;
//! this one fails then, because the bytes on disk are the old version's.
//! Never regenerate the fixture to make this test pass: a tresor that cannot
//! read it can no longer read the practices' cartridges either.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repo-v1")
}

fn manifest() -> Value {
    serde_json::from_str(&fs::read_to_string(fixture().join("manifest.json")).unwrap()).unwrap()
}

/// A copy of the fixture's repository and keys: commands take locks, and
/// the committed files must stay as they are.
fn copy_fixture(root: &Path) -> Repo {
    for dir in ["repo", "keys"] {
        let from = fixture().join(dir);
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = root.join(dir).join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    Repo {
        root: root.to_path_buf(),
        repo: root.join("repo"),
        keys: root.join("keys"),
    }
}

fn fingerprint(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

/// Files and symlinks below `dir`, relative, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

/// The restored tree equals the recorded content (bytes, symlink targets)
/// and the recorded metadata (file mtimes and modes, folders).
fn assert_restored_as_recorded(restored: &Path, content: &Path, nodes: &[Value]) {
    assert_eq!(entries(restored), entries(content), "file lists differ");
    for rel in entries(content) {
        let (want, got) = (content.join(&rel), restored.join(&rel));
        let meta = fs::symlink_metadata(&want).unwrap();
        if meta.file_type().is_symlink() {
            assert_eq!(fs::read_link(&got).unwrap(), fs::read_link(&want).unwrap());
        } else {
            assert!(
                fs::read(&got).unwrap() == fs::read(&want).unwrap(),
                "content differs: {}",
                rel.display()
            );
        }
    }
    let base = restored.parent().unwrap().parent().unwrap();
    for n in nodes {
        let path = base.join(n["path"].as_str().unwrap());
        let meta = fs::symlink_metadata(&path).unwrap_or_else(|e| panic!("{n}: {e}"));
        match n["kind"].as_str().unwrap() {
            "dir" => assert!(meta.is_dir(), "{n}"),
            "symlink" => assert!(meta.file_type().is_symlink(), "{n}"),
            "file" => {
                assert!(meta.is_file(), "{n}");
                assert_eq!(meta.len(), n["size"].as_u64().unwrap(), "{n}");
                let mtime = meta
                    .modified()
                    .unwrap()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as i64;
                assert_eq!(mtime, n["mtime_ns"].as_i64().unwrap(), "mtime {n}");
                assert_eq!(
                    u64::from(meta.permissions().mode() & 0o7777),
                    n["mode"].as_u64().unwrap(),
                    "mode {n}"
                );
            }
            other => panic!("unknown kind {other}"),
        }
    }
}

#[test]
fn todays_tresor_reads_the_version_1_repository() {
    let t = tempfile::tempdir().unwrap();
    let repo = copy_fixture(t.path());
    let before = fingerprint(&repo.repo);
    let m = manifest();
    let recorded = m["snapshots"].as_array().unwrap();
    assert_eq!(recorded.len(), 2);

    // snapshots: the same two, with their ids, jobs and times.
    let r = ok(&mut repo.cmd(&["snapshots", "--json"]));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let listed: Vec<Value> = doc["snapshots"].as_array().unwrap().clone();
    assert_eq!(listed.len(), 2, "{}", r.stdout);
    for (l, rec) in listed.iter().zip(recorded) {
        assert_eq!(l["id"], rec["id"]);
        assert_eq!(l["job"], rec["job"]);
        let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
        assert_eq!(time(&l["time"]), time(&rec["time"]));
    }
    let r = ok(&mut repo.cmd(&["snapshots"]));
    assert!(r.stdout.contains("nightly") && r.stdout.contains("feierabend"));

    for (i, rec) in recorded.iter().enumerate() {
        let id = rec["id"].as_str().unwrap();
        let nodes = rec["nodes"].as_array().unwrap();
        // ls: every recorded field of every node, in order (fields a later
        // version adds are allowed).
        let r = ok(&mut repo.cmd(&["ls", id, "--json"]));
        let doc: Value = serde_json::from_str(&r.stdout).unwrap();
        let listed: Vec<Value> = doc["entries"].as_array().unwrap().clone();
        assert_eq!(listed.len(), nodes.len(), "{}", r.stdout);
        for (got, want) in listed.iter().zip(nodes) {
            for (k, v) in want.as_object().unwrap() {
                assert_eq!(&got[k], v, "{k} of {want}");
            }
        }
        let r = ok(&mut repo.cmd(&["ls", &id[..8], "C/Praxis/aktuell"]));
        assert!(r.stdout.contains("C/Praxis/aktuell -> DEDATA/patient.dat"));

        // restore: the recorded bytes, symlink, empty file and folder, mtimes
        // and modes; the second snapshot with the recovery key alone.
        let target = t.path().join(format!("restore-{}", i + 1));
        let key = if i == 0 {
            repo.machine_key()
        } else {
            repo.keys.join("recovery.key")
        };
        ok(tresor()
            .args(["restore", id, "--quiet", "--repo"])
            .arg(&repo.repo)
            .arg("--key")
            .arg(&key)
            .arg("--target")
            .arg(&target));
        let content = fixture().join(format!("content/{}/C/Praxis", i + 1));
        assert_restored_as_recorded(&target.join("C/Praxis"), &content, nodes);
    }

    // check --read-data: every pack, index and snapshot decodes and verifies;
    // a version-1 repository made before the second root copies existed gets
    // a note (exit 1) and nothing else.
    let check = expect_code(&mut repo.cmd(&["check", "--read-data"]), 1);
    assert!(check.stdout.contains("No errors found"), "{}", check.stdout);
    assert!(
        check.stdout.contains("no second copy of its root files"),
        "{}",
        check.stdout
    );
    assert_eq!(
        fingerprint(&repo.repo),
        before,
        "reading changed the repository"
    );
}

/// Writes `config` back with another version, encrypted as tresor does.
fn set_config_version(repo: &Repo, version: u32) {
    use tresor::repo::crypto::{self, Identities, Recipients};
    let path = repo.repo.join("config");
    let ids = Identities::parse(&fs::read_to_string(repo.machine_key()).unwrap()).unwrap();
    let plain = crypto::decrypt(&ids, &fs::read(&path).unwrap()).unwrap();
    let mut config: Value = serde_json::from_slice(&plain).unwrap();
    config["version"] = version.into();
    let recipients: Vec<String> = config["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    let recipients = Recipients::parse(&recipients).unwrap();
    let plain = serde_json::to_vec_pretty(&config).unwrap();
    fs::write(&path, crypto::encrypt(&recipients, &plain).unwrap()).unwrap();
}

#[test]
fn a_newer_format_version_is_refused_and_nothing_changes() {
    let supported = tresor::repo::repofile::VERSION;
    let newer = supported + 1;
    for place in ["marker", "config"] {
        let t = tempfile::tempdir().unwrap();
        let repo = copy_fixture(t.path());
        if place == "marker" {
            let marker = repo.repo.join("tresor.repo");
            let mut v: Value = serde_json::from_slice(&fs::read(&marker).unwrap()).unwrap();
            v["version"] = newer.into();
            fs::write(&marker, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        } else {
            set_config_version(&repo, newer);
        }
        let before = fingerprint(&repo.repo);
        let location = repo.repo.display().to_string();
        let file = if place == "marker" {
            "tresor.repo"
        } else {
            "config"
        };
        let src = fixture().join("content/2");
        for args in [
            &["snapshots"][..],
            &["ls", "latest"],
            &["check", "--read-data"],
            &["prune"],
            &["forget", "--keep-last", "1"],
        ] {
            for (lang, want) in [
                ("en", format!("The repository at {location} has format version {newer} ({file}); this tresor reads up to version {supported}. Nothing was changed.")),
                ("de", format!("Die Sicherung unter {location} hat Formatversion {newer} ({file}); dieses tresor liest bis Version {supported}. Nichts wurde geändert.")),
            ] {
                let r = run(repo.cmd(args).args(["--language", lang]));
                assert_eq!(r.code, 2, "{place} {args:?}: {}{}", r.stdout, r.stderr);
                assert!(r.stderr.contains(&want), "{place} {args:?}: {}", r.stderr);
                assert!(r.stdout.is_empty(), "{place} {args:?}: {}", r.stdout);
            }
        }
        let r = run(repo.cmd(&["backup", "--path"]).arg(&src));
        assert_eq!(r.code, 2, "{place} backup: {}{}", r.stdout, r.stderr);
        let r = run(repo
            .cmd(&["restore", "latest", "--target"])
            .arg(t.path().join("out")));
        assert_eq!(r.code, 2, "{place} restore: {}{}", r.stdout, r.stderr);
        assert!(!t.path().join("out").exists(), "{place}: restore wrote");
        assert_eq!(
            fingerprint(&repo.repo),
            before,
            "{place}: repository changed"
        );
    }
}

//! `tresor forget`: retention per job, with each job's own `retention:`
//! block (else the top-level one), `--dry-run` that removes nothing, and exact
//! exit codes.
//!
//! Snapshots of chosen days: one real backup per job through the CLI, then
//! copies of its snapshot with other times written through the library
//! (`Repository::save_snapshot`, the call `backup` ends with). A snapshot's
//! time is data in its file, so no test hook in the binary is needed, not
//! even one limited to debug builds.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use common::*;
use tresor::repo::crypto::Identities;
use tresor::repo::Repository;
use tresor::storage::local::LocalBackend;

/// (job, local time) of a snapshot: what the assertions compare.
type Key = (String, String);

fn key(job: &str, time: &str) -> Key {
    (job.to_string(), time.to_string())
}

fn open(repo: &Repo) -> Repository {
    let text = fs::read_to_string(repo.machine_key()).unwrap();
    let ids = Identities::parse(&text).unwrap();
    let backend = LocalBackend::open(repo.repo.clone()).unwrap();
    Repository::open(Arc::new(backend), Arc::new(ids)).unwrap()
}

/// A repository holding, for Mon 4 … Fri 8 March 2024, a Feierabend snapshot
/// at 18:30 and a nightly one at 22:00 each day, plus `manual` snapshots
/// (a job the configuration does not know) at noon on the 6th, 7th and 8th.
fn week_of_snapshots(root: &Path) -> Repo {
    let src = root.join("praxis");
    fs::create_dir_all(src.join("DEDATA")).unwrap();
    fs::write(src.join("DEDATA/patient.dat"), b"Mustermann, Erika").unwrap();
    fs::write(src.join("leer.txt"), b"").unwrap();
    let repo = Repo::init(root);
    for job in ["nightly", "feierabend", "manual"] {
        ok(repo
            .cmd(&["backup", "--quiet", "--job", job, "--path"])
            .arg(&src));
    }
    let r = open(&repo);
    let made = r.snapshots().unwrap().ok;
    assert_eq!(made.len(), 3);
    for (id, template) in made {
        let times: &[&str] = match template.job.as_str() {
            "nightly" => &["04 22:00", "05 22:00", "06 22:00", "07 22:00", "08 22:00"],
            "feierabend" => &["04 18:30", "05 18:30", "06 18:30", "07 18:30", "08 18:30"],
            _ => &["06 12:00", "07 12:00", "08 12:00"],
        };
        for t in times {
            let mut s = template.clone();
            s.time = at(t);
            r.save_snapshot(&s).unwrap();
        }
        r.delete_snapshot(&id).unwrap();
    }
    repo
}

/// "DD HH:MM" in March 2024, CET.
fn at(day_time: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!(
        "2024-03-{}T{}:00+01:00",
        &day_time[..2],
        &day_time[3..]
    ))
    .unwrap()
}

fn all_keys() -> BTreeSet<Key> {
    let mut v = BTreeSet::new();
    for d in ["04", "05", "06", "07", "08"] {
        v.insert(key("nightly", &format!("{d} 22:00")));
        v.insert(key("feierabend", &format!("{d} 18:30")));
    }
    for d in ["06", "07", "08"] {
        v.insert(key("manual", &format!("{d} 12:00")));
    }
    v
}

/// The snapshots in the repository as (job, "DD HH:MM"), read through the CLI.
fn snapshots(repo: &Repo) -> BTreeSet<Key> {
    let r = ok(&mut repo.cmd(&["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = DateTime::parse_from_rfc3339(s["time"].as_str().unwrap()).unwrap();
            key(
                s["job"].as_str().unwrap(),
                &t.format("%d %H:%M").to_string(),
            )
        })
        .collect()
}

/// Every snapshot file with its bytes: "unchanged" means exactly this.
fn snapshot_files(repo: &Repo) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = repo
        .files("snapshots")
        .into_iter()
        .map(|p| {
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    v
}

/// Top-level retention keeps 2 daily; nightly has its own block (3 daily);
/// feierabend has none and so gets the top-level one.
fn config(root: &Path, repo: &Repo) -> std::path::PathBuf {
    let path = root.join("tresor.yaml");
    fs::write(
        &path,
        format!(
            "practice: Testpraxis\nlanguage: en\nkeys:\n  machine: {key}\n\
             destinations:\n  rdx: {{ type: local, path: {repo} }}\n\
             sources:\n  - path: {src}\n\
             retention: {{ keep_daily: 2 }}\n\
             jobs:\n  nightly: {{ destination: rdx, retention: {{ keep_daily: 3 }} }}\n  \
             feierabend: {{ destination: rdx, copy_only: true }}\n",
            key = repo.machine_key().display(),
            repo = repo.repo.display(),
            src = root.join("praxis").display(),
        ),
    )
    .unwrap();
    path
}

/// Lines of a forget listing that start with `verb` (after the indent).
fn lines(out: &str, verb: &str) -> usize {
    out.lines()
        .filter(|l| l.starts_with("  ") && l.trim_start().starts_with(verb))
        .count()
}

fn forget(cfg: &Path, args: &[&str]) -> std::process::Command {
    let mut c = tresor();
    c.arg("--config").arg(cfg).arg("forget").args(args);
    c
}

#[test]
fn each_job_keeps_its_own_days_under_its_own_retention() {
    let t = tempfile::tempdir().unwrap();
    let repo = week_of_snapshots(t.path());
    let cfg = config(t.path(), &repo);
    assert_eq!(snapshots(&repo), all_keys());

    let keep: BTreeSet<Key> = [
        // nightly: its own block, 3 days.
        key("nightly", "08 22:00"),
        key("nightly", "07 22:00"),
        key("nightly", "06 22:00"),
        // feierabend: the top-level block, 2 days; its own slot on each day
        // although a nightly snapshot of the same day is newer.
        key("feierabend", "08 18:30"),
        key("feierabend", "07 18:30"),
        // manual (no such job configured): the top-level block.
        key("manual", "08 12:00"),
        key("manual", "07 12:00"),
    ]
    .into();
    let gone: BTreeSet<Key> = all_keys().difference(&keep).cloned().collect();
    assert_eq!(gone.len(), 6);

    // A dry run removes nothing and says what it would remove, in both languages.
    let before = snapshot_files(&repo);
    let en = ok(&mut forget(&cfg, &["--dry-run"]));
    let de = ok(&mut forget(&cfg, &["--dry-run", "--language", "de"]));
    assert_eq!(
        snapshot_files(&repo),
        before,
        "dry run changed snapshot files"
    );
    assert_eq!(lines(&en.stdout, "would be removed:"), 6, "{}", en.stdout);
    assert_eq!(lines(&en.stdout, "keep:"), 7, "{}", en.stdout);
    assert!(!en.stdout.contains("\n  removed:"), "{}", en.stdout);
    assert_eq!(lines(&de.stdout, "würde entfernt:"), 6, "{}", de.stdout);
    assert_eq!(lines(&de.stdout, "behalten:"), 7, "{}", de.stdout);
    assert!(!de.stdout.contains("\n  entfernt:"), "{}", de.stdout);
    assert!(
        en.stdout.contains("Job nightly (daily 3):")
            && en.stdout.contains("Job feierabend (daily 2):"),
        "names each job's policy: {}",
        en.stdout
    );
    assert!(
        de.stdout.contains("Job nightly (täglich 3):"),
        "the policy in German words: {}",
        de.stdout
    );

    // For real: exactly the planned snapshots go.
    let r = ok(&mut forget(&cfg, &[]));
    assert_eq!(lines(&r.stdout, "removed:"), 6, "{}", r.stdout);
    assert_eq!(lines(&r.stdout, "keep:"), 7, "{}", r.stdout);
    assert!(r.stdout.contains("6 snapshots removed."), "{}", r.stdout);
    assert!(!r.stdout.contains("would be removed"), "{}", r.stdout);
    assert_eq!(snapshots(&repo), keep);
    assert_eq!(repo.files("snapshots").len(), 7);

    // Planning again finds nothing more to remove.
    let again = ok(&mut forget(&cfg, &[]));
    assert!(
        again.stdout.contains("0 snapshots removed."),
        "{}",
        again.stdout
    );
    assert_eq!(snapshots(&repo), keep);
}

#[test]
fn keep_flags_apply_to_every_job_without_a_configuration() {
    let t = tempfile::tempdir().unwrap();
    let repo = week_of_snapshots(t.path());
    // Grouped by job: each job keeps its newest, not only the newest overall.
    ok(&mut repo.cmd(&["forget", "--keep-last", "1", "--prune", "--quiet"]));
    let keep: BTreeSet<Key> = [
        key("nightly", "08 22:00"),
        key("feierabend", "08 18:30"),
        key("manual", "08 12:00"),
    ]
    .into();
    assert_eq!(snapshots(&repo), keep);
    repo.assert_check_clean();
}

#[test]
fn exit_codes() {
    let t = tempfile::tempdir().unwrap();
    let repo = week_of_snapshots(t.path());
    let before = snapshot_files(&repo);

    // No --keep-* flag and no configuration: usage error, nothing run.
    let r = run(&mut repo.cmd(&["forget"]));
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("No configuration found"), "{}", r.stderr);
    // A policy that keeps nothing is refused before the repository is touched.
    let r = run(&mut repo.cmd(&["forget", "--keep-daily", "0"]));
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("keeps no snapshot"), "{}", r.stderr);
    // A key that does not open the repository.
    let other = Repo::init(&t.path().join("other"));
    let r = run(tresor()
        .args(["forget", "--keep-last", "1", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(other.machine_key()));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(snapshot_files(&repo), before);

    // A damaged snapshot file is neither kept nor removed, and said so (exit 1).
    let victim = &before[0].0;
    let mut bytes = before[0].1.clone();
    let n = bytes.len();
    bytes[n - 20] ^= 0x55;
    fs::write(victim, &bytes).unwrap();
    let r = warned(&mut repo.cmd(&["forget", "--keep-last", "1"]));
    assert!(
        r.stderr.contains("neither kept nor removed") && r.stderr.contains("snapshots/"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(victim).unwrap(), bytes, "damaged file left as is");
    assert_eq!(repo.files("snapshots").len(), 4, "3 kept + the damaged one");
}

/// Review of issue 11, finding 4: `--keep-last 2` after one complete and two
/// incomplete backups would leave only snapshots that lack a folder; the
/// newest complete one stays, and `forget` says why, in both languages.
#[test]
fn the_newest_complete_snapshot_is_never_forgotten_for_incomplete_ones() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    let texts = t.path().join("DETEXT");
    for d in [&src, &texts] {
        fs::create_dir_all(d).unwrap();
        fs::write(d.join("a.dat"), b"Mustermann, Erika").unwrap();
    }
    let repo = Repo::init(t.path());
    let backup = |code: i32| {
        expect_code(
            repo.cmd(&["backup", "--quiet", "--job", "nightly", "--path"])
                .arg(&src)
                .arg("--path")
                .arg(&texts),
            code,
        );
    };
    backup(0);
    let complete = repo.snapshot_ids()[0].clone();
    fs::rename(&texts, t.path().join("weg")).unwrap();
    backup(1);
    backup(1);

    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "2", "--dry-run"]));
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains(&complete[..8]))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.contains("keep") && line.ends_with("(newest complete snapshot)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("0 snapshots would be removed"),
        "{}",
        r.stdout
    );
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "2", "--language", "de"]));
    assert!(
        r.stdout.contains("(neueste vollständige Sicherung)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("0 Sicherungen entfernt."), "{}", r.stdout);
    assert_eq!(repo.snapshot_ids().len(), 3);
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "2", "--dry-run", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let kept = v["jobs"][0]["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == complete.as_str())
        .unwrap()
        .clone();
    assert_eq!(kept["keep"], true);
    assert_eq!(kept["reasons"], serde_json::json!(["newest_complete"]));

    // Once a newer complete snapshot exists, the old one goes as usual.
    fs::rename(t.path().join("weg"), &texts).unwrap();
    backup(0);
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "2"]));
    assert!(r.stdout.contains("2 snapshots removed"), "{}", r.stdout);
    assert!(!repo.snapshot_ids().contains(&complete));
}

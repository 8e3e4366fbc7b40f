//! An S3 destination end to end, against a real S3-compatible server (moto,
//! installed by scripts/test.sh): init, backup, snapshots, single-file
//! restore by ranged reads, Object Lock, and the errors staff must
//! understand (wrong key, missing bucket, server gone, region outside
//! Germany) in German and English with their exit codes.

mod common;
#[path = "support/moto.rs"]
mod moto;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use moto::Moto;

/// A practice whose only destination is a bucket.
struct Practice {
    root: PathBuf,
    config: PathBuf,
}

impl Practice {
    /// `dest` is the YAML of the destination's fields, one per line, indented by 4.
    fn new(root: &Path, dest: &str) -> Practice {
        let yaml = format!(
            "practice: Testpraxis\nlanguage: de\nkeys:\n  machine: {}\ndestinations:\n  cloud:\n    type: s3\n{dest}",
            root.join("keys/machine.key").display()
        );
        let config = root.join("tresor.yaml");
        fs::write(&config, yaml).unwrap();
        Practice {
            root: root.to_path_buf(),
            config,
        }
    }

    /// A bucket on `m`, with or without Object Lock retention in the config.
    fn on(root: &Path, m: &Moto, bucket: &str, lock: Option<&str>) -> Practice {
        let mut d = format!(
            "    provider: self-hosted\n    located_in_germany: true\n    region: eu-central-1\n    endpoint: {}\n    bucket: {bucket}\n    prefix: praxis-test\n    access_key_id: {}\n    secret_env: TRESOR_TEST_S3_SECRET\n",
            m.endpoint(),
            moto::ACCESS_KEY
        );
        if let Some(l) = lock {
            d.push_str(&format!("    object_lock: {l}\n"));
        }
        Practice::new(root, &d)
    }

    fn cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = tresor();
        c.env("TRESOR_TEST_S3_SECRET", moto::SECRET)
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    fn stats_file(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}.json"))
    }
}

fn stats(path: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).expect("stats written")).expect("json")
}

/// Pseudo-random bytes: incompressible, so packs really fill.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn backup_to_s3_and_restore_one_file_by_ranged_reads() {
    let t = tempfile::tempdir().unwrap();
    let m = moto::shared();
    let bucket = m.bucket(false);
    let p = Practice::on(t.path(), m, &bucket, None);
    let init = ok(&mut p.cmd(&["init"]));
    assert!(init.stdout.contains("s3://"), "{}", init.stdout);

    let src = t.path().join("praxis");
    fs::create_dir_all(src.join("Bilder")).unwrap();
    for i in 0..4 {
        fs::write(
            src.join(format!("Bilder/roentgen-{i}.dcm")),
            noise(10 << 20, i + 1),
        )
        .unwrap();
    }
    fs::write(src.join("brief.txt"), b"Sehr geehrte Frau Muster, ...").unwrap();

    let up = p.stats_file("backup");
    ok(p.cmd(&["backup", "--quiet", "--path"])
        .arg(&src)
        .env("TRESOR_S3_STATS", &up));
    let up = stats(&up);
    assert!(
        up["bytes_up"].as_u64().unwrap() > 20 << 20,
        "the pictures went up: {up}"
    );

    let snaps = ok(&mut p.cmd(&["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&snaps.stdout).unwrap();
    assert_eq!(
        v["snapshots"].as_array().unwrap().len(),
        1,
        "{}",
        snaps.stdout
    );

    let target = t.path().join("zurueck");
    let down = p.stats_file("restore");
    let include = format!("{}/brief.txt", snapshot_path(&src));
    ok(p.cmd(&[
        "restore",
        "latest",
        "--quiet",
        "--include",
        &include,
        "--target",
    ])
    .arg(&target)
    .env("TRESOR_S3_STATS", &down));
    assert_eq!(
        fs::read(target.join(&include)).unwrap(),
        b"Sehr geehrte Frau Muster, ..."
    );
    let down = stats(&down);
    // Snapshot, index and tree are small; no 8 MiB pack of pictures is fetched.
    assert!(
        down["bytes_down"].as_u64().unwrap() < 1 << 20,
        "a single small file must not download whole packs: {down}"
    );
}

#[test]
fn object_lock_protects_what_was_uploaded_and_a_delete_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let m = moto::shared();
    let bucket = m.bucket(true);
    let p = Practice::on(t.path(), m, &bucket, Some("{ mode: compliance, days: 3 }"));
    ok(&mut p.cmd(&["init", "--quiet"]));
    let src = t.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), b"eins").unwrap();
    ok(p.cmd(&["backup", "--quiet", "--path"]).arg(&src));
    fs::write(src.join("a.txt"), b"zwei").unwrap();
    ok(p.cmd(&["backup", "--quiet", "--path"]).arg(&src));

    // Forgetting the older snapshot must delete its file: the lock keeps
    // it, forget says so and until when (a warning: exit 1), and goes on.
    for (lang, line, total) in [
        (
            "de",
            "bleibt (Object Lock bis",
            "1 Sicherung bleibt durch Object Lock geschützt",
        ),
        (
            "en",
            "stays (Object Lock until",
            "1 snapshot stays protected by Object Lock",
        ),
    ] {
        let r = expect_code(
            &mut p.cmd(&["forget", "--keep-last", "1", "--language", lang]),
            1,
        );
        assert!(r.stdout.contains(line), "{lang}: {}", r.stdout);
        assert!(r.stderr.contains(total), "{lang}: {}", r.stderr);
    }
    // With --prune too: the prune itself is clean, the locked snapshot is
    // still a warning (found by the attack review: it exited 0).
    let r = expect_code(
        &mut p.cmd(&["forget", "--keep-last", "1", "--prune", "--json"]),
        1,
    );
    assert!(r.stdout.contains("snapshot_locked"), "{}", r.stdout);
    let snaps = ok(&mut p.cmd(&["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&snaps.stdout).unwrap();
    assert_eq!(
        v["snapshots"].as_array().unwrap().len(),
        2,
        "nothing was lost: {}",
        snaps.stdout
    );
}

#[test]
fn a_missing_bucket_is_named_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let m = moto::shared();
    let p = Practice::on(t.path(), m, "gibt-es-nicht", None);
    for (lang, words) in [
        ("de", "Den Bucket gibt-es-nicht gibt es bei"),
        ("en", "The bucket gibt-es-nicht does not exist at"),
    ] {
        let r = expect_code(&mut p.cmd(&["init", "--language", lang]), 2);
        assert!(r.stderr.contains(words), "{lang}: {}", r.stderr);
        let r = expect_code(&mut p.cmd(&["snapshots", "--language", lang]), 2);
        assert!(r.stderr.contains(words), "{lang}: {}", r.stderr);
    }
}

#[test]
fn wrong_credentials_are_told_as_such_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let m = Moto::start_checking_credentials();
    let p = Practice::on(t.path(), &m, "praxis", None);
    for (lang, words, hint) in [
        ("de", "hat die Zugangsdaten abgelehnt", "Zugangsschlüssel"),
        ("en", "rejected the credentials", "access key"),
    ] {
        let r = expect_code(&mut p.cmd(&["snapshots", "--language", lang]), 2);
        assert!(r.stderr.contains(words), "{lang}: {}", r.stderr);
        assert!(r.stderr.contains(hint), "{lang}: {}", r.stderr);
    }
    // A secret_env variable that is not set is the same kind of problem.
    let r = expect_code(
        p.cmd(&["snapshots", "--language", "en"])
            .env_remove("TRESOR_TEST_S3_SECRET"),
        2,
    );
    assert!(r.stderr.contains("TRESOR_TEST_S3_SECRET"), "{}", r.stderr);
}

#[test]
fn a_stopped_server_is_unreachable_exit_2_and_nothing_is_lost() {
    let t = tempfile::tempdir().unwrap();
    let mut m = Moto::start();
    let bucket = m.bucket(false);
    let p = Practice::on(t.path(), &m, &bucket, None);
    ok(&mut p.cmd(&["init", "--quiet"]));
    m.stop();
    let src = t.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), b"eins").unwrap();
    for (lang, words) in [("de", "ist nicht erreichbar"), ("en", "is not reachable")] {
        let r = expect_code(
            p.cmd(&["backup", "--quiet", "--language", lang, "--path"])
                .arg(&src),
            2,
        );
        assert!(r.stderr.contains(words), "{lang}: {}", r.stderr);
        assert!(
            r.stderr.contains("127.0.0.1"),
            "names the server: {}",
            r.stderr
        );
    }
    assert_eq!(fs::read(src.join("a.txt")).unwrap(), b"eins");
}

#[test]
fn config_check_refuses_a_region_outside_germany_exit_3() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(
        t.path(),
        "    provider: aws\n    region: us-east-1\n    bucket: praxis\n",
    );
    for (lang, words) in [
        ("de", "liegt nicht in Deutschland"),
        ("en", "is not in Germany"),
    ] {
        let r = expect_code(&mut p.cmd(&["config", "check", "--language", lang]), 3);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains(words), "{lang}: {all}");
        assert!(
            all.contains("eu-central-1"),
            "names the German region: {all}"
        );
        assert!(
            all.contains("DSGVO") || all.contains("GDPR"),
            "says why: {all}"
        );
    }
    let p = Practice::new(
        t.path(),
        "    provider: self-hosted\n    region: x\n    endpoint: https://s3.praxis.lan\n    bucket: b\n",
    );
    let r = expect_code(&mut p.cmd(&["config", "check", "--language", "de"]), 3);
    assert!(
        format!("{}{}", r.stdout, r.stderr).contains("located_in_germany: true"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn config_check_shows_an_s3_destination_without_connecting() {
    let t = tempfile::tempdir().unwrap();
    // Port 9 (discard) on loopback: nothing answers; check must not try.
    let p = Practice::new(
        t.path(),
        "    provider: hetzner\n    region: fsn1\n    bucket: praxis\n    access_key_id: AK\n    secret_env: TRESOR_TEST_UNSET_SECRET\n    object_lock: { mode: governance, days: 30 }\n",
    );
    let r = run(&mut p.cmd(&["config", "check", "--language", "de"]));
    // Valid (not 3); the jobs have no sources, which config check reports as an error (2).
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    for words in [
        "s3://praxis (https://fsn1.your-objectstorage.com)",
        "hetzner fsn1 (Rechenzentrum in Deutschland)",
        "TRESOR_TEST_UNSET_SECRET: NICHT gesetzt",
        "Aufbewahrungssperre governance, 30 Tage",
        "nicht geprüft",
    ] {
        assert!(r.stdout.contains(words), "{words}: {}", r.stdout);
    }
    let r = run(&mut p.cmd(&["config", "check", "--language", "en"]));
    for words in [
        "hetzner fsn1 (data centre in Germany)",
        "retention lock governance, 30 days",
        "not checked",
    ] {
        assert!(r.stdout.contains(words), "{words}: {}", r.stdout);
    }
}

/// Issue 12, points 3, 4 and 7: the nightly job backs up to the RDX and
/// mirrors to an Object Lock bucket; day 1 sends about what changed; on a
/// bare machine a config naming only the bucket and the recovery key
/// restore a file from S3.
#[test]
fn the_nightly_job_mirrors_to_a_locked_bucket_and_a_bare_machine_restores_from_it() {
    let t = tempfile::tempdir().unwrap();
    let m = moto::shared();
    let bucket = m.bucket(true);
    let src = t.path().join("praxis");
    fs::create_dir_all(src.join("DEDATA")).unwrap();
    fs::write(src.join("DEDATA/T0001.DAT"), noise(3 << 20, 7)).unwrap();
    fs::write(src.join("DEDATA/brief.rtf"), b"Befund: unauffaellig").unwrap();
    let cloud = format!(
        "  cloud:\n    type: s3\n    provider: self-hosted\n    located_in_germany: true\n    region: eu-central-1\n    endpoint: {}\n    bucket: {bucket}\n    prefix: praxis-test\n    access_key_id: {}\n    secret_env: TRESOR_TEST_S3_SECRET\n    object_lock: {{ mode: compliance, days: 2 }}\n",
        m.endpoint(),
        moto::ACCESS_KEY
    );
    let config = t.path().join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: de\nkeys:\n  machine: {}\ndestinations:\n  rdx: {{ type: local, path: {} }}\n{cloud}sources:\n  - path: {}\njobs:\n  nightly: {{ destination: rdx, mirrors: [cloud] }}\n",
            t.path().join("keys/machine.key").display(),
            t.path().join("rdx").display(),
            src.display()
        ),
    )
    .unwrap();
    let cmd = |args: &[&str]| {
        let mut c = tresor();
        c.env("TRESOR_TEST_S3_SECRET", moto::SECRET)
            .env("TRESOR_LANG", "de")
            .arg("--config")
            .arg(&config)
            .args(args);
        c
    };
    ok(&mut cmd(&["init"]));
    let out = ok(&mut cmd(&["backup", "--job", "nightly"]));
    assert!(
        out.stdout.contains("cloud: 1 Sicherung gespiegelt"),
        "{}",
        out.stdout
    );

    // Day 1: 64 KiB of the 3 MiB database file changed.
    let mut data = noise(3 << 20, 7);
    data[1 << 20..(1 << 20) + 65_536].copy_from_slice(&noise(65_536, 99));
    fs::write(src.join("DEDATA/T0001.DAT"), &data).unwrap();
    let up = t.path().join("day1.json");
    ok(cmd(&["backup", "--job", "nightly"]).env("TRESOR_S3_STATS", &up));
    let up = stats(&up);
    assert!(
        up["bytes_up"].as_u64().unwrap() < 1 << 20,
        "day 1 sends the changed chunks, not the file: {up}"
    );
    let json = |from: &str| {
        let o = ok(&mut cmd(&["snapshots", "--from", from, "--json"]));
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        v["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(json("cloud"), json("rdx"));

    // The history is locked: forget on the bucket cannot remove it.
    let refused = run(&mut cmd(&["forget", "--from", "cloud", "--keep-last", "1"]));
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert_eq!(json("cloud").len(), 2);

    // A bare machine: a config with only the bucket, and the recovery key.
    let bare = t.path().join("bare");
    fs::create_dir_all(&bare).unwrap();
    let recovery = fs::read_dir(t.path().join("keys"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("tresor-wiederherstellungsschluessel")
        })
        .expect("a recovery key");
    let bare_config = bare.join("tresor.yaml");
    fs::write(
        &bare_config,
        format!(
            "practice: Testpraxis\nlanguage: de\nkeys:\n  machine: {}\ndestinations:\n{cloud}",
            recovery.display()
        ),
    )
    .unwrap();
    let target = bare.join("zurueck");
    let include = format!("{}/DEDATA/brief.rtf", snapshot_path(&src));
    let restored = tresor()
        .env("TRESOR_TEST_S3_SECRET", moto::SECRET)
        .arg("--config")
        .arg(&bare_config)
        .args(["restore", "latest", "--include", &include, "--target"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(
        restored.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert_eq!(
        fs::read(target.join(&include)).unwrap(),
        b"Befund: unauffaellig"
    );
}

/// `object_lock:` on a bucket created without Object Lock is said when the
/// destination is opened, in words, not as the server's 400 on the first upload.
#[test]
fn object_lock_configured_on_a_bucket_without_it_is_said_at_once() {
    let t = tempfile::tempdir().unwrap();
    let m = moto::shared();
    let bucket = m.bucket(false);
    let p = Practice::on(t.path(), m, &bucket, Some("{ mode: compliance, days: 3 }"));
    let r = expect_code(&mut p.cmd(&["init", "--language", "de"]), 2);
    assert!(r.stderr.contains("hat kein Object Lock"), "{}", r.stderr);
    let r = expect_code(&mut p.cmd(&["snapshots", "--language", "en", "--json"]), 2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "storage_object_lock_missing", "{v}");
}

//! Issue 12, point 4: `tresor mirror` copies the snapshots a destination
//! lacks, only the data it lacks, and says so; a second run sends nothing; the
//! copy restores with only the recovery key on a bare machine; a target that
//! cannot be reached fails clearly and leaves the source as it was.
//! (Stopping at every write and resuming is proven in `repo::copy`'s tests.)

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_same_tree, expect_code, ok, tresor};

struct Practice {
    root: PathBuf,
    config: PathBuf,
    language: String,
}

impl Practice {
    fn new(root: &Path, language: &str) -> Practice {
        let src = root.join("praxis");
        fs::create_dir_all(src.join("DEDATA")).unwrap();
        fs::write(src.join("DEDATA/T0001.DAT"), common::noise(300_000, 1)).unwrap();
        fs::write(src.join("DEDATA/brief.rtf"), "Befund ".repeat(20_000)).unwrap();
        let config = root.join("tresor.yaml");
        fs::write(
            &config,
            format!(
                "practice: Testpraxis\nlanguage: {language}\nkeys:\n  machine: {key}\n\
                 destinations:\n  rdx: {{ type: local, path: {rdx} }}\n  nas: {{ type: local, path: {nas} }}\n\
                 sources:\n  - path: {src}\n\
                 jobs:\n  nightly: {{ destination: rdx }}\n",
                key = root.join("keys/machine.key").display(),
                rdx = root.join("rdx").display(),
                nas = root.join("nas").display(),
                src = src.display(),
            ),
        )
        .unwrap();
        let p = Practice {
            root: root.to_path_buf(),
            config,
            language: language.to_string(),
        };
        ok(&mut p.cmd(&["init"]));
        p
    }

    fn cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = tresor();
        c.env("TRESOR_LANG", &self.language)
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    fn snapshot_ids(&self, from: &str) -> Vec<String> {
        let out = ok(&mut self.cmd(&["snapshots", "--from", from, "--json"]));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        v["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// Gives the NAS an upload window that opens two hours from now and
    /// closes an hour later: closed now. Computed on the minute of the local
    /// day, so a window across midnight (`23:30-00:30`) is written as one.
    fn close_nas_window(&self) {
        use chrono::Timelike;
        let now = chrono::Local::now();
        let minute = now.hour() * 60 + now.minute();
        let hh_mm = |m: u32| format!("{:02}:{:02}", m % 1440 / 60, m % 60);
        let window = format!("{}-{}", hh_mm(minute + 120), hh_mm(minute + 180));
        let nas = self.root.join("nas").display().to_string();
        let yaml = fs::read_to_string(&self.config).unwrap().replace(
            &format!("nas: {{ type: local, path: {nas} }}"),
            &format!("nas: {{ type: local, path: {nas}, window: '{window}' }}"),
        );
        assert!(yaml.contains(&window), "{yaml}");
        fs::write(&self.config, yaml).unwrap();
    }

    fn recovery_key(&self) -> PathBuf {
        fs::read_dir(self.root.join("keys"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name().is_some_and(|n| {
                    n.to_string_lossy()
                        .starts_with("tresor-wiederherstellungsschluessel")
                })
            })
            .expect("init wrote a recovery key file beside the machine key")
    }
}

fn files_under(dir: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = common::files_below(dir)
        .into_iter()
        .map(|p| {
            let len = fs::metadata(&p).unwrap().len();
            (p.strip_prefix(dir).unwrap().display().to_string(), len)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn mirror_copies_what_the_nas_lacks_once_and_it_restores_with_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    fs::write(
        p.root.join("praxis/DEDATA/T0002.DAT"),
        common::noise(200_000, 2),
    )
    .unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let rdx_before = files_under(&p.root.join("rdx"));

    // First only the lag: nothing is written to the NAS.
    let nas_empty = files_under(&p.root.join("nas"));
    let dry = ok(&mut p.cmd(&["mirror", "--to", "nas", "--dry-run"]));
    assert!(
        dry.stdout
            .contains("nas fehlen noch 2 Sicherungen der Quelle."),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("würde gespiegelt:"), "{}", dry.stdout);
    assert_eq!(files_under(&p.root.join("nas")), nas_empty);

    let out = ok(&mut p.cmd(&["mirror", "--from", "rdx", "--to", "nas"]));
    assert!(out.stdout.contains("Spiegeln: rdx → nas"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("nas: 2 Sicherungen gespiegelt, 0 waren schon vorhanden"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("nas ist auf dem Stand der Quelle."),
        "{}",
        out.stdout
    );
    assert_eq!(
        p.snapshot_ids("nas"),
        p.snapshot_ids("rdx"),
        "same snapshots, same ids"
    );
    // The source is only read (its lock came and went).
    let rdx_after: Vec<_> = files_under(&p.root.join("rdx"))
        .into_iter()
        .filter(|(k, _)| !k.starts_with("locks"))
        .collect();
    let rdx_before: Vec<_> = rdx_before
        .into_iter()
        .filter(|(k, _)| !k.starts_with("locks"))
        .collect();
    assert_eq!(rdx_after, rdx_before);

    // Again: nothing is sent.
    let nas_before = files_under(&p.root.join("nas"));
    let again = ok(&mut p.cmd(&["mirror", "--from", "rdx", "--to", "nas"]));
    assert!(
        again
            .stdout
            .contains("nas: 0 Sicherungen gespiegelt, 2 waren schon vorhanden; 0 B übertragen"),
        "{}",
        again.stdout
    );
    let nas_after: Vec<_> = files_under(&p.root.join("nas"))
        .into_iter()
        .filter(|(k, _)| !k.starts_with("locks"))
        .collect();
    let nas_before: Vec<_> = nas_before
        .into_iter()
        .filter(|(k, _)| !k.starts_with("locks"))
        .collect();
    assert_eq!(nas_after, nas_before);

    // A bare machine: only the NAS folder and the recovery key; `--from`
    // takes the folder as well as a configured name.
    let listed = tresor()
        .args(["snapshots", "--from"])
        .arg(p.root.join("nas"))
        .arg("--key")
        .arg(p.recovery_key())
        .output()
        .unwrap();
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(String::from_utf8_lossy(&listed.stdout).contains("2 snapshots"));
    let target = dir.path().join("zurueck");
    let bare = tresor()
        .env_remove("TRESOR_CONFIG")
        .args(["restore", "latest", "--repo"])
        .arg(p.root.join("nas"))
        .arg("--key")
        .arg(p.recovery_key())
        .arg("--target")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(
        bare.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&bare.stderr)
    );
    let restored = common::files_below(&target)
        .into_iter()
        .find(|f| f.ends_with("DEDATA/T0002.DAT"))
        .expect("T0002.DAT restored");
    assert_same_tree(&p.root.join("praxis/DEDATA"), restored.parent().unwrap());
}

#[test]
fn a_new_snapshot_sends_only_its_new_data() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    ok(&mut p.cmd(&["mirror", "--to", "nas"]));
    // 50 KB change in a 300 KB database file plus the unchanged rest.
    let mut data = common::noise(300_000, 1);
    data[100_000..150_000].copy_from_slice(&common::noise(50_000, 9));
    fs::write(p.root.join("praxis/DEDATA/T0001.DAT"), data).unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let out = ok(&mut p.cmd(&["mirror", "--to", "nas", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["command"], "mirror");
    assert_eq!(
        v["destination"]["name"], "rdx",
        "the document names the source"
    );
    let t = &v["targets"][0];
    assert_eq!(t["target"], "nas");
    assert_eq!(t["copied"].as_array().unwrap().len(), 1);
    assert_eq!(t["present"], 1);
    assert_eq!(t["lag"], 0);
    let sent = t["bytes_written"].as_u64().unwrap();
    assert!(
        sent < 200_000,
        "only the changed chunks travel: {sent} bytes"
    );
}

#[test]
fn an_unreachable_target_fails_clearly_and_the_source_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    // The share is gone.
    fs::remove_dir_all(p.root.join("nas")).unwrap();
    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nas"]), 2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("Spiegeln nach nas nicht möglich"), "{all}");
    assert!(all.contains("Spiegeln unvollständig"), "{all}");
    assert_eq!(p.snapshot_ids("rdx").len(), 1);

    let en = expect_code(
        &mut p.cmd(&["--language", "en", "mirror", "--to", "nas"]),
        2,
    );
    let all = format!("{}{}", en.stdout, en.stderr);
    assert!(all.contains("Mirroring to nas not possible"), "{all}");
    assert!(all.contains("Mirroring incomplete"), "{all}");
}

#[test]
fn the_source_as_target_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    let out = expect_code(&mut p.cmd(&["mirror", "--from", "rdx", "--to", "rdx"]), 3);
    assert!(
        out.stderr.contains("„rdx“ ist die Quelle selbst"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_repository_of_another_installation_is_not_mirrored_into() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    // Another practice's medium with its own keys, in the NAS folder.
    let other = tempfile::tempdir().unwrap();
    let q = Practice::new(other.path(), "en");
    fs::remove_dir_all(p.root.join("nas")).unwrap();
    fs::rename(q.root.join("nas"), p.root.join("nas")).unwrap();
    let before = files_under(&p.root.join("nas"));
    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nas"]), 2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("Mirroring to nas not possible"), "{all}");
    assert_eq!(
        files_under(&p.root.join("nas")),
        before,
        "nothing written there"
    );
}

/// A job with `mirrors: [nas]`: the backup mirrors its snapshot; with the
/// NAS gone the snapshot is saved on the RDX all the same and the job says
/// the mirror is incomplete (exit 2); the next run catches up.
#[test]
fn a_job_mirrors_after_its_backup_and_catches_up_after_an_outage() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    let yaml = fs::read_to_string(&p.config).unwrap().replace(
        "nightly: { destination: rdx }",
        "nightly: { destination: rdx, mirrors: [nas] }",
    );
    fs::write(&p.config, yaml).unwrap();
    let out = ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    assert!(
        out.stdout.contains("nas: 1 Sicherung gespiegelt"),
        "{}",
        out.stdout
    );
    assert_eq!(p.snapshot_ids("nas"), p.snapshot_ids("rdx"));

    let nas = p.root.join("nas");
    let parked = p.root.join("nas-offline");
    fs::rename(&nas, &parked).unwrap();
    let out = expect_code(&mut p.cmd(&["backup", "--job", "nightly", "--json"]), 2);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "mirror_incomplete");
    assert!(v["snapshot"].is_string(), "the RDX snapshot was saved: {v}");
    assert_eq!(p.snapshot_ids("rdx").len(), 2);

    fs::rename(&parked, &nas).unwrap();
    let out = ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    assert!(
        out.stdout
            .contains("nas: 2 Sicherungen gespiegelt, 1 war schon vorhanden"),
        "{}",
        out.stdout
    );
    assert_eq!(p.snapshot_ids("nas"), p.snapshot_ids("rdx"));
}

/// Found by the review: a job whose mirror waits for the NAS's upload
/// window (closed now) saved its snapshot on the RDX, but the NAS lacks it:
/// the job exits 1 with the pause as its warning, not 0.
#[test]
fn a_job_whose_mirror_waits_for_its_closed_window_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    let yaml = fs::read_to_string(&p.config).unwrap().replace(
        "nightly: { destination: rdx }",
        "nightly: { destination: rdx, mirrors: [nas] }",
    );
    fs::write(&p.config, yaml).unwrap();
    p.close_nas_window();
    let out = expect_code(&mut p.cmd(&["backup", "--job", "nightly", "--json"]), 1);
    let v = common::json(&out.stdout);
    assert!(v["snapshot"].is_string(), "the RDX snapshot was saved: {v}");
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["mirror_window_closed"], "{v}");
    assert_eq!(p.snapshot_ids("rdx").len(), 1);
    assert!(p.snapshot_ids("nas").is_empty());
}

#[test]
fn a_mirror_that_is_the_jobs_own_destination_or_unknown_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    let base = fs::read_to_string(&p.config).unwrap();
    fs::write(
        &p.config,
        base.replace(
            "nightly: { destination: rdx }",
            "nightly: { destination: rdx, mirrors: [rdx] }",
        ),
    )
    .unwrap();
    let out = expect_code(&mut p.cmd(&["config", "check"]), 3);
    assert!(
        out.stderr.contains("`rdx` ist das Ziel des Jobs selbst"),
        "{}",
        out.stderr
    );
    fs::write(
        &p.config,
        base.replace(
            "nightly: { destination: rdx }",
            "nightly: { destination: rdx, mirrors: [nsa] }",
        ),
    )
    .unwrap();
    let out = expect_code(&mut p.cmd(&["--language", "en", "config", "check"]), 3);
    assert!(
        out.stderr.contains("destination `nsa` is not defined"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nas"), "{}", out.stderr);
}

/// The NAS keeps only the newest snapshot (`retention:` on the
/// destination): a mirror sends only that one, and the RDX keeps the job's
/// retention. (`forget --from nas` applying the NAS's own retention:
/// `forget_on_a_destination_applies_its_own_retention_not_the_jobs`.)
#[test]
fn a_destination_with_its_own_retention_gets_only_what_it_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "de");
    for i in 0..3 {
        fs::write(
            p.root.join(format!("praxis/DEDATA/N{i}.DAT")),
            common::noise(50_000, 10 + i),
        )
        .unwrap();
        ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    }
    let yaml = fs::read_to_string(&p.config).unwrap().replace(
        &format!(
            "nas: {{ type: local, path: {} }}",
            p.root.join("nas").display()
        ),
        &format!(
            "nas: {{ type: local, path: {}, retention: {{ keep_last: 1 }} }}",
            p.root.join("nas").display()
        ),
    );
    assert!(yaml.contains("keep_last: 1"));
    fs::write(&p.config, yaml).unwrap();
    let out = ok(&mut p.cmd(&["mirror", "--to", "nas", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["targets"][0]["wanted"], 1, "{v}");
    assert_eq!(v["targets"][0]["not_wanted"], 2, "{v}");
    let rdx = p.snapshot_ids("rdx");
    assert_eq!(p.snapshot_ids("nas"), [rdx[2].clone()], "the newest only");
    // The RDX (no retention of its own) keeps the job's default.
    let out = ok(&mut p.cmd(&["forget", "--from", "rdx", "--dry-run"]));
    assert!(!out.stdout.contains("würde entfernt"), "{}", out.stdout);
}

/// `forget --from nas` applies the NAS's own `retention:` (keep the last
/// 2), not the job's (keep the last 1); `--from rdx`, without one, the job's.
#[test]
fn forget_on_a_destination_applies_its_own_retention_not_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    let nas = p.root.join("nas").display().to_string();
    let yaml = fs::read_to_string(&p.config).unwrap().replace(
        &format!("nas: {{ type: local, path: {nas} }}"),
        &format!("nas: {{ type: local, path: {nas}, retention: {{ keep_last: 2 }} }}"),
    );
    assert!(yaml.contains("keep_last: 2"));
    fs::write(&p.config, &yaml).unwrap();
    // A mirror after every backup: the NAS gets all three.
    for i in 0..3 {
        fs::write(
            p.root.join(format!("praxis/DEDATA/N{i}.DAT")),
            common::noise(50_000, 20 + i),
        )
        .unwrap();
        ok(&mut p.cmd(&["backup", "--job", "nightly"]));
        ok(&mut p.cmd(&["mirror", "--to", "nas"]));
    }
    let all = p.snapshot_ids("rdx");
    assert_eq!(all.len(), 3);
    assert_eq!(p.snapshot_ids("nas"), all);
    // Now the job keeps only its last snapshot (set after the backups,
    // which apply it themselves).
    let yaml = yaml.replace(
        "nightly: { destination: rdx }",
        "nightly: { destination: rdx, retention: { keep_last: 1 } }",
    );
    assert!(yaml.contains("keep_last: 1"));
    fs::write(&p.config, yaml).unwrap();

    // Which snapshots a forget there keeps, oldest first, and its policy.
    let decide = |from: &str| -> (u64, Vec<(String, bool)>) {
        let out = ok(&mut p.cmd(&["forget", "--from", from, "--dry-run", "--json"]));
        let v = common::json(&out.stdout);
        let jobs = v["jobs"].as_array().unwrap();
        assert_eq!(jobs.len(), 1, "{v}");
        let mut snaps: Vec<(String, String, bool)> = jobs[0]["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["time"].as_str().unwrap().to_string(),
                    s["id"].as_str().unwrap().to_string(),
                    s["keep"].as_bool().unwrap(),
                )
            })
            .collect();
        snaps.sort();
        let keep_last = jobs[0]["policy"]["keep_last"].as_u64().unwrap();
        (
            keep_last,
            snaps.into_iter().map(|(_, id, keep)| (id, keep)).collect(),
        )
    };
    let with =
        |keeps: [bool; 3]| -> Vec<(String, bool)> { all.iter().cloned().zip(keeps).collect() };
    assert_eq!(decide("nas"), (2, with([false, true, true])));
    assert_eq!(p.snapshot_ids("nas"), all, "a dry run removes nothing");
    assert_eq!(decide("rdx"), (1, with([false, false, true])));

    let out = ok(&mut p.cmd(&["forget", "--from", "nas"]));
    assert!(
        out.stdout.contains("Job nightly (last 2):"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("1 snapshot removed."), "{}", out.stdout);
    assert_eq!(
        p.snapshot_ids("nas"),
        all[1..].to_vec(),
        "the NAS keeps its last 2"
    );
    assert_eq!(p.snapshot_ids("rdx"), all, "the RDX is not touched");
}

/// A pack only the newest snapshot needs is damaged on the RDX: the
/// snapshot before it arrives on the NAS, the damaged one is named and the
/// mirror fails (exit 2, not "done"); what the NAS held stays intact.
#[test]
fn a_damaged_pack_of_a_later_snapshot_fails_the_mirror_and_the_rest_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    ok(&mut p.cmd(&["mirror", "--to", "nas"]));
    fs::write(
        p.root.join("praxis/DEDATA/T0002.DAT"),
        common::noise(200_000, 2),
    )
    .unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let packs = |root: &Path| -> Vec<(String, u64)> {
        files_under(root)
            .into_iter()
            .filter(|(k, _)| k.starts_with("packs"))
            .collect()
    };
    let before = packs(&p.root.join("rdx"));
    fs::write(
        p.root.join("praxis/DEDATA/T0003.DAT"),
        common::noise(200_000, 3),
    )
    .unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    // The newest snapshot's own data: the largest pack its backup wrote.
    let (newest_pack, _) = packs(&p.root.join("rdx"))
        .into_iter()
        .filter(|k| !before.contains(k))
        .max_by_key(|(_, len)| *len)
        .expect("the third backup wrote a pack");
    let file = p.root.join("rdx").join(&newest_pack);
    let mut bytes = fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&file, bytes).unwrap();
    let rdx = p.snapshot_ids("rdx");
    assert_eq!(rdx.len(), 3);

    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nas"]), 2);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("nas still lacks 1 snapshot of the source."),
        "{all}"
    );
    assert!(all.contains("Mirroring incomplete"), "{all}");
    assert!(
        all.contains("not mirrored: it cannot be read completely at the source"),
        "{all}"
    );
    assert!(!all.contains("up to date"), "{all}");
    assert_eq!(
        p.snapshot_ids("nas"),
        rdx[..2].to_vec(),
        "the first was there, the second arrived"
    );
    let check = ok(&mut p.cmd(&["check", "--from", "nas", "--read-data"]));
    assert!(!check.stdout.contains("damaged"), "{}", check.stdout);

    // JSON says the same: the lag and the failure's code.
    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nas", "--json"]), 2);
    let v = common::json(&out.stdout);
    assert_eq!(v["error"]["code"], "mirror_incomplete", "{v}");
    assert_eq!(v["targets"][0]["lag"], 1, "{v}");
    assert_eq!(p.snapshot_ids("nas"), rdx[..2].to_vec());
}

/// Found by the review: the source under another spelling is refused (no
/// second copy would exist), a misspelt `--to` name is not taken for a
/// folder, and a closed upload window pauses with a warning (exit 1).
#[test]
fn same_repository_misspelt_names_and_a_closed_window() {
    let dir = tempfile::tempdir().unwrap();
    let p = Practice::new(dir.path(), "en");
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let alias = format!("{}/", p.root.join("rdx").join(".").display());
    let out = expect_code(
        &mut p.cmd(&["mirror", "--from", "rdx", "--to", &alias, "--json"]),
        2,
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["targets"][0]["error"]["code"], "mirror_same_repository",
        "{v}"
    );
    assert!(
        out.stderr.contains("is the same repository as the source"),
        "{}",
        out.stderr
    );

    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nass"]), 3);
    assert!(out.stderr.contains("nas"), "{}", out.stderr);
    assert!(!p.root.join("nass").exists());

    p.close_nas_window();
    let out = expect_code(&mut p.cmd(&["mirror", "--to", "nas", "--json"]), 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["warnings"][0]["code"], "mirror_window_closed", "{v}");
    assert_eq!(v["targets"][0]["lag"], 1, "{v}");
}

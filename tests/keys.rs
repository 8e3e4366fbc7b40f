//! Issue 14, keys: `tresor key list | add-recovery | rotate`. A rotation
//! keeps the old machine key (renamed with its date) in the key ring: both
//! snapshots restore, the old one also with the recovery key alone on a
//! bare machine; without the retired key file the old snapshot says which
//! key it needs. A destination that was absent gets the new keys when it is
//! next written to. A recovery key added later opens what is written after.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    assert_same_tree, expect_code, noise, ok, only_file_in, snapshot_path, tresor, warned,
};
use serde_json::Value;

struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn practice() -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    let src = root.join("C/WINACS");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("winacs.ini"), "[winacs]\nversion=1\n").unwrap();
    fs::write(src.join("Befund 1.pdf"), noise(300_000, 1)).unwrap();
    for d in ["RDX", "NAS", "keys", "bare"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nkeys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: {r}/RDX }}\n  nas: {{ type: local, path: {r}/NAS }}\n\
             sources:\n  - path: {r}/C/WINACS\n    label: WINACS\n\
             jobs:\n  nightly: {{ destination: rdx }}\n",
            r = root.display()
        ),
    )
    .unwrap();
    let p = Practice {
        _t: t,
        root,
        config,
    };
    ok(p.cmd(&["init", "--key-out"]).arg(p.root.join("keys")));
    p
}

impl Practice {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config").arg(&self.config).args(args);
        c
    }

    fn src(&self) -> PathBuf {
        self.root.join("C/WINACS")
    }

    fn key_files(&self, prefix: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(self.root.join("keys"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .collect();
        v.sort();
        v
    }

    fn list(&self) -> Value {
        let r = ok(&mut self.cmd(&["key", "list", "--json"]));
        serde_json::from_str(&r.stdout).unwrap()
    }

    /// `tresor restore` on a bare machine: no config, an empty HOME, only the key given.
    fn bare(&self, args: &[&str], key: &Path) -> Command {
        let mut c = tresor();
        c.env("HOME", self.root.join("bare"))
            .current_dir(self.root.join("bare"))
            .args(args)
            .arg("--repo")
            .arg(self.root.join("RDX"))
            .arg("--key")
            .arg(key);
        c
    }
}

fn labels(list: &Value, dest: &str) -> Vec<Vec<String>> {
    let d = list["destinations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == dest)
        .unwrap();
    d["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn dest<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["destinations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap()
}

#[test]
fn rotation_keeps_old_snapshots_readable_and_says_which_key_is_missing() {
    let p = practice();
    let recovery = p.key_files("tresor-wiederherstellungsschluessel")[0].clone();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    // The sources as the first snapshot saw them (mtimes kept).
    let before = p.root.join("before");
    let st = Command::new("cp")
        .arg("-a")
        .arg(p.src())
        .arg(&before)
        .status()
        .unwrap();
    assert!(st.success());

    // The NAS is away during the rotation.
    fs::rename(p.root.join("NAS"), p.root.join("NAS-away")).unwrap();
    fs::write(p.src().join("Befund 2.pdf"), noise(200_000, 2)).unwrap();
    let r = ok(&mut p.cmd(&["key", "rotate"]));
    assert!(r.stdout.contains("New machine key age1"), "{}", r.stdout);
    assert!(r.stdout.contains("machine.retired-"), "{}", r.stdout);
    assert!(
        r.stdout.contains("rdx") && r.stdout.contains("encrypted to the new keys"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("nas") && r.stdout.contains("brought in line at the next backup"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Do not delete the earlier key"),
        "{}",
        r.stdout
    );
    let retired = p.key_files("machine.retired-");
    assert_eq!(retired.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [&retired[0], &p.root.join("keys/machine.key")] {
            assert_eq!(fs::metadata(f).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));

    // key list: M (new), M1 (retired), W1; the first snapshot was written for M1 + W1, the second for M + W1.
    let list = p.list();
    let roles: Vec<&str> = list["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["machine", "retired", "recovery"]);
    let (new, old) = (
        list["keys"][0]["recipient"].as_str().unwrap().to_string(),
        list["keys"][1]["recipient"].as_str().unwrap().to_string(),
    );
    // The second snapshot shares Befund 1.pdf with the first: only W1 opens all of it alone.
    assert_eq!(labels(&list, "rdx"), [vec!["M1", "W1"], vec!["W1"]]);
    assert!(dest(&list, "rdx")["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["server_opens"] == true));
    assert_eq!(dest(&list, "nas")["status"], "absent");
    assert_eq!(dest(&list, "rdx")["retired"][0], old.as_str());
    let ids: Vec<String> = dest(&list, "rdx")["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap()[..8].to_string())
        .collect();

    // Both restore with the key ring; the old one with the recovery key alone on a bare machine.
    let t1 = p.root.join("t1");
    ok(p.cmd(&["restore", &ids[0], "--target"]).arg(&t1));
    assert_same_tree(&before, &t1.join(snapshot_path(&p.src())));
    let t2 = p.root.join("t2");
    ok(p.cmd(&["restore", &ids[1], "--target"]).arg(&t2));
    assert_same_tree(&p.src(), &t2.join(snapshot_path(&p.src())));
    let t3 = p.root.join("t3");
    ok(p.bare(&["restore", &ids[0]], &recovery)
        .arg("--target")
        .arg(&t3));
    assert_eq!(
        fs::read(t3.join(snapshot_path(&p.src())).join("Befund 1.pdf")).unwrap(),
        fs::read(p.src().join("Befund 1.pdf")).unwrap()
    );

    // Without the retired key file: the old snapshot names the key it needs; the recovery key still opens it.
    fs::rename(&retired[0], p.root.join("retired-elsewhere.key")).unwrap();
    let r = expect_code(
        p.cmd(&["restore", &ids[0], "--target"])
            .arg(p.root.join("t4")),
        2,
    );
    assert!(
        r.stderr.contains("earlier machine key") && r.stderr.contains(&old),
        "{}",
        r.stderr
    );
    let r = warned(&mut p.cmd(&["snapshots"]));
    assert!(r.stderr.contains("earlier machine key"), "{}", r.stderr);
    // The new snapshot's file opens, but the data it shares with the old one
    // needs the retired key: named as a missing key, not as damage.
    let r = expect_code(
        p.cmd(&["restore", &ids[1], "--target"])
            .arg(p.root.join("t4b")),
        2,
    );
    assert!(
        r.stderr.contains("cannot be opened with the keys at hand")
            && r.stderr.contains(&old)
            && !r.stderr.contains("damaged"),
        "{}",
        r.stderr
    );
    let r = warned(&mut p.cmd(&["key", "list"]));
    assert!(r.stdout.contains("MISSING"), "{}", r.stdout);
    assert!(
        r.stdout.contains("NOT readable with this server's keys"),
        "{}",
        r.stdout
    );
    let r = expect_code(&mut p.cmd(&["check"]), 2);
    assert!(
        r.stderr
            .contains("files are encrypted for keys that are not at hand")
            && !r.stderr.contains("other medium"),
        "{}",
        r.stderr
    );
    let t5 = p.root.join("t5");
    ok(p.bare(&["restore", &ids[0]], &recovery)
        .arg("--target")
        .arg(&t5));
    assert_same_tree(&t3, &t5);
    fs::rename(p.root.join("retired-elsewhere.key"), &retired[0]).unwrap();

    // The NAS comes back: the next write brings it to the new keys.
    fs::rename(p.root.join("NAS-away"), p.root.join("NAS")).unwrap();
    let r = ok(&mut p.cmd(&["backup", "--job", "nightly", "-d", "nas"]));
    assert!(r.stdout.contains("brought in line"), "{}", r.stdout);
    let list = p.list();
    let nas = dest(&list, "nas");
    assert_eq!(nas["recipients"][0], new.as_str());
    assert_eq!(nas["retired"][0], old.as_str());
    assert_eq!(labels(&list, "nas"), [vec!["M", "W1"]]);

    // The journal: the rotation, and each backup with the keys it wrote for.
    let journal = fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
    let records: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["record"].clone())
        .collect();
    let kinds: Vec<&str> = records
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "key_rotate").count(),
        1,
        "{kinds:?}"
    );
    let rot = records
        .iter()
        .position(|r| r["kind"] == "key_rotate")
        .unwrap();
    assert_eq!(records[rot]["recipients"][0], new.as_str());
    assert_eq!(records[rot]["retired"][0], old.as_str());
    let backups: Vec<&Value> = records.iter().filter(|r| r["kind"] == "backup").collect();
    assert_eq!(backups[0]["recipients"][0], old.as_str());
    assert!(backups[1..]
        .iter()
        .all(|b| b["recipients"][0] == new.as_str()));
}

#[test]
fn a_recovery_key_added_later_opens_what_is_written_after() {
    let p = practice();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let extra = p.root.join("extra");
    let r = ok(p.cmd(&["key", "add-recovery", "--key-out"]).arg(&extra));
    assert!(r.stdout.contains("AGE-SECRET-KEY-1"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("cannot add a recipient to a file without re-encrypting")
            && r.stdout.contains("stores all data once more"),
        "{}",
        r.stdout
    );
    let key = only_file_in(&extra);
    let yaml = fs::read_to_string(&p.config).unwrap();
    let list = p.list();
    let w2 = list["keys"][2]["recipient"].as_str().unwrap();
    assert_eq!(list["keys"][2]["label"], "W2");
    assert!(yaml.contains(w2), "{yaml}");
    assert_eq!(
        dest(&list, "rdx")["recipients"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        dest(&list, "nas")["recipients"].as_array().unwrap().len(),
        3
    );
    // A second run adds nothing.
    let r = ok(&mut p.cmd(&["key", "add-recovery", "--recipient", w2]));
    assert!(r.stdout.contains("listed already"), "{}", r.stdout);

    fs::write(p.src().join("neu.txt"), "neu").unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    assert_eq!(
        labels(&p.list(), "rdx"),
        [vec!["M", "W1"], vec!["M", "W1", "W2"]]
    );
    let ids: Vec<String> = dest(&p.list(), "rdx")["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap()[..8].to_string())
        .collect();
    // The new key alone: the new snapshot's own file opens, the old one's does not.
    let r = warned(&mut p.bare(&["snapshots"], &key));
    assert!(
        r.stdout.contains(&ids[1]) && !r.stdout.contains(&ids[0]),
        "{}",
        r.stdout
    );
    // ... and all of the new snapshot restores with it on a bare machine,
    // also the file it shares with the old snapshot (stored once more).
    let t = p.root.join("t-w2");
    ok(p.bare(&["restore", &ids[1]], &key).arg("--target").arg(&t));
    assert_same_tree(&p.src(), &t.join(snapshot_path(&p.src())));

    // prune (marks, then deletes) frees the doubled space: Befund 1.pdf (300 kB
    // of noise) is stored once again; the old snapshot still opens with the machine key.
    let packs = |p: &Practice| -> u64 {
        walkdir::WalkDir::new(p.root.join("RDX/packs"))
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.metadata().unwrap().len())
            .sum()
    };
    let before = packs(&p);
    assert!(before > 600_000, "{before}");
    ok(&mut p.cmd(&["prune"]));
    ok(&mut p.cmd(&["prune"]));
    assert!(packs(&p) < before - 250_000, "{} → {}", before, packs(&p));
    let t = p.root.join("t-old");
    ok(p.cmd(&["restore", &ids[0], "--target"]).arg(&t));
    assert_eq!(
        fs::read(t.join(snapshot_path(&p.src())).join("Befund 1.pdf")).unwrap(),
        fs::read(p.src().join("Befund 1.pdf")).unwrap()
    );
    ok(&mut p.cmd(&["check", "--read-data"]));
}

/// A mirror written before a recovery key was added gets the new key's
/// data at the next mirror: the pack copied as stored would not open with it.
#[test]
fn a_mirror_after_a_new_recovery_key_carries_data_the_new_key_opens() {
    let p = practice();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    ok(&mut p.cmd(&["mirror", "--from", "rdx", "--to", "nas"]));
    let extra = p.root.join("extra");
    ok(p.cmd(&["key", "add-recovery", "--key-out"]).arg(&extra));
    let key = only_file_in(&extra);
    fs::write(p.src().join("neu.txt"), "neu").unwrap();
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    ok(&mut p.cmd(&["mirror", "--from", "rdx", "--to", "nas"]));
    let list = p.list();
    assert_eq!(
        labels(&list, "nas"),
        [vec!["M", "W1"], vec!["M", "W1", "W2"]]
    );
    let ids: Vec<String> = dest(&list, "nas")["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap()[..8].to_string())
        .collect();
    let t = p.root.join("t-nas");
    let mut c = tresor();
    c.env("HOME", p.root.join("bare"))
        .current_dir(p.root.join("bare"))
        .args(["restore", &ids[1], "--repo"])
        .arg(p.root.join("NAS"))
        .arg("--key")
        .arg(&key)
        .arg("--target")
        .arg(&t);
    ok(&mut c);
    assert_same_tree(&p.src(), &t.join(snapshot_path(&p.src())));
}

/// The machine's own key is no recovery key, and a secret key pasted as a
/// recipient is refused without being shown.
#[test]
fn add_recovery_refuses_the_machine_key_and_never_echoes_a_secret() {
    let p = practice();
    let machine = p.list()["keys"][0]["recipient"]
        .as_str()
        .unwrap()
        .to_string();
    let r = expect_code(
        &mut p.cmd(&["key", "add-recovery", "--recipient", &machine]),
        3,
    );
    assert!(r.stderr.contains("machine key"), "{}", r.stderr);
    assert!(
        !r.stdout.contains("stores all data once more"),
        "{}",
        r.stdout
    );
    let secret = fs::read_to_string(p.root.join("keys/machine.key")).unwrap();
    let secret = secret
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    let r = expect_code(
        &mut p.cmd(&["key", "add-recovery", "--recipient", &secret]),
        3,
    );
    assert!(!r.stderr.contains(&secret[16..]), "{}", r.stderr);
    assert!(!r.stdout.contains(&secret[16..]), "{}", r.stdout);
    assert!(r.stderr.contains("AGE-SECRET-KEY-1…"), "{}", r.stderr);
}

/// The newest record of the journal beside the machine key.
fn last_journal_record(p: &Practice) -> Value {
    let journal = fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
    let line = journal.lines().last().unwrap();
    serde_json::from_str::<Value>(line).unwrap()["record"].clone()
}

/// The journal row of destination `name` in `record`.
fn journal_destination<'a>(record: &'a Value, name: &str) -> &'a Value {
    record["destinations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no row for {name}: {record}"))
}

/// Found by the review: a destination that is there but cannot be opened
/// (both copies of its config damaged) does not get the new recovery key.
/// That is a warning (exit 1, journal "warnings"), naming the destination,
/// while the other destination gets the key.
#[test]
fn add_recovery_warns_when_a_destination_cannot_be_opened() {
    let p = practice();
    for copy in ["config", "config.2"] {
        fs::write(p.root.join("NAS").join(copy), "überschrieben\n").unwrap();
    }
    let out = p.root.join("new-key");
    let r = warned(p.cmd(&["key", "add-recovery", "--key-out"]).arg(&out));
    assert!(
        r.stderr.contains(&format!(
            "nas ({}) could not be brought in line: Both copies of config",
            p.root.join("NAS").display()
        )),
        "{}",
        r.stderr
    );
    rdx_updated_nas_warned(&p, &r, "key_add_recovery");
}

/// Found by the review: a destination that opens but whose config cannot
/// be rewritten (its `locks` is a file, so the key change cannot lock it)
/// keeps the old keys: `key rotate` warns (exit 1, journal "warnings") and
/// names it, while the other destination gets the new machine key.
#[test]
fn rotate_warns_when_a_destination_cannot_take_the_new_key() {
    let p = practice();
    fs::write(p.root.join("NAS/locks"), "kein Ordner").unwrap();
    let r = warned(&mut p.cmd(&["key", "rotate"]));
    assert!(
        r.stderr.contains(&format!(
            "nas ({}) could not be brought in line: ",
            p.root.join("NAS").display()
        )) && r.stderr.contains("locks/"),
        "{}",
        r.stderr
    );
    rdx_updated_nas_warned(&p, &r, "key_rotate");
    // The NAS still holds the old machine key only: key list says so.
    fs::remove_file(p.root.join("NAS/locks")).unwrap();
    let list = p.list();
    let new = list["keys"][0]["recipient"].as_str().unwrap();
    assert_eq!(dest(&list, "rdx")["recipients"][0], new);
    assert_ne!(dest(&list, "nas")["recipients"][0], new);
}

/// The key change reached rdx and not nas: said on stdout, and the journal
/// records `kind` as "warnings" (exit 1) with nas warned and rdx ok.
fn rdx_updated_nas_warned(p: &Practice, r: &common::Run, kind: &str) {
    assert!(
        r.stdout.contains(&format!(
            "rdx ({}): encrypted to the new keys",
            p.root.join("RDX").display()
        )),
        "{}",
        r.stdout
    );
    let rec = last_journal_record(p);
    assert_eq!(rec["kind"], kind, "{rec}");
    assert_eq!(rec["outcome"], "warnings", "{rec}");
    assert_eq!(rec["exit_code"], 1, "{rec}");
    assert_eq!(journal_destination(&rec, "nas")["outcome"], "warnings");
    assert_eq!(journal_destination(&rec, "rdx")["outcome"], "ok");
}

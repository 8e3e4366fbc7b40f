//! The ransomware guard over simulated weeks: twenty normal days of the
//! practice generator raise no alarm; an attack day (files overwritten with
//! encrypted content and renamed, ransom notes dropped — or encrypted in
//! place) at 2 %, 10 % and 50 % of the files raises it, the job fails, the
//! following nights keep every snapshot (retention held), `forget` and
//! `prune` refuse, and the last clean snapshot restores bit-identical.
//! `guard release` lets retention run again.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    assert_same_tree, expect_code, files_below, noise, practice_day, practice_tree, tresor,
};

struct Practice {
    root: PathBuf,
}

impl Practice {
    fn config(&self) -> PathBuf {
        self.root.join("tresor.yaml")
    }

    /// Writes the configuration for this folder (paths are absolute).
    fn write_config(&self) {
        fs::write(
            self.config(),
            format!(
                "practice: Praxis Dr. Muster\ndrives:\n  C: {c}\nkeys:\n  machine: {r}/keys/machine.key\n\
                 destinations:\n  rdx: {{ type: local, path: {r}/RDX }}\n\
                 sources:\n  - path: 'C:\\Praxis'\n\
                 jobs:\n  nightly: {{ destination: rdx, retention: {{ keep_last: 4 }} }}\n",
                c = self.root.join("C").display(),
                r = self.root.display(),
            ),
        )
        .unwrap();
    }

    fn tresor(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config")
            .arg(self.config())
            .args(["--language", "en"])
            .args(args);
        c
    }

    fn data(&self) -> PathBuf {
        self.root.join("C/Praxis")
    }

    /// The nightly job on `day` (22:30 local, one day apart).
    fn nightly(&self, day: u32, code: i32) -> common::Run {
        let now = chrono::DateTime::parse_from_rfc3339("2026-10-01T22:30:00+02:00").unwrap()
            + chrono::Duration::days(i64::from(day));
        expect_code(
            self.tresor(&["backup", "--job", "nightly", "--json"])
                .env("TRESOR_NOW", now.to_rfc3339())
                .env("TRESOR_SCREEN", "technician"),
            code,
        )
    }

    /// Writes a `guard.json` whose release (`until`, UTC) nobody journaled:
    /// `forget` must still be held.
    fn forged_release_holds(&self, until: &str) {
        fs::write(
            self.root.join("keys/guard.json"),
            format!(r#"{{"repeated":0,"released_until":"{until}"}}"#),
        )
        .unwrap();
        let forged = expect_code(&mut self.tresor(&["forget", "--json"]), 2);
        assert!(
            forged.stdout.contains("guard_alarm_open"),
            "{}",
            forged.stdout
        );
    }

    fn snapshots(&self) -> Vec<serde_json::Value> {
        let r = expect_code(&mut self.tresor(&["snapshots", "--json"]), 0);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["snapshots"].as_array().cloned().unwrap_or_default()
    }

    /// A copy of this practice (tree, repository, keys, state) at `to`.
    fn copy_to(&self, to: &Path) -> Practice {
        let out = Command::new("cp")
            .arg("-a")
            .arg(&self.root)
            .arg(to)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cp: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let p = Practice {
            root: to.to_path_buf(),
        };
        p.write_config();
        p
    }
}

fn guard_of(run: &common::Run) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!("no JSON ({e}): {}\n{}", run.stdout, run.stderr);
    });
    v["summary"]["guard"].clone()
}

/// How the attack treats the files it picks.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Attack {
    /// Encrypted copy `X.lockbit`, original deleted, a note in each folder.
    RenameWithNotes,
    /// Encrypted in place, same name, no note.
    InPlace,
    /// Every other 4 KiB block encrypted from the second on: the start and
    /// its signature stay (intermittent encryption), same name, no note.
    Intermittent,
}

/// Encrypts every file whose index in the sorted list falls on the share.
fn attack(data: &Path, percent: usize, how: Attack) -> usize {
    let files = files_below(data);
    let mut hit = 0;
    for (i, f) in files.iter().enumerate() {
        // Spread over the tree: the i-th file is hit when the running share
        // crosses a whole number of files.
        if (i + 1) * percent / 100 == i * percent / 100 {
            continue;
        }
        let len = fs::metadata(f).unwrap().len() as usize;
        let encrypted = noise(len.max(64), i as u64);
        match how {
            Attack::RenameWithNotes => {
                let mut to = f.clone().into_os_string();
                to.push(".lockbit");
                fs::write(&to, &encrypted).unwrap();
                fs::remove_file(f).unwrap();
                let note = f.parent().unwrap().join("Restore-My-Files.txt");
                fs::write(note, b"Your files are encrypted. Pay 2 BTC.").unwrap();
            }
            Attack::InPlace => fs::write(f, &encrypted).unwrap(),
            Attack::Intermittent => {
                let mut data = fs::read(f).unwrap();
                for (n, block) in data.chunks_mut(4096).enumerate() {
                    if n % 2 == 1 {
                        let l = block.len();
                        block.copy_from_slice(&encrypted[..l]);
                    }
                }
                fs::write(f, &data).unwrap();
            }
        }
        hit += 1;
    }
    hit
}

#[test]
fn twenty_normal_days_then_attacks_at_2_10_and_50_percent() {
    let t = tempfile::tempdir().unwrap();
    let base = Practice {
        root: t.path().join("base"),
    };
    fs::create_dir_all(base.root.join("keys")).unwrap();
    practice_tree(&base.data(), "tiny");
    base.write_config();
    expect_code(&mut base.tresor(&["init"]), 0);

    // Day 0 and twenty working days: never an alarm.
    for day in 0..=20 {
        if day > 0 {
            practice_day(&base.data(), day);
        }
        let run = base.nightly(day, 0);
        let g = guard_of(&run);
        assert_eq!(g["alarm"], false, "day {day}: {g}");
        assert_eq!(g["judged"], day > 0, "day {day}: {g}");
    }
    assert!(!base.root.join("keys/guard.json").exists());
    let clean = base.snapshots();
    assert_eq!(
        clean.len(),
        4,
        "retention keeps the last four on normal days"
    );
    let last_clean = clean.last().unwrap()["id"].as_str().unwrap().to_string();

    for (percent, how) in [
        (2, Attack::RenameWithNotes),
        (10, Attack::RenameWithNotes),
        (50, Attack::RenameWithNotes),
        (10, Attack::InPlace),
        (10, Attack::Intermittent),
    ] {
        let name = format!("attack-{percent}-{}", how as u8);
        let p = base.copy_to(&t.path().join(&name));
        let hit = attack(&p.data(), percent, how);
        assert!(hit >= 20, "{name}: {hit} files");

        // The attack night: written, marked, failed, the alarm open.
        let run = p.nightly(21, 2);
        assert!(
            run.stdout.contains("ransomware_suspected"),
            "{name}: {}",
            run.stdout
        );
        let g = guard_of(&run);
        assert_eq!(g["alarm"], true, "{name}: {g}");
        match how {
            Attack::RenameWithNotes => {
                assert!(
                    g["renamed"].as_u64().unwrap() >= hit as u64 / 2,
                    "{name}: {g}"
                );
                assert_eq!(g["renamed_extension"], "lockbit", "{name}");
                assert!(g["ransom_notes"].as_u64().unwrap() >= 2, "{name}: {g}");
            }
            Attack::InPlace | Attack::Intermittent => {
                assert!(g["turned_random"].as_u64().unwrap() >= 10, "{name}: {g}");
                assert_eq!(g["ransom_notes"], 0, "{name}");
            }
        }
        let snaps = p.snapshots();
        assert_eq!(snaps.len(), 5, "{name}: the attack night removed nothing");
        assert_eq!(snaps.last().unwrap()["summary"]["suspicious"], true);
        let state = fs::read_to_string(p.root.join("keys/guard.json")).unwrap();
        assert!(state.contains("\"open\""), "{state}");

        // The next night: encrypted data again, nothing removed.
        let run = p.nightly(22, 1);
        assert!(
            run.stdout.contains("retention_held"),
            "{name}: {}",
            run.stdout
        );
        assert_eq!(p.snapshots().len(), 6, "{name}: retention held");
        if matches!(how, Attack::InPlace) {
            // The night after carries the encrypted files on, unmarked: a
            // restore of it warns all the same.
            let r = expect_code(
                p.tresor(&["restore", "latest", "--target"])
                    .arg(p.root.join("after")),
                1,
            );
            assert!(
                r.stderr
                    .contains(&format!("before the alarm is {}", &last_clean[..8])),
                "{}",
                r.stderr
            );
        }
        let forget = expect_code(&mut p.tresor(&["forget", "--json"]), 2);
        assert!(
            forget.stdout.contains("guard_alarm_open"),
            "{}",
            forget.stdout
        );
        let prune = expect_code(&mut p.tresor(&["prune", "--json"]), 2);
        assert!(
            prune.stdout.contains("guard_alarm_open"),
            "{}",
            prune.stdout
        );
        let show = expect_code(&mut p.tresor(&["guard", "show"]), 2);
        assert!(show.stdout.contains("Alarm open since"), "{}", show.stdout);

        // The technician confirms: the last clean snapshot is named, and it
        // restores bit-identical to the data before the attack.
        let confirm = expect_code(&mut p.tresor(&["guard", "confirm", "--json"]), 0);
        let c: serde_json::Value = serde_json::from_str(&confirm.stdout).unwrap();
        assert_eq!(c["last_clean"], last_clean.as_str(), "{name}");
        let target = p.root.join("restore");
        expect_code(
            p.tresor(&["restore", &last_clean, "--quiet", "--target"])
                .arg(&target),
            0,
        );
        assert_same_tree(&base.data(), &target.join("C/Praxis"));
        // Confirmed keeps the hold.
        expect_code(&mut p.tresor(&["forget"]), 2);
    }

    // A false alarm released: retention runs again.
    let p = base.copy_to(&t.path().join("released"));
    attack(&p.data(), 10, Attack::RenameWithNotes);
    p.nightly(21, 2);
    // An edited guard.json (a release nobody journaled) lifts nothing.
    p.forged_release_holds("2026-10-23T00:00:00Z");
    expect_code(&mut p.tresor(&["guard", "release"]), 3);
    expect_code(
        &mut p.tresor(&[
            "guard",
            "release",
            "--reason",
            "Praxis hat Archiv verschlüsselt",
        ]),
        0,
    );
    expect_code(&mut p.tresor(&["guard", "show"]), 0);
    let list = expect_code(&mut p.tresor(&["snapshots"]), 0);
    assert!(
        list.stdout.contains("suspicious (ransomware alarm)"),
        "{}",
        list.stdout
    );
    // The suspicious night restores as asked, with the snapshot to take instead.
    let r = expect_code(
        p.tresor(&["restore", "latest", "--target"])
            .arg(p.root.join("evidence")),
        1,
    );
    assert!(
        r.stderr.contains(&format!(
            "The last snapshot before the alarm is {}",
            &last_clean[..8]
        )),
        "{}",
        r.stderr
    );
    let run = p.nightly(22, 0);
    assert!(!run.stdout.contains("retention_held"), "{}", run.stdout);
    assert_eq!(p.snapshots().len(), 4);
    let journal = fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"guard\""), "{journal}");
    assert!(journal.contains("Praxis hat Archiv"), "{journal}");

    // Once a release is journaled, a forged release time still lifts
    // nothing: only the time that release journaled counts (found by the
    // attack review: any time passed once one release existed).
    attack(&p.data(), 10, Attack::RenameWithNotes);
    p.nightly(23, 2);
    p.forged_release_holds("2026-10-25T00:00:00Z");
    assert_eq!(p.snapshots().len(), 5);
}

/// The shield: `status` warns about a destination others may write,
/// `guard shield` takes their right away, and `status` is quiet about it.
#[cfg(unix)]
#[test]
fn status_warns_about_a_writable_destination_until_it_is_shielded() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let p = Practice {
        root: t.path().to_path_buf(),
    };
    fs::create_dir_all(p.root.join("keys")).unwrap();
    fs::create_dir_all(p.data()).unwrap();
    fs::write(p.data().join("befund.txt"), b"Befund").unwrap();
    p.write_config();
    expect_code(&mut p.tresor(&["init"]), 0);
    fs::set_permissions(p.root.join("RDX"), fs::Permissions::from_mode(0o777)).unwrap();
    let status = common::run(&mut p.tresor(&["status", "--json"]));
    assert!(
        status.stdout.contains("destination_writable"),
        "{}",
        status.stdout
    );
    let dry = expect_code(&mut p.tresor(&["guard", "shield", "--dry-run"]), 0);
    assert!(dry.stdout.contains("chmod go-w"), "{}", dry.stdout);
    let mode = fs::metadata(p.root.join("RDX"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o777, "a dry run changes nothing");
    expect_code(&mut p.tresor(&["guard", "shield"]), 0);
    let mode = fs::metadata(p.root.join("RDX"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
    let status = common::run(&mut p.tresor(&["status", "--json"]));
    assert!(
        !status.stdout.contains("destination_writable"),
        "{}",
        status.stdout
    );
}

//! Issue 13: two weeks of the vendor's variant 1 (ten cartridges, Mon–Fri ×
//! Praxis/extern) with the days a practice really has — the wrong cartridge,
//! none, a foreign one, an unlabelled one with data, a full one — run through
//! `tresor backup` with the job clock (`TRESOR_NOW`) set to each evening and
//! night. The drive is `root/drive` (a link to the cartridge inserted);
//! cartridges wait in `root/shelf/<name>`. One cartridge is a small tmpfs
//! (root needed: the test fails rather than skips without it).

mod common;
#[path = "support/smtp.rs"]
mod smtp;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{expect_code, ok, tresor, warned};
use serde_json::Value;

const DAYS: [&str; 5] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"];

struct Practice {
    root: PathBuf,
    config: PathBuf,
}

impl Practice {
    fn new(root: &Path, mail_port: u16) -> Practice {
        fs::create_dir_all(root.join("C/Praxis")).unwrap();
        fs::create_dir_all(root.join("shelf")).unwrap();
        fs::write(root.join("C/Praxis/patienten.dat"), b"Tag 0").unwrap();
        let config = root.join("tresor.yaml");
        fs::write(
            &config,
            format!(
                "practice: Praxis Dr. Muster\nlanguage: de\ndrives:\n  C: {c}\n\
                 keys:\n  machine: {r}/keys/machine.key\n\
                 destinations:\n  rdx: {{ type: local, path: {r}/drive/tresor }}\n\
                 sources:\n  - path: 'C:\\Praxis'\n\
                 jobs:\n  nightly: {{ destination: rdx }}\n  feierabend: {{ destination: rdx }}\n\
                 rotation:\n  destination: rdx\n  plan: variant1\n  wrong_medium: warn\n\
                 mail:\n  smtp: {{ host: 127.0.0.1, port: {mail_port}, security: none }}\n  \
                 from: 'Datensicherung <backup@praxis-muster.de>'\n  to: [praxis@praxis-muster.de]\n",
                c = root.join("C").display(),
                r = root.display(),
            ),
        )
        .unwrap();
        Practice {
            root: root.to_path_buf(),
            config,
        }
    }

    fn cmd(&self, now: &str, args: &[&str]) -> Command {
        let mut c = tresor();
        c.env("TRESOR_NOW", now)
            .env("TRESOR_LANG", "de")
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    fn shelf(&self, name: &str) -> PathBuf {
        self.root.join("shelf").join(name)
    }

    /// Puts the cartridge `name` into the drive (whatever was in it goes out).
    fn insert(&self, name: &str) {
        self.take_out();
        fs::create_dir_all(self.shelf(name)).unwrap();
        std::os::unix::fs::symlink(self.shelf(name), self.root.join("drive")).unwrap();
    }

    fn take_out(&self) {
        let _ = fs::remove_file(self.root.join("drive"));
    }

    /// The snapshots on cartridge `name`: (job, local day) each.
    fn snapshots_on(&self, name: &str) -> Vec<(String, String)> {
        let r = ok(tresor()
            .arg("--config")
            .arg(&self.config)
            .args(["snapshots", "--json", "--from"])
            .arg(self.shelf(name).join("tresor")));
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["job"].as_str().unwrap().to_string(),
                    s["time"].as_str().unwrap()[..10].to_string(),
                )
            })
            .collect()
    }
}

/// A small tmpfs at `at`, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Tmpfs {
        fs::create_dir_all(at).unwrap();
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("run mount");
        assert!(
            st.success(),
            "this test needs root to mount a small tmpfs as a cartridge"
        );
        Tmpfs(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Monday 2 November 2026 + `day` days, at `time`, German winter time.
fn at(day: u32, time: &str) -> String {
    format!("2026-11-{:02}T{time}:00+01:00", 2 + day)
}

#[test]
fn two_weeks_of_variant_1_with_the_days_a_practice_has() {
    let t = tempfile::tempdir().unwrap();
    let server = smtp::SmtpServer::start(smtp::Options::plain());
    let p = Practice::new(t.path(), server.port);
    // The IT partner labels the ten cartridges; "Freitag Praxis" is small.
    let _small = Tmpfs::mount(&p.shelf("Freitag Praxis"), "4m");
    for day in DAYS {
        for kind in ["extern", "Praxis"] {
            let name = format!("{day} {kind}");
            p.insert(&name);
            ok(&mut p.cmd(&at(0, "08:00"), &["media", "label", "--name", &name]));
        }
    }
    p.take_out();

    for week in 0..2u32 {
        for (d, day) in DAYS.iter().enumerate() {
            let n = week * 7 + d as u32;
            fs::write(
                p.root.join("C/Praxis/patienten.dat"),
                format!("Woche {week} Tag {d}"),
            )
            .unwrap();
            let evening = at(n, "18:30");
            let night = at(n + 1, "02:30");
            let ext = format!("{day} extern");
            let praxis = format!("{day} Praxis");

            // Feierabend.
            match (week, d) {
                (0, 2) => {
                    // Wednesday: yesterday's cartridge is inserted by mistake.
                    p.insert("Dienstag extern");
                    let r = warned(&mut p.cmd(&evening, &["backup", "--job", "feierabend"]));
                    assert!(
                        r.stderr.contains("»Dienstag extern«")
                            && r.stderr.contains("»Mittwoch extern«"),
                        "{}",
                        r.stderr
                    );
                    // The plan goes on from the due cartridge: tonight Mittwoch Praxis.
                    assert!(
                        r.stdout.contains(
                            "Kassette »Dienstag extern« jetzt entnehmen und mit nach Hause nehmen; danach »Mittwoch Praxis« einlegen."
                        ),
                        "{}",
                        r.stdout
                    );
                }
                (0, 3) => {
                    // Thursday: nobody inserted one; the message names it.
                    p.take_out();
                    for (lang, words) in [("de", "Donnerstag extern"), ("en", "Donnerstag extern")]
                    {
                        let r = expect_code(
                            p.cmd(&evening, &["backup", "--job", "feierabend"])
                                .env("TRESOR_LANG", lang),
                            2,
                        );
                        assert!(r.stderr.contains(words), "{}", r.stderr);
                    }
                    p.insert(&ext);
                    ok(&mut p.cmd(&evening, &["backup", "--job", "feierabend"]));
                }
                (1, 0) => {
                    // Monday, week 2: a staff member's own USB disk with photos.
                    let other = p.root.join("shelf/Urlaubsfotos");
                    fs::create_dir_all(other.join("tresor")).unwrap();
                    fs::write(other.join("tresor/IMG_0001.JPG"), b"jpeg").unwrap();
                    let before = common::contents(&other);
                    p.insert("Urlaubsfotos");
                    let r =
                        expect_code(&mut p.cmd(&evening, &["backup", "--job", "feierabend"]), 2);
                    assert!(r.stderr.contains("Montag extern"), "{}", r.stderr);
                    assert_eq!(
                        common::contents(&other),
                        before,
                        "a foreign medium stays untouched"
                    );
                    p.insert(&ext);
                    ok(&mut p.cmd(&evening, &["backup", "--job", "feierabend"]));
                }
                _ => {
                    p.insert(&ext);
                    let r = ok(&mut p.cmd(&evening, &["backup", "--job", "feierabend"]));
                    // What to do next: take this one home, insert tonight's.
                    assert!(
                        r.stdout.contains(&format!(
                            "Kassette »{ext}« jetzt entnehmen und mit nach Hause nehmen; danach »{praxis}« einlegen."
                        )),
                        "{}",
                        r.stdout
                    );
                }
            }

            // The night run of the same backup day (02:30 belongs to it).
            match (week, d) {
                (0, 4) => {
                    // Friday night, week 1: a cartridge of another practice.
                    let foreign = p.root.join("foreign");
                    fs::create_dir_all(&foreign).unwrap();
                    let mut other = Command::new(env!("CARGO_BIN_EXE_tresor"));
                    other.env("TRESOR_DEFAULT_CONFIG", foreign.join("absent.yaml"));
                    let other_cfg = foreign.join("tresor.yaml");
                    fs::write(
                        &other_cfg,
                        format!(
                            "practice: Andere Praxis\nkeys:\n  machine: {f}/keys/machine.key\n\
                             destinations:\n  rdx: {{ type: local, path: {r}/drive/tresor }}\n\
                             rotation:\n  destination: rdx\n",
                            f = foreign.display(),
                            r = p.root.display()
                        ),
                    )
                    .unwrap();
                    p.insert("Fremde Kassette");
                    ok(other.arg("--config").arg(&other_cfg).args([
                        "media",
                        "label",
                        "--name",
                        "Freitag Praxis",
                    ]));
                    let before = common::contents(&p.shelf("Fremde Kassette"));
                    let r = expect_code(&mut p.cmd(&night, &["backup", "--job", "nightly"]), 2);
                    assert!(r.stderr.contains("Freitag Praxis"), "{}", r.stderr);
                    assert_eq!(common::contents(&p.shelf("Fremde Kassette")), before);
                    p.insert(&praxis);
                    ok(&mut p.cmd(&night, &["backup", "--job", "nightly"]));
                }
                (1, 4) => {
                    // Friday night, week 2: the small cartridge is full.
                    p.insert(&praxis);
                    let filler = p.shelf(&praxis).join("platzhalter.bin");
                    let free = fs2_free(&p.shelf(&praxis));
                    fs::write(&filler, vec![7u8; (free.saturating_sub(64 << 10)) as usize])
                        .unwrap();
                    fs::write(
                        p.root.join("C/Praxis/roentgen.bin"),
                        common::noise(512 << 10, 2),
                    )
                    .unwrap();
                    let before = p.snapshots_on(&praxis);
                    let r = expect_code(&mut p.cmd(&night, &["backup", "--job", "nightly"]), 2);
                    assert!(r.stderr.contains("voll"), "{}", r.stderr);
                    // The earlier snapshot on it is still there and restores.
                    assert_eq!(p.snapshots_on(&praxis), before);
                    let target = p.root.join("zurueck");
                    ok(tresor()
                        .arg("--config")
                        .arg(&p.config)
                        .args(["restore", "latest", "--from"])
                        .arg(p.shelf(&praxis).join("tresor"))
                        .arg("--target")
                        .arg(&target));
                    assert_eq!(
                        fs::read_to_string(target.join("C/Praxis/patienten.dat")).unwrap(),
                        "Woche 0 Tag 4"
                    );
                    fs::remove_file(&filler).unwrap();
                }
                _ => {
                    p.insert(&praxis);
                    let r = ok(&mut p.cmd(&night, &["backup", "--job", "nightly"]));
                    let next = DAYS[(d + 1) % 5];
                    assert!(
                        r.stdout.contains(&format!(
                            "Kassette »{praxis}« jetzt entnehmen und in den Tresor der Praxis legen; danach »{next} extern« einlegen."
                        )),
                        "{}",
                        r.stdout
                    );
                }
            }
        }
    }
    p.take_out();

    // One mail per backup run, 24 of them: the right subject each day.
    let mails = server.messages();
    let subjects: Vec<String> = mails
        .iter()
        .map(|m| m.header("Subject").unwrap().to_string())
        .collect();
    assert_eq!(subjects.len(), 24, "{subjects:#?}");
    assert!(subjects
        .contains(&"Datensicherung erfolgreich – Praxis Dr. Muster – Mo 02.11.".to_string()));
    assert!(subjects
        .contains(&"Datensicherung mit Warnungen – Praxis Dr. Muster – Mi 04.11.".to_string()));
    assert!(subjects
        .contains(&"Datensicherung FEHLGESCHLAGEN – Praxis Dr. Muster – Do 05.11.".to_string()));
    let thursday = mails
        .iter()
        .find(|m| {
            m.header("Subject")
                .unwrap()
                .contains("FEHLGESCHLAGEN – Praxis Dr. Muster – Do 05.11.")
        })
        .unwrap();
    assert!(
        thursday.body().contains("Donnerstag extern"),
        "{}",
        thursday.body()
    );
    // The journal has every run with its cartridge, and its chain holds.
    ok(tresor()
        .arg("--config")
        .arg(&p.config)
        .args(["journal", "verify"]));
    let show = ok(tresor()
        .arg("--config")
        .arg(&p.config)
        .args(["journal", "show", "--json"]));
    let v: Value = serde_json::from_str(&show.stdout).unwrap();
    let entries = v["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["record"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "backup").count(), 24);
    // The technician's restore from the full cartridge is journaled too.
    assert_eq!(
        kinds.iter().filter(|k| **k == "restore").count(),
        1,
        "{kinds:?}"
    );
    let wrong = entries
        .iter()
        .find(|e| e["record"]["medium"]["expected"] == "Mittwoch extern")
        .expect("the wrong cartridge is in the journal");
    assert_eq!(wrong["record"]["medium"]["name"], "Dienstag extern");
    // Each snapshot carries the journal as it was when its job began.
    let ls = ok(tresor()
        .arg("--config")
        .arg(&p.config)
        .args(["ls", "latest", "tresor", "--from"])
        .arg(p.shelf("Donnerstag Praxis").join("tresor")));
    assert!(ls.stdout.contains("journal.jsonl"), "{}", ls.stdout);

    // Every cartridge holds its own job's snapshots, one per week.
    for day in DAYS {
        for (kind, job) in [("extern", "feierabend"), ("Praxis", "nightly")] {
            let name = format!("{day} {kind}");
            let snaps = p.snapshots_on(&name);
            assert!(
                snaps.iter().all(|(j, _)| j == job),
                "{name} holds another job's snapshot: {snaps:?}"
            );
            let expected = match name.as_str() {
                "Dienstag extern" => 3, // its own two and Wednesday's by mistake
                "Mittwoch extern" => 1, // week 1 went onto Dienstag extern
                "Freitag Praxis" => 1,  // week 2 did not fit
                _ => 2,
            };
            assert_eq!(snaps.len(), expected, "{name}: {snaps:?}");
        }
    }
}

/// Free bytes of the filesystem at `dir` (from `df`, to keep the test free of libc).
fn fs2_free(dir: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A refused cartridge costs the practice nothing: the `before:` command
/// (which often stops the practice software) does not run at all.
#[test]
fn a_refused_cartridge_runs_no_before_command() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    let server = smtp::SmtpServer::start(smtp::Options::plain());
    let p = Practice::new(root, server.port);
    let marker = root.join("dienst-gestoppt");
    let text = fs::read_to_string(&p.config)
        .unwrap()
        .replace("wrong_medium: warn", "wrong_medium: refuse")
        .replace(
            "feierabend: { destination: rdx }",
            &format!(
                "feierabend: {{ destination: rdx, before: \"touch '{}'\" }}",
                marker.display()
            ),
        );
    fs::write(&p.config, text).unwrap();
    for name in ["Montag extern", "Dienstag extern"] {
        p.insert(name);
        ok(&mut p.cmd(&at(0, "08:00"), &["media", "label", "--name", name]));
    }
    // Monday evening, Tuesday's cartridge in the drive.
    let r = expect_code(
        &mut p.cmd(&at(0, "18:30"), &["backup", "--job", "feierabend"]),
        2,
    );
    assert!(r.stderr.contains("Montag extern"), "{}", r.stderr);
    assert!(
        !marker.exists(),
        "the before-command ran for a refused cartridge"
    );
    p.insert("Montag extern");
    ok(&mut p.cmd(&at(0, "18:30"), &["backup", "--job", "feierabend"]));
    assert!(marker.exists());
    // `media show` follows the job clock too: Tuesday 02:30 is still Monday.
    let show = ok(&mut p.cmd(&at(1, "02:30"), &["media", "show", "--json"]));
    let v: Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(v["media"]["backup_day"], "2026-11-02", "{}", show.stdout);
}

/// A cartridge short of room for tonight's backup: the retention step runs
/// first to make room (issue 13) — never while a ransomware alarm holds
/// (here: a `guard.json` that cannot be read, which holds fail-safe), and
/// when the room made is still too little, the backup does not start and
/// writes nothing. Found by the attack review: neither branch was reached by
/// any test. Every run is on a Monday, so "Montag Praxis" is always due.
#[test]
fn a_full_cartridge_makes_room_by_retention_unless_an_alarm_holds() {
    let t = tempfile::tempdir().unwrap();
    let server = smtp::SmtpServer::start(smtp::Options::plain());
    let p = Practice::new(t.path(), server.port);
    let text = fs::read_to_string(&p.config).unwrap().replace(
        "nightly: { destination: rdx }",
        "nightly: { destination: rdx, retention: { keep_last: 1 } }",
    );
    fs::write(&p.config, text).unwrap();
    let name = "Montag Praxis";
    let _cartridge = Tmpfs::mount(&p.shelf(name), "8m");
    p.insert(name);
    ok(&mut p.cmd(&at(0, "08:00"), &["media", "label", "--name", name]));
    let data = p.root.join("C/Praxis/roentgen.bin");
    let night = |week: u32| at(week * 7, "23:30");
    let filler = p.shelf(name).join("platzhalter.bin");
    let fill_to = |left: u64| {
        let _ = fs::remove_file(&filler);
        let free = fs2_free(&p.shelf(name));
        fs::write(&filler, vec![7u8; free.saturating_sub(left) as usize]).unwrap();
    };
    let journal_last = || {
        let text = fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
        let v: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        v["record"].clone()
    };

    // Weeks 0 and 1: 256 KiB, then 1 MiB of new data; the retention step
    // forgets week 0 and marks its pack (a later prune deletes it).
    fs::write(&data, common::noise(256 << 10, 1)).unwrap();
    ok(&mut p.cmd(&night(0), &["backup", "--job", "nightly"]));
    fs::write(&data, common::noise(1 << 20, 2)).unwrap();
    ok(&mut p.cmd(&night(1), &["backup", "--job", "nightly"]));
    assert_eq!(p.snapshots_on(name).len(), 1);

    // Week 2: 512 KiB left, about 1 MiB needed, and the alarm state cannot
    // be read: nothing is removed to make room, nothing is written.
    fs::write(&data, common::noise(1 << 20, 3)).unwrap();
    fill_to(512 << 10);
    fs::write(p.root.join("keys/guard.json"), "{ abgeschnitten").unwrap();
    let before = common::contents(&p.shelf(name).join("tresor"));
    let r = expect_code(&mut p.cmd(&night(2), &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains("Die Kassette ist zu voll"),
        "{}",
        r.stderr
    );
    assert_eq!(
        common::contents(&p.shelf(name).join("tresor")),
        before,
        "history removed or data written while the alarm holds"
    );
    assert_eq!(journal_last()["errors"][0]["code"], "medium_full");

    // Without the alarm, retention makes room (week 0's pack goes), but
    // 768 KiB are still less than the 1 MiB needed: still nothing written.
    fs::remove_file(p.root.join("keys/guard.json")).unwrap();
    let size = |dir: &Path| -> u64 {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    };
    let stored = size(&p.shelf(name).join("tresor"));
    let r = expect_code(&mut p.cmd(&night(2), &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains("auch nachdem alte Sicherungen"),
        "{}",
        r.stderr
    );
    assert_eq!(journal_last()["errors"][0]["code"], "medium_full");
    let after = size(&p.shelf(name).join("tresor"));
    assert!(
        after + (200 << 10) < stored,
        "week 0's pack was not removed: {stored} -> {after}"
    );
    assert_eq!(p.snapshots_on(name).len(), 1, "no snapshot written");

    // Week 3, room for it: the backup runs and its retention step marks week
    // 1's pack. Week 4: 512 KiB left again; removing week 1's pack (1 MiB)
    // makes room, and the backup runs.
    fs::remove_file(&filler).unwrap();
    ok(&mut p.cmd(&night(3), &["backup", "--job", "nightly"]));
    fs::write(&data, common::noise(256 << 10, 4)).unwrap();
    fill_to(512 << 10);
    ok(&mut p.cmd(&night(4), &["backup", "--job", "nightly"]));
    let snaps = p.snapshots_on(name);
    assert_eq!(snaps.len(), 1, "{snaps:?}");
    assert_eq!(snaps[0].1, "2026-11-30");
}

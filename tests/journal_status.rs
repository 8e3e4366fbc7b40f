//! `tresor journal verify|show` and `tresor status` on a journal written
//! through the library (the job runner does not append yet): the chain's
//! verdicts with their exit codes and messages (German and English),
//! `status --json` against the shape in docs/output.md, and `status
//! --checkmk` line by line against the local-check grammar.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use common::{expect_code, ok, tresor};
use serde_json::Value;
use tresor::report::journal;
use tresor::report::record::{DestinationRecord, DestinationRole, RunKind, RunOutcome, RunRecord};

struct Practice {
    _dir: tempfile::TempDir,
    config: PathBuf,
    journal: PathBuf,
}

fn practice(language: &str) -> Practice {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = root.join("tresor.yaml");
    fs::create_dir_all(root.join("praxis")).unwrap();
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: {language}\nkeys:\n  machine: {key}\n\
             destinations:\n  rdx: {{ type: local, path: {rdx} }}\n  nas: {{ type: local, path: {nas} }}\n\
             sources:\n  - path: {src}\n\
             jobs:\n  nightly: {{ destination: rdx, mirrors: [nas] }}\n  feierabend: {{ destination: rdx }}\n",
            key = root.join("keys/machine.key").display(),
            rdx = root.join("rdx").display(),
            nas = root.join("nas").display(),
            src = root.join("praxis").display(),
        ),
    )
    .unwrap();
    Practice {
        journal: root.join("keys/journal.jsonl"),
        config,
        _dir: dir,
    }
}

fn backup(job: &str, hours_ago: i64, mirrored: bool) -> RunRecord {
    let mut r = RunRecord::start(RunKind::Backup, Some(job), "Testpraxis");
    r.started = Utc::now() - Duration::hours(hours_ago) - Duration::minutes(20);
    r.ended = Utc::now() - Duration::hours(hours_ago);
    r.items = 120;
    r.bytes_total = 5_000_000;
    if mirrored {
        r.destinations.push(DestinationRecord {
            name: "nas".into(),
            role: DestinationRole::Mirror,
            outcome: RunOutcome::Ok,
            snapshots: 1,
            bytes_written: 1000,
            detail: None,
        });
    }
    r
}

fn drill(days_ago: i64) -> RunRecord {
    let mut r = RunRecord::start(RunKind::Drill, None, "Testpraxis");
    r.ended = Utc::now() - Duration::days(days_ago);
    r.started = r.ended - Duration::minutes(5);
    r
}

fn write(p: &Path, records: &[RunRecord]) {
    for r in records {
        journal::append(p, r).unwrap();
    }
}

fn lines(p: &Path) -> Vec<String> {
    fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn rewrite(p: &Path, lines: &[String]) {
    fs::write(p, lines.join("\n") + "\n").unwrap();
}

fn verify(p: &Practice, language: &str) -> std::process::Command {
    let mut c = tresor();
    c.args(["--language", language, "--config"])
        .arg(&p.config)
        .args(["journal", "verify"]);
    c
}

#[test]
fn an_intact_journal_verifies_in_both_languages() {
    let p = practice("de");
    write(
        &p.journal,
        &[backup("nightly", 30, true), backup("nightly", 6, true)],
    );
    let de = ok(&mut verify(&p, "de"));
    assert!(
        de.stdout.contains("Protokoll unversehrt: 2 Einträge"),
        "{}",
        de.stdout
    );
    let en = ok(&mut verify(&p, "en"));
    assert!(
        en.stdout.contains("Journal intact: 2 entries"),
        "{}",
        en.stdout
    );
    // Old drill lines before the chain are counted, not called tampering.
    let mut l = lines(&p.journal);
    l.insert(0, r#"{"kind":"drill","time":"2026-06-01T10:00:00+02:00","ok":true,"problems":[],"untested":[]}"#.into());
    rewrite(&p.journal, &l);
    let de = ok(&mut verify(&p, "de"));
    assert!(
        de.stdout.contains("Dazu 1 älterer Eintrag ohne Prüfsumme"),
        "{}",
        de.stdout
    );
}

/// Each kind of damage: exit 2, the first bad entry named, German and English.
#[test]
fn every_kind_of_damage_is_named_with_exit_2() {
    type Damage = fn(&mut Vec<String>);
    let cases: [(&str, Damage, &str, &str, &str); 5] = [
        (
            "edited",
            |l| l[1] = l[1].replace("\"items\":120", "\"items\":121"),
            "journal_edited",
            "Eintrag 2 (Zeile 2) wurde nachträglich verändert",
            "Entry 2 (line 2) was changed afterwards",
        ),
        (
            "deleted",
            |l| {
                l.remove(1);
            },
            "journal_missing",
            "Vor Eintrag 3 (Zeile 2) fehlt Eintrag 2 – gelöscht",
            "Before entry 3 (line 2) entry 2 is missing – deleted",
        ),
        (
            "newest deleted",
            |l| {
                l.pop();
            },
            "journal_newest_missing",
            "laut journal.head reichte das Protokoll bis Eintrag 3, es endet aber bei Eintrag 2",
            "journal.head says the journal reached entry 3, but it ends at entry 2",
        ),
        (
            "reordered",
            |l| l.swap(0, 1),
            "journal_reordered",
            "Eintrag 2 (Zeile 1) steht an der Stelle von Eintrag 1",
            "Entry 2 (line 1) stands where entry 1 belongs",
        ),
        (
            "torn",
            |l| l[2].truncate(30),
            "journal_torn",
            "Zeile 3 ist kein vollständiger Eintrag",
            "Line 3 is not a complete entry",
        ),
    ];
    for (name, damage, code, de_text, en_text) in cases {
        let p = practice("de");
        write(
            &p.journal,
            &[
                backup("nightly", 50, true),
                backup("nightly", 26, true),
                backup("nightly", 2, true),
            ],
        );
        let mut l = lines(&p.journal);
        damage(&mut l);
        rewrite(&p.journal, &l);
        let de = expect_code(&mut verify(&p, "de"), 2);
        assert!(
            de.stderr.contains("Protokoll NICHT unversehrt"),
            "{name}: {}",
            de.stderr
        );
        assert!(de.stderr.contains(de_text), "{name}: {}", de.stderr);
        let en = expect_code(&mut verify(&p, "en"), 2);
        assert!(en.stderr.contains(en_text), "{name}: {}", en.stderr);
        let json = expect_code(verify(&p, "en").arg("--json"), 2);
        let doc: Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(doc["error"]["code"], code, "{name}");
        assert_eq!(doc["journal"]["verdict"]["problem"]["code"], code, "{name}");
    }
}

#[test]
fn a_torn_last_line_from_a_crash_is_said_as_such() {
    let p = practice("de");
    write(&p.journal, &[backup("nightly", 2, true)]);
    let mut bytes = fs::read(&p.journal).unwrap();
    bytes.extend_from_slice(b"{\"seq\":2,\"pr");
    fs::write(&p.journal, bytes).unwrap();
    let de = expect_code(&mut verify(&p, "de"), 2);
    assert!(
        de.stderr.contains("Die letzte Zeile (2) ist unvollständig"),
        "{}",
        de.stderr
    );
}

#[test]
fn show_lists_entries_as_a_table_and_as_json() {
    let p = practice("de");
    write(
        &p.journal,
        &[
            backup("nightly", 50, true),
            backup("feierabend", 26, false),
            drill(3),
        ],
    );
    let de = ok(tresor()
        .args(["--language", "de", "--config"])
        .arg(&p.config)
        .args(["journal", "show", "--last", "2"]));
    let rows: Vec<&str> = de.stdout.lines().collect();
    assert_eq!(rows.len(), 3, "{}", de.stdout);
    assert!(rows[0].contains("Ergebnis"), "{}", de.stdout);
    assert!(rows[1].contains("Sicherung feierabend") && rows[1].contains("erfolgreich"));
    assert!(rows[2].contains("Wiederherstellungstest"), "{}", de.stdout);
    let json = ok(tresor()
        .arg("--config")
        .arg(&p.config)
        .args(["journal", "show", "--json"]));
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["seq"], 1);
    assert_eq!(entries[0]["line"], 1);
    assert_eq!(entries[1]["prev"], entries[0]["hash"]);
    assert_eq!(entries[2]["record"]["kind"], "drill");
}

fn status(p: &Practice, language: &str) -> std::process::Command {
    let mut c = tresor();
    c.args(["--language", language, "--config"])
        .arg(&p.config)
        .arg("status");
    c
}

#[test]
fn status_json_has_the_documented_shape_and_monitoring_exit_codes() {
    let p = practice("de");
    write(&p.journal, &[drill(10), backup("nightly", 1, true)]);
    let r = ok(status(&p, "en").arg("--json"));
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["command"], "status");
    assert_eq!(doc["exit_code"], 0);
    let s = &doc["status"];
    assert_eq!(s["level"], "green", "{s:#}");
    for key in [
        "now",
        "jobs",
        "cartridges",
        "mirrors",
        "drill",
        "attention",
        "next_runs",
    ] {
        assert!(s.get(key).is_some(), "status.{key} missing: {s:#}");
    }
    let nightly = s["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "nightly")
        .unwrap();
    for key in [
        "level",
        "reason",
        "schedule",
        "last_success",
        "age_seconds",
        "missed",
        "last_outcome",
    ] {
        assert!(
            nightly.get(key).is_some(),
            "jobs[].{key} missing: {nightly:#}"
        );
    }
    assert_eq!(nightly["schedule"], "30 22 * * Mon-Fri");
    assert_eq!(nightly["reason"], "ok");
    let m = &s["mirrors"][0];
    assert_eq!(
        (
            m["job"].as_str(),
            m["mirror"].as_str(),
            m["lag_seconds"].as_i64()
        ),
        (Some("nightly"), Some("nas"), Some(0))
    );
    assert_eq!(s["drill"]["passed"], true);
    assert_eq!(s["drill"]["age_days"], 10);
    assert_eq!(s["next_runs"][0]["job"], "nightly");

    // Ten days without a nightly backup: CRITICAL (2), said in plain words.
    let p = practice("de");
    write(&p.journal, &[drill(10), backup("nightly", 240, true)]);
    let de = expect_code(&mut status(&p, "de"), 2);
    assert!(
        de.stdout
            .starts_with("Datensicherung: NICHT in Ordnung – bitte handeln."),
        "{}",
        de.stdout
    );
    assert!(
        de.stdout.contains("geplante Läufe seither ohne Erfolg"),
        "{}",
        de.stdout
    );
    let en = expect_code(&mut status(&p, "en"), 2);
    assert!(
        en.stdout.starts_with("Backup: NOT all right – please act."),
        "{}",
        en.stdout
    );

    // No drill yet and nothing else wrong: WARNING (1).
    let p = practice("de");
    write(&p.journal, &[backup("nightly", 1, true)]);
    let de = expect_code(&mut status(&p, "de"), 1);
    assert!(
        de.stdout
            .contains("noch nie durchgeführt – bitte einmal durchführen (tresor drill)"),
        "{}",
        de.stdout
    );

    // A damaged journal is a warning a person must see.
    let p = practice("de");
    write(&p.journal, &[drill(10), backup("nightly", 1, true)]);
    let mut l = lines(&p.journal);
    l[0] = l[0].replace("\"kind\":\"drill\"", "\"kind\":\"check\"");
    rewrite(&p.journal, &l);
    let r = expect_code(status(&p, "en").arg("--json"), 1);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["status"]["attention"][0]["code"], "journal_damaged");
}

#[test]
fn status_without_configuration_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let r = expect_code(tresor().current_dir(dir.path()).arg("status"), 3);
    assert!(
        r.stderr.contains("needs the practice's configuration"),
        "{}",
        r.stderr
    );
}

/// `STATUS "NAME" METRICS DETAIL`, https://docs.checkmk.com/latest/en/localchecks.html
fn check_line(line: &str) -> (i32, String, String, String) {
    let (state, rest) = line.split_once(' ').expect("status field");
    let state: i32 = state.parse().expect("numeric status");
    assert!((0..=3).contains(&state), "{line}");
    let rest = rest.strip_prefix('"').expect("quoted service name");
    let (name, rest) = rest.split_once("\" ").expect("closing quote");
    assert!(!name.is_empty() && !name.contains('"'), "{line}");
    let (metrics, detail) = rest.split_once(' ').expect("metrics and detail");
    if metrics != "-" {
        for m in metrics.split('|') {
            let (n, v) = m.split_once('=').expect("name=value");
            assert!(
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{line}"
            );
            v.parse::<i64>()
                .unwrap_or_else(|_| panic!("number in {line}"));
        }
    }
    assert!(!detail.trim().is_empty(), "{line}");
    (
        state,
        name.to_string(),
        metrics.to_string(),
        detail.to_string(),
    )
}

#[test]
fn checkmk_output_follows_the_local_check_grammar() {
    let p = practice("de");
    write(&p.journal, &[drill(120), backup("nightly", 1, true)]);
    let r = expect_code(status(&p, "de").arg("--checkmk"), 1);
    let parsed: Vec<_> = r.stdout.lines().map(check_line).collect();
    let names: Vec<&str> = parsed.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        names,
        [
            "tresor backup feierabend",
            "tresor backup nightly",
            "tresor mirror nightly nas",
            "tresor drill",
            "tresor warnings"
        ],
        "{}",
        r.stdout
    );
    let nightly = &parsed[1];
    assert_eq!(nightly.0, 0);
    assert!(
        nightly.2.starts_with("age=") && nightly.2.contains("|missed=0"),
        "{}",
        nightly.2
    );
    assert!(
        nightly.3.starts_with("zuletzt erfolgreich am "),
        "{}",
        nightly.3
    );
    let drill_line = &parsed[3];
    assert_eq!((drill_line.0, drill_line.2.as_str()), (1, "age_days=120"));
    assert!(
        drill_line.3.contains("bitte wieder einmal durchführen"),
        "{}",
        drill_line.3
    );
    let en = expect_code(status(&p, "en").arg("--checkmk"), 1);
    assert!(en.stdout.contains("please run one again"), "{}", en.stdout);
}

/// Four processes append at once (this test binary started again in a child
/// role): the OS lock keeps one chain without gaps, and `journal verify`
/// says it is intact.
#[test]
fn processes_appending_at_once_keep_one_valid_chain() {
    const CHILD: &str = "TRESOR_TEST_JOURNAL_CHILD";
    if let Some(path) = std::env::var_os(CHILD) {
        // Child role: append and leave; the parent checks.
        for i in 0..25 {
            journal::append(Path::new(&path), &backup("nightly", i, false)).unwrap();
        }
        return;
    }
    let p = practice("en");
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "processes_appending_at_once_keep_one_valid_chain",
                ])
                .env(CHILD, &p.journal)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let v = journal::verify(&p.journal);
    assert!(v.intact(), "{v:?}");
    assert_eq!(v.entries, 100);
    let r = ok(&mut verify(&p, "en"));
    assert!(
        r.stdout.contains("Journal intact: 100 entries"),
        "{}",
        r.stdout
    );
}

//! The mail's words for the records a practice meets: success with the
//! cartridge advice, warnings, a database that failed, a run that died
//! before writing anything, other run kinds — in German and English.
//! Times are noon UTC so the local date is the same in every time zone
//! from UTC-11 to UTC+11.

use chrono::{TimeZone, Utc};

use super::*;
use crate::report::record::{
    DatabaseResult, DestinationRecord, MediumAdvice, MediumRecord, Notice, Verification,
};

const DE: Language = Language::De;
const EN: Language = Language::En;

/// Tuesday 24 November 2026, 12:00 UTC (plus `minutes`).
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

/// A warning or error of the record. (The codes are the media and job
/// modules' to define; docs/output.md documents those the program emits.)
fn notice(code: &str, text: &str) -> Notice {
    Notice {
        code: code.to_string(),
        text: text.to_string(),
    }
}

fn record(exit: i32) -> RunRecord {
    let mut r = RunRecord::start(RunKind::Backup, Some("feierabend"), "Praxis Dr. Muster");
    r.host = "PRAXIS-SRV".into();
    r.started = at(0);
    r.snapshot = Some("4f1c9a0b".repeat(8));
    r.items = 12_345;
    r.bytes_total = 48_535_150_182; // 45.2 GiB
    r.bytes_new = 1_288_490_188;
    r.bytes_stored = 838_860_800;
    r.medium = Some(MediumRecord {
        id: "a1b2c3".into(),
        name: "Dienstag extern".into(),
        expected: None,
    });
    r.destinations = vec![
        DestinationRecord {
            name: "rdx".into(),
            role: DestinationRole::Primary,
            outcome: RunOutcome::Ok,
            snapshots: 1,
            bytes_written: 838_860_800,
            detail: None,
        },
        DestinationRecord {
            name: "nas".into(),
            role: DestinationRole::Mirror,
            outcome: RunOutcome::Ok,
            snapshots: 1,
            bytes_written: 838_860_800,
            detail: None,
        },
    ];
    r.databases = vec![DatabaseResult {
        name: "WINACS".into(),
        ok: true,
        detail: None,
    }];
    r.verification = Some(Verification {
        blobs: 200,
        bytes: 52_428_800,
        failed: 0,
    });
    r.advice = Some(MediumAdvice {
        take_out: "Dienstag extern".into(),
        goes_to: "mit nach Hause nehmen".into(),
        insert_next: "Mittwoch extern".into(),
    });
    r.finish(exit);
    r.ended = at(7);
    r
}

#[test]
fn subjects_say_outcome_practice_and_local_date() {
    let ok = record(0);
    assert_eq!(
        compose(DE, &ok).subject,
        "Datensicherung erfolgreich – Praxis Dr. Muster – Di 24.11."
    );
    assert_eq!(
        compose(EN, &ok).subject,
        "Backup successful – Praxis Dr. Muster – Tue 24 Nov"
    );
    let warned = record(1);
    assert_eq!(
        compose(DE, &warned).subject,
        "Datensicherung mit Warnungen – Praxis Dr. Muster – Di 24.11."
    );
    assert_eq!(
        compose(EN, &warned).subject,
        "Backup with warnings – Praxis Dr. Muster – Tue 24 Nov"
    );
    let failed = record(2);
    assert_eq!(
        compose(DE, &failed).subject,
        "Datensicherung FEHLGESCHLAGEN – Praxis Dr. Muster – Di 24.11."
    );
    assert_eq!(
        compose(EN, &failed).subject,
        "Backup FAILED – Praxis Dr. Muster – Tue 24 Nov"
    );
}

#[test]
fn every_weekday_has_its_german_and_english_abbreviation() {
    let de = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    // 23 November 2026 is a Monday.
    for (i, (d, e)) in de.iter().zip(en).enumerate() {
        let day = Local
            .with_ymd_and_hms(2026, 11, 23 + i as u32, 12, 0, 0)
            .unwrap();
        assert_eq!(
            date(DE, &day, false),
            format!("{d} {:02}.11.", 23 + i),
            "{day}"
        );
        assert_eq!(date(EN, &day, false), format!("{e} {} Nov", 23 + i));
    }
    let new_year = Local.with_ymd_and_hms(2027, 1, 3, 12, 0, 0).unwrap();
    assert_eq!(date(DE, &new_year, true), "So 03.01.2027");
    assert_eq!(date(EN, &new_year, true), "Sun 3 Jan 2027");
}

#[test]
fn the_body_tells_what_where_and_what_to_do_with_the_decimal_comma() {
    let de = compose(DE, &record(0)).body;
    for want in [
        "Die Datensicherung „feierabend“ ist erfolgreich abgeschlossen.",
        "12345 Dateien und Ordner, zusammen 45,2 GiB",
        "Datenbank WINACS: gesichert und geprüft",
        "Stichprobe zurückgelesen und geprüft: in Ordnung",
        "Kassette „Dienstag extern“",
        "Kopie auf nas: erfolgreich",
        "Was jetzt zu tun ist:",
        "Kassette „Dienstag extern“ jetzt entnehmen und mit nach Hause nehmen.",
        "Danach Kassette „Mittwoch extern“ einlegen.",
        "Technische Angaben (für den IT-Betreuer):",
        "Rechner: PRAXIS-SRV",
        "neu 1,2 GiB, gespeichert 800,0 MiB",
    ] {
        assert!(de.contains(want), "missing {want:?} in:\n{de}");
    }
    assert!(de.contains(&"4f1c9a0b".repeat(8)), "{de}");
    // The staff's part comes before the IT partner's.
    assert!(de.find("Was jetzt zu tun ist").unwrap() < de.find("Technische Angaben").unwrap());
    assert!(
        !de.contains("Warnungen:") && !de.contains("Fehler:"),
        "{de}"
    );

    let en = compose(EN, &record(0)).body;
    for want in [
        "The backup “feierabend” finished successfully.",
        "12345 files and folders, 45.2 GiB in total",
        "Take cartridge “Dienstag extern” out now and mit nach Hause nehmen.",
        "Then insert cartridge “Mittwoch extern”.",
        "new 1.2 GiB, stored 800.0 MiB",
    ] {
        assert!(en.contains(want), "missing {want:?} in:\n{en}");
    }
}

#[test]
fn warnings_and_a_wrong_cartridge_are_told_with_what_to_do() {
    let mut r = record(1);
    r.medium.as_mut().unwrap().expected = Some("Dienstag Praxis".into());
    r.warnings.push(notice(
        "wrong_medium",
        "Eingelegt war „Dienstag extern“, laut Plan „Dienstag Praxis“.",
    ));
    let de = compose(DE, &r).body;
    assert!(de.contains("ist abgeschlossen, aber mit Warnungen"), "{de}");
    assert!(
        de.contains("Kassette „Dienstag extern“ (laut Plan war „Dienstag Praxis“ an der Reihe)"),
        "{de}"
    );
    assert!(de.contains("Warnungen:\n  – Eingelegt war"), "{de}");
    assert!(de.contains("Bitte lesen Sie die Warnungen oben."), "{de}");
    assert!(de.contains("Codes: wrong_medium"), "{de}");
}

#[test]
fn a_failed_database_is_named_and_the_mail_says_whom_to_tell() {
    let mut r = record(2);
    r.databases.push(DatabaseResult {
        name: "MEDICAL".into(),
        ok: false,
        detail: Some("SQL Server antwortet nicht".into()),
    });
    r.errors.push(notice(
        "database_failed",
        "Die Datenbank MEDICAL wurde nicht gesichert.",
    ));
    let de = compose(DE, &r).body;
    assert!(de.contains("ist NICHT vollständig gelungen."), "{de}");
    assert!(
        de.contains("Datenbank MEDICAL: NICHT gesichert – SQL Server antwortet nicht"),
        "{de}"
    );
    assert!(
        de.contains("Datenbank WINACS: gesichert und geprüft"),
        "{de}"
    );
    assert!(de.contains("Fehler:\n  – Die Datenbank MEDICAL"), "{de}");
    assert!(
        de.contains("Bitte informieren Sie noch heute Ihren IT-Betreuer"),
        "{de}"
    );
    // The cartridge still goes home: what was saved is on it.
    assert!(
        de.contains("jetzt entnehmen und mit nach Hause nehmen"),
        "{de}"
    );
    let en = compose(EN, &r).body;
    assert!(en.contains("did NOT complete."), "{en}");
    assert!(en.contains("Please tell your IT partner today"), "{en}");
}

#[test]
fn a_run_that_died_early_still_gets_a_mail() {
    let mut r = RunRecord::start(RunKind::Backup, Some("nightly"), "Praxis Dr. Muster");
    r.host = "PRAXIS-SRV".into();
    r.started = at(0);
    r.errors.push(notice(
        "medium_missing",
        "Keine Kassette eingelegt: bitte „Dienstag Praxis“ einlegen.",
    ));
    r.finish(2);
    r.ended = at(0);
    let m = compose(DE, &r);
    assert_eq!(
        m.subject,
        "Datensicherung FEHLGESCHLAGEN – Praxis Dr. Muster – Di 24.11."
    );
    assert!(
        m.body
            .contains("Es wurde keine neue Sicherung geschrieben."),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("bitte „Dienstag Praxis“ einlegen"),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("Bitte informieren Sie noch heute"),
        "{}",
        m.body
    );
    assert!(!m.body.contains("Snapshot:"), "{}", m.body);
    assert!(!m.body.contains("Daten:"), "{}", m.body);
    assert!(m.body.contains("Exit-Code: 2 (failed)"), "{}", m.body);
    let en = compose(EN, &r);
    assert!(
        en.body.contains("No new backup was written."),
        "{}",
        en.body
    );
}

#[test]
fn other_run_kinds_have_their_own_words() {
    let mut r = RunRecord::start(RunKind::Drill, None, "Praxis Dr. Muster");
    r.started = at(0);
    r.ended = at(30);
    r.databases.push(DatabaseResult {
        name: "WINACS".into(),
        ok: true,
        detail: None,
    });
    r.finish(0);
    assert_eq!(
        compose(DE, &r).subject,
        "Wiederherstellungsprobe erfolgreich – Praxis Dr. Muster – Di 24.11."
    );
    assert_eq!(
        compose(EN, &r).subject,
        "Restore drill successful – Praxis Dr. Muster – Tue 24 Nov"
    );
    let body = compose(DE, &r).body;
    assert!(
        body.contains("Die Wiederherstellungsprobe ist erfolgreich"),
        "{body}"
    );
    assert!(
        body.contains("Geprüft:\n  – Datenbank WINACS: wiederhergestellt und geprüft"),
        "{body}"
    );
    assert!(body.contains("Nichts – alles ist in Ordnung."), "{body}");

    r.kind = RunKind::Mirror;
    r.finish(2);
    assert_eq!(
        compose(DE, &r).subject,
        "Spiegelung FEHLGESCHLAGEN – Praxis Dr. Muster – Di 24.11."
    );
    r.kind = RunKind::RestoreDb;
    r.finish(1);
    assert_eq!(
        compose(EN, &r).subject,
        "Database restore with warnings – Praxis Dr. Muster – Tue 24 Nov"
    );
}

#[test]
fn a_record_without_practice_names_the_host() {
    let mut r = record(0);
    r.practice = String::new();
    assert_eq!(
        compose(DE, &r).subject,
        "Datensicherung erfolgreich – PRAXIS-SRV – Di 24.11."
    );
}

#[test]
fn the_test_mail_says_it_is_a_test() {
    let now = Local.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    let m = compose_test(DE, "Praxis Dr. Muster", "PRAXIS-SRV", now);
    assert_eq!(
        m.subject,
        "Testnachricht der Datensicherung – Praxis Dr. Muster – Di 24.11."
    );
    assert!(
        m.body.contains("gesendet am 24.11.2026 09:30 Uhr"),
        "{}",
        m.body
    );
    let m = compose_test(EN, "Praxis Dr. Muster", "PRAXIS-SRV", now);
    assert_eq!(
        m.subject,
        "Backup test message – Praxis Dr. Muster – Tue 24 Nov"
    );
}

#[test]
fn an_alarm_mail_says_so_first_and_tells_staff_what_to_do() {
    let mut r = RunRecord::start(RunKind::Backup, Some("nightly"), "Praxis Dr. Muster");
    r.snapshot = Some("ab".into());
    r.errors.push(crate::report::record::Notice {
        code: "ransomware_suspected".into(),
        text: "long".into(),
    });
    r.guard = Some(crate::guard::GuardReport {
        alarm: true,
        ransom_notes: 12,
        ..Default::default()
    });
    r.finish(2);
    let m = compose(Language::De, &r);
    assert!(m.subject.starts_with("ALARM: Verdacht auf Verschlüsselungsangriff"), "{}", m.subject);
    assert!(m.body.contains("12 Erpresserbriefe"), "{}", m.body);
    assert!(m.body.contains("Kassetten NICHT entnehmen"), "{}", m.body);
    assert!(!m.body.contains("– long"), "{}", m.body);
}

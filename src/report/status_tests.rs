use chrono::{DateTime, FixedOffset, TimeZone, Utc, Weekday};

use super::*;
use crate::config::rotation::{Cartridge, Kept, Rotation, WrongMedium};
use crate::report::record::{DestinationRecord, MediumRecord, Notice};

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
}

fn facts(rotation: bool) -> Facts {
    Facts {
        jobs: vec![
            JobFacts {
                name: "nightly".into(),
                schedule: Schedule::parse("30 22 * * Mon-Fri").unwrap(),
                mirrors: vec!["nas".into()],
            },
            JobFacts {
                name: "feierabend".into(),
                schedule: Schedule::Manual,
                mirrors: vec![],
            },
        ],
        rotation: rotation.then(|| Rotation {
            destination: "rdx".into(),
            cartridges: vec![
                cart("Montag extern", "feierabend", Weekday::Mon),
                cart("Dienstag extern", "feierabend", Weekday::Tue),
            ],
            day_starts: 360,
            wrong_medium: WrongMedium::Warn,
            eject: false,
            at_drive_root: false,
            plan: crate::config::rotation::Plan::Custom,
        }),
    }
}

fn cart(name: &str, job: &str, day: Weekday) -> Cartridge {
    Cartridge {
        name: name.into(),
        job: job.into(),
        weekdays: vec![day],
        kept: Kept::Home,
    }
}

fn backup(job: &str, ended: DateTime<FixedOffset>, exit: i32) -> RunRecord {
    let mut r = RunRecord::start(RunKind::Backup, Some(job), "P");
    r.started = (ended - Duration::minutes(20)).with_timezone(&Utc);
    r.ended = ended.with_timezone(&Utc);
    r.exit_code = exit;
    r.outcome = match exit {
        0 => RunOutcome::Ok,
        1 => RunOutcome::Warnings,
        _ => RunOutcome::Failed,
    };
    r
}

fn job<'a>(s: &'a Status, name: &str) -> &'a JobStatus {
    s.jobs.iter().find(|j| j.name == name).unwrap()
}

// Wednesday 25.11.2026, 10:00 (+01:00).
fn wednesday() -> DateTime<FixedOffset> {
    at(2026, 11, 25, 10, 0)
}

#[test]
fn nightly_green_after_last_night_yellow_after_one_missed_red_after_two() {
    let f = facts(false);
    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 24, 22, 50), 0)],
        wednesday(),
    );
    assert_eq!(
        (job(&s, "nightly").level, job(&s, "nightly").missed),
        (Level::Green, 0)
    );
    assert_eq!(job(&s, "nightly").age_seconds, Some(11 * 3600 + 10 * 60));

    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 23, 22, 50), 0)],
        wednesday(),
    );
    let j = job(&s, "nightly");
    assert_eq!(
        (j.level, j.reason, j.missed),
        (Level::Yellow, JobReason::Overdue, 1)
    );

    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 20, 22, 50), 1)],
        wednesday(),
    );
    let j = job(&s, "nightly");
    assert_eq!((j.level, j.missed), (Level::Red, 2));
    assert_eq!(s.level, Level::Red);
    assert_eq!(s.level.code(), 2);
}

#[test]
fn a_weekend_without_backups_is_not_a_gap_for_a_workday_job() {
    let f = facts(false);
    // Friday night's backup, seen on Monday morning.
    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 27, 22, 50), 0)],
        at(2026, 11, 30, 10, 0),
    );
    assert_eq!(job(&s, "nightly").level, Level::Green);
    // Before 6 h have passed after a due run it is not missed yet.
    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 30, 22, 50), 0)],
        at(2026, 12, 2, 4, 0),
    );
    assert_eq!(job(&s, "nightly").level, Level::Green);
    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 30, 22, 50), 0)],
        at(2026, 12, 2, 4, 31),
    );
    assert_eq!(job(&s, "nightly").level, Level::Yellow);
}

#[test]
fn a_manual_job_with_cartridges_is_judged_by_working_days() {
    let f = facts(true);
    let friday = backup("feierabend", at(2026, 11, 27, 18, 0), 0);
    let level = |now| {
        job(
            &status(&f, std::slice::from_ref(&friday), now),
            "feierabend",
        )
        .level
    };
    assert_eq!(
        level(at(2026, 11, 30, 10, 0)),
        Level::Green,
        "16 working hours"
    );
    assert_eq!(
        level(at(2026, 12, 1, 10, 0)),
        Level::Yellow,
        "40 working hours"
    );
    assert_eq!(
        level(at(2026, 12, 3, 10, 0)),
        Level::Red,
        "88 working hours"
    );
    assert_eq!(
        working_hours(at(2026, 11, 27, 18, 0), at(2026, 11, 30, 10, 0)),
        16
    );
    // Without cartridges a manual job is not judged.
    let s = status(
        &facts(false),
        std::slice::from_ref(&friday),
        at(2026, 12, 9, 10, 0),
    );
    assert_eq!(
        (job(&s, "feierabend").level, job(&s, "feierabend").reason),
        (Level::Green, JobReason::Manual)
    );
}

#[test]
fn never_ran_is_yellow_never_succeeded_is_red_and_a_failed_last_run_is_yellow() {
    let f = facts(false);
    let s = status(&f, &[], wednesday());
    assert_eq!(job(&s, "nightly").reason, JobReason::NeverRan);
    assert_eq!(job(&s, "nightly").level, Level::Yellow);
    let s = status(
        &f,
        &[backup("nightly", at(2026, 11, 24, 22, 50), 2)],
        wednesday(),
    );
    assert_eq!(job(&s, "nightly").level, Level::Red);
    assert_eq!(job(&s, "nightly").reason, JobReason::NeverSucceeded);
    let s = status(
        &f,
        &[
            backup("nightly", at(2026, 11, 24, 22, 50), 0),
            backup("feierabend", at(2026, 11, 25, 9, 0), 2),
            backup("feierabend", at(2026, 11, 24, 18, 0), 0),
        ],
        wednesday(),
    );
    assert_eq!(job(&s, "feierabend").reason, JobReason::LastFailed);
    assert_eq!(job(&s, "feierabend").level, Level::Yellow);
}

#[test]
fn cartridges_unseen_for_more_than_eight_days_are_flagged() {
    let f = facts(true);
    let mut mon = backup("feierabend", at(2026, 11, 16, 18, 0), 0);
    mon.medium = Some(MediumRecord {
        id: "1".into(),
        name: "Montag extern".into(),
        expected: None,
    });
    let s = status(&f, &[mon.clone()], at(2026, 11, 24, 17, 0));
    assert_eq!(s.cartridges.len(), 2);
    assert!(!s.cartridges[0].flagged, "8 days, not more");
    assert_eq!(s.cartridges[0].age_days, Some(7));
    assert!(s.cartridges[1].flagged, "never written");
    assert!(s.cartridges[1].last_written.is_none());
    let s = status(&f, &[mon], at(2026, 11, 24, 18, 1));
    assert!(s.cartridges[0].flagged);
    assert_ne!(s.level, Level::Green);
    // No rotation: no cartridges.
    assert!(status(&facts(false), &[], wednesday())
        .cartridges
        .is_empty());
}

fn with_mirror(mut r: RunRecord, outcome: RunOutcome) -> RunRecord {
    r.destinations.push(DestinationRecord {
        name: "nas".into(),
        role: DestinationRole::Mirror,
        outcome,
        snapshots: 1,
        bytes_written: 0,
        detail: None,
    });
    r
}

#[test]
fn mirror_lag_and_failed_mirrors() {
    let f = facts(false);
    let mirrored = with_mirror(
        backup("nightly", at(2026, 11, 24, 22, 50), 0),
        RunOutcome::Ok,
    );
    let s = status(&f, std::slice::from_ref(&mirrored), wednesday());
    assert_eq!(
        (s.mirrors[0].level, s.mirrors[0].lag_seconds),
        (Level::Green, Some(0))
    );
    // Tonight's mirror failed: the lag is one day, and the failure is said.
    let failed = with_mirror(
        backup("nightly", at(2026, 11, 25, 22, 50), 0),
        RunOutcome::Failed,
    );
    let s = status(&f, &[mirrored.clone(), failed], at(2026, 11, 26, 8, 0));
    assert!(s.mirrors[0].last_failed);
    assert_eq!(s.mirrors[0].lag_seconds, Some(86_400));
    assert_eq!(s.mirrors[0].level, Level::Yellow);
    // A week of backups without the mirror: red.
    let mut records = vec![mirrored];
    for d in 25..=30 {
        records.push(backup("nightly", at(2026, 11, d, 22, 50), 0));
    }
    records.push(backup("nightly", at(2026, 12, 2, 22, 50), 0));
    let s = status(&f, &records, at(2026, 12, 3, 8, 0));
    assert_eq!(s.mirrors[0].level, Level::Red);
}

#[test]
fn the_drill_is_due_when_missing_failed_or_older_than_100_days() {
    let f = facts(false);
    let ok = [backup("nightly", at(2026, 11, 24, 22, 50), 0)];
    let s = status(&f, &ok, wednesday());
    assert_eq!((s.drill.level, s.drill.last), (Level::Yellow, None));
    let mut drill = RunRecord::start(RunKind::Drill, None, "P");
    drill.ended = at(2026, 10, 1, 9, 0).with_timezone(&Utc);
    let mut records = ok.to_vec();
    records.push(drill.clone());
    let s = status(&f, &records, wednesday());
    assert_eq!((s.drill.level, s.drill.age_days), (Level::Green, Some(55)));
    assert_eq!(s.level, Level::Yellow, "mirror never mirrored");
    let s = status(&f, &records, at(2027, 1, 10, 9, 0));
    assert_eq!(s.drill.level, Level::Yellow);
    drill.outcome = RunOutcome::Failed;
    let s = status(&f, &[drill], wednesday());
    assert_eq!(s.drill.passed, Some(false));
    assert_eq!(s.drill.level, Level::Yellow);
}

#[test]
fn only_the_newest_run_s_warnings_that_need_a_person_are_shown() {
    let f = facts(false);
    let mut old = backup("nightly", at(2026, 11, 23, 22, 50), 1);
    old.warnings.push(Notice {
        code: "database_failed".into(),
        text: "alt".into(),
    });
    let mut new = backup("nightly", at(2026, 11, 24, 22, 50), 1);
    new.warnings.push(Notice {
        code: "sql_log_growth".into(),
        text: "Das Transaktionsprotokoll wächst".into(),
    });
    new.warnings.push(Notice {
        code: "backup".into(),
        text: "Datei geändert".into(),
    });
    let s = status(&f, &[old, new], wednesday());
    assert_eq!(s.attention.len(), 1, "{:?}", s.attention);
    assert_eq!(s.attention[0].code, "sql_log_growth");
    assert_eq!(s.attention[0].job.as_deref(), Some("nightly"));
    assert_eq!(s.level, Level::Yellow);
}

#[test]
fn next_runs_follow_the_schedules_and_no_jobs_is_unknown() {
    let s = status(&facts(false), &[], wednesday());
    assert_eq!(s.next_runs.len(), 1, "manual jobs have none");
    assert_eq!(s.next_runs[0].at, at(2026, 11, 25, 22, 30));
    let empty = Facts {
        jobs: vec![],
        rotation: None,
    };
    let s = status(&empty, &[], wednesday());
    assert_eq!((s.level, s.level.code()), (Level::Unknown, 3));
}

#[test]
fn all_well_is_green_and_exit_0() {
    let f = facts(false);
    let mut drill = RunRecord::start(RunKind::Drill, None, "P");
    drill.ended = at(2026, 11, 1, 9, 0).with_timezone(&Utc);
    let records = [
        with_mirror(
            backup("nightly", at(2026, 11, 24, 22, 50), 0),
            RunOutcome::Ok,
        ),
        drill,
    ];
    let s = status(&f, &records, wednesday());
    assert_eq!((s.level, s.level.code()), (Level::Green, 0), "{s:#?}");
}

type Parsed = (i32, String, Vec<(String, i64)>, String);

/// `STATUS "NAME" METRICS DETAIL` (docs.checkmk.com, localchecks).
fn parse_check_line(line: &str) -> Option<Parsed> {
    let (state, rest) = line.split_once(' ')?;
    let state: i32 = state.parse().ok().filter(|s| (0..=3).contains(s))?;
    let rest = rest.strip_prefix('"')?;
    let (name, rest) = rest.split_once("\" ")?;
    if name.is_empty() || name.contains('"') {
        return None;
    }
    let (metrics, detail) = rest.split_once(' ')?;
    let metrics = if metrics == "-" {
        vec![]
    } else {
        metrics
            .split('|')
            .map(|m| {
                let (n, v) = m.split_once('=')?;
                let ok = !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                ok.then_some(())?;
                Some((n.to_string(), v.parse().ok()?))
            })
            .collect::<Option<Vec<_>>>()?
    };
    if detail.is_empty() || detail.contains('\n') {
        return None;
    }
    Some((state, name.to_string(), metrics, detail.to_string()))
}

#[test]
fn checkmk_lines_follow_the_local_check_format() {
    let f = facts(true);
    let records = [
        with_mirror(
            backup("nightly", at(2026, 11, 23, 22, 50), 0),
            RunOutcome::Ok,
        ),
        backup("feierabend", at(2026, 11, 24, 18, 0), 0),
    ];
    let s = status(&f, &records, wednesday());
    let lines: Vec<String> = crate::report::checkmk::lines(crate::i18n::Language::De, &s)
        .iter()
        .map(ToString::to_string)
        .collect();
    let parsed: Vec<_> = lines
        .iter()
        .map(|l| parse_check_line(l).unwrap_or_else(|| panic!("bad line: {l}")))
        .collect();
    let names: Vec<&str> = parsed.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        names,
        [
            "tresor backup nightly",
            "tresor backup feierabend",
            "tresor cartridges feierabend",
            "tresor mirror nightly nas",
            "tresor drill",
            "tresor warnings"
        ]
    );
    assert_eq!(parsed[0].0, 1, "one missed night: WARN");
    assert_eq!(parsed[0].2[1], ("missed".to_string(), 1));
    assert!(
        parsed[0].3.contains("1 geplanter Lauf seither ohne Erfolg"),
        "{}",
        parsed[0].3
    );
    assert_eq!(parsed[2].0, 1, "two cartridges never written");
    assert_eq!(parsed[4].2, vec![], "no drill: no metric");
    assert!(
        lines[4].starts_with("1 \"tresor drill\" - "),
        "{}",
        lines[4]
    );
}

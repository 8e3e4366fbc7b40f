//! The words of a job mail: subject and plain-text body from a
//! [`RunRecord`], in the practice's language. Pure: no clock (the record's
//! times, shown in the server's local time zone), no I/O.
//!
//! The body is read by practice staff first and by the IT partner last:
//! outcome in one sentence, what was saved and where, warnings and errors as
//! the record has them, what to do now (which cartridge to take out, where it
//! goes, which to insert; whom to call after a failure), then the technical
//! details (snapshot id, host, times, bytes) for the IT partner.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Local, Weekday};

use crate::i18n::{self, Language};
use crate::report::record::{DestinationRole, RunKind, RunOutcome, RunRecord};
use crate::tr;

/// A composed mail: the subject (one line) and the body (lines ending in
/// `\n`; the sender turns them into CRLF).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailText {
    /// `Datensicherung erfolgreich – Praxis Dr. Muster – Di 24.11.`
    pub subject: String,
    /// Plain text, UTF-8.
    pub body: String,
}

/// The mail for one run. Works for any record, also one of a run that died
/// before it wrote anything (no snapshot, no items, only errors).
pub fn compose(lang: Language, r: &RunRecord) -> MailText {
    let started = r.started_local();
    let alarm = r
        .guard
        .as_ref()
        .filter(|g| g.alarm && r.kind == RunKind::Backup);
    let subject = tr!(
        lang,
        "mail-subject",
        title = match alarm {
            Some(_) => tr!(lang, "guard-alarm-title"),
            None => title(lang, r.kind, r.outcome),
        },
        practice = practice(r),
        date = date(lang, &started, false)
    );
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", tr!(lang, "mail-greeting"));
    let run = match &r.job {
        Some(job) => tr!(
            lang,
            "mail-run-named",
            run = run_noun(lang, r.kind),
            job = job
        ),
        None => tr!(lang, "mail-run-unnamed", run = run_noun(lang, r.kind)),
    };
    let _ = writeln!(
        b,
        "{}",
        tr!(
            lang,
            "mail-intro",
            outcome = outcome_key(r.outcome),
            run = run
        )
    );
    let ended = r.ended.with_timezone(&Local);
    let _ = writeln!(
        b,
        "{}",
        tr!(
            lang,
            "mail-when",
            date = date(lang, &started, true),
            start = started.format("%H:%M").to_string(),
            end = ended.format("%H:%M").to_string()
        )
    );

    if let Some(g) = alarm {
        let _ = writeln!(
            b,
            "\n{}\n{}",
            tr!(lang, "guard-alarm-title"),
            tr!(lang, "guard-alarm-lead")
        );
        for l in crate::report::guard_text::seen(lang, g) {
            let _ = writeln!(b, "  – {l}");
        }
        let _ = writeln!(b, "{}", tr!(lang, "guard-alarm-kept"));
    }
    saved(&mut b, lang, r);
    places(&mut b, lang, r);
    notices(&mut b, tr!(lang, "mail-warnings-heading"), &r.warnings);
    // The alarm has its own section above.
    let errors: Vec<_> = r
        .errors
        .iter()
        .filter(|n| alarm.is_none() || n.code != "ransomware_suspected")
        .cloned()
        .collect();
    notices(&mut b, tr!(lang, "mail-errors-heading"), &errors);
    todo(&mut b, lang, r);
    technical(&mut b, lang, r, &started, &ended);
    let _ = writeln!(
        b,
        "\n-- \n{}",
        tr!(
            lang,
            "mail-footer",
            version = env!("CARGO_PKG_VERSION"),
            host = &r.host
        )
    );
    MailText { subject, body: b }
}

/// The test mail of `tresor mail test`: says that mail delivery works, and
/// from where.
pub fn compose_test(lang: Language, practice: &str, host: &str, now: DateTime<Local>) -> MailText {
    MailText {
        subject: tr!(
            lang,
            "mail-test-subject",
            practice = practice,
            date = date(lang, &now, false)
        ),
        body: format!(
            "{}\n\n{}\n\n-- \n{}\n",
            tr!(lang, "mail-greeting"),
            tr!(
                lang,
                "mail-test-body",
                practice = practice,
                host = host,
                time = now.format("%d.%m.%Y %H:%M").to_string()
            ),
            tr!(
                lang,
                "mail-footer",
                version = env!("CARGO_PKG_VERSION"),
                host = host
            )
        ),
    }
}

/// The practice's name, or the host when the record has none.
fn practice(r: &RunRecord) -> &str {
    if r.practice.trim().is_empty() {
        &r.host
    } else {
        &r.practice
    }
}

fn kind_key(k: RunKind) -> &'static str {
    match k {
        RunKind::Backup => "backup",
        RunKind::Mirror => "mirror",
        RunKind::Forget => "forget",
        RunKind::Restore => "restore",
        RunKind::RestoreDb => "restore_db",
        RunKind::Drill => "drill",
        RunKind::Check => "check",
        RunKind::Guard => "guard",
        RunKind::KeyRotate => "key_rotate",
        RunKind::KeyAddRecovery => "key_add_recovery",
    }
}

fn outcome_key(o: RunOutcome) -> &'static str {
    match o {
        RunOutcome::Ok => "ok",
        RunOutcome::Warnings => "warnings",
        RunOutcome::Failed => "failed",
    }
}

/// `Datensicherung erfolgreich` / `Restore drill FAILED`.
fn title(lang: Language, kind: RunKind, outcome: RunOutcome) -> String {
    tr!(
        lang,
        "mail-title",
        outcome = outcome_key(outcome),
        run = tr!(lang, "mail-run-title", kind = kind_key(kind))
    )
}

/// The run's noun inside a sentence (`Datensicherung`, `backup`).
fn run_noun(lang: Language, kind: RunKind) -> String {
    tr!(lang, "mail-run-noun", kind = kind_key(kind))
}

/// `Di 24.11.` / `Tue 24 Nov`, with the year when `year`.
pub fn date(lang: Language, d: &DateTime<Local>, year: bool) -> String {
    let weekday = match d.weekday() {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    };
    let weekday = tr!(lang, "mail-weekday", day = weekday);
    let (day, dd, month, mm) = (
        d.day().to_string(),
        format!("{:02}", d.day()),
        d.month(),
        format!("{:02}", d.month()),
    );
    if year {
        tr!(
            lang,
            "mail-date-year",
            weekday = weekday,
            day = day,
            dd = dd,
            month = month,
            mm = mm,
            year = d.year().to_string()
        )
    } else {
        tr!(
            lang,
            "mail-date",
            weekday = weekday,
            day = day,
            dd = dd,
            month = month,
            mm = mm
        )
    }
}

/// What was saved (restored, checked): files, size, databases, the read-back.
fn saved(b: &mut String, lang: Language, r: &RunRecord) {
    let mut lines = Vec::new();
    if r.items > 0 || r.bytes_total > 0 {
        lines.push(tr!(
            lang,
            "mail-items",
            items = r.items,
            size = i18n::size(lang, r.bytes_total)
        ));
    }
    for d in &r.databases {
        lines.push(match (&d.ok, &d.detail) {
            (true, _) => tr!(
                lang,
                "mail-database-ok",
                kind = kind_key(r.kind),
                name = &d.name
            ),
            (false, Some(detail)) => tr!(
                lang,
                "mail-database-failed-because",
                kind = kind_key(r.kind),
                name = &d.name,
                detail = detail
            ),
            (false, None) => tr!(
                lang,
                "mail-database-failed",
                kind = kind_key(r.kind),
                name = &d.name
            ),
        });
    }
    if let Some(v) = &r.verification {
        lines.push(if v.failed == 0 {
            tr!(lang, "mail-verified-ok")
        } else {
            tr!(lang, "mail-verified-failed", failed = v.failed)
        });
    }
    if r.kind == RunKind::Backup && r.snapshot.is_none() {
        lines.push(tr!(lang, "mail-no-snapshot"));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        b,
        "\n{}",
        tr!(lang, "mail-saved-heading", kind = kind_key(r.kind))
    );
    for l in lines {
        let _ = writeln!(b, "  – {l}");
    }
}

/// Where: the cartridge, the destinations and how each ended.
fn places(b: &mut String, lang: Language, r: &RunRecord) {
    let mut lines = Vec::new();
    if let Some(m) = &r.medium {
        lines.push(match &m.expected {
            Some(expected) => tr!(
                lang,
                "mail-medium-unexpected",
                name = &m.name,
                expected = expected
            ),
            None => tr!(lang, "mail-medium", name = &m.name),
        });
    }
    for d in &r.destinations {
        let role = match d.role {
            DestinationRole::Primary => "primary",
            DestinationRole::Mirror => "mirror",
        };
        let state = tr!(lang, "mail-state", outcome = outcome_key(d.outcome));
        lines.push(match &d.detail {
            Some(detail) => tr!(
                lang,
                "mail-destination-because",
                role = role,
                name = &d.name,
                state = state,
                detail = detail
            ),
            None => tr!(
                lang,
                "mail-destination",
                role = role,
                name = &d.name,
                state = state
            ),
        });
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(b, "\n{}", tr!(lang, "mail-places-heading"));
    for l in lines {
        let _ = writeln!(b, "  – {l}");
    }
}

fn notices(b: &mut String, heading: String, list: &[crate::report::record::Notice]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(b, "\n{heading}");
    for n in list {
        // A multi-line text stays readable as one indented item.
        let text = n.text.trim().replace('\n', "\n    ");
        let _ = writeln!(b, "  – {text}");
    }
}

/// What to do now: the cartridges, and whom to call.
fn todo(b: &mut String, lang: Language, r: &RunRecord) {
    let _ = writeln!(b, "\n{}", tr!(lang, "mail-todo-heading"));
    if let Some(a) = &r.advice {
        let _ = writeln!(
            b,
            "  – {}",
            tr!(
                lang,
                "mail-todo-take-out",
                take_out = &a.take_out,
                goes_to = &a.goes_to
            )
        );
        let _ = writeln!(
            b,
            "  – {}",
            tr!(lang, "mail-todo-insert", insert_next = &a.insert_next)
        );
    }
    if r.guard.as_ref().is_some_and(|g| g.alarm) && r.kind == RunKind::Backup {
        let _ = writeln!(b, "  – {}", tr!(lang, "guard-todo-staff"));
        let _ = writeln!(b, "  – {}", tr!(lang, "guard-todo-technician"));
        return;
    }
    let line = match r.outcome {
        RunOutcome::Ok if r.advice.is_some() => None,
        RunOutcome::Ok => Some(tr!(lang, "mail-todo-nothing")),
        RunOutcome::Warnings => Some(tr!(lang, "mail-todo-warnings")),
        RunOutcome::Failed => Some(tr!(lang, "mail-todo-failed", kind = kind_key(r.kind))),
    };
    if let Some(l) = line {
        let _ = writeln!(b, "  – {l}");
    }
}

/// The facts for the IT partner.
fn technical(
    b: &mut String,
    lang: Language,
    r: &RunRecord,
    started: &DateTime<Local>,
    ended: &DateTime<Local>,
) {
    let _ = writeln!(b, "\n{}", tr!(lang, "mail-tech-heading"));
    let mut row = |label: String, value: String| {
        let _ = writeln!(b, "  {label}: {value}");
    };
    row(tr!(lang, "mail-tech-kind"), kind_key(r.kind).to_string());
    if let Some(job) = &r.job {
        row(tr!(lang, "mail-tech-job"), job.clone());
    }
    row(tr!(lang, "mail-tech-host"), r.host.clone());
    let time = |t: &DateTime<Local>| t.format("%d.%m.%Y %H:%M:%S %:z").to_string();
    row(tr!(lang, "mail-tech-started"), time(started));
    row(tr!(lang, "mail-tech-ended"), time(ended));
    row(
        tr!(lang, "mail-tech-exit"),
        format!("{} ({})", r.exit_code, outcome_key(r.outcome)),
    );
    if let Some(s) = &r.snapshot {
        row(tr!(lang, "mail-tech-snapshot"), s.clone());
    }
    if r.items > 0 || r.bytes_total > 0 || r.bytes_new > 0 {
        row(
            tr!(lang, "mail-tech-bytes"),
            tr!(
                lang,
                "mail-tech-bytes-value",
                items = r.items,
                total = i18n::size(lang, r.bytes_total),
                new = i18n::size(lang, r.bytes_new),
                stored = i18n::size(lang, r.bytes_stored)
            ),
        );
    }
    if let Some(m) = &r.medium {
        row(
            tr!(lang, "mail-tech-medium"),
            format!("{} ({})", m.name, m.id),
        );
    }
    for d in &r.destinations {
        row(
            tr!(lang, "mail-tech-destination", name = &d.name),
            tr!(
                lang,
                "mail-tech-destination-value",
                outcome = outcome_key(d.outcome),
                snapshots = d.snapshots,
                written = i18n::size(lang, d.bytes_written)
            ),
        );
    }
    if let Some(v) = &r.verification {
        row(
            tr!(lang, "mail-tech-verified"),
            tr!(
                lang,
                "mail-tech-verified-value",
                blobs = v.blobs,
                size = i18n::size(lang, v.bytes),
                failed = v.failed
            ),
        );
    }
    let codes: Vec<&str> = r
        .warnings
        .iter()
        .chain(&r.errors)
        .map(|n| n.code.as_str())
        .collect();
    if !codes.is_empty() {
        row(tr!(lang, "mail-tech-codes"), codes.join(", "));
    }
}

//! The words of `tresor status`: each part of a [`Status`] as one phrase in
//! the practice's language, shared by the text view and the Checkmk lines.

use chrono::{DateTime, FixedOffset, Utc};

use super::status::{
    CartridgeStatus, DrillStatus, JobReason, JobStatus, Level, MirrorStatus, Status,
};
use crate::i18n::Language;
use crate::tr;

/// The headline for the overall level.
pub fn headline(lang: Language, level: Level) -> String {
    match level {
        Level::Green => tr!(lang, "status-level-green"),
        Level::Yellow => tr!(lang, "status-level-yellow"),
        Level::Red => tr!(lang, "status-level-red"),
        Level::Unknown => tr!(lang, "status-level-unknown"),
    }
}

/// "3 Stunden", "2 Tagen": an age in the unit a person would use.
pub fn age(lang: Language, seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 3600 {
        tr!(lang, "status-age-minutes", count = s / 60)
    } else if s < 2 * 86_400 {
        tr!(lang, "status-age-hours", count = s / 3600)
    } else {
        tr!(lang, "status-age-days", count = s / 86_400)
    }
}

/// A UTC time as the server's local date and time (`24.11.2026 22:31`).
pub fn when(t: DateTime<Utc>, now: &DateTime<FixedOffset>) -> String {
    t.with_timezone(now.offset())
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// One job's phrase.
pub fn job(lang: Language, j: &JobStatus, now: &DateTime<FixedOffset>) -> String {
    let (time, age_text) = match (j.last_success, j.age_seconds) {
        (Some(t), Some(a)) => (when(t, now), age(lang, a)),
        _ => (String::new(), String::new()),
    };
    match j.reason {
        JobReason::Ok => tr!(lang, "status-job-ok", time = time, age = age_text),
        JobReason::Overdue if j.schedule == "manual" => tr!(
            lang,
            "status-job-overdue-manual",
            time = time,
            age = age_text
        ),
        JobReason::Overdue => tr!(
            lang,
            "status-job-overdue",
            time = time,
            age = age_text,
            missed = j.missed
        ),
        JobReason::LastFailed => tr!(lang, "status-job-last-failed", time = time, age = age_text),
        JobReason::NeverSucceeded => tr!(lang, "status-job-never-succeeded"),
        JobReason::NeverRan => tr!(lang, "status-job-never-ran"),
        JobReason::Manual if j.last_success.is_some() => {
            tr!(lang, "status-job-manual", time = time, age = age_text)
        }
        JobReason::Manual => tr!(lang, "status-job-manual-never"),
    }
}

/// One cartridge's phrase.
pub fn cartridge(lang: Language, c: &CartridgeStatus, now: &DateTime<FixedOffset>) -> String {
    match (c.last_written, c.age_days) {
        (Some(_), Some(days)) if c.flagged => tr!(lang, "status-cartridge-old", days = days),
        (Some(t), _) => tr!(lang, "status-cartridge-ok", time = when(t, now)),
        _ => tr!(lang, "status-cartridge-never"),
    }
}

/// A set of cartridges (one job's) in one phrase.
pub fn cartridge_set(lang: Language, set: &[&CartridgeStatus]) -> String {
    let flagged: Vec<&str> = set
        .iter()
        .filter(|c| c.flagged)
        .map(|c| c.name.as_str())
        .collect();
    if flagged.is_empty() {
        tr!(lang, "status-cartridges-ok", count = set.len())
    } else {
        tr!(
            lang,
            "status-cartridges-flagged",
            names = flagged.join(", ")
        )
    }
}

/// One mirror's phrase.
pub fn mirror(lang: Language, m: &MirrorStatus) -> String {
    let mut text = match (m.last_backup, m.last_mirrored, m.lag_seconds) {
        (None, _, _) => tr!(lang, "status-mirror-no-backup"),
        (Some(_), None, _) => tr!(lang, "status-mirror-never"),
        (Some(_), Some(_), Some(lag)) if lag > 0 => {
            tr!(lang, "status-mirror-lag", age = age(lang, lag))
        }
        _ => tr!(lang, "status-mirror-ok"),
    };
    if m.last_failed {
        text = format!("{text}; {}", tr!(lang, "status-mirror-failed"));
    }
    text
}

/// The drill's phrase.
pub fn drill(lang: Language, d: &DrillStatus, now: &DateTime<FixedOffset>) -> String {
    let Some(t) = d.last else {
        return tr!(lang, "status-drill-never");
    };
    let (time, age_text) = (
        when(t, now),
        age(lang, (now.with_timezone(&Utc) - t).num_seconds()),
    );
    match (d.passed, d.level) {
        (Some(false), _) => tr!(lang, "status-drill-failed", time = time, age = age_text),
        (_, Level::Green) => tr!(lang, "status-drill-ok", time = time, age = age_text),
        _ => tr!(lang, "status-drill-old", time = time, age = age_text),
    }
}

/// The whole status as text lines for a person.
pub fn lines(lang: Language, s: &Status) -> Vec<String> {
    let mark = |l: Level| match l {
        Level::Green => "✓",
        Level::Yellow => "!",
        Level::Red => "✗",
        Level::Unknown => "?",
    };
    let mut out = vec![headline(lang, s.level), String::new()];
    let width = s
        .jobs
        .iter()
        .map(|j| j.name.chars().count())
        .max()
        .unwrap_or(0);
    out.push(tr!(lang, "status-heading-jobs"));
    for j in &s.jobs {
        out.push(format!(
            "  {} {:<width$}  {}",
            mark(j.level),
            j.name,
            job(lang, j, &s.now)
        ));
    }
    if !s.cartridges.is_empty() {
        out.push(tr!(lang, "status-heading-cartridges"));
        let w = s
            .cartridges
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        for c in &s.cartridges {
            let l = if c.flagged {
                Level::Yellow
            } else {
                Level::Green
            };
            out.push(format!(
                "  {} {:<w$}  {}",
                mark(l),
                c.name,
                cartridge(lang, c, &s.now)
            ));
        }
    }
    if !s.mirrors.is_empty() {
        out.push(tr!(lang, "status-heading-mirrors"));
        for m in &s.mirrors {
            out.push(format!(
                "  {} {} → {}  {}",
                mark(m.level),
                m.job,
                m.mirror,
                mirror(lang, m)
            ));
        }
    }
    out.push(tr!(lang, "status-heading-drill"));
    out.push(format!(
        "  {} {}",
        mark(s.drill.level),
        drill(lang, &s.drill, &s.now)
    ));
    out.push(tr!(lang, "status-heading-attention"));
    if s.attention.is_empty() {
        out.push(format!("  {}", tr!(lang, "status-attention-none")));
    }
    for a in &s.attention {
        out.push(format!(
            "  ! {}{}",
            a.job
                .as_deref()
                .map(|j| format!("{j}: "))
                .unwrap_or_default(),
            super::one_line(&a.text)
        ));
    }
    if !s.next_runs.is_empty() {
        out.push(tr!(lang, "status-heading-next"));
        for n in &s.next_runs {
            out.push(format!(
                "  {:<width$}  {}",
                n.job,
                n.at.format("%d.%m.%Y %H:%M")
            ));
        }
    }
    out
}

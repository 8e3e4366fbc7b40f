//! When a job runs: `manual` or a weekly cron line `MINUTE HOUR * * DAYS`.
//!
//! Only what Windows Task Scheduler can express as weekly triggers is
//! accepted (fixed minutes and hours, named weekdays, every day of month and
//! month), so every valid schedule can later be installed as it is written.
//! Defaults per job name come from `schedules/default.yaml`.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, TimeZone};

/// The embedded default schedules (`schedules/default.yaml`).
pub const DEFAULT_SCHEDULES_YAML: &str = include_str!("../../schedules/default.yaml");

#[derive(Clone, Debug)]
pub enum Schedule {
    /// Started by hand (desktop shortcut, technician).
    Manual,
    /// A weekly cron line, as written, and its parsed form.
    Cron {
        line: String,
        parsed: Box<cron::Schedule>,
    },
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Schedule::Manual, Schedule::Manual) => true,
            (Schedule::Cron { line: a, .. }, Schedule::Cron { line: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Eq for Schedule {}

/// Why a schedule is refused (the config error adds file, line and column).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleProblem {
    #[error("needs five fields `MINUTE HOUR * * DAYS`, found {0}")]
    FieldCount(usize),
    #[error("day of month and month must be `*` (Task Scheduler runs weekly triggers)")]
    NotWeekly,
    #[error("write days as names (Mon-Fri, Sat, Sun): in cron, 0 and 7 mean Sunday but 1 means Monday or Sunday depending on the program")]
    NumericDays,
    #[error("minute and hour must be numbers or lists of numbers (e.g. `30 22` or `0 12,22`)")]
    NotFixedTime,
    #[error("{0}")]
    Invalid(String),
}

impl Schedule {
    /// Parses `manual` or `MINUTE HOUR * * DAYS`.
    pub fn parse(text: &str) -> Result<Schedule, ScheduleProblem> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("manual") {
            return Ok(Schedule::Manual);
        }
        let fields: Vec<&str> = text.split_whitespace().collect();
        let [minute, hour, dom, month, days] = fields[..] else {
            return Err(ScheduleProblem::FieldCount(fields.len()));
        };
        if dom != "*" || month != "*" {
            return Err(ScheduleProblem::NotWeekly);
        }
        if days.chars().any(|c| c.is_ascii_digit()) {
            return Err(ScheduleProblem::NumericDays);
        }
        let fixed = |f: &str| {
            !f.is_empty()
                && f.split(',')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
        if !fixed(minute) || !fixed(hour) {
            return Err(ScheduleProblem::NotFixedTime);
        }
        let line = fields.join(" ");
        // The cron crate wants seconds first.
        let parsed = cron::Schedule::from_str(&format!("0 {line}"))
            .map_err(|e| ScheduleProblem::Invalid(e.to_string()))?;
        Ok(Schedule::Cron {
            line,
            parsed: Box::new(parsed),
        })
    }

    /// The next run after `after`, or None for a manual job.
    pub fn next_after<Tz: TimeZone>(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        match self {
            Schedule::Manual => None,
            Schedule::Cron { parsed, .. } => parsed.after(after).next(),
        }
    }

    /// As it would be written in tresor.yaml.
    pub fn as_written(&self) -> &str {
        match self {
            Schedule::Manual => "manual",
            Schedule::Cron { line, .. } => line,
        }
    }
}

/// The default schedule of every job name that has one.
pub fn defaults() -> BTreeMap<String, Schedule> {
    // The embedded file is checked by a unit test; a line that does not parse
    // would make its job manual rather than stop every run.
    serde_yaml_ng::from_str::<BTreeMap<String, String>>(DEFAULT_SCHEDULES_YAML)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(job, s)| Schedule::parse(&s).ok().map(|s| (job, s)))
        .collect()
}

/// A job's schedule when tresor.yaml does not give one.
pub fn default_for(job: &str) -> Schedule {
    defaults().remove(job).unwrap_or(Schedule::Manual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike, Weekday};

    #[test]
    fn embedded_defaults_parse() {
        let d = defaults();
        let raw: BTreeMap<String, String> =
            serde_yaml_ng::from_str(DEFAULT_SCHEDULES_YAML).unwrap();
        assert_eq!(d.len(), raw.len(), "every default parses");
        assert_eq!(d["feierabend"], Schedule::Manual);
        assert_eq!(d["nightly"].as_written(), "30 22 * * Mon-Fri");
        assert_eq!(default_for("nas"), Schedule::Manual);
    }

    #[test]
    fn nightly_runs_on_workdays_only() {
        let s = Schedule::parse("30 22 * * Mon-Fri").unwrap();
        // Friday 2026-11-27 23:00 → next is Monday 22:30.
        let fri = chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 23, 0, 0)
            .unwrap();
        let next = s.next_after(&fri).unwrap();
        assert_eq!(next.weekday(), Weekday::Mon);
        assert_eq!((next.day(), next.hour(), next.minute()), (30, 22, 30));
        // Tuesday 10:00 → Tuesday 22:30.
        let tue = chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .unwrap();
        assert_eq!(s.next_after(&tue).unwrap().day(), 24);
        assert_eq!(Schedule::Manual.next_after(&tue), None);
    }

    #[test]
    fn what_task_scheduler_cannot_run_is_refused() {
        use ScheduleProblem as P;
        for (text, want) in [
            ("30 22 * *", P::FieldCount(4)),
            ("30 22 1 * Mon", P::NotWeekly),
            ("30 22 * 12 Mon", P::NotWeekly),
            ("30 22 * * 1-5", P::NumericDays),
            ("*/15 22 * * Mon", P::NotFixedTime),
            ("30 * * * Mon", P::NotFixedTime),
        ] {
            assert_eq!(Schedule::parse(text).unwrap_err(), want, "{text}");
        }
        assert!(matches!(
            Schedule::parse("30 22 * * Mon-Fry"),
            Err(P::Invalid(_))
        ));
        assert!(matches!(
            Schedule::parse("75 22 * * Mon"),
            Err(P::Invalid(_))
        ));
        assert_eq!(Schedule::parse(" Manual ").unwrap(), Schedule::Manual);
        let two = Schedule::parse("0 12,22 * * Mon,Wed,Fri").unwrap();
        assert_eq!(two.as_written(), "0 12,22 * * Mon,Wed,Fri");
    }
}

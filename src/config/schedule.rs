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

/// Why a schedule is refused (the config error adds file, line and column;
/// the words are in `error_text.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// Not five fields; the count found.
    FieldCount(usize),
    /// Day of month or month is not `*`.
    NotWeekly,
    /// Days written as numbers (0, 1 and 7 mean different days in different programs).
    NumericDays,
    /// Minute or hour is a range, step or `*`.
    NotFixedTime,
    /// A minute above 59, as written.
    MinuteOutOfRange(String),
    /// An hour above 23, as written.
    HourOutOfRange(String),
    /// A day name cron does not know (`Mo`, `Fry`), with the closest name.
    UnknownDay {
        /// As written.
        day: String,
        /// The day meant, if it can be guessed.
        suggestion: Option<String>,
    },
    /// A part of the days field that is no day and no forward range
    /// (`Fri-Mon`: cron counts Sun..Sat, so it would wrap; `Mon-Tue-Wed`).
    DayPart {
        /// As written.
        part: String,
        /// The same days as a list (`Fri,Sat,Sun,Mon`), for a wrapping range.
        list: Option<String>,
    },
    /// Refused by the cron parser for another reason (its English text).
    Invalid(String),
}

impl std::fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::error_text::schedule_problem(
            crate::i18n::Language::En,
            self,
        ))
    }
}

impl std::error::Error for ScheduleProblem {}

/// Day names as cron reads them (lower case).
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The English day name for a German abbreviation or a near miss.
fn day_suggestion(day: &str) -> Option<String> {
    let german = match day.to_ascii_lowercase().as_str() {
        "mo" | "montag" => "Mon",
        "di" | "dienstag" => "Tue",
        "mi" | "mittwoch" => "Wed",
        "do" | "donnerstag" => "Thu",
        "fr" | "freitag" => "Fri",
        "sa" | "samstag" | "sonnabend" => "Sat",
        "so" | "sonntag" => "Sun",
        _ => "",
    };
    if !german.is_empty() {
        return Some(german.to_string());
    }
    let lower = day.to_ascii_lowercase();
    super::suggest::closest(&lower, &DAY_NAMES).map(|d| {
        let mut c = d.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    })
}

/// Checks what the cron parser would refuse, so the reason can be named.
fn check_fields(minute: &str, hour: &str, days: &str) -> Result<(), ScheduleProblem> {
    for m in minute.split(',') {
        if m.parse::<u32>().map_or(true, |v| v > 59) {
            return Err(ScheduleProblem::MinuteOutOfRange(m.to_string()));
        }
    }
    for h in hour.split(',') {
        if h.parse::<u32>().map_or(true, |v| v > 23) {
            return Err(ScheduleProblem::HourOutOfRange(h.to_string()));
        }
    }
    if days == "*" {
        return Ok(());
    }
    for part in days.split(',') {
        day_part(part)?;
    }
    Ok(())
}

/// One comma part of the days field: a day, or a range that runs forward
/// in cron's week (Sun=1 … Sat=7 in the `cron` crate); the part is named
/// otherwise.
fn day_part(part: &str) -> Result<(), ScheduleProblem> {
    let ends: Vec<&str> = part.split('-').collect();
    for day in &ends {
        known_day(day)?;
    }
    let index = |d: &str| {
        let l = d.to_ascii_lowercase();
        DAY_NAMES.iter().position(|n| l.starts_with(n))
    };
    match ends[..] {
        [_] => Ok(()),
        [a, b] => {
            let (Some(ia), Some(ib)) = (index(a), index(b)) else {
                return Ok(());
            };
            // Cron's week starts on Sunday (DAY_NAMES starts on Monday).
            let cron = |i: usize| (i + 1) % 7;
            if cron(ia) <= cron(ib) {
                return Ok(());
            }
            let mut names = Vec::new();
            let mut i = ia;
            loop {
                let n = DAY_NAMES[i];
                names.push(n[..1].to_ascii_uppercase() + &n[1..]);
                if i == ib {
                    break;
                }
                i = (i + 1) % 7;
            }
            Err(ScheduleProblem::DayPart {
                part: part.to_string(),
                list: Some(names.join(",")),
            })
        }
        _ => Err(ScheduleProblem::DayPart {
            part: part.to_string(),
            list: None,
        }),
    }
}

fn known_day(day: &str) -> Result<(), ScheduleProblem> {
    let known = [
        "sun",
        "sunday",
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
    ];
    if !known.contains(&day.to_ascii_lowercase().as_str()) {
        return Err(ScheduleProblem::UnknownDay {
            day: day.to_string(),
            suggestion: day_suggestion(day),
        });
    }
    Ok(())
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
        check_fields(minute, hour, days)?;
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
        assert_eq!(
            Schedule::parse("30 22 * * Mon-Fry").unwrap_err(),
            P::UnknownDay {
                day: "Fry".into(),
                suggestion: Some("Fri".into())
            }
        );
        assert_eq!(
            Schedule::parse("30 22 * * Mo-Fr").unwrap_err(),
            P::UnknownDay {
                day: "Mo".into(),
                suggestion: Some("Mon".into())
            }
        );
        assert_eq!(
            Schedule::parse("75 22 * * Mon").unwrap_err(),
            P::MinuteOutOfRange("75".into())
        );
        assert_eq!(
            Schedule::parse("30 24 * * Mon").unwrap_err(),
            P::HourOutOfRange("24".into())
        );
        assert!(Schedule::parse("0 6 * * Monday,Thurs").is_ok());
        // A range that wraps round cron's week (Sun..Sat) is named, with
        // the same days as a list (issue 14 review: it was "not valid").
        for (text, part, list) in [
            ("30 22 * * Fri-Mon", "Fri-Mon", "Fri,Sat,Sun,Mon"),
            ("30 22 * * Mon,Sat-Sun", "Sat-Sun", "Sat,Sun"),
        ] {
            assert_eq!(
                Schedule::parse(text).unwrap_err(),
                P::DayPart {
                    part: part.into(),
                    list: Some(list.into())
                },
                "{text}"
            );
        }
        assert_eq!(
            Schedule::parse("30 22 * * Mon-Tue-Wed").unwrap_err(),
            P::DayPart {
                part: "Mon-Tue-Wed".into(),
                list: None
            }
        );
        assert!(Schedule::parse("30 22 * * Sun-Tue").is_ok());
        let msg = Schedule::parse("30 22 * * Fri-Mon")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("`Fri-Mon`") && msg.contains("`Fri,Sat,Sun,Mon`"),
            "{msg}"
        );
        assert_eq!(Schedule::parse(" Manual ").unwrap(), Schedule::Manual);
        let two = Schedule::parse("0 12,22 * * Mon,Wed,Fri").unwrap();
        assert_eq!(two.as_written(), "0 12,22 * * Mon,Wed,Fri");
    }
}

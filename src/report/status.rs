//! `tresor status`: what the journal says about the practice's backups,
//! summed up against the configuration at one moment — a pure function from
//! facts (jobs, schedules, cartridges, mirrors), the journal's records and
//! `now` to a typed [`Status`]. Rendering (text, JSON, Checkmk) is in
//! `status_text.rs` / the CLI.
//!
//! The thresholds are calm on purpose (docs/output.md, "status"): a job is
//! yellow when one scheduled run since its last successful backup is overdue
//! (6 h after it was due), red at two; a manual job with cartridges is judged
//! by working-day age (Saturdays and Sundays do not count): yellow after
//! 1.5 days, red after 3; a cartridge not written for more than 8 days is
//! flagged; a mirror is yellow when it lags the job's last backup by more
//! than 26 h or its last attempt failed, red after 7 days; the drill is
//! yellow when there was none, it failed, or it is older than 100 days.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};
use serde::Serialize;

use crate::config::rotation::Rotation;
use crate::config::{Config, Schedule};
use crate::report::record::{DestinationRole, RunKind, RunOutcome, RunRecord};

/// After a scheduled time, how long the run has to finish before it counts as missed.
pub const GRACE_HOURS: i64 = 6;
/// Manual jobs: yellow after this many working-day hours without a successful backup.
pub const MANUAL_YELLOW_HOURS: i64 = 36;
/// Manual jobs: red after this many working-day hours.
pub const MANUAL_RED_HOURS: i64 = 72;
/// A cartridge not written for more than this many days is flagged.
pub const CARTRIDGE_DAYS: i64 = 8;
/// A mirror lagging the last backup by more than this many hours is yellow.
pub const MIRROR_YELLOW_HOURS: i64 = 26;
/// … and by more than this many days red.
pub const MIRROR_RED_DAYS: i64 = 7;
/// A drill older than this many days is due again.
pub const DRILL_DAYS: i64 = 100;
/// Warnings of runs older than this many days are no longer shown.
pub const ATTENTION_DAYS: i64 = 8;

/// Warning and error codes (docs/output.md) that need a person to act:
/// a database not backed up, a mirror that did not get everything, the wrong
/// cartridge, a recovery key new backups are not encrypted to, and the codes
/// planned for SQL log growth, a nearly full medium and an expiring lock.
pub const NEEDS_A_HUMAN: &[&str] = &[
    "database_failed",
    "database_missing",
    "mirror_incomplete",
    "mirror_snapshot_skipped",
    "recovery_not_in_identity",
    "storage_object_lock_missing",
    "wrong_medium",
    "sql_log_growth",
    "medium_nearly_full",
    "lock_expiring",
];

/// Green, yellow, red — or unknown (nothing to judge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Green,
    Yellow,
    Red,
    Unknown,
}

impl Level {
    /// The monitoring plugin code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    /// (Nagios plugin guidelines; Checkmk local checks use the same numbers).
    pub fn code(self) -> i32 {
        match self {
            Level::Green => 0,
            Level::Yellow => 1,
            Level::Red => 2,
            Level::Unknown => 3,
        }
    }

    /// The worse of two; unknown only wins over nothing.
    pub fn worst(self, other: Level) -> Level {
        let rank = |l: Level| match l {
            Level::Unknown => 0,
            Level::Green => 1,
            Level::Yellow => 2,
            Level::Red => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// What the configuration says is expected.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The configured jobs.
    pub jobs: Vec<JobFacts>,
    /// The cartridge rotation (`None`: no rotation configured).
    pub rotation: Option<Rotation>,
}

/// One configured job.
#[derive(Clone, Debug)]
pub struct JobFacts {
    /// Its name.
    pub name: String,
    /// When it runs.
    pub schedule: Schedule,
    /// Its mirror destinations, in order.
    pub mirrors: Vec<String>,
}

impl Facts {
    /// The facts of a loaded configuration.
    pub fn from_config(c: &Config) -> Facts {
        Facts {
            jobs: c
                .jobs
                .values()
                .map(|j| JobFacts {
                    name: j.name.clone(),
                    schedule: j.schedule.clone(),
                    mirrors: j.mirrors.clone(),
                })
                .collect(),
            rotation: c.rotation.clone(),
        }
    }
}

/// Why a job has its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobReason {
    /// Backed up as expected.
    Ok,
    /// Scheduled runs were missed (see `missed`) or a manual job is too old.
    Overdue,
    /// The latest run failed (the last successful one is not overdue yet).
    LastFailed,
    /// Runs were recorded, none succeeded.
    NeverSucceeded,
    /// No run recorded yet.
    NeverRan,
    /// A manual job without cartridges: started by hand, not judged.
    Manual,
}

/// A job at a glance.
#[derive(Clone, Debug, Serialize)]
pub struct JobStatus {
    pub name: String,
    pub level: Level,
    pub reason: JobReason,
    /// `manual` or the cron line.
    pub schedule: String,
    /// End of the last run that ended `ok` or `warnings`, UTC.
    pub last_success: Option<DateTime<Utc>>,
    /// Seconds since then.
    pub age_seconds: Option<i64>,
    /// Scheduled runs due since then (6 h grace) that did not succeed.
    pub missed: u32,
    /// Outcome of the newest run of the job.
    pub last_outcome: Option<RunOutcome>,
}

/// One cartridge of the rotation.
#[derive(Clone, Debug, Serialize)]
pub struct CartridgeStatus {
    pub name: String,
    /// The job that writes it.
    pub job: String,
    /// When a backup last wrote to it, UTC.
    pub last_written: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub age_days: Option<i64>,
    /// Not written for more than 8 days, or never.
    pub flagged: bool,
}

/// One mirror of one job.
#[derive(Clone, Debug, Serialize)]
pub struct MirrorStatus {
    pub job: String,
    pub mirror: String,
    pub level: Level,
    /// The job's last successful backup, UTC.
    pub last_backup: Option<DateTime<Utc>>,
    /// The last successful copy to the mirror, UTC.
    pub last_mirrored: Option<DateTime<Utc>>,
    /// Seconds the mirror is behind the last backup (0: up to date).
    pub lag_seconds: Option<i64>,
    /// The newest attempt to copy there failed.
    pub last_failed: bool,
}

/// The newest restore drill.
#[derive(Clone, Debug, Serialize)]
pub struct DrillStatus {
    pub level: Level,
    /// When it ran, UTC.
    pub last: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub age_days: Option<i64>,
    /// It passed.
    pub passed: Option<bool>,
}

/// A warning of a recent run that needs a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attention {
    /// The warning's code (docs/output.md).
    pub code: String,
    /// Its text, in the language of the run.
    pub text: String,
    /// The job of the run, if any.
    pub job: Option<String>,
    /// When that run started, UTC.
    pub time: DateTime<Utc>,
}

/// A scheduled job's next start.
#[derive(Clone, Debug, Serialize)]
pub struct NextRun {
    pub job: String,
    /// Local time with offset.
    pub at: DateTime<FixedOffset>,
}

/// Everything `tresor status` shows.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// The overall level: the worst of the parts.
    pub level: Level,
    /// The moment judged, local time with offset.
    pub now: DateTime<FixedOffset>,
    pub jobs: Vec<JobStatus>,
    /// Empty without a rotation.
    pub cartridges: Vec<CartridgeStatus>,
    pub mirrors: Vec<MirrorStatus>,
    pub drill: DrillStatus,
    pub attention: Vec<Attention>,
    pub next_runs: Vec<NextRun>,
}

fn succeeded(r: &RunRecord) -> bool {
    r.outcome != RunOutcome::Failed
}

/// Sums up `records` (any order) against `facts` at `now` (local time of
/// the server, with its offset: weekends and schedules are local).
pub fn status(facts: &Facts, records: &[RunRecord], now: DateTime<FixedOffset>) -> Status {
    let now_utc = now.with_timezone(&Utc);
    let mut sorted: Vec<&RunRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.started);

    let jobs: Vec<JobStatus> = facts
        .jobs
        .iter()
        .map(|j| job_status(j, facts, &sorted, now))
        .collect();
    let cartridges = facts
        .rotation
        .iter()
        .flat_map(|rot| rot.cartridges.iter())
        .map(|c| {
            let last_written = sorted
                .iter()
                .rev()
                .find(|r| {
                    r.kind == RunKind::Backup
                        && (succeeded(r) || r.snapshot.is_some())
                        && r.medium.as_ref().is_some_and(|m| m.name == c.name)
                })
                .map(|r| r.ended);
            let age_days = last_written.map(|t| (now_utc - t).num_days());
            CartridgeStatus {
                name: c.name.clone(),
                job: c.job.clone(),
                last_written,
                age_days,
                flagged: last_written.is_none_or(|t| now_utc - t > Duration::days(CARTRIDGE_DAYS)),
            }
        })
        .collect();
    let mirrors = facts
        .jobs
        .iter()
        .flat_map(|j| j.mirrors.iter().map(move |m| (j, m)))
        .map(|(j, m)| {
            let last_backup = jobs
                .iter()
                .find(|s| s.name == j.name)
                .and_then(|s| s.last_success);
            mirror_status(&j.name, m, last_backup, &sorted, now_utc)
        })
        .collect();
    let drill = drill_status(&sorted, now_utc);
    let attention = attention(&sorted, now_utc);
    let next_runs = facts
        .jobs
        .iter()
        .filter_map(|j| {
            j.schedule.next_after(&now).map(|at| NextRun {
                job: j.name.clone(),
                at,
            })
        })
        .collect();
    let mut s = Status {
        level: Level::Unknown,
        now,
        jobs,
        cartridges,
        mirrors,
        drill,
        attention,
        next_runs,
    };
    s.level = overall(&s);
    s
}

/// The worst of every part; no job configured: unknown.
fn overall(s: &Status) -> Level {
    if s.jobs.is_empty() {
        return Level::Unknown;
    }
    let mut level = Level::Green;
    for l in s.jobs.iter().map(|j| j.level) {
        level = level.worst(l);
    }
    for l in s.mirrors.iter().map(|m| m.level) {
        level = level.worst(l);
    }
    if s.cartridges.iter().any(|c| c.flagged) || !s.attention.is_empty() {
        level = level.worst(Level::Yellow);
    }
    level.worst(s.drill.level)
}

fn job_status(
    j: &JobFacts,
    facts: &Facts,
    sorted: &[&RunRecord],
    now: DateTime<FixedOffset>,
) -> JobStatus {
    let now_utc = now.with_timezone(&Utc);
    let runs: Vec<&&RunRecord> = sorted
        .iter()
        .filter(|r| r.kind == RunKind::Backup && r.job.as_deref() == Some(j.name.as_str()))
        .collect();
    let last_success = runs.iter().rev().find(|r| succeeded(r)).map(|r| r.ended);
    let last_outcome = runs.last().map(|r| r.outcome);
    let has_cartridges = facts
        .rotation
        .as_ref()
        .is_some_and(|rot| rot.cartridges.iter().any(|c| c.job == j.name));
    let mut missed = 0u32;
    let (mut level, mut reason) = match (&j.schedule, last_success) {
        (_, None) if runs.is_empty() => {
            let judged = !matches!(j.schedule, Schedule::Manual) || has_cartridges;
            if judged {
                (Level::Yellow, JobReason::NeverRan)
            } else {
                (Level::Green, JobReason::Manual)
            }
        }
        (_, None) => (Level::Red, JobReason::NeverSucceeded),
        (Schedule::Cron { .. }, Some(last)) => {
            let cutoff = now - Duration::hours(GRACE_HOURS);
            let mut t = last.with_timezone(now.offset());
            while let Some(next) = j.schedule.next_after(&t) {
                if next > cutoff || missed >= 100 {
                    break;
                }
                missed += 1;
                t = next;
            }
            match missed {
                0 => (Level::Green, JobReason::Ok),
                1 => (Level::Yellow, JobReason::Overdue),
                _ => (Level::Red, JobReason::Overdue),
            }
        }
        (Schedule::Manual, Some(last)) if has_cartridges => {
            let hours = working_hours(last.with_timezone(now.offset()), now);
            if hours > MANUAL_RED_HOURS {
                (Level::Red, JobReason::Overdue)
            } else if hours > MANUAL_YELLOW_HOURS {
                (Level::Yellow, JobReason::Overdue)
            } else {
                (Level::Green, JobReason::Ok)
            }
        }
        (Schedule::Manual, Some(_)) => (Level::Green, JobReason::Manual),
    };
    if last_outcome == Some(RunOutcome::Failed) && level == Level::Green && last_success.is_some() {
        (level, reason) = (Level::Yellow, JobReason::LastFailed);
    }
    JobStatus {
        name: j.name.clone(),
        level,
        reason,
        schedule: j.schedule.as_written().to_string(),
        last_success,
        age_seconds: last_success.map(|t| (now_utc - t).num_seconds()),
        missed,
        last_outcome,
    }
}

/// Hours between `from` and `to` that fall on Monday to Friday (local days).
pub fn working_hours(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> i64 {
    if to <= from {
        return 0;
    }
    let offset = *to.offset();
    let mut total = Duration::zero();
    let mut day = from.date_naive();
    let last_day = to.date_naive();
    for _ in 0..400 {
        if day > last_day {
            break;
        }
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            let start = offset
                .from_local_datetime(&day.and_time(NaiveTime::MIN))
                .single()
                .unwrap_or(from);
            let (a, b) = (start.max(from), (start + Duration::days(1)).min(to));
            if b > a {
                total += b - a;
            }
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    total.num_hours()
}

fn mirror_status(
    job: &str,
    mirror: &str,
    last_backup: Option<DateTime<Utc>>,
    sorted: &[&RunRecord],
    now: DateTime<Utc>,
) -> MirrorStatus {
    // (time, succeeded) of every attempt to copy to `mirror`: a job's mirror
    // step, or a `tresor mirror` run.
    let attempts: Vec<(DateTime<Utc>, bool)> = sorted
        .iter()
        .filter(|r| {
            (r.kind == RunKind::Backup && r.job.as_deref() == Some(job))
                || r.kind == RunKind::Mirror
        })
        .flat_map(|r| {
            r.destinations
                .iter()
                .filter(|d| d.name == mirror && d.role == DestinationRole::Mirror)
                .map(|d| (r.ended, d.outcome != RunOutcome::Failed))
        })
        .collect();
    let last_mirrored = attempts.iter().rev().find(|a| a.1).map(|a| a.0);
    let last_failed = attempts.last().is_some_and(|a| !a.1);
    let lag = match (last_backup, last_mirrored) {
        (Some(b), Some(m)) => Some((b - m).num_seconds().max(0)),
        (Some(b), None) => Some((now - b).num_seconds().max(0)),
        (None, _) => None,
    };
    let level = match lag {
        None => Level::Green,
        Some(s) if s > MIRROR_RED_DAYS * 86_400 => Level::Red,
        Some(s) if s > MIRROR_YELLOW_HOURS * 3600 || last_failed || last_mirrored.is_none() => {
            Level::Yellow
        }
        Some(_) => Level::Green,
    };
    MirrorStatus {
        job: job.to_string(),
        mirror: mirror.to_string(),
        level,
        last_backup,
        last_mirrored,
        lag_seconds: lag,
        last_failed,
    }
}

fn drill_status(sorted: &[&RunRecord], now: DateTime<Utc>) -> DrillStatus {
    let last = sorted.iter().rev().find(|r| r.kind == RunKind::Drill);
    let age_days = last.map(|r| (now - r.ended).num_days());
    let passed = last.map(|r| r.outcome != RunOutcome::Failed);
    let level = match (passed, age_days) {
        (Some(true), Some(d)) if d <= DRILL_DAYS => Level::Green,
        _ => Level::Yellow,
    };
    DrillStatus {
        level,
        last: last.map(|r| r.ended),
        age_days,
        passed,
    }
}

/// The warnings that need a person, from the newest run of each kind and
/// job of the last [`ATTENTION_DAYS`] days (older runs' warnings are
/// answered by newer runs).
fn attention(sorted: &[&RunRecord], now: DateTime<Utc>) -> Vec<Attention> {
    let mut seen: Vec<(RunKind, Option<&str>)> = Vec::new();
    let mut out = Vec::new();
    for r in sorted.iter().rev() {
        if now - r.started > Duration::days(ATTENTION_DAYS) {
            break;
        }
        let key = (r.kind, r.job.as_deref());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        for n in r.warnings.iter().chain(r.errors.iter()) {
            if NEEDS_A_HUMAN.contains(&n.code.as_str()) {
                out.push(Attention {
                    code: n.code.clone(),
                    text: n.text.clone(),
                    job: r.job.clone(),
                    time: r.started,
                });
            }
        }
    }
    out.sort_by_key(|a| a.time);
    out
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;

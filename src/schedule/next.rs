//! The next runs of a job in a time zone: the server's own, or a named IANA
//! zone (`Europe/Berlin`, for a deterministic answer). Start times are local
//! wall-clock times, as Task Scheduler and systemd run them: 22:30 stays
//! 22:30 across a daylight-saving change while the UTC offset changes.
//!
//! The two change nights: a time in the hour that repeats in autumn
//! (02:30 on the last Sunday of October in Europe/Berlin) runs once, at its
//! first occurrence — a systemd timer's next elapse is computed from the
//! last one, and a Task Scheduler trigger fires once per day. A time in the
//! hour skipped in spring does not exist that day: systemd does not run it
//! (<https://github.com/systemd/systemd/issues/5595>), and Microsoft leaves
//! Task Scheduler's behaviour for those hours unspecified
//! (<https://support.microsoft.com/help/325413>), so it is listed as
//! [`Planned::Skipped`], not as a run.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};

use crate::config::Schedule;

/// A named time zone, parsed: `Europe/Berlin`.
///
/// Error: the name as given when the IANA database (chrono-tz) lacks it.
pub fn zone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| name.to_string())
}

/// The server's own zone as a named IANA zone: `TZ` when it names one
/// (`Europe/Berlin`, `:Europe/Berlin`), else the system's zone
/// (`/etc/localtime`, Windows' zone mapped to IANA by `iana-time-zone`).
/// `None` when `TZ` holds a POSIX rule or the zone has no IANA name: then
/// only chrono's `Local` knows it.
pub fn server_zone() -> Option<chrono_tz::Tz> {
    match std::env::var("TZ") {
        Ok(tz) if !tz.trim().is_empty() => zone(tz.trim().trim_start_matches(':')).ok(),
        _ => iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| zone(&name).ok()),
    }
}

/// One entry of the plan: a run, or a wall-clock time the schedule names
/// that the zone skips that day.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned<Tz: TimeZone> {
    Run(DateTime<Tz>),
    Skipped(NaiveDateTime),
}

/// The next `count` runs strictly after `after`, earliest first, with the
/// skipped wall-clock times among them (none for a manual job).
pub fn plan<Tz: TimeZone>(
    schedule: &Schedule,
    after: &DateTime<Tz>,
    count: usize,
) -> Vec<Planned<Tz>> {
    let Schedule::Cron { parsed, .. } = schedule else {
        return Vec::new();
    };
    let tz = after.timezone();
    // The cron line over UTC, which has no changes: its times are the
    // wall-clock times the line names; each is then placed in the zone.
    // An hour before `after` so a time repeated just after it is not lost.
    let start = Utc.from_utc_datetime(&(after.naive_local() - chrono::Duration::hours(1)));
    let mut out = Vec::new();
    let mut runs = 0;
    for wall in parsed.after(&start).map(|t| t.naive_utc()) {
        if runs == count {
            break;
        }
        // The earlier instant of a repeated time: chrono's `Local` orders
        // the pair by UTC offset (the later instant first in autumn),
        // chrono-tz by instant; so compare, do not trust the order.
        let first = match tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => Some(t),
            LocalResult::Ambiguous(a, b) => Some(if a <= b { a } else { b }),
            LocalResult::None => None,
        };
        match first {
            Some(t) => {
                if t > *after {
                    out.push(Planned::Run(t));
                    runs += 1;
                }
            }
            None => {
                if wall > after.naive_local() {
                    out.push(Planned::Skipped(wall));
                }
            }
        }
    }
    out
}

/// Up to `count` runs strictly after `after`, earliest first (none for a
/// manual job): [`plan`] without the skipped times.
pub fn runs<Tz: TimeZone>(
    schedule: &Schedule,
    after: &DateTime<Tz>,
    count: usize,
) -> Vec<DateTime<Tz>> {
    plan(schedule, after, count)
        .into_iter()
        .filter_map(|p| match p {
            Planned::Run(t) => Some(t),
            Planned::Skipped(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin(y: i32, m: u32, d: u32, h: u32) -> DateTime<chrono_tz::Tz> {
        zone("Europe/Berlin")
            .unwrap()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
    }

    fn rfc3339<T: TimeZone>(v: &[DateTime<T>]) -> Vec<String>
    where
        T::Offset: std::fmt::Display,
    {
        v.iter().map(|t| t.to_rfc3339()).collect()
    }

    #[test]
    fn across_the_spring_change_the_offset_moves_not_the_time() {
        let s = Schedule::parse("30 22 * * Mon-Fri").unwrap();
        // Summer time starts Sunday 29 March 2026.
        let r = runs(&s, &berlin(2026, 3, 26, 12), 5);
        assert_eq!(
            rfc3339(&r),
            [
                "2026-03-26T22:30:00+01:00",
                "2026-03-27T22:30:00+01:00",
                "2026-03-30T22:30:00+02:00",
                "2026-03-31T22:30:00+02:00",
                "2026-04-01T22:30:00+02:00",
            ]
        );
    }

    #[test]
    fn across_the_autumn_change() {
        let s = Schedule::parse("30 22 * * Mon-Fri").unwrap();
        // Summer time ends Sunday 25 October 2026.
        let r = runs(&s, &berlin(2026, 10, 22, 23), 5);
        assert_eq!(
            rfc3339(&r),
            [
                "2026-10-23T22:30:00+02:00",
                "2026-10-26T22:30:00+01:00",
                "2026-10-27T22:30:00+01:00",
                "2026-10-28T22:30:00+01:00",
                "2026-10-29T22:30:00+01:00",
            ]
        );
        assert!(runs(&Schedule::Manual, &berlin(2026, 10, 22, 23), 5).is_empty());
        assert_eq!(zone("Mars/Olympus").unwrap_err(), "Mars/Olympus");
    }

    #[test]
    fn the_repeated_hour_in_autumn_runs_once() {
        let s = Schedule::parse("30 2 * * *").unwrap();
        // 25 October 2026: 02:00–02:59 happens twice (CEST, then CET).
        let r = runs(&s, &berlin(2026, 10, 24, 12), 3);
        assert_eq!(
            rfc3339(&r),
            [
                "2026-10-25T02:30:00+02:00",
                "2026-10-26T02:30:00+01:00",
                "2026-10-27T02:30:00+01:00",
            ]
        );
        // Asked between the two 02:30s: the second is not a run either.
        let between = zone("Europe/Berlin")
            .unwrap()
            .with_ymd_and_hms(2026, 10, 25, 2, 45, 0)
            .earliest()
            .unwrap();
        assert_eq!(
            rfc3339(&runs(&s, &between, 1)),
            ["2026-10-26T02:30:00+01:00"]
        );
    }

    #[test]
    fn the_skipped_hour_in_spring_is_said_not_run() {
        let s = Schedule::parse("30 2 * * *").unwrap();
        // 29 March 2026: 02:00–02:59 does not exist.
        let p = plan(&s, &berlin(2026, 3, 27, 12), 3);
        let day = |d| {
            chrono::NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(2, 30, 0)
                .unwrap()
        };
        let tz = zone("Europe/Berlin").unwrap();
        assert_eq!(
            p,
            [
                Planned::Run(tz.from_local_datetime(&day(28)).unwrap()),
                Planned::Skipped(day(29)),
                Planned::Run(tz.from_local_datetime(&day(30)).unwrap()),
                Planned::Run(tz.from_local_datetime(&day(31)).unwrap()),
            ]
        );
        assert_eq!(runs(&s, &berlin(2026, 3, 27, 12), 3).len(), 3);
    }
}

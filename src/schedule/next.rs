//! The next runs of a job in a time zone: the server's own, or a named IANA
//! zone (`Europe/Berlin`, for a deterministic answer). Start times are local
//! wall-clock times, as Task Scheduler and systemd run them: 22:30 stays
//! 22:30 across a daylight-saving change while the UTC offset changes.

use chrono::{DateTime, TimeZone};

use crate::config::Schedule;

/// A named time zone, parsed: `Europe/Berlin`.
///
/// Error: the name as given when the IANA database (chrono-tz) lacks it.
pub fn zone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| name.to_string())
}

/// Up to `count` runs strictly after `after`, earliest first (none for a
/// manual job).
pub fn runs<Tz: TimeZone>(
    schedule: &Schedule,
    after: &DateTime<Tz>,
    count: usize,
) -> Vec<DateTime<Tz>> {
    match schedule {
        Schedule::Manual => Vec::new(),
        Schedule::Cron { parsed, .. } => parsed.after(after).take(count).collect(),
    }
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
}

//! A cron schedule as the weekly plan both schedulers understand: the days
//! of the week and the times of day.

use chrono::Weekday;
use cron::TimeUnitSpec;

use crate::config::Schedule;

/// Task Scheduler accepts at most 48 triggers per task
/// (`triggersType`: `maxOccurs="48"`,
/// <https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-triggerstype-complextype>).
pub const MAX_TRIGGERS: usize = 48;

/// Why a schedule cannot be installed; each names the part of the cron line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A part other than minute, hour and weekday is not `*` (the config
    /// check refuses these; a schedule built another way could have them).
    #[error("the {part} of `{line}` must be `*`: a weekly trigger runs on every day of month and every month")]
    NotWeekly {
        /// `day of month`, `month`, `year` or `second`.
        part: &'static str,
        /// The cron line as written.
        line: String,
    },
    /// More hour × minute combinations than triggers a task may have.
    #[error("`{line}` needs {count} start times; a task can have at most {MAX_TRIGGERS}")]
    TooManyTimes {
        /// The cron line as written.
        line: String,
        /// Hours × minutes.
        count: usize,
    },
}

/// A weekly plan: on `days`, start at each of `times`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weekly {
    /// Days of the week, Monday first, no duplicates.
    pub days: Vec<Weekday>,
    /// Start times (hour 0–23, minute 0–59), earliest first.
    pub times: Vec<(u32, u32)>,
    /// The cron line as written (for messages).
    pub line: String,
}

impl Weekly {
    /// The weekly plan of a schedule; `None` for `manual`.
    ///
    /// Errors: [`ScheduleError::NotWeekly`] when day of month, month, year or
    /// second are restricted; [`ScheduleError::TooManyTimes`] above
    /// [`MAX_TRIGGERS`] start times.
    pub fn of(schedule: &Schedule) -> Result<Option<Weekly>, ScheduleError> {
        let Schedule::Cron { line, parsed } = schedule else {
            return Ok(None);
        };
        let not_weekly = |part| ScheduleError::NotWeekly {
            part,
            line: line.clone(),
        };
        if !parsed.days_of_month().is_all() {
            return Err(not_weekly("day of month"));
        }
        if !parsed.months().is_all() {
            return Err(not_weekly("month"));
        }
        if !parsed.years().is_all() {
            return Err(not_weekly("year"));
        }
        if parsed.seconds().iter().ne([0]) {
            return Err(not_weekly("second"));
        }
        // The cron crate numbers days 1 = Sunday … 7 = Saturday.
        let mut days: Vec<Weekday> = parsed
            .days_of_week()
            .iter()
            .filter_map(|o| Weekday::try_from(((o + 5) % 7) as u8).ok())
            .collect();
        days.sort_by_key(|d| d.num_days_from_monday());
        days.dedup();
        let mut times = Vec::new();
        for h in parsed.hours().iter() {
            for m in parsed.minutes().iter() {
                times.push((h, m));
            }
        }
        times.sort_unstable();
        if times.len() > MAX_TRIGGERS {
            return Err(ScheduleError::TooManyTimes {
                line: line.clone(),
                count: times.len(),
            });
        }
        Ok(Some(Weekly {
            days,
            times,
            line: line.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workdays_at_half_past_ten() {
        let w = Weekly::of(&Schedule::parse("30 22 * * Mon-Fri").unwrap())
            .unwrap()
            .unwrap();
        use Weekday::*;
        assert_eq!(w.days, vec![Mon, Tue, Wed, Thu, Fri]);
        assert_eq!(w.times, vec![(22, 30)]);
        assert_eq!(Weekly::of(&Schedule::Manual).unwrap(), None);
    }

    #[test]
    fn sunday_and_several_times() {
        let w = Weekly::of(&Schedule::parse("0,30 12,6 * * Sun,Sat").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(w.days, vec![Weekday::Sat, Weekday::Sun]);
        assert_eq!(w.times, vec![(6, 0), (6, 30), (12, 0), (12, 30)]);
        let all = Weekly::of(&Schedule::parse("0 1 * * *").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(all.days.len(), 7);
    }

    #[test]
    fn what_a_weekly_trigger_cannot_hold_names_the_part() {
        // Built around the config check, as another caller could.
        let line = "0 30 22 1 * Mon";
        let parsed: cron::Schedule = line.parse().unwrap();
        let s = Schedule::Cron {
            line: line.into(),
            parsed: Box::new(parsed),
        };
        let e = Weekly::of(&s).unwrap_err();
        assert_eq!(
            e,
            ScheduleError::NotWeekly {
                part: "day of month",
                line: line.into()
            }
        );
        assert!(e.to_string().contains("day of month"), "{e}");
        let many = (0..7).map(|m| m.to_string()).collect::<Vec<_>>().join(",");
        let hours = (0..8).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
        let s = Schedule::parse(&format!("{many} {hours} * * Mon")).unwrap();
        assert!(matches!(
            Weekly::of(&s),
            Err(ScheduleError::TooManyTimes { count: 56, .. })
        ));
    }
}

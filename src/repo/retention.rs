//! Retention: which snapshots a `forget` keeps (keep-last/daily/weekly/monthly/yearly).
//!
//! Pure decision logic, no I/O, with restic's `forget` semantics: snapshots are
//! taken newest first; keep-last keeps the N newest; each bucket kind keeps the
//! newest snapshot of each of its N most recent distinct periods (days, ISO
//! weeks, months, years) that have snapshots. Periods are read in the
//! snapshot's own UTC offset, so a 23:30 CET backup belongs to the practice's
//! day, not to the UTC one.
//!
//! Snapshots are planned per group ([`plan_grouped`]; `forget` groups by job,
//! as restic groups by host and paths): a nightly and a Feierabend snapshot
//! of the same day each keep their own daily slot, under their own policy.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// How many snapshots to keep; a snapshot kept for any reason stays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub keep_last: u32,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
    pub keep_yearly: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    #[error("retention policy keeps no snapshot at all; set at least one keep-* value above 0")]
    KeepsNothing,
}

impl RetentionPolicy {
    /// Rejects a policy that would forget every snapshot.
    pub fn validate(&self) -> Result<(), RetentionError> {
        let total = [
            self.keep_last,
            self.keep_daily,
            self.keep_weekly,
            self.keep_monthly,
            self.keep_yearly,
        ];
        if total.iter().all(|&n| n == 0) {
            Err(RetentionError::KeepsNothing)
        } else {
            Ok(())
        }
    }
}

/// Why a snapshot is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Last,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    /// The newest snapshot that holds everything its job meant to back up,
    /// kept because every other kept one lacks something
    /// ([`keep_newest_complete`]).
    NewestComplete,
}

impl Reason {
    /// The reason as staff read it (German default language).
    pub fn german(self) -> &'static str {
        match self {
            Reason::Last => "letzte Sicherung",
            Reason::Daily => "Tagessicherung",
            Reason::Weekly => "Wochensicherung",
            Reason::Monthly => "Monatssicherung",
            Reason::Yearly => "Jahressicherung",
            Reason::NewestComplete => "neueste vollständige Sicherung",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::Last => "last snapshot",
            Reason::Daily => "daily snapshot",
            Reason::Weekly => "weekly snapshot",
            Reason::Monthly => "monthly snapshot",
            Reason::Yearly => "yearly snapshot",
            Reason::NewestComplete => "newest complete snapshot",
        })
    }
}

/// The verdict on one snapshot; `reasons` is empty exactly when `keep` is false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision<T> {
    pub item: T,
    pub time: DateTime<FixedOffset>,
    pub keep: bool,
    pub reasons: Vec<Reason>,
}

/// A period a snapshot falls in, compared only within one bucket kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day(NaiveDate),
    Week(i32, u32),
    Month(i32, u32),
    Year(i32),
}

struct Bucket {
    reason: Reason,
    remaining: u32,
    last: Option<Period>,
    period: fn(&DateTime<FixedOffset>) -> Period,
}

/// Decides for every snapshot whether it is kept, newest first.
///
/// The input order does not matter; snapshots with equal times keep their
/// input order. An invalid (all-zero) policy keeps everything: callers should
/// `validate()` when reading the configuration, and if they forget, the
/// failure mode is "nothing deleted", never "everything deleted".
pub fn plan<T: Clone>(
    policy: &RetentionPolicy,
    snapshots: &[(T, DateTime<FixedOffset>)],
) -> Vec<Decision<T>> {
    let mut order: Vec<usize> = (0..snapshots.len()).collect();
    order.sort_by(|&a, &b| snapshots[b].1.cmp(&snapshots[a].1));

    if policy.validate().is_err() {
        return order
            .into_iter()
            .map(|i| Decision {
                item: snapshots[i].0.clone(),
                time: snapshots[i].1,
                keep: true,
                reasons: Vec::new(),
            })
            .collect();
    }

    let mut last_left = policy.keep_last;
    let mut buckets = [
        Bucket {
            reason: Reason::Daily,
            remaining: policy.keep_daily,
            last: None,
            period: |t| Period::Day(t.date_naive()),
        },
        Bucket {
            reason: Reason::Weekly,
            remaining: policy.keep_weekly,
            last: None,
            period: |t| {
                let w = t.iso_week();
                Period::Week(w.year(), w.week())
            },
        },
        Bucket {
            reason: Reason::Monthly,
            remaining: policy.keep_monthly,
            last: None,
            period: |t| Period::Month(t.year(), t.month()),
        },
        Bucket {
            reason: Reason::Yearly,
            remaining: policy.keep_yearly,
            last: None,
            period: |t| Period::Year(t.year()),
        },
    ];

    order
        .into_iter()
        .map(|i| {
            let (item, time) = &snapshots[i];
            let mut reasons = Vec::new();
            if last_left > 0 {
                last_left -= 1;
                reasons.push(Reason::Last);
            }
            for b in &mut buckets {
                let p = (b.period)(time);
                // Newest first: the first snapshot seen in a period is its newest.
                if b.remaining > 0 && b.last != Some(p) {
                    b.last = Some(p);
                    b.remaining -= 1;
                    reasons.push(b.reason);
                }
            }
            Decision {
                item: item.clone(),
                time: *time,
                keep: !reasons.is_empty(),
                reasons,
            }
        })
        .collect()
}

/// The plan for one group of snapshots (one job): its policy and decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPlan<K, T> {
    pub group: K,
    pub policy: RetentionPolicy,
    /// Newest first, as [`plan`] returns them.
    pub decisions: Vec<Decision<T>>,
}

/// Plans every group on its own with the policy `policy_for` gives it, so
/// snapshots of different groups never compete for one period's slot.
/// Groups come out in key order; every input snapshot is in exactly one.
pub fn plan_grouped<K: Ord + Clone, T: Clone>(
    snapshots: &[(K, T, DateTime<FixedOffset>)],
    policy_for: impl Fn(&K) -> RetentionPolicy,
) -> Vec<GroupPlan<K, T>> {
    let mut groups: BTreeMap<K, Vec<(T, DateTime<FixedOffset>)>> = BTreeMap::new();
    for (group, item, time) in snapshots {
        groups
            .entry(group.clone())
            .or_default()
            .push((item.clone(), *time));
    }
    groups
        .into_iter()
        .map(|(group, items)| {
            let policy = policy_for(&group);
            let decisions = plan(&policy, &items);
            GroupPlan {
                group,
                policy,
                decisions,
            }
        })
        .collect()
}

/// Keeps the newest complete snapshot of a group when every snapshot the
/// policy keeps is incomplete (a missing folder, a database not backed up):
/// a retention run must never leave only snapshots that lack data.
/// `decisions` newest first, as [`plan`] returns them; `complete` says
/// whether a snapshot holds everything its job meant to back up (the
/// caller knows; here it is only data). Returns the index it kept, if any.
pub fn keep_newest_complete<T>(
    decisions: &mut [Decision<T>],
    complete: impl Fn(&T) -> bool,
) -> Option<usize> {
    if decisions.iter().any(|d| d.keep && complete(&d.item)) {
        return None;
    }
    let at = decisions.iter().position(|d| complete(&d.item))?;
    let d = &mut decisions[at];
    d.keep = true;
    d.reasons.push(Reason::NewestComplete);
    Some(at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_newest_complete_snapshot_stays_when_only_incomplete_ones_would() {
        // Newest first after planning: two incomplete, then the complete one.
        let snaps = vec![
            ("complete", at(2026, 11, 28, 22, 30)),
            ("incomplete-1", at(2026, 11, 29, 22, 30)),
            ("incomplete-2", at(2026, 11, 30, 22, 30)),
        ];
        let mut d = plan(&policy(2, 0, 0, 0, 0), &snaps);
        assert!(!d[2].keep);
        let kept = keep_newest_complete(&mut d, |s| *s == "complete");
        assert_eq!(kept, Some(2));
        assert!(d[2].keep);
        assert_eq!(d[2].reasons, vec![Reason::NewestComplete]);
        assert_eq!(
            Reason::NewestComplete.german(),
            "neueste vollständige Sicherung"
        );
        // A kept complete snapshot needs no help; nothing complete, nothing to keep.
        let mut d = plan(&policy(3, 0, 0, 0, 0), &snaps);
        assert_eq!(keep_newest_complete(&mut d, |s| *s == "complete"), None);
        let mut d = plan(&policy(1, 0, 0, 0, 0), &snaps);
        assert_eq!(keep_newest_complete(&mut d, |_| false), None);
        assert_eq!(d.iter().filter(|x| x.keep).count(), 1);
    }

    use super::*;
    use chrono::{Duration, TimeZone};

    fn cet() -> FixedOffset {
        FixedOffset::east_opt(3600).expect("valid offset")
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        at_in(cet(), y, m, d, h, min)
    }

    fn at_in(off: FixedOffset, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
        off.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("valid time")
    }

    fn policy(last: u32, daily: u32, weekly: u32, monthly: u32, yearly: u32) -> RetentionPolicy {
        RetentionPolicy {
            keep_last: last,
            keep_daily: daily,
            keep_weekly: weekly,
            keep_monthly: monthly,
            keep_yearly: yearly,
        }
    }

    fn kept<T: Clone>(d: &[Decision<T>]) -> Vec<T> {
        d.iter()
            .filter(|d| d.keep)
            .map(|d| d.item.clone())
            .collect()
    }

    /// Two working weeks (Mon 2024-03-04 … Fri 2024-03-15): feierabend at
    /// 18:30 and nightly at 22:00 each workday. Names like "03-15 nightly".
    fn two_weeks() -> Vec<(String, DateTime<FixedOffset>)> {
        let mut v = Vec::new();
        let mut day = at(2024, 3, 4, 0, 0);
        while day < at(2024, 3, 16, 0, 0) {
            if day.weekday().number_from_monday() <= 5 {
                let tag = day.format("%m-%d").to_string();
                v.push((
                    format!("{tag} feierabend"),
                    day + Duration::minutes(18 * 60 + 30),
                ));
                v.push((format!("{tag} nightly"), day + Duration::hours(22)));
            }
            day += Duration::days(1);
        }
        v
    }

    #[test]
    fn all_zero_policy_is_rejected_and_plan_keeps_everything() {
        assert_eq!(
            RetentionPolicy::default().validate(),
            Err(RetentionError::KeepsNothing)
        );
        assert!(policy(0, 0, 0, 0, 1).validate().is_ok());
        let d = plan(&RetentionPolicy::default(), &two_weeks());
        assert_eq!(d.len(), 20);
        assert!(d.iter().all(|d| d.keep && d.reasons.is_empty()));
    }

    #[test]
    fn empty_list_plans_nothing() {
        let none: &[(u8, DateTime<FixedOffset>)] = &[];
        assert!(plan(&policy(3, 7, 4, 12, 5), none).is_empty());
    }

    #[test]
    fn keep_last_keeps_the_newest_regardless_of_input_order() {
        let mut snaps = two_weeks();
        snaps.reverse();
        let d = plan(&policy(3, 0, 0, 0, 0), &snaps);
        assert_eq!(
            kept(&d),
            ["03-15 nightly", "03-15 feierabend", "03-14 nightly"]
        );
        assert!(d.windows(2).all(|w| w[0].time >= w[1].time), "newest first");
        assert_eq!(d[0].reasons, [Reason::Last]);
    }

    #[test]
    fn daily_keeps_the_newest_of_each_recent_day() {
        let d = plan(&policy(0, 7, 0, 0, 0), &two_weeks());
        // Seven distinct days *with snapshots*: the weekend does not count.
        assert_eq!(
            kept(&d),
            [
                "03-15 nightly",
                "03-14 nightly",
                "03-13 nightly",
                "03-12 nightly",
                "03-11 nightly",
                "03-08 nightly",
                "03-07 nightly"
            ]
        );
        assert!(d
            .iter()
            .filter(|d| d.keep)
            .all(|d| d.reasons == [Reason::Daily]));
        assert!(d.iter().filter(|d| !d.keep).all(|d| d.reasons.is_empty()));
    }

    #[test]
    fn weekly_and_combined_reasons() {
        let d = plan(&policy(1, 2, 2, 1, 1), &two_weeks());
        let kept_with: Vec<(String, Vec<Reason>)> = d
            .iter()
            .filter(|d| d.keep)
            .map(|d| (d.item.clone(), d.reasons.clone()))
            .collect();
        use Reason::*;
        assert_eq!(
            kept_with,
            [
                (
                    "03-15 nightly".to_string(),
                    vec![Last, Daily, Weekly, Monthly, Yearly]
                ),
                ("03-14 nightly".to_string(), vec![Daily]),
                ("03-08 nightly".to_string(), vec![Weekly]),
            ]
        );
    }

    #[test]
    fn more_periods_requested_than_exist_keeps_one_per_period() {
        let d = plan(&policy(0, 100, 0, 0, 0), &two_weeks());
        assert_eq!(kept(&d).len(), 10);
        assert!(kept(&d).iter().all(|n| n.ends_with("nightly")));
    }

    #[test]
    fn month_and_year_boundaries() {
        let snaps = vec![
            ("2023-12-29", at(2023, 12, 29, 22, 0)),
            ("2024-01-31 late", at(2024, 1, 31, 23, 30)),
            ("2024-01-31 early", at(2024, 1, 31, 18, 0)),
            ("2024-02-01", at(2024, 2, 1, 0, 30)),
            ("2024-02-29", at(2024, 2, 29, 22, 0)),
            ("2024-03-01", at(2024, 3, 1, 22, 0)),
        ];
        let d = plan(&policy(0, 0, 0, 3, 0), &snaps);
        assert_eq!(kept(&d), ["2024-03-01", "2024-02-29", "2024-01-31 late"]);
        let d = plan(&policy(0, 0, 0, 0, 3), &snaps);
        assert_eq!(kept(&d), ["2024-03-01", "2023-12-29"]);
    }

    #[test]
    fn periods_use_the_snapshots_own_offset() {
        let cest = FixedOffset::east_opt(2 * 3600).expect("offset");
        // 00:30 CEST on April 1st is still March 31st in UTC: locally April.
        let snaps = vec![
            ("april", at_in(cest, 2024, 4, 1, 0, 30)),
            ("march", at_in(cest, 2024, 3, 31, 23, 30)),
        ];
        let d = plan(&policy(0, 0, 0, 2, 0), &snaps);
        assert_eq!(kept(&d), ["april", "march"]);
        let d = plan(&policy(0, 2, 0, 0, 0), &snaps);
        assert_eq!(kept(&d), ["april", "march"], "two local days");
    }

    #[test]
    fn iso_week_53_spans_new_year() {
        // 2020-12-28 … 2021-01-03 is ISO week 53 of 2020.
        assert_eq!(at(2021, 1, 3, 12, 0).iso_week().week(), 53);
        let snaps = vec![
            ("2021-01-04 W01", at(2021, 1, 4, 22, 0)),
            ("2021-01-02 W53", at(2021, 1, 2, 22, 0)),
            ("2020-12-31 W53", at(2020, 12, 31, 22, 0)),
            ("2020-12-27 W52", at(2020, 12, 27, 22, 0)),
        ];
        let d = plan(&policy(0, 0, 3, 0, 0), &snaps);
        assert_eq!(
            kept(&d),
            ["2021-01-04 W01", "2021-01-02 W53", "2020-12-27 W52"]
        );
        // The same week, but two calendar years: yearly keeps both sides.
        let d = plan(&policy(0, 0, 0, 0, 2), &snaps);
        assert_eq!(kept(&d), ["2021-01-04 W01", "2020-12-31 W53"]);
    }

    /// `two_weeks()` as (job, name, time).
    fn two_weeks_by_job() -> Vec<(String, String, DateTime<FixedOffset>)> {
        two_weeks()
            .into_iter()
            .map(|(name, t)| (name.split(' ').nth(1).unwrap_or("").to_string(), name, t))
            .collect()
    }

    #[test]
    fn each_job_keeps_its_own_daily_snapshots() {
        let plans = plan_grouped(&two_weeks_by_job(), |_| policy(0, 2, 0, 0, 0));
        let groups: Vec<_> = plans.iter().map(|p| p.group.as_str()).collect();
        assert_eq!(groups, ["feierabend", "nightly"]);
        assert_eq!(
            kept(&plans[0].decisions),
            ["03-15 feierabend", "03-14 feierabend"]
        );
        assert_eq!(
            kept(&plans[1].decisions),
            ["03-15 nightly", "03-14 nightly"]
        );
        let total: usize = plans.iter().map(|p| p.decisions.len()).sum();
        assert_eq!(total, 20, "every snapshot decided once");
        // Planned together, the Feierabend snapshots would lose every day to the nightly ones.
        let together = plan(&policy(0, 2, 0, 0, 0), &two_weeks());
        assert!(kept(&together).iter().all(|n| n.ends_with("nightly")));
    }

    #[test]
    fn each_job_has_its_own_policy() {
        let plans = plan_grouped(&two_weeks_by_job(), |job| {
            if job == "nightly" {
                policy(0, 3, 0, 0, 0)
            } else {
                policy(1, 0, 0, 0, 0)
            }
        });
        assert_eq!(plans[0].policy, policy(1, 0, 0, 0, 0));
        assert_eq!(kept(&plans[0].decisions), ["03-15 feierabend"]);
        assert_eq!(
            kept(&plans[1].decisions),
            ["03-15 nightly", "03-14 nightly", "03-13 nightly"]
        );
    }

    #[test]
    fn reasons_have_display_text() {
        assert_eq!(Reason::Weekly.to_string(), "weekly snapshot");
        assert_eq!(Reason::Last.german(), "letzte Sicherung");
    }
}

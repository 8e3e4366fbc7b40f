//! Mirroring as a job step and as `tresor mirror`: which snapshots a
//! destination wants, then [`crate::repo::copy`]. A destination with its own
//! retention wants only what that retention would keep among what it holds
//! plus what it lacks — a mirror that keeps monthly snapshots does not get
//! every nightly snapshot sent, only to forget it again the same night.

use std::collections::HashSet;

use crate::repo::copy::{self, CopyProgress, CopyReport};
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::retention::{self, RetentionPolicy};
use crate::repo::{Id, IndexedRepo, RepoError, Snapshot};
use crate::storage::StorageError;

/// What the target should get: the source's snapshots it lacks (by id),
/// oldest first, filtered by the target's retention when it has one
/// (`policy_for(job)`, per job as `forget` plans).
pub fn wanted(
    source: &[(Id, Snapshot)],
    target: &[(Id, Snapshot)],
    policy_for: Option<&dyn Fn(&str) -> RetentionPolicy>,
) -> Vec<(Id, Snapshot)> {
    let have: HashSet<Id> = target.iter().map(|(id, _)| *id).collect();
    let lacking: Vec<(Id, Snapshot)> = source
        .iter()
        .filter(|(id, _)| !have.contains(id))
        .cloned()
        .collect();
    let Some(policy_for) = policy_for else {
        return lacking;
    };
    let candidates: HashSet<Id> = lacking.iter().map(|(id, _)| *id).collect();
    let items: Vec<(String, Id, _)> = target
        .iter()
        .chain(lacking.iter())
        .map(|(id, s)| (s.job.clone(), *id, s.time))
        .collect();
    let complete: HashSet<Id> = target
        .iter()
        .chain(lacking.iter())
        .filter(|(_, s)| s.is_complete())
        .map(|(id, _)| *id)
        .collect();
    let mut keep = HashSet::new();
    for mut plan in retention::plan_grouped(&items, |job: &String| policy_for(job)) {
        retention::keep_newest_complete(&mut plan.decisions, |id| complete.contains(id));
        keep.extend(plan.decisions.iter().filter(|d| d.keep).map(|d| d.item));
    }
    lacking
        .into_iter()
        .filter(|(id, _)| candidates.contains(id) && keep.contains(id))
        .collect()
}

/// The result of one mirror run: what was wanted and what the copy did.
pub struct MirrorOutcome {
    /// Snapshots the target lacked and should get.
    pub wanted: usize,
    /// Snapshots of the source the target had before (same id).
    pub had: usize,
    /// Snapshots the target lacks and does not want (its retention would not keep them).
    pub not_wanted: usize,
    pub report: CopyReport,
}

impl MirrorOutcome {
    /// Snapshots the target still lacks after this run (its lag behind the source).
    pub fn lag(&self) -> usize {
        self.wanted
            .saturating_sub(self.report.copied.len() + self.report.present)
    }

    /// Snapshots of the source that were on the target before the run,
    /// by id or by content.
    pub fn present(&self) -> usize {
        self.had + self.report.present
    }

    /// The run stopped because the destination's upload window closed: not a
    /// failure, the next run in the window continues.
    pub fn paused(&self) -> bool {
        matches!(
            self.report.stopped,
            Some(RepoError::Storage(StorageError::WindowClosed { .. }))
        )
    }

    /// Everything wanted is on the target now.
    pub fn complete(&self) -> bool {
        self.lag() == 0 && self.report.stopped.is_none() && self.report.skipped.is_empty()
    }
}

/// Copies what `target` wants from `source`.
///
/// Errors: reading either snapshot list, or repositories of different
/// installations ([`RepoError::OtherRepositorySecrets`]); failures while
/// copying are in the outcome's report.
pub fn run(
    source: &IndexedRepo,
    target: &mut LockedRepo<Shared>,
    policy_for: Option<&dyn Fn(&str) -> RetentionPolicy>,
    progress: &dyn CopyProgress,
) -> Result<MirrorOutcome, RepoError> {
    let from = source.snapshots()?.ok;
    let to = target.snapshots()?.ok;
    let ids: HashSet<Id> = to.iter().map(|(id, _)| *id).collect();
    let had = from.iter().filter(|(id, _)| ids.contains(id)).count();
    let wanted = wanted(&from, &to, policy_for);
    let report = copy::copy(source, target, &wanted, progress)?;
    Ok(MirrorOutcome {
        wanted: wanted.len(),
        had,
        not_wanted: from.len() - had - wanted.len(),
        report,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, FixedOffset, TimeZone};

    use super::*;
    use crate::repo::snapshot::{Summary, SNAPSHOT_VERSION};

    fn snap(job: &str, day: i64) -> (Id, Snapshot) {
        let t0 = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 1, 22, 0, 0)
            .unwrap();
        (
            Id::random(),
            Snapshot {
                version: SNAPSHOT_VERSION,
                time: t0 + Duration::days(day),
                host: "praxis".into(),
                job: job.into(),
                practice: String::new(),
                tool_version: "test".into(),
                tree: vec![],
                parent: None,
                recipients: vec![],
                sources: vec![],
                databases: vec![],
                summary: Summary::default(),
            },
        )
    }

    #[test]
    fn without_retention_every_lacking_snapshot_is_wanted() {
        let source: Vec<_> = (0..5).map(|d| snap("nightly", d)).collect();
        let target = vec![source[1].clone()];
        let w = wanted(&source, &target, None);
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|(id, _)| *id != source[1].0));
    }

    #[test]
    fn a_monthly_mirror_gets_one_snapshot_per_month_not_every_night() {
        // 40 nights from 1 November: November and December.
        let source: Vec<_> = (0..40).map(|d| snap("nightly", d)).collect();
        let monthly = |_: &str| RetentionPolicy {
            keep_monthly: 12,
            ..Default::default()
        };
        let w = wanted(&source, &[], Some(&monthly));
        let days: Vec<String> = w
            .iter()
            .map(|(_, s)| s.time.format("%d.%m.").to_string())
            .collect();
        assert_eq!(days, ["30.11.", "10.12."]);
        // The next night: the new newest of December replaces the old one.
        let mut target = w.clone();
        target.sort_by_key(|(_, s)| s.time);
        let mut next = source.clone();
        next.push(snap("nightly", 40));
        let w2 = wanted(&next, &target, Some(&monthly));
        assert_eq!(w2.len(), 1);
        assert_eq!(w2[0].1.time.format("%d.%m.").to_string(), "11.12.");
    }

    /// Found by the review: a destination that keeps only the newest
    /// snapshot must not be sent only snapshots that lack a folder. With the
    /// last two nights incomplete (a folder vanished), it gets the newest
    /// complete one as well, as `forget` would keep it there.
    #[test]
    fn a_destination_with_its_own_retention_also_gets_the_newest_complete_snapshot() {
        use crate::repo::snapshot::SnapshotWarning;
        let mut source: Vec<_> = (0..3).map(|d| snap("nightly", d)).collect();
        for (_, s) in &mut source[1..] {
            s.summary.warnings.push(
                SnapshotWarning::SourceMissing {
                    source: "DETEXT".into(),
                    path: "C:\\DETEXT".into(),
                }
                .into(),
            );
        }
        assert!(source[0].1.is_complete() && !source[2].1.is_complete());
        let last = |_: &str| RetentionPolicy {
            keep_last: 1,
            ..Default::default()
        };
        let ids: Vec<Id> = wanted(&source, &[], Some(&last))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, [source[0].0, source[2].0]);
    }

    #[test]
    fn jobs_do_not_compete_for_a_slot() {
        let source = vec![snap("nightly", 0), snap("feierabend", 0)];
        let daily = |_: &str| RetentionPolicy {
            keep_daily: 7,
            ..Default::default()
        };
        assert_eq!(wanted(&source, &[], Some(&daily)).len(), 2);
    }
}

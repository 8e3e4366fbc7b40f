//! The job's retention step, and the decision `tresor forget` shows: per job
//! (snapshots of different jobs never compete for a period), each under its
//! policy, never leaving only incomplete snapshots.

use crate::repo::lock::{Exclusive, LockedRepo};
use crate::repo::prune;
use crate::repo::retention::{self, GroupPlan, RetentionPolicy};
use crate::repo::{Id, RepoError, Repository, SnapshotList};
use crate::storage::StorageError;

/// The plans `forget` carries out: grouped by job, `policy_for(job)` each,
/// the newest complete snapshot always kept.
pub fn decide(
    list: &SnapshotList,
    policy_for: impl Fn(&str) -> RetentionPolicy,
) -> Vec<GroupPlan<String, Id>> {
    let items: Vec<_> = list
        .ok
        .iter()
        .map(|(id, s)| (s.job.clone(), *id, s.time))
        .collect();
    let mut plans = retention::plan_grouped(&items, |job: &String| policy_for(job));
    let complete: std::collections::HashSet<_> = list
        .ok
        .iter()
        .filter(|(_, s)| s.is_complete())
        .map(|(id, _)| *id)
        .collect();
    for plan in &mut plans {
        retention::keep_newest_complete(&mut plan.decisions, |id| complete.contains(id));
    }
    plans
}

/// What the job's retention step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Snapshots removed.
    pub removed: usize,
    /// Snapshots whose removal Object Lock refused (a later run removes them).
    pub locked: usize,
    /// Bytes prune freed now (packs it only marked are freed by a later run).
    pub bytes_freed: u64,
}

/// Forgets what `policy_for` does not keep, then prunes when anything went
/// (under the exclusive lock; a backup holding the shared lock makes it wait
/// for a later run rather than fail).
///
/// # Errors
/// Reading the snapshot list, deleting a snapshot, or the prune itself.
pub fn apply(
    repo: Repository,
    policy_for: impl Fn(&str) -> RetentionPolicy,
) -> Result<Applied, RepoError> {
    forget_then_prune(repo, policy_for, false)
}

/// As [`apply`], for a cartridge short of room: prunes even when nothing was
/// forgotten, so packs an earlier run only marked are deleted now (where no
/// older lock makes them wait) — often the room the night needs.
///
/// # Errors
/// As [`apply`].
pub fn apply_to_make_room(
    repo: Repository,
    policy_for: impl Fn(&str) -> RetentionPolicy,
) -> Result<Applied, RepoError> {
    forget_then_prune(repo, policy_for, true)
}

fn forget_then_prune(
    repo: Repository,
    policy_for: impl Fn(&str) -> RetentionPolicy,
    always_prune: bool,
) -> Result<Applied, RepoError> {
    let list = repo.snapshots()?;
    let mut out = Applied::default();
    for plan in decide(&list, policy_for) {
        for d in plan.decisions.iter().filter(|d| !d.keep) {
            match repo.delete_snapshot(&d.item) {
                Ok(()) => out.removed += 1,
                Err(RepoError::Storage(StorageError::RetentionRefused { .. })) => out.locked += 1,
                Err(e) => return Err(e),
            }
        }
    }
    if out.removed > 0 || always_prune {
        let mut locked = LockedRepo::<Exclusive>::open(repo, "prune (job retention)")?;
        out.bytes_freed = prune::prune(&mut locked, false)?.bytes_freed;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{DateTime, FixedOffset};

    use super::*;
    use crate::job::testing::MemRepo;
    use crate::repo::retention::Reason;
    use crate::repo::snapshot::{Snapshot, SnapshotWarning};
    use crate::storage::{Backend, ObjectInfo};

    fn keep(last: u32, daily: u32) -> RetentionPolicy {
        RetentionPolicy {
            keep_last: last,
            keep_daily: daily,
            keep_weekly: 0,
            keep_monthly: 0,
            keep_yearly: 0,
        }
    }

    fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T{hour:02}:30:00+01:00")).unwrap()
    }

    /// `base` as job `job` at `time`, lacking a folder when `!complete`.
    fn like(base: &Snapshot, job: &str, time: DateTime<FixedOffset>, complete: bool) -> Snapshot {
        let mut s = base.clone();
        s.job = job.into();
        s.time = time;
        if !complete {
            s.summary.warnings.push(
                SnapshotWarning::SourceMissing {
                    source: "praxis".into(),
                    path: "C:\\DConcept".into(),
                }
                .into(),
            );
        }
        s
    }

    fn practice_once() -> (MemRepo, Snapshot, tempfile::TempDir) {
        let repo = MemRepo::new();
        let src = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("stamm.dat"), vec![7u8; 50_000]).unwrap();
        let snap = repo.back_up("nightly", src.path());
        (repo, snap, src)
    }

    fn list_of(snaps: &[Snapshot]) -> SnapshotList {
        SnapshotList {
            ok: snaps
                .iter()
                .enumerate()
                .map(|(i, s)| (Id([i as u8; 32]), s.clone()))
                .collect(),
            damaged: Vec::new(),
        }
    }

    /// (job, day, hour, kept) of every decision, oldest first.
    fn kept(plans: &[GroupPlan<String, Id>]) -> Vec<(String, u32, bool)> {
        use chrono::Datelike;
        let mut v: Vec<_> = plans
            .iter()
            .flat_map(|p| {
                p.decisions
                    .iter()
                    .map(|d| (p.group.clone(), d.time.day(), d.keep))
            })
            .collect();
        v.sort_by_key(|(job, day, _)| (job.clone(), *day));
        v
    }

    #[test]
    fn jobs_never_compete_for_a_day_and_each_has_its_own_policy() {
        let (_repo, base, _src) = practice_once();
        let snaps: Vec<Snapshot> = (26..=29)
            .flat_map(|d| {
                [
                    like(&base, "nightly", at(d, 22), true),
                    like(&base, "feierabend", at(d, 18), true),
                ]
            })
            .collect();
        let plans = decide(&list_of(&snaps), |job| match job {
            "nightly" => keep(0, 2),
            _ => keep(1, 0),
        });
        let want = |job: &str, days: [bool; 4]| {
            (26..=29)
                .zip(days)
                .map(|(d, k)| (job.to_string(), d, k))
                .collect::<Vec<_>>()
        };
        let mut expected = want("feierabend", [false, false, false, true]);
        expected.extend(want("nightly", [false, false, true, true]));
        assert_eq!(kept(&plans), expected);
    }

    #[test]
    fn the_newest_complete_snapshot_of_a_job_stays_when_the_policy_keeps_only_incomplete_ones() {
        let (_repo, base, _src) = practice_once();
        let snaps = [
            like(&base, "nightly", at(26, 22), true),
            like(&base, "nightly", at(27, 22), true),
            like(&base, "nightly", at(28, 22), false),
            like(&base, "nightly", at(29, 22), false),
            like(&base, "feierabend", at(29, 18), false),
        ];
        let plans = decide(&list_of(&snaps), |_| keep(2, 0));
        let mut expected: Vec<(String, u32, bool)> = vec![("feierabend".into(), 29, true)];
        for (d, k) in [(26, false), (27, true), (28, true), (29, true)] {
            expected.push(("nightly".into(), d, k));
        }
        assert_eq!(kept(&plans), expected);
        let nightly = plans.iter().find(|p| p.group == "nightly").unwrap();
        let d27 = nightly
            .decisions
            .iter()
            .find(|d| d.time == at(27, 22))
            .unwrap();
        assert_eq!(d27.reasons, [Reason::NewestComplete]);
    }

    /// A bucket whose Object Lock refuses to delete `locked` snapshots.
    struct Locked {
        inner: Arc<dyn Backend>,
        locked: Vec<String>,
    }

    impl Backend for Locked {
        fn location(&self) -> String {
            self.inner.location()
        }
        fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
            self.inner.get(key)
        }
        fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
            self.inner.get_range(key, offset, len)
        }
        fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
            self.inner.put(key, data)
        }
        fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
            self.inner.put_new(key, data)
        }
        fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
            self.inner.list(prefix)
        }
        fn delete(&self, key: &str) -> Result<(), StorageError> {
            if self.locked.iter().any(|k| k == key) {
                return Err(StorageError::RetentionRefused {
                    location: self.location(),
                    key: key.into(),
                    until: None,
                });
            }
            self.inner.delete(key)
        }
        fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
            self.inner.stat(key)
        }
    }

    #[test]
    fn apply_forgets_what_the_policy_drops_and_counts_what_object_lock_keeps() {
        let (repo, first, src) = practice_once();
        let r = repo.open();
        let old = r
            .save_snapshot(&like(&first, "nightly", at(20, 22), true))
            .unwrap();
        let locked = r
            .save_snapshot(&like(&first, "nightly", at(21, 22), true))
            .unwrap();
        std::fs::write(src.path().join("stamm.dat"), vec![8u8; 60_000]).unwrap();
        repo.back_up("nightly", src.path());
        repo.back_up("feierabend", src.path());
        let before = repo.open().snapshots().unwrap().ok.len();
        assert_eq!(before, 5);

        let backend = Arc::new(Locked {
            inner: repo.mem.clone(),
            locked: vec![crate::repo::repository::snapshot_key(&locked)],
        });
        let on_bucket = Repository::open(backend, repo.ids.clone()).unwrap();
        let applied = apply(on_bucket, |_| keep(1, 0)).unwrap();
        assert_eq!((applied.removed, applied.locked), (2, 1));
        let left: Vec<Id> = repo
            .open()
            .snapshots()
            .unwrap()
            .ok
            .iter()
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(left.len(), 3);
        assert!(left.contains(&locked) && !left.contains(&old));
        // The first content is still needed by the locked snapshot.
        assert_eq!(applied.bytes_freed, 0);

        // Once the lock is gone, that snapshot goes too.
        let applied = apply(repo.open(), |_| keep(1, 0)).unwrap();
        assert_eq!((applied.removed, applied.locked), (1, 0));
        assert_eq!(repo.open().snapshots().unwrap().ok.len(), 2);
        // The prune ran: the first content's pack is marked for a later run.
        let marked = repo.mem.list(crate::repo::marks::PENDING_DIR).unwrap();
        assert!(!marked.is_empty(), "no pack marked after a removal");
    }

    #[test]
    fn nothing_to_forget_runs_no_prune() {
        let (repo, _first, _src) = practice_once();
        // A stale exclusive lock would make a prune fail: it must not run.
        let blocker =
            crate::repo::lock::LockedRepo::<Exclusive>::open(repo.open(), "held").unwrap();
        let applied = apply(repo.open(), |_| keep(1, 0)).unwrap();
        assert_eq!(applied, Applied::default());
        drop(blocker);
    }
}

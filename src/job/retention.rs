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
    if out.removed > 0 {
        let mut locked = LockedRepo::<Exclusive>::open(repo, "prune (job retention)")?;
        out.bytes_freed = prune::prune(&mut locked, false)?.bytes_freed;
    }
    Ok(out)
}

//! Who can read a snapshot: the recipient sets of its own file and of every
//! pack it references (tree and content blobs). A key opens the snapshot
//! only when it is in every set — data shared with older snapshots through
//! deduplication stays encrypted to the keys of its time (docs/format.md,
//! "Keys").

use std::collections::HashSet;

use super::error::{RepoError, Result};
use super::repository::IndexedRepo;
use super::snapshot::Snapshot;

/// The distinct recipient sets a snapshot's files are encrypted to (each
/// set in the order written: that time's machine key first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readers {
    pub sets: Vec<Vec<String>>,
}

impl Readers {
    /// Does `recipient` alone open everything?
    pub fn opened_by(&self, recipient: &str) -> bool {
        self.sets.iter().all(|s| s.iter().any(|r| r == recipient))
    }

    /// Do the keys `held` (a key ring) together open everything?
    pub fn opened_by_any_of(&self, held: &[String]) -> bool {
        self.sets.iter().all(|s| s.iter().any(|r| held.contains(r)))
    }
}

/// The [`Readers`] of `snap`. Reads its file list (which the keys at hand
/// must open); a blob the index does not hold is [`RepoError::BlobMissing`].
pub fn of(repo: &IndexedRepo, snap: &Snapshot) -> Result<Readers> {
    let nodes = repo.load_tree(snap)?;
    let mut seen_packs = HashSet::new();
    // A snapshot that does not record its recipients counts as legacy.
    let own = match snap.recipients.is_empty() {
        false => snap.recipients.clone(),
        true => (repo.config().legacy_recipients.clone())
            .unwrap_or_else(|| repo.config().recipients.clone()),
    };
    let mut sets: Vec<Vec<String>> = vec![own];
    let blobs = snap
        .tree
        .iter()
        .chain(nodes.iter().flat_map(|n| n.chunks.iter()));
    for id in blobs {
        let (pack, _) = repo
            .index()
            .get(id)
            .ok_or(RepoError::BlobMissing { id: *id })?;
        if seen_packs.insert(pack.id) {
            let set = repo.config().pack_recipients(pack);
            if !sets.iter().any(|s| s.as_slice() == set) {
                sets.push(set.to_vec());
            }
        }
    }
    Ok(Readers { sets })
}

#[cfg(test)]
mod tests {
    use super::Readers;

    #[test]
    fn a_key_opens_a_snapshot_only_when_it_is_in_every_set() {
        let r = Readers {
            sets: vec![
                vec!["m2".into(), "w1".into(), "w2".into()],
                vec!["m1".into(), "w1".into()],
            ],
        };
        assert!(r.opened_by("w1"));
        assert!(!r.opened_by("w2"), "added later: old data is not for it");
        assert!(!r.opened_by("m2"));
        assert!(r.opened_by_any_of(&["m2".into(), "m1".into()]));
        assert!(!r.opened_by_any_of(&["m2".into(), "w2".into()]));
    }
}

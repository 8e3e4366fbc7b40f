//! What the target medium does wrong while it reports success: the copy
//! notices it (pack sizes checked, the snapshot file read back, the lock
//! proven ours) and leaves no snapshot that names what did not arrive.
//! (The happy path and power cuts are in `copy.rs`'s own tests.)

use std::sync::{Arc, Mutex};

use super::*;
use crate::repo::error::Damage;
use crate::repo::lock::{testing::KeyFaults, LockLoss};
use crate::repo::repository::{INDEX_DIR, PACK_DIR, SNAPSHOT_DIR};
use crate::storage::memory::MemoryBackend;
use crate::storage::{Backend, ObjectInfo, StorageError};

use super::tests::{all, init, keys, locked, open, pair};

fn keys_under(b: &MemoryBackend, prefix: &str) -> Vec<String> {
    b.with_files(|f| {
        f.keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    })
}

/// How a [`Misstores`] medium gets a write wrong.
#[derive(Clone, Copy)]
enum Wrong {
    /// Pack files are stored one byte short (a share that cut the upload).
    ShortPacks,
    /// A snapshot file is stored as the bytes of the index file written
    /// just before it: a whole, readable file, but another one.
    SnapshotIsLastIndex,
}

/// A target medium that acknowledges every write, storing some wrongly.
struct Misstores {
    inner: Arc<MemoryBackend>,
    wrong: Wrong,
    last_index: Mutex<Vec<u8>>,
}

impl Misstores {
    fn new(inner: Arc<MemoryBackend>, wrong: Wrong) -> Arc<Misstores> {
        Arc::new(Misstores {
            inner,
            wrong,
            last_index: Mutex::new(Vec::new()),
        })
    }
}

impl Backend for Misstores {
    fn location(&self) -> String {
        self.inner.location()
    }
    fn get(&self, key: &str) -> std::result::Result<Vec<u8>, StorageError> {
        self.inner.get(key)
    }
    fn get_range(
        &self,
        key: &str,
        offset: u64,
        len: u64,
    ) -> std::result::Result<Vec<u8>, StorageError> {
        self.inner.get_range(key, offset, len)
    }
    fn put(&self, key: &str, data: &[u8]) -> std::result::Result<(), StorageError> {
        if key.starts_with(INDEX_DIR) {
            *self.last_index.lock().unwrap() = data.to_vec();
        }
        match self.wrong {
            Wrong::ShortPacks if key.starts_with(PACK_DIR) => {
                self.inner.put(key, &data[..data.len() - 1])
            }
            Wrong::SnapshotIsLastIndex if key.starts_with(SNAPSHOT_DIR) => {
                let other = self.last_index.lock().unwrap().clone();
                assert!(!other.is_empty(), "an index file came first");
                self.inner.put(key, &other)
            }
            _ => self.inner.put(key, data),
        }
    }
    fn put_new(&self, key: &str, data: &[u8]) -> std::result::Result<(), StorageError> {
        self.inner.put_new(key, data)
    }
    fn list(&self, prefix: &str) -> std::result::Result<Vec<ObjectInfo>, StorageError> {
        self.inner.list(prefix)
    }
    fn delete(&self, key: &str) -> std::result::Result<(), StorageError> {
        self.inner.delete(key)
    }
    fn stat(&self, key: &str) -> std::result::Result<Option<ObjectInfo>, StorageError> {
        self.inner.stat(key)
    }
}

/// Packs stored short: the size check at the target catches each one,
/// whether the pack travels as stored (same keys) or is made anew (a target
/// with other keys), and no snapshot file is written.
#[test]
fn a_pack_stored_short_is_caught_by_its_size_and_no_snapshot_is_written() {
    let p = pair();
    let source = open(p.source.clone(), &p.keys);
    let other = keys();
    let other_target = Arc::new(MemoryBackend::new());
    init(other_target.clone(), &other, &p.secrets);
    for (medium, k, as_stored) in [
        (p.target.clone(), &p.keys, true),
        (other_target.clone(), &other, false),
    ] {
        let wrong = Misstores::new(medium.clone(), Wrong::ShortPacks);
        let mut target = locked(wrong, k);
        let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
        assert!(r.copied.is_empty(), "as stored {as_stored}: {:?}", r.copied);
        assert_eq!(r.skipped.len(), 2, "as stored {as_stored}: {:?}", r.skipped);
        for (_, e) in &r.skipped {
            assert!(
                matches!(e, RepoError::DamagedFile { file, damage: Damage::Size }
                    if file.starts_with(PACK_DIR)),
                "as stored {as_stored}: {e}"
            );
        }
        assert!(r.stopped.is_none(), "{:?}", r.stopped);
        assert_eq!((r.packs_copied, r.packs_repacked), (0, 0));
        assert!(
            !keys_under(&medium, PACK_DIR).is_empty(),
            "the short packs were written"
        );
        drop(target);
        assert_eq!(keys_under(&medium, SNAPSHOT_DIR), Vec::<String>::new());
        assert!(all(&open(medium, k)).is_empty());
    }
}

/// A snapshot file that reads back as another file: the copy says so and
/// counts the snapshot as not copied.
#[test]
fn a_snapshot_file_that_reads_back_different_is_not_counted_as_copied() {
    let p = pair();
    let source = open(p.source.clone(), &p.keys);
    let wanted = all(&source);
    let wrong = Misstores::new(p.target.clone(), Wrong::SnapshotIsLastIndex);
    let mut target = locked(wrong, &p.keys);
    let r = copy(&source, &mut target, &wanted, &Silent).unwrap();
    assert!(r.copied.is_empty(), "{:?}", r.copied);
    assert!(r.stopped.is_none(), "{:?}", r.stopped);
    let skipped: Vec<&Id> = r.skipped.iter().map(|(id, _)| id).collect();
    let ids: Vec<&Id> = wanted.iter().map(|(id, _)| id).collect();
    assert_eq!(skipped, ids);
    for (id, e) in &r.skipped {
        assert!(
            matches!(e, RepoError::Damaged { file, reason }
                if *file == snapshot_key(id) && reason.contains("read back differs")),
            "{e}"
        );
    }
    drop(target);
    // What did not read back was removed: the target holds no damaged
    // snapshot file, and a later run copies those snapshots again.
    let on_target = open(p.target.clone(), &p.keys).snapshots().unwrap();
    assert!(on_target.ok.is_empty() && on_target.damaged.is_empty());
    assert!(p.target.list("snapshots/").unwrap().is_empty());
}

/// The lock at the target lost (the refresher could not write it, or
/// another run removed it as stale): the run stops before a snapshot file
/// is written, as the backup does.
#[test]
fn a_lost_target_lock_stops_the_copy_before_its_snapshot() {
    let p = pair();
    let source = open(p.source.clone(), &p.keys);
    let faults = Arc::new(KeyFaults::new(p.target.clone()));
    let mut target = locked(faults.clone(), &p.keys);
    faults.fail_writes(Some("locks/"));
    // What the refresher's next tick does.
    assert!(target.lock().verify().is_err());
    let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
    match &r.stopped {
        Some(RepoError::LockLost {
            reason: LockLoss::Unwritable { .. },
        }) => {}
        other => panic!("the copy went on without its lock: {other:?}"),
    }
    assert!(r.copied.is_empty(), "{:?}", r.copied);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    drop(target);
    faults.fail_writes(None);
    assert_eq!(keys_under(&p.target, SNAPSHOT_DIR), Vec::<String>::new());

    // Removed by another run that took it for stale: the same.
    let mut target = locked(faults.clone(), &p.keys);
    for l in keys_under(&p.target, "locks/") {
        p.target.delete(&l).unwrap();
    }
    assert!(target.lock().verify().is_err());
    let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
    assert!(
        matches!(
            &r.stopped,
            Some(RepoError::LockLost {
                reason: LockLoss::Removed { .. }
            })
        ),
        "{:?}",
        r.stopped
    );
    assert!(r.copied.is_empty(), "{:?}", r.copied);
    drop(target);
    assert_eq!(keys_under(&p.target, SNAPSHOT_DIR), Vec::<String>::new());

    // With the lock held, the next run completes.
    let mut target = locked(faults.clone(), &p.keys);
    let r = copy(&source, &mut target, &all(&source), &Silent).unwrap();
    assert_eq!(r.copied.len(), 2, "{:?}", r.stopped);
}

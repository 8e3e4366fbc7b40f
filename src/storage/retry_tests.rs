//! Tests of the retry layer, on a simulated clock (no real waits).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::i18n::Language;
use crate::storage::clock::SimClock;
use crate::storage::faulty::{FaultyBackend, Outage};
use crate::storage::local::LocalBackend;
use crate::storage::memory::MemoryBackend;

type Share = Arc<FaultyBackend<LocalBackend>>;

fn share() -> (tempfile::TempDir, Share) {
    let dir = tempfile::tempdir().expect("tempdir");
    let b = LocalBackend::open(dir.path().to_path_buf()).expect("open");
    (dir, Arc::new(FaultyBackend::new(b)))
}

fn retry(inner: Arc<dyn Backend>, clock: &Arc<SimClock>) -> Retry {
    let clock: Arc<dyn Clock> = clock.clone();
    Retry::new(inner, RetryPolicy::NAS, clock)
}

fn fixture() -> (tempfile::TempDir, Retry) {
    let (dir, share) = share();
    (dir, retry(share, &Arc::new(SimClock::default())))
}

// The layer is a conforming backend.
crate::storage::conformance::conformance_tests!(fixture());

#[test]
fn backoff_doubles_up_to_the_cap() {
    let p = RetryPolicy::NAS;
    let secs: Vec<u64> = (1..=6).map(|a| p.backoff(a).as_secs()).collect();
    assert_eq!(secs, [2, 4, 8, 16, 30, 30]);
    assert_eq!(p.backoff(u32::MAX), p.max_wait, "no overflow");
}

#[test]
fn a_share_that_drops_for_two_operations_recovers() {
    let (_dir, share) = share();
    let clock = Arc::new(SimClock::default());
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let s = share.clone();
    // The share reconnects during the second wait.
    clock.on_sleep(move |n, _| {
        if n == 2 {
            s.heal();
        }
    });
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let b = retry(share.clone(), &clock).on_retry(move |e| {
        seen.lock()
            .expect("lock")
            .push((e.attempt, e.operation.to_string()));
    });

    b.put("packs/ab/abc", b"pack").expect("third attempt works");

    assert_eq!(share.writes(), 3, "two failed attempts, one good");
    assert_eq!(share.inner().get("packs/ab/abc").expect("stored"), b"pack");
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    // Equal jitter: between half and all of 2 s, then of 4 s.
    assert!(sleeps[0] >= Duration::from_secs(1) && sleeps[0] <= Duration::from_secs(2));
    assert!(sleeps[1] >= Duration::from_secs(2) && sleeps[1] <= Duration::from_secs(4));
    assert_eq!(
        *events.lock().expect("lock"),
        [
            (1, "put packs/ab/abc".to_string()),
            (2, "put packs/ab/abc".to_string())
        ]
    );
}

#[test]
fn a_share_that_stays_down_fails_after_the_cap_naming_the_share() {
    let (dir, share) = share();
    let clock = Arc::new(SimClock::default());
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let b = retry(share.clone(), &clock);

    let err = b.list("snapshots/").expect_err("share is gone");

    let StorageError::GaveUp {
        location,
        attempts,
        source,
    } = &err
    else {
        panic!("expected GaveUp, got {err:?}");
    };
    assert_eq!(location, &dir.path().display().to_string());
    assert_eq!(*attempts, RetryPolicy::NAS.max_attempts);
    assert!(matches!(**source, StorageError::Unavailable { .. }));
    assert!(!err.is_transient(), "an outer layer must not retry again");
    assert_eq!(share.ops(), u64::from(RetryPolicy::NAS.max_attempts));
    assert!(clock.slept() <= RetryPolicy::NAS.total);
    assert_eq!(clock.sleeps().len(), 5);

    let (de, hint) = crate::error::Error::from(err).render(Language::De);
    let place = dir.path().display().to_string();
    assert!(de.contains(&place), "{de}");
    assert!(de.contains("6 Versuche lang nicht geantwortet"), "{de}");
    assert!(de.contains("nicht erreichbar"), "the last error: {de}");
    assert!(hint.expect("hint").contains("Netzwerkfreigabe"));
}

#[test]
fn the_english_final_error_names_share_and_attempts() {
    let (dir, share) = share();
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let err = retry(share, &Arc::new(SimClock::default()))
        .get("config")
        .expect_err("down");
    let (en, _) = crate::error::Error::from(err).render(Language::En);
    let place = dir.path().display().to_string();
    assert!(
        en.starts_with(&format!(
            "The destination {place} did not answer for 6 attempts; tresor gave up."
        )),
        "{en}"
    );
}

#[test]
fn the_total_cap_ends_retrying_before_the_attempt_cap() {
    let (_dir, share) = share();
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let clock = Arc::new(SimClock::default());
    let policy = RetryPolicy {
        max_attempts: 100,
        first_wait: Duration::from_secs(1),
        max_wait: Duration::from_secs(4),
        total: Duration::from_secs(10),
    };
    let as_clock: Arc<dyn Clock> = clock.clone();
    let err = Retry::new(share.clone(), policy, as_clock)
        .stat("x")
        .expect_err("down");
    assert!(matches!(err, StorageError::GaveUp { attempts, .. } if attempts < 100));
    assert!(
        clock.slept() <= Duration::from_secs(10),
        "{:?}",
        clock.slept()
    );
    // Time spent in the operation itself counts too.
    assert!(clock.sleeps().len() >= 2);
}

#[test]
fn permanent_errors_are_not_retried() {
    let (_dir, share) = share();
    let clock = Arc::new(SimClock::default());
    let b = retry(share.clone(), &clock);

    let err = b.get("missing").expect_err("not found");
    assert!(err.is_not_found(), "{err:?}");

    share.set_unavailable_after_ops(0, Outage::MediumPulled);
    let err = b.put("a", b"1").expect_err("pulled");
    assert!(matches!(err, StorageError::Unavailable { .. }), "{err:?}");

    assert!(clock.sleeps().is_empty(), "no waits: {:?}", clock.sleeps());
    assert_eq!(share.ops(), 2, "one attempt each");
}

#[test]
fn a_full_disk_is_not_retried() {
    let dir = tempfile::tempdir().expect("tempdir");
    let b = LocalBackend::open(dir.path().to_path_buf()).expect("open");
    let full = Arc::new(FaultyBackend::new(b).no_space_after_bytes(3));
    let clock = Arc::new(SimClock::default());
    let err = retry(full.clone(), &clock)
        .put("packs/a", b"1234")
        .expect_err("full");
    assert!(matches!(err, StorageError::NoSpace { .. }), "{err:?}");
    assert_eq!(full.writes(), 1);
    assert!(clock.sleeps().is_empty());
}

#[test]
fn a_transient_error_after_a_permanent_one_is_not_hidden() {
    // Attempt 1: share dropped; attempt 2: the medium is full. The full
    // medium is what staff must hear, as it is, without "gave up".
    let dir = tempfile::tempdir().expect("tempdir");
    let b = LocalBackend::open(dir.path().to_path_buf()).expect("open");
    let share = Arc::new(FaultyBackend::new(b));
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let clock = Arc::new(SimClock::default());
    let s = share.clone();
    clock.on_sleep(move |_, _| {
        s.heal();
        s.set_fault_at_write(1, crate::storage::faulty::WriteFault::Fail);
    });
    let err = retry(share.clone(), &clock)
        .put("a", b"1")
        .expect_err("second attempt fails for good");
    assert!(matches!(err, StorageError::Io { .. }), "{err:?}");
    assert_eq!(clock.sleeps().len(), 1);
}

/// A backend whose `put_new` lands but whose answer is lost (the first time).
struct LostAnswer {
    inner: MemoryBackend,
    lost: Mutex<bool>,
}

impl LostAnswer {
    fn new() -> LostAnswer {
        LostAnswer {
            inner: MemoryBackend::new(),
            lost: Mutex::new(false),
        }
    }
}

impl Backend for LostAnswer {
    fn location(&self) -> String {
        "\\\\nas\\praxis".into()
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
        self.inner.put_new(key, data)?;
        let mut lost = self.lost.lock().expect("lock");
        if !*lost {
            *lost = true;
            return Err(StorageError::Unavailable {
                location: self.location(),
                source: std::io::Error::from(std::io::ErrorKind::ConnectionReset),
            });
        }
        Ok(())
    }
    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        self.inner.list(prefix)
    }
    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.inner.delete(key)
    }
    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        self.inner.stat(key)
    }
}

#[test]
fn put_new_whose_answer_was_lost_finds_its_own_object() {
    let b = retry(Arc::new(LostAnswer::new()), &Arc::new(SimClock::default()));
    b.put_new("locks/me", b"lock of run 1")
        .expect("our own lock: the earlier attempt landed");
    assert_eq!(b.get("locks/me").expect("get"), b"lock of run 1");
}

#[test]
fn put_new_that_meets_another_writers_object_still_conflicts() {
    let inner = Arc::new(LostAnswer::new());
    *inner.lost.lock().expect("lock") = true; // no lost answers
    let b = retry(inner.clone(), &Arc::new(SimClock::default()));
    b.put_new("locks/other", b"their lock").expect("first");
    let err = b.put_new("locks/other", b"my lock").expect_err("taken");
    assert!(matches!(err, StorageError::AlreadyExists { .. }), "{err:?}");
}

#[test]
fn put_new_retried_after_another_writer_took_the_key_conflicts() {
    // Attempt 1 fails (share dropped, nothing written); during the wait
    // another writer creates the lock: compare by content, never assume
    // that an existing object is ours.
    let (_dir, share) = share();
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let clock = Arc::new(SimClock::default());
    let s = share.clone();
    clock.on_sleep(move |_, _| {
        s.heal();
        s.inner()
            .put("locks/l", b"their lock")
            .expect("other writer");
    });
    let err = retry(share.clone(), &clock)
        .put_new("locks/l", b"my lock")
        .expect_err("taken");
    assert!(matches!(err, StorageError::AlreadyExists { .. }), "{err:?}");
    assert_eq!(share.inner().get("locks/l").expect("get"), b"their lock");
}

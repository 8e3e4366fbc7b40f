//! Issue 12, point 5: a NAS share (local backend) that drops in the middle
//! of a run. Through the layer stack the run retries, then fails naming the
//! share; what the share holds afterwards are whole packs only.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::i18n::Language;
use crate::storage::clock::SimClock;
use crate::storage::faulty::{FaultyBackend, Outage};
use crate::storage::local::LocalBackend;
use crate::storage::StorageError;

const PACK: usize = 300 * 1024;

fn pack(i: u8) -> Vec<u8> {
    vec![i; PACK]
}

/// `(share dir, faulty share, the stack over it, clock)`.
fn nas() -> (
    tempfile::TempDir,
    Arc<FaultyBackend<LocalBackend>>,
    Arc<dyn Backend>,
    Arc<SimClock>,
) {
    let dir = tempfile::tempdir().expect("tempdir");
    let local = LocalBackend::open(dir.path().to_path_buf()).expect("open");
    let share = Arc::new(FaultyBackend::new(local));
    let clock = Arc::new(SimClock::at(21, 0));
    let c: Arc<dyn Clock> = clock.clone();
    let stack = wrap(share.clone(), &Transfer::default(), RetryPolicy::NAS, c);
    (dir, share, stack, clock)
}

/// What a fresh look at the share (after the run) finds under `packs/`.
fn packs_on(dir: &tempfile::TempDir) -> Vec<(String, u64)> {
    let b = LocalBackend::open(dir.path().to_path_buf()).expect("reopen");
    assert!(
        b.list_leftovers().expect("leftovers").is_empty(),
        "no temp files"
    );
    let mut v: Vec<_> = b
        .list("packs/")
        .expect("list")
        .into_iter()
        .map(|o| (o.key, o.size))
        .collect();
    v.sort();
    v
}

#[test]
fn a_share_that_drops_mid_run_and_comes_back_loses_nothing() {
    let (dir, share, stack, clock) = nas();
    let s = share.clone();
    clock.on_sleep(move |n, _| {
        if n == 3 {
            s.heal(); // the SMB session is re-established
        }
    });
    for i in 0..6u8 {
        if i == 3 {
            share.set_unavailable_after_ops(0, Outage::ShareDropped);
        }
        stack.put(&format!("packs/{i}"), &pack(i)).expect("retried");
    }
    let expected: Vec<_> = (0..6)
        .map(|i| (format!("packs/{i}"), PACK as u64))
        .collect();
    assert_eq!(packs_on(&dir), expected);
    assert_eq!(
        clock.sleeps().len(),
        3,
        "three waits, then the share was back"
    );
}

#[test]
fn a_share_that_stays_away_fails_clearly_and_leaves_whole_packs_only() {
    let (dir, share, stack, clock) = nas();
    for i in 0..3u8 {
        stack
            .put(&format!("packs/{i}"), &pack(i))
            .expect("before the drop");
    }
    share.set_unavailable_after_ops(0, Outage::ShareDropped);
    let err = stack
        .put("packs/3", &pack(3))
        .expect_err("share stays away");

    assert!(
        matches!(err, StorageError::GaveUp { attempts: 6, .. }),
        "{err:?}"
    );
    assert!(clock.slept() <= Duration::from_secs(120));
    let share_path = dir.path().display().to_string();
    let e = crate::error::Error::from(err);
    assert_eq!(e.exit_code(), 2, "failed: something was not done");
    let (de, _) = e.render(Language::De);
    assert!(
        de.starts_with(&format!(
            "Das Sicherungsziel {share_path} hat 6 Versuche lang nicht geantwortet"
        )),
        "{de}"
    );
    let (en, _) = e.render(Language::En);
    assert!(en.contains(&share_path), "{en}");

    let expected: Vec<_> = (0..3)
        .map(|i| (format!("packs/{i}"), PACK as u64))
        .collect();
    assert_eq!(
        packs_on(&dir),
        expected,
        "pack 3 is not there, not even in part"
    );
}

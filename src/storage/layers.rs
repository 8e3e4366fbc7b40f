//! Stacks the storage layers around a backend, as restic stacks its backend
//! wrappers at start-up: one concern per layer, the same for every backend.
//!
//! Owns the order of the layers ([`wrap`]), called by the factory
//! (`storage::open`) with the destination's [`Transfer`] settings.

use std::sync::Arc;

use super::clock::Clock;
use super::ratelimit::RateLimited;
use super::retry::{Retry, RetryPolicy};
use super::window::Window;
use super::Backend;
use crate::config::Transfer;

/// Keys written at any time, also outside the window: lock files. A run must
/// keep refreshing (and finally remove) its lock until it has stopped, or a
/// clean stop at the window's end would turn into a lost lock. Equals
/// `repo::lock::LOCK_DIR` (checked by a test; `storage` does not import `repo`).
pub const LOCK_PREFIX: &str = "locks/";

/// Wraps `backend` in the layers its `transfer` settings and `retry` policy ask
/// for. Order, outermost first:
///
/// 1. `Window` — decides once per object, before anything is paced or sent,
///    whether writing is allowed now (reads and deletes always are).
/// 2. `RateLimited` (only with `limit`/`daytime_limit`) — paces the object
///    once; between its slices it notices a window that closes mid-object.
/// 3. `Retry` — innermost, so that only the failed operation is repeated:
///    its waits and attempts measure the destination's outage, not our own
///    pacing, and a repeat after a dropped share is neither charged again
///    nor refused by a window that closed during the outage (the object it
///    belongs to was allowed to start).
pub fn wrap(
    backend: Arc<dyn Backend>,
    transfer: &Transfer,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
) -> Arc<dyn Backend> {
    let mut b: Arc<dyn Backend> = if retry.max_attempts > 1 {
        Arc::new(Retry::new(backend, retry, clock.clone()))
    } else {
        backend
    };
    if transfer.limit.is_some() || transfer.daytime_limit.is_some() {
        b = Arc::new(RateLimited::new(b, *transfer, clock.clone()));
    }
    if transfer.window.is_some() {
        b = Arc::new(Window::new(b, *transfer, clock).exempt(LOCK_PREFIX));
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Rate, TimeWindow};
    use crate::storage::clock::SimClock;
    use crate::storage::faulty::{FaultyBackend, Outage};
    use crate::storage::memory::MemoryBackend;
    use crate::storage::StorageError;
    use std::time::Duration;

    #[test]
    fn the_lock_prefix_is_the_repositorys() {
        assert_eq!(LOCK_PREFIX, crate::repo::lock::LOCK_DIR);
    }

    #[test]
    fn the_stack_retries_paces_and_keeps_the_window() {
        let faulty = Arc::new(FaultyBackend::new(MemoryBackend::new()));
        let clock = Arc::new(SimClock::at(21, 0));
        let t = Transfer {
            limit: Some(Rate {
                bytes_per_second: 1024 * 1024,
            }),
            daytime_limit: None,
            window: Some(TimeWindow {
                start: 20 * 60,
                end: 22 * 60,
            }),
        };
        let c: Arc<dyn Clock> = clock.clone();
        let b = wrap(faulty.clone(), &t, RetryPolicy::NAS, c);

        // A dropped share during a paced put: retried, not paced twice.
        faulty.set_unavailable_after_ops(0, Outage::ShareDropped);
        let f = faulty.clone();
        clock.on_sleep(move |_, d| {
            // The first retry wait is at least 1 s; pacing slices are shorter.
            if d >= Duration::from_secs(1) {
                f.heal();
            }
        });
        b.put("packs/a", &vec![0u8; 2 * 1024 * 1024])
            .expect("recovers");
        assert_eq!(faulty.writes(), 2);
        let paced_and_waited = clock.now().as_secs_f64();
        assert!(
            (3.0..=4.001).contains(&paced_and_waited),
            "2 s of pacing + one wait of 1–2 s: {paced_and_waited}"
        );

        // After 22:00 data waits for the window; lock files do not.
        clock.advance(Duration::from_secs(3600));
        let err = b.put("packs/b", b"x").expect_err("closed");
        assert!(matches!(err, StorageError::WindowClosed { .. }), "{err:?}");
        b.put("locks/run", b"refresh").expect("lock files pass");
        b.delete("locks/run").expect("and are removed");
        assert_eq!(b.get("packs/a").expect("restore").len(), 2 * 1024 * 1024);
    }

    #[test]
    fn without_settings_only_retry_is_added() {
        let mem: Arc<dyn Backend> = Arc::new(MemoryBackend::new());
        let c: Arc<dyn Clock> = Arc::new(SimClock::at(12, 0));
        let none = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::NAS
        };
        let b = wrap(mem.clone(), &Transfer::default(), none, c);
        assert!(Arc::ptr_eq(&b, &mem), "nothing to add");
    }
}

#[cfg(test)]
#[path = "layers_nas_tests.rs"]
mod nas_tests;

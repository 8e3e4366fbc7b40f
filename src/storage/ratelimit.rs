//! The rate-limit layer: uploads (`put`, `put_new`) to a destination go no
//! faster than its `limit` (or `daytime_limit` outside the window), so that
//! a practice's uplink keeps room for the TI connector's e-prescriptions.
//!
//! Owns the token bucket ([`Limiter`]) and the [`RateLimited`] wrapper.
//!
//! Pacing: the `Backend` contract hands over a whole object at once (`put`
//! is atomic), so the layer cannot slow the wire itself. It charges an
//! object slice by slice (about 1/8 s of bytes each) *before* handing it on,
//! and credits the time the inner write took: over a run of back-to-back
//! puts the average rate equals the limit, and between slices the rate is
//! re-read (a window that opens or closes mid-object changes the pace; one
//! that closes without `daytime_limit` stops the object before anything is
//! written). A backend that streams (S3 multipart) can charge each part on
//! the same shared [`Limiter`] instead.
//!
//! The bucket is a GCRA ("virtual scheduling", ITU-T I.371): one
//! "theoretical arrival time" instead of a token count, which makes a rate
//! that changes between slices and several concurrent writers simple.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::clock::Clock;
use super::window::{closed, pace, Pace};
use super::{Backend, StorageError};
use crate::config::Transfer;

/// How far a writer may run ahead of the limit: the time an inner write may
/// take and still be credited, and the burst after an idle pause. Small
/// against "a few seconds", so the rate over any few seconds stays within
/// ±10 % of the limit.
pub const BURST: Duration = Duration::from_millis(250);

/// Smallest and largest slice an object is charged in.
const MIN_SLICE: u64 = 16 * 1024;
const MAX_SLICE: u64 = 1024 * 1024;

/// The slice size at `rate` bytes/s: 1/8 s of bytes, within 16 KiB..1 MiB.
pub fn slice_len(rate: u64) -> u64 {
    (rate / 8).clamp(MIN_SLICE, MAX_SLICE)
}

/// A token bucket over bytes, shared by every writer of one destination.
pub struct Limiter {
    clock: Arc<dyn Clock>,
    /// Theoretical arrival time: when the bytes charged so far would have
    /// been sent at the limit (on `clock`'s time line).
    tat: Mutex<Duration>,
}

impl Limiter {
    /// A bucket that starts empty (no initial burst: the first bytes are
    /// paced like the rest).
    pub fn new(clock: Arc<dyn Clock>) -> Limiter {
        let start = clock.now() + BURST;
        Limiter {
            clock,
            tat: Mutex::new(start),
        }
    }

    /// Charges `bytes` at `rate` bytes/s (≥ 1) and sleeps until they may go.
    /// Returns the time slept.
    pub fn acquire(&self, bytes: u64, rate: u64) -> Duration {
        let cost = Duration::from_secs_f64(bytes as f64 / rate.max(1) as f64);
        let wait = {
            let now = self.clock.now();
            let mut tat = self.tat.lock().unwrap_or_else(|p| p.into_inner());
            *tat = (*tat).max(now) + cost;
            tat.saturating_sub(BURST).saturating_sub(now)
        };
        if !wait.is_zero() {
            self.clock.sleep(wait);
        }
        wait
    }
}

/// Wraps a backend and paces uploads; see the module docs.
pub struct RateLimited {
    inner: Arc<dyn Backend>,
    transfer: Transfer,
    clock: Arc<dyn Clock>,
    up: Limiter,
    down: Option<Limiter>,
}

impl RateLimited {
    /// Paces `put`/`put_new` by `transfer` (`limit`, `daytime_limit`, `window`).
    pub fn new(inner: Arc<dyn Backend>, transfer: Transfer, clock: Arc<dyn Clock>) -> RateLimited {
        RateLimited {
            up: Limiter::new(clock.clone()),
            down: None,
            inner,
            transfer,
            clock,
        }
    }

    /// Also paces downloads (`get`, `get_range`) at `limit`, on a bucket of
    /// their own; never stopped by the window (restore must work any time).
    pub fn with_downloads(mut self) -> RateLimited {
        self.down = Some(Limiter::new(self.clock.clone()));
        self
    }

    /// Charges an upload of `len` bytes slice by slice; fails with
    /// `WindowClosed` when the window closes before the last slice.
    fn pace_upload(&self, len: u64) -> Result<(), StorageError> {
        let mut left = len;
        let mut first = true;
        loop {
            let rate = match pace(&self.transfer, self.clock.minute_of_day()) {
                Pace::Unlimited => return Ok(()),
                Pace::BytesPerSecond(r) => r,
                // The window layer decided about this object before it
                // started (and lets lock files through): only a window that
                // closes in the middle stops it here.
                Pace::Closed if !first => {
                    return match &self.transfer.window {
                        Some(w) => Err(closed(self.inner.location(), w)),
                        // `pace` is closed only outside a window.
                        None => Ok(()),
                    };
                }
                Pace::Closed => match self.transfer.limit {
                    Some(r) => r.bytes_per_second,
                    None => return Ok(()),
                },
            };
            let n = left.min(slice_len(rate));
            self.up.acquire(n, rate);
            left -= n;
            first = false;
            if left == 0 {
                return Ok(());
            }
        }
    }

    fn pace_download(&self, len: u64) {
        if let (Some(down), Some(limit)) = (&self.down, self.transfer.limit) {
            let rate = limit.bytes_per_second;
            let mut left = len;
            while left > 0 {
                let n = left.min(slice_len(rate));
                down.acquire(n, rate);
                left -= n;
            }
        }
    }
}

impl Backend for RateLimited {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let data = self.inner.get(key)?;
        // The size is known only afterwards: the pause comes after the read.
        self.pace_download(data.len() as u64);
        Ok(data)
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.pace_download(len);
        self.inner.get_range(key, offset, len)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.pace_upload(data.len() as u64)?;
        self.inner.put(key, data)
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.pace_upload(data.len() as u64)?;
        self.inner.put_new(key, data)
    }

    forward_unchanged!(inner);
}

#[cfg(test)]
#[path = "ratelimit_tests.rs"]
mod tests;

//! The retry layer: repeats an operation whose error is transient (a dropped
//! SMB/NFS session, a timeout) with exponential backoff and jitter, within a
//! cap per wait and a cap on the whole, then gives up with
//! [`StorageError::GaveUp`], which names the destination and the attempts.
//!
//! Owns [`RetryPolicy`] and the [`Retry`] wrapper. Like restic's
//! `backend/retry` it wraps any [`Backend`]; the backoff arithmetic is a few
//! lines on our own [`Clock`] so that tests run on simulated time.
//!
//! Idempotency: `get`, `get_range`, `list`, `stat` only read; `put` is atomic
//! and replaces, `delete` of a missing key is Ok, so repeating them is safe.
//! `put_new` is the exception: a transient error may hide that the write
//! landed (the answer was lost, not the request). A repeated `put_new` that
//! meets `AlreadyExists` therefore reads the object back: our own bytes mean
//! our earlier attempt succeeded (Ok); other bytes mean someone else holds it.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;

use super::clock::Clock;
use super::{Backend, Leftover, ObjectInfo, StorageError};

/// How often and how long to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled for each further one.
    pub first_wait: Duration,
    /// Cap on one wait.
    pub max_wait: Duration,
    /// Cap on the time from the first attempt to the start of the last:
    /// no wait is begun that would end after it.
    pub total: Duration,
}

impl RetryPolicy {
    /// For a NAS share: 6 attempts within 2 minutes (waits of 1–2, 2–4,
    /// 4–8, 8–16, 15–30 s; the 2 minutes bind when the attempts themselves
    /// hang, as SMB operations on a dead server do for tens of seconds). Windows re-establishes a dropped SMB session on the next
    /// access; a share that stays away for two minutes is down, and staff
    /// should hear it rather than wait longer.
    pub const NAS: RetryPolicy = RetryPolicy {
        max_attempts: 6,
        first_wait: Duration::from_secs(2),
        max_wait: Duration::from_secs(30),
        total: Duration::from_secs(120),
    };

    /// The wait before attempt `attempt + 1` (after `attempt` failures),
    /// before jitter: `first_wait · 2^(attempt-1)`, at most `max_wait`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        self.first_wait.saturating_mul(factor).min(self.max_wait)
    }
}

/// Reported before each wait (for the log, or a progress line).
#[derive(Debug)]
pub struct RetryEvent<'a> {
    /// The destination.
    pub location: &'a str,
    /// The operation (`put packs/3f/3f…`).
    pub operation: &'a str,
    /// Attempts made so far.
    pub attempt: u32,
    /// The wait before the next one.
    pub wait: Duration,
    /// What went wrong.
    pub error: &'a StorageError,
}

type Notice = Arc<dyn Fn(&RetryEvent<'_>) + Send + Sync>;

/// Wraps a backend and retries transient failures; see the module docs.
pub struct Retry {
    inner: Arc<dyn Backend>,
    policy: RetryPolicy,
    clock: Arc<dyn Clock>,
    notice: Notice,
}

impl Retry {
    /// Retries `inner`'s transient failures by `policy`, waiting on `clock`.
    /// Each retry is logged (tracing, warn level) unless `on_retry` replaces it.
    pub fn new(inner: Arc<dyn Backend>, policy: RetryPolicy, clock: Arc<dyn Clock>) -> Retry {
        Retry {
            inner,
            policy,
            clock,
            notice: Arc::new(|e: &RetryEvent<'_>| {
                tracing::warn!(
                    location = e.location,
                    operation = e.operation,
                    attempt = e.attempt,
                    wait_ms = e.wait.as_millis() as u64,
                    error = %e.error,
                    "transient storage error, retrying"
                );
            }),
        }
    }

    /// Replaces the retry notice (the log line) with `notice`.
    pub fn on_retry(mut self, notice: impl Fn(&RetryEvent<'_>) + Send + Sync + 'static) -> Retry {
        self.notice = Arc::new(notice);
        self
    }

    /// Runs `op` until it succeeds, fails for good or the budget is spent.
    /// `op` gets the attempt number (1-based).
    fn run<T>(
        &self,
        operation: &dyn Fn() -> String,
        op: impl Fn(u32) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let started = self.clock.now();
        let mut attempt = 1;
        loop {
            let err = match op(attempt) {
                Ok(v) => return Ok(v),
                Err(e) if !e.is_transient() => return Err(e),
                Err(e) => e,
            };
            let base = self.policy.backoff(attempt);
            // "Equal jitter": half fixed, half random, so that several
            // writers that failed together do not come back together.
            let wait = base / 2 + rand::thread_rng().gen_range(Duration::ZERO..=base / 2);
            let spent = self.clock.now().saturating_sub(started);
            if attempt >= self.policy.max_attempts || spent + wait > self.policy.total {
                if attempt == 1 {
                    return Err(err);
                }
                return Err(StorageError::GaveUp {
                    location: self.inner.location(),
                    attempts: attempt,
                    source: Box::new(err),
                });
            }
            (self.notice)(&RetryEvent {
                location: &self.inner.location(),
                operation: &operation(),
                attempt,
                wait,
                error: &err,
            });
            self.clock.sleep(wait);
            attempt += 1;
        }
    }
}

impl Backend for Retry {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        self.run(&|| format!("get {key}"), |_| self.inner.get(key))
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.run(&|| format!("get_range {key}"), |_| {
            self.inner.get_range(key, offset, len)
        })
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.run(&|| format!("put {key}"), |_| self.inner.put(key, data))
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.run(&|| format!("put_new {key}"), |attempt| {
            match self.inner.put_new(key, data) {
                // Only a repeat can meet its own earlier write.
                Err(StorageError::AlreadyExists { .. }) if attempt > 1 => {
                    match self.inner.get(key) {
                        Ok(stored) if stored == data => Ok(()),
                        Ok(_) => Err(StorageError::AlreadyExists { key: key.into() }),
                        Err(e) => Err(e),
                    }
                }
                other => other,
            }
        })
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        self.run(&|| format!("list {prefix}"), |_| self.inner.list(prefix))
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.run(&|| format!("delete {key}"), |_| self.inner.delete(key))
    }

    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        self.run(&|| format!("stat {key}"), |_| self.inner.stat(key))
    }

    fn list_leftovers(&self) -> Result<Vec<Leftover>, StorageError> {
        self.run(&|| "list_leftovers".into(), |_| self.inner.list_leftovers())
    }

    fn delete_leftover(&self, name: &str) -> Result<(), StorageError> {
        self.run(&|| format!("delete_leftover {name}"), |_| {
            self.inner.delete_leftover(name)
        })
    }

    forward_properties!(inner);
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;

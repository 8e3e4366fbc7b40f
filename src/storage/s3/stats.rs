//! Request and byte counts of the S3 backend: what a run cost (requests are
//! billed per thousand, egress per GB) and proof for tests that a
//! single-file restore reads ranges, not whole packs.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counts of one backend (or of the whole process, see [`process_totals`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct S3Stats {
    /// GetObject requests (whole or ranged).
    pub gets: u64,
    /// PutObject and UploadPart requests, and multipart create/complete.
    pub puts: u64,
    /// ListObjectsV2, ListObjectVersions and ListMultipartUploads pages.
    pub lists: u64,
    /// DeleteObject and AbortMultipartUpload requests.
    pub deletes: u64,
    /// HeadObject and HeadBucket requests.
    pub heads: u64,
    /// Other requests (PutObjectRetention).
    pub other: u64,
    /// Payload bytes sent (object data only, no headers).
    pub bytes_up: u64,
    /// Payload bytes received (object data only).
    pub bytes_down: u64,
}

/// What is counted.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Request {
    Get,
    Put,
    List,
    Delete,
    Head,
    Other,
}

/// Thread-safe counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    n: [AtomicU64; 6],
    up: AtomicU64,
    down: AtomicU64,
}

impl Counters {
    pub(crate) fn request(&self, r: Request) {
        self.n[r as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn up(&self, bytes: u64) {
        self.up.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn down(&self, bytes: u64) {
        self.down.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> S3Stats {
        let n = |r: Request| self.n[r as usize].load(Ordering::Relaxed);
        S3Stats {
            gets: n(Request::Get),
            puts: n(Request::Put),
            lists: n(Request::List),
            deletes: n(Request::Delete),
            heads: n(Request::Head),
            other: n(Request::Other),
            bytes_up: self.up.load(Ordering::Relaxed),
            bytes_down: self.down.load(Ordering::Relaxed),
        }
    }
}

/// Every S3 backend of this process also counts here.
pub(crate) static PROCESS: Counters = Counters {
    n: [const { AtomicU64::new(0) }; 6],
    up: AtomicU64::new(0),
    down: AtomicU64::new(0),
};

/// The counts of every S3 backend this process opened.
pub fn process_totals() -> S3Stats {
    PROCESS.snapshot()
}

/// Environment variable naming a file that receives [`process_totals`] as
/// JSON whenever an S3 backend is dropped (the last drop leaves the totals
/// of the whole command); for tests and benchmarks.
pub const STATS_ENV: &str = "TRESOR_S3_STATS";

/// Writes the process totals to `$TRESOR_S3_STATS`, if set. Best effort:
/// a failure to write statistics must not fail a backup.
pub(crate) fn write_if_asked() {
    let Some(path) = std::env::var_os(STATS_ENV) else {
        return;
    };
    if let Ok(json) = serde_json::to_vec_pretty(&process_totals()) {
        let _ = std::fs::write(path, json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_kind() {
        let c = Counters::default();
        c.request(Request::Get);
        c.request(Request::Get);
        c.request(Request::Put);
        c.up(10);
        c.down(7);
        let s = c.snapshot();
        assert_eq!(
            (s.gets, s.puts, s.lists, s.bytes_up, s.bytes_down),
            (2, 1, 0, 10, 7)
        );
    }
}

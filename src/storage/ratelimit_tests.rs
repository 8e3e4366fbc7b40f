//! Tests of the pacing arithmetic, on a simulated clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::config::{Rate, TimeWindow};
use crate::storage::clock::SimClock;
use crate::storage::memory::MemoryBackend;
use crate::storage::ObjectInfo;

const MIB: u64 = 1024 * 1024;

fn rate(bytes_per_second: u64) -> Option<Rate> {
    Some(Rate { bytes_per_second })
}

fn limit(bytes_per_second: u64) -> Transfer {
    Transfer {
        limit: rate(bytes_per_second),
        ..Transfer::default()
    }
}

/// A memory backend whose puts take `put_time` of simulated time and that
/// records when each put arrived.
struct Recorder {
    inner: MemoryBackend,
    clock: Arc<SimClock>,
    put_time: Duration,
    puts: Mutex<Vec<(Duration, u64)>>,
}

impl Recorder {
    fn new(clock: Arc<SimClock>, put_time: Duration) -> Arc<Recorder> {
        Arc::new(Recorder {
            inner: MemoryBackend::new(),
            clock,
            put_time,
            puts: Mutex::new(Vec::new()),
        })
    }
}

impl Backend for Recorder {
    fn location(&self) -> String {
        "recorder".into()
    }
    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        self.inner.get(key)
    }
    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.inner.get_range(key, offset, len)
    }
    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.puts
            .lock()
            .expect("lock")
            .push((self.clock.now(), data.len() as u64));
        self.clock.advance(self.put_time);
        self.inner.put(key, data)
    }
    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.inner.put_new(key, data)
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

fn layer(inner: Arc<dyn Backend>, transfer: Transfer, clock: &Arc<SimClock>) -> RateLimited {
    let c: Arc<dyn Clock> = clock.clone();
    RateLimited::new(inner, transfer, c)
}

fn fixture() -> (tempfile::TempDir, RateLimited) {
    let dir = tempfile::tempdir().expect("tempdir");
    let local = crate::storage::local::LocalBackend::open(dir.path().to_path_buf()).expect("open");
    let clock = Arc::new(SimClock::default());
    (dir, layer(Arc::new(local), limit(MIB), &clock))
}

// The layer is a conforming backend.
crate::storage::conformance::conformance_tests!(fixture());

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[test]
fn slices_are_an_eighth_of_a_second_within_bounds() {
    assert_eq!(slice_len(8 * MIB), MIB);
    assert_eq!(slice_len(2 * MIB), 256 * 1024);
    assert_eq!(slice_len(10_000), 16 * 1024, "at least 16 KiB");
    assert_eq!(slice_len(1 << 40), MIB, "at most 1 MiB");
}

#[test]
fn forty_mib_at_eight_mib_per_second_take_five_seconds() {
    let clock = Arc::new(SimClock::default());
    let rec = Recorder::new(clock.clone(), Duration::ZERO);
    let b = layer(rec.clone(), limit(8 * MIB), &clock);
    let data = vec![7u8; 4 * MIB as usize];
    for i in 0..10 {
        b.put(&format!("packs/{i}"), &data).expect("put");
    }
    // The bucket starts empty: no free burst at the start either.
    assert!((secs(clock.now()) - 5.0).abs() < 0.001, "{:?}", clock.now());
    assert_eq!(rec.inner.list("packs/").expect("list").len(), 10);
}

#[test]
fn the_time_an_inner_write_takes_is_credited() {
    // Each 4 MiB put itself takes 0.2 s (below BURST): the run still takes
    // 5 s, not 5 s + 10 · 0.2 s.
    let clock = Arc::new(SimClock::default());
    let rec = Recorder::new(clock.clone(), Duration::from_millis(200));
    let b = layer(rec.clone(), limit(8 * MIB), &clock);
    let data = vec![0u8; 4 * MIB as usize];
    for i in 0..10 {
        b.put(&format!("p/{i}"), &data).expect("put");
    }
    let total = secs(clock.now());
    assert!((5.0..=5.0 + 0.2 + 0.001).contains(&total), "{total}");
}

#[test]
fn the_rate_over_any_two_seconds_stays_within_ten_percent() {
    // Objects of odd sizes; the admitted bytes (what the limiter lets go)
    // are summed over every 2-second window of the run.
    let clock = Arc::new(SimClock::default());
    let c: Arc<dyn Clock> = clock.clone();
    let limiter = Limiter::new(c);
    let limit = 8 * MIB;
    let mut admitted = Vec::new();
    for size in [
        3 * MIB + 17,
        5 * MIB,
        700 * 1024,
        9 * MIB + 1,
        6 * MIB,
        12 * MIB,
    ] {
        let mut left = size;
        while left > 0 {
            let n = left.min(slice_len(limit));
            limiter.acquire(n, limit);
            admitted.push((clock.now(), n));
            left -= n;
        }
    }
    let end = clock.now();
    let window = Duration::from_secs(2);
    let mut t = Duration::ZERO;
    while t + window <= end {
        let bytes: u64 = admitted
            .iter()
            .filter(|(at, _)| *at > t && *at <= t + window)
            .map(|(_, n)| n)
            .sum();
        let r = bytes as f64 / secs(window) / limit as f64;
        assert!((0.9..=1.1).contains(&r), "at {t:?}: {r}");
        t += Duration::from_millis(100);
    }
}

#[test]
fn outside_the_window_the_daytime_limit_applies() {
    let night = TimeWindow {
        start: 20 * 60,
        end: 6 * 60 + 30,
    };
    let t = Transfer {
        limit: rate(4 * MIB),
        daytime_limit: rate(MIB),
        window: Some(night),
    };
    let data = vec![0u8; 4 * MIB as usize];

    let noon = Arc::new(SimClock::at(12, 0));
    layer(Arc::new(MemoryBackend::new()), t, &noon)
        .put("a", &data)
        .expect("put");
    assert!((secs(noon.now()) - 4.0).abs() < 0.001, "{:?}", noon.now());

    let night = Arc::new(SimClock::at(22, 0));
    layer(Arc::new(MemoryBackend::new()), t, &night)
        .put("a", &data)
        .expect("put");
    assert!((secs(night.now()) - 1.0).abs() < 0.001, "{:?}", night.now());
}

#[test]
fn the_rate_changes_between_slices_when_the_window_opens() {
    // 19:59:58, 3 MiB: 2 s at 1 MiB/s (daytime), then 1 MiB at 4 MiB/s.
    let t = Transfer {
        limit: rate(4 * MIB),
        daytime_limit: rate(MIB),
        window: Some(TimeWindow {
            start: 20 * 60,
            end: 6 * 60,
        }),
    };
    let clock = Arc::new(SimClock::at(19, 59));
    clock.advance(Duration::from_secs(58));
    let b = layer(Arc::new(MemoryBackend::new()), t, &clock);
    b.put("a", &vec![0u8; 3 * MIB as usize]).expect("put");
    let took = secs(clock.now()) - 58.0;
    assert!((2.0..=2.5).contains(&took), "{took}");
}

#[test]
fn a_window_closing_mid_object_stops_it_before_anything_is_written() {
    let t = Transfer {
        limit: rate(64 * 1024),
        daytime_limit: None,
        window: Some(TimeWindow {
            start: 20 * 60,
            end: 6 * 60 + 30,
        }),
    };
    let clock = Arc::new(SimClock::at(6, 29));
    clock.advance(Duration::from_secs(59));
    let mem = Arc::new(MemoryBackend::new());
    let b = layer(mem.clone(), t, &clock);
    // 1 MiB at 64 KiB/s would take 16 s; the window closes after 1 s.
    let err = b
        .put("packs/big", &vec![0u8; MIB as usize])
        .expect_err("window closed");
    assert!(
        matches!(&err, StorageError::WindowClosed { opens, .. } if opens == "20:00"),
        "{err:?}"
    );
    assert_eq!(mem.stat("packs/big").expect("stat"), None);
    assert!(
        secs(clock.now()) - 59.0 < 2.0,
        "stopped soon: {:?}",
        clock.now()
    );
}

#[test]
fn without_a_limit_nothing_waits_and_downloads_are_paced_only_when_asked() {
    let clock = Arc::new(SimClock::default());
    let mem = Arc::new(MemoryBackend::new());
    let free = layer(mem.clone(), Transfer::default(), &clock);
    free.put("a", &vec![0u8; 8 * MIB as usize]).expect("put");
    assert!(clock.sleeps().is_empty());

    let b = layer(mem.clone(), limit(4 * MIB), &clock);
    b.get("a").expect("get");
    assert!(clock.sleeps().is_empty(), "downloads are free by default");

    let before = clock.now();
    let b = layer(mem, limit(4 * MIB), &clock).with_downloads();
    b.get("a").expect("get");
    b.get_range("a", 0, 4 * MIB).expect("range");
    let took = secs(clock.now() - before);
    assert!((took - 3.0).abs() < 0.001, "12 MiB at 4 MiB/s: {took}");
}

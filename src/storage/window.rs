//! The time-window layer: writes to a destination happen only inside its
//! transfer window (`window: '20:00-06:30'`, local time), unless a
//! `daytime_limit` lets them run slower outside it.
//!
//! Owns what the window means for a transfer ([`pace`]) and the [`Window`]
//! wrapper. Outside the window a `put`/`put_new` fails before anything is
//! sent, with [`StorageError::WindowClosed`] (not transient: no retry). As
//! `put` is atomic, an object is either finished or not written at all; the
//! run stops between objects and the next run continues (mirroring skips
//! what the target has). Reads (restore!) and deletes (releasing a lock,
//! prune) are never windowed, nor are keys under an exempt prefix (lock
//! files: a run must keep refreshing its lock until it has stopped).

use std::sync::Arc;

use super::clock::Clock;
use super::{Backend, StorageError};
use crate::config::{TimeWindow, Transfer};

/// How fast writing may go at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// No limit.
    Unlimited,
    /// At most this many bytes per second.
    BytesPerSecond(u64),
    /// Not at all: outside the window without a `daytime_limit`.
    Closed,
}

/// The pace `transfer` allows at local time `minute` (after midnight):
/// inside the window (or without one) `limit`; outside it `daytime_limit`,
/// or closed when there is none.
pub fn pace(transfer: &Transfer, minute: u16) -> Pace {
    let inside = transfer.window.is_none_or(|w| w.contains(minute));
    let rate = if inside {
        transfer.limit
    } else {
        match transfer.daytime_limit {
            Some(r) => Some(r),
            None => return Pace::Closed,
        }
    };
    match rate {
        Some(r) => Pace::BytesPerSecond(r.bytes_per_second),
        None => Pace::Unlimited,
    }
}

/// The error for a write outside `window` on `location`.
pub fn closed(location: String, window: &TimeWindow) -> StorageError {
    StorageError::WindowClosed {
        location,
        window: window.to_string(),
        opens: window.opens(),
    }
}

/// Wraps a backend and refuses writes outside the window; see the module docs.
pub struct Window {
    inner: Arc<dyn Backend>,
    transfer: Transfer,
    clock: Arc<dyn Clock>,
    exempt: Vec<String>,
}

impl Window {
    /// Applies `transfer.window` (a `transfer` without a window never closes).
    pub fn new(inner: Arc<dyn Backend>, transfer: Transfer, clock: Arc<dyn Clock>) -> Window {
        Window {
            inner,
            transfer,
            clock,
            exempt: Vec::new(),
        }
    }

    /// Keys starting with `prefix` are written at any time.
    pub fn exempt(mut self, prefix: &str) -> Window {
        self.exempt.push(prefix.to_string());
        self
    }

    fn check(&self, key: &str) -> Result<(), StorageError> {
        if self.exempt.iter().any(|p| key.starts_with(p.as_str())) {
            return Ok(());
        }
        match (
            pace(&self.transfer, self.clock.minute_of_day()),
            &self.transfer.window,
        ) {
            (Pace::Closed, Some(w)) => Err(closed(self.inner.location(), w)),
            _ => Ok(()),
        }
    }
}

impl Backend for Window {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        self.inner.get(key)
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        self.inner.get_range(key, offset, len)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.check(key)?;
        self.inner.put(key, data)
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        self.check(key)?;
        self.inner.put_new(key, data)
    }

    forward_unchanged!(inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rate;
    use crate::i18n::Language;
    use crate::storage::clock::SimClock;
    use crate::storage::memory::MemoryBackend;
    use std::time::Duration;

    fn night() -> Transfer {
        Transfer {
            window: Some(TimeWindow {
                start: 20 * 60,
                end: 6 * 60 + 30,
            }),
            ..Transfer::default()
        }
    }

    fn rate(bytes_per_second: u64) -> Option<Rate> {
        Some(Rate { bytes_per_second })
    }

    fn at(hour: u16, minute: u16) -> (Arc<MemoryBackend>, Arc<SimClock>, Window) {
        let mem = Arc::new(MemoryBackend::new());
        let clock = Arc::new(SimClock::at(hour, minute));
        let c: Arc<dyn Clock> = clock.clone();
        let w = Window::new(mem.clone(), night(), c).exempt("locks/");
        (mem, clock, w)
    }

    fn fixture() -> (tempfile::TempDir, Window) {
        let dir = tempfile::tempdir().expect("tempdir");
        let local = crate::storage::local::LocalBackend::open(dir.path().to_path_buf());
        let c: Arc<dyn Clock> = Arc::new(SimClock::at(22, 0));
        (dir, Window::new(Arc::new(local.expect("open")), night(), c))
    }

    // Inside the window the layer is a conforming backend.
    crate::storage::conformance::conformance_tests!(fixture());

    #[test]
    fn pace_inside_and_outside_the_window() {
        let mut t = night();
        assert_eq!(pace(&t, 21 * 60), Pace::Unlimited);
        assert_eq!(pace(&t, 12 * 60), Pace::Closed);
        t.limit = rate(1000);
        assert_eq!(pace(&t, 2 * 60), Pace::BytesPerSecond(1000));
        assert_eq!(pace(&t, 12 * 60), Pace::Closed);
        t.daytime_limit = rate(100);
        assert_eq!(pace(&t, 12 * 60), Pace::BytesPerSecond(100));
        assert_eq!(pace(&t, 6 * 60 + 29), Pace::BytesPerSecond(1000));
        assert_eq!(pace(&t, 6 * 60 + 30), Pace::BytesPerSecond(100));
        let always = Transfer {
            limit: rate(5),
            ..Transfer::default()
        };
        assert_eq!(pace(&always, 12 * 60), Pace::BytesPerSecond(5));
        let whole_day = Transfer {
            window: Some(TimeWindow {
                start: 0,
                end: 1440,
            }),
            ..Transfer::default()
        };
        assert!((0..1440).all(|m| pace(&whole_day, m) == Pace::Unlimited));
    }

    #[test]
    fn writes_stop_when_the_window_closes_and_reads_go_on() {
        let (mem, clock, w) = at(6, 29);
        w.put("packs/a", b"1").expect("06:29 is inside");
        clock.advance(Duration::from_secs(60));
        let err = w.put("packs/b", b"2").expect_err("06:30 is outside");
        let StorageError::WindowClosed {
            location,
            window,
            opens,
        } = &err
        else {
            panic!("expected WindowClosed, got {err:?}");
        };
        assert_eq!(
            (location.as_str(), window.as_str(), opens.as_str()),
            ("memory", "20:00-06:30", "20:00")
        );
        assert!(!err.is_transient(), "no retry");
        assert!(w.put_new("packs/c", b"3").is_err());
        assert_eq!(mem.stat("packs/b").expect("stat"), None, "nothing written");
        assert_eq!(w.get("packs/a").expect("reads are never windowed"), b"1");
        w.delete("packs/a").expect("deletes are not windowed");
        w.put("locks/run", b"refresh")
            .expect("lock files are exempt");
        clock.advance(Duration::from_secs(13 * 3600 + 30 * 60));
        w.put("packs/b", b"2").expect("20:00: open again");
    }

    #[test]
    fn the_closed_window_is_told_in_german_and_english() {
        let (_mem, _clock, w) = at(12, 0);
        let err = w.put("packs/a", b"1").expect_err("noon");
        let e = crate::error::Error::from(err);
        let (de, hint) = e.render(Language::De);
        assert_eq!(
            de,
            "Das Zeitfenster für Übertragungen zu memory (20:00-06:30) ist geschlossen; \
             es öffnet wieder um 20:00 Uhr."
        );
        assert!(hint.expect("hint").starts_with("Der nächste Lauf"));
        let (en, _) = e.render(Language::En);
        assert_eq!(
            en,
            "The transfer window for memory (20:00-06:30) is closed; it opens again at 20:00."
        );
    }

    #[test]
    fn a_daytime_limit_keeps_the_window_open() {
        let mem = Arc::new(MemoryBackend::new());
        let c: Arc<dyn Clock> = Arc::new(SimClock::at(12, 0));
        let t = Transfer {
            daytime_limit: rate(100),
            ..night()
        };
        Window::new(mem, t, c)
            .put("packs/a", b"1")
            .expect("slower, not stopped");
    }
}

//! Time for the storage layers: a monotonic clock, sleeping and the local
//! time of day, behind one trait so that tests run on a simulated clock
//! (no real waits, no timed assertions).
//!
//! Owns [`Clock`], the real [`SystemClock`] and the test aid [`SimClock`].

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::Timelike;

/// What the retry, rate-limit and window layers need to know about time.
pub trait Clock: Send + Sync {
    /// Monotonic time since an arbitrary, fixed origin.
    fn now(&self) -> Duration;
    /// Blocks the calling thread for `d`.
    fn sleep(&self, d: Duration);
    /// Local wall-clock time of day, in minutes after midnight (0..1440).
    fn minute_of_day(&self) -> u16;
}

/// The real clock: `Instant`, `thread::sleep` and the system's local time zone.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose `now()` counts from this call.
    pub fn new() -> SystemClock {
        SystemClock {
            origin: Instant::now(),
        }
    }

    /// A shared real clock, as the layers take it.
    pub fn shared() -> Arc<dyn Clock> {
        Arc::new(SystemClock::new())
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }

    fn minute_of_day(&self) -> u16 {
        let t = chrono::Local::now();
        // hour() < 24 and minute() < 60: the product fits a u16.
        (t.hour() * 60 + t.minute()) as u16
    }
}

type SleepHook = Box<dyn Fn(usize, Duration) + Send + Sync>;

#[derive(Default)]
struct SimState {
    now: Duration,
    /// Local time of day at `now == 0`, in seconds after midnight.
    day_start: u64,
    sleeps: Vec<Duration>,
}

/// Test aid: a clock that only moves when someone sleeps on it or calls
/// [`SimClock::advance`]. Sleeping returns at once and records the duration;
/// an optional hook runs after each sleep (e.g. "the share comes back after
/// the second wait").
#[derive(Default)]
pub struct SimClock {
    state: Mutex<SimState>,
    hook: Mutex<Option<SleepHook>>,
}

impl SimClock {
    /// A simulated clock starting at local time `hh:mm`.
    pub fn at(hour: u16, minute: u16) -> SimClock {
        let clock = SimClock::default();
        clock.lock().day_start = u64::from(hour) * 3600 + u64::from(minute) * 60;
        clock
    }

    /// Moves time forward without a sleep (time passing while the inner
    /// backend works).
    pub fn advance(&self, d: Duration) {
        self.lock().now += d;
    }

    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// Sum of all sleeps.
    pub fn slept(&self) -> Duration {
        self.lock().sleeps.iter().sum()
    }

    /// Runs `hook(n, d)` after the n-th sleep (1-based) of duration `d`.
    pub fn on_sleep(&self, hook: impl Fn(usize, Duration) + Send + Sync + 'static) {
        *self.hook.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(hook));
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Clock for SimClock {
    fn now(&self) -> Duration {
        self.lock().now
    }

    fn sleep(&self, d: Duration) {
        let n = {
            let mut s = self.lock();
            s.now += d;
            s.sleeps.push(d);
            s.sleeps.len()
        };
        if let Some(hook) = self.hook.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            hook(n, d);
        }
    }

    fn minute_of_day(&self) -> u16 {
        let s = self.lock();
        let secs = (s.day_start + s.now.as_secs()) % 86_400;
        (secs / 60) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_time_moves_by_sleeping_and_wraps_at_midnight() {
        let c = SimClock::at(23, 59);
        assert_eq!(c.minute_of_day(), 23 * 60 + 59);
        c.sleep(Duration::from_secs(60));
        assert_eq!(c.minute_of_day(), 0, "midnight");
        c.advance(Duration::from_secs(90 * 60));
        assert_eq!(c.minute_of_day(), 90);
        assert_eq!(c.now(), Duration::from_secs(91 * 60));
        assert_eq!(c.sleeps(), [Duration::from_secs(60)]);
    }

    #[test]
    fn the_hook_sees_each_sleep() {
        let c = SimClock::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        c.on_sleep(move |n, d| s.lock().expect("lock").push((n, d)));
        c.sleep(Duration::from_millis(5));
        c.sleep(Duration::from_millis(7));
        assert_eq!(
            *seen.lock().expect("lock"),
            [(1, Duration::from_millis(5)), (2, Duration::from_millis(7))]
        );
        assert_eq!(c.slept(), Duration::from_millis(12));
    }
}

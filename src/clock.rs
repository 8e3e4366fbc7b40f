//! The time a job believes it is. Normally the system clock; with
//! `TRESOR_NOW` (RFC 3339, e.g. `2026-11-24T18:30:00+01:00`) a fixed moment
//! that advances with the real clock from the process start — what the
//! two-week rotation simulation in the tests and a technician rehearsing a
//! rotation plan use. Only the job's own idea of "now" (snapshot time, the
//! run record, which cartridge is due) follows it; locks, Object Lock dates
//! and TLS keep the system clock.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, FixedOffset, Local, Utc};

static START: OnceLock<(Option<DateTime<FixedOffset>>, Instant)> = OnceLock::new();

/// The environment variable that sets the job's clock.
pub const VARIABLE: &str = "TRESOR_NOW";

fn start() -> &'static (Option<DateTime<FixedOffset>>, Instant) {
    START.get_or_init(|| {
        let fixed = std::env::var(VARIABLE)
            .ok()
            .and_then(|v| DateTime::parse_from_rfc3339(v.trim()).ok());
        (fixed, Instant::now())
    })
}

/// Now, UTC.
pub fn now_utc() -> DateTime<Utc> {
    match start() {
        (Some(t), since) => {
            t.with_timezone(&Utc) + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
        }
        (None, _) => Utc::now(),
    }
}

/// Now, in the server's local time zone.
pub fn now() -> DateTime<Local> {
    now_utc().with_timezone(&Local)
}

/// Is the clock set by [`VARIABLE`]? (Said in the run's record.)
pub fn is_simulated() -> bool {
    start().0.is_some()
}

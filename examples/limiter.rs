//! Measures the rate-limit layer with the real clock (a benchmark, not a test).
//!
//!     cargo run --release --example limiter -- [TOTAL_MIB [LIMIT_MIB_PER_S [OBJECT_MIB]]]
//!
//! Pushes TOTAL_MIB (default 40) in objects of OBJECT_MIB (default 4, a pack
//! is up to 8) through `RateLimited` over a local backend in a temporary
//! directory at LIMIT_MIB_PER_S (default 8) and prints the measured rate over
//! the whole run and over each whole second, against the limit. The issue's
//! goal: within ±10 % of the limit over a run of a few seconds.

use std::sync::Arc;
use std::time::Instant;

use tresor::config::{Rate, Transfer};
use tresor::storage::clock::{Clock, SystemClock};
use tresor::storage::local::LocalBackend;
use tresor::storage::ratelimit::RateLimited;
use tresor::storage::Backend;

const MIB: u64 = 1024 * 1024;

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (total, limit, object) = (arg(1, 40) * MIB, arg(2, 8) * MIB, arg(3, 4) * MIB);
    let dir = tempfile::tempdir()?;
    let local: Arc<dyn Backend> = Arc::new(LocalBackend::open(dir.path().to_path_buf())?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock::new());
    let transfer = Transfer {
        limit: Some(Rate {
            bytes_per_second: limit,
        }),
        ..Transfer::default()
    };
    let b = RateLimited::new(local, transfer, clock);

    let data: Vec<u8> = (0..object).map(|i| (i % 251) as u8).collect();
    let start = Instant::now();
    let mut done = Vec::new(); // (seconds since start, bytes so far)
    let mut sent = 0;
    let mut i = 0;
    while sent < total {
        let n = object.min(total - sent) as usize;
        b.put(&format!("packs/{i:04}"), &data[..n])?;
        sent += n as u64;
        i += 1;
        done.push((start.elapsed().as_secs_f64(), sent));
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = sent as f64 / secs;
    println!(
        "sent {:.1} MiB in {} objects in {secs:.3} s: {:.3} MiB/s, limit {:.1} MiB/s, {:+.2} %",
        sent as f64 / MIB as f64,
        i,
        rate / MIB as f64,
        limit as f64 / MIB as f64,
        (rate / limit as f64 - 1.0) * 100.0
    );
    // Rate between the first put that finished after each whole second and
    // the one a second later (what a bandwidth graph would show).
    let at = |t: f64| done.iter().find(|(s, _)| *s >= t).copied();
    let mut t = 1.0;
    while let (Some((s0, b0)), Some((s1, b1))) = (at(t), at(t + 2.0)) {
        if s1 <= s0 {
            break;
        }
        println!(
            "  window {s0:6.2}–{s1:6.2} s: {:.3} MiB/s",
            (b1 - b0) as f64 / (s1 - s0) / MIB as f64
        );
        t += 1.0;
    }
    Ok(())
}

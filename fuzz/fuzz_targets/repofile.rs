//! The repository root files (`repo/repofile.rs`), read the way
//! `Repository::read_marker` and `Repository::open` read them from a medium.
//! First byte % 3 == 0: the rest is `tresor.repo` (plaintext JSON marker).
//! == 1: the rest is the plaintext of `config`, encrypted here to the test key
//! beside a valid marker, opened with `Repository::open` (faithful, but the
//! X25519 work makes it slow). == 2: the same plaintext parsed as
//! `RepoConfig` directly (fast), its chunker parameters checked the same way.
//! Asserts: no panic; an accepted marker has the right format and a known
//! version; an accepted config has a known version and the marker's id; any
//! chunker parameters `is_valid` accepts run in the chunker without a panic
//! and give chunks within min..=max.

#![no_main]

#[path = "common.rs"]
mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use tresor::repo::chunker::{Chunker, ChunkerParams};
use tresor::repo::crypto::{self, Identities, Recipients};
use tresor::repo::repofile::{self, RepoConfig, CONFIG_KEY, MARKER_KEY};
use tresor::repo::{Id, Repository};
use tresor::storage::memory::MemoryBackend;
use tresor::storage::Backend;

const MARKER: &str = r#"{"format":"tresor-repository","version":1,"id":"0000000000000000000000000000000000000000000000000000000000000000","created":"2026-11-24T22:30:00+01:00"}"#;

fn keys() -> &'static (Arc<Identities>, Recipients) {
    static KEYS: OnceLock<(Arc<Identities>, Recipients)> = OnceLock::new();
    KEYS.get_or_init(|| (Arc::new(common::identities()), common::recipients()))
}

fn checked() -> &'static Mutex<HashSet<(u32, u32, u32)>> {
    static SEEN: OnceLock<Mutex<HashSet<(u32, u32, u32)>>> = OnceLock::new();
    SEEN.get_or_init(Default::default)
}

/// Pseudo-random bytes, enough for one and a half of the largest chunk.
fn noise() -> &'static [u8] {
    static NOISE: OnceLock<Vec<u8>> = OnceLock::new();
    NOISE.get_or_init(|| {
        (0..3 * 16 * 1024 * 1024 / 2 + 7)
            .map(|i: u32| i.wrapping_mul(2_654_435_761).rotate_left(13) as u8)
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mem = MemoryBackend::new();
    if mode % 3 == 0 {
        mem.put(MARKER_KEY, rest).unwrap();
        if let Ok(m) = Repository::read_marker(&mem) {
            assert_eq!(m.format, repofile::FORMAT);
            assert!(m.version <= repofile::VERSION);
        }
        return;
    }
    if mode % 3 == 2 {
        if let Ok(c) = serde_json::from_slice::<RepoConfig>(rest) {
            for p in [c.secrets.chunker_files, c.secrets.chunker_pages] {
                if p.is_valid() {
                    check_chunker(p);
                }
            }
        }
        return;
    }
    let (ids, rcpt) = keys();
    mem.put(MARKER_KEY, MARKER.as_bytes()).unwrap();
    mem.put(CONFIG_KEY, &crypto::encrypt(rcpt, rest).unwrap())
        .unwrap();
    let Ok(repo) = Repository::open(Arc::new(mem), ids.clone()) else {
        return;
    };
    let c = repo.config();
    assert!(c.version <= repofile::VERSION);
    assert_eq!(c.id, Id([0; 32]));
    check_chunker(c.secrets.chunker_files);
    check_chunker(c.secrets.chunker_pages);
});

fn check_chunker(p: ChunkerParams) {
    // Chunking up to 24 MiB is slow: each (min, avg, max) once (the seed
    // only changes the gear table), and at most 300 of them per run.
    let mut seen = checked().lock().unwrap();
    if seen.len() >= 300 || !seen.insert((p.min, p.avg, p.max)) {
        return;
    }
    drop(seen);
    let mut ch = Chunker::new(p);
    let input = &noise()[..3 * p.max as usize / 2 + 7];
    let mut sizes = Vec::new();
    ch.chunk_reader(input, |c: &[u8]| -> Result<(), std::io::Error> {
        sizes.push(c.len());
        Ok(())
    })
    .unwrap();
    assert_eq!(sizes.iter().sum::<usize>(), input.len());
    for s in &sizes[..sizes.len() - 1] {
        assert!(
            (p.min as usize..=p.max as usize).contains(s),
            "{s} not in {p:?}"
        );
    }
}

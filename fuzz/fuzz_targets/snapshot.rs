//! Snapshot JSON (`repo/snapshot.rs`, after age and zstd), parsed as
//! `Repository::snapshots` does. Asserts: no panic; an accepted snapshot
//! serialises to JSON that parses again to the same snapshot.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tresor::repo::Snapshot;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = serde_json::from_slice::<Snapshot>(data) else {
        return;
    };
    let once = serde_json::to_vec(&s).expect("a parsed snapshot serialises");
    let again: Snapshot = serde_json::from_slice(&once).expect("what tresor writes it reads");
    assert_eq!(serde_json::to_vec(&again).unwrap(), once);
});

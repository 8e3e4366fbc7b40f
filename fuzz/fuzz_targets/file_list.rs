//! A snapshot's file list (`repo/tree.rs` `decode`: JSON Lines, the
//! concatenated plaintext of its tree blobs). Asserts: no panic; an accepted
//! list re-encodes with `encode_line` to lines that decode to the same nodes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tresor::repo::tree;

fuzz_target!(|data: &[u8]| {
    let Ok(nodes) = tree::decode(data) else {
        return;
    };
    let mut out = Vec::new();
    for n in &nodes {
        tree::encode_line(n, &mut out);
    }
    assert_eq!(out.iter().filter(|b| **b == b'\n').count(), nodes.len());
    assert_eq!(
        tree::decode(&out).expect("what tresor writes it reads"),
        nodes
    );
});

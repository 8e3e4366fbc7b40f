//! The age decryption path (`repo/crypto.rs`) with a fixed test identity:
//! arbitrary bytes as a whole file (`decrypt`), and as a partially fetched file
//! read at a range (`decrypt_range`, as pack reads do).
//! Asserts: no panic; whatever decrypts is shorter than the ciphertext (a
//! file cannot make the reader allocate more than it holds). Random bytes
//! never decrypt; mutations of the seed (a real file to the test key) may.

#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tresor::repo::crypto::{self, Identities, PartialFile};

fn ids() -> &'static Identities {
    static IDS: OnceLock<Identities> = OnceLock::new();
    IDS.get_or_init(common::identities)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(plain) = crypto::decrypt(ids(), data) {
        assert!(plain.len() < data.len());
    }
    // Range read: first 3 bytes pick offset (u16) and length (1..=256) of
    // the plaintext range; the file is the rest, fetched whole.
    if data.len() > 3 {
        let offset = u64::from(u16::from_le_bytes([data[0], data[1]]));
        let len = usize::from(data[2]) + 1;
        let file = &data[3..];
        let mut pf = PartialFile::new(file.len() as u64);
        pf.add(0, file.to_vec());
        if let Ok(plain) = crypto::decrypt_range(ids(), pf, offset, len) {
            assert_eq!(plain.len(), len);
            assert!(offset + len as u64 <= file.len() as u64);
        }
    }
});

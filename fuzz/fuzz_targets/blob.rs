//! The blob decoding path after decryption (`repo/blob.rs` `decode`): raw or
//! zstd, then the length and keyed-hash check. Input: `compression:u8
//! raw_len:u32` then the stored bytes; with compression byte 2 the rest is an
//! index/snapshot file body for `decompress_file` instead.
//! Asserts: no panic; a blob claiming more than `MAX_BLOB_LEN` is refused
//! before anything is allocated for it; an accepted blob has exactly
//! `raw_len` bytes and hashes to its id; `decompress_file` never returns more
//! than its limit.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tresor::repo::blob::{self, Compression, MAX_BLOB_LEN};
use tresor::repo::IdKey;

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let raw_len = u32::from_le_bytes(data[1..5].try_into().unwrap());
    let stored = &data[5..];
    if data[0] == 2 {
        let limit = blob::file_limit(stored.len());
        if let Ok(out) = blob::decompress_file(stored) {
            assert!(out.len() <= limit);
        }
        return;
    }
    let Some(compression) = Compression::from_u8(data[0]) else {
        return;
    };
    let key = IdKey::new([7; 32]);
    // The id of the stored bytes themselves: a raw blob can then be accepted,
    // a zstd one only if its content happens to hash right (it does not).
    let id = key.id_of(stored);
    match blob::decode(&key, id, compression, raw_len, stored) {
        Ok(raw) => {
            assert_eq!(raw.len(), raw_len as usize);
            assert_eq!(key.id_of(&raw), id);
            assert!(raw_len <= MAX_BLOB_LEN);
        }
        Err(_) => {}
    }
});

//! Pack trailer (`repo/pack.rs`): `trailer_len` on the last 12 plaintext
//! bytes, then `parse_trailer`, as `IndexedRepo::read_pack_trailer` calls them.
//! Asserts: no panic; every accepted entry lies inside the pack's blob area
//! and within the blob size limit; the accepted trailer re-encodes to the same
//! bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tresor::repo::blob::MAX_BLOB_LEN;
use tresor::repo::pack::{self, PackEntry, ENTRY_LEN, MAGIC, TAIL_LEN};

fn check(trailer: &[u8], entries: &[PackEntry], plain_len: u64) {
    assert_eq!(entries.len() * ENTRY_LEN + TAIL_LEN, trailer.len());
    let blob_area = plain_len - trailer.len() as u64;
    let mut again = Vec::with_capacity(trailer.len());
    for e in entries {
        let end = e.offset.checked_add(u64::from(e.stored_len));
        assert!(
            end.is_some_and(|end| end <= blob_area),
            "{e:?} outside {blob_area}"
        );
        assert!(e.stored_len <= MAX_BLOB_LEN && e.raw_len <= MAX_BLOB_LEN);
        again.extend_from_slice(&e.id.0);
        again.push(e.kind as u8);
        again.push(e.compression as u8);
        again.extend_from_slice(&e.offset.to_le_bytes());
        again.extend_from_slice(&e.stored_len.to_le_bytes());
        again.extend_from_slice(&e.raw_len.to_le_bytes());
    }
    again.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    again.extend_from_slice(MAGIC);
    assert_eq!(again, trailer);
}

fuzz_target!(|data: &[u8]| {
    // As read_pack_trailer does: `data` is a whole pack plaintext.
    if data.len() >= TAIL_LEN {
        let plain_len = data.len() as u64;
        if let Ok(n) = pack::trailer_len(&data[data.len() - TAIL_LEN..]) {
            if n as u64 <= plain_len {
                let trailer = &data[data.len() - n..];
                if let Ok(entries) = pack::parse_trailer(trailer, plain_len) {
                    check(trailer, &entries, plain_len);
                }
            }
        }
    }
    // parse_trailer is public: any claimed plaintext length, any trailer.
    if data.len() >= 8 {
        let plain_len = u64::from_le_bytes(data[..8].try_into().unwrap());
        let trailer = &data[8..];
        if let Ok(entries) = pack::parse_trailer(trailer, plain_len) {
            check(trailer, &entries, plain_len);
        }
    }
});

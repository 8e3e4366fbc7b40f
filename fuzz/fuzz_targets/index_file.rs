//! Index file plaintext (`repo/index.rs` `decode`, after age and zstd).
//! Asserts: no panic, no allocation beyond the input's size; an accepted file
//! re-encodes to a file that decodes to the same packs (a `TRSIDX01` file is
//! written again as `TRSIDX02`, unused recipient sets are dropped); every blob it lists lies inside its
//! pack and within the blob size limit (`MAX_BLOB_LEN`), and is found in an
//! `Index` built from it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tresor::repo::blob::MAX_BLOB_LEN;
use tresor::repo::index::{self, Index};

fuzz_target!(|data: &[u8]| {
    let Ok(packs) = index::decode(data) else {
        return;
    };
    let again = index::encode(&packs);
    let decoded = index::decode(&again).expect("re-encoded file decodes");
    assert_eq!(decoded, packs);
    assert_eq!(index::encode(&decoded), again, "encoding is stable");
    let mut idx = Index::default();
    for p in &packs {
        for e in &p.blobs {
            let end = e.offset.checked_add(u64::from(e.stored_len));
            assert!(
                end.is_some_and(|end| end <= p.plain_len),
                "{e:?} outside {}",
                p.plain_len
            );
            assert!(e.stored_len <= MAX_BLOB_LEN && e.raw_len <= MAX_BLOB_LEN);
        }
        idx.add_pack(p.clone());
    }
    for p in &packs {
        assert!(idx.has_pack(&p.id));
        for e in &p.blobs {
            let (_, found) = idx.get(&e.id).expect("listed blob is indexed");
            assert_eq!(found.id, e.id);
        }
    }
});

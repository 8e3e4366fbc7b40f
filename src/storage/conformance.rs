//! Conformance suite every backend must pass.
//!
//! Each check takes a fresh, empty `&dyn Backend`. A backend's tests run the
//! whole list with `conformance_tests!(fixture())`, where `fixture()` returns
//! `(guard, backend)`; the guard (e.g. a `TempDir`) lives for the test.

use super::{Backend, ObjectInfo, StorageError};

/// Generates one `#[test]` per conformance check, so a failure names the check.
macro_rules! conformance_tests {
    ($fixture:expr) => {
        $crate::storage::conformance::conformance_tests!(@each $fixture;
            put_get_round_trip, put_replaces, empty_object, get_missing_is_not_found,
            get_range_reads_exact_slices, short_range_is_short_read, put_new_conflicts,
            put_new_has_one_winner,
            list_by_prefix, delete_is_idempotent, stat_reports_size, large_object,
            invalid_keys_are_rejected, only_complete_objects_are_listed);
    };
    (@each $fixture:expr; $($name:ident),*) => {
        mod conformance {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[test]
                fn $name() {
                    let (_guard, backend) = $fixture;
                    $crate::storage::conformance::$name(&backend);
                }
            )*
        }
    };
}
pub(crate) use conformance_tests;

fn keys(b: &dyn Backend, prefix: &str) -> Vec<String> {
    let mut k: Vec<String> = b
        .list(prefix)
        .expect("list")
        .into_iter()
        .map(|o| o.key)
        .collect();
    k.sort();
    k
}

/// Deterministic, non-repeating test data (catches offset mix-ups).
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3])
        .collect()
}

pub(crate) fn put_get_round_trip(b: &dyn Backend) {
    let data = pattern(1000);
    b.put("snapshots/9a01", &data).expect("put");
    assert_eq!(b.get("snapshots/9a01").expect("get"), data);
    b.put("config", b"cfg").expect("put at top level");
    assert_eq!(b.get("config").expect("get"), b"cfg");
}

pub(crate) fn put_replaces(b: &dyn Backend) {
    b.put("index/01", b"old, longer content").expect("put");
    b.put("index/01", b"new").expect("put again");
    assert_eq!(b.get("index/01").expect("get"), b"new");
}

pub(crate) fn empty_object(b: &dyn Backend) {
    b.put("locks/empty", b"").expect("put");
    assert_eq!(b.get("locks/empty").expect("get"), b"");
    assert_eq!(b.get_range("locks/empty", 0, 0).expect("range"), b"");
    let info = b.stat("locks/empty").expect("stat").expect("exists");
    assert_eq!(info.size, 0);
}

pub(crate) fn get_missing_is_not_found(b: &dyn Backend) {
    let err = b.get("snapshots/none").expect_err("missing");
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.is_transient());
    let err = b.get_range("packs/00/none", 0, 1).expect_err("missing");
    assert!(err.is_not_found(), "{err:?}");
}

pub(crate) fn get_range_reads_exact_slices(b: &dyn Backend) {
    let data = pattern(4096);
    b.put("packs/ab/abcd", &data).expect("put");
    for (off, len) in [
        (0u64, 1u64),
        (0, 4096),
        (100, 200),
        (4095, 1),
        (4096, 0),
        (1, 0),
    ] {
        let got = b.get_range("packs/ab/abcd", off, len).expect("range");
        assert_eq!(
            got,
            &data[off as usize..(off + len) as usize],
            "{off}+{len}"
        );
    }
}

pub(crate) fn short_range_is_short_read(b: &dyn Backend) {
    b.put("packs/ab/short", &pattern(100)).expect("put");
    match b.get_range("packs/ab/short", 90, 20) {
        Err(StorageError::ShortRead { key, expected, got }) => {
            assert_eq!((key.as_str(), expected, got), ("packs/ab/short", 20, 10));
        }
        other => panic!("expected ShortRead, got {other:?}"),
    }
    // Starting past the end is just as truncated.
    match b.get_range("packs/ab/short", 500, 1) {
        Err(StorageError::ShortRead { got: 0, .. }) => {}
        other => panic!("expected ShortRead, got {other:?}"),
    }
}

pub(crate) fn put_new_conflicts(b: &dyn Backend) {
    b.put_new("locks/l1", b"first").expect("create");
    match b.put_new("locks/l1", b"second") {
        Err(StorageError::AlreadyExists { key }) => assert_eq!(key, "locks/l1"),
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    assert_eq!(b.get("locks/l1").expect("get"), b"first");
    assert_eq!(
        keys(b, "locks/"),
        ["locks/l1"],
        "no leftovers from the failed put_new"
    );
    b.delete("locks/l1").expect("delete");
    b.put_new("locks/l1", b"third")
        .expect("create after delete");
    assert_eq!(b.get("locks/l1").expect("get"), b"third");
}

/// Two backups starting at once: exactly one may take the lock.
pub(crate) fn put_new_has_one_winner(b: &dyn Backend) {
    let results: Vec<Result<(), StorageError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8u8)
            .map(|i| s.spawn(move || b.put_new("locks/exclusive", &[i; 64])))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let winners = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(winners, 1, "{results:?}");
    assert!(results
        .iter()
        .all(|r| matches!(r, Ok(()) | Err(StorageError::AlreadyExists { .. }))));
    let data = b.get("locks/exclusive").expect("get");
    assert!(
        data.len() == 64 && data.iter().all(|&x| x == data[0]),
        "one whole writer"
    );
    assert_eq!(keys(b, "locks/"), ["locks/exclusive"]);
}

pub(crate) fn list_by_prefix(b: &dyn Backend) {
    assert!(keys(b, "").is_empty(), "fresh backend is empty");
    assert!(
        keys(b, "snapshots/").is_empty(),
        "missing prefix dir is empty"
    );
    for k in [
        "config",
        "snapshots/aa",
        "snapshots/ab",
        "snapshotsX/zz",
        "packs/3f/3f01",
        "packs/3f/3f02",
        "packs/40/4001",
    ] {
        b.put(k, k.as_bytes()).expect("put");
    }
    assert_eq!(keys(b, "snapshots/"), ["snapshots/aa", "snapshots/ab"]);
    assert_eq!(keys(b, "snapshots/a"), ["snapshots/aa", "snapshots/ab"]);
    assert_eq!(keys(b, "snapshots/ab"), ["snapshots/ab"]);
    assert_eq!(keys(b, "packs/3f/"), ["packs/3f/3f01", "packs/3f/3f02"]);
    assert_eq!(keys(b, "packs/").len(), 3);
    assert_eq!(keys(b, "").len(), 7);
    assert!(keys(b, "index/").is_empty());
    let listed = b.list("packs/40/").expect("list");
    assert_eq!(
        listed,
        [ObjectInfo {
            key: "packs/40/4001".into(),
            size: "packs/40/4001".len() as u64
        }]
    );
}

pub(crate) fn delete_is_idempotent(b: &dyn Backend) {
    b.put("snapshots/del", b"x").expect("put");
    b.delete("snapshots/del").expect("delete");
    b.delete("snapshots/del").expect("delete again");
    b.delete("never/existed").expect("delete missing");
    assert!(b.get("snapshots/del").expect_err("gone").is_not_found());
    assert!(keys(b, "snapshots/").is_empty());
}

pub(crate) fn stat_reports_size(b: &dyn Backend) {
    assert_eq!(b.stat("index/none").expect("stat"), None);
    b.put("index/ff", &pattern(1234)).expect("put");
    assert_eq!(
        b.stat("index/ff").expect("stat"),
        Some(ObjectInfo {
            key: "index/ff".into(),
            size: 1234
        })
    );
}

pub(crate) fn large_object(b: &dyn Backend) {
    let data = pattern(20 << 20);
    b.put("packs/be/big", &data).expect("put 20 MiB");
    assert_eq!(
        b.stat("packs/be/big").expect("stat").map(|o| o.size),
        Some(20 << 20)
    );
    let off = (19 << 20) - 7;
    let tail = b
        .get_range("packs/be/big", off as u64, 1 << 20)
        .expect("range");
    assert!(
        tail == data[off..off + (1 << 20)],
        "range of a large object"
    );
    assert!(b.get("packs/be/big").expect("get") == data);
}

pub(crate) fn invalid_keys_are_rejected(b: &dyn Backend) {
    for key in [
        "",
        "/abs",
        "a/../b",
        "..",
        "./a",
        "a//b",
        "a/",
        "a\\b",
        "C:/x",
        "a/.tmp-1234",
    ] {
        let invalid = |r: Result<(), StorageError>| match r {
            Err(StorageError::InvalidKey { key: k }) => assert_eq!(k, key),
            other => panic!("key {key:?}: expected InvalidKey, got {other:?}"),
        };
        invalid(b.put(key, b"x"));
        invalid(b.put_new(key, b"x"));
        invalid(b.get(key).map(drop));
        invalid(b.get_range(key, 0, 1).map(drop));
        invalid(b.delete(key));
        invalid(b.stat(key).map(drop));
    }
    assert!(matches!(
        b.list("../"),
        Err(StorageError::InvalidKey { .. })
    ));
    assert!(keys(b, "").is_empty(), "nothing was written");
}

/// Whatever a backend uses for in-flight writes, `list` shows only the
/// objects that were put, each complete.
pub(crate) fn only_complete_objects_are_listed(b: &dyn Backend) {
    let mut expected = Vec::new();
    for i in 0..20u32 {
        let key = format!("packs/{:02x}/{i:08x}", i % 3);
        b.put(&key, &pattern(i as usize * 1000)).expect("put");
        expected.push((key, i as u64 * 1000));
    }
    b.put_new("locks/x", b"lock").expect("put_new");
    expected.push(("locks/x".into(), 4));
    expected.sort();
    let mut listed: Vec<(String, u64)> = b
        .list("")
        .expect("list")
        .into_iter()
        .map(|o| (o.key, o.size))
        .collect();
    listed.sort();
    assert_eq!(listed, expected);
}

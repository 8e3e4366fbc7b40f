//! The S3 backend against a real S3-compatible server (moto, see
//! `tests/support/moto.rs`): the conformance suite, plus what only S3 has.

use super::testserver::{self, Moto};
use super::*;
use crate::config::{Provider, S3Destination};
use secrecy::SecretString;

fn destination(m: &Moto, bucket: &str, lock: Option<ObjectLock>) -> S3Destination {
    S3Destination {
        provider: Provider::SelfHosted,
        region: "eu-central-1".into(),
        endpoint: Some(m.endpoint()),
        bucket: bucket.into(),
        prefix: "praxis-test".into(),
        path_style: true,
        credentials: S3Credentials::Key {
            access_key_id: testserver::ACCESS_KEY.into(),
            secret: SecretSource::Inline(SecretString::from(testserver::SECRET.to_string())),
        },
        object_lock: lock,
        located_in_germany: true,
    }
}

fn fixture() -> ((), S3Backend) {
    let m = testserver::shared();
    let bucket = m.bucket(false);
    (
        (),
        S3Backend::open(&destination(m, &bucket, None)).expect("open"),
    )
}

crate::storage::conformance::conformance_tests!(fixture());

/// A bucket with Object Lock is versioned: a plain delete leaves a delete
/// marker. Without `object_lock:` in the config it must still look like any
/// other destination.
mod versioned_bucket {
    use super::*;

    fn fixture() -> ((), S3Backend) {
        let m = testserver::shared();
        let bucket = m.bucket(true);
        (
            (),
            S3Backend::open(&destination(m, &bucket, None)).expect("open"),
        )
    }

    crate::storage::conformance::conformance_tests!(fixture());
}

fn locked_backend(mode: LockMode) -> S3Backend {
    let m = testserver::shared();
    let bucket = m.bucket(true);
    S3Backend::open(&destination(m, &bucket, Some(ObjectLock { mode, days: 2 }))).expect("open")
}

#[test]
fn put_new_is_conditional() {
    // moto 5.2.5 honours `If-None-Match: *` (412): tresor relies on it.
    let (_, b) = fixture();
    b.put_new("locks/a", b"one").expect("first");
    let before = b.stats();
    assert!(matches!(
        b.put_new("locks/a", b"two"),
        Err(StorageError::AlreadyExists { .. })
    ));
    let after = b.stats();
    assert_eq!(after.puts - before.puts, 1, "one conditional PUT, no HEAD");
    assert_eq!(after.heads, before.heads);
    assert_eq!(b.get("locks/a").expect("get"), b"one");
}

#[test]
fn a_range_is_one_get_of_exactly_its_bytes() {
    let (_, b) = fixture();
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    b.put("packs/aa/big", &data).expect("put");
    let before = b.stats();
    let got = b.get_range("packs/aa/big", 5000, 300).expect("range");
    assert_eq!(got, &data[5000..5300]);
    let after = b.stats();
    assert_eq!(after.gets - before.gets, 1);
    assert_eq!(after.bytes_down - before.bytes_down, 300);
    assert_eq!(
        (after.heads, after.lists),
        (before.heads, before.lists),
        "nothing else"
    );
}

#[test]
fn large_objects_go_up_in_parts_and_leave_no_upload_behind() {
    let (_, b) = fixture();
    let data: Vec<u8> = (0..(MULTIPART_THRESHOLD + PART_SIZE / 2) as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let before = b.stats();
    b.put("packs/bb/multi", &data).expect("put");
    let after = b.stats();
    // create + 2 parts + complete
    assert_eq!(after.puts - before.puts, 4);
    assert_eq!(after.bytes_up - before.bytes_up, data.len() as u64);
    assert!(b.get("packs/bb/multi").expect("get") == data);
    assert!(b.list_leftovers().expect("leftovers").is_empty());
}

#[test]
fn an_unfinished_upload_is_a_leftover_that_can_be_aborted() {
    let (_, b) = fixture();
    let full = b.full("packs/cc/killed");
    b.rt.block_on(
        b.client
            .create_multipart_upload()
            .bucket(&b.bucket)
            .key(&full)
            .send(),
    )
    .expect("create");
    let left = b.list_leftovers().expect("list");
    assert_eq!(left.len(), 1);
    assert!(
        left[0].name.starts_with("packs/cc/killed?uploadId="),
        "{left:?}"
    );
    assert!(b.list("").expect("list").is_empty(), "not an object");
    b.delete_leftover(&left[0].name).expect("abort");
    assert!(b.list_leftovers().expect("list").is_empty());
    b.delete_leftover(&left[0].name)
        .expect("gone already is ok");
}

#[test]
fn objects_carry_retention_and_locks_do_not() {
    let b = locked_backend(LockMode::Compliance);
    b.put("packs/dd/p1", b"pack").expect("put");
    let until = b.retention("packs/dd/p1").expect("head").expect("locked");
    let days = (until - Utc::now()).num_hours();
    assert!((46..=48).contains(&days), "about 2 days: {until}");
    b.put_new("locks/l", b"lock").expect("lock");
    assert_eq!(b.retention("locks/l").expect("head"), None);
    b.delete("locks/l").expect("a lock file stays deletable");
    assert!(b.stat("locks/l").expect("stat").is_none());
}

#[test]
fn delete_of_a_locked_object_is_refused_with_the_date() {
    let b = locked_backend(LockMode::Compliance);
    b.put("packs/ee/p", b"pack").expect("put");
    let until = b.retention("packs/ee/p").expect("head");
    match b.delete("packs/ee/p") {
        Err(StorageError::RetentionRefused {
            key, until: got, ..
        }) => {
            assert_eq!(key, "packs/ee/p");
            assert_eq!(got.map(|t| t.timestamp()), until.map(|t| t.timestamp()));
        }
        other => panic!("expected RetentionRefused, got {other:?}"),
    }
    // No delete marker hides it: it is still listed and readable.
    assert_eq!(b.list("packs/").expect("list").len(), 1);
    assert_eq!(b.get("packs/ee/p").expect("get"), b"pack");
}

#[test]
fn retention_can_be_extended_never_shortened() {
    let b = locked_backend(LockMode::Compliance);
    b.put("packs/ff/p", b"pack").expect("put");
    let first = b.retention("packs/ff/p").expect("head").expect("locked");
    let later = first + chrono::Duration::days(30);
    b.extend_retention("packs/ff/p", later).expect("extend");
    let now = b.retention("packs/ff/p").expect("head").expect("locked");
    assert_eq!(now.timestamp(), later.timestamp());
    b.extend_retention("packs/ff/p", first).expect("no-op");
    assert_eq!(
        b.retention("packs/ff/p")
            .expect("head")
            .map(|t| t.timestamp()),
        Some(later.timestamp())
    );
}

#[test]
fn retention_is_unsupported_without_object_lock_config() {
    let (_, b) = fixture();
    b.put("packs/gg/p", b"x").expect("put");
    assert_eq!(b.retention("packs/gg/p").expect("head"), None);
    assert!(matches!(
        b.extend_retention("packs/gg/p", Utc::now()),
        Err(StorageError::Unsupported { .. })
    ));
}

#[test]
fn keys_live_under_the_practice_prefix() {
    let m = testserver::shared();
    let bucket = m.bucket(false);
    let mut d = destination(m, &bucket, None);
    let a = S3Backend::open(&d).expect("open");
    d.prefix = "andere-praxis".into();
    let other = S3Backend::open(&d).expect("open");
    a.put("config", b"a").expect("put");
    assert!(other.list("").expect("list").is_empty());
    assert!(other.get("config").expect_err("not there").is_not_found());
    assert_eq!(a.list("").expect("list").len(), 1);
}

#[test]
fn missing_bucket_wrong_key_and_stopped_server_are_told_apart() {
    let m = testserver::shared();
    let missing = S3Backend::open(&destination(m, "no-such-bucket-here", None));
    assert!(
        matches!(missing, Err(StorageError::BucketMissing { ref bucket, .. }) if bucket == "no-such-bucket-here"),
        "{missing:?}"
    );

    let mut own = Moto::start();
    let bucket = own.bucket(false);
    let b = S3Backend::open(&destination(&own, &bucket, None)).expect("open");
    own.stop();
    let e = b.get("config").expect_err("stopped");
    assert!(matches!(e, StorageError::Unreachable { .. }), "{e:?}");
    assert!(e.is_transient());

    let mut d = destination(m, "x", None);
    d.credentials = S3Credentials::Key {
        access_key_id: "k".into(),
        secret: SecretSource::Env("TRESOR_TEST_SURELY_UNSET_SECRET".into()),
    };
    assert!(matches!(
        S3Backend::open(&d),
        Err(StorageError::Auth { ref detail, .. }) if detail.contains("TRESOR_TEST_SURELY_UNSET_SECRET")
    ));
}

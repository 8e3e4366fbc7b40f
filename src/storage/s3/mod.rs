//! S3 backend (aws-sdk-s3): a bucket at a German provider, or a self-hosted
//! S3 server, under a key prefix per practice.
//!
//! Owns the mapping of keys to objects (`<prefix>/<key>`), the sync
//! `Backend` contract on top of the async SDK (a tokio runtime of its own,
//! `block_on`), multipart uploads with CRC32 checksums per part, Object Lock
//! retention on every upload, and request/byte counts ([`S3Stats`]).
//!
//! Rules that differ from a folder, and why:
//! - `put_new` is a conditional write (`If-None-Match: *`, supported by AWS
//!   since 2024-08 and by moto 5.2.5, see the test `put_new_is_conditional`):
//!   the server, not tresor, decides which of two writers wins. A server that
//!   ignores the header would let the last writer win; tresor does not fall
//!   back to HEAD-then-PUT because that race is the same and silent.
//! - Object Lock (`object_lock:` in the config): every object except
//!   `locks/…` gets mode and retain-until = now + days. Lock files stay
//!   deletable, or a locked bucket would stay locked for `days`.
//! - With Object Lock the bucket is versioned, and a plain DeleteObject only
//!   adds a delete marker while the locked data stays (and is billed).
//!   `delete` therefore deletes every *version* of the key by VersionId; a
//!   version still under retention is refused by the server (AccessDenied)
//!   and comes back as `RetentionRefused` with its retain-until date, so
//!   prune sees the truth. `list` (ListObjectsV2) never shows delete-marked
//!   keys.
//! - Retention is read from HeadObject (`x-amz-object-lock-retain-until-date`):
//!   moto 5.2.5 answers GetObjectRetention with 500.

pub mod errors;
pub mod stats;

#[cfg(test)]
#[path = "../../../tests/support/moto.rs"]
pub(crate) mod testserver;

use std::time::{Duration, SystemTime};

use aws_sdk_s3::config::{Credentials, Region};
use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::primitives::{ByteStream, DateTime};
use aws_sdk_s3::types::{
    ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart, ObjectLockMode,
    ObjectLockRetention, ObjectLockRetentionMode,
};
use aws_sdk_s3::Client;
use chrono::{DateTime as ChronoTime, Utc};

use self::errors::{classify, to_storage, Class};
pub use self::stats::S3Stats;
use self::stats::{Counters, Request, PROCESS};
use super::local::{validate_key, validate_prefix};
use super::{Backend, Leftover, ObjectInfo, StorageError};
use crate::config::{LockMode, ObjectLock, S3Credentials, S3Destination, SecretSource};

/// Objects above this size are uploaded in parts (a dropped connection
/// then costs one part, not the whole pack).
pub const MULTIPART_THRESHOLD: usize = 16 << 20;
/// Size of one part (S3 allows 5 MiB … 5 GiB per part, 10 000 parts).
pub const PART_SIZE: usize = 16 << 20;
/// Keys that are rewritten or removed within a run and must never be locked.
const EPHEMERAL_PREFIXES: &[&str] = &["locks/"];
/// Separates key and upload id in a leftover's name.
const UPLOAD_MARK: &str = "?uploadId=";

/// An open S3 destination.
pub struct S3Backend {
    rt: tokio::runtime::Runtime,
    client: Client,
    bucket: String,
    /// `""` or `praxis-mueller/` (with the slash).
    prefix: String,
    location: String,
    lock: Option<ObjectLock>,
    counters: Counters,
}

impl std::fmt::Debug for S3Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Backend")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

/// `s3://bucket/prefix` (and the endpoint's host when not AWS), for messages.
pub fn location_of(d: &S3Destination) -> String {
    let path = if d.prefix.is_empty() {
        d.bucket.clone()
    } else {
        format!("{}/{}", d.bucket, d.prefix)
    };
    match d
        .endpoint
        .clone()
        .or_else(|| d.provider.endpoint(&d.region))
    {
        Some(e) => format!("s3://{path} ({e})"),
        None => format!("s3://{path} ({}, {})", d.provider.name(), d.region),
    }
}

impl S3Backend {
    /// Connects and checks that the bucket is there and the credentials work
    /// (one HeadBucket request). Errors: `Auth` (wrong key, missing
    /// `secret_env` variable), `BucketMissing`, `Unreachable`, `ClockSkew`.
    pub fn open(d: &S3Destination) -> Result<S3Backend, StorageError> {
        let b = Self::connect(d)?;
        b.check_bucket()?;
        Ok(b)
    }

    /// Builds the client without any request.
    pub fn connect(d: &S3Destination) -> Result<S3Backend, StorageError> {
        let location = location_of(d);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("tresor-s3")
            .enable_all()
            .build()
            .map_err(|e| StorageError::Io {
                key: String::new(),
                source: e,
            })?;
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(Region::new(d.region.clone()))
            .timeout_config(
                aws_config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .read_timeout(Duration::from_secs(120))
                    .build(),
            );
        if let S3Credentials::Key {
            access_key_id,
            secret,
        } = &d.credentials
        {
            let secret = match secret {
                SecretSource::Inline(s) => secrecy::ExposeSecret::expose_secret(s).to_string(),
                SecretSource::Env(name) => std::env::var(name).map_err(|_| StorageError::Auth {
                    location: location.clone(),
                    detail: format!("secret_env: {name} is not set"),
                })?,
            };
            loader = loader.credentials_provider(Credentials::new(
                access_key_id.clone(),
                secret,
                None,
                None,
                "tresor.yaml",
            ));
        }
        let shared = rt.block_on(loader.load());
        let mut conf = aws_sdk_s3::config::Builder::from(&shared).force_path_style(d.path_style);
        if let Some(e) = d
            .endpoint
            .clone()
            .or_else(|| d.provider.endpoint(&d.region))
        {
            conf = conf.endpoint_url(e);
        }
        let client = Client::from_conf(conf.build());
        let prefix = if d.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", d.prefix.trim_matches('/'))
        };
        Ok(S3Backend {
            rt,
            client,
            bucket: d.bucket.clone(),
            prefix,
            location,
            lock: d.object_lock,
            counters: Counters::default(),
        })
    }

    /// Requests and bytes of this backend so far.
    pub fn stats(&self) -> S3Stats {
        self.counters.snapshot()
    }

    fn count(&self, r: Request) {
        self.counters.request(r);
        PROCESS.request(r);
    }

    fn count_up(&self, n: usize) {
        self.counters.up(n as u64);
        PROCESS.up(n as u64);
    }

    fn count_down(&self, n: usize) {
        self.counters.down(n as u64);
        PROCESS.down(n as u64);
    }

    fn full(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn err<E, R>(&self, e: SdkError<E, R>, key: &str) -> StorageError
    where
        E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + errors::HasStatus + 'static,
    {
        self.err_of(classify(&e), key)
    }

    fn err_of(&self, c: Class, key: &str) -> StorageError {
        to_storage(c, key, &self.location, &self.bucket)
    }

    fn check_bucket(&self) -> Result<(), StorageError> {
        self.count(Request::Head);
        let r = self
            .rt
            .block_on(self.client.head_bucket().bucket(&self.bucket).send());
        match r {
            Ok(_) => {}
            Err(e) => {
                return Err(match classify(&e) {
                    // HeadBucket has no body: a 404 is the bucket.
                    Class::NotFound => self.err_of(Class::BucketMissing, ""),
                    c => self.err_of(c, ""),
                });
            }
        }
        if self.lock.is_some() {
            // Said once at opening, not as a server's 400 on the first upload.
            self.count(Request::Other);
            let enabled = self
                .rt
                .block_on(
                    self.client
                        .get_object_lock_configuration()
                        .bucket(&self.bucket)
                        .send(),
                )
                .ok()
                .and_then(|o| o.object_lock_configuration)
                .and_then(|c| c.object_lock_enabled)
                .is_some_and(|e| e.as_str() == "Enabled");
            if !enabled {
                return Err(StorageError::ObjectLockMissing {
                    location: self.location(),
                });
            }
        }
        Ok(())
    }

    /// Retention for a new object, unless its key is ephemeral.
    fn retention_for(&self, key: &str) -> Option<(ObjectLockMode, DateTime)> {
        let lock = self.lock?;
        if EPHEMERAL_PREFIXES.iter().any(|p| key.starts_with(p)) {
            return None;
        }
        let until = SystemTime::now() + Duration::from_secs(u64::from(lock.days) * 86_400);
        let mode = match lock.mode {
            LockMode::Compliance => ObjectLockMode::Compliance,
            LockMode::Governance => ObjectLockMode::Governance,
        };
        Some((mode, DateTime::from(until)))
    }

    fn put_single(&self, key: &str, data: &[u8], create_only: bool) -> Result<(), StorageError> {
        let mut req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(self.full(key))
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .body(ByteStream::from(data.to_vec()));
        if create_only {
            req = req.if_none_match("*");
        }
        if let Some((mode, until)) = self.retention_for(key) {
            req = req
                .object_lock_mode(mode)
                .object_lock_retain_until_date(until);
        }
        self.count(Request::Put);
        match self.rt.block_on(req.send()) {
            Ok(_) => {
                self.count_up(data.len());
                Ok(())
            }
            Err(e) => Err(match classify(&e) {
                Class::Precondition if create_only => {
                    StorageError::AlreadyExists { key: key.into() }
                }
                c => self.err_of(c, key),
            }),
        }
    }

    /// Uploads in parts with a CRC32 per part; any failure aborts the
    /// upload, so that no unfinished parts stay billed.
    fn put_multipart(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        let full = self.full(key);
        let mut create = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(&full)
            .checksum_algorithm(ChecksumAlgorithm::Crc32);
        if let Some((mode, until)) = self.retention_for(key) {
            create = create
                .object_lock_mode(mode)
                .object_lock_retain_until_date(until);
        }
        self.count(Request::Put);
        let created = self
            .rt
            .block_on(create.send())
            .map_err(|e| self.err(e, key))?;
        let Some(upload_id) = created.upload_id().map(str::to_string) else {
            return Err(self.err_of(Class::Other("no upload id".into()), key));
        };
        let result = self.upload_parts(key, &full, &upload_id, data);
        if result.is_err() {
            // Best effort: a failed abort leaves a leftover `list_leftovers` shows.
            self.count(Request::Delete);
            let _ = self.rt.block_on(
                self.client
                    .abort_multipart_upload()
                    .bucket(&self.bucket)
                    .key(&full)
                    .upload_id(&upload_id)
                    .send(),
            );
        }
        result
    }

    fn upload_parts(
        &self,
        key: &str,
        full: &str,
        upload_id: &str,
        data: &[u8],
    ) -> Result<(), StorageError> {
        let mut parts = Vec::new();
        for (i, chunk) in data.chunks(PART_SIZE).enumerate() {
            let number = i as i32 + 1;
            self.count(Request::Put);
            let out = self
                .rt
                .block_on(
                    self.client
                        .upload_part()
                        .bucket(&self.bucket)
                        .key(full)
                        .upload_id(upload_id)
                        .part_number(number)
                        .checksum_algorithm(ChecksumAlgorithm::Crc32)
                        .body(ByteStream::from(chunk.to_vec()))
                        .send(),
                )
                .map_err(|e| self.err(e, key))?;
            self.count_up(chunk.len());
            let mut part = CompletedPart::builder().part_number(number);
            if let Some(e) = out.e_tag() {
                part = part.e_tag(e);
            }
            if let Some(c) = out.checksum_crc32() {
                part = part.checksum_crc32(c);
            }
            parts.push(part.build());
        }
        self.count(Request::Put);
        self.rt
            .block_on(
                self.client
                    .complete_multipart_upload()
                    .bucket(&self.bucket)
                    .key(full)
                    .upload_id(upload_id)
                    .multipart_upload(
                        CompletedMultipartUpload::builder()
                            .set_parts(Some(parts))
                            .build(),
                    )
                    .send(),
            )
            .map_err(|e| self.err(e, key))?;
        Ok(())
    }

    /// Deletes every version (and delete marker) of `key`, for a bucket
    /// with Object Lock. A version under retention is refused by the server.
    fn delete_versions(&self, key: &str) -> Result<(), StorageError> {
        let full = self.full(key);
        let mut versions: Vec<String> = Vec::new();
        let mut key_marker: Option<String> = None;
        let mut version_marker: Option<String> = None;
        loop {
            self.count(Request::List);
            let page = self
                .rt
                .block_on(
                    self.client
                        .list_object_versions()
                        .bucket(&self.bucket)
                        .prefix(&full)
                        .set_key_marker(key_marker.take())
                        .set_version_id_marker(version_marker.take())
                        .send(),
                )
                .map_err(|e| self.err(e, key))?;
            for v in page.versions() {
                if v.key() == Some(full.as_str()) {
                    versions.extend(v.version_id().map(str::to_string));
                }
            }
            for m in page.delete_markers() {
                if m.key() == Some(full.as_str()) {
                    versions.extend(m.version_id().map(str::to_string));
                }
            }
            if page.is_truncated() != Some(true) {
                break;
            }
            key_marker = page.next_key_marker().map(str::to_string);
            version_marker = page.next_version_id_marker().map(str::to_string);
        }
        for v in versions {
            self.count(Request::Delete);
            let r = self.rt.block_on(
                self.client
                    .delete_object()
                    .bucket(&self.bucket)
                    .key(&full)
                    .version_id(&v)
                    .send(),
            );
            match r {
                Ok(_) => {}
                Err(e) => match classify(&e) {
                    Class::NotFound => {}
                    Class::Auth(_) => {
                        return Err(StorageError::RetentionRefused {
                            location: self.location.clone(),
                            key: key.into(),
                            until: self.head_retention(&full, Some(&v)).ok().flatten(),
                        })
                    }
                    c => return Err(self.err_of(c, key)),
                },
            }
        }
        Ok(())
    }

    fn head_retention(
        &self,
        full: &str,
        version: Option<&str>,
    ) -> Result<Option<ChronoTime<Utc>>, StorageError> {
        self.count(Request::Head);
        let out = self
            .rt
            .block_on(
                self.client
                    .head_object()
                    .bucket(&self.bucket)
                    .key(full)
                    .set_version_id(version.map(str::to_string))
                    .send(),
            )
            .map_err(|e| self.err(e, full.strip_prefix(&self.prefix).unwrap_or(full)))?;
        Ok(out.object_lock_retain_until_date().and_then(to_chrono))
    }
}

fn to_chrono(t: &DateTime) -> Option<ChronoTime<Utc>> {
    ChronoTime::<Utc>::from_timestamp(t.secs(), t.subsec_nanos())
}

impl Drop for S3Backend {
    fn drop(&mut self) {
        stats::write_if_asked();
    }
}

impl Backend for S3Backend {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        validate_key(key)?;
        self.count(Request::Get);
        let out = self
            .rt
            .block_on(
                self.client
                    .get_object()
                    .bucket(&self.bucket)
                    .key(self.full(key))
                    .send(),
            )
            .map_err(|e| self.err(e, key))?;
        let body = self
            .rt
            .block_on(out.body.collect())
            .map_err(|e| self.err_of(Class::Unreachable(e.to_string()), key))?
            .into_bytes()
            .to_vec();
        self.count_down(body.len());
        Ok(body)
    }

    /// Exactly one ranged GET (`Range: bytes=a-b`); a zero-length range is
    /// answered by one HEAD (S3 has no empty range).
    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        validate_key(key)?;
        if len == 0 {
            let size = self
                .stat(key)?
                .ok_or(StorageError::NotFound { key: key.into() })?
                .size;
            return if offset > size {
                Err(StorageError::ShortRead {
                    key: key.into(),
                    expected: 0,
                    got: 0,
                })
            } else {
                Ok(Vec::new())
            };
        }
        self.count(Request::Get);
        let range = format!("bytes={}-{}", offset, offset + len - 1);
        let out = match self.rt.block_on(
            self.client
                .get_object()
                .bucket(&self.bucket)
                .key(self.full(key))
                .range(range)
                .send(),
        ) {
            Ok(o) => o,
            Err(e) => {
                return Err(match classify(&e) {
                    Class::InvalidRange => StorageError::ShortRead {
                        key: key.into(),
                        expected: len,
                        got: 0,
                    },
                    c => self.err_of(c, key),
                })
            }
        };
        let body = self
            .rt
            .block_on(out.body.collect())
            .map_err(|e| self.err_of(Class::Unreachable(e.to_string()), key))?
            .into_bytes()
            .to_vec();
        self.count_down(body.len());
        if (body.len() as u64) < len {
            return Err(StorageError::ShortRead {
                key: key.into(),
                expected: len,
                got: body.len() as u64,
            });
        }
        Ok(body)
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        validate_key(key)?;
        if data.len() > MULTIPART_THRESHOLD {
            self.put_multipart(key, data)
        } else {
            self.put_single(key, data, false)
        }
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        validate_key(key)?;
        self.put_single(key, data, true)
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        validate_prefix(prefix)?;
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.count(Request::List);
            let page = self
                .rt
                .block_on(
                    self.client
                        .list_objects_v2()
                        .bucket(&self.bucket)
                        .prefix(self.full(prefix))
                        .set_continuation_token(token.take())
                        .send(),
                )
                .map_err(|e| self.err(e, prefix))?;
            for o in page.contents() {
                let Some(k) = o.key().and_then(|k| k.strip_prefix(&self.prefix)) else {
                    continue;
                };
                // Foreign objects (a console upload with an odd name) are not keys.
                if validate_key(k).is_err() {
                    continue;
                }
                out.push(ObjectInfo {
                    key: k.to_string(),
                    size: o.size().unwrap_or(0).max(0) as u64,
                });
            }
            match page.next_continuation_token() {
                Some(t) if page.is_truncated() == Some(true) => token = Some(t.to_string()),
                _ => break,
            }
        }
        Ok(out)
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        validate_key(key)?;
        if self.lock.is_some() {
            return self.delete_versions(key);
        }
        self.count(Request::Delete);
        match self.rt.block_on(
            self.client
                .delete_object()
                .bucket(&self.bucket)
                .key(self.full(key))
                .send(),
        ) {
            Ok(_) => Ok(()),
            Err(e) => match classify(&e) {
                Class::NotFound => Ok(()),
                c => Err(self.err_of(c, key)),
            },
        }
    }

    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        validate_key(key)?;
        self.count(Request::Head);
        match self.rt.block_on(
            self.client
                .head_object()
                .bucket(&self.bucket)
                .key(self.full(key))
                .send(),
        ) {
            Ok(o) => Ok(Some(ObjectInfo {
                key: key.into(),
                size: o.content_length().unwrap_or(0).max(0) as u64,
            })),
            Err(e) => match classify(&e) {
                Class::NotFound => Ok(None),
                c => Err(self.err_of(c, key)),
            },
        }
    }

    /// Unfinished multipart uploads under the prefix (a killed upload).
    fn list_leftovers(&self) -> Result<Vec<Leftover>, StorageError> {
        let mut out = Vec::new();
        let mut key_marker: Option<String> = None;
        let mut id_marker: Option<String> = None;
        loop {
            self.count(Request::List);
            let page = self
                .rt
                .block_on(
                    self.client
                        .list_multipart_uploads()
                        .bucket(&self.bucket)
                        .prefix(&self.prefix)
                        .set_key_marker(key_marker.take())
                        .set_upload_id_marker(id_marker.take())
                        .send(),
                )
                .map_err(|e| self.err(e, ""))?;
            for u in page.uploads() {
                let (Some(k), Some(id)) = (u.key(), u.upload_id()) else {
                    continue;
                };
                let Some(k) = k.strip_prefix(&self.prefix) else {
                    continue;
                };
                out.push(Leftover {
                    name: format!("{k}{UPLOAD_MARK}{id}"),
                    size: 0,
                    modified: u.initiated().and_then(|t| SystemTime::try_from(*t).ok()),
                });
            }
            if page.is_truncated() != Some(true) {
                break;
            }
            key_marker = page.next_key_marker().map(str::to_string);
            id_marker = page.next_upload_id_marker().map(str::to_string);
        }
        Ok(out)
    }

    /// Aborts the unfinished upload named by `list_leftovers`.
    fn delete_leftover(&self, name: &str) -> Result<(), StorageError> {
        let Some((key, id)) = name.rsplit_once(UPLOAD_MARK) else {
            return Err(StorageError::InvalidKey { key: name.into() });
        };
        validate_key(key)?;
        self.count(Request::Delete);
        match self.rt.block_on(
            self.client
                .abort_multipart_upload()
                .bucket(&self.bucket)
                .key(self.full(key))
                .upload_id(id)
                .send(),
        ) {
            Ok(_) => Ok(()),
            Err(e) => match classify(&e) {
                // NoSuchUpload: gone already.
                Class::NotFound | Class::Other(_) => Ok(()),
                c => Err(self.err_of(c, key)),
            },
        }
    }

    fn retention(&self, key: &str) -> Result<Option<ChronoTime<Utc>>, StorageError> {
        validate_key(key)?;
        self.head_retention(&self.full(key), None)
    }

    /// Moves the retain-until date of the current version to `until`; a
    /// date already later is kept (compliance mode cannot be shortened, and
    /// prune only ever extends).
    fn extend_retention(&self, key: &str, until: ChronoTime<Utc>) -> Result<(), StorageError> {
        validate_key(key)?;
        let Some(lock) = self.lock else {
            return Err(StorageError::Unsupported {
                location: self.location.clone(),
                operation: "extend_retention",
            });
        };
        if self.retention(key)?.is_some_and(|now| now >= until) {
            return Ok(());
        }
        let mode = match lock.mode {
            LockMode::Compliance => ObjectLockRetentionMode::Compliance,
            LockMode::Governance => ObjectLockRetentionMode::Governance,
        };
        let when = DateTime::from_secs_and_nanos(until.timestamp(), until.timestamp_subsec_nanos());
        self.count(Request::Other);
        self.rt
            .block_on(
                self.client
                    .put_object_retention()
                    .bucket(&self.bucket)
                    .key(self.full(key))
                    .retention(
                        ObjectLockRetention::builder()
                            .mode(mode)
                            .retain_until_date(when)
                            .build(),
                    )
                    .send(),
            )
            .map_err(|e| self.err(e, key))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

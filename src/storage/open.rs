//! The one factory: a configured destination becomes a backend here and
//! nowhere else (commands, `init`, later mirroring and the wrapping layers
//! all start from `open`).

use std::sync::Arc;

use super::clock::SystemClock;
use super::local::LocalBackend;
use super::retry::RetryPolicy;
use super::s3::S3Backend;
use super::{Backend, StorageError};
use crate::config::{Destination, DestinationKind};

/// Opens an existing destination: a folder that must exist, or a bucket
/// that must exist and accept the credentials (one HeadBucket request).
///
/// Errors: `Unavailable` (folder missing: medium not inserted, share not
/// connected), `BucketMissing`, `Auth`, `Unreachable`, `ClockSkew`.
pub fn open(dest: &Destination) -> Result<Arc<dyn Backend>, StorageError> {
    let raw: Arc<dyn Backend> = match &dest.kind {
        DestinationKind::Local { path, .. } => Arc::new(LocalBackend::open(path.clone())?),
        DestinationKind::S3(s3) => Arc::new(S3Backend::open(s3)?),
    };
    Ok(with_layers(raw, dest))
}

/// The destination's window and rate limit, and retries: a folder (NAS
/// share) gets tresor's retry policy; S3 keeps the SDK's own retries
/// (standard mode: backoff with jitter, throttling aware), so a request is
/// never retried twice over.
fn with_layers(raw: Arc<dyn Backend>, dest: &Destination) -> Arc<dyn Backend> {
    let retry = match dest.kind {
        DestinationKind::Local { .. } => RetryPolicy::NAS,
        DestinationKind::S3(_) => RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::NAS
        },
    };
    super::layers::wrap(raw, &dest.transfer, retry, SystemClock::shared())
}

/// Like [`open`], but creates a missing folder (and its parents) first, for
/// `tresor init`. A bucket is never created: Object Lock, region and costs
/// are the provider account's decision.
pub fn create(dest: &Destination) -> Result<Arc<dyn Backend>, StorageError> {
    match &dest.kind {
        DestinationKind::Local { path, .. } => Ok(with_layers(
            Arc::new(LocalBackend::create(path.clone())?),
            dest,
        )),
        DestinationKind::S3(_) => open(dest),
    }
}

/// Where a destination is, for messages, without opening it.
pub fn location(dest: &Destination) -> String {
    match &dest.kind {
        DestinationKind::Local { path, .. } => path.display().to_string(),
        DestinationKind::S3(s3) => super::s3::location_of(s3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_opens_and_is_created_on_request() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rdx").join("tresor");
        let mut dest = Destination::folder(&path.display().to_string());
        dest.name = "rdx".into();
        assert!(matches!(open(&dest), Err(StorageError::Unavailable { .. })));
        let b = create(&dest).expect("create");
        assert_eq!(b.location(), path.display().to_string());
        assert_eq!(location(&dest), path.display().to_string());
        assert!(open(&dest).is_ok());
    }
}

//! Turns an aws-sdk-s3 error into a `StorageError` kind tresor can act on.
//!
//! The S3 error codes are those of the S3 API reference
//! (<https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList>);
//! servers that answer without a body (HEAD) are classified by status.

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

use crate::storage::StorageError;

/// What one failed request tells, before key and location are attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    NotFound,
    BucketMissing,
    Precondition,
    /// 416: the range starts past the end.
    InvalidRange,
    ClockSkew,
    Auth(String),
    Throttled,
    Server(u16),
    Unreachable(String),
    Other(String),
}

/// Classifies an S3 error code and HTTP status (`None`: no answer at all).
pub(crate) fn class_of(status: u16, code: Option<&str>, message: &str) -> Class {
    match code.unwrap_or("") {
        "NoSuchKey" | "NotFound" | "NoSuchVersion" => return Class::NotFound,
        "NoSuchBucket" => return Class::BucketMissing,
        "PreconditionFailed" | "ConditionalRequestConflict" => return Class::Precondition,
        "InvalidRange" => return Class::InvalidRange,
        "RequestTimeTooSkewed" => return Class::ClockSkew,
        c @ ("InvalidAccessKeyId"
        | "SignatureDoesNotMatch"
        | "InvalidToken"
        | "ExpiredToken"
        | "AccessDenied"
        | "AllAccessDisabled"
        | "AccountProblem") => return Class::Auth(c.to_string()),
        "SlowDown"
        | "Throttling"
        | "ThrottlingException"
        | "TooManyRequests"
        | "RequestLimitExceeded" => return Class::Throttled,
        _ => {}
    }
    match status {
        404 => Class::NotFound,
        412 | 409 => Class::Precondition,
        416 => Class::InvalidRange,
        401 | 403 => Class::Auth(format!("HTTP {status}")),
        429 => Class::Throttled,
        500..=599 => Class::Server(status),
        _ => Class::Other(format!(
            "HTTP {status} {} {message}",
            code.unwrap_or_default()
        )),
    }
}

/// The class of any SDK error: no connection, a timeout, or an answer.
pub(crate) fn classify<E, R>(err: &SdkError<E, R>) -> Class
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + HasStatus + 'static,
{
    match err {
        SdkError::ServiceError(s) => class_of(
            s.raw().status(),
            s.err().code(),
            s.err().message().unwrap_or_default(),
        ),
        SdkError::ResponseError(r) => class_of(r.raw().status(), None, ""),
        SdkError::DispatchFailure(d) if d.is_timeout() => Class::Unreachable("timeout".to_string()),
        SdkError::DispatchFailure(d) if d.is_io() => Class::Unreachable(chain(err)),
        SdkError::DispatchFailure(d) if d.is_user() => Class::Auth(chain(err)),
        SdkError::DispatchFailure(_) => Class::Unreachable(chain(err)),
        SdkError::TimeoutError(_) => Class::Unreachable("timeout".to_string()),
        // Most often: no credentials could be found.
        SdkError::ConstructionFailure(_) => Class::Auth(chain(err)),
        _ => Class::Other(chain(err)),
    }
}

/// The HTTP status of a raw response.
pub(crate) trait HasStatus {
    fn status(&self) -> u16;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status(&self) -> u16 {
        self.status().as_u16()
    }
}

/// The error and its causes on one line (the SDK's own Display says little).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

/// The `StorageError` for `class` on `key` of `location` (bucket `bucket`).
pub(crate) fn to_storage(class: Class, key: &str, location: &str, bucket: &str) -> StorageError {
    let location = location.to_string();
    match class {
        Class::NotFound => StorageError::NotFound { key: key.into() },
        Class::BucketMissing => StorageError::BucketMissing {
            location,
            bucket: bucket.into(),
        },
        Class::Precondition => StorageError::PreconditionFailed {
            location,
            key: key.into(),
        },
        Class::InvalidRange => StorageError::ShortRead {
            key: key.into(),
            expected: 1,
            got: 0,
        },
        Class::ClockSkew => StorageError::ClockSkew { location },
        Class::Auth(detail) => StorageError::Auth { location, detail },
        Class::Throttled => StorageError::Throttled { location },
        Class::Server(status) => StorageError::Server { location, status },
        Class::Unreachable(detail) => StorageError::Unreachable { location, detail },
        Class::Other(detail) => StorageError::Io {
            key: key.into(),
            source: std::io::Error::other(detail),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_decide_before_status() {
        assert_eq!(
            class_of(404, Some("NoSuchBucket"), ""),
            Class::BucketMissing
        );
        assert_eq!(class_of(404, Some("NoSuchKey"), ""), Class::NotFound);
        assert_eq!(class_of(404, None, ""), Class::NotFound);
        assert_eq!(
            class_of(412, Some("PreconditionFailed"), ""),
            Class::Precondition
        );
        assert_eq!(
            class_of(403, Some("RequestTimeTooSkewed"), ""),
            Class::ClockSkew
        );
        assert_eq!(
            class_of(403, Some("InvalidAccessKeyId"), ""),
            Class::Auth("InvalidAccessKeyId".into())
        );
        assert_eq!(class_of(403, None, ""), Class::Auth("HTTP 403".into()));
        assert_eq!(class_of(503, Some("SlowDown"), ""), Class::Throttled);
        assert_eq!(class_of(429, None, ""), Class::Throttled);
        assert_eq!(
            class_of(503, Some("ServiceUnavailable"), ""),
            Class::Server(503)
        );
        assert_eq!(class_of(500, Some("InternalError"), ""), Class::Server(500));
        assert_eq!(class_of(416, Some("InvalidRange"), ""), Class::InvalidRange);
        assert!(matches!(class_of(400, Some("Odd"), "x"), Class::Other(_)));
    }

    #[test]
    fn transient_classes_become_transient_errors() {
        let e = |c| to_storage(c, "k", "s3://b", "b");
        assert!(e(Class::Throttled).is_transient());
        assert!(e(Class::Server(502)).is_transient());
        assert!(e(Class::Unreachable("refused".into())).is_transient());
        assert!(!e(Class::Auth("x".into())).is_transient());
        assert!(!e(Class::ClockSkew).is_transient());
        assert!(e(Class::NotFound).is_not_found());
    }
}

//! Storage errors, classified so that callers can tell a full disk from a vanished share.
//!
//! Owns `StorageError` and the mapping from raw OS error codes to it
//! (`classify`). The mapping is a pure function of (platform, code, kind) so
//! that the Windows codes, which cannot be produced on Linux, are unit-tested
//! here all the same.

use std::io;

/// A storage failure, with the key and/or destination it concerns.
///
/// Callers decide by variant: `NoSpace` → "medium full, take a bigger one /
/// prune"; `Unavailable` → "medium pulled / share gone"; `is_transient()` →
/// worth a retry (dropped SMB/NFS session).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("object {key} not found")]
    NotFound { key: String },

    #[error("object {key} already exists")]
    AlreadyExists { key: String },

    #[error("no space left on {location}")]
    NoSpace { location: String },

    /// The whole destination is gone, not just one object.
    #[error("destination {location} is not available: {source}")]
    Unavailable {
        location: String,
        #[source]
        source: io::Error,
    },

    #[error("permission denied on {location} for {key}")]
    PermissionDenied { location: String, key: String },

    /// The object is shorter than the requested range: a truncated file.
    #[error("object {key} is truncated: expected {expected} bytes, got {got}")]
    ShortRead {
        key: String,
        expected: u64,
        got: u64,
    },

    #[error("I/O error on {key}: {source}")]
    Io {
        key: String,
        #[source]
        source: io::Error,
    },

    #[error("invalid object key {key:?}")]
    InvalidKey { key: String },

    // ---- storage layers (issue 12, branch wt-layers: retry.rs, window.rs) ----
    /// A transient failure (dropped share, timeout) that did not go away
    /// within the retry layer's budget; `source` is the last error. Not
    /// transient itself: the layers above must not retry it again.
    #[error("destination {location} failed {attempts} times in a row, giving up: {source}")]
    GaveUp {
        location: String,
        attempts: u32,
        #[source]
        source: Box<StorageError>,
    },

    /// A write outside the destination's transfer window (`window:` in
    /// tresor.yaml) with no `daytime_limit`: the run stops cleanly between
    /// objects; the next run continues. `window` is `20:00-06:30`, `opens`
    /// the local time it opens again (`20:00`).
    #[error("the transfer window {window} of {location} is closed; it opens again at {opens}")]
    WindowClosed {
        location: String,
        window: String,
        opens: String,
    },
    /// A conditional request's condition did not hold (HTTP 412) where the
    /// caller did not ask for "create only" (that one is `AlreadyExists`).
    #[error("precondition failed for {key} on {location}")]
    PreconditionFailed { location: String, key: String },

    /// The server refused to delete (or overwrite) an object version that
    /// Object Lock still protects; `until` when the server said or we read it.
    #[error("{key} on {location} is protected by retention until {until:?}")]
    RetentionRefused {
        location: String,
        key: String,
        until: Option<chrono::DateTime<chrono::Utc>>,
    },

    /// Too many requests (HTTP 429/503 SlowDown): worth a retry with backoff.
    #[error("{location} asks to slow down")]
    Throttled { location: String },

    /// Wrong or missing credentials, or a key without the needed rights.
    #[error("{location} refused the credentials: {detail}")]
    Auth { location: String, detail: String },

    /// The bucket does not exist (or is not visible to these credentials).
    #[error("bucket {bucket} does not exist on {location}")]
    BucketMissing { location: String, bucket: String },

    /// The server's and this machine's clocks differ too much (RequestTimeTooSkewed).
    #[error("clock of this machine differs too much from {location}")]
    ClockSkew { location: String },

    /// No connection to the server (DNS, refused, timeout): worth a retry.
    #[error("{location} is not reachable: {detail}")]
    Unreachable { location: String, detail: String },

    /// `object_lock:` is configured, but the bucket was created without
    /// Object Lock: nothing written there could be protected.
    #[error("bucket at {location} has no Object Lock, but object_lock is configured")]
    ObjectLockMissing { location: String },

    /// The backend cannot do this (retention on a folder).
    #[error("{location} does not support {operation}")]
    Unsupported {
        location: String,
        operation: &'static str,
    },

    /// The server failed (HTTP 5xx): worth a retry.
    #[error("{location} answered with server error {status}")]
    Server { location: String, status: u16 },
}

impl StorageError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, StorageError::NotFound { .. })
    }

    /// A hiccup that a retry may fix (dropped share session, timeout,
    /// sharing violation by a virus scanner; for S3: throttling, no
    /// connection, a 5xx answer). A pulled medium or a full disk is
    /// not transient: retrying only delays the message staff need to see.
    pub fn is_transient(&self) -> bool {
        match self {
            StorageError::Unavailable { source, .. } | StorageError::Io { source, .. } => {
                is_transient_io(Platform::CURRENT, source.raw_os_error(), source.kind())
            }
            StorageError::Throttled { .. }
            | StorageError::Unreachable { .. }
            | StorageError::Server { .. } => true,
            _ => false,
        }
    }
}

/// Whose error codes a raw OS error carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    // Each variant is constructed only on its own OS (and in tests).
    #[cfg_attr(windows, allow(dead_code))]
    Unix,
    #[cfg_attr(not(windows), allow(dead_code))]
    Windows,
}

impl Platform {
    pub(crate) const CURRENT: Platform = if cfg!(windows) {
        Platform::Windows
    } else {
        Platform::Unix
    };
}

/// The class of an OS error, before key and location are attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// ENOENT: the caller must still decide "key missing" vs "root vanished".
    NotFound,
    AlreadyExists,
    NoSpace,
    Unavailable,
    PermissionDenied,
    Other,
}

/// Windows system error codes we classify (winerror.h).
mod win {
    pub const FILE_NOT_FOUND: i32 = 2;
    pub const PATH_NOT_FOUND: i32 = 3;
    pub const ACCESS_DENIED: i32 = 5;
    pub const INVALID_DRIVE: i32 = 15;
    pub const WRITE_PROTECT: i32 = 19;
    pub const NOT_READY: i32 = 21;
    pub const GEN_FAILURE: i32 = 31;
    pub const SHARING_VIOLATION: i32 = 32;
    pub const LOCK_VIOLATION: i32 = 33;
    pub const HANDLE_DISK_FULL: i32 = 39;
    pub const BAD_NETPATH: i32 = 53;
    pub const NETWORK_BUSY: i32 = 54;
    pub const DEV_NOT_EXIST: i32 = 55;
    pub const BAD_NET_RESP: i32 = 58;
    pub const UNEXP_NET_ERR: i32 = 59;
    pub const NETNAME_DELETED: i32 = 64;
    pub const NETWORK_ACCESS_DENIED: i32 = 65;
    pub const BAD_NET_NAME: i32 = 67;
    pub const FILE_EXISTS: i32 = 80;
    pub const DISK_FULL: i32 = 112;
    pub const SEM_TIMEOUT: i32 = 121;
    pub const ALREADY_EXISTS: i32 = 183;
    pub const MEDIA_CHANGED: i32 = 1110;
    pub const NO_MEDIA_IN_DRIVE: i32 = 1112;
    pub const IO_DEVICE: i32 = 1117;
    pub const DEVICE_NOT_CONNECTED: i32 = 1167;
    pub const NO_NETWORK: i32 = 1222;
    pub const NETWORK_UNREACHABLE: i32 = 1231;
    pub const HOST_UNREACHABLE: i32 = 1232;
    pub const CONNECTION_ABORTED: i32 = 1236;
    pub const DISK_QUOTA_EXCEEDED: i32 = 1295;
}

/// Classifies an OS error code; falls back to the portable `ErrorKind` for
/// errors without a code (or codes we do not know).
pub(crate) fn class_of(platform: Platform, code: Option<i32>, kind: io::ErrorKind) -> Class {
    let by_code = match (platform, code) {
        (Platform::Unix, Some(c)) => unix_class(c),
        (Platform::Windows, Some(c)) => windows_class(c),
        (_, None) => None,
    };
    by_code.unwrap_or_else(|| kind_class(kind))
}

fn windows_class(code: i32) -> Option<Class> {
    use win::*;
    Some(match code {
        FILE_NOT_FOUND | PATH_NOT_FOUND => Class::NotFound,
        FILE_EXISTS | ALREADY_EXISTS => Class::AlreadyExists,
        DISK_FULL | HANDLE_DISK_FULL | DISK_QUOTA_EXCEEDED => Class::NoSpace,
        // The RDX write-protect switch reads as a permission problem.
        ACCESS_DENIED | WRITE_PROTECT | NETWORK_ACCESS_DENIED => Class::PermissionDenied,
        INVALID_DRIVE | NOT_READY | GEN_FAILURE | BAD_NETPATH | NETWORK_BUSY | DEV_NOT_EXIST
        | BAD_NET_RESP | UNEXP_NET_ERR | NETNAME_DELETED | BAD_NET_NAME | SEM_TIMEOUT
        | MEDIA_CHANGED | NO_MEDIA_IN_DRIVE | IO_DEVICE | DEVICE_NOT_CONNECTED | NO_NETWORK
        | NETWORK_UNREACHABLE | HOST_UNREACHABLE | CONNECTION_ABORTED => Class::Unavailable,
        _ => return None,
    })
}

#[cfg(unix)]
fn unix_class(code: i32) -> Option<Class> {
    #[cfg(target_os = "linux")]
    if code == libc::ENOMEDIUM {
        return Some(Class::Unavailable);
    }
    Some(match code {
        libc::ENOENT => Class::NotFound,
        libc::EEXIST => Class::AlreadyExists,
        libc::ENOSPC | libc::EDQUOT => Class::NoSpace,
        libc::EACCES | libc::EPERM | libc::EROFS => Class::PermissionDenied,
        libc::ENODEV
        | libc::ENXIO
        | libc::EIO
        | libc::ESTALE
        | libc::ENOTCONN
        | libc::EHOSTDOWN
        | libc::EHOSTUNREACH
        | libc::ENETDOWN
        | libc::ENETUNREACH
        | libc::ETIMEDOUT
        | libc::ECONNRESET
        | libc::ECONNABORTED => Class::Unavailable,
        _ => return None,
    })
}

#[cfg(not(unix))]
fn unix_class(_code: i32) -> Option<Class> {
    None
}

fn kind_class(kind: io::ErrorKind) -> Class {
    use io::ErrorKind as K;
    match kind {
        K::NotFound => Class::NotFound,
        K::AlreadyExists => Class::AlreadyExists,
        K::StorageFull => Class::NoSpace,
        K::PermissionDenied | K::ReadOnlyFilesystem => Class::PermissionDenied,
        K::NotConnected
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::TimedOut
        | K::HostUnreachable
        | K::NetworkUnreachable
        | K::NetworkDown
        | K::StaleNetworkFileHandle => Class::Unavailable,
        _ => Class::Other,
    }
}

/// Errors of a network filesystem that may go away on their own.
pub(crate) fn is_transient_io(platform: Platform, code: Option<i32>, kind: io::ErrorKind) -> bool {
    match (platform, code) {
        (Platform::Windows, Some(c)) => {
            use win::*;
            matches!(
                c,
                SHARING_VIOLATION
                    | LOCK_VIOLATION
                    | BAD_NETPATH
                    | NETWORK_BUSY
                    | BAD_NET_RESP
                    | UNEXP_NET_ERR
                    | NETNAME_DELETED
                    | SEM_TIMEOUT
                    | NETWORK_UNREACHABLE
                    | HOST_UNREACHABLE
                    | CONNECTION_ABORTED
            ) || transient_kind(kind)
        }
        (Platform::Unix, Some(c)) => unix_transient(c) || transient_kind(kind),
        (_, None) => transient_kind(kind),
    }
}

#[cfg(unix)]
fn unix_transient(code: i32) -> bool {
    matches!(
        code,
        libc::ESTALE
            | libc::ENOTCONN
            | libc::ETIMEDOUT
            | libc::ECONNRESET
            | libc::ECONNABORTED
            | libc::EHOSTDOWN
            | libc::EHOSTUNREACH
            | libc::ENETDOWN
            | libc::ENETUNREACH
            | libc::EAGAIN
            | libc::EINTR
    )
}

#[cfg(not(unix))]
fn unix_transient(_code: i32) -> bool {
    false
}

fn transient_kind(kind: io::ErrorKind) -> bool {
    use io::ErrorKind as K;
    matches!(
        kind,
        K::NotConnected
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::TimedOut
            | K::Interrupted
            | K::WouldBlock
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::StaleNetworkFileHandle
    )
}

/// Turns an OS error into a `StorageError` for `key` on `location`.
///
/// ENOENT becomes `NotFound`; a backend that can tell "root vanished" must
/// check that itself (see `LocalBackend`), since the code alone cannot.
pub(crate) fn classify(
    err: io::Error,
    platform: Platform,
    key: &str,
    location: &str,
) -> StorageError {
    match class_of(platform, err.raw_os_error(), err.kind()) {
        Class::NotFound => StorageError::NotFound { key: key.into() },
        Class::AlreadyExists => StorageError::AlreadyExists { key: key.into() },
        Class::NoSpace => StorageError::NoSpace {
            location: location.into(),
        },
        Class::Unavailable => StorageError::Unavailable {
            location: location.into(),
            source: err,
        },
        Class::PermissionDenied => StorageError::PermissionDenied {
            location: location.into(),
            key: key.into(),
        },
        Class::Other => StorageError::Io {
            key: key.into(),
            source: err,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use io::ErrorKind as K;

    fn win(code: i32) -> Class {
        // The kind is deliberately unhelpful: the code alone must decide.
        class_of(Platform::Windows, Some(code), K::Other)
    }

    #[test]
    fn windows_codes_are_classified() {
        assert_eq!(win(2), Class::NotFound);
        assert_eq!(win(3), Class::NotFound);
        assert_eq!(win(80), Class::AlreadyExists);
        assert_eq!(win(183), Class::AlreadyExists);
        assert_eq!(win(112), Class::NoSpace);
        assert_eq!(win(39), Class::NoSpace);
        assert_eq!(win(1295), Class::NoSpace);
        assert_eq!(win(5), Class::PermissionDenied);
        assert_eq!(win(19), Class::PermissionDenied);
        for code in [53, 64, 21, 55, 15, 67, 1112, 1167, 1231] {
            assert_eq!(win(code), Class::Unavailable, "code {code}");
        }
        assert_eq!(win(9999), Class::Other);
    }

    #[test]
    fn windows_codes_are_not_read_as_unix_codes() {
        // 28 is ENOSPC on Unix but ERROR_OUT_OF_PAPER on Windows.
        assert_eq!(win(28), Class::Other);
        // 64 is ERROR_NETNAME_DELETED on Windows, ENONET on Linux.
        assert!(is_transient_io(Platform::Windows, Some(64), K::Other));
    }

    #[cfg(unix)]
    #[test]
    fn unix_codes_are_classified() {
        let unix = |c| class_of(Platform::Unix, Some(c), K::Other);
        assert_eq!(unix(libc::ENOENT), Class::NotFound);
        assert_eq!(unix(libc::EEXIST), Class::AlreadyExists);
        assert_eq!(unix(libc::ENOSPC), Class::NoSpace);
        assert_eq!(unix(libc::EDQUOT), Class::NoSpace);
        assert_eq!(unix(libc::EACCES), Class::PermissionDenied);
        assert_eq!(unix(libc::EROFS), Class::PermissionDenied);
        for c in [
            libc::ENODEV,
            libc::ENXIO,
            libc::EIO,
            libc::ESTALE,
            libc::ENOTCONN,
        ] {
            assert_eq!(unix(c), Class::Unavailable, "errno {c}");
        }
        #[cfg(target_os = "linux")]
        assert_eq!(unix(libc::ENOMEDIUM), Class::Unavailable);
        assert_eq!(unix(libc::EINVAL), Class::Other);
    }

    #[cfg(unix)]
    #[test]
    fn transient_means_network_hiccup_not_pulled_medium() {
        let t = |c| is_transient_io(Platform::Unix, Some(c), K::Other);
        assert!(t(libc::ESTALE));
        assert!(t(libc::ENOTCONN));
        assert!(t(libc::ETIMEDOUT));
        assert!(!t(libc::ENODEV));
        assert!(!t(libc::ENOSPC));
        assert!(!t(libc::EIO));
        let w = |c| is_transient_io(Platform::Windows, Some(c), K::Other);
        assert!(w(32)); // sharing violation: a virus scanner holds the file
        assert!(w(53));
        assert!(!w(21)); // drive not ready: cartridge out
        assert!(!w(112));
    }

    #[test]
    fn errors_without_code_fall_back_to_kind() {
        assert_eq!(class_of(Platform::Unix, None, K::NotFound), Class::NotFound);
        assert_eq!(
            class_of(Platform::Unix, None, K::StorageFull),
            Class::NoSpace
        );
        assert_eq!(
            class_of(Platform::Windows, None, K::NotConnected),
            Class::Unavailable
        );
        assert_eq!(class_of(Platform::Unix, None, K::InvalidData), Class::Other);
        assert!(is_transient_io(Platform::Unix, None, K::TimedOut));
        assert!(!is_transient_io(Platform::Unix, None, K::Other));
    }

    #[test]
    fn classify_attaches_key_and_location() {
        let err = io::Error::from_raw_os_error(112);
        match classify(err, Platform::Windows, "packs/ab", "E:\\tresor") {
            StorageError::NoSpace { location } => assert_eq!(location, "E:\\tresor"),
            other => panic!("unexpected {other:?}"),
        }
        let err = io::Error::from_raw_os_error(5);
        let e = classify(err, Platform::Windows, "locks/x", "\\\\nas\\praxis");
        assert!(matches!(
            &e,
            StorageError::PermissionDenied { location, key }
                if location == "\\\\nas\\praxis" && key == "locks/x"
        ));
        let e = classify(io::Error::other("odd"), Platform::Unix, "k", "/r");
        assert!(matches!(e, StorageError::Io { ref key, .. } if key == "k"));
        let e = classify(io::Error::from(K::NotFound), Platform::Unix, "k", "/r");
        assert!(e.is_not_found());
    }

    #[test]
    fn transient_only_for_io_and_unavailable() {
        let e = StorageError::Unavailable {
            location: "/mnt/nas".into(),
            source: io::Error::from(K::NotConnected),
        };
        assert!(e.is_transient());
        let e = StorageError::NoSpace {
            location: "/mnt/rdx".into(),
        };
        assert!(!e.is_transient());
        assert!(!e.is_not_found());
    }

    #[test]
    fn s3_kinds_are_transient_only_when_a_retry_can_help() {
        let loc = || "s3://b/p".to_string();
        for e in [
            StorageError::Throttled { location: loc() },
            StorageError::Unreachable {
                location: loc(),
                detail: "refused".into(),
            },
            StorageError::Server {
                location: loc(),
                status: 503,
            },
        ] {
            assert!(e.is_transient(), "{e:?}");
        }
        for e in [
            StorageError::Auth {
                location: loc(),
                detail: "InvalidAccessKeyId".into(),
            },
            StorageError::BucketMissing {
                location: loc(),
                bucket: "b".into(),
            },
            StorageError::ClockSkew { location: loc() },
            StorageError::RetentionRefused {
                location: loc(),
                key: "packs/ab".into(),
                until: None,
            },
            StorageError::PreconditionFailed {
                location: loc(),
                key: "locks/x".into(),
            },
        ] {
            assert!(!e.is_transient(), "{e:?}");
        }
    }
}

//! Error policy: every failure the user can act on has its own variant, naming
//! the database, folder or account involved; `render` turns it into what
//! happened, why it matters and what to do, in German or English. Server
//! errors are classified from the statement's context (backup, verify,
//! restore…) by `classify`; tiberius only reports the *first* ERROR token of a
//! batch, which for a failed BACKUP is the cause (3201, 3202, 942 …) that
//! precedes the generic 3013.

use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error("invalid SQL Server connection string: {detail}")]
    InvalidConnectionString { detail: String },
    /// `kind`: the OS error kind when the connection failed at the socket
    /// (refused, unreachable …), so the message can name it in German.
    #[error("cannot reach SQL Server {server}: {detail}")]
    Connect {
        server: String,
        detail: String,
        kind: Option<std::io::ErrorKind>,
    },
    #[error("SQL Server {server} did not complete the login within {after:?}")]
    LoginTimeout { server: String, after: Duration },
    #[error("SQL Server instance {server} not found via SQL Browser: {detail}")]
    InstanceNotFound { server: String, detail: String },
    #[error("TLS with SQL Server {server} failed: {detail}")]
    Tls { server: String, detail: String },
    #[error("login to SQL Server {server} failed (18456): {message}")]
    LoginFailed {
        server: String,
        user: Option<String>,
        message: String,
    },
    #[error("Windows (integrated) authentication is not available on this platform")]
    WindowsAuthUnavailable,
    #[error("connection to SQL Server lost: {detail}")]
    /// `kind`: the OS error kind when the socket failed (reset, timed out …).
    ConnectionLost {
        detail: String,
        kind: Option<std::io::ErrorKind>,
    },
    #[error("SQL Server cannot write to staging folder {folder:?} (OS error 5): {message}")]
    StagingAccessDenied {
        folder: PathBuf,
        service_account: Option<String>,
        message: String,
    },
    #[error("SQL Server cannot open staging folder {folder:?}: {message}")]
    StagingUnreachable { folder: PathBuf, message: String },
    #[error("staging folder {folder:?} is full: {message}")]
    StagingFull {
        folder: PathBuf,
        needed: Option<u64>,
        available: Option<u64>,
        message: String,
    },
    /// 3202 with an OS error that is neither "full", "access denied" nor
    /// "path not found": a failing disk or a network share that went away.
    #[error("SQL Server could not write to staging folder {folder:?}: {message}")]
    StagingWriteFailed { folder: PathBuf, message: String },
    #[error("staging folder {folder:?}: {source}")]
    StagingIo {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("database {database} is not accessible ({code}): {message}")]
    DatabaseUnavailable {
        database: String,
        code: u32,
        message: String,
    },
    #[error("backup compression is not supported by this edition: {message}")]
    CompressionNotSupported { message: String },
    #[error("BACKUP DATABASE {database} failed ({code}): {message}")]
    BackupFailed {
        database: String,
        code: u32,
        message: String,
    },
    #[error("RESTORE VERIFYONLY of {bak:?} failed: {message}")]
    VerifyFailed { bak: PathBuf, message: String },
    #[error("{what} exceeded the statement timeout of {after:?} and was {}", if *cancelled { "cancelled" } else { "abandoned (cancel failed)" })]
    WatchdogTimeout {
        what: String,
        after: Duration,
        cancelled: bool,
    },
    #[error("FILESTREAM is not enabled on SQL Server {server}")]
    FilestreamDisabled { server: String },
    #[error("database {database} already exists on the target server")]
    TargetExists { database: String },
    #[error("RESTORE DATABASE {database} failed ({code}): {message}")]
    RestoreFailed {
        database: String,
        code: u32,
        message: String,
    },
    /// RESTORE … REPLACE over an existing database failed; `old` says what
    /// became of the database that was there.
    #[error("replacing database {database} failed: {cause}; the old database: {old:?}")]
    ReplaceFailed {
        database: String,
        cause: Box<SqlError>,
        old: OldDatabase,
    },
    #[error("no folder for restored {kind} files: the server reports no default path")]
    NoTargetFolder { kind: &'static str },
    #[error("DBCC CHECKDB found errors in {database}: {}", errors.join(" | "))]
    CheckDbFailed {
        database: String,
        errors: Vec<String>,
    },
    #[error(
        "refusing to drop {name}: restore drills may only drop databases starting with {prefix:?}"
    )]
    NotADrillDatabase { name: String, prefix: String },
    #[error("SQL Server error {code}: {message}")]
    Server { code: u32, message: String },
    #[error("unexpected answer to {query}: {detail}")]
    UnexpectedResult { query: &'static str, detail: String },
    #[error("cannot start the SQL Server client runtime: {0}")]
    Runtime(std::io::Error),
}

/// What became of the existing database after a failed RESTORE … REPLACE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OldDatabase {
    /// Untouched (RESTORE stopped before it began) and open to its users.
    Kept,
    /// Untouched but still SINGLE_USER: the practice software cannot use it.
    KeptSingleUser,
    /// OFFLINE before, OFFLINE after: RESTORE never began, nothing changed.
    KeptOffline,
    /// RESTORE had begun: the old content is gone; the database is left in
    /// `state` (RESTORING …) or no longer exists (`None`).
    Gone { state: Option<String> },
    /// Its state could not be read afterwards.
    Unknown,
}

/// What the OS error inside a 3201/3202 message says went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OsCause {
    /// 112 ERROR_DISK_FULL, 39 ERROR_HANDLE_DISK_FULL.
    DiskFull,
    /// 5 ERROR_ACCESS_DENIED.
    AccessDenied,
    /// 2/3 file or path not found; 53/64/67 network path or name gone.
    NotFound,
    /// Anything else (1117 I/O device error, 23 CRC …).
    Other,
}

/// Reads the OS error number SQL Server embeds in 3201/3202 messages
/// ("Write on \"%ls\" failed: %ls" and "Cannot open backup device '%ls'.
/// Operating system error %ls.", e.g. `112(There is not enough space on the
/// disk.)`): https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999
/// Numbers: https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-
pub(crate) fn os_cause(message: &str) -> Option<OsCause> {
    // After the path: a folder may be called "Sicherung 2(alt)".
    let tail = ["failed: ", "Operating system error "]
        .iter()
        .filter_map(|m| message.rfind(m).map(|at| at + m.len()))
        .max()
        .map_or(message, |at| &message[at..]);
    let message = tail;
    // The number is the digits right before the first "(" that follows them.
    let bytes = message.as_bytes();
    let code = bytes.iter().enumerate().find_map(|(i, b)| {
        if *b != b'(' || i == 0 || !bytes[i - 1].is_ascii_digit() {
            return None;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let preceded = start == 0 || matches!(bytes[start - 1], b' ' | b':');
        preceded
            .then(|| message[start..i].parse::<u32>().ok())
            .flatten()
    })?;
    Some(match code {
        112 | 39 => OsCause::DiskFull,
        5 => OsCause::AccessDenied,
        2 | 3 | 53 | 64 | 67 => OsCause::NotFound,
        _ => OsCause::Other,
    })
}

/// What a statement was doing when the server answered with an error.
#[derive(Clone, Copy)]
pub(crate) enum Ctx<'a> {
    Query,
    Backup { database: &'a str, bak: &'a Path },
    Verify { bak: &'a Path },
    Restore { database: &'a str },
    CheckDb { database: &'a str },
}

pub(crate) fn classify(err: tiberius::error::Error, ctx: Ctx<'_>) -> SqlError {
    match err {
        tiberius::error::Error::Server(e) => from_server(e.code(), e.message(), ctx),
        tiberius::error::Error::Io { kind, message } => SqlError::ConnectionLost {
            detail: message,
            kind: Some(kind),
        },
        other => SqlError::ConnectionLost {
            detail: other.to_string(),
            kind: None,
        },
    }
}

pub(crate) fn from_server(code: u32, message: &str, ctx: Ctx<'_>) -> SqlError {
    let message = message.to_string();
    let folder = |bak: &Path| bak.parent().map(Path::to_path_buf).unwrap_or_default();
    let ctx_db = match ctx {
        Ctx::Backup { database, .. } | Ctx::Restore { database } | Ctx::CheckDb { database } => {
            database
        }
        Ctx::Query | Ctx::Verify { .. } => "",
    };
    match (code, ctx) {
        (942 | 945 | 946 | 950 | 952 | 911 | 922 | 926 | 4060, _) => {
            SqlError::DatabaseUnavailable {
                database: ctx_db.to_string(),
                code,
                message,
            }
        }
        // 3201 cannot open, 3202 cannot write: the OS error decides the hint.
        (3201 | 3202, Ctx::Backup { bak, .. }) => match os_cause(&message) {
            Some(OsCause::DiskFull) => SqlError::StagingFull {
                folder: folder(bak),
                needed: None,
                available: None,
                message,
            },
            Some(OsCause::AccessDenied) => SqlError::StagingAccessDenied {
                folder: folder(bak),
                service_account: None,
                message,
            },
            Some(OsCause::NotFound) => SqlError::StagingUnreachable {
                folder: folder(bak),
                message,
            },
            _ if code == 3201 => SqlError::StagingUnreachable {
                folder: folder(bak),
                message,
            },
            _ => SqlError::StagingWriteFailed {
                folder: folder(bak),
                message,
            },
        },
        (1844, _) => SqlError::CompressionNotSupported { message },
        (5591, _) => SqlError::FilestreamDisabled {
            server: String::new(),
        },
        (1801 | 3154, Ctx::Restore { database }) => SqlError::TargetExists {
            database: database.to_string(),
        },
        (_, Ctx::Backup { database, .. }) => SqlError::BackupFailed {
            database: database.to_string(),
            code,
            message,
        },
        (_, Ctx::Verify { bak }) => SqlError::VerifyFailed {
            bak: bak.to_path_buf(),
            message,
        },
        (_, Ctx::Restore { database }) => SqlError::RestoreFailed {
            database: database.to_string(),
            code,
            message,
        },
        (_, Ctx::CheckDb { database }) => SqlError::CheckDbFailed {
            database: database.to_string(),
            errors: vec![message],
        },
        (_, Ctx::Query) => SqlError::Server { code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Message texts as SQL Server writes them (3201/3202 formats from the
    /// 3000–3999 page; OS texts from the Windows system error codes page).
    #[test]
    fn the_os_error_inside_3201_and_3202_chooses_the_cause() {
        let cases = [
            (
                r#"Write on "D:\tresor\staging\tresor_P_20261130-223005.bak" failed: 112(There is not enough space on the disk.)"#,
                OsCause::DiskFull,
            ),
            (
                r#"Write on "D:\s\x.bak" failed: 39(The disk is full.)"#,
                OsCause::DiskFull,
            ),
            (
                r#"Write on "D:\s\x.bak" failed: 5(Access is denied.)"#,
                OsCause::AccessDenied,
            ),
            (
                r"Cannot open backup device 'D:\s\x.bak'. Operating system error 5(Access is denied.).",
                OsCause::AccessDenied,
            ),
            (
                r"Cannot open backup device 'X:\s\x.bak'. Operating system error 3(The system cannot find the path specified.).",
                OsCause::NotFound,
            ),
            (
                r#"Write on "\\nas\s\x.bak" failed: 64(The specified network name is no longer available.)"#,
                OsCause::NotFound,
            ),
            (
                r#"Write on "D:\s\x.bak" failed: 1117(The request could not be performed because of an I/O device error.)"#,
                OsCause::Other,
            ),
            (
                r#"Write on "D:\s\x.bak" failed: 112(failed to retrieve text for this error. Reason: 15105)"#,
                OsCause::DiskFull,
            ),
        ];
        for (message, cause) in cases {
            assert_eq!(os_cause(message), Some(cause), "{message}");
        }
        // A folder named like a number in parentheses is not an OS error.
        assert_eq!(
            os_cause(r"BACKUP DATABASE is terminating abnormally."),
            None
        );
    }

    #[test]
    fn a_3202_is_not_always_a_full_disk() {
        let bak = Path::new("/staging/tresor_P_20261130-223005.bak");
        let ctx = Ctx::Backup { database: "P", bak };
        let err = |m: &str| from_server(3202, m, ctx);
        assert!(matches!(
            err(r#"Write on "x" failed: 112(There is not enough space on the disk.)"#),
            SqlError::StagingFull { .. }
        ));
        assert!(matches!(
            err(r#"Write on "x" failed: 5(Access is denied.)"#),
            SqlError::StagingAccessDenied { .. }
        ));
        assert!(matches!(
            err(r#"Write on "x" failed: 3(The system cannot find the path specified.)"#),
            SqlError::StagingUnreachable { .. }
        ));
        assert!(matches!(
            err(
                r#"Write on "x" failed: 1117(The request could not be performed because of an I/O device error.)"#
            ),
            SqlError::StagingWriteFailed { .. }
        ));
    }
}

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

/// What a statement was doing when the server answered with an error.
#[derive(Clone, Copy)]
pub(crate) enum Ctx<'a> {
    Query,
    Backup { database: &'a str, bak: &'a Path },
    Verify { bak: &'a Path },
    Restore { database: &'a str },
    CheckDb { database: &'a str },
}

/// OS error text as SQL Server embeds it: "…Operating system error 5(Access is denied.)".
fn os_error(message: &str, code: u32) -> bool {
    message.contains(&format!("error {code}(")) || message.contains(&format!(" {code}("))
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
        (3201, Ctx::Backup { bak, .. }) if os_error(&message, 5) => SqlError::StagingAccessDenied {
            folder: folder(bak),
            service_account: None,
            message,
        },
        (3201, Ctx::Backup { bak, .. }) => SqlError::StagingUnreachable {
            folder: folder(bak),
            message,
        },
        (_, Ctx::Backup { bak, .. })
            if code == 3202 || os_error(&message, 112) || os_error(&message, 39) =>
        {
            SqlError::StagingFull {
                folder: folder(bak),
                needed: None,
                available: None,
                message,
            }
        }
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

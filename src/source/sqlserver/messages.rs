//! What each `SqlError` tells the practice staff or the technician, in German
//! and English: what happened, why it matters, what to do.

use super::errors::{OldDatabase, SqlError};
use crate::error::{io_kind_text, io_text};
use crate::i18n::{self, Language};
use crate::tr;

impl SqlError {
    /// The message for staff or the technician: what happened, why, what to do.
    pub fn render(&self, lang: Language) -> String {
        match self {
            SqlError::InvalidConnectionString { detail } => {
                tr!(lang, "sql-invalid-connection-string", detail = detail)
            }
            SqlError::Connect {
                server,
                detail,
                kind,
            } => {
                // The OS's words ("Connection refused") only when the kind is unknown.
                let detail = kind
                    .and_then(|k| io_kind_text(k, lang))
                    .unwrap_or_else(|| detail.clone());
                tr!(lang, "sql-connect", server = server, detail = detail)
            }
            SqlError::LoginTimeout { server, after } => {
                tr!(
                    lang,
                    "sql-login-timeout",
                    server = server,
                    seconds = after.as_secs()
                )
            }
            SqlError::InstanceNotFound { server, detail } => {
                tr!(
                    lang,
                    "sql-instance-not-found",
                    server = server,
                    detail = detail
                )
            }
            SqlError::Tls { server, detail } => {
                tr!(lang, "sql-tls", server = server, detail = detail)
            }
            SqlError::LoginFailed {
                server,
                user,
                message,
            } => {
                let who = user
                    .clone()
                    .unwrap_or_else(|| tr!(lang, "sql-login-failed-windows-account"));
                tr!(
                    lang,
                    "sql-login-failed",
                    server = server,
                    who = who,
                    message = message
                )
            }
            SqlError::WindowsAuthUnavailable => {
                tr!(lang, "sql-windows-auth-unavailable")
            }
            SqlError::ConnectionLost { detail, kind } => {
                let detail = kind
                    .and_then(|k| io_kind_text(k, lang))
                    .unwrap_or_else(|| detail.clone());
                tr!(lang, "sql-connection-lost", detail = detail)
            }
            SqlError::StagingAccessDenied {
                folder,
                service_account,
                message,
            } => {
                let account = service_account
                    .clone()
                    .unwrap_or_else(|| tr!(lang, "sql-service-account-unknown"));
                tr!(
                    lang,
                    "sql-staging-access-denied",
                    account = account,
                    folder = folder.display().to_string(),
                    message = message
                )
            }
            SqlError::StagingUnreachable { folder, message } => {
                tr!(
                    lang,
                    "sql-staging-unreachable",
                    folder = folder.display().to_string(),
                    message = message
                )
            }
            SqlError::StagingFull {
                folder,
                needed,
                available,
                message,
            } => {
                let sizes = match (needed, available) {
                    (Some(n), Some(a)) => {
                        tr!(
                            lang,
                            "sql-staging-full-sizes",
                            needed = i18n::size(lang, *n),
                            available = i18n::size(lang, *a)
                        )
                    }
                    _ => String::new(),
                };
                tr!(
                    lang,
                    "sql-staging-full",
                    folder = folder.display().to_string(),
                    message = message,
                    sizes = sizes
                )
            }
            SqlError::StagingWriteFailed { folder, message } => {
                tr!(
                    lang,
                    "sql-staging-write-failed",
                    folder = folder.display().to_string(),
                    message = message
                )
            }
            SqlError::ReplaceFailed {
                database,
                cause,
                old,
            } => {
                let after = match old {
                    OldDatabase::Kept => tr!(lang, "sql-replace-old-kept", database = database),
                    OldDatabase::KeptSingleUser => {
                        tr!(lang, "sql-replace-old-single-user", database = database)
                    }
                    OldDatabase::KeptOffline => {
                        tr!(lang, "sql-replace-old-offline", database = database)
                    }
                    OldDatabase::Gone { state: Some(state) } => tr!(
                        lang,
                        "sql-replace-old-gone",
                        database = database,
                        state = state
                    ),
                    OldDatabase::Gone { state: None } => {
                        tr!(lang, "sql-replace-old-dropped", database = database)
                    }
                    OldDatabase::Unknown => {
                        tr!(lang, "sql-replace-old-unknown", database = database)
                    }
                };
                format!("{} {after}", cause.render(lang))
            }
            SqlError::StagingIo { folder, source } => {
                tr!(
                    lang,
                    "sql-staging-io",
                    folder = folder.display().to_string(),
                    reason = io_text(source, lang)
                )
            }
            SqlError::DatabaseUnavailable {
                database,
                code,
                message,
            } => {
                tr!(
                    lang,
                    "sql-database-unavailable",
                    database = database,
                    code = code,
                    message = message
                )
            }
            SqlError::CompressionNotSupported { message } => {
                tr!(lang, "sql-compression-not-supported", message = message)
            }
            SqlError::BackupFailed {
                database,
                code,
                message,
            } => {
                tr!(
                    lang,
                    "sql-backup-failed",
                    database = database,
                    code = code,
                    message = message
                )
            }
            SqlError::VerifyFailed { bak, message } => {
                tr!(
                    lang,
                    "sql-verify-failed",
                    bak = bak.display().to_string(),
                    message = message
                )
            }
            SqlError::WatchdogTimeout {
                what,
                after,
                cancelled,
            } => {
                let min = after.as_secs().div_ceil(60);
                tr!(
                    lang,
                    "sql-watchdog-timeout",
                    what = what,
                    min = min,
                    cancelled = if *cancelled { "yes" } else { "no" }
                )
            }
            SqlError::FilestreamDisabled { server } => {
                tr!(lang, "sql-filestream-disabled", server = server)
            }
            SqlError::TargetExists { database } => {
                tr!(lang, "sql-target-exists", database = database)
            }
            SqlError::RestoreFailed {
                database,
                code,
                message,
            } => {
                tr!(
                    lang,
                    "sql-restore-failed",
                    database = database,
                    code = code,
                    message = message
                )
            }
            SqlError::NoTargetFolder { kind } => {
                tr!(lang, "sql-no-target-folder", kind = *kind)
            }
            SqlError::CheckDbFailed { database, errors } => {
                tr!(
                    lang,
                    "sql-check-db-failed",
                    database = database,
                    errors = errors.join(" | ")
                )
            }
            SqlError::NotADrillDatabase { name, prefix } => {
                tr!(
                    lang,
                    "sql-not-a-drill-database",
                    name = name,
                    prefix = prefix
                )
            }
            SqlError::Server { code, message } => {
                tr!(lang, "sql-server", code = code, message = message)
            }
            SqlError::UnexpectedResult { query, detail } => {
                tr!(
                    lang,
                    "sql-unexpected-result",
                    query = *query,
                    detail = detail
                )
            }
            SqlError::Runtime(e) => {
                tr!(lang, "sql-runtime", reason = io_text(e, lang))
            }
        }
    }
}

//! Messages for people, in the practice's language.

use crate::config::Language;
use crate::i18n;
use crate::job::Warning;
use crate::repo::snapshot::Summary;
use crate::repo::Id;
use crate::tr;

/// Human size with binary units and a decimal point ("1.5 GiB").
///
/// Transitional, for callers that do not pass a language yet: use
/// [`i18n::size`] (`1,5 GiB` in German) instead; the lead removes this once
/// every caller passes a language.
pub fn size(bytes: u64) -> String {
    i18n::size(Language::En, bytes)
}

/// The one-line summary of a finished backup ("Sicherung … gespeichert …").
pub fn backup_summary(lang: Language, id: &Id, s: &Summary, location: &str) -> String {
    tr!(
        lang,
        "backup-saved",
        snapshot = id.short(),
        location = location,
        files = tr!(lang, "count-files", files = s.files),
        size = i18n::size(lang, s.bytes),
        files_read = s.files_read,
        new = i18n::size(lang, s.new_bytes),
        stored = i18n::size(lang, s.stored_bytes),
        duration = i18n::seconds(lang, s.duration_ms),
    )
}

/// A warning of a backup, as a line for people.
pub fn warning(lang: Language, w: &Warning) -> String {
    match w {
        Warning::ChangedWhileReading { path } => {
            tr!(lang, "report-changed-while-reading", path = path)
        }
        Warning::Unreadable { path, error } => {
            tr!(
                lang,
                "report-unreadable",
                path = path,
                error = crate::error::os_message_text(error, lang)
            )
        }
        Warning::SourceMissing {
            label,
            path,
            optional: true,
        } => {
            tr!(
                lang,
                "report-source-missing-optional",
                label = label,
                path = path
            )
        }
        Warning::SourceMissing {
            label,
            path,
            optional: false,
        } => {
            tr!(lang, "report-source-missing", label = label, path = path)
        }
        Warning::DatabaseFilesExcluded { path } => {
            tr!(lang, "report-database-files-excluded", path = path)
        }
        Warning::Vanished { path } => {
            tr!(lang, "report-vanished", path = path)
        }
        Warning::Database {
            message_de,
            message_en,
            ..
        } => {
            // Rendered by the SQL Server source when it was found, in both languages.
            match lang {
                Language::De => message_de.clone(),
                Language::En => message_en.clone(),
            }
        }
        Warning::Skipped { path, reason } => {
            tr!(
                lang,
                "report-skipped",
                path = path,
                reason = crate::error::os_message_text(reason, lang)
            )
        }
        Warning::Repository { detail } => {
            tr!(lang, "report-repository", detail = detail)
        }
    }
}

/// A part of a job that failed, as a line for people.
pub fn failure(lang: Language, f: &crate::job::Failure) -> String {
    match f {
        crate::job::Failure::Database { database, error } => {
            format!("{database}: {}", error.render_in(lang))
        }
        crate::job::Failure::DatabaseMissing { database } => {
            tr!(lang, "report-database-missing", database = database)
        }
    }
}

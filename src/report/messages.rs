//! Messages for people, in the practice's language.

use crate::config::Language;
use crate::i18n;
use crate::job::Warning;
use crate::repo::snapshot::Summary;
use crate::repo::Id;
use crate::tr;

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
/// Stored names are made safe for one line ([`super::one_line`]).
pub fn warning(lang: Language, w: &Warning) -> String {
    match w {
        Warning::ChangedWhileReading { path } => {
            tr!(
                lang,
                "report-changed-while-reading",
                path = super::one_line(path).into_owned()
            )
        }
        Warning::Unreadable { path, error } => {
            tr!(
                lang,
                "report-unreadable",
                path = super::one_line(path).into_owned(),
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
                path = super::one_line(path).into_owned()
            )
        }
        Warning::SourceMissing {
            label,
            path,
            optional: false,
        } => {
            tr!(
                lang,
                "report-source-missing",
                label = label,
                path = super::one_line(path).into_owned()
            )
        }
        Warning::DatabaseFilesExcluded { path } => {
            tr!(
                lang,
                "report-database-files-excluded",
                path = super::one_line(path).into_owned()
            )
        }
        Warning::Vanished { path } => {
            tr!(
                lang,
                "report-vanished",
                path = super::one_line(path).into_owned()
            )
        }
        Warning::Database(w) => w.render(lang),
        Warning::Skipped { path, reason } => {
            tr!(
                lang,
                "report-skipped",
                path = super::one_line(path).into_owned(),
                reason = crate::error::os_message_text(reason, lang)
            )
        }
        Warning::Repository(w) => tr!(lang, "report-repository", detail = w.render(lang)),
        Warning::DamagedFile(d) => crate::error::file_damage_text(lang, d),
        Warning::NotStorable { path, cause } => match cause {
            crate::job::warning::NameCause::NameNotUtf8 => {
                tr!(lang, "report-name-not-utf8", path = path)
            }
            crate::job::warning::NameCause::LinkTargetNotUtf8 => {
                tr!(lang, "report-link-target-not-utf8", path = path)
            }
        },
    }
}

/// A part of a job that failed, as a line for people.
pub fn failure(lang: Language, f: &crate::job::Failure) -> String {
    match f {
        crate::job::Failure::Database { database, error } => {
            format!("{database}: {}", error.render(lang))
        }
        crate::job::Failure::DatabaseMissing { database } => {
            tr!(lang, "report-database-missing", database = database)
        }
    }
}

/// A warning as a report line that says in words what it is ("Warnung: …"),
/// instead of a `!` marker; notes already begin with "Hinweis:".
pub fn warning_line(lang: Language, w: &Warning) -> String {
    let text = warning(lang, w);
    if w.is_note() {
        text
    } else {
        tr!(lang, "report-line-warning", text = text)
    }
}

/// A failed part of a job as a report line that says in words that it
/// failed ("Fehlgeschlagen: …"), instead of a `!!` marker.
pub fn failure_line(lang: Language, f: &crate::job::Failure) -> String {
    tr!(lang, "report-line-failed", text = failure(lang, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_what_they_are_in_words() {
        let w = Warning::Unreadable {
            path: "C/DConcept/DEDATA/x.dat".into(),
            error: "Permission denied (os error 13)".into(),
        };
        assert_eq!(
            warning_line(Language::De, &w),
            "Warnung: C/DConcept/DEDATA/x.dat konnte nicht gelesen werden (keine Berechtigung); alles andere wurde gesichert."
        );
        assert!(warning_line(Language::En, &w).starts_with("Warning: "));
        let note = Warning::Vanished { path: "x".into() };
        assert!(warning_line(Language::De, &note).starts_with("Hinweis: "));
        let f = crate::job::Failure::DatabaseMissing {
            database: "WINACS".into(),
        };
        let line = failure_line(Language::De, &f);
        assert!(
            line.starts_with("Fehlgeschlagen: Die Datenbank WINACS"),
            "{line}"
        );
        assert!(!line.contains("!!"));
    }
}

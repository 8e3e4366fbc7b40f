//! The words for what a job noticed ([`Warning`]) and what failed
//! ([`Failure`]), in the practice's language. They live with the job's types
//! so that `report` never imports `job` (DESIGN.md: one direction).

use crate::config::Language;
use crate::tr;

use super::Warning;

/// A warning of a backup, as a line for people.
/// Stored names are made safe for one line ([`crate::report::one_line`]).
pub fn warning(lang: Language, w: &Warning) -> String {
    match w {
        Warning::ChangedWhileReading { path } => {
            tr!(
                lang,
                "report-changed-while-reading",
                path = crate::report::one_line(path).into_owned()
            )
        }
        Warning::Unreadable { path, error } => {
            tr!(
                lang,
                "report-unreadable",
                path = crate::report::one_line(path).into_owned(),
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
                path = crate::report::one_line(path).into_owned()
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
                path = crate::report::one_line(path).into_owned()
            )
        }
        Warning::DatabaseFilesExcluded { path } => {
            tr!(
                lang,
                "report-database-files-excluded",
                path = crate::report::one_line(path).into_owned()
            )
        }
        Warning::Vanished { path } => {
            tr!(
                lang,
                "report-vanished",
                path = crate::report::one_line(path).into_owned()
            )
        }
        Warning::Database(w) => w.render(lang),
        Warning::Skipped { path, reason } => {
            tr!(
                lang,
                "report-skipped",
                path = crate::report::one_line(path).into_owned(),
                reason = crate::error::os_message_text(reason, lang)
            )
        }
        Warning::Repository(w) => tr!(lang, "report-repository", detail = w.render(lang)),
        Warning::DamagedFile(d) => crate::error::file_damage_text(lang, d),
        Warning::NotStorable { path, cause } => match cause {
            super::warning::NameCause::NameNotUtf8 => {
                tr!(lang, "report-name-not-utf8", path = path)
            }
            super::warning::NameCause::LinkTargetNotUtf8 => {
                tr!(lang, "report-link-target-not-utf8", path = path)
            }
        },
    }
}

/// A part of a job that failed, as a line for people.
pub fn failure(lang: Language, f: &super::Failure) -> String {
    match f {
        super::Failure::Database { database, error } => {
            format!("{database}: {}", error.render(lang))
        }
        super::Failure::DatabaseMissing { database } => {
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
pub fn failure_line(lang: Language, f: &super::Failure) -> String {
    tr!(lang, "report-line-failed", text = failure(lang, f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Failure;

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
        let f = Failure::DatabaseMissing {
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

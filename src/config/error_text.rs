//! The words for [`ErrorKind`], [`PathProblem`], [`ResolveError`],
//! [`ScheduleProblem`] and [`YamlProblem`] in the practice's language: every
//! text comes from the message files (`config-…` in `src/i18n/*/config.ftl`).

use super::error::{ErrorKind, Shape};
use super::paths::{PathProblem, ResolveError};
use super::schedule::ScheduleProblem;
use super::yaml::YamlProblem;
use crate::error::io_text;
use crate::i18n::Language;
use crate::tr;

/// ` (meinten Sie `x`?)`, or nothing without a suggestion.
fn did_you_mean(lang: Language, suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => tr!(lang, "config-did-you-mean", suggestion = s),
        None => String::new(),
    }
}

/// `auf oberster Ebene` / `in `jobs.nightly``.
fn section(lang: Language, section: &str) -> String {
    if section == "top level" || section.is_empty() {
        tr!(lang, "config-section-top")
    } else {
        tr!(lang, "config-section", section = section)
    }
}

/// `a, b oder c` / `a, b or c`.
fn or_list(lang: Language, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => tr!(lang, "config-or", first = rest.join(", "), last = last),
    }
}

/// The name of a YAML shape, with article.
pub fn shape(lang: Language, s: Shape) -> String {
    match s {
        Shape::Nothing => tr!(lang, "config-shape-nothing"),
        Shape::Text => tr!(lang, "config-shape-text"),
        Shape::List => tr!(lang, "config-shape-list"),
        Shape::Map => tr!(lang, "config-shape-map"),
    }
}

/// The message for an error kind (without file and position).
pub fn message(lang: Language, kind: &ErrorKind) -> String {
    use ErrorKind as K;
    match kind {
        K::Io(e) => tr!(lang, "config-io", reason = io_text(e, lang)),
        K::Syntax(p) => tr!(lang, "config-syntax", problem = yaml_problem(lang, p)),
        K::WindowsPathInDoubleQuotes { written } => {
            let written = if written.is_empty() {
                r"C:\DConcept\DEDATA"
            } else {
                written
            };
            tr!(
                lang,
                "config-windows-path-in-double-quotes",
                written = written
            )
        }
        K::Alias => tr!(lang, "config-alias"),
        K::Empty => tr!(lang, "config-empty"),
        K::UnknownKey {
            key,
            section: s,
            suggestion,
            expected,
        } => tr!(
            lang,
            "config-unknown-key",
            key = key,
            section = section(lang, s),
            did_you_mean = did_you_mean(lang, suggestion),
            expected = expected.join(", ")
        ),
        K::DuplicateKey { key, section: s } => tr!(
            lang,
            "config-duplicate-key",
            key = key,
            section = section(lang, s)
        ),
        K::MissingKey { key, section: s } => tr!(
            lang,
            "config-missing-key",
            key = key,
            section = section(lang, s)
        ),
        K::WrongType {
            field,
            expected,
            found,
        } => tr!(
            lang,
            "config-wrong-type",
            field = field,
            expected = shape(lang, *expected),
            found = shape(lang, *found)
        ),
        K::BadLanguage { value } => tr!(lang, "config-bad-language", value = value),
        K::NotANumber { field, value } => {
            tr!(lang, "config-not-a-number", field = field, value = value)
        }
        K::OutOfRange {
            field,
            value,
            min,
            max,
        } => tr!(
            lang,
            "config-out-of-range",
            field = field,
            value = value,
            min = min.to_string(),
            max = max.to_string()
        ),
        K::NotABool { field, value } => {
            tr!(lang, "config-not-a-bool", field = field, value = value)
        }
        K::BadPath {
            field,
            value,
            problem,
        } => tr!(
            lang,
            "config-bad-path",
            field = field,
            value = value,
            problem = path_problem(lang, problem)
        ),
        K::Unresolvable {
            field,
            value,
            problem,
        } => tr!(
            lang,
            "config-bad-path",
            field = field,
            value = value,
            problem = resolve_error(lang, problem)
        ),
        K::BadGlob {
            field,
            value,
            reason,
        } => tr!(
            lang,
            "config-bad-glob",
            field = field,
            value = value,
            reason = glob_reason(lang, reason)
        ),
        K::BadName { value, section: s } => tr!(
            lang,
            "config-bad-name",
            value = value,
            section = section(lang, s)
        ),
        K::BadChoice {
            field,
            value,
            suggestion,
            expected,
        } => tr!(
            lang,
            "config-bad-choice",
            field = field,
            value = value,
            did_you_mean = did_you_mean(lang, suggestion),
            expected = or_list(lang, expected)
        ),
        K::BadSchedule {
            field,
            value,
            problem,
        } => tr!(
            lang,
            "config-bad-schedule",
            field = field,
            value = value,
            problem = schedule_problem(lang, problem)
        ),
        K::BadDestinationType { field, value } => tr!(
            lang,
            "config-bad-destination-type",
            field = field,
            value = value
        ),
        K::RegionNotGerman {
            field,
            provider,
            region,
            german,
        } => tr!(
            lang,
            "config-region-not-german",
            field = field,
            provider = provider,
            region = region,
            german = german.join(", ")
        ),
        K::LocationUndeclared { field } => {
            tr!(lang, "config-location-undeclared", field = field)
        }
        K::S3FieldMissing {
            field,
            alternatives,
        } => {
            if alternatives.is_empty() {
                tr!(lang, "config-s3-field-missing", field = field)
            } else {
                tr!(
                    lang,
                    "config-s3-field-missing-one-of",
                    field = field,
                    alternatives = alternatives.join(" / ")
                )
            }
        }
        K::S3FieldConflict { field, other } => tr!(
            lang,
            "config-s3-field-conflict",
            field = field,
            other = other
        ),
        K::BadEndpoint { field, value } => {
            tr!(lang, "config-bad-endpoint", field = field, value = value)
        }
        K::EndpointNotInRegion {
            field,
            value,
            provider,
            region,
        } => tr!(
            lang,
            "config-endpoint-not-in-region",
            field = field,
            value = value,
            provider = provider,
            region = region
        ),
        K::NoDestinations => tr!(lang, "config-no-destinations"),
        K::UnknownDestination {
            job,
            value,
            suggestion,
            defined,
        } => tr!(
            lang,
            "config-unknown-destination",
            job = job,
            value = value,
            did_you_mean = did_you_mean(lang, suggestion),
            defined = defined.join(", ")
        ),
        K::SourceInDestination {
            source,
            source_path,
            destination,
            destination_path,
            inside,
        } => tr!(
            lang,
            "config-source-in-destination",
            source = source,
            source_path = source_path,
            destination = destination,
            destination_path = destination_path,
            relation = if *inside { "inside" } else { "contains" }
        ),
        K::MirrorIsDestination { job, value } => {
            tr!(
                lang,
                "config-mirror-is-destination",
                job = job,
                value = value
            )
        }
        K::UnknownProfile {
            name,
            suggestion,
            known,
        } => tr!(
            lang,
            "config-unknown-profile",
            name = name,
            did_you_mean = did_you_mean(lang, suggestion),
            known = known.join(", ")
        ),
        K::DuplicateProfile { name } => tr!(lang, "config-duplicate-profile", name = name),
        K::ProfileFile { path, source } => tr!(
            lang,
            "config-profile-file",
            path = path,
            reason = io_text(source, lang)
        ),
        K::DuplicateSource {
            first,
            second,
            snapshot_path,
        } => tr!(
            lang,
            "config-duplicate-source",
            first = first,
            second = second,
            snapshot_path = snapshot_path
        ),
        K::BadRecipient { value, reason } => {
            tr!(
                lang,
                "config-bad-recipient",
                value = crate::repo::crypto::shown_recipient(value),
                reason = crate::repo::crypto::shown_recipient(reason)
            )
        }
        K::RetentionKeepsNothing { field } => {
            tr!(lang, "config-retention-keeps-nothing", field = field)
        }
        K::SqlTarget { both } => tr!(
            lang,
            "config-sql-target",
            both = if *both { "yes" } else { "no" }
        ),
        K::SqlCredentials => tr!(lang, "config-sql-credentials"),
        K::BadMailAddress { field, value } => {
            tr!(
                lang,
                "config-mail-bad-address",
                field = field,
                value = value
            )
        }
        K::NoRecipients { field } => tr!(lang, "config-mail-no-recipients", field = field),
        K::PlainSmtpToRemote { field, host } => {
            tr!(lang, "config-mail-plain-remote", field = field, host = host)
        }
        K::BadTransfer {
            field,
            value,
            problem,
        } => tr!(
            lang,
            "config-bad-transfer",
            field = field,
            value = value,
            problem = super::transfer::problem_text(lang, problem)
        ),
        K::Rotation { field, problem } => tr!(
            lang,
            "config-rotation",
            field = field,
            problem = super::rotation::problem_text(lang, problem)
        ),
    }
}

/// The glob parser's reason (globset's English text) in our words.
fn glob_reason(lang: Language, reason: &str) -> String {
    let has = |s: &str| reason.contains(s);
    if has("unclosed character class") {
        tr!(lang, "config-glob-unclosed-class")
    } else if has("unclosed alternate") {
        tr!(lang, "config-glob-unclosed-group")
    } else if has("unopened alternate") {
        tr!(lang, "config-glob-unopened-group")
    } else if has("nested alternate") {
        tr!(lang, "config-glob-nested-group")
    } else if has("invalid range") {
        tr!(lang, "config-glob-range")
    } else if has("dangling") {
        tr!(lang, "config-glob-dangling-backslash")
    } else if has("**") {
        tr!(lang, "config-glob-recursive")
    } else {
        tr!(lang, "config-glob-other")
    }
}

/// The text for a path problem.
pub fn path_problem(lang: Language, p: &PathProblem) -> String {
    match p {
        PathProblem::Empty => tr!(lang, "config-path-empty"),
        PathProblem::Relative => tr!(lang, "config-path-relative"),
        PathProblem::ParentComponent => tr!(lang, "config-path-parent"),
        PathProblem::EmptyUncServer => tr!(lang, "config-path-unc-server"),
        PathProblem::EmptyUncShare => tr!(lang, "config-path-unc-share"),
        PathProblem::DevicePath => tr!(lang, "config-path-device"),
        PathProblem::BadDriveLetter(d) => tr!(lang, "config-path-drive-letter", drive = d),
        PathProblem::BadCharacter {
            component,
            character,
        } => tr!(
            lang,
            "config-path-bad-character",
            component = component,
            character = character.to_string()
        ),
        PathProblem::PosixOnWindows => tr!(lang, "config-path-posix-on-windows"),
    }
}

/// The text for a path that cannot be mapped on this host.
pub fn resolve_error(lang: Language, e: &ResolveError) -> String {
    match e {
        ResolveError::UnmappedDrive { letter } => tr!(
            lang,
            "config-unmapped-drive",
            letter = letter.to_string(),
            lower = letter.to_ascii_lowercase().to_string()
        ),
        ResolveError::UnmappedUnc { server, share } => {
            tr!(lang, "config-unmapped-unc", server = server, share = share)
        }
        ResolveError::PosixOnWindows => tr!(lang, "config-path-posix-on-windows"),
    }
}

/// The text for a schedule Task Scheduler could not run.
pub fn schedule_problem(lang: Language, p: &ScheduleProblem) -> String {
    use ScheduleProblem as P;
    match p {
        P::FieldCount(n) => tr!(lang, "config-schedule-field-count", count = n),
        P::NotWeekly => tr!(lang, "config-schedule-not-weekly"),
        P::NumericDays => tr!(lang, "config-schedule-numeric-days"),
        P::NotFixedTime => tr!(lang, "config-schedule-not-fixed-time"),
        P::MinuteOutOfRange(v) => {
            tr!(lang, "config-schedule-minute-range", value = v.to_string())
        }
        P::HourOutOfRange(v) => tr!(lang, "config-schedule-hour-range", value = v.to_string()),
        P::UnknownDay { day, suggestion } => tr!(
            lang,
            "config-schedule-unknown-day",
            day = day,
            did_you_mean = did_you_mean(lang, suggestion)
        ),
        P::DayPart {
            part,
            list: Some(list),
        } => tr!(
            lang,
            "config-schedule-day-range-wraps",
            part = part,
            list = list
        ),
        P::DayPart { part, list: None } => {
            tr!(lang, "config-schedule-day-part", part = part)
        }
        P::Invalid(_) => tr!(lang, "config-schedule-invalid"),
    }
}

/// The text for a YAML syntax problem.
pub fn yaml_problem(lang: Language, p: &YamlProblem) -> String {
    use YamlProblem as Y;
    match p {
        Y::UnclosedQuote => tr!(lang, "config-yaml-unclosed-quote"),
        Y::Tab => tr!(lang, "config-yaml-tab"),
        Y::Indentation => tr!(lang, "config-yaml-indentation"),
        Y::UnclosedList => tr!(lang, "config-yaml-unclosed-list"),
        Y::UnclosedMap => tr!(lang, "config-yaml-unclosed-map"),
        Y::SpaceAfterIndicator => tr!(lang, "config-yaml-space-after-indicator"),
        Y::CommentSpace => tr!(lang, "config-yaml-comment-space"),
        Y::AfterQuote => tr!(lang, "config-yaml-after-quote"),
        Y::SpecialCharacter => tr!(lang, "config-yaml-special-character"),
        Y::MoreThanOneDocument => tr!(lang, "config-yaml-more-than-one-document"),
        Y::Other(_) => tr!(lang, "config-yaml-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_texts_differ_from_english() {
        let kinds = [
            ErrorKind::NoDestinations,
            ErrorKind::BadLanguage { value: "fr".into() },
            ErrorKind::WrongType {
                field: "jobs".into(),
                expected: Shape::Map,
                found: Shape::List,
            },
            ErrorKind::UnknownKey {
                key: "destinaton".into(),
                section: "jobs.nightly".into(),
                suggestion: Some("destination".into()),
                expected: vec!["destination".into()],
            },
        ];
        for k in &kinds {
            assert_ne!(message(Language::De, k), message(Language::En, k));
            assert_eq!(message(Language::En, k), k.to_string());
        }
        assert!(message(Language::De, &kinds[3]).contains("meinten Sie `destination`?"));
        assert!(
            resolve_error(Language::De, &ResolveError::UnmappedDrive { letter: 'D' })
                .contains("drives: { D: /srv/praxis/d }")
        );
    }

    #[test]
    fn glob_reasons_are_translated() {
        let e = globset::Glob::new("*.[ch").unwrap_err();
        let de = glob_reason(Language::De, &e.kind().to_string());
        assert!(de.contains("`[`"), "{de}");
        assert_ne!(de, tr!(Language::De, "config-glob-other"));
    }

    #[test]
    fn choices_are_joined_with_or() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(or_list(Language::De, &l(&["a", "b", "c"])), "a, b oder c");
        assert_eq!(or_list(Language::En, &l(&["a", "b"])), "a or b");
        assert_eq!(or_list(Language::De, &l(&["local"])), "local");
    }

    #[test]
    fn a_windows_path_in_double_quotes_names_the_fix() {
        let k = ErrorKind::WindowsPathInDoubleQuotes {
            written: r"C:\DConcept\DEDATA".into(),
        };
        let de = message(Language::De, &k);
        assert!(de.contains(r"'C:\DConcept\DEDATA'"), "{de}");
        assert!(de.contains("einfache Anführungszeichen"), "{de}");
        assert!(message(Language::En, &k).contains("single quotes"));
    }
}

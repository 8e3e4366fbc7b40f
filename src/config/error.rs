//! Errors in tresor.yaml and profiles: what is wrong, where (file, line, column)
//! and what would be right.
//!
//! Policy: every problem the user can fix in the file is a [`ConfigError`] with
//! an [`ErrorKind`] that carries the facts (never a pre-formatted sentence), so
//! it can be rendered in either language ([`ConfigError::render`], texts in
//! `error_text.rs` and the message files; `Display` is English). Positions are
//! 1-based.

use std::fmt;

use super::paths::{PathProblem, ResolveError};
use super::schedule::ScheduleProblem;
pub use super::yaml::YamlProblem;
use crate::i18n::Language;

/// A line/column in a YAML file, both 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
}

/// A problem with tresor.yaml or a profile.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render(Language::En))]
pub struct ConfigError {
    /// The file (or `<embedded demo>`, `<profile x.concept>`).
    pub origin: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong (boxed: keeps `Result<_, ConfigError>` small).
    #[source]
    pub kind: Box<ErrorKind>,
}

/// What is wrong. Its text, in either language, comes from the message files
/// (`config-…` in `src/i18n/*/config.ftl`, see `error_text.rs`); `Display`
/// is the English text.
#[derive(Debug)]
pub enum ErrorKind {
    /// The file cannot be read.
    Io(std::io::Error),
    /// YAML syntax error (from the parser), classified.
    Syntax(YamlProblem),
    /// A Windows path in double quotes: `"C:\DConcept"` (the parser stops
    /// at `\D`) or `"E:\tresor"` (`\t` became a TAB). `written` is the text
    /// between the quotes as typed, empty when it could not be found.
    WindowsPathInDoubleQuotes {
        /// As typed between the double quotes.
        written: String,
    },
    /// `*alias` / `&anchor` / `<<` merge keys.
    Alias,
    /// The file is empty.
    Empty,
    /// A key that is not part of the schema.
    UnknownKey {
        /// The key as written.
        key: String,
        /// Where (`top level`, `jobs.nightly`).
        section: String,
        /// The closest allowed key.
        suggestion: Option<String>,
        /// All allowed keys.
        expected: Vec<String>,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        /// The key.
        key: String,
        /// Where.
        section: String,
    },
    /// A required key is missing.
    MissingKey {
        /// The key.
        key: String,
        /// Where.
        section: String,
    },
    /// A value has the wrong shape (text where a list was expected …).
    WrongType {
        /// YAML path of the value.
        field: String,
        /// What is allowed.
        expected: Shape,
        /// What was found.
        found: Shape,
    },
    /// `language: fr`.
    BadLanguage {
        /// As written.
        value: String,
    },
    /// `keep_daily: many`.
    NotANumber {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// A number beyond what the field allows.
    OutOfRange {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// `optional: vielleicht`.
    NotABool {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// A path that cannot be used.
    BadPath {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Why.
        problem: PathProblem,
    },
    /// A path that cannot be mapped on this host.
    Unresolvable {
        /// YAML path (or profile entry).
        field: String,
        /// As written.
        value: String,
        /// Why.
        problem: ResolveError,
    },
    /// A glob pattern that does not parse.
    BadGlob {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Parser message.
        reason: String,
    },
    /// A job or destination name with characters that do not work on the command line.
    BadName {
        /// As written.
        value: String,
        /// Where.
        section: String,
    },
    /// A value outside a fixed set (`kind: daten`).
    BadChoice {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// The closest allowed value.
        suggestion: Option<String>,
        /// The allowed values.
        expected: Vec<String>,
    },
    /// A job's `schedule:` that Task Scheduler could not run as written.
    BadSchedule {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// What is wrong with it.
        problem: ScheduleProblem,
    },
    /// `type: ftp`.
    BadDestinationType {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// An S3 destination in a region outside Germany (health data, GDPR).
    RegionNotGerman {
        /// YAML path of `region`.
        field: String,
        /// The provider's config name.
        provider: String,
        /// As written.
        region: String,
        /// The provider's German regions.
        german: Vec<String>,
    },
    /// `provider: self-hosted` without `located_in_germany: true`.
    LocationUndeclared {
        /// YAML path of the destination.
        field: String,
    },
    /// An S3 destination lacks a field it needs in this combination
    /// (`endpoint` for IONOS/self-hosted, the secret for an access key).
    S3FieldMissing {
        /// YAML path of the missing field.
        field: String,
        /// Alternatives (`secret_access_key`, `secret_env`), when more than one would do.
        alternatives: Vec<String>,
    },
    /// Both `secret_access_key` and `secret_env`, or a secret without `access_key_id`.
    S3FieldConflict {
        /// YAML path of the field that is one too many.
        field: String,
        /// The field it conflicts with or needs.
        other: String,
    },
    /// `endpoint:` that is not an http(s) URL.
    BadEndpoint {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// `endpoint:` of a known provider that is not its declared German region's.
    EndpointNotInRegion {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// The declared provider and region.
        provider: String,
        region: String,
    },
    /// `destinations:` is missing or empty.
    NoDestinations,
    /// A job names a destination that does not exist.
    UnknownDestination {
        /// The job.
        job: String,
        /// As written.
        value: String,
        /// The closest defined destination.
        suggestion: Option<String>,
        /// All defined destinations.
        defined: Vec<String>,
    },
    /// A source is a local destination, lies inside one or contains one:
    /// the repository would be backed up into itself.
    SourceInDestination {
        /// The source's label (`x.isynet Sicherung`, `D:\Scans`).
        source: String,
        /// Its resolved path.
        source_path: String,
        /// The destination's name.
        destination: String,
        /// Its path as written.
        destination_path: String,
        /// True: the source lies inside the destination (or is it);
        /// false: it contains the destination.
        inside: bool,
    },
    /// A job mirrors to its own destination.
    MirrorIsDestination {
        /// The job.
        job: String,
        /// As written.
        value: String,
    },
    /// `profiles: [x.konzept]`.
    UnknownProfile {
        /// As written.
        name: String,
        /// The closest known profile.
        suggestion: Option<String>,
        /// The embedded profiles.
        known: Vec<String>,
    },
    /// The same profile listed twice (perhaps under its alias).
    DuplicateProfile {
        /// Canonical name.
        name: String,
    },
    /// A profile file named in `profiles:` cannot be read.
    ProfileFile {
        /// As resolved.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Two sources end up at the same place in the snapshot.
    DuplicateSource {
        /// Label of the first.
        first: String,
        /// Label of the second.
        second: String,
        /// Shared snapshot path.
        snapshot_path: String,
    },
    /// `keys.recovery` entry that is not an age public key.
    BadRecipient {
        /// As written.
        value: String,
        /// Parser message.
        reason: String,
    },
    /// All keep_* are zero: prune would delete everything.
    RetentionKeepsNothing {
        /// YAML path.
        field: String,
    },
    /// `sqlserver` with both `connection` and `server`, or neither.
    SqlTarget {
        /// Both given (else neither).
        both: bool,
    },
    /// `user` without `password` or the other way round.
    SqlCredentials,
    /// `mail.from` / `mail.to` that is not a mail address.
    BadMailAddress {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// `mail.to:` without any address.
    NoRecipients {
        /// YAML path.
        field: String,
    },
    /// `security: none` to a mail server that is not on this machine.
    PlainSmtpToRemote {
        /// YAML path of `security`.
        field: String,
        /// The host as written.
        host: String,
    },
    /// A destination's `limit`, `daytime_limit` or `window` that cannot be used.
    BadTransfer {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Why.
        problem: super::transfer::TransferProblem,
    },
    /// Something in `rotation:` that does not fit (see `rotation.rs`).
    Rotation {
        /// YAML path.
        field: String,
        /// What.
        problem: super::rotation::RotationProblem,
    },
}

/// The shape of a YAML value, for [`ErrorKind::WrongType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Empty / `~`.
    Nothing,
    /// A single value.
    Text,
    /// `[a, b]` or `- a`.
    List,
    /// `{ a: 1 }` or `a: 1`.
    Map,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name(Language::En))
    }
}

impl Shape {
    /// Name with article, in the given language.
    pub fn name(self, lang: Language) -> String {
        super::error_text::shape(lang, self)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::error_text::message(Language::En, self))
    }
}

impl std::error::Error for ErrorKind {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ErrorKind::Io(e) | ErrorKind::ProfileFile { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

impl ConfigError {
    /// An error at a position in `origin`.
    pub fn at(origin: &str, position: Option<Position>, kind: ErrorKind) -> ConfigError {
        ConfigError {
            origin: origin.to_string(),
            position,
            kind: Box::new(kind),
        }
    }

    /// `file:line:column: message` in English, `file, Zeile l, Spalte c: Meldung` in German.
    pub fn render(&self, lang: Language) -> String {
        let message = super::error_text::message(lang, &self.kind);
        match self.position {
            Some(p) => crate::tr!(
                lang,
                "config-at-position",
                origin = &self.origin,
                line = p.line,
                column = p.column,
                message = message
            ),
            None => crate::tr!(
                lang,
                "config-in-file",
                origin = &self.origin,
                message = message
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_in_both_languages() {
        let e = ConfigError::at(
            "tresor.yaml",
            Some(Position {
                line: 3,
                column: 11,
            }),
            ErrorKind::BadLanguage { value: "fr".into() },
        );
        assert_eq!(
            e.render(Language::En),
            "tresor.yaml:3:11: `language: fr` is not supported; expected de or en"
        );
        assert_eq!(e.to_string(), e.render(Language::En));
        let de = e.render(Language::De);
        assert!(de.starts_with("tresor.yaml, Zeile 3, Spalte 11: "), "{de}");
        assert!(de.contains("de oder en"), "{de}");
    }

    #[test]
    fn without_position_names_the_file() {
        let e = ConfigError::at("x.yaml", None, ErrorKind::NoDestinations);
        assert!(e.render(Language::En).starts_with("x.yaml: no destination"));
    }
}

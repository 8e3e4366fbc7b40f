//! Errors in tresor.yaml and profiles: what is wrong, where (file, line, column)
//! and what would be right.
//!
//! Policy: every problem the user can fix in the file is a [`ConfigError`] with
//! an [`ErrorKind`] that carries the facts (never a pre-formatted sentence), so
//! it can be rendered in German ([`ConfigError::render`], see `error_de.rs`) and
//! English (`Display`). Positions are 1-based.

use std::fmt;

use super::paths::{PathProblem, ResolveError};
use super::schedule::ScheduleProblem;
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

/// What is wrong; the English text is the `Display`, German lives in `error_de.rs`.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The file cannot be read.
    #[error("cannot read the file: {0}")]
    Io(#[source] std::io::Error),
    /// YAML syntax error (from the parser).
    #[error("YAML syntax error: {0}")]
    Syntax(String),
    /// `*alias` / `&anchor` / `<<` merge keys.
    #[error(
        "YAML anchors and aliases (`&name`, `*name`) are not supported here; write the value out"
    )]
    Alias,
    /// The file is empty.
    #[error("the file is empty; start from tresor.example.yaml")]
    Empty,
    /// A key that is not part of the schema.
    #[error("unknown key `{key}` {}{}; allowed: {}", in_section(section), did_you_mean(suggestion), expected.join(", "))]
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
    #[error("`{key}` appears twice {}; keep one", in_section(section))]
    DuplicateKey {
        /// The key.
        key: String,
        /// Where.
        section: String,
    },
    /// A required key is missing.
    #[error("`{key}` is missing {}", in_section(section))]
    MissingKey {
        /// The key.
        key: String,
        /// Where.
        section: String,
    },
    /// A value has the wrong shape (text where a list was expected …).
    #[error("`{field}` must be {expected}, found {found}")]
    WrongType {
        /// YAML path of the value.
        field: String,
        /// What is allowed.
        expected: Shape,
        /// What was found.
        found: Shape,
    },
    /// `language: fr`.
    #[error("`language: {value}` is not supported; expected de or en")]
    BadLanguage {
        /// As written.
        value: String,
    },
    /// `keep_daily: many`.
    #[error("`{field}: {value}` is not a whole number; expected e.g. `{field}: 7`")]
    NotANumber {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// A number beyond what the field allows.
    #[error("`{field}: {value}` is out of range; expected {min} to {max}")]
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
    #[error("`{field}: {value}` is not a yes/no value; expected true or false")]
    NotABool {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// A path that cannot be used.
    #[error("`{field}`: `{value}`: {problem}")]
    BadPath {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Why.
        problem: PathProblem,
    },
    /// A path that cannot be mapped on this host.
    #[error("`{field}`: `{value}`: {problem}")]
    Unresolvable {
        /// YAML path (or profile entry).
        field: String,
        /// As written.
        value: String,
        /// Why.
        problem: ResolveError,
    },
    /// A glob pattern that does not parse.
    #[error("`{field}`: `{value}` is not a valid pattern: {reason}")]
    BadGlob {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// Parser message.
        reason: String,
    },
    /// A job or destination name with characters that do not work on the command line.
    #[error(
        "the name `{value}` {} may only contain letters, digits, `-` and `_`",
        in_section(section)
    )]
    BadName {
        /// As written.
        value: String,
        /// Where.
        section: String,
    },
    /// A value outside a fixed set (`kind: daten`).
    #[error("`{field}: {value}` is not allowed{}; expected {}", did_you_mean(suggestion), expected.join(" or "))]
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
    #[error("`{field}: {value}`: {problem}; expected `manual` or e.g. `30 22 * * Mon-Fri`")]
    BadSchedule {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
        /// What is wrong with it.
        problem: ScheduleProblem,
    },
    /// `type: ftp`.
    #[error("`{field}: {value}` is not a destination type; expected local")]
    BadDestinationType {
        /// YAML path.
        field: String,
        /// As written.
        value: String,
    },
    /// `destinations:` is missing or empty.
    #[error("no destination is defined; add e.g. `destinations: {{ rdx: {{ type: local, path: 'E:\\tresor' }} }}`")]
    NoDestinations,
    /// A job names a destination that does not exist.
    #[error("job `{job}`: destination `{value}` is not defined{}; defined: {}", did_you_mean(suggestion), defined.join(", "))]
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
    /// `profiles: [x.konzept]`.
    #[error("unknown profile `{name}`{}; known: {} (or a file path ending in .yaml)", did_you_mean(suggestion), known.join(", "))]
    UnknownProfile {
        /// As written.
        name: String,
        /// The closest known profile.
        suggestion: Option<String>,
        /// The embedded profiles.
        known: Vec<String>,
    },
    /// The same profile listed twice (perhaps under its alias).
    #[error("profile `{name}` is listed twice")]
    DuplicateProfile {
        /// Canonical name.
        name: String,
    },
    /// A profile file named in `profiles:` cannot be read.
    #[error("cannot read profile file `{path}`: {source}")]
    ProfileFile {
        /// As resolved.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Two sources end up at the same place in the snapshot.
    #[error("`{first}` and `{second}` both back up `{snapshot_path}`; remove one")]
    DuplicateSource {
        /// Label of the first.
        first: String,
        /// Label of the second.
        second: String,
        /// Shared snapshot path.
        snapshot_path: String,
    },
    /// `keys.recovery` entry that is not an age public key.
    #[error("`{value}` is not an age public key ({reason}); a recovery key looks like `age1…` (from `age-keygen -y` or `tresor init`)")]
    BadRecipient {
        /// As written.
        value: String,
        /// Parser message.
        reason: String,
    },
    /// All keep_* are zero: prune would delete everything.
    #[error("{field}: every keep_* is 0, which would delete every snapshot; keep at least one")]
    RetentionKeepsNothing {
        /// YAML path.
        field: String,
    },
    /// `sqlserver` with both `connection` and `server`, or neither.
    #[error("sqlserver: give either `connection` (a connection string) or `server` (with optional instance/port/user/password), not {}", if *both { "both" } else { "neither" })]
    SqlTarget {
        /// Both given (else neither).
        both: bool,
    },
    /// `user` without `password` or the other way round.
    #[error(
        "sqlserver: `user` and `password` go together (leave both out for Windows authentication)"
    )]
    SqlCredentials,
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
        f.write_str(self.name(Language::En))
    }
}

impl Shape {
    /// Name with article, in the given language.
    pub fn name(self, lang: Language) -> &'static str {
        match self {
            Shape::Nothing => lang.pick("leer", "empty"),
            Shape::Text => lang.pick("ein einzelner Wert", "a single value"),
            Shape::List => lang.pick("eine Liste", "a list"),
            Shape::Map => lang.pick(
                "eine Zuordnung (`schlüssel: wert`)",
                "a mapping (`key: value`)",
            ),
        }
    }
}

fn in_section(section: &str) -> String {
    if section == "top level" {
        "at the top level".to_string()
    } else {
        format!("in `{section}`")
    }
}

pub(super) fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
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
        let message = match lang {
            Language::En => self.kind.to_string(),
            Language::De => super::error_de::message(&self.kind),
        };
        match (self.position, lang) {
            (Some(p), Language::En) => {
                format!("{}:{}:{}: {message}", self.origin, p.line, p.column)
            }
            (Some(p), Language::De) => {
                format!(
                    "{}, Zeile {}, Spalte {}: {message}",
                    self.origin, p.line, p.column
                )
            }
            (None, _) => format!("{}: {message}", self.origin),
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

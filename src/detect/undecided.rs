//! What `detect` could not decide from the files: each item has a stable
//! code (docs/output.md) and a message in the practice's language that says
//! what to check.

use super::path_value::PathDoubt;
use super::{Detection, Evidence};
use crate::config::Profile;
use crate::i18n::Language;
use crate::tr;

/// One open question for the IT partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undecided {
    /// A required path of a found product's profile does not exist.
    PathMissing { path: String, product: String },
    /// Products' folders lie on several drives; `data_drive` took `chosen`.
    DataDrive { drives: Vec<String>, chosen: String },
    /// A product's file names a folder on a network share.
    OnShare {
        path: String,
        product: String,
        evidence: Evidence,
    },
    /// A product's file names a folder that does not exist.
    HintMissing { path: String, evidence: Evidence },
    /// A folder a product's file names is, holds or lies inside the
    /// destination the starter writes: not written as a source.
    SourceInDestination {
        path: String,
        destination: String,
        evidence: Evidence,
    },
    /// A file exists but cannot be read or parsed.
    FileUnreadable { file: String, reason: String },
    /// A value that should name a folder names none tresor can use
    /// (`value` as written in the file; `reason` says why).
    NotAPath {
        value: String,
        reason: PathDoubt,
        evidence: Evidence,
    },
    /// A connection string tresor cannot use (named pipes, LocalDB, syntax).
    ConnectionUnusable { reason: String, evidence: Evidence },
    /// A connection string with a control or line-break character: not
    /// written (code `detect_connection_unusable`).
    ConnectionControl { evidence: Evidence },
    /// The files name more than one SQL Server; the config uses `chosen`.
    SqlAmbiguous {
        servers: Vec<String>,
        chosen: String,
    },
    /// Found products need databases, but no file names a SQL Server.
    SqlMissing { databases: Vec<String> },
    /// `--sql`: the server could not be reached or logged in to.
    SqlUnreachable { server: String, reason: String },
    /// A database on the server that no found product's profile covers
    /// (`product`: an embedded profile that would, when one does).
    DatabaseUncovered {
        name: String,
        product: Option<String>,
    },
    /// A required database of a found product is not on the server.
    DatabaseMissing { name: String, product: String },
}

impl Undecided {
    /// The stable code (docs/output.md, `tresor detect`).
    pub fn code(&self) -> &'static str {
        match self {
            Undecided::PathMissing { .. } => "detect_path_missing",
            Undecided::DataDrive { .. } => "detect_data_drive",
            Undecided::OnShare { .. } => "detect_on_share",
            Undecided::HintMissing { .. } => "detect_hint_missing",
            Undecided::SourceInDestination { .. } => "detect_source_in_destination",
            Undecided::FileUnreadable { .. } => "detect_file_unreadable",
            Undecided::NotAPath { .. } => "detect_not_a_path",
            Undecided::ConnectionUnusable { .. } | Undecided::ConnectionControl { .. } => {
                "detect_connection_unusable"
            }
            Undecided::SqlAmbiguous { .. } => "detect_sql_ambiguous",
            Undecided::SqlMissing { .. } => "detect_sql_missing",
            Undecided::SqlUnreachable { .. } => "detect_sql_unreachable",
            Undecided::DatabaseUncovered { .. } => "detect_database_uncovered",
            Undecided::DatabaseMissing { .. } => "detect_database_missing",
        }
    }

    /// One line for a person, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let at = |e: &Evidence| where_from(e);
        match self {
            Undecided::PathMissing { path, product } => tr!(
                lang,
                "detect-undecided-path-missing",
                path = path.as_str(),
                product = product.as_str()
            ),
            Undecided::DataDrive { drives, chosen } => tr!(
                lang,
                "detect-undecided-data-drive",
                drives = drives.join(", "),
                chosen = chosen.as_str()
            ),
            Undecided::OnShare {
                path,
                product,
                evidence,
            } => tr!(
                lang,
                "detect-undecided-on-share",
                path = path.as_str(),
                product = product.as_str(),
                source = at(evidence)
            ),
            Undecided::HintMissing { path, evidence } => tr!(
                lang,
                "detect-undecided-hint-missing",
                path = path.as_str(),
                source = at(evidence)
            ),
            Undecided::SourceInDestination {
                path,
                destination,
                evidence,
            } => tr!(
                lang,
                "detect-undecided-source-in-destination",
                path = path.as_str(),
                destination = destination.as_str(),
                source = at(evidence)
            ),
            Undecided::FileUnreadable { file, reason } => tr!(
                lang,
                "detect-undecided-file-unreadable",
                file = file.as_str(),
                reason = reason.as_str()
            ),
            Undecided::NotAPath {
                value,
                reason,
                evidence,
            } => tr!(
                lang,
                "detect-undecided-not-a-path",
                value = value.as_str(),
                reason = reason.code(),
                source = at(evidence)
            ),
            Undecided::ConnectionUnusable { reason, evidence } => tr!(
                lang,
                "detect-undecided-connection-unusable",
                reason = reason.as_str(),
                source = at(evidence)
            ),
            Undecided::ConnectionControl { evidence } => tr!(
                lang,
                "detect-undecided-connection-control",
                source = at(evidence)
            ),
            Undecided::SqlAmbiguous { servers, chosen } => tr!(
                lang,
                "detect-undecided-sql-ambiguous",
                servers = servers.join(", "),
                chosen = chosen.as_str()
            ),
            Undecided::SqlMissing { databases } => tr!(
                lang,
                "detect-undecided-sql-missing",
                databases = databases.join(", ")
            ),
            Undecided::SqlUnreachable { server, reason } => tr!(
                lang,
                "detect-undecided-sql-unreachable",
                server = server.as_str(),
                reason = reason.as_str()
            ),
            Undecided::DatabaseUncovered { name, product } => match product {
                Some(p) => tr!(
                    lang,
                    "detect-undecided-database-other-product",
                    name = name.as_str(),
                    product = p.as_str()
                ),
                None => tr!(
                    lang,
                    "detect-undecided-database-uncovered",
                    name = name.as_str()
                ),
            },
            Undecided::DatabaseMissing { name, product } => tr!(
                lang,
                "detect-undecided-database-missing",
                name = name.as_str(),
                product = product.as_str()
            ),
        }
    }
}

/// `WINACS.INI, [Pfade] Text` or the folder alone.
pub fn where_from(e: &Evidence) -> String {
    match &e.key {
        Some(k) => format!("{}, {k}", e.file),
        None => e.file.clone(),
    }
}

/// Decides which connection the config gets (the one given on the command
/// line, else the first found) and records what stays open: several
/// servers named, or none although a found product needs a database.
pub fn sql_choices(d: &mut Detection, profiles: &[Profile], given: Option<&str>) {
    if given.is_none() {
        let mut servers: Vec<String> = Vec::new();
        for s in &d.sql {
            if !servers.iter().any(|x| x.eq_ignore_ascii_case(&s.server)) {
                servers.push(s.server.clone());
            }
        }
        if servers.len() > 1 {
            d.undecided.push(Undecided::SqlAmbiguous {
                chosen: servers[0].clone(),
                servers,
            });
        }
        if d.sql.is_empty() {
            let databases: Vec<String> = d
                .required_databases(profiles)
                .into_iter()
                .map(|(name, _)| name.to_string())
                .collect();
            if !databases.is_empty() {
                d.undecided.push(Undecided::SqlMissing { databases });
            }
        }
    }
    d.connection = given
        .map(str::to_string)
        .or_else(|| d.sql.first().map(|s| s.connection.clone()));
}

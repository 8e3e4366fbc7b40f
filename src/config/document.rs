//! Reading tresor.yaml: the top level, keys and destinations. Sources, jobs,
//! mounts, S3 destinations and SQL Server have their own files; `validate.rs` checks
//! cross-references afterwards.

use std::path::PathBuf;

use super::error::{ConfigError, ErrorKind};
use super::model::{Config, Destination, DestinationKind, Keys};
use super::paths::{ConfigPath, HostContext, PathProblem};
use super::read::{join, Doc};
use super::yaml::Node;
use super::{guard, jobs, mail, mounts, rotation, s3, sources, sqlserver, validate, yaml};
use crate::i18n::Language;

/// Keys allowed at the top level of tresor.yaml.
pub const TOP_LEVEL: &[&str] = &[
    "practice",
    "language",
    "data_drive",
    "drives",
    "unc",
    "profiles",
    "keys",
    "destinations",
    "sources",
    "sqlserver",
    "retention",
    "jobs",
    "rotation",
    "mail",
    "guard",
    "emergency_sheet",
];

/// What every section reader needs: the file, the host (with the config's
/// mounts) and the data drive.
pub struct Reader<'a> {
    /// The file.
    pub doc: Doc<'a>,
    /// Host with mounts.
    pub host: HostContext,
    /// Upper-case data drive letter.
    pub data_drive: char,
}

/// A path read from the config.
pub struct ReadPath {
    /// Parsed.
    pub parsed: ConfigPath,
    /// Resolved for this host.
    pub local: PathBuf,
    /// As written.
    pub written: String,
}

impl Reader<'_> {
    /// Reads, parses and resolves the path at `node`.
    pub fn path(&self, node: &Node, field: &str) -> Result<ReadPath, ConfigError> {
        let written = self.doc.text(node, field)?;
        let parsed =
            ConfigPath::parse(&written, &self.host, self.data_drive).map_err(|problem| {
                self.doc.err(
                    node.pos,
                    ErrorKind::BadPath {
                        field: field.to_string(),
                        value: written.clone(),
                        problem,
                    },
                )
            })?;
        let local = parsed.resolve(&self.host).map_err(|problem| {
            self.doc.err(
                node.pos,
                ErrorKind::Unresolvable {
                    field: field.to_string(),
                    value: written.clone(),
                    problem,
                },
            )
        })?;
        Ok(ReadPath {
            parsed,
            local,
            written,
        })
    }
}

/// Reads a whole tresor.yaml.
pub fn read(text: &str, origin: &str, host: &HostContext) -> Result<Config, ConfigError> {
    let doc = Doc { origin };
    let root = yaml::parse(text)
        .map_err(|f| ConfigError::at(origin, f.0, f.1))?
        .ok_or_else(|| ConfigError::at(origin, None, ErrorKind::Empty))?;
    let top = doc.fields(&root, "top level", TOP_LEVEL)?;

    let practice = doc.text(top.required(doc, "practice")?, "practice")?;
    let language = match top.get("language") {
        None => Language::default(),
        Some(n) => {
            let v = doc.text(n, "language")?;
            Language::from_code(&v)
                .ok_or_else(|| doc.err(n.pos, ErrorKind::BadLanguage { value: v }))?
        }
    };
    let data_drive = match top.get("data_drive") {
        None => 'C',
        Some(n) => drive_letter(doc, n, "data_drive")?,
    };
    let host = mounts::read(doc, &top, host)?;
    let r = Reader {
        doc,
        host,
        data_drive,
    };

    let profiles = sources::read_profiles(&r, top.get("profiles"), origin)?;
    let keys = read_keys(&r, top.required(doc, "keys")?)?;
    let destinations = read_destinations(&r, &root, top.get("destinations"))?;
    let file_sources = sources::collect(&r, &profiles, top.get("profiles"), top.get("sources"))?;
    let databases = sources::databases(&profiles);
    let retention = match top.get("retention") {
        Some(n) => jobs::read_retention(doc, n, "retention")?,
        None => Default::default(),
    };
    let sqlserver = match top.get("sqlserver") {
        Some(n) => Some(sqlserver::read(&r, n)?),
        None => None,
    };
    let mail = match top.get("mail") {
        Some(n) => Some(mail::read(&r, n)?),
        None => None,
    };
    let guard = match top.get("guard") {
        Some(n) => guard::read(doc, n)?,
        None => Default::default(),
    };
    let jobs = jobs::read_jobs(
        doc,
        &root,
        top.get("jobs"),
        &destinations,
        &file_sources,
        &databases,
        retention,
    )?;
    let emergency_sheet = match top.get("emergency_sheet") {
        Some(n) => read_emergency_sheet(doc, n)?,
        None => Default::default(),
    };
    let rotation = match top.get("rotation") {
        Some(n) => Some(rotation::read(doc, n, &destinations, &jobs)?),
        None => None,
    };

    let config = Config {
        origin: origin.to_string(),
        practice,
        language,
        data_drive,
        host: r.host,
        keys,
        destinations: destinations
            .into_iter()
            .map(|d| (d.name.clone(), d))
            .collect::<indexmap::IndexMap<_, _>>(),
        jobs,
        retention,
        profiles,
        sqlserver,
        rotation,
        mail,
        guard,
        emergency_sheet,
    };
    validate::check(doc, &root, &config)?;
    Ok(config)
}

/// `emergency_sheet:` — free texts for `tresor notfallblatt`.
fn read_emergency_sheet(
    doc: Doc<'_>,
    node: &Node,
) -> Result<super::model::EmergencySheet, ConfigError> {
    let f = doc.fields(
        node,
        "emergency_sheet",
        &[
            "password_history",
            "recovery_key_kept",
            "contact",
            "bucket_secret_kept",
        ],
    )?;
    let text = |key: &str| -> Result<Option<String>, ConfigError> {
        f.get(key)
            .map(|n| doc.text(n, &format!("emergency_sheet.{key}")))
            .transpose()
            .map(|t| t.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
    };
    Ok(super::model::EmergencySheet {
        password_history: text("password_history")?,
        recovery_key_kept: text("recovery_key_kept")?,
        contact: text("contact")?,
        bucket_secret_kept: text("bucket_secret_kept")?,
    })
}

/// `C`, `C:` or `c:` → `'C'`.
pub fn drive_letter(doc: Doc<'_>, node: &Node, field: &str) -> Result<char, ConfigError> {
    let v = doc.text(node, field)?;
    let t = v.trim();
    let t = t.strip_suffix(':').unwrap_or(t);
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(c.to_ascii_uppercase()),
        _ => Err(doc.err(
            node.pos,
            ErrorKind::BadPath {
                field: field.to_string(),
                value: v.clone(),
                problem: PathProblem::BadDriveLetter(v),
            },
        )),
    }
}

fn read_keys(r: &Reader<'_>, node: &Node) -> Result<Keys, ConfigError> {
    let f = r.doc.fields(node, "keys", &["machine", "recovery"])?;
    let machine = r.path(f.required(r.doc, "machine")?, "keys.machine")?.local;
    let recovery = match f.get("recovery") {
        Some(n) => r
            .doc
            .texts(n, "keys.recovery")?
            .into_iter()
            .map(|s| s.trim().to_string())
            .collect(),
        None => Vec::new(),
    };
    Ok(Keys { machine, recovery })
}

/// Checks a user-chosen name (destination, job): letters, digits, `-`, `_`.
pub fn check_name(doc: Doc<'_>, name: &str, key: &Node, section: &str) -> Result<(), ConfigError> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(doc.err(
            key.pos,
            ErrorKind::BadName {
                value: name.to_string(),
                section: section.to_string(),
            },
        ))
    }
}

/// Destinations in file order (the first is the default for the default jobs).
fn read_destinations(
    r: &Reader<'_>,
    root: &Node,
    node: Option<&Node>,
) -> Result<Vec<Destination>, ConfigError> {
    let doc = r.doc;
    let Some(node) = node else {
        return Err(ConfigError::at(
            doc.origin,
            root.key_position("destinations"),
            ErrorKind::NoDestinations,
        ));
    };
    let mut out = Vec::new();
    for (name, key, value) in doc.named(node, "destinations")? {
        check_name(doc, &name, key, "destinations")?;
        let section = join("destinations", &name);
        let (rest, transfer) = super::transfer::read(doc, value, &section)?;
        let value = &rest;
        // The transfer keys were taken out above; named here for the message
        // that lists what a destination may have.
        let mut allowed: Vec<&str> = vec!["type", "path", "retention"];
        allowed.extend(super::transfer::FIELDS);
        allowed.extend(s3::FIELDS.iter().filter(|f| **f != "type"));
        let f = doc.fields(value, &section, &allowed)?;
        let retention = match f.get("retention") {
            Some(n) => Some(jobs::read_retention(doc, n, &join(&section, "retention"))?),
            None => None,
        };
        let is_s3 = match f.get("type") {
            None => false,
            Some(t) => match doc
                .text(t, &join(&section, "type"))?
                .trim()
                .to_ascii_lowercase()
            {
                k if k == "local" => false,
                k if k == "s3" => true,
                _ => {
                    return Err(doc.err(
                        t.pos,
                        ErrorKind::BadDestinationType {
                            field: join(&section, "type"),
                            value: doc.text(t, &join(&section, "type"))?,
                        },
                    ))
                }
            },
        };
        let kind = if is_s3 {
            // Re-checked with the S3 keys only: `path:` has no meaning here.
            let mut s3_allowed = s3::FIELDS.to_vec();
            s3_allowed.push("retention");
            let f = doc.fields(value, &section, &s3_allowed)?;
            DestinationKind::S3(Box::new(s3::read(doc, value, &f, &section)?))
        } else {
            let f = doc.fields(value, &section, &["type", "path", "retention"])?;
            let p = r.path(f.required(doc, "path")?, &join(&section, "path"))?;
            DestinationKind::Local {
                path: p.local,
                display: p.written,
            }
        };
        out.push(Destination {
            name,
            kind,
            transfer,
            retention,
        });
    }
    if out.is_empty() {
        return Err(doc.err(node.pos, ErrorKind::NoDestinations));
    }
    Ok(out)
}

//! Profiles: what one medatixx product needs backed up (directories, single
//! config/licence files, SQL Server databases). The four products ship embedded
//! (`profiles/*.yaml`); tresor.yaml may name a profile file instead.
//! Names and aliases are case-insensitive.

use super::error::{ConfigError, ErrorKind};
use super::model::DatabaseSpec;
use super::paths::{ConfigPath, HostContext};
use super::read::{join, Doc};
use super::yaml;

/// The embedded profiles: (name, YAML text).
const EMBEDDED: &[(&str, &str)] = &[
    ("x.concept", include_str!("../../profiles/x.concept.yaml")),
    ("x.comfort", include_str!("../../profiles/x.comfort.yaml")),
    ("x.isynet", include_str!("../../profiles/x.isynet.yaml")),
    ("medatixx", include_str!("../../profiles/medatixx.yaml")),
    ("x.archiv", include_str!("../../profiles/x.archiv.yaml")),
];

/// A product profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Canonical name (`x.isynet`).
    pub name: String,
    /// Other names (`x.vianova`).
    pub aliases: Vec<String>,
    /// Human title.
    pub title: String,
    /// `<embedded profile x.concept>` or the file it came from.
    pub origin: String,
    /// Files and directories.
    pub paths: Vec<ProfilePath>,
    /// SQL Server databases.
    pub databases: Vec<DatabaseSpec>,
}

/// One path of a profile, still in Windows notation (resolved per config).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfilePath {
    /// As written: `\DConcept\DEDATA` (data drive) or `C:\ProgramData\…`.
    pub path: String,
    /// Short label for reports (`DEDATA`); defaults to the last component.
    pub label: String,
    /// Missing = note instead of warning.
    pub optional: bool,
    /// Globs relative to the path; empty = everything.
    pub include: Vec<String>,
    /// Globs relative to the path to leave out.
    pub exclude: Vec<String>,
    /// Data or configuration.
    pub kind: PathKind,
}

/// Whether a path is practice data or a configuration/licence file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathKind {
    /// Practice data.
    #[default]
    Data,
    /// Configuration or licence files (for rebuilding the server).
    Config,
}

impl Profile {
    /// True if `name` is this profile's name or an alias (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|n| n.eq_ignore_ascii_case(name.trim()))
    }

    /// Names of the profiles that list the database `name` (case-insensitive),
    /// e.g. `x.isynet` for `WINACS`: messages say which product needs it.
    pub fn needing<'a>(profiles: &'a [Profile], name: &str) -> Vec<&'a str> {
        profiles
            .iter()
            .filter(|p| {
                p.databases
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(name))
            })
            .map(|p| p.name.as_str())
            .collect()
    }

    /// The path parsed for a data drive (profile paths are always Windows notation).
    pub fn parsed_path(item: &ProfilePath, data_drive: char) -> ConfigPath {
        ConfigPath::parse(&item.path, &HostContext::windows(), data_drive).unwrap_or(
            ConfigPath::Drive {
                letter: data_drive,
                components: vec![item.path.clone()],
            },
        )
    }
}

/// Names of the embedded profiles.
pub fn profile_names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(n, _)| *n).collect()
}

/// Every embedded profile, parsed.
pub fn embedded_profiles() -> Result<Vec<Profile>, ConfigError> {
    EMBEDDED
        .iter()
        .map(|(name, text)| parse_profile(text, &format!("<embedded profile {name}>")))
        .collect()
}

/// The embedded profile answering to `name` (name or alias, any case).
pub fn find_embedded(name: &str) -> Result<Option<Profile>, ConfigError> {
    Ok(embedded_profiles()?
        .into_iter()
        .find(|p| p.answers_to(name)))
}

/// Parses a profile file.
pub fn parse_profile(text: &str, origin: &str) -> Result<Profile, ConfigError> {
    let doc = Doc { origin };
    let root = yaml::parse(text)
        .map_err(|f| ConfigError::at(origin, f.0, f.1))?
        .ok_or_else(|| ConfigError::at(origin, None, ErrorKind::Empty))?;
    let top = doc.fields(
        &root,
        "top level",
        &["name", "aliases", "title", "paths", "databases"],
    )?;
    let name = doc.text(top.required(doc, "name")?, "name")?;
    let aliases = match top.get("aliases") {
        Some(n) => doc.texts(n, "aliases")?,
        None => Vec::new(),
    };
    let title = match top.get("title") {
        Some(n) => doc.text(n, "title")?,
        None => name.clone(),
    };
    let mut paths = Vec::new();
    if let Some(list) = top.get("paths") {
        for (i, item) in doc.list(list, "paths")?.iter().enumerate() {
            paths.push(profile_path(doc, item, &format!("paths.{i}"))?);
        }
    }
    let mut databases = Vec::new();
    if let Some(list) = top.get("databases") {
        for (i, item) in doc.list(list, "databases")?.iter().enumerate() {
            databases.push(database(doc, item, &format!("databases.{i}"))?);
        }
    }
    Ok(Profile {
        name,
        aliases,
        title,
        origin: origin.to_string(),
        paths,
        databases,
    })
}

fn profile_path(
    doc: Doc<'_>,
    item: &yaml::Node,
    section: &str,
) -> Result<ProfilePath, ConfigError> {
    let f = doc.fields(
        item,
        section,
        &["path", "label", "optional", "include", "exclude", "kind"],
    )?;
    let path_node = f.required(doc, "path")?;
    let path = doc.text(path_node, &join(section, "path"))?;
    let parsed = ConfigPath::parse(&path, &HostContext::windows(), 'C').map_err(|problem| {
        doc.err(
            path_node.pos,
            ErrorKind::BadPath {
                field: join(section, "path"),
                value: path.clone(),
                problem,
            },
        )
    })?;
    let label = match f.get("label") {
        Some(n) => doc.text(n, &join(section, "label"))?,
        None => default_label(&parsed),
    };
    let kind = match f.get("kind") {
        Some(n) => {
            let k = doc.text(n, &join(section, "kind"))?;
            match k.trim().to_ascii_lowercase().as_str() {
                "data" => PathKind::Data,
                "config" => PathKind::Config,
                _ => {
                    return Err(doc.err(
                        n.pos,
                        ErrorKind::BadChoice {
                            value: k.clone(),
                            field: join(section, "kind"),
                            suggestion: super::suggest::closest(&k, &["data", "config"]),
                            expected: vec!["data".into(), "config".into()],
                        },
                    ))
                }
            }
        }
        None => PathKind::Data,
    };
    Ok(ProfilePath {
        path,
        label,
        optional: opt_bool(doc, &f, "optional", section)?,
        include: globs(doc, f.get("include"), &join(section, "include"))?,
        exclude: globs(doc, f.get("exclude"), &join(section, "exclude"))?,
        kind,
    })
}

fn database(doc: Doc<'_>, item: &yaml::Node, section: &str) -> Result<DatabaseSpec, ConfigError> {
    let f = doc.fields(item, section, &["name", "optional", "filestream"])?;
    Ok(DatabaseSpec {
        name: doc.text(f.required(doc, "name")?, &join(section, "name"))?,
        optional: opt_bool(doc, &f, "optional", section)?,
        filestream: opt_bool(doc, &f, "filestream", section)?,
    })
}

pub(super) fn opt_bool(
    doc: Doc<'_>,
    f: &super::read::Fields<'_>,
    key: &str,
    section: &str,
) -> Result<bool, ConfigError> {
    match f.get(key) {
        Some(n) => doc.boolean(n, &join(section, key)),
        None => Ok(false),
    }
}

/// Reads and checks a list of glob patterns.
pub(super) fn globs(
    doc: Doc<'_>,
    node: Option<&yaml::Node>,
    field: &str,
) -> Result<Vec<String>, ConfigError> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, item) in doc.list(node, field)?.iter().enumerate() {
        let g = doc.text(item, &format!("{field}.{i}"))?;
        if let Err(e) = globset::Glob::new(&g) {
            return Err(doc.err(
                item.pos,
                ErrorKind::BadGlob {
                    field: field.to_string(),
                    value: g,
                    reason: e.kind().to_string(),
                },
            ));
        }
        out.push(g);
    }
    Ok(out)
}

fn default_label(p: &ConfigPath) -> String {
    match p {
        ConfigPath::Drive { components, .. }
        | ConfigPath::Unc { components, .. }
        | ConfigPath::Posix { components } => components
            .last()
            .cloned()
            .unwrap_or_else(|| p.windows_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::Position;
    use super::*;

    fn get(name: &str) -> Profile {
        find_embedded(name).unwrap().unwrap()
    }

    fn has(p: &Profile, path: &str, optional: bool) {
        let item = p
            .paths
            .iter()
            .find(|i| i.path.eq_ignore_ascii_case(path))
            .unwrap_or_else(|| panic!("{} lacks {path}", p.name));
        assert_eq!(item.optional, optional, "{path}");
    }

    #[test]
    fn every_embedded_profile_parses() {
        let all = embedded_profiles().unwrap();
        assert_eq!(all.len(), profile_names().len());
        for (p, name) in all.iter().zip(profile_names()) {
            assert_eq!(p.name, name);
            assert!(!p.paths.is_empty() || !p.databases.is_empty());
        }
    }

    #[test]
    fn x_concept_has_its_documented_paths() {
        let p = get("X.Concept");
        has(&p, r"\dconcept\dedata", false);
        has(&p, r"\dconcept\detext", false);
        has(&p, r"\dconcept\deziff", true);
        has(&p, r"\dconcept\ivm\dedata", true);
        assert!(p.databases.iter().all(|d| d.optional && d.is_pattern()));
    }

    #[test]
    fn x_comfort_has_its_documented_paths() {
        let p = get("x.comfort");
        has(&p, r"\doc2\daten", false);
        has(&p, r"\doc2\user", false);
        has(&p, r"\doc2\dmp\dedata", true);
        assert!(!p.databases.is_empty());
    }

    #[test]
    fn x_isynet_answers_to_vianova_and_has_winacs() {
        let p = get("X.VIANOVA");
        assert_eq!(p.name, "x.isynet");
        assert_eq!(p.databases[0].name, "WINACS");
        assert!(!p.databases[0].optional);
        for d in ["Profil", "Rechnung", "Text", "Vorlage"] {
            has(&p, &format!(r"\WINACS\{d}"), false);
        }
        for d in ["Foto", "Isydoku", "Serienbrief", "Skizzen"] {
            has(&p, &format!(r"\WINACS\{d}"), true);
        }
    }

    #[test]
    fn the_profile_needing_a_database_is_named() {
        let all = embedded_profiles().unwrap();
        assert_eq!(Profile::needing(&all, "winacs"), ["x.isynet"]);
        assert_eq!(Profile::needing(&all, "medatixx*"), ["medatixx"]);
        assert!(Profile::needing(&all, "other").is_empty());
    }

    #[test]
    fn medatixx_has_filestream_database_and_config_files() {
        let p = get("medatixx");
        assert!(p.databases.iter().all(|d| d.filestream));
        for f in ["Server.Host.config", "medatixx.lic"] {
            let path = format!(r"C:\ProgramData\medatixx\lx2 Server\{f}");
            has(&p, &path, false);
            let item = p.paths.iter().find(|i| i.path == path).unwrap();
            assert_eq!(item.kind, PathKind::Config);
        }
    }

    #[test]
    fn x_archiv_has_its_folder_and_database() {
        let p = get("X.Archiv");
        has(&p, r"C:\ProgramData\medidok", false);
        assert_eq!(p.databases[0].name, "dbMediDOK");
        assert!(!p.databases[0].optional);
    }

    #[test]
    fn profile_errors_have_positions() {
        let e = parse_profile("name: x\npaths:\n  - { path: 'DEDATA' }\n", "p.yaml").unwrap_err();
        assert!(matches!(*e.kind, ErrorKind::BadPath { .. }));
        assert_eq!(
            e.position,
            Some(Position {
                line: 3,
                column: 13
            })
        );
        let e = parse_profile(
            "name: x\npaths:\n  - { path: '\\x', kind: daten }\n",
            "p.yaml",
        )
        .unwrap_err();
        assert!(e.to_string().contains("did you mean `data`"), "{e}");
        let e = parse_profile(
            "name: x\npaths:\n  - { path: '\\x', exclude: ['a[' ] }\n",
            "p.yaml",
        )
        .unwrap_err();
        assert!(matches!(*e.kind, ErrorKind::BadGlob { .. }));
        let e = parse_profile("nam: x\n", "p.yaml").unwrap_err();
        assert!(matches!(*e.kind, ErrorKind::UnknownKey { .. }));
    }

    #[test]
    fn default_label_is_the_last_component() {
        let p = parse_profile("name: x\npaths: [{ path: '\\A\\B' }]\n", "p").unwrap();
        assert_eq!(p.paths[0].label, "B");
    }
}

//! detect — what is installed on a practice server, for `tresor detect`.
//!
//! Owns: finding the medatixx products (through the embedded profiles'
//! folders and the products' own files), reading those files (`WINACS.INI`,
//! `ServiceProvider.ini`, the lx2 server's `Server.Host.config`), the SQL
//! Server connection strings they name, matching a server's database list
//! against the profiles, and the starter `tresor.yaml` ([`starter`]).
//!
//! Everything here is a pure function over a drive root: a [`Scan`] maps
//! Windows paths (`C:\DConcept`) to local folders through a
//! [`HostContext`] — the real drives on Windows, `<root>/C` for a fixture
//! tree on Linux — so the same code runs on a server and in tests. Every
//! finding carries the [`Evidence`] (file and key) it came from; what
//! cannot be decided from the files is an [`Undecided`] item, never a guess.
//!
//! Files: `ini.rs` (INI text and encodings), `netconfig.rs` (.NET XML
//! connection strings), `products.rs` (profiles → folders, data drive),
//! `medatixx_files.rs` (WINACS.INI, ServiceProvider.ini, Server.Host.config),
//! `path_value.rs` (a value that should name a folder, or why it does not),
//! `databases.rs` (server database list vs. profiles), `undecided.rs`,
//! `starter.rs` (the YAML written).

pub mod databases;
pub mod ini;
mod medatixx_files;
pub mod netconfig;
pub mod path_value;
mod products;
pub mod starter;
mod undecided;
pub mod yaml_text;

use std::path::PathBuf;

use serde::Serialize;

use crate::config::{ConfigPath, HostContext, PathProblem, Profile};

pub use undecided::{where_from, Undecided};

/// Where a finding came from: a file or folder in Windows notation, and the
/// key inside it (`[Pfade] Text`, `connectionStrings/add[@name='lx2']`), or
/// `None` when the folder's existence is the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub file: String,
    pub key: Option<String>,
}

impl Evidence {
    fn folder(path: &ConfigPath) -> Evidence {
        Evidence {
            file: path.windows_string(),
            key: None,
        }
    }
}

/// A product found: the profile that describes it and every path of that
/// profile with whether it exists.
#[derive(Clone, Debug, Serialize)]
pub struct Product {
    /// The profile's name (`x.isynet`), as tresor.yaml's `profiles:` takes it.
    pub profile: String,
    pub title: String,
    pub evidence: Vec<Evidence>,
    pub paths: Vec<PathState>,
}

/// One path of a found product's profile, on the chosen data drive.
#[derive(Clone, Debug, Serialize)]
pub struct PathState {
    /// Windows notation (`C:\DConcept\DEDATA`).
    pub path: String,
    pub optional: bool,
    pub exists: bool,
}

/// A folder a product's files name that its profile does not cover (e.g. a
/// `WINACS.INI` path on another drive): it becomes an entry of `sources:`.
#[derive(Clone, Debug, Serialize)]
pub struct ExtraSource {
    /// Windows notation.
    pub path: String,
    pub label: String,
    pub product: String,
    pub exists: bool,
    pub evidence: Evidence,
}

/// A SQL Server connection string found in a product's files.
#[derive(Clone, Debug, Serialize)]
pub struct SqlFound {
    /// As written in the file (it may hold a password: see [`mask_password`]).
    #[serde(skip)]
    pub connection: String,
    /// The same with any password replaced by `***` (for screens and JSON).
    #[serde(rename = "connection")]
    pub shown: String,
    /// `host\INSTANCE` or `host,port` as tresor understands it.
    pub server: String,
    /// `Initial Catalog` / `Database`, when the string names one.
    pub database: Option<String>,
    pub evidence: Evidence,
}

/// A plain fact read from a file that decides nothing by itself but helps
/// the IT partner (`Hostname`, `PVSTName`).
#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    pub name: String,
    pub value: String,
    pub evidence: Evidence,
}

/// Everything `detect` found, and what it could not decide.
#[derive(Clone, Debug, Serialize)]
pub struct Detection {
    /// The drive the profiles' rooted paths (`\DConcept\…`) live on.
    pub data_drive: char,
    pub products: Vec<Product>,
    pub sources: Vec<ExtraSource>,
    pub sql: Vec<SqlFound>,
    pub facts: Vec<Fact>,
    /// UNC shares (`\\server\share`) the found paths lie on.
    pub shares: Vec<String>,
    /// The databases the server listed (`None`: not asked or not reached).
    pub server_databases: Option<Vec<String>>,
    /// The connection string the starter config gets: the one given on the
    /// command line, else the first one found (may hold a password).
    #[serde(skip)]
    pub connection: Option<String>,
    #[serde(skip)]
    pub undecided: Vec<Undecided>,
}

/// A value of a product's file that should name a folder but names none
/// tresor can use (JSON `unusable_paths`, docs/output.md).
#[derive(Clone, Debug, Serialize)]
pub struct UnusablePath {
    /// As written in the file.
    pub value: String,
    pub reason: path_value::PathDoubt,
    pub evidence: Evidence,
}

impl Detection {
    /// Every [`Undecided::NotAPath`], for JSON.
    pub fn unusable_paths(&self) -> Vec<UnusablePath> {
        self.undecided
            .iter()
            .filter_map(|u| match u {
                Undecided::NotAPath {
                    value,
                    reason,
                    evidence,
                } => Some(UnusablePath {
                    value: value.clone(),
                    reason: *reason,
                    evidence: evidence.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    /// The profile names for `profiles:`, in profile order.
    pub fn profile_names(&self) -> Vec<&str> {
        self.products.iter().map(|p| p.profile.as_str()).collect()
    }

    /// Required databases (not optional) of the found products: (name or
    /// pattern, profile).
    pub fn required_databases<'a>(&self, profiles: &'a [Profile]) -> Vec<(&'a str, &'a str)> {
        profiles
            .iter()
            .filter(|p| self.products.iter().any(|f| f.profile == p.name))
            .flat_map(|p| {
                p.databases
                    .iter()
                    .filter(|d| !d.optional)
                    .map(move |d| (d.name.as_str(), p.name.as_str()))
            })
            .collect()
    }
}

/// What to scan: how Windows paths map to local folders, which drive
/// letters exist, and the profiles that describe the products.
pub struct Scan<'a> {
    pub host: &'a HostContext,
    /// Drive letters to look for rooted profile paths on (upper case, C first).
    pub drives: Vec<char>,
    pub profiles: &'a [Profile],
    /// A connection string given on the command line (`--sql CONNECTION`):
    /// it wins over the ones in the files.
    pub sql_given: Option<String>,
}

impl Scan<'_> {
    /// The local path of a Windows path (`None`: a drive or share not mapped).
    pub fn local(&self, path: &ConfigPath) -> Option<PathBuf> {
        path.resolve(self.host).ok()
    }

    /// Whether the Windows path exists (file or folder).
    pub fn exists(&self, path: &ConfigPath) -> bool {
        self.local(path).is_some_and(|p| p.exists())
    }

    /// Parses a Windows path with `data_drive` for rooted ones.
    pub fn parse(text: &str, data_drive: char) -> Option<ConfigPath> {
        Scan::parse_checked(text, data_drive).ok()
    }

    /// [`Scan::parse`] with the reason a text is no path.
    pub fn parse_checked(text: &str, data_drive: char) -> Result<ConfigPath, PathProblem> {
        ConfigPath::parse(text, &HostContext::windows(), data_drive)
    }
}

/// Scans the drive root: products, their files, connection strings.
pub fn detect(scan: &Scan<'_>) -> Detection {
    let mut undecided = Vec::new();
    let files = medatixx_files::read_all(scan, &mut undecided);
    let found = products::find(scan, &files, &mut undecided);
    let mut d = Detection {
        data_drive: found.data_drive,
        products: found.products,
        sources: Vec::new(),
        sql: files.sql.clone(),
        facts: files.facts.clone(),
        shares: Vec::new(),
        server_databases: None,
        connection: None,
        undecided,
    };
    products::place_hints(scan, &files.hints, &mut d);
    undecided::sql_choices(&mut d, scan.profiles, scan.sql_given.as_deref());
    d
}

/// The connection string with the value of `Password`/`Pwd` replaced by
/// `***`, for screens, JSON and comments.
pub fn mask_password(connection: &str) -> String {
    connection
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((k, _))
                if matches!(k.trim().to_ascii_lowercase().as_str(), "password" | "pwd") =>
            {
                format!("{k}=***")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mounts;
    use std::fs;
    use std::path::Path;

    fn file(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Detects below `root` with drives C and D mapped to `root/C`, `root/D`.
    fn run(root: &Path) -> Detection {
        let host = HostContext::posix(
            Mounts::default()
                .with_drive('C', root.join("C"))
                .with_drive('D', root.join("D")),
        );
        let profiles = crate::config::embedded_profiles().unwrap();
        detect(&Scan {
            host: &host,
            drives: vec!['C', 'D'],
            profiles: &profiles,
            sql_given: None,
        })
    }

    #[test]
    fn a_product_on_drive_d_makes_d_the_data_drive() {
        let t = tempfile::tempdir().unwrap();
        for d in ["DATEN", "USER"] {
            file(t.path(), &format!("D/DOC2/{d}/x"), "x");
        }
        let d = run(t.path());
        assert_eq!(d.data_drive, 'D');
        assert_eq!(d.profile_names(), ["x.comfort"]);
        assert!(d.undecided.is_empty(), "{:?}", d.undecided);
        assert_eq!(d.products[0].paths[0].path, r"D:\DOC2\DATEN");
        // On Windows (no drive root) the starter reads as it is.
        for lang in [crate::i18n::Language::De, crate::i18n::Language::En] {
            let yaml = starter::starter_yaml(
                &d,
                &starter::StarterOptions {
                    lang,
                    root: None,
                    date: "2026-12-01".into(),
                },
            );
            assert!(!yaml.contains("drives:"), "{yaml}");
            let cfg = crate::config::parse(&yaml, "t.yaml", &HostContext::windows()).unwrap();
            assert_eq!(cfg.data_drive, 'D');
            assert_eq!(cfg.profiles[0].name, "x.comfort");
        }
    }

    #[test]
    fn folders_on_two_drives_and_two_servers_stay_open() {
        let t = tempfile::tempdir().unwrap();
        for d in ["DEDATA", "DETEXT"] {
            file(t.path(), &format!("C/DConcept/{d}/x"), "x");
        }
        for d in ["Profil", "Rechnung", "Text", "Vorlage"] {
            file(t.path(), &format!("D/WINACS/{d}/x"), "x");
        }
        file(
            t.path(),
            "D/WINACS/Text/ServiceProvider/ServiceProvider.ini",
            "ConnectionString=Data Source=PRAXIS\\XISYNET;Initial Catalog=WINACS;User ID=sa;Password=geheim\r\n",
        );
        file(
            t.path(),
            "C/ProgramData/medatixx/lx2 Server/Server.Host.config",
            "<configuration><connectionStrings><add name='a' connectionString='Data Source=.\\MEDATIXX'/></connectionStrings></configuration>",
        );
        let d = run(t.path());
        assert_eq!(d.profile_names(), ["x.concept", "x.isynet", "medatixx"]);
        assert_eq!(d.data_drive, 'C');
        let codes: Vec<&str> = d.undecided.iter().map(Undecided::code).collect();
        assert!(codes.contains(&"detect_data_drive"), "{codes:?}");
        assert!(codes.contains(&"detect_sql_ambiguous"), "{codes:?}");
        // x.isynet's folders are on D, so on the data drive C they are missing.
        assert!(codes.contains(&"detect_path_missing"), "{codes:?}");
        let isynet = d.sql.iter().find(|s| s.server.contains("XISYNET")).unwrap();
        assert_eq!(
            isynet.shown,
            r"Data Source=PRAXIS\XISYNET;Initial Catalog=WINACS;User ID=sa;Password=***"
        );
        assert_eq!(isynet.database.as_deref(), Some("WINACS"));
        // The first connection found goes into the config.
        assert_eq!(d.connection.as_deref(), Some(d.sql[0].connection.as_str()));
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            mask_password("Server=x;User ID=sa;Password=geheim;Encrypt=no"),
            "Server=x;User ID=sa;Password=***;Encrypt=no"
        );
        assert_eq!(
            mask_password("Data Source=.\\A; PWD = x"),
            "Data Source=.\\A; PWD =***"
        );
    }
}

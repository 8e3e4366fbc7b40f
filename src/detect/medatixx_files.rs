//! The products' own files that say where things are:
//!
//! - `WINACS.INI` (x.isynet / x.vianova), section `[Pfade]`: every value
//!   names a folder of the practice's data; one tresor cannot use (relative,
//!   `..`, `%VARIABLE%`, empty …) is an open question, see [`path_value`]. Looked for
//!   in `\WINACS` on every drive and in `C:\Windows` (where 16-bit-era
//!   programs kept their INI files).
//! - `WINACS\Text\ServiceProvider\ServiceProvider.ini` (the medatixx service
//!   provider): `PVSTName` (which practice system it serves), `PVSDDataPath`
//!   (that system's data folder), `ConnectionString` (its SQL Server) and
//!   `Hostname` (the server it runs on), in whatever section; any other
//!   key whose name says folder (`…Path`, `…Dir`) is read like `PVSDDataPath`.
//! - `C:\ProgramData\medatixx\lx2 Server\Server.Host.config` (medatixx, the
//!   path of profiles/medatixx.yaml): its connection strings, and its
//!   `appSettings` that name a folder (by key name or value).
//!
//! The file locations and key names are those of issue 14 and the shipped
//! profiles; no public vendor documentation of these files was at hand.

use super::ini::{unquote, Entry, Ini};
use super::{netconfig, path_value};
use super::{Evidence, Fact, Scan, SqlFound, Undecided};
use crate::config::ConfigPath;
use crate::source::sqlserver::parse_connection_string;

/// The lx2 server's configuration file (profiles/medatixx.yaml).
pub const SERVER_HOST_CONFIG: &str = r"C:\ProgramData\medatixx\lx2 Server\Server.Host.config";
/// The service provider's INI below the x.isynet folder.
pub const SERVICE_PROVIDER_INI: &str = r"\WINACS\Text\ServiceProvider\ServiceProvider.ini";

/// A folder a product's file names.
#[derive(Clone, Debug)]
pub struct Hint {
    pub path: ConfigPath,
    /// The key that named it (`Text`, `PVSDDataPath`), as a label.
    pub label: String,
    /// Profile name of the product the file belongs to.
    pub product: String,
    pub evidence: Evidence,
}

/// What the files said.
#[derive(Default)]
pub struct Files {
    pub hints: Vec<Hint>,
    pub sql: Vec<SqlFound>,
    pub facts: Vec<Fact>,
    /// (profile name, evidence): a file that shows the product is installed.
    pub products: Vec<(String, Evidence)>,
}

/// Reads every file above that exists.
pub fn read_all(scan: &Scan<'_>, undecided: &mut Vec<Undecided>) -> Files {
    let mut files = Files::default();
    let mut winacs_ini: Vec<ConfigPath> = scan
        .drives
        .iter()
        .filter_map(|d| Scan::parse(r"\WINACS\WINACS.INI", *d))
        .collect();
    winacs_ini.extend(Scan::parse(r"C:\Windows\WINACS.INI", 'C'));
    for path in winacs_ini {
        if let Some(ini) = read_ini(scan, &path, undecided) {
            winacs(&path, &ini, &mut files, undecided);
        }
    }
    for d in &scan.drives {
        let Some(path) = Scan::parse(SERVICE_PROVIDER_INI, *d) else {
            continue;
        };
        if let Some(ini) = read_ini(scan, &path, undecided) {
            service_provider(scan, &path, &ini, &mut files, undecided);
        }
    }
    if let Some(path) = Scan::parse(SERVER_HOST_CONFIG, 'C') {
        server_host_config(scan, &path, &mut files, undecided);
    }
    files
}

fn read_bytes(
    scan: &Scan<'_>,
    path: &ConfigPath,
    undecided: &mut Vec<Undecided>,
) -> Option<Vec<u8>> {
    let local = scan.local(path)?;
    if !local.is_file() {
        return None;
    }
    match std::fs::read(&local) {
        Ok(b) => Some(b),
        Err(e) => {
            undecided.push(Undecided::FileUnreadable {
                file: path.windows_string(),
                reason: e.to_string(),
            });
            None
        }
    }
}

fn read_ini(scan: &Scan<'_>, path: &ConfigPath, undecided: &mut Vec<Undecided>) -> Option<Ini> {
    read_bytes(scan, path, undecided).map(|b| Ini::from_bytes(&b))
}

fn evidence(path: &ConfigPath, key: String) -> Evidence {
    Evidence {
        file: path.windows_string(),
        key: Some(key),
    }
}

/// `[Pfade]`: every entry names a folder of x.isynet; one tresor cannot use
/// is an open question with its raw value, never dropped.
fn winacs(path: &ConfigPath, ini: &Ini, files: &mut Files, undecided: &mut Vec<Undecided>) {
    files
        .products
        .push(("x.isynet".into(), Evidence::folder(path)));
    for e in ini.section("Pfade") {
        let at = evidence(path, format!("[{}] {}", e.section, e.key));
        folder_value(e, "x.isynet", at, files, undecided);
    }
}

/// A value that should name a folder: a hint when it does, else an
/// [`Undecided::NotAPath`] with the value as written and the reason.
fn folder_value(
    e: &Entry,
    product: &str,
    at: Evidence,
    files: &mut Files,
    undecided: &mut Vec<Undecided>,
) {
    match path_value::folder(&e.value) {
        Ok(p) => files.hints.push(Hint {
            path: p,
            label: e.key.clone(),
            product: product.to_string(),
            evidence: at,
        }),
        Err(reason) => undecided.push(Undecided::NotAPath {
            value: e.raw.clone(),
            reason,
            evidence: at,
        }),
    }
}

fn service_provider(
    scan: &Scan<'_>,
    path: &ConfigPath,
    ini: &Ini,
    files: &mut Files,
    undecided: &mut Vec<Undecided>,
) {
    let key = |e: &super::ini::Entry| {
        if e.section.is_empty() {
            e.key.clone()
        } else {
            format!("[{}] {}", e.section, e.key)
        }
    };
    // The practice system it serves; it sits inside \WINACS, so x.isynet
    // unless PVSTName names another product a profile knows.
    let mut product = "x.isynet".to_string();
    if let Some(e) = ini.find("PVSTName") {
        if let Some(p) = scan.profiles.iter().find(|p| same_product(p, &e.value)) {
            product = p.name.clone();
        }
        files.facts.push(Fact {
            name: "PVSTName".into(),
            value: e.value.clone(),
            evidence: evidence(path, key(e)),
        });
    }
    files
        .products
        .push((product.clone(), Evidence::folder(path)));
    if let Some(e) = ini.find("Hostname") {
        files.facts.push(Fact {
            name: "Hostname".into(),
            value: e.value.clone(),
            evidence: evidence(path, key(e)),
        });
    }
    // `PVSDDataPath` and any other key whose name says folder, also empty.
    for e in ini
        .entries
        .iter()
        .filter(|e| path_value::names_a_folder(&e.key))
    {
        folder_value(e, &product, evidence(path, key(e)), files, undecided);
    }
    if let Some(e) = ini
        .entries
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case("ConnectionString"))
    {
        connection(&e.value, evidence(path, key(e)), files, undecided);
    }
}

/// `x.isynet` answers to `X.ISYNET`, `xisynet`, `x.vianova`, `x.isynet 2.3`…
fn same_product(p: &crate::config::Profile, value: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let v = norm(value);
    std::iter::once(&p.name)
        .chain(&p.aliases)
        .any(|n| !v.is_empty() && v.starts_with(&norm(n)))
}

fn server_host_config(
    scan: &Scan<'_>,
    path: &ConfigPath,
    files: &mut Files,
    undecided: &mut Vec<Undecided>,
) {
    let Some(bytes) = read_bytes(scan, path, undecided) else {
        return;
    };
    let text = super::ini::decode(&bytes);
    let read = netconfig::connection_strings(&text)
        .and_then(|c| netconfig::app_settings(&text).map(|a| (c, a)));
    match read {
        Ok((connections, settings)) => {
            for f in connections {
                connection(&f.value, evidence(path, f.key), files, undecided);
            }
            // A setting that names a folder (`DataPath`, or a value like
            // `D:\lx2\Daten`) is a folder of medatixx, or an open question.
            for s in settings {
                let raw = s.value.trim();
                let e = Entry {
                    section: String::new(),
                    key: s.name.clone(),
                    value: unquote(raw).to_string(),
                    raw: raw.to_string(),
                };
                if path_value::names_a_folder(&s.name) || path_value::folder(&e.value).is_ok() {
                    folder_value(&e, "medatixx", evidence(path, s.key), files, undecided);
                }
            }
        }
        Err(reason) => undecided.push(Undecided::FileUnreadable {
            file: path.windows_string(),
            reason,
        }),
    }
}

fn connection(value: &str, evidence: Evidence, files: &mut Files, undecided: &mut Vec<Undecided>) {
    // A line break or other control character cannot be written into
    // tresor.yaml (the config reader refuses it; raw it would end the line).
    if value.chars().any(super::yaml_text::unsafe_char) {
        undecided.push(Undecided::ConnectionControl { evidence });
        return;
    }
    match parse_connection_string(value) {
        Ok(partial) => files.sql.push(SqlFound {
            connection: value.to_string(),
            shown: super::mask_password(value),
            server: partial.server.to_string(),
            database: partial.database,
            evidence,
        }),
        Err(e) => undecided.push(Undecided::ConnectionUnusable {
            reason: e.to_string(),
            evidence,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_names_match_loosely() {
        let all = crate::config::embedded_profiles().unwrap();
        let isynet = all.iter().find(|p| p.name == "x.isynet").unwrap();
        assert!(same_product(isynet, "X.ISYNET"));
        assert!(same_product(isynet, "x.vianova 3"));
        assert!(same_product(isynet, "xisynet"));
        assert!(!same_product(isynet, "x.concept"));
        assert!(!same_product(isynet, ""));
    }
}

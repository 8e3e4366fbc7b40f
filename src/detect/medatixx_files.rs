//! The products' own files that say where things are:
//!
//! - `WINACS.INI` (x.isynet / x.vianova), section `[Pfade]`: every value
//!   that is a Windows path is a folder of the practice's data. Looked for
//!   in `\WINACS` on every drive and in `C:\Windows` (where 16-bit-era
//!   programs kept their INI files).
//! - `WINACS\Text\ServiceProvider\ServiceProvider.ini` (the medatixx service
//!   provider): `PVSTName` (which practice system it serves), `PVSDDataPath`
//!   (that system's data folder), `ConnectionString` (its SQL Server) and
//!   `Hostname` (the server it runs on), in whatever section.
//! - `C:\ProgramData\medatixx\lx2 Server\Server.Host.config` (medatixx, the
//!   path of profiles/medatixx.yaml): its connection strings.
//!
//! The file locations and key names are those of issue 14 and the shipped
//! profiles; no public vendor documentation of these files was at hand.

use super::ini::Ini;
use super::netconfig;
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
            winacs(&path, &ini, &mut files);
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

/// `[Pfade]`: each path-valued entry is a hint for x.isynet.
fn winacs(path: &ConfigPath, ini: &Ini, files: &mut Files) {
    files
        .products
        .push(("x.isynet".into(), Evidence::folder(path)));
    for e in ini.section("Pfade") {
        if let Some(p) = windows_path(&e.value) {
            files.hints.push(Hint {
                path: p,
                label: e.key.clone(),
                product: "x.isynet".into(),
                evidence: evidence(path, format!("[{}] {}", e.section, e.key)),
            });
        }
    }
}

/// A drive or UNC path (`C:\x`, `\\nas\share\x`); rooted or relative values
/// and anything else (`Dr. Müller`) are not paths of a folder.
fn windows_path(value: &str) -> Option<ConfigPath> {
    let v = value.trim();
    let drive = v.as_bytes().get(1) == Some(&b':') && v.as_bytes()[0].is_ascii_alphabetic();
    if !(drive || v.starts_with(r"\\")) {
        return None;
    }
    let p = Scan::parse(v, 'C')?;
    match &p {
        ConfigPath::Drive { components, .. } if components.is_empty() => None,
        _ => Some(p),
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
    if let Some(e) = ini.find("PVSDDataPath") {
        match windows_path(&e.value) {
            Some(p) => files.hints.push(Hint {
                path: p,
                label: e.key.clone(),
                product: product.clone(),
                evidence: evidence(path, key(e)),
            }),
            None => undecided.push(Undecided::NotAPath {
                value: e.value.clone(),
                evidence: evidence(path, key(e)),
            }),
        }
    }
    if let Some(e) = ini.find("ConnectionString") {
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
    match netconfig::connection_strings(&super::ini::decode(&bytes)) {
        Ok(found) => {
            for f in found {
                connection(&f.value, evidence(path, f.key), files, undecided);
            }
        }
        Err(reason) => undecided.push(Undecided::FileUnreadable {
            file: path.windows_string(),
            reason,
        }),
    }
}

fn connection(value: &str, evidence: Evidence, files: &mut Files, undecided: &mut Vec<Undecided>) {
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
    fn only_drive_and_unc_values_are_paths() {
        assert!(windows_path(r"C:\WINACS\Text").is_some());
        assert!(windows_path(r"\\NAS\Praxis\WINACS").is_some());
        assert!(windows_path("Dr. Müller").is_none());
        assert!(windows_path(r"C:\").is_none());
        assert!(windows_path(r"Text\Briefe").is_none());
    }

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

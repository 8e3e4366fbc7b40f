//! Which products are installed, on which drive, and which of their
//! profile's paths exist; where the folders the products' files name fit in.
//!
//! A product is installed when its profile's anchor exists — the top folder
//! of a rooted path (`\DConcept`, `\DOC2`, `\WINACS`) on any drive, the
//! folder holding a `kind: config` file (`C:\ProgramData\medatixx\lx2 Server`),
//! a `kind: data` folder at a fixed place — or when one of its own files
//! (WINACS.INI, ServiceProvider.ini) was found.

use super::medatixx_files::{Files, Hint};
use super::{Detection, Evidence, ExtraSource, PathState, Product, Scan, Undecided};
use crate::config::{ConfigPath, PathKind, Profile};

/// The products and the data drive.
pub struct Found {
    pub data_drive: char,
    pub products: Vec<Product>,
}

/// Finds the products (in profile order).
pub fn find(scan: &Scan<'_>, files: &Files, undecided: &mut Vec<Undecided>) -> Found {
    // (profile, evidence, drives its rooted anchor was found on)
    let mut hits: Vec<(&Profile, Vec<Evidence>, Vec<char>)> = Vec::new();
    for p in scan.profiles {
        let mut evidence = Vec::new();
        let mut drives = Vec::new();
        for item in &p.paths {
            if item.path.starts_with('\\') && !item.path.starts_with(r"\\") {
                let Some(ConfigPath::Drive { components, .. }) = Scan::parse(&item.path, 'C')
                else {
                    continue;
                };
                let Some(top) = components.first() else {
                    continue;
                };
                for d in &scan.drives {
                    let anchor = ConfigPath::Drive {
                        letter: *d,
                        components: vec![top.clone()],
                    };
                    if scan.exists(&anchor) && !drives.contains(d) {
                        drives.push(*d);
                        evidence.push(Evidence::folder(&anchor));
                    }
                }
            } else if let Some(path) = Scan::parse(&item.path, 'C') {
                let anchor = match item.kind {
                    PathKind::Config => parent(&path),
                    PathKind::Data => path,
                };
                let ev = Evidence::folder(&anchor);
                if scan.exists(&anchor) && !evidence.contains(&ev) {
                    evidence.push(ev);
                }
            }
        }
        for (name, ev) in &files.products {
            if *name == p.name && !evidence.contains(ev) {
                evidence.push(ev.clone());
            }
        }
        if !evidence.is_empty() {
            hits.push((p, evidence, drives));
        }
    }
    let mut all_drives: Vec<char> = Vec::new();
    for (_, _, drives) in &hits {
        for d in drives {
            if !all_drives.contains(d) {
                all_drives.push(*d);
            }
        }
    }
    all_drives.sort();
    let data_drive = match all_drives.as_slice() {
        [] => 'C',
        [one] => *one,
        several => {
            let chosen = if several.contains(&'C') {
                'C'
            } else {
                several[0]
            };
            undecided.push(Undecided::DataDrive {
                drives: several.iter().map(|d| format!("{d}:")).collect(),
                chosen: format!("{chosen}:"),
            });
            chosen
        }
    };
    let products = hits
        .into_iter()
        .map(|(p, evidence, _)| {
            let paths = p
                .paths
                .iter()
                .map(|item| {
                    let parsed = Profile::parsed_path(item, data_drive);
                    let exists = scan.exists(&parsed);
                    if !exists && !item.optional {
                        undecided.push(Undecided::PathMissing {
                            path: parsed.windows_string(),
                            product: p.name.clone(),
                        });
                    }
                    PathState {
                        path: parsed.windows_string(),
                        optional: item.optional,
                        exists,
                    }
                })
                .collect();
            Product {
                profile: p.name.clone(),
                title: p.title.clone(),
                evidence,
                paths,
            }
        })
        .collect();
    Found {
        data_drive,
        products,
    }
}

fn parent(path: &ConfigPath) -> ConfigPath {
    let mut p = path.clone();
    match &mut p {
        ConfigPath::Drive { components, .. }
        | ConfigPath::Unc { components, .. }
        | ConfigPath::Posix { components } => {
            components.pop();
        }
    }
    p
}

/// The folders the products' files name: inside (or the root of) a found
/// product's profile paths → nothing to add; elsewhere → an extra source
/// when it exists, an undecided item when it does not; on a share → also
/// an undecided item (the job needs the share, and the profile's folders
/// on the data drive may not be where the data is).
pub fn place_hints(scan: &Scan<'_>, hints: &[Hint], d: &mut Detection) {
    for h in hints {
        let covered = d.products.iter().any(|p| {
            p.paths.iter().any(|ps| {
                Scan::parse(&ps.path, d.data_drive)
                    .is_some_and(|pp| below(&h.path, &pp) || below(&pp, &h.path))
            })
        });
        if covered {
            continue;
        }
        // The practice software's own backup folder on the cartridge: as a
        // source the repository would be backed up into itself (the config
        // check refuses it too).
        if let Some(rdx) = Scan::parse(super::starter::RDX_PATH, d.data_drive) {
            if below(&h.path, &rdx) || below(&rdx, &h.path) {
                d.undecided.push(Undecided::SourceInDestination {
                    path: h.path.windows_string(),
                    destination: rdx.windows_string(),
                    evidence: h.evidence.clone(),
                });
                continue;
            }
        }
        if let ConfigPath::Unc { server, share, .. } = &h.path {
            let s = format!(r"\\{server}\{share}");
            if !d.shares.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
                d.shares.push(s);
            }
            d.undecided.push(Undecided::OnShare {
                path: h.path.windows_string(),
                product: h.product.clone(),
                evidence: h.evidence.clone(),
            });
        }
        let path = h.path.windows_string();
        if d.sources.iter().any(|s| s.path.eq_ignore_ascii_case(&path)) {
            continue;
        }
        let exists = scan.exists(&h.path);
        if !exists {
            d.undecided.push(Undecided::HintMissing {
                path: path.clone(),
                evidence: h.evidence.clone(),
            });
        }
        d.sources.push(ExtraSource {
            path,
            // A key name is free text: a control character in it is shown
            // as its escape (tresor.yaml takes none, see yaml_text).
            label: super::yaml_text::comment(&format!("{} {}", h.product, h.label)),
            product: h.product.clone(),
            exists,
            evidence: h.evidence.clone(),
        });
    }
}

/// `a` is `b` or lies below it (Windows: case-insensitive).
fn below(a: &ConfigPath, b: &ConfigPath) -> bool {
    let same = |x: &[String], y: &[String]| {
        x.len() >= y.len()
            && x.iter()
                .zip(y)
                .all(|(p, q)| p.to_lowercase() == q.to_lowercase())
    };
    match (a, b) {
        (
            ConfigPath::Drive {
                letter: la,
                components: ca,
            },
            ConfigPath::Drive {
                letter: lb,
                components: cb,
            },
        ) => la == lb && same(ca, cb),
        (
            ConfigPath::Unc {
                server: sa,
                share: ha,
                components: ca,
            },
            ConfigPath::Unc {
                server: sb,
                share: hb,
                components: cb,
            },
        ) => sa.eq_ignore_ascii_case(sb) && ha.eq_ignore_ascii_case(hb) && same(ca, cb),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ConfigPath {
        Scan::parse(s, 'C').unwrap()
    }

    #[test]
    fn below_is_case_insensitive_and_per_drive() {
        assert!(below(&p(r"C:\WINACS\Text\x"), &p(r"c:\winacs\TEXT")));
        assert!(below(&p(r"C:\WINACS"), &p(r"C:\WINACS")));
        assert!(!below(&p(r"D:\WINACS\Text"), &p(r"C:\WINACS")));
        assert!(!below(&p(r"C:\WINACS"), &p(r"C:\WINACS\Text")));
        assert!(below(&p(r"\\nas\Praxis\a"), &p(r"\\NAS\praxis")));
        assert!(!below(&p(r"\\nas\Praxis"), &p(r"C:\x")));
    }
}

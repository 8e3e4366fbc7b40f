//! Checks across sections, after the typed config is built: every job's
//! destination exists, no source holds or lies inside a local destination
//! (the repository would be backed up into itself), every recovery key is
//! an age public key. Positions come
//! from the YAML tree by path (`jobs.nightly.destination`, `keys.recovery.1`).

use std::path::Path;
use std::str::FromStr;

use super::error::{ConfigError, ErrorKind};
use super::model::{Config, DestinationKind};
use super::read::Doc;
use super::suggest::closest;
use super::yaml::Node;

/// Runs all cross-section checks.
pub fn check(doc: Doc<'_>, root: &Node, config: &Config) -> Result<(), ConfigError> {
    check_job_destinations(doc, root, config)?;
    check_sources_outside_destinations(doc, root, config)?;
    check_recipients(doc, root, config)
}

/// A source that is a local destination, lies inside one or contains one
/// would put the repository into its own snapshots (and grow them each
/// night). Compared on the resolved paths — after `drives:`/`unc:`, so two
/// spellings of one folder meet — component by component and
/// case-insensitively, as Windows compares paths
/// (<https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file>).
fn check_sources_outside_destinations(
    doc: Doc<'_>,
    root: &Node,
    config: &Config,
) -> Result<(), ConfigError> {
    for dest in config.destinations.values() {
        let DestinationKind::Local { path, display } = &dest.kind else {
            continue;
        };
        for source in config.jobs.values().flat_map(|j| &j.sources) {
            let inside = contains(path, &source.path);
            if !inside && !contains(&source.path, path) {
                continue;
            }
            let pos = root
                .lookup(&format!("destinations.{}.path", dest.name))
                .map(|n| n.pos);
            return Err(ConfigError::at(
                doc.origin,
                pos,
                ErrorKind::SourceInDestination {
                    source: source.label.clone(),
                    source_path: source.path.display().to_string(),
                    destination: dest.name.clone(),
                    destination_path: display.clone(),
                    inside,
                },
            ));
        }
    }
    Ok(())
}

/// `outer` is `inner` or one of its parent folders (case-insensitive).
pub fn contains(outer: &Path, inner: &Path) -> bool {
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
            .collect()
    };
    let (o, i) = (parts(outer), parts(inner));
    !o.is_empty() && i.len() >= o.len() && i[..o.len()] == o[..]
}

fn check_job_destinations(doc: Doc<'_>, root: &Node, config: &Config) -> Result<(), ConfigError> {
    let defined: Vec<String> = config.destinations.keys().cloned().collect();
    for job in config.jobs.values() {
        for (i, m) in job.mirrors.iter().enumerate() {
            let pos = root
                .lookup(&format!("jobs.{}.mirrors.{i}", job.name))
                .map(|n| n.pos);
            if *m == job.destination {
                return Err(ConfigError::at(
                    doc.origin,
                    pos,
                    ErrorKind::MirrorIsDestination {
                        job: job.name.clone(),
                        value: m.clone(),
                    },
                ));
            }
            if !config.destinations.contains_key(m) {
                return Err(ConfigError::at(
                    doc.origin,
                    pos,
                    ErrorKind::UnknownDestination {
                        job: job.name.clone(),
                        value: m.clone(),
                        suggestion: closest(m, &defined),
                        defined,
                    },
                ));
            }
        }
        if config.destinations.contains_key(&job.destination) {
            continue;
        }
        let pos = root
            .lookup(&format!("jobs.{}.destination", job.name))
            .map(|n| n.pos);
        return Err(ConfigError::at(
            doc.origin,
            pos,
            ErrorKind::UnknownDestination {
                job: job.name.clone(),
                value: job.destination.clone(),
                suggestion: closest(&job.destination, &defined),
                defined,
            },
        ));
    }
    Ok(())
}

fn check_recipients(doc: Doc<'_>, root: &Node, config: &Config) -> Result<(), ConfigError> {
    for (i, key) in config.keys.recovery.iter().enumerate() {
        if let Err(reason) = age::x25519::Recipient::from_str(key) {
            let pos = root.lookup(&format!("keys.recovery.{i}")).map(|n| n.pos);
            return Err(ConfigError::at(
                doc.origin,
                pos,
                ErrorKind::BadRecipient {
                    value: key.clone(),
                    reason: reason.to_string(),
                },
            ));
        }
    }
    Ok(())
}

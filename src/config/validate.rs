//! Checks across sections, after the typed config is built: every job's
//! destination exists, every recovery key is an age public key. Positions come
//! from the YAML tree by path (`jobs.nightly.destination`, `keys.recovery.1`).

use std::str::FromStr;

use super::error::{ConfigError, ErrorKind};
use super::model::Config;
use super::read::Doc;
use super::suggest::closest;
use super::yaml::Node;

/// Runs all cross-section checks.
pub fn check(doc: Doc<'_>, root: &Node, config: &Config) -> Result<(), ConfigError> {
    check_job_destinations(doc, root, config)?;
    check_recipients(doc, root, config)
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

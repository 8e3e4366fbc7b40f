//! `jobs:` and `retention:` in tresor.yaml. Without `jobs:` there are two:
//! `nightly` and `feierabend` (SQL `COPY_ONLY`), both to the first destination
//! written in the file. Every job backs up all sources and databases. A job's
//! `schedule:` defaults to `schedules/default.yaml` by job name, else manual.

use std::collections::BTreeMap;

use super::document::check_name;
use super::error::{ConfigError, ErrorKind};
use super::model::{DatabaseSpec, Destination, FileSource, Hook, Job, Retention};
use super::read::{join, Doc};
use super::schedule::{default_for, Schedule};
use super::yaml::Node;

const RETENTION_KEYS: &[&str] = &[
    "keep_last",
    "keep_daily",
    "keep_weekly",
    "keep_monthly",
    "keep_yearly",
];

/// Reads a retention block. Keys left out are 0; all 0 is refused.
pub fn read_retention(doc: Doc<'_>, node: &Node, section: &str) -> Result<Retention, ConfigError> {
    let f = doc.fields(node, section, RETENTION_KEYS)?;
    let mut v = [0u32; 5];
    for (slot, key) in v.iter_mut().zip(RETENTION_KEYS) {
        if let Some(n) = f.get(key) {
            // The range check makes the conversion lossless.
            *slot = u32::try_from(doc.number(n, &join(section, key), 0, u64::from(u32::MAX))?)
                .unwrap_or(u32::MAX);
        }
    }
    if v.iter().all(|n| *n == 0) {
        return Err(doc.err(
            node.pos,
            ErrorKind::RetentionKeepsNothing {
                field: section.to_string(),
            },
        ));
    }
    let [keep_last, keep_daily, keep_weekly, keep_monthly, keep_yearly] = v;
    Ok(Retention {
        keep_last,
        keep_daily,
        keep_weekly,
        keep_monthly,
        keep_yearly,
    })
}

/// `copy_only` when a job does not say: a conventional full backup would
/// become the base of the next differential backup, and differentials taken
/// by the vendor's or another tool would then need a `.bak` only tresor has
/// (https://learn.microsoft.com/sql/relational-databases/backup-restore/copy-only-backups-sql-server).
pub const COPY_ONLY_DEFAULT: bool = true;

/// Reads `jobs:` (or makes the default jobs). Destinations are checked in `validate.rs`.
pub fn read_jobs(
    doc: Doc<'_>,
    root: &Node,
    node: Option<&Node>,
    destinations: &[Destination],
    sources: &[FileSource],
    databases: &[DatabaseSpec],
    retention: Retention,
) -> Result<BTreeMap<String, Job>, ConfigError> {
    let job = |name: &str,
               destination: String,
               mirrors: Vec<String>,
               copy_only: bool,
               retention: Retention,
               schedule: Schedule| Job {
        name: name.to_string(),
        destination,
        mirrors,
        sources: sources.to_vec(),
        databases: databases.to_vec(),
        copy_only,
        retention,
        schedule,
        before: None,
        after: None,
        shadow_copy: false,
    };
    let mut out = BTreeMap::new();
    let entries = match node {
        Some(n) => doc.named(n, "jobs")?,
        None => Vec::new(),
    };
    if entries.is_empty() {
        let first = destinations
            .first()
            .map(|d| d.name.clone())
            .ok_or_else(|| {
                ConfigError::at(
                    doc.origin,
                    root.key_position("destinations"),
                    ErrorKind::NoDestinations,
                )
            })?;
        out.insert(
            "nightly".into(),
            job(
                "nightly",
                first.clone(),
                Vec::new(),
                COPY_ONLY_DEFAULT,
                retention,
                default_for("nightly"),
            ),
        );
        out.insert(
            "feierabend".into(),
            job(
                "feierabend",
                first,
                Vec::new(),
                true,
                retention,
                default_for("feierabend"),
            ),
        );
        return Ok(out);
    }
    for (name, key, value) in entries {
        check_name(doc, &name, key, "jobs")?;
        let section = join("jobs", &name);
        let f = doc.fields(
            value,
            &section,
            &[
                "destination",
                "mirrors",
                "copy_only",
                "retention",
                "schedule",
                "before",
                "after",
                "shadow_copy",
            ],
        )?;
        let destination = doc.text(
            f.required(doc, "destination")?,
            &join(&section, "destination"),
        )?;
        let mirrors = match f.get("mirrors") {
            Some(n) => doc
                .texts(n, &join(&section, "mirrors"))?
                .into_iter()
                .map(|m| m.trim().to_string())
                .collect(),
            None => Vec::new(),
        };
        let copy_only = match f.get("copy_only") {
            Some(n) => doc.boolean(n, &join(&section, "copy_only"))?,
            None => COPY_ONLY_DEFAULT,
        };
        let retention = match f.get("retention") {
            Some(n) => read_retention(doc, n, &join(&section, "retention"))?,
            None => retention,
        };
        let schedule = match f.get("schedule") {
            Some(n) => read_schedule(doc, n, &join(&section, "schedule"))?,
            None => default_for(&name),
        };
        let mut j = job(
            &name,
            destination.trim().to_string(),
            mirrors,
            copy_only,
            retention,
            schedule,
        );
        j.before = f
            .get("before")
            .map(|n| read_hook(doc, n, &join(&section, "before")))
            .transpose()?;
        j.after = f
            .get("after")
            .map(|n| read_hook(doc, n, &join(&section, "after")))
            .transpose()?;
        if let Some(n) = f.get("shadow_copy") {
            j.shadow_copy = doc.boolean(n, &join(&section, "shadow_copy"))?;
        }
        out.insert(name.clone(), j);
    }
    Ok(out)
}

/// Default time a `before:`/`after:` command may take (seconds).
pub const HOOK_TIMEOUT_DEFAULT: u32 = 300;

/// `before: 'net stop "x.concept"'` or `before: { run: '…', timeout_minutes: 10 }`.
fn read_hook(doc: Doc<'_>, node: &Node, field: &str) -> Result<Hook, ConfigError> {
    let (command, timeout_seconds) = match &node.value {
        super::yaml::Value::Map(_) => {
            let f = doc.fields(node, field, &["run", "timeout_minutes"])?;
            let command = doc.text(f.required(doc, "run")?, &join(field, "run"))?;
            let timeout = match f.get("timeout_minutes") {
                Some(n) => doc.number(n, &join(field, "timeout_minutes"), 1, 24 * 60)? as u32 * 60,
                None => HOOK_TIMEOUT_DEFAULT,
            };
            (command, timeout)
        }
        _ => (doc.text(node, field)?, HOOK_TIMEOUT_DEFAULT),
    };
    if command.trim().is_empty() {
        return Err(doc.err(
            node.pos,
            ErrorKind::WrongType {
                field: field.to_string(),
                expected: super::error::Shape::Text,
                found: super::error::Shape::Nothing,
            },
        ));
    }
    Ok(Hook {
        command: command.trim().to_string(),
        timeout_seconds,
    })
}

fn read_schedule(doc: Doc<'_>, node: &Node, field: &str) -> Result<Schedule, ConfigError> {
    let text = doc.text(node, field)?;
    Schedule::parse(&text).map_err(|problem| {
        doc.err(
            node.pos,
            ErrorKind::BadSchedule {
                field: field.to_string(),
                value: text.trim().to_string(),
                problem,
            },
        )
    })
}

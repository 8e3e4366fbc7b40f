//! `tresor snapshots`: what is on this medium, newest last.

use serde::Serialize;

use crate::error::{damage_text, Error};
use crate::i18n;
use crate::job::outcome;
use crate::repo::{Id, Snapshot};
use crate::tr;

use super::args::SnapshotsArgs;
use super::context::Ctx;
use super::{output, Outcome};

/// One snapshot in the JSON document: its id and every field it records.
#[derive(Serialize)]
struct Row<'a> {
    id: String,
    short_id: String,
    #[serde(flatten)]
    snapshot: &'a Snapshot,
    /// Every source and database of the job is in it.
    complete: bool,
    /// What the snapshot lacks, as typed warnings.
    lacks: Vec<crate::repo::snapshot::SnapshotWarning>,
}

pub fn run(ctx: &Ctx, a: &SnapshotsArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let repo = ctx.open(&a.repo, None)?;
    let list = repo.snapshots()?;
    let rows: Vec<Row> = list
        .ok
        .iter()
        .map(|(id, s): &(Id, Snapshot)| Row {
            id: id.to_string(),
            short_id: id.short(),
            snapshot: s,
            complete: s.is_complete(),
            lacks: s.lacks(),
        })
        .collect();
    output::field("snapshots", &rows);
    println!(
        "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}  {}",
        "ID",
        tr!(lang, "cli-snapshots-col-time"),
        tr!(lang, "cli-snapshots-col-job"),
        "Host",
        tr!(lang, "cli-snapshots-col-files"),
        tr!(lang, "cli-snapshots-col-size"),
        tr!(lang, "cli-snapshots-col-new"),
        outcome::status_header(lang),
    );
    for (id, s) in &list.ok {
        println!(
            "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}  {}",
            id.short(),
            s.time.format("%d.%m.%Y %H:%M"),
            s.job,
            s.host,
            s.summary.files,
            i18n::size(lang, s.summary.bytes),
            i18n::size(lang, s.summary.stored_bytes),
            if s.summary.suspicious {
                format!(
                    "{} – {}",
                    outcome::status(lang, s),
                    tr!(lang, "guard-snapshots-suspicious")
                )
            } else {
                outcome::status(lang, s)
            }
        );
    }
    println!(
        "{}",
        tr!(lang, "cli-snapshots-count", count = list.ok.len())
    );
    // Each damaged file is its own warning: it costs this one snapshot only.
    let label = tr!(lang, "cli-warning-label");
    for (key, damage) in &list.damaged {
        let (code, text) = unreadable_snapshot_file(lang, key, damage);
        output::warning(code, &label, text);
    }
    Ok(if list.damaged.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

/// A snapshot file that could not be read, as a warning code and message:
/// written for other keys (`snapshot_key_missing`) or damaged.
pub fn unreadable_snapshot_file(
    lang: crate::i18n::Language,
    key: &str,
    damage: &crate::repo::Damage,
) -> (&'static str, String) {
    let why = damage_text(lang, damage);
    match damage.is_key_missing() {
        true => (
            "snapshot_key_missing",
            tr!(lang, "cli-snapshot-file-locked", key = key, why = why),
        ),
        false => (
            "snapshot_damaged",
            tr!(lang, "cli-snapshot-file-damaged", key = key, why = why),
        ),
    }
}

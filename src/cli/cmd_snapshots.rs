//! `tresor snapshots`: what is on this medium, newest last.

use crate::error::{damage_text, Error};
use crate::job::outcome;
use crate::report::messages::size;

use super::args::RepoArgs;
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &RepoArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(a, None)?;
    let list = repo.snapshots()?;
    if a.json {
        let rows: Vec<_> = list
            .ok
            .iter()
            .map(|(id, s)| serde_json::json!({ "id": id, "time": s.time, "host": s.host, "job": s.job, "summary": s.summary, "sources": s.sources, "databases": s.databases, "recipients": s.recipients, "complete": s.is_complete(), "lacks": s.lacks() }))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    } else {
        println!(
            "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}  {}",
            "ID",
            ctx.t("Zeit", "Time"),
            "Job",
            "Host",
            ctx.t("Dateien", "Files"),
            ctx.t("Größe", "Size"),
            ctx.t("Neu", "New"),
            outcome::status_header(ctx.lang)
        );
        for (id, s) in &list.ok {
            println!(
                "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}  {}",
                id.short(),
                s.time.format("%d.%m.%Y %H:%M"),
                s.job,
                s.host,
                s.summary.files,
                size(s.summary.bytes),
                size(s.summary.stored_bytes),
                outcome::status(ctx.lang, s)
            );
        }
        println!(
            "{} {}",
            list.ok.len(),
            ctx.t("Sicherung(en)", "snapshot(s)")
        );
    }
    // Each damaged file is its own warning: it costs this one snapshot only.
    for (key, damage) in &list.damaged {
        let why = damage_text(damage, ctx.de());
        eprintln!(
            "{}",
            if ctx.de() {
                format!("Warnung: Die Sicherungsdatei {key} ist beschädigt: {why}. Diese eine Sicherung ist nicht lesbar; die übrigen sind davon nicht betroffen.")
            } else {
                format!("Warning: the snapshot file {key} is damaged: {why}. This one snapshot cannot be read; the others are not affected.")
            }
        );
    }
    Ok(if list.damaged.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

//! `tresor snapshots`: what is on this medium, newest last.

use crate::error::Error;
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
            .map(|(id, s)| serde_json::json!({ "id": id, "time": s.time, "host": s.host, "job": s.job, "summary": s.summary, "sources": s.sources, "recipients": s.recipients }))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    } else {
        println!(
            "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}",
            "ID",
            ctx.t("Zeit", "Time"),
            "Job",
            "Host",
            ctx.t("Dateien", "Files"),
            ctx.t("Größe", "Size"),
            ctx.t("Neu", "New")
        );
        for (id, s) in &list.ok {
            println!(
                "{:<10} {:<17} {:<12} {:<14} {:>8} {:>10} {:>10}",
                id.short(),
                s.time.format("%d.%m.%Y %H:%M"),
                s.job,
                s.host,
                s.summary.files,
                size(s.summary.bytes),
                size(s.summary.stored_bytes)
            );
        }
        println!(
            "{} {}",
            list.ok.len(),
            ctx.t("Sicherung(en)", "snapshot(s)")
        );
    }
    for (key, why) in &list.damaged {
        eprintln!("! {key}: {why}");
    }
    Ok(if list.damaged.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

//! `tresor forget` (retention: which snapshots go) and `tresor prune` (free
//! the space they held).

use crate::error::Error;
use crate::repo::prune;
use crate::repo::retention::{self, RetentionPolicy};
use crate::report::messages::size;

use super::args::{ForgetArgs, PruneArgs};
use super::context::Ctx;
use super::Outcome;

pub fn run_forget(ctx: &Ctx, a: &ForgetArgs) -> Result<Outcome, Error> {
    let from_flags = [
        a.keep_last,
        a.keep_daily,
        a.keep_weekly,
        a.keep_monthly,
        a.keep_yearly,
    ]
    .iter()
    .any(Option::is_some);
    let policy = if from_flags {
        RetentionPolicy {
            keep_last: a.keep_last.unwrap_or(0),
            keep_daily: a.keep_daily.unwrap_or(0),
            keep_weekly: a.keep_weekly.unwrap_or(0),
            keep_monthly: a.keep_monthly.unwrap_or(0),
            keep_yearly: a.keep_yearly.unwrap_or(0),
        }
    } else {
        let r = &ctx.need_config()?.retention;
        RetentionPolicy {
            keep_last: r.keep_last,
            keep_daily: r.keep_daily,
            keep_weekly: r.keep_weekly,
            keep_monthly: r.keep_monthly,
            keep_yearly: r.keep_yearly,
        }
    };
    policy.validate().map_err(|e| Error::Usage(e.to_string()))?;
    let repo = ctx.open(&a.repo, None)?;
    let list = repo.snapshots()?;
    let items: Vec<_> = list.ok.iter().map(|(id, s)| (*id, s.time)).collect();
    let decisions = retention::plan(&policy, &items);
    let mut removed = 0;
    for d in &decisions {
        let why = d
            .reasons
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if d.keep {
            println!(
                "{} {} {}  ({why})",
                ctx.t("behalten", "keep    "),
                d.item.short(),
                d.time.format("%d.%m.%Y %H:%M")
            );
        } else {
            println!(
                "{} {} {}",
                ctx.t("entfernen", "remove  "),
                d.item.short(),
                d.time.format("%d.%m.%Y %H:%M")
            );
            if !a.dry_run {
                repo.delete_snapshot(&d.item)?;
            }
            removed += 1;
        }
    }
    println!(
        "{removed} {}",
        ctx.t("Sicherung(en) entfernt", "snapshot(s) removed")
    );
    if a.prune && !a.dry_run {
        return prune_repo(ctx, repo, false);
    }
    Ok(Outcome::Ok)
}

pub fn run_prune(ctx: &Ctx, a: &PruneArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?;
    prune_repo(ctx, repo, a.dry_run)
}

fn prune_repo(ctx: &Ctx, repo: crate::repo::Repository, dry_run: bool) -> Result<Outcome, Error> {
    let mut repo = repo.load_index()?;
    let r = prune::prune(&mut repo, dry_run)?;
    println!(
        "{}: {} {}, {} {}, {} {}; {} {}",
        if dry_run {
            ctx.t("Probelauf", "Dry run")
        } else {
            ctx.t("Aufgeräumt", "Pruned")
        },
        r.packs_deleted,
        ctx.t("Packs gelöscht", "packs deleted"),
        r.packs_repacked,
        ctx.t("umgepackt", "repacked"),
        r.packs_kept,
        ctx.t("behalten", "kept"),
        size(r.bytes_freed),
        ctx.t("frei", "freed")
    );
    Ok(Outcome::Ok)
}

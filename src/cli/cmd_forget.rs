//! `tresor forget` (retention: which snapshots go) and `tresor prune` (free
//! the space they held).

use crate::error::Error;
use crate::repo::lock::{Exclusive, LockedRepo};
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
    // The lock comes before the index: the index must show what is there now.
    let mut repo = LockedRepo::<Exclusive>::open(repo, "prune")?;
    let r = prune::prune(&mut repo, dry_run)?;
    println!(
        "{}: {} {}, {} {}, {} {}, {} {}; {} {}",
        if dry_run {
            ctx.t("Probelauf", "Dry run")
        } else {
            ctx.t("Aufgeräumt", "Pruned")
        },
        r.packs_deleted,
        ctx.t("Packs gelöscht", "packs deleted"),
        r.packs_repacked,
        ctx.t("umgepackt", "repacked"),
        r.packs_marked + r.packs_waiting,
        ctx.t(
            "zum Löschen vorgemerkt (löscht ein späterer Lauf)",
            "marked for deletion (a later prune deletes them)"
        ),
        r.packs_kept,
        ctx.t("behalten", "kept"),
        size(r.bytes_freed),
        ctx.t("frei", "freed")
    );
    if r.duplicate_bytes > 0 || r.marks_cancelled > 0 {
        println!(
            "  {} {}, {} {}",
            size(r.duplicate_bytes),
            ctx.t(
                "doppelt gespeichert (in umgepackten oder vorgemerkten Packs)",
                "stored twice (in repacked or marked packs)"
            ),
            r.marks_cancelled,
            ctx.t(
                "Vormerkung(en) aufgehoben, weil wieder gebraucht",
                "mark(s) cancelled because needed again"
            )
        );
    }
    if r.missing_forgotten > 0 {
        println!(
            "  {} {}",
            r.missing_forgotten,
            ctx.t(
                "fehlende Pack-Datei(en) aus dem Index entfernt (ihre Daten sind anderswo gespeichert oder werden nicht gebraucht)",
                "missing pack file(s) dropped from the index (their data is stored elsewhere or not needed)"
            )
        );
    }
    if r.leftovers_removed + r.leftovers_kept > 0 {
        println!(
            "  {} {}, {} {}",
            r.leftovers_removed,
            ctx.t(
                "temporäre Datei(en) abgebrochener Schreibvorgänge entfernt",
                "temporary file(s) of interrupted writes removed"
            ),
            r.leftovers_kept,
            ctx.t(
                "behalten (ein anderer Lauf könnte sie noch schreiben)",
                "kept (another run may still be writing them)"
            )
        );
    }
    for u in &r.unusable_needed {
        println!(
            "  ! {}: {}",
            super::cmd_check::unusable(ctx, u),
            ctx.t(
                "enthält die einzige Kopie benötigter Daten; `tresor check` nennt die betroffenen Sicherungen",
                "holds the only copy of needed data; `tresor check` names the affected snapshots"
            )
        );
    }
    Ok(if r.unusable_needed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

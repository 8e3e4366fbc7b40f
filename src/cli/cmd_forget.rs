//! `tresor forget` (retention: which snapshots go) and `tresor prune` (free
//! the space they held).

use crate::config::{Config, Retention};
use crate::error::Error;
use crate::repo::lock::{Exclusive, LockedRepo};
use crate::repo::prune;
use crate::repo::retention::{self, RetentionPolicy};
use crate::report::messages::size;

use super::args::{ForgetArgs, PruneArgs};
use super::context::Ctx;
use super::Outcome;

fn policy_of(r: &Retention) -> RetentionPolicy {
    RetentionPolicy {
        keep_last: r.keep_last,
        keep_daily: r.keep_daily,
        keep_weekly: r.keep_weekly,
        keep_monthly: r.keep_monthly,
        keep_yearly: r.keep_yearly,
    }
}

/// The `--keep-*` flags as one policy for every job, when any is given.
fn policy_from_flags(a: &ForgetArgs) -> Option<RetentionPolicy> {
    let flags = [
        a.keep_last,
        a.keep_daily,
        a.keep_weekly,
        a.keep_monthly,
        a.keep_yearly,
    ];
    flags.iter().any(Option::is_some).then(|| RetentionPolicy {
        keep_last: a.keep_last.unwrap_or(0),
        keep_daily: a.keep_daily.unwrap_or(0),
        keep_weekly: a.keep_weekly.unwrap_or(0),
        keep_monthly: a.keep_monthly.unwrap_or(0),
        keep_yearly: a.keep_yearly.unwrap_or(0),
    })
}

/// A job's own `retention:` (which already defaults to the top-level one);
/// snapshots of jobs the configuration does not know (`manual`, a renamed
/// job) get the top-level `retention:`.
fn policy_for_job(cfg: &Config, job: &str) -> RetentionPolicy {
    policy_of(cfg.jobs.get(job).map_or(&cfg.retention, |j| &j.retention))
}

fn describe(p: &RetentionPolicy) -> String {
    [
        ("keep-last", p.keep_last),
        ("keep-daily", p.keep_daily),
        ("keep-weekly", p.keep_weekly),
        ("keep-monthly", p.keep_monthly),
        ("keep-yearly", p.keep_yearly),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(k, n)| format!("{k} {n}"))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Plans per job (snapshots of different jobs never compete for a period),
/// with the `--keep-*` flags for all jobs, else each job's own retention.
pub fn run_forget(ctx: &Ctx, a: &ForgetArgs) -> Result<Outcome, Error> {
    let flags = policy_from_flags(a);
    let config = match flags {
        Some(p) => {
            p.validate().map_err(|e| Error::Usage(e.to_string()))?;
            None
        }
        None => Some(ctx.need_config()?),
    };
    let repo = ctx.open(&a.repo, None)?;
    let list = repo.snapshots()?;
    let items: Vec<_> = list
        .ok
        .iter()
        .map(|(id, s)| (s.job.clone(), *id, s.time))
        .collect();
    let plans = retention::plan_grouped(&items, |job| match (flags, config) {
        (Some(p), _) => p,
        (None, Some(cfg)) => policy_for_job(cfg, job),
        // Not reached (no flags means a configuration); keeps everything if it were.
        (None, None) => RetentionPolicy::default(),
    });
    let mut removed = 0;
    for plan in &plans {
        println!("Job {} ({}):", plan.group, describe(&plan.policy));
        for d in &plan.decisions {
            let when = d.time.format("%d.%m.%Y %H:%M");
            if d.keep {
                let why = d
                    .reasons
                    .iter()
                    .map(|r| {
                        if ctx.de() {
                            r.german().to_string()
                        } else {
                            r.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let verb = ctx.t("behalten       ", "keep        ");
                println!("  {verb} {} {when}  ({why})", d.item.short());
                continue;
            }
            let verb = if a.dry_run {
                ctx.t("würde entfernen", "would remove")
            } else {
                repo.delete_snapshot(&d.item)?;
                ctx.t("entfernt       ", "removed     ")
            };
            println!("  {verb} {} {when}", d.item.short());
            removed += 1;
        }
    }
    if a.dry_run {
        println!(
            "{} {removed} {}",
            ctx.t(
                "Probelauf, nichts gelöscht: zu entfernen wären",
                "Dry run, nothing deleted: would remove"
            ),
            ctx.t("Sicherung(en)", "snapshot(s)")
        );
    } else {
        println!(
            "{removed} {}",
            ctx.t("Sicherung(en) entfernt", "snapshot(s) removed")
        );
    }
    // A snapshot file that cannot be read is neither kept nor removed: say so.
    for (key, why) in &list.damaged {
        eprintln!(
            "! {key}: {why} ({})",
            ctx.t("weder behalten noch entfernt", "neither kept nor removed")
        );
    }
    if a.prune && !a.dry_run {
        let pruned = prune_repo(ctx, repo, false)?;
        return Ok(if list.damaged.is_empty() {
            pruned
        } else {
            Outcome::Warnings
        });
    }
    Ok(if list.damaged.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
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

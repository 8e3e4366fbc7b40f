//! `tresor forget` (retention: which snapshots go) and `tresor prune` (free
//! the space they held).

use crate::config::{Config, Retention};
use crate::error::Error;
use crate::i18n::{self, Language};
use crate::repo::lock::{Exclusive, LockedRepo};
use crate::repo::prune;
use crate::repo::retention::{Reason, RetentionError, RetentionPolicy};
use crate::tr;

use super::args::{ForgetArgs, PruneArgs};
use super::context::Ctx;
use super::{output, Outcome};

pub fn policy_of(r: &Retention) -> RetentionPolicy {
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
pub fn policy_for_job(cfg: &Config, job: &str) -> RetentionPolicy {
    policy_of(cfg.jobs.get(job).map_or(&cfg.retention, |j| &j.retention))
}

/// The policy in words ("letzte 3, täglich 10"), the parts that keep anything.
fn describe(ctx: &Ctx, p: &RetentionPolicy) -> String {
    let lang = ctx.lang;
    [
        (p.keep_last, tr!(lang, "cli-keep-last", n = p.keep_last)),
        (p.keep_daily, tr!(lang, "cli-keep-daily", n = p.keep_daily)),
        (
            p.keep_weekly,
            tr!(lang, "cli-keep-weekly", n = p.keep_weekly),
        ),
        (
            p.keep_monthly,
            tr!(lang, "cli-keep-monthly", n = p.keep_monthly),
        ),
        (
            p.keep_yearly,
            tr!(lang, "cli-keep-yearly", n = p.keep_yearly),
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect::<Vec<_>>()
    .join(", ")
}

/// A reason to keep a snapshot, in words.
fn reason_text(ctx: &Ctx, r: Reason) -> String {
    match r {
        Reason::Last => tr!(ctx.lang, "cli-reason-last"),
        Reason::Daily => tr!(ctx.lang, "cli-reason-daily"),
        Reason::Weekly => tr!(ctx.lang, "cli-reason-weekly"),
        Reason::Monthly => tr!(ctx.lang, "cli-reason-monthly"),
        Reason::Yearly => tr!(ctx.lang, "cli-reason-yearly"),
        Reason::NewestComplete => tr!(ctx.lang, "outcome-reason-newest-complete"),
    }
}

/// A stable word for the JSON document.
fn reason_code(r: Reason) -> &'static str {
    match r {
        Reason::Last => "last",
        Reason::Daily => "daily",
        Reason::Weekly => "weekly",
        Reason::Monthly => "monthly",
        Reason::Yearly => "yearly",
        Reason::NewestComplete => "newest_complete",
    }
}

/// The destination's own `retention:` when the command works on a
/// configured destination that has one.
pub fn destination_policy(ctx: &Ctx, a: &crate::cli::args::RepoArgs) -> Option<RetentionPolicy> {
    let cfg = ctx.config.as_ref()?;
    let chosen = ctx.destination(a, None).ok()?;
    if a.repo.is_some() {
        return None;
    }
    cfg.destinations
        .get(&chosen.name)?
        .retention
        .as_ref()
        .map(policy_of)
}

/// Plans per job (snapshots of different jobs never compete for a period),
/// with the `--keep-*` flags for all jobs, else the destination's own
/// retention, else each job's own retention.
pub fn run_forget(ctx: &Ctx, a: &ForgetArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let flags = policy_from_flags(a);
    let config = match flags {
        Some(p) => {
            p.validate().map_err(|e| match e {
                RetentionError::KeepsNothing => Error::Usage(tr!(lang, "cli-forget-keeps-nothing")),
            })?;
            None
        }
        None => Some(ctx.need_config()?),
    };
    let repo = ctx.open_for_writing(&a.repo, None)?;
    if !a.dry_run {
        super::cmd_guard::refuse_if_held(ctx, &a.repo, &repo, "tresor forget")?;
    }
    let at_destination = destination_policy(ctx, &a.repo);
    let list = repo.snapshots()?;
    let plans = crate::job::retention::decide(&list, |job| match (flags, config) {
        (Some(p), _) => p,
        (None, Some(cfg)) => at_destination.unwrap_or_else(|| policy_for_job(cfg, job)),
        // Not reached (no flags means a configuration); keeps everything if it were.
        (None, None) => RetentionPolicy::default(),
    });
    let mut removed = 0;
    let mut locked = 0usize;
    let mut json_jobs = Vec::new();
    for plan in &plans {
        println!(
            "{}",
            tr!(
                lang,
                "cli-forget-job",
                job = plan.group.as_str(),
                policy = describe(ctx, &plan.policy)
            )
        );
        let mut json_decisions = Vec::new();
        for d in &plan.decisions {
            let when = d.time.format("%d.%m.%Y %H:%M").to_string();
            json_decisions.push(serde_json::json!({
                "id": d.item.to_string(),
                "time": d.time,
                "keep": d.keep,
                "reasons": d.reasons.iter().map(|r| reason_code(*r)).collect::<Vec<_>>(),
            }));
            if d.keep {
                let why = d
                    .reasons
                    .iter()
                    .map(|r| reason_text(ctx, *r))
                    .collect::<Vec<_>>()
                    .join(", ");
                println!(
                    "  {}",
                    tr!(
                        lang,
                        "cli-forget-keep",
                        id = d.item.short(),
                        time = when.as_str(),
                        reasons = why
                    )
                );
                continue;
            }
            let line = if a.dry_run {
                tr!(
                    lang,
                    "cli-forget-would-remove",
                    id = d.item.short(),
                    time = when.as_str()
                )
            } else {
                match repo.delete_snapshot(&d.item) {
                    // Object Lock: the snapshot stays until its lock ends; a
                    // later forget removes it.
                    Err(crate::repo::RepoError::Storage(
                        crate::storage::StorageError::RetentionRefused { until, .. },
                    )) => {
                        locked += 1;
                        let until = until
                            .map(|u| {
                                u.with_timezone(&chrono::Local)
                                    .format("%d.%m.%Y")
                                    .to_string()
                            })
                            .unwrap_or_else(|| "?".into());
                        println!(
                            "  {}",
                            tr!(
                                lang,
                                "cli-forget-locked",
                                id = d.item.short(),
                                time = when.as_str(),
                                until = until
                            )
                        );
                        continue;
                    }
                    other => other?,
                }
                tr!(
                    lang,
                    "cli-forget-removed",
                    id = d.item.short(),
                    time = when.as_str()
                )
            };
            println!("  {line}");
            removed += 1;
        }
        json_jobs.push(serde_json::json!({
            "job": plan.group,
            "policy": {
                "keep_last": plan.policy.keep_last,
                "keep_daily": plan.policy.keep_daily,
                "keep_weekly": plan.policy.keep_weekly,
                "keep_monthly": plan.policy.keep_monthly,
                "keep_yearly": plan.policy.keep_yearly,
            },
            "snapshots": json_decisions,
        }));
    }
    output::field("dry_run", a.dry_run);
    output::field("jobs", json_jobs);
    output::field("removed", removed);
    output::field("locked", locked);
    if locked > 0 {
        output::warning(
            "snapshot_locked",
            &tr!(lang, "cli-warning-label"),
            tr!(lang, "cli-forget-locked-total", count = locked),
        );
    }
    if a.dry_run {
        println!("{}", tr!(lang, "cli-forget-dry-run-total", count = removed));
    } else {
        println!("{}", tr!(lang, "cli-forget-total", count = removed));
    }
    // A snapshot file that cannot be read is neither kept nor removed: say so.
    let label = tr!(lang, "cli-warning-label");
    for (key, why) in &list.damaged {
        output::warning(
            "snapshot_damaged",
            &label,
            tr!(
                lang,
                "cli-forget-damaged",
                key = key.as_str(),
                why = crate::error::damage_text(ctx.lang, why)
            ),
        );
    }
    if a.prune && a.dry_run {
        // A prune dry run now would still see the snapshots forget only
        // would remove: its numbers would be wrong, so it is not simulated.
        output::field(
            "prune",
            serde_json::json!({ "dry_run": true, "run": false }),
        );
        println!("{}", tr!(lang, "cli-forget-prune-not-simulated"));
    }
    if a.prune && !a.dry_run {
        let pruned = prune_repo(ctx, repo, false)?;
        return Ok(if list.damaged.is_empty() && locked == 0 {
            pruned
        } else {
            Outcome::Warnings
        });
    }
    Ok(if list.damaged.is_empty() && locked == 0 {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

pub fn run_prune(ctx: &Ctx, a: &PruneArgs) -> Result<Outcome, Error> {
    let repo = ctx.open_for_writing(&a.repo, None)?;
    if !a.dry_run {
        super::cmd_guard::refuse_if_held(ctx, &a.repo, &repo, "tresor prune")?;
    }
    prune_repo(ctx, repo, a.dry_run)
}

fn prune_repo(ctx: &Ctx, repo: crate::repo::Repository, dry_run: bool) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    // The lock comes before the index: the index must show what is there now.
    let mut repo = LockedRepo::<Exclusive>::open(repo, "prune")?;
    let r = prune::prune(&mut repo, dry_run)?;
    output::field(
        "prune",
        serde_json::json!({
            "dry_run": dry_run,
            "packs_deleted": r.packs_deleted,
            "packs_repacked": r.packs_repacked,
            "packs_marked": r.packs_marked + r.packs_waiting,
            "packs_kept": r.packs_kept,
            "bytes_freed": r.bytes_freed,
            "duplicate_bytes": r.duplicate_bytes,
            "marks_cancelled": r.marks_cancelled,
            "missing_forgotten": r.missing_forgotten,
            "leftovers_removed": r.leftovers_removed,
            "leftovers_kept": r.leftovers_kept,
            "unusable_needed": r.unusable_needed.len(),
            "packs_locked": r.packs_locked,
            "files_locked": r.files_locked,
            "locked_until": r.locked_until,
            "retention_extended": r.retention_extended,
        }),
    );
    for (i, line) in prune_lines(lang, &r, dry_run).iter().enumerate() {
        if i == 0 {
            println!("{line}");
        } else {
            println!("  {line}");
        }
    }
    for u in &r.unusable_needed {
        output::warning(
            "pack_unusable",
            &tr!(lang, "cli-warning-label"),
            format!(
                "{}: {}",
                super::cmd_check::unusable(ctx, u),
                tr!(lang, "cli-prune-unusable-needed")
            ),
        );
    }
    Ok(if r.unusable_needed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

/// What a prune says, in `lang`: the summary line first, then the detail
/// lines (each shown indented), for a report of `prune::prune`. The
/// unusable packs are warnings, rendered by the caller.
fn prune_lines(lang: Language, r: &prune::PruneReport, dry_run: bool) -> Vec<String> {
    let freed = i18n::size(lang, r.bytes_freed);
    let (deleted, repacked, marked, kept) = (
        r.packs_deleted,
        r.packs_repacked,
        r.packs_marked + r.packs_waiting,
        r.packs_kept,
    );
    let line = if dry_run {
        tr!(
            lang,
            "cli-prune-dry-run",
            deleted = deleted,
            repacked = repacked,
            marked = marked,
            kept = kept,
            freed = freed.as_str()
        )
    } else {
        tr!(
            lang,
            "cli-prune-done",
            deleted = deleted,
            repacked = repacked,
            marked = marked,
            kept = kept,
            freed = freed.as_str()
        )
    };
    let mut lines = vec![line];
    if r.duplicate_bytes > 0 || r.marks_cancelled > 0 {
        lines.push(tr!(
            lang,
            "cli-prune-duplicates",
            size = i18n::size(lang, r.duplicate_bytes),
            cancelled = r.marks_cancelled
        ));
    }
    if r.missing_forgotten > 0 {
        lines.push(tr!(
            lang,
            "cli-prune-missing-forgotten",
            count = r.missing_forgotten
        ));
    }
    if r.leftovers_removed + r.leftovers_kept > 0 {
        lines.push(tr!(
            lang,
            "cli-prune-leftovers",
            removed = r.leftovers_removed,
            kept = r.leftovers_kept
        ));
    }
    if let Some(until) = r.locked_until {
        lines.push(tr!(
            lang,
            "cli-prune-locked",
            count = r.packs_locked + r.files_locked,
            until = until
                .with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        ));
    }
    if r.retention_extended > 0 {
        lines.push(tr!(
            lang,
            "cli-prune-retention-extended",
            count = r.retention_extended
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::args::{Cli, Command};

    fn ctx(lang: Language) -> Ctx {
        Ctx {
            lang,
            config: None,
            quiet: true,
        }
    }

    fn forget_args(flags: &[&str]) -> ForgetArgs {
        let argv = ["tresor", "forget"].iter().chain(flags);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Forget(a) => a,
            _ => unreachable!("parsed as forget"),
        }
    }

    #[test]
    fn flags_make_one_policy_and_no_flag_none() {
        assert_eq!(policy_from_flags(&forget_args(&["--dry-run"])), None);
        let p = policy_from_flags(&forget_args(&["--keep-daily", "7", "--keep-yearly", "2"]));
        assert_eq!(
            p,
            Some(RetentionPolicy {
                keep_last: 0,
                keep_daily: 7,
                keep_weekly: 0,
                keep_monthly: 0,
                keep_yearly: 2,
            })
        );
    }

    #[test]
    fn the_policy_in_words_names_what_keeps_anything() {
        let p = RetentionPolicy {
            keep_last: 3,
            keep_daily: 0,
            keep_weekly: 4,
            keep_monthly: 12,
            keep_yearly: 1,
        };
        assert_eq!(
            describe(&ctx(Language::De), &p),
            "letzte 3, wöchentlich 4, monatlich 12, jährlich 1"
        );
        assert_eq!(
            describe(&ctx(Language::En), &p),
            "last 3, weekly 4, monthly 12, yearly 1"
        );
    }

    #[test]
    fn every_reason_has_its_words_and_its_code() {
        let all = [
            (Reason::Last, "letzte Sicherung", "last"),
            (Reason::Daily, "Tagessicherung", "daily"),
            (Reason::Weekly, "Wochensicherung", "weekly"),
            (Reason::Monthly, "Monatssicherung", "monthly"),
            (Reason::Yearly, "Jahressicherung", "yearly"),
            (
                Reason::NewestComplete,
                "neueste vollständige Sicherung",
                "newest_complete",
            ),
        ];
        for (reason, words, code) in all {
            assert_eq!(reason_text(&ctx(Language::De), reason), words);
            assert_eq!(reason_code(reason), code);
        }
        assert_eq!(
            reason_text(&ctx(Language::En), Reason::Weekly),
            "weekly snapshot"
        );
    }

    fn report() -> prune::PruneReport {
        prune::PruneReport {
            packs_deleted: 2,
            packs_repacked: 1,
            packs_marked: 3,
            packs_waiting: 4,
            packs_kept: 10,
            bytes_freed: 2048,
            ..Default::default()
        }
    }

    #[test]
    fn a_plain_prune_says_one_line_and_counts_waiting_packs_as_marked() {
        let lines = prune_lines(Language::En, &report(), false);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("Pruned: 2 packs deleted, 1 repacked, 7 marked for deletion"),
            "{lines:?}"
        );
        assert!(lines[0].contains("10 kept;"), "{lines:?}");
        let dry = prune_lines(Language::En, &report(), true);
        assert!(
            dry[0].starts_with(
                "Dry run, nothing was deleted: 2 packs would be deleted, 1 repacked, 7 marked"
            ),
            "{dry:?}"
        );
    }

    #[test]
    fn each_detail_is_said_exactly_when_it_happened() {
        let dup = prune::PruneReport {
            duplicate_bytes: 4096,
            ..report()
        };
        let lines = prune_lines(Language::En, &dup, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[1].contains("stored twice") && lines[1].contains("0 marks cancelled"),
            "{lines:?}"
        );

        let cancelled = prune::PruneReport {
            marks_cancelled: 1,
            ..report()
        };
        let lines = prune_lines(Language::En, &cancelled, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].contains("1 mark cancelled"), "{lines:?}");

        let missing = prune::PruneReport {
            missing_forgotten: 1,
            ..report()
        };
        let lines = prune_lines(Language::En, &missing, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[1].starts_with("1 missing pack file dropped"),
            "{lines:?}"
        );

        for (removed, kept) in [(1, 0), (0, 1)] {
            let left = prune::PruneReport {
                leftovers_removed: removed,
                leftovers_kept: kept,
                ..report()
            };
            let lines = prune_lines(Language::En, &left, false);
            assert_eq!(lines.len(), 2, "{lines:?}");
            assert!(
                lines[1].contains(&format!("of interrupted writes removed, {kept} kept")),
                "{lines:?}"
            );
        }

        let locked = prune::PruneReport {
            packs_locked: 2,
            files_locked: 1,
            locked_until: Some(chrono::Utc::now()),
            retention_extended: 1,
            ..report()
        };
        let lines = prune_lines(Language::En, &locked, false);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[1].starts_with("3 files stay protected by Object Lock"),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("Object Lock of 1 pack still needed"),
            "{lines:?}"
        );
    }
}

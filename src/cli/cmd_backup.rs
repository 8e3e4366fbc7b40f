//! `tresor backup --job NAME` (or ad hoc `--path DIR`): runs the job's file
//! sources into the job's destination and prints the summary.

use std::path::Path;

use crate::config::{Config, Job};
use crate::error::{exit, Error};
use crate::job::backup::{self, BackupPlan, SourceSpec};
use crate::job::databases::{self, DatabasePlan};
use crate::job::outcome;
use crate::job::Warning;
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::snapshot::SnapshotWarning;
use crate::report::messages;
use crate::source::files::WalkSpec;
use crate::tr;

use super::args::BackupArgs;
use super::context::{suggest, threads, Ctx};
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &BackupArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let ad_hoc = !a.path.is_empty();
    let (plan, destination) = if ad_hoc {
        ad_hoc_plan(ctx, a)?
    } else {
        configured(ctx, a)?
    };
    // A configured job that names nothing to back up would write an empty
    // snapshot and say "gespeichert": refused before anything is written.
    if !ad_hoc
        && plan.sources.is_empty()
        && plan.databases.is_none()
        && plan.not_configured.is_empty()
    {
        return Err(Error::Refused {
            code: "nothing_configured",
            message: tr!(lang, "outcome-backup-nothing-configured", job = &plan.job),
            hint: Some(tr!(lang, "outcome-nothing-configured-hint")),
            exit: exit::FAILED,
        });
    }
    let repo = ctx.open_for_writing(&a.repo, destination.as_deref())?;
    // Recovery recipients of tresor.yaml this backup is not encrypted to:
    // first those the installation does not know, else those this
    // destination was set up without.
    let mismatch = match ctx.config.as_ref() {
        Some(cfg) if !ad_hoc => {
            let mut m = super::cmd_config::recipients_not_in_identity(ctx);
            if m.is_empty() {
                let has = repo.config().recipients.clone();
                m = cfg
                    .keys
                    .recovery
                    .iter()
                    .map(|r| r.trim())
                    .filter(|r| !has.iter().any(|k| k == r))
                    .map(|r| {
                        tr!(
                            lang,
                            "outcome-recovery-not-in-repository",
                            recipient = r,
                            location = repo.location()
                        )
                    })
                    .collect();
            }
            m
        }
        _ => Vec::new(),
    };
    // The lock comes before the index: a prune in between could delete packs it names.
    let mut repo = LockedRepo::<Shared>::open(repo, &format!("backup {}", plan.job))?;
    let progress = ctx.progress();
    let out = backup::run(&mut repo, &plan, &progress)?;
    let s = &out.snapshot.summary;
    output::field("snapshot", out.snapshot_id.to_string());
    output::field("summary", s);
    println!(
        "{}",
        messages::backup_summary(lang, &out.snapshot_id, s, &repo.location())
    );
    let warnings: Vec<&Warning> = out.warnings.iter().filter(|w| !w.is_note()).collect();
    for w in out.warnings.iter().filter(|w| w.is_note()) {
        println!("  {}", messages::warning(lang, w));
    }
    for w in &warnings {
        let text = match w {
            // The path came from the command line, not from tresor.yaml.
            Warning::SourceMissing { label, path, .. } if ad_hoc => tr!(
                lang,
                "outcome-source-missing-command-line",
                label = label,
                path = path
            ),
            _ => messages::warning(lang, w),
        };
        keepln!("  {}", tr!(lang, "outcome-backup-warning", text = &text));
        output::record_warning("backup", text);
    }
    let (not_configured, db_notes) = outcome::unconfigured_lines(lang, &plan.not_configured);
    for n in &db_notes {
        println!("  {n}");
    }
    for f in &out.failures {
        let text = messages::failure(lang, f);
        eprintln!("  {}", tr!(lang, "outcome-backup-failure", text = text));
    }
    // Every database NOT backed up, by name, whatever the cause (one
    // unreachable server loses all of them).
    let lost = outcome::databases_not_backed_up(&out.snapshot);
    for w in &lost {
        if let Some(text) = outcome::long(lang, w) {
            if !matches!(w, SnapshotWarning::DatabaseNotConfigured { .. }) {
                eprintln!("  {}", tr!(lang, "outcome-backup-not-saved", what = &text));
            }
            output::record_warning(
                outcome::lack_code(w),
                tr!(lang, "outcome-backup-not-saved", what = text),
            );
        }
    }
    for line in &not_configured {
        eprintln!("  {line}");
    }
    for text in &mismatch {
        output::warning(
            "recovery_not_in_identity",
            &tr!(lang, "cli-warning-label"),
            text.clone(),
        );
    }
    // The job's mirrors get the new snapshot (and any older one they lack),
    // also when a database failed: what was saved is worth a second copy.
    let mirrors = match ctx.config.as_ref() {
        Some(cfg) if !ad_hoc => cfg
            .jobs
            .get(&plan.job)
            .map(|j| j.mirrors.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mirrored = if mirrors.is_empty() {
        super::cmd_mirror::Mirrored {
            complete: true,
            paused: false,
        }
    } else {
        let name = output::destination_read()
            .map(|d| d.name)
            .unwrap_or_else(|| repo.location());
        super::cmd_mirror::mirror_all(ctx, &repo, &name, &mirrors, &a.repo)
    };
    // Each database not backed up is a part not done.
    let failed = lost.len().max(out.failures.len());
    if failed > 0 {
        let parts: Vec<String> = lost
            .iter()
            .map(|w| {
                tr!(
                    lang,
                    "outcome-lack-database",
                    database = outcome::lack_name(w)
                )
            })
            .collect();
        return Err(Error::Refused {
            code: "job_failed",
            message: tr!(
                lang,
                "outcome-job-failed",
                count = failed,
                parts = parts.join(", "),
                // "Everything else was saved" only when something was.
                rest = if out.entries == 0 {
                    tr!(lang, "outcome-job-failed-nothing-else")
                } else {
                    tr!(lang, "outcome-job-failed-rest-saved")
                }
            ),
            hint: Some(tr!(lang, "outcome-job-failed-hint")),
            exit: exit::FAILED,
        });
    }
    if !mirrored.complete {
        return Err(super::cmd_mirror::incomplete(ctx));
    }
    // A run that saved nothing is not "OK": for a configured job it failed;
    // an ad-hoc `--path` of an empty folder is a warning.
    if out.entries == 0 && out.snapshot.databases.is_empty() {
        if !ad_hoc {
            return Err(Error::Refused {
                code: "nothing_saved",
                message: tr!(lang, "outcome-backup-nothing-saved", job = &plan.job),
                hint: Some(tr!(lang, "outcome-backup-nothing-saved-hint")),
                exit: exit::FAILED,
            });
        }
        output::warning(
            "nothing_saved",
            &tr!(lang, "cli-warning-label"),
            tr!(lang, "outcome-backup-nothing-saved-path"),
        );
        return Ok(Outcome::Warnings);
    }
    Ok(
        if warnings.is_empty() && mismatch.is_empty() && !mirrored.paused {
            Outcome::Ok
        } else {
            Outcome::Warnings
        },
    )
}

/// The job `--job` names; without `--job` the only configured job, if
/// there is exactly one. Anything else is refused (exit 3) with the list of
/// jobs: a scheduled task must name its job, and a technician typing
/// `tresor backup` must not silently get `nightly`.
fn choose_job<'c>(ctx: &Ctx, cfg: &'c Config, wanted: Option<&str>) -> Result<&'c Job, Error> {
    let names: Vec<&str> = cfg.jobs.keys().map(String::as_str).collect();
    let list = names.join(", ");
    let Some(name) = wanted else {
        return match cfg.jobs.values().next() {
            Some(only) if cfg.jobs.len() == 1 => {
                println!(
                    "{}",
                    tr!(ctx.lang, "cli-backup-only-job", job = only.name.as_str())
                );
                Ok(only)
            }
            _ => Err(Error::Refused {
                code: "job_required",
                message: tr!(
                    ctx.lang,
                    "cli-backup-job-required",
                    count = names.len(),
                    jobs = list.as_str()
                ),
                hint: Some(tr!(ctx.lang, "cli-backup-job-required-hint")),
                exit: exit::USAGE,
            }),
        };
    };
    cfg.jobs.get(name).ok_or_else(|| Error::Refused {
        code: "unknown_job",
        message: match suggest(name, names.iter().copied()) {
            Some(s) => tr!(
                ctx.lang,
                "cli-backup-unknown-job-suggest",
                name = name,
                suggestion = s
            ),
            None => tr!(ctx.lang, "cli-backup-unknown-job", name = name),
        },
        hint: Some(tr!(
            ctx.lang,
            "cli-backup-known-jobs",
            count = names.len(),
            jobs = list.as_str()
        )),
        exit: exit::USAGE,
    })
}

fn configured(ctx: &Ctx, a: &BackupArgs) -> Result<(BackupPlan, Option<String>), Error> {
    let cfg = ctx.need_config()?;
    let job = choose_job(ctx, cfg, a.job.as_deref())?;
    let name = job.name.clone();
    output::field("job", &name);
    let sources = job
        .sources
        .iter()
        .map(|s| SourceSpec {
            label: s.label.clone(),
            walk: WalkSpec {
                root: s.path.clone(),
                snapshot_path: s.snapshot_path.clone(),
                include: s.include.clone(),
                exclude: s.exclude.clone(),
                excluded_paths: Vec::new(),
                optional: s.optional,
            },
        })
        .collect();
    let databases = match (&cfg.sqlserver, job.databases.is_empty()) {
        (Some(sql), false) => Some(DatabasePlan {
            settings: databases::settings(sql).map_err(|e| Error::Usage(e.render(ctx.lang)))?,
            specs: job.databases.clone(),
            copy_only: job.copy_only,
        }),
        _ => None,
    };
    let plan = BackupPlan {
        job: name,
        practice: cfg.practice.clone(),
        sources,
        databases,
        not_configured: databases::unconfigured(cfg, job),
        threads: threads(),
    };
    Ok((plan, Some(job.destination.clone())))
}

fn ad_hoc_plan(ctx: &Ctx, a: &BackupArgs) -> Result<(BackupPlan, Option<String>), Error> {
    let mut sources = Vec::new();
    for p in &a.path {
        let abs = std::path::absolute(p).map_err(|e| Error::Io {
            what: p.display().to_string(),
            source: e,
        })?;
        sources.push(SourceSpec {
            label: p.display().to_string(),
            walk: WalkSpec {
                root: abs.clone(),
                snapshot_path: snapshot_path_of(&abs),
                include: Vec::new(),
                exclude: Vec::new(),
                excluded_paths: Vec::new(),
                optional: false,
            },
        });
    }
    let practice = ctx
        .config
        .as_ref()
        .map(|c| c.practice.clone())
        .unwrap_or_default();
    let job = a.job.clone().unwrap_or_else(|| "manual".into());
    output::field("job", &job);
    let plan = BackupPlan {
        job,
        practice,
        sources,
        databases: None,
        not_configured: Vec::new(),
        threads: threads(),
    };
    Ok((plan, None))
}

/// `/srv/praxis` → `srv/praxis`; `C:\DConcept` → `C/DConcept`.
fn snapshot_path_of(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/").replace(':', "");
    s.trim_matches('/').to_string()
}

//! `tresor backup --job NAME` (or ad hoc `--path DIR`): runs the job's file
//! sources into the job's destination and prints the summary.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::config::{Config, Job};
use crate::error::{exit, Error};
use crate::job::run::{Done, JobInput, Mirrored, StepProblem, Stopped};
use crate::job::verify::SampleSize;
use crate::job::{self, outcome, Warning};
use crate::repo::snapshot::SnapshotWarning;
use crate::repo::{IndexedRepo, Repository};
use crate::report::messages;
use crate::report::record::Notice;
use crate::report::Progress;
use crate::tr;

use super::args::BackupArgs;
use super::context::{suggest, threads, Ctx};
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &BackupArgs) -> Result<Outcome, Error> {
    let ad_hoc = !a.path.is_empty();
    let input = if ad_hoc {
        ad_hoc_input(ctx, a)?
    } else {
        // A configured job that cannot even start is journaled and mailed
        // too: a scheduled task naming a job that is gone must not fail silently.
        configured(ctx, a)
            .and_then(|input| something_to_do(ctx, input))
            .inspect_err(|e| failed_early(ctx, a, e))?
    };
    run_input(ctx, a, ad_hoc, input)
}

/// A configured job that names nothing to back up would write an empty
/// snapshot and say "gespeichert": refused before anything is written.
fn something_to_do<'c>(ctx: &Ctx, input: JobInput<'c>) -> Result<JobInput<'c>, Error> {
    let plan = &input.plan;
    if plan.sources.is_empty() && plan.databases.is_none() && plan.not_configured.is_empty() {
        return Err(Error::Refused {
            code: "nothing_configured",
            message: tr!(
                ctx.lang,
                "outcome-backup-nothing-configured",
                job = &plan.job
            ),
            hint: Some(tr!(ctx.lang, "outcome-nothing-configured-hint")),
            exit: exit::FAILED,
        });
    }
    Ok(input)
}

/// The record of a configured job that did not start (journal, mail, screen).
fn failed_early(ctx: &Ctx, a: &BackupArgs, e: &Error) {
    let Some(cfg) = ctx.config.as_ref() else {
        return;
    };
    let mut record = crate::report::record::RunRecord::start(
        crate::report::record::RunKind::Backup,
        Some(a.job.as_deref().unwrap_or("?")),
        &cfg.practice,
    );
    record.errors.push(Notice {
        code: super::error_code(e).to_string(),
        text: e.render(ctx.lang).0,
    });
    record.finish(e.exit_code());
    after_job(ctx, &mut record);
    if staff_screen(false, a) {
        output::screen(&crate::report::screen::final_screen(ctx.lang, &record));
    }
}

fn run_input(
    ctx: &Ctx,
    a: &BackupArgs,
    ad_hoc: bool,
    input: JobInput<'_>,
) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let plan = &input.plan;
    let not_configured = plan.not_configured.clone();
    let staff = staff_screen(ad_hoc, a);
    if staff {
        // The technical lines go to the journal, the log and the mail.
        output::set_mode(true, false);
    }
    let host = CliHost {
        ctx,
        args: a,
        ad_hoc,
        mismatch: RefCell::new(Vec::new()),
        error: RefCell::new(None),
    };
    let ran = job::run::run(input, &host);
    let mut record = ran.record;
    let mut result = report(
        ctx,
        &host,
        ad_hoc,
        &not_configured,
        ran.result,
        &ran.problems,
    );
    // Another cartridge of the set than the due one: backed up, and said.
    for w in record
        .warnings
        .iter()
        .filter(|w| w.code == crate::media::Decision::WARNING_CODE)
    {
        output::warning(&w.code, &tr!(lang, "cli-warning-label"), w.text.clone());
        if matches!(result, Ok(Outcome::Ok)) {
            result = Ok(Outcome::Warnings);
        }
    }
    record.finish(match &result {
        Ok(Outcome::Ok) => exit::OK,
        Ok(Outcome::Warnings) => exit::WARNINGS,
        Ok(Outcome::Monitoring(code)) => *code,
        Err(e) => e.exit_code(),
    });
    if let (Some(a), false, true) = (&record.advice, staff, record.snapshot.is_some()) {
        println!(
            "{}",
            tr!(
                lang,
                "media-advice",
                take_out = a.take_out.as_str(),
                goes_to = a.goes_to.as_str(),
                insert_next = a.insert_next.as_str()
            )
        );
    }
    if !after_job(ctx, &mut record) && matches!(result, Ok(Outcome::Ok)) {
        result = Ok(Outcome::Warnings);
    }
    if staff {
        output::screen(&crate::report::screen::final_screen(ctx.lang, &record));
    }
    result
}

/// The staff's screen instead of the technical lines: a configured job in a
/// terminal (the Feierabend shortcut), unless `--details` or `--json`.
/// `TRESOR_SCREEN=staff` / `technician` decides it without a terminal.
fn staff_screen(ad_hoc: bool, a: &BackupArgs) -> bool {
    use std::io::IsTerminal;
    if ad_hoc || a.details || output::json() || output::quiet() {
        return false;
    }
    match std::env::var("TRESOR_SCREEN").as_deref() {
        Ok("staff") => true,
        Ok("technician") => false,
        _ => std::io::stdout().is_terminal(),
    }
}

/// What follows every job, whatever its result: the journal entry, the
/// line in tresor.log, the Event Log entry (Windows), the mail. None of them
/// can change the job's outcome; a failure to record is said on stderr.
/// Returns false when the mail did not go out (a warning of the run).
fn after_job(ctx: &Ctx, record: &mut crate::report::record::RunRecord) -> bool {
    let sent = send_mail(ctx, record);
    super::journaling::record_run(ctx, record);
    eject(ctx, record);
    sent
}

/// `rotation.eject: true`: the cartridge written goes out of the drive (and
/// out of reach) once everything about the run is recorded. Windows only;
/// elsewhere the setting is logged and ignored.
fn eject(ctx: &Ctx, record: &crate::report::record::RunRecord) {
    let Some(cfg) = ctx.config.as_ref() else {
        return;
    };
    let Some(rotation) = cfg.rotation.as_ref().filter(|r| r.eject) else {
        return;
    };
    if record.medium.is_none() {
        return;
    }
    let written = match cfg.destinations.get(&rotation.destination).map(|d| &d.kind) {
        Some(crate::config::DestinationKind::Local { display, .. }) => display.clone(),
        _ => return,
    };
    let Some(letter) = crate::media::eject::drive_of_path(&written) else {
        tracing::warn!("eject: {written} is not on a drive letter");
        return;
    };
    if let Err(e) = crate::media::eject::run(&letter.to_string()) {
        tracing::warn!("eject {letter}: {e}");
    }
}

/// The job's mail (`mail:`), when the configuration wants one for this
/// outcome. A mail that does not go out is a warning, never a failure of
/// the backup; it is said on stderr and recorded in the run.
fn send_mail(ctx: &Ctx, record: &mut crate::report::record::RunRecord) -> bool {
    use crate::report::mail;
    let Some(settings) = ctx.config.as_ref().and_then(|c| c.mail.as_ref()) else {
        return true;
    };
    if !mail::wanted(settings, record) {
        return true;
    }
    let lang = ctx.lang;
    match mail::send(settings, &mail::compose(lang, record)) {
        Ok(()) => {
            record.mailed = true;
            true
        }
        Err(e) => {
            let (message, hint) = e.render(lang);
            let text = match hint {
                Some(h) => format!("{message} → {h}"),
                None => message,
            };
            let text = tr!(lang, "cli-mail-not-sent", detail = text);
            output::warning(e.code(), &tr!(lang, "cli-warning-label"), text.clone());
            record.warnings.push(Notice {
                code: e.code().to_string(),
                text,
            });
            // Nobody was told: the run is not plain "OK" any more.
            if record.exit_code == exit::OK {
                record.finish(exit::WARNINGS);
            }
            false
        }
    }
}

/// Prints what the job did and decides its exit code.
fn report(
    ctx: &Ctx,
    host: &CliHost<'_>,
    ad_hoc: bool,
    not_configured: &[crate::job::databases::Unconfigured],
    result: Result<Done, Stopped<()>>,
    problems: &[StepProblem],
) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let done = match result {
        Ok(done) => done,
        Err(Stopped::Open(())) => {
            return Err(host
                .error
                .borrow_mut()
                .take()
                .unwrap_or_else(|| Error::Usage("destination".into())))
        }
        Err(Stopped::Backup(e)) => return Err(e.into()),
        Err(Stopped::Busy(holder)) => return Err(busy(lang, holder)),
        Err(Stopped::Medium(r)) => {
            let (message, hint) = r.render(lang);
            return Err(Error::Refused {
                code: r.code(),
                message,
                hint,
                exit: exit::FAILED,
            });
        }
        Err(Stopped::MediumUnreadable(e)) => return Err(Error::Media(e)),
        Err(Stopped::MediumFull {
            total,
            free,
            estimate,
        }) => {
            return Err(Error::Refused {
                code: "medium_full",
                message: job::run::medium_full_text(lang, total, free, estimate),
                hint: Some(tr!(lang, "cli-job-medium-full-hint")),
                exit: exit::FAILED,
            })
        }
        Err(Stopped::Lock(e)) => {
            return Err(Error::Refused {
                code: "job_lock",
                message: tr!(lang, "cli-job-lock-failed", detail = e.to_string()),
                hint: None,
                exit: exit::FAILED,
            })
        }
    };
    let out = &done.backup;
    let s = &out.snapshot.summary;
    output::field("snapshot", out.snapshot_id.to_string());
    output::field("summary", s);
    println!(
        "{}",
        messages::backup_summary(lang, &out.snapshot_id, s, &done.location)
    );
    let warnings: Vec<&Warning> = out.warnings.iter().filter(|w| !w.is_note()).collect();
    for w in out.warnings.iter().filter(|w| w.is_note()) {
        println!("  {}", crate::job::words::warning(lang, w));
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
            _ => crate::job::words::warning(lang, w),
        };
        keepln!("  {}", tr!(lang, "outcome-backup-warning", text = &text));
        output::record_warning("backup", text);
    }
    let (not_configured, db_notes) = outcome::unconfigured_lines(lang, not_configured);
    for n in &db_notes {
        println!("  {n}");
    }
    for f in &out.failures {
        let text = crate::job::words::failure(lang, f);
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
    for text in host.mismatch.borrow().iter() {
        output::warning(
            "recovery_not_in_identity",
            &tr!(lang, "cli-warning-label"),
            text.clone(),
        );
    }
    if let Some(v) = done.verified.as_ref().filter(|v| v.failed == 0) {
        println!(
            "{}",
            tr!(
                lang,
                "cli-job-verified",
                blobs = v.blobs,
                size = crate::i18n::size(lang, v.bytes)
            )
        );
    }
    if let Some(r) = done.retention.as_ref().filter(|r| r.removed + r.locked > 0) {
        println!(
            "{}",
            tr!(
                lang,
                "cli-job-retention",
                count = r.removed,
                size = crate::i18n::size(lang, r.bytes_freed)
            )
        );
    }
    for p in problems.iter().filter(|p| !p.fails_job()) {
        output::warning(p.code(), &tr!(lang, "cli-warning-label"), p.text(lang));
    }
    if let Some(g) = out.guard.as_ref().filter(|g| g.alarm) {
        return Err(Error::Refused {
            code: "ransomware_suspected",
            message: crate::report::guard_text::alarm(lang, g),
            hint: Some(format!(
                "{}\n{}",
                tr!(lang, "guard-todo-staff"),
                tr!(lang, "guard-todo-technician")
            )),
            exit: exit::FAILED,
        });
    }
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
    if let Some(p) = problems.iter().find(|p| p.fails_job()) {
        return Err(Error::Refused {
            code: "verify_failed",
            message: p.text(lang),
            hint: Some(tr!(lang, "cli-job-verify-failed-hint")),
            exit: exit::FAILED,
        });
    }
    if !done.mirrored.complete {
        return Err(super::cmd_mirror::incomplete(ctx));
    }
    // A run that saved nothing is not "OK": for a configured job it failed;
    // an ad-hoc `--path` of an empty folder is a warning.
    if out.entries == 0 && out.snapshot.databases.is_empty() {
        if !ad_hoc {
            return Err(Error::Refused {
                code: "nothing_saved",
                message: tr!(
                    lang,
                    "outcome-backup-nothing-saved",
                    job = &out.snapshot.job
                ),
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
        if warnings.is_empty()
            && host.mismatch.borrow().is_empty()
            && !done.mirrored.paused
            && problems.is_empty()
        {
            Outcome::Ok
        } else {
            Outcome::Warnings
        },
    )
}

/// Another job holds the job lock: say which, since when.
fn busy(lang: crate::config::Language, holder: Option<crate::job::lock::Holder>) -> Error {
    let message = match holder {
        Some(h) => tr!(
            lang,
            "cli-job-busy",
            job = h.job.as_str(),
            pid = h.pid,
            since = h
                .since
                .with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        ),
        None => tr!(lang, "cli-job-busy-unknown"),
    };
    Error::Refused {
        code: "job_running",
        message,
        hint: Some(tr!(lang, "cli-job-busy-hint")),
        exit: exit::FAILED,
    }
}

/// The CLI's side of the runner: opening destinations with the command's
/// keys and arguments, mirroring with its progress lines.
struct CliHost<'a> {
    ctx: &'a Ctx,
    args: &'a BackupArgs,
    ad_hoc: bool,
    /// Recovery recipients of tresor.yaml the destination is not encrypted to.
    mismatch: RefCell<Vec<String>>,
    /// The error `open` met (the runner only carries `()`).
    error: RefCell<Option<Error>>,
}

impl job::run::Host for CliHost<'_> {
    type Error = ();

    fn open(&self, destination: &str) -> Result<Repository, ()> {
        let default = (!self.ad_hoc).then_some(destination);
        let repo = self
            .ctx
            .open_for_writing(&self.args.repo, default)
            .map_err(|e| {
                *self.error.borrow_mut() = Some(e);
            })?;
        if !self.ad_hoc {
            *self.mismatch.borrow_mut() = recovery_mismatch(self.ctx, &repo);
        }
        Ok(repo)
    }

    fn mirror(&self, source: &IndexedRepo, source_name: &str, mirrors: &[String]) -> Mirrored {
        super::cmd_mirror::mirror_all(self.ctx, source, source_name, mirrors, &self.args.repo)
    }

    fn notice(&self, _: &()) -> Notice {
        let lang = self.ctx.lang;
        match self.error.borrow().as_ref() {
            Some(e) => Notice {
                code: super::error_code(e).to_string(),
                text: e.render(lang).0,
            },
            None => Notice {
                code: "destination_unavailable".into(),
                text: String::new(),
            },
        }
    }

    fn progress(&self) -> Progress {
        self.ctx.progress()
    }
}

/// Recovery recipients of tresor.yaml this backup is not encrypted to:
/// first those the installation does not know, else those this
/// destination was set up without.
fn recovery_mismatch(ctx: &Ctx, repo: &Repository) -> Vec<String> {
    let Some(cfg) = ctx.config.as_ref() else {
        return Vec::new();
    };
    let m = super::cmd_config::recipients_not_in_identity(ctx);
    if !m.is_empty() {
        return m;
    }
    let has = &repo.config().recipients;
    cfg.keys
        .recovery
        .iter()
        .map(|r| r.trim())
        .filter(|r| !has.iter().any(|k| k == r))
        .map(|r| {
            tr!(
                ctx.lang,
                "outcome-recovery-not-in-repository",
                recipient = r,
                location = repo.location()
            )
        })
        .collect()
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

fn configured<'c>(ctx: &'c Ctx, a: &BackupArgs) -> Result<JobInput<'c>, Error> {
    let cfg = ctx.need_config()?;
    let job = choose_job(ctx, cfg, a.job.as_deref())?;
    output::field("job", &job.name);
    let plan =
        job::plan::of_job(cfg, job, threads()).map_err(|e| Error::Usage(e.render(ctx.lang)))?;
    // `--repo`/`--from` replaces the job's destination; mirrors and retention stay the job's.
    let destination = ctx.destination(&a.repo, Some(&job.destination))?.name;
    let at_destination = cfg
        .destinations
        .get(&destination)
        .and_then(|d| d.retention.as_ref())
        .map(super::cmd_forget::policy_of);
    let medium = medium_check(cfg, a, &destination, &job.name)?;
    Ok(JobInput {
        plan,
        destination,
        mirrors: job.mirrors.clone(),
        retention: Some(Box::new(move |name: &str| {
            at_destination.unwrap_or_else(|| super::cmd_forget::policy_for_job(cfg, name))
        })),
        before: job.before.clone(),
        after: job.after.clone(),
        shadow_copy: job.shadow_copy,
        data_dir: data_dir(ctx, a),
        verify: Some(SampleSize::default()),
        lang: ctx.lang,
        medium,
        journal: Some(crate::report::journal::path_beside(&cfg.keys.machine)),
        guard_state: Some(crate::guard::state::path_beside(&cfg.keys.machine)),
    })
}

/// The cartridge check, when the job writes to the rotation's drive (and
/// not to a folder given with `--repo`).
fn medium_check(
    cfg: &Config,
    a: &BackupArgs,
    destination: &str,
    job: &str,
) -> Result<Option<job::run::MediumCheck>, Error> {
    let Some(rotation) = cfg.rotation.as_ref() else {
        return Ok(None);
    };
    if a.repo.repo.is_some() || rotation.destination != destination {
        return Ok(None);
    }
    let Some(crate::config::DestinationKind::Local { path, .. }) =
        cfg.destinations.get(destination).map(|d| &d.kind)
    else {
        return Ok(None);
    };
    Ok(Some(job::run::MediumCheck {
        rotation: rotation.clone(),
        path: path.clone(),
        installation: super::cmd_media::installation(cfg)?,
        estimate: estimate(cfg, job),
    }))
}

/// What one run of `job` stores at most, from its journal entries: the
/// largest `bytes_stored` of its last 20 backups (a fresh cartridge's first
/// backup stores everything, so this is what a fresh cartridge needs).
fn estimate(cfg: &Config, job: &str) -> Option<u64> {
    let journal =
        crate::report::journal::read(&crate::report::journal::path_beside(&cfg.keys.machine))
            .ok()?;
    journal
        .records()
        .iter()
        .rev()
        .filter(|r| {
            r.kind == crate::report::record::RunKind::Backup
                && r.job.as_deref() == Some(job)
                && r.snapshot.is_some()
        })
        .take(20)
        .map(|r| r.bytes_stored)
        .max()
}

fn ad_hoc_input<'c>(ctx: &'c Ctx, a: &BackupArgs) -> Result<JobInput<'c>, Error> {
    let mut paths = Vec::new();
    for p in &a.path {
        paths.push(std::path::absolute(p).map_err(|e| Error::Io {
            what: p.display().to_string(),
            source: e,
        })?);
    }
    let practice = ctx
        .config
        .as_ref()
        .map(|c| c.practice.clone())
        .unwrap_or_default();
    let job = a.job.clone().unwrap_or_else(|| "manual".into());
    output::field("job", &job);
    Ok(JobInput {
        plan: job::plan::ad_hoc(&paths, &job, &practice, threads()),
        destination: ctx.destination(&a.repo, None)?.name,
        mirrors: Vec::new(),
        retention: None,
        before: None,
        after: None,
        shadow_copy: false,
        // A technician's `--path` run is no job of the installation: no job lock
        // (repository locks still keep it safe beside a running job).
        data_dir: None,
        verify: Some(SampleSize::default()),
        lang: ctx.lang,
        medium: None,
        journal: None,
        guard_state: None,
    })
}

/// tresor's data folder (beside the machine key): the job lock and the journal live there.
fn data_dir(ctx: &Ctx, a: &BackupArgs) -> Option<PathBuf> {
    let key = ctx.key_path(&a.repo).ok()?;
    Some(
        key.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    )
}

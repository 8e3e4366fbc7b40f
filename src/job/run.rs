//! The job runner: one backup job from start to end, in this order —
//! job lock → the cartridge check → `before:` → shadow copies → open the
//! destination (making room on a cartridge first) → backup → mirrors →
//! quick verify → retention → `after:` (always, once `before:` ran) —
//! filling in the [`RunRecord`] the journal, mail and status use.
//!
//! The ransomware guard rides along: the backup feeds it, a suspicious
//! night opens the alarm (`guard.json`) and fails the job, and while an alarm
//! holds (open here, or a marked snapshot nobody released) neither the
//! retention step nor making room on a cartridge removes anything.
//!
//! What needs the command line (opening a configured destination with the
//! keys it names, copying to mirrors with its progress lines) comes from a
//! [`Host`]; the runner decides the order, what a failed step means for the
//! rest, and what the record says. It never prints.

use std::path::PathBuf;

use crate::config::rotation::Rotation;
use crate::config::{Hook, Language};
use crate::guard::state::{GuardState, Hold, OpenAlarm};
use crate::media::space::Fit;
use crate::media::{self, MediaError, Refusal};
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::retention::RetentionPolicy;
use crate::repo::Id;
use crate::repo::{IndexedRepo, RepoError, Repository};
use crate::report::record::{
    DatabaseResult, DestinationRecord, DestinationRole, MediumAdvice, MediumRecord, Notice,
    RunKind, RunOutcome, RunRecord, Verification,
};
use crate::report::Progress;
use crate::tr;

use super::backup::{self, BackupOutcome, BackupPlan};
use super::hooks::{self, AfterGuard, HookError};
use super::lock::{Holder, JobLock, JobLockError};
use super::retention::{self, Applied};
use super::shadow::{self, Shadow, ShadowError};
use super::verify::{self, SampleSize, Verified};
use super::JobError;

/// The retention policy per job name.
pub type PolicyFor<'a> = Box<dyn Fn(&str) -> RetentionPolicy + 'a>;

/// A job, ready to run.
pub struct JobInput<'a> {
    /// What to back up.
    pub plan: BackupPlan,
    /// The destination's name (or a folder given with `--repo`).
    pub destination: String,
    /// Destinations that get a copy afterwards (`mirrors:`).
    pub mirrors: Vec<String>,
    /// The retention step's policy per job name; `None`: no retention step
    /// (`tresor backup --path`).
    pub retention: Option<PolicyFor<'a>>,
    /// `before:` / `after:` commands.
    pub before: Option<Hook>,
    pub after: Option<Hook>,
    /// Read the sources from VSS shadow copies (Windows).
    pub shadow_copy: bool,
    /// tresor's data folder (the job lock lives there); `None`: no lock.
    pub data_dir: Option<PathBuf>,
    /// The quick verify's sample; `None`: no verify.
    pub verify: Option<SampleSize>,
    /// The practice's language, for the record's texts.
    pub lang: Language,
    /// The cartridge check, when the destination is the rotation's drive.
    pub medium: Option<MediumCheck>,
    /// The journal; a copy of it goes into the snapshot (`tresor/journal.jsonl`).
    pub journal: Option<PathBuf>,
    /// The ransomware guard's state file (`guard.json`); `None` (`--path`
    /// runs): an alarm is recorded in the snapshot and the record only.
    pub guard_state: Option<PathBuf>,
}

/// What the runner needs to check the cartridge in the drive.
pub struct MediumCheck {
    /// The rotation plan.
    pub rotation: Rotation,
    /// The destination's folder on the cartridge.
    pub path: PathBuf,
    /// This installation's id (`None`: no identity yet).
    pub installation: Option<Id>,
    /// What one run of this job stores at most (bytes), from the journal;
    /// `None`: not known yet (the space check is skipped).
    pub estimate: Option<u64>,
}

/// What the runner gets from the command that started it.
pub trait Host {
    /// The command's error type.
    type Error;
    /// Opens `destination` for writing, with the checks every write makes
    /// (installation, identity, and a rotation's cartridge check).
    fn open(&self, destination: &str) -> Result<Repository, Self::Error>;
    /// Copies what `mirrors` lack from `source` (the job's destination, named `source_name`).
    fn mirror(&self, source: &IndexedRepo, source_name: &str, mirrors: &[String]) -> Mirrored;
    /// The error as code and text for the record.
    fn notice(&self, e: &Self::Error) -> Notice;
    /// Progress display for the backup.
    fn progress(&self) -> Progress;
}

/// How the mirror step (or `tresor mirror`) went.
#[derive(Clone, Debug, Default)]
pub struct Mirrored {
    /// One record per mirror, for the journal.
    pub destinations: Vec<DestinationRecord>,
    /// Every mirror got every snapshot it wants, or paused in its window.
    pub complete: bool,
    /// A mirror's upload window closed before it had everything (a warning;
    /// the next run in the window continues).
    pub paused: bool,
}

/// Why a job stopped before it wrote a snapshot.
#[derive(Debug)]
pub enum Stopped<E> {
    /// Another job holds the job lock.
    Busy(Option<Holder>),
    /// The job lock could not be taken.
    Lock(JobLockError),
    /// The destination could not be opened (or its medium is not the right one).
    Open(E),
    /// The backup itself failed.
    Backup(JobError),
    /// The cartridge in the drive may not be written (none, unlabelled,
    /// foreign, the wrong one under `wrong_medium: refuse`).
    Medium(Refusal),
    /// The cartridge's label cannot be read.
    MediumUnreadable(MediaError),
    /// The cartridge cannot hold this job's backup, even after retention:
    /// `estimate` bytes needed, `free` of `total` there. Nothing was written.
    MediumFull {
        total: u64,
        free: u64,
        estimate: u64,
    },
}

/// A step that did not go as planned, while the job went on.
#[derive(Debug)]
pub enum StepProblem {
    /// The `before:` command failed: the sources were read anyway.
    Before(HookError),
    /// The `after:` command failed.
    After(HookError),
    /// No shadow copy: the sources were read live.
    Shadow(ShadowError),
    /// Retention or prune failed: nothing was removed, or only some.
    Retention(RepoError),
    /// The quick verify could not read the snapshot back, or blobs failed.
    Verify(String),
    /// A ransomware alarm holds: the retention step (or making room) removed nothing.
    RetentionHeld(Hold),
    /// The alarm could not be saved in `guard.json` (the snapshot carries it).
    GuardState(String),
}

impl StepProblem {
    /// Stable code (docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            StepProblem::Before(_) => "before_failed",
            StepProblem::After(_) => "after_failed",
            StepProblem::Shadow(_) => "shadow_copy_failed",
            StepProblem::Retention(_) => "retention_failed",
            StepProblem::Verify(_) => "verify_failed",
            StepProblem::RetentionHeld(_) => "retention_held",
            StepProblem::GuardState(_) => "guard_state_failed",
        }
    }

    /// Does it make the job "failed" (exit 2) rather than "warnings"?
    /// A snapshot that does not read back is not a backup.
    pub fn fails_job(&self) -> bool {
        matches!(self, StepProblem::Verify(_))
    }

    /// The text, in `lang`.
    pub fn text(&self, lang: Language) -> String {
        match self {
            StepProblem::Before(e) => tr!(lang, "job-before-failed", detail = hook_text(lang, e)),
            StepProblem::After(e) => tr!(lang, "job-after-failed", detail = hook_text(lang, e)),
            StepProblem::Shadow(ShadowError::Unsupported) => tr!(lang, "job-shadow-unsupported"),
            StepProblem::Shadow(ShadowError::Tool { tool, detail }) => {
                tr!(lang, "job-shadow-failed", tool = tool, detail = detail)
            }
            StepProblem::Retention(e) => tr!(lang, "job-retention-failed", detail = e.to_string()),
            StepProblem::Verify(detail) => tr!(lang, "job-verify-failed", detail = detail),
            StepProblem::RetentionHeld(h) => crate::report::guard_text::hold(lang, h),
            StepProblem::GuardState(detail) => {
                tr!(lang, "guard-state-unwritable", detail = detail)
            }
        }
    }
}

fn hook_text(lang: Language, e: &HookError) -> String {
    match e {
        HookError::Start { command, reason } => {
            tr!(lang, "job-hook-start", command = command, reason = reason)
        }
        HookError::Failed {
            command,
            code,
            output,
        } => tr!(
            lang,
            "job-hook-exit",
            command = command,
            code = code.map_or_else(|| "-".to_string(), |c| c.to_string()),
            output = output
        ),
        HookError::TimedOut { command, seconds } => {
            tr!(
                lang,
                "job-hook-timeout",
                command = command,
                seconds = *seconds
            )
        }
    }
}

/// A job that wrote its snapshot.
pub struct Done {
    /// The backup's result.
    pub backup: BackupOutcome,
    /// Where the snapshot went (`repo.location()`).
    pub location: String,
    /// The mirror step.
    pub mirrored: Mirrored,
    /// The retention step (`None`: not run).
    pub retention: Option<Applied>,
    /// The quick verify (`None`: not run or could not run).
    pub verified: Option<Verified>,
}

/// The end of a run: the record (its outcome still to be set by the
/// caller, who decides the exit code), the result, and the steps that went
/// wrong on the way.
pub struct Ran<E> {
    pub record: RunRecord,
    pub result: Result<Done, Stopped<E>>,
    pub problems: Vec<StepProblem>,
}

/// Runs the job (see the module text).
pub fn run<H: Host>(input: JobInput<'_>, host: &H) -> Ran<H::Error> {
    let mut record = RunRecord::start(RunKind::Backup, Some(&input.plan.job), &input.plan.practice);
    let lang = input.lang;
    let mut problems = Vec::new();
    let result = steps(input, host, &mut record, &mut problems);
    record.warnings.extend(
        problems
            .iter()
            .filter(|p| !p.fails_job())
            .map(|p| notice(p.code(), p.text(lang))),
    );
    Ran {
        record,
        result,
        problems,
    }
}

fn notice(code: &str, text: String) -> Notice {
    Notice {
        code: code.to_string(),
        text,
    }
}

fn steps<H: Host>(
    mut input: JobInput<'_>,
    host: &H,
    record: &mut RunRecord,
    problems: &mut Vec<StepProblem>,
) -> Result<Done, Stopped<H::Error>> {
    let _lock = match &input.data_dir {
        Some(dir) => Some(JobLock::acquire(dir, &input.plan.job).map_err(|e| match e {
            JobLockError::Busy { holder } => Stopped::Busy(holder),
            other => Stopped::Lock(other),
        })?),
        None => None,
    };
    // The cartridge first: a medium that will be refused must not cost the
    // practice its running software (`before:` often stops a service).
    let cartridge = match &input.medium {
        Some(m) => Some(check_medium(m, &input.plan.job, input.lang, record)?),
        None => None,
    };
    // From here on the `after:` command runs whatever happens.
    let after = AfterGuard::new(input.after.take());
    if let Some(h) = &input.before {
        if let Err(e) = hooks::run(h) {
            problems.push(StepProblem::Before(e));
        }
    }
    let _copy = input
        .journal
        .clone()
        .and_then(|j| journal_copy(&j, &mut input.plan));
    let _shadows = if input.shadow_copy {
        Some(shadows_for(&mut input.plan, problems))
    } else {
        None
    };
    let result = write(&input, cartridge, host, record, problems);
    if let Some(Err(e)) = after.finish() {
        problems.push(StepProblem::After(e));
    }
    result
}

fn write<H: Host>(
    input: &JobInput<'_>,
    cartridge: Option<crate::config::rotation::Cartridge>,
    host: &H,
    record: &mut RunRecord,
    problems: &mut Vec<StepProblem>,
) -> Result<Done, Stopped<H::Error>> {
    let lang = input.lang;
    let repo = host.open(&input.destination).map_err(|e| {
        let n = host.notice(&e);
        record.destinations.push(DestinationRecord {
            name: input.destination.clone(),
            role: DestinationRole::Primary,
            outcome: RunOutcome::Failed,
            snapshots: 0,
            bytes_written: 0,
            detail: Some(n.text.clone()),
        });
        record.errors.push(n);
        Stopped::Open(e)
    })?;
    let backend = repo.backend().clone();
    let ids = repo.identities().clone();
    record.recipients = repo.config().recipients.clone();
    let repo = match (&input.medium, &input.retention) {
        (Some(m), Some(policy_for)) => {
            let held = |r: &Repository| holds(input.guard_state.as_deref(), r);
            make_room(m, repo, policy_for, &held, record, problems, lang)?
        }
        _ => repo,
    };
    // The lock comes before the index: a prune in between could delete packs it names.
    let mut locked = LockedRepo::<Shared>::open(repo, &format!("backup {}", input.plan.job))
        .map_err(|e| Stopped::Backup(e.into()))?;
    let progress = host.progress();
    let out = backup::run(&mut locked, &input.plan, &progress).map_err(|e| {
        record.errors.push(notice("backup_failed", e.to_string()));
        Stopped::Backup(e)
    })?;
    let location = locked.location();
    fill(record, &out, lang);
    record.guard = out.guard.clone();
    if let Some(g) = out.guard.as_ref().filter(|g| g.alarm) {
        record.errors.push(notice(
            "ransomware_suspected",
            crate::report::guard_text::alarm(lang, g),
        ));
        if let Some(path) = &input.guard_state {
            let mut state = GuardState::load(path).unwrap_or_default();
            state.raise(OpenAlarm {
                opened: crate::clock::now_utc(),
                job: input.plan.job.clone(),
                destination: input.destination.clone(),
                snapshot: out.snapshot_id.to_string(),
                report: g.clone(),
                confirmed: None,
            });
            if let Err(e) = state.save(path) {
                problems.push(StepProblem::GuardState(e.to_string()));
            }
        }
    }
    record.destinations.push(DestinationRecord {
        name: input.destination.clone(),
        role: DestinationRole::Primary,
        outcome: RunOutcome::Ok,
        snapshots: 1,
        bytes_written: out.snapshot.summary.stored_bytes,
        detail: None,
    });
    let mirrored = if input.mirrors.is_empty() {
        Mirrored {
            complete: true,
            ..Mirrored::default()
        }
    } else {
        host.mirror(&locked, &input.destination, &input.mirrors)
    };
    record
        .destinations
        .extend(mirrored.destinations.iter().cloned());
    let verified =
        input.verify.and_then(
            |size| match verify::sample(&locked, &out.snapshot_id, size) {
                Ok(v) => {
                    record.verification = Some(Verification {
                        blobs: v.blobs,
                        bytes: v.bytes,
                        failed: v.failed,
                    });
                    if v.failed > 0 {
                        let detail = tr!(
                            lang,
                            "job-verify-blobs-failed",
                            count = v.failed,
                            first = v.first_problem.clone().unwrap_or_default()
                        );
                        record.errors.push(notice("verify_failed", detail.clone()));
                        problems.push(StepProblem::Verify(detail));
                    }
                    Some(v)
                }
                Err(e) => {
                    record.errors.push(notice("verify_failed", e.to_string()));
                    problems.push(StepProblem::Verify(e.to_string()));
                    None
                }
            },
        );
    // Retention last: a snapshot that does not read back never pushes out an older one.
    drop(locked);
    let verify_failed = problems.iter().any(StepProblem::fails_job);
    let retention = match &input.retention {
        Some(policy_for) if !verify_failed => match Repository::open(backend, ids) {
            Ok(r) => match holds(input.guard_state.as_deref(), &r) {
                Some(h) => {
                    problems.push(StepProblem::RetentionHeld(h));
                    None
                }
                None => match retention::apply(r, &**policy_for) {
                    Ok(a) => Some(a),
                    Err(e) => {
                        problems.push(StepProblem::Retention(e));
                        None
                    }
                },
            },
            Err(e) => {
                problems.push(StepProblem::Retention(e));
                None
            }
        },
        _ => None,
    };
    let alarm = out.guard.as_ref().is_some_and(|g| g.alarm);
    // Under an alarm no cartridge leaves the drive on tresor's word.
    if let (Some(m), Some(c), false) = (&input.medium, &cartridge, alarm) {
        let a = media::advice(&m.rotation, c, lang);
        // After another cartridge than the due one, the plan goes on from
        // the due one: the next run wants its successor.
        let due = record
            .medium
            .as_ref()
            .and_then(|r| r.expected.as_ref())
            .and_then(|name| m.rotation.cartridges.iter().find(|k| &k.name == name));
        let insert_next = match due {
            Some(d) => media::plan::next_after(&m.rotation, d).name.clone(),
            None => a.insert_next,
        };
        record.advice = Some(MediumAdvice {
            take_out: a.take_out,
            goes_to: a.goes_to,
            insert_next,
        });
    }
    Ok(Done {
        backup: out,
        location,
        mirrored,
        retention,
        verified,
    })
}

/// The cartridge check: what is in the drive, and may the job write to it?
/// Returns the cartridge of the plan that is in the drive.
fn check_medium<E>(
    m: &MediumCheck,
    job: &str,
    lang: Language,
    record: &mut RunRecord,
) -> Result<crate::config::rotation::Cartridge, Stopped<E>> {
    let now = crate::clock::now().naive_local();
    let checked =
        media::check_before_backup(&m.rotation, job, &m.path, m.installation.as_ref(), now)
            .map_err(|e| {
                let (text, _) = e.render(lang);
                record.errors.push(notice(e.code(), text));
                Stopped::MediumUnreadable(e)
            })?;
    let refuse = |r: Refusal, record: &mut RunRecord| {
        let (text, hint) = r.render(lang);
        let text = match hint {
            Some(h) => format!("{text} {h}"),
            None => text,
        };
        record.errors.push(notice(r.code(), text));
        Stopped::Medium(r)
    };
    if let media::Decision::Refuse(r) = &checked.decision {
        return Err(refuse(r.clone(), record));
    }
    let Some(label) = checked.label().cloned() else {
        return Err(refuse(
            media::Refusal::NoMedium {
                insert: checked.due.as_ref().map(|c| c.name.clone()),
            },
            record,
        ));
    };
    if let Some(w) = checked.decision.warning(lang) {
        record
            .warnings
            .push(notice(media::Decision::WARNING_CODE, w));
    }
    record.medium = Some(MediumRecord {
        id: label.id.clone(),
        name: label.name.clone(),
        expected: checked
            .due
            .as_ref()
            .filter(|d| d.name != label.name)
            .map(|d| d.name.clone()),
    });
    m.rotation
        .cartridges
        .iter()
        .find(|c| c.name == label.name)
        .cloned()
        .ok_or_else(|| {
            refuse(
                media::Refusal::NotInPlan {
                    found: label.name.clone(),
                    insert: checked.due.as_ref().map(|c| c.name.clone()),
                },
                record,
            )
        })
}

/// [`Stopped::MediumFull`] in words (sizes in bytes).
pub fn medium_full_text(lang: Language, total: u64, free: u64, estimate: u64) -> String {
    tr!(
        lang,
        "job-medium-full",
        needed = crate::i18n::size(lang, estimate),
        free = crate::i18n::size(lang, free),
        total = crate::i18n::size(lang, total)
    )
}

/// Before writing to a cartridge: will this job's backup fit? If only after
/// the retention step, that step runs first; a cartridge too small for even
/// one backup fails before anything is written.
fn make_room<E>(
    m: &MediumCheck,
    repo: Repository,
    policy_for: &dyn Fn(&str) -> RetentionPolicy,
    held: &dyn Fn(&Repository) -> Option<Hold>,
    record: &mut RunRecord,
    problems: &mut Vec<StepProblem>,
    lang: Language,
) -> Result<Repository, Stopped<E>> {
    let Some(estimate) = m.estimate else {
        return Ok(repo);
    };
    let full = |total: u64, free: u64, record: &mut RunRecord| {
        record.errors.push(notice(
            "medium_full",
            medium_full_text(lang, total, free, estimate),
        ));
        Stopped::MediumFull {
            total,
            free,
            estimate,
        }
    };
    let Ok(space) = media::space::of(&m.path) else {
        return Ok(repo);
    };
    match media::space::fit(space.total, space.free, estimate) {
        Fit::Fits => Ok(repo),
        Fit::TooSmall => Err(full(space.total, space.free, record)),
        Fit::PruneFirst => {
            if let Some(h) = held(&repo) {
                // No room is made by removing history while an alarm holds.
                problems.push(StepProblem::RetentionHeld(h));
                return Err(full(space.total, space.free, record));
            }
            let (backend, ids) = (repo.backend().clone(), repo.identities().clone());
            let applied = retention::apply_to_make_room(repo, policy_for)
                .map_err(|e| Stopped::Backup(e.into()))?;
            tracing::info!("made room on the cartridge: {applied:?}");
            let again = media::space::of(&m.path).unwrap_or(space);
            if media::space::fit(again.total, again.free, estimate) != Fit::Fits {
                return Err(full(again.total, again.free, record));
            }
            Repository::open(backend, ids).map_err(|e| Stopped::Backup(e.into()))
        }
    }
}

/// Whether a ransomware alarm holds retention on `repo`: open in
/// `guard.json`, unreadable state (fail safe), or a marked snapshot there
/// that no release covers. (A snapshot list that cannot be read stops the
/// retention step on its own.)
pub fn holds(state: Option<&std::path::Path>, repo: &Repository) -> Option<Hold> {
    let state = match state.map(|p| (p, GuardState::load(p))) {
        None => GuardState::default(),
        Some((p, Ok(mut s))) => {
            if !release_journaled(p, &s) {
                // A release only counts when the journal has it: an edited
                // guard.json must not lift the hold.
                s.released_until = None;
            }
            s
        }
        Some((_, Err(_))) => return Some(Hold::StateUnreadable),
    };
    match repo.snapshots() {
        Ok(list) => state.hold(&list),
        Err(_) => state.hold(&Default::default()),
    }
}

/// Whether `state.released_until` is a release `tresor guard release`
/// journaled (a chained `guard` record with `guard_released` around that
/// time, not in the future); no release at all is trivially fine.
fn release_journaled(state_path: &std::path::Path, state: &GuardState) -> bool {
    let Some(until) = state.released_until else {
        return true;
    };
    // The real clock: `TRESOR_NOW` rehearses jobs, it does not date releases.
    if until > chrono::Utc::now().max(crate::clock::now_utc()) + chrono::Duration::seconds(5) {
        return false;
    }
    let journal = crate::report::journal::path_beside(state_path);
    let Ok(j) = crate::report::journal::read(&journal) else {
        return false;
    };
    let slack = chrono::Duration::seconds(5);
    j.records().iter().any(|r| {
        r.kind == RunKind::Guard
            && r.warnings.iter().any(|n| n.code == "guard_released")
            && r.started - slack <= until
            && until <= r.ended + slack
    })
}

/// The record's numbers, databases, warnings and failures from the backup.
fn fill(record: &mut RunRecord, out: &BackupOutcome, lang: Language) {
    let s = &out.snapshot.summary;
    record.snapshot = Some(out.snapshot_id.to_string());
    record.items = s.files;
    record.bytes_total = s.bytes;
    record.bytes_new = s.new_bytes;
    record.bytes_stored = s.stored_bytes;
    for d in &out.snapshot.databases {
        record.databases.push(DatabaseResult {
            name: d.name.clone(),
            ok: true,
            detail: None,
        });
    }
    for w in super::outcome::databases_not_backed_up(&out.snapshot) {
        record.databases.push(DatabaseResult {
            name: super::outcome::lack_name(&w),
            ok: false,
            detail: super::outcome::long(lang, &w),
        });
    }
    for w in out.warnings.iter().filter(|w| !w.is_note()) {
        record
            .warnings
            .push(notice("backup", super::words::warning(lang, w)));
    }
    for f in &out.failures {
        record
            .errors
            .push(notice("job_failed", super::words::failure(lang, f)));
    }
}

/// The snapshot folder of what tresor stores about itself (not a folder of the server).
pub const EVIDENCE_ROOT: &str = "tresor";

/// Where a snapshot keeps its copy of the journal.
pub const JOURNAL_IN_SNAPSHOT: &str = "tresor/journal.jsonl";

/// Adds a copy of the journal (as it is when the job starts, taken under the
/// journal's lock) to the plan: every snapshot carries the evidence up to
/// its own run, encrypted, on every medium. The copy file beside the journal
/// is removed when the returned guard is dropped.
fn journal_copy(journal: &std::path::Path, plan: &mut BackupPlan) -> Option<TempCopy> {
    let bytes = crate::report::journal::export_for_snapshot(journal).ok()?;
    if bytes.is_empty() {
        return None;
    }
    let copy = journal.with_file_name("journal-snapshot-copy.jsonl");
    std::fs::write(&copy, bytes).ok()?;
    plan.evidence = Some(super::backup::SourceSpec {
        label: "tresor journal".into(),
        walk: crate::source::files::WalkSpec {
            root: copy.clone(),
            snapshot_path: JOURNAL_IN_SNAPSHOT.into(),
            include: Vec::new(),
            exclude: Vec::new(),
            excluded_paths: Vec::new(),
            optional: true,
        },
    });
    Some(TempCopy(copy))
}

struct TempCopy(PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Shadow copies of every volume a source is on; the sources are read from
/// them. Removed when the returned value is dropped.
fn shadows_for(plan: &mut BackupPlan, problems: &mut Vec<StepProblem>) -> Shadows {
    let mut drives: Vec<char> = plan
        .sources
        .iter()
        .filter_map(|s| shadow::drive_of(&s.walk.root))
        .collect();
    drives.sort_unstable();
    drives.dedup();
    if drives.is_empty() || !cfg!(windows) {
        problems.push(StepProblem::Shadow(ShadowError::Unsupported));
        return Shadows(Vec::new());
    }
    let mut made = Vec::new();
    for d in drives {
        match shadow::create(d) {
            Ok(s) => made.push(s),
            Err(e) => problems.push(StepProblem::Shadow(e)),
        }
    }
    for src in &mut plan.sources {
        if let Some(p) = made
            .iter()
            .find_map(|s| shadow::map_into(s, &src.walk.root))
        {
            src.walk.root = p;
        }
    }
    Shadows(made)
}

struct Shadows(Vec<Shadow>);

impl Drop for Shadows {
    fn drop(&mut self) {
        for s in &self.0 {
            if let Err(e) = shadow::delete(s) {
                tracing::error!("shadow copy {} not removed: {e}", s.id);
            }
        }
    }
}

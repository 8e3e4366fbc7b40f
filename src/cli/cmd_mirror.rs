//! `tresor mirror --from rdx --to nas`: copies the snapshots each target
//! lacks (`job::mirror`), says what arrived, what was skipped and how far
//! each target still lags behind.

use crate::error::{self, Error};

use crate::i18n;
use crate::job::mirror::{self, MirrorOutcome};
use crate::job::run::Mirrored;
use crate::repo::copy::CopyProgress;
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::retention::RetentionPolicy;
use crate::repo::{IndexedRepo, Snapshot};
use crate::report::record::{DestinationRecord, DestinationRole, RunOutcome};
use crate::tr;

use super::args::{MirrorArgs, RepoArgs};
use super::context::Ctx;
use super::{output, Outcome};

/// One line per snapshot sent (not with `--quiet`).
struct Lines<'a> {
    ctx: &'a Ctx,
}

impl CopyProgress for Lines<'_> {
    fn snapshot(&self, index: usize, of: usize, s: &Snapshot) {
        println!(
            "  {}",
            tr!(
                self.ctx.lang,
                "cli-mirror-snapshot",
                n = index + 1,
                of = of,
                time = s.time.format("%d.%m.%Y %H:%M").to_string(),
                job = s.job.as_str()
            )
        );
    }
}

pub fn run(ctx: &Ctx, a: &MirrorArgs) -> Result<Outcome, Error> {
    let source = ctx.open(&a.repo, None)?;
    let source_name = output::destination_read()
        .map(|d| d.name)
        .unwrap_or_else(|| source.location());
    if let Some(same) = a.to.iter().find(|t| **t == source_name) {
        return Err(Error::Usage(tr!(
            ctx.lang,
            "cli-mirror-same",
            name = same.as_str()
        )));
    }
    let source = source.load_index()?;
    if a.dry_run {
        return lag_only(ctx, &source, &a.to, &a.repo);
    }
    let to = distinct(&a.to);
    let done = mirror_all(ctx, &source, &source_name, &to, &a.repo);
    if !done.complete {
        return Err(incomplete(ctx));
    }
    Ok(if ctx.warned() || done.paused {
        Outcome::Warnings
    } else {
        Outcome::Ok
    })
}

/// The source itself under another spelling (`E:\tresor\`, a symlink, the
/// same bucket prefix): a "mirror" there would be no second copy at all.
fn same_repository(
    ctx: &Ctx,
    source: &IndexedRepo,
    target: crate::repo::Repository,
    name: &str,
) -> Result<crate::repo::Repository, Error> {
    if target.marker().id == source.marker().id {
        return Err(Error::Refused {
            code: "mirror_same_repository",
            message: tr!(ctx.lang, "cli-mirror-same-repository", target = name),
            hint: Some(tr!(ctx.lang, "cli-mirror-same-repository-hint")),
            exit: crate::error::exit::USAGE,
        });
    }
    Ok(target)
}

/// `--dry-run`: what each target lacks and wants, nothing written (the
/// targets are read without a lock).
fn lag_only(
    ctx: &Ctx,
    source: &IndexedRepo,
    targets: &[String],
    source_args: &RepoArgs,
) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let source_ref = output::destination_read();
    let from = source.snapshots()?.ok;
    let mut json_targets = Vec::new();
    for to in targets {
        let target = ctx.open(&target_args(ctx, source_args, to), None)?;
        let name = output::destination_read()
            .map(|d| d.name)
            .unwrap_or_else(|| to.clone());
        if let Some(d) = source_ref.clone() {
            output::destination(d);
        }
        let target_policy = target_policy(ctx, &target_args(ctx, source_args, to));
        let wanted = mirror::wanted(&from, &target.snapshots()?.ok, target_policy.as_deref());
        if wanted.is_empty() {
            println!(
                "{}",
                tr!(lang, "cli-mirror-up-to-date", target = name.as_str())
            );
        } else {
            println!(
                "{}",
                tr!(
                    lang,
                    "cli-mirror-lag",
                    target = name.as_str(),
                    count = wanted.len()
                )
            );
            for (id, s) in &wanted {
                println!(
                    "  {}",
                    tr!(
                        lang,
                        "cli-mirror-would-copy",
                        id = id.short(),
                        time = s.time.format("%d.%m.%Y %H:%M").to_string(),
                        job = s.job.as_str()
                    )
                );
            }
        }
        json_targets.push(serde_json::json!({
            "target": name,
            "lag": wanted.len(),
            "would_copy": wanted.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>(),
        }));
    }
    output::field("dry_run", true);
    output::field("targets", json_targets);
    Ok(Outcome::Ok)
}

/// The error of a mirror run (or a job's mirror step) that left a target
/// without every snapshot it wants.
pub fn incomplete(ctx: &Ctx) -> Error {
    Error::Refused {
        code: "mirror_incomplete",
        message: tr!(ctx.lang, "cli-mirror-incomplete"),
        hint: Some(tr!(ctx.lang, "cli-mirror-incomplete-hint")),
        exit: crate::error::exit::FAILED,
    }
}

/// `--to nas --to nas`: each target once.
fn distinct(to: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in to {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

/// Mirrors `source` to every target in turn (one unreachable target does not
/// keep the others from their copy), prints what happened and records the
/// `targets` field of the JSON document. Returns whether every target got
/// every snapshot it wants.
pub fn mirror_all(
    ctx: &Ctx,
    source: &IndexedRepo,
    source_name: &str,
    targets: &[String],
    source_args: &RepoArgs,
) -> Mirrored {
    let lang = ctx.lang;
    let source_ref = output::destination_read();
    let mut all_done = true;
    let mut paused = false;
    let mut json_targets = Vec::new();
    let mut records = Vec::new();
    for to in targets {
        let target_args = target_args(ctx, source_args, to);
        let target = ctx.open_for_writing(&target_args, None);
        let target_ref = output::destination_read();
        // The document's `destination` stays the source; targets are listed.
        if let Some(d) = source_ref.clone() {
            output::destination(d);
        }
        let target_name = crate::report::one_line(
            &target_ref
                .as_ref()
                .filter(|_| target.is_ok())
                .map(|d| d.name.clone())
                .unwrap_or_else(|| to.clone()),
        )
        .into_owned();
        println!(
            "{}",
            tr!(
                lang,
                "cli-mirror-start",
                source = source_name,
                target = target_name.as_str()
            )
        );
        // The target gets only what its retention would keep.
        let policy = target_policy(ctx, &target_args);
        let policy_ref = policy.as_deref();
        let result = target
            .and_then(|t| same_repository(ctx, source, t, &target_name))
            .and_then(|t| Ok(LockedRepo::<Shared>::open(t, "mirror")?))
            .and_then(|mut t| Ok(mirror::run(source, &mut t, policy_ref, &Lines { ctx })?));
        match result {
            Ok(outcome) => {
                // A closed upload window is the plan, not a failure.
                all_done &= outcome.complete() || outcome.paused();
                paused |= outcome.paused();
                say(ctx, &target_name, &outcome);
                records.push(DestinationRecord {
                    name: target_name.clone(),
                    role: DestinationRole::Mirror,
                    outcome: if outcome.complete() {
                        RunOutcome::Ok
                    } else if outcome.paused() {
                        RunOutcome::Warnings
                    } else {
                        RunOutcome::Failed
                    },
                    snapshots: outcome.report.copied.len() as u64,
                    bytes_written: 0,
                    detail: (!outcome.complete()).then(|| {
                        tr!(
                            lang,
                            "cli-mirror-lag",
                            target = target_name.as_str(),
                            count = outcome.lag()
                        )
                    }),
                });
                json_targets.push(json_of(&target_name, Some(&outcome), None));
            }
            Err(e) => {
                all_done = false;
                let (message, hint) = e.render(lang);
                keepln!(
                    "{}",
                    tr!(
                        lang,
                        "cli-mirror-failed",
                        target = target_name.as_str(),
                        reason = message.as_str()
                    )
                );
                if let Some(h) = &hint {
                    keepln!("  → {h}");
                }
                records.push(DestinationRecord {
                    name: target_name.clone(),
                    role: DestinationRole::Mirror,
                    outcome: RunOutcome::Failed,
                    snapshots: 0,
                    bytes_written: 0,
                    detail: Some(message.clone()),
                });
                json_targets.push(json_of(
                    &target_name,
                    None,
                    Some((super::error_code(&e), message)),
                ));
            }
        }
    }
    output::field("targets", json_targets);
    Mirrored {
        destinations: records,
        complete: all_done,
        paused,
    }
}

/// A retention policy per job name.
type PolicyFor<'a> = Box<dyn Fn(&str) -> RetentionPolicy + 'a>;

/// What the target keeps, as `forget` there would decide it: its own
/// `retention:`, else each job's; without a configuration, everything.
fn target_policy<'a>(ctx: &'a Ctx, target: &RepoArgs) -> Option<PolicyFor<'a>> {
    let cfg = ctx.config.as_ref()?;
    let own = super::cmd_forget::destination_policy(ctx, target);
    Some(Box::new(move |job: &str| {
        own.unwrap_or_else(|| super::cmd_forget::policy_for_job(cfg, job))
    }))
}

/// `--to NAME` is a configured destination; anything else a repository folder.
fn target_args(ctx: &Ctx, source: &RepoArgs, to: &str) -> RepoArgs {
    let configured = ctx
        .config
        .as_ref()
        .is_some_and(|c| c.destinations.contains_key(to));
    RepoArgs {
        repo: (!configured).then(|| to.to_string()),
        destination: configured.then(|| to.to_string()),
        key: source.key.clone(),
    }
}

fn say(ctx: &Ctx, target: &str, o: &MirrorOutcome) {
    let lang = ctx.lang;
    let r = &o.report;
    let packs = r.packs_copied + r.packs_repacked;
    let line = if packs == 0 {
        tr!(
            lang,
            "cli-mirror-done-nothing-sent",
            target = target,
            copied = r.copied.len(),
            present = o.present(),
            size = i18n::size(lang, r.bytes_written)
        )
    } else {
        tr!(
            lang,
            "cli-mirror-done",
            target = target,
            copied = r.copied.len(),
            present = o.present(),
            size = i18n::size(lang, r.bytes_written),
            packs = packs
        )
    };
    println!("{line}");
    for (id, e) in &r.skipped {
        output::warning(
            "mirror_snapshot_skipped",
            &tr!(lang, "cli-warning-label"),
            tr!(
                lang,
                "cli-mirror-skipped",
                id = id.short(),
                reason = error::repo_text(e, lang)
            ),
        );
    }
    if o.paused() {
        output::warning(
            "mirror_window_closed",
            &tr!(lang, "cli-warning-label"),
            tr!(
                lang,
                "cli-mirror-paused",
                target = target,
                copied = r.copied.len(),
                wanted = o.wanted,
                reason = r
                    .stopped
                    .as_ref()
                    .map(|e| error::repo_text(e, lang))
                    .unwrap_or_default()
            ),
        );
    } else if let Some(e) = &r.stopped {
        keepln!(
            "{}",
            tr!(
                lang,
                "cli-mirror-stopped",
                target = target,
                copied = r.copied.len(),
                wanted = o.wanted,
                reason = sentence(error::repo_text(e, lang))
            )
        );
    }
    if o.lag() == 0 {
        println!("{}", tr!(lang, "cli-mirror-up-to-date", target = target));
    } else {
        keepln!(
            "{}",
            tr!(lang, "cli-mirror-lag", target = target, count = o.lag())
        );
    }
}

/// A reason to go inside a sentence: without its own final period.
fn sentence(text: String) -> String {
    text.trim_end_matches('.').to_string()
}

fn json_of(
    target: &str,
    o: Option<&MirrorOutcome>,
    error: Option<(&str, String)>,
) -> serde_json::Value {
    match o {
        Some(o) => serde_json::json!({
            "target": target,
            "wanted": o.wanted,
            "copied": o.report.copied.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
            "present": o.present(),
            "not_wanted": o.not_wanted,
            "skipped": o.report.skipped.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>(),
            "packs_copied": o.report.packs_copied,
            "packs_repacked": o.report.packs_repacked,
            "bytes_written": o.report.bytes_written,
            "stopped": o.report.stopped.is_some(),
            "lag": o.lag(),
        }),
        None => {
            let (code, message) = error.unwrap_or(("failed", String::new()));
            serde_json::json!({ "target": target, "error": { "code": code, "message": message } })
        }
    }
}

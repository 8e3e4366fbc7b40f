//! `tresor guard show|release|confirm`: the technician's side of the
//! ransomware alarm (state in `guard.json` beside the machine key, every
//! decision journaled), and the refusal `forget` and `prune` give while an
//! alarm holds.

use std::path::PathBuf;

use serde_json::json;

use crate::error::{exit, Error};
use crate::guard::state::{self, Confirmed, GuardState};
use crate::repo::Repository;
use crate::report::guard_text;
use crate::report::record::{Notice, RunKind, RunRecord};
use crate::tr;

use super::args::{
    GuardAction, GuardArgs, GuardConfirmArgs, GuardReleaseArgs, GuardShieldArgs, RepoArgs,
};
use super::context::Ctx;
use super::{journaling, output, Outcome};

pub fn run(ctx: &Ctx, a: &GuardArgs) -> Result<Outcome, Error> {
    match &a.action {
        GuardAction::Show(s) => show(ctx, &s.repo),
        GuardAction::Release(r) => release(ctx, r),
        GuardAction::Confirm(c) => confirm(ctx, c),
        GuardAction::Shield(s) => shield(ctx, s),
    }
}

/// The local folders of the configured destinations (or the one asked for).
pub(super) fn local_folders(ctx: &Ctx, args: &RepoArgs) -> Vec<(String, PathBuf)> {
    if let Some(p) = &args.repo {
        return vec![(p.clone(), PathBuf::from(p))];
    }
    let Some(cfg) = &ctx.config else {
        return Vec::new();
    };
    cfg.destinations
        .values()
        .filter(|d| args.destination.as_ref().is_none_or(|n| n == &d.name))
        .filter_map(|d| match &d.kind {
            crate::config::DestinationKind::Local { path, .. } => {
                Some((d.name.clone(), path.clone()))
            }
            _ => None,
        })
        .collect()
}

fn shield(ctx: &Ctx, a: &GuardShieldArgs) -> Result<Outcome, Error> {
    use crate::guard::shield;
    let lang = ctx.lang;
    let folders = local_folders(ctx, &a.repo);
    if folders.is_empty() {
        return Err(Error::Usage(tr!(lang, "guard-shield-nothing")));
    }
    let mut failed = false;
    for (name, dir) in folders {
        if !dir.is_dir() {
            output::warning(
                "guard_shield_absent",
                &tr!(lang, "cli-warning-label"),
                tr!(
                    lang,
                    "guard-shield-absent",
                    name = name.as_str(),
                    path = dir.display().to_string()
                ),
            );
            failed = true;
            continue;
        }
        if cfg!(windows) {
            let (prog, args) = shield::icacls_command(&dir.display().to_string(), &a.account);
            println!("{prog} {}", args.join(" "));
            if a.dry_run {
                continue;
            }
            match std::process::Command::new(&prog).args(&args).status() {
                Ok(s) if s.success() => {}
                Ok(s) => {
                    failed = true;
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "guard-shield-failed",
                            name = name.as_str(),
                            detail = s.to_string()
                        )
                    );
                }
                Err(e) => {
                    failed = true;
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "guard-shield-failed",
                            name = name.as_str(),
                            detail = e.to_string()
                        )
                    );
                }
            }
        } else {
            let open = shield::writable_by_others(&dir);
            if a.dry_run {
                for p in &open {
                    println!("chmod go-w {}", p.display());
                }
                continue;
            }
            match shield::protect_unix(&dir) {
                Ok(n) => println!(
                    "{}",
                    tr!(lang, "guard-shield-done", name = name.as_str(), count = n)
                ),
                Err(e) => {
                    failed = true;
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "guard-shield-failed",
                            name = name.as_str(),
                            detail = e.to_string()
                        )
                    );
                }
            }
        }
    }
    if failed {
        return Err(Error::Refused {
            code: "guard_shield_failed",
            message: tr!(lang, "guard-shield-incomplete"),
            hint: None,
            exit: exit::FAILED,
        });
    }
    Ok(Outcome::Ok)
}

/// `guard.json` beside the configured machine key, or beside `--key`.
pub(super) fn state_path(ctx: &Ctx, args: &RepoArgs) -> Option<PathBuf> {
    match &ctx.config {
        Some(c) => Some(state::path_beside(&c.keys.machine)),
        None => ctx.key_path(args).ok().map(|k| state::path_beside(&k)),
    }
}

/// `forget` and `prune` (not their dry runs) wait while an alarm holds on
/// `repo`: exit 2, `guard_alarm_open`.
pub(super) fn refuse_if_held(
    ctx: &Ctx,
    args: &RepoArgs,
    repo: &Repository,
    command: &str,
) -> Result<(), Error> {
    let path = state_path(ctx, args);
    match crate::job::run::holds(path.as_deref(), repo) {
        None => Ok(()),
        Some(h) => Err(Error::Refused {
            code: "guard_alarm_open",
            message: tr!(
                ctx.lang,
                "guard-refused",
                command = command,
                reason = guard_text::hold(ctx.lang, &h)
            ),
            hint: Some(tr!(ctx.lang, "guard-hold-hint")),
            exit: exit::FAILED,
        }),
    }
}

fn load(ctx: &Ctx, args: &RepoArgs) -> Result<(PathBuf, GuardState), Error> {
    let path = state_path(ctx, args).ok_or(Error::KeyMissing)?;
    let st = GuardState::load(&path).map_err(|e| Error::Refused {
        code: "guard_state_unreadable",
        message: e.to_string(),
        hint: None,
        exit: exit::FAILED,
    })?;
    Ok((path, st))
}

fn save(path: &std::path::Path, st: &GuardState) -> Result<(), Error> {
    st.save(path).map_err(|e| Error::Refused {
        code: "guard_state_failed",
        message: e.to_string(),
        hint: None,
        exit: exit::FAILED,
    })
}

fn show(ctx: &Ctx, args: &RepoArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let (_, st) = load(ctx, args)?;
    output::field("guard", serde_json::to_value(&st).unwrap_or(json!(null)));
    let Some(a) = &st.open else {
        println!("{}", tr!(lang, "guard-show-none"));
        if let Some(t) = &st.released_until {
            println!(
                "{}",
                tr!(lang, "guard-show-released", time = guard_text::local(t))
            );
        }
        return Ok(Outcome::Ok);
    };
    println!(
        "{}",
        tr!(
            lang,
            "guard-show-open",
            since = guard_text::local(&a.opened),
            job = a.job.as_str(),
            destination = a.destination.as_str(),
            snapshot = short(&a.snapshot)
        )
    );
    for l in guard_text::seen(lang, &a.report) {
        println!("  – {l}");
    }
    if st.repeated > 0 {
        println!("{}", tr!(lang, "guard-show-repeated", count = st.repeated));
    }
    if let Some(c) = &a.confirmed {
        println!("{}", confirmed_line(ctx, c));
    }
    println!("{}", tr!(lang, "guard-todo-technician"));
    // Monitoring: an open alarm is CRITICAL.
    Ok(Outcome::Monitoring(exit::FAILED))
}

fn confirmed_line(ctx: &Ctx, c: &Confirmed) -> String {
    match (&c.last_clean, &c.last_clean_time) {
        (Some(id), Some(t)) => tr!(
            ctx.lang,
            "guard-show-confirmed",
            at = guard_text::local(&c.at),
            snapshot = short(id),
            time = guard_text::local(t),
            destination = c.destination.as_str()
        ),
        _ => tr!(
            ctx.lang,
            "guard-show-confirmed-none",
            at = guard_text::local(&c.at),
            destination = c.destination.as_str()
        ),
    }
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

fn release(ctx: &Ctx, a: &GuardReleaseArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let reason = a.reason.trim();
    if reason.is_empty() {
        return Err(Error::Usage(tr!(lang, "guard-reason-missing")));
    }
    let (path, mut st) = load(ctx, &a.repo)?;
    let was = st.release(crate::clock::now_utc());
    save(&path, &st)?;
    let mut record = RunRecord::start(
        RunKind::Guard,
        was.as_ref().map(|w| w.job.as_str()),
        &practice(ctx),
    );
    record.snapshot = was.as_ref().map(|w| w.snapshot.clone());
    record.guard = was.as_ref().map(|w| w.report.clone());
    record.warnings.push(Notice {
        code: "guard_released".into(),
        text: reason.to_string(),
    });
    record.finish(exit::OK);
    journaling::record_run(ctx, &record);
    output::field("released", was.is_some());
    println!(
        "{}",
        if was.is_some() {
            tr!(lang, "guard-release-done")
        } else {
            tr!(lang, "guard-release-nothing")
        }
    );
    Ok(Outcome::Ok)
}

fn confirm(ctx: &Ctx, a: &GuardConfirmArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let (path, mut st) = load(ctx, &a.repo)?;
    let Some(open) = st.open.as_mut() else {
        return Err(Error::Refused {
            code: "guard_no_alarm",
            message: tr!(lang, "guard-confirm-nothing"),
            hint: None,
            exit: exit::FAILED,
        });
    };
    let destination = a
        .repo
        .repo
        .clone()
        .or_else(|| a.repo.destination.clone())
        .unwrap_or_else(|| open.destination.clone());
    let mut repo_args = a.repo.clone();
    if repo_args.repo.is_none() && repo_args.destination.is_none() {
        repo_args.destination = Some(open.destination.clone());
    }
    let repo = ctx.open(&repo_args, None)?;
    let list = repo.snapshots()?;
    let clean = state::last_clean(&list);
    open.confirmed = Some(Confirmed {
        at: crate::clock::now_utc(),
        last_clean: clean.map(|(id, _)| id.to_string()),
        last_clean_time: clean.map(|(_, t)| t),
        destination: destination.clone(),
    });
    let (job, snapshot, report) = (open.job.clone(), open.snapshot.clone(), open.report.clone());
    save(&path, &st)?;
    let mut record = RunRecord::start(RunKind::Guard, Some(&job), &practice(ctx));
    record.snapshot = Some(snapshot);
    record.guard = Some(report);
    let text = match &clean {
        Some((id, t)) => tr!(
            lang,
            "guard-confirm-done",
            destination = destination.as_str(),
            snapshot = short(&id.to_string()),
            time = guard_text::local(t)
        ),
        None => tr!(
            lang,
            "guard-confirm-no-clean",
            destination = destination.as_str()
        ),
    };
    record.errors.push(Notice {
        code: "guard_confirmed".into(),
        text: format!("{text} {}", a.reason.as_deref().unwrap_or(""))
            .trim()
            .to_string(),
    });
    record.finish(exit::FAILED);
    journaling::record_run(ctx, &record);
    output::field("last_clean", clean.map(|(id, _)| id.to_string()));
    println!("{text}");
    if let Some((id, _)) = clean {
        println!(
            "{}",
            tr!(
                lang,
                "guard-confirm-restore",
                snapshot = short(&id.to_string())
            )
        );
    }
    Ok(Outcome::Ok)
}

fn practice(ctx: &Ctx) -> String {
    ctx.config
        .as_ref()
        .map(|c| c.practice.clone())
        .unwrap_or_default()
}

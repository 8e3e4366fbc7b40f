//! `tresor restore SNAPSHOT --target DIR` (or `--to-original`): files back,
//! verified.
//!
//! `--to-original` maps each snapshot path back to where it was read from:
//! `C/WINACS/x` → `C:\WINACS\x`, `UNC/nas/share/x` → `\\nas\share\x` on
//! Windows; on Linux through the configuration's `drives:` / `unc:` mounts
//! (the same mapping the backup read through), and a POSIX source `srv/x` →
//! `/srv/x`. It uses the same safe writes as any restore (temporary file,
//! verified, renamed; no link followed); without `--overwrite` it refuses to
//! replace anything, and with `--overwrite` it still refuses to replace a
//! file that is newer than the snapshot's copy unless `--force` is given.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::{ConfigPath, HostContext};
use crate::error::{exit, Error};
use crate::i18n;
use crate::job::outcome;
use crate::job::restore::{self, RestoreOutcome, RestoreRequest};
use crate::job::JobError;
use crate::tr;

use super::args::RestoreArgs;
use super::cmd_ls::{not_found, resolve_typed};
use super::context::{threads, Ctx};
use super::{output, Outcome};

/// Where one part of the snapshot goes: the snapshot path taken off (`C`)
/// and the folder that stands for it.
struct Place {
    strip: Option<String>,
    target: PathBuf,
}

#[derive(Serialize, Default)]
struct Totals {
    files: u64,
    folders: u64,
    links: u64,
    bytes: u64,
    verified: u64,
}

/// A file not restored, for JSON: its stable `code` (docs/output.md) and
/// the reason in English, whatever the practice's language.
#[derive(Serialize)]
struct Failed<'a> {
    path: &'a str,
    code: &'static str,
    reason: String,
}

pub fn run(ctx: &Ctx, a: &RestoreArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    // Into a folder of one's choosing nothing is "newer": --force means nothing there.
    if a.force && !a.to_original {
        return Err(Error::Usage(tr!(lang, "cli-restore-force-needs-original")));
    }
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let label = tr!(lang, "cli-warning-label");
    for p in &repo.problems {
        output::warning(
            "repository",
            &label,
            crate::error::file_damage_text(lang, p),
        );
    }
    // Files for other keys (older snapshots, before a key change): said
    // once; they spoil nothing this restore needs, or it says so per file.
    if let Some(first) = repo.locked.first() {
        output::err_line(format_args!(
            "{}",
            tr!(
                lang,
                "cli-restore-locked-files",
                count = repo.locked.len(),
                example = crate::error::file_damage_text(lang, first)
            )
        ));
    }
    let (id, snap) = repo.find_snapshot(&a.snapshot)?;
    // An incomplete snapshot is still restored; what it lacks is said first.
    // The list only serves to name an older complete snapshot: a listing
    // problem must not stop the restore.
    let others = repo.snapshots().map(|l| l.ok).unwrap_or_default();
    // A snapshot of an alarm night, or one taken after it while the alarm
    // holds (the encrypted files carried forward).
    let after_alarm = !snap.summary.suspicious
        && others
            .iter()
            .any(|(_, s)| s.summary.suspicious && s.time <= snap.time)
        && crate::job::run::holds(super::cmd_guard::state_path(ctx, &a.repo).as_deref(), &repo)
            .is_some();
    if snap.summary.suspicious || after_alarm {
        // A night of the alarm: encrypted files, most likely. Restored as
        // asked (it is evidence too), with the snapshot to take instead.
        let list = crate::repo::SnapshotList {
            ok: others.clone(),
            ..Default::default()
        };
        let text = match crate::guard::state::last_clean(&list) {
            Some((clean, time)) => tr!(
                lang,
                "guard-restore-suspicious",
                snapshot = id.short(),
                clean = clean.short(),
                time = crate::report::guard_text::local(&time)
            ),
            None => tr!(lang, "guard-restore-suspicious-none", snapshot = id.short()),
        };
        output::warning("snapshot_suspicious", &label, text);
    }
    let lacks = outcome::restore_warning(ctx.lang, &others, &id, &snap);
    for line in &lacks {
        eprintln!("{line}");
        output::record_warning("snapshot_incomplete", line.clone());
    }
    let nodes = repo.load_tree(&snap)?;
    let include = a
        .include
        .iter()
        .map(|i| resolve_typed(ctx, i, &id, &snap, &nodes))
        .collect::<Result<Vec<_>, _>>()?;
    output::field("snapshot", id.to_string());
    output::field("include", &include);
    let places = if a.to_original {
        let chosen = restore::select(nodes.clone(), &include)
            .map_err(|e| selection_error(ctx, e, a, &id, &snap, &nodes))?;
        // The journal copy each snapshot carries (`tresor/journal.jsonl`) is
        // evidence, not a file of this server: it has no original place.
        let evidence = crate::job::run::EVIDENCE_ROOT;
        let roots: BTreeSet<String> = chosen
            .iter()
            .filter(|n| n.path != evidence && !n.path.starts_with(&format!("{evidence}/")))
            .map(|n| root_of(&n.path))
            .collect();
        let host = ctx
            .config
            .as_ref()
            .map_or_else(HostContext::current, |c| c.host.clone());
        roots
            .into_iter()
            .map(|r| original_place(ctx, &r, &host))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let target = a
            .target
            .clone()
            .ok_or_else(|| Error::Usage(tr!(lang, "cli-restore-target-missing")))?;
        vec![Place {
            strip: None,
            target,
        }]
    };
    output::field(
        "targets",
        places
            .iter()
            .map(|p| p.target.display().to_string())
            .collect::<Vec<_>>(),
    );
    let mk = |p: &Place| RestoreRequest {
        target: p.target.clone(),
        include: include.clone(),
        overwrite: a.overwrite,
        threads: threads(),
        keep_setid: a.keep_setid,
    };
    // Before anything is written: no newer file is replaced without --force.
    if a.to_original && a.overwrite && !a.force {
        let mut newer = Vec::new();
        for p in &places {
            newer.extend(restore::newer_in_target(
                &repo,
                &snap,
                &mk(p),
                p.strip.as_deref(),
            )?);
        }
        if let Some(first) = newer.first() {
            return Err(Error::Refused {
                code: "newer_in_target",
                message: tr!(
                    lang,
                    "cli-restore-newer",
                    count = newer.len(),
                    first = first.display().to_string()
                ),
                hint: Some(tr!(lang, "cli-restore-newer-hint")),
                exit: exit::FAILED,
            });
        }
    }
    let progress = ctx.progress();
    let mut out = RestoreOutcome::default();
    for p in &places {
        let o = restore::run_below(&repo, &snap, &mk(p), p.strip.as_deref(), &progress)
            .map_err(|e| selection_error(ctx, e, a, &id, &snap, &nodes))?;
        out.files += o.files;
        out.dirs += o.dirs;
        out.links += o.links;
        out.bytes += o.bytes;
        out.verified += o.verified;
        out.failed.extend(o.failed);
        out.links_as_folders.extend(o.links_as_folders);
        out.warnings.extend(o.warnings);
    }
    output::field(
        "restored",
        Totals {
            files: out.files,
            folders: out.dirs,
            links: out.links,
            bytes: out.bytes,
            verified: out.verified,
        },
    );
    output::field(
        "failed",
        out.failed
            .iter()
            .map(|(path, why)| Failed {
                path,
                code: why.code(),
                reason: why.render(i18n::Language::En),
            })
            .collect::<Vec<_>>(),
    );
    let targets = places
        .iter()
        .map(|p| p.target.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{}",
        tr!(
            lang,
            "cli-restore-done",
            snapshot = id.short(),
            time = snap.time.format("%d.%m.%Y %H:%M").to_string(),
            job = snap.job.as_str(),
            files = out.files,
            folders = out.dirs,
            size = i18n::size(lang, out.bytes),
            target = targets
        )
    );
    for path in &out.links_as_folders {
        output::warning(
            "link_as_folder",
            &label,
            tr!(
                lang,
                "cli-restore-link-as-folder",
                path = output::one_line(path).into_owned()
            ),
        );
    }
    for w in &out.warnings {
        output::warning("medium", &label, w.render(lang));
    }
    for (path, why) in &out.failed {
        output::err_line(format_args!(
            "{}",
            tr!(
                lang,
                "report-restore-not-restored",
                path = output::one_line(path),
                reason = why.render(lang)
            )
        ));
    }
    if !out.failed.is_empty() {
        return Err(Error::RestoreIncomplete {
            entries: out.failed.len(),
            target_problem: out.failed.iter().all(|(_, why)| why.is_target_side()),
        });
    }
    // A restore that brought back no file is not "OK" (an empty snapshot,
    // a selection of empty folders).
    let nothing = out.files == 0 && out.links == 0;
    if nothing {
        output::warning(
            "nothing_restored",
            &label,
            tr!(lang, "outcome-restore-nothing", snapshot = id.short()),
        );
    }
    Ok(
        if !nothing
            && repo.problems.is_empty()
            && out.links_as_folders.is_empty()
            && out.warnings.is_empty()
            && lacks.is_empty()
            && !snap.summary.suspicious
            && !after_alarm
        {
            Outcome::Ok
        } else {
            Outcome::Warnings
        },
    )
}

/// Nothing matched a glob: say so with paths of this snapshot.
fn selection_error(
    ctx: &Ctx,
    e: JobError,
    a: &RestoreArgs,
    id: &crate::repo::Id,
    snap: &crate::repo::Snapshot,
    nodes: &[crate::repo::tree::Node],
) -> Error {
    match e {
        JobError::NothingSelected { .. } => not_found(ctx, &a.include.join(", "), id, snap, nodes),
        other => other.into(),
    }
}

/// The part of a snapshot path that names where it was read from: a drive
/// letter (`C`), a share (`UNC/nas/praxis`), or nothing (a POSIX source).
fn root_of(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["UNC", server, share, ..] => format!("UNC/{server}/{share}"),
        [d, ..] if d.len() == 1 && d.as_bytes()[0].is_ascii_alphabetic() => d.to_string(),
        _ => String::new(),
    }
}

/// Where a root goes back to on this host.
fn original_place(ctx: &Ctx, root: &str, host: &HostContext) -> Result<Place, Error> {
    let unmapped = |what: String| Error::Refused {
        code: "original_unmapped",
        message: tr!(
            ctx.lang,
            "cli-restore-original-unmapped",
            place = what.as_str()
        ),
        hint: Some(tr!(ctx.lang, "cli-restore-original-unmapped-hint")),
        exit: exit::USAGE,
    };
    let parts: Vec<&str> = root.split('/').collect();
    let path = match parts.as_slice() {
        ["UNC", server, share] => ConfigPath::Unc {
            server: server.to_string(),
            share: share.to_string(),
            components: Vec::new(),
        },
        [d] if !d.is_empty() => ConfigPath::Drive {
            letter: d.chars().next().unwrap_or('C').to_ascii_uppercase(),
            components: Vec::new(),
        },
        _ => {
            if host.windows {
                return Err(unmapped("/".into()));
            }
            return Ok(Place {
                strip: None,
                target: PathBuf::from("/"),
            });
        }
    };
    let target = path
        .resolve(host)
        .map_err(|_| unmapped(path.windows_string()))?;
    Ok(Place {
        strip: Some(root.to_string()),
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_drives_shares_or_nothing() {
        assert_eq!(root_of("C/WINACS/x"), "C");
        assert_eq!(root_of("C"), "C");
        assert_eq!(root_of("UNC/nas/praxis/scan/a.pdf"), "UNC/nas/praxis");
        assert_eq!(root_of("srv/praxis/a"), "");
    }
}

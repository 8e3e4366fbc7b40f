//! `tresor check [--read-data]`: runs under a shared lock (no prune can
//! delete beneath it) and marks the packs it finds damaged, so that the next
//! backup stores their data again. On a write-protected medium it checks
//! without lock and only reports.

use crate::error::Error;
use crate::i18n;
use crate::i18n::Language;
use crate::repo::check::{CheckProblem, SnapshotRef};
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::repository::{pack_key, UnusablePack};
use crate::repo::{check, Repository};
use crate::repo::{IndexedRepo, RepoError};
use crate::storage::StorageError;
use crate::tr;

use super::args::CheckArgs;
use super::context::Ctx;
use super::{output, Outcome};

enum Opened {
    Locked(LockedRepo<Shared>),
    ReadOnly(IndexedRepo),
}

impl std::ops::Deref for Opened {
    type Target = IndexedRepo;
    fn deref(&self) -> &IndexedRepo {
        match self {
            Opened::Locked(r) => r,
            Opened::ReadOnly(r) => r,
        }
    }
}

pub fn run(ctx: &Ctx, a: &CheckArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let repo = match LockedRepo::<Shared>::open(ctx.open(&a.repo, None)?, "check") {
        Ok(r) => Opened::Locked(r),
        Err(RepoError::Storage(StorageError::PermissionDenied { .. })) => {
            println!("{}", tr!(lang, "cli-check-read-only"));
            Opened::ReadOnly(ctx.open(&a.repo, None)?.load_index()?)
        }
        Err(e) => return Err(e.into()),
    };
    let root = root_report(ctx, &repo, a.repair_root)?;
    let progress = ctx.progress();
    let r = check::check(&repo, a.read_data, &progress)?;
    for e in &r.errors {
        keepln!(
            "{}",
            tr!(
                lang,
                "error-check-line-error",
                text = output::one_line(&problem_text(lang, e))
            )
        );
    }
    if let Opened::Locked(locked) = &repo {
        match check::record_damage(locked, &r) {
            Ok(0) => {}
            Ok(n) => println!("{}", tr!(lang, "cli-check-damage-recorded", count = n)),
            Err(e) => println!(
                "{}",
                tr!(
                    lang,
                    "cli-check-damage-not-recorded",
                    error = crate::error::repo_text(&e, lang)
                )
            ),
        }
    }
    for u in &r.unusable_unneeded {
        let text = format!(
            "{}: {}",
            unusable(ctx, u),
            tr!(lang, "cli-check-unusable-unneeded")
        );
        println!("{}", tr!(lang, "error-check-line-warning", text = text));
    }
    if r.marked_damaged > 0 {
        let text = tr!(lang, "cli-check-marked-damaged", count = r.marked_damaged);
        println!("{}", tr!(lang, "error-check-line-warning", text = text));
    }
    if r.pending_deletion > 0 {
        println!(
            "  {}",
            tr!(
                lang,
                "cli-check-pending-deletion",
                count = r.pending_deletion
            )
        );
    }
    if r.leftovers.0 > 0 {
        println!(
            "  {}",
            tr!(
                lang,
                "cli-check-leftovers",
                count = r.leftovers.0,
                size = i18n::size(lang, r.leftovers.1)
            )
        );
    }
    for (snap, files) in &r.affected {
        keepln!(
            "{}",
            tr!(
                lang,
                "cli-check-affected",
                snapshot = snapshot_text(lang, snap)
            )
        );
        for f in files.iter().take(20) {
            if f == "*" {
                keepln!("    {}", tr!(lang, "cli-check-all-files"));
            } else {
                keepln!("    {}", output::one_line(f));
            }
        }
        if files.len() > 20 {
            keepln!(
                "    {}",
                tr!(lang, "cli-check-more", count = files.len() - 20)
            );
        }
    }
    let destination = output::destination_read()
        .map(|d| d.name)
        .unwrap_or_default();
    let checked = tr!(
        lang,
        "cli-check-checked",
        snapshots = r.snapshots,
        packs = r.packs,
        destination = destination.as_str()
    );
    if a.read_data {
        println!(
            "{checked}, {}",
            tr!(
                lang,
                "cli-check-read",
                size = i18n::size(lang, r.bytes_read)
            )
        );
    } else {
        println!("{checked}");
    }
    output::field(
        "check",
        serde_json::json!({
            "snapshots": r.snapshots,
            "packs": r.packs,
            "read_data": a.read_data,
            "bytes_read": r.bytes_read,
            "errors": r.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            "affected": r
                .affected
                .iter()
                .map(|(s, files)| (s.to_string(), files))
                .collect::<std::collections::BTreeMap<_, _>>(),
            "marked_damaged": r.marked_damaged,
            "pending_deletion": r.pending_deletion,
            "root_errors": root.errors,
        }),
    );
    if !r.is_ok() || root.errors > 0 {
        return Err(Error::CheckFailed {
            problems: r.errors.len() + root.errors,
            affected: r.affected.len(),
            root: root.errors > 0,
            locked: explained_by_keys(&r.errors),
        });
    }
    // An empty repository has no errors, but nothing on it could be restored:
    // that is not "fine".
    if r.snapshots == 0 {
        output::warning(
            "no_snapshots",
            &tr!(lang, "cli-warning-label"),
            tr!(lang, "cli-check-empty", destination = destination.as_str()),
        );
        return Ok(Outcome::Warnings);
    }
    if root.notes > 0 {
        println!("{}", tr!(lang, "cli-check-no-errors-notes"));
        return Ok(Outcome::Warnings);
    }
    println!("{}", tr!(lang, "cli-check-no-errors"));
    Ok(if r.has_warnings() {
        Outcome::Warnings
    } else {
        Outcome::Ok
    })
}

/// A snapshot as people read it: short id, time, job (or the key of an
/// unreadable snapshot file).
fn snapshot_text(lang: Language, s: &SnapshotRef) -> String {
    match s {
        SnapshotRef::Readable { id, time, job } => tr!(
            lang,
            "error-check-snapshot",
            id = id,
            time = time.format("%d.%m.%Y %H:%M").to_string(),
            job = job
        ),
        SnapshotRef::File(key) => tr!(lang, "error-check-snapshot-file", key = key),
    }
}

/// One problem of a check, in the practice's language.
fn problem_text(lang: Language, p: &CheckProblem) -> String {
    match p {
        CheckProblem::File(d) => crate::error::file_damage_text(lang, d),
        CheckProblem::FileListLost { snapshot, blob } => tr!(
            lang,
            "error-check-file-list-lost",
            snapshot = snapshot_text(lang, snapshot),
            blob = blob
        ),
        CheckProblem::FileListUnreadable { snapshot, damage } => tr!(
            lang,
            "error-check-file-list-unreadable",
            snapshot = snapshot_text(lang, snapshot),
            reason = crate::error::damage_text(lang, &damage.damage)
        ),
        CheckProblem::FilesAffected { snapshot, files } => tr!(
            lang,
            "error-check-files-affected",
            snapshot = snapshot_text(lang, snapshot),
            files = files
        ),
        CheckProblem::PackUnusable {
            pack,
            found: None,
            blobs,
            ..
        } => tr!(lang, "cli-pack-missing", key = pack, blobs = blobs),
        CheckProblem::PackUnusable {
            pack,
            found: Some(found),
            expected,
            ..
        } => tr!(
            lang,
            "cli-pack-wrong-size",
            key = pack,
            found = found,
            expected = expected
        ),
    }
}

/// A pack the index names that is missing or of another size, in words.
pub(super) fn unusable(ctx: &Ctx, u: &UnusablePack) -> String {
    let key = pack_key(&u.pack.id);
    match u.found {
        None => tr!(
            ctx.lang,
            "cli-pack-missing",
            key = key.as_str(),
            blobs = u.pack.blobs.len()
        ),
        Some(found) => tr!(
            ctx.lang,
            "cli-pack-wrong-size",
            key = key.as_str(),
            found = found,
            expected = u.pack.cipher_len
        ),
    }
}

/// Root-file findings: unusable copies are errors (each was already a
/// warning when opening), a repository without second copies is a note.
struct RootFindings {
    errors: usize,
    notes: usize,
}

fn root_report(ctx: &Ctx, repo: &Repository, repair: bool) -> Result<RootFindings, Error> {
    let mut found = RootFindings {
        errors: 0,
        notes: 0,
    };
    let repaired = if repair {
        repo.repair_root()?
    } else {
        Vec::new()
    };
    for (file, from) in &repaired {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "cli-check-repaired",
                file = file.to_string(),
                from = from.to_string()
            )
        );
        found.notes += 1;
    }
    for p in repo.root_problems() {
        if repaired.iter().any(|(f, _)| *f == p.file) {
            continue;
        }
        let text = tr!(
            ctx.lang,
            "cli-check-root-unusable",
            file = p.file.to_string(),
            why = crate::error::damage_text(ctx.lang, &p.damage),
            used = p.used.to_string()
        );
        println!("{}", tr!(ctx.lang, "error-check-line-error", text = text));
        found.errors += 1;
    }
    if repo.has_single_root_copy() && repaired.is_empty() {
        println!("{}", tr!(ctx.lang, "cli-check-single-root-copy"));
        found.notes += 1;
    }
    Ok(found)
}

/// How many problems a missing key explains: files for other keys, and —
/// when there are such files — the data of snapshots that lies in them
/// (those packs could not be indexed, so their blobs look missing).
fn explained_by_keys(errors: &[CheckProblem]) -> usize {
    let locked = errors.iter().filter(|e| e.is_key_missing()).count();
    if locked == 0 {
        return 0;
    }
    locked
        + (errors.iter())
            .filter(|e| {
                matches!(
                    e,
                    CheckProblem::FilesAffected { .. } | CheckProblem::FileListLost { .. }
                )
            })
            .count()
}

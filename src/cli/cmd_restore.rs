//! `tresor restore SNAPSHOT --target DIR`: files back, verified.

use crate::error::Error;
use crate::job::outcome;
use crate::job::restore::{self, RestoreRequest};
use crate::report::messages::size;

use super::args::RestoreArgs;
use super::context::{threads, Ctx};
use super::Outcome;

pub fn run(ctx: &Ctx, a: &RestoreArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    for p in &repo.problems {
        eprintln!("! {p}");
    }
    let (id, snap) = repo.find_snapshot(&a.snapshot)?;
    // An incomplete snapshot is still restored; what it lacks is said first.
    // The list only serves to name an older complete snapshot: a listing
    // problem must not stop the restore.
    let others = repo.snapshots().map(|l| l.ok).unwrap_or_default();
    let lacks = outcome::restore_warning(ctx.lang, &others, &id, &snap);
    for line in &lacks {
        eprintln!("{line}");
    }
    let req = RestoreRequest {
        target: a.target.clone(),
        include: a.include.clone(),
        overwrite: a.overwrite,
        threads: threads(),
        keep_setid: a.keep_setid,
    };
    let progress = ctx.progress();
    let out = restore::run(&repo, &snap, &req, &progress)?;
    println!(
        "{} {} ({} {}): {} {}, {} {}, {} {} → {}",
        ctx.t("Wiederhergestellt aus Sicherung", "Restored from snapshot"),
        id.short(),
        snap.time.format("%d.%m.%Y %H:%M"),
        snap.job,
        out.files,
        ctx.t("Dateien", "files"),
        out.dirs,
        ctx.t("Ordner", "folders"),
        size(out.bytes),
        ctx.t("geprüft", "verified"),
        a.target.display()
    );
    for path in &out.links_as_folders {
        eprintln!(
            "! {path}: {}",
            ctx.t(
                "als Ordner wiederhergestellt (in der Sicherung ein Link mit Einträgen darunter; der Link wurde nicht verfolgt)",
                "restored as a folder (a link with entries beneath it in the snapshot; the link was not followed)"
            )
        );
    }
    for w in &out.warnings {
        eprintln!("! {w}");
    }
    for (path, why) in &out.failed {
        eprintln!("! {path}: {why}");
    }
    if !out.failed.is_empty() {
        return Err(Error::RestoreIncomplete(out.failed.len()));
    }
    Ok(
        if repo.problems.is_empty() && out.links_as_folders.is_empty() && lacks.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Warnings
        },
    )
}

//! `tresor check [--read-data]`: runs under a shared lock (no prune can
//! delete beneath it) and marks the packs it finds damaged, so that the next
//! backup stores their data again. On a write-protected medium it checks
//! without lock and only reports.

use crate::error::Error;
use crate::repo::lock::{LockedRepo, Shared};
use crate::repo::repository::{pack_key, UnusablePack};
use crate::repo::{check, Repository};
use crate::repo::{IndexedRepo, RepoError};
use crate::report::messages::size;
use crate::storage::StorageError;

use super::args::CheckArgs;
use super::context::Ctx;
use super::Outcome;

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
    let repo = match LockedRepo::<Shared>::open(ctx.open(&a.repo, None)?, "check") {
        Ok(r) => Opened::Locked(r),
        Err(RepoError::Storage(StorageError::PermissionDenied { .. })) => {
            println!(
                "{}",
                ctx.t(
                    "Hinweis: Das Medium ist schreibgeschützt; geprüft wird ohne Sperre, gefundene Schäden werden nicht vermerkt.",
                    "Note: the medium is write-protected; checking without a lock, damage found is not recorded."
                )
            );
            Opened::ReadOnly(ctx.open(&a.repo, None)?.load_index()?)
        }
        Err(e) => return Err(e.into()),
    };
    let root = root_report(ctx, &repo, a.repair_root)?;
    let progress = ctx.progress();
    let r = check::check(&repo, a.read_data, &progress)?;
    for e in &r.errors {
        println!("! {e}");
    }
    if let Opened::Locked(locked) = &repo {
        match check::record_damage(locked, &r) {
            Ok(0) => {}
            Ok(n) => println!(
                "{n} {}",
                ctx.t(
                    "beschädigte(s) Pack(s) vermerkt: die nächste Sicherung speichert ihre Daten neu, soweit die Quellen sie noch haben.",
                    "damaged pack(s) recorded: the next backup stores their data again where the sources still have it."
                )
            ),
            Err(e) => println!(
                "{}: {e}",
                ctx.t(
                    "Schaden konnte nicht vermerkt werden",
                    "could not record the damage"
                )
            ),
        }
    }
    for u in &r.unusable_unneeded {
        println!(
            "  ! {}: {}",
            unusable(ctx, u),
            ctx.t(
                "keine Sicherung braucht Daten daraus (sie sind anderswo gespeichert); `tresor prune` räumt es weg. Prüfen Sie das Medium.",
                "no snapshot needs data from it (stored elsewhere); `tresor prune` removes it. Check the medium."
            )
        );
    }
    if r.marked_damaged > 0 {
        println!(
            "  ! {} {}",
            r.marked_damaged,
            ctx.t(
                "Pack(s) als beschädigt vermerkt: nichts wird daraus wiederverwendet; `tresor prune` entfernt sie, sobald keine Sicherung sie braucht.",
                "pack(s) marked damaged: nothing is reused from them; `tresor prune` removes them once no snapshot needs them."
            )
        );
    }
    if r.pending_deletion > 0 {
        println!(
            "  {} {}",
            r.pending_deletion,
            ctx.t(
                "Pack(s) zum Löschen vorgemerkt (der nächste `tresor prune` löscht sie)",
                "pack(s) marked for deletion (the next `tresor prune` deletes them)"
            )
        );
    }
    if r.leftovers.0 > 0 {
        println!(
            "  {} {} ({}); {}",
            r.leftovers.0,
            ctx.t(
                "temporäre Datei(en) abgebrochener Schreibvorgänge",
                "temporary file(s) of interrupted writes"
            ),
            size(r.leftovers.1),
            ctx.t("`tresor prune` entfernt sie", "`tresor prune` removes them")
        );
    }
    for (snap, files) in &r.affected {
        println!(
            "{} {snap}:",
            ctx.t("Betroffene Sicherung", "Affected snapshot")
        );
        for f in files.iter().take(20) {
            println!(
                "    {}",
                if f == "*" {
                    ctx.t("(alle Dateien)", "(all files)")
                } else {
                    f
                }
            );
        }
        if files.len() > 20 {
            println!("    … {} {}", files.len() - 20, ctx.t("weitere", "more"));
        }
    }
    println!(
        "{}: {} {}, {} Packs{}",
        ctx.t("Geprüft", "Checked"),
        r.snapshots,
        ctx.t("Sicherungen", "snapshots"),
        r.packs,
        if a.read_data {
            format!(
                ", {} {}",
                size(r.bytes_read),
                ctx.t("gelesen und bestätigt", "read and verified")
            )
        } else {
            String::new()
        }
    );
    if !r.is_ok() || root.errors > 0 {
        return Err(Error::CheckFailed {
            problems: r.errors.len() + root.errors,
            affected: r.affected.len(),
            root: root.errors > 0,
        });
    }
    if root.notes > 0 {
        println!(
            "{}",
            ctx.t(
                "Keine Fehler gefunden (Hinweise oben).",
                "No errors found (notes above)."
            )
        );
        return Ok(Outcome::Warnings);
    }
    println!("{}", ctx.t("Keine Fehler gefunden.", "No errors found."));
    Ok(if r.has_warnings() {
        Outcome::Warnings
    } else {
        Outcome::Ok
    })
}

/// A pack the index names that is missing or of another size, in words.
pub(super) fn unusable(ctx: &Ctx, u: &UnusablePack) -> String {
    let key = pack_key(&u.pack.id);
    match u.found {
        None => format!(
            "{key} {} ({} {})",
            ctx.t("fehlt", "is missing"),
            u.pack.blobs.len(),
            ctx.t("Blöcke im Index", "blobs indexed")
        ),
        Some(found) => format!(
            "{key} {} {found} {}, {} {} ({})",
            ctx.t("hat", "has"),
            ctx.t("Bytes", "bytes"),
            ctx.t("laut Index", "the index says"),
            u.pack.cipher_len,
            ctx.t("abgeschnitten oder ersetzt", "truncated or replaced")
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
            if ctx.de() {
                format!("Repariert: {file} aus {from} geschrieben und zurückgelesen.")
            } else {
                format!("Repaired: {file} written from {from} and read back.")
            }
        );
        found.notes += 1;
    }
    for p in repo.root_problems() {
        if repaired.iter().any(|(f, _)| *f == p.file) {
            continue;
        }
        println!(
            "! {}",
            if ctx.de() {
                format!(
                    "{} ist unbrauchbar: {} (verwendet wurde {}); Reparatur: tresor check --repair-root",
                    p.file,
                    crate::error::damage_text(&p.damage, true),
                    p.used
                )
            } else {
                format!(
                    "{} is unusable: {} ({} was used); repair: tresor check --repair-root",
                    p.file, p.damage, p.used
                )
            }
        );
        found.errors += 1;
    }
    if repo.has_single_root_copy() && repaired.is_empty() {
        println!(
            "{}",
            ctx.t(
                "Hinweis: Diese Sicherung hat keine zweite Kopie ihrer Stammdateien (tresor.repo.2, config.2; angelegt mit einer älteren tresor-Version). Hinzufügen mit: tresor check --repair-root",
                "Note: this repository has no second copy of its root files (tresor.repo.2, config.2; created by an older tresor). Add them with: tresor check --repair-root"
            )
        );
        found.notes += 1;
    }
    Ok(found)
}

//! `tresor check [--read-data]`.

use crate::error::Error;
use crate::repo::{check, Repository};
use crate::report::messages::size;

use super::args::CheckArgs;
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &CheckArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let root = root_report(ctx, &repo, a.repair_root)?;
    let progress = ctx.progress();
    let r = check::check(&repo, a.read_data, &progress)?;
    for e in &r.errors {
        println!("! {e}");
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
    Ok(Outcome::Ok)
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

//! `tresor check [--read-data]`.

use crate::error::Error;
use crate::repo::check;
use crate::report::messages::size;

use super::args::CheckArgs;
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &CheckArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?.load_index()?;
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
    if !r.is_ok() {
        return Err(Error::CheckFailed(r.errors.len()));
    }
    println!("{}", ctx.t("Keine Fehler gefunden.", "No errors found."));
    Ok(Outcome::Ok)
}

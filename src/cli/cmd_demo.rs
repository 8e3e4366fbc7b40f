//! `tresor demo`: the whole cycle on a generated practice, with nothing set
//! up beforehand — init (machine + recovery key), the nightly job to the "RDX"
//! folder and to the "NAS" folder, a working day, the Feierabend job, the
//! snapshot list, and a restore with only the recovery key, compared byte for
//! byte with the practice tree.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config;
use crate::error::Error;

use super::args::{BackupArgs, DemoArgs, InitArgs, RepoArgs, RestoreArgs, SnapshotsArgs};
use super::context::Ctx;
use super::{cmd_backup, cmd_init, cmd_restore, cmd_snapshots, demo_tree, Outcome};

const MARK: &str = ".tresor-demo";

pub fn run(ctx: &Ctx, a: &DemoArgs) -> Result<Outcome, Error> {
    let base = std::path::absolute(&a.dir).map_err(|e| io(&a.dir, e))?;
    prepare(ctx, &base)?;
    let cfg = config::demo(&base)?;
    let drive_c = base.join("C");
    demo_tree::generate(&drive_c).map_err(|e| io(&drive_c, e))?;
    let ctx = Ctx {
        lang: ctx.lang,
        config: Some(cfg),
        quiet: ctx.quiet,
    };
    let step = |de: &str, en: &str| println!("\n== {} ==", ctx.t(de, en));

    step(
        "1. Einrichten: Schlüssel und Sicherungsziele",
        "1. Setup: keys and destinations",
    );
    let keys = base.join("keys");
    cmd_init::run(
        &ctx,
        &InitArgs {
            repo: RepoArgs::default(),
            key_out: Some(keys.clone()),
            recovery_recipients: vec![],
        },
    )?;

    step(
        "2. Nachtsicherung auf RDX und NAS",
        "2. Nightly backup to RDX and NAS",
    );
    let job = |name: &str, dest: &str| BackupArgs {
        repo: RepoArgs {
            destination: Some(dest.into()),
            ..Default::default()
        },
        job: Some(name.into()),
        ..Default::default()
    };
    cmd_backup::run(&ctx, &job("nightly", "rdx"))?;
    cmd_backup::run(&ctx, &job("nightly", "nas"))?;

    step(
        "3. Ein Praxistag vergeht, dann die Feierabendsicherung",
        "3. A working day passes, then the Feierabend backup",
    );
    demo_tree::working_day(&drive_c).map_err(|e| io(&drive_c, e))?;
    cmd_backup::run(&ctx, &job("feierabend", "rdx"))?;

    step(
        "4. Sicherungen auf dem RDX-Medium",
        "4. Snapshots on the RDX medium",
    );
    cmd_snapshots::run(
        &ctx,
        &SnapshotsArgs {
            repo: RepoArgs {
                destination: Some("rdx".into()),
                ..Default::default()
            },
            ..Default::default()
        },
    )?;

    step(
        "5. Wiederherstellung nur mit Medium und Wiederherstellungsschlüssel",
        "5. Restore with nothing but the medium and the recovery key",
    );
    let recovery = recovery_key(&keys)?;
    let target = base.join("restore");
    let bare = Ctx {
        lang: ctx.lang,
        config: None,
        quiet: ctx.quiet,
    };
    let rdx = base.join("RDX").to_string_lossy().into_owned();
    cmd_restore::run(
        &bare,
        &RestoreArgs {
            repo: RepoArgs {
                repo: Some(rdx),
                key: Some(recovery.clone()),
                ..Default::default()
            },
            snapshot: "latest".into(),
            target: Some(target.clone()),
            ..Default::default()
        },
    )?;
    let (files, bytes) = compare(&drive_c, &target.join("C"))?;
    println!(
        "{} {files} {} ({bytes} Bytes) {}",
        ctx.t(
            "Vergleich mit dem Praxisordner:",
            "Compared with the practice folder:"
        ),
        ctx.t("Dateien", "files"),
        ctx.t("inhalts- und zeitgleich", "identical in content and mtime")
    );
    println!(
        "\n{} {}",
        ctx.t("Alles liegt in", "Everything is in"),
        base.display()
    );
    println!(
        "{} {}",
        ctx.t("Wiederherstellungsschlüssel:", "Recovery key:"),
        recovery.display()
    );
    Ok(Outcome::Ok)
}

fn io(p: &Path, e: std::io::Error) -> Error {
    Error::Io {
        what: p.display().to_string(),
        source: e,
    }
}

/// A previous demo is replaced; any other non-empty folder is left alone.
fn prepare(ctx: &Ctx, base: &Path) -> Result<(), Error> {
    if base.join(MARK).exists() {
        fs::remove_dir_all(base).map_err(|e| io(base, e))?;
    } else if base.exists()
        && fs::read_dir(base)
            .map_err(|e| io(base, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "{} {}",
            base.display(),
            ctx.t(
                "ist nicht leer und kein Demo-Ordner; bitte --dir mit einem neuen Ordner angeben.",
                "is not empty and not a demo folder; give --dir with a new folder."
            )
        )));
    }
    fs::create_dir_all(base).map_err(|e| io(base, e))?;
    fs::write(base.join(MARK), b"tresor demo\n").map_err(|e| io(base, e))
}

fn recovery_key(dir: &Path) -> Result<PathBuf, Error> {
    fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with("tresor-wiederherstellungsschluessel")
            })
        })
        .ok_or_else(|| Error::Key {
            path: dir.display().to_string(),
            reason: "no recovery key written".into(),
        })
}

/// Every file of `a` exists in `b` with the same bytes and mtime.
fn compare(a: &Path, b: &Path) -> Result<(u64, u64), Error> {
    let (mut files, mut bytes) = (0, 0);
    for e in walkdir::WalkDir::new(a) {
        let e = e.map_err(|e| Error::Io {
            what: a.display().to_string(),
            source: e.into(),
        })?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(a).unwrap_or(e.path());
        let other = b.join(rel);
        let (x, y) = (
            fs::read(e.path()).map_err(|er| io(e.path(), er))?,
            fs::read(&other).map_err(|er| io(&other, er))?,
        );
        let mt = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        if x != y || mt(e.path()) != mt(&other) {
            return Err(Error::RestoreIncomplete(1));
        }
        files += 1;
        bytes += x.len() as u64;
    }
    Ok((files, bytes))
}

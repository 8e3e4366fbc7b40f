//! `tresor demo`: the whole cycle on a generated practice, with nothing set
//! up beforehand — init (machine + recovery key), the nightly job to the "RDX"
//! folder, mirrored to the "NAS" folder, a working day, the Feierabend job
//! (mirrored too), the snapshot list, and a restore from the NAS copy with
//! only the recovery key, compared byte for byte with the practice tree.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config;
use crate::error::Error;
use crate::i18n::Language;
use crate::tr;

use super::args::{
    BackupArgs, DemoArgs, InitArgs, MediaAction, MediaArgs, MediaLabelArgs, RepoArgs, RestoreArgs,
    SnapshotsArgs,
};
use super::context::Ctx;
use super::{cmd_backup, cmd_init, cmd_restore, cmd_snapshots, demo_tree, Outcome};

const MARK: &str = ".tresor-demo";

pub fn run(ctx: &Ctx, a: &DemoArgs) -> Result<Outcome, Error> {
    let base = std::path::absolute(&a.dir).map_err(|e| io(&a.dir, e))?;
    prepare(ctx, &base)?;
    let mut cfg = config::demo(&base)?;
    // The demo has no SQL Server: its practice is the files only. Left in,
    // medatixx's database would (rightly) fail every backup of the demo.
    for job in cfg.jobs.values_mut() {
        job.databases.clear();
    }
    let drive_c = base.join("C");
    demo_tree::generate(&drive_c).map_err(|e| io(&drive_c, e))?;
    let ctx = Ctx {
        lang: ctx.lang,
        config: Some(cfg),
        quiet: ctx.quiet,
    };
    let lang = ctx.lang;
    let step = |text: String| println!("\n== {text} ==");

    step(tr!(lang, "report-demo-step-setup"));
    let keys = base.join("keys");
    cmd_init::run(
        &ctx,
        &InitArgs {
            repo: RepoArgs::default(),
            key_out: Some(keys.clone()),
            recovery_recipients: vec![],
        },
    )?;

    // The cartridge in the drive gets its label; the other waits on the shelf.
    let label = |name: &str| {
        super::cmd_media::run(
            &ctx,
            &MediaArgs {
                action: MediaAction::Label(MediaLabelArgs {
                    name: name.into(),
                    destination: None,
                    force: false,
                    out: Default::default(),
                }),
            },
        )
    };
    label("Kassette Praxis")?;

    step(tr!(lang, "report-demo-step-nightly"));
    let job = |name: &str, dest: &str| BackupArgs {
        repo: RepoArgs {
            destination: Some(dest.into()),
            ..Default::default()
        },
        job: Some(name.into()),
        ..Default::default()
    };
    // The job mirrors its snapshot to the NAS (`mirrors: [nas]`).
    cmd_backup::run(&ctx, &job("nightly", "rdx"))?;

    step(tr!(lang, "report-demo-step-day"));
    demo_tree::working_day(&drive_c).map_err(|e| io(&drive_c, e))?;
    // As the advice said: the night's cartridge out, the other one in.
    let drive = base.join("RDX");
    let shelf = base.join("Regal");
    std::fs::create_dir_all(&shelf).map_err(|e| io(&shelf, e))?;
    std::fs::rename(&drive, shelf.join("Kassette Praxis")).map_err(|e| io(&drive, e))?;
    std::fs::create_dir_all(&drive).map_err(|e| io(&drive, e))?;
    label("Kassette extern")?;
    cmd_backup::run(&ctx, &job("feierabend", "rdx"))?;

    step(tr!(lang, "report-demo-step-snapshots"));
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

    step(tr!(lang, "report-demo-step-restore"));
    let recovery = recovery_key(lang, &keys)?;
    let target = base.join("restore");
    let bare = Ctx {
        lang: ctx.lang,
        config: None,
        quiet: ctx.quiet,
    };
    // From the NAS copy: what the mirror wrote is what comes back.
    let nas = base.join("NAS").to_string_lossy().into_owned();
    cmd_restore::run(
        &bare,
        &RestoreArgs {
            repo: RepoArgs {
                repo: Some(nas),
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
        "{}",
        tr!(
            lang,
            "report-demo-compared",
            files = tr!(lang, "count-files", files = files),
            size = crate::i18n::size(lang, bytes)
        )
    );
    println!(
        "\n{}",
        tr!(
            lang,
            "report-demo-everything-in",
            path = base.display().to_string()
        )
    );
    println!(
        "{}",
        tr!(
            lang,
            "report-demo-recovery-key",
            path = recovery.display().to_string()
        )
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
        return Err(Error::Usage(tr!(
            ctx.lang,
            "report-demo-folder-not-empty",
            path = base.display().to_string()
        )));
    }
    fs::create_dir_all(base).map_err(|e| io(base, e))?;
    fs::write(base.join(MARK), b"tresor demo\n").map_err(|e| io(base, e))
}

fn recovery_key(lang: Language, dir: &Path) -> Result<PathBuf, Error> {
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
            reason: tr!(lang, "report-demo-no-recovery-key"),
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
            return Err(Error::RestoreIncomplete {
                entries: 1,
                target_problem: false,
            });
        }
        files += 1;
        bytes += x.len() as u64;
    }
    Ok((files, bytes))
}

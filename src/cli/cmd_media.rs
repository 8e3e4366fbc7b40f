//! `tresor media label` and `tresor media show`: the RDX cartridges of the
//! rotation (see `crate::media`).
//!
//! `label` prepares the cartridge in the drive: its name must be one of the
//! plan; a foreign medium, or one with other data, is refused untouched
//! (tresor never formats); the repository is set up by `tresor init`'s own
//! code; then the label is written. Exit codes: 0 done (or already so),
//! 1 done with warnings (from init), 2 refused or failed, 3 usage.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::rotation::{day_short, time_text, Kept, Rotation};
use crate::config::{Config, DestinationKind};
use crate::error::{exit, Error};
use crate::identity;
use crate::media::{self, plan, Contents, Found, Label};
use crate::repo::Id;
use crate::tr;

use super::args::{InitArgs, MediaAction, MediaArgs, MediaLabelArgs, MediaShowArgs, RepoArgs};
use super::context::{load_identities, suggest, Ctx};
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &MediaArgs) -> Result<Outcome, Error> {
    match &a.action {
        MediaAction::Label(l) => label(ctx, l),
        MediaAction::Show(s) => show(ctx, s),
    }
}

/// The rotation, its destination's folder and the folder as written.
struct Drive<'c> {
    rotation: &'c Rotation,
    path: PathBuf,
    written: String,
}

fn drive<'c>(ctx: &Ctx, cfg: &'c Config, asked: Option<&str>) -> Result<Drive<'c>, Error> {
    let lang = ctx.lang;
    let Some(rotation) = &cfg.rotation else {
        return Err(Error::Refused {
            code: "no_rotation",
            message: tr!(lang, "media-cli-no-rotation", origin = &cfg.origin),
            hint: Some(tr!(lang, "media-cli-no-rotation-hint")),
            exit: exit::USAGE,
        });
    };
    if let Some(asked) = asked.filter(|d| *d != rotation.destination) {
        return Err(Error::Refused {
            code: "not_rotation_destination",
            message: tr!(
                lang,
                "media-cli-not-rotation-destination",
                name = asked,
                destination = &rotation.destination
            ),
            hint: None,
            exit: exit::USAGE,
        });
    }
    // The config checked that it exists and is a folder.
    let (path, written) = match cfg.destinations.get(&rotation.destination).map(|d| &d.kind) {
        Some(DestinationKind::Local { path, display }) => (path.clone(), display.clone()),
        _ => {
            return Err(Error::Usage(tr!(
                lang,
                "media-cli-not-rotation-destination",
                name = &rotation.destination,
                destination = &rotation.destination
            )))
        }
    };
    output::destination(output::DestinationRef {
        name: rotation.destination.clone(),
        path: written.clone(),
    });
    Ok(Drive {
        rotation,
        path,
        written,
    })
}

/// This installation's id, when the machine key and the identity beside it exist.
pub fn installation(cfg: &Config) -> Result<Option<Id>, Error> {
    let key = &cfg.keys.machine;
    if !key.exists() {
        return Ok(None);
    }
    let ids = load_identities(key)?;
    Ok(identity::file::load(&identity::path_beside(key), &ids, key)?.map(|i| i.installation))
}

/// `Dienstag extern` from `dienstag  Extern`; else refused with the nearest name.
fn plan_name(ctx: &Ctx, rotation: &Rotation, typed: &str) -> Result<String, Error> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if let Some(c) = rotation
        .cartridges
        .iter()
        .find(|c| norm(&c.name) == norm(typed))
    {
        return Ok(c.name.clone());
    }
    let names: Vec<&str> = rotation
        .cartridges
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let list = names.join(", ");
    let message = match suggest(typed, names.iter().copied()) {
        Some(s) => tr!(
            ctx.lang,
            "media-cli-unknown-name-suggest",
            name = typed,
            suggestion = s,
            names = &list
        ),
        None => tr!(
            ctx.lang,
            "media-cli-unknown-name",
            name = typed,
            names = &list
        ),
    };
    Err(Error::Refused {
        code: "unknown_cartridge",
        message,
        hint: None,
        exit: exit::USAGE,
    })
}

/// The label as the JSON document shows it.
#[derive(Serialize)]
struct LabelView<'a> {
    id: &'a str,
    name: &'a str,
    installation: &'a str,
    labelled: String,
}

impl<'a> From<&'a Label> for LabelView<'a> {
    fn from(l: &'a Label) -> Self {
        LabelView {
            id: &l.id,
            name: &l.name,
            installation: &l.installation,
            labelled: l.labelled.to_rfc3339(),
        }
    }
}

fn label(ctx: &Ctx, a: &MediaLabelArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let d = drive(ctx, cfg, a.destination.as_deref())?;
    let name = plan_name(ctx, d.rotation, &a.name)?;
    let refused = |code: &'static str, message: String, hint: Option<String>| Error::Refused {
        code,
        message,
        hint,
        exit: exit::FAILED,
    };

    // Nothing is written before the medium was found fit to be labelled.
    let before = media::inspect::inspect_in(
        media::inspect::drive(d.rotation, &d.path),
        &d.path,
        installation(cfg)?.as_ref(),
    )?;
    let keep_id = match &before {
        Found::NoMedium => {
            return Err(refused(
                "no_medium",
                tr!(
                    lang,
                    "media-cli-label-no-medium",
                    drive = media::inspect::drive(d.rotation, &d.path)
                        .display()
                        .to_string()
                ),
                Some(tr!(lang, "media-insert", name = &name)),
            ))
        }
        Found::Foreign(l) => {
            return Err(refused(
                "medium_foreign",
                tr!(lang, "media-cli-label-foreign", name = &l.name),
                Some(tr!(lang, "media-cli-untouched-hint")),
            ))
        }
        Found::Unlabelled(Contents::OtherData) => {
            return Err(refused(
                "medium_has_data",
                tr!(
                    lang,
                    "media-cli-label-other-data",
                    drive = media::inspect::drive(d.rotation, &d.path)
                        .display()
                        .to_string()
                ),
                Some(tr!(lang, "media-cli-untouched-hint")),
            ))
        }
        Found::Ours(l) if l.name == name => {
            println!(
                "{}",
                tr!(
                    lang,
                    "media-cli-label-unchanged",
                    name = &name,
                    id = l.short_id()
                )
            );
            output::field("action", "unchanged");
            output::field("medium", LabelView::from(l));
            return Ok(Outcome::Ok);
        }
        Found::Ours(l) if !a.force => {
            return Err(refused(
                "medium_labelled",
                tr!(
                    lang,
                    "media-cli-label-other-name",
                    name = &l.name,
                    new = &name
                ),
                Some(tr!(lang, "media-cli-label-force-hint", new = &name)),
            ))
        }
        Found::Ours(l) => Some(l.clone()),
        Found::Unlabelled(Contents::Empty | Contents::Repository) => None,
    };

    // The repository, exactly as `tresor init --destination` sets it up.
    let init = InitArgs {
        repo: RepoArgs {
            destination: Some(d.rotation.destination.clone()),
            ..RepoArgs::default()
        },
        key_out: None,
        recovery_recipients: Vec::new(),
    };
    let outcome = super::cmd_init::run(ctx, &init)?;
    let Some(inst) = installation(cfg)? else {
        return Err(Error::Usage(tr!(lang, "identity-where-machine-key")));
    };
    let (new, action) = match keep_id {
        // The same cartridge under a new name: it keeps its id.
        Some(old) => {
            let mut l = Label::new(&name, &inst);
            l.id = old.id;
            (l, "relabelled")
        }
        None => (Label::new(&name, &inst), "labelled"),
    };
    media::label::write(&d.path, &new)?;
    let line = match action {
        "relabelled" => tr!(
            lang,
            "media-cli-relabelled",
            name = &name,
            id = new.short_id()
        ),
        _ => tr!(
            lang,
            "media-cli-labelled",
            name = &name,
            id = new.short_id()
        ),
    };
    println!("{line}");
    println!(
        "{}",
        tr!(
            lang,
            "media-cli-sticker",
            name = &name,
            location = &d.written
        )
    );
    output::field("action", action);
    output::field("medium", LabelView::from(&new));
    Ok(outcome)
}

/// `media show` in JSON.
#[derive(Serialize)]
struct ShowView<'a> {
    state: &'static str,
    label: Option<LabelView<'a>>,
    backup_day: String,
    due: Vec<DueView<'a>>,
    plan: Vec<PlanRow<'a>>,
}

#[derive(Serialize)]
struct DueView<'a> {
    job: &'a str,
    cartridge: Option<&'a str>,
}

#[derive(Serialize)]
struct PlanRow<'a> {
    name: &'a str,
    job: &'a str,
    days: Vec<String>,
    kept: &'static str,
}

fn show(ctx: &Ctx, a: &MediaShowArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let d = drive(ctx, cfg, a.destination.as_deref())?;
    let r = d.rotation;
    let now = crate::clock::now().naive_local();
    let mut outcome = Outcome::Ok;

    println!(
        "{}",
        tr!(
            lang,
            "media-cli-drive",
            destination = &r.destination,
            path = &d.written
        )
    );
    let found = match media::inspect::inspect_in(
        media::inspect::drive(d.rotation, &d.path),
        &d.path,
        installation(cfg)?.as_ref(),
    ) {
        Ok(f) => Some(f),
        Err(e) => {
            let (message, hint) = e.render(lang);
            let text = match hint {
                Some(h) => format!("{message} {h}"),
                None => message,
            };
            output::warning(e.code(), &tr!(lang, "cli-warning-label"), text);
            outcome = Outcome::Warnings;
            None
        }
    };
    let (state, in_drive) = match &found {
        None => ("damaged", tr!(lang, "media-cli-in-drive-damaged")),
        Some(Found::NoMedium) => ("none", tr!(lang, "media-cli-in-drive-none")),
        Some(Found::Unlabelled(Contents::Empty)) => {
            ("unlabelled", tr!(lang, "media-cli-in-drive-empty"))
        }
        Some(Found::Unlabelled(Contents::Repository)) => {
            ("unlabelled", tr!(lang, "media-cli-in-drive-repository"))
        }
        Some(Found::Unlabelled(Contents::OtherData)) => {
            ("unlabelled", tr!(lang, "media-cli-in-drive-other-data"))
        }
        Some(Found::Foreign(l)) => (
            "foreign",
            tr!(lang, "media-cli-in-drive-foreign", name = &l.name),
        ),
        Some(Found::Ours(l)) => (
            "ours",
            tr!(
                lang,
                "media-cli-in-drive-ours",
                name = &l.name,
                id = l.short_id(),
                date = l
                    .labelled
                    .with_timezone(&chrono::Local)
                    .format("%d.%m.%Y")
                    .to_string()
            ),
        ),
    };
    println!("{}", tr!(lang, "media-cli-in-drive", what = in_drive));

    let day = plan::backup_day(now, r.day_starts);
    println!(
        "{}",
        tr!(
            lang,
            "media-cli-backup-day",
            day = day_short(lang, chrono::Datelike::weekday(&day)),
            date = day.format("%d.%m.%Y").to_string(),
            starts = time_text(r.day_starts)
        )
    );
    let mut jobs: Vec<&str> = Vec::new();
    for c in &r.cartridges {
        if !jobs.contains(&c.job.as_str()) {
            jobs.push(&c.job);
        }
    }
    println!("{}", tr!(lang, "media-cli-due"));
    let mut due = Vec::new();
    for job in jobs {
        let c = plan::due(r, job, now);
        let what = match c {
            Some(c) => tr!(lang, "media-cli-due-cartridge", name = &c.name),
            None => tr!(lang, "media-cli-due-none"),
        };
        println!("  {job}: {what}");
        due.push(DueView {
            job,
            cartridge: c.map(|c| c.name.as_str()),
        });
    }

    println!("{}", tr!(lang, "media-cli-plan", plan = r.plan.name()));
    let width = r
        .cartridges
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    for c in &r.cartridges {
        let days: Vec<String> = c.weekdays.iter().map(|w| day_short(lang, *w)).collect();
        let kept = kept_text(ctx, c.kept);
        println!(
            "  {:<width$}  {:<12} {:<12} {kept}",
            c.name,
            c.job,
            days.join(", ")
        );
        rows.push(PlanRow {
            name: &c.name,
            job: &c.job,
            days: c
                .weekdays
                .iter()
                .map(|w| w.to_string().to_lowercase())
                .collect(),
            kept: match c.kept {
                Kept::Home => "home",
                Kept::Practice => "practice",
            },
        });
    }
    let label = match &found {
        Some(Found::Ours(l) | Found::Foreign(l)) => Some(LabelView::from(l)),
        _ => None,
    };
    output::field(
        "media",
        ShowView {
            state,
            label,
            backup_day: day.to_string(),
            due,
            plan: rows,
        },
    );
    Ok(outcome)
}

fn kept_text(ctx: &Ctx, kept: Kept) -> String {
    match kept {
        Kept::Home => tr!(ctx.lang, "media-cli-kept-home"),
        Kept::Practice => tr!(ctx.lang, "media-cli-kept-practice"),
    }
}

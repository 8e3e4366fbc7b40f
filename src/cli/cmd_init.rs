//! `tresor init`: sets up destinations of this installation. The first run
//! creates the installation identity (machine key, recovery recipients,
//! repository secrets — see `crate::identity`); every later run, on any day,
//! with any one destination reachable, reuses it. Nothing is written before
//! every target has been found blank or of this installation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Destination, DestinationKind, DEMO_ORIGIN};
use crate::error::Error;
use crate::identity::config_edit::{self, Update};
use crate::identity::{self, key_file, Identity, IdentityError, Standing};
use crate::repo::crypto::{generate_key, Identities, NewKey, Recipients};
use crate::repo::repofile::RepoConfig;
use crate::repo::{self, InitOptions, RepoError, Repository};
use crate::storage::local::LocalBackend;
use crate::storage::{self, Backend, StorageError};
use crate::tr;

use super::args::InitArgs;
use super::context::{load_identities, Ctx};
use super::Outcome;

/// A destination to set up: its name, where it is, and the backend when
/// the folder (or bucket) exists. A folder that does not exist yet is created only
/// after every target was found blank or of this installation (a refused
/// `init` leaves nothing behind).
struct Target {
    name: String,
    dest: Destination,
    backend: Option<Arc<dyn Backend>>,
}

impl Target {
    fn location(&self) -> String {
        match &self.backend {
            Some(b) => b.location(),
            None => storage::open::location(&self.dest),
        }
    }
}

/// What a target holds before anything is written.
enum Found {
    Blank,
    /// A repository the machine key opens, with its config.
    Repository(Box<RepoConfig>),
    /// A repository the machine key does not open (or there is no machine key yet).
    Unopenable,
}

/// Where the identity of this run came from.
enum Origin {
    File,
    Adopted(String),
    New,
}

pub fn run(ctx: &Ctx, a: &InitArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let machine_path = machine_key_path(ctx, a)?;
    let identity_path = identity::path_beside(&machine_path);
    let targets = targets(ctx, a)?;
    let wanted = wanted_recovery(ctx, a)?;
    let mut warnings = 0;

    // 1. What exists: machine key, identity, repositories on the targets.
    let machine = if machine_path.exists() {
        Some(Arc::new(load_identities(&machine_path)?))
    } else if identity_path.exists() {
        return Err(IdentityError::MachineKeyMissing {
            identity: identity_path.display().to_string(),
            machine: machine_path.display().to_string(),
        }
        .into());
    } else {
        None
    };
    let loaded = match &machine {
        Some(k) => identity::file::load(&identity_path, k, &machine_path)?,
        None => None,
    };
    let found = targets
        .iter()
        .map(|t| match &t.backend {
            Some(b) => survey(ctx, b, machine.as_ref()),
            None => Ok(Found::Blank),
        })
        .collect::<Result<Vec<_>, Error>>()?;

    // 2. The identity: the file, else adopted from a reachable repository, else new.
    let new_machine = machine.is_none().then(generate_key);
    // A parsed key file holds at least one key; an empty recipient would be
    // refused when the identity is saved.
    let machine_recipient = match (&machine, &new_machine) {
        (Some(k), _) => k.recipients().into_iter().next().unwrap_or_default(),
        (_, Some(k)) => k.recipient.clone(),
        (None, None) => String::new(),
    };
    let (mut id, origin) = match loaded {
        Some(id) => (id, Origin::File),
        None => match adoptable(ctx, &targets, &found, machine.as_ref()) {
            Some((location, cfg)) => (
                Identity::from_repository(&cfg, &machine_recipient),
                Origin::Adopted(location),
            ),
            None => (Identity::new(machine_recipient, Vec::new()), Origin::New),
        },
    };

    // 3. Refuse before writing anything: a repository of another installation.
    refuse_foreign(&id, &targets, &found)?;

    // 4. Write what is new: machine key, at most one recovery key, identity.
    if let Some(k) = &new_machine {
        key_file::write(&machine_path, MACHINE_KEY_TITLE, k)?;
        let path = path_text(&machine_path);
        println!("{}", tr!(lang, "identity-machine-key-created", path = path));
    }
    let added = id.add_recovery(&wanted);
    let new_recovery = id.recovery.is_empty().then(generate_key);
    if let Some(k) = &new_recovery {
        let file = recovery_key_path(a, &machine_path);
        key_file::write(&file, RECOVERY_KEY_TITLE, k)?;
        id.recovery.push(k.recipient.clone());
        print_recovery_key(ctx, k, &file);
    }
    if !matches!(origin, Origin::File) || !added.is_empty() || new_recovery.is_some() {
        identity::file::save(&identity_path, &id)?;
    }
    say_origin(ctx, &origin, &id, &identity_path);
    if matches!(origin, Origin::New) && new_machine.is_none() {
        eprintln!("{}", tr!(lang, "identity-new-for-existing-key"));
        warnings += 1;
    }
    for r in &added {
        println!("{}", tr!(lang, "identity-recovery-added", recipient = r));
    }
    warnings += print_recipients(ctx, &id)?;

    // 5. The repositories.
    for (t, f) in targets.iter().zip(found) {
        let (name, location) = (&t.name, t.location());
        match f {
            Found::Blank => {
                let b: Arc<dyn Backend> = match &t.backend {
                    Some(b) => b.clone(),
                    None => storage::create(&t.dest)?,
                };
                let mut opts = InitOptions::new(id.recipients(), id.secrets.clone());
                opts.installation = Some(id.installation);
                let m = Repository::init(b.clone(), opts)?;
                let id = m.id.short();
                println!(
                    "{}",
                    tr!(
                        lang,
                        "identity-repo-created",
                        name = name,
                        location = &location,
                        id = id
                    )
                );
            }
            Found::Repository(cfg) if identity::standing::of(&id, &cfg) == Standing::Older => {
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "identity-repo-older",
                        name = name,
                        location = &location
                    )
                );
                warnings += 1;
            }
            Found::Repository(cfg) => {
                println!(
                    "{}",
                    tr!(
                        lang,
                        "identity-repo-exists",
                        name = name,
                        location = &location
                    )
                );
                // A recovery key added now: from here on this repository's
                // new files are encrypted to it too (stored files keep theirs).
                if let (Some(update), Some(b), Some(keys)) = (
                    id.recipients_for(&cfg.recipients, &cfg.retired),
                    &t.backend,
                    &machine,
                ) {
                    Repository::open_with(b.clone(), keys.clone(), ctx.notices())?
                        .set_recipients(&update.0, &update.1)?;
                    println!(
                        "{}",
                        tr!(lang, "key-update-done", name = name, path = &location)
                    );
                }
            }
            Found::Unopenable => {} // refused in step 3
        }
    }
    Ok(if warnings > 0 {
        Outcome::Warnings
    } else {
        Outcome::Ok
    })
}

pub(super) const MACHINE_KEY_TITLE: &str =
    "tresor machine key (Maschinenschlüssel) – stays on this server";
const RECOVERY_KEY_TITLE: &str = "tresor recovery key (Wiederherstellungsschlüssel) – print it, keep it in the emergency folder, then delete this file from the server";

/// A target the machine key does not open, or whose repository belongs to
/// another installation, stops `init` before anything is written.
fn refuse_foreign(id: &Identity, targets: &[Target], found: &[Found]) -> Result<(), Error> {
    for (t, f) in targets.iter().zip(found) {
        let foreign = match f {
            Found::Unopenable => true,
            Found::Repository(cfg) => identity::standing::of(id, cfg) == Standing::Foreign,
            Found::Blank => false,
        };
        if foreign {
            return Err(IdentityError::Foreign {
                location: t.location(),
            }
            .into());
        }
    }
    Ok(())
}

/// Which identity this run used, and where it came from.
fn say_origin(ctx: &Ctx, origin: &Origin, id: &Identity, path: &Path) {
    let (lang, path) = (ctx.lang, path_text(path));
    let installation = id.installation.short();
    let line = match origin {
        Origin::File => tr!(
            lang,
            "identity-reused",
            path = path,
            installation = installation
        ),
        Origin::New => tr!(
            lang,
            "identity-created",
            path = path,
            installation = installation
        ),
        Origin::Adopted(location) => tr!(
            lang,
            "identity-adopted",
            path = path,
            installation = installation,
            location = location
        ),
    };
    println!("{line}");
}

/// The machine key file: `--key`, the config's `keys.machine`, or `--key-out`.
fn machine_key_path(ctx: &Ctx, a: &InitArgs) -> Result<PathBuf, Error> {
    match (&a.repo.key, &ctx.config, &a.key_out) {
        (Some(k), _, _) => Ok(k.clone()),
        (None, Some(c), _) => Ok(c.keys.machine.clone()),
        (None, None, Some(dir)) => Ok(dir.join("machine.key")),
        (None, None, None) => Err(Error::Usage(tr!(ctx.lang, "identity-where-machine-key"))),
    }
}

fn recovery_key_path(a: &InitArgs, machine_path: &Path) -> PathBuf {
    let dir = a
        .key_out
        .clone()
        .or_else(|| machine_path.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join(format!(
        "tresor-wiederherstellungsschluessel-{}.key",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    ))
}

/// Recovery recipients the config and the command line name, validated.
fn wanted_recovery(ctx: &Ctx, a: &InitArgs) -> Result<Vec<String>, Error> {
    let mut all: Vec<String> = ctx
        .config
        .iter()
        .flat_map(|c| c.keys.recovery.iter().cloned())
        .collect();
    all.extend(a.recovery_recipients.iter().map(|r| r.trim().to_string()));
    for r in &a.recovery_recipients {
        Recipients::parse(&[r]).map_err(|_| RepoError::InvalidRecipient {
            recipient: r.clone(),
        })?;
    }
    Ok(all)
}

/// What `backend` holds. Only the root files are read.
fn survey(
    ctx: &Ctx,
    backend: &Arc<dyn Backend>,
    machine: Option<&Arc<Identities>>,
) -> Result<Found, Error> {
    if !repo::root::any_exists(backend.as_ref())? {
        return Ok(Found::Blank);
    }
    let Some(keys) = machine else {
        return Ok(Found::Unopenable);
    };
    match Repository::open_with(backend.clone(), keys.clone(), ctx.notices()) {
        Ok(r) => Ok(Found::Repository(Box::new(r.config().clone()))),
        Err(RepoError::WrongKey { .. }) => Ok(Found::Unopenable),
        Err(e) => Err(e.into()),
    }
}

/// A repository of this installation to take the identity from, when the
/// server has none yet (repositories set up before identities existed): a
/// target first, then any other configured destination that is reachable.
fn adoptable(
    ctx: &Ctx,
    targets: &[Target],
    found: &[Found],
    machine: Option<&Arc<Identities>>,
) -> Option<(String, RepoConfig)> {
    for (t, f) in targets.iter().zip(found) {
        if let Found::Repository(cfg) = f {
            return Some((t.location(), (**cfg).clone()));
        }
    }
    let keys = machine?;
    let cfg = ctx.config.as_ref()?;
    cfg.destinations.values().find_map(|d| {
        let b = storage::open(d).ok()?;
        if targets.iter().any(|t| t.location() == b.location()) {
            return None;
        }
        let r = Repository::open_with(b.clone(), keys.clone(), ctx.notices()).ok()?;
        Some((b.location(), r.config().clone()))
    })
}

fn print_recovery_key(ctx: &Ctx, k: &NewKey, file: &Path) {
    let lang = ctx.lang;
    println!();
    println!("{}", tr!(lang, "identity-recovery-key-title"));
    println!("  {}", k.secret);
    println!(
        "{}",
        tr!(lang, "identity-recovery-key-saved", path = path_text(file))
    );
    println!("{}", tr!(lang, "identity-recovery-key-keep"));
    println!();
}

/// Prints the recovery recipients and writes them into tresor.yaml.
/// Returns 1 when the configuration could not be updated (a warning).
pub(super) fn print_recipients(ctx: &Ctx, id: &Identity) -> Result<usize, Error> {
    let lang = ctx.lang;
    println!(
        "{}",
        tr!(lang, "identity-recipients", count = id.recovery.len())
    );
    for r in &id.recovery {
        println!("  {r}");
    }
    let file = match &ctx.config {
        Some(c) if c.origin != DEMO_ORIGIN => PathBuf::from(&c.origin),
        other => {
            let say = match other {
                Some(_) => tr!(lang, "identity-config-embedded"),
                None => tr!(lang, "identity-config-none"),
            };
            println!("{say}");
            print!("{}", config_edit::manual(&id.recovery));
            return Ok(0);
        }
    };
    let shown = path_text(&file);
    match config_edit::add_recovery(&file, &id.recovery)? {
        Update::Unchanged => println!("{}", tr!(lang, "identity-config-listed", path = &shown)),
        Update::Written => println!("{}", tr!(lang, "identity-config-written", path = &shown)),
        Update::Manual(lines) => {
            eprintln!("{}", tr!(lang, "identity-config-manual", path = &shown));
            eprint!("{lines}");
            return Ok(1);
        }
    }
    Ok(0)
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

fn targets(ctx: &Ctx, a: &InitArgs) -> Result<Vec<Target>, Error> {
    if let Some(p) = &a.repo.repo {
        let dest = Destination::folder(p);
        return Ok(vec![target(p.clone(), dest)?]);
    }
    let cfg = ctx.need_config()?;
    let mut out = Vec::new();
    for (name, d) in &cfg.destinations {
        if a.repo.destination.as_ref().is_some_and(|want| want != name) {
            continue;
        }
        out.push(target(name.clone(), d.clone())?);
    }
    if out.is_empty() {
        return Err(Error::Usage(tr!(ctx.lang, "identity-no-destination")));
    }
    Ok(out)
}

/// A target whose folder exists is opened; one that does not is left to
/// be created when it is set up — unless a file stands where a folder on
/// its way would be: that is refused now, before anything is written. A
/// bucket is opened now (it must exist; tresor never creates buckets).
fn target(name: String, dest: Destination) -> Result<Target, Error> {
    let path = match &dest.kind {
        DestinationKind::Local { path, .. } => path.clone(),
        DestinationKind::S3(_) => {
            let backend = Some(storage::open(&dest)?);
            return Ok(Target {
                name,
                dest,
                backend,
            });
        }
    };
    let backend: Option<Arc<dyn Backend>> = if path.symlink_metadata().is_ok() {
        Some(Arc::new(LocalBackend::open(path.clone())?))
    } else {
        let existing = path.ancestors().skip(1).find(|a| a.exists());
        if existing.is_some_and(|a| !a.is_dir()) {
            return Err(StorageError::Unavailable {
                location: path_text(&path),
                source: std::io::Error::from(std::io::ErrorKind::NotADirectory),
            }
            .into());
        }
        None
    };
    Ok(Target {
        name,
        dest,
        backend,
    })
}

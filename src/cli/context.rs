//! What every command needs: the language, the configuration (when there is
//! one — a bare-machine restore has none), keys and the repository.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::config::{self, Config, DestinationKind, Language};
use crate::error::{self, Error};
use crate::identity;
use crate::repo::crypto::Identities;
use crate::repo::notice::{Notice, Notices};
use crate::repo::Repository;
use crate::report::Progress;
use crate::storage::Backend;

use super::args::{Cli, Command, RepoArgs};
use super::output;
use crate::tr;

/// A destination as chosen for a command.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// The configured name, or the `--repo` path.
    pub name: String,
    /// For messages: as written in the config (`E:\\tresor`), the `--repo`
    /// path, or `s3://bucket/prefix (endpoint)`.
    pub path: String,
    /// What `storage::open` opens (a `--repo` path is a folder destination).
    pub destination: config::Destination,
}

impl From<Chosen> for output::DestinationRef {
    fn from(c: Chosen) -> Self {
        output::DestinationRef {
            name: c.name,
            path: c.path,
        }
    }
}

/// A folder rather than a destination's name: `/`, `\` or a drive letter.
fn looks_like_path(s: &str) -> bool {
    s.contains('/') || s.contains('\\') || s.as_bytes().get(1) == Some(&b':')
}

/// The closest of `candidates` to a misspelt `word` ("did you mean …?").
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let word = word.to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= c.chars().count().div_ceil(3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

pub struct Ctx {
    pub lang: Language,
    pub config: Option<Config>,
    pub quiet: bool,
}

/// Warnings printed by this process (one command per process; `cmd_demo`
/// builds further contexts for its steps, so the count is not per `Ctx`).
static WARNINGS_SHOWN: AtomicUsize = AtomicUsize::new(0);

/// Prints the repository's notices as warning lines on stderr and counts
/// them, so that the command ends with exit code 1 (success with warnings).
struct WarningLines {
    lang: Language,
}

impl Notices for WarningLines {
    fn notice(&self, n: &Notice) {
        output::warning(
            "repository",
            &tr!(self.lang, "cli-warning-label"),
            error::render_notice(n, self.lang),
        );
        WARNINGS_SHOWN.fetch_add(1, Ordering::Relaxed);
    }
}

pub fn parse_language(s: &str) -> Option<Language> {
    match s.to_ascii_lowercase().as_str() {
        "de" | "deutsch" | "german" => Some(Language::De),
        "en" | "english" | "englisch" => Some(Language::En),
        _ => None,
    }
}

/// The language before the config is read (for errors while reading it).
pub fn language_hint(cli: &Cli) -> Language {
    cli.language
        .as_deref()
        .and_then(parse_language)
        .unwrap_or_default()
}

/// The configuration read when neither `--config` nor `TRESOR_CONFIG` names
/// one: `TRESOR_DEFAULT_CONFIG` if set (packagers, tests: a default that no
/// other process on the machine shares), else the platform's place.
pub fn default_config_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TRESOR_DEFAULT_CONFIG").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if cfg!(windows) {
        PathBuf::from(r"C:\ProgramData\tresor\tresor.yaml")
    } else {
        PathBuf::from("/etc/tresor/tresor.yaml")
    }
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx, Error> {
        let explicit = cli.config.clone();
        // detect writes the configuration; an old or broken one must not
        // stop it, nor `schedule remove` (it removes what is installed).
        let needs_none = match &cli.command {
            Command::Demo(_) | Command::Completions(_) | Command::Detect(_) => true,
            Command::Schedule(s) => matches!(s.action, super::args::ScheduleAction::Remove(_)),
            _ => false,
        };
        let path = explicit.clone().unwrap_or_else(default_config_path);
        let config = if needs_none {
            None
        } else if path.exists() {
            Some(config::load(&path)?)
        } else if explicit.is_some() {
            return Err(Error::Usage(tr!(
                language_hint(cli),
                "cli-config-missing",
                path = path.display().to_string()
            )));
        } else {
            None
        };
        if let Some(l) = &cli.language {
            if parse_language(l).is_none() {
                // Neither language is known to be wanted: say it in both.
                return Err(Error::Usage(format!(
                    "{} / {}",
                    tr!(Language::De, "cli-unknown-language", language = l.as_str()),
                    tr!(Language::En, "cli-unknown-language", language = l.as_str())
                )));
            }
        }
        let lang = cli
            .language
            .as_deref()
            .and_then(parse_language)
            .or(config.as_ref().map(|c| c.language))
            .unwrap_or_default();
        Ok(Ctx {
            lang,
            config,
            quiet: cli.quiet,
        })
    }

    /// Did the repository print a warning during this command?
    pub fn warned(&self) -> bool {
        WARNINGS_SHOWN.load(Ordering::Relaxed) > 0
    }

    pub fn need_config(&self) -> Result<&Config, Error> {
        self.config
            .as_ref()
            .ok_or_else(|| Error::Usage(tr!(self.lang, "cli-no-config")))
    }

    pub fn progress(&self) -> Progress {
        Progress::new(self.quiet, self.lang)
    }

    /// The machine key from the config, or the key file given with --key.
    pub fn key_path(&self, args: &RepoArgs) -> Result<PathBuf, Error> {
        if let Some(k) = &args.key {
            return Ok(k.clone());
        }
        match &self.config {
            Some(c) => Ok(c.keys.machine.clone()),
            None => Err(Error::KeyMissing),
        }
    }

    pub fn identities(&self, args: &RepoArgs) -> Result<Arc<Identities>, Error> {
        let path = self.key_path(args)?;
        load_identities(&path).map(Arc::new)
    }

    /// The destination a command works on: --repo, --destination, the job's
    /// (`default_destination`), or the first one in the configuration's
    /// order. Returns the backend and a name for messages; the choice is
    /// recorded for the JSON document.
    pub fn backend(
        &self,
        args: &RepoArgs,
        default_destination: Option<&str>,
    ) -> Result<(Arc<dyn Backend>, String), Error> {
        let chosen = self.destination(args, default_destination)?;
        output::destination(chosen.clone().into());
        let b = crate::storage::open(&chosen.destination)?;
        Ok((b, chosen.name))
    }

    /// Which destination `args` (and a job's default) select, without opening it.
    pub fn destination(
        &self,
        args: &RepoArgs,
        default_destination: Option<&str>,
    ) -> Result<Chosen, Error> {
        if let Some(p) = &args.repo {
            return Ok(Chosen {
                name: p.clone(),
                path: p.clone(),
                destination: config::Destination::folder(p),
            });
        }
        // `--from E:\tresor` or `--from /mnt/nas`: a folder, not a name.
        if let Some(d) = args.destination.as_deref() {
            let configured = self
                .config
                .as_ref()
                .is_some_and(|c| c.destinations.contains_key(d));
            if !configured && looks_like_path(d) {
                let p = typed_path(self.config.as_ref(), self.lang, Path::new(d))?
                    .display()
                    .to_string();
                return Ok(Chosen {
                    name: p.clone(),
                    path: p.clone(),
                    destination: config::Destination::folder(&p),
                });
            }
        }
        let cfg = self.need_config()?;
        let name = args
            .destination
            .as_deref()
            .or(default_destination)
            .or_else(|| cfg.destinations.keys().next().map(String::as_str))
            .ok_or_else(|| Error::Usage(tr!(self.lang, "cli-no-destination")))?;
        let known: Vec<&String> = cfg.destinations.keys().collect();
        let dest = cfg.destinations.get(name).ok_or_else(|| {
            let list = known
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Error::Refused {
                code: "unknown_destination",
                message: match suggest(name, known.iter().map(|k| k.as_str())) {
                    Some(s) => tr!(
                        self.lang,
                        "cli-unknown-destination-suggest",
                        name = name,
                        suggestion = s,
                        known = list
                    ),
                    None => tr!(
                        self.lang,
                        "cli-unknown-destination",
                        name = name,
                        known = list
                    ),
                },
                hint: None,
                exit: crate::error::exit::USAGE,
            }
        })?;
        Ok(Chosen {
            name: name.to_string(),
            path: match &dest.kind {
                DestinationKind::Local { display, .. } => display.clone(),
                DestinationKind::S3(_) => crate::storage::open::location(dest),
            },
            destination: dest.clone(),
        })
    }

    /// The line that names the destination read (stdout; nothing with
    /// `--quiet`, stderr with `--json`).
    pub fn say_destination(&self) {
        // Once per destination (check opens twice on a write-protected medium).
        static SAID: std::sync::Mutex<Option<output::DestinationRef>> = std::sync::Mutex::new(None);
        let now = output::destination_read();
        {
            let mut said = SAID.lock().unwrap_or_else(|p| p.into_inner());
            if *said == now {
                return;
            }
            said.clone_from(&now);
        }
        match now {
            Some(d) if d.name == d.path => {
                println!(
                    "{}",
                    tr!(self.lang, "cli-destination-read-path", path = d.path)
                );
            }
            Some(d) => {
                println!(
                    "{}",
                    tr!(
                        self.lang,
                        "cli-destination-read",
                        name = d.name,
                        path = d.path
                    )
                );
            }
            None => {}
        }
    }

    pub fn open(
        &self,
        args: &RepoArgs,
        default_destination: Option<&str>,
    ) -> Result<Repository, Error> {
        let (backend, name) = self.backend(args, default_destination)?;
        // Marker first: a wrong medium or a newer format is reported before keys matter.
        Repository::read_marker(backend.as_ref()).map_err(|e| match e {
            // A blank medium: the hint names the destination to set up.
            crate::repo::RepoError::NotARepository { location, .. } if args.repo.is_none() => {
                crate::repo::RepoError::NotARepository {
                    location,
                    destination: Some(name),
                }
            }
            other => other,
        })?;
        let ids = self.identities(args)?;
        let repo = Repository::open_with(backend, ids, self.notices())?;
        // Named once it opened: an error names the place itself.
        self.say_destination();
        Ok(repo)
    }

    /// [`Ctx::open`] for commands that write (backup, forget, prune): a
    /// repository of another installation is refused. Reading commands use
    /// `open`: whatever the key opens stays readable, also a medium set up
    /// under an earlier identity of this server.
    pub fn open_for_writing(
        &self,
        args: &RepoArgs,
        default_destination: Option<&str>,
    ) -> Result<Repository, Error> {
        let repo = self.open(args, default_destination)?;
        let ids = self.identities(args)?;
        let Some(id) = self.check_installation(args, &ids, &repo)? else {
            return Ok(repo);
        };
        // A recovery key added or a machine key rotated while this medium
        // was away: from now on it is written to the identity's keys.
        let Some((want, retired)) =
            id.recipients_for(&repo.config().recipients, &repo.config().retired)
        else {
            return Ok(repo);
        };
        repo.set_recipients(&want, &retired)?;
        println!(
            "{}",
            tr!(
                self.lang,
                "key-repo-recipients-updated",
                location = repo.location()
            )
        );
        let backend = repo.backend().clone();
        drop(repo);
        Ok(Repository::open_with(backend, ids, self.notices())?)
    }

    /// Refuses a repository of another installation when the installation
    /// identity lies beside the key: a write never mixes installations.
    /// Returns the identity when the repository is one of its members.
    /// Without an identity file (a bare-machine restore) there is nothing
    /// to compare, and repositories made before identities existed pass.
    fn check_installation(
        &self,
        args: &RepoArgs,
        ids: &Identities,
        repo: &Repository,
    ) -> Result<Option<identity::Identity>, Error> {
        let key = self.key_path(args)?;
        let Some(id) = identity::file::load(&identity::path_beside(&key), ids, &key)? else {
            return Ok(None);
        };
        match identity::standing::of(&id, repo.config()) {
            identity::Standing::Foreign => Err(identity::IdentityError::Foreign {
                location: repo.location(),
            }
            .into()),
            identity::Standing::Member => Ok(Some(id)),
            identity::Standing::Older => Ok(None),
        }
    }

    /// Where the repository's notices go: warning lines on stderr.
    pub fn notices(&self) -> Arc<dyn Notices> {
        Arc::new(WarningLines { lang: self.lang })
    }
}

/// Does `text` look like a Windows path (`D:\x`, `d:/x`, `\\nas\share`)?
fn looks_windows(text: &str) -> bool {
    let b = text.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') || text.starts_with("\\\\")
}

/// A path typed on the command line, as this host reaches it. Technicians
/// type Windows paths (`restore --target 'D:\Rueckholung'`); on Linux they
/// go through the configuration's `drives:` / `unc:` mounts, as the config's
/// own paths do. Without a configuration, or for a drive it does not map,
/// such a path is refused (exit 3) instead of becoming a folder literally
/// named `D:\Rueckholung` in the current directory. Other paths (and every
/// path on Windows) pass unchanged.
pub fn typed_path(config: Option<&Config>, lang: Language, typed: &Path) -> Result<PathBuf, Error> {
    let Some(text) = typed.to_str() else {
        return Ok(typed.to_path_buf());
    };
    if cfg!(windows) || !looks_windows(text) {
        return Ok(typed.to_path_buf());
    }
    let refuse = |message: String, hint: String| Error::Refused {
        code: "path_unmapped",
        message,
        hint: Some(hint),
        exit: error::exit::USAGE,
    };
    let Some(cfg) = config else {
        return Err(refuse(
            tr!(lang, "cli-windows-path-no-config", path = text),
            tr!(lang, "cli-windows-path-no-config-hint"),
        ));
    };
    let parsed = config::ConfigPath::parse(text, &cfg.host, cfg.data_drive).map_err(|_| {
        refuse(
            tr!(lang, "cli-windows-path-invalid", path = text),
            tr!(lang, "cli-windows-path-invalid-hint"),
        )
    })?;
    parsed.resolve(&cfg.host).map_err(|_| {
        refuse(
            tr!(lang, "cli-windows-path-unmapped", path = text),
            tr!(
                lang,
                "cli-windows-path-unmapped-hint",
                origin = cfg.origin.as_str()
            ),
        )
    })
}

/// Maps every path option of `command` that names a place on this host
/// (`--repo`, `--key`, `--target`, `--path`, `--key-out`) with [`typed_path`].
pub fn map_typed_paths(ctx: &Ctx, command: &mut Command) -> Result<(), Error> {
    let map = |p: &mut PathBuf| -> Result<(), Error> {
        *p = typed_path(ctx.config.as_ref(), ctx.lang, p)?;
        Ok(())
    };
    let map_repo = |r: &mut RepoArgs| -> Result<(), Error> {
        if let Some(k) = &mut r.key {
            map(k)?;
        }
        if let Some(p) = &mut r.repo {
            *p = typed_path(ctx.config.as_ref(), ctx.lang, Path::new(p))?
                .display()
                .to_string();
        }
        Ok(())
    };
    match command {
        Command::Init(a) => {
            map_repo(&mut a.repo)?;
            if let Some(k) = &mut a.key_out {
                map(k)?;
            }
        }
        Command::Backup(a) => {
            map_repo(&mut a.repo)?;
            for p in &mut a.path {
                map(p)?;
            }
        }
        Command::Restore(a) => {
            map_repo(&mut a.repo)?;
            if let Some(t) = &mut a.target {
                map(t)?;
            }
        }
        Command::Snapshots(a) => map_repo(&mut a.repo)?,
        Command::Ls(a) => map_repo(&mut a.repo)?,
        Command::RestoreDb(a) => map_repo(&mut a.repo)?,
        Command::Drill(a) => map_repo(&mut a.repo)?,
        Command::Check(a) => map_repo(&mut a.repo)?,
        Command::Forget(a) => map_repo(&mut a.repo)?,
        Command::Prune(a) => map_repo(&mut a.repo)?,
        Command::Mirror(a) => {
            map_repo(&mut a.repo)?;
            let names = ctx.config.as_ref().map(|c| &c.destinations);
            for t in &mut a.to {
                let configured = names.is_some_and(|n| n.contains_key(t.as_str()));
                if !configured && !looks_like_path(t) {
                    // `--to nass`: a misspelt name, not a folder called so.
                    let probe = RepoArgs {
                        destination: Some(t.clone()),
                        ..Default::default()
                    };
                    ctx.destination(&probe, None)?;
                }
                if !configured {
                    *t = typed_path(ctx.config.as_ref(), ctx.lang, Path::new(t.as_str()))?
                        .display()
                        .to_string();
                }
            }
        }
        Command::Guard(a) => match &mut a.action {
            crate::cli::args::GuardAction::Show(s) => map_repo(&mut s.repo)?,
            crate::cli::args::GuardAction::Release(r) => map_repo(&mut r.repo)?,
            crate::cli::args::GuardAction::Confirm(c) => map_repo(&mut c.repo)?,
            crate::cli::args::GuardAction::Shield(s) => map_repo(&mut s.repo)?,
        },
        Command::Key(a) => {
            if let super::args::KeyAction::List(l) = &mut a.action {
                map_repo(&mut l.repo)?;
            }
            if let super::args::KeyAction::AddRecovery(r) = &mut a.action {
                if let Some(k) = &mut r.key_out {
                    map(k)?;
                }
            }
        }
        Command::Notfallblatt(a) => {
            for p in a.out.iter_mut().chain(a.recovery_key.iter_mut()) {
                map(p)?;
            }
        }
        Command::Config(_)
        | Command::Demo(_)
        | Command::Media(_)
        | Command::Journal(_)
        | Command::Status(_)
        | Command::Mail(_)
        | Command::Schedule(_)
        | Command::Completions(_)
        | Command::Detect(_) => {}
    }
    Ok(())
}

/// Reads a key file in any encoding Windows editors save (see
/// `Identities::from_file_bytes`), and after its keys those of the retired
/// machine keys beside it (`identity::keyring`): they still open what was
/// written before a `tresor key rotate`.
pub fn load_identities(path: &Path) -> Result<Identities, Error> {
    let mut ring = load_key_file(path)?;
    for retired in identity::keyring::retired_files(path) {
        ring.extend(load_key_file(&retired)?);
    }
    Ok(ring)
}

/// One key file, without the retired keys beside it.
pub fn load_key_file(path: &Path) -> Result<Identities, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::KeyUnreadable {
        path: path.display().to_string(),
        source: e,
    })?;
    Identities::from_file_bytes(&bytes).map_err(|problem| Error::KeyFile {
        path: path.display().to_string(),
        problem,
    })
}

/// Number of worker threads: all cores but the one that reads.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn a_typo_gets_the_closest_name_and_a_stranger_none() {
        let jobs = ["feierabend", "nightly"];
        assert_eq!(
            suggest("feierabnd", jobs.into_iter()).as_deref(),
            Some("feierabend")
        );
        assert_eq!(
            suggest("Nightly", jobs.into_iter()).as_deref(),
            Some("nightly")
        );
        assert_eq!(
            suggest("nigthly", jobs.into_iter()).as_deref(),
            Some("nightly")
        );
        assert_eq!(suggest("wochenende", jobs.into_iter()), None);
        assert_eq!(
            suggest("rdy", ["rdx", "nas"].into_iter()).as_deref(),
            Some("rdx")
        );
    }
}

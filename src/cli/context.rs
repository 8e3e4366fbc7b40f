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
use crate::storage::local::LocalBackend;
use crate::storage::Backend;

use super::args::{Cli, Command, RepoArgs};

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
        let label = if self.lang == Language::De {
            "Warnung"
        } else {
            "Warning"
        };
        eprintln!("{label}: {}", error::render_notice(n, self.lang));
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

pub fn default_config_path() -> PathBuf {
    if cfg!(windows) {
        PathBuf::from(r"C:\ProgramData\tresor\tresor.yaml")
    } else {
        PathBuf::from("/etc/tresor/tresor.yaml")
    }
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx, Error> {
        let explicit = cli.config.clone();
        let needs_none = matches!(cli.command, Command::Demo(_));
        let path = explicit.clone().unwrap_or_else(default_config_path);
        let config = if needs_none {
            None
        } else if path.exists() {
            Some(config::load(&path)?)
        } else if explicit.is_some() {
            return Err(Error::Usage(match language_hint(cli) {
                Language::De => {
                    format!("Die Konfigurationsdatei {} gibt es nicht.", path.display())
                }
                Language::En => {
                    format!("The configuration file {} does not exist.", path.display())
                }
            }));
        } else {
            None
        };
        if let Some(l) = &cli.language {
            if parse_language(l).is_none() {
                // Neither language is known to be wanted: say it in both.
                return Err(Error::Usage(format!(
                    "Unbekannte Sprache '{l}': de oder en angeben. / Unknown language '{l}': use de or en."
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

    pub fn de(&self) -> bool {
        self.lang == Language::De
    }

    /// German or English text.
    pub fn t<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.de() {
            de
        } else {
            en
        }
    }

    pub fn need_config(&self) -> Result<&Config, Error> {
        self.config.as_ref().ok_or_else(|| {
            Error::Usage(self.t(
                "Keine Konfiguration gefunden: --config DATEI angeben (oder --repo PFAD und --key DATEI).",
                "No configuration found: give --config FILE (or --repo PATH and --key FILE).",
            ).to_string())
        })
    }

    pub fn progress(&self) -> Progress {
        Progress::new(self.quiet, self.de())
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

    /// The destination a command works on: --repo, --destination, or the
    /// first configured one. Returns the backend and a name for messages.
    pub fn backend(
        &self,
        args: &RepoArgs,
        default_destination: Option<&str>,
    ) -> Result<(Arc<dyn Backend>, String), Error> {
        if let Some(p) = &args.repo {
            let b = LocalBackend::open(PathBuf::from(p))?;
            return Ok((Arc::new(b), p.clone()));
        }
        let cfg = self.need_config()?;
        let name = args
            .destination
            .as_deref()
            .or(default_destination)
            .or_else(|| cfg.destinations.keys().next().map(String::as_str))
            .ok_or_else(|| {
                Error::Usage(
                    self.t(
                        "In der Konfiguration ist kein Sicherungsziel eingetragen.",
                        "No destination is configured.",
                    )
                    .into(),
                )
            })?;
        let dest = cfg.destinations.get(name).ok_or_else(|| {
            Error::Usage(format!(
                "{} '{name}' ({}: {})",
                self.t("unbekanntes Ziel", "unknown destination"),
                self.t("bekannt", "known"),
                cfg.destinations
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        match &dest.kind {
            DestinationKind::Local { path, .. } => {
                let b = LocalBackend::open(path.clone())?;
                Ok((Arc::new(b), name.to_string()))
            }
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
        let repo = Repository::open_with(backend, ids.clone(), self.notices())?;
        self.check_installation(args, &ids, &repo)?;
        Ok(repo)
    }

    /// Refuses a repository of another installation when the installation
    /// identity lies beside the key: a backup never mixes installations.
    /// Without an identity file (a bare-machine restore) there is nothing
    /// to compare, and repositories made before identities existed pass.
    fn check_installation(
        &self,
        args: &RepoArgs,
        ids: &Identities,
        repo: &Repository,
    ) -> Result<(), Error> {
        let key = self.key_path(args)?;
        let Some(id) = identity::file::load(&identity::path_beside(&key), ids, &key)? else {
            return Ok(());
        };
        if identity::standing::of(&id, repo.config()) == identity::Standing::Foreign {
            return Err(identity::IdentityError::Foreign {
                location: repo.location(),
            }
            .into());
        }
        Ok(())
    }

    /// Where the repository's notices go: warning lines on stderr.
    pub fn notices(&self) -> Arc<dyn Notices> {
        Arc::new(WarningLines { lang: self.lang })
    }
}

/// Reads a key file in any encoding Windows editors save (see
/// `Identities::from_file_bytes`).
pub fn load_identities(path: &Path) -> Result<Identities, Error> {
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

//! `tresor init`: machine key, recovery key, and a repository on every
//! destination — all sharing one set of secrets so that copies between them
//! never need re-chunking.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::DestinationKind;
use crate::error::Error;
use crate::repo::crypto::{generate_key, Identities};
use crate::repo::repofile::Secrets;
use crate::repo::{InitOptions, RepoError, Repository};
use crate::storage::local::LocalBackend;
use crate::storage::Backend;

use super::args::InitArgs;
use super::context::{load_identities, Ctx};
use super::Outcome;

pub fn run(ctx: &Ctx, a: &InitArgs) -> Result<Outcome, Error> {
    let machine_path =
        match (&a.repo.key, &ctx.config, &a.key_out) {
            (Some(k), _, _) => k.clone(),
            (None, Some(c), _) => c.keys.machine.clone(),
            (None, None, Some(dir)) => dir.join("machine.key"),
            (None, None, None) => return Err(Error::Usage(
                ctx.t(
                    "Wohin mit dem Maschinenschlüssel? --key DATEI oder --key-out ORDNER angeben.",
                    "Where should the machine key go? Give --key FILE or --key-out DIR.",
                )
                .into(),
            )),
        };
    let machine = Arc::new(if machine_path.exists() {
        load_identities(&machine_path)?
    } else {
        let k = generate_key();
        write_secret(
            &machine_path,
            &key_file_text(
                "tresor machine key (Maschinenschlüssel) – stays on this server",
                &k.secret,
                &k.recipient,
            ),
        )?;
        println!(
            "{} {}",
            ctx.t("Maschinenschlüssel erstellt:", "Machine key created:"),
            machine_path.display()
        );
        Identities::parse(&k.secret).map_err(|problem| Error::KeyFile {
            path: machine_path.display().to_string(),
            problem,
        })?
    });

    let mut recipients = machine.recipients();
    if let Some(c) = &ctx.config {
        recipients.extend(c.keys.recovery.iter().cloned());
    }
    recipients.extend(a.recovery_recipients.iter().cloned());
    if recipients.len() == machine.recipients().len() {
        let k = generate_key();
        let dir = a
            .key_out
            .clone()
            .or_else(|| machine_path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let file = dir.join(format!(
            "tresor-wiederherstellungsschluessel-{}.key",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        write_secret(&file, &key_file_text("tresor recovery key (Wiederherstellungsschlüssel) – print it, keep it in the emergency folder, then delete this file from the server", &k.secret, &k.recipient))?;
        recipients.push(k.recipient.clone());
        println!();
        println!(
            "{}",
            ctx.t(
                "WIEDERHERSTELLUNGSSCHLÜSSEL – ausdrucken und in den Notfallordner legen:",
                "RECOVERY KEY – print it and put it in the emergency folder:"
            )
        );
        println!("  {}", k.secret);
        println!(
            "{} {}",
            ctx.t("Gespeichert in:", "Saved in:"),
            file.display()
        );
        println!("{}", ctx.t("Ohne diesen oder den Maschinenschlüssel ist keine Wiederherstellung möglich. Datei nach dem Ausdrucken vom Server entfernen.", "Without it or the machine key nothing can be restored. Remove the file from the server after printing."));
        println!();
    }

    let targets = targets(ctx, a)?;
    // Reuse the secrets of an existing repository of this installation.
    let mut secrets: Option<Secrets> = None;
    for (_, b) in &targets {
        if let Ok(r) = Repository::open_with(b.clone(), machine.clone(), ctx.notices()) {
            secrets = Some(r.config().secrets.clone());
            break;
        }
    }
    let secrets = secrets.unwrap_or_else(Secrets::generate);
    for (name, b) in targets {
        match Repository::init(
            b.clone(),
            InitOptions::new(recipients.clone(), secrets.clone()),
        ) {
            Ok(m) => println!(
                "{} {name} ({}): {}",
                ctx.t("Sicherungsziel eingerichtet:", "Repository created:"),
                b.location(),
                m.id.short()
            ),
            Err(RepoError::AlreadyInitialized { location }) => {
                println!(
                    "{} {name} ({location})",
                    ctx.t(
                        "Bereits eingerichtet, unverändert:",
                        "Already set up, unchanged:"
                    )
                )
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Outcome::Ok)
}

/// A destination to set up: its name and where it lives.
type Target = (String, Arc<dyn Backend>);

fn targets(ctx: &Ctx, a: &InitArgs) -> Result<Vec<Target>, Error> {
    if let Some(p) = &a.repo.repo {
        let b: Arc<dyn Backend> = Arc::new(LocalBackend::create(PathBuf::from(p))?);
        return Ok(vec![(p.clone(), b)]);
    }
    let cfg = ctx.need_config()?;
    let mut out = Vec::new();
    for (name, d) in &cfg.destinations {
        if a.repo.destination.as_ref().is_some_and(|want| want != name) {
            continue;
        }
        match &d.kind {
            DestinationKind::Local { path, .. } => out.push((
                name.clone(),
                Arc::new(LocalBackend::create(path.clone())?) as Arc<dyn Backend>,
            )),
        }
    }
    if out.is_empty() {
        return Err(Error::Usage(
            ctx.t(
                "Kein passendes Sicherungsziel konfiguriert.",
                "No matching destination configured.",
            )
            .into(),
        ));
    }
    Ok(out)
}

fn key_file_text(title: &str, secret: &str, recipient: &str) -> String {
    format!(
        "# {title}\n# created: {}\n# public key: {recipient}\n{secret}\n",
        chrono::Local::now().to_rfc3339()
    )
}

/// Key files are readable by their owner only.
fn write_secret(path: &Path, text: &str) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        what: path.display().to_string(),
        source: e,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(io)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)
}

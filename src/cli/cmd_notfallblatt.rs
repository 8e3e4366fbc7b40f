//! `tresor notfallblatt`: writes the emergency sheet (`notfallblatt.pdf`
//! and `notfallblatt.txt`) from the configuration, the installation
//! identity, the repository ids of the destinations in reach and — with
//! `--recovery-key FILE` — the recovery key itself. The content and its
//! rendering are `report::notfallblatt`.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::config::{Config, DestinationKind, S3Credentials};
use crate::error::{exit, io_text, Error};
use crate::identity::key_file;
use crate::repo::crypto::Identities;
use crate::repo::{readers, Repository};
use crate::report::notfallblatt::{self, KeyOnSheet, Opens, Place, PlaceKind, Sheet};
use crate::storage;
use crate::tr;

use super::args::NotfallblattArgs;
use super::cmd_key::{installation, reach, Reach};
use super::context::{load_key_file, Ctx};
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &NotfallblattArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let inst = installation(ctx, cfg)?;
    let key = match (&a.recovery_key, a.no_key) {
        (Some(file), _) => printed_key(ctx, file, &inst.identity.recovery)?,
        (None, true) => KeyOnSheet::Kept(cfg.emergency_sheet.recovery_key_kept.clone()),
        (None, false) => {
            let found = std::fs::read_dir(inst.machine_path.parent().unwrap_or(Path::new(".")))
                .ok()
                .and_then(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| {
                            p.file_name().is_some_and(|n| {
                                n.to_string_lossy()
                                    .starts_with("tresor-wiederherstellungsschluessel-")
                            })
                        })
                        .max()
                });
            return Err(Error::Refused {
                code: "sheet_key_choice",
                message: tr!(lang, "sheet-key-choice"),
                hint: Some(match found {
                    Some(f) => tr!(
                        lang,
                        "sheet-key-choice-hint",
                        file = f.display().to_string()
                    ),
                    None => tr!(lang, "sheet-key-choice-hint-none"),
                }),
                exit: exit::USAGE,
            });
        }
    };
    let sheet = Sheet {
        lang,
        practice: cfg.practice.clone(),
        created: crate::clock::now().fixed_offset(),
        host: gethostname::gethostname().to_string_lossy().into_owned(),
        installation: inst.identity.installation.to_string(),
        destinations: places(
            ctx,
            cfg,
            &inst.ring,
            &sheet_keys(&key, &inst.identity.recovery),
        ),
        key: key.clone(),
        recovery_recipients: inst.identity.recovery.clone(),
        sources: sources(cfg),
        databases: databases(cfg),
        has_databases: cfg.sqlserver.is_some()
            && cfg.jobs.values().any(|j| !j.databases.is_empty()),
        job: main_job(cfg),
        password_history: cfg.emergency_sheet.password_history.clone(),
        bucket_secret_kept: cfg.emergency_sheet.bucket_secret_kept.clone(),
        contact: cfg.emergency_sheet.contact.clone(),
    };
    let blocks = notfallblatt::blocks(&sheet);
    let text = notfallblatt::text::render(&blocks);
    let pdf = notfallblatt::pdf::render(&blocks, &tr!(lang, "sheet-title"));
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let (pdf_path, txt_path) = (dir.join("notfallblatt.pdf"), dir.join("notfallblatt.txt"));
    for (path, bytes) in [(&pdf_path, pdf.as_slice()), (&txt_path, text.as_bytes())] {
        write_private(path, bytes).map_err(|e| Error::Refused {
            code: "sheet_write_failed",
            message: tr!(
                lang,
                "sheet-write-failed",
                path = path.display().to_string(),
                reason = io_text(&e, lang)
            ),
            hint: None,
            exit: exit::FAILED,
        })?;
    }
    println!(
        "{}",
        tr!(
            lang,
            "sheet-written",
            pdf = pdf_path.display().to_string(),
            txt = txt_path.display().to_string()
        )
    );
    match key {
        KeyOnSheet::Printed { .. } => println!("{}", tr!(lang, "sheet-print")),
        KeyOnSheet::Kept(_) => println!("{}", tr!(lang, "sheet-print-no-key")),
    }
    let mut outcome = Outcome::Ok;
    if sheet.verdict() == notfallblatt::Verdict::Unchecked {
        output::warning(
            "sheet_not_checked",
            &tr!(lang, "cli-warning-label"),
            tr!(lang, "sheet-not-checked"),
        );
        outcome = Outcome::Warnings;
    }
    for p in &sheet.destinations {
        if p.opens.as_ref().is_some_and(|o| !o.newest()) {
            output::warning(
                "sheet_key_not_newest",
                &tr!(lang, "cli-warning-label"),
                tr!(lang, "sheet-opens-not-newest", name = p.name.as_str()),
            );
            outcome = Outcome::Warnings;
        }
    }
    Ok(outcome)
}

/// The job the sheet's restore commands name: the scheduled job with the
/// most sources (the nightly full backup), never an ad-hoc snapshot.
fn main_job(cfg: &Config) -> Option<String> {
    cfg.jobs
        .values()
        .max_by_key(|j| {
            (
                matches!(j.schedule, crate::config::Schedule::Cron { .. }),
                j.sources.len() + j.databases.len(),
                std::cmp::Reverse(j.name.clone()),
            )
        })
        .map(|j| j.name.clone())
}

/// The recipients the sheet's key stands for: the printed one, or — when
/// only its place is named — every recovery key (any of them may be the one).
fn sheet_keys(key: &KeyOnSheet, recovery: &[String]) -> Vec<String> {
    match key {
        KeyOnSheet::Printed { recipient, .. } => vec![recipient.clone()],
        KeyOnSheet::Kept(_) => recovery.to_vec(),
    }
}

/// Which snapshots at `dest` every one of `keys` opens; `None` when it
/// cannot be opened with the server's key ring (absent, blank, damaged).
fn opens(
    ctx: &Ctx,
    dest: &crate::config::Destination,
    ring: &Arc<Identities>,
    keys: &[String],
) -> Option<Opens> {
    let Reach::Open(repo) = reach(ctx, dest, ring) else {
        return None;
    };
    let list = repo.snapshots().ok()?;
    let indexed = (*repo).load_index().ok()?;
    // A snapshot file the keys cannot open (damaged, or for other keys) counts too.
    let mut o = Opens {
        opened: 0,
        total: list.ok.len() + list.damaged.len(),
        since: None,
    };
    // Newest first: `since` walks back while every snapshot opens.
    let mut unbroken = true;
    for (_, snap) in list.ok.iter().rev() {
        let opened = readers::of(&indexed, snap)
            .is_ok_and(|r| !keys.is_empty() && keys.iter().all(|k| r.opened_by(k)));
        if opened {
            o.opened += 1;
            if unbroken {
                o.since = Some(snap.time);
            }
        } else {
            unbroken = false;
        }
    }
    Some(o)
}

/// The recovery key in `file`, refused unless it is one of the
/// installation's recovery keys (`recovery`).
fn printed_key(ctx: &Ctx, file: &Path, recovery: &[String]) -> Result<KeyOnSheet, Error> {
    let ids = load_key_file(file)?;
    let recipient = ids.recipients().into_iter().next().unwrap_or_default();
    if !recovery.contains(&recipient) {
        return Err(Error::Refused {
            code: "sheet_key_not_recovery",
            message: tr!(
                ctx.lang,
                "sheet-key-foreign",
                file = file.display().to_string(),
                recipient = recipient.as_str()
            ),
            hint: Some(tr!(ctx.lang, "sheet-key-foreign-hint")),
            exit: exit::USAGE,
        });
    }
    // The key parsed, so a line holds it; printed in upper case as age writes it.
    let text = String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).into_owned();
    let secret = text
        .lines()
        .map(|l| {
            l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .to_ascii_uppercase()
        })
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap_or_default();
    Ok(KeyOnSheet::Printed { secret, recipient })
}

/// Every destination, with its repository id when in reach (the marker
/// needs no key).
fn places(ctx: &Ctx, cfg: &Config, ring: &Arc<Identities>, keys: &[String]) -> Vec<Place> {
    cfg.destinations
        .iter()
        .map(|(name, d)| {
            let repository = storage::open(d)
                .ok()
                .and_then(|b| Repository::read_marker(b.as_ref()).ok())
                .map(|m| m.id.to_string());
            let rotation = cfg.rotation.as_ref().filter(|r| &r.destination == name);
            let kind = match (&d.kind, rotation) {
                (DestinationKind::Local { display, .. }, Some(r)) => PlaceKind::Cartridges {
                    path: display.clone(),
                    cartridges: r
                        .cartridges
                        .iter()
                        .map(|c| {
                            (
                                c.name.clone(),
                                c.kept == crate::config::rotation::Kept::Home,
                            )
                        })
                        .collect(),
                },
                (DestinationKind::Local { display, .. }, None) => PlaceKind::Folder {
                    path: display.clone(),
                },
                (DestinationKind::S3(s), _) => PlaceKind::Bucket {
                    bucket: s.bucket.clone(),
                    endpoint: s
                        .endpoint
                        .clone()
                        .unwrap_or_else(|| storage::open::location(d)),
                    region: s.region.clone(),
                    prefix: s.prefix.clone(),
                    access_key_id: match &s.credentials {
                        S3Credentials::Key { access_key_id, .. } => Some(access_key_id.clone()),
                        S3Credentials::Standard => None,
                    },
                },
            };
            Place {
                name: name.clone(),
                kind,
                opens: repository.as_ref().and_then(|_| opens(ctx, d, ring, keys)),
                repository,
            }
        })
        .collect()
}

/// What the jobs back up, by label, with the path as Windows writes it.
fn sources(cfg: &Config) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in cfg.jobs.values().flat_map(|j| j.sources.iter()) {
        let entry = (s.label.clone(), windows_path(&s.snapshot_path));
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// `C/DConcept/DEDATA` → `C:\DConcept\DEDATA`, `UNC/nas/share` → `\\nas\share`.
fn windows_path(snapshot_path: &str) -> String {
    if let Some(rest) = snapshot_path.strip_prefix("UNC/") {
        return format!("\\\\{}", rest.replace('/', "\\"));
    }
    match snapshot_path.split_once('/') {
        Some((d, rest)) if d.len() == 1 => format!("{d}:\\{}", rest.replace('/', "\\")),
        None if snapshot_path.len() == 1 => format!("{snapshot_path}:\\"),
        _ => snapshot_path.to_string(),
    }
}

/// The databases the jobs name (patterns left out: their names are known
/// only when a backup runs).
fn databases(cfg: &Config) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in cfg.jobs.values().flat_map(|j| j.databases.iter()) {
        if !d.name.contains(['*', '?']) && !out.contains(&d.name) {
            out.push(d.name.clone());
        }
    }
    out
}

/// Replaces `path` with `bytes`, readable by its owner only (the sheet may
/// hold the recovery key).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut f = key_file::create_private(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::windows_path;

    #[test]
    fn snapshot_paths_are_shown_the_windows_way() {
        assert_eq!(windows_path("C/DConcept/DEDATA"), r"C:\DConcept\DEDATA");
        assert_eq!(windows_path("UNC/nas/praxis"), r"\\nas\praxis");
        assert_eq!(windows_path("D"), r"D:\");
    }
}

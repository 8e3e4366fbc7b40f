//! `tresor key list | add-recovery | rotate`: the keys of the installation
//! and which snapshots each opens.
//!
//! - `list` reads the identity and every reachable destination (absent ones
//!   are said as absent) and shows, per snapshot, the recipients it records
//!   (those of its own file and of the packs it wrote).
//! - `add-recovery` adds a recovery recipient to the identity and rewrites
//!   the config of every reachable repository (both copies, atomically);
//!   an absent one gets it the next time a backup, mirror or forget opens it
//!   for writing (`Ctx::open_for_writing` compares its recipients with the
//!   identity's).
//! - `rotate` makes a new machine key; the old key file stays beside it with
//!   its date and keeps opening what was written before (`identity::keyring`).
//!
//! Files already stored are never re-encrypted: age cannot add or remove a
//! recipient of a file without rewriting it. Both commands say so.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::error::{damage_text, Error};
use crate::identity::{self, key_file, keyring, Identity};
use crate::repo::crypto::{generate_key, Identities, Recipients};
use crate::repo::{readers, RepoError, Repository};
use crate::report::record::{DestinationRecord, DestinationRole, RunKind, RunOutcome, RunRecord};
use crate::storage;
use crate::tr;

use super::args::{KeyAction, KeyAddRecoveryArgs, KeyArgs, KeyListArgs};
use super::context::{load_identities, Ctx};
use super::{journaling, output, Outcome};

pub fn run(ctx: &Ctx, a: &KeyArgs) -> Result<Outcome, Error> {
    match &a.action {
        KeyAction::List(l) => list(ctx, l),
        KeyAction::AddRecovery(r) => add_recovery(ctx, r),
        KeyAction::Rotate(_) => rotate(ctx),
    }
}

/// The server's keys: where the machine key is, the key ring it opens
/// (machine key and retired keys) and the installation identity.
pub struct Installation {
    pub machine_path: PathBuf,
    pub identity_path: PathBuf,
    pub ring: Arc<Identities>,
    pub identity: Identity,
}

/// Reads the machine key ring and the identity beside it; without an
/// identity the command needs `tresor init` first (exit 3).
pub fn installation(ctx: &Ctx, cfg: &Config) -> Result<Installation, Error> {
    let machine_path = cfg.keys.machine.clone();
    let identity_path = identity::path_beside(&machine_path);
    let ring = Arc::new(load_identities(&machine_path)?);
    let Some(identity) = identity::file::load(&identity_path, &ring, &machine_path)? else {
        return Err(Error::Refused {
            code: "identity_missing",
            message: tr!(
                ctx.lang,
                "key-identity-missing",
                path = identity_path.display().to_string()
            ),
            hint: Some(tr!(ctx.lang, "key-identity-missing-hint")),
            exit: crate::error::exit::USAGE,
        });
    };
    Ok(Installation {
        machine_path,
        identity_path,
        ring,
        identity,
    })
}

/// How a configured destination was found.
pub enum Reach {
    /// Opened with the key ring.
    Open(Box<Repository>),
    /// Not there (cartridge not inserted, share or bucket unreachable).
    Absent,
    /// There, but holds no repository yet.
    Blank,
    /// There, but could not be opened (wrong key, damaged root files).
    Failed(Error),
}

/// Opens a destination with `ring` without failing the command.
pub fn reach(ctx: &Ctx, dest: &crate::config::Destination, ring: &Arc<Identities>) -> Reach {
    let backend = match storage::open(dest) {
        Ok(b) => b,
        Err(_) => return Reach::Absent,
    };
    match Repository::read_marker(backend.as_ref()) {
        Ok(_) => {}
        Err(RepoError::NotARepository { .. }) => return Reach::Blank,
        Err(RepoError::Storage(_)) => return Reach::Absent,
        Err(e) => return Reach::Failed(e.into()),
    }
    match Repository::open_with(backend, ring.clone(), ctx.notices()) {
        Ok(r) => Reach::Open(Box::new(r)),
        Err(e) => Reach::Failed(e.into()),
    }
}

/// A destination as the configuration writes it (`E:\\tresor`), or its S3 location.
fn shown(d: &crate::config::Destination) -> String {
    match &d.kind {
        crate::config::DestinationKind::Local { display, .. } => display.clone(),
        crate::config::DestinationKind::S3(_) => storage::open::location(d),
    }
}

/// A key's short label in listings: `M` (machine key), `M1`… (retired
/// machine keys, oldest first), `W1`… (recovery keys), `?` (unknown).
fn label(id: &Identity, recipient: &str) -> String {
    if id.machine == recipient {
        return "M".into();
    }
    if let Some(i) = id.retired.iter().position(|k| k.recipient == recipient) {
        return format!("M{}", i + 1);
    }
    if let Some(i) = id.recovery.iter().position(|k| k == recipient) {
        return format!("W{}", i + 1);
    }
    "?".into()
}

#[derive(Serialize)]
struct KeyRow {
    label: String,
    recipient: String,
    /// `machine`, `retired`, `recovery`.
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retired: Option<String>,
    /// A key file of this server holds its secret (machine and retired keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    present: Option<bool>,
}

#[derive(Serialize)]
struct SnapshotRow {
    id: String,
    time: String,
    job: String,
    /// What its own file is encrypted to.
    recipients: Vec<String>,
    /// The keys that each alone open it: its file and every pack it references.
    labels: Vec<String>,
    /// The keys of this server (machine key and retired keys) open it.
    server_opens: bool,
}

#[derive(Serialize)]
struct DestRow {
    name: String,
    path: String,
    /// `ok`, `absent`, `not_set_up`, `error`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<String>,
    recipients: Vec<String>,
    retired: Vec<String>,
    snapshots: Vec<SnapshotRow>,
    unreadable: Vec<Unreadable>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct Unreadable {
    file: String,
    reason: String,
}

fn list(ctx: &Ctx, a: &KeyListArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let inst = installation(ctx, cfg)?;
    let id = &inst.identity;
    let ring_holds = inst.ring.recipients();

    let mut keys = vec![KeyRow {
        label: "M".into(),
        recipient: id.machine.clone(),
        role: "machine",
        file: Some(inst.machine_path.display().to_string()),
        retired: None,
        present: Some(ring_holds.contains(&id.machine)),
    }];
    for (i, k) in id.retired.iter().enumerate() {
        keys.push(KeyRow {
            label: format!("M{}", i + 1),
            recipient: k.recipient.clone(),
            role: "retired",
            file: Some(
                inst.machine_path
                    .with_file_name(&k.file)
                    .display()
                    .to_string(),
            ),
            retired: Some(k.retired.to_rfc3339()),
            present: Some(ring_holds.contains(&k.recipient)),
        });
    }
    for (i, r) in id.recovery.iter().enumerate() {
        keys.push(KeyRow {
            label: format!("W{}", i + 1),
            recipient: r.clone(),
            role: "recovery",
            file: None,
            retired: None,
            present: None,
        });
    }
    println!(
        "{}",
        tr!(
            lang,
            "key-list-installation",
            installation = id.installation.short()
        )
    );
    for k in &keys {
        let line = match k.role {
            "machine" => tr!(
                lang,
                "key-list-machine",
                label = k.label.as_str(),
                recipient = k.recipient.as_str(),
                file = k.file.clone().unwrap_or_default()
            ),
            "retired" => tr!(
                lang,
                "key-list-retired",
                label = k.label.as_str(),
                recipient = k.recipient.as_str(),
                file = k.file.clone().unwrap_or_default(),
                date = id
                    .retired
                    .iter()
                    .find(|r| r.recipient == k.recipient)
                    .map(|r| r.retired.format("%d.%m.%Y %H:%M").to_string())
                    .unwrap_or_default(),
                present = if k.present == Some(true) { "yes" } else { "no" }
            ),
            _ => tr!(
                lang,
                "key-list-recovery",
                label = k.label.as_str(),
                recipient = k.recipient.as_str()
            ),
        };
        println!("{line}");
    }
    output::field("installation", id.installation.to_string());
    output::field("keys", &keys);

    let mut warned = false;
    let chosen: Vec<(String, String, crate::config::Destination)> =
        if a.repo.repo.is_some() || a.repo.destination.is_some() {
            let c = ctx.destination(&a.repo, None)?;
            vec![(c.name, c.path, c.destination)]
        } else {
            cfg.destinations
                .iter()
                .map(|(n, d)| (n.clone(), storage::open::location(d), d.clone()))
                .collect()
        };
    let mut rows = Vec::new();
    for (name, path, dest) in chosen {
        println!();
        let mut row = DestRow {
            name: name.clone(),
            path: path.clone(),
            status: "ok",
            repository: None,
            recipients: vec![],
            retired: vec![],
            snapshots: vec![],
            unreadable: vec![],
            error: None,
        };
        match reach(ctx, &dest, &inst.ring) {
            Reach::Absent => {
                row.status = "absent";
                println!(
                    "{}",
                    tr!(lang, "key-list-dest-absent", name = name, path = path)
                );
            }
            Reach::Blank => {
                row.status = "not_set_up";
                println!(
                    "{}",
                    tr!(lang, "key-list-dest-blank", name = name, path = path)
                );
            }
            Reach::Failed(e) => {
                row.status = "error";
                let text = e.render(lang).0;
                output::warning(
                    "key_destination_unreadable",
                    &tr!(lang, "cli-warning-label"),
                    tr!(
                        lang,
                        "key-list-dest-failed",
                        name = name,
                        path = path,
                        reason = text.as_str()
                    ),
                );
                row.error = Some(text);
                warned = true;
            }
            Reach::Open(repo) => {
                let labels = |rs: &[String]| rs.iter().map(|r| label(id, r)).collect::<Vec<_>>();
                row.repository = Some(repo.marker().id.to_string());
                row.recipients = repo.config().recipients.clone();
                row.retired = repo.config().retired.clone();
                println!(
                    "{}",
                    tr!(
                        lang,
                        "key-list-dest",
                        name = name,
                        path = path,
                        repository = repo.marker().id.short(),
                        labels = labels(&row.recipients).join(" ")
                    )
                );
                if id.recipients_for(&row.recipients, &row.retired).is_some() {
                    println!("{}", tr!(lang, "key-list-dest-pending"));
                }
                let list = repo.snapshots()?;
                let indexed = (*repo).load_index()?;
                for (sid, s) in &list.ok {
                    let (l, server_opens) = match readers::of(&indexed, s) {
                        Ok(r) => (
                            keys.iter()
                                .filter(|k| r.opened_by(&k.recipient))
                                .map(|k| k.label.clone())
                                .collect::<Vec<_>>(),
                            r.opened_by_any_of(&ring_holds),
                        ),
                        Err(e) => {
                            let reason = Error::from(e).render(lang).0;
                            output::warning(
                                "key_snapshot_unreadable",
                                &tr!(lang, "cli-warning-label"),
                                tr!(
                                    lang,
                                    "key-list-snapshot-unreadable",
                                    id = sid.short(),
                                    reason = reason.as_str()
                                ),
                            );
                            warned = true;
                            (Vec::new(), false)
                        }
                    };
                    if !server_opens {
                        warned = true;
                    }
                    println!(
                        "  {}  {}  {:<12} {}{}",
                        sid.short(),
                        s.time.format("%d.%m.%Y %H:%M"),
                        s.job,
                        if l.is_empty() {
                            "–".to_string()
                        } else {
                            l.join(" ")
                        },
                        match server_opens {
                            true => String::new(),
                            false => format!("  {}", tr!(lang, "key-list-server-cannot")),
                        }
                    );
                    row.snapshots.push(SnapshotRow {
                        id: sid.to_string(),
                        time: s.time.to_rfc3339(),
                        job: s.job.clone(),
                        recipients: s.recipients.clone(),
                        labels: l,
                        server_opens,
                    });
                }
                for (file, damage) in &list.damaged {
                    let reason = damage_text(lang, damage);
                    let (code, text) =
                        super::cmd_snapshots::unreadable_snapshot_file(lang, file, damage);
                    output::warning(code, &tr!(lang, "cli-warning-label"), text);
                    row.unreadable.push(Unreadable {
                        file: file.clone(),
                        reason,
                    });
                    warned = true;
                }
                // Per key: how many snapshots it opens, since when.
                for k in &keys {
                    let reads: Vec<&SnapshotRow> = row
                        .snapshots
                        .iter()
                        .filter(|s| s.labels.contains(&k.label))
                        .collect();
                    if let Some(first) = reads.first() {
                        println!(
                            "{}",
                            tr!(
                                lang,
                                "key-list-reads",
                                label = k.label.as_str(),
                                count = reads.len(),
                                total = row.snapshots.len() + row.unreadable.len(),
                                since = first.time.get(..10).unwrap_or_default()
                            )
                        );
                    }
                }
            }
        }
        rows.push(row);
    }
    println!();
    println!("{}", tr!(lang, "key-list-note"));
    output::field("destinations", &rows);
    Ok(if warned || ctx.warned() {
        Outcome::Warnings
    } else {
        Outcome::Ok
    })
}

/// Brings every reachable repository of the installation to the identity's
/// recipients; journal rows per destination. Returns the number of warnings.
fn update_destinations(
    ctx: &Ctx,
    cfg: &Config,
    id: &Identity,
    ring: &Arc<Identities>,
    record: &mut RunRecord,
) -> usize {
    let lang = ctx.lang;
    let mut warnings = 0;
    for (name, dest) in &cfg.destinations {
        let path = shown(dest);
        let (outcome, detail) = match reach(ctx, dest, ring) {
            Reach::Open(repo) => {
                match identity::standing::of(id, repo.config()) {
                    identity::Standing::Member => {}
                    _ => {
                        println!(
                            "{}",
                            tr!(
                                lang,
                                "key-update-not-member",
                                name = name.as_str(),
                                path = path.as_str()
                            )
                        );
                        warnings += 1;
                        record
                            .destinations
                            .push(dest_record(name, RunOutcome::Warnings, None));
                        continue;
                    }
                }
                match id.recipients_for(&repo.config().recipients, &repo.config().retired) {
                    None => {
                        println!(
                            "{}",
                            tr!(
                                lang,
                                "key-update-unchanged",
                                name = name.as_str(),
                                path = path.as_str()
                            )
                        );
                        (RunOutcome::Ok, None)
                    }
                    Some((want, retired)) => match repo.set_recipients(&want, &retired) {
                        Ok(()) => {
                            println!(
                                "{}",
                                tr!(
                                    lang,
                                    "key-update-done",
                                    name = name.as_str(),
                                    path = path.as_str()
                                )
                            );
                            (RunOutcome::Ok, None)
                        }
                        Err(e) => {
                            let text = Error::from(e).render(lang).0;
                            output::warning(
                                "key_update_failed",
                                &tr!(lang, "cli-warning-label"),
                                tr!(
                                    lang,
                                    "key-update-failed",
                                    name = name.as_str(),
                                    path = path.as_str(),
                                    reason = text.as_str()
                                ),
                            );
                            warnings += 1;
                            (RunOutcome::Warnings, Some(text))
                        }
                    },
                }
            }
            Reach::Absent | Reach::Blank => {
                let text = tr!(
                    lang,
                    "key-update-later",
                    name = name.as_str(),
                    path = path.as_str()
                );
                println!("{text}");
                (RunOutcome::Ok, Some(text))
            }
            Reach::Failed(e) => {
                let text = e.render(lang).0;
                output::warning(
                    "key_update_failed",
                    &tr!(lang, "cli-warning-label"),
                    tr!(
                        lang,
                        "key-update-failed",
                        name = name.as_str(),
                        path = path.as_str(),
                        reason = text.as_str()
                    ),
                );
                warnings += 1;
                (RunOutcome::Warnings, Some(text))
            }
        };
        record.destinations.push(dest_record(name, outcome, detail));
    }
    warnings
}

fn dest_record(name: &str, outcome: RunOutcome, detail: Option<String>) -> DestinationRecord {
    DestinationRecord {
        name: name.to_string(),
        role: DestinationRole::Primary,
        outcome,
        snapshots: 0,
        bytes_written: 0,
        detail,
    }
}

fn finish(ctx: &Ctx, mut record: RunRecord, warnings: usize) -> Outcome {
    let code = if warnings > 0 {
        crate::error::exit::WARNINGS
    } else {
        crate::error::exit::OK
    };
    record.warnings = output::warnings_so_far()
        .into_iter()
        .map(|(code, text)| crate::report::record::Notice { code, text })
        .collect();
    record.finish(code);
    journaling::record_run(ctx, &record);
    if warnings > 0 {
        Outcome::Warnings
    } else {
        Outcome::Ok
    }
}

fn add_recovery(ctx: &Ctx, a: &KeyAddRecoveryArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let mut inst = installation(ctx, cfg)?;
    let mut record = RunRecord::start(RunKind::KeyAddRecovery, None, &cfg.practice);
    let recipient = match &a.recipient {
        Some(r) => {
            let r = r.trim().to_string();
            Recipients::parse(&[&r]).map_err(|_| RepoError::InvalidRecipient {
                recipient: r.clone(),
            })?;
            r
        }
        None => {
            let k = generate_key();
            let file = new_recovery_key_path(a.key_out.as_deref(), &inst.machine_path);
            key_file::write(&file, RECOVERY_KEY_TITLE, &k)?;
            println!();
            println!("{}", tr!(lang, "identity-recovery-key-title"));
            println!("  {}", k.secret);
            println!(
                "{}",
                tr!(
                    lang,
                    "identity-recovery-key-saved",
                    path = file.display().to_string()
                )
            );
            println!("{}", tr!(lang, "identity-recovery-key-keep"));
            println!();
            k.recipient
        }
    };
    // The machine key (or an earlier one) is no recovery key: the server
    // that is lost with it would be the only one to hold it.
    if recipient == inst.identity.machine
        || inst
            .identity
            .retired
            .iter()
            .any(|k| k.recipient == recipient)
    {
        return Err(Error::Refused {
            code: "recovery_is_machine_key",
            message: tr!(
                lang,
                "key-recovery-is-machine",
                recipient = recipient.as_str()
            ),
            hint: Some(tr!(lang, "key-recovery-is-machine-hint")),
            exit: crate::error::exit::USAGE,
        });
    }
    let added = inst.identity.add_recovery(std::slice::from_ref(&recipient));
    let known = added.is_empty();
    if known {
        println!(
            "{}",
            tr!(lang, "key-recovery-known", recipient = recipient.as_str())
        );
    } else {
        identity::file::save(&inst.identity_path, &inst.identity)?;
        println!(
            "{}",
            tr!(
                lang,
                "identity-recovery-added",
                recipient = recipient.as_str()
            )
        );
    }
    let mut warnings = super::cmd_init::print_recipients(ctx, &inst.identity)?;
    warnings += update_destinations(ctx, cfg, &inst.identity, &inst.ring, &mut record);
    if !known {
        println!();
        println!("{}", tr!(lang, "key-recovery-old-files"));
        println!("{}", tr!(lang, "key-new-sheet"));
    }
    record.recipients = inst.identity.recipients();
    Ok(finish(ctx, record, warnings))
}

fn rotate(ctx: &Ctx) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let cfg = ctx.need_config()?;
    let mut inst = installation(ctx, cfg)?;
    let mut record = RunRecord::start(RunKind::KeyRotate, None, &cfg.practice);
    let now = crate::clock::now().fixed_offset();
    let done = keyring::rotate(
        &inst.machine_path,
        &inst.identity_path,
        &mut inst.identity,
        now,
        super::cmd_init::MACHINE_KEY_TITLE,
    )?;
    println!(
        "{}",
        tr!(
            lang,
            "key-rotate-done",
            new = done.new.as_str(),
            file = inst.machine_path.display().to_string()
        )
    );
    println!(
        "{}",
        tr!(
            lang,
            "key-rotate-retired",
            old = done.old.as_str(),
            file = done.retired_file.display().to_string()
        )
    );
    let ring = Arc::new(load_identities(&inst.machine_path)?);
    let warnings = update_destinations(ctx, cfg, &inst.identity, &ring, &mut record);
    println!();
    println!("{}", tr!(lang, "key-rotate-keep-old"));
    record.recipients = inst.identity.recipients();
    record.retired = vec![done.old];
    Ok(finish(ctx, record, warnings))
}

const RECOVERY_KEY_TITLE: &str = "tresor recovery key (Wiederherstellungsschlüssel) – print it, keep it in the emergency folder, then delete this file from the server";

fn new_recovery_key_path(dir: Option<&Path>, machine_path: &Path) -> PathBuf {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(|| machine_path.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join(format!(
        "tresor-wiederherstellungsschluessel-{}.key",
        crate::clock::now().format("%Y%m%d-%H%M%S")
    ))
}

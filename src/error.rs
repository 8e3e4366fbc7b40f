//! The one error type the CLI renders.
//!
//! Policy: inner layers (storage, repo, job, config) return small `thiserror`
//! enums that say precisely what happened. They are converted upward into
//! `Error`, never downward. Only here are they turned into words for people:
//! what happened, and what to do about it — in German for the practice staff
//! by default, in English with `language: en`.

use crate::config::{ConfigError, Language};
use crate::job::JobError;
use crate::repo::crypto::{KeyFileError, KeyFormat};
use crate::repo::notice::Notice;
use crate::repo::{Damage, FileDamage, RepoError};
use crate::storage::StorageError;
use crate::tr;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const WARNINGS: i32 = 1;
    pub const FAILED: i32 = 2;
    pub const USAGE: i32 = 3;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error(transparent)]
    Job(#[from] JobError),
    #[error(transparent)]
    Identity(#[from] crate::identity::IdentityError),
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
    #[error("key file {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("no key given")]
    KeyMissing,
    #[error("key file {path}: {source}")]
    KeyUnreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("key file {path}: {problem}")]
    KeyFile { path: String, problem: KeyFileError },
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// `affected`: snapshots listed as affected; `root`: a root file copy
    /// is among the problems (repairable with `check --repair-root`).
    #[error("check found {problems} problem(s)")]
    CheckFailed {
        problems: usize,
        affected: usize,
        root: bool,
        /// How many of `problems` a key not at hand explains (not damage).
        locked: usize,
    },
    /// stdout could not be written (a full disk behind `>`); a closed pipe is
    /// not an error (see `cli::output`).
    #[error("writing the output failed: {0}")]
    Output(std::io::Error),
    /// `entries` files, folders or links of the snapshot were not restored
    /// or not verified; `target_problem`: the target could not be written
    /// (permissions, space), so another copy of the backup would not help.
    #[error("{entries} entries could not be restored or verified")]
    RestoreIncomplete {
        entries: usize,
        target_problem: bool,
    },
    #[error(transparent)]
    DbRestore(#[from] crate::job::dbrestore::DbRestoreError),
    #[error("restore drill failed: {0}")]
    DrillFailed(String),
    /// `config check` found something required that a backup would leave
    /// out (a missing folder, a database without `sqlserver:`); exit 2.
    #[error("the configuration leaves required data out of the backup")]
    ConfigIncomplete,
    /// A command refused or could not do what was asked, already said in the
    /// practice's language by the CLI (`tr!`): `code` is the stable code of
    /// the JSON document, `exit` the exit code (2 or 3).
    #[error("{message}")]
    Refused {
        code: &'static str,
        message: String,
        hint: Option<String>,
        exit: i32,
    },
}

impl From<StorageError> for Error {
    fn from(e: StorageError) -> Self {
        Error::Repo(RepoError::Storage(e))
    }
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) | Error::Usage(_) => exit::USAGE,
            // Only ever what someone typed or wrote into tresor.yaml.
            Error::Repo(RepoError::InvalidRecipient { .. }) => exit::USAGE,
            Error::Refused { exit, .. } => *exit,
            _ => exit::FAILED,
        }
    }

    /// The message and a hint of what to do, in the practice's language.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        match self {
            Error::Config(e) => (e.render(lang), None),
            Error::Repo(e) => render_repo(e, lang),
            Error::Job(JobError::Repo(e)) => render_repo(e, lang),
            Error::Job(e) => render_job(e, lang),
            Error::Identity(e) => e.render(lang),
            Error::Media(e) => e.render(lang),
            Error::Key { path, reason } => (
                tr!(lang, "error-key-file", path = path, reason = reason),
                Some(key_hint(lang)),
            ),
            Error::KeyMissing => (tr!(lang, "error-key-missing"), Some(key_hint(lang))),
            Error::KeyUnreadable { path, source } => (
                tr!(
                    lang,
                    "error-key-unreadable",
                    path = path,
                    reason = io_text(source, lang)
                ),
                Some(key_hint(lang)),
            ),
            Error::KeyFile { path, problem } => render_key_file(path, problem, lang),
            Error::Refused { message, hint, .. } => (message.clone(), hint.clone()),
            Error::Usage(m) => (m.clone(), Some(tr!(lang, "error-usage-hint"))),
            Error::Io { what, source } => (format!("{what}: {}", io_text(source, lang)), None),
            Error::CheckFailed {
                problems,
                affected,
                root,
                locked,
            } => {
                let mut hint = Vec::new();
                if *locked > 0 {
                    hint.push(tr!(lang, "error-check-keys-missing"));
                }
                // Only point "above" when something is listed there.
                if *affected > 0 {
                    hint.push(tr!(lang, "error-check-affected-listed"));
                }
                if *root {
                    hint.push(tr!(lang, "error-check-repair-root"));
                }
                // Damage calls for another copy; a missing key does not.
                if locked < problems {
                    hint.push(tr!(lang, "error-check-other-medium"));
                }
                (
                    tr!(lang, "error-check-failed", problems = problems),
                    Some(hint.join(" ")),
                )
            }
            Error::Output(e) => (
                tr!(lang, "error-output", reason = io_text(e, lang)),
                is_full(e).then(|| tr!(lang, "error-output-full-hint")),
            ),
            Error::DbRestore(e) => {
                use crate::job::dbrestore::DbRestoreError as D;
                match e {
                    D::Sql(s) => (s.render(lang), None),
                    D::Job(JobError::Repo(r)) => render_repo(r, lang),
                    D::Job(j) => render_job(j, lang),
                    D::NoSuchDatabase { name, available } => (
                        tr!(
                            lang,
                            "error-no-such-database",
                            name = name,
                            available = available
                        ),
                        Some(tr!(lang, "error-no-such-database-hint")),
                    ),
                    D::Metadata(m) => (tr!(lang, "error-metadata", m = m), None),
                }
            }
            Error::DrillFailed(m) => (
                tr!(lang, "error-drill-failed", m = m),
                Some(tr!(lang, "error-drill-failed-hint")),
            ),
            Error::ConfigIncomplete => (
                crate::tr!(lang, "outcome-config-incomplete"),
                Some(crate::tr!(lang, "outcome-config-incomplete-hint")),
            ),
            Error::RestoreIncomplete {
                entries,
                target_problem,
            } => (
                tr!(lang, "error-restore-incomplete", n = entries),
                Some(if *target_problem {
                    tr!(lang, "error-restore-incomplete-target-hint")
                } else {
                    tr!(lang, "error-restore-incomplete-hint")
                }),
            ),
        }
    }
}

fn render_job(e: &JobError, lang: Language) -> (String, Option<String>) {
    match e {
        JobError::WouldOverwrite { count, first } => (
            tr!(
                lang,
                "error-would-overwrite",
                count = count,
                // A stored name: on one line, whatever it contains.
                first = crate::report::one_line(first).into_owned()
            ),
            Some(tr!(lang, "error-would-overwrite-hint")),
        ),
        JobError::NothingSelected { patterns } => (
            tr!(lang, "error-nothing-selected", patterns = patterns),
            Some(tr!(lang, "error-nothing-selected-hint")),
        ),
        JobError::Repo(r) => render_repo(r, lang),
        JobError::Target(t) => (tr!(lang, "error-restore-target", m = t.render(lang)), None),
        JobError::FileNotRestored { path, problem } => (
            tr!(
                lang,
                "report-restore-not-restored",
                path = path,
                reason = problem.render(lang)
            ),
            None,
        ),
        JobError::Read { path, source } => (
            tr!(
                lang,
                "report-repo-bak-unreadable",
                path = path,
                reason = io_text(source, lang)
            ),
            None,
        ),
        JobError::Pattern { pattern, reason } => (
            tr!(lang, "error-pattern", pattern = pattern, reason = reason),
            None,
        ),
        JobError::Write { path, source } => (
            tr!(
                lang,
                "error-restore-write",
                path = path,
                reason = io_text(source, lang)
            ),
            None,
        ),
    }
}

/// A repository error as one line in `lang`, without its hint (for a
/// reason inside another message).
pub fn repo_text(e: &RepoError, lang: Language) -> String {
    render_repo(e, lang).0
}

fn render_repo(e: &RepoError, lang: Language) -> (String, Option<String>) {
    let other_copies = || tr!(lang, "error-other-copies");
    match e {
        RepoError::NotARepository {
            location,
            destination,
        } => crate::job::outcome::not_set_up(lang, location, destination.as_deref()),
        RepoError::AlreadyInitialized { location } => (
            tr!(lang, "error-already-initialized", location = location),
            None,
        ),
        RepoError::FutureVersion {
            location,
            file,
            found,
            supported,
            other: None,
        } => (
            tr!(
                lang,
                "error-future-version",
                location = location,
                found = found,
                file = file,
                supported = supported
            ),
            Some(tr!(lang, "error-future-version-hint")),
        ),
        RepoError::FutureVersion {
            location,
            file,
            found,
            supported,
            other: Some(v),
        } => (
            tr!(
                lang,
                "error-future-version-disagree",
                location = location,
                file = file,
                found = found,
                v = v,
                supported = supported
            ),
            Some(tr!(lang, "error-future-version-disagree-hint", file = file)),
        ),
        RepoError::WrongKey { location } => (
            tr!(lang, "error-wrong-key", location = location),
            Some(tr!(lang, "error-wrong-key-hint")),
        ),
        RepoError::RootUnreadable { location, copies } => {
            let list = copies
                .iter()
                .map(|(f, d)| format!("{f}: {}", damage_text(lang, d)))
                .collect::<Vec<_>>()
                .join("; ");
            let marker = copies.iter().any(|(f, _)| f.starts_with("tresor.repo"));
            let file = if marker { "tresor.repo" } else { "config" };
            let mut hint = vec![if marker {
                tr!(lang, "error-root-marker-hint")
            } else {
                tr!(lang, "error-root-config-hint")
            }];
            if copies.iter().any(|(_, d)| *d == Damage::NoKeyMatches) {
                hint.push(tr!(lang, "error-root-wrong-key-hint"));
            }
            hint.push(other_copies());
            let hint = hint.join(" ");
            (
                tr!(
                    lang,
                    "error-root-unreadable",
                    file = file,
                    location = location,
                    list = list
                ),
                Some(hint),
            )
        }
        RepoError::DamagedFile { file, damage } => render_damaged_file(file, damage, lang),
        RepoError::Damaged { file, reason } => (
            tr!(lang, "error-repo-damaged", file = file, reason = reason),
            Some(tr!(lang, "error-repo-damaged-hint")),
        ),
        RepoError::SnapshotNotFound { spec } if !spec.starts_with("latest") && spec.len() < 4 => (
            tr!(lang, "error-snapshot-spec-short", spec = spec),
            Some(tr!(lang, "error-snapshot-spec-short-hint")),
        ),
        RepoError::SnapshotNotFound { spec } => (
            tr!(lang, "error-snapshot-not-found", spec = spec),
            Some(tr!(lang, "error-snapshot-not-found-hint")),
        ),
        RepoError::SnapshotDamaged { key, damage } => (
            tr!(
                lang,
                "error-snapshot-damaged",
                key = key,
                damage = damage_text(lang, damage)
            ),
            Some(tr!(lang, "error-snapshot-damaged-hint")),
        ),
        RepoError::NoReadableSnapshot { spec, damaged } => {
            let keys = damaged
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let msg = tr!(
                lang,
                "error-no-readable-snapshot",
                spec = spec,
                count = damaged.len(),
                keys = keys
            );
            (msg, Some(tr!(lang, "error-no-readable-snapshot-hint")))
        }
        RepoError::PruneRefused { key, damage } => (
            tr!(
                lang,
                "error-prune-refused",
                key = key,
                damage = damage_text(lang, damage)
            ),
            Some(tr!(lang, "error-prune-refused-hint")),
        ),
        RepoError::AmbiguousSnapshot { spec } => (
            tr!(lang, "error-ambiguous-snapshot", spec = spec),
            Some(tr!(lang, "error-ambiguous-snapshot-hint")),
        ),
        RepoError::BlobMissing { id } => (
            tr!(lang, "error-blob-missing", blob = id.short()),
            Some(tr!(lang, "error-blob-missing-hint")),
        ),
        RepoError::Locked { holder } => (
            tr!(lang, "error-locked", holder = holder),
            Some(tr!(lang, "error-locked-hint")),
        ),
        RepoError::UnreadableLock { key } => (
            tr!(lang, "error-unreadable-lock", key = key),
            Some(tr!(lang, "error-unreadable-lock-hint")),
        ),
        RepoError::LockLost { reason } => (
            tr!(
                lang,
                "error-lock-lost",
                reason = lock_loss_text(reason, lang)
            ),
            Some(tr!(lang, "error-lock-lost-hint")),
        ),
        RepoError::InvalidKey(m) => (tr!(lang, "error-invalid-key", m = m), None),
        RepoError::InvalidRecipient { recipient } => (
            tr!(
                lang,
                "error-invalid-recipient",
                recipient = crate::repo::crypto::shown_recipient(recipient)
            ),
            Some(tr!(lang, "error-invalid-recipient-hint")),
        ),
        RepoError::OtherRepositorySecrets {
            source_location,
            target_location,
        } => (
            tr!(
                lang,
                "error-other-repository-secrets",
                source = source_location,
                target = target_location
            ),
            Some(tr!(lang, "error-other-repository-secrets-hint")),
        ),
        RepoError::Storage(s) => render_storage(s, lang),
    }
}

/// A damaged file, with a hint that fits what that kind of file holds.
fn render_damaged_file(file: &str, damage: &Damage, lang: Language) -> (String, Option<String>) {
    let d = damage_text(lang, damage);
    // Not damage: a key is missing. Said as such, whatever the file.
    if matches!(
        damage,
        Damage::KeyMissing { .. } | Damage::RetiredKeyMissing { .. }
    ) {
        return (
            tr!(lang, "key-file-locked", file = file, d = d),
            Some(tr!(lang, "key-file-locked-hint")),
        );
    }
    if file.starts_with("snapshots/") {
        return render_repo(
            &RepoError::SnapshotDamaged {
                key: file.to_string(),
                damage: damage.clone(),
            },
            lang,
        );
    }
    if file.starts_with("packs/") {
        return (
            tr!(lang, "error-pack-damaged", file = file, d = d),
            Some(tr!(lang, "error-pack-damaged-hint")),
        );
    }
    if file.starts_with("index/") {
        return (
            tr!(lang, "error-index-damaged", file = file, d = d),
            Some(tr!(lang, "error-index-damaged-hint")),
        );
    }
    (
        tr!(lang, "error-file-damaged", file = file, d = d),
        Some(tr!(lang, "error-file-damaged-hint")),
    )
}

/// A damaged file as one sentence in the practice's language, with the
/// words that fit its kind ("Die Indexdatei index/… ist beschädigt: …").
pub fn file_damage_text(lang: Language, d: &FileDamage) -> String {
    render_damaged_file(&d.file, &d.damage, lang).0
}

/// What is wrong with a stored file, in the practice's language.
pub fn damage_text(lang: Language, d: &Damage) -> String {
    match d {
        Damage::Missing => tr!(lang, "error-damage-missing"),
        Damage::Header => tr!(lang, "error-damage-header"),
        Damage::HeaderMac => tr!(lang, "error-damage-header-mac"),
        Damage::Content => tr!(lang, "error-damage-content"),
        Damage::NotForKey => tr!(lang, "error-damage-not-for-key"),
        Damage::RetiredKeyMissing { missing } => tr!(
            lang,
            "key-damage-retired-missing",
            keys = missing.join(", ")
        ),
        Damage::KeyMissing { needs } => {
            let recovery = needs.get(1..).unwrap_or_default();
            tr!(
                lang,
                "key-damage-key-missing",
                machine = needs.first().cloned().unwrap_or_default(),
                recovery = recovery.join(", "),
                recovery_count = recovery.len()
            )
        }
        Damage::NoKeyMatches => tr!(lang, "error-damage-no-key-matches"),
        Damage::Format => tr!(lang, "error-damage-format"),
        Damage::Marker => tr!(lang, "error-damage-marker"),
        Damage::Differs { other } => tr!(lang, "error-damage-differs", other = other),
        Damage::Unreadable => tr!(lang, "error-damage-unreadable"),
        Damage::Size => tr!(lang, "error-damage-size"),
        Damage::Blob { blob } => tr!(lang, "error-damage-blob", blob = blob),
        Damage::Newer { version } => tr!(lang, "error-damage-newer", version = version),
    }
}

/// A notice of the repository layer (it worked around a problem), as a
/// warning line for people.
pub fn render_notice(n: &Notice, lang: Language) -> String {
    match n {
        Notice::RootCopyUnusable {
            location,
            file,
            damage,
            used,
        } => {
            let d = damage_text(lang, damage);
            tr!(
                lang,
                "error-notice-root-copy-unusable",
                location = location,
                file = file,
                d = d,
                used = used
            )
        }
        Notice::LatestPassedOver {
            spec,
            chosen,
            time,
            job,
            damaged,
        } => {
            tr!(
                lang,
                "error-notice-latest-passed-over",
                spec = spec,
                id = chosen.short(),
                time = time.format("%d.%m.%Y %H:%M").to_string(),
                job = job,
                count = damaged.len(),
                keys = damaged.join(", "),
            )
        }
    }
}

fn key_hint(lang: Language) -> String {
    tr!(lang, "error-key-hint")
}

fn render_key_file(path: &str, p: &KeyFileError, lang: Language) -> (String, Option<String>) {
    let msg = match p {
        KeyFileError::Empty => tr!(lang, "error-key-file-empty", path = path),
        KeyFileError::NoKey => tr!(lang, "error-key-file-no-key", path = path),
        KeyFileError::PublicKey { line } => {
            tr!(lang, "error-key-file-public-key", line = line, path = path)
        }
        KeyFileError::DamagedKey { line } => {
            tr!(lang, "error-key-file-damaged-key", line = line, path = path)
        }
        KeyFileError::OtherFormat { line, format } => tr!(
            lang,
            "error-key-file-other-format",
            line = line,
            path = path,
            format = key_format(lang, *format)
        ),
        KeyFileError::NotAKey { line } => {
            tr!(lang, "error-key-file-not-a-key", line = line, path = path)
        }
        KeyFileError::NotText => tr!(lang, "error-key-file-not-text", path = path),
    };
    let hint = match p {
        KeyFileError::PublicKey { .. } => tr!(lang, "error-key-file-public-key-hint"),
        KeyFileError::DamagedKey { .. } => tr!(lang, "error-key-file-damaged-key-hint"),
        _ => key_hint(lang),
    };
    (msg, Some(hint))
}

fn key_format(lang: Language, f: KeyFormat) -> String {
    match f {
        KeyFormat::OpenSsh => tr!(lang, "error-key-format-openssh"),
        KeyFormat::Pgp => tr!(lang, "error-key-format-pgp"),
        KeyFormat::Putty => tr!(lang, "error-key-format-putty"),
        KeyFormat::Pem => tr!(lang, "error-key-format-pem"),
        KeyFormat::AgePlugin => tr!(lang, "error-key-format-age-plugin"),
        KeyFormat::AgeEncrypted => tr!(lang, "error-key-format-age-encrypted"),
    }
}

fn is_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
        || e.raw_os_error().is_some_and(|c| {
            if cfg!(windows) {
                c == 112 || c == 39
            } else {
                c == libc::ENOSPC
            }
        })
}

/// An OS error in the practice's language (`No such file or directory (os
/// error 2)` becomes "Datei oder Ordner nicht vorhanden"). Every kind the OS
/// reports is named in our words; an error without a known kind gives its
/// OS error number, never the OS's English sentence.
pub fn io_text(e: &std::io::Error, lang: Language) -> String {
    if is_full(e) {
        return tr!(lang, "error-io-storage-full");
    }
    if let Some(text) = io_kind_text(e.kind(), lang) {
        return text;
    }
    match e.raw_os_error() {
        Some(code) => tr!(lang, "error-io-os-error", code = code),
        // Not from the OS: a message tresor or a library wrote.
        None => e.to_string(),
    }
}

/// An OS error kept as text (in a snapshot's warnings, from a library):
/// `Permission denied (os error 13)` is told in the practice's language
/// through its error number; other text is returned as it is.
pub fn os_message_text(message: &str, lang: Language) -> String {
    let code = message
        .trim_end()
        .strip_suffix(')')
        .and_then(|m| m.rsplit_once("(os error "))
        .and_then(|(_, n)| n.parse::<i32>().ok());
    match code {
        Some(code) => io_text(&std::io::Error::from_raw_os_error(code), lang),
        None => message.to_string(),
    }
}

/// The words for an [`std::io::ErrorKind`], or None for `Other` and kinds
/// without a fixed meaning. Used by [`io_text`] and where only the kind
/// survived (the SQL Server client keeps the kind, not the error).
pub fn io_kind_text(kind: std::io::ErrorKind, lang: Language) -> Option<String> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => tr!(lang, "error-io-not-found"),
        K::PermissionDenied => tr!(lang, "error-io-permission-denied"),
        K::AlreadyExists => tr!(lang, "error-io-already-exists"),
        K::ReadOnlyFilesystem => tr!(lang, "error-io-read-only"),
        K::IsADirectory => tr!(lang, "error-io-is-a-directory"),
        K::NotADirectory => tr!(lang, "error-io-not-a-directory"),
        K::DirectoryNotEmpty => tr!(lang, "error-io-directory-not-empty"),
        K::InvalidData => tr!(lang, "error-io-invalid-data"),
        K::InvalidInput | K::InvalidFilename => tr!(lang, "error-io-invalid-input"),
        K::StorageFull => tr!(lang, "error-io-storage-full"),
        K::ConnectionRefused => tr!(lang, "error-io-connection-refused"),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
            tr!(lang, "error-io-connection-reset")
        }
        K::NotConnected => tr!(lang, "error-io-not-connected"),
        K::HostUnreachable => tr!(lang, "error-io-host-unreachable"),
        K::NetworkUnreachable | K::NetworkDown => tr!(lang, "error-io-network-unreachable"),
        K::AddrInUse | K::AddrNotAvailable => tr!(lang, "error-io-address"),
        K::TimedOut | K::WouldBlock => tr!(lang, "error-io-timed-out"),
        K::StaleNetworkFileHandle => tr!(lang, "error-io-stale-network-file"),
        K::ResourceBusy | K::ExecutableFileBusy => tr!(lang, "error-io-busy"),
        K::UnexpectedEof => tr!(lang, "error-io-unexpected-eof"),
        K::FileTooLarge => tr!(lang, "error-io-file-too-large"),
        K::Interrupted => tr!(lang, "error-io-interrupted"),
        K::Unsupported => tr!(lang, "error-io-unsupported"),
        K::OutOfMemory => tr!(lang, "error-io-out-of-memory"),
        K::CrossesDevices => tr!(lang, "error-io-crosses-devices"),
        _ => return None,
    })
}

/// Why the lock was lost, in the practice's language.
fn lock_loss_text(l: &crate::repo::lock::LockLoss, lang: Language) -> String {
    use crate::repo::lock::LockLoss;
    match l {
        LockLoss::Removed { key } => tr!(lang, "error-lock-loss-removed", key = key),
        LockLoss::Unwritable { key, error } => tr!(
            lang,
            "error-lock-loss-unwritable",
            key = key,
            reason = render_storage(error, lang).0
        ),
        LockLoss::Unreadable { key, error } => tr!(
            lang,
            "error-lock-loss-unreadable",
            key = key,
            reason = render_storage(error, lang).0
        ),
        LockLoss::Encode(m) => tr!(lang, "error-lock-loss-encode", m = m),
    }
}

fn render_storage(e: &StorageError, lang: Language) -> (String, Option<String>) {
    match e {
        StorageError::NoSpace { location } => (
            tr!(lang, "error-storage-no-space", location = location),
            Some(tr!(lang, "error-storage-no-space-hint")),
        ),
        StorageError::Unavailable { location, .. } => (
            tr!(lang, "error-storage-unavailable", location = location),
            Some(tr!(lang, "error-storage-unavailable-hint")),
        ),
        StorageError::PermissionDenied { location, key } => (
            tr!(
                lang,
                "error-storage-permission-denied",
                location = location,
                key = key
            ),
            Some(tr!(lang, "error-storage-permission-denied-hint")),
        ),
        StorageError::ShortRead { key, .. } => (
            tr!(lang, "error-storage-short-read", key = key),
            Some(tr!(lang, "error-storage-short-read-hint")),
        ),
        StorageError::NotFound { key } => (
            tr!(lang, "error-storage-not-found", key = key),
            Some(tr!(lang, "error-storage-not-found-hint")),
        ),
        StorageError::Io { key, source } => (
            tr!(
                lang,
                "error-storage-io",
                key = key,
                reason = io_text(source, lang)
            ),
            Some(tr!(lang, "error-storage-io-hint")),
        ),
        StorageError::AlreadyExists { key } => {
            (tr!(lang, "error-storage-already-exists", key = key), None)
        }
        StorageError::InvalidKey { key } => (
            tr!(lang, "error-storage-invalid-key", key = format!("{key:?}")),
            None,
        ),
        // Storage layers (issue 12, wt-layers).
        StorageError::GaveUp {
            location,
            attempts,
            source,
        } => (
            tr!(
                lang,
                "storage-gave-up",
                location = location,
                attempts = *attempts,
                reason = render_storage(source, lang).0
            ),
            Some(tr!(lang, "storage-gave-up-hint")),
        ),
        StorageError::WindowClosed {
            location,
            window,
            opens,
        } => (
            tr!(
                lang,
                "storage-window-closed",
                location = location,
                window = window,
                opens = opens
            ),
            Some(tr!(lang, "storage-window-closed-hint")),
        ),
        StorageError::PreconditionFailed { location, key } => (
            tr!(
                lang,
                "error-storage-precondition",
                location = location,
                key = key
            ),
            Some(tr!(lang, "error-storage-precondition-hint")),
        ),
        StorageError::RetentionRefused {
            location,
            key,
            until,
        } => (
            match until {
                Some(t) => tr!(
                    lang,
                    "error-storage-retention-until",
                    location = location,
                    key = key,
                    until = date_text(lang, t)
                ),
                None => tr!(
                    lang,
                    "error-storage-retention",
                    location = location,
                    key = key
                ),
            },
            Some(tr!(lang, "error-storage-retention-hint")),
        ),
        StorageError::Throttled { location } => (
            tr!(lang, "error-storage-throttled", location = location),
            Some(tr!(lang, "error-storage-throttled-hint")),
        ),
        StorageError::Auth { location, detail } => (
            tr!(
                lang,
                "error-storage-auth",
                location = location,
                detail = detail
            ),
            Some(tr!(lang, "error-storage-auth-hint")),
        ),
        StorageError::BucketMissing { location, bucket } => (
            tr!(
                lang,
                "error-storage-bucket-missing",
                location = location,
                bucket = bucket
            ),
            Some(tr!(lang, "error-storage-bucket-missing-hint")),
        ),
        StorageError::ClockSkew { location } => (
            tr!(lang, "error-storage-clock-skew", location = location),
            Some(tr!(lang, "error-storage-clock-skew-hint")),
        ),
        StorageError::Unreachable { location, detail } => (
            tr!(
                lang,
                "error-storage-unreachable",
                location = location,
                detail = detail
            ),
            Some(tr!(lang, "error-storage-unreachable-hint")),
        ),
        StorageError::ObjectLockMissing { location } => (
            tr!(lang, "error-object-lock-missing", location = location),
            Some(tr!(lang, "error-object-lock-missing-hint")),
        ),
        StorageError::Unsupported {
            location,
            operation,
        } => (
            tr!(
                lang,
                "error-storage-unsupported",
                location = location,
                operation = *operation
            ),
            None,
        ),
        StorageError::Server { location, status } => (
            tr!(
                lang,
                "error-storage-server",
                location = location,
                status = status.to_string()
            ),
            Some(tr!(lang, "error-storage-server-hint")),
        ),
    }
}

/// A point in time as staff read it: `31.12.2026 23:59 UTC` / `2026-12-31 23:59 UTC`.
fn date_text(lang: Language, t: &chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Language::De => t.format("%d.%m.%Y %H:%M UTC").to_string(),
        Language::En => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    const DE: Language = Language::De;
    const EN: Language = Language::En;

    #[test]
    fn os_errors_are_told_in_our_words() {
        let missing = io::Error::from_raw_os_error(libc::ENOENT);
        assert_eq!(io_text(&missing, DE), "Datei oder Ordner nicht vorhanden");
        assert_eq!(io_text(&missing, EN), "file or folder not found");
        let denied = io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(io_text(&denied, DE), "keine Berechtigung");
        let refused = io::Error::from_raw_os_error(libc::ECONNREFUSED);
        assert!(io_text(&refused, DE).starts_with("Verbindung abgelehnt"));
        let full = io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(io_text(&full, DE), "kein Speicherplatz mehr frei");
        // A number the OS has no kind for: its number, not its English sentence.
        let odd = io::Error::from_raw_os_error(libc::ENOTRECOVERABLE);
        assert_eq!(
            io_text(&odd, DE),
            format!("Systemfehler {}", libc::ENOTRECOVERABLE)
        );
        // Not from the OS: the text as written.
        assert_eq!(io_text(&io::Error::other("kaputt"), DE), "kaputt");
    }

    #[test]
    fn os_errors_kept_as_text_are_translated_by_their_number() {
        assert_eq!(
            os_message_text("Permission denied (os error 13)", DE),
            "keine Berechtigung"
        );
        assert_eq!(
            os_message_text("name is not UTF-8", DE),
            "name is not UTF-8"
        );
    }

    #[test]
    fn a_lost_lock_is_told_in_words() {
        use crate::repo::lock::LockLoss;
        let e = Error::Repo(RepoError::LockLost {
            reason: LockLoss::Removed {
                key: "locks/ab".into(),
            },
        });
        let (de, _) = e.render(DE);
        assert!(
            de.contains("ein anderer Lauf hat die Sperrdatei locks/ab entfernt"),
            "{de}"
        );
        let (en, _) = e.render(EN);
        assert!(
            en.contains("another run removed the lock file locks/ab"),
            "{en}"
        );
    }

    #[test]
    fn counts_select_singular_and_plural() {
        let incomplete = |entries, target_problem| Error::RestoreIncomplete {
            entries,
            target_problem,
        };
        let (one, hint) = incomplete(1, false).render(DE);
        assert_eq!(
            one,
            "1 Eintrag (Datei oder Ordner) konnte nicht wiederhergestellt oder nicht bestätigt werden."
        );
        assert!(hint.unwrap_or_default().contains("andere Kopie"));
        let (three, hint) = incomplete(3, true).render(DE);
        assert!(
            three.starts_with("3 Einträge (Dateien oder Ordner) konnten"),
            "{three}"
        );
        let hint = hint.unwrap_or_default();
        assert!(
            hint.contains("Zielordner") && !hint.contains("andere Kopie"),
            "{hint}"
        );
        let (en, _) = incomplete(1, false).render(EN);
        assert!(en.starts_with("1 entry (file or folder) could not"), "{en}");
        let check = |n| {
            Error::CheckFailed {
                problems: n,
                affected: 0,
                root: false,
                locked: 0,
            }
            .render(DE)
            .0
        };
        assert_eq!(check(1), "Die Prüfung hat 1 Problem gefunden.");
        assert_eq!(check(2), "Die Prüfung hat 2 Probleme gefunden.");
    }
}

//! Errors of the repository layer. Small, precise variants; `crate::error`
//! turns them into messages with a hint for the person in front of the screen.

use crate::storage::StorageError;

use super::id::Id;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The folder exists but is empty or has no repository marker: a medium
    /// not set up yet (or the wrong one). `destination` is the configured
    /// name when the CLI knows it (the repository layer does not).
    #[error("{location} holds no tresor repository (not set up)")]
    NotARepository {
        location: String,
        destination: Option<String>,
    },
    #[error("{location} already holds a tresor repository")]
    AlreadyInitialized { location: String },
    /// `file` claims a format newer than this tresor reads; `other` is what
    /// the other copy of the marker says when the two disagree.
    #[error(
        "repository at {location} has format version {found} ({file}); this tresor reads up to {supported}"
    )]
    FutureVersion {
        location: String,
        file: String,
        found: u32,
        supported: u32,
        other: Option<u32>,
    },
    #[error("none of the given keys opens the repository at {location}")]
    WrongKey { location: String },
    #[error("{file} is damaged: {reason}")]
    Damaged { file: String, reason: String },
    /// A file whose damage tresor can name precisely (see [`Damage`]).
    #[error("{file} is damaged: {damage}")]
    DamagedFile { file: String, damage: Damage },
    /// Both copies of a root file (marker or config) are unusable; each
    /// entry names a file and what is wrong with it.
    #[error("{location}: no usable copy of the repository's root data ({})", list(.copies))]
    RootUnreadable {
        location: String,
        copies: Vec<(String, Damage)>,
    },
    #[error("no snapshot matches '{spec}'")]
    SnapshotNotFound { spec: String },
    /// The spec names exactly one snapshot, and its file is damaged.
    #[error("snapshot file {key} is damaged: {damage}")]
    SnapshotDamaged { key: String, damage: Damage },
    /// Nothing readable matches the spec, but damaged snapshot files (whose
    /// time and job are unknown) might have.
    #[error("no readable snapshot matches '{spec}'; damaged snapshot files: {}", list(.damaged))]
    NoReadableSnapshot {
        spec: String,
        damaged: Vec<(String, Damage)>,
    },
    /// Prune deletes nothing while a snapshot file is unreadable: what that
    /// snapshot needs is unknown.
    #[error("{key} is damaged: {damage}; prune refuses to run until `tresor check` is clean")]
    PruneRefused { key: String, damage: Damage },
    #[error("'{spec}' matches several snapshots; give more digits")]
    AmbiguousSnapshot { spec: String },
    #[error("blob {id} is not in the index (data missing)")]
    BlobMissing { id: Id },
    #[error("repository is locked by {holder}")]
    Locked { holder: String },
    #[error("lock file {key} cannot be read; it may belong to a running process")]
    UnreadableLock { key: String },
    #[error("this run lost its repository lock: {reason}")]
    LockLost { reason: super::lock::LockLoss },
    /// Mirroring needs repositories of one installation (same id key and
    /// chunker parameters): blobs are copied by id, never re-chunked.
    #[error("{source_location} and {target_location} belong to different installations (other repository secrets)")]
    OtherRepositorySecrets {
        source_location: String,
        target_location: String,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// A recovery recipient given for a new repository is no `age1…` key.
    #[error("{recipient} is not an age public key (age1…)")]
    InvalidRecipient { recipient: String },
}

/// What is wrong with one stored file, as far as tresor can tell — said in
/// tresor's words, never a library's (`crate::error` renders it in German).
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    thiserror::Error,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    #[error("the file is missing")]
    Missing,
    /// Not an age file any more: its first lines are overwritten or cut off.
    #[error("its age header is unreadable (overwritten or cut off)")]
    Header,
    /// age's header MAC failed: a byte of the header was changed.
    #[error("its age header failed authentication (a byte was changed)")]
    HeaderMac,
    /// A payload chunk failed authentication, or the file ends early.
    #[error("its content failed authentication or is cut off (a byte was changed or lost)")]
    Content,
    /// The key opened the repository's config, so it is the right key: the
    /// file's recipient lines must have been changed.
    #[error(
        "the key that opens this repository does not decrypt it (its recipient lines were changed)"
    )]
    NotForKey,
    /// No key at hand opens it, and none of the keys the repository had
    /// before a key change (`tresor key rotate | add-recovery`: earlier
    /// machine keys, the recipients before) is at hand either: it was most
    /// likely written before the change and needs one of `missing`.
    #[error("it was most likely written before a key change and needs a key of that time, the earlier machine key or a recovery key ({})", .missing.join(", "))]
    RetiredKeyMissing { missing: Vec<String> },
    /// The index records whom the file was written for (`needs`: that
    /// time's machine key first, then the recovery keys) and no key at hand
    /// is among them.
    #[error("it is encrypted only for {} and none of these keys is at hand", .needs.join(", "))]
    KeyMissing { needs: Vec<String> },
    /// No given key decrypts it; without another readable copy tresor cannot
    /// tell a wrong key from a changed header.
    #[error("none of the given keys decrypts it (wrong key, or its header was changed)")]
    NoKeyMatches,
    /// Decrypted and authentic, but not what tresor writes there.
    #[error("it decrypts, but its content is not in the expected format")]
    Format,
    /// The plaintext marker is not a readable tresor marker.
    #[error("it is not a readable tresor marker (changed or overwritten)")]
    Marker,
    /// Readable, but differs from the copy tresor trusts.
    #[error("it differs from {other}")]
    Differs { other: String },
    /// The medium reported a read error for this one file.
    #[error("the medium reports a read error for it")]
    Unreadable,
    /// Shorter than its header says, or not of the size the index records.
    #[error("its size is wrong (cut off or replaced)")]
    Size,
    /// A data block in it does not match its id (short form).
    #[error("data block {blob} in it does not match its checksum (a byte was changed)")]
    Blob { blob: String },
    /// Written by a newer tresor, in a format this one does not read.
    #[error("it was written by a newer tresor (format {version})")]
    Newer { version: u32 },
}

impl Damage {
    /// Not damage: no key at hand was among the file's recipients.
    pub fn is_key_missing(&self) -> bool {
        matches!(
            self,
            Damage::KeyMissing { .. } | Damage::RetiredKeyMissing { .. }
        )
    }
}

/// A stored file that could not be used, and why (found while opening a
/// repository or checking it). Displayed in English for JSON and logs;
/// `crate::error::file_damage_text` says it in the practice's language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileDamage {
    pub file: String,
    pub damage: Damage,
}

impl std::fmt::Display for FileDamage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is damaged: {}", self.file, self.damage)
    }
}

impl Damage {
    /// A storage error that concerns one file only (a read error, a file
    /// shorter than it says) is that file's damage; a vanished medium or a
    /// full disk is not, and stays an error of the whole operation.
    pub fn of_storage_error(e: StorageError) -> std::result::Result<Damage, StorageError> {
        match e {
            StorageError::Io { .. } | StorageError::ShortRead { .. } => Ok(Damage::Unreadable),
            other => Err(other),
        }
    }
}

fn list(items: &[(String, Damage)]) -> String {
    items
        .iter()
        .map(|(f, d)| format!("{f}: {d}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl RepoError {
    pub fn damaged(file: impl Into<String>, reason: impl ToString) -> RepoError {
        RepoError::Damaged {
            file: file.into(),
            reason: reason.to_string(),
        }
    }

    pub fn damaged_file(file: impl Into<String>, damage: Damage) -> RepoError {
        RepoError::DamagedFile {
            file: file.into(),
            damage,
        }
    }

    /// The damaged file this error names; any other error is returned.
    /// A damage tresor could not name precisely counts as a format damage.
    pub fn into_file_damage(self) -> std::result::Result<FileDamage, RepoError> {
        match self {
            RepoError::DamagedFile { file, damage } => Ok(FileDamage { file, damage }),
            RepoError::SnapshotDamaged { key, damage } => Ok(FileDamage { file: key, damage }),
            RepoError::Damaged { file, .. } => Ok(FileDamage {
                file,
                damage: Damage::Format,
            }),
            other => Err(other),
        }
    }
}

pub type Result<T> = std::result::Result<T, RepoError>;

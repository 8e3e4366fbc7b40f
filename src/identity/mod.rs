//! The installation identity: what makes the ten cartridges, the NAS and the
//! S3 prefix of one practice *one* installation.
//!
//! It is created once on the server by the first `tresor init` and holds the
//! installation id, the machine key's recipient, the recovery recipients and
//! the repository secrets (blob-id key, chunker parameters). Every later
//! `init` of any destination — a cartridge set up on another day, with nothing
//! else inserted — reuses it, so one recovery key opens every medium and blobs
//! have the same ids everywhere.
//!
//! Where it lives (see `docs/format.md`, "Installation identity"):
//! - on the server in `tresor-identity.age` beside the machine key, age-encrypted
//!   to the machine key and every recovery recipient ([`file`]);
//! - on every repository inside its `config` (installation id, secrets,
//!   recipients), which any recovery key reads, so a technician with one
//!   medium and a recovery key can rebuild it ([`Identity::from_repository`]).
//!
//! Files: `file.rs` (the encrypted file), `standing.rs` (does a repository
//! belong to this installation), `key_file.rs` (writing new key files),
//! `config_edit.rs` (recovery recipients into tresor.yaml), `keyring.rs`
//! (the machine key and the retired machine keys beside it; `key rotate`),
//! `error.rs`.

pub mod config_edit;
mod error;
pub mod file;
pub mod key_file;
pub mod keyring;
pub mod standing;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use crate::repo::repofile::{RepoConfig, Secrets};
use crate::repo::Id;

pub use error::IdentityError;
pub use standing::Standing;

/// `format` of the identity document.
pub const FORMAT: &str = "tresor-identity";
/// Version of the identity document this build reads and writes.
pub const VERSION: u32 = 1;
/// File name of the identity, in the machine key's folder.
pub const FILE_NAME: &str = "tresor-identity.age";

/// One installation's identity (the plaintext of `tresor-identity.age`).
#[derive(Clone, Serialize, Deserialize)]
pub struct Identity {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written by this build.
    pub version: u32,
    /// Random id naming the installation; every repository's config repeats it.
    pub installation: Id,
    /// When the identity was created (or adopted from an older repository).
    pub created: DateTime<FixedOffset>,
    /// The machine key's recipient (`age1…`).
    pub machine: String,
    /// Recovery recipients (`age1…`) of the offline keys in the emergency folder.
    pub recovery: Vec<String>,
    /// Blob-id key and chunker parameters shared by every repository.
    #[serde(flatten)]
    pub secrets: Secrets,
    /// Earlier machine keys (`tresor key rotate`), oldest first: files
    /// written before each change are encrypted to them. Their key files
    /// stay beside the machine key ([`keyring`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<RetiredKey>,
}

/// A machine key that was replaced by `tresor key rotate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredKey {
    /// Its recipient (`age1…`).
    pub recipient: String,
    /// When it was replaced.
    pub retired: DateTime<FixedOffset>,
    /// The name of its key file, in the machine key's folder (empty when
    /// unknown: a rotation interrupted before the identity was saved).
    pub file: String,
}

impl Identity {
    /// A new installation: fresh id and secrets.
    pub fn new(machine: String, recovery: Vec<String>) -> Identity {
        Identity {
            format: FORMAT.to_string(),
            version: VERSION,
            installation: Id::random(),
            created: Local::now().fixed_offset(),
            machine,
            recovery,
            secrets: Secrets::generate(),
            retired: Vec::new(),
        }
    }

    /// The identity a repository's config carries. `machine` is the
    /// recipient of the key that opened it; the other recipients are the
    /// recovery recipients. A repository made before identities existed has
    /// no installation id: it gets a new one. Rebuilding from a medium with a
    /// recovery key: the machine recipient is the config's first recipient.
    pub fn from_repository(config: &RepoConfig, machine: &str) -> Identity {
        Identity {
            format: FORMAT.to_string(),
            version: VERSION,
            installation: config.installation.unwrap_or_else(Id::random),
            created: Local::now().fixed_offset(),
            machine: machine.to_string(),
            recovery: config
                .recipients
                .iter()
                .filter(|r| r.as_str() != machine)
                .cloned()
                .collect(),
            secrets: config.secrets.clone(),
            retired: Vec::new(),
        }
    }

    /// Everything new files are encrypted to: the machine key first, then
    /// every recovery recipient.
    pub fn recipients(&self) -> Vec<String> {
        let mut all = vec![self.machine.clone()];
        all.extend(self.recovery.iter().cloned());
        all
    }

    /// What a repository of this installation whose config lists
    /// `current` (recipients) and `retired` should list instead: this
    /// identity's recipients (machine first), then any other recovery
    /// recipient the repository already had (nothing is taken away), and as
    /// retired every earlier machine key it was written with. `None` when
    /// it lists that already.
    pub fn recipients_for(
        &self,
        current: &[String],
        retired: &[String],
    ) -> Option<(Vec<String>, Vec<String>)> {
        let was_machine = |r: &String| self.retired.iter().any(|k| &k.recipient == r);
        let mut want = self.recipients();
        for r in current {
            if !want.contains(r) && !was_machine(r) {
                want.push(r.clone());
            }
        }
        let mut gone: Vec<String> = retired.to_vec();
        for r in current {
            if !want.contains(r) && !gone.contains(r) {
                gone.push(r.clone());
            }
        }
        (want != current || gone != retired).then_some((want, gone))
    }

    /// Adds recovery recipients not yet listed; returns those added.
    pub fn add_recovery(&mut self, recipients: &[String]) -> Vec<String> {
        let mut added = Vec::new();
        for r in recipients {
            let r = r.trim();
            if r != self.machine && !self.recovery.iter().any(|k| k == r) {
                self.recovery.push(r.to_string());
                added.push(r.to_string());
            }
        }
        added
    }
}

/// Where the identity of the installation whose machine key is `machine_key` lives.
pub fn path_beside(machine_key: &Path) -> PathBuf {
    machine_key.with_file_name(FILE_NAME)
}

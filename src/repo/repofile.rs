//! The two files at a repository's root.
//!
//! - `tresor.repo` (plaintext JSON): says "this is a tresor repository", its id
//!   and format version, so that a wrong medium or a newer format is recognised
//!   before any key is needed.
//! - `config` (age): the secrets and parameters every writer needs — the id key
//!   for keyed chunk ids, the chunker parameters and the recipients that all
//!   files are encrypted to — and the installation id. It is the copy of the
//!   installation identity on the medium: any recovery key reads it. Repositories of one installation (the ten RDX
//!   cartridges, the NAS, S3) share the secrets so that packs can be copied
//!   between them without re-chunking.
//!
//! Both are kept twice, `tresor.repo.2` and `config.2`, byte-identical to the
//! first copy: without them no snapshot on the medium can be opened, so one
//! flipped byte must not cost every snapshot (`root.rs` reads, chooses and
//! repairs the copies).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::chunker::ChunkerParams;
use super::id::Id;

pub const MARKER_KEY: &str = "tresor.repo";
pub const CONFIG_KEY: &str = "config";
/// The second copies; repositories made before they existed have none.
pub const MARKER_COPY_KEY: &str = "tresor.repo.2";
pub const CONFIG_COPY_KEY: &str = "config.2";
/// Both copies of each root file, the one tried first first.
pub const MARKER_KEYS: [&str; 2] = [MARKER_KEY, MARKER_COPY_KEY];
pub const CONFIG_KEYS: [&str; 2] = [CONFIG_KEY, CONFIG_COPY_KEY];
pub const FORMAT: &str = "tresor-repository";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Marker {
    pub format: String,
    pub version: u32,
    pub id: Id,
    pub created: DateTime<FixedOffset>,
}

/// Everything that must be equal across the repositories of one installation.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secrets {
    /// Hex of the 32-byte BLAKE3 key for blob ids.
    pub id_key: String,
    pub chunker_files: ChunkerParams,
    pub chunker_pages: ChunkerParams,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct RepoConfig {
    pub version: u32,
    pub id: Id,
    /// The installation this repository belongs to (see `crate::identity`);
    /// absent in repositories made before installations had an identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation: Option<Id>,
    #[serde(flatten)]
    pub secrets: Secrets,
    /// Target plaintext size of a pack.
    pub pack_size: u32,
    pub zstd_level: i32,
    /// age recipients (machine key, recovery keys) every new file is encrypted to.
    pub recipients: Vec<String>,
    /// Earlier machine keys' recipients (`tresor key rotate`): files written
    /// before the change are encrypted to them (and to the recovery keys),
    /// new files no longer are. Names the key a file needs when it does not open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
    /// The recipients before the first change by `tresor key` (0.5 on):
    /// what packs whose index entry names no recipients (written by tresor
    /// before 0.5, or indexed from their own trailer) are taken to be
    /// encrypted to. Absent: the recipients never changed, so `recipients`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_recipients: Option<Vec<String>>,
}

impl RepoConfig {
    /// The recovery recipients: every recipient after the machine key (docs/format.md).
    pub fn recovery_recipients(&self) -> &[String] {
        self.recipients.get(1..).unwrap_or_default()
    }

    /// Who can decrypt `pack`: its recorded recipients, else the legacy ones.
    pub fn pack_recipients<'a>(&'a self, pack: &'a super::index::PackInfo) -> &'a [String] {
        match &pack.recipients {
            Some(r) => r,
            None => self
                .legacy_recipients
                .as_deref()
                .unwrap_or(&self.recipients),
        }
    }

    /// May a new snapshot reference data encrypted to `recipients`? Only when
    /// every recovery key of the repository opens it: the technician on a
    /// bare machine has nothing but a recovery key, and the newest snapshot
    /// must open with it. A changed machine key alone does not matter here
    /// (the key ring keeps the earlier ones).
    pub fn covers(&self, recipients: &[String]) -> bool {
        self.recovery_recipients()
            .iter()
            .all(|r| recipients.contains(r))
    }

    /// [`Self::covers`] for a pack of this repository.
    pub fn covers_pack(&self, pack: &super::index::PackInfo) -> bool {
        self.covers(self.pack_recipients(pack))
    }
}

impl Secrets {
    pub fn generate() -> Secrets {
        let seed: u64 = rand::random();
        Secrets {
            id_key: hex::encode(rand::random::<[u8; 32]>()),
            chunker_files: ChunkerParams::files(seed),
            chunker_pages: ChunkerParams::pages(seed),
        }
    }
}

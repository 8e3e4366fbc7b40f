//! The job's quick verify: after the snapshot is written, read it back from
//! the destination — the snapshot file, its whole file list, and a random
//! sample of the content blobs — each decrypted, decompressed and checked
//! against its keyed id. It proves the snapshot is complete and readable with
//! the keys; it is not `check --read-data` (every byte). On a local medium
//! the operating system may answer recently written packs from its page
//! cache, so what is proven there is "written as intended", not "the
//! cartridge's surface holds it"; `tresor drill` and `check --read-data`
//! read what the medium holds on another day.

use rand::seq::SliceRandom;

use crate::repo::tree::NodeKind;
use crate::repo::{Id, IndexedRepo, RepoError};

/// How much the quick verify reads at most.
#[derive(Clone, Copy, Debug)]
pub struct SampleSize {
    /// Content blobs.
    pub blobs: usize,
    /// Their plaintext bytes.
    pub bytes: u64,
}

impl Default for SampleSize {
    /// 64 blobs, at most 64 MiB.
    fn default() -> SampleSize {
        SampleSize {
            blobs: 64,
            bytes: 64 << 20,
        }
    }
}

/// What the read-back proved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verified {
    /// Blobs read and proven (file list and content).
    pub blobs: u64,
    /// Their plaintext bytes.
    pub bytes: u64,
    /// Blobs that could not be read or did not match their id.
    pub failed: u64,
    /// The first problem, in the repository's words.
    pub first_problem: Option<String>,
}

/// Reads back the snapshot `id` as described in the module text.
///
/// # Errors
/// Only when the snapshot file or its file list cannot be read at all; a
/// content blob that fails is counted in [`Verified::failed`].
pub fn sample(repo: &IndexedRepo, id: &Id, size: SampleSize) -> Result<Verified, RepoError> {
    // Read again from the destination, not the copy the backup kept in memory.
    let key = crate::repo::repository::snapshot_key(id);
    let snap: crate::repo::Snapshot = serde_json::from_slice(&repo.load_file(&key)?)
        .map_err(|_| RepoError::damaged_file(&key, crate::repo::Damage::Format))?;
    let mut v = Verified::default();
    let tree = repo.load_tree(&snap)?;
    v.blobs += snap.tree.len() as u64;
    let mut chunks: Vec<Id> = tree
        .iter()
        .filter(|n| n.kind == NodeKind::File)
        .flat_map(|n| n.chunks.iter().copied())
        .collect();
    chunks.sort_unstable();
    chunks.dedup();
    chunks.shuffle(&mut rand::thread_rng());
    for blob in chunks.into_iter().take(size.blobs) {
        if v.bytes >= size.bytes {
            break;
        }
        match repo.read_blob(&blob) {
            Ok(plain) => {
                v.blobs += 1;
                v.bytes += plain.len() as u64;
            }
            Err(e) => {
                v.failed += 1;
                v.first_problem.get_or_insert_with(|| e.to_string());
            }
        }
    }
    Ok(v)
}

//! Pack marks: small encrypted files that change how a pack is treated
//! without rewriting the pack or an index file (docs/format.md, "Pack marks").
//!
//! - `pending/<id>`, written by prune: packs no snapshot needs, each with the
//!   time it was first marked. A later prune deletes them (two phases).
//! - `damaged/<id>`, written by `check --read-data`: packs whose content did
//!   not verify.
//!
//! A marked pack stays readable, but a backup never references it anew: what
//! it holds is stored again. Deleting a pending mark is always safe (it only
//! delays deletion); a damage mark is removed only with its pack.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Damage, FileDamage, RepoError, Result};
use super::id::Id;
use super::repository::{id_of_key, Repository};

pub const PENDING_DIR: &str = "pending/";
pub const DAMAGED_DIR: &str = "damaged/";
const VERSION: u32 = 1;

/// One marked pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackMark {
    pub pack: Id,
    /// When the pack was first marked (UTC, the marking host's clock).
    pub marked: DateTime<Utc>,
    /// Why, for people (`unreferenced`, `duplicate`, `3 blobs do not verify`).
    pub reason: String,
}

#[derive(Serialize, Deserialize)]
struct MarkFile {
    version: u32,
    packs: Vec<PackMark>,
}

/// The union of the mark files of one directory.
#[derive(Debug, Default, Clone)]
pub struct MarkSet {
    marks: HashMap<Id, PackMark>,
    /// Keys of the files read, for replacing them.
    pub files: Vec<String>,
    /// Keys of files that could not be read (reported as problems).
    pub unreadable: Vec<String>,
}

impl MarkSet {
    pub fn contains(&self, pack: &Id) -> bool {
        self.marks.contains_key(pack)
    }

    pub fn get(&self, pack: &Id) -> Option<&PackMark> {
        self.marks.get(pack)
    }

    pub fn iter(&self) -> impl Iterator<Item = &PackMark> {
        self.marks.values()
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Several files may name a pack (a prune interrupted between writing
    /// the new file and deleting the old ones): the latest time counts, the
    /// stricter one for the lock rule.
    fn add(&mut self, m: PackMark) {
        match self.marks.get(&m.pack) {
            Some(old) if old.marked >= m.marked => {}
            _ => {
                self.marks.insert(m.pack, m);
            }
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Marks {
    pub pending: MarkSet,
    pub damaged: MarkSet,
}

impl Marks {
    /// May a new snapshot reference this pack's blobs?
    pub fn reusable(&self, pack: &Id) -> bool {
        !self.pending.contains(pack) && !self.damaged.contains(pack)
    }
}

/// Reads both mark directories. Unreadable mark files are reported in
/// `problems`: an unreadable pending mark only delays a deletion.
pub fn load(repo: &Repository, problems: &mut Vec<FileDamage>) -> Result<Marks> {
    Ok(Marks {
        pending: load_dir(repo, PENDING_DIR, problems)?,
        damaged: load_dir(repo, DAMAGED_DIR, problems)?,
    })
}

fn load_dir(repo: &Repository, dir: &str, problems: &mut Vec<FileDamage>) -> Result<MarkSet> {
    let mut set = MarkSet::default();
    for obj in repo.backend().list(dir)? {
        if id_of_key(&obj.key).is_none() {
            continue;
        }
        let parsed = repo.load_file(&obj.key).and_then(|b| {
            let f: MarkFile = serde_json::from_slice(&b)
                .map_err(|_| RepoError::damaged_file(&obj.key, Damage::Format))?;
            if f.version > VERSION {
                return Err(RepoError::damaged_file(
                    &obj.key,
                    Damage::Newer { version: f.version },
                ));
            }
            Ok(f)
        });
        match parsed {
            Ok(f) => {
                f.packs.into_iter().for_each(|m| set.add(m));
                set.files.push(obj.key);
            }
            // Vanished between list and read: replaced by a newer prune.
            Err(RepoError::Storage(e)) if e.is_not_found() => {}
            Err(e @ RepoError::Storage(_)) => return Err(e),
            Err(e) => {
                problems.push(e.into_file_damage()?);
                set.unreadable.push(obj.key);
            }
        }
    }
    Ok(set)
}

/// Writes one mark file into `dir` (`PENDING_DIR` or `DAMAGED_DIR`) and returns its key.
pub fn save(repo: &Repository, dir: &str, packs: Vec<PackMark>) -> Result<String> {
    let key = format!("{dir}{}", Id::random());
    let plain = serde_json::to_vec(&MarkFile {
        version: VERSION,
        packs,
    })
    .map_err(|e| RepoError::damaged(&key, e))?;
    repo.save_file(&key, &plain)?;
    Ok(key)
}

//! The root data of a repository — the marker `tresor.repo` and the
//! encrypted `config` — and their second copies `tresor.repo.2` and
//! `config.2`, byte-identical to the first.
//!
//! Without a usable marker and config no snapshot on the medium can be
//! opened, so both copies are read on every open:
//! - a copy that is missing, unreadable or different is reported (a notice
//!   on every open, an error in `check`) and the other copy is used;
//! - the config decides between marker copies: age authenticates it, the
//!   marker is plain text, so a marker whose id differs from the config's is
//!   the damaged one;
//! - opening fails only when both copies of a file are unusable, and then
//!   names both;
//! - repositories made before the copies existed (no `.2` file at all) open
//!   as before; `check` says how to add the copies;
//! - [`repair`] rewrites bad copies from the good ones. It never runs on its
//!   own: opening stays read-only, a write-protected medium stays untouched.

use crate::storage::{Backend, StorageError};

use super::crypto::{self, CryptoError, Identities, Recipients};
use super::error::{Damage, RepoError, Result};
use super::repofile::{
    Marker, RepoConfig, CONFIG_COPY_KEY, CONFIG_KEY, CONFIG_KEYS, FORMAT, MARKER_COPY_KEY,
    MARKER_KEY, MARKER_KEYS, VERSION,
};

/// The root data as opened: the copies used, and what is wrong with the others.
pub struct Root {
    pub marker: Marker,
    pub config: RepoConfig,
    pub problems: Vec<RootProblem>,
    /// Neither second copy exists: a repository made before they did.
    pub single_copy: bool,
    /// The good copies' bytes, for [`repair`].
    marker_bytes: Vec<u8>,
    config_cipher: Vec<u8>,
}

/// One unusable copy of a root file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootProblem {
    pub file: &'static str,
    pub damage: Damage,
    /// The copy of the same file that was used instead.
    pub used: &'static str,
}

/// One copy as found on the medium.
enum Found<T> {
    Good(T),
    Missing,
    Bad(Damage),
}

struct ConfigCopy {
    config: RepoConfig,
    cipher: Vec<u8>,
    plain: Vec<u8>,
}

type Copies<T> = [(&'static str, Found<T>); 2];

/// The marker only, without a key: is this a repository, which version.
pub fn read_marker(backend: &dyn Backend) -> Result<Marker> {
    let markers = read_markers(backend)?;
    check_versions(backend, &markers)?;
    match markers.iter().find_map(|(_, f)| match f {
        Found::Good((m, _)) => Some(m.clone()),
        _ => None,
    }) {
        Some(m) => Ok(m),
        None => Err(no_marker(backend, &markers)?),
    }
}

/// Reads both copies of marker and config and decides which to use.
pub fn open(backend: &dyn Backend, ids: &Identities) -> Result<Root> {
    let location = backend.location();
    let markers = read_markers(backend)?;
    check_versions(backend, &markers)?;
    if !markers.iter().any(|(_, f)| matches!(f, Found::Good(_))) {
        return Err(no_marker(backend, &markers)?);
    }
    let configs: Copies<ConfigCopy> = [
        (CONFIG_KEY, read_config(backend, ids, CONFIG_KEY)?),
        (CONFIG_COPY_KEY, read_config(backend, ids, CONFIG_COPY_KEY)?),
    ];
    // The first authentic config whose id a marker copy confirms.
    let chosen = configs.iter().find_map(|(key, f)| match f {
        Found::Good(c) => markers
            .iter()
            .find_map(|(mkey, m)| match m {
                Found::Good((marker, bytes)) if marker.id == c.config.id => {
                    Some((*mkey, marker, bytes))
                }
                _ => None,
            })
            .map(|m| (*key, c, m)),
        _ => None,
    });
    let Some((ckey, cc, (mkey, marker, marker_bytes))) = chosen else {
        return Err(no_config(location, &configs));
    };

    let mut problems = Vec::new();
    for (key, f) in &markers {
        let damage = match f {
            _ if *key == mkey => continue,
            Found::Good((_, b)) if b == marker_bytes => continue,
            Found::Good(_) => Damage::Differs {
                other: mkey.to_string(),
            },
            Found::Missing => Damage::Missing,
            Found::Bad(d) => d.clone(),
        };
        problems.push(RootProblem {
            file: key,
            damage,
            used: mkey,
        });
    }
    for (key, f) in &configs {
        let damage = match f {
            _ if *key == ckey => continue,
            Found::Good(c) if c.plain == cc.plain => continue,
            Found::Good(_) => Damage::Differs {
                other: ckey.to_string(),
            },
            Found::Missing => Damage::Missing,
            // The key opened the other copy: this one's recipient lines changed.
            Found::Bad(Damage::NoKeyMatches) => Damage::NotForKey,
            Found::Bad(d) => d.clone(),
        };
        problems.push(RootProblem {
            file: key,
            damage,
            used: ckey,
        });
    }
    let single_copy = problems.len() == 2
        && problems.iter().all(|p| {
            p.damage == Damage::Missing && [MARKER_COPY_KEY, CONFIG_COPY_KEY].contains(&p.file)
        });
    if single_copy {
        problems.clear();
    }
    Ok(Root {
        marker: marker.clone(),
        config: cc.config.clone(),
        problems,
        single_copy,
        marker_bytes: marker_bytes.clone(),
        config_cipher: cc.cipher.clone(),
    })
}

/// Writes the root data of a new repository: the second copies first and the
/// first marker last, so an interrupted init leaves either no marker at all
/// (not a repository yet) or a complete pair of configs.
pub fn write_new(backend: &dyn Backend, marker: &Marker, config_cipher: &[u8]) -> Result<()> {
    let marker_bytes =
        serde_json::to_vec_pretty(marker).map_err(|e| RepoError::damaged(MARKER_KEY, e))?;
    backend.put(CONFIG_COPY_KEY, config_cipher)?;
    backend.put(CONFIG_KEY, config_cipher)?;
    backend.put(MARKER_COPY_KEY, &marker_bytes)?;
    backend.put(MARKER_KEY, &marker_bytes)?;
    Ok(())
}

/// Replaces both copies of the config of an existing repository (new
/// recipients): `config` first, then `config.2`, each an atomic put read
/// back. Interrupted in between, `config` is used and `config.2` is the
/// differing copy that every open names and `check --repair-root` rewrites
/// from it. The caller holds a lock.
pub fn rewrite_config(backend: &dyn Backend, config_cipher: &[u8]) -> Result<()> {
    for key in CONFIG_KEYS {
        backend.put(key, config_cipher)?;
        if backend.get(key)? != config_cipher {
            return Err(RepoError::damaged_file(
                key,
                Damage::Differs {
                    other: CONFIG_KEY.to_string(),
                },
            ));
        }
    }
    Ok(())
}

/// Does any root file exist (a repository, or what is left of one)?
pub fn any_exists(backend: &dyn Backend) -> Result<bool> {
    for key in MARKER_KEYS.iter().chain(&CONFIG_KEYS) {
        if backend.stat(key)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Rewrites every bad copy (and, in a single-copy repository, the missing
/// second copies) from the good one and reads each back. The caller holds a
/// lock. Returns each file written and the copy it was written from.
pub fn repair(backend: &dyn Backend, root: &Root) -> Result<Vec<(&'static str, &'static str)>> {
    let mut files: Vec<(&'static str, &'static str)> =
        root.problems.iter().map(|p| (p.file, p.used)).collect();
    if root.single_copy {
        files.push((MARKER_COPY_KEY, MARKER_KEY));
        files.push((CONFIG_COPY_KEY, CONFIG_KEY));
    }
    for (file, from) in &files {
        let bytes = if MARKER_KEYS.contains(file) {
            &root.marker_bytes
        } else {
            &root.config_cipher
        };
        backend.put(file, bytes)?;
        if backend.get(file)? != *bytes {
            return Err(RepoError::damaged_file(
                *file,
                Damage::Differs {
                    other: from.to_string(),
                },
            ));
        }
    }
    Ok(files)
}

fn read_markers(backend: &dyn Backend) -> Result<Copies<(Marker, Vec<u8>)>> {
    Ok([
        (MARKER_KEY, read_marker_copy(backend, MARKER_KEY)?),
        (MARKER_COPY_KEY, read_marker_copy(backend, MARKER_COPY_KEY)?),
    ])
}

fn read_marker_copy(backend: &dyn Backend, key: &str) -> Result<Found<(Marker, Vec<u8>)>> {
    let bytes = match get(backend, key)? {
        Found::Good(b) => b,
        Found::Missing => return Ok(Found::Missing),
        Found::Bad(d) => return Ok(Found::Bad(d)),
    };
    match serde_json::from_slice::<Marker>(&bytes) {
        Ok(m) if m.format == FORMAT => Ok(Found::Good((m, bytes))),
        _ => Ok(Found::Bad(Damage::Marker)),
    }
}

/// A newer format is refused before anything else, without a change. When
/// the copies disagree the message says so: one of them may be damaged.
fn check_versions(backend: &dyn Backend, markers: &Copies<(Marker, Vec<u8>)>) -> Result<()> {
    let versions: Vec<(&str, u32)> = markers
        .iter()
        .filter_map(|(k, f)| match f {
            Found::Good((m, _)) => Some((*k, m.version)),
            _ => None,
        })
        .collect();
    if let Some((file, found)) = versions.iter().find(|(_, v)| *v > VERSION) {
        return Err(RepoError::FutureVersion {
            location: backend.location(),
            file: file.to_string(),
            found: *found,
            supported: VERSION,
            other: versions
                .iter()
                .find(|(f, v)| f != file && v != found)
                .map(|(_, v)| *v),
        });
    }
    Ok(())
}

/// No marker copy is usable: not a repository at all, unless a config shows
/// that one was here.
fn no_marker(backend: &dyn Backend, markers: &Copies<(Marker, Vec<u8>)>) -> Result<RepoError> {
    let location = backend.location();
    let mut config_exists = false;
    for key in CONFIG_KEYS {
        config_exists |= backend.stat(key)?.is_some();
    }
    if !config_exists {
        return Ok(RepoError::NotARepository {
            location,
            destination: None,
        });
    }
    Ok(RepoError::RootUnreadable {
        location,
        copies: markers
            .iter()
            .map(|(k, f)| {
                let d = match f {
                    Found::Bad(d) => d.clone(),
                    _ => Damage::Missing,
                };
                (k.to_string(), d)
            })
            .collect(),
    })
}

/// No config copy is usable. "Wrong key" only when that is all age says:
/// any other damage proves nothing about the key, so both files are named.
fn no_config(location: String, configs: &Copies<ConfigCopy>) -> RepoError {
    let wrong_key = configs
        .iter()
        .all(|(_, f)| matches!(f, Found::Missing | Found::Bad(Damage::NoKeyMatches)))
        && configs
            .iter()
            .any(|(_, f)| matches!(f, Found::Bad(Damage::NoKeyMatches)));
    if wrong_key {
        return RepoError::WrongKey { location };
    }
    // A header MAC or payload tag is only checked after a key fitted.
    let key_fits = configs.iter().any(|(_, f)| {
        matches!(
            f,
            Found::Good(_) | Found::Bad(Damage::HeaderMac | Damage::Content | Damage::Format)
        )
    });
    RepoError::RootUnreadable {
        location,
        copies: configs
            .iter()
            .map(|(k, f)| {
                let d = match f {
                    // Authentic, but no marker copy names its id.
                    Found::Good(_) => Damage::Differs {
                        other: MARKER_KEY.to_string(),
                    },
                    Found::Missing => Damage::Missing,
                    Found::Bad(Damage::NoKeyMatches) if key_fits => Damage::NotForKey,
                    Found::Bad(d) => d.clone(),
                };
                (k.to_string(), d)
            })
            .collect(),
    }
}

fn read_config(backend: &dyn Backend, ids: &Identities, key: &str) -> Result<Found<ConfigCopy>> {
    let cipher = match get(backend, key)? {
        Found::Good(b) => b,
        Found::Missing => return Ok(Found::Missing),
        Found::Bad(d) => return Ok(Found::Bad(d)),
    };
    let plain = match crypto::decrypt(ids, &cipher) {
        Ok(p) => p,
        Err(CryptoError::WrongKey) => return Ok(Found::Bad(Damage::NoKeyMatches)),
        Err(CryptoError::Damaged(d)) => return Ok(Found::Bad(d)),
        Err(_) => return Ok(Found::Bad(Damage::Header)),
    };
    let Ok(config) = serde_json::from_slice::<RepoConfig>(&plain) else {
        return Ok(Found::Bad(Damage::Format));
    };
    // Authentic: a newer version here is a newer format, not damage.
    if config.version > VERSION {
        return Err(RepoError::FutureVersion {
            location: backend.location(),
            file: key.to_string(),
            found: config.version,
            supported: VERSION,
            other: None,
        });
    }
    let valid = config.secrets.chunker_files.is_valid()
        && config.secrets.chunker_pages.is_valid()
        && hex::decode(&config.secrets.id_key).is_ok_and(|k| k.len() == 32)
        && Recipients::parse(&config.recipients).is_ok();
    if !valid {
        return Ok(Found::Bad(Damage::Format));
    }
    Ok(Found::Good(ConfigCopy {
        config,
        cipher,
        plain,
    }))
}

/// One copy's bytes; a read error of this file alone makes it a bad copy.
fn get(backend: &dyn Backend, key: &str) -> Result<Found<Vec<u8>>> {
    match backend.get(key) {
        Ok(b) => Ok(Found::Good(b)),
        Err(StorageError::NotFound { .. }) => Ok(Found::Missing),
        Err(e) => Ok(Found::Bad(Damage::of_storage_error(e)?)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::repo::crypto::generate_key;
    use crate::repo::repofile::Secrets;
    use crate::repo::{InitOptions, Repository};
    use crate::storage::memory::MemoryBackend;

    fn repo() -> (Arc<MemoryBackend>, Arc<Identities>) {
        let (machine, recovery) = (generate_key(), generate_key());
        let mem = Arc::new(MemoryBackend::new());
        Repository::init(
            mem.clone(),
            InitOptions::new(
                vec![machine.recipient, recovery.recipient],
                Secrets::generate(),
            ),
        )
        .unwrap();
        (mem, Arc::new(Identities::parse(&machine.secret).unwrap()))
    }

    /// Changes the ephemeral share of every X25519 stanza: the header still
    /// parses, but no key unwraps the file key ("no identity matches").
    fn break_stanzas(file: &mut [u8]) {
        let mut at = 0;
        while let Some(p) = file[at..].windows(10).position(|w| w == b"-> X25519 ") {
            // Swap the case of a letter: still base64, and a second call undoes it.
            let mut i = at + p + 14;
            while !file[i].is_ascii_alphabetic() {
                i += 1;
            }
            file[i] ^= 0x20;
            at = i;
        }
    }

    #[test]
    fn init_writes_identical_second_copies() {
        let (mem, _) = repo();
        mem.with_files(|f| {
            assert_eq!(f[MARKER_KEY], f[MARKER_COPY_KEY]);
            assert_eq!(f[CONFIG_KEY], f[CONFIG_COPY_KEY]);
        });
    }

    #[test]
    fn old_repository_with_one_copy_opens_and_gets_its_copies() {
        let (mem, ids) = repo();
        mem.with_files(|f| {
            f.remove(MARKER_COPY_KEY);
            f.remove(CONFIG_COPY_KEY);
        });
        let r = Repository::open(mem.clone(), ids.clone()).unwrap();
        assert!(r.root_problems().is_empty());
        assert!(r.has_single_root_copy());
        assert_eq!(
            r.repair_root().unwrap(),
            [(MARKER_COPY_KEY, MARKER_KEY), (CONFIG_COPY_KEY, CONFIG_KEY)]
        );
        let r = Repository::open(mem.clone(), ids).unwrap();
        assert!(!r.has_single_root_copy() && r.root_problems().is_empty());
        assert!(mem.with_files(|f| f.keys().all(|k| !k.starts_with("locks/"))));
    }

    #[test]
    fn a_copy_no_key_opens_is_damage_when_the_other_opens() {
        let (mem, ids) = repo();
        mem.with_files(|f| break_stanzas(f.get_mut(CONFIG_KEY).unwrap()));
        let r = Repository::open(mem.clone(), ids.clone()).unwrap();
        assert_eq!(
            r.root_problems(),
            [RootProblem {
                file: CONFIG_KEY,
                damage: Damage::NotForKey,
                used: CONFIG_COPY_KEY
            }]
        );
        // Both copies refuse the key: that is a wrong key (or twice the same damage).
        mem.with_files(|f| break_stanzas(f.get_mut(CONFIG_COPY_KEY).unwrap()));
        assert!(matches!(
            Repository::open(mem.clone(), ids.clone()),
            Err(RepoError::WrongKey { .. })
        ));
        // One refuses, the other fails its MAC after a key fitted: both damaged.
        mem.with_files(|f| {
            let c = f.get_mut(CONFIG_COPY_KEY).unwrap();
            break_stanzas(c); // undo: the stanzas fit the key again
            let len = c.len();
            c[len - 1] ^= 1;
        });
        match Repository::open(mem, ids) {
            Err(RepoError::RootUnreadable { copies, .. }) => assert_eq!(
                copies,
                [
                    (CONFIG_KEY.to_string(), Damage::NotForKey),
                    (CONFIG_COPY_KEY.to_string(), Damage::Content)
                ]
            ),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened with both configs damaged"),
        }
    }

    #[test]
    fn wrong_key_is_still_a_wrong_key() {
        let (mem, _) = repo();
        let other = Arc::new(Identities::parse(&generate_key().secret).unwrap());
        assert!(matches!(
            Repository::open(mem, other),
            Err(RepoError::WrongKey { .. })
        ));
    }

    #[test]
    fn disagreeing_versions_are_refused_and_named() {
        let (mem, ids) = repo();
        mem.with_files(|f| {
            let m = String::from_utf8(f[MARKER_KEY].clone())
                .unwrap()
                .replace("\"version\": 1", "\"version\": 3");
            f.insert(MARKER_KEY.into(), m.into_bytes());
        });
        match Repository::open(mem, ids) {
            Err(RepoError::FutureVersion {
                file, found, other, ..
            }) => assert_eq!((file.as_str(), found, other), (MARKER_KEY, 3, Some(1))),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened a newer format"),
        }
    }

    #[test]
    fn no_root_file_at_all_is_no_repository() {
        let (_, ids) = repo();
        let empty = Arc::new(MemoryBackend::new());
        assert!(matches!(
            Repository::open(empty.clone(), ids.clone()),
            Err(RepoError::NotARepository { .. })
        ));
        // A config without any marker is what is left of a repository.
        let (mem, _) = repo();
        mem.with_files(|f| {
            f.remove(MARKER_KEY);
            f.remove(MARKER_COPY_KEY);
        });
        assert!(matches!(
            Repository::open(mem.clone(), ids),
            Err(RepoError::RootUnreadable { .. })
        ));
        // init never writes a new config beside it.
        assert!(matches!(
            Repository::init(
                mem,
                InitOptions::new(vec![generate_key().recipient], Secrets::generate())
            ),
            Err(RepoError::AlreadyInitialized { .. })
        ));
    }
}

//! The machine key ring: the machine key file plus the machine keys that
//! `tresor key rotate` retired. A retired key file stays beside the machine
//! key, renamed with the time of the change (`machine.retired-20261201-023000.key`,
//! mode 0600): everything written before the change is encrypted to it (and
//! to the recovery keys), so it keeps opening those files. New files are
//! encrypted to the new machine key only.
//!
//! age cannot add or remove a recipient without re-encrypting a file, so a
//! rotation re-encrypts nothing stored: data stored before it (also data
//! that later snapshots share through deduplication) needs a retired key or
//! a recovery key for as long as it is kept.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::repo::crypto::{generate_key, Identities};

use super::{key_file, Identity, IdentityError, RetiredKey};

/// The part of a retired key file's name after the machine key's stem.
const RETIRED: &str = ".retired-";

/// The name a machine key file gets when it is retired at `at`:
/// `machine.key` → `machine.retired-20261201-023000.key`.
pub fn retired_path(machine: &Path, at: DateTime<FixedOffset>) -> PathBuf {
    let stem = machine
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "machine".into());
    let ext = machine
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    machine.with_file_name(format!(
        "{stem}{RETIRED}{}{ext}",
        at.format("%Y%m%d-%H%M%S")
    ))
}

/// The retired key files beside `machine`, oldest first (their names sort
/// by time). A folder that cannot be listed has none.
pub fn retired_files(machine: &Path) -> Vec<PathBuf> {
    let Some(stem) = machine
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let prefix = format!("{stem}{RETIRED}");
    let dir = match machine.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// What a rotation did.
#[derive(Debug, Clone)]
pub struct Rotated {
    /// The retired machine key's recipient.
    pub old: String,
    /// The new machine key's recipient.
    pub new: String,
    /// Where the retired key file is now.
    pub retired_file: PathBuf,
}

/// Replaces the machine key at `machine` by a new one and records the old
/// one in `id` (saved to `identity_path`, encrypted to the new machine key
/// and the recovery keys). Order, so that no step loses a key: the new key
/// is written to `<machine>.new`; the old file is renamed to its retired
/// name (never over an existing file); the new one takes the machine key's
/// name; then the identity is saved. Interrupted after the renames, the
/// identity still names the old machine key, which the key ring still
/// holds: nothing becomes unreadable and a new `key rotate` starts over.
pub fn rotate(
    machine: &Path,
    identity_path: &Path,
    id: &mut Identity,
    now: DateTime<FixedOffset>,
    title: &str,
) -> Result<Rotated, IdentityError> {
    let io = |path: &Path, source| IdentityError::Io {
        path: path.display().to_string(),
        source,
    };
    // The key the file holds now is the one retired (after an interrupted
    // rotation the identity may still name the one before it).
    let current = std::fs::read(machine)
        .ok()
        .and_then(|b| Identities::from_file_bytes(&b).ok())
        .and_then(|ids| ids.recipients().into_iter().next())
        .unwrap_or_else(|| id.machine.clone());
    let key = generate_key();
    let fresh = machine.with_extension("new");
    let _ = std::fs::remove_file(&fresh);
    key_file::write(&fresh, title, &key)?;
    let retired = retired_path(machine, now);
    if retired.exists() {
        let _ = std::fs::remove_file(&fresh);
        return Err(io(
            &retired,
            std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        ));
    }
    std::fs::rename(machine, &retired).map_err(|e| io(machine, e))?;
    std::fs::rename(&fresh, machine).map_err(|e| io(machine, e))?;
    let named = std::mem::replace(&mut id.machine, key.recipient.clone());
    let known = |r: &str, id: &Identity| id.retired.iter().any(|k| k.recipient == r);
    if named != current && !known(&named, id) {
        id.retired.push(RetiredKey {
            recipient: named,
            retired: now,
            file: String::new(),
        });
    }
    let old = current;
    id.retired.push(RetiredKey {
        recipient: old.clone(),
        retired: now,
        file: retired
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    });
    super::file::save(identity_path, id)?;
    Ok(Rotated {
        old,
        new: key.recipient,
        retired_file: retired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn retired_names_carry_the_time_and_sort_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("machine.key");
        let a = retired_path(&m, at("2026-12-01T02:30:00+01:00"));
        assert_eq!(
            a.file_name().unwrap(),
            "machine.retired-20261201-023000.key"
        );
        let b = retired_path(&m, at("2025-01-02T03:04:05+01:00"));
        for p in [&a, &b, &m] {
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(dir.path().join("other.retired-1.key"), "x").unwrap();
        assert_eq!(retired_files(&m), [b, a]);
    }

    #[test]
    fn rotation_keeps_the_old_key_beside_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("machine.key");
        let idp = dir.path().join(super::super::FILE_NAME);
        let old = generate_key();
        key_file::write(&m, "machine", &old).unwrap();
        let r = generate_key();
        let mut id = Identity::new(old.recipient.clone(), vec![r.recipient.clone()]);
        super::super::file::save(&idp, &id).unwrap();
        let now = at("2026-12-01T02:30:00+01:00");
        let done = rotate(&m, &idp, &mut id, now, "machine").unwrap();
        assert_eq!(done.old, old.recipient);
        let new_ids = Identities::parse(&std::fs::read_to_string(&m).unwrap()).unwrap();
        assert_eq!(new_ids.recipients(), std::slice::from_ref(&done.new));
        let kept = std::fs::read_to_string(&done.retired_file).unwrap();
        assert!(kept.contains(&old.secret));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&done.retired_file).unwrap().permissions();
            assert_eq!(mode.mode() & 0o777, 0o600);
        }
        // The identity: new machine key, the old one retired; the new key and the recovery key read it.
        for k in [&new_ids, &Identities::parse(&r.secret).unwrap()] {
            let back = super::super::file::load(&idp, k, &m).unwrap().unwrap();
            assert_eq!(back.machine, done.new);
            assert_eq!(back.retired[0].recipient, old.recipient);
            assert_eq!(back.retired[0].file, "machine.retired-20261201-023000.key");
        }
        // What a repository written before the change should now list.
        let (want, gone) = id
            .recipients_for(&[old.recipient.clone(), r.recipient.clone()], &[])
            .unwrap();
        assert_eq!(want, [done.new.clone(), r.recipient.clone()]);
        assert_eq!(gone, std::slice::from_ref(&old.recipient));
        assert!(id.recipients_for(&want, &gone).is_none());
    }
}

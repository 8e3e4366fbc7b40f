//! `tresor-identity.age`: the identity as JSON, age-encrypted to the machine
//! key and every recovery recipient, written atomically and readable by its
//! owner only.

use std::io::Write;
use std::path::Path;

use crate::repo::crypto::{self, CryptoError, Identities, Recipients};

use super::{Identity, IdentityError, FORMAT, VERSION};

/// Reads the identity at `path` with `keys` (read from the key file
/// `key_path`); `None` when there is no identity file.
pub fn load(
    path: &Path,
    keys: &Identities,
    key_path: &Path,
) -> Result<Option<Identity>, IdentityError> {
    let shown = path.display().to_string();
    let cipher = match std::fs::read(path) {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(IdentityError::Io {
                path: shown,
                source,
            })
        }
    };
    let damaged = |found| IdentityError::Damaged {
        identity: shown.clone(),
        found,
    };
    let plain = match crypto::decrypt(keys, &cipher) {
        Ok(p) => p,
        Err(CryptoError::WrongKey) => {
            return Err(IdentityError::WrongKey {
                identity: shown.clone(),
                machine: key_path.display().to_string(),
            })
        }
        Err(_) => return Err(damaged(None)),
    };
    // The version first: a newer document may not parse as this one.
    let head: serde_json::Value = serde_json::from_slice(&plain).map_err(|_| damaged(None))?;
    let version = head.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(damaged(u32::try_from(version).ok()));
    }
    let id: Identity = serde_json::from_value(head).map_err(|_| damaged(None))?;
    let valid = id.format == FORMAT
        && id.secrets.chunker_files.is_valid()
        && id.secrets.chunker_pages.is_valid()
        && hex::decode(&id.secrets.id_key).is_ok_and(|k| k.len() == 32)
        && Recipients::parse(&id.recipients()).is_ok();
    if !valid {
        return Err(damaged(None));
    }
    Ok(Some(id))
}

/// Writes `id` to `path` (replacing an older version of it), encrypted to
/// all its recipients.
pub fn save(path: &Path, id: &Identity) -> Result<(), IdentityError> {
    let io = |source| IdentityError::Io {
        path: path.display().to_string(),
        source,
    };
    let invalid = |e: CryptoError| io(std::io::Error::new(std::io::ErrorKind::InvalidInput, e));
    let recipients = Recipients::parse(&id.recipients()).map_err(invalid)?;
    // Serialising plain owned data cannot fail; an empty document would be refused by `load`.
    let plain = serde_json::to_vec_pretty(id).unwrap_or_default();
    let cipher = crypto::encrypt(&recipients, &plain).map_err(invalid)?;
    let tmp = path.with_extension("age.tmp");
    let _ = std::fs::remove_file(&tmp);
    super::key_file::create_private(&tmp)
        .and_then(|mut f| f.write_all(&cipher).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::crypto::generate_key;

    fn keys(secret: &str) -> Identities {
        Identities::parse(secret).unwrap()
    }

    #[test]
    fn machine_and_recovery_key_both_read_it_another_key_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(super::super::FILE_NAME);
        let (m, r, other) = (generate_key(), generate_key(), generate_key());
        let id = Identity::new(m.recipient.clone(), vec![r.recipient.clone()]);
        save(&path, &id).unwrap();
        for k in [&m, &r] {
            let back = load(&path, &keys(&k.secret), &path).unwrap().unwrap();
            assert_eq!(back.installation, id.installation);
            assert!(back.secrets == id.secrets);
            assert_eq!(
                back.recipients(),
                [m.recipient.clone(), r.recipient.clone()]
            );
        }
        assert!(matches!(
            load(&path, &keys(&other.secret), &path),
            Err(IdentityError::WrongKey { .. })
        ));
        assert!(load(&dir.path().join("none"), &keys(&m.secret), &path)
            .unwrap()
            .is_none());
    }

    #[test]
    fn newer_version_is_refused_with_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.age");
        let m = generate_key();
        let mut id = Identity::new(m.recipient.clone(), vec![]);
        id.version = 7;
        save(&path, &id).unwrap();
        assert!(matches!(
            load(&path, &keys(&m.secret), &path),
            Err(IdentityError::Damaged { found: Some(7), .. })
        ));
    }
}

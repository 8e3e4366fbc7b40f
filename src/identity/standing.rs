//! Does a repository belong to this installation? Decided from its config
//! (which the machine key opened) against the identity.

use crate::repo::repofile::RepoConfig;

use super::Identity;

/// How a repository stands to the installation identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Same installation id and secrets, or — a repository made before
    /// identities existed — the same secrets.
    Member,
    /// Made before identities existed, with other secrets: it stays usable
    /// with the machine key, but its blobs have other ids, so packs cannot
    /// be copied between it and the others without re-chunking.
    Older,
    /// Another installation: other installation id, or the same id with
    /// other secrets. Never written to, never mixed.
    Foreign,
}

/// The standing of the repository whose config is `cfg`.
pub fn of(id: &Identity, cfg: &RepoConfig) -> Standing {
    let same_secrets = cfg.secrets == id.secrets;
    match cfg.installation {
        Some(i) if i == id.installation && same_secrets => Standing::Member,
        Some(_) => Standing::Foreign,
        None if same_secrets => Standing::Member,
        None => Standing::Older,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::repofile::{Secrets, VERSION};
    use crate::repo::Id;

    fn config(installation: Option<Id>, secrets: &Secrets) -> RepoConfig {
        RepoConfig {
            version: VERSION,
            id: Id::random(),
            installation,
            secrets: secrets.clone(),
            pack_size: 1,
            zstd_level: 1,
            recipients: vec![],
            retired: vec![],
            legacy_recipients: None,
        }
    }

    #[test]
    fn installation_id_and_secrets_decide() {
        let id = Identity::new("age1m".into(), vec![]);
        let other = Secrets::generate();
        let of = |i, s: &Secrets| of(&id, &config(i, s));
        assert_eq!(of(Some(id.installation), &id.secrets), Standing::Member);
        assert_eq!(of(None, &id.secrets), Standing::Member);
        assert_eq!(of(None, &other), Standing::Older);
        assert_eq!(of(Some(Id::random()), &id.secrets), Standing::Foreign);
        assert_eq!(of(Some(id.installation), &other), Standing::Foreign);
    }
}

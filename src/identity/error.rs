//! What can go wrong with the installation identity, and how it is said.

use crate::error::io_text;
use crate::i18n::Language;
use crate::tr;

/// Errors of the installation identity. Every one leaves keys, identity and
/// repositories unchanged (a failed write leaves at most a temporary file).
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// The identity file exists, but the machine key does not open it: the
    /// key file was replaced or belongs to another server.
    #[error("the machine key {machine} does not open the installation identity {identity}")]
    WrongKey { identity: String, machine: String },
    /// The identity file exists, the machine key file does not.
    #[error("the installation identity {identity} exists, but the machine key {machine} does not")]
    MachineKeyMissing { identity: String, machine: String },
    /// The key opens the identity file, but its content is not an identity
    /// (damaged, or written by a newer tresor: `found` is its version).
    #[error("the installation identity {identity} is damaged or of a newer version")]
    Damaged {
        identity: String,
        found: Option<u32>,
    },
    /// A destination holds a repository of another installation.
    #[error("{location} holds a repository of another installation")]
    Foreign { location: String },
    /// Reading or writing the identity file or a key file failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl IdentityError {
    /// The stable code of the JSON document (docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            IdentityError::WrongKey { .. } => "identity_wrong_key",
            IdentityError::MachineKeyMissing { .. } => "identity_machine_key_missing",
            IdentityError::Damaged { .. } => "identity_damaged",
            IdentityError::Foreign { .. } => "other_installation",
            IdentityError::Io { .. } => "identity_io",
        }
    }

    /// The message and what to do, in the practice's language.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        match self {
            IdentityError::WrongKey { identity, machine } => (
                tr!(
                    lang,
                    "identity-wrong-key",
                    identity = identity,
                    machine = machine
                ),
                Some(tr!(lang, "identity-wrong-key-hint")),
            ),
            IdentityError::MachineKeyMissing { identity, machine } => (
                tr!(
                    lang,
                    "identity-machine-key-missing",
                    identity = identity,
                    machine = machine
                ),
                Some(tr!(lang, "identity-wrong-key-hint")),
            ),
            IdentityError::Damaged { identity, found } => (
                match found {
                    Some(v) => tr!(lang, "identity-newer", identity = identity, found = v),
                    None => tr!(lang, "identity-damaged", identity = identity),
                },
                Some(tr!(lang, "identity-damaged-hint")),
            ),
            IdentityError::Foreign { location } => (
                tr!(lang, "identity-foreign", location = location),
                Some(tr!(lang, "identity-foreign-hint")),
            ),
            IdentityError::Io { path, source } => (
                tr!(
                    lang,
                    "identity-io",
                    path = path,
                    reason = io_text(source, lang)
                ),
                None,
            ),
        }
    }
}

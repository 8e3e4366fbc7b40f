//! Ids: 32-byte names of blobs and repository files.
//!
//! Blob ids are BLAKE3 keyed with the repository's secret id key, never a plain
//! hash of the plaintext: a stolen medium must not reveal whether it holds a
//! known file. File ids (packs, index files, snapshots) are random.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A 32-byte id, shown as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub [u8; 32]);

impl Id {
    pub fn random() -> Id {
        Id(rand::random())
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The first 8 hex digits, as shown to people.
    pub fn short(&self) -> String {
        hex::encode(&self.0[..4])
    }

    pub fn from_hex(s: &str) -> Option<Id> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(Id(out))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.short())
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(IdVisitor)
    }
}

/// Decodes the hex straight from the input: a file list holds one id per
/// chunk, and a `String` per id was a tenth of a restore's start.
struct IdVisitor;

impl serde::de::Visitor<'_> for IdVisitor {
    type Value = Id;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("64 hex digits")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
        Id::from_hex(s).ok_or_else(|| E::custom("expected 64 hex digits"))
    }
}

/// The repository's keyed hash: blob ids and whole-file content hashes.
#[derive(Clone)]
pub struct IdKey([u8; 32]);

impl IdKey {
    pub fn new(key: [u8; 32]) -> IdKey {
        IdKey(key)
    }

    pub fn generate() -> IdKey {
        IdKey(rand::random())
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn id_of(&self, data: &[u8]) -> Id {
        Id(*blake3::keyed_hash(&self.0, data).as_bytes())
    }

    /// Incremental hasher for content that arrives in pieces (whole files).
    pub fn hasher(&self) -> blake3::Hasher {
        blake3::Hasher::new_keyed(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_keyed_ids_differ_per_key() {
        let id = Id::random();
        assert_eq!(Id::from_hex(&id.to_hex()), Some(id));
        assert_eq!(Id::from_hex("zz"), None);
        let a = IdKey::new([1; 32]).id_of(b"Befund");
        let b = IdKey::new([2; 32]).id_of(b"Befund");
        assert_ne!(a, b);
        assert_ne!(a.0, *blake3::hash(b"Befund").as_bytes());
        let mut h = IdKey::new([1; 32]).hasher();
        h.update(b"Bef");
        h.update(b"und");
        assert_eq!(Id(*h.finalize().as_bytes()), a);
    }
}

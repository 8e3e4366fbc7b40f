//! All cryptography of the repository: age encryption to recipients, decryption
//! with identities, and random access into age files. Nothing else in the crate
//! touches keys or nonces.
//!
//! Every repository file is a standard age file (X25519 recipients), so the
//! `age` command-line tool can decrypt any of them with the machine key or a
//! recovery key. Packs are read by range: age's payload is a sequence of 64 KiB
//! chunks each with its own tag, so a blob can be decrypted from its chunks plus
//! the header, without downloading the whole pack.

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::str::FromStr;
use std::sync::Mutex;

use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza};

use super::error::Damage;

/// Plaintext bytes per age STREAM chunk.
pub const CHUNK: u64 = 64 * 1024;
const TAG: u64 = 16;
const NONCE: u64 = 16;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// age found no stanza any given key opens ("no identity matches").
    #[error("none of the given keys can decrypt this file")]
    WrongKey,
    /// The file is not what age wrote: header or content fail to parse or
    /// to authenticate. Never a wrong key.
    #[error("{0}")]
    Damaged(Damage),
    #[error("{0} is not an age public key (age1…)")]
    InvalidRecipient(String),
    #[error("no recipients to encrypt to")]
    NoRecipients,
    #[error("encryption failed: {0}")]
    Encrypt(String),
}

/// `text` as an error message may show it: a secret key given where a
/// recipient belongs (`AGE-SECRET-KEY-1…`) is never echoed to the screen,
/// the log or a mail.
pub fn shown_recipient(text: &str) -> String {
    if text.to_ascii_uppercase().contains("AGE-SECRET-KEY-") {
        "AGE-SECRET-KEY-1…".to_string()
    } else {
        text.to_string()
    }
}

/// The public half: who can read what we write.
#[derive(Clone)]
pub struct Recipients(Vec<age::x25519::Recipient>);

impl Recipients {
    pub fn parse<S: AsRef<str>>(keys: &[S]) -> Result<Recipients, CryptoError> {
        let mut out = Vec::new();
        for k in keys {
            let k = k.as_ref().trim();
            let r = age::x25519::Recipient::from_str(k)
                .map_err(|_| CryptoError::InvalidRecipient(k.to_string()))?;
            out.push(r);
        }
        if out.is_empty() {
            return Err(CryptoError::NoRecipients);
        }
        Ok(Recipients(out))
    }

    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(|r| r.to_string()).collect()
    }
}

/// Why a key file gives no key. Key files come from many hands (printed and
/// typed in, saved by Notepad, mixed up with the public key), so each case
/// gets its own words instead of age's "invalid Bech32 encoding".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds only comments, no key line (AGE-SECRET-KEY-1…)")]
    NoKey,
    #[error("line {line} is a public key (age1…), not the secret key (AGE-SECRET-KEY-1…)")]
    PublicKey { line: usize },
    #[error("line {line} looks like an age secret key but is damaged (a character is wrong, missing or extra)")]
    DamagedKey { line: usize },
    #[error("line {line} is {}, not an age secret key", .format.name())]
    OtherFormat { line: usize, format: KeyFormat },
    #[error("line {line} is not an age secret key (AGE-SECRET-KEY-1…)")]
    NotAKey { line: usize },
    #[error("the file is not text (neither UTF-8 nor UTF-16)")]
    NotText,
}

/// Other things people hand over as a "key file".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    OpenSsh,
    Pgp,
    Putty,
    Pem,
    AgePlugin,
    AgeEncrypted,
}

impl KeyFormat {
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::OpenSsh => "an SSH key",
            KeyFormat::Pgp => "a PGP key",
            KeyFormat::Putty => "a PuTTY key",
            KeyFormat::Pem => "a PEM certificate or key",
            KeyFormat::AgePlugin => {
                "an age plugin key (hardware token), which tresor does not support"
            }
            KeyFormat::AgeEncrypted => {
                "an age-encrypted file (a repository file or a passphrase-protected key)"
            }
        }
    }

    fn of_line(line: &str) -> Option<KeyFormat> {
        let l = line.to_ascii_uppercase();
        Some(
            if l.starts_with("SSH-") || l.contains("OPENSSH") || l.starts_with("ECDSA-SHA2-") {
                KeyFormat::OpenSsh
            } else if l.contains("PGP ") {
                KeyFormat::Pgp
            } else if l.starts_with("PUTTY-USER-KEY-FILE") {
                KeyFormat::Putty
            } else if l.starts_with("-----BEGIN AGE ENCRYPTED FILE")
                || l.starts_with("AGE-ENCRYPTION.ORG/")
            {
                KeyFormat::AgeEncrypted
            } else if l.starts_with("-----BEGIN") {
                KeyFormat::Pem
            } else if l.starts_with("AGE-PLUGIN-") {
                KeyFormat::AgePlugin
            } else {
                return None;
            },
        )
    }
}

/// The text of a key file as Windows editors save it: UTF-8 with or without
/// BOM, or UTF-16 (LE/BE; with BOM as Notepad writes it, or without).
fn key_file_text(bytes: &[u8]) -> Result<String, KeyFileError> {
    fn utf16(b: &[u8], le: bool) -> Result<String, KeyFileError> {
        if b.len() % 2 != 0 {
            return Err(KeyFileError::NotText);
        }
        let units = b.chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| KeyFileError::NotText)
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8(rest.to_vec()).map_err(|_| KeyFileError::NotText)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)?
    } else if bytes.len() >= 2 && bytes[0] != 0 && bytes[1] == 0 {
        utf16(bytes, true)?
    } else if bytes.len() >= 2 && bytes[0] == 0 && bytes[1] != 0 {
        utf16(bytes, false)?
    } else if bytes.starts_with(b"age-encryption.org/") {
        return Err(KeyFileError::OtherFormat {
            line: 1,
            format: KeyFormat::AgeEncrypted,
        });
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| KeyFileError::NotText)?
    };
    Ok(text)
}

/// Secret keys that can open repository files (machine key, recovery
/// keys), with the file keys they have unwrapped so far.
pub struct Identities {
    keys: Vec<age::x25519::Identity>,
    /// File key (16 bytes) by BLAKE3 of the stanza that wrapped it. A pack
    /// read by range many times (restore of one folder, `check`) then costs
    /// one X25519 agreement instead of one per read. Exact: an identity's
    /// answer depends on the stanza alone, and age still checks the header
    /// MAC with the key. Cleared when it reaches [`UNWRAPPED_MAX`] entries.
    unwrapped: Mutex<HashMap<[u8; 32], [u8; 16]>>,
}

/// At most this many cached file keys (about 3 MiB).
const UNWRAPPED_MAX: usize = 1 << 16;

/// A digest of everything in a stanza, with lengths, so that no two
/// different stanzas share it.
fn stanza_digest(stanza: &Stanza) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    let parts = std::iter::once(stanza.tag.as_bytes())
        .chain(stanza.args.iter().map(|a| a.as_bytes()))
        .chain(std::iter::once(stanza.body.as_slice()));
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    *h.finalize().as_bytes()
}

impl age::Identity for Identities {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        let digest = stanza_digest(stanza);
        let known = (self.unwrapped.lock().ok()).and_then(|m| m.get(&digest).copied());
        if let Some(k) = known {
            return Some(Ok(FileKey::new(Box::new(k))));
        }
        let found = self.keys.iter().find_map(|k| k.unwrap_stanza(stanza))?;
        if let (Ok(k), Ok(mut cache)) = (&found, self.unwrapped.lock()) {
            if cache.len() >= UNWRAPPED_MAX {
                cache.clear();
            }
            cache.insert(digest, *k.expose_secret());
        }
        Some(found)
    }
}

impl Identities {
    /// Reads a key file's bytes (see [`key_file_text`] for the encodings).
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Identities, KeyFileError> {
        Identities::parse(&key_file_text(bytes)?)
    }

    /// Parses an age identity file: `AGE-SECRET-KEY-1…` lines, `#` comments,
    /// blank lines; surrounding whitespace and CRLF line ends are fine.
    pub fn parse(text: &str) -> Result<Identities, KeyFileError> {
        let mut out = Vec::new();
        let mut any_line = false;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            let number = n + 1;
            if line.is_empty() {
                continue;
            }
            any_line = true;
            if line.starts_with('#') {
                continue;
            }
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("AGE-SECRET-KEY-1") {
                let id = age::x25519::Identity::from_str(&upper)
                    .map_err(|_| KeyFileError::DamagedKey { line: number })?;
                out.push(id);
            } else if line.starts_with("age1") || upper.starts_with("AGE1") {
                return Err(KeyFileError::PublicKey { line: number });
            } else if let Some(format) = KeyFormat::of_line(line) {
                return Err(KeyFileError::OtherFormat {
                    line: number,
                    format,
                });
            } else {
                return Err(KeyFileError::NotAKey { line: number });
            }
        }
        match (out.is_empty(), any_line) {
            (false, _) => Ok(Identities {
                keys: out,
                unwrapped: Mutex::default(),
            }),
            (true, true) => Err(KeyFileError::NoKey),
            (true, false) => Err(KeyFileError::Empty),
        }
    }

    pub fn recipients(&self) -> Vec<String> {
        self.keys
            .iter()
            .map(|i| i.to_public().to_string())
            .collect()
    }

    /// Adds the keys of `other` after these (a key ring: the machine key
    /// first, then retired machine keys that still open older files).
    pub fn extend(&mut self, other: Identities) {
        self.keys.extend(other.keys);
    }
}

/// A freshly generated key: the secret for the key file, the public recipient.
pub struct NewKey {
    pub secret: String,
    pub recipient: String,
}

pub fn generate_key() -> NewKey {
    let id = age::x25519::Identity::generate();
    NewKey {
        secret: id.to_string().expose_secret().to_string(),
        recipient: id.to_public().to_string(),
    }
}

/// Encrypts `plain` to every recipient (standard age format, binary).
pub fn encrypt(recipients: &Recipients, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let enc =
        age::Encryptor::with_recipients(recipients.0.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|_| CryptoError::NoRecipients)?;
    let mut out = Vec::with_capacity(plain.len() + plain.len() / 2048 + 512);
    let mut w = enc
        .wrap_output(&mut out)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    w.write_all(plain)
        .and_then(|_| w.finish().map(|_| ()))
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Decrypts a whole age file.
pub fn decrypt(ids: &Identities, cipher: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut r = open(ids, io::Cursor::new(cipher))?;
    let mut out = Vec::with_capacity(cipher.len());
    r.read_to_end(&mut out).map_err(corrupt)?;
    Ok(out)
}

/// Decrypts while reading: every 64 KiB piece is authenticated before it is
/// handed out, so a reader never sees unverified plaintext.
pub fn decrypt_reader<R: Read>(ids: &Identities, r: R) -> Result<impl Read, CryptoError> {
    open(ids, r)
}

fn open<R: Read>(ids: &Identities, r: R) -> Result<age::stream::StreamReader<R>, CryptoError> {
    let d = age::Decryptor::new(r).map_err(map_decrypt_error)?;
    d.decrypt(std::iter::once(ids as &dyn age::Identity))
        .map_err(map_decrypt_error)
}

/// age's errors, sorted into "wrong key" and the kinds of damage. Only
/// `NoMatchingKeys` means no key fits; a failed header MAC or payload tag is a
/// changed byte, and an unparsable header ("Unknown age format", "Header is
/// invalid") an overwritten or cut-off file.
fn map_decrypt_error(e: age::DecryptError) -> CryptoError {
    use age::DecryptError as D;
    match e {
        D::NoMatchingKeys => CryptoError::WrongKey,
        D::InvalidMac => CryptoError::Damaged(Damage::HeaderMac),
        D::DecryptionFailed => CryptoError::Damaged(Damage::Content),
        _ => CryptoError::Damaged(Damage::Header),
    }
}

/// A read error of the decrypting reader: a payload chunk that does not
/// authenticate, or the end of a cut-off file.
fn corrupt(_: io::Error) -> CryptoError {
    CryptoError::Damaged(Damage::Content)
}

/// Ciphertext bytes that follow the header for `plain_len` bytes of payload.
pub fn payload_ciphertext_len(plain_len: u64) -> u64 {
    let chunks = plain_len.div_ceil(CHUNK).max(1);
    NONCE + plain_len + chunks * TAG
}

/// The age header's length, derived from a finished file's sizes.
pub fn header_len(cipher_len: u64, plain_len: u64) -> u64 {
    cipher_len - payload_ciphertext_len(plain_len)
}

/// Ciphertext byte range `[start, end)` that holds plaintext `[offset, offset+len)`
/// (excluding the header and nonce, which are fetched separately).
pub fn cipher_range(header_len: u64, cipher_len: u64, offset: u64, len: u64) -> (u64, u64) {
    let base = header_len + NONCE;
    let first = offset / CHUNK;
    let last = (offset + len.max(1) - 1) / CHUNK;
    let start = base + first * (CHUNK + TAG);
    let end = (base + (last + 1) * (CHUNK + TAG)).min(cipher_len);
    (start, end)
}

/// An age file of which only some byte ranges were fetched: enough for the
/// age reader to decrypt the chunks that were fetched.
pub struct PartialFile {
    len: u64,
    parts: Vec<(u64, Vec<u8>)>,
    pos: u64,
}

impl PartialFile {
    pub fn new(len: u64) -> PartialFile {
        PartialFile {
            len,
            parts: Vec::new(),
            pos: 0,
        }
    }

    pub fn add(&mut self, offset: u64, bytes: Vec<u8>) {
        self.parts.push((offset, bytes));
    }
}

impl Read for PartialFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        for (off, bytes) in &self.parts {
            let end = off + bytes.len() as u64;
            if self.pos >= *off && self.pos < end {
                let start = (self.pos - off) as usize;
                let n = buf.len().min(bytes.len() - start);
                buf[..n].copy_from_slice(&bytes[start..start + n]);
                self.pos += n as u64;
                return Ok(n);
            }
        }
        Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("byte {} of the file was not fetched", self.pos),
        ))
    }
}

impl Seek for PartialFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let p = match to {
            SeekFrom::Start(p) => p as i128,
            SeekFrom::End(d) => self.len as i128 + d as i128,
            SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if p < 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before start",
            ));
        }
        self.pos = p as u64;
        Ok(self.pos)
    }
}

/// Decrypts plaintext `[offset, offset+len)` from a partially fetched age file.
pub fn decrypt_range(
    ids: &Identities,
    file: PartialFile,
    offset: u64,
    len: usize,
) -> Result<Vec<u8>, CryptoError> {
    let mut r = open(ids, file)?;
    r.seek(SeekFrom::Start(offset)).map_err(corrupt)?;
    let mut out = vec![0u8; len];
    r.read_exact(&mut out).map_err(corrupt)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (Identities, Recipients) {
        let k = generate_key();
        (
            Identities::parse(&format!("# machine\n{}\n", k.secret)).unwrap(),
            Recipients::parse(&[k.recipient]).unwrap(),
        )
    }

    #[test]
    fn round_trip_and_wrong_key() {
        let (ids, rcpt) = keys();
        let c = encrypt(&rcpt, b"Patientenakte").unwrap();
        assert_eq!(decrypt(&ids, &c).unwrap(), b"Patientenakte");
        let (other, _) = keys();
        assert!(matches!(decrypt(&other, &c), Err(CryptoError::WrongKey)));
    }

    #[test]
    fn a_file_key_is_unwrapped_once_and_a_cached_key_still_needs_the_header_mac() {
        let (ids, rcpt) = keys();
        let c = encrypt(&rcpt, b"Befund").unwrap();
        let other = encrypt(&rcpt, b"Rezept").unwrap();
        let cached = || ids.unwrapped.lock().unwrap().len();
        assert_eq!(decrypt(&ids, &c).unwrap(), b"Befund");
        assert_eq!(cached(), 1);
        assert_eq!(decrypt(&ids, &c).unwrap(), b"Befund");
        assert_eq!(cached(), 1, "the second read used the cached key");
        assert_eq!(decrypt(&ids, &other).unwrap(), b"Rezept");
        assert_eq!(cached(), 2);
        // Same stanza, changed header MAC: the cached key must not open it.
        let mac = c.windows(4).position(|w| w == b"--- ").unwrap() + 4;
        let mut bad = c.clone();
        bad[mac] = if bad[mac] == b'A' { b'B' } else { b'A' };
        assert!(matches!(
            decrypt(&ids, &bad),
            Err(CryptoError::Damaged(Damage::HeaderMac))
        ));
        // A key that never unwrapped anything finds nothing in another's cache.
        let (stranger, _) = keys();
        assert!(matches!(decrypt(&stranger, &c), Err(CryptoError::WrongKey)));
    }

    #[test]
    fn different_stanzas_have_different_digests() {
        let st = |tag: &str, args: &[&str], body: &[u8]| Stanza {
            tag: tag.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            body: body.to_vec(),
        };
        let all = [
            stanza_digest(&st("X25519", &["ab"], b"c")),
            stanza_digest(&st("X25519", &["a", "b"], b"c")),
            stanza_digest(&st("X25519", &["a"], b"bc")),
            stanza_digest(&st("X25519a", &[], b"bc")),
            stanza_digest(&st("X25519", &["ab"], b"d")),
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn any_flipped_byte_is_detected() {
        let (ids, rcpt) = keys();
        let plain: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let c = encrypt(&rcpt, &plain).unwrap();
        for pos in [10, c.len() / 3, c.len() / 2, c.len() - 1] {
            let mut bad = c.clone();
            bad[pos] ^= 0x40;
            assert!(decrypt(&ids, &bad).is_err(), "flip at {pos} not detected");
        }
    }

    #[test]
    fn every_recipient_can_decrypt() {
        let a = generate_key();
        let b = generate_key();
        let r = Recipients::parse(&[a.recipient.clone(), b.recipient.clone()]).unwrap();
        let c = encrypt(&r, b"x").unwrap();
        for k in [a, b] {
            assert_eq!(
                decrypt(&Identities::parse(&k.secret).unwrap(), &c).unwrap(),
                b"x"
            );
        }
    }

    #[test]
    fn ranged_decryption_matches_whole() {
        let (ids, rcpt) = keys();
        for plain_len in [1usize, 65_536, 65_537, 300_000] {
            let plain: Vec<u8> = (0..plain_len).map(|i| (i * 7 % 256) as u8).collect();
            let c = encrypt(&rcpt, &plain).unwrap();
            let hl = header_len(c.len() as u64, plain_len as u64);
            for (off, len) in [
                (0usize, 1usize),
                (plain_len / 2, plain_len / 3),
                (plain_len - 1, 1),
            ] {
                if len == 0 {
                    continue;
                }
                let mut pf = PartialFile::new(c.len() as u64);
                pf.add(0, c[..(hl + NONCE) as usize].to_vec());
                let (s, e) = cipher_range(hl, c.len() as u64, off as u64, len as u64);
                pf.add(s, c[s as usize..e as usize].to_vec());
                let got = decrypt_range(&ids, pf, off as u64, len).unwrap();
                assert_eq!(got, &plain[off..off + len], "len {plain_len} off {off}");
            }
        }
    }

    #[test]
    fn damage_is_not_a_wrong_key() {
        let (ids, rcpt) = keys();
        let c = encrypt(&rcpt, &[7u8; 1000]).unwrap();
        let flip = |at: usize| {
            let mut b = c.clone();
            b[at] ^= 0x01;
            decrypt(&ids, &b).err()
        };
        // "age-encryption.org/v1": age itself says "Unknown age format".
        assert!(matches!(
            flip(20),
            Some(CryptoError::Damaged(Damage::Header))
        ));
        // A letter of the MAC in another case: still base64, no longer the MAC.
        let mut mac = c.windows(4).position(|w| w == b"--- ").unwrap() + 4;
        while !c[mac].is_ascii_alphabetic() {
            mac += 1;
        }
        let mut b = c.clone();
        b[mac] ^= 0x20;
        assert!(matches!(
            decrypt(&ids, &b),
            Err(CryptoError::Damaged(Damage::HeaderMac))
        ));
        assert!(matches!(
            flip(c.len() - 1),
            Some(CryptoError::Damaged(Damage::Content))
        ));
        assert!(matches!(
            decrypt(&ids, &c[..c.len() - 5]),
            Err(CryptoError::Damaged(Damage::Content))
        ));
    }

    #[test]
    fn key_files_in_every_encoding_editors_write() {
        let k = generate_key();
        let text = format!(
            "# machine\r\n# public key: {}\r\n  {}  \r\n",
            k.recipient, k.secret
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [text.as_bytes().to_vec(), bom, le, be_no_bom] {
            let ids = Identities::from_file_bytes(&bytes).unwrap();
            assert_eq!(ids.recipients(), std::slice::from_ref(&k.recipient));
        }
        // Typed in lowercase from a printout: bech32 allows it.
        assert!(Identities::parse(&k.secret.to_lowercase()).is_ok());
    }

    #[test]
    fn what_is_no_key_says_what_it_is() {
        let k = generate_key();
        let parse = |t: &str| Identities::parse(t).err();
        assert_eq!(parse(""), Some(KeyFileError::Empty));
        assert_eq!(parse("\n  \n"), Some(KeyFileError::Empty));
        assert_eq!(parse("# only\n#comments\n"), Some(KeyFileError::NoKey));
        assert_eq!(
            parse(&format!("# x\n{}\n", k.recipient)),
            Some(KeyFileError::PublicKey { line: 2 })
        );
        let mut typo = k.secret.clone();
        typo.pop();
        assert_eq!(parse(&typo), Some(KeyFileError::DamagedKey { line: 1 }));
        assert_eq!(
            parse("ssh-ed25519 AAAAC3Nza"),
            Some(KeyFileError::OtherFormat {
                line: 1,
                format: KeyFormat::OpenSsh
            })
        );
        assert_eq!(
            parse("-----BEGIN PGP PRIVATE KEY BLOCK-----"),
            Some(KeyFileError::OtherFormat {
                line: 1,
                format: KeyFormat::Pgp
            })
        );
        assert_eq!(
            parse("Passwort: geheim"),
            Some(KeyFileError::NotAKey { line: 1 })
        );
        assert_eq!(
            Identities::from_file_bytes(b"age-encryption.org/v1\n-> X25519 abc").err(),
            Some(KeyFileError::OtherFormat {
                line: 1,
                format: KeyFormat::AgeEncrypted
            })
        );
        assert_eq!(
            Identities::from_file_bytes(&[0xC3, 0x28, 0xFF]).err(),
            Some(KeyFileError::NotText)
        );
    }
}

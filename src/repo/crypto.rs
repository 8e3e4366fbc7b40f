//! All cryptography of the repository: age encryption to recipients, decryption
//! with identities, and random access into age files. Nothing else in the crate
//! touches keys or nonces.
//!
//! Every repository file is a standard age file (X25519 recipients), so the
//! `age` command-line tool can decrypt any of them with the machine key or a
//! recovery key. Packs are read by range: age's payload is a sequence of 64 KiB
//! chunks each with its own tag, so a blob can be decrypted from its chunks plus
//! the header, without downloading the whole pack.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;

/// Plaintext bytes per age STREAM chunk, and its tag size.
/// Plaintext bytes per age STREAM chunk.
pub const CHUNK: u64 = 64 * 1024;
const TAG: u64 = 16;
const NONCE: u64 = 16;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("none of the given keys can decrypt this file")]
    WrongKey,
    #[error("the file is damaged or was modified: {0}")]
    Corrupt(String),
    #[error("invalid key: {0}")]
    InvalidKey(String),
    #[error("no recipients to encrypt to")]
    NoRecipients,
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
                .map_err(|e| CryptoError::InvalidKey(format!("{k}: {e}")))?;
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

/// Secret keys that can open repository files (machine key, recovery keys).
pub struct Identities(Vec<age::x25519::Identity>);

impl Identities {
    /// Parses an age identity file: `AGE-SECRET-KEY-1…` lines, `#` comments.
    pub fn parse(text: &str) -> Result<Identities, CryptoError> {
        let mut out = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id = age::x25519::Identity::from_str(line)
                .map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
            out.push(id);
        }
        if out.is_empty() {
            return Err(CryptoError::InvalidKey(
                "no AGE-SECRET-KEY line found".to_string(),
            ));
        }
        Ok(Identities(out))
    }

    pub fn recipients(&self) -> Vec<String> {
        self.0.iter().map(|i| i.to_public().to_string()).collect()
    }

    fn iter(&self) -> impl Iterator<Item = &dyn age::Identity> {
        self.0.iter().map(|i| i as &dyn age::Identity)
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
        .map_err(|e| CryptoError::Corrupt(e.to_string()))?;
    w.write_all(plain)
        .and_then(|_| w.finish().map(|_| ()))
        .map_err(|e| CryptoError::Corrupt(e.to_string()))?;
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
    d.decrypt(ids.iter()).map_err(map_decrypt_error)
}

fn map_decrypt_error(e: age::DecryptError) -> CryptoError {
    match e {
        age::DecryptError::NoMatchingKeys => CryptoError::WrongKey,
        other => CryptoError::Corrupt(other.to_string()),
    }
}

fn corrupt(e: io::Error) -> CryptoError {
    CryptoError::Corrupt(e.to_string())
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
}

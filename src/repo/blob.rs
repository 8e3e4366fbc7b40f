//! Blobs: the unit of deduplication. A blob is one chunk of file content
//! (`Data`) or of a snapshot's file list (`Tree`), stored zstd-compressed when
//! that helps and raw when it does not (photos, already compressed archives).

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::id::{Id, IdKey};

/// The largest blob a reader accepts, stored or raw: the chunker never cuts
/// more than its largest permitted `max` (16 MiB, `ChunkerParams::is_valid`).
/// A pack trailer or index entry claiming more is damage, and a blob is
/// refused before anything is allocated for it (a damaged or hostile length
/// cannot make a reader allocate gigabytes).
pub const MAX_BLOB_LEN: u32 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BlobKind {
    Data = 0,
    Tree = 1,
}

impl BlobKind {
    pub fn from_u8(v: u8) -> Option<BlobKind> {
        match v {
            0 => Some(BlobKind::Data),
            1 => Some(BlobKind::Tree),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None = 0,
    Zstd = 1,
}

impl Compression {
    pub fn from_u8(v: u8) -> Option<Compression> {
        match v {
            0 => Some(Compression::None),
            1 => Some(Compression::Zstd),
            _ => None,
        }
    }
}

/// A blob ready to go into a pack.
pub struct EncodedBlob {
    pub id: Id,
    pub kind: BlobKind,
    pub compression: Compression,
    pub raw_len: u32,
    pub bytes: Vec<u8>,
}

/// Compressed output must save at least 1/32 to be worth the decompression.
fn worth_it(raw: usize, packed: usize) -> bool {
    packed + raw / 32 < raw
}

/// Compresses blobs with reusable zstd contexts (creating a context per
/// blob costs more than compressing a small one). One per worker thread.
pub struct Encoder {
    probe: zstd::bulk::Compressor<'static>,
    full: zstd::bulk::Compressor<'static>,
}

impl Encoder {
    pub fn new(level: i32) -> std::io::Result<Encoder> {
        Ok(Encoder {
            probe: zstd::bulk::Compressor::new(1)?,
            full: zstd::bulk::Compressor::new(level)?,
        })
    }

    /// zstd cannot shrink random data but still costs time: a 16 KiB sample
    /// decides first, and incompressible blobs (photos) are stored raw.
    pub fn encode(&mut self, id: Id, kind: BlobKind, raw: Vec<u8>) -> std::io::Result<EncodedBlob> {
        let raw_len = raw.len() as u32;
        if raw.len() > 64 * 1024 {
            let sample = &raw[..16 * 1024];
            let s = self.probe.compress(sample)?;
            if !worth_it(sample.len(), s.len()) {
                return Ok(EncodedBlob {
                    id,
                    kind,
                    compression: Compression::None,
                    raw_len,
                    bytes: raw,
                });
            }
        }
        let packed = self.full.compress(&raw)?;
        if worth_it(raw.len(), packed.len()) {
            Ok(EncodedBlob {
                id,
                kind,
                compression: Compression::Zstd,
                raw_len,
                bytes: packed,
            })
        } else {
            Ok(EncodedBlob {
                id,
                kind,
                compression: Compression::None,
                raw_len,
                bytes: raw,
            })
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob {id}: claims {len} bytes, more than the {MAX_BLOB_LEN} a blob can have")]
    TooLarge { id: Id, len: u64 },
    #[error("blob {id}: cannot decompress: {reason}")]
    Decompress { id: Id, reason: String },
    #[error("blob {id}: content does not match its id (damaged data)")]
    Mismatch { id: Id },
}

thread_local! {
    /// One decompression context per thread: creating one per blob is costly.
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Decodes stored bytes and proves they are what the id names.
pub fn decode(
    key: &IdKey,
    id: Id,
    compression: Compression,
    raw_len: u32,
    stored: &[u8],
) -> Result<Vec<u8>, BlobError> {
    let raw = decompress(id, compression, raw_len, stored)?;
    if key.id_of(&raw) != id {
        return Err(BlobError::Mismatch { id });
    }
    Ok(raw)
}

/// Decodes stored bytes to `raw_len` bytes without hashing them: for a
/// caller that proves the content against `id` itself later (restore hashes
/// what it reads back from disk, so hashing here too would double the
/// cost). `id` only names the blob in errors.
pub fn decompress(
    id: Id,
    compression: Compression,
    raw_len: u32,
    stored: &[u8],
) -> Result<Vec<u8>, BlobError> {
    // Checked before anything is allocated: zstd reserves `raw_len` up front.
    let len = u64::from(raw_len).max(stored.len() as u64);
    if len > u64::from(MAX_BLOB_LEN) {
        return Err(BlobError::TooLarge { id, len });
    }
    let raw = match compression {
        Compression::None => stored.to_vec(),
        Compression::Zstd => DECOMPRESSOR
            .with(|cell| {
                let mut slot = cell.borrow_mut();
                let d = match slot.as_mut() {
                    Some(d) => d,
                    None => slot.insert(zstd::bulk::Decompressor::new()?),
                };
                d.decompress(stored, raw_len as usize)
            })
            .map_err(|e| BlobError::Decompress {
                id,
                reason: e.to_string(),
            })?,
    };
    if raw.len() != raw_len as usize {
        return Err(BlobError::Mismatch { id });
    }
    Ok(raw)
}

/// The most plaintext an index file or snapshot (zstd, then age) may
/// decompress to: 32 times its compressed size, at least 64 MiB. An index is
/// mostly random ids and compresses less than 2:1, a snapshot's JSON far less
/// than 32:1 beyond 64 MiB, while a decompression bomb of a few kilobytes
/// would otherwise fill the memory.
pub fn file_limit(packed_len: usize) -> usize {
    packed_len.saturating_mul(32).max(64 << 20)
}

/// Decompresses an index file or snapshot, refusing more than
/// [`file_limit`] bytes of output.
pub fn decompress_file(packed: &[u8]) -> std::io::Result<Vec<u8>> {
    let limit = file_limit(packed.len());
    let mut out = Vec::new();
    zstd::stream::read::Decoder::new(packed)?
        .take(limit as u64 + 1)
        .read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("decompresses to more than {limit} bytes (damaged or hostile file)"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn text_compresses_random_stays_raw_and_both_decode() {
        let key = IdKey::generate();
        let text = "Befund unauffällig. ".repeat(10_000).into_bytes();
        let mut noise = vec![0u8; 200_000];
        rand::thread_rng().fill_bytes(&mut noise);
        for (data, want) in [(text, Compression::Zstd), (noise, Compression::None)] {
            let id = key.id_of(&data);
            let e = Encoder::new(3)
                .unwrap()
                .encode(id, BlobKind::Data, data.clone())
                .unwrap();
            assert_eq!(e.compression, want);
            assert_eq!(
                decode(&key, id, e.compression, e.raw_len, &e.bytes).unwrap(),
                data
            );
            let other = key.id_of(b"x");
            assert!(matches!(
                decode(&key, other, e.compression, e.raw_len, &e.bytes),
                Err(BlobError::Mismatch { .. })
            ));
        }
    }

    /// Found by `fuzz/fuzz_targets/blob.rs` (minimised input `01 ff ff ff
    /// ff`: zstd, raw_len u32::MAX, nothing stored): the zstd decoder
    /// reserved `raw_len` = 4 GiB before looking at the data (libFuzzer:
    /// out-of-memory, malloc(4294967295)).
    #[test]
    fn fuzz_huge_raw_len_is_refused_before_allocating() {
        let key = IdKey::new([7; 32]);
        let input = [0x01u8, 0xff, 0xff, 0xff, 0xff];
        let raw_len = u32::from_le_bytes(input[1..5].try_into().unwrap());
        let stored = &input[5..];
        for c in [Compression::Zstd, Compression::None] {
            let r = decode(&key, key.id_of(stored), c, raw_len, stored);
            assert!(matches!(r, Err(BlobError::TooLarge { .. })), "{r:?}");
        }
        let r = decode(
            &key,
            key.id_of(b""),
            Compression::Zstd,
            MAX_BLOB_LEN + 1,
            b"",
        );
        assert!(matches!(r, Err(BlobError::TooLarge { .. })), "{r:?}");
        // The largest blob the chunker can cut still decodes.
        let big = vec![0u8; MAX_BLOB_LEN as usize];
        let id = key.id_of(&big);
        let packed = zstd::bulk::compress(&big, 1).unwrap();
        assert_eq!(
            decode(&key, id, Compression::Zstd, MAX_BLOB_LEN, &packed).unwrap(),
            big
        );
        assert!(!crate::repo::chunker::ChunkerParams {
            min: 64,
            avg: 256,
            max: MAX_BLOB_LEN + 1,
            seed: 0
        }
        .is_valid());
    }

    #[test]
    fn decompression_bomb_in_a_file_is_refused() {
        use std::io::Write;
        // 100 MiB of zeros compress to a few kilobytes.
        let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..100 {
            enc.write_all(&zeros).unwrap();
        }
        let bomb = enc.finish().unwrap();
        assert!(bomb.len() < 100 * 1024, "{}", bomb.len());
        let err = decompress_file(&bomb).unwrap_err();
        assert!(err.to_string().contains("more than"), "{err}");
        // An ordinary file decodes, several frames back to back as well.
        let text = b"Befund unauffaellig. ".repeat(1000);
        let mut two = zstd::bulk::compress(&text, 3).unwrap();
        two.extend_from_slice(&zstd::bulk::compress(b"x", 3).unwrap());
        let mut want = text.clone();
        want.push(b'x');
        assert_eq!(decompress_file(&two).unwrap(), want);
        assert!(decompress_file(&two[..two.len() - 1]).is_err());
    }
}

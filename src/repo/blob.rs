//! Blobs: the unit of deduplication. A blob is one chunk of file content
//! (`Data`) or of a snapshot's file list (`Tree`), stored zstd-compressed when
//! that helps and raw when it does not (photos, already compressed archives).

use serde::{Deserialize, Serialize};

use super::id::{Id, IdKey};

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
    if raw.len() != raw_len as usize || key.id_of(&raw) != id {
        return Err(BlobError::Mismatch { id });
    }
    Ok(raw)
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
}

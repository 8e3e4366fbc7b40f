//! The simulator's backup file: 8 KiB pages, each with a small header
//! (magic, kind, index, payload length, checksum). Header pages (JSON: database,
//! LSNs, file list) come first, then row pages, then FILESTREAM blob pages.
//! Row pages hold whole rows at fixed positions, so changing 1 % of the rows
//! (contiguously) changes about 1 % of the pages — what dedup tests measure.

use super::model::{fnv, Blob};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub const PAGE: usize = 8192;
const HDR: usize = 20;
const PAYLOAD: usize = PAGE - HDR;
const MAGIC: &[u8; 4] = b"TSIM";
const KIND_HEADER: u8 = 1;
const KIND_ROWS: u8 = 2;
const KIND_BLOB: u8 = 3;

#[derive(Serialize, Deserialize, Clone)]
pub struct BakFileEntry {
    pub logical: String,
    pub physical: String,
    pub kind: char,
    pub filegroup: Option<String>,
    pub size: u64,
    #[serde(default)]
    pub memory_optimized: bool,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct BakHeader {
    pub database: String,
    /// The database family (see model::SimDatabase::family).
    #[serde(default)]
    pub family: u64,
    pub server: String,
    pub version: String,
    pub start: NaiveDateTime,
    pub finish: NaiveDateTime,
    pub first_lsn: String,
    pub last_lsn: String,
    pub checkpoint_lsn: String,
    pub database_backup_lsn: String,
    pub recovery_model: String,
    /// user_access_desc when the backup was taken: a database's options are
    /// part of the backup, so RESTORE brings this access back.
    #[serde(default = "multi_user")]
    pub user_access: String,
    pub copy_only: bool,
    pub has_checksum: bool,
    pub row_size: usize,
    pub row_count: usize,
    pub blobs: Vec<(String, u64)>,
    pub files: Vec<BakFileEntry>,
    pub total_pages: u32,
}

fn multi_user() -> String {
    "MULTI_USER".into()
}

pub struct BakContents {
    pub header: BakHeader,
    pub rows: Vec<Vec<u8>>,
    pub blobs: Vec<Blob>,
}

pub fn encode(mut header: BakHeader, rows: &[Vec<u8>], blobs: &[Blob]) -> Vec<u8> {
    let per_page = (PAYLOAD / header.row_size.max(1)).max(1);
    let mut bodies: Vec<(u8, Vec<u8>)> = Vec::new();
    for chunk in rows.chunks(per_page) {
        bodies.push((KIND_ROWS, chunk.concat()));
    }
    for blob in blobs {
        if blob.data.is_empty() {
            bodies.push((KIND_BLOB, Vec::new()));
        }
        for chunk in blob.data.chunks(PAYLOAD) {
            bodies.push((KIND_BLOB, chunk.to_vec()));
        }
    }
    // The header records the page total, which depends on the header's own length.
    let mut json;
    let mut header_pages = 1;
    loop {
        header.total_pages = (header_pages + bodies.len()) as u32;
        json = serde_json::to_vec(&header).expect("header serializes");
        let needed = json.len().div_ceil(PAYLOAD).max(1);
        if needed == header_pages {
            break;
        }
        header_pages = needed;
    }
    let mut out = Vec::with_capacity(header.total_pages as usize * PAGE);
    let mut chunks: Vec<(u8, Vec<u8>)> = json
        .chunks(PAYLOAD)
        .map(|c| (KIND_HEADER, c.to_vec()))
        .collect();
    chunks.extend(bodies);
    for (index, (kind, payload)) in chunks.into_iter().enumerate() {
        out.extend_from_slice(&page(kind, index as u32, &payload, header.has_checksum));
    }
    out
}

fn page(kind: u8, index: u32, payload: &[u8], checksum: bool) -> Vec<u8> {
    let mut p = vec![0u8; PAGE];
    p[..4].copy_from_slice(MAGIC);
    p[4] = kind;
    p[8..12].copy_from_slice(&index.to_le_bytes());
    p[12..16].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    p[HDR..HDR + payload.len()].copy_from_slice(payload);
    if checksum {
        let sum = page_checksum(&p);
        p[16..20].copy_from_slice(&sum.to_le_bytes());
    }
    p
}

fn page_checksum(p: &[u8]) -> u32 {
    let mut data = p[..16].to_vec();
    data.extend_from_slice(&p[HDR..]);
    fnv(&data) as u32
}

/// Reads and verifies a backup file; the error text names the damaged page.
pub fn decode(bytes: &[u8]) -> Result<BakContents, String> {
    if bytes.is_empty() || bytes.len() % PAGE != 0 {
        return Err("the file is not a whole number of backup pages".into());
    }
    let pages: Vec<&[u8]> = bytes.chunks(PAGE).collect();
    let mut json = Vec::new();
    let mut parsed = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if &p[..4] != MAGIC || u32::from_le_bytes([p[8], p[9], p[10], p[11]]) as usize != i {
            return Err(format!("page {i} has a damaged header"));
        }
        let len = u32::from_le_bytes([p[12], p[13], p[14], p[15]]) as usize;
        if len > PAYLOAD {
            return Err(format!("page {i} has an invalid length"));
        }
        if p[4] == KIND_HEADER {
            json.extend_from_slice(&p[HDR..HDR + len]);
        }
        parsed.push((
            p[4],
            &p[HDR..HDR + len],
            u32::from_le_bytes([p[16], p[17], p[18], p[19]]),
        ));
    }
    let header: BakHeader =
        serde_json::from_slice(&json).map_err(|e| format!("backup header unreadable: {e}"))?;
    if header.total_pages as usize != pages.len() {
        return Err(format!(
            "expected {} pages, found {}",
            header.total_pages,
            pages.len()
        ));
    }
    if header.has_checksum {
        for (i, p) in pages.iter().enumerate() {
            if page_checksum(p) != parsed[i].2 {
                return Err(format!("checksum mismatch on page {i}"));
            }
        }
    }
    let mut rows = Vec::new();
    let mut blob_bytes = Vec::new();
    for (kind, payload, _) in &parsed {
        match *kind {
            KIND_ROWS => rows.extend(payload.chunks(header.row_size.max(1)).map(<[u8]>::to_vec)),
            KIND_BLOB => blob_bytes.extend_from_slice(payload),
            _ => {}
        }
    }
    let mut blobs = Vec::new();
    let mut at = 0usize;
    for (name, len) in &header.blobs {
        let end = at + *len as usize;
        let data = blob_bytes
            .get(at..end)
            .ok_or("FILESTREAM data truncated")?
            .to_vec();
        blobs.push(Blob {
            name: name.clone(),
            data,
        });
        at = end;
    }
    Ok(BakContents {
        header,
        rows,
        blobs,
    })
}

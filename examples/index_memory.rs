//! Measures the memory the in-memory index needs per blob.
//!
//!     cargo run --release --example index_memory -- [BLOBS]
//!
//! Builds an index of BLOBS (default 2,000,000) blobs in packs of 500, as a
//! 30 GB database cut into 16 KiB chunks would give, and prints the growth
//! of the resident set per blob. The practice server's SQL Server needs the
//! rest of the RAM, so this number bounds how small chunks may be.

use tresor::repo::blob::{BlobKind, Compression};
use tresor::repo::index::{Index, PackInfo};
use tresor::repo::pack::PackEntry;
use tresor::repo::Id;

fn rss_bytes() -> u64 {
    // Linux: resident pages are the second field of /proc/self/statm.
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn main() {
    let blobs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    let before = rss_bytes();
    let mut index = Index::default();
    let per_pack = 500;
    for p in 0..blobs.div_ceil(per_pack) {
        let n = per_pack.min(blobs - p * per_pack);
        let entries = (0..n)
            .map(|i| PackEntry {
                id: Id::random(),
                kind: BlobKind::Data,
                compression: Compression::Zstd,
                offset: i as u64 * 16_384,
                stored_len: 16_384,
                raw_len: 16_384,
            })
            .collect();
        index.add_pack(PackInfo {
            id: Id::random(),
            cipher_len: 8 << 20,
            header_len: 200,
            plain_len: 8 << 20,
            blobs: entries,
            recipients: None,
        });
    }
    let grown = rss_bytes().saturating_sub(before);
    println!(
        "{} blobs: resident set grew by {:.1} MiB = {:.0} bytes per blob",
        index.blob_count(),
        grown as f64 / 1048576.0,
        grown as f64 / blobs as f64
    );
}

//! Measures the memory the in-memory index needs per blob, and its lookups.
//!
//!     cargo run --release --example index_memory -- [BLOBS]
//!     cargo run --release --example index_memory -- tb [TERABYTES]
//!
//! `BLOBS` (default 2,000,000): blobs in packs of 500, as a 30 GB database
//! cut into 16 KiB chunks would give. `tb` (default 1): as many blobs as
//! TERABYTES (10^12 bytes) of the practice generator's data mix give,
//! 25,061 per GB (bench/README.md, "Index memory"), in packs of 210 blobs
//! (8 MiB packs of the mix's 39.9 kB mean chunk, before compression: the
//! fewest blobs per pack, so the most packs). Prints the growth of the
//! resident set per blob, then lookups per second of 1 M stored and 1 M
//! absent ids. The practice server's SQL Server needs the rest of the RAM.

use std::time::Instant;

use tresor::repo::blob::{BlobKind, Compression};
use tresor::repo::index::{Index, PackInfo};
use tresor::repo::pack::PackEntry;
use tresor::repo::Id;

/// Blobs per 10^9 bytes of the generator's mix: 25,813 chunks of the
/// 1.03 GB `--scale small` tree (bench/README.md, "Chunk sizes").
const BLOBS_PER_GB: f64 = 25_813.0 / 1.03;
/// 8 MiB over the mix's mean chunk (1.03 GB / 25,813 = 39.9 kB).
const MIX_BLOBS_PER_PACK: usize = 210;

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

/// Blob id number `n`: uniform like keyed BLAKE3 ids, and made again from
/// `n` for the lookups (keeping 25 M ids aside would add 800 MB).
fn id(n: u64) -> Id {
    let mut x = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
    let mut out = [0u8; 32];
    for part in out.chunks_exact_mut(8) {
        // splitmix64
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        part.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    Id(out)
}

fn build(blobs: usize, per_pack: usize) -> (Index, usize) {
    let mut index = Index::default();
    let packs = blobs.div_ceil(per_pack);
    for p in 0..packs {
        let n = per_pack.min(blobs - p * per_pack);
        let entries: Vec<PackEntry> = (0..n)
            .map(|i| PackEntry {
                id: id((p * per_pack + i) as u64),
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
            blobs: entries.into(),
            recipients: None,
        });
    }
    (index, packs)
}

/// Lookups per second of `n` ids `first..first + n` spread over the range.
fn lookups(index: &Index, first: u64, step: u64, n: u64, want: bool) -> f64 {
    let start = Instant::now();
    let mut found = 0u64;
    for i in 0..n {
        found += u64::from(index.contains_reusable(&id(first + i * step)));
    }
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(found, if want { n } else { 0 }, "lookups answered wrong");
    n as f64 / secs
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    let (blobs, per_pack) = match first.as_deref() {
        Some("tb") => {
            let tb: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1.0);
            ((tb * 1000.0 * BLOBS_PER_GB) as usize, MIX_BLOBS_PER_PACK)
        }
        other => (other.and_then(|a| a.parse().ok()).unwrap_or(2_000_000), 500),
    };
    let before = rss_bytes();
    let t = Instant::now();
    let (index, packs) = build(blobs, per_pack);
    let built = t.elapsed().as_secs_f64();
    let grown = rss_bytes().saturating_sub(before);
    println!(
        "{} blobs in {packs} packs of {per_pack}: resident set grew by {:.1} MiB = {:.1} bytes per blob (built in {built:.1} s)",
        index.blob_count(),
        grown as f64 / 1048576.0,
        grown as f64 / blobs as f64
    );
    let n = 1_000_000u64.min(blobs as u64);
    let step = (blobs as u64 / n).max(1);
    let present = lookups(&index, 0, step, n, true);
    let absent = lookups(&index, 1 << 62, 1, n, false);
    println!(
        "lookups: {:.2} M/s of stored ids, {:.2} M/s of absent ids",
        present / 1e6,
        absent / 1e6
    );
}

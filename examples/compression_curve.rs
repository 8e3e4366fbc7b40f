//! Measures zstd's trade-off per content kind: level against MB/s and bytes.
//!
//!     cargo run --release --example compression_curve -- TREE [--every N] [--levels 1,3,9] [--dictionaries]
//!
//! Cuts every file of TREE as a backup does (page chunker for `.bak`, `.DAT`
//! and the other page-structured files, the files chunker for the rest),
//! keeps every Nth chunk per kind (default 1: all), and compresses each kept
//! chunk at each level on one thread, keeping a chunk raw when compression
//! saves less than 1/32 as tresor does. Prints, per kind and level, the
//! stored bytes as a share of the raw bytes and the compression speed in MB/s
//! of raw input (10^6 bytes per second, one core). Then the same for tresor's
//! own encoder (`tresor::repo::blob::Encoder`: a 16 KiB probe keeps
//! incompressible blobs raw) at levels 1, 3 and 5, over all kinds together.
//! `--dictionaries` adds two formats tresor does not have, for comparison:
//! each run of 500 chunks (about one 8 MiB pack) compressed with its first
//! 1, 4, 8 or 16 chunks as a raw-content zstd dictionary, and a dictionary
//! trained on every 7th chunk of the kind (zstd's trainer, 112 KiB).
//! The table in bench/README.md ("Compression per content") is from this.

use std::path::Path;
use std::time::Instant;

use tresor::job::backup::uses_page_chunking;
use tresor::repo::blob::{BlobKind, Compression, Encoder};
use tresor::repo::chunker::{Chunker, ChunkerParams};
use tresor::repo::Id;

const KINDS: [&str; 5] = [
    "SQL backups (.bak)",
    "record databases (.DAT …)",
    "text (.RTF, .TXT, .XML …)",
    "compressed (.JPG, .PDF, .ZIP …)",
    "other",
];

fn kind_of(path: &str) -> usize {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    if ext == "bak" || ext == "trn" {
        0
    } else if uses_page_chunking(&lower) {
        1
    } else if matches!(
        ext,
        "rtf" | "txt" | "xml" | "ini" | "log" | "csv" | "htm" | "html" | "cfg" | "config"
    ) {
        2
    } else if matches!(
        ext,
        "jpg" | "jpeg" | "png" | "pdf" | "zip" | "7z" | "gz" | "docx" | "xlsx" | "mp4" | "dcm"
    ) {
        3
    } else {
        4
    }
}

fn worth_it(raw: usize, packed: usize) -> bool {
    packed + raw / 32 < raw
}

/// Bytes a chunk takes stored: compressed, or raw where that saves too little.
fn stored(raw: &[u8], packed: &[u8]) -> usize {
    if worth_it(raw.len(), packed.len()) {
        packed.len()
    } else {
        raw.len()
    }
}

/// Compresses every chunk of `list` with `z`: stored bytes and seconds.
fn compress_all(
    z: &mut zstd::bulk::Compressor<'_>,
    list: &[Vec<u8>],
) -> std::io::Result<(usize, f64)> {
    let t = Instant::now();
    let mut total = 0usize;
    for c in list {
        total += stored(c, &z.compress(c)?);
    }
    Ok((total, t.elapsed().as_secs_f64()))
}

/// One table row: content label, chunks, raw MB, level, stored %, MB/s.
fn row(label: &str, list: &[Vec<u8>], level: i32, (bytes, secs): (usize, f64)) {
    let raw: usize = list.iter().map(Vec::len).sum();
    println!(
        "| {label} | {} | {:.1} | {level} | {:.1} | {:.0} |",
        list.len(),
        raw as f64 / 1e6,
        100.0 * bytes as f64 / raw as f64,
        raw as f64 / 1e6 / secs
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tree = args
        .first()
        .ok_or("usage: compression_curve TREE [--every N]")?;
    let mut every = 1usize;
    let mut dictionaries = false;
    let mut levels = vec![-5, -1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 15];
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--every" => every = args.get(i + 1).ok_or("--every N")?.parse()?,
            "--levels" => {
                levels = args
                    .get(i + 1)
                    .ok_or("--levels L,L")?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            "--dictionaries" => {
                dictionaries = true;
                i += 1;
                continue;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 2;
    }

    let mut chunks: Vec<Vec<Vec<u8>>> = vec![Vec::new(); KINDS.len()];
    let mut seen = vec![0usize; KINDS.len()];
    let mut files_chunker = Chunker::new(ChunkerParams::files(1));
    let mut pages_chunker = Chunker::new(ChunkerParams::pages(1));
    let mut paths: Vec<_> = walkdir::WalkDir::new(Path::new(tree))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    for path in paths {
        let name = path.to_string_lossy().into_owned();
        let kind = kind_of(&name);
        let data = std::fs::read(&path)?;
        let chunker = if uses_page_chunking(&name) {
            &mut pages_chunker
        } else {
            &mut files_chunker
        };
        for c in chunker.chunk_slice(&data) {
            if seen[kind] % every == 0 {
                chunks[kind].push(c.to_vec());
            }
            seen[kind] += 1;
        }
    }

    println!("| content | chunks | raw MB | level | stored % | MB/s (one core) |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (kind, list) in chunks.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        for &level in &levels {
            let mut z = zstd::bulk::Compressor::new(level)?;
            row(KINDS[kind], list, level, compress_all(&mut z, list)?);
        }
    }

    if dictionaries {
        for (kind, list) in chunks.iter().enumerate() {
            if list.len() < 50 {
                continue;
            }
            for group in [1usize, 4, 8, 16] {
                // Raw-content dictionary: the first `group` chunks of each
                // run of 500 chunks (about one pack).
                let (mut bytes, mut secs) = (0usize, 0f64);
                for pack in list.chunks(500) {
                    let split = group.min(pack.len());
                    let dict: Vec<u8> = pack[..split].iter().flatten().copied().collect();
                    let (b, s) =
                        compress_all(&mut zstd::bulk::Compressor::new(3)?, &pack[..split])?;
                    let mut z = zstd::bulk::Compressor::with_dictionary(3, &dict)?;
                    let (b2, s2) = compress_all(&mut z, &pack[split..])?;
                    bytes += b + b2;
                    secs += s + s2;
                }
                row(
                    &format!("{} rawdict first {group}", KINDS[kind]),
                    list,
                    3,
                    (bytes, secs),
                );
            }
            let samples: Vec<&[u8]> = list.iter().step_by(7).map(|c| c.as_slice()).collect();
            let t = Instant::now();
            let dict = zstd::dict::from_samples(&samples, 112 * 1024)?;
            let train = t.elapsed().as_secs_f64();
            for level in [1, 3] {
                let mut z = zstd::bulk::Compressor::with_dictionary(level, &dict)?;
                let label = format!(
                    "{} dict (train {train:.2}s on {} samples)",
                    KINDS[kind],
                    samples.len()
                );
                row(&label, list, level, compress_all(&mut z, list)?);
            }
        }
    }

    println!();
    println!("| policy | stored MB | of raw % | MB/s (one core) | raw | zstd |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let all: Vec<&Vec<u8>> = chunks.iter().flatten().collect();
    let raw: usize = all.iter().map(|c| c.len()).sum();
    for level in [1, 3, 5] {
        let mut enc = Encoder::new(level)?;
        let t = Instant::now();
        let (mut stored, mut n_raw, mut n_zstd) = (0usize, 0usize, 0usize);
        for c in &all {
            let b = enc.encode(Id::random(), BlobKind::Data, c.to_vec())?;
            stored += b.bytes.len();
            match b.compression {
                Compression::None => n_raw += 1,
                Compression::Zstd => n_zstd += 1,
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| tresor's encoder, level {} | {:.1} | {:.1} | {:.0} | {} | {} |",
            level,
            stored as f64 / 1e6,
            100.0 * stored as f64 / raw as f64,
            raw as f64 / 1e6 / secs,
            n_raw,
            n_zstd
        );
    }
    Ok(())
}

//! Measures how chunker parameters deduplicate a day of practice changes.
//!
//!     cargo run --release --example chunking -- DAY0_DIR DAY1_DIR
//!
//! For each parameter set and file class (page-structured `.bak`/`.DAT`
//! files, everything else) it prints the chunk count of day 0 and the bytes
//! day 1 adds (before compression). The numbers behind `ChunkerParams` are
//! from this (see docs/format.md and bench/README.md).

use std::collections::HashSet;
use std::path::Path;

use tresor::job::backup::uses_page_chunking;
use tresor::repo::chunker::{Chunker, ChunkerParams};

/// 0 = SQL Server backups, 1 = other page-structured files, 2 = the rest.
fn class_of(path: &str) -> u8 {
    if path.to_ascii_lowercase().ends_with(".bak") {
        0
    } else if uses_page_chunking(path) {
        1
    } else {
        2
    }
}

fn files(dir: &Path, class: u8) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && class_of(&e.path().to_string_lossy()) == class)
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

fn chunk_dir(
    dir: &Path,
    class: u8,
    p: ChunkerParams,
    seen: &mut HashSet<[u8; 32]>,
) -> (u64, u64, u64) {
    let mut c = Chunker::new(p);
    let (mut chunks, mut new_bytes, mut total) = (0u64, 0u64, 0u64);
    for f in files(dir, class) {
        let file = std::fs::File::open(&f).expect("readable");
        c.chunk_reader::<_, std::io::Error>(file, |data| {
            chunks += 1;
            total += data.len() as u64;
            if seen.insert(*blake3::hash(data).as_bytes()) {
                new_bytes += data.len() as u64;
            }
            Ok(())
        })
        .expect("chunking");
    }
    (chunks, new_bytes, total)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: chunking DAY0_DIR DAY1_DIR");
        std::process::exit(2);
    }
    let (d0, d1) = (Path::new(&args[1]), Path::new(&args[2]));
    let kib = 1024;
    let sets = [
        (2, 8, 64),
        (4, 8, 64),
        (4, 16, 128),
        (8, 32, 256),
        (16, 64, 512),
        (64, 256, 2048),
        (512, 1024, 8192),
    ];
    println!("| class | min/avg/max KiB | day-0 chunks | day-1 new MiB | of day-1 MiB |");
    println!("| --- | --- | ---: | ---: | ---: |");
    for class in [0u8, 1, 2] {
        for (min, avg, max) in sets {
            let p = ChunkerParams {
                min: min * kib,
                avg: avg * kib,
                max: max * kib,
                seed: 1,
            };
            let mut seen = HashSet::new();
            let (n0, _, _) = chunk_dir(d0, class, p, &mut seen);
            let (_, new1, total1) = chunk_dir(d1, class, p, &mut seen);
            println!(
                "| {} | {min}/{avg}/{max} | {n0} | {:.1} | {:.1} |",
                ["SQL backups (.bak)", "record files (.DAT …)", "other files"][class as usize],
                new1 as f64 / 1048576.0,
                total1 as f64 / 1048576.0
            );
        }
    }
}

//! Filling temporary files from packs. A pack mostly needed is streamed
//! front to back; of a pack barely needed only the wanted blobs are fetched
//! by range. Runs of zeros are not written, so they stay holes in the new
//! file: a sparse file stays sparse. Blobs are not hashed here: every
//! written file is read back and hashed chunk by chunk before it gets its
//! name (`verify.rs`), which proves the pack's content and the write at once.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::repo::index::PackInfo;
use crate::repo::pack::PackEntry;
use crate::repo::{Id, IndexedRepo};
use crate::report::Progress;

use super::{FileProblem, MediumWarning};

/// One blob's place: the pack entry, the file (index into the restore's
/// files), and the offset in that file (bytes).
pub type Want = (PackEntry, usize, u64);

/// Holes are made in whole blocks of this many bytes, aligned in the file.
const HOLE_BLOCK: u64 = 4096;

/// Writes what `pack` contributes into the temporary files `temps` (by file
/// index). A blob that cannot be read or written marks its file broken
/// (`errors`: file, reason) and the rest goes on.
pub fn restore_pack(
    repo: &IndexedRepo,
    pack: &PackInfo,
    wants: &mut [Want],
    temps: &[Option<PathBuf>],
    progress: &Progress,
    errors: &Mutex<Vec<(usize, FileProblem)>>,
    warnings: &Mutex<Vec<MediumWarning>>,
) {
    let fail = |file: usize, why: FileProblem| {
        if let Ok(mut e) = errors.lock() {
            e.push((file, why));
        }
    };
    // A medium that fails a read must be reported even when a retry by
    // range saves every file.
    let warn = |why: MediumWarning| {
        if let Ok(mut w) = warnings.lock() {
            w.push(why);
        }
    };
    // In pack order; copies of one blob end up next to each other.
    wants.sort_unstable_by_key(|w| (w.0.offset, w.1, w.2));
    let needed: u64 = wants.iter().map(|w| w.0.stored_len as u64).sum();
    let mut stream = if needed * 2 >= pack.plain_len {
        match repo.pack_stream(pack) {
            Ok(s) => Some(s),
            Err(e) => {
                warn(MediumWarning::StreamFailed {
                    pack: pack.id.to_string(),
                    error: Arc::new(e),
                });
                None
            }
        }
    } else {
        None
    };
    let mut last: Option<(Id, Vec<u8>)> = None;
    // Files this pack writes into, opened once per pack.
    let mut open: HashMap<usize, Option<File>> = HashMap::new();
    for (entry, file, offset) in wants.iter() {
        let data = match last.take() {
            Some((id, d)) if id == entry.id => Ok(d),
            _ => match stream.as_mut().map(|s| s.blob_unverified(entry)) {
                Some(Ok(d)) => Ok(d),
                Some(Err(e)) => {
                    warn(MediumWarning::StreamBroke {
                        pack: pack.id.to_string(),
                        error: Arc::new(e),
                    });
                    // A stream that failed cannot go on.
                    stream = None;
                    repo.read_blob_unverified(&entry.id)
                }
                None => repo.read_blob_unverified(&entry.id),
            },
        };
        let data = match data {
            Ok(d) => d,
            Err(e) => {
                fail(
                    *file,
                    FileProblem::PackUnreadable {
                        pack: pack.id.to_string(),
                        error: Arc::new(e),
                    },
                );
                continue;
            }
        };
        let f = open.entry(*file).or_insert_with(|| {
            let path = temps.get(*file)?.as_ref()?;
            match OpenOptions::new().write(true).open(path) {
                Ok(f) => Some(f),
                Err(e) => {
                    fail(
                        *file,
                        FileProblem::TempFile {
                            path: path.display().to_string(),
                            error: Arc::new(e),
                        },
                    );
                    None
                }
            }
        });
        let Some(f) = f else { continue };
        if let Err(e) = write_sparse(f, &data, *offset) {
            fail(*file, FileProblem::Write(Arc::new(e)));
        }
        progress.add(data.len() as u64);
        last = Some((entry.id, data));
    }
}

/// Writes `data` at `offset`, leaving out aligned blocks that are all zero
/// (the file is new and pre-sized, so they read back as zeros).
pub fn write_sparse(f: &File, data: &[u8], offset: u64) -> std::io::Result<()> {
    let end = offset + data.len() as u64;
    let mut pos = offset;
    let mut run_start: Option<u64> = None;
    while pos < end {
        let block_end = ((pos / HOLE_BLOCK + 1) * HOLE_BLOCK).min(end);
        let slice = &data[(pos - offset) as usize..(block_end - offset) as usize];
        let whole_block = pos % HOLE_BLOCK == 0 && block_end - pos == HOLE_BLOCK;
        let hole = whole_block && slice.iter().all(|b| *b == 0);
        match (hole, run_start) {
            (true, Some(s)) => {
                write_at(f, &data[(s - offset) as usize..(pos - offset) as usize], s)?;
                run_start = None;
            }
            (false, None) => run_start = Some(pos),
            _ => {}
        }
        pos = block_end;
    }
    if let Some(s) = run_start {
        write_at(f, &data[(s - offset) as usize..], s)?;
    }
    Ok(())
}

#[cfg(unix)]
fn write_at(f: &File, data: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, data, offset)
}

#[cfg(windows)]
fn write_at(f: &File, mut data: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !data.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(f, data, offset)?;
        data = &data[n..];
        offset += n as u64;
    }
    Ok(())
}

/// Groups the blobs of every file by pack.
pub fn by_pack<'a>(
    repo: &IndexedRepo,
    files: impl Iterator<Item = (usize, &'a [Id])>,
) -> HashMap<Id, Vec<Want>> {
    let mut per_pack: HashMap<Id, Vec<Want>> = HashMap::new();
    for (i, chunks) in files {
        let mut offset = 0u64;
        for c in chunks {
            if let Some((pack, entry)) = repo.index().get(c) {
                per_pack
                    .entry(pack.id)
                    .or_default()
                    .push((entry, i, offset));
                offset += entry.raw_len as u64;
            }
        }
    }
    per_pack
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn zero_blocks_become_holes_and_content_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let f = File::create(&p).unwrap();
        let len = 1 << 20;
        f.set_len(len).unwrap();
        let mut data = vec![0u8; len as usize];
        data[10] = 1; // first block written
        data[len as usize - 1] = 7; // last block written
        data[500_000..500_100].fill(9); // a block in the middle
        write_sparse(&f, &data[..300_001], 0).unwrap();
        write_sparse(&f, &data[300_001..], 300_001).unwrap();
        drop(f);
        let mut back = Vec::new();
        File::open(&p).unwrap().read_to_end(&mut back).unwrap();
        assert!(back == data);
        // Three 4 KiB blocks (plus the block split at 300_001) hold data.
        let md = std::fs::metadata(&p).unwrap();
        assert!(
            md.blocks() * 512 < 64 * 1024,
            "allocated {} bytes",
            md.blocks() * 512
        );
    }
}

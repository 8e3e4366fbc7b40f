//! Proving a restored file before it gets its real name: read back and
//! compare every piece with its keyed chunk id, then set mode and mtime
//! through the open handle (no path lookup that a link could redirect).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use crate::repo::tree::Node;
use crate::repo::{Id, IndexedRepo};

use super::FileProblem;

/// How a restored file failed its read-back.
#[derive(Debug, Clone)]
pub enum VerifyProblem {
    /// A chunk of the file is in no index (its length is unknown).
    ChunkNotIndexed,
    /// The file ended before all of its chunks were read.
    TooShort,
    /// A piece does not have the chunk id the snapshot records, and that
    /// chunk reads correctly from the repository: the write went wrong.
    Differs,
    /// The file has more bytes than the snapshot records.
    TooLong,
    /// Reading it back failed.
    Read(std::sync::Arc<std::io::Error>),
}

/// Reads `f` from the start and checks it against `node`'s chunks. The
/// blobs were written unhashed (`fill.rs`), so a piece that differs may be
/// a damaged blob rather than a bad write: that chunk is read again from
/// the repository and verified, and a damaged one is returned as the
/// repository's error (naming its pack) instead of [`VerifyProblem::Differs`].
pub fn verify(repo: &IndexedRepo, f: &mut File, node: &Node) -> Result<(), FileProblem> {
    verify_pieces(repo, f, node).map_err(|(problem, chunk)| match (problem, chunk) {
        (VerifyProblem::Differs, Some(id)) => match repo.read_blob(&id) {
            Err(e) => FileProblem::PackUnreadable {
                pack: repo
                    .index()
                    .get(&id)
                    .map(|(p, _)| p.id.to_string())
                    .unwrap_or_default(),
                error: std::sync::Arc::new(e),
            },
            Ok(_) => FileProblem::Verify(VerifyProblem::Differs),
        },
        (p, _) => FileProblem::Verify(p),
    })
}

/// The read-back itself; a piece that differs comes with its chunk id.
fn verify_pieces(
    repo: &IndexedRepo,
    f: &mut File,
    node: &Node,
) -> Result<(), (VerifyProblem, Option<Id>)> {
    let read = |e: std::io::Error| (VerifyProblem::Read(std::sync::Arc::new(e)), None);
    f.seek(SeekFrom::Start(0)).map_err(read)?;
    // Hashed straight out of the reader's buffer: the page cache's bytes are
    // copied once (by the kernel), not a second time into a chunk buffer.
    let mut r = BufReader::with_capacity(1 << 20, f);
    for id in &node.chunks {
        let mut left = repo
            .index()
            .get(id)
            .map(|(_, e)| e.raw_len as usize)
            .ok_or((VerifyProblem::ChunkNotIndexed, None))?;
        let mut hasher = repo.id_key().hasher();
        while left > 0 {
            let got = r.fill_buf().map_err(read)?;
            if got.is_empty() {
                return Err((VerifyProblem::TooShort, None));
            }
            let take = left.min(got.len());
            hasher.update(&got[..take]);
            r.consume(take);
            left -= take;
        }
        if Id(*hasher.finalize().as_bytes()) != *id {
            return Err((VerifyProblem::Differs, Some(*id)));
        }
    }
    if r.read(&mut [0u8; 1]).map_err(read)? != 0 {
        return Err((VerifyProblem::TooLong, None));
    }
    Ok(())
}

/// The mode bits to set: setuid and setgid only when asked for (a restored
/// program must not gain privileges by surprise); 0 means not recorded.
pub fn mode_bits(node: &Node, keep_setid: bool) -> Option<u32> {
    if node.mode == 0 {
        return None;
    }
    let mask = if keep_setid { 0o7777 } else { 0o1777 };
    Some(node.mode & mask)
}

pub fn mtime(node: &Node) -> filetime::FileTime {
    filetime::FileTime::from_unix_time(
        node.mtime_ns.div_euclid(1_000_000_000),
        node.mtime_ns.rem_euclid(1_000_000_000) as u32,
    )
}

/// Sets mtime and mode on an open file.
pub fn set_file_metadata(f: &File, node: &Node, keep_setid: bool) -> std::io::Result<()> {
    filetime::set_file_handle_times(f, None, Some(mtime(node)))?;
    #[cfg(unix)]
    if let Some(m) = mode_bits(node, keep_setid) {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(m))?;
    }
    #[cfg(not(unix))]
    let _ = keep_setid;
    Ok(())
}

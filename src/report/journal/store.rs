//! Writing the journal: an exclusive OS file lock (`journal.lock`; flock on
//! Unix, LockFileEx on Windows, through `fs4`) around reading the
//! last entry, appending one line, fsync, and updating `journal.head`; a
//! last line cut short by a crash is left as it is and the new entry starts
//! on a line of its own.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::canonical::{entry_hash, ZERO_HASH};
use super::read::{parse, Line};
use super::{Entry, JournalError};
use crate::report::record::RunRecord;

/// `journal.head`: the newest entry's sequence number and hash, rewritten
/// (write + rename) after every append, so that deleting the newest entries
/// from the journal is seen by [`super::verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The newest entry's `seq`.
    pub seq: u64,
    /// The newest entry's `hash`.
    pub hash: String,
}

/// The head file beside a journal (`journal.jsonl` → `journal.head`).
pub fn head_path(journal: &Path) -> PathBuf {
    journal.with_extension("head")
}

/// The lock file beside a journal (`journal.lock`). A separate file, so a
/// reader (`journal verify`) is never blocked by Windows' mandatory locks.
fn lock_path(journal: &Path) -> PathBuf {
    journal.with_extension("lock")
}

/// What can be appended: a [`RunRecord`] (a chained [`Entry`]; errors as
/// [`JournalError`]). Old unchained drill lines are only read, never written.
pub trait Appendable {
    /// What `append` returns.
    type Output;
    /// The error `append` returns for this input.
    type Error: From<JournalError>;
    /// Appends `self` to the journal at `path`.
    fn append_to(&self, path: &Path) -> Result<Self::Output, Self::Error>;
}

impl Appendable for RunRecord {
    type Output = Entry;
    type Error = JournalError;
    fn append_to(&self, path: &Path) -> Result<Entry, JournalError> {
        append_record(path, self.clone())
    }
}

/// Appends `record` as the next chained entry and returns it.
///
/// Safe against two processes at once (an exclusive OS lock on
/// `journal.lock` is held from reading the last entry until the head file is
/// written) and against a crash mid-line (a last line without line end is
/// kept as it is; the new entry starts on a new line). The entry and the head
/// are on disk (fsync) when this returns. The folder is created if missing.
///
/// The runner calls it once per run, after the run's outcome is known:
/// `journal::append(&journal::path_beside(&config.keys.machine), &record)?`
/// (a `RunRecord` gives `Result<Entry, JournalError>`).
///
/// # Errors
/// [`JournalError::Io`] when the folder, the lock, the journal or its head
/// cannot be written.
pub fn append<R: Appendable + ?Sized>(path: &Path, record: &R) -> Result<R::Output, R::Error> {
    record.append_to(path)
}

fn append_record(path: &Path, record: RunRecord) -> Result<Entry, JournalError> {
    let io = |e| JournalError::io(path, e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let _lock = lock(path)?;
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    let (last, ends_with_newline) = last_chained(&mut file).map_err(io)?;
    // Entries deleted from the end: the head still knows the newest one, so
    // the new entry continues after it and verify names the gap.
    let last = match (last, read_head(path)?.0) {
        (Some((seq, _)), Some(head)) if head.seq > seq => Some((head.seq, head.hash)),
        (None, Some(head)) => Some((head.seq, head.hash)),
        (last, _) => last,
    };
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, ZERO_HASH.to_string()),
    };
    let unsigned = serde_json::json!({ "seq": seq, "prev": prev, "record": record });
    let hash = entry_hash(&unsigned);
    let entry = Entry {
        seq,
        prev,
        hash,
        record,
    };
    let mut line = Vec::new();
    if !ends_with_newline {
        line.push(b'\n');
    }
    serde_json::to_writer(&mut line, &entry).map_err(|e| io(std::io::Error::other(e)))?;
    line.push(b'\n');
    file.write_all(&line).map_err(io)?;
    file.sync_all().map_err(io)?;
    write_head(
        path,
        &Head {
            seq: entry.seq,
            hash: entry.hash.clone(),
        },
    )?;
    Ok(entry)
}

/// Takes the journal's exclusive lock (blocks while another process holds
/// it); released when the returned file is dropped.
fn lock(journal: &Path) -> Result<File, JournalError> {
    let path = lock_path(journal);
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| JournalError::io(&path, e))?;
    // fs4's lock (flock / LockFileEx): std's `File::lock` needs Rust 1.89,
    // above this crate's rust-version.
    fs4::FileExt::lock(&f).map_err(|e| JournalError::io(&path, e))?;
    Ok(f)
}

/// The last chained entry's seq and hash (read from the end of the file, so
/// an append does not read years of journal), and whether the file ends with
/// a line end (an empty file counts as ending with one).
fn last_chained(file: &mut File) -> std::io::Result<(Option<(u64, String)>, bool)> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok((None, true));
    }
    let mut window: u64 = 64 * 1024;
    let mut ends_with_newline = true;
    loop {
        let start = len.saturating_sub(window);
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::new();
        Read::take(&mut *file, len - start).read_to_end(&mut buf)?;
        if start + window >= len {
            ends_with_newline = buf.last() == Some(&b'\n');
        }
        // A window that starts mid-file starts mid-line: skip to the next line.
        let from = if start == 0 {
            0
        } else {
            buf.iter()
                .position(|b| *b == b'\n')
                .map_or(buf.len(), |p| p + 1)
        };
        let found = parse(&buf[from..]).into_iter().rev().find_map(|l| match l {
            Line::Chained { seq, hash, .. } => Some((seq, hash)),
            _ => None,
        });
        if found.is_some() || start == 0 {
            return Ok((found, ends_with_newline));
        }
        window = window.saturating_mul(4);
    }
}

/// Reads `journal.head`: the head, or (None, true) when the file is there
/// but is not a head file, or (None, false) when there is none.
pub(super) fn read_head(journal: &Path) -> Result<(Option<Head>, bool), JournalError> {
    let path = head_path(journal);
    match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice::<Head>(&bytes) {
            Ok(h) => Ok((Some(h), false)),
            Err(_) => Ok((None, true)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, false)),
        Err(e) => Err(JournalError::io(&path, e)),
    }
}

/// Replaces `journal.head` (temporary file, fsync, rename).
fn write_head(journal: &Path, head: &Head) -> Result<(), JournalError> {
    let path = head_path(journal);
    let tmp = journal.with_extension("head.tmp");
    let io = |e| JournalError::io(&path, e);
    let mut text = serde_json::to_vec(head).map_err(|e| io(std::io::Error::other(e)))?;
    text.push(b'\n');
    let mut f = File::create(&tmp).map_err(io)?;
    f.write_all(&text).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(io)?;
    // The rename itself is durable once the folder is synced (Unix; NTFS
    // journals metadata).
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// The journal's bytes as they are now (taken under the lock, so never half
/// an entry of a concurrent append), for the copy the runner puts into every
/// snapshot. A journal that does not exist yet gives no bytes.
///
/// # Errors
/// [`JournalError::Io`] when the journal or its lock cannot be read.
pub fn export_for_snapshot(path: &Path) -> Result<Vec<u8>, JournalError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let _lock = lock(path)?;
    std::fs::read(path).map_err(|e| JournalError::io(path, e))
}

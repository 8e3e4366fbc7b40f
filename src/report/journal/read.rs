//! Reading the journal back: every line classified as a chained entry, a
//! legacy line, or a torn/unreadable line, with its line number.

use std::path::Path;

use serde_json::Value;

use super::{legacy, store, Entry, Head, JournalError};
use crate::report::record::RunRecord;

/// One non-empty line of the journal file. `line` is 1-based.
#[derive(Clone, Debug)]
pub enum Line {
    /// A line with `seq`, `prev`, `hash` (docs/journal.md). `record` is
    /// None when the `record` field is not a readable [`RunRecord`].
    Chained {
        line: usize,
        seq: u64,
        prev: String,
        hash: String,
        record: Option<RunRecord>,
        /// The parsed line, for recomputing the hash.
        value: Value,
    },
    /// A JSON object without a chain (written before the journal was
    /// chained); `record` when tresor can read what it says.
    Legacy {
        line: usize,
        value: Value,
        record: Option<RunRecord>,
    },
    /// Not a JSON object, or a chain field of the wrong type: a write cut
    /// short by a crash, or an edit.
    Torn {
        line: usize,
        /// The line's text (lossy UTF-8), for the message.
        text: String,
        /// The line is the file's last and has no line end.
        last_unterminated: bool,
    },
}

impl Line {
    /// The 1-based line number in the file.
    pub fn number(&self) -> usize {
        match self {
            Line::Chained { line, .. } | Line::Legacy { line, .. } | Line::Torn { line, .. } => {
                *line
            }
        }
    }

    /// The run this line records, when it can be read.
    pub fn record(&self) -> Option<&RunRecord> {
        match self {
            Line::Chained { record, .. } | Line::Legacy { record, .. } => record.as_ref(),
            Line::Torn { .. } => None,
        }
    }

    /// The typed entry of a chained line with a readable record.
    pub fn entry(&self) -> Option<Entry> {
        match self {
            Line::Chained {
                seq,
                prev,
                hash,
                record: Some(record),
                ..
            } => Some(Entry {
                seq: *seq,
                prev: prev.clone(),
                hash: hash.clone(),
                record: record.clone(),
            }),
            _ => None,
        }
    }
}

/// The whole journal as read: its lines in file order and its head file.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    /// Every non-empty line, in file order.
    pub lines: Vec<Line>,
    /// `journal.head`, when it exists and can be read.
    pub head: Option<Head>,
    /// `journal.head` exists but is not a head file.
    pub head_unreadable: bool,
}

impl Journal {
    /// Every run that can be trusted, in file order: chained entries, and
    /// legacy lines only from before the chain began (a line without chain
    /// after it was added by hand: `verify` says so, status ignores it).
    pub fn records(&self) -> Vec<RunRecord> {
        let mut chained = false;
        self.lines
            .iter()
            .filter_map(|l| {
                let trusted = match l {
                    Line::Chained { .. } => {
                        chained = true;
                        true
                    }
                    Line::Legacy { .. } => !chained,
                    Line::Torn { .. } => false,
                };
                trusted.then(|| l.record().cloned()).flatten()
            })
            .collect()
    }
}

/// Reads the journal at `path` and its head file. A journal that does not
/// exist yet is empty (not an error).
///
/// # Errors
/// [`JournalError::Io`] when the file exists but cannot be read.
pub fn read(path: &Path) -> Result<Journal, JournalError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(JournalError::io(path, e)),
    };
    let (head, head_unreadable) = store::read_head(path)?;
    Ok(Journal {
        lines: parse(&bytes),
        head,
        head_unreadable,
    })
}

/// Classifies every non-empty line of a journal file's bytes.
pub(super) fn parse(bytes: &[u8]) -> Vec<Line> {
    let unterminated = !bytes.is_empty() && !bytes.ends_with(b"\n");
    let pieces: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let count = pieces.len();
    let mut lines = Vec::new();
    for (i, raw) in pieces.into_iter().enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        lines.push(classify(i + 1, raw, unterminated && i + 1 == count));
    }
    lines
}

fn classify(line: usize, raw: &[u8], last_unterminated: bool) -> Line {
    let torn = || Line::Torn {
        line,
        text: String::from_utf8_lossy(raw).into_owned(),
        last_unterminated,
    };
    let Ok(value) = serde_json::from_slice::<Value>(raw) else {
        return torn();
    };
    if !value.is_object() {
        return torn();
    }
    if value.get("hash").is_none() && value.get("seq").is_none() {
        let record = legacy::record_of(&value);
        return Line::Legacy {
            line,
            value,
            record,
        };
    }
    let (Some(seq), Some(prev), Some(hash)) = (
        value.get("seq").and_then(Value::as_u64),
        value.get("prev").and_then(Value::as_str),
        value.get("hash").and_then(Value::as_str),
    ) else {
        return torn();
    };
    let record = value
        .get("record")
        .and_then(|r| serde_json::from_value::<RunRecord>(r.clone()).ok());
    Line::Chained {
        line,
        seq,
        prev: prev.to_string(),
        hash: hash.to_string(),
        record,
        value,
    }
}

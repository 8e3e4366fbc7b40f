//! Checking the chain: every entry's own hash, the sequence without gaps or
//! reordering, each `prev` against the entry before, and the newest entry
//! against `journal.head`. The first problem is named precisely (line and
//! sequence number); legacy lines are counted, never called tampering.

use std::path::Path;

use serde::Serialize;

use super::canonical::{entry_hash, ZERO_HASH};
use super::read::{read, Journal, Line};
use super::Head;

/// The first thing wrong with a journal. Lines are 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum Problem {
    /// The journal or its head file could not be read.
    #[serde(rename = "journal_unreadable")]
    Unreadable { error: String },
    /// A line is not a complete entry: a write cut short by a crash (`last`:
    /// it is the file's last line, without line end) or a damaged line.
    #[serde(rename = "journal_torn")]
    Torn { line: usize, last: bool },
    /// The entry's content does not match its hash: it was changed.
    #[serde(rename = "journal_edited")]
    Edited { line: usize, seq: u64 },
    /// The entry's `prev` is not the hash of the entry before it: the entry
    /// before was replaced (with a recomputed hash) or this one was.
    #[serde(rename = "journal_chain_broken")]
    ChainBroken { line: usize, seq: u64 },
    /// Entries `expected` … `found - 1` are missing before this one.
    #[serde(rename = "journal_missing")]
    Missing {
        line: usize,
        expected: u64,
        found: u64,
    },
    /// Entry `seq` stands where entry `expected` belongs (moved or duplicated).
    #[serde(rename = "journal_reordered")]
    Reordered {
        line: usize,
        seq: u64,
        expected: u64,
    },
    /// `journal.head` names entry `head_seq`, the journal ends at `last_seq`:
    /// the newest entries were deleted.
    #[serde(rename = "journal_newest_missing")]
    NewestMissing { head_seq: u64, last_seq: u64 },
    /// `journal.head` is missing or unreadable although the journal has
    /// chained entries (deleted together with entries, or damaged).
    #[serde(rename = "journal_head_missing")]
    HeadMissing { last_seq: u64 },
    /// `journal.head` names another newest entry than the journal has.
    #[serde(rename = "journal_head_mismatch")]
    HeadMismatch { head_seq: u64, last_seq: u64 },
    /// A line without chain after the chain began: tresor writes such lines
    /// no more, so it was added by hand.
    #[serde(rename = "journal_unchained")]
    Unchained { line: usize },
}

impl Problem {
    /// The stable code (docs/output.md, "journal verify").
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "journal_unreadable",
            Problem::Torn { .. } => "journal_torn",
            Problem::Edited { .. } => "journal_edited",
            Problem::ChainBroken { .. } => "journal_chain_broken",
            Problem::Missing { .. } => "journal_missing",
            Problem::Reordered { .. } => "journal_reordered",
            Problem::NewestMissing { .. } => "journal_newest_missing",
            Problem::HeadMissing { .. } => "journal_head_missing",
            Problem::HeadMismatch { .. } => "journal_head_mismatch",
            Problem::Unchained { .. } => "journal_unchained",
        }
    }
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Chained entries read (up to the first problem).
    pub entries: u64,
    /// Legacy lines (written before the chain; not protected, not tampering).
    pub legacy: u64,
    /// The newest chained entry seen.
    pub last: Option<Head>,
    /// `journal.head` is one entry behind: a crash between writing the entry
    /// and its head (harmless; the next append corrects it).
    pub head_behind: bool,
    /// The first problem, or None: the journal is intact.
    pub problem: Option<Problem>,
}

impl Verdict {
    /// No problem found.
    pub fn intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// Checks the journal at `path` and its `journal.head`. A journal that does
/// not exist is intact and empty. Never fails: a read error is the verdict's
/// [`Problem::Unreadable`].
pub fn verify(path: &Path) -> Verdict {
    match read(path) {
        Ok(j) => check(&j),
        Err(e) => Verdict {
            entries: 0,
            legacy: 0,
            last: None,
            head_behind: false,
            problem: Some(Problem::Unreadable {
                error: e.to_string(),
            }),
        },
    }
}

/// The pure check of a journal already read.
pub fn check(journal: &Journal) -> Verdict {
    let mut v = Verdict {
        entries: 0,
        legacy: 0,
        last: None,
        head_behind: false,
        problem: None,
    };
    let mut expected: u64 = 1;
    let mut last_hash = ZERO_HASH.to_string();
    let mut last_prev = String::new();
    let lines = &journal.lines;
    for (i, l) in lines.iter().enumerate() {
        let problem = match l {
            Line::Legacy { line, .. } if v.last.is_some() => {
                Some(Problem::Unchained { line: *line })
            }
            Line::Legacy { .. } => {
                v.legacy += 1;
                continue;
            }
            Line::Torn {
                line,
                last_unterminated,
                ..
            } => Some(Problem::Torn {
                line: *line,
                last: *last_unterminated,
            }),
            Line::Chained {
                line,
                seq,
                prev,
                hash,
                value,
                ..
            } => {
                let (line, seq) = (*line, *seq);
                if entry_hash(value) != *hash {
                    Some(Problem::Edited { line, seq })
                } else if seq == expected && *prev != last_hash {
                    Some(Problem::ChainBroken { line, seq })
                } else if seq > expected {
                    let later = lines[i + 1..]
                        .iter()
                        .any(|l| matches!(l, Line::Chained { seq, .. } if *seq == expected));
                    Some(if later {
                        Problem::Reordered {
                            line,
                            seq,
                            expected,
                        }
                    } else {
                        Problem::Missing {
                            line,
                            expected,
                            found: seq,
                        }
                    })
                } else if seq < expected {
                    Some(Problem::Reordered {
                        line,
                        seq,
                        expected,
                    })
                } else {
                    v.entries += 1;
                    expected = seq + 1;
                    last_prev = prev.clone();
                    last_hash = hash.clone();
                    v.last = Some(Head {
                        seq,
                        hash: hash.clone(),
                    });
                    None
                }
            }
        };
        if problem.is_some() {
            v.problem = problem;
            return v;
        }
    }
    v.problem = head_problem(journal, &v.last, &last_prev, &mut v.head_behind);
    v
}

fn head_problem(
    journal: &Journal,
    last: &Option<Head>,
    last_prev: &str,
    head_behind: &mut bool,
) -> Option<Problem> {
    let last_seq = last.as_ref().map_or(0, |h| h.seq);
    match (&journal.head, last) {
        (None, None) => None,
        (None, Some(_)) => Some(Problem::HeadMissing { last_seq }),
        (Some(head), _) if head.seq > last_seq => Some(Problem::NewestMissing {
            head_seq: head.seq,
            last_seq,
        }),
        (Some(head), Some(l)) if head.seq == l.seq && head.hash == l.hash => None,
        (Some(head), Some(l)) if head.seq + 1 == l.seq && head.hash == last_prev => {
            *head_behind = true;
            None
        }
        (Some(head), _) => Some(Problem::HeadMismatch {
            head_seq: head.seq,
            last_seq,
        }),
    }
}

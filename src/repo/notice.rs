//! What the repository tells people while it works around a problem: a
//! damaged copy of a root file it did not use, damaged snapshot files that
//! `latest` had to pass over. The repository knows no terminal; the CLI
//! hands it a sink that renders these in the practice's language.

use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::error::Damage;
use super::id::Id;

#[derive(Debug, Clone)]
pub enum Notice {
    /// One copy of a root file is unusable; the repository was opened from
    /// the other copy `used`.
    RootCopyUnusable {
        location: String,
        file: String,
        damage: Damage,
        used: String,
    },
    /// `latest` (or `latest:JOB`) chose `chosen`, but these snapshot files are
    /// damaged: their time is unknown, so one of them may have been newer.
    LatestPassedOver {
        spec: String,
        chosen: Id,
        time: DateTime<FixedOffset>,
        job: String,
        damaged: Vec<String>,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::RootCopyUnusable {
                location,
                file,
                damage,
                used,
            } => write!(f, "{location}/{file} is unusable ({damage}); opened from {used}"),
            Notice::LatestPassedOver {
                spec,
                chosen,
                damaged,
                ..
            } => write!(
                f,
                "'{spec}' is {}, the newest readable snapshot; damaged snapshot files of unknown time: {}",
                chosen.short(),
                damaged.join(", ")
            ),
        }
    }
}

/// Receives notices as they happen.
pub trait Notices: Send + Sync {
    fn notice(&self, n: &Notice);
}

/// For library use without a terminal: notices go to the log.
pub struct LogNotices;

impl Notices for LogNotices {
    fn notice(&self, n: &Notice) {
        tracing::warn!("{n}");
    }
}

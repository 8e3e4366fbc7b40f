//! The alarm's state on this server: `guard.json` beside the machine key
//! (and the journal). An alarm opens when a backup's guard report says so
//! and stays open until a technician runs `tresor guard release` (a false
//! alarm) — `tresor guard confirm` records the attack and the last clean
//! snapshot but keeps it open. While it is open, and while a repository
//! holds a suspicious snapshot newer than the last release, retention and
//! prune do not run there ([`Hold`]): no clean snapshot is pushed out by the
//! encrypted nights that follow. A server whose `guard.json` is lost (the
//! attack took it) still holds: the snapshots carry their mark.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::GuardReport;
use crate::repo::SnapshotList;

/// File name of the state, beside the machine key.
pub const FILE_NAME: &str = "guard.json";

/// `guard.json` in the folder of `machine_key`.
pub fn path_beside(machine_key: &Path) -> PathBuf {
    machine_key
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILE_NAME)
}

/// An alarm a backup opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenAlarm {
    /// When the backup raised it (UTC).
    pub opened: DateTime<Utc>,
    /// The job and destination of that backup.
    pub job: String,
    pub destination: String,
    /// The suspicious snapshot (hex id).
    pub snapshot: String,
    /// What the guard saw.
    pub report: GuardReport,
    /// Set by `guard confirm`: the attack is real; the last snapshot before
    /// it, per destination the technician looked at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmed>,
}

/// A technician's confirmation of an attack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confirmed {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The last snapshot before the alarm (hex id) and its time.
    pub last_clean: Option<String>,
    pub last_clean_time: Option<DateTime<Utc>>,
    /// The destination it was looked up in.
    pub destination: String,
}

/// The guard's state on this server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardState {
    /// The open alarm, if any (the first one: later alarms of the same
    /// attack do not replace it, they are counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<OpenAlarm>,
    /// Further alarms while this one was open.
    #[serde(default)]
    pub repeated: u64,
    /// Suspicious snapshots up to this time (UTC) were released as false
    /// alarms: they no longer hold retention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_until: Option<DateTime<Utc>>,
}

/// The state file cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl GuardState {
    /// Reads the state; a missing file is the empty state.
    ///
    /// # Errors
    /// The file exists but cannot be read or parsed: the caller treats that
    /// as an open alarm (fail safe).
    pub fn load(path: &Path) -> Result<GuardState, StateError> {
        match std::fs::read(path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| StateError::Damaged {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(GuardState::default()),
            Err(e) => Err(StateError::Read {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// Writes the state atomically (temporary file, fsync, rename).
    ///
    /// # Errors
    /// The folder is not writable or the disk is full.
    pub fn save(&self, path: &Path) -> Result<(), StateError> {
        let err = |source| StateError::Write {
            path: path.display().to_string(),
            source,
        };
        let tmp = path.with_extension("json.tmp");
        let body = serde_json::to_vec_pretty(self).map_err(|e| err(std::io::Error::other(e)))?;
        let mut f = std::fs::File::create(&tmp).map_err(err)?;
        f.write_all(&body).map_err(err)?;
        f.sync_all().map_err(err)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(err)
    }

    /// Opens an alarm (or counts a repeated one while one is open).
    pub fn raise(&mut self, alarm: OpenAlarm) {
        if self.open.is_some() {
            self.repeated += 1;
        } else {
            self.open = Some(alarm);
            self.repeated = 0;
        }
    }

    /// Closes the alarm as a false one: suspicious snapshots up to `now` no
    /// longer hold retention. Returns the alarm that was open.
    pub fn release(&mut self, now: DateTime<Utc>) -> Option<OpenAlarm> {
        self.released_until = Some(now);
        self.repeated = 0;
        self.open.take()
    }

    /// Whether retention and prune must wait on a repository with `list`.
    pub fn hold(&self, list: &SnapshotList) -> Option<Hold> {
        if let Some(a) = &self.open {
            return Some(Hold::AlarmOpen { since: a.opened });
        }
        list.ok
            .iter()
            .filter(|(_, s)| s.summary.suspicious)
            .map(|(_, s)| s.time.with_timezone(&Utc))
            .filter(|t| self.released_until.is_none_or(|r| *t > r))
            .max()
            .map(|time| Hold::SuspiciousSnapshot { time })
    }
}

/// Why retention and prune wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// This server's alarm is open (since, UTC).
    AlarmOpen { since: DateTime<Utc> },
    /// The repository holds a suspicious snapshot (of that time, UTC) no
    /// release on this server covers.
    SuspiciousSnapshot { time: DateTime<Utc> },
    /// `guard.json` cannot be read: treated as an open alarm.
    StateUnreadable,
}

/// The newest snapshot before the first suspicious one of the open alarm
/// (or of the list): what a restore should take.
pub fn last_clean(list: &SnapshotList) -> Option<(crate::repo::Id, DateTime<Utc>)> {
    let first_bad = list
        .ok
        .iter()
        .filter(|(_, s)| s.summary.suspicious)
        .map(|(_, s)| s.time)
        .min()?;
    list.ok
        .iter()
        .filter(|(_, s)| !s.summary.suspicious && s.time < first_bad)
        .max_by_key(|(_, s)| s.time)
        .map(|(id, s)| (*id, s.time.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::snapshot::Summary;
    use crate::repo::{Id, Snapshot};

    fn snap(day: u32, suspicious: bool) -> (Id, Snapshot) {
        let time =
            chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T22:30:00+01:00"))
                .unwrap();
        let mut id = [0u8; 32];
        id[0] = day as u8;
        (
            Id(id),
            Snapshot {
                version: 1,
                time,
                host: "praxis".into(),
                job: "nightly".into(),
                practice: String::new(),
                tool_version: String::new(),
                tree: Vec::new(),
                parent: None,
                recipients: Vec::new(),
                sources: Vec::new(),
                databases: Vec::new(),
                summary: Summary {
                    suspicious,
                    ..Summary::default()
                },
            },
        )
    }

    fn list(items: Vec<(Id, Snapshot)>) -> SnapshotList {
        SnapshotList {
            ok: items,
            ..SnapshotList::default()
        }
    }

    fn alarm() -> OpenAlarm {
        OpenAlarm {
            opened: "2026-11-12T21:40:00Z".parse().unwrap(),
            job: "nightly".into(),
            destination: "rdx".into(),
            snapshot: "ab".into(),
            report: GuardReport::default(),
            confirmed: None,
        }
    }

    #[test]
    fn an_open_alarm_or_an_unreleased_mark_holds() {
        let clean = list(vec![snap(10, false), snap(11, false)]);
        let marked = list(vec![snap(10, false), snap(11, false), snap(12, true)]);
        let mut st = GuardState::default();
        assert_eq!(st.hold(&clean), None);
        // Another server's alarm (or a lost guard.json): the mark holds.
        assert!(matches!(
            st.hold(&marked),
            Some(Hold::SuspiciousSnapshot { .. })
        ));
        st.raise(alarm());
        assert!(matches!(st.hold(&clean), Some(Hold::AlarmOpen { .. })));
        st.raise(alarm());
        assert_eq!(st.repeated, 1);
        let was = st.release("2026-11-13T08:00:00Z".parse().unwrap());
        assert!(was.is_some());
        assert_eq!(st.hold(&marked), None);
        // A later suspicious night holds again.
        let later = list(vec![snap(12, true), snap(14, true)]);
        assert!(matches!(
            st.hold(&later),
            Some(Hold::SuspiciousSnapshot { .. })
        ));
        assert_eq!(last_clean(&marked).map(|(id, _)| id.0[0]), Some(11));
        assert_eq!(last_clean(&clean), None);
    }

    #[test]
    fn saved_atomically_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = path_beside(&dir.path().join("tresor.key"));
        assert_eq!(GuardState::load(&p).unwrap(), GuardState::default());
        let mut st = GuardState::default();
        st.raise(alarm());
        st.save(&p).unwrap();
        assert_eq!(GuardState::load(&p).unwrap(), st);
        assert!(!p.with_extension("json.tmp").exists());
        std::fs::write(&p, b"{ half").unwrap();
        assert!(matches!(
            GuardState::load(&p),
            Err(StateError::Damaged { .. })
        ));
    }
}

//! The typed record of one run — a backup job, a mirror, a forget/prune, a
//! restore, a database restore, a drill — as the journal stores it, the mail
//! tells it and `tresor status` sums it up. `report` defines it; `job` and
//! `cli` fill it in. The field names are the journal's schema
//! (docs/journal.md): new fields may appear, none changes meaning.

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

/// What kind of run a record is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// `tresor backup` (a configured job or `--path`).
    Backup,
    /// `tresor mirror` (a job's mirror step is part of its `Backup` record).
    Mirror,
    /// `tresor forget` (with or without `--prune`).
    Forget,
    /// `tresor restore`.
    Restore,
    /// `tresor restore-db`.
    RestoreDb,
    /// `tresor drill`.
    Drill,
    /// `tresor check`.
    Check,
    /// `tresor guard release` / `guard confirm`: a technician closed or
    /// confirmed a ransomware alarm.
    Guard,
    /// `tresor key rotate`: from `ended` on, new files are encrypted to
    /// `recipients` (the new machine key first); `retired` names the old one.
    KeyRotate,
    /// `tresor key add-recovery`: `recipients` as they are from now on.
    KeyAddRecovery,
}

/// How a run ended, as its exit code says it (0, 1, 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// Everything done (exit 0).
    Ok,
    /// Done, with something a person should read (exit 1).
    Warnings,
    /// A part or all of it was not done (exit 2 or 3).
    Failed,
}

/// The cartridge a backup wrote to (RDX rotation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediumRecord {
    /// The label's unique id (hex).
    pub id: String,
    /// The label's name (`Dienstag extern`).
    pub name: String,
    /// The cartridge the rotation plan wanted, when another one was in the drive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

/// What happened at one destination of the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationRecord {
    /// The configured name (`rdx`, `nas`, `cloud`) or the folder given.
    pub name: String,
    /// `primary` (the job's destination) or `mirror`.
    pub role: DestinationRole,
    /// Ended how there.
    pub outcome: RunOutcome,
    /// Snapshots sent there (mirrors), 0 otherwise.
    #[serde(default)]
    pub snapshots: u64,
    /// Bytes written there (stored, encrypted), when known.
    #[serde(default)]
    pub bytes_written: u64,
    /// Why it is not `ok`, in the practice's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The part a destination plays in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DestinationRole {
    /// Where the job writes its snapshot.
    Primary,
    /// Where the snapshot is copied to afterwards.
    Mirror,
}

/// One database in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseResult {
    /// The database name on the server.
    pub name: String,
    /// Backed up (or restored, or drilled) and verified.
    pub ok: bool,
    /// Why not, in the practice's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A warning or error of a run: a stable code and the text a person reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Stable code (the JSON output's codes, docs/output.md).
    pub code: String,
    /// The text, in the practice's language.
    pub text: String,
}

/// The read-back a run did after writing (the job's quick verify, a drill).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Blobs read back and proven (decrypted, decompressed, id checked).
    pub blobs: u64,
    /// Their plaintext bytes.
    pub bytes: u64,
    /// Blobs that failed.
    pub failed: u64,
}

/// What the staff does with the cartridges after the job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediumAdvice {
    /// The cartridge to take out now (`Dienstag extern`).
    pub take_out: String,
    /// Where it goes (`nach Hause`, `in den Tresor der Praxis`), in the practice's language.
    pub goes_to: String,
    /// The cartridge to insert for the next run (`Mittwoch Praxis`).
    pub insert_next: String,
}

/// One run. Times are UTC in the journal; reports show local time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// What ran.
    pub kind: RunKind,
    /// The job's name (`nightly`, `feierabend`, `manual`), when it was a job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    /// The practice's name from tresor.yaml.
    #[serde(default)]
    pub practice: String,
    /// The server's host name.
    #[serde(default)]
    pub host: String,
    /// When it started, UTC.
    pub started: DateTime<Utc>,
    /// When it ended, UTC.
    pub ended: DateTime<Utc>,
    /// How it ended.
    pub outcome: RunOutcome,
    /// The process's exit code (0 ok, 1 warnings, 2 failed, 3 usage).
    pub exit_code: i32,
    /// The snapshot written (backup) or read (restore, drill), hex id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// Files and folders in the snapshot (backup) or restored.
    #[serde(default)]
    pub items: u64,
    /// Plaintext bytes of all files in the snapshot / restored.
    #[serde(default)]
    pub bytes_total: u64,
    /// Plaintext bytes that were new (not deduplicated).
    #[serde(default)]
    pub bytes_new: u64,
    /// What the new bytes took after compression and encryption.
    #[serde(default)]
    pub bytes_stored: u64,
    /// The cartridge in the drive (rotation), when the destination has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<MediumRecord>,
    /// Every destination the run wrote to or read from.
    #[serde(default)]
    pub destinations: Vec<DestinationRecord>,
    /// Databases backed up / restored / drilled.
    #[serde(default)]
    pub databases: Vec<DatabaseResult>,
    /// Warnings (exit 1 material).
    #[serde(default)]
    pub warnings: Vec<Notice>,
    /// Errors (what failed).
    #[serde(default)]
    pub errors: Vec<Notice>,
    /// The read-back after writing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Which cartridge to take out and which to insert next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<MediumAdvice>,
    /// The age recipient (`age1…`) of the machine key that encrypted it, and
    /// the recovery recipients (which keys can read what was written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Machine keys' recipients no longer written to (`key rotate`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
    /// The run's mail went out (`mail:` configured and the server took it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mailed: bool,
    /// What the ransomware guard saw in a backup (its alarm, counts and
    /// examples), or the alarm a `guard` record closed or confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<crate::guard::GuardReport>,
}

impl RunRecord {
    /// An empty record of `kind` that starts now (fill in the rest, then [`RunRecord::finish`]).
    pub fn start(kind: RunKind, job: Option<&str>, practice: &str) -> RunRecord {
        let now = crate::clock::now_utc();
        RunRecord {
            kind,
            job: job.map(str::to_string),
            practice: practice.to_string(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            started: now,
            ended: now,
            outcome: RunOutcome::Ok,
            exit_code: 0,
            snapshot: None,
            items: 0,
            bytes_total: 0,
            bytes_new: 0,
            bytes_stored: 0,
            medium: None,
            destinations: Vec::new(),
            databases: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            verification: None,
            advice: None,
            recipients: Vec::new(),
            retired: Vec::new(),
            mailed: false,
            guard: None,
        }
    }

    /// Sets the end time and the outcome from the exit code (0 ok, 1
    /// warnings, anything else failed).
    pub fn finish(&mut self, exit_code: i32) {
        self.ended = crate::clock::now_utc();
        self.exit_code = exit_code;
        self.outcome = match exit_code {
            0 => RunOutcome::Ok,
            1 => RunOutcome::Warnings,
            _ => RunOutcome::Failed,
        };
    }

    /// The start in the server's local time (for mail and status).
    pub fn started_local(&self) -> DateTime<Local> {
        self.started.with_timezone(&Local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_maps_exit_codes() {
        let mut r = RunRecord::start(RunKind::Backup, Some("nightly"), "Praxis Dr. Muster");
        r.finish(1);
        assert_eq!(r.outcome, RunOutcome::Warnings);
        r.finish(3);
        assert_eq!(r.outcome, RunOutcome::Failed);
        r.finish(0);
        assert_eq!(r.outcome, RunOutcome::Ok);
        assert!(r.ended >= r.started);
    }

    #[test]
    fn round_trips_through_json() {
        let mut r = RunRecord::start(RunKind::Backup, Some("feierabend"), "P");
        r.medium = Some(MediumRecord {
            id: "ab12".into(),
            name: "Dienstag extern".into(),
            expected: Some("Dienstag Praxis".into()),
        });
        r.warnings.push(Notice {
            code: "backup".into(),
            text: "x".into(),
        });
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains("\"kind\":\"backup\""));
        let back: RunRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
    }
}

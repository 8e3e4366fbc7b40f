//! The typed configuration the rest of tresor codes against. Every path in here
//! is already resolved for this host; nothing downstream parses YAML or paths.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use std::path::PathBuf;

use secrecy::SecretString;

use super::paths::HostContext;
use super::profiles::{PathKind, Profile};
use super::schedule::Schedule;
use crate::i18n::Language;

/// One practice's configuration (tresor.yaml with its profiles applied).
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, or `<embedded demo>`.
    pub origin: String,
    /// Name of the practice, for reports and medium labels.
    pub practice: String,
    /// Language of staff-facing messages.
    pub language: Language,
    /// Drive that rooted profile paths (`\DConcept\DEDATA`) live on (upper case).
    pub data_drive: char,
    /// The host the paths were resolved for, including the config's `drives:` / `unc:` mounts
    /// (restore uses it to map snapshot paths back to the disk).
    pub host: HostContext,
    /// Encryption keys.
    pub keys: Keys,
    /// Where backups go, by name, in the order the config file lists them
    /// (the first is the default of every command that reads one destination).
    pub destinations: IndexMap<String, Destination>,
    /// What runs, by name (`nightly`, `feierabend`, …).
    pub jobs: BTreeMap<String, Job>,
    /// Default retention (a job may override it).
    pub retention: Retention,
    /// The active profiles, in config order.
    pub profiles: Vec<Profile>,
    /// SQL Server settings, when the config has a `sqlserver:` section.
    pub sqlserver: Option<SqlServerConfig>,
    /// The RDX cartridge rotation, when the config has a `rotation:` section.
    pub rotation: Option<super::rotation::Rotation>,
    /// Job mails, when the config has a `mail:` section.
    pub mail: Option<super::mail::MailSettings>,
    /// The ransomware guard (`guard:`; defaults when the section is absent).
    pub guard: super::guard::GuardSettings,
    /// What the emergency sheet says beyond the configuration (`emergency_sheet:`).
    pub emergency_sheet: EmergencySheet,
}

/// `emergency_sheet:` — the practice's own words for `tresor notfallblatt`.
/// Every field is optional; the sheet leaves a line to fill in by hand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmergencySheet {
    /// Where the history of the practice software's passwords is kept: the
    /// software asks for the password that was valid when the backup was made.
    pub password_history: Option<String>,
    /// Where the recovery key is kept when it is not printed on the sheet.
    pub recovery_key_kept: Option<String>,
    /// Whom to call (IT partner, support hotline).
    pub contact: Option<String>,
    /// Where the S3 bucket's secret access key is kept (never printed).
    pub bucket_secret_kept: Option<String>,
}

/// The keys every repository is readable with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    /// The age identity file of this server (resolved local path).
    pub machine: PathBuf,
    /// age public keys (`age1…`) of the offline recovery keys, validated.
    pub recovery: Vec<String>,
}

/// A named place backups are written to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// The name used in jobs and on the command line.
    pub name: String,
    /// What kind of place.
    pub kind: DestinationKind,
    /// Bandwidth limit and time window for writing there (`limit`,
    /// `daytime_limit`, `window`; read in `transfer.rs`).
    pub transfer: Transfer,
    /// This destination's own `retention:` (e.g. RDX two weeks, NAS three
    /// months, S3 12 monthly + 10 yearly): it replaces each job's retention
    /// for the snapshots stored there (`forget`), and a mirror sends only
    /// what it would keep. `None`: the jobs' retention applies.
    pub retention: Option<Retention>,
}

impl Destination {
    /// A repository folder given on the command line (`--repo PATH`): named
    /// by its path, no limits, no retention of its own.
    pub fn folder(path: &str) -> Destination {
        Destination {
            name: path.to_string(),
            kind: DestinationKind::Local {
                path: PathBuf::from(path),
                display: path.to_string(),
            },
            transfer: Transfer::default(),
            retention: None,
        }
    }
}

/// How fast and when tresor may write to a destination. The default (all
/// `None`) means: as fast as the destination takes it, at any time.
///
/// Meaning: inside `window` (or always, without a window) writes run at
/// `limit`; outside the window they run at `daytime_limit` when it is set,
/// and stop otherwise (the next run continues). Reads (restore) are never
/// limited by the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Transfer {
    /// Upload limit inside the window (`limit: '8 MiB/s'`).
    pub limit: Option<Rate>,
    /// Lower limit outside the window (`daytime_limit: '2 MiB/s'`); needs `window`.
    pub daytime_limit: Option<Rate>,
    /// When writing at `limit` is allowed (`window: '20:00-06:30'`), local time.
    pub window: Option<TimeWindow>,
}

/// A transfer rate in bytes per second (never 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate {
    /// Bytes per second.
    pub bytes_per_second: u64,
}

/// A daily span of local time, `start` inclusive, `end` exclusive, in minutes
/// after midnight (0..=1440). `end < start` crosses midnight (`20:00-06:30`);
/// `00:00-24:00` is the whole day. Never empty (`start != end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    /// Minutes after midnight when the window opens (0..1440).
    pub start: u16,
    /// Minutes after midnight when it closes (1..=1440).
    pub end: u16,
}

/// The kinds of destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DestinationKind {
    /// A directory: RDX cartridge, NAS share, any disk.
    Local {
        /// Resolved local path.
        path: PathBuf,
        /// As written in the config (`E:\tresor`, `\\nas\praxis\tresor`).
        display: String,
    },
    /// An S3 bucket in a German data centre (boxed: it is much larger than a path).
    S3(Box<S3Destination>),
}

/// An S3-compatible bucket (`type: s3`). The region rule (German data
/// centres only) is checked when the config is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Destination {
    /// Who runs the storage; decides which regions count as German.
    pub provider: Provider,
    /// The provider's region name (`eu-central-1`, `fsn1`, `de`).
    pub region: String,
    /// Service URL (`https://fsn1.your-objectstorage.com`); `None` = the
    /// provider's documented endpoint for `region` (AWS: the SDK's default).
    pub endpoint: Option<String>,
    /// Bucket name.
    pub bucket: String,
    /// Key prefix of this practice inside the bucket, without leading or
    /// trailing `/` (empty: the bucket's root).
    pub prefix: String,
    /// Path-style addressing (`https://host/bucket/key`), which most
    /// S3-compatible servers need; virtual-host style for AWS.
    pub path_style: bool,
    /// Where the access key comes from.
    pub credentials: S3Credentials,
    /// Retention every uploaded object gets, for a bucket with Object Lock.
    pub object_lock: Option<ObjectLock>,
    /// `located_in_germany: true`, required for `self-hosted` endpoints.
    pub located_in_germany: bool,
}

pub use super::region::Provider;

/// Where the S3 access key comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Credentials {
    /// The standard AWS chain: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`,
    /// `AWS_PROFILE` and `~/.aws/credentials`.
    Standard,
    /// An access key written in the config.
    Key {
        /// The access key id (not secret).
        access_key_id: String,
        /// The secret, inline or from an environment variable.
        secret: SecretSource,
    },
}

/// Where a secret is.
#[derive(Clone, Debug)]
pub enum SecretSource {
    /// Written in tresor.yaml (`secret_access_key:`; redacted in Debug output).
    Inline(SecretString),
    /// Named environment variable (`secret_env: TRESOR_S3_SECRET`), read when
    /// the destination is opened.
    Env(String),
}

impl PartialEq for SecretSource {
    fn eq(&self, other: &Self) -> bool {
        use secrecy::ExposeSecret;
        match (self, other) {
            (SecretSource::Inline(a), SecretSource::Inline(b)) => {
                a.expose_secret() == b.expose_secret()
            }
            (SecretSource::Env(a), SecretSource::Env(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for SecretSource {}

/// Object Lock retention for every object tresor uploads
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectLock {
    /// Compliance (nobody can shorten it) or governance (privileged users can).
    pub mode: LockMode,
    /// Days from the upload until the object may be deleted.
    pub days: u32,
}

/// The two Object Lock retention modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// Nobody, not even the account's root user, can delete before the date.
    Compliance,
    /// Users with `s3:BypassGovernanceRetention` can.
    Governance,
}

/// A named backup run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The name (`tresor backup --job <name>`).
    pub name: String,
    /// Name of a key of [`Config::destinations`] (checked).
    pub destination: String,
    /// Destinations that get this job's snapshots after the backup, in this
    /// order (`mirrors: [nas, s3]`; checked: defined, not `destination`).
    pub mirrors: Vec<String>,
    /// File sources: every active profile's paths, then the config's `sources:`.
    pub sources: Vec<FileSource>,
    /// Databases of the active profiles.
    pub databases: Vec<DatabaseSpec>,
    /// SQL `COPY_ONLY` backups (do not disturb the nightly backup chain).
    pub copy_only: bool,
    /// Retention for this job's snapshots.
    pub retention: Retention,
    /// When it runs (`manual` or a weekly cron line).
    pub schedule: Schedule,
    /// Command run before the job reads anything (`before:`; e.g. stop a service).
    pub before: Option<Hook>,
    /// Command run after the job, always — also when it failed (`after:`).
    pub after: Option<Hook>,
    /// Read the sources from a VSS shadow copy of their volumes (`shadow_copy: true`; Windows).
    pub shadow_copy: bool,
}

/// A command a job runs before or after its work (`cmd /C` on Windows, `sh -c` elsewhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    /// The command line, as written.
    pub command: String,
    /// Seconds it may take before it is stopped (default 300).
    pub timeout_seconds: u32,
}

/// A file or directory to back up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSource {
    /// For reports: `x.concept: DEDATA`, `D:\Scans`.
    pub label: String,
    /// Resolved local path to read from (a directory or a single file).
    pub path: PathBuf,
    /// Where it appears inside a snapshot: `C/DConcept/DEDATA`, `UNC/nas/share/dir`.
    pub snapshot_path: String,
    /// Globs relative to `path`; empty means everything.
    pub include: Vec<String>,
    /// Globs relative to `path` to leave out.
    pub exclude: Vec<String>,
    /// Missing optional source = note; missing required source = warning.
    pub optional: bool,
    /// Practice data or configuration/licence file.
    pub kind: PathKind,
}

/// A SQL Server database to back up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseSpec {
    /// Database name, or a pattern with `*` / `?` (matched case-insensitively against
    /// the server's databases when the backup runs: "discovered" databases).
    pub name: String,
    /// Missing optional database = note; missing required = warning.
    pub optional: bool,
    /// The database uses FILESTREAM (travels inside the native backup).
    pub filestream: bool,
}

impl DatabaseSpec {
    /// True when `name` is a pattern to match against the server's databases.
    pub fn is_pattern(&self) -> bool {
        self.name.contains(['*', '?'])
    }
}

/// How many snapshots of one job to keep (applied per job by `tresor forget`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The newest n snapshots.
    pub keep_last: u32,
    /// The newest snapshot of each of the last n days.
    pub keep_daily: u32,
    /// … of each of the last n weeks.
    pub keep_weekly: u32,
    /// … of each of the last n months.
    pub keep_monthly: u32,
    /// … of each of the last n years.
    pub keep_yearly: u32,
}

impl Default for Retention {
    /// 3 last, 10 daily, 6 weekly, 12 monthly, 5 yearly.
    fn default() -> Retention {
        Retention {
            keep_last: 3,
            keep_daily: 10,
            keep_weekly: 6,
            keep_monthly: 12,
            keep_yearly: 5,
        }
    }
}

/// SQL Server settings, typed; `staging` already resolved.
#[derive(Clone, Debug)]
pub struct SqlServerConfig {
    /// Which server and how to log in.
    pub target: SqlTarget,
    /// The staging folder as tresor reads it (resolved local path).
    pub staging: PathBuf,
    /// The same folder as SQL Server must write it (`C:\tresor\staging`), for `BACKUP … TO DISK`.
    pub staging_for_server: String,
    /// Timeout of one BACKUP/RESTORE statement.
    pub timeout_minutes: u32,
    /// Accept the server's self-signed TLS certificate (usual for local Express instances).
    pub trust_server_certificate: bool,
}

/// Which SQL Server to talk to.
#[derive(Clone, Debug)]
pub enum SqlTarget {
    /// An ADO.NET connection string, as written.
    ConnectionString(String),
    /// Individual fields.
    Server {
        /// Host name (`.` or `localhost` for this server).
        host: String,
        /// Named instance (`MEDATIXX`), via SQL Browser.
        instance: Option<String>,
        /// Fixed TCP port.
        port: Option<u16>,
        /// How to log in.
        auth: SqlAuth,
    },
}

/// SQL Server authentication.
#[derive(Clone, Debug)]
pub enum SqlAuth {
    /// Integrated (the account tresor runs as).
    Windows,
    /// SQL login.
    Sql {
        /// Login name.
        user: String,
        /// Password (redacted in Debug output).
        password: SecretString,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_patterns() {
        let db = |name: &str| DatabaseSpec {
            name: name.into(),
            optional: true,
            filestream: false,
        };
        assert!(db("XC_*").is_pattern());
        assert!(!db("WINACS").is_pattern());
    }

    #[test]
    fn s3_secrets_stay_out_of_debug_output() {
        let c = S3Credentials::Key {
            access_key_id: "AKIA".into(),
            secret: SecretSource::Inline(SecretString::from("geheim".to_string())),
        };
        assert!(!format!("{c:?}").contains("geheim"));
        assert_eq!(c.clone(), c);
    }

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let auth = SqlAuth::Sql {
            user: "sa".into(),
            password: SecretString::from("geheim".to_string()),
        };
        assert!(!format!("{auth:?}").contains("geheim"));
    }
}

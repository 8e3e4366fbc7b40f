//! The command line as clap sees it: every flag with a one-line explanation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "tresor",
    version,
    about = "Encrypted, deduplicated backups for medical practices (medatixx, SQL Server, RDX/NAS/S3)"
)]
pub struct Cli {
    /// Practice configuration (default: $TRESOR_CONFIG, else C:\ProgramData\tresor\tresor.yaml or /etc/tresor/tresor.yaml)
    #[arg(long, global = true, env = "TRESOR_CONFIG")]
    pub config: Option<PathBuf>,
    /// Language of messages: de (default) or en; overrides the config
    #[arg(long, global = true, env = "TRESOR_LANG")]
    pub language: Option<String>,
    /// Print nothing but errors and warnings (no progress, no lists, no summaries)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Debug logging (or TRESOR_LOG=tresor=debug)
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the machine key, a recovery key and the repository on the destinations
    Init(InitArgs),
    /// Run a backup job (e.g. `tresor backup --job nightly`; without --job only when exactly one job is configured)
    Backup(BackupArgs),
    /// List the snapshots of a repository
    Snapshots(SnapshotsArgs),
    /// List the files of a snapshot (e.g. `tresor ls latest C/DConcept/DEDATA`)
    Ls(LsArgs),
    /// Restore files from a snapshot into a folder
    Restore(RestoreArgs),
    /// Restore a SQL Server database from a snapshot (e.g. `tresor restore-db latest --database WINACS --as WINACS_alt`)
    RestoreDb(RestoreDbArgs),
    /// Restore drill: every database under a scratch name + DBCC CHECKDB, a sample of files; result in the journal
    Drill(DrillArgs),
    /// Verify the repository; --read-data also reads and proves every byte
    Check(CheckArgs),
    /// Remove snapshots by the retention policy, per job (then `prune` frees the space). Without --keep-*: the destination's own retention, else each job's
    Forget(ForgetArgs),
    /// Delete data no snapshot needs any more
    Prune(PruneArgs),
    /// Copy the snapshots another destination lacks (e.g. `tresor mirror --from rdx --to nas`)
    Mirror(MirrorArgs),
    /// Check the practice configuration without running anything
    Config(ConfigArgs),
    /// The journal of every run: check its chain of hashes, show its entries
    Journal(JournalArgs),
    /// The practice's backups at a glance; exit codes for monitoring: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    Status(StatusArgs),
    /// Run the whole cycle on a generated demo practice (no setup needed)
    Demo(DemoArgs),
    /// RDX cartridges: label the one in the drive, show which one is due
    Media(MediaArgs),
    /// Job mails: `tresor mail test` sends a test message through the configured server
    Mail(MailArgs),
    /// The ransomware guard: show an alarm, release it (false alarm) or confirm it
    Guard(GuardArgs),
    /// When jobs run: register them with Task Scheduler (systemd timers on Linux), show the next runs, remove them
    Schedule(ScheduleArgs),
    /// Print a shell completion script (bash, powershell)
    Completions(CompletionsArgs),
    /// Find the installed medatixx products and write a starter tresor.yaml (`--root DIR` off Windows)
    Detect(DetectArgs),
    /// Keys: list them and which snapshots each reads, add a recovery key, rotate the machine key
    Key(KeyArgs),
    /// Write the printable emergency sheet (Notfallblatt) for the practice's binder: PDF and text
    Notfallblatt(NotfallblattArgs),
}

/// Where the repository is and which key opens it.
#[derive(Args, Debug, Clone, Default)]
pub struct RepoArgs {
    /// Repository folder (RDX cartridge, NAS path), instead of a configured destination
    #[arg(long, value_name = "PATH")]
    pub repo: Option<String>,
    /// Configured destination to use (default: the first one in the configuration's order); also --from
    #[arg(long, short = 'd', alias = "from", value_name = "NAME")]
    pub destination: Option<String>,
    /// age key file: machine key or a recovery key from the emergency folder
    #[arg(long, value_name = "FILE", env = "TRESOR_KEY_FILE")]
    pub key: Option<PathBuf>,
}

/// `--json`, on the commands that print a JSON document (docs/output.md).
#[derive(Args, Debug, Clone, Default)]
pub struct JsonArg {
    /// Print one JSON document on stdout, also for errors (see docs/output.md);
    /// `--json=true` / `--json=false` are accepted too
    #[arg(
        long,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        default_value_t = false,
        hide_default_value = true,
        hide_possible_values = true,
        value_name = "true|false",
        action = clap::ArgAction::Set
    )]
    pub json: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct SnapshotsArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    /// Folder for the new key files (machine key when no config names one, recovery key)
    #[arg(long, value_name = "DIR")]
    pub key_out: Option<PathBuf>,
    /// Additional recovery recipient (age1…), may be repeated
    #[arg(long = "recovery-recipient", value_name = "AGE1…")]
    pub recovery_recipients: Vec<String>,
}

#[derive(Args, Debug, Default)]
pub struct BackupArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Job from the configuration (nightly, feierabend, …)
    #[arg(long, short)]
    pub job: Option<String>,
    /// Back up these folders instead of a configured job (ad hoc)
    #[arg(long, value_name = "DIR")]
    pub path: Vec<PathBuf>,
    /// In a terminal, show the technical report instead of the staff's final screen
    #[arg(long)]
    pub details: bool,
}

#[derive(Args, Debug)]
pub struct LsArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Snapshot id (prefix), `latest` or `latest:JOB`
    pub snapshot: String,
    /// Only below this path: C/DConcept/DEDATA, also typed the Windows way ('C:\\DConcept\\DEDATA')
    pub path: Option<String>,
}

#[derive(Args, Debug, Default)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Snapshot id (prefix), `latest` or `latest:JOB`
    pub snapshot: String,
    /// Folder to restore into (created if missing)
    #[arg(
        long,
        short,
        required_unless_present = "to_original",
        conflicts_with = "to_original"
    )]
    pub target: Option<PathBuf>,
    /// Put the files back where they were backed up from (C/WINACS/x → C:\WINACS\x;
    /// on Linux through the configuration's `drives:`/`unc:` mounts)
    #[arg(long)]
    pub to_original: bool,
    /// Only these paths or globs (C/DConcept/DEDATA, 'C:\DConcept\DEDATA' or '**/*.RTF'); repeatable
    #[arg(long, short)]
    pub include: Vec<String>,
    /// Replace files, links and hard links that already exist in the target
    /// (the entry is replaced; what a link points to is never written)
    #[arg(long)]
    pub overwrite: bool,
    /// With --to-original --overwrite: also replace files that are newer than the snapshot's copy
    #[arg(long, requires = "overwrite")]
    pub force: bool,
    /// Also restore setuid/setgid permission bits (off by default)
    #[arg(long)]
    pub keep_setid: bool,
}

#[derive(Args, Debug)]
pub struct MirrorArgs {
    /// The source: `--from NAME` (default: the first destination) or `--repo PATH`
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Destination that gets the snapshots it lacks (a configured name, or a repository folder); repeatable
    #[arg(long, value_name = "NAME|PATH", required = true)]
    pub to: Vec<String>,
    /// Only say how far each target lags behind; copy nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Also download, decrypt and verify every pack (slow, complete)
    #[arg(long)]
    pub read_data: bool,
    /// Rewrite unusable copies of the root files (tresor.repo, config) from the good copy, and add missing second copies
    #[arg(long)]
    pub repair_root: bool,
}

#[derive(Args, Debug)]
pub struct ForgetArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Keep each job's N newest snapshots (the flags apply to every job, each planned on its own)
    #[arg(long)]
    pub keep_last: Option<u32>,
    /// Keep each job's newest snapshot of each of its last N days that have one (not calendar days)
    #[arg(long)]
    pub keep_daily: Option<u32>,
    /// As --keep-daily, for the last N weeks that have a snapshot
    #[arg(long)]
    pub keep_weekly: Option<u32>,
    /// As --keep-daily, for the last N months that have a snapshot
    #[arg(long)]
    pub keep_monthly: Option<u32>,
    /// As --keep-daily, for the last N years that have a snapshot
    #[arg(long)]
    pub keep_yearly: Option<u32>,
    /// Show what would be removed, remove nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Run prune afterwards
    #[arg(long)]
    pub prune: bool,
}

#[derive(Args, Debug)]
pub struct PruneArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Show what would be deleted, delete nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Validate tresor.yaml and show what it resolves to
    Check,
}

/// Which journal file (`journal`, `status`).
#[derive(Args, Debug, Clone, Default)]
pub struct JournalFileArg {
    /// Journal file (default: journal.jsonl beside the configured machine key)
    #[arg(long, value_name = "FILE", env = "TRESOR_JOURNAL")]
    pub journal: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct JournalArgs {
    #[command(subcommand)]
    pub action: JournalAction,
}

#[derive(Subcommand, Debug)]
pub enum JournalAction {
    /// Check the chain: exit 0 intact, 2 when an entry was edited, deleted, reordered or cut short
    Verify(JournalVerifyArgs),
    /// Show the entries, oldest first
    Show(JournalShowArgs),
}

#[derive(Args, Debug)]
pub struct JournalVerifyArgs {
    #[command(flatten)]
    pub file: JournalFileArg,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct JournalShowArgs {
    #[command(flatten)]
    pub file: JournalFileArg,
    #[command(flatten)]
    pub out: JsonArg,
    /// Only the newest N entries
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub file: JournalFileArg,
    #[command(flatten)]
    pub out: JsonArg,
    /// Print Checkmk local-check lines (one service per job, cartridge set, mirror, drill)
    #[arg(long, conflicts_with = "json")]
    pub checkmk: bool,
}

#[derive(Args, Debug)]
pub struct GuardArgs {
    #[command(subcommand)]
    pub action: GuardAction,
}

#[derive(Subcommand, Debug)]
pub enum GuardAction {
    /// The alarm: when, what was seen, whether confirmed (exit 2 while one is open)
    Show(GuardShowArgs),
    /// Close the alarm as a false one: retention and prune run again
    Release(GuardReleaseArgs),
    /// Confirm the attack: retention stays paused, the last clean snapshot goes into the journal
    Confirm(GuardConfirmArgs),
    /// Let only the backup account write the local destinations (icacls on Windows, modes on Linux)
    Shield(GuardShieldArgs),
}

#[derive(Args, Debug)]
pub struct GuardShieldArgs {
    /// Only this configured destination or folder (default: every local destination)
    #[command(flatten)]
    pub repo: RepoArgs,
    /// The Windows account tresor runs as (default: SYSTEM, `*S-1-5-18`)
    #[arg(long, value_name = "ACCOUNT", default_value = "*S-1-5-18")]
    pub account: String,
    /// Print the commands or changes, change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct GuardShowArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct GuardReleaseArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Why it was a false alarm (goes into the journal)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct GuardConfirmArgs {
    /// Where to look for the last clean snapshot (default: the alarm's destination)
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// A note for the journal
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Args, Debug)]
pub struct MailArgs {
    #[command(subcommand)]
    pub action: MailAction,
}

#[derive(Subcommand, Debug)]
pub enum MailAction {
    /// Send a test message through the `mail:` server of tresor.yaml (exit 0: the server took it)
    Test(MailTestArgs),
}

#[derive(Args, Debug)]
pub struct MailTestArgs {
    /// Send to this address instead of `mail.to`; repeatable
    #[arg(long, value_name = "ADDRESS")]
    pub to: Vec<String>,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Folder for the demo practice, its RDX and NAS folders (default ./tresor-demo)
    #[arg(long, default_value = "tresor-demo")]
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestoreDbArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Snapshot id (prefix), `latest` or `latest:JOB`
    pub snapshot: String,
    /// Database in the snapshot
    #[arg(long)]
    pub database: String,
    /// Restore under this name instead (the original stays untouched)
    #[arg(long = "as", value_name = "NEWNAME")]
    pub as_name: Option<String>,
    /// Folder for the data files (default: the server's default folder)
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Folder for the log file (default: the data folder)
    #[arg(long, value_name = "DIR")]
    pub log_dir: Option<PathBuf>,
    /// Folder for FILESTREAM containers (default: the data folder)
    #[arg(long, value_name = "DIR")]
    pub filestream_dir: Option<PathBuf>,
    /// Replace an existing database of that name
    #[arg(long)]
    pub force: bool,
    /// Run DBCC CHECKDB on the restored database
    #[arg(long)]
    pub checkdb: bool,
    /// Where to put the .bak for SQL Server to read (default: the staging folder)
    #[arg(long, value_name = "DIR")]
    pub extract_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DrillArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
    /// Number of files to restore and compare
    #[arg(long, default_value_t = 20)]
    pub sample: usize,
}

#[derive(Args, Debug)]
pub struct MediaArgs {
    #[command(subcommand)]
    pub action: MediaAction,
}

#[derive(Subcommand, Debug)]
pub enum MediaAction {
    /// Prepare the cartridge in the drive: set up the repository and write its label (never formats)
    Label(MediaLabelArgs),
    /// What is in the drive now, which cartridge is due, and the rotation plan
    Show(MediaShowArgs),
}

#[derive(Args, Debug)]
pub struct MediaLabelArgs {
    /// The cartridge's name in the rotation plan, as on its sticker (e.g. "Dienstag extern")
    #[arg(long)]
    pub name: String,
    /// The rotation's destination (default: `rotation.destination` of the configuration)
    #[arg(long, short = 'd', value_name = "NAME")]
    pub destination: Option<String>,
    /// Give a cartridge that already carries another name of this installation the new name
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct MediaShowArgs {
    /// The rotation's destination (default: `rotation.destination` of the configuration)
    #[arg(long, short = 'd', value_name = "NAME")]
    pub destination: Option<String>,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    pub action: ScheduleAction,
}

#[derive(Subcommand, Debug)]
pub enum ScheduleAction {
    /// Register every scheduled job (Task Scheduler on Windows, systemd timers on Linux) and the Feierabend desktop shortcut
    Install(ScheduleInstallArgs),
    /// The next runs of every job, in the server's time zone
    Show(ScheduleShowArgs),
    /// Remove every task, timer and shortcut tresor installed, also of jobs no longer configured
    Remove(ScheduleRemoveArgs),
}

/// Which scheduler `schedule install`/`remove` writes for.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheduler {
    Windows,
    Systemd,
}

/// Where the scheduler's files go (`schedule install`, `schedule remove`).
#[derive(Args, Debug, Clone, Default)]
pub struct SchedulerArgs {
    /// Scheduler to write for: windows (Task Scheduler and the desktop shortcut) or systemd (timer units); default: the system's own
    #[arg(long, value_enum)]
    pub scheduler: Option<Scheduler>,
    /// Folder for the task XML files (default: `tasks` beside tresor.yaml)
    #[arg(long, value_name = "DIR")]
    pub xml_dir: Option<PathBuf>,
    /// Folder for the systemd units (default: /etc/systemd/system)
    #[arg(long, value_name = "DIR")]
    pub unit_dir: Option<PathBuf>,
    /// Print what would be written and run; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct ScheduleInstallArgs {
    #[command(flatten)]
    pub target: SchedulerArgs,
    /// Run the tasks as this Windows user (e.g. PRAXIS\tresor; schtasks asks for the password) instead of SYSTEM
    #[arg(long, value_name = "USER")]
    pub run_as: Option<String>,
    /// Stop a run after this many hours
    #[arg(long, value_name = "HOURS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=72))]
    pub time_limit: u32,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct DetectArgs {
    /// Drive root: DIR/C is C:, DIR/D is D:, DIR/UNC/server/share is \\server\share (default on Windows: the real drives)
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the starter configuration (default: --config, else the standard tresor.yaml)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing file; the old one is kept beside it as FILE.bak-<UTC time>
    #[arg(long)]
    pub force: bool,
    /// Ask the SQL Server for its databases: with the connection string found in the files, or the one given
    #[arg(long, value_name = "CONNECTION", num_args = 0..=1, default_missing_value = "")]
    pub sql: Option<String>,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct ScheduleShowArgs {
    /// How many runs per job
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub count: usize,
    /// Time zone to show the runs in (IANA name, e.g. Europe/Berlin; default: the server's)
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug)]
pub struct ScheduleRemoveArgs {
    #[command(flatten)]
    pub target: SchedulerArgs,
    #[command(flatten)]
    pub out: JsonArg,
}

/// Shells `tresor completions` writes a script for.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionShell {
    Bash,
    Powershell,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash (save as /etc/bash_completion.d/tresor) or powershell (add to $PROFILE)
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

impl Command {
    /// The subcommand's name as typed (`restore-db`), for JSON documents.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Init(_) => "init",
            Command::Backup(_) => "backup",
            Command::Snapshots(_) => "snapshots",
            Command::Ls(_) => "ls",
            Command::Restore(_) => "restore",
            Command::RestoreDb(_) => "restore-db",
            Command::Drill(_) => "drill",
            Command::Check(_) => "check",
            Command::Mirror(_) => "mirror",
            Command::Forget(_) => "forget",
            Command::Prune(_) => "prune",
            Command::Config(_) => "config",
            Command::Journal(a) => match a.action {
                JournalAction::Verify(_) => "journal verify",
                JournalAction::Show(_) => "journal show",
            },
            Command::Status(_) => "status",
            Command::Demo(_) => "demo",
            Command::Media(_) => "media",
            Command::Mail(_) => "mail",
            Command::Guard(a) => match a.action {
                GuardAction::Show(_) => "guard show",
                GuardAction::Release(_) => "guard release",
                GuardAction::Confirm(_) => "guard confirm",
                GuardAction::Shield(_) => "guard shield",
            },
            Command::Schedule(a) => match a.action {
                ScheduleAction::Install(_) => "schedule install",
                ScheduleAction::Show(_) => "schedule show",
                ScheduleAction::Remove(_) => "schedule remove",
            },
            Command::Completions(_) => "completions",
            Command::Detect(_) => "detect",
            Command::Key(a) => match a.action {
                KeyAction::List(_) => "key list",
                KeyAction::AddRecovery(_) => "key add-recovery",
                KeyAction::Rotate(_) => "key rotate",
            },
            Command::Notfallblatt(_) => "notfallblatt",
        }
    }

    /// Was `--json` given? (Only commands that can print a JSON document accept it.)
    pub fn json(&self) -> bool {
        match self {
            Command::Backup(a) => a.out.json,
            Command::Snapshots(a) => a.out.json,
            Command::Ls(a) => a.out.json,
            Command::Restore(a) => a.out.json,
            Command::RestoreDb(a) => a.out.json,
            Command::Drill(a) => a.out.json,
            Command::Check(a) => a.out.json,
            Command::Mirror(a) => a.out.json,
            Command::Forget(a) => a.out.json,
            Command::Prune(a) => a.out.json,
            Command::Media(a) => match &a.action {
                MediaAction::Label(l) => l.out.json,
                MediaAction::Show(s) => s.out.json,
            },
            Command::Journal(a) => match &a.action {
                JournalAction::Verify(v) => v.out.json,
                JournalAction::Show(v) => v.out.json,
            },
            Command::Status(a) => a.out.json,
            Command::Mail(a) => match &a.action {
                MailAction::Test(t) => t.out.json,
            },
            Command::Guard(a) => match &a.action {
                GuardAction::Show(s) => s.out.json,
                GuardAction::Release(r) => r.out.json,
                GuardAction::Confirm(c) => c.out.json,
                GuardAction::Shield(_) => false,
            },
            Command::Schedule(a) => match &a.action {
                ScheduleAction::Install(i) => i.out.json,
                ScheduleAction::Show(s) => s.out.json,
                ScheduleAction::Remove(r) => r.out.json,
            },
            Command::Detect(a) => a.out.json,
            Command::Key(a) => match &a.action {
                KeyAction::List(l) => l.out.json,
                KeyAction::AddRecovery(_) | KeyAction::Rotate(_) => false,
            },
            Command::Init(_)
            | Command::Config(_)
            | Command::Demo(_)
            | Command::Completions(_)
            | Command::Notfallblatt(_) => false,
        }
    }
}

/// `tresor key …`: the machine key, the recovery keys and the retired machine keys.
#[derive(Args, Debug)]
pub struct KeyArgs {
    #[command(subcommand)]
    pub action: KeyAction,
}

#[derive(Subcommand, Debug)]
pub enum KeyAction {
    /// The machine key, retired machine keys and recovery keys, and for every reachable destination which keys its snapshots are encrypted to
    List(KeyListArgs),
    /// Add a recovery key (a new one, or `--recipient age1…`) to the identity and every reachable destination
    AddRecovery(KeyAddRecoveryArgs),
    /// A new machine key for everything written from now on; the old one is kept (renamed with its date) to read older files
    Rotate(KeyRotateArgs),
}

#[derive(Args, Debug, Clone, Default)]
pub struct KeyListArgs {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub out: JsonArg,
}

#[derive(Args, Debug, Clone, Default)]
pub struct KeyAddRecoveryArgs {
    /// The public key (age1…) of a recovery key made elsewhere; without it a new recovery key is made and printed once
    #[arg(long, value_name = "AGE1…")]
    pub recipient: Option<String>,
    /// Folder for the new recovery key file (default: beside the machine key)
    #[arg(long, value_name = "DIR", conflicts_with = "recipient")]
    pub key_out: Option<PathBuf>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct KeyRotateArgs {}

/// `tresor notfallblatt`: the emergency sheet.
#[derive(Args, Debug, Clone, Default)]
pub struct NotfallblattArgs {
    /// Folder to write notfallblatt.pdf and notfallblatt.txt into (default: the current folder)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Recovery key file whose secret key is printed on the sheet (text and QR code)
    #[arg(long, value_name = "FILE", conflicts_with = "no_key")]
    pub recovery_key: Option<PathBuf>,
    /// Print no key; the sheet says where the recovery key is kept (emergency_sheet.recovery_key_kept)
    #[arg(long)]
    pub no_key: bool,
}

//! CLI: argument parsing (clap derive), one file per command, and the one
//! place where errors become messages and exit codes.

// std's print macros panic when stdout or stderr cannot be written (a closed
// pipe, a full disk). These shadow them in every module declared below
// (macro_rules scoping is textual), so no print path of any command can
// panic; `output` says what happens instead.
macro_rules! println {
    () => { $crate::cli::output::line(format_args!("")) };
    ($($arg:tt)*) => { $crate::cli::output::line(format_args!($($arg)*)) };
}
#[allow(unused_macros)]
macro_rules! print {
    ($($arg:tt)*) => { $crate::cli::output::text(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::cli::output::err_line(format_args!("")) };
    ($($arg:tt)*) => { $crate::cli::output::err_line(format_args!($($arg)*)) };
}
// A line that `--quiet` must not hide: a warning, or a line an error refers
// to. stdout normally, stderr with `--quiet` / `--json` (see `output`).
#[allow(unused_macros)]
macro_rules! keepln {
    ($($arg:tt)*) => { $crate::cli::output::keep_line(format_args!($($arg)*)) };
}
#[allow(unused_macros)]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::cli::output::err_text(format_args!($($arg)*)) };
}

mod args;
mod cmd_backup;
mod cmd_check;
mod cmd_completions;
mod cmd_config;
mod cmd_demo;
mod cmd_detect;
mod cmd_drill;
mod cmd_forget;
mod cmd_guard;
mod cmd_init;
mod cmd_journal;
mod cmd_key;
mod cmd_ls;
mod cmd_mail;
mod cmd_media;
mod cmd_mirror;
mod cmd_notfallblatt;
mod cmd_restore;
mod cmd_restore_db;
mod cmd_schedule;
mod cmd_snapshots;
mod cmd_status;
mod context;
mod demo_tree;
mod help;
mod journaling;
mod output;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, Command};
pub use help::localized;

use crate::config::Language;
use crate::error::{exit, Error};
use crate::tr;

/// What a successful command reports back: did it see warnings?
pub enum Outcome {
    Ok,
    Warnings,
    /// `tresor status`: a monitoring plugin's code (0 OK, 1 WARNING,
    /// 2 CRITICAL, 3 UNKNOWN), not an error.
    Monitoring(i32),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let typed: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // --help is printed while parsing: the language must be known before.
    let command = help::localized(Cli::command(), early_language(&typed));
    let cli = match command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return parse_failed(&e),
    };
    init_tracing(cli.verbose);
    let json = cli.command.json();
    let command = cli.command.name();
    output::set_mode(cli.quiet, json);
    let lang = context::language_hint(&cli);
    let (result, lang) = run(cli, lang);
    let (code, error) = match result {
        Ok(Outcome::Ok) => (exit::OK, None),
        Ok(Outcome::Warnings) => (exit::WARNINGS, None),
        Ok(Outcome::Monitoring(code)) => (code, None),
        Err(e) => (report(&e, lang), Some(error_info(&e, lang))),
    };
    if json {
        output::write_document(&output::document(command, code, error));
    }
    delivered(code, lang)
}

/// clap could not parse the command line (or was asked for --help /
/// --version). clap's own text is English and cannot be translated, so a
/// usage error gets a lead line and a hint in the run's language around it;
/// with `--json` anywhere on the line, one JSON document as well.
fn parse_failed(e: &clap::Error) -> i32 {
    use clap::error::ErrorKind;
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang = early_language(&args);
    let code = if e.use_stderr() {
        exit::USAGE
    } else {
        exit::OK
    };
    // --help and --version go to stdout: a closed pipe or full disk there too.
    if code == exit::OK || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let printed = e.print();
        if code == exit::USAGE && wants_json(&args) {
            output::set_mode(false, true);
            let info = output::ErrorInfo {
                code: "usage".into(),
                message: tr!(lang, "cli-usage-no-command"),
                hint: Some(tr!(lang, "cli-hint-help")),
            };
            output::write_document(&output::document("", code, Some(info)));
        }
        return match printed {
            Ok(()) => delivered(code, lang),
            Err(io) => delivered(code, lang).max(report(&Error::Output(io), lang)),
        };
    }
    let command = typed_command(&args);
    let message = clap_message(e);
    let hint = match &command {
        Some(c) => tr!(lang, "cli-usage-hint-command", command = c.as_str()),
        None => tr!(lang, "cli-hint-help"),
    };
    eprintln!(
        "{}: {}",
        tr!(lang, "cli-error-label"),
        tr!(lang, "cli-usage-error")
    );
    for line in message.lines() {
        eprintln!("  {line}");
    }
    eprintln!("  → {hint}");
    // A monitoring tool that asked for JSON gets JSON, also for a typo.
    if wants_json(&args) {
        output::set_mode(false, true);
        let info = output::ErrorInfo {
            code: "usage".into(),
            message: format!("{}\n{message}", tr!(lang, "cli-usage-error")),
            hint: Some(hint),
        };
        let name = command.unwrap_or_default();
        output::write_document(&output::document(&name, code, Some(info)));
    }
    delivered(code, lang)
}

/// The global options that take a value (`--config FILE`, `--language de`).
const GLOBAL_WITH_VALUE: [&str; 2] = ["--config", "--language"];

/// The subcommand as typed: the first word that is neither an option nor
/// the value of a global option (`tresor --language en snapshots` →
/// `snapshots`).
fn typed_command(args: &[String]) -> Option<String> {
    let mut words = args.iter().skip(1);
    while let Some(a) = words.next() {
        if a == "--" {
            return words.next().cloned();
        }
        if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
            words.next();
            continue;
        }
        if a.starts_with('-') {
            continue;
        }
        return Some(a.clone());
    }
    None
}

/// `--json` (or `--json=…` other than `false`) anywhere on the line.
fn wants_json(args: &[String]) -> bool {
    args.iter()
        .skip(1)
        .any(|a| a == "--json" || a.strip_prefix("--json=").is_some_and(|v| v != "false"))
}

/// The language of a command line clap refused: `--language` wherever it
/// sits, else `TRESOR_LANG`, else the config's `language:` when it can be
/// read, else German.
fn early_language(args: &[String]) -> Language {
    let mut given: Option<String> = None;
    let mut config: Option<String> = None;
    let mut words = args.iter().skip(1);
    while let Some(a) = words.next() {
        if a == "--" {
            break;
        }
        for (name, slot) in [("--language", &mut given), ("--config", &mut config)] {
            if a == name {
                *slot = words.next().cloned();
                break;
            }
            if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                *slot = Some(v.to_string());
                break;
            }
        }
    }
    if let Some(l) = given
        .or_else(|| std::env::var("TRESOR_LANG").ok())
        .as_deref()
        .and_then(context::parse_language)
    {
        return l;
    }
    let path = config
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("TRESOR_CONFIG").map(Into::into))
        .unwrap_or_else(context::default_config_path);
    if !path.is_file() {
        return Language::default();
    }
    crate::config::load(&path)
        .map(|c| c.language)
        .unwrap_or_default()
}

/// clap's whole message without its `error: ` lead and its English
/// "For more information, try '--help'." (the caller adds a hint).
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("For more information"))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints an error with its hint on stderr; returns its exit code.
fn report(e: &Error, lang: Language) -> i32 {
    let (msg, hint) = e.render(lang);
    eprintln!("{}: {msg}", tr!(lang, "cli-error-label"));
    if let Some(h) = hint {
        eprintln!("  → {h}");
    }
    e.exit_code()
}

/// An error as the JSON document carries it.
fn error_info(e: &Error, lang: Language) -> output::ErrorInfo {
    let (message, hint) = e.render(lang);
    output::ErrorInfo {
        code: error_code(e).to_string(),
        message,
        hint,
    }
}

/// A stable code per kind of error, for monitoring tools (docs/output.md).
pub fn error_code(e: &Error) -> &'static str {
    use crate::job::JobError;
    use crate::repo::RepoError;
    use crate::storage::StorageError;
    let repo = |r: &RepoError| match r {
        RepoError::NotARepository { .. } => "not_a_repository",
        RepoError::FutureVersion { .. } => "future_version",
        RepoError::WrongKey { .. } => "wrong_key",
        RepoError::SnapshotNotFound { .. } | RepoError::NoReadableSnapshot { .. } => {
            "snapshot_not_found"
        }
        RepoError::AmbiguousSnapshot { .. } => "snapshot_ambiguous",
        RepoError::Locked { .. } => "locked",
        RepoError::Storage(
            StorageError::Unavailable { .. }
            | StorageError::GaveUp { .. }
            | StorageError::Unreachable { .. }
            | StorageError::Throttled { .. }
            | StorageError::Server { .. },
        ) => "destination_unavailable",
        RepoError::Storage(StorageError::WindowClosed { .. }) => "window_closed",
        RepoError::Storage(StorageError::Auth { .. }) => "storage_auth",
        RepoError::Storage(StorageError::BucketMissing { .. }) => "storage_bucket_missing",
        RepoError::Storage(StorageError::RetentionRefused { .. }) => "storage_retention",
        RepoError::Storage(StorageError::ClockSkew { .. }) => "storage_clock_skew",
        RepoError::Storage(StorageError::ObjectLockMissing { .. }) => "storage_object_lock_missing",
        RepoError::Storage(_) => "storage",
        _ => "repository",
    };
    match e {
        Error::Config(_) => "config",
        Error::Usage(_) => "usage",
        Error::Repo(r) | Error::Job(JobError::Repo(r)) => repo(r),
        Error::Job(JobError::NothingSelected { .. }) => "nothing_selected",
        Error::Job(JobError::WouldOverwrite { .. }) => "would_overwrite",
        Error::Job(_) => "restore",
        Error::Key { .. } | Error::KeyUnreadable { .. } | Error::KeyFile { .. } => "key",
        Error::KeyMissing => "key_missing",
        Error::CheckFailed { .. } => "check_failed",
        Error::Output(_) => "output",
        Error::RestoreIncomplete { .. } => "restore_incomplete",
        Error::DbRestore(_) => "database_restore",
        Error::DrillFailed(_) => "drill_failed",
        Error::Refused { code, .. } => code,
        Error::Identity(i) => i.code(),
        Error::Media(m) => m.code(),
        _ => "failed",
    }
}

/// The exit code once stdout is flushed: a closed pipe changes nothing, a
/// failed write (full disk) makes it a failure.
fn delivered(code: i32, lang: Language) -> i32 {
    match output::finish() {
        output::Delivery::Complete | output::Delivery::Closed => code,
        output::Delivery::Failed(e) => code.max(report(&Error::Output(e), lang)),
    }
}

fn init_tracing(verbose: bool) {
    let filter = if verbose {
        "tresor=debug"
    } else {
        "tresor=warn"
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TRESOR_LOG")
                .unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

/// Runs the command; returns its result and the language to report it in
/// (the config's, once it was read).
fn run(mut cli: Cli, lang: Language) -> (Result<Outcome, Error>, Language) {
    let ctx = match context::Ctx::new(&cli) {
        Ok(c) => c,
        Err(e) => return (Err(e), lang),
    };
    // `D:\Rueckholung` on Linux: through the config's drives, or refused.
    if let Err(e) = context::map_typed_paths(&ctx, &mut cli.command) {
        return (Err(e), ctx.lang);
    }
    let journaled = journaling::kind_of(&cli.command).map(|kind| {
        (
            kind,
            crate::report::record::RunRecord::start(kind, None, ""),
        )
    });
    let r = match &cli.command {
        Command::Init(a) => cmd_init::run(&ctx, a),
        Command::Backup(a) => cmd_backup::run(&ctx, a),
        Command::Snapshots(a) => cmd_snapshots::run(&ctx, a),
        Command::Ls(a) => cmd_ls::run(&ctx, a),
        Command::Restore(a) => cmd_restore::run(&ctx, a),
        Command::RestoreDb(a) => cmd_restore_db::run(&ctx, a),
        Command::Drill(a) => cmd_drill::run(&ctx, a),
        Command::Check(a) => cmd_check::run(&ctx, a),
        Command::Mirror(a) => cmd_mirror::run(&ctx, a),
        Command::Forget(a) => cmd_forget::run_forget(&ctx, a),
        Command::Prune(a) => cmd_forget::run_prune(&ctx, a),
        Command::Config(a) => cmd_config::run(&ctx, a),
        Command::Journal(a) => cmd_journal::run(&ctx, a),
        Command::Status(a) => cmd_status::run(&ctx, a),
        Command::Demo(a) => cmd_demo::run(&ctx, a),
        Command::Media(a) => cmd_media::run(&ctx, a),
        Command::Mail(a) => cmd_mail::run(&ctx, a),
        Command::Guard(a) => cmd_guard::run(&ctx, a),
        Command::Schedule(a) => cmd_schedule::run(&ctx, a, cli.config.as_deref()),
        Command::Completions(a) => cmd_completions::run(a, ctx.lang),
        Command::Detect(a) => cmd_detect::run(&ctx, a, cli.config.as_deref()),
        Command::Key(a) => cmd_key::run(&ctx, a),
        Command::Notfallblatt(a) => cmd_notfallblatt::run(&ctx, a),
    };
    // A warning the repository printed (a damaged root copy it worked
    // around) makes a success one "with warnings", whatever the command.
    let r = match r {
        Ok(Outcome::Ok) if ctx.warned() => Ok(Outcome::Warnings),
        other => other,
    };
    if let Some((kind, started)) = journaled {
        journaling::record_command(&ctx, kind, started, &r);
    }
    (r, ctx.lang)
}

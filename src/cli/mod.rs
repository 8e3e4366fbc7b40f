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
#[allow(unused_macros)]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::cli::output::err_text(format_args!($($arg)*)) };
}

mod args;
mod cmd_backup;
mod cmd_check;
mod cmd_config;
mod cmd_demo;
mod cmd_drill;
mod cmd_forget;
mod cmd_init;
mod cmd_ls;
mod cmd_restore;
mod cmd_restore_db;
mod cmd_snapshots;
mod context;
mod demo_tree;
mod output;

use clap::Parser;

pub use args::{Cli, Command};

use crate::config::Language;
use crate::error::{exit, Error};
use crate::tr;

/// What a successful command reports back: did it see warnings?
pub enum Outcome {
    Ok,
    Warnings,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            // --help and --version go to stdout: a closed pipe or full disk there too.
            let lang = std::env::var("TRESOR_LANG")
                .ok()
                .and_then(|l| context::parse_language(&l))
                .unwrap_or_default();
            // A monitoring tool that asked for JSON gets JSON, also for a typo.
            if code == exit::USAGE && std::env::args().any(|a| a == "--json") {
                let _ = e.print();
                output::set_mode(false, true);
                let command = std::env::args().nth(1).unwrap_or_default();
                let info = output::ErrorInfo {
                    code: "usage".into(),
                    message: clap_message(&e),
                    hint: Some(tr!(lang, "cli-hint-help")),
                };
                output::write_document(&output::document(&command, code, Some(info)));
                return delivered(code, lang);
            }
            return match e.print() {
                Ok(()) => delivered(code, lang),
                Err(io) => delivered(code, lang).max(report(&Error::Output(io), lang)),
            };
        }
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
        Err(e) => (report(&e, lang), Some(error_info(&e, lang))),
    };
    if json {
        output::write_document(&output::document(command, code, error));
    }
    delivered(code, lang)
}

/// clap's own first line (`unexpected argument '--bogus' found`).
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or_default();
    first.trim_start_matches("error: ").to_string()
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
        RepoError::Storage(StorageError::Unavailable { .. }) => "destination_unavailable",
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
        Error::JobFailed(_) => "job_failed",
        Error::Refused { code, .. } => code,
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
fn run(cli: Cli, lang: Language) -> (Result<Outcome, Error>, Language) {
    let ctx = match context::Ctx::new(&cli) {
        Ok(c) => c,
        Err(e) => return (Err(e), lang),
    };
    let r = match &cli.command {
        Command::Init(a) => cmd_init::run(&ctx, a),
        Command::Backup(a) => cmd_backup::run(&ctx, a),
        Command::Snapshots(a) => cmd_snapshots::run(&ctx, a),
        Command::Ls(a) => cmd_ls::run(&ctx, a),
        Command::Restore(a) => cmd_restore::run(&ctx, a),
        Command::RestoreDb(a) => cmd_restore_db::run(&ctx, a),
        Command::Drill(a) => cmd_drill::run(&ctx, a),
        Command::Check(a) => cmd_check::run(&ctx, a),
        Command::Forget(a) => cmd_forget::run_forget(&ctx, a),
        Command::Prune(a) => cmd_forget::run_prune(&ctx, a),
        Command::Config(a) => cmd_config::run(&ctx, a),
        Command::Demo(a) => cmd_demo::run(&ctx, a),
    };
    // A warning the repository printed (a damaged root copy it worked
    // around) makes a success one "with warnings", whatever the command.
    let r = match r {
        Ok(Outcome::Ok) if ctx.warned() => Ok(Outcome::Warnings),
        other => other,
    };
    (r, ctx.lang)
}

//! CLI: argument parsing (clap derive), one file per command, and the one
//! place where errors become messages and exit codes.

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

use clap::Parser;

pub use args::{Cli, Command};

use crate::config::Language;
use crate::error::{exit, Error};

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
            let _ = e.print();
            return code;
        }
    };
    init_tracing(cli.verbose);
    let lang = context::language_hint(&cli);
    match run(cli) {
        Ok(Outcome::Ok) => exit::OK,
        Ok(Outcome::Warnings) => exit::WARNINGS,
        Err((e, lang_after)) => {
            let lang = lang_after.unwrap_or(lang);
            let (msg, hint) = e.render(lang);
            let label = if lang == Language::De {
                "Fehler"
            } else {
                "Error"
            };
            eprintln!("{label}: {msg}");
            if let Some(h) = hint {
                eprintln!("  → {h}");
            }
            e.exit_code()
        }
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

/// Errors carry the language of the config once it was read.
type CmdResult = Result<Outcome, (Error, Option<Language>)>;

fn run(cli: Cli) -> CmdResult {
    let ctx = context::Ctx::new(&cli).map_err(|e| (e, None))?;
    let lang = Some(ctx.lang);
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
    r.map_err(|e| (e, lang))
}

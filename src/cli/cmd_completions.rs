//! `tresor completions bash|powershell`: the shell completion script for
//! every subcommand and flag, generated from the command line (clap_complete).

use clap::CommandFactory;

use crate::config::Language;
use crate::error::Error;

use super::args::{Cli, CompletionShell, CompletionsArgs};
use super::Outcome;

/// Prints the script; its descriptions are in `lang` (PowerShell shows them).
pub fn run(a: &CompletionsArgs, lang: Language) -> Result<Outcome, Error> {
    let shell = match a.shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    let mut cmd = super::help::localized(Cli::command(), lang);
    clap_complete::generate(shell, &mut cmd, "tresor", &mut out);
    print!("{}", String::from_utf8_lossy(&out));
    Ok(Outcome::Ok)
}

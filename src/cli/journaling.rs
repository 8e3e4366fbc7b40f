//! The journal entry of every command that writes, copies, removes or
//! proves backups — backup (with its own detailed record), mirror, forget,
//! prune, restore, restore-db, drill, check — and its line in tresor.log and
//! the Windows Event Log. Reading commands (`snapshots`, `ls`) are not
//! journaled.

use crate::error::{exit, Error};
use crate::report::record::{DestinationRecord, DestinationRole, Notice, RunKind, RunRecord};
use crate::tr;

use super::args::Command;
use super::context::Ctx;
use super::{output, Outcome};

/// The kind of run a command is, when it is journaled here (backup and
/// drill write their own records).
pub fn kind_of(command: &Command) -> Option<RunKind> {
    match command {
        Command::Mirror(a) if !a.dry_run => Some(RunKind::Mirror),
        Command::Forget(a) if !a.dry_run => Some(RunKind::Forget),
        Command::Prune(a) if !a.dry_run => Some(RunKind::Forget),
        Command::Restore(_) => Some(RunKind::Restore),
        Command::RestoreDb(_) => Some(RunKind::RestoreDb),
        Command::Check(_) => Some(RunKind::Check),
        _ => None,
    }
}

/// Journals a finished command of `kind` (see [`kind_of`]) with its outcome,
/// destination, warnings and error.
pub fn record_command(
    ctx: &Ctx,
    kind: RunKind,
    started: RunRecord,
    result: &Result<Outcome, Error>,
) {
    let Some(cfg) = ctx.config.as_ref() else {
        return;
    };
    let mut record = started;
    record.kind = kind;
    record.practice = cfg.practice.clone();
    if let Some(d) = output::destination_read() {
        record.destinations.push(DestinationRecord {
            name: d.name,
            role: DestinationRole::Primary,
            outcome: match result {
                Ok(Outcome::Ok) => crate::report::record::RunOutcome::Ok,
                Ok(_) => crate::report::record::RunOutcome::Warnings,
                Err(_) => crate::report::record::RunOutcome::Failed,
            },
            snapshots: 0,
            bytes_written: 0,
            detail: None,
        });
    }
    record.warnings = output::warnings_so_far()
        .into_iter()
        .map(|(code, text)| Notice { code, text })
        .collect();
    let code = match result {
        Ok(Outcome::Ok) => exit::OK,
        Ok(Outcome::Warnings) => exit::WARNINGS,
        Ok(Outcome::Monitoring(c)) => *c,
        Err(e) => {
            record.errors.push(Notice {
                code: super::error_code(e).to_string(),
                text: e.render(ctx.lang).0,
            });
            e.exit_code()
        }
    };
    record.finish(code);
    record_run(ctx, &record);
}

/// Journal, tresor.log and Event Log for a finished run (beside the machine key).
pub fn record_run(ctx: &Ctx, record: &RunRecord) {
    use crate::report::{eventlog, journal, log};
    let lang = ctx.lang;
    let Some(cfg) = ctx.config.as_ref() else {
        return;
    };
    let path = journal::path_beside(&cfg.keys.machine);
    if let Err(e) = journal::append(&path, record) {
        output::warning(
            "journal_failed",
            &tr!(lang, "cli-warning-label"),
            tr!(lang, "cli-journal-not-written", detail = e.to_string()),
        );
    }
    if let Some(dir) = path.parent() {
        if let Err(e) = log::append(dir, lang, record) {
            tracing::warn!("tresor.log: {e}");
        }
    }
    if cfg!(windows) {
        let line = log::line(lang, record);
        if let Err(e) = eventlog::for_record(record, &line).and_then(|c| {
            eventlog::run(&c).map_err(|e| eventlog::EventLogError::Run(e.to_string()))
        }) {
            tracing::warn!("Event Log: {e}");
        }
    }
}

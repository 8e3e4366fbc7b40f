//! A Windows Event Log entry per job, written with the system's
//! `eventcreate` tool: the command is built by a pure function (tested on
//! every platform) and run only on Windows.
//!
//! `eventcreate /L APPLICATION /SO tresor /T INFORMATION|WARNING|ERROR /ID n
//! /D "text"` — per Microsoft's documentation
//! (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/eventcreate)
//! the event ID must be from 1 to 1000, the log APPLICATION or SYSTEM, and
//! the type ERROR, WARNING, INFORMATION (or SUCCESS). The description is
//! passed as one argument (no shell in between); double quotes would end it
//! early in the tool's own command-line parsing, so they become `'`, and
//! line ends and other control characters become spaces.

use super::status::{JobStatus, Level};
use crate::report::record::{RunOutcome, RunRecord};

/// Event IDs tresor uses: information (job OK), warning, error — one per
/// level, so a monitoring rule can filter on the ID alone.
pub const ID_OK: u16 = 100;
/// A job that needs a look.
pub const ID_WARNING: u16 = 200;
/// A job that is not all right.
pub const ID_ERROR: u16 = 300;
/// Longest description passed on (characters); longer text is cut.
pub const MAX_TEXT: usize = 2000;

/// Why no command could be built.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventLogError {
    /// The ID is outside 1…1000 (eventcreate refuses it).
    #[error("event id {0} outside 1..=1000")]
    IdOutOfRange(u16),
    /// Nothing to write after cleaning the text.
    #[error("empty event description")]
    Empty,
    /// `eventcreate` could not be run or failed.
    #[error("eventcreate: {0}")]
    Run(String),
}

/// The event type (`/T`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Information,
    Warning,
    Error,
}

impl EventType {
    fn word(self) -> &'static str {
        match self {
            EventType::Information => "INFORMATION",
            EventType::Warning => "WARNING",
            EventType::Error => "ERROR",
        }
    }
}

/// A program and its arguments, to run without a shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCommand {
    /// `eventcreate`.
    pub program: &'static str,
    /// Each argument as one element.
    pub args: Vec<String>,
}

/// `text` cleaned for `/D`: `"` → `'`, control characters (line ends, tabs)
/// → one space each run, trimmed, at most [`MAX_TEXT`] characters.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '"' => '\'',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if space {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        out.push(c);
    }
    out.trim().chars().take(MAX_TEXT).collect()
}

/// The `eventcreate` command for one entry in the Application log, source
/// `tresor`.
///
/// # Errors
/// [`EventLogError::IdOutOfRange`] for an ID outside 1…1000,
/// [`EventLogError::Empty`] when the cleaned text is empty.
pub fn command(kind: EventType, id: u16, text: &str) -> Result<EventCommand, EventLogError> {
    if !(1..=1000).contains(&id) {
        return Err(EventLogError::IdOutOfRange(id));
    }
    let text = clean(text);
    if text.is_empty() {
        return Err(EventLogError::Empty);
    }
    Ok(EventCommand {
        program: "eventcreate",
        args: vec![
            "/L".into(),
            "APPLICATION".into(),
            "/SO".into(),
            "tresor".into(),
            "/T".into(),
            kind.word().into(),
            "/ID".into(),
            id.to_string(),
            "/D".into(),
            text,
        ],
    })
}

/// The entry for one job of `tresor status`: its level as type and ID, the
/// job's name and phrase as description.
pub fn for_job(job: &JobStatus, phrase: &str) -> Result<EventCommand, EventLogError> {
    let (kind, id) = match job.level {
        Level::Green | Level::Unknown => (EventType::Information, ID_OK),
        Level::Yellow => (EventType::Warning, ID_WARNING),
        Level::Red => (EventType::Error, ID_ERROR),
    };
    command(kind, id, &format!("tresor {}: {phrase}", job.name))
}

/// Runs the command (Windows only; elsewhere an `Unsupported` error and
/// nothing runs).
///
/// # Errors
/// The tool could not be started or exited with a failure.
/// The entry for one finished run: its outcome decides the type and id,
/// `text` is the run's log line.
pub fn for_record(record: &RunRecord, text: &str) -> Result<EventCommand, EventLogError> {
    let (kind, id) = match record.outcome {
        RunOutcome::Ok => (EventType::Information, ID_OK),
        RunOutcome::Warnings => (EventType::Warning, ID_WARNING),
        RunOutcome::Failed => (EventType::Error, ID_ERROR),
    };
    command(kind, id, text)
}

pub fn run(cmd: &EventCommand) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        let status = std::process::Command::new(cmd.program)
            .args(&cmd.args)
            .stdout(std::process::Stdio::null())
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("eventcreate: {status}")))
        }
    }
    #[cfg(not(windows))]
    {
        let _ = cmd;
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "the Windows Event Log exists only on Windows",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_documented_command() {
        let c = command(EventType::Warning, 200, "Sicherung nightly: bitte ansehen").unwrap();
        assert_eq!(c.program, "eventcreate");
        assert_eq!(
            c.args,
            [
                "/L",
                "APPLICATION",
                "/SO",
                "tresor",
                "/T",
                "WARNING",
                "/ID",
                "200",
                "/D",
                "Sicherung nightly: bitte ansehen"
            ]
        );
    }

    #[test]
    fn quotes_and_line_ends_cannot_break_out_of_the_description() {
        let c = command(
            EventType::Error,
            300,
            "Kassette \"Montag\"\r\n/T INFORMATION\tx  ",
        )
        .unwrap();
        assert_eq!(c.args[9], "Kassette 'Montag' /T INFORMATION x");
        assert_eq!(c.args.len(), 10, "still one argument");
        let long = "ä".repeat(5000);
        assert_eq!(clean(&long).chars().count(), MAX_TEXT);
    }

    #[test]
    fn ids_outside_the_documented_range_and_empty_text_are_refused() {
        assert_eq!(
            command(EventType::Information, 0, "x"),
            Err(EventLogError::IdOutOfRange(0))
        );
        assert_eq!(
            command(EventType::Information, 1001, "x"),
            Err(EventLogError::IdOutOfRange(1001))
        );
        assert!(command(EventType::Information, 1000, "x").is_ok());
        assert_eq!(
            command(EventType::Information, 1, " \n\t"),
            Err(EventLogError::Empty)
        );
    }

    #[cfg(not(windows))]
    #[test]
    fn runs_only_on_windows() {
        let c = command(EventType::Information, 100, "x").unwrap();
        assert_eq!(run(&c).unwrap_err().kind(), std::io::ErrorKind::Unsupported);
    }
}

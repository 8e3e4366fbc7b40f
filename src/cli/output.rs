//! Everything the CLI prints. std's `println!` panics (exit 101) when stdout
//! is a closed pipe (`tresor ls latest | head`) or a full disk
//! (`tresor snapshots > /dev/full`); `cli/mod.rs` shadows the print macros
//! for every command module with these functions, so no print path can panic.
//!
//! - stdout: the first failed write is remembered and later writes are
//!   skipped; the command itself runs on. `cli::main` then maps it: a closed
//!   pipe (the reader has all it wanted) keeps the command's exit code and
//!   prints nothing; any other failure is an error with exit code 2.
//! - stderr: where errors go; if it cannot be written there is nobody left
//!   to tell, so its failures are ignored (the exit code still tells).
//! - `--quiet`: stdout stays empty; stderr carries only errors and warnings,
//!   and the lines an error or warning refers to (`keepln!`: the problem
//!   lines of `config check`, the damaged files `check` lists).
//! - Control characters never reach the terminal from a human line: every
//!   line is passed through [`terminal_safe`] (an ESC sequence in a file name
//!   cannot recolour or rewrite the screen). Stored names are printed through
//!   [`one_line`] so that a newline in a name cannot fake a line either.
//! - `--json`: stdout carries exactly one JSON document ([`Document`], written
//!   by `cli::main` at the end, also for errors); the human lines a command
//!   prints go to stderr instead (nowhere with `--quiet`). docs/output.md
//!   describes the documents.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::Serialize;

static FAILED: Mutex<Option<io::Error>> = Mutex::new(None);
static QUIET: AtomicBool = AtomicBool::new(false);
static JSON: AtomicBool = AtomicBool::new(false);
static DOC: Mutex<Collected> = Mutex::new(Collected {
    destination: None,
    warnings: Vec::new(),
    data: None,
});

/// The version of the JSON documents (`tresor_output`); raised only when a
/// field changes meaning or disappears (new fields may appear any time).
pub const JSON_VERSION: u32 = 1;

/// What a command contributed to its JSON document while it ran.
struct Collected {
    destination: Option<DestinationRef>,
    warnings: Vec<Warning>,
    data: Option<serde_json::Map<String, serde_json::Value>>,
}

fn doc() -> std::sync::MutexGuard<'static, Collected> {
    DOC.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sets how this process uses stdout (see the module text).
pub fn set_mode(quiet: bool, json: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    JSON.store(json, Ordering::Relaxed);
}

/// Is `--json` in effect?
pub fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// Is `--quiet` in effect?
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// The destination a command read, as the JSON document names it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DestinationRef {
    /// The configured name (`rdx`), or the `--repo` path as given.
    pub name: String,
    /// The folder, as written in the config (`E:\tresor`) or given.
    pub path: String,
}

/// A warning in a JSON document: a stable `code` and the text a person reads.
#[derive(Clone, Debug, Serialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

/// An error in a JSON document.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorInfo {
    /// Stable, e.g. `usage`, `unknown_job`, `not_a_repository`.
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

/// The one JSON document a command prints with `--json`.
#[derive(Debug, Serialize)]
pub struct Document {
    /// [`JSON_VERSION`].
    pub tresor_output: u32,
    /// The subcommand (`snapshots`, `restore-db`, …).
    pub command: String,
    /// The command did what was asked (exit code 0 or 1).
    pub ok: bool,
    /// The process exit code: 0 OK, 1 OK with warnings, 2 failed, 3 usage/config.
    pub exit_code: i32,
    /// The destination read or written, once it was chosen.
    pub destination: Option<DestinationRef>,
    pub warnings: Vec<Warning>,
    pub error: Option<ErrorInfo>,
    /// The command's own fields (see docs/output.md).
    #[serde(flatten)]
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// Records the destination the command reads (for its JSON document).
pub fn destination(d: DestinationRef) {
    doc().destination = Some(d);
}

/// The destination recorded so far.
pub fn destination_read() -> Option<DestinationRef> {
    doc().destination.clone()
}

/// A warning: printed on stderr (also with `--quiet`) and kept for the JSON
/// document. `label` is the translated word (`Warnung`).
pub fn warning(code: &str, label: &str, message: String) {
    err_line(format_args!("{label}: {message}"));
    doc().warnings.push(Warning {
        code: code.to_string(),
        message,
    });
}

/// The warnings collected so far (code, text), for the run's journal entry.
pub fn warnings_so_far() -> Vec<(String, String)> {
    doc()
        .warnings
        .iter()
        .map(|w| (w.code.clone(), w.message.clone()))
        .collect()
}

/// A warning already printed in the command's own words: kept for the JSON
/// document only.
pub fn record_warning(code: &str, message: String) {
    doc().warnings.push(Warning {
        code: code.to_string(),
        message,
    });
}

/// Adds a field to the command's JSON document (ignored without `--json`;
/// a value that cannot be serialized becomes `null`).
pub fn field(key: &str, value: impl Serialize) {
    if !json() {
        return;
    }
    let v = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    doc()
        .data
        .get_or_insert_with(serde_json::Map::new)
        .insert(key.to_string(), v);
}

/// Builds the document from what was collected; `code` is the exit code.
pub fn document(command: &str, code: i32, error: Option<ErrorInfo>) -> Document {
    let mut d = doc();
    Document {
        tresor_output: JSON_VERSION,
        command: command.to_string(),
        ok: code <= 1,
        exit_code: code,
        destination: d.destination.take(),
        warnings: std::mem::take(&mut d.warnings),
        error,
        data: d.data.take().unwrap_or_default(),
    }
}

/// Writes the JSON document on stdout (the only thing there with `--json`).
pub fn write_document(d: &Document) {
    let text = serde_json::to_string_pretty(d).unwrap_or_else(|_| "{}".into());
    let mut failed = failed();
    if failed.is_some() {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
    {
        *failed = Some(e);
    }
}

fn failed() -> std::sync::MutexGuard<'static, Option<io::Error>> {
    FAILED.lock().unwrap_or_else(|p| p.into_inner())
}

/// One line on stdout (`println!`).
pub fn line(args: fmt::Arguments) {
    write_out(args, true);
}

/// A line `--quiet` must not hide (`keepln!`): a warning, or a line an error
/// refers to ("siehe oben"). On stdout normally; on stderr with `--quiet`
/// or `--json`.
pub fn keep_line(args: fmt::Arguments) {
    if quiet() || json() {
        err_line(args);
    } else {
        write_out(args, true);
    }
}

pub use crate::report::{one_line, terminal_safe};

/// The staff's final screen: on stdout also when the technical lines are
/// hidden (staff mode sets quiet); with `--json` on stderr like every line.
pub fn screen(text: &str) {
    let was = QUIET.swap(false, Ordering::Relaxed);
    write_out(format_args!("{text}"), true);
    QUIET.store(was, Ordering::Relaxed);
}

/// Text on stdout without a line end (`print!`).
pub fn text(args: fmt::Arguments) {
    write_out(args, false);
}

fn write_out(args: fmt::Arguments, newline: bool) {
    if quiet() {
        return;
    }
    let text = args.to_string();
    let text = terminal_safe(&text);
    let text = text.as_bytes();
    if json() {
        // stdout belongs to the JSON document; people still read this.
        let mut err = io::stderr().lock();
        let _ = err.write_all(text).and_then(|()| {
            if newline {
                err.write_all(b"\n")
            } else {
                Ok(())
            }
        });
        return;
    }
    let mut failed = failed();
    if failed.is_some() {
        return;
    }
    let mut out = io::stdout().lock();
    let r = out.write_all(text).and_then(|()| {
        if newline {
            out.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = r {
        *failed = Some(e);
    }
}

/// One line on stderr (`eprintln!`).
pub fn err_line(args: fmt::Arguments) {
    let text = args.to_string();
    let text = terminal_safe(&text);
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// Text on stderr without a line end (`eprint!`; no command uses it yet).
#[allow(dead_code)]
pub fn err_text(args: fmt::Arguments) {
    let text = args.to_string();
    let _ = io::stderr()
        .lock()
        .write_all(terminal_safe(&text).as_bytes());
}

/// The reader of stdout is gone: loops that only print may stop.
pub fn closed() -> bool {
    failed()
        .as_ref()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// How stdout fared, after a last flush.
pub enum Delivery {
    Complete,
    /// The reader closed the pipe early; not an error.
    Closed,
    Failed(io::Error),
}

pub fn finish() -> Delivery {
    let mut failed = failed();
    if failed.is_none() {
        if let Err(e) = io::stdout().lock().flush() {
            *failed = Some(e);
        }
    }
    match failed.take() {
        None => Delivery::Complete,
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => Delivery::Closed,
        Some(e) => Delivery::Failed(e),
    }
}

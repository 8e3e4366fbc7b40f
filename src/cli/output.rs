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

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;

static FAILED: Mutex<Option<io::Error>> = Mutex::new(None);

fn failed() -> std::sync::MutexGuard<'static, Option<io::Error>> {
    FAILED.lock().unwrap_or_else(|p| p.into_inner())
}

/// One line on stdout (`println!`).
pub fn line(args: fmt::Arguments) {
    write_out(args, true);
}

/// Text on stdout without a line end (`print!`).
pub fn text(args: fmt::Arguments) {
    write_out(args, false);
}

fn write_out(args: fmt::Arguments, newline: bool) {
    let mut failed = failed();
    if failed.is_some() {
        return;
    }
    let mut out = io::stdout().lock();
    let r = out.write_fmt(args).and_then(|()| {
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
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Text on stderr without a line end (`eprint!`; no command uses it yet).
#[allow(dead_code)]
pub fn err_text(args: fmt::Arguments) {
    let _ = io::stderr().lock().write_fmt(args);
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

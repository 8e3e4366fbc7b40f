//! CLI: argument parsing (clap derive), one file per command, rendering of errors.

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    0
}

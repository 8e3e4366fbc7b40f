//! Progress of a running job: a bar with bytes and ETA on a terminal, plain
//! log lines (one per phase and every few seconds) when run by the scheduler.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// The phases a person sees, named in their language by `Progress`.
#[derive(Debug, Clone, Copy)]
pub enum Phase {
    Backup,
    Restore,
    Check,
}

pub struct Progress {
    german: bool,
    bar: Option<ProgressBar>,
    plain: Mutex<PlainState>,
    quiet: bool,
}

struct PlainState {
    phase: String,
    total: u64,
    done: u64,
    last: Instant,
}

impl Progress {
    /// Bars on a terminal, lines otherwise; `quiet` prints nothing.
    pub fn new(quiet: bool, german: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template(
                    "{msg:24} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b
        });
        Progress {
            german,
            bar,
            plain: Mutex::new(PlainState {
                phase: String::new(),
                total: 0,
                done: 0,
                last: Instant::now(),
            }),
            quiet,
        }
    }

    pub fn hidden() -> Progress {
        Progress::new(true, false)
    }

    pub fn is_interactive(&self) -> bool {
        self.bar.is_some()
    }

    /// Starts a standard phase.
    pub fn start(&self, phase: Phase, total_bytes: u64) {
        let name = match (phase, self.german) {
            (Phase::Backup, true) => "Sicherung",
            (Phase::Backup, false) => "Backup",
            (Phase::Restore, true) => "Wiederherstellung",
            (Phase::Restore, false) => "Restore",
            (Phase::Check, true) => "Prüfung",
            (Phase::Check, false) => "Check",
        };
        self.phase(name, total_bytes);
    }

    /// Starts a phase with its own name (a database, …).
    pub fn phase(&self, name: &str, total_bytes: u64) {
        if let Some(b) = &self.bar {
            b.set_message(name.to_string());
            b.set_length(total_bytes);
            b.set_position(0);
            b.reset_eta();
        } else if let Ok(mut p) = self.plain.lock() {
            p.phase = name.to_string();
            p.total = total_bytes;
            p.done = 0;
            p.last = Instant::now();
            if !self.quiet {
                eprintln!("{name} …");
            }
        }
    }

    pub fn add(&self, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
        } else if let Ok(mut p) = self.plain.lock() {
            p.done += bytes;
            if !self.quiet && p.last.elapsed() > Duration::from_secs(10) {
                p.last = Instant::now();
                if p.total > 0 {
                    eprintln!("{}: {} %", p.phase, p.done * 100 / p.total.max(1));
                } else {
                    eprintln!("{}: {} MiB", p.phase, p.done >> 20);
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// Prints a line without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None if !self.quiet => eprintln!("{line}"),
            None => {}
        }
    }
}

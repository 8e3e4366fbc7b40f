//! Progress of a running job: a bar with bytes and the time left ("Restzeit")
//! on a terminal, plain log lines (one per phase and every few seconds) when
//! run by the scheduler. Numbers use the language's decimal separator.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use crate::i18n::{self, Language};
use crate::tr;

/// The phases a person sees, named in their language by `Progress`.
#[derive(Debug, Clone, Copy)]
pub enum Phase {
    Backup,
    Restore,
    Check,
}

pub struct Progress {
    lang: Language,
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

/// Time left as `1:02:03` or `2:03` (hours:minutes:seconds), the same in
/// every language.
pub fn time_left(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The plain progress line: `Sicherung: 42,5 %` (with a known total) or
/// `Sicherung: 58,2 MiB`.
pub fn plain_line(lang: Language, phase: &str, done: u64, total: u64) -> String {
    if total > 0 {
        let percent = done.min(total) as f64 * 100.0 / total as f64;
        tr!(
            lang,
            "report-progress-percent",
            phase = phase,
            percent = i18n::decimal(lang, percent, 1)
        )
    } else {
        tr!(
            lang,
            "report-progress-bytes",
            phase = phase,
            size = i18n::size(lang, done)
        )
    }
}

/// The bar's template; `done`, `total`, `rate` and `left` are our keys
/// (indicatif's own `{bytes}` and `{eta}` are English).
fn bar_template(lang: Language) -> String {
    format!(
        "{{msg:24}} [{{bar:30}}] {{done}}/{{total}} {{rate}} {} {{left}}",
        tr!(lang, "report-progress-time-left")
    )
}

fn bar_style(lang: Language) -> ProgressStyle {
    ProgressStyle::with_template(&bar_template(lang))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "done",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&i18n::size(lang, s.pos()));
            },
        )
        .with_key(
            "total",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&i18n::size(lang, s.len().unwrap_or(0)));
            },
        )
        .with_key(
            "rate",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", i18n::size(lang, s.per_sec() as u64));
            },
        )
        .with_key("left", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&time_left(s.eta()));
        })
        .progress_chars("=> ")
}

impl Progress {
    /// Bars on a terminal, lines otherwise; `quiet` prints nothing.
    pub fn new(quiet: bool, lang: Language) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::new(0);
            b.set_style(bar_style(lang));
            b
        });
        Progress {
            lang,
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
        Progress::new(true, Language::En)
    }

    pub fn is_interactive(&self) -> bool {
        self.bar.is_some()
    }

    /// Starts a standard phase.
    pub fn start(&self, phase: Phase, total_bytes: u64) {
        let name = match phase {
            Phase::Backup => tr!(self.lang, "report-phase-backup"),
            Phase::Restore => tr!(self.lang, "report-phase-restore"),
            Phase::Check => tr!(self.lang, "report-phase-check"),
        };
        self.phase(&name, total_bytes);
    }

    /// Starts a phase with its own name (a database, …).
    pub fn phase(&self, name: &str, total_bytes: u64) {
        // A database or folder name: one line, no control characters.
        let name = &*super::one_line(name);
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
                eprintln!("{}", tr!(self.lang, "report-progress-start", phase = name));
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
                eprintln!("{}", plain_line(self.lang, &p.phase, p.done, p.total));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_use_the_decimal_comma() {
        let de = Language::De;
        assert_eq!(plain_line(de, "Sicherung", 425, 1000), "Sicherung: 42,5 %");
        assert_eq!(
            plain_line(Language::En, "Backup", 425, 1000),
            "Backup: 42.5 %"
        );
        assert_eq!(
            plain_line(de, "Sicherung", 61_027_123, 0),
            "Sicherung: 58,2 MiB"
        );
        assert_eq!(tr!(de, "report-progress-time-left"), "Restzeit");
    }

    #[test]
    fn the_bar_template_parses_and_says_restzeit() {
        let t = bar_template(Language::De);
        assert!(t.contains(" Restzeit {left}"), "{t}");
        assert!(ProgressStyle::with_template(&t).is_ok());
        assert!(!bar_template(Language::En).contains("ETA"));
    }

    #[test]
    fn time_left_reads_as_a_clock() {
        assert_eq!(time_left(Duration::from_secs(83)), "1:23");
        assert_eq!(time_left(Duration::from_secs(3723)), "1:02:03");
    }
}

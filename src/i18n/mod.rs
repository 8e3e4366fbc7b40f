//! The one mechanism for every text a person reads: Project Fluent messages
//! (`de/*.ftl`, `en/*.ftl`, embedded at build time) with CLDR plural rules,
//! and number formatting with the decimal comma in German.
//!
//! Code names a message by its id and passes its arguments by name:
//! `tr!(lang, "backup-saved", files = s.files, size = i18n::size(lang, s.bytes))`.
//! A count passed as a number selects the plural form in the `.ftl` text
//! (`{ $files -> [one] 1 Datei *[other] { $files } Dateien }`); decimals are
//! passed as text already formatted by [`decimal`], [`size`] or [`seconds`].
//! The test `every_message_in_code_exists_in_both_languages` reads the
//! sources and proves that every id used exists in both languages, takes the
//! arguments the code passes, and that no message is unused.
//!
//! This module depends on nothing else in the crate, so every module may use it.

mod language;
mod number;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use language::Language;
pub use number::{decimal, grouped, seconds, size, weekday_date};

/// The message files, one per area, in both languages (same names).
macro_rules! ftl_files {
    ($($name:literal),+ $(,)?) => {
        const DE: &[(&str, &str)] = &[$(($name, include_str!(concat!("de/", $name, ".ftl")))),+];
        const EN: &[(&str, &str)] = &[$(($name, include_str!(concat!("en/", $name, ".ftl")))),+];
    };
}
ftl_files!(
    "common",       // counts and words many messages share
    "identity",     // installation identity, init, keys
    "cli",          // command output: snapshots, ls, restore, forget, prune, check
    "outcome",      // what a job, drill or config check did and did not do
    "errors",       // the CLI error type and its hints (src/error.rs)
    "config",       // tresor.yaml and profiles
    "sqlserver",    // SQL Server source
    "report",       // progress, summaries, warnings of a backup
    "storage",      // storage layers: retry, transfer window
    "media",        // RDX cartridges: labels, rotation, advice
    "journal",      // journal, tresor.log, tresor status
    "mail",         // job mails: subject, body, SMTP errors, the `mail:` section
    "guard",        // the ransomware guard: alarm, hold, guard show/release/confirm
    "schedule",     // tresor schedule: Task Scheduler, systemd timers, next runs
    "help",         // --help: headings; German texts of every command and flag (cli/help.rs)
    "detect",       // tresor detect: findings, open questions, the starter tresor.yaml
    "keys",         // tresor key list / add-recovery / rotate
    "notfallblatt", // the emergency sheet
);

/// A message argument: text, or a number (which can select a plural form).
#[derive(Clone, Debug)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! number_args {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Arg::Number(*n as f64)
            }
        }
    )+};
}
number_args!(u8, u16, u32, u64, usize, i32, i64);

/// The message `id` in `lang` with its named arguments.
///
/// Never fails: an unknown id or a formatting problem (a bug the source test
/// catches) yields the id and the arguments, so a person still sees what
/// happened.
pub fn text(lang: Language, id: &str, args: &[(&str, Arg)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return fallback(id, args);
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        match v {
            Arg::Text(s) => fargs.set(*k, FluentValue::from(s.as_str())),
            Arg::Number(n) => fargs.set(*k, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    if errors.is_empty() {
        out.into_owned()
    } else {
        fallback(id, args)
    }
}

/// The message `id` without arguments, or `None` when `lang` has no such
/// message (for ids computed at run time, such as the help texts of
/// `cli::help`; everything else uses [`tr!`]).
pub fn lookup(lang: Language, id: &str) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, None, &mut errors);
    errors.is_empty().then(|| out.into_owned())
}

fn fallback(id: &str, args: &[(&str, Arg)]) -> String {
    let mut s = id.to_string();
    for (k, v) in args {
        match v {
            Arg::Text(t) => s.push_str(&format!(" {k}={t}")),
            Arg::Number(n) => s.push_str(&format!(" {k}={n}")),
        }
    }
    s
}

/// `tr!(lang, "id", name = value, …)`: the message `id` in `lang`; values
/// are anything [`Arg`] converts from (text, integers).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::i18n::text($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::text($lang, $id, &[$((stringify!($k), $crate::i18n::Arg::from($v))),+])
    };
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Language) -> &'static Bundle {
    static DE_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    static EN_BUNDLE: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Language::De => DE_BUNDLE.get_or_init(|| build("de", DE)),
        Language::En => EN_BUNDLE.get_or_init(|| build("en", EN)),
    }
}

fn build(code: &str, files: &[(&str, &str)]) -> Bundle {
    let id: unic_langid::LanguageIdentifier = code.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would end up in log files and mails.
    b.set_use_isolating(false);
    for (_, text) in files {
        // A syntax error is caught by the tests; at run time the valid
        // messages of the file are still added.
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

#[cfg(test)]
mod tests;

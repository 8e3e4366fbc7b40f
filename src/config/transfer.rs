//! The `limit`, `daytime_limit` and `window` fields of a destination: how
//! fast and when tresor may write there.
//!
//! Owns the text forms (`8 MiB/s`, `500 KiB/s`, `10 Mbit/s`, `20:00-06:30`),
//! their problems ([`TransferProblem`], told via `config-transfer-…`) and the
//! time-of-day arithmetic of [`TimeWindow`]. The storage layers
//! (`storage::ratelimit`, `storage::window`) apply the typed values.

use std::fmt;

use super::error::{ConfigError, ErrorKind};
use super::model::{Rate, TimeWindow, Transfer};
use super::read::{join, Doc};
use super::yaml::{Node, Value};
use crate::i18n::Language;
use crate::tr;

/// The destination keys read here.
pub const FIELDS: &[&str] = &["limit", "daytime_limit", "window"];

const MINUTES_PER_DAY: u16 = 24 * 60;

/// What is wrong with a `limit`, `daytime_limit` or `window` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferProblem {
    /// `8` without a unit.
    NoUnit,
    /// A unit we do not know (`8 MiB/h`).
    UnknownUnit(String),
    /// `Mb/s`: megabit or megabyte? (a factor of 8)
    AmbiguousUnit(String),
    /// The number part does not parse.
    NotANumber,
    /// Zero or less than one byte per second.
    Zero,
    /// Not `HH:MM-HH:MM`.
    WindowFormat,
    /// A time that does not exist (`25:00`, `12:60`).
    BadTime(String),
    /// Start and end are the same time: the window would be empty.
    EmptyWindow,
    /// `daytime_limit` without `window`: "outside the window" means nothing.
    DaytimeWithoutWindow,
    /// `daytime_limit` not below `limit`.
    DaytimeNotLower,
}

/// Reads the transfer fields of the destination mapping `value` (section
/// `destinations.NAME`). Returns the mapping without them, for the reader of
/// the destination's other keys, and the typed values.
pub fn read(doc: Doc<'_>, value: &Node, section: &str) -> Result<(Node, Transfer), ConfigError> {
    let Value::Map(entries) = &value.value else {
        // Not a mapping: the destination reader reports the shape.
        return Ok((value.clone(), Transfer::default()));
    };
    let is_ours = |k: &Node| matches!(&k.value, Value::Scalar(s) if FIELDS.contains(&s.as_str()));
    let mut transfer = Transfer::default();
    let mut daytime_node = None;
    for (k, v) in entries.iter().filter(|(k, _)| is_ours(k)) {
        let Value::Scalar(key) = &k.value else {
            continue;
        };
        if v.value == Value::Null {
            continue;
        }
        let field = join(section, key);
        let text = doc.text(v, &field)?;
        let bad = |problem| {
            doc.err(
                v.pos,
                ErrorKind::BadTransfer {
                    field: field.clone(),
                    value: text.clone(),
                    problem,
                },
            )
        };
        match key.as_str() {
            "limit" => transfer.limit = Some(parse_rate(&text).map_err(bad)?),
            "daytime_limit" => {
                transfer.daytime_limit = Some(parse_rate(&text).map_err(bad)?);
                daytime_node = Some((v, field.clone(), text.clone()));
            }
            _ => transfer.window = Some(parse_window(&text).map_err(bad)?),
        }
    }
    if let (Some((node, field, text)), Some(daytime)) = (daytime_node, transfer.daytime_limit) {
        let problem = if transfer.window.is_none() {
            Some(TransferProblem::DaytimeWithoutWindow)
        } else if transfer.limit.is_some_and(|l| daytime >= l) {
            Some(TransferProblem::DaytimeNotLower)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(doc.err(
                node.pos,
                ErrorKind::BadTransfer {
                    field,
                    value: text,
                    problem,
                },
            ));
        }
    }
    let rest = Node {
        pos: value.pos,
        value: Value::Map(
            entries
                .iter()
                .filter(|(k, _)| !is_ours(k))
                .cloned()
                .collect(),
        ),
    };
    Ok((rest, transfer))
}

/// Parses `8 MiB/s`, `500 KiB/s`, `1,5 MB/s`, `10 Mbit/s`, `10 MBit/s`.
///
/// Bytes need a capital `B` (`KiB`, `MiB`, `GiB` binary; `kB`, `MB`, `GB`
/// decimal); bits are spelled `bit` (`kbit`, `Mbit`, `Gbit`, decimal, as
/// internet uplinks are quoted). `Mb/s` is refused as ambiguous.
pub fn parse_rate(text: &str) -> Result<Rate, TransferProblem> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '_'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim();
    if number.is_empty() {
        return Err(TransferProblem::NotANumber);
    }
    let value: f64 = number
        .replace('_', "")
        .replace(',', ".")
        .parse()
        .map_err(|_| TransferProblem::NotANumber)?;
    if unit.is_empty() {
        return Err(TransferProblem::NoUnit);
    }
    // `Mbps` is bits per second by convention.
    let per = match unit.strip_suffix("/s") {
        Some(per) => per.to_string(),
        None => match unit.strip_suffix("bps") {
            Some(prefix) => format!("{prefix}bit"),
            None => return Err(TransferProblem::UnknownUnit(unit.to_string())),
        },
    };
    let per = per.as_str();
    let factor = unit_factor(per).ok_or_else(|| {
        let lower = per.to_ascii_lowercase();
        if matches!(lower.as_str(), "kb" | "mb" | "gb") && per.ends_with('b') {
            TransferProblem::AmbiguousUnit(unit.to_string())
        } else {
            TransferProblem::UnknownUnit(unit.to_string())
        }
    })?;
    let bytes = value * factor;
    if !(bytes >= 1.0 && bytes.is_finite()) {
        return Err(TransferProblem::Zero);
    }
    Ok(Rate {
        bytes_per_second: bytes.round() as u64,
    })
}

/// Bytes per second of one `unit` per second; `None` for unknown units.
fn unit_factor(unit: &str) -> Option<f64> {
    const K: f64 = 1024.0;
    let bits = |u: &str| match u.to_ascii_lowercase().as_str() {
        "bit" => Some(1.0 / 8.0),
        "kbit" => Some(1e3 / 8.0),
        "mbit" => Some(1e6 / 8.0),
        "gbit" => Some(1e9 / 8.0),
        _ => None,
    };
    match unit {
        "B" => Some(1.0),
        "KiB" | "kiB" => Some(K),
        "MiB" => Some(K * K),
        "GiB" => Some(K * K * K),
        "kB" | "KB" => Some(1e3),
        "MB" => Some(1e6),
        "GB" => Some(1e9),
        other => bits(other),
    }
}

/// Parses `20:00-06:30` (also with `–` or spaces; `24:00` only as the end).
pub fn parse_window(text: &str) -> Result<TimeWindow, TransferProblem> {
    let t = text.trim().replace('–', "-");
    let (a, b) = t.split_once('-').ok_or(TransferProblem::WindowFormat)?;
    let start = parse_time(a.trim())?;
    let end = parse_time(b.trim())?;
    if start == MINUTES_PER_DAY {
        return Err(TransferProblem::BadTime(a.trim().to_string()));
    }
    if start == end || (start == 0 && end == 0) {
        return Err(TransferProblem::EmptyWindow);
    }
    Ok(TimeWindow { start, end })
}

/// `HH:MM` → minutes after midnight (0..=1440).
fn parse_time(text: &str) -> Result<u16, TransferProblem> {
    let (h, m) = text.split_once(':').ok_or(TransferProblem::WindowFormat)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(TransferProblem::WindowFormat);
    }
    let bad = || TransferProblem::BadTime(text.to_string());
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl TimeWindow {
    /// Whether `minute` (after midnight, local time) lies inside the window.
    pub fn contains(&self, minute: u16) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }

    /// The whole day (`00:00-24:00`).
    pub fn is_always(&self) -> bool {
        self.start == 0 && self.end == MINUTES_PER_DAY
    }

    /// `HH:MM` of the opening time.
    pub fn opens(&self) -> String {
        hh_mm(self.start)
    }
}

impl fmt::Display for TimeWindow {
    /// `20:00-06:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", hh_mm(self.start), hh_mm(self.end))
    }
}

fn hh_mm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The text for a transfer problem (part of `config-bad-transfer`).
pub fn problem_text(lang: Language, p: &TransferProblem) -> String {
    use TransferProblem as P;
    match p {
        P::NoUnit => tr!(lang, "config-transfer-no-unit"),
        P::UnknownUnit(u) => tr!(lang, "config-transfer-unknown-unit", unit = u),
        P::AmbiguousUnit(u) => tr!(lang, "config-transfer-ambiguous-unit", unit = u),
        P::NotANumber => tr!(lang, "config-transfer-not-a-number"),
        P::Zero => tr!(lang, "config-transfer-zero"),
        P::WindowFormat => tr!(lang, "config-transfer-window-format"),
        P::BadTime(t) => tr!(lang, "config-transfer-bad-time", time = t),
        P::EmptyWindow => tr!(lang, "config-transfer-empty-window"),
        P::DaytimeWithoutWindow => tr!(lang, "config-transfer-daytime-without-window"),
        P::DaytimeNotLower => tr!(lang, "config-transfer-daytime-not-lower"),
    }
}

#[cfg(test)]
#[path = "transfer_tests.rs"]
mod tests;

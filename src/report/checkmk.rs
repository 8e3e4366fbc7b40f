//! `tresor status --checkmk`: the status as Checkmk local-check lines, one
//! service per job, per cartridge set (a job's cartridges), per mirror, the
//! drill, and the warnings that need a person.
//!
//! Format (https://docs.checkmk.com/latest/en/localchecks.html): each line
//! is `STATUS "SERVICE NAME" METRICS DETAIL` — status 0 OK, 1 WARN, 2 CRIT,
//! 3 UNKNOWN; the service name in double quotes; metrics `name=value`
//! joined by `|` (or `-` for none); the detail text, one line. Put the
//! output of `tresor status --checkmk` in a script in the agent's `local`
//! folder; the agent itself adds the section header `<<<local:sep(0)>>>`.
//! Service names are fixed English words plus the configured names, so they
//! stay the same whatever the practice's language; the details are in it.

use super::status::{CartridgeStatus, Level, Status};
use super::status_text;
use crate::i18n::Language;

/// One Checkmk local-check line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    /// 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.
    pub state: i32,
    /// Without double quotes or control characters.
    pub service: String,
    /// `(name, value)`, the value a whole number.
    pub metrics: Vec<(String, i64)>,
    /// One line, without control characters.
    pub detail: String,
}

impl std::fmt::Display for CheckLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let metrics = if self.metrics.is_empty() {
            "-".to_string()
        } else {
            self.metrics
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join("|")
        };
        write!(
            f,
            "{} \"{}\" {} {}",
            self.state, self.service, metrics, self.detail
        )
    }
}

/// A name safe inside the double quotes of a service name.
fn service(name: &str) -> String {
    name.chars()
        .map(|c| if c == '"' || c.is_control() { '_' } else { c })
        .collect()
}

/// A detail text on one line.
fn detail(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The lines for `s`, in a fixed order: jobs, cartridge sets, mirrors,
/// drill, warnings.
pub fn lines(lang: Language, s: &Status) -> Vec<CheckLine> {
    let mut out = Vec::new();
    for j in &s.jobs {
        let mut metrics = Vec::new();
        if let Some(a) = j.age_seconds {
            metrics.push(("age".to_string(), a));
            metrics.push(("missed".to_string(), i64::from(j.missed)));
        }
        out.push(CheckLine {
            state: j.level.code(),
            service: service(&format!("tresor backup {}", j.name)),
            metrics,
            detail: detail(&status_text::job(lang, j, &s.now)),
        });
    }
    // One set per job, in the plan's order of first appearance.
    let mut sets: Vec<&str> = Vec::new();
    for c in &s.cartridges {
        if !sets.contains(&c.job.as_str()) {
            sets.push(&c.job);
        }
    }
    for job in sets {
        let set: Vec<&CartridgeStatus> = s.cartridges.iter().filter(|c| c.job == job).collect();
        let flagged = set.iter().filter(|c| c.flagged).count();
        let oldest = set
            .iter()
            .filter_map(|c| c.age_days)
            .max()
            .unwrap_or_default();
        out.push(CheckLine {
            state: if flagged > 0 { 1 } else { 0 },
            service: service(&format!("tresor cartridges {job}")),
            metrics: vec![
                ("flagged".into(), flagged as i64),
                ("oldest_days".into(), oldest),
            ],
            detail: detail(&status_text::cartridge_set(lang, &set)),
        });
    }
    for m in &s.mirrors {
        out.push(CheckLine {
            state: m.level.code(),
            service: service(&format!("tresor mirror {} {}", m.job, m.mirror)),
            metrics: m
                .lag_seconds
                .map(|l| vec![("lag".to_string(), l)])
                .unwrap_or_default(),
            detail: detail(&status_text::mirror(lang, m)),
        });
    }
    out.push(CheckLine {
        state: s.drill.level.code(),
        service: "tresor drill".into(),
        metrics: s
            .drill
            .age_days
            .map(|d| vec![("age_days".to_string(), d)])
            .unwrap_or_default(),
        detail: detail(&status_text::drill(lang, &s.drill, &s.now)),
    });
    let warnings: Vec<String> = s.attention.iter().map(|a| a.text.clone()).collect();
    out.push(CheckLine {
        state: if warnings.is_empty() {
            Level::Green.code()
        } else {
            Level::Yellow.code()
        },
        service: "tresor warnings".into(),
        metrics: vec![("count".into(), warnings.len() as i64)],
        detail: detail(&if warnings.is_empty() {
            crate::tr!(lang, "status-attention-none")
        } else {
            format!(
                "{}: {}",
                crate::tr!(lang, "status-attention-count", count = warnings.len()),
                warnings.join("; ")
            )
        }),
    });
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_details_cannot_break_the_line() {
        assert_eq!(super::service("night\"ly\n"), "night_ly_");
        assert_eq!(super::detail("a\nb\tc"), "a b c");
        let l = super::CheckLine {
            state: 2,
            service: "tresor backup nightly".into(),
            metrics: vec![("age".into(), 5), ("missed".into(), 2)],
            detail: "x y".into(),
        };
        assert_eq!(
            l.to_string(),
            "2 \"tresor backup nightly\" age=5|missed=2 x y"
        );
    }
}

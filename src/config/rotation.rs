//! `rotation:` — which RDX cartridge is due when (the vendor's variant 1:
//! ten cartridges, Mon–Fri × Praxis/extern; variant 2: five; or a custom
//! plan), the day boundary, and what to do with a wrong cartridge.
//!
//! Owns the types `media`, `job` and `report` code against, the reading of
//! the section (German and English day names) and its checks against the
//! destinations and jobs. What a plan means at a given hour is `media::plan`.
//!
//! ```yaml
//! rotation:
//!   destination: rdx        # type: local, its folder on the cartridge drive
//!   plan: variant1          # variant1 | variant2 | custom
//!   day_starts: '06:00'
//!   wrong_medium: warn      # warn | refuse
//!   eject: false
//!   cartridges:             # plan: custom only
//!     - { name: 'Montag', job: nightly, days: [mon], kept: practice }
//! ```

use std::collections::BTreeMap;

use chrono::Weekday;

use super::error::{ConfigError, ErrorKind};
use super::model::{Destination, DestinationKind, Job};
use super::read::{join, Doc};
use super::suggest::closest;
use super::yaml::Node;
use crate::i18n::Language;
use crate::tr;

/// The rotation of the cartridges that go into one destination's drive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The destination (`type: local`) whose folder is on the cartridge drive.
    pub destination: String,
    /// Which plan the cartridges come from.
    pub plan: Plan,
    /// Every cartridge of the set, in plan order.
    pub cartridges: Vec<Cartridge>,
    /// Minutes after local midnight when a new backup day starts (default
    /// 360 = 06:00: a 02:30 run belongs to the previous day).
    pub day_starts: u16,
    /// Another cartridge of the set than the due one is in the drive.
    pub wrong_medium: WrongMedium,
    /// Eject the cartridge after the job (Windows).
    pub eject: bool,
    /// The destination's path is the drive itself (`E:\`), not a folder on
    /// it: the cartridge's contents are the destination's contents.
    pub at_drive_root: bool,
}

/// One cartridge of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cartridge {
    /// Its label name (`Dienstag extern`).
    pub name: String,
    /// The job that writes it (`nightly`, `feierabend`).
    pub job: String,
    /// The backup days it is due on.
    pub weekdays: Vec<Weekday>,
    /// Where it is kept between runs.
    pub kept: Kept,
}

/// Where a cartridge stays between runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// In the practice's safe.
    Practice,
    /// Taken home by a staff member (off-site).
    Home,
}

/// The policy for a cartridge of the set that is not the due one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WrongMedium {
    /// Back up anyway; say it in the report and the mail.
    #[default]
    Warn,
    /// Do not back up; the job fails.
    Refuse,
}

/// Where the cartridges come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Plan {
    /// Ten cartridges: Mon–Fri × "extern" (job `feierabend`, taken home)
    /// and "Praxis" (job `nightly`, stays in the practice).
    #[default]
    Variant1,
    /// Five cartridges Mon–Fri (job `nightly`, in the practice); the NAS
    /// holds the second copy.
    Variant2,
    /// The `cartridges:` list.
    Custom,
}

impl Plan {
    /// The config word.
    pub fn name(self) -> &'static str {
        match self {
            Plan::Variant1 => "variant1",
            Plan::Variant2 => "variant2",
            Plan::Custom => "custom",
        }
    }
}

/// Mon–Fri as written on the cartridges' stickers (German, whatever the
/// message language: the label is a physical text).
const WORKDAYS: [(Weekday, &str); 5] = [
    (Weekday::Mon, "Montag"),
    (Weekday::Tue, "Dienstag"),
    (Weekday::Wed, "Mittwoch"),
    (Weekday::Thu, "Donnerstag"),
    (Weekday::Fri, "Freitag"),
];

impl Rotation {
    /// The cartridges of a built-in plan (empty for [`Plan::Custom`]).
    /// Variant 1 lists per day "extern" first: the Feierabend run at closing
    /// time comes before the night run of the same backup day.
    pub fn builtin(plan: Plan) -> Vec<Cartridge> {
        let one = |name: String, job: &str, day: Weekday, kept: Kept| Cartridge {
            name,
            job: job.to_string(),
            weekdays: vec![day],
            kept,
        };
        match plan {
            Plan::Variant1 => WORKDAYS
                .iter()
                .flat_map(|(day, word)| {
                    [
                        one(format!("{word} extern"), "feierabend", *day, Kept::Home),
                        one(format!("{word} Praxis"), "nightly", *day, Kept::Practice),
                    ]
                })
                .collect(),
            Plan::Variant2 => WORKDAYS
                .iter()
                .map(|(day, word)| one(word.to_string(), "nightly", *day, Kept::Practice))
                .collect(),
            Plan::Custom => Vec::new(),
        }
    }

    /// The cartridge of the plan called `name` (exact spelling).
    pub fn cartridge(&self, name: &str) -> Option<&Cartridge> {
        self.cartridges.iter().find(|c| c.name == name)
    }
}

/// What is wrong with the `rotation:` section (the config error adds file,
/// line and column; the words are in [`problem_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RotationProblem {
    /// `destination:` names no configured destination.
    UnknownDestination {
        value: String,
        suggestion: Option<String>,
        defined: Vec<String>,
    },
    /// The destination is not a folder (`type: s3`): no cartridge drive.
    NotLocal { value: String },
    /// A cartridge names a job that is not configured.
    UnknownJob {
        value: String,
        suggestion: Option<String>,
        defined: Vec<String>,
    },
    /// A job writes to the rotation's destination, but no cartridge is its.
    JobWithoutCartridge { job: String, destination: String },
    /// Two cartridges with one name.
    DuplicateCartridge { name: String },
    /// `cartridges:` with a built-in plan.
    CartridgesNeedCustom { plan: String },
    /// `plan: custom` without `cartridges:`.
    NoCartridges,
    /// A cartridge without days.
    NoDays { name: String },
    /// A day name that is not one (`Mon`, `Mo`, `Montag` are).
    BadDay {
        value: String,
        suggestion: Option<String>,
    },
    /// `day_starts:` that is not a time `HH:MM`.
    BadTime { value: String },
}

/// The words for a [`RotationProblem`].
pub fn problem_text(lang: Language, p: &RotationProblem) -> String {
    use RotationProblem as P;
    let did_you_mean = |s: &Option<String>| match s {
        Some(s) => tr!(lang, "config-did-you-mean", suggestion = s),
        None => String::new(),
    };
    match p {
        P::UnknownDestination {
            value,
            suggestion,
            defined,
        } => tr!(
            lang,
            "config-rotation-unknown-destination",
            value = value,
            did_you_mean = did_you_mean(suggestion),
            defined = defined.join(", ")
        ),
        P::NotLocal { value } => tr!(lang, "config-rotation-not-local", value = value),
        P::UnknownJob {
            value,
            suggestion,
            defined,
        } => tr!(
            lang,
            "config-rotation-unknown-job",
            value = value,
            did_you_mean = did_you_mean(suggestion),
            defined = defined.join(", ")
        ),
        P::JobWithoutCartridge { job, destination } => tr!(
            lang,
            "config-rotation-job-without-cartridge",
            job = job,
            destination = destination
        ),
        P::DuplicateCartridge { name } => {
            tr!(lang, "config-rotation-duplicate-cartridge", name = name)
        }
        P::CartridgesNeedCustom { plan } => {
            tr!(lang, "config-rotation-cartridges-need-custom", plan = plan)
        }
        P::NoCartridges => tr!(lang, "config-rotation-no-cartridges"),
        P::NoDays { name } => tr!(lang, "config-rotation-no-days", name = name),
        P::BadDay { value, suggestion } => tr!(
            lang,
            "config-rotation-bad-day",
            value = value,
            did_you_mean = did_you_mean(suggestion)
        ),
        P::BadTime { value } => tr!(lang, "config-rotation-bad-time", value = value),
    }
}

const FIELDS: &[&str] = &[
    "destination",
    "plan",
    "day_starts",
    "wrong_medium",
    "eject",
    "cartridges",
];

/// Reads `rotation:` and checks it against the destinations and jobs.
pub fn read(
    doc: Doc<'_>,
    node: &Node,
    destinations: &[Destination],
    jobs: &BTreeMap<String, Job>,
) -> Result<Rotation, ConfigError> {
    let section = "rotation";
    let f = doc.fields(node, section, FIELDS)?;
    let problem = |pos, field: &str, problem| {
        doc.err(
            pos,
            ErrorKind::Rotation {
                field: field.to_string(),
                problem,
            },
        )
    };

    let dest_node = f.required(doc, "destination")?;
    let destination = doc
        .text(dest_node, "rotation.destination")?
        .trim()
        .to_string();
    let defined: Vec<String> = destinations.iter().map(|d| d.name.clone()).collect();
    match destinations.iter().find(|d| d.name == destination) {
        None => {
            return Err(problem(
                dest_node.pos,
                "rotation.destination",
                RotationProblem::UnknownDestination {
                    suggestion: closest(&destination, &defined),
                    value: destination,
                    defined,
                },
            ))
        }
        Some(d) if !matches!(d.kind, DestinationKind::Local { .. }) => {
            return Err(problem(
                dest_node.pos,
                "rotation.destination",
                RotationProblem::NotLocal { value: destination },
            ))
        }
        Some(_) => {}
    }
    let at_drive_root = destinations.iter().any(|d| {
        d.name == destination
            && matches!(&d.kind, DestinationKind::Local { display, .. } if is_drive_root(display))
    });

    let plan = match f.get("plan") {
        None => Plan::default(),
        Some(n) => {
            let v = doc.text(n, "rotation.plan")?;
            match v.trim().to_ascii_lowercase().as_str() {
                "variant1" => Plan::Variant1,
                "variant2" => Plan::Variant2,
                "custom" => Plan::Custom,
                _ => {
                    let allowed = ["variant1", "variant2", "custom"];
                    return Err(doc.err(
                        n.pos,
                        ErrorKind::BadChoice {
                            field: "rotation.plan".into(),
                            suggestion: closest(&v, &allowed),
                            value: v,
                            expected: allowed.iter().map(|s| s.to_string()).collect(),
                        },
                    ));
                }
            }
        }
    };
    let day_starts = match f.get("day_starts") {
        None => 6 * 60,
        Some(n) => {
            let v = doc.text(n, "rotation.day_starts")?;
            parse_time(v.trim()).ok_or_else(|| {
                problem(
                    n.pos,
                    "rotation.day_starts",
                    RotationProblem::BadTime { value: v },
                )
            })?
        }
    };
    let wrong_medium = match f.get("wrong_medium") {
        None => WrongMedium::default(),
        Some(n) => {
            let v = doc.text(n, "rotation.wrong_medium")?;
            match v.trim().to_ascii_lowercase().as_str() {
                "warn" => WrongMedium::Warn,
                "refuse" => WrongMedium::Refuse,
                _ => {
                    let allowed = ["warn", "refuse"];
                    return Err(doc.err(
                        n.pos,
                        ErrorKind::BadChoice {
                            field: "rotation.wrong_medium".into(),
                            suggestion: closest(&v, &allowed),
                            value: v,
                            expected: allowed.iter().map(|s| s.to_string()).collect(),
                        },
                    ));
                }
            }
        }
    };
    let eject = match f.get("eject") {
        Some(n) => doc.boolean(n, "rotation.eject")?,
        None => false,
    };

    let cartridges = match (plan, f.get("cartridges")) {
        (Plan::Custom, Some(n)) => read_cartridges(doc, n, jobs)?,
        (Plan::Custom, None) => {
            return Err(problem(node.pos, section, RotationProblem::NoCartridges))
        }
        (builtin, Some(n)) => {
            return Err(problem(
                n.pos,
                "rotation.cartridges",
                RotationProblem::CartridgesNeedCustom {
                    plan: builtin.name().into(),
                },
            ))
        }
        (builtin, None) => {
            let list = Rotation::builtin(builtin);
            let names: Vec<String> = jobs.keys().cloned().collect();
            let pos = f.get("plan").map_or(node.pos, |n| n.pos);
            for c in &list {
                if !jobs.contains_key(&c.job) {
                    return Err(problem(
                        pos,
                        "rotation.plan",
                        RotationProblem::UnknownJob {
                            value: c.job.clone(),
                            suggestion: closest(&c.job, &names),
                            defined: names,
                        },
                    ));
                }
            }
            list
        }
    };

    // A job that writes to the cartridge drive needs a cartridge of its own.
    for job in jobs.values().filter(|j| j.destination == destination) {
        if !cartridges.iter().any(|c| c.job == job.name) {
            return Err(problem(
                f.get("plan").map_or(node.pos, |n| n.pos),
                section,
                RotationProblem::JobWithoutCartridge {
                    job: job.name.clone(),
                    destination: destination.clone(),
                },
            ));
        }
    }

    Ok(Rotation {
        destination,
        plan,
        cartridges,
        day_starts,
        wrong_medium,
        eject,
        at_drive_root,
    })
}

/// `E:`, `E:\`, `E:/`: a path that names a whole drive.
fn is_drive_root(written: &str) -> bool {
    let b = written.trim().as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && b[2..].iter().all(|c| *c == b'\\' || *c == b'/')
}

fn read_cartridges(
    doc: Doc<'_>,
    node: &Node,
    jobs: &BTreeMap<String, Job>,
) -> Result<Vec<Cartridge>, ConfigError> {
    let names: Vec<String> = jobs.keys().cloned().collect();
    let items = doc.list(node, "rotation.cartridges")?;
    if items.is_empty() {
        return Err(doc.err(
            node.pos,
            ErrorKind::Rotation {
                field: "rotation.cartridges".into(),
                problem: RotationProblem::NoCartridges,
            },
        ));
    }
    let mut out: Vec<Cartridge> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let section = format!("rotation.cartridges.{i}");
        let err =
            |pos, field: String, problem| doc.err(pos, ErrorKind::Rotation { field, problem });
        let f = doc.fields(item, &section, &["name", "job", "days", "kept"])?;
        let name_node = f.required(doc, "name")?;
        let name = doc
            .text(name_node, &join(&section, "name"))?
            .trim()
            .to_string();
        if out.iter().any(|c| c.name.eq_ignore_ascii_case(&name)) {
            return Err(err(
                name_node.pos,
                join(&section, "name"),
                RotationProblem::DuplicateCartridge { name },
            ));
        }
        let job_node = f.required(doc, "job")?;
        let job = doc
            .text(job_node, &join(&section, "job"))?
            .trim()
            .to_string();
        if !jobs.contains_key(&job) {
            return Err(err(
                job_node.pos,
                join(&section, "job"),
                RotationProblem::UnknownJob {
                    suggestion: closest(&job, &names),
                    value: job,
                    defined: names,
                },
            ));
        }
        let days_node = f.required(doc, "days")?;
        let days_field = join(&section, "days");
        let mut weekdays = Vec::new();
        for (j, d) in doc.list(days_node, &days_field)?.iter().enumerate() {
            let v = doc.text(d, &format!("{days_field}.{j}"))?;
            let day = parse_day(&v).ok_or_else(|| {
                err(
                    d.pos,
                    days_field.clone(),
                    RotationProblem::BadDay {
                        suggestion: day_suggestion(&v),
                        value: v.clone(),
                    },
                )
            })?;
            if !weekdays.contains(&day) {
                weekdays.push(day);
            }
        }
        if weekdays.is_empty() {
            return Err(err(
                days_node.pos,
                days_field,
                RotationProblem::NoDays { name },
            ));
        }
        let kept = match f.get("kept") {
            None => Kept::Practice,
            Some(n) => {
                let v = doc.text(n, &join(&section, "kept"))?;
                match v.trim().to_ascii_lowercase().as_str() {
                    "practice" => Kept::Practice,
                    "home" => Kept::Home,
                    _ => {
                        let allowed = ["practice", "home"];
                        return Err(doc.err(
                            n.pos,
                            ErrorKind::BadChoice {
                                field: join(&section, "kept"),
                                suggestion: closest(&v, &allowed),
                                value: v,
                                expected: allowed.iter().map(|s| s.to_string()).collect(),
                            },
                        ));
                    }
                }
            }
        };
        out.push(Cartridge {
            name,
            job,
            weekdays,
            kept,
        });
    }
    Ok(out)
}

/// `HH:MM` (00:00–23:59) → minutes after midnight.
fn parse_time(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let two = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !two(h) || m.len() != 2 || !two(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Day names in English and German, short or long, any case:
/// `mon`, `Monday`, `Mo`, `Montag`.
pub fn parse_day(text: &str) -> Option<Weekday> {
    let t = text.trim().trim_end_matches('.').to_lowercase();
    Some(match t.as_str() {
        "mon" | "monday" | "mo" | "montag" => Weekday::Mon,
        "tue" | "tuesday" | "di" | "dienstag" => Weekday::Tue,
        "wed" | "wednesday" | "mi" | "mittwoch" => Weekday::Wed,
        "thu" | "thursday" | "do" | "donnerstag" => Weekday::Thu,
        "fri" | "friday" | "fr" | "freitag" => Weekday::Fri,
        "sat" | "saturday" | "sa" | "samstag" | "sonnabend" => Weekday::Sat,
        "sun" | "sunday" | "so" | "sonntag" => Weekday::Sun,
        _ => return None,
    })
}

fn day_suggestion(text: &str) -> Option<String> {
    let names = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ];
    closest(text.trim(), &names)
}

/// The short day name in the practice's language (`Mo`, `Mon`).
pub fn day_short(lang: Language, day: Weekday) -> String {
    let key = match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    };
    tr!(lang, "outcome-config-day", day = key)
}

/// `06:00` from minutes after midnight.
pub fn time_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
#[path = "rotation_tests.rs"]
mod tests;

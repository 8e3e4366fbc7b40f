//! The rotation plan in time: which backup day it is, which cartridge is due
//! for a job, which comes next, and whether a job may write to the medium
//! found in the drive.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use super::inspect::{Contents, Found};
use crate::config::rotation::{Cartridge, Rotation, WrongMedium};
use crate::i18n::Language;
use crate::tr;

/// The backup day `now` (local time) belongs to: before `day_starts`
/// (minutes after midnight) it is still the previous day, so the 02:30 run
/// of the night is Monday's backup.
pub fn backup_day(now: NaiveDateTime, day_starts: u16) -> NaiveDate {
    let minute = now.hour() * 60 + now.minute();
    if minute < u32::from(day_starts) {
        now.date() - Duration::days(1)
    } else {
        now.date()
    }
}

/// The cartridge `job` should write at `now` (local time): the one of the
/// job whose days include the backup day's weekday. `None` when none is due
/// (the weekend in the built-in plans, or a job without a cartridge then).
pub fn due<'r>(rotation: &'r Rotation, job: &str, now: NaiveDateTime) -> Option<&'r Cartridge> {
    let day = backup_day(now, rotation.day_starts).weekday();
    rotation
        .cartridges
        .iter()
        .find(|c| c.job == job && c.weekdays.contains(&day))
}

/// The cartridge after `cartridge` in plan order, cyclic (after "Freitag
/// Praxis" comes "Montag extern"). A cartridge not in the plan is followed
/// by the plan's first.
pub fn next_after<'r>(rotation: &'r Rotation, cartridge: &'r Cartridge) -> &'r Cartridge {
    let all = &rotation.cartridges;
    let next = all
        .iter()
        .position(|c| c.name == cartridge.name)
        .map_or(0, |i| (i + 1) % all.len().max(1));
    // A rotation always has a cartridge (the config refuses an empty plan).
    all.get(next).unwrap_or(cartridge)
}

/// May the job write to what is in the drive?
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The due cartridge (or, with none due, any cartridge of the set).
    Go,
    /// Another cartridge of the set, and the policy is `warn`: back up,
    /// and say so in the report and the mail.
    GoWarn {
        /// The name on the cartridge in the drive.
        found: String,
        /// The cartridge the plan wanted.
        expected: String,
    },
    /// Nothing may be written.
    Refuse(Refusal),
}

/// Why nothing may be written; each names the cartridge to insert when one
/// is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No cartridge in the drive.
    NoMedium { insert: Option<String> },
    /// A medium without a tresor label (never formatted by tresor).
    Unlabelled {
        insert: Option<String>,
        contents: Contents,
    },
    /// A cartridge of another installation.
    Foreign {
        found: String,
        insert: Option<String>,
    },
    /// A cartridge of ours whose name the plan does not have.
    NotInPlan {
        found: String,
        insert: Option<String>,
    },
    /// Another cartridge of the set, and the policy is `refuse`.
    WrongCartridge { found: String, expected: String },
}

impl Refusal {
    /// The stable code of the JSON document and the run record.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoMedium { .. } => "no_medium",
            Refusal::Unlabelled { .. } => "medium_unlabelled",
            Refusal::Foreign { .. } => "medium_foreign",
            Refusal::NotInPlan { .. } => "medium_not_in_plan",
            Refusal::WrongCartridge { .. } => "wrong_medium",
        }
    }

    /// The message and what to do, in the practice's language.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        let insert = |c: &Option<String>| match c {
            Some(name) => tr!(lang, "media-insert", name = name),
            None => tr!(lang, "media-insert-any"),
        };
        match self {
            Refusal::NoMedium { insert: c } => (tr!(lang, "media-no-medium"), Some(insert(c))),
            Refusal::Unlabelled {
                insert: c,
                contents,
            } => (
                match contents {
                    Contents::OtherData => tr!(lang, "media-unlabelled-data"),
                    _ => tr!(lang, "media-unlabelled"),
                },
                Some(insert(c)),
            ),
            Refusal::Foreign { found, insert: c } => {
                (tr!(lang, "media-foreign", name = found), Some(insert(c)))
            }
            Refusal::NotInPlan { found, insert: c } => (
                tr!(lang, "media-not-in-plan", name = found),
                Some(insert(c)),
            ),
            Refusal::WrongCartridge { found, expected } => (
                tr!(lang, "media-wrong", found = found, expected = expected),
                Some(tr!(lang, "media-insert", name = expected)),
            ),
        }
    }
}

impl Decision {
    /// The code of the [`Decision::GoWarn`] warning (the same as a refusal
    /// of a wrong cartridge: the journal and mail speak of one thing).
    pub const WARNING_CODE: &'static str = "wrong_medium";

    /// The warning line for [`Decision::GoWarn`] (code `wrong_medium`).
    pub fn warning(&self, lang: Language) -> Option<String> {
        match self {
            Decision::GoWarn { found, expected } => Some(tr!(
                lang,
                "media-unexpected",
                found = found,
                expected = expected
            )),
            _ => None,
        }
    }
}

/// Go, warn or refuse with `found` in the drive and `due` the
/// cartridge the plan wants (see [`due`]). A cartridge of the set written
/// by another job (the "extern" one in the night) is "another cartridge".
/// With none due (a weekend run by hand) any cartridge of the set goes.
pub fn decide(rotation: &Rotation, found: &Found, due: Option<&Cartridge>) -> Decision {
    let insert = due.map(|c| c.name.clone());
    let label = match found {
        Found::NoMedium => return Decision::Refuse(Refusal::NoMedium { insert }),
        Found::Unlabelled(contents) => {
            return Decision::Refuse(Refusal::Unlabelled {
                insert,
                contents: *contents,
            })
        }
        Found::Foreign(l) => {
            return Decision::Refuse(Refusal::Foreign {
                found: l.name.clone(),
                insert,
            })
        }
        Found::Ours(l) => l,
    };
    let Some(inside) = rotation.cartridge(&label.name) else {
        return Decision::Refuse(Refusal::NotInPlan {
            found: label.name.clone(),
            insert,
        });
    };
    // None due (a weekend run by hand): any cartridge of the set will do.
    let Some(expected) = due.filter(|c| c.name != inside.name) else {
        return Decision::Go;
    };
    match rotation.wrong_medium {
        WrongMedium::Warn => Decision::GoWarn {
            found: inside.name.clone(),
            expected: expected.name.clone(),
        },
        WrongMedium::Refuse => Decision::Refuse(Refusal::WrongCartridge {
            found: inside.name.clone(),
            expected: expected.name.clone(),
        }),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;

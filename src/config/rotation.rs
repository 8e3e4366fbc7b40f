//! `rotation:` — which RDX cartridge is due when (the vendor's variant 1:
//! ten cartridges, Mon–Fri × Praxis/extern; variant 2: five; or a custom
//! plan), the day boundary, and what to do with a wrong cartridge.
//! (Reading is filled in by the media work; the types are what `media`,
//! `job` and `report` code against.)

use chrono::Weekday;

/// The rotation of the cartridges that go into one destination's drive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The destination (`type: local`) whose folder is on the cartridge drive.
    pub destination: String,
    /// Every cartridge of the set, in plan order.
    pub cartridges: Vec<Cartridge>,
    /// Minutes after local midnight when a new backup day starts (default
    /// 360 = 06:00: a 02:30 run belongs to the previous day).
    pub day_starts: u16,
    /// Another cartridge of the set than the due one is in the drive.
    pub wrong_medium: WrongMedium,
    /// Eject the cartridge after the job (Windows).
    pub eject: bool,
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

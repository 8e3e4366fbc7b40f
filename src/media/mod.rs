//! media — the RDX cartridges: which one is due, which one is in the drive,
//! and what staff do with them after a job.
//!
//! Owns the label file on each cartridge (`label.rs`), what the drive holds
//! (`inspect.rs`), the rotation plan in time (`plan.rs`: backup day, due
//! cartridge, go / warn / refuse), the words after a job (`advice.rs`), the
//! Windows eject command (`eject.rs`) and whether a backup fits (`space.rs`).
//! It never formats or deletes anything on a medium.
//!
//! Reads `config::rotation` types and `repo` ids; never imports `cli`, `job`
//! or `report` (the job runner calls [`check_before_backup`] and [`advice`]
//! and puts the results into its run record).

pub mod advice;
pub mod eject;
mod error;
pub mod inspect;
pub mod label;
pub mod plan;
pub mod space;

use std::path::Path;

use chrono::NaiveDateTime;

use crate::config::rotation::{Cartridge, Rotation};
use crate::repo::Id;

pub use advice::{advice, Advice};
pub use error::MediaError;
pub use inspect::{inspect, Contents, Found};
pub use label::Label;
pub use plan::{Decision, Refusal};

/// What [`check_before_backup`] found and decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// What is in the drive.
    pub found: Found,
    /// The cartridge the plan wants for this job now (`None` at the weekend
    /// or when the job has no cartridge today).
    pub due: Option<Cartridge>,
    /// Go, go with a warning, or refuse.
    pub decision: Decision,
}

impl Checked {
    /// The label of the cartridge in the drive, when it is one of ours.
    pub fn label(&self) -> Option<&Label> {
        match &self.found {
            Found::Ours(l) => Some(l),
            _ => None,
        }
    }
}

/// Before a job writes to the rotation's destination: what is in the drive
/// and whether the job may write to it.
///
/// - `job`: the job's name (`nightly`);
/// - `dest_path`: the destination's folder as resolved on this host
///   (`DestinationKind::Local { path }` of `rotation.destination`);
/// - `installation`: the installation id from the identity beside the
///   machine key (`None` when there is none yet: every label counts as ours);
/// - `now`: local time of the run (`crate::clock::now().naive_local()`, which follows `TRESOR_NOW`).
///
/// On `Decision::Refuse` nothing may be written; the refusal's
/// `render(lang)` says which cartridge to insert. On `GoWarn` the run goes
/// on and reports the warning (code `wrong_medium`). Errors: a label
/// that cannot be read ([`MediaError`]) — the drive is not touched either.
pub fn check_before_backup(
    rotation: &Rotation,
    job: &str,
    dest_path: &Path,
    installation: Option<&Id>,
    now: NaiveDateTime,
) -> Result<Checked, MediaError> {
    let found = inspect::inspect_in(inspect::drive(rotation, dest_path), dest_path, installation)?;
    let due = plan::due(rotation, job, now).cloned();
    let decision = plan::decide(rotation, &found, due.as_ref());
    Ok(Checked {
        found,
        due,
        decision,
    })
}

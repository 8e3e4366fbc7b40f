//! The job mail: one mail per run, German by default, that tells the practice
//! in plain words how the run ended, what was saved where, which cartridge to
//! take out and insert, and — at the end — the technical details for the IT
//! partner. A failure mail works also for a run that died early.
//!
//! `compose.rs` turns a [`RunRecord`](crate::report::record::RunRecord) into
//! words (pure); `send.rs` delivers them over SMTP; `error.rs` says why a
//! mail was not delivered.
//!
//! How the job runner sends the mail of a run (after the journal entry is
//! written, whatever the outcome):
//!
//! ```ignore
//! if let Some(settings) = &config.mail {
//!     if report::mail::wanted(settings, &record) {
//!         let text = report::mail::compose(config.language, &record);
//!         if let Err(e) = report::mail::send(settings, &text) {
//!             // A mail that did not go out is a warning of the run (code
//!             // `e.code()`, text `e.render(lang)`), never a reason to fail
//!             // a backup that worked.
//!         }
//!     }
//! }
//! ```

mod compose;
mod error;
mod send;

pub use compose::{compose, compose_test, date, MailText};
pub use error::{ConnectProblem, MailError, TlsProblem};
pub use send::{build, send};

use crate::config::mail::{MailSettings, SendWhen};
use crate::report::record::{RunOutcome, RunRecord};

/// Whether the settings want a mail for this run (`send: always`, or
/// `send: problems` and the run had warnings or failed).
pub fn wanted(settings: &MailSettings, record: &RunRecord) -> bool {
    match settings.send {
        SendWhen::Always => true,
        SendWhen::Problems => record.outcome != RunOutcome::Ok,
    }
}

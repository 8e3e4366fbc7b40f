//! When jobs run, installed into the operating system's scheduler: a job's
//! [`Schedule`](crate::config::Schedule) (`manual`, or a weekly cron line)
//! becomes Windows Task Scheduler XML and the `schtasks` command lines that
//! register and remove it, the Feierabend job's desktop shortcut, systemd
//! timer units on Linux, and the list of next runs in a time zone.
//!
//! Everything here is pure: it builds texts and command lines. Running them
//! (only on Windows for `schtasks`/`powershell`) is `cli::cmd_schedule`'s job.

pub mod next;
pub mod schtasks;
pub mod shortcut;
pub mod systemd;
pub mod task_xml;
mod weekly;

pub use weekly::{ScheduleError, Weekly, MAX_TRIGGERS};

//! tresor — encrypted, deduplicated backups of medical practice servers.
//!
//! Module map (dependencies point one way, see `docs/architecture.md`):
//! `cli` → `job` → `source`, `repo` → `storage`; `config` and the installation
//! `identity` are read once in `cli` and handed down as typed values; `report` renders progress and messages;
//! `media` knows the RDX cartridges (labels, rotation plan); `disk` the sizes of a drive;
//! `schedule` turns job schedules into Task Scheduler XML, schtasks lines and systemd units.

pub mod cli;
pub mod clock;
pub mod config;
pub mod detect;
pub mod disk;
pub mod error;
pub mod guard;
pub mod i18n;
pub mod identity;
pub mod job;
pub mod media;
pub mod repo;
pub mod report;
pub mod schedule;
pub mod source;
pub mod storage;

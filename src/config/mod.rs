//! config — reads `tresor.yaml` and the product profiles into typed values.
//!
//! Owns: the tresor.yaml schema (documented in `tresor.example.yaml`), the
//! embedded product profiles (`profiles/*.yaml`), Windows-style config paths
//! and their mapping to this host, the embedded demo config, and the
//! `tresor config check` summary. Every error names file, line and column,
//! what is wrong and what would be right, in German or English.
//!
//! Read once in `cli`; everything downstream gets a [`Config`] whose paths are
//! resolved and whose cross-references (job → destination) are checked.
//!
//! Files: `model.rs` (the types), `document.rs` / `sources.rs` / `jobs.rs` /
//! `mounts.rs` / `sqlserver.rs` / `s3.rs` (one section each), `schedule.rs` (when a job runs), `validate.rs`
//! (cross-references), `paths.rs`, `profiles.rs`, `demo.rs`, `report.rs`,
//! `error.rs` + `error_text.rs`, and the reading machinery `yaml.rs` (positions),
//! `read.rs` (typed reading), `suggest.rs` (did you mean).

mod demo;
mod document;
mod error;
mod error_text;
pub mod guard;
mod jobs;
pub mod mail;

mod model;
mod mounts;
mod paths;
mod profiles;
mod read;
pub mod region;
mod report;
pub mod rotation;
mod s3;
mod schedule;
mod sources;
mod sqlserver;
mod suggest;
mod transfer;
mod validate;
mod yaml;

use std::path::Path;

pub use crate::i18n::Language;
pub use demo::DEMO_ORIGIN;
pub use error::{ConfigError, ErrorKind, Position, Shape};
pub use model::{
    Config, DatabaseSpec, Destination, DestinationKind, FileSource, Hook, Job, Keys, LockMode,
    ObjectLock, Provider, Rate, Retention, S3Credentials, S3Destination, SecretSource, SqlAuth,
    SqlServerConfig, SqlTarget, TimeWindow, Transfer,
};
pub use paths::{
    lookup_case_insensitive, ConfigPath, HostContext, Mounts, PathProblem, ResolveError,
};
pub use profiles::{PathKind, Profile, ProfilePath};
pub use report::{check, check_report, check_with, Checked, Medium};
pub use schedule::{Schedule, ScheduleProblem, DEFAULT_SCHEDULES_YAML};
pub use transfer::TransferProblem;

/// The commented example configuration (`tresor init` writes it out).
pub const EXAMPLE_YAML: &str = include_str!("tresor.example.yaml");

/// Reads and checks a tresor.yaml for the running host.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::at(&origin, None, ErrorKind::Io(e)))?;
    parse(&text, &origin, &HostContext::current())
}

/// Parses and checks tresor.yaml text. `origin` names the file in messages and
/// is the base for relative profile file paths.
pub fn parse(text: &str, origin: &str, ctx: &HostContext) -> Result<Config, ConfigError> {
    document::read(text, origin, ctx)
}

/// The embedded demo config under `base` (see `demo.rs` for the drive mapping).
pub fn demo(base: &Path) -> Result<Config, ConfigError> {
    demo::demo(base)
}

/// Names of the embedded profiles.
pub fn profile_names() -> Vec<&'static str> {
    profiles::profile_names()
}

/// Every embedded profile, parsed (for `tresor detect`).
pub fn embedded_profiles() -> Result<Vec<Profile>, ConfigError> {
    profiles::embedded_profiles()
}

#[cfg(test)]
mod tests;

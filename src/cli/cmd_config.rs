//! `tresor config check`: validate tresor.yaml without running anything.
//!
//! Exit codes: 0 when everything required is there; 1 with warnings (no
//! recovery key); 2 when a backup would leave something required out (a
//! required folder is missing, a required database has no `sqlserver:`).
//! Missing optional folders are notes, as in the backup itself. A
//! destination that is absent or not set up yet is shown, not judged:
//! cartridges rotate, most are absent at any moment.

use std::path::Path;

use crate::config::{self, Medium};
use crate::error::Error;
use crate::repo::repofile::{CONFIG_KEYS, MARKER_KEYS};

use super::args::{ConfigAction, ConfigArgs};
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &ConfigArgs) -> Result<Outcome, Error> {
    match a.action {
        ConfigAction::Check => {
            let cfg = ctx.need_config()?;
            let checked = config::check(cfg, ctx.lang, &medium);
            if ctx.quiet {
                // The error below says "see above": those lines stay.
                for line in &checked.problems {
                    keepln!("{line}");
                }
            } else {
                print!("{}", checked.text);
            }
            if checked.failed {
                return Err(Error::ConfigIncomplete);
            }
            Ok(if checked.warnings {
                Outcome::Warnings
            } else {
                Outcome::Ok
            })
        }
    }
}

/// Whether a destination folder is there and holds a repository (a marker
/// or config copy; a damaged one is for `tresor check` to judge).
fn medium(path: &Path) -> Medium {
    if !path.is_dir() {
        return Medium::Absent;
    }
    if MARKER_KEYS
        .iter()
        .chain(&CONFIG_KEYS)
        .any(|k| path.join(k).exists())
    {
        Medium::SetUp
    } else {
        Medium::Blank
    }
}

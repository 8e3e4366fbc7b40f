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
use crate::identity;
use crate::repo::repofile::{CONFIG_KEYS, MARKER_KEYS};
use crate::tr;

use super::args::{ConfigAction, ConfigArgs};
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &ConfigArgs) -> Result<Outcome, Error> {
    match a.action {
        ConfigAction::Check => {
            let cfg = ctx.need_config()?;
            let mismatch = recipients_not_in_identity(ctx);
            let checked = config::check_with(cfg, ctx.lang, &medium, &mismatch);
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

/// Recovery recipients tresor.yaml names that the installation identity
/// lacks, as warning lines: new backups are not encrypted to them, so a
/// recovery key that belongs to one cannot read them. Empty when there is
/// no identity to compare with (before the first `init`, or the key
/// cannot be read; `init` and `backup` say that themselves).
pub fn recipients_not_in_identity(ctx: &Ctx) -> Vec<String> {
    let Some(cfg) = &ctx.config else {
        return Vec::new();
    };
    let key = &cfg.keys.machine;
    let Ok(ids) = super::context::load_identities(key) else {
        return Vec::new();
    };
    let Ok(Some(id)) = identity::file::load(&identity::path_beside(key), &ids, key) else {
        return Vec::new();
    };
    cfg.keys
        .recovery
        .iter()
        .map(|r| r.trim())
        .filter(|r| *r != id.machine && !id.recovery.iter().any(|k| k == r))
        .map(|r| tr!(ctx.lang, "outcome-recovery-not-in-identity", recipient = r))
        .collect()
}

//! `tresor config check`: validate tresor.yaml without running anything.

use crate::config;
use crate::error::Error;

use super::args::{ConfigAction, ConfigArgs};
use super::context::Ctx;
use super::Outcome;

pub fn run(ctx: &Ctx, a: &ConfigArgs) -> Result<Outcome, Error> {
    match a.action {
        ConfigAction::Check => {
            let cfg = ctx.need_config()?;
            print!("{}", config::check_report(cfg, ctx.lang));
            Ok(Outcome::Ok)
        }
    }
}

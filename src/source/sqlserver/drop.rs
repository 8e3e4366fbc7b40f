//! Dropping the scratch databases of restore drills — and nothing else.

use super::connect::{connect, runtime};
use super::errors::{Ctx, SqlError};
use super::quote::quote_ident;
use super::settings::SqlServerSettings;
use super::watchdog;

/// Drops a restore-drill database; refuses any name not starting with `drill_prefix`.
pub fn drop_database(
    settings: &SqlServerSettings,
    name: &str,
    drill_prefix: &str,
) -> Result<(), SqlError> {
    if drill_prefix.is_empty() || !name.starts_with(drill_prefix) {
        return Err(SqlError::NotADrillDatabase {
            name: name.to_string(),
            prefix: drill_prefix.to_string(),
        });
    }
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        let sql = format!(
            "ALTER DATABASE {0} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {0}",
            quote_ident(name)
        );
        watchdog::query(
            &mut client,
            &sql,
            settings.statement_timeout,
            "DROP DATABASE",
            Ctx::Query,
        )
        .await?;
        Ok(())
    })
}

//! Dropping the scratch databases of restore drills — and nothing else.

use super::connect::{connect, runtime, Client};
use super::errors::{Ctx, SqlError};
use super::quote::quote_ident;
use super::settings::SqlServerSettings;
use super::state::{database_state, databases_with_prefix};
use super::watchdog;

fn refuse_foreign(name: &str, drill_prefix: &str) -> Result<(), SqlError> {
    if drill_prefix.is_empty() || !name.starts_with(drill_prefix) {
        return Err(SqlError::NotADrillDatabase {
            name: name.to_string(),
            prefix: drill_prefix.to_string(),
        });
    }
    Ok(())
}

/// Drops a restore-drill database in whatever state a drill left it;
/// refuses any name not starting with `drill_prefix`. No such database is
/// not an error (a restore that failed early created none).
pub fn drop_database(
    settings: &SqlServerSettings,
    name: &str,
    drill_prefix: &str,
) -> Result<(), SqlError> {
    refuse_foreign(name, drill_prefix)?;
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        drop_with(&mut client, settings, name).await
    })
}

/// Drops every database whose name starts with `drill_prefix` (leftovers of
/// drills that were killed or whose drop failed) and returns their names.
pub fn drop_leftover_drills(
    settings: &SqlServerSettings,
    drill_prefix: &str,
) -> Result<Vec<String>, SqlError> {
    refuse_foreign(drill_prefix, drill_prefix)?;
    runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        let names = databases_with_prefix(&mut client, drill_prefix).await?;
        for name in &names {
            drop_with(&mut client, settings, name).await?;
        }
        Ok(names)
    })
}

async fn drop_with(
    client: &mut Client,
    settings: &SqlServerSettings,
    name: &str,
) -> Result<(), SqlError> {
    let Some(state) = database_state(client, name).await? else {
        return Ok(());
    };
    // ALTER DATABASE is refused on a RESTORING database (5052), which has no
    // users to end anyway; DROP DATABASE removes it in any state
    // (https://learn.microsoft.com/sql/t-sql/statements/drop-database-transact-sql).
    let sql = if state.is_online() {
        format!(
            "ALTER DATABASE {0} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {0}",
            quote_ident(name)
        )
    } else {
        format!("DROP DATABASE {}", quote_ident(name))
    };
    watchdog::query(
        client,
        &sql,
        settings.statement_timeout,
        "DROP DATABASE",
        Ctx::Query,
    )
    .await?;
    Ok(())
}

//! A database's state and user access as sys.databases reports them, and
//! giving a database back to its users (MULTI_USER) after tresor set it
//! SINGLE_USER — on a fresh connection, retried, and checked.

use super::connect::{connect, Client};
use super::discover::CATALOG_LIMIT;
use super::errors::{Ctx, SqlError};
use super::quote::{quote_ident, quote_nstring};
use super::rows::text;
use super::settings::SqlServerSettings;
use super::watchdog;
use std::time::Duration;

/// `state_desc` and `user_access_desc` of one database
/// (https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-databases-transact-sql).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbState {
    /// ONLINE, RESTORING, RECOVERING, RECOVERY_PENDING, SUSPECT, EMERGENCY, OFFLINE.
    pub state: String,
    /// MULTI_USER, SINGLE_USER, RESTRICTED_USER.
    pub user_access: String,
}

impl DbState {
    pub fn is_online(&self) -> bool {
        self.state == "ONLINE"
    }
}

const STATE_SQL: &str = "SELECT d.name, d.state_desc, d.user_access_desc FROM sys.databases AS d";

/// The state of `name`, `None` when there is no such database.
pub(crate) async fn database_state(
    client: &mut Client,
    name: &str,
) -> Result<Option<DbState>, SqlError> {
    let sql = format!("{STATE_SQL} WHERE d.name = {}", quote_nstring(name));
    let rows = watchdog::query(client, &sql, CATALOG_LIMIT, "sys.databases", Ctx::Query).await?;
    Ok(rows.into_iter().flatten().next().map(|r| DbState {
        state: text(&r, "state_desc").unwrap_or_default(),
        user_access: text(&r, "user_access_desc").unwrap_or_default(),
    }))
}

/// Names of all databases starting with `prefix` (case-sensitive: only the
/// names tresor made).
pub(crate) async fn databases_with_prefix(
    client: &mut Client,
    prefix: &str,
) -> Result<Vec<String>, SqlError> {
    let rows = watchdog::query(
        client,
        STATE_SQL,
        CATALOG_LIMIT,
        "sys.databases",
        Ctx::Query,
    )
    .await?;
    Ok(rows
        .into_iter()
        .flatten()
        .filter_map(|r| text(&r, "name"))
        .filter(|n| n.starts_with(prefix))
        .collect())
}

/// Attempts to give a database back to its users; a reconnecting practice
/// service may hold the single connection for a moment.
const SETTLE_ATTEMPTS: u32 = 5;
const SETTLE_PAUSE: Duration = Duration::from_secs(1);

/// Makes `name` MULTI_USER again if it is ONLINE and not, on fresh
/// connections (the one that ran RESTORE may be unusable), and returns the
/// state it ends in (`None`: the database no longer exists). `SET MULTI_USER`
/// alone fails with 5064 while another session holds a single-user database;
/// `WITH ROLLBACK IMMEDIATE` ends that session
/// (https://learn.microsoft.com/sql/t-sql/statements/alter-database-transact-sql-set-options,
/// https://learn.microsoft.com/sql/relational-databases/databases/set-a-database-to-single-user-mode).
pub(crate) async fn settle_multi_user(
    settings: &SqlServerSettings,
    name: &str,
) -> Result<Option<DbState>, SqlError> {
    let back = format!(
        "ALTER DATABASE {} SET MULTI_USER WITH ROLLBACK IMMEDIATE",
        quote_ident(name)
    );
    let mut last_err = None;
    for attempt in 0..SETTLE_ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(SETTLE_PAUSE).await;
        }
        let mut client = match connect(settings).await {
            Ok(c) => c,
            Err(e) => {
                last_err = Some(e);
                continue;
            }
        };
        let state = match database_state(&mut client, name).await {
            Ok(s) => s,
            Err(e) => {
                last_err = Some(e);
                continue;
            }
        };
        match state {
            Some(s) if s.is_online() && s.user_access != "MULTI_USER" => {
                if let Err(e) = watchdog::query(
                    &mut client,
                    &back,
                    CATALOG_LIMIT,
                    "ALTER DATABASE",
                    Ctx::Query,
                )
                .await
                {
                    tracing::warn!(error = %e, attempt, "SET MULTI_USER failed");
                    last_err = Some(e);
                }
            }
            other => return Ok(other),
        }
    }
    // Report the state as it is now, if it can still be read.
    if let Ok(mut client) = connect(settings).await {
        if let Ok(state) = database_state(&mut client, name).await {
            return Ok(state);
        }
    }
    Err(last_err.unwrap_or(SqlError::UnexpectedResult {
        query: "sys.databases",
        detail: "state unknown".into(),
    }))
}

/// The state of database `name` (`None`: no such database), for checks
/// after a restore.
pub fn read_database_state(
    settings: &SqlServerSettings,
    name: &str,
) -> Result<Option<DbState>, SqlError> {
    super::connect::runtime()?.block_on(async {
        let mut client = connect(settings).await?;
        database_state(&mut client, name).await
    })
}

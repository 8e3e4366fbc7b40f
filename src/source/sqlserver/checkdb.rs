//! DBCC CHECKDB on a restored database. TABLERESULTS turns its messages into
//! rows, so every error is reported, not only the first one tiberius surfaces.

use super::connect::Client;
use super::errors::{Ctx, SqlError};
use super::quote::quote_ident;
use super::rows::{int, text};
use super::watchdog;
use std::time::Duration;

pub(crate) async fn checkdb(
    client: &mut Client,
    database: &str,
    limit: Duration,
) -> Result<(), SqlError> {
    let sql = format!(
        "DBCC CHECKDB ({}) WITH NO_INFOMSGS, ALL_ERRORMSGS, TABLERESULTS",
        quote_ident(database)
    );
    let rows = watchdog::query(
        client,
        &sql,
        limit,
        &format!("DBCC CHECKDB {database}"),
        Ctx::CheckDb { database },
    )
    .await?;
    let errors: Vec<String> = rows
        .into_iter()
        .flatten()
        // Severity 10 and below are informational.
        .filter(|r| int(r, "Level").unwrap_or(16) > 10)
        .map(|r| {
            let msg = text(&r, "MessageText").unwrap_or_default();
            match int(&r, "Error") {
                Some(n) => format!("{n}: {msg}"),
                None => msg,
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SqlError::CheckDbFailed {
            database: database.to_string(),
            errors,
        })
    }
}

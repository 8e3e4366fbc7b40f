//! Our statement watchdog. tiberius' command timeout would desynchronise the
//! connection; instead we stop waiting after `limit`, send a TDS Attention
//! (`cancel_query`) so the server really stops the BACKUP/RESTORE/DBCC, and
//! wait briefly for its acknowledgement.

use super::connect::Client;
use std::future::Future;
use std::time::Duration;
use tiberius::Row;

/// How long the server gets to acknowledge the Attention.
const CANCEL_GRACE: Duration = Duration::from_secs(30);

pub(crate) enum Stopped {
    Timeout { cancelled: bool },
    Failed(tiberius::error::Error),
}

/// Runs `sql` as a plain batch; `beside` runs alongside (progress polling) and
/// is dropped when the statement ends.
pub(crate) async fn run_guarded<F>(
    client: &mut Client,
    sql: &str,
    limit: Duration,
    beside: F,
) -> Result<Vec<Vec<Row>>, Stopped>
where
    F: Future<Output = ()>,
{
    let outcome = {
        let work = async { client.simple_query(sql).await?.into_results().await };
        let raced = async {
            tokio::pin!(beside);
            let mut beside_done = false;
            tokio::pin!(work);
            loop {
                tokio::select! {
                    biased;
                    r = &mut work => break r,
                    _ = &mut beside, if !beside_done => beside_done = true,
                }
            }
        };
        tokio::time::timeout(limit, raced).await
    };
    match outcome {
        Ok(r) => r.map_err(Stopped::Failed),
        Err(_) => {
            let cancelled = matches!(
                tokio::time::timeout(CANCEL_GRACE, client.cancel_query()).await,
                Ok(Ok(()))
            );
            tracing::warn!(?limit, cancelled, "statement exceeded its time limit");
            Err(Stopped::Timeout { cancelled })
        }
    }
}

/// `run_guarded` without anything alongside.
pub(crate) async fn run(
    client: &mut Client,
    sql: &str,
    limit: Duration,
) -> Result<Vec<Vec<Row>>, Stopped> {
    run_guarded(client, sql, limit, async {}).await
}

/// A guarded statement whose failures become `SqlError`s in context `ctx`.
pub(crate) async fn query(
    client: &mut Client,
    sql: &str,
    limit: Duration,
    what: &str,
    ctx: super::errors::Ctx<'_>,
) -> Result<Vec<Vec<Row>>, super::errors::SqlError> {
    run(client, sql, limit)
        .await
        .map_err(|s| stopped(s, what, limit, ctx))
}

pub(crate) fn stopped(
    s: Stopped,
    what: &str,
    limit: Duration,
    ctx: super::errors::Ctx<'_>,
) -> super::errors::SqlError {
    match s {
        Stopped::Timeout { cancelled } => super::errors::SqlError::WatchdogTimeout {
            what: what.to_string(),
            after: limit,
            cancelled,
        },
        Stopped::Failed(e) => super::errors::classify(e, ctx),
    }
}

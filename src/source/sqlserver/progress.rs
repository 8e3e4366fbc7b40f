//! Progress of a running BACKUP/RESTORE: tiberius does not hand INFO messages
//! (STATS) to callers, so a second connection polls
//! sys.dm_exec_requests.percent_complete for the first one's session.

use super::connect::connect;
use super::rows::real;
use super::settings::SqlServerSettings;
use std::time::Duration;

const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Reports fractions 0.0..=1.0, rising only. Ends quietly when polling is
/// impossible (e.g. no VIEW SERVER STATE permission): progress is a nicety.
pub(crate) async fn poll(settings: &SqlServerSettings, spid: i64, progress: &dyn Fn(f32)) {
    let mut client = match connect(settings).await {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!(error = %e, "no progress connection");
            return;
        }
    };
    // Without VIEW SERVER STATE sys.dm_exec_requests shows only the caller's
    // own session, so a second connection would see nothing
    // (https://learn.microsoft.com/sql/relational-databases/system-dynamic-management-views/sys-dm-exec-requests-transact-sql#permissions).
    if !may_view_server_state(&mut client).await {
        tracing::info!("no VIEW SERVER STATE permission: no progress while the statement runs");
        return;
    }
    let sql = format!(
        "SELECT CAST(percent_complete AS real) AS percent_complete FROM sys.dm_exec_requests WHERE session_id = {spid}"
    );
    let mut last = 0.0f32;
    loop {
        tokio::time::sleep(POLL_INTERVAL).await;
        let rows = match client.simple_query(sql.as_str()).await {
            Ok(stream) => stream.into_first_result().await,
            Err(e) => Err(e),
        };
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                tracing::debug!(error = %e, "progress polling stopped");
                return;
            }
        };
        if let Some(pct) = rows.first().and_then(|r| real(r, "percent_complete")) {
            let fraction = (pct / 100.0).clamp(0.0, 1.0);
            if fraction > last {
                last = fraction;
                progress(fraction);
            }
        }
    }
}

async fn may_view_server_state(client: &mut super::connect::Client) -> bool {
    const SQL: &str =
        "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') AS int) AS can_view";
    let rows = match client.simple_query(SQL).await {
        Ok(stream) => stream.into_first_result().await,
        Err(e) => Err(e),
    };
    rows.ok()
        .and_then(|rows| rows.first().and_then(|r| super::rows::int(r, "can_view")))
        .is_some_and(|v| v == 1)
}

//! BACKUP DATABASE [x] TO DISK = N'…' WITH CHECKSUM, INIT, FORMAT, COPY_ONLY,
//! [NO_]COMPRESSION: writes a page-structured file (see bakfile.rs) in
//! `backup_steps` steps; sys.dm_exec_requests shows its percent_complete, and
//! each step waits until a progress poll has read the current value.

use super::bakfile::{self, BakFileEntry, BakHeader};
use super::exec::{disk_path, WithOptions};
use super::lexer::Tok;
use super::tokens::Reply;
use super::Shared;
use std::path::Path;

fn fail(first: (u32, &str)) -> Reply {
    let mut r = Reply::err(first.0, 16, first.1);
    r.error(3013, 16, "BACKUP DATABASE is terminating abnormally.");
    r
}

pub async fn run(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let (Some(kw), Some(name), Some(path)) = (
        toks.get(1),
        toks.get(2).and_then(Tok::name),
        disk_path(toks),
    ) else {
        return Reply::err(102, 15, "Incorrect syntax near 'BACKUP'.");
    };
    if !kw.is_word("DATABASE") {
        return Reply::err(50000, 16, "simulator: only BACKUP DATABASE is simulated");
    }
    let opts = match WithOptions::parse(toks) {
        Ok(o) => o,
        Err(e) => return Reply::err(102, 15, &e),
    };
    let (steps, hang, disk_full, mut seen, write_error, waits) = {
        let inst = shared.lock().expect("simulator lock");
        let Some(db) = inst.db(&name) else {
            return fail((911, &format!("Database '{name}' does not exist. Make sure that the name is entered correctly.")));
        };
        // "Database engine events and errors 900–999": 927 while a RESTORE
        // is unfinished, 942 when offline.
        // https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-0-to-999
        if db.state == "RESTORING" {
            return fail((
                927,
                &format!(
                    "Database '{}' cannot be opened. It is in the middle of a restore.",
                    db.name
                ),
            ));
        }
        if db.state != "ONLINE" {
            return fail((
                942,
                &format!(
                    "Database '{}' cannot be opened because it is offline.",
                    db.name
                ),
            ));
        }
        if inst
            .faults
            .access_denied_dir
            .as_ref()
            .is_some_and(|d| Path::new(&path).starts_with(d))
        {
            return fail((3201, &format!("Cannot open backup device '{path}'. Operating system error 5(Access is denied.).")));
        }
        if !Path::new(&path).parent().is_some_and(Path::is_dir) {
            return fail((3201, &format!("Cannot open backup device '{path}'. Operating system error 3(The system cannot find the path specified.).")));
        }
        if opts.has("COMPRESSION") && inst.engine_edition == 4 {
            return fail((
                1844,
                &format!(
                    "BACKUP DATABASE WITH COMPRESSION is not supported on {}.",
                    inst.edition
                ),
            ));
        }
        if Path::new(&path).exists() && !opts.has("INIT") && !opts.has("FORMAT") {
            return fail((
                50000,
                "simulator: appending a backup set to an existing file is not simulated; use INIT",
            ));
        }
        (
            inst.backup_steps,
            inst.faults.hang_backup,
            inst.faults.disk_full || inst.faults.write_error.is_some(),
            inst.progress_seen.subscribe(),
            inst.faults.write_error.clone(),
            // Without VIEW SERVER STATE nobody else can see the progress.
            inst.view_server_state,
        )
    };

    let start = chrono::Local::now().naive_local();
    let mut step = 0;
    loop {
        let pct = if hang {
            5.0
        } else if steps == 0 {
            100.0
        } else {
            100.0 * step as f32 / steps as f32
        };
        shared
            .lock()
            .expect("simulator lock")
            .running
            .insert(spid, pct);
        if disk_full && step * 2 >= steps {
            shared.lock().expect("simulator lock").running.remove(&spid);
            // 3202 "Write on '%ls' failed: %ls" carries any OS write error
            // ("Database engine events and errors 3000–3999"):
            // https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999
            let (n, text) =
                write_error.unwrap_or((112, "There is not enough space on the disk.".into()));
            return fail((3202, &format!("Write on \"{path}\" failed: {n}({text})")));
        }
        if hang {
            // Until the client's Attention drops this future (session.rs).
            std::future::pending::<()>().await;
        }
        if step >= steps {
            break;
        }
        // The next step comes when a progress poll has read this one.
        if waits {
            let _ = seen.wait_for(|&(s, p)| s == spid && p == pct).await;
        } else {
            // Nobody may watch: the BACKUP simply takes its time.
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        step += 1;
    }

    let mut inst = shared.lock().expect("simulator lock");
    inst.running.remove(&spid);
    let server = inst.server_name.clone();
    let version = inst.version.clone();
    let Some(db) = inst.db_mut(&name) else {
        return fail((911, &format!("Database '{name}' does not exist.")));
    };
    db.lsn += 100;
    let checkpoint = db.lsn;
    let header = BakHeader {
        database: db.name.clone(),
        family: db.family,
        server,
        version,
        start,
        finish: chrono::Local::now().naive_local(),
        first_lsn: (checkpoint - 37).to_string(),
        last_lsn: (checkpoint + 16).to_string(),
        checkpoint_lsn: checkpoint.to_string(),
        database_backup_lsn: db.diff_base_lsn.to_string(),
        recovery_model: db.recovery_model.clone(),
        user_access: db.user_access.clone(),
        copy_only: opts.has("COPY_ONLY"),
        has_checksum: opts.has("CHECKSUM"),
        row_size: db.row_size,
        row_count: db.rows.len(),
        blobs: db
            .blobs
            .iter()
            .map(|b| (b.name.clone(), b.data.len() as u64))
            .collect(),
        files: db
            .files
            .iter()
            .map(|f| BakFileEntry {
                logical: f.logical.clone(),
                physical: f.physical.clone(),
                kind: f.kind,
                filegroup: f.filegroup.clone(),
                size: f.size,
                memory_optimized: f.memory_optimized,
            })
            .collect(),
        total_pages: 0,
    };
    if !opts.has("COPY_ONLY") {
        db.diff_base_lsn = checkpoint;
    }
    let bytes = bakfile::encode(header, &db.rows, &db.blobs);
    let db_name = db.name.clone();
    drop(inst);
    if let Err(e) = std::fs::write(&path, &bytes) {
        return fail((
            3201,
            &format!("Cannot open backup device '{path}'. Operating system error ({e})."),
        ));
    }
    let pages = bytes.len() / bakfile::PAGE;
    let mut r = Reply::ok();
    r.info(
        4035,
        &format!("Processed {pages} pages for database '{db_name}', file '{db_name}' on file 1."),
    );
    r.info(
        3014,
        &format!(
            "BACKUP DATABASE successfully processed {pages} pages in 0.010 seconds (1.000 MB/sec)."
        ),
    );
    r
}

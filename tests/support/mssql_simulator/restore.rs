//! RESTORE HEADERONLY / FILELISTONLY / VERIFYONLY / DATABASE … WITH MOVE.
//! A restored database is materialised at the MOVE targets: a rows file,
//! a log file and a FILESTREAM container folder with one file per blob.

use super::bakfile::{self, BakContents};
use super::exec::{disk_path, WithOptions};
use super::lexer::Tok;
use super::model::{SimDatabase, SimFile};
use super::tokens::{Reply, Ty, Val};
use super::Shared;
use std::path::Path;

pub async fn run(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let Some(path) = disk_path(toks) else {
        return Reply::err(102, 15, "Incorrect syntax near 'RESTORE'.");
    };
    let opts = match WithOptions::parse(toks) {
        Ok(o) => o,
        Err(e) => return Reply::err(102, 15, &e),
    };
    let kind = toks.get(1).map(|t| match t {
        Tok::Word(w) => w.to_uppercase(),
        _ => String::new(),
    });
    let verb = match kind.as_deref() {
        Some("DATABASE") => "RESTORE DATABASE",
        Some("VERIFYONLY") => "VERIFY DATABASE",
        _ => "RESTORE HEADERONLY",
    };
    let contents = match read(&path, verb) {
        Ok(c) => c,
        Err(r) => return r,
    };
    match kind.as_deref() {
        Some("HEADERONLY") => headeronly(&contents),
        Some("FILELISTONLY") => filelistonly(&contents),
        Some("VERIFYONLY") => {
            if opts.has("CHECKSUM") && !contents.header.has_checksum {
                let mut r = Reply::err(3187, 16, "RESTORE WITH CHECKSUM cannot be specified because the backup set does not contain checksum information.");
                r.error(3013, 16, "VERIFY DATABASE is terminating abnormally.");
                return r;
            }
            let mut r = Reply::ok();
            r.info(3262, "The backup set on file 1 is valid.");
            r
        }
        Some("DATABASE") => match toks.get(2).and_then(Tok::name) {
            Some(target) => database(shared, spid, &target, contents, &opts).await,
            None => Reply::err(102, 15, "Incorrect syntax near 'DATABASE'."),
        },
        _ => Reply::err(50000, 16, "simulator: this RESTORE form is not simulated"),
    }
}

fn read(path: &str, verb: &str) -> Result<BakContents, Reply> {
    let abnormal = format!("{verb} is terminating abnormally.");
    let bytes = std::fs::read(path).map_err(|e| {
        let mut r = Reply::err(
            3201,
            16,
            &format!("Cannot open backup device '{path}'. Operating system error 2({e})."),
        );
        r.error(3013, 16, &abnormal);
        r
    })?;
    bakfile::decode(&bytes).map_err(|detail| {
        let mut r = if detail.contains("checksum") {
            Reply::err(3189, 16, &format!("Damage to the backup set was detected ({detail})."))
        } else {
            Reply::err(3241, 16, &format!("The media family on device '{path}' is incorrectly formed. SQL Server cannot process this media family ({detail})."))
        };
        r.error(3013, 16, &abnormal);
        r
    })
}

fn lsn(s: &str) -> Val {
    Val::Num(s.parse().unwrap_or(0))
}

fn headeronly(c: &BakContents) -> Reply {
    let h = &c.header;
    let mut parts = h.version.split('.').map(|p| p.parse::<i32>().unwrap_or(0));
    let (major, minor, build) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let mut r = Reply::ok();
    // Column types as "RESTORE HEADERONLY" documents them:
    // https://learn.microsoft.com/sql/t-sql/statements/restore-statements-headeronly-transact-sql
    r.result(
        &[
            ("BackupName", Ty::NVarChar),
            ("BackupType", Ty::SmallInt),
            ("Compressed", Ty::TinyInt),
            ("Position", Ty::SmallInt),
            ("ServerName", Ty::NVarChar),
            ("DatabaseName", Ty::NVarChar),
            ("BackupSize", Ty::Numeric20),
            ("FirstLSN", Ty::Numeric25),
            ("LastLSN", Ty::Numeric25),
            ("CheckpointLSN", Ty::Numeric25),
            ("DatabaseBackupLSN", Ty::Numeric25),
            ("BackupStartDate", Ty::DateTime),
            ("BackupFinishDate", Ty::DateTime),
            ("SoftwareVersionMajor", Ty::Int),
            ("SoftwareVersionMinor", Ty::Int),
            ("SoftwareVersionBuild", Ty::Int),
            ("HasBackupChecksums", Ty::Bit),
            ("IsCopyOnly", Ty::Bit),
            ("RecoveryModel", Ty::NVarChar),
            ("BackupTypeDescription", Ty::NVarChar),
        ],
        &[vec![
            Val::Null,
            Val::Small(1),
            Val::Tiny(0),
            Val::Small(1),
            h.server.as_str().into(),
            h.database.as_str().into(),
            Val::Num(u128::from(h.total_pages) * bakfile::PAGE as u128),
            lsn(&h.first_lsn),
            lsn(&h.last_lsn),
            lsn(&h.checkpoint_lsn),
            lsn(&h.database_backup_lsn),
            Val::Time(h.start),
            Val::Time(h.finish),
            Val::Int(major),
            Val::Int(minor),
            Val::Int(build),
            Val::Bit(h.has_checksum),
            Val::Bit(h.copy_only),
            h.recovery_model.as_str().into(),
            "Database".into(),
        ]],
    );
    r
}

fn filelistonly(c: &BakContents) -> Reply {
    let rows: Vec<Vec<Val>> = c
        .header
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                f.logical.as_str().into(),
                f.physical.as_str().into(),
                f.kind.to_string().into(),
                f.filegroup.clone().into(),
                Val::Num(u128::from(f.size)),
                Val::Big(i as i64 + 1),
            ]
        })
        .collect();
    let mut r = Reply::ok();
    // Column types as "RESTORE FILELISTONLY" documents them (Type char(1):
    // S = FILESTREAM, FileTable or In-Memory OLTP container):
    // https://learn.microsoft.com/sql/t-sql/statements/restore-statements-filelistonly-transact-sql
    r.result(
        &[
            ("LogicalName", Ty::NVarChar),
            ("PhysicalName", Ty::NVarChar),
            ("Type", Ty::Char1),
            ("FileGroupName", Ty::NVarChar),
            ("Size", Ty::Numeric20),
            ("FileID", Ty::BigInt),
        ],
        &rows,
    );
    r
}

fn fail(code: u32, msg: &str) -> Reply {
    let mut r = Reply::err(code, 16, msg);
    r.error(3013, 16, "RESTORE DATABASE is terminating abnormally.");
    r
}

async fn database(
    shared: &Shared,
    spid: u16,
    target: &str,
    c: BakContents,
    opts: &WithOptions,
) -> Reply {
    let replace = opts.has("REPLACE");
    let mut inst = shared.lock().expect("simulator lock");
    // RESTORE needs exclusive use of the target: not this session's own
    // database (3102), no other session in it (3101). "Database engine events
    // and errors 3000–3999":
    // https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999
    if inst
        .sessions
        .get(&spid)
        .is_some_and(|db| db.eq_ignore_ascii_case(target))
    {
        return fail(3102, &format!("RESTORE cannot process database '{target}' because it is in use by this session. It is recommended that the master database be used when performing this operation."));
    }
    if let Some(existing) = inst.db(target) {
        if !existing.users(&inst, spid).is_empty() {
            return fail(
                3101,
                "Exclusive access could not be obtained because the database is in use.",
            );
        }
        // Without REPLACE, RESTORE's safety checks apply ("RESTORE arguments",
        // REPLACE: https://learn.microsoft.com/sql/t-sql/statements/restore-statements-arguments-transact-sql#replace):
        // another database family is refused (3154); a FULL/BULK_LOGGED database
        // whose tail of the log was not backed up is refused (3159).
        if !replace && existing.family != c.header.family {
            return fail(3154, &format!("The backup set holds a backup of a database other than the existing '{target}' database."));
        }
        if !replace && existing.state == "ONLINE" && existing.recovery_model != "SIMPLE" {
            return fail(3159, &format!("The tail of the log for the database \"{target}\" has not been backed up. Use BACKUP LOG WITH NORECOVERY to backup the log if it contains work you do not want to lose. Use the WITH REPLACE or WITH STOPAT clause of the RESTORE statement to just overwrite the contents of the log."));
        }
    }
    for (logical, _) in &opts.moves {
        if !c
            .header
            .files
            .iter()
            .any(|f| f.logical.eq_ignore_ascii_case(logical))
        {
            return fail(3234, &format!("Logical file '{logical}' is not part of database '{target}'. Use RESTORE FILELISTONLY to list the logical file names."));
        }
    }
    let mut files = Vec::new();
    for f in &c.header.files {
        let physical = opts
            .moves
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(&f.logical))
            .map_or_else(|| f.physical.clone(), |(_, p)| p.clone());
        let user = inst.databases.iter().find(|d| {
            !d.name.eq_ignore_ascii_case(target)
                && d.files
                    .iter()
                    .any(|x| x.physical.eq_ignore_ascii_case(&physical))
        });
        if let Some(user) = user {
            let mut r = Reply::err(1834, 16, &format!("The file '{physical}' cannot be overwritten.  It is being used by database '{}'.", user.name));
            r.error(3156, 16, &format!("File '{}' cannot be restored to '{physical}'. Use WITH MOVE to identify a valid location for the file.", f.logical));
            r.error(3013, 16, "RESTORE DATABASE is terminating abnormally.");
            return r;
        }
        if !Path::new(&physical).parent().is_some_and(Path::is_dir) {
            return fail(5133, &format!("Directory lookup for the file \"{physical}\" failed with the operating system error 3(The system cannot find the path specified.)."));
        }
        // REPLACE: "overwrite existing files": without it (or a MOVE elsewhere)
        // files that exist and belong to no database of this name are refused (3142).
        let own = inst.db(target).is_some_and(|d| {
            d.files
                .iter()
                .any(|x| x.physical.eq_ignore_ascii_case(&physical))
        });
        if f.kind != 'S' && Path::new(&physical).exists() && !replace && !own {
            return fail(3142, &format!("File \"{}\" cannot be restored over the existing \"{physical}\". Reissue the RESTORE statement using WITH REPLACE to overwrite pre-existing files, or WITH MOVE to identify an alternate location.", f.logical));
        }
        // Memory-optimized containers are type S too, but need no FILESTREAM.
        if f.kind == 'S' {
            if inst.filestream_level == 0 && !f.memory_optimized {
                return fail(5591, "FILESTREAM feature is disabled.");
            }
            if Path::new(&physical).exists() && !replace {
                return fail(5170, &format!("Cannot create file '{physical}' because it already exists. Change the file path or the file name, and retry the operation."));
            }
        }
        files.push(SimFile {
            logical: f.logical.clone(),
            physical,
            kind: f.kind,
            filegroup: f.filegroup.clone(),
            size: f.size,
            memory_optimized: f.memory_optimized,
        });
    }
    if inst.faults.fail_restore_midway {
        // The old database is gone once RESTORE … REPLACE has started; what is
        // left is a database in the RESTORING state.
        let id = inst.next_database_id;
        inst.next_database_id += 1;
        inst.databases
            .retain(|d| !d.name.eq_ignore_ascii_case(target));
        let mut left = SimDatabase::new(target, "", 0, 1);
        left.id = id;
        left.state = "RESTORING".into();
        left.files = files;
        inst.databases.push(left);
        return fail(
            3203,
            &format!(
                "Read on \"{}\" failed: 23(Data error (cyclic redundancy check).)",
                c.header.database
            ),
        );
    }
    inst.running.insert(spid, 50.0);
    if let Err(e) = materialise(&files, &c) {
        inst.running.remove(&spid);
        return fail(3634, &format!("The operating system returned the error '{e}' while attempting 'RestoreContainer::ValidateTargetForCreation'."));
    }
    inst.running.remove(&spid);
    inst.databases
        .retain(|d| !d.name.eq_ignore_ascii_case(target));
    let corrupt = inst.faults.corrupt_restores;
    let id = inst.next_database_id;
    inst.next_database_id += 1;
    inst.databases.push(SimDatabase {
        id,
        name: target.to_string(),
        state: "ONLINE".into(),
        // The database's options come from the backup.
        user_access: c.header.user_access.clone(),
        family: c.header.family,
        recovery_model: c.header.recovery_model.clone(),
        log_reuse_wait: "NOTHING".into(),
        last_log_backup: None,
        is_snapshot: false,
        row_size: c.header.row_size,
        rows: c.rows,
        blobs: c.blobs,
        files,
        lsn: c.header.last_lsn.parse().unwrap_or(0),
        diff_base_lsn: 0,
        corrupt,
    });
    let pages = c.header.total_pages;
    let mut r = Reply::ok();
    r.info(3014, &format!("RESTORE DATABASE successfully processed {pages} pages in 0.010 seconds (1.000 MB/sec)."));
    r
}

fn materialise(files: &[SimFile], c: &BakContents) -> std::io::Result<()> {
    for f in files {
        match f.kind {
            'D' => std::fs::write(&f.physical, c.rows.concat())?,
            'L' => std::fs::write(
                &f.physical,
                format!("log up to LSN {}\n", c.header.last_lsn),
            )?,
            'S' => {
                if Path::new(&f.physical).exists() {
                    std::fs::remove_dir_all(&f.physical)?;
                }
                std::fs::create_dir(&f.physical)?;
                for b in &c.blobs {
                    std::fs::write(Path::new(&f.physical).join(&b.name), &b.data)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

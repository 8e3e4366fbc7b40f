//! Answers the fixed catalog queries source::sqlserver sends
//! (SERVERPROPERTY, sys.databases, sys.master_files, sys.dm_exec_requests,
//! sys.dm_server_services, DB_ID). Matched by the catalog view they read.

use super::exec::normalized;
use super::lexer::Tok;
use super::tokens::{Reply, Ty, Val};
use super::Shared;

pub fn select(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let text = normalized(toks);
    let inst = shared.lock().expect("simulator lock");
    let mut r = Reply::ok();
    if text.contains("HAS_PERMS_BY_NAME") {
        // https://learn.microsoft.com/sql/t-sql/functions/has-perms-by-name-transact-sql
        r.result(
            &[("can_view", Ty::Int)],
            &[vec![Val::Int(i32::from(inst.view_server_state))]],
        );
    } else if text.contains("SYS . DATABASE_FILES") {
        database_files(&inst, toks, &mut r);
    } else if text.contains("SERVERPROPERTY") {
        r.result(
            &[
                ("edition", Ty::NVarChar),
                ("engine_edition", Ty::Int),
                ("product_version", Ty::NVarChar),
                ("server_name", Ty::NVarChar),
                ("filestream_level", Ty::Int),
                ("default_data_path", Ty::NVarChar),
                ("default_log_path", Ty::NVarChar),
                ("spid", Ty::Int),
            ],
            &[vec![
                inst.edition.as_str().into(),
                Val::Int(inst.engine_edition),
                inst.version.as_str().into(),
                inst.server_name.as_str().into(),
                Val::Int(inst.filestream_level),
                inst.data_path.as_str().into(),
                inst.log_path.as_str().into(),
                Val::Int(i32::from(spid)),
            ]],
        );
    } else if text.contains("SYS . DATABASES") {
        // `… WHERE d.name = N'x'` asks for one database.
        let only = text.contains("NAME = '").then(|| {
            toks.iter().rev().find_map(|t| match t {
                Tok::Str(s) => Some(s.clone()),
                _ => None,
            })
        });
        let rows: Vec<Vec<Val>> = inst
            .databases
            .iter()
            .filter(|d| {
                only.as_ref()
                    .is_none_or(|n| n.as_ref().is_none_or(|n| d.name.eq_ignore_ascii_case(n)))
            })
            .map(|d| {
                vec![
                    d.name.as_str().into(),
                    d.state.as_str().into(),
                    Val::Bit(d.is_snapshot),
                    d.recovery_model.as_str().into(),
                    d.log_reuse_wait.as_str().into(),
                    Val::Bit(false),
                    d.last_log_backup.map_or(Val::Null, Val::Time),
                    d.user_access.as_str().into(),
                ]
            })
            .collect();
        r.result(
            &[
                ("name", Ty::NVarChar),
                ("state_desc", Ty::NVarChar),
                ("is_snapshot", Ty::Bit),
                ("recovery_model_desc", Ty::NVarChar),
                ("log_reuse_wait_desc", Ty::NVarChar),
                ("is_system", Ty::Bit),
                ("last_log_backup", Ty::DateTime),
                ("user_access_desc", Ty::NVarChar),
            ],
            &rows,
        );
    } else if text.contains("SYS . MASTER_FILES") {
        let rows: Vec<Vec<Val>> = inst
            .databases
            .iter()
            .flat_map(|d| {
                d.files.iter().map(|f| {
                    let ty = match f.kind {
                        'D' => "ROWS",
                        'L' => "LOG",
                        'S' => "FILESTREAM",
                        _ => "FULLTEXT",
                    };
                    vec![
                        d.name.as_str().into(),
                        f.logical.as_str().into(),
                        f.physical.as_str().into(),
                        ty.into(),
                        // "populated as zero for FILESTREAM containers; query
                        // sys.database_files for their size":
                        // https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-master-files-transact-sql
                        Val::Big(if f.kind == 'S' { 0 } else { f.size as i64 }),
                    ]
                })
            })
            .collect();
        r.result(
            &[
                ("database_name", Ty::NVarChar),
                ("logical_name", Ty::NVarChar),
                ("physical_name", Ty::NVarChar),
                ("type_desc", Ty::NVarChar),
                ("size_bytes", Ty::BigInt),
            ],
            &rows,
        );
    } else if text.contains("SYS . DM_EXEC_REQUESTS") {
        let session = toks
            .iter()
            .rev()
            .find_map(|t| match t {
                Tok::Num(n) => n.parse::<u16>().ok(),
                _ => None,
            })
            .unwrap_or(0);
        // Without VIEW SERVER STATE only the caller's own session is visible.
        let visible = inst.view_server_state || session == spid;
        let pct = inst.running.get(&session).copied().filter(|_| visible);
        if let Some(p) = pct {
            // Lets a stepped BACKUP take its next step (see backup.rs).
            inst.progress_seen.send_replace((session, p));
        }
        let rows: Vec<Vec<Val>> = pct.map(|p| vec![Val::Real(p)]).into_iter().collect();
        r.result(&[("percent_complete", Ty::Real)], &rows);
    } else if text.contains("SYS . DM_SERVER_SERVICES") {
        let instance = inst
            .server_name
            .rsplit('\\')
            .next()
            .unwrap_or("MSSQLSERVER")
            .to_string();
        r.result(
            &[
                ("servicename", Ty::NVarChar),
                ("service_account", Ty::NVarChar),
            ],
            &[
                vec![
                    format!("SQL Full-text Filter Daemon Launcher ({instance})").into(),
                    format!("NT Service\\MSSQLFDLauncher${instance}").into(),
                ],
                vec![
                    format!("SQL Server ({instance})").into(),
                    inst.service_account.as_str().into(),
                ],
            ],
        );
    } else if text.contains("DB_ID (") {
        let name = toks.iter().find_map(|t| match t {
            Tok::Str(s) => Some(s.clone()),
            _ => None,
        });
        let id = name.and_then(|n| inst.db(&n).map(|d| d.id));
        r.result(
            &[("database_id", Ty::Int)],
            &[vec![id.map_or(Val::Null, Val::Int)]],
        );
    } else {
        r.error(
            50000,
            16,
            &format!("simulator: query not simulated: {text}"),
        );
    }
    r
}

/// `SELECT … FROM [db].sys.database_files AS f LEFT JOIN [db].sys.filegroups AS fg …`:
/// real container sizes (`size` in 8 KB pages, "for FILESTREAM filegroup
/// containers, the current used size") and the filegroup type (FD FILESTREAM,
/// FX memory-optimized). https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-database-files-transact-sql
/// https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-filegroups-transact-sql
fn database_files(inst: &super::model::Instance, toks: &[Tok], r: &mut Reply) {
    let name = toks.iter().find_map(|t| match t {
        Tok::Ident(s) => Some(s.clone()),
        _ => None,
    });
    let Some(db) = name.as_deref().and_then(|n| inst.db(n)) else {
        r.error(208, 16, "Invalid object name 'sys.database_files'.");
        return;
    };
    if db.state != "ONLINE" {
        r.error(
            942,
            14,
            &format!(
                "Database '{}' cannot be opened because it is offline.",
                db.name
            ),
        );
        return;
    }
    let rows: Vec<Vec<Val>> = db
        .files
        .iter()
        .map(|f| {
            let (ty, fg) = match (f.kind, f.memory_optimized) {
                ('L', _) => ("LOG", None),
                ('S', true) => ("FILESTREAM", Some("FX")),
                ('S', false) => ("FILESTREAM", Some("FD")),
                _ => ("ROWS", Some("FG")),
            };
            vec![
                f.logical.as_str().into(),
                ty.into(),
                Val::Big(f.size.div_ceil(8192) as i64 * 8192),
                fg.map(String::from).into(),
            ]
        })
        .collect();
    r.result(
        &[
            ("logical_name", Ty::NVarChar),
            ("type_desc", Ty::NVarChar),
            ("size_bytes", Ty::BigInt),
            ("filegroup_type", Ty::NVarChar),
        ],
        &rows,
    );
}

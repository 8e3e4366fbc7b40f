//! DBCC CHECKDB (with TABLERESULTS), DROP DATABASE and ALTER DATABASE … SET.

use super::lexer::Tok;
use super::tokens::{Reply, Ty, Val};
use super::Shared;
use std::path::Path;

/// `DBCC CHECKDB ([name]) WITH NO_INFOMSGS, ALL_ERRORMSGS[, TABLERESULTS]`
pub fn checkdb(shared: &Shared, toks: &[Tok]) -> Reply {
    if !toks.get(1).is_some_and(|t| t.is_word("CHECKDB")) {
        return Reply::err(2526, 16, "simulator: only DBCC CHECKDB is simulated");
    }
    let Some(name) = toks.get(3).and_then(Tok::name) else {
        return Reply::err(102, 15, "Incorrect syntax near 'CHECKDB'.");
    };
    let table = toks.iter().any(|t| t.is_word("TABLERESULTS"));
    let inst = shared.lock().expect("simulator lock");
    let Some(db) = inst.db(&name) else {
        return Reply::err(2520, 16, &format!("Could not find database '{name}'. The database either does not exist, or was dropped before a statement tried to use it."));
    };
    if !db.corrupt {
        return Reply::ok();
    }
    let errors = [
        (8928, format!("Object ID 901578250, index ID 1, partition ID 72057594043695104: Page (1:153) could not be processed. See other errors for details. (database '{}')", db.name)),
        (8989, format!("CHECKDB found 0 allocation errors and 1 consistency errors in database '{}'.", db.name)),
    ];
    let mut r = Reply::ok();
    if table {
        let rows: Vec<Vec<Val>> = errors
            .iter()
            .map(|(n, m)| {
                vec![
                    Val::Int(*n),
                    Val::Int(16),
                    Val::Int(1),
                    m.as_str().into(),
                    Val::Int(db.id),
                ]
            })
            .collect();
        r.result(
            &[
                ("Error", Ty::Int),
                ("Level", Ty::Int),
                ("State", Ty::Int),
                ("MessageText", Ty::NVarChar),
                ("DbId", Ty::Int),
            ],
            &rows,
        );
    } else {
        for (n, m) in &errors {
            r.error(*n as u32, 16, m);
        }
    }
    r
}

/// `DROP DATABASE [name]`: forgets the database and deletes its files.
/// A database in use cannot be dropped (3702); a RESTORING one can
/// (https://learn.microsoft.com/sql/t-sql/statements/drop-database-transact-sql).
pub fn drop_database(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let (Some(kw), Some(name)) = (toks.get(1), toks.get(2).and_then(Tok::name)) else {
        return Reply::err(102, 15, "Incorrect syntax near 'DROP'.");
    };
    if !kw.is_word("DATABASE") {
        return Reply::err(50000, 16, "simulator: only DROP DATABASE is simulated");
    }
    let mut inst = shared.lock().expect("simulator lock");
    let Some(pos) = inst
        .databases
        .iter()
        .position(|d| d.name.eq_ignore_ascii_case(&name))
    else {
        return Reply::err(3701, 11, &format!("Cannot drop the database '{name}', because it does not exist or you do not have permission."));
    };
    let in_use = inst
        .sessions
        .iter()
        .any(|(_, db)| db.eq_ignore_ascii_case(&name));
    if in_use {
        return Reply::err(
            3702,
            16,
            &format!("Cannot drop database \"{name}\" because it is currently in use."),
        );
    }
    let db = inst.databases.remove(pos);
    let _ = spid;
    for f in &db.files {
        let p = Path::new(&f.physical);
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(p);
        } else if p.is_file() {
            let _ = std::fs::remove_file(p);
        }
    }
    Reply::ok()
}

/// `ALTER DATABASE [name] SET SINGLE_USER | MULTI_USER [WITH ROLLBACK IMMEDIATE]`,
/// changing `user_access`. As documented in "ALTER DATABASE SET options"
/// (https://learn.microsoft.com/sql/t-sql/statements/alter-database-transact-sql-set-options):
/// ROLLBACK IMMEDIATE ends the other connections; without it a change that
/// other users block fails. Errors from "Database engine events and errors
/// 5000–5999" (https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-5000-to-5999):
/// 5052 on a RESTORING database, 5064 when a single-user database has its user,
/// 5061 when a lock cannot be placed. "Set a database to single-user mode":
/// https://learn.microsoft.com/sql/relational-databases/databases/set-a-database-to-single-user-mode
pub fn alter_database(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let Some(name) = toks.get(2).and_then(Tok::name) else {
        return Reply::err(102, 15, "Incorrect syntax near 'ALTER'.");
    };
    let mut inst = shared.lock().expect("simulator lock");
    let Some(db) = inst.db(&name) else {
        return Reply::err(5011, 14, &format!("User does not have permission to alter database '{name}', the database does not exist, or the database is not in a state that allows access checks."));
    };
    let failed = |first: (u32, String)| {
        let mut r = Reply::err(first.0, 16, &first.1);
        r.error(5069, 16, "ALTER DATABASE statement failed.");
        r
    };
    if db.state == "RESTORING" {
        return failed((5052, format!("ALTER DATABASE is not permitted while a database is in the Restoring state. (database '{}')", db.name)));
    }
    let access = ["SINGLE_USER", "MULTI_USER", "RESTRICTED_USER"]
        .into_iter()
        .find(|a| toks.iter().any(|t| t.is_word(a)));
    let Some(access) = access else {
        return Reply::err(
            50000,
            16,
            "simulator: only SET SINGLE_USER / MULTI_USER is simulated",
        );
    };
    let db_name = db.name.clone();
    if access == "MULTI_USER" && inst.faults.refuse_multi_user > 0 {
        if inst.faults.refuse_multi_user != u32::MAX {
            inst.faults.refuse_multi_user -= 1;
        }
        return failed((5061, format!("ALTER DATABASE failed because a lock could not be placed on database '{db_name}'. Try again later.")));
    }
    let immediate = toks.iter().any(|t| t.is_word("IMMEDIATE"));
    let users = db.users(&inst, spid);
    if !users.is_empty() {
        if immediate {
            inst.kill_users(&db_name, spid);
        } else if db.user_access == "SINGLE_USER" {
            return failed((5064, format!("Changes to the state or options of database '{db_name}' cannot be made at this time. The database is in single-user mode, and a user is currently connected to it.")));
        } else if access != "MULTI_USER" {
            return failed((5061, format!("ALTER DATABASE failed because a lock could not be placed on database '{db_name}'. Try again later.")));
        }
    }
    if let Some(db) = inst.db_mut(&db_name) {
        db.user_access = access.to_string();
    }
    Reply::ok()
}

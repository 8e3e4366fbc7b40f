//! Opt-in test against a real SQL Server. Set TRESOR_TEST_MSSQL to a connection
//! string (e.g. "Server=tcp:host,1433;User ID=sa;Password=…;TrustServerCertificate=True")
//! and TRESOR_TEST_MSSQL_STAGING to a folder the SQL Server service can write
//! and this process can read (default: the system temp folder). When
//! TRESOR_TEST_MSSQL is unset the test prints "skipped: TRESOR_TEST_MSSQL not
//! set" and returns — it does not pretend to have checked anything.
//!
//! It creates a scratch database `tresor_test_<pid>` (with no FILESTREAM), backs
//! it up, restores it as `tresor_drill_<pid>` with DBCC CHECKDB and drops both.
//!
//! Issue 15 on a real server (each test skips the same way without the variable):
//! - point 1: stale `tresor_*.bak` files in staging are swept, a foreign `.bak` stays;
//! - point 3: `--force` over a database another connection is using succeeds
//!   and leaves it ONLINE and MULTI_USER;
//! - point 4: the same while the login's default database is the target (the
//!   test sets the login's DEFAULT_DATABASE and puts the old one back);
//! - point 5: leftover drill databases — one ONLINE, one RESTORING — are
//!   dropped by prefix.

use std::time::Duration;
use tresor::source::sqlserver::{self as sql, BackupOptions, RestoreOptions};

/// Settings for the server in TRESOR_TEST_MSSQL, or `None` (after saying so
/// on stderr) when it is not set.
fn real_server() -> Option<(String, sql::SqlServerSettings)> {
    let Ok(conn) = std::env::var("TRESOR_TEST_MSSQL") else {
        // Straight to stderr: the test harness captures println!, and a skip
        // must be visible in every run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "sqlserver_real: skipped: TRESOR_TEST_MSSQL not set"
        );
        return None;
    };
    let staging = std::env::var("TRESOR_TEST_MSSQL_STAGING")
        .map_or_else(|_| std::env::temp_dir(), Into::into);
    let mut s = sql::parse_connection_string(&conn)
        .expect("connection string")
        .into_settings(staging);
    s.statement_timeout = Duration::from_secs(600);
    Some((conn, s))
}

#[test]
fn real_sql_server_round_trip() {
    let Some((_, s)) = real_server() else {
        return;
    };

    let d = sql::discover(&s).expect("discover");
    println!(
        "{} {} (express: {}, FILESTREAM: {})",
        d.edition, d.version, d.is_express, d.filestream_enabled
    );
    for w in sql::warnings(&d) {
        println!("warning: {}", w.render(tresor::i18n::Language::En));
    }
    let pid = std::process::id();
    let source = format!("tresor_test_{pid}");
    let drill = format!("tresor_drill_{pid}");
    create_database(&s, &source);
    let d = sql::discover(&s).expect("discover again");
    let db = d
        .databases
        .iter()
        .find(|x| x.name == source)
        .expect("scratch database listed");

    let b = sql::backup_database(
        &s,
        db,
        &BackupOptions {
            copy_only: true,
            ..Default::default()
        },
        &|p| println!("backup {:.0} %", p * 100.0),
    )
    .expect("backup");
    assert!(b.metadata.files.iter().any(|f| f.file_type == 'D') && b.metadata.has_checksums);
    let opts = RestoreOptions {
        target_name: drill.clone(),
        checkdb: true,
        ..Default::default()
    };
    let out = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {}).expect("restore");
    assert!(out.checkdb_clean);
    sql::drop_database(&s, &drill, "tresor_drill_").expect("drop drill");
    sql::drop_database(&s, &source, "tresor_test_").expect("drop scratch");
    let _ = std::fs::remove_file(&b.bak_path);
}

/// The module has no CREATE DATABASE (tresor never creates databases); a
/// restore of `model` under the scratch name gives a small, valid database.
fn create_database(s: &sql::SqlServerSettings, name: &str) {
    let d = sql::discover(s).expect("discover");
    let model = d
        .databases
        .iter()
        .find(|x| x.name == "model")
        .expect("model");
    let b = sql::backup_database(
        s,
        model,
        &BackupOptions {
            copy_only: true,
            ..Default::default()
        },
        &|_| {},
    )
    .expect("backup model");
    let opts = RestoreOptions {
        target_name: name.to_string(),
        ..Default::default()
    };
    sql::restore_database(s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect("scratch database from model");
    let _ = std::fs::remove_file(&b.bak_path);
}

type Raw = tiberius::Client<tokio_util::compat::Compat<tokio::net::TcpStream>>;

/// A plain tiberius connection from the same connection string, for what
/// tresor itself never does (using a database, changing a login).
async fn raw(conn: &str, database: Option<&str>) -> Raw {
    use tokio_util::compat::TokioAsyncWriteCompatExt;
    let mut c = tiberius::Config::from_ado_string(conn).expect("ADO connection string");
    if let Some(db) = database {
        c.database(db);
    }
    let tcp = tokio::net::TcpStream::connect(c.get_addr())
        .await
        .expect("tcp");
    tcp.set_nodelay(true).ok();
    tiberius::Client::connect(c, tcp.compat_write())
        .await
        .expect("login")
}

async fn exec(client: &mut Raw, sql: &str) -> Vec<tiberius::Row> {
    client
        .simple_query(sql)
        .await
        .expect(sql)
        .into_first_result()
        .await
        .expect(sql)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Points 1, 3, 4 and 5 of issue 15 on a real server.
#[test]
fn real_sql_server_issue_15() {
    let Some((conn, s)) = real_server() else {
        return;
    };
    let pid = std::process::id();
    let source = format!("tresor_test15_{pid}");
    create_database(&s, &source);
    let db = sql::discover(&s)
        .expect("discover")
        .databases
        .into_iter()
        .find(|x| x.name == source)
        .expect("scratch database listed");

    // Point 1: a stale tresor staging file goes, a foreign .bak stays.
    let stale = s
        .staging_dir
        .join(format!("tresor_{source}_20200101-010101.bak"));
    let foreign = s.staging_dir.join(format!("{source}_fremd.bak"));
    let past = std::time::SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    for p in [&stale, &foreign] {
        std::fs::write(p, b"alt").expect("write into staging");
        std::fs::File::options()
            .write(true)
            .open(p)
            .and_then(|f| f.set_modified(past))
            .expect("age the file");
    }
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    assert!(!stale.exists(), "stale tresor file swept");
    assert!(foreign.exists(), "foreign .bak kept");
    let _ = std::fs::remove_file(&foreign);

    // Points 3 and 4: the login's default database is the target, and another
    // connection is using it while --force replaces it.
    let user = match &s.auth {
        sql::Auth::Sql { user, .. } => Some(user.clone()),
        sql::Auth::Windows => None,
    };
    let rt = rt();
    let old_default: Option<String> = rt.block_on(async {
        let mut m = raw(&conn, Some("master")).await;
        let user = user.as_ref()?;
        let rows = exec(
            &mut m,
            &format!(
                "SELECT default_database_name FROM sys.server_principals WHERE name = {}",
                sql::quote_nstring(user)
            ),
        )
        .await;
        let old = rows
            .first()
            .and_then(|r| r.get::<&str, _>("default_database_name"))
            .map(str::to_string);
        exec(
            &mut m,
            &format!(
                "ALTER LOGIN {} WITH DEFAULT_DATABASE = {}",
                sql::quote_ident(user),
                sql::quote_ident(&source)
            ),
        )
        .await;
        old
    });
    let squatter = rt.block_on(raw(&conn, Some(&source)));
    let opts = RestoreOptions {
        target_name: source.clone(),
        force: true,
        ..Default::default()
    };
    let restored = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {});
    drop(squatter);
    rt.block_on(async {
        if let (Some(user), Some(old)) = (&user, &old_default) {
            let mut m = raw(&conn, Some("master")).await;
            exec(
                &mut m,
                &format!(
                    "ALTER LOGIN {} WITH DEFAULT_DATABASE = {}",
                    sql::quote_ident(user),
                    sql::quote_ident(old)
                ),
            )
            .await;
        }
    });
    let out = restored.expect("--force over a database in use, from master");
    assert!(out.replaced);
    let state = sql::read_database_state(&s, &source)
        .expect("state")
        .expect("database exists");
    assert_eq!(
        (state.state.as_str(), state.user_access.as_str()),
        ("ONLINE", "MULTI_USER")
    );

    // Point 5: leftovers of earlier drills, one ONLINE and one RESTORING, are
    // dropped by their prefix.
    let prefix = format!("tresor_drill_{pid}_");
    let online = format!("{prefix}online");
    let restoring = format!("{prefix}restoring");
    let d = sql::discover(&s).expect("discover");
    let data = d.default_data_path.clone().expect("default data path");
    let log = d.default_log_path.clone().unwrap_or_else(|| data.clone());
    for (name, recovery) in [(&online, "RECOVERY"), (&restoring, "NORECOVERY")] {
        let dirs = sql::TargetDirs {
            data: &data,
            log: &log,
            filestream: &data,
        };
        let moves = sql::plan_moves(&b.metadata.files, &b.metadata.database, name, &dirs);
        let stmt = sql::restore_statement(name, &b.bak_path, &moves, true, false)
            .replace(", RECOVERY", &format!(", {recovery}"));
        rt.block_on(async {
            let mut m = raw(&conn, Some("master")).await;
            exec(&mut m, &stmt).await;
        });
    }
    let state = sql::read_database_state(&s, &restoring).expect("state");
    assert_eq!(state.map(|s| s.state).as_deref(), Some("RESTORING"));
    let mut dropped = sql::drop_leftover_drills(&s, &prefix).expect("drop leftovers");
    dropped.sort();
    assert_eq!(dropped, vec![online.clone(), restoring.clone()]);
    for name in [&online, &restoring] {
        assert_eq!(sql::read_database_state(&s, name).expect("state"), None);
    }
    let _ = std::fs::remove_file(&b.bak_path);
    sql::drop_database(&s, &source, "tresor_test15_").expect("drop scratch");
}

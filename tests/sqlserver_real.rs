//! Opt-in test against a real SQL Server. Set TRESOR_TEST_MSSQL to a connection
//! string (e.g. "Server=tcp:host,1433;User ID=sa;Password=…;TrustServerCertificate=True")
//! and TRESOR_TEST_MSSQL_STAGING to a folder the SQL Server service can write
//! and this process can read (default: the system temp folder). When
//! TRESOR_TEST_MSSQL is unset the test prints "skipped: TRESOR_TEST_MSSQL not
//! set" and returns — it does not pretend to have checked anything.
//!
//! It creates a scratch database `tresor_test_<pid>` (with no FILESTREAM), backs
//! it up, restores it as `tresor_drill_<pid>` with DBCC CHECKDB and drops both.

use std::time::Duration;
use tresor::source::sqlserver::{self as sql, BackupOptions, RestoreOptions};

#[test]
fn real_sql_server_round_trip() {
    let Ok(conn) = std::env::var("TRESOR_TEST_MSSQL") else {
        // Straight to stderr: the test harness captures println!, and a skip
        // must be visible in every run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "sqlserver_real: skipped: TRESOR_TEST_MSSQL not set"
        );
        return;
    };
    let staging = std::env::var("TRESOR_TEST_MSSQL_STAGING")
        .map_or_else(|_| std::env::temp_dir(), Into::into);
    let mut s = sql::parse_connection_string(&conn)
        .expect("connection string")
        .into_settings(staging);
    s.statement_timeout = Duration::from_secs(600);

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

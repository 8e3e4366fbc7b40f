//! Each failure of source::sqlserver gives its own SqlError variant and an
//! actionable message (simulator faults, see tests/support/mssql_simulator).

mod support;

use std::time::Duration;
use support::mssql_simulator::fixture::{env_with, settings, Env};
use tresor::source::sqlserver::{self as sql, Auth, BackupOptions, RestoreOptions, SqlError};

fn praxis(env: &Env) -> sql::DatabaseInfo {
    let d = sql::discover(&settings(env)).expect("discover");
    d.databases
        .into_iter()
        .find(|d| d.name == "Praxis")
        .expect("Praxis")
}

fn backup_err(env: &Env, db: &sql::DatabaseInfo, opts: &BackupOptions) -> SqlError {
    sql::backup_database(&settings(env), db, opts, &|_| {}).expect_err("backup must fail")
}

#[test]
fn staging_folder_not_writable_names_service_account_and_folder() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    env.sim
        .with(|i| i.faults.access_denied_dir = Some(env.staging.clone()));
    let err = backup_err(&env, &db, &BackupOptions::default());
    match &err {
        SqlError::StagingAccessDenied {
            folder,
            service_account,
            message,
        } => {
            assert_eq!(folder, &env.staging);
            assert_eq!(
                service_account.as_deref(),
                Some("NT SERVICE\\MSSQL$MEDATIXX")
            );
            assert!(message.contains("Operating system error 5"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let de = err.render(tresor::i18n::Language::De);
    assert!(
        de.contains("NT SERVICE\\MSSQL$MEDATIXX")
            && de.contains(&env.staging.display().to_string()),
        "{de}"
    );
    assert!(err.render(tresor::i18n::Language::En).contains("Modify"));
}

#[test]
fn disk_full_during_backup() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    env.sim.with(|i| i.faults.disk_full = true);
    let err = backup_err(&env, &db, &BackupOptions::default());
    assert!(
        matches!(&err, SqlError::StagingFull { folder, .. } if folder == &env.staging),
        "{err:?}"
    );
    assert!(err
        .render(tresor::i18n::Language::De)
        .contains("nicht genug Platz"));
    assert_eq!(
        std::fs::read_dir(&env.staging).expect("staging").count(),
        0,
        "no partial .bak left"
    );
}

#[test]
fn staging_too_small_is_refused_before_backup() {
    let env = env_with("Praxis");
    let mut db = praxis(&env);
    db.files[0].size_bytes = u64::MAX / 2;
    let err = backup_err(&env, &db, &BackupOptions::default());
    assert!(
        matches!(
            err,
            SqlError::StagingFull {
                needed: Some(_),
                available: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(env
        .sim
        .with(|i| i.batches.iter().all(|b| !b.starts_with("BACKUP"))));
}

#[test]
fn offline_database() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    env.sim
        .with(|i| i.db_mut("Praxis").expect("db").state = "OFFLINE".into());
    let err = backup_err(&env, &db, &BackupOptions::default());
    assert!(
        matches!(&err, SqlError::DatabaseUnavailable { database, code: 942, .. } if database == "Praxis"),
        "{err:?}"
    );
    assert!(err.render(tresor::i18n::Language::De).contains("Praxis"));
}

#[test]
fn compression_on_express_is_refused() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let err = backup_err(
        &env,
        &db,
        &BackupOptions {
            compression: true,
            ..Default::default()
        },
    );
    assert!(
        matches!(err, SqlError::CompressionNotSupported { .. }),
        "{err:?}"
    );
}

#[test]
fn login_failed() {
    let env = env_with("Praxis");
    let mut s = settings(&env);
    s.auth = Auth::Sql {
        user: "tresor".into(),
        password: "falsch".to_string().into(),
    };
    let err = sql::discover(&s).expect_err("wrong password");
    assert!(
        matches!(&err, SqlError::LoginFailed { user: Some(u), .. } if u == "tresor"),
        "{err:?}"
    );
    assert!(err.render(tresor::i18n::Language::De).contains("18456"));
}

#[test]
fn connection_refused() {
    let env = env_with("Praxis");
    let mut s = settings(&env);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    s.server = sql::ServerAddress::Host {
        host: "127.0.0.1".into(),
        port,
    };
    let err = sql::discover(&s).expect_err("nobody listens");
    assert!(matches!(err, SqlError::Connect { .. }), "{err:?}");
    assert!(err.render(tresor::i18n::Language::De).contains("TCP/IP"));
}

#[test]
fn login_timeout() {
    let env = env_with("Praxis");
    // A listener that accepts but never answers PRELOGIN.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let mut s = settings(&env);
    s.server = sql::ServerAddress::Host {
        host: "127.0.0.1".into(),
        port: silent.local_addr().expect("addr").port(),
    };
    s.login_timeout = Duration::from_millis(500);
    let err = sql::discover(&s).expect_err("silent server");
    assert!(matches!(err, SqlError::LoginTimeout { .. }), "{err:?}");
}

#[cfg(not(windows))]
#[test]
fn windows_auth_is_a_clear_error_off_windows() {
    let env = env_with("Praxis");
    let mut s = settings(&env);
    s.auth = Auth::Windows;
    let err = sql::discover(&s).expect_err("no SSPI here");
    assert!(matches!(err, SqlError::WindowsAuthUnavailable), "{err:?}");
}

#[test]
fn watchdog_cancels_a_hanging_backup_on_the_server() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    env.sim.with(|i| i.faults.hang_backup = true);
    let mut s = settings(&env);
    s.statement_timeout = Duration::from_secs(1);
    // The simulated BACKUP never ends by itself: returning at all is the
    // watchdog's doing, and the error, the limit and the Attention prove it.
    let err = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect_err("hangs");
    assert!(
        matches!(
            &err,
            SqlError::WatchdogTimeout {
                cancelled: true,
                after,
                ..
            } if *after == Duration::from_secs(1)
        ),
        "{err:?}"
    );
    assert_eq!(
        env.sim.with(|i| i.attentions),
        1,
        "an Attention reached the server"
    );
    assert!(err
        .render(tresor::i18n::Language::De)
        .contains("abgebrochen"));
}

#[test]
fn corrupted_backup_fails_verification() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let s = settings(&env);
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    let mut bytes = std::fs::read(&b.bak_path).expect("read");
    let at = bytes.len() / 2 + 100; // inside a page's payload
    bytes[at] ^= 0xFF;
    std::fs::write(&b.bak_path, bytes).expect("write");
    let err = sql::verify_backup(&s, &b.bak_path).expect_err("damaged");
    assert!(
        matches!(&err, SqlError::VerifyFailed { bak, message } if bak == &b.bak_path && message.contains("Damage")),
        "{err:?}"
    );
}

#[test]
fn restore_needs_filestream_on_the_target() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let s = settings(&env);
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    // Its FILESTREAM container is told apart from a memory-optimized one.
    assert!(b.metadata.has_filestream(), "{:?}", b.metadata.files);
    env.sim.with(|i| i.filestream_level = 0);
    let opts = RestoreOptions {
        target_name: "tresor_drill_P".into(),
        data_dir: Some(env.restore.clone()),
        ..Default::default()
    };
    let err = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect_err("no FILESTREAM");
    assert!(
        matches!(&err, SqlError::FilestreamDisabled { server } if server.contains("MEDATIXX")),
        "{err:?}"
    );
    assert!(err
        .render(tresor::i18n::Language::De)
        .contains("filestream access level"));
    // Refused before RESTORE is sent, not by the server halfway.
    let sent = env.sim.with(|i| i.batches.clone());
    assert!(
        !sent.iter().any(|b| b.starts_with("RESTORE DATABASE")),
        "{sent:#?}"
    );
}

#[test]
fn checkdb_errors_are_reported() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let s = settings(&env);
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    env.sim.with(|i| i.faults.corrupt_restores = true);
    let opts = RestoreOptions {
        target_name: "tresor_drill_P".into(),
        data_dir: Some(env.restore.clone()),
        checkdb: true,
        ..Default::default()
    };
    let err =
        sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {}).expect_err("corrupt");
    match &err {
        SqlError::CheckDbFailed { database, errors } => {
            assert_eq!(database, "tresor_drill_P");
            assert_eq!(errors.len(), 2);
            assert!(errors[1].starts_with("8989"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn every_error_renders_in_both_languages() {
    let errs = [
        SqlError::TargetExists {
            database: "x".into(),
        },
        SqlError::WatchdogTimeout {
            what: "BACKUP DATABASE x".into(),
            after: Duration::from_secs(600),
            cancelled: true,
        },
        SqlError::NotADrillDatabase {
            name: "Praxis".into(),
            prefix: "tresor_drill_".into(),
        },
        SqlError::StagingWriteFailed {
            folder: "D:\\tresor\\staging".into(),
            message: "1117".into(),
        },
        // Issue 15, point 3: every outcome of a failed REPLACE has its words.
        SqlError::ReplaceFailed {
            database: "Praxis".into(),
            cause: Box::new(SqlError::Server {
                code: 3101,
                message: "in use".into(),
            }),
            old: sql::OldDatabase::KeptSingleUser,
        },
        SqlError::ReplaceFailed {
            database: "Praxis".into(),
            cause: Box::new(SqlError::Server {
                code: 3203,
                message: "read failed".into(),
            }),
            old: sql::OldDatabase::Gone { state: None },
        },
        SqlError::ReplaceFailed {
            database: "Praxis".into(),
            cause: Box::new(SqlError::Server {
                code: 3203,
                message: "read failed".into(),
            }),
            old: sql::OldDatabase::Unknown,
        },
    ];
    for e in errs {
        let (de, en) = (
            e.render(tresor::i18n::Language::De),
            e.render(tresor::i18n::Language::En),
        );
        assert!(!de.is_empty() && !en.is_empty() && de != en);
    }
}

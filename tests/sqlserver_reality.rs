//! Issue 15: what a real SQL Server does that the simulator once did not.
//! Each test names its point; the simulator behaves as Microsoft documents
//! (pages cited in tests/support/mssql_simulator), so tresor's old
//! assumptions fail here.

mod support;

use std::path::{Path, PathBuf};
use support::mssql_simulator::fixture::{env_with, settings, Env};
use support::mssql_simulator::SimDatabase;
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use tresor::i18n::Language;
use tresor::source::sqlserver::{self as sql, BackupOptions, RestoreOptions, SqlError};

fn praxis(env: &Env) -> sql::DatabaseInfo {
    sql::discover(&settings(env))
        .expect("discover")
        .databases
        .into_iter()
        .find(|d| d.name == "Praxis")
        .expect("Praxis")
}

fn staging_files(env: &Env) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(&env.staging)
        .expect("staging")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

/// Damages the staging .bak when a batch starting with `verb` arrives.
fn damage_on(env: &Env, verb: &'static str) {
    let staging = env.staging.clone();
    env.sim.with(|i| {
        i.on_batch = Some(Box::new(move |sql: &str| {
            if !sql.starts_with(verb) {
                return;
            }
            for e in std::fs::read_dir(&staging).into_iter().flatten().flatten() {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                let _ = std::fs::write(e.path(), &bytes[..bytes.len() / 2 + 7]);
            }
        }))
    });
}

/// Point 1: a .bak whose VERIFYONLY or HEADERONLY fails leaves staging.
#[test]
fn a_bak_failing_its_checks_does_not_stay_in_staging() {
    for verb in ["RESTORE VERIFYONLY", "RESTORE HEADERONLY"] {
        let env = env_with("Praxis");
        let db = praxis(&env);
        damage_on(&env, verb);
        let err = sql::backup_database(&settings(&env), &db, &BackupOptions::default(), &|_| {})
            .expect_err("damaged backup");
        assert!(
            matches!(err, SqlError::VerifyFailed { .. }),
            "{verb}: {err:?}"
        );
        assert_eq!(staging_files(&env), Vec::<PathBuf>::new(), "{verb}");
    }
}

/// Point 1: leftovers of earlier runs are swept — only names tresor writes.
#[test]
fn leftovers_of_earlier_runs_are_swept_and_foreign_files_stay() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let old = env.staging.join("tresor_Praxis_20240101-223000.bak");
    let foreign = env.staging.join("Praxis_medatixx_voll.bak");
    let lookalike = env.staging.join("tresor_Praxis_latest.bak");
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
    for p in [&old, &foreign, &lookalike] {
        std::fs::write(p, b"old").unwrap();
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
    let b = sql::backup_database(&settings(&env), &db, &BackupOptions::default(), &|_| {})
        .expect("backup");
    assert_eq!(
        staging_files(&env),
        {
            let mut v = vec![b.bak_path.clone(), foreign.clone(), lookalike.clone()];
            v.sort();
            v
        },
        "the old tresor file is gone, the others stay"
    );
}

/// Point 2: sys.master_files says 0 for FILESTREAM containers; the size
/// comes from sys.database_files, so the staging check counts the blobs.
#[test]
fn filestream_containers_are_sized_from_sys_database_files() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let fs = db
        .files
        .iter()
        .find(|f| f.kind == sql::FileKind::Filestream)
        .expect("FILESTREAM container");
    let blobs: u64 = support::mssql_simulator::fixture::blobs()
        .iter()
        .map(|b| b.data.len() as u64)
        .sum();
    assert!(fs.size_bytes >= blobs, "{} < {blobs}", fs.size_bytes);
    assert!(db.data_size() >= blobs + 2_000 * 400);
    let sent = env.sim.with(|i| i.batches.join("\n"));
    assert!(sent.contains("[Praxis].sys.database_files"), "{sent}");
}

/// Point 4: the login's default database is the restore target; tresor
/// still works from master (RESTORE from inside the database: 3102).
#[test]
fn restore_over_the_login_default_database_runs_from_master() {
    let env = env_with("Praxis");
    env.sim.with(|i| {
        i.default_db.insert("tresor".into(), "Praxis".into());
    });
    let db = praxis(&env);
    let s = settings(&env);
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    let opts = RestoreOptions {
        target_name: "Praxis".into(),
        data_dir: Some(env.restore.clone()),
        force: true,
        ..Default::default()
    };
    let out = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect("restore from master");
    assert!(out.replaced);
    env.sim.with(|i| {
        let d = i.db("Praxis").expect("restored");
        assert_eq!(
            (d.state.as_str(), d.user_access.as_str()),
            ("ONLINE", "MULTI_USER")
        );
    });
}

/// Point 8: a memory-optimized container is type S in FILELISTONLY but
/// needs no FILESTREAM: such a restore is not refused.
#[test]
fn memory_optimized_containers_need_no_filestream() {
    let env = env_with("Praxis");
    let d = env.data.to_string_lossy().into_owned();
    env.sim.with(|i| {
        i.add(SimDatabase::new("Termine", &d, 100, 400).with_memory_optimized(&d, 3 << 20));
        i.filestream_level = 0;
    });
    let s = settings(&env);
    let db = sql::discover(&s)
        .expect("discover")
        .databases
        .into_iter()
        .find(|d| d.name == "Termine")
        .expect("Termine");
    assert!(db
        .files
        .iter()
        .any(|f| f.kind == sql::FileKind::MemoryOptimized && f.size_bytes >= 3 << 20));
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    assert!(b
        .metadata
        .files
        .iter()
        .any(|f| f.file_type == 'S' && f.memory_optimized));
    assert!(!b.metadata.has_filestream());
    let opts = RestoreOptions {
        target_name: "Termine_Kopie".into(),
        data_dir: Some(env.restore.clone()),
        ..Default::default()
    };
    sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect("no FILESTREAM needed");
}

/// Point 9: 3202 carries any OS write error; the OS error picks the hint.
#[test]
fn a_3202_is_told_by_its_os_error() {
    let cases: [(u32, &str, &str, &str); 3] = [
        (5, "Access is denied.", "Dienstkonto", "service account"),
        (
            64,
            "The specified network name is no longer available.",
            "nicht öffnen",
            "cannot open",
        ),
        (
            1117,
            "The request could not be performed because of an I/O device error.",
            "chkdsk",
            "chkdsk",
        ),
    ];
    for (code, text, de_hint, en_hint) in cases {
        let env = env_with("Praxis");
        let db = praxis(&env);
        env.sim
            .with(|i| i.faults.write_error = Some((code, text.into())));
        let err = sql::backup_database(&settings(&env), &db, &BackupOptions::default(), &|_| {})
            .expect_err("write fails");
        assert!(
            !matches!(err, SqlError::StagingFull { .. }),
            "{code}: {err:?}"
        );
        let de = err.render(Language::De);
        assert!(
            de.contains(de_hint) && !de.contains("nicht genug Platz"),
            "{code}: {de}"
        );
        let en = err.render(Language::En);
        assert!(
            en.to_lowercase().contains(en_hint) && !en.contains("not enough space"),
            "{code}: {en}"
        );
        assert_eq!(staging_files(&env), Vec::<PathBuf>::new());
    }
}

/// Point 11: without VIEW SERVER STATE a second connection sees no progress;
/// tresor asks once and does not poll what it cannot see.
#[test]
fn progress_without_view_server_state_is_not_polled() {
    let env = env_with("Praxis");
    env.sim.with(|i| {
        i.view_server_state = false;
        i.backup_steps = 4;
    });
    let db = praxis(&env);
    let seen = std::sync::Mutex::new(Vec::new());
    sql::backup_database(&settings(&env), &db, &BackupOptions::default(), &|p| {
        seen.lock().unwrap().push(p)
    })
    .expect("backup finishes");
    assert_eq!(seen.into_inner().unwrap(), vec![1.0]);
    // It asked whether it may see other sessions…
    let sent = env.sim.with(|i| i.batches.clone());
    assert!(
        sent.iter()
            .any(|b| b.contains("HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE')")),
        "{sent:?}"
    );
    // …and, told no, never polled. One-sided: the BACKUP takes four steps of
    // 250 ms, twice the poll interval, so a poller would have asked by now;
    // on a very slow machine a poller could go unnoticed, but the correct
    // code can never fail here.
    assert!(
        !sent.iter().any(|b| b.contains("dm_exec_requests")),
        "{sent:?}"
    );
}

/// Point 11: RESTORE never overwrites files of no database without REPLACE
/// (3142): tresor leaves a foreign file alone, also with --force (found by
/// the review: REPLACE only over a database the server lists).
#[test]
fn existing_files_are_not_overwritten_without_force() {
    let env = env_with("Praxis");
    let db = praxis(&env);
    let s = settings(&env);
    let b = sql::backup_database(&s, &db, &BackupOptions::default(), &|_| {}).expect("backup");
    let foreign = env.restore.join("Neu.mdf");
    std::fs::write(&foreign, "fremde Daten").unwrap();
    let mut opts = RestoreOptions {
        target_name: "Neu".into(),
        data_dir: Some(env.restore.clone()),
        ..Default::default()
    };
    let err = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect_err("file exists");
    assert!(
        matches!(err, SqlError::RestoreFailed { code: 3142, .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&foreign).unwrap(), "fremde Daten");
    // `--force` replaces a database the server lists, never the files of
    // one it does not (a detached database's): still refused, still there.
    opts.force = true;
    let err = sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {})
        .expect_err("--force names no existing database");
    assert!(
        matches!(err, SqlError::RestoreFailed { code: 3142, .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&foreign).unwrap(), "fremde Daten");
}

type Raw = tiberius::Client<Compat<TcpStream>>;

async fn raw(port: u16, database: &str) -> tiberius::Result<Raw> {
    let mut c = tiberius::Config::new();
    c.host("127.0.0.1");
    c.port(port);
    c.authentication(tiberius::AuthMethod::sql_server("tresor", "geheim"));
    c.encryption(tiberius::EncryptionLevel::NotSupported);
    c.database(database);
    let tcp = TcpStream::connect(c.get_addr()).await?;
    tiberius::Client::connect(c, tcp.compat_write()).await
}

async fn code_of(client: &mut Raw, sql: &str) -> Option<u32> {
    match client.simple_query(sql).await {
        Ok(s) => match s.into_results().await {
            Ok(_) => None,
            Err(tiberius::error::Error::Server(e)) => Some(e.code()),
            Err(e) => panic!("{e}"),
        },
        Err(tiberius::error::Error::Server(e)) => Some(e.code()),
        Err(e) => panic!("{e}"),
    }
}

fn bak_of(env: &Env, name: &str) -> PathBuf {
    let d = sql::discover(&settings(env)).expect("discover");
    let db = d
        .databases
        .into_iter()
        .find(|d| d.name == name)
        .expect("db");
    sql::backup_database(&settings(env), &db, &BackupOptions::default(), &|_| {})
        .expect("backup")
        .bak_path
}

/// Point 11: the simulator's ALTER DATABASE, RESTORE and result sets behave
/// as documented (3154, 3159, 3101, 924, 5064, 5052, column types).
#[test]
fn simulator_follows_the_documented_server() {
    let env = env_with("Praxis");
    let d = env.data.to_string_lossy().into_owned();
    env.sim.with(|i| {
        i.add(SimDatabase::new("Andere", &d, 10, 400));
        i.add(SimDatabase::new("Voll", &d, 10, 400).full_recovery());
    });
    let praxis_bak = bak_of(&env, "Praxis");
    let voll_bak = bak_of(&env, "Voll");
    let q = |p: &Path| format!("N'{}'", p.display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut m = raw(env.sim.port, "master").await.expect("master");
        // Another database family without REPLACE: 3154.
        let sql = format!("RESTORE DATABASE [Andere] FROM DISK = {}", q(&praxis_bak));
        assert_eq!(code_of(&mut m, &sql).await, Some(3154));
        // FULL recovery, no tail-log backup, no REPLACE: 3159.
        let sql = format!("RESTORE DATABASE [Voll] FROM DISK = {}", q(&voll_bak));
        assert_eq!(code_of(&mut m, &sql).await, Some(3159));
        // Single user: the one user is in, a second login gets 924, RESTORE 3101,
        // SET MULTI_USER without ROLLBACK IMMEDIATE 5064.
        assert_eq!(
            code_of(&mut m, "ALTER DATABASE [Praxis] SET SINGLE_USER").await,
            None
        );
        let _user = raw(env.sim.port, "Praxis").await.expect("the single user");
        match raw(env.sim.port, "Praxis").await {
            Err(tiberius::error::Error::Server(e)) => assert_eq!(e.code(), 924),
            other => panic!("second user admitted: {:?}", other.is_ok()),
        }
        let sql = format!(
            "RESTORE DATABASE [Praxis] FROM DISK = {} WITH REPLACE",
            q(&praxis_bak)
        );
        assert_eq!(code_of(&mut m, &sql).await, Some(3101));
        assert_eq!(
            code_of(&mut m, "ALTER DATABASE [Praxis] SET MULTI_USER").await,
            Some(5064)
        );
        assert_eq!(
            code_of(
                &mut m,
                "ALTER DATABASE [Praxis] SET MULTI_USER WITH ROLLBACK IMMEDIATE"
            )
            .await,
            None
        );
        // FILELISTONLY's documented column types.
        let rows = m
            .simple_query(format!(
                "RESTORE FILELISTONLY FROM DISK = {}",
                q(&praxis_bak)
            ))
            .await
            .unwrap()
            .into_first_result()
            .await
            .unwrap();
        let cols = rows[0].columns();
        let ty = |n: &str| cols.iter().find(|c| c.name() == n).map(|c| c.column_type());
        assert_eq!(ty("Type"), Some(tiberius::ColumnType::BigChar));
        assert_eq!(ty("Size"), Some(tiberius::ColumnType::Numericn));
    });
    // A RESTORING database refuses ALTER DATABASE (5052).
    env.sim
        .with(|i| i.db_mut("Andere").unwrap().state = "RESTORING".into());
    rt.block_on(async {
        let mut m = raw(env.sim.port, "master").await.expect("master");
        assert_eq!(
            code_of(
                &mut m,
                "ALTER DATABASE [Andere] SET SINGLE_USER WITH ROLLBACK IMMEDIATE"
            )
            .await,
            Some(5052)
        );
    });
}

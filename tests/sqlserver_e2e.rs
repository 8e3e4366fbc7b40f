//! source::sqlserver end to end against the TDS simulator
//! (tests/support/mssql_simulator): discover → backup → verify → restore
//! under a new name → DBCC CHECKDB → drop, with FILESTREAM data.

mod support;

use std::cell::RefCell;
use std::path::Path;
use support::mssql_simulator::fixture::{blobs, env_with, settings, Env};
use tresor::source::sqlserver::{self as sql, BackupOptions, RestoreOptions};

fn find<'a>(d: &'a sql::Discovery, name: &str) -> &'a sql::DatabaseInfo {
    d.databases
        .iter()
        .find(|x| x.name == name)
        .expect("database listed")
}

fn backup(env: &Env, name: &str) -> sql::DatabaseBackup {
    let s = settings(env);
    let d = sql::discover(&s).expect("discover");
    sql::backup_database(&s, find(&d, name), &BackupOptions::default(), &|_| {}).expect("backup")
}

#[test]
fn filestream_database_round_trips_under_a_new_name() {
    let env = env_with("Praxis");
    let s = settings(&env);

    let d = sql::discover(&s).expect("discover");
    assert!(d.is_express && d.filestream_enabled);
    assert_eq!(d.major_version, 16);
    let db = find(&d, "Praxis");
    assert!(db.files.iter().any(|f| f.kind == sql::FileKind::Filestream));
    let paths = sql::database_file_paths(&d);
    assert!(paths.contains(&env.data.join("Praxis.mdf")));
    assert!(paths.contains(&env.data.join("Praxis_fs")));

    let progress = RefCell::new(Vec::new());
    let b = sql::backup_database(&s, db, &BackupOptions::default(), &|p| {
        progress.borrow_mut().push(p)
    })
    .expect("backup");
    assert!(b.bak_path.starts_with(&env.staging) && b.bak_path.is_file());
    assert_eq!(progress.borrow().last(), Some(&1.0));
    sql::verify_backup(&s, &b.bak_path).expect("verifies");
    let m = &b.metadata;
    assert_eq!(m.database, "Praxis");
    let types: Vec<char> = m.files.iter().map(|f| f.file_type).collect();
    assert_eq!(types, vec!['D', 'L', 'S']);
    assert!(m.first_lsn.0 > 0 && m.last_lsn > m.first_lsn && m.checkpoint_lsn.0 > 0);
    // COPY_ONLY is the default (issue 15, point 6).
    assert!(m.has_checksums && m.copy_only && !m.is_compressed);
    assert_eq!(m.sql_version, "16.0.1000");
    let json = serde_json::to_string(m).expect("serialises");
    let back: sql::BackupMetadata = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(&back, m);

    let opts = RestoreOptions {
        target_name: "tresor_drill_Praxis".into(),
        data_dir: Some(env.restore.clone()),
        checkdb: true,
        ..Default::default()
    };
    let out = sql::restore_database(&s, &b.bak_path, m, &opts, &|_| {}).expect("restore");
    assert!(!out.replaced && out.checkdb_clean);
    assert_eq!(out.moves.len(), 3);
    for mv in &out.moves {
        assert!(
            Path::new(&mv.target).starts_with(&env.restore),
            "{} moved",
            mv.target
        );
    }
    let container = out
        .moves
        .iter()
        .find(|m| m.file_type == 'S')
        .expect("S moved");
    for blob in blobs() {
        let restored =
            std::fs::read(Path::new(&container.target).join(&blob.name)).expect("blob restored");
        assert_eq!(restored, blob.data, "{} byte-identical", blob.name);
    }
    assert!(env.restore.join("tresor_drill_Praxis.mdf").is_file());
    assert!(env.restore.join("tresor_drill_Praxis_log.ldf").is_file());

    let again = sql::discover(&s).expect("discover again");
    assert!(again
        .databases
        .iter()
        .any(|d| d.name == "tresor_drill_Praxis"));
    let refused = sql::drop_database(&s, "Praxis", "tresor_drill_").expect_err("not a drill db");
    assert!(matches!(refused, sql::SqlError::NotADrillDatabase { .. }));
    sql::drop_database(&s, "tresor_drill_Praxis", "tresor_drill_").expect("drop");
    assert!(!Path::new(&container.target).exists());
}

#[test]
fn names_with_quotes_and_brackets_are_quoted() {
    let name = "O'Brien]x";
    let env = env_with(name);
    let s = settings(&env);
    let b = backup(&env, name);
    let opts = RestoreOptions {
        target_name: "tresor_drill_O'Brien]x [2]".into(),
        data_dir: Some(env.restore.clone()),
        ..Default::default()
    };
    sql::restore_database(&s, &b.bak_path, &b.metadata, &opts, &|_| {}).expect("restore");
    let batches = env.sim.with(|i| i.batches.clone());
    assert!(batches
        .iter()
        .any(|b| b.starts_with("BACKUP DATABASE [O'Brien]]x] TO DISK = N'")));
    assert!(batches
        .iter()
        .any(|b| b.starts_with("RESTORE DATABASE [tresor_drill_O'Brien]]x [2]]]")));
    assert!(batches
        .iter()
        .any(|b| b.contains("MOVE N'O''Brien]x_fs' TO N'")));
}

#[test]
fn progress_is_reported_while_backup_runs() {
    let env = env_with("Praxis");
    // Four steps, each taken only after tresor's progress poll read the last.
    env.sim.with(|i| i.backup_steps = 4);
    let s = settings(&env);
    let d = sql::discover(&s).expect("discover");
    let seen = RefCell::new(Vec::new());
    sql::backup_database(&s, find(&d, "Praxis"), &BackupOptions::default(), &|p| {
        seen.borrow_mut().push(p)
    })
    .expect("backup");
    let seen = seen.into_inner();
    assert!(
        seen.iter().any(|p| *p > 0.0 && *p < 1.0),
        "intermediate progress: {seen:?}"
    );
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "rising: {seen:?}");
}

#[test]
fn one_percent_changed_rows_change_about_one_percent_of_pages() {
    let env = env_with("Praxis");
    let first = std::fs::read(backup(&env, "Praxis").bak_path).expect("first");
    env.sim.with(|i| {
        let db = i.db_mut("Praxis").expect("db");
        let n = db.rows.len();
        db.touch_rows(n / 2, n / 100);
    });
    let second = std::fs::read(backup(&env, "Praxis").bak_path).expect("second");
    assert_eq!(first.len(), second.len());
    let pages = first.len() / 8192;
    let changed = first
        .chunks(8192)
        .zip(second.chunks(8192))
        .filter(|(a, b)| a != b)
        .count();
    let share = changed as f64 / pages as f64;
    assert!(
        changed > 0 && share < 0.05,
        "{changed} of {pages} pages changed"
    );
}

#[test]
fn copy_only_and_restore_over_existing_database_with_force() {
    let env = env_with("Praxis");
    let s = settings(&env);
    let d = sql::discover(&s).expect("discover");
    let opts = BackupOptions {
        copy_only: true,
        ..Default::default()
    };
    let b = sql::backup_database(&s, find(&d, "Praxis"), &opts, &|_| {}).expect("backup");
    assert!(b.metadata.copy_only);
    assert!(env
        .sim
        .with(|i| i.batches.iter().any(|b| b.contains("COPY_ONLY"))));
    // Express: no compression clause at all.
    assert!(env
        .sim
        .with(|i| i.batches.iter().all(|b| !b.contains("COMPRESSION"))));

    let mut ro = RestoreOptions {
        target_name: "tresor_drill_x".into(),
        data_dir: Some(env.restore.clone()),
        ..Default::default()
    };
    sql::restore_database(&s, &b.bak_path, &b.metadata, &ro, &|_| {}).expect("first restore");
    let err =
        sql::restore_database(&s, &b.bak_path, &b.metadata, &ro, &|_| {}).expect_err("exists");
    assert!(
        matches!(&err, sql::SqlError::TargetExists { database } if database == "tresor_drill_x")
    );
    assert!(err.render(tresor::i18n::Language::De).contains("--force"));
    ro.force = true;
    let out = sql::restore_database(&s, &b.bak_path, &b.metadata, &ro, &|_| {}).expect("forced");
    assert!(out.replaced);
    assert!(env
        .sim
        .with(|i| i.batches.iter().any(|b| b.contains("REPLACE"))));
}

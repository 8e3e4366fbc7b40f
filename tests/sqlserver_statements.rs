//! The T-SQL text source::sqlserver builds: quoting, BACKUP and RESTORE
//! options, WITH MOVE planning, warnings.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use tresor::source::sqlserver::{
    backup_statement, database_file_paths, plan_moves, quote_ident, quote_nstring,
    restore_statement, warnings_at, BackupOptions, DatabaseInfo, DbFile, Discovery, FileKind,
    LogicalFile, SqlWarning, TargetDirs,
};

#[test]
fn identifiers_and_strings_are_quoted() {
    assert_eq!(quote_ident("O'Brien]x"), "[O'Brien]]x]");
    assert_eq!(quote_ident("a]]b"), "[a]]]]b]");
    assert_eq!(quote_nstring(r"C:\Sich'erung\ä"), r"N'C:\Sich''erung\ä'");
    assert_eq!(
        quote_nstring("'; DROP DATABASE x; --"),
        "N'''; DROP DATABASE x; --'"
    );
}

#[test]
fn backup_statement_options() {
    let bak = Path::new(r"D:\tresor\staging\x.bak");
    // Issue 15, point 6: COPY_ONLY unless asked otherwise.
    let express = backup_statement("O'Brien]x", bak, &BackupOptions::default(), true);
    assert_eq!(
        express,
        r"BACKUP DATABASE [O'Brien]]x] TO DISK = N'D:\tresor\staging\x.bak' WITH CHECKSUM, INIT, FORMAT, COPY_ONLY"
    );
    let in_chain = backup_statement(
        "db",
        bak,
        &BackupOptions {
            copy_only: false,
            ..Default::default()
        },
        true,
    );
    assert!(
        in_chain.ends_with("WITH CHECKSUM, INIT, FORMAT"),
        "{in_chain}"
    );
    let standard = backup_statement(
        "db",
        bak,
        &BackupOptions {
            copy_only: true,
            ..Default::default()
        },
        false,
    );
    assert!(standard.ends_with("WITH CHECKSUM, INIT, FORMAT, COPY_ONLY, NO_COMPRESSION"));
    let compressed = backup_statement(
        "db",
        bak,
        &BackupOptions {
            compression: true,
            ..Default::default()
        },
        false,
    );
    assert!(compressed.ends_with(", COMPRESSION"));
    assert!(BackupOptions::default().verify && !BackupOptions::default().compression);
}

fn file(logical: &str, physical: &str, t: char) -> LogicalFile {
    LogicalFile {
        logical_name: logical.into(),
        physical_name: physical.into(),
        file_type: t,
        size: 1,
        filegroup: None,
        memory_optimized: false,
    }
}

#[test]
fn every_file_is_moved_with_unique_names() {
    let files = vec![
        file(
            "medatixx",
            r"C:\Program Files\Microsoft SQL Server\MSSQL16.MEDATIXX\MSSQL\DATA\medatixx.mdf",
            'D',
        ),
        file("medatixx_2", r"C:\...\DATA\medatixx.ndf", 'D'),
        file("archiv", r"E:\SQL\archiv.ndf", 'D'),
        file("archiv2", r"F:\SQL\archiv.ndf", 'D'),
        file("medatixx_log", r"C:\...\DATA\medatixx_log.ldf", 'L'),
        file("medatixx_fs", r"C:\...\DATA\medatixx_fs", 'S'),
        file("ftcat", r"C:\...\FTData\cat", 'F'),
    ];
    let dirs = TargetDirs {
        data: r"D:\Drill\",
        log: r"D:\DrillLog",
        filestream: r"D:\Drill\fs",
    };
    let moves = plan_moves(&files, "medatixx", "Drill", &dirs);
    let targets: Vec<&str> = moves.iter().map(|m| m.target.as_str()).collect();
    assert_eq!(
        targets,
        vec![
            r"D:\Drill\Drill.mdf",
            r"D:\Drill\Drill.ndf",
            r"D:\Drill\Drill_archiv.ndf",
            r"D:\Drill\Drill_archiv_2.ndf",
            r"D:\DrillLog\Drill_log.ldf",
            r"D:\Drill\fs\Drill_medatixx_fs",
            r"D:\Drill\Drill_cat",
        ]
    );
    let same = plan_moves(
        &files[..1],
        "medatixx",
        "medatixx",
        &TargetDirs {
            data: "/srv/data",
            log: "/srv/log",
            filestream: "/srv/fs",
        },
    );
    assert_eq!(same[0].target, "/srv/data/medatixx.mdf");
    let odd = plan_moves(&[file("l", r"C:\d\x.mdf", 'D')], "x", "a:b*c", &dirs);
    assert_eq!(odd[0].target, r"D:\Drill\a_b_c.mdf");
}

#[test]
fn restore_statement_moves_everything() {
    let moves = plan_moves(
        &[
            file("O'Brien", "/d/O'Brien.mdf", 'D'),
            file("fs", "/d/fs", 'S'),
        ],
        "O'Brien",
        "N]ew",
        &TargetDirs {
            data: "/r",
            log: "/r",
            filestream: "/r",
        },
    );
    let sql = restore_statement("N]ew", Path::new("/s/x.bak"), &moves, true, false);
    assert_eq!(sql, "RESTORE DATABASE [N]]ew] FROM DISK = N'/s/x.bak' WITH MOVE N'O''Brien' TO N'/r/N]ew.mdf', MOVE N'fs' TO N'/r/N]ew_fs', CHECKSUM, RECOVERY");
    assert!(restore_statement("x", Path::new("/b"), &[], false, true)
        .ends_with("WITH RECOVERY, REPLACE"));
}

fn db(name: &str, model: &str, last: Option<chrono::NaiveDateTime>) -> DatabaseInfo {
    DatabaseInfo {
        name: name.into(),
        state: "ONLINE".into(),
        is_snapshot: false,
        is_system: false,
        recovery_model: model.into(),
        log_reuse_wait: "LOG_BACKUP".into(),
        last_log_backup: last,
        files: vec![
            DbFile {
                logical_name: name.into(),
                physical_path: PathBuf::from(format!("C:/d/{name}.mdf")),
                kind: FileKind::Rows,
                size_bytes: 1,
            },
            DbFile {
                logical_name: format!("{name}_log"),
                physical_path: PathBuf::from(format!("C:/d/{name}_log.ldf")),
                kind: FileKind::Log,
                size_bytes: 40 << 30,
            },
        ],
    }
}

#[test]
fn full_recovery_without_log_backups_warns_with_fix() {
    let now = NaiveDate::from_ymd_opt(2025, 3, 4)
        .and_then(|d| d.and_hms_opt(22, 0, 0))
        .expect("date");
    let recent = now - chrono::Duration::hours(2);
    let old = now - chrono::Duration::days(30);
    let mut offline = db("alt", "SIMPLE", None);
    offline.state = "OFFLINE".into();
    let d = Discovery {
        server_name: "S".into(),
        edition: "Express".into(),
        is_express: true,
        version: "16.0.1000.6".into(),
        major_version: 16,
        filestream_enabled: true,
        default_data_path: None,
        default_log_path: None,
        databases: vec![
            db("simple", "SIMPLE", None),
            db("full_ok", "FULL", Some(recent)),
            db("full_old", "FULL", Some(old)),
            db("full_never", "FULL", None),
            offline,
        ],
        other_files: vec![PathBuf::from("C:/d/tempdb.mdf")],
    };
    let w = warnings_at(&d, now);
    let names: Vec<String> = w.iter().map(|w| w.database().to_string()).collect();
    assert_eq!(names, vec!["full_old", "full_never", "alt"]);
    let text = w[1].render(tresor::i18n::Language::De);
    assert!(
        text.contains("full_never")
            && text.contains("nie")
            && text.contains("40,0 GiB")
            && text.contains("Protokollsicherungen")
            // Issue 15, point 10: why the log grows (log_reuse_wait_desc).
            && text.contains("wartet auf eine Protokollsicherung"),
        "{text}"
    );
    let en = w[1].render(tresor::i18n::Language::En);
    assert!(
        en.contains("grows without bound") && en.contains("waiting for a log backup"),
        "{en}"
    );

    let paths = database_file_paths(&d);
    assert_eq!(paths.len(), 11);
    assert!(paths.contains(&PathBuf::from("C:/d/tempdb.mdf")));
}

/// Issue 15, point 10: the reason the log cannot be reused is named, in
/// German words for the known reasons and as SQL Server's code otherwise.
#[test]
fn the_log_warning_says_why_the_log_grows() {
    let w = |wait: &str| SqlWarning::LogNeverBackedUp {
        database: "praxis".into(),
        recovery_model: "FULL".into(),
        last_log_backup: None,
        log_bytes: 1 << 30,
        log_reuse_wait: wait.into(),
    };
    let de = w("ACTIVE_TRANSACTION").render(tresor::i18n::Language::De);
    assert!(de.contains("lange offene Transaktion"), "{de}");
    assert!(!de.contains("ACTIVE_TRANSACTION"), "{de}");
    let en = w("ACTIVE_TRANSACTION").render(tresor::i18n::Language::En);
    assert!(en.contains("long-open transaction"), "{en}");
    let other = w("XTP_CHECKPOINT").render(tresor::i18n::Language::De);
    assert!(
        other.contains("log_reuse_wait_desc): XTP_CHECKPOINT"),
        "{other}"
    );
}

/// Issue 15, point 10: an Express database whose data files near 10 GB is
/// named; the log and FILESTREAM do not count towards the limit.
#[test]
fn express_databases_near_ten_gigabytes_are_named() {
    let mut big = db("gross", "SIMPLE", None);
    big.files[0].size_bytes = 9 << 30;
    let mut small = db("klein", "SIMPLE", None);
    small.files[0].size_bytes = 7 << 30;
    small.files.push(DbFile {
        logical_name: "klein_fs".into(),
        physical_path: PathBuf::from("C:/d/klein_fs"),
        kind: FileKind::Filestream,
        size_bytes: 50 << 30,
    });
    let mut d = Discovery {
        server_name: "S".into(),
        edition: "Express".into(),
        is_express: true,
        version: "16.0.1000.6".into(),
        major_version: 16,
        filestream_enabled: true,
        default_data_path: None,
        default_log_path: None,
        databases: vec![big, small],
        other_files: vec![],
    };
    let now = NaiveDate::from_ymd_opt(2025, 3, 4)
        .and_then(|d| d.and_hms_opt(22, 0, 0))
        .expect("date");
    let w = warnings_at(&d, now);
    assert_eq!(
        w,
        vec![SqlWarning::ExpressNearLimit {
            database: "gross".into(),
            data_bytes: 9 << 30,
            limit_bytes: tresor::source::sqlserver::EXPRESS_DATABASE_LIMIT,
        }]
    );
    let de = w[0].render(tresor::i18n::Language::De);
    assert!(
        de.contains("9,0 GiB")
            && de.contains("10,0 GiB")
            && de.contains("90 %")
            && de.contains("Express"),
        "{de}"
    );
    let en = w[0].render(tresor::i18n::Language::En);
    assert!(
        en.contains("9.0 GiB") && en.contains("cannot store new data"),
        "{en}"
    );
    // Standard edition has no such limit.
    d.is_express = false;
    assert!(warnings_at(&d, now).is_empty());
}

//! Issue 15 through the CLI: `restore-db --force` against a practice service
//! that keeps reconnecting (point 3), what the technician is told when
//! REPLACE failed (point 3), VERIFYONLY before a destructive REPLACE (point
//! 10), drills that leave nothing behind (point 5) and databases that cannot
//! be backed up (point 7). TDS simulator: tests/support/mssql_simulator.

mod common;
mod support;

use std::fs;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use common::*;
use support::mssql_simulator::fixture::blobs;
use support::mssql_simulator::SimDatabase;
use tokio_util::compat::TokioAsyncWriteCompatExt;

const DB: &str = "medatixx_praxis";

use support::sql_practice::SqlPractice as Practice;

fn practice() -> Practice {
    support::sql_practice::medatixx_practice(|inst, d| {
        inst.add(SimDatabase::new(DB, d, 500, 400).with_filestream(d, blobs()));
    })
}

impl Practice {
    fn tresor(&self, args: &[&str]) -> std::process::Command {
        let mut c = tresor();
        c.arg("--config").arg(&self.config).args(args);
        c
    }

    fn backed_up(&self) {
        let r = run(&mut self.tresor(&["init"]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let r = run(&mut self.tresor(&["backup", "--job", "nightly", "--quiet"]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }

    fn force(&self, lang: &str) -> Run {
        run(&mut self.tresor(&[
            "--language",
            lang,
            "restore-db",
            "latest",
            "--database",
            DB,
            "--force",
        ]))
    }

    /// Work folders of restore-db and drill left in staging: each would hold
    /// a whole unencrypted `.bak` of patient data.
    fn work_left_in_staging(&self) -> Vec<String> {
        fs::read_dir(&self.staging)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("tresor-"))
            .collect()
    }

    fn access(&self) -> (String, String) {
        self.sim.with(|i| {
            let d = i.db(DB).expect("database exists");
            (d.state.clone(), d.user_access.clone())
        })
    }
}

/// Point 3: between a SINGLE_USER batch and a RESTORE batch the practice
/// service takes the single connection (3101), and a plain SET MULTI_USER
/// then fails (5064): tresor sends both in one batch and ends MULTI_USER.
#[test]
fn force_restore_wins_against_a_reconnecting_practice_service() {
    let p = practice();
    p.backed_up();
    p.sim.with(|i| i.practice_service = Some(DB.into()));
    let r = p.force("en");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));
    let batches = p.sim.with(|i| i.batches.clone());
    let restore = batches
        .iter()
        .find(|b| b.contains("RESTORE DATABASE"))
        .expect("RESTORE sent");
    assert!(
        restore.starts_with(&format!("ALTER DATABASE [{DB}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; RESTORE DATABASE [{DB}]")),
        "{restore}"
    );
    // Nothing destructive before the extracted .bak was verified (point 10).
    let verify = batches
        .iter()
        .position(|b| b.starts_with("RESTORE VERIFYONLY"));
    let alter = batches.iter().position(|b| b.starts_with("ALTER DATABASE"));
    assert!(verify.is_some() && verify < alter, "{batches:#?}");
    assert_eq!(p.work_left_in_staging(), Vec::<String>::new());
}

/// Point 3: a real second client connects to the database in a loop while
/// `restore-db --force` runs. The restore succeeds or fails cleanly, and the
/// database ends ONLINE and MULTI_USER either way.
#[test]
fn a_client_reconnecting_in_a_loop_never_leaves_the_database_single_user() {
    let p = practice();
    p.backed_up();
    let stop = Arc::new(AtomicBool::new(false));
    let logins = Arc::new(AtomicU32::new(0));
    let port = p.sim.port;
    let looper = {
        let (stop, logins) = (stop.clone(), logins.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                while !stop.load(Ordering::SeqCst) {
                    let mut c = tiberius::Config::new();
                    c.host("127.0.0.1");
                    c.port(port);
                    c.authentication(tiberius::AuthMethod::sql_server("tresor", "geheim"));
                    c.encryption(tiberius::EncryptionLevel::NotSupported);
                    c.database(DB);
                    let Ok(tcp) = tokio::net::TcpStream::connect(c.get_addr()).await else {
                        continue;
                    };
                    if let Ok(client) = tiberius::Client::connect(c, tcp.compat_write()).await {
                        logins.fetch_add(1, Ordering::SeqCst);
                        // Holds the connection a moment, like a service at work.
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        drop(client);
                    }
                }
            });
        })
    };
    while logins.load(Ordering::SeqCst) == 0 {
        std::thread::yield_now();
    }
    let r = p.force("de");
    stop.store(true, Ordering::SeqCst);
    looper.join().unwrap();
    assert!(r.code == 0 || r.code == 2, "{}{}", r.stdout, r.stderr);
    if r.code == 2 {
        assert!(r.stderr.contains("unverändert"), "{}", r.stderr);
    }
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));
}

/// Point 3: once RESTORE … REPLACE has begun, the old database is gone; the
/// message says so (German and English) and does not claim it survived.
#[test]
fn a_replace_that_failed_midway_says_the_old_database_is_gone() {
    let p = practice();
    p.backed_up();
    p.sim.with(|i| i.faults.fail_restore_midway = true);
    let de = p.force("de");
    assert_eq!(de.code, 2, "{}{}", de.stdout, de.stderr);
    assert!(
        de.stderr.contains("bereits überschrieben") && de.stderr.contains("RESTORING"),
        "{}",
        de.stderr
    );
    assert!(!de.stderr.contains("unverändert"), "{}", de.stderr);
    assert_eq!(p.access().0, "RESTORING");
    let en = p.force("en");
    assert_eq!(en.code, 2, "{}{}", en.stdout, en.stderr);
    assert!(
        en.stderr.contains("already been overwritten"),
        "{}",
        en.stderr
    );
    assert!(!en.stderr.contains("unchanged"), "{}", en.stderr);
    assert_eq!(p.work_left_in_staging(), Vec::<String>::new());
}

/// Point 3: a RESTORE that stops before it begins (here 5133: the default
/// data folder is missing) keeps the old database; tresor gives it back to
/// its users (it was set SINGLE_USER in the same batch) and says so.
#[test]
fn a_replace_refused_before_it_began_keeps_the_old_database() {
    let p = practice();
    p.backed_up();
    let gone = p.root.join("gibt-es-nicht").to_string_lossy().into_owned();
    p.sim.with(|i| {
        i.data_path = gone.clone();
        i.log_path = gone;
    });
    let de = p.force("de");
    assert_eq!(de.code, 2, "{}{}", de.stdout, de.stderr);
    assert!(
        de.stderr.contains("5133")
            && de
                .stderr
                .contains("unverändert und wieder für alle Benutzer freigegeben"),
        "{}",
        de.stderr
    );
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));
    let en = p.force("en");
    assert!(
        en.stderr.contains("unchanged and open to all users again"),
        "{}",
        en.stderr
    );
}

/// Point 10: a damaged extracted .bak is found by VERIFYONLY before the
/// existing database is touched.
#[test]
fn a_damaged_bak_is_refused_before_replace() {
    let p = practice();
    p.backed_up();
    p.sim.with(|i| {
        i.on_batch = Some(Box::new(|sql: &str| {
            if let Some(path) = sql
                .strip_prefix("RESTORE VERIFYONLY FROM DISK = N'")
                .and_then(|s| s.split('\'').next())
            {
                let bytes = fs::read(path).unwrap_or_default();
                let _ = fs::write(path, &bytes[..bytes.len() / 2 + 3]);
            }
        }))
    });
    let r = p.force("de");
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("RESTORE VERIFYONLY"), "{}", r.stderr);
    let sent = p.sim.with(|i| i.batches.clone());
    assert!(
        !sent
            .iter()
            .any(|b| b.contains("ALTER DATABASE") || b.contains("RESTORE DATABASE")),
        "{sent:#?}"
    );
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));
}

/// Point 5: drill databases are dropped on every path — a RESTORE that
/// failed midway leaves one RESTORING — and leftovers of earlier drills are
/// dropped by prefix; other databases stay.
#[test]
fn drills_leave_no_databases_behind() {
    let p = practice();
    p.backed_up();
    let d = p.root.join("C/MSSQL/DATA").to_string_lossy().into_owned();
    p.sim.with(|i| {
        let mut left = SimDatabase::new("tresor_drill_alt", &d, 1, 400);
        left.state = "RESTORING".into();
        i.add(left);
        i.add(SimDatabase::new("tresor_drill_medatixx_praxis", &d, 1, 400));
        i.add(SimDatabase::new("medatixx_tresor_drill_", &d, 1, 400));
        i.add(SimDatabase::new("Tresor_Drill_fremd", &d, 1, 400));
    });
    let r = run(&mut p.tresor(&["--language", "de", "drill"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("2 übrig gebliebene Testdatenbanken"),
        "{}",
        r.stdout
    );
    let names = |p: &Practice| {
        p.sim.with(|i| {
            i.databases
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        names(&p),
        [
            "medatixx_praxis",
            "medatixx_tresor_drill_",
            "Tresor_Drill_fremd"
        ]
    );
    // A drill whose RESTORE fails midway leaves a RESTORING database: dropped too.
    p.sim.with(|i| i.faults.fail_restore_midway = true);
    let r = run(&mut p.tresor(&["--language", "en", "drill"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    // The first drill left nothing behind: nothing to report dropping.
    assert!(!r.stdout.contains("left behind"), "{}", r.stdout);
    assert_eq!(
        names(&p),
        [
            "medatixx_praxis",
            "medatixx_tresor_drill_",
            "Tresor_Drill_fremd"
        ]
    );
}

/// Point 7: an OFFLINE or RESTORING database is not sent to BACKUP; one
/// warning says why (exit 1), the others are backed up.
#[test]
fn databases_that_cannot_be_backed_up_are_skipped_with_a_warning() {
    let p = practice();
    let d = p.root.join("C/MSSQL/DATA").to_string_lossy().into_owned();
    p.sim.with(|i| {
        let mut off = SimDatabase::new("medatixx_archiv", &d, 1, 400);
        off.state = "OFFLINE".into();
        i.add(off);
    });
    assert_eq!(run(&mut p.tresor(&["init"])).code, 0);
    for (lang, text) in [
        ("de", "im Zustand OFFLINE und wird nicht gesichert"),
        ("en", "is OFFLINE and is not backed up"),
    ] {
        let r = run(&mut p.tresor(&["--language", lang, "backup", "--job", "nightly"]));
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert_eq!(all.matches(text).count(), 1, "{all}");
    }
    let sent = p.sim.with(|i| i.batches.clone());
    assert!(
        !sent
            .iter()
            .any(|b| b.starts_with("BACKUP DATABASE [medatixx_archiv]")),
        "{sent:#?}"
    );
    assert!(sent
        .iter()
        .any(|b| b.starts_with(&format!("BACKUP DATABASE [{DB}]"))));
    assert_eq!(fs::read_dir(&p.staging).unwrap().count(), 0);
}

/// Found by the review: `--as` a name with the drill's prefix is refused
/// (the next drill would drop that database).
#[test]
fn restore_db_as_a_drill_name_is_refused() {
    let out = tresor_cmd()
        .args([
            "--language",
            "en",
            "restore-db",
            "latest",
            "--database",
            "x",
            "--as",
            "tresor_drill_pruefung",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("belong to the restore drill"), "{err}");
}

fn tresor_cmd() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tresor"));
    c.env_remove("TRESOR_CONFIG")
        .env_remove("TRESOR_KEY_FILE")
        .env(
            "TRESOR_DEFAULT_CONFIG",
            "/nonexistent/tresor-tests/tresor.yaml",
        );
    c
}

/// Found by the review: an OFFLINE database whose RESTORE fails before it
/// began (5133: the data folder does not exist) is unchanged, and the
/// message says so instead of "already overwritten".
#[test]
fn an_offline_target_refused_before_restore_began_is_called_unchanged() {
    let p = practice();
    p.backed_up();
    let gone = p.root.join("gibt-es-nicht").to_string_lossy().into_owned();
    p.sim.with(|i| {
        i.db_mut(DB).unwrap().state = "OFFLINE".into();
        i.data_path = gone.clone();
        i.log_path = gone;
    });
    let r = p.force("en");
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("unchanged and still OFFLINE"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("overwritten"), "{}", r.stderr);
    assert_eq!(p.access().0, "OFFLINE");
}

/// A drill asked to sample no files has still tested the database: that
/// alone is a passed drill, not "nothing tested".
#[test]
fn a_drill_of_the_databases_alone_passes() {
    let p = practice();
    p.backed_up();
    let r = run(&mut p.tresor(&["--language", "en", "drill", "--sample", "0"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let journal = std::fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
    let entry: serde_json::Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    let last = &entry["record"];
    assert_eq!(last["kind"], "drill");
    assert_eq!(last["outcome"], "ok", "{last}");
    assert_eq!(last["items"], 0);
    assert_eq!(last["databases"][0]["name"], DB);
    assert_eq!(last["databases"][0]["ok"], true);
    assert_eq!(p.work_left_in_staging(), Vec::<String>::new());
}

/// A database a failed replace left RESTORING is replaced by the next forced
/// restore: no ALTER DATABASE goes to it (refused with 5052 on a RESTORING
/// database), and it ends ONLINE and MULTI_USER.
#[test]
fn a_database_left_restoring_is_replaced_by_the_next_forced_restore() {
    let p = practice();
    p.backed_up();
    p.sim.with(|i| i.faults.fail_restore_midway = true);
    assert_eq!(p.force("en").code, 2);
    assert_eq!(p.access().0, "RESTORING");
    p.sim.with(|i| i.faults.fail_restore_midway = false);
    let start = p.sim.with(|i| i.batches.len());
    let r = p.force("en");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));
    let sent = p.sim.with(|i| i.batches[start..].to_vec());
    let restore = sent
        .iter()
        .find(|b| b.contains("RESTORE DATABASE"))
        .expect("a RESTORE was sent");
    assert!(restore.starts_with("RESTORE DATABASE"), "{restore}");
}

/// A replace refused before it began (5133) after the database was set
/// SINGLE_USER, and SET MULTI_USER refused afterwards (5061): the database is
/// unchanged but single-user, and the technician is told exactly that and
/// how to open it — not that it was overwritten.
#[test]
fn a_database_left_single_user_after_a_refused_replace_is_named_single_user() {
    let p = practice();
    p.backed_up();
    let gone = p.root.join("gibt-es-nicht").to_string_lossy().into_owned();
    p.sim.with(|i| {
        i.data_path = gone.clone();
        i.log_path = gone;
        i.faults.refuse_multi_user = u32::MAX;
    });
    let r = p.force("en");
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "The existing database {DB} is unchanged but still in single-user mode"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("SET MULTI_USER"), "{}", r.stderr);
    assert!(!r.stderr.contains("overwritten"), "{}", r.stderr);
    assert_eq!(p.access(), ("ONLINE".into(), "SINGLE_USER".into()));
}

/// An OFFLINE database whose replace failed after it began is RESTORING
/// afterwards: gone, said as such — "unchanged" would hold only if it were
/// still OFFLINE.
#[test]
fn an_offline_target_overwritten_midway_is_called_gone() {
    let p = practice();
    p.backed_up();
    p.sim.with(|i| {
        i.db_mut(DB).unwrap().state = "OFFLINE".into();
        i.faults.fail_restore_midway = true;
    });
    let r = p.force("en");
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "The existing database {DB} had already been overwritten and is no longer usable (state RESTORING)"
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unchanged"), "{}", r.stderr);
    assert_eq!(p.access().0, "RESTORING");
}

/// A backup taken while the database was RESTRICTED_USER restores as
/// RESTRICTED_USER (the options are part of the backup). tresor opens it to
/// all users; when the server refuses that, the restore still succeeded but
/// ends with a warning (exit 1) that names the access and the fix.
#[test]
fn a_restored_database_not_open_to_all_users_is_a_warning() {
    let p = practice();
    p.sim
        .with(|i| i.db_mut(DB).unwrap().user_access = "RESTRICTED_USER".into());
    p.backed_up();

    let r = p.force("en");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(p.access(), ("ONLINE".into(), "MULTI_USER".into()));

    p.sim.with(|i| i.faults.refuse_multi_user = u32::MAX);
    let r = p.force("en");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains(&format!(
            "The database {DB} is restored but not open to all users (access: RESTRICTED_USER)"
        )),
        "{all}"
    );
    assert_eq!(p.access(), ("ONLINE".into(), "RESTRICTED_USER".into()));

    // Restored under a new name (as on a bare server, where no database of
    // that name exists): the same, found by the attack review.
    let access_of = |name: &str| {
        p.sim.with(|i| {
            let d = i.db(name).expect("restored");
            (d.state.clone(), d.user_access.clone())
        })
    };
    let as_new = |name: &str| {
        run(&mut p.tresor(&[
            "--language",
            "en",
            "restore-db",
            "latest",
            "--database",
            DB,
            "--as",
            name,
        ]))
    };
    let r = as_new("praxis_kopie_1");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        format!("{}{}", r.stdout, r.stderr).contains("(access: RESTRICTED_USER)"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(
        access_of("praxis_kopie_1"),
        ("ONLINE".into(), "RESTRICTED_USER".into())
    );
    // Accepted at once, or refused twice and then accepted (tresor asks
    // again): open to all users, exit 0 (a server busy for a moment is no
    // warning).
    for (name, refusals) in [("praxis_kopie_2", 0), ("praxis_kopie_3", 2)] {
        p.sim.with(|i| i.faults.refuse_multi_user = refusals);
        let r = as_new(name);
        assert_eq!(r.code, 0, "{name}: {}{}", r.stdout, r.stderr);
        assert_eq!(access_of(name), ("ONLINE".into(), "MULTI_USER".into()));
        assert_eq!(p.sim.with(|i| i.faults.refuse_multi_user), 0);
    }
}

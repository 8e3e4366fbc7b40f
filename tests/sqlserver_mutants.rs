//! Tests that fail when the SQL Server safety steps are skipped inside a job
//! (mutants that survived the rest of the suite, issue 18): `backup` must run
//! RESTORE VERIFYONLY on every database's `.bak` before it goes into the
//! snapshot, and `drill` must really restore every database under a scratch
//! name WITH MOVE, run DBCC CHECKDB on it and drop it. The TDS simulator
//! (tests/support/mssql_simulator) records every statement it receives.

mod common;
mod support;

use std::fs;
use std::path::Path;

use common::*;
use support::mssql_simulator::fixture::blobs;
use support::mssql_simulator::SimDatabase;

const PRAXIS: &str = "medatixx_praxis";
const DOKUMENTE: &str = "medatixx_dokumente";

use support::sql_practice::SqlPractice as Practice;

/// A medatixx practice with two databases the profile's `medatixx*` selects.
fn practice() -> Practice {
    support::sql_practice::medatixx_practice(|inst, d| {
        inst.add(SimDatabase::new(PRAXIS, d, 500, 400).with_filestream(d, blobs()));
        inst.add(SimDatabase::new(DOKUMENTE, d, 300, 400));
    })
}

impl Practice {
    fn tresor(&self, args: &[&str]) -> std::process::Command {
        let mut c = tresor();
        c.arg("--config").arg(&self.config).args(args);
        c
    }

    fn batches(&self) -> Vec<String> {
        self.sim.with(|i| i.batches.clone())
    }

    fn ls_latest(&self) -> String {
        let r = run(&mut self.tresor(&["ls", "latest"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    }
}

/// Position of the first batch at or after `from` that starts with `prefix`
/// and contains `needle`.
fn find(batches: &[String], from: usize, prefix: &str, needle: &str) -> Option<usize> {
    batches
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, b)| b.starts_with(prefix) && b.contains(needle))
        .map(|(i, _)| i)
}

/// The staging file a `BACKUP DATABASE … TO DISK = N'…'` batch writes.
fn bak_of(batch: &str) -> String {
    let start = batch.find("TO DISK = N'").expect("TO DISK") + "TO DISK = N'".len();
    let rest = &batch[start..];
    rest[..rest.find('\'').expect("closing quote")].to_string()
}

#[test]
fn backup_runs_verifyonly_on_each_database_before_storing_it() {
    let p = practice();
    assert_eq!(run(&mut p.tresor(&["init"])).code, 0);
    let r = run(&mut p.tresor(&["backup", "--job", "nightly", "--quiet"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let b = p.batches();

    // Per database: BACKUP → VERIFYONLY of that very file → its metadata,
    // and all of it before the next database's BACKUP.
    let mut at = 0;
    let mut order = Vec::new();
    while let Some(backup) = find(&b, at, "BACKUP DATABASE ", "") {
        let bak = bak_of(&b[backup]);
        let verify = find(&b, backup, "RESTORE VERIFYONLY FROM DISK = ", &bak)
            .unwrap_or_else(|| panic!("no RESTORE VERIFYONLY of {bak}: {b:#?}"));
        assert!(
            b[verify].contains("WITH CHECKSUM"),
            "verified with the backup checksums: {}",
            b[verify]
        );
        let header = find(&b, backup, "RESTORE HEADERONLY FROM DISK = ", &bak)
            .unwrap_or_else(|| panic!("no HEADERONLY of {bak}: {b:#?}"));
        assert!(
            verify < header,
            "VERIFYONLY before the metadata is read: {b:#?}"
        );
        let next = find(&b, backup + 1, "BACKUP DATABASE ", "").unwrap_or(b.len());
        assert!(header < next, "one database at a time: {b:#?}");
        order.push(b[backup].split(']').next().unwrap_or("").to_string());
        at = backup + 1;
    }
    assert_eq!(order.len(), 2, "two databases backed up: {order:?}");
    for db in [PRAXIS, DOKUMENTE] {
        assert!(
            order.iter().any(|o| o.ends_with(db)),
            "{db} backed up: {order:?}"
        );
    }
    let ls = p.ls_latest();
    assert!(
        ls.contains(&format!("SQL/{PRAXIS}.bak")) && ls.contains(&format!("SQL/{DOKUMENTE}.bak")),
        "{ls}"
    );
    assert_eq!(fs::read_dir(&p.staging).unwrap().count(), 0);
}

/// A staging disk that damages the `.bak` after BACKUP wrote it: VERIFYONLY
/// finds it, that database fails (exit 2, named), its `.bak` stays out of
/// the snapshot and is not used any further; the other database and the
/// files are saved.
#[test]
fn a_backup_failing_verifyonly_fails_the_job_for_that_database() {
    let p = practice();
    assert_eq!(run(&mut p.tresor(&["init"])).code, 0);
    p.sim.with(|i| {
        i.on_batch = Some(Box::new(|sql: &str| {
            let Some(rest) = sql.strip_prefix("RESTORE VERIFYONLY FROM DISK = N'") else {
                return;
            };
            let path = &rest[..rest.find('\'').expect("quote")];
            if Path::new(path)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains(DOKUMENTE))
            {
                let mut bytes = fs::read(path).expect("staging file");
                let mid = bytes.len() / 2;
                bytes[mid] ^= 0x40; // a page's payload: its checksum no longer matches
                fs::write(path, bytes).expect("damage");
            }
        }));
    });
    let r = run(&mut p.tresor(&["backup", "--job", "nightly", "--quiet"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(DOKUMENTE),
        "names the database: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("VERIFYONLY"),
        "says the verification failed: {}",
        r.stderr
    );
    assert!(
        !r.stderr.contains(PRAXIS),
        "only that database: {}",
        r.stderr
    );

    let b = p.batches();
    let backup = find(&b, 0, "BACKUP DATABASE ", DOKUMENTE).expect("backed up");
    let bak = bak_of(&b[backup]);
    let verify = find(&b, backup, "RESTORE VERIFYONLY", &bak).expect("verified");
    assert!(
        !b[verify + 1..].iter().any(|s| s.contains(&bak)),
        "the damaged file is not used after VERIFYONLY failed: {b:#?}"
    );
    let ls = p.ls_latest();
    assert!(ls.contains(&format!("SQL/{PRAXIS}.bak")), "{ls}");
    assert!(!ls.contains(&format!("SQL/{DOKUMENTE}.bak")), "{ls}");
    assert!(ls.contains("medatixx.lic"), "{ls}");
}

/// The journal's last drill entry.
fn last_drill(p: &Practice) -> serde_json::Value {
    let journal = fs::read_to_string(p.root.join("keys/journal.jsonl")).unwrap();
    let entry: serde_json::Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    let record = entry["record"].clone();
    assert_eq!(record["kind"], "drill");
    record
}

#[test]
fn drill_restores_each_database_with_move_checks_and_drops_it() {
    let p = practice();
    assert_eq!(run(&mut p.tresor(&["init"])).code, 0);
    let r = run(&mut p.tresor(&["backup", "--job", "nightly", "--quiet"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let snapshot = {
        let r = run(&mut p.tresor(&["snapshots", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["snapshots"][0]["id"].as_str().unwrap().to_string()
    };
    let start = p.batches().len();

    let r = run(&mut p.tresor(&["drill", "--quiet"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let b = p.batches()[start..].to_vec();
    for (db, logical) in [
        (
            PRAXIS,
            vec![
                PRAXIS.to_string(),
                format!("{PRAXIS}_log"),
                format!("{PRAXIS}_fs"),
            ],
        ),
        (
            DOKUMENTE,
            vec![DOKUMENTE.to_string(), format!("{DOKUMENTE}_log")],
        ),
    ] {
        let scratch = format!("[tresor_drill_{db}]");
        let restore = find(
            &b,
            0,
            &format!("RESTORE DATABASE {scratch} FROM DISK = N'"),
            "",
        )
        .unwrap_or_else(|| panic!("{db} not restored under {scratch}: {b:#?}"));
        for l in &logical {
            assert!(
                b[restore].contains(&format!("MOVE N'{l}' TO N'")),
                "{l} moved: {}",
                b[restore]
            );
        }
        let checkdb = find(&b, restore, &format!("DBCC CHECKDB ({scratch})"), "")
            .unwrap_or_else(|| panic!("no CHECKDB of {scratch}: {b:#?}"));
        let drop = find(
            &b,
            checkdb,
            "ALTER DATABASE ",
            &format!("DROP DATABASE {scratch}"),
        )
        .unwrap_or_else(|| panic!("{scratch} not dropped: {b:#?}"));
        assert!(restore < checkdb && checkdb < drop);
    }
    assert!(!p.sim.with(|i| i
        .databases
        .iter()
        .any(|d| d.name.starts_with("tresor_drill_"))));

    let entry = last_drill(&p);
    assert_eq!(entry["outcome"], "ok", "{entry}");
    let dbs = entry["databases"]
        .as_array()
        .expect("databases in the journal");
    let mut named: Vec<&str> = dbs.iter().map(|d| d["name"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(named, [DOKUMENTE, PRAXIS], "{entry}");
    for d in dbs {
        assert_eq!(d["ok"], true, "{d}");
        assert_eq!(entry["snapshot"].as_str(), Some(snapshot.as_str()), "{d}");
    }
}

#[test]
fn drill_names_a_database_that_fails_checkdb() {
    let p = practice();
    assert_eq!(run(&mut p.tresor(&["init"])).code, 0);
    let r = run(&mut p.tresor(&["backup", "--job", "nightly", "--quiet"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    p.sim.with(|i| i.faults.corrupt_restores = true);

    let r = run(&mut p.tresor(&["drill", "--quiet"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let entry = last_drill(&p);
    assert_eq!(entry["outcome"], "failed", "{entry}");
    let dbs = entry["databases"]
        .as_array()
        .expect("databases in the journal");
    assert_eq!(dbs.len(), 2, "{entry}");
    for d in dbs {
        assert_eq!(d["ok"], false, "{d}");
        let error = d["detail"].as_str().unwrap_or("");
        assert!(error.contains("CHECKDB"), "{d}");
    }
    // A scratch database that failed CHECKDB is dropped all the same.
    assert!(!p.sim.with(|i| i
        .databases
        .iter()
        .any(|d| d.name.starts_with("tresor_drill_"))));
}

/// A practice whose one database makes a `.bak` of ~24 MB of incompressible
/// rows: about three 8 MiB packs, so at least one pack holds nothing but
/// the `.bak`'s data (no file list, no other file).
fn practice_with_a_big_database() -> Practice {
    support::sql_practice::medatixx_practice(|inst, d| {
        inst.add(SimDatabase::new(PRAXIS, d, 60_000, 400));
    })
}

/// Flips one byte in a pack that holds only data of the `.bak` of `db` in
/// the newest snapshot; returns the `.bak`'s path in the snapshot and the
/// pack's id (hex).
fn damage_a_pack_of_the_bak(p: &Practice, db: &str) -> (String, String) {
    use std::collections::BTreeSet;
    use std::sync::Arc;
    use tresor::repo::crypto::Identities;
    use tresor::repo::repository::pack_key;
    use tresor::repo::Repository;
    use tresor::storage::local::LocalBackend;

    let rdx = p.root.join("RDX");
    let ids = Arc::new(
        Identities::parse(&fs::read_to_string(p.root.join("keys/machine.key")).unwrap()).unwrap(),
    );
    let backend = Arc::new(LocalBackend::open(rdx.clone()).unwrap());
    let r = Repository::open(backend, ids)
        .unwrap()
        .load_index()
        .unwrap();
    let (_, snap) = r.find_snapshot("latest").unwrap();
    let bak = snap
        .databases
        .iter()
        .find(|d| d.name == db)
        .unwrap_or_else(|| panic!("{db} in the snapshot"))
        .path
        .clone();
    let chunks: BTreeSet<_> = r
        .load_tree(&snap)
        .unwrap()
        .iter()
        .find(|n| n.path == bak)
        .expect("the .bak in the file list")
        .chunks
        .iter()
        .copied()
        .collect();
    let pack = r
        .index()
        .packs()
        .iter()
        .find(|p| p.blobs.iter().all(|b| chunks.contains(&b.id)))
        .expect("a pack with only the .bak's data")
        .clone();
    let file = rdx.join(pack_key(&pack.id));
    let mut bytes = fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&file, bytes).unwrap();
    (bak, pack.id.to_hex())
}

/// A `.bak` whose data lies in a damaged pack cannot be extracted: neither
/// `restore-db` nor the drill may go on to RESTORE DATABASE (from a file
/// that is not there or not whole); both fail (exit 2) naming the `.bak`
/// and the pack, and the drill records that database as failed.
#[test]
fn a_bak_in_a_damaged_pack_is_never_restored_and_fails_restore_db_and_drill() {
    let p = practice_with_a_big_database();
    ok(&mut p.tresor(&["init"]));
    ok(&mut p.tresor(&["backup", "--job", "nightly", "--quiet"]));
    let (bak, pack) = damage_a_pack_of_the_bak(&p, PRAXIS);

    let start = p.batches().len();
    let r = expect_code(
        &mut p.tresor(&[
            "restore-db",
            "latest",
            "--database",
            PRAXIS,
            "--as",
            "Praxis_Kopie",
        ]),
        2,
    );
    assert!(
        r.stderr.contains(&bak),
        "names the .bak {bak}: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&pack),
        "names the pack {pack}: {}",
        r.stderr
    );
    let b = p.batches()[start..].to_vec();
    assert!(
        !b.iter().any(|s| s.contains("RESTORE DATABASE")),
        "no RESTORE DATABASE from a .bak that was not extracted: {b:#?}"
    );
    assert!(!p
        .sim
        .with(|i| i.databases.iter().any(|d| d.name == "Praxis_Kopie")));
    let left = files_below(&p.staging);
    assert!(
        left.is_empty(),
        "files left in the staging folder: {left:?}"
    );
    // Nor the work folder the extract was made in.
    let folders: Vec<_> = fs::read_dir(&p.staging).unwrap().collect();
    assert!(
        folders.is_empty(),
        "left in the staging folder: {folders:?}"
    );

    let start = p.batches().len();
    let r = expect_code(&mut p.tresor(&["drill", "--quiet"]), 2);
    let b = p.batches()[start..].to_vec();
    assert!(
        !b.iter().any(|s| s.contains("RESTORE DATABASE")),
        "the drill restores no database from a .bak that was not extracted: {b:#?}"
    );
    let entry = last_drill(&p);
    assert_eq!(entry["outcome"], "failed", "{entry}");
    let dbs = entry["databases"]
        .as_array()
        .expect("databases in the journal");
    assert_eq!(dbs.len(), 1, "{entry}");
    assert_eq!(dbs[0]["name"], PRAXIS, "{entry}");
    assert_eq!(dbs[0]["ok"], false, "{entry}");
    let detail = dbs[0]["detail"].as_str().unwrap_or("");
    assert!(
        detail.contains(&bak) && detail.contains(&pack),
        "names the .bak and the pack: {entry}\n{}{}",
        r.stdout,
        r.stderr
    );
    assert!(!p.sim.with(|i| i
        .databases
        .iter()
        .any(|d| d.name.starts_with("tresor_drill_"))));
}

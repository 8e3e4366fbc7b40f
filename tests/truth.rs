//! Issue 11, "nothing silently missing" (points 3, 4, 6, 7): a job whose
//! profiles need a database without `sqlserver:`, a restore drill that
//! tested nothing, a snapshot that lacks a folder, a blank medium and a
//! missing required folder in `config check` — each says so, in German and
//! English, with the documented exit code.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use serde_json::Value;

/// The example recovery recipient of `tresor.example.yaml`.
const RECIPIENT: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

/// A practice under a temp folder: drive C, a cartridge folder `RDX`, keys.
struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

impl Practice {
    /// x.isynet (WINACS required) without a `sqlserver:` section; its
    /// required folders exist, the optional ones do not.
    fn isynet() -> Practice {
        let p = Practice::new("profiles: [x.isynet]\n");
        for d in ["Profil", "Rechnung", "Text", "Vorlage"] {
            let dir = p.root.join("C/WINACS").join(d);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join(format!("{d}.dat")), format!("Inhalt {d}")).unwrap();
        }
        p
    }

    /// Files only: two required folders, no profile, no database.
    fn files_only() -> Practice {
        let p = Practice::new("sources:\n  - path: 'C:\\Daten'\n  - path: 'C:\\Briefe'\n");
        for d in ["Daten", "Briefe"] {
            let dir = p.root.join("C").join(d);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("a.txt"), format!("Inhalt {d}")).unwrap();
        }
        p
    }

    fn new(what: &str) -> Practice {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().to_path_buf();
        fs::create_dir_all(root.join("RDX")).unwrap();
        let config = root.join("tresor.yaml");
        let p = Practice {
            _t: t,
            root,
            config,
        };
        p.write_config(what, "");
        p
    }

    /// Writes tresor.yaml: `what` (profiles/sources), `extra` destinations.
    fn write_config(&self, what: &str, extra: &str) {
        let root = self.root.display();
        fs::write(
            &self.config,
            format!(
                "practice: Testpraxis\ndrives:\n  C: {root}/C\n{what}keys:\n  machine: {root}/keys/machine.key\n\
                 destinations:\n  rdx: {{ type: local, path: {root}/RDX }}\n{extra}\
                 jobs:\n  nightly: {{ destination: rdx }}\n"
            ),
        )
        .unwrap();
    }

    fn tresor(&self, lang: &str, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config")
            .arg(&self.config)
            .args(["--language", lang])
            .args(args);
        c
    }

    fn init(&self) {
        ok(&mut self.tresor("en", &["init"]));
    }

    fn snapshots(&self) -> Vec<Value> {
        let r = ok(&mut self.tresor("en", &["snapshots", "-d", "rdx", "--json"]));
        let v: Value = serde_json::from_str(&r.stdout).expect("json");
        v["snapshots"].as_array().expect("snapshots array").clone()
    }

    fn journal_last(&self) -> Value {
        let text = fs::read_to_string(self.root.join("keys/journal.jsonl")).unwrap();
        let entry: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        entry["record"].clone()
    }
}

// Point 3 ------------------------------------------------------------------

#[test]
fn a_database_without_sqlserver_fails_the_job_and_says_what_to_configure() {
    let p = Practice::isynet();
    p.init();
    let r = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains(
            "The database WINACS was NOT backed up: tresor.yaml has no `sqlserver:` section (the profile x.isynet needs it)."
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("sqlserver: { connection: 'Data Source=.\\MEDATIXX;Integrated Security=True', staging: 'C:\\tresor\\staging' }"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("1 part of the backup failed"),
        "{}",
        r.stderr
    );
    // The files were backed up all the same; the snapshot records the gap.
    let snaps = p.snapshots();
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0]["complete"], false);
    assert_eq!(
        snaps[0]["summary"]["warnings"][0],
        serde_json::json!({"kind": "database_not_configured", "database": "WINACS", "profiles": ["x.isynet"]})
    );

    let r = expect_code(&mut p.tresor("de", &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains(
            "Die Datenbank WINACS wurde NICHT gesichert: in tresor.yaml fehlt der Abschnitt `sqlserver:` (das Profil x.isynet braucht sie)."
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("So wird sie gesichert"), "{}", r.stderr);
}

#[test]
fn config_check_fails_for_a_database_without_sqlserver() {
    let p = Practice::isynet();
    let r = expect_code(&mut p.tresor("en", &["config", "check"]), 2);
    assert!(
        r.stdout.contains("The database WINACS will NOT be backed up: tresor.yaml has no `sqlserver:` section (the profile x.isynet needs it)."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("ERROR: 1 required database would NOT be backed up (no `sqlserver:`)."),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("required data would NOT be backed up"),
        "{}",
        r.stderr
    );
    let r = expect_code(&mut p.tresor("de", &["config", "check"]), 2);
    assert!(
        r.stdout.contains("Die Datenbank WINACS wird NICHT gesichert: in tresor.yaml fehlt der Abschnitt `sqlserver:`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "FEHLER: 1 erforderliche Datenbank würde NICHT gesichert (kein `sqlserver:`)."
        ),
        "{}",
        r.stdout
    );
    // German words for the schedule, not `manual` or `Mon-Fri`.
    assert!(
        r.stdout.contains("Zeitplan: Mo–Fr um 22:30 Uhr"),
        "{}",
        r.stdout
    );
}

// Point 4 ------------------------------------------------------------------

#[test]
fn a_drill_on_an_empty_destination_tested_nothing_and_is_not_ok() {
    let p = Practice::files_only();
    p.init();
    let r = expect_code(&mut p.tresor("en", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr.contains(&format!(
            "The restore drill tested nothing: {} holds no snapshot. The journal records it as not passed.",
            p.root.join("RDX").display()
        )),
        "{}",
        r.stderr
    );
    let j = p.journal_last();
    assert_eq!(j["kind"], "drill");
    assert_eq!(j["outcome"], "failed");
    assert_eq!(j["warnings"][0]["code"], "no_snapshot");
    assert_eq!(j["items"], 0);
    assert_eq!(j["databases"], serde_json::json!([]));

    let r = expect_code(&mut p.tresor("de", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr
            .contains("Die Wiederherstellungsprobe hat nichts geprüft: auf ")
            && r.stderr
                .contains("liegt keine Sicherung. Im Journal steht sie als nicht bestanden."),
        "{}",
        r.stderr
    );
    assert_eq!(p.journal_last()["outcome"], "failed");

    // A practice whose profile needs a database: with no snapshot at all,
    // "no snapshot holds a database" would be true but beside the point.
    let p = Practice::isynet();
    p.init();
    expect_code(&mut p.tresor("en", &["drill", "-d", "rdx"]), 2);
    let kinds: Vec<String> = p.journal_last()["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["no_snapshot"]);
}

/// Two jobs back up the same profile: the database the drill missed is
/// named once, not once per job.
#[test]
fn a_missing_database_is_named_once_however_many_jobs_need_it() {
    let p = Practice::isynet();
    let text = fs::read_to_string(&p.config).unwrap();
    let two_jobs = text.replace(
        "jobs:\n  nightly: { destination: rdx }\n",
        "jobs:\n  nightly: { destination: rdx }\n  feierabend: { destination: rdx }\n",
    );
    assert_ne!(text, two_jobs, "the config names the nightly job");
    fs::write(&p.config, two_jobs).unwrap();
    p.init();
    expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    let r = expect_code(&mut p.tresor("en", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr
            .contains("holds a database, although WINACS is to be backed up"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_drill_without_the_database_the_profile_needs_is_not_ok() {
    let p = Practice::isynet();
    p.init();
    expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    let r = expect_code(&mut p.tresor("en", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stdout.contains("Files: 4 of 4 restored and verified"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("The restore drill did not test everything: ")
            && r.stderr.contains("no snapshot on this destination holds a database, although WINACS is to be backed up – no database was tested. The journal records it as not passed."),
        "{}",
        r.stderr
    );
    let j = p.journal_last();
    assert_eq!(j["outcome"], "failed");
    // The snapshot lacks WINACS, and no snapshot has a database: both said.
    let kinds: Vec<&str> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["snapshot_incomplete", "no_database"]);
    assert_eq!(j["items"], 4);

    let r = expect_code(&mut p.tresor("de", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr.contains("Die Wiederherstellungsprobe hat nicht alles geprüft: die Sicherung ")
            && r.stderr.contains("ist unvollständig, es fehlt: Datenbank WINACS; keine Sicherung auf diesem Ziel enthält eine Datenbank, obwohl WINACS gesichert werden soll"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_drill_that_tested_the_files_of_a_files_only_practice_is_ok() {
    let p = Practice::files_only();
    p.init();
    ok(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    let r = ok(&mut p.tresor("en", &["drill", "-d", "rdx"]));
    assert!(
        r.stdout.contains("Files: 2 of 2 restored and verified"),
        "{}",
        r.stdout
    );
    let j = p.journal_last();
    assert_eq!(j["outcome"], "ok");
    assert_eq!(j["warnings"], serde_json::json!([]));
}

// Point 6 ------------------------------------------------------------------

#[test]
fn a_snapshot_that_lacks_a_folder_says_so_in_the_list_and_on_restore() {
    let p = Practice::files_only();
    p.init();
    ok(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    fs::remove_dir_all(p.root.join("C/Briefe")).unwrap();
    let r = warned(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    assert!(r.stdout.contains("Warning: "), "{}", r.stdout);

    let snaps = p.snapshots();
    let (first, second) = (
        snaps[0]["id"].as_str().unwrap().to_string(),
        snaps[1]["id"].as_str().unwrap().to_string(),
    );
    assert_eq!(snaps[0]["complete"], true);
    assert_eq!(snaps[1]["complete"], false);
    let lack = &snaps[1]["lacks"][0];
    assert_eq!(lack["kind"], "source_missing");
    assert_eq!(lack["path"], p.root.join("C/Briefe").display().to_string());
    let source = lack["source"].as_str().unwrap().to_string();
    // Typed, not Debug text.
    assert_eq!(snaps[1]["summary"]["warnings"][0]["kind"], "source_missing");

    let list = ok(&mut p.tresor("en", &["snapshots", "-d", "rdx"])).stdout;
    let line = |id: &str| {
        list.lines()
            .find(|l| l.starts_with(&id[..8]))
            .unwrap()
            .to_string()
    };
    assert!(line(&first).ends_with("complete"), "{list}");
    assert!(
        line(&second).ends_with(&format!("incomplete, lacks: folder {source}")),
        "{list}"
    );
    let list = ok(&mut p.tresor("de", &["snapshots", "-d", "rdx"])).stdout;
    assert!(list.contains("Status"), "{list}");
    assert!(
        list.contains(&format!("unvollständig, es fehlt: Ordner {source}")),
        "{list}"
    );
    assert!(list.contains("vollständig"), "{list}");

    // `latest` stays the newest; the restore says what it lacks and which
    // complete snapshot came before, and restores what it has (exit 1).
    let target = p.root.join("out");
    let mut cmd = p.tresor("en", &["restore", "latest", "-d", "rdx", "--target"]);
    let r = warned(cmd.arg(&target));
    assert!(
        r.stderr.contains(&format!(
            "Attention: snapshot {} of ",
            &second[..8]
        )) && r.stderr.contains(&format!(
            "is incomplete. It lacks: folder {source} ({}) – did not exist during the backup. What it holds is restored.",
            p.root.join("C/Briefe").display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "The last complete snapshot before it is {} of ",
            &first[..8]
        )),
        "{}",
        r.stderr
    );
    // Snapshot paths are the Windows paths: C:\Daten → C/Daten.
    assert_eq!(
        fs::read(target.join("C/Daten/a.txt")).unwrap(),
        b"Inhalt Daten"
    );

    let target = p.root.join("out-de");
    let mut cmd = p.tresor("de", &["restore", "latest", "-d", "rdx", "--target"]);
    let r = warned(cmd.arg(&target));
    assert!(
        r.stderr
            .contains(&format!("ist unvollständig. Es fehlt: Ordner {source} ("))
            && r.stderr.contains(
                ") – war beim Sichern nicht vorhanden. Wiederhergestellt wird, was sie enthält."
            ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "Die letzte vollständige Sicherung davor ist {} vom ",
            &first[..8]
        )),
        "{}",
        r.stderr
    );

    // The complete one restores without a word about lacks.
    let target = p.root.join("out-first");
    let mut cmd = p.tresor("en", &["restore", &first[..8], "-d", "rdx", "--target"]);
    let r = ok(cmd.arg(&target));
    assert!(!r.stderr.contains("incomplete"), "{}", r.stderr);
}

// Point 7 ------------------------------------------------------------------

#[test]
fn a_blank_medium_is_not_set_up_and_an_absent_one_is_not_reachable() {
    let p = Practice::files_only();
    p.init();
    let blank = p.root.join("blank");
    fs::create_dir_all(&blank).unwrap();
    let gone = p.root.join("gone");
    p.write_config(
        "sources:\n  - path: 'C:\\Daten'\n  - path: 'C:\\Briefe'\n",
        &format!(
            "  blank: {{ type: local, path: {} }}\n  gone: {{ type: local, path: {} }}\n",
            blank.display(),
            gone.display()
        ),
    );
    let r = expect_code(&mut p.tresor("en", &["snapshots", "-d", "blank"]), 2);
    assert!(
        r.stderr.contains(&format!(
            "The destination blank ({}) is not set up yet: the folder is empty or holds no tresor repository.",
            blank.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`tresor init --destination blank`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("not reachable"), "{}", r.stderr);
    let r = expect_code(&mut p.tresor("de", &["snapshots", "-d", "blank"]), 2);
    assert!(
        r.stderr.contains("Das Sicherungsziel blank (")
            && r.stderr.contains("ist noch nicht eingerichtet")
            && r.stderr
                .contains("richtet `tresor init --destination blank` ein"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Medium entfernt"), "{}", r.stderr);

    // The same folder named with --repo: the hint names the folder.
    let mut cmd = p.tresor("en", &["snapshots", "--repo"]);
    let r = expect_code(cmd.arg(&blank), 2);
    assert!(
        r.stderr.contains(&format!(
            "Set it up with `tresor init --repo {}`",
            blank.display()
        )),
        "{}",
        r.stderr
    );

    // Absent: the medium is not there.
    let r = expect_code(&mut p.tresor("en", &["snapshots", "-d", "gone"]), 2);
    assert!(
        r.stderr.contains("is not reachable (medium removed"),
        "{}",
        r.stderr
    );
    let r = expect_code(&mut p.tresor("de", &["snapshots", "-d", "gone"]), 2);
    assert!(
        r.stderr.contains("ist nicht erreichbar (Medium entfernt"),
        "{}",
        r.stderr
    );

    // config check shows each state, without failing for rotating media.
    let r = run(&mut p.tresor("en", &["config", "check"]));
    assert!(r.stdout.contains("[set up]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("[present, but not set up: tresor init --destination blank]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("[not reachable (medium not inserted?)]"),
        "{}",
        r.stdout
    );
    let r = run(&mut p.tresor("de", &["config", "check"]));
    assert!(
        r.stdout
            .contains("[vorhanden, aber nicht eingerichtet: tresor init --destination blank]"),
        "{}",
        r.stdout
    );
}

/// Exit codes of `config check` (README): 2 when a required folder is
/// missing, 1 with a warning only (no recovery key), 0 when all is there
/// (missing optional folders are notes, as in the backup).
#[test]
fn config_check_never_says_all_paths_exist_when_one_is_missing() {
    let p = Practice::files_only();
    fs::remove_dir_all(p.root.join("C/Briefe")).unwrap();
    let r = expect_code(&mut p.tresor("en", &["config", "check"]), 2);
    assert!(r.stdout.contains("[MISSING, required]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("ERROR: 1 required path is missing – it would NOT be backed up."),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("All required paths exist"),
        "{}",
        r.stdout
    );
    let r = expect_code(&mut p.tresor("de", &["config", "check"]), 2);
    assert!(
        r.stdout
            .contains("FEHLER: 1 erforderlicher Pfad fehlt – er würde NICHT gesichert."),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout
            .contains("Alle erforderlichen Pfade sind vorhanden"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("Mit dieser Konfiguration würde Erforderliches NICHT gesichert"),
        "{}",
        r.stderr
    );

    // Everything there, no recovery key: a warning.
    fs::create_dir_all(p.root.join("C/Briefe")).unwrap();
    let r = warned(&mut p.tresor("en", &["config", "check"]));
    assert!(
        r.stdout.contains("All required paths exist."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("WARNING: no recovery key"),
        "{}",
        r.stdout
    );

    // With a recovery key and an optional folder missing: all fine.
    let optional = "sources:\n  - path: 'C:\\Daten'\n  - path: 'C:\\Briefe'\n  - { path: 'C:\\Fotos', optional: true }\n";
    p.write_config(optional, "");
    let config = fs::read_to_string(&p.config)
        .unwrap()
        .replace("keys:\n", &format!("keys:\n  recovery: [{RECIPIENT}]\n"));
    fs::write(&p.config, config).unwrap();
    let r = ok(&mut p.tresor("de", &["config", "check"]));
    assert!(r.stdout.contains("[fehlt, optional]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Alle erforderlichen Pfade sind vorhanden."),
        "{}",
        r.stdout
    );
}

/// tresor 0.1 recorded warnings as Rust Debug text; such a snapshot still
/// reads, keeps its text in `--json`, and says what it lacks.
#[test]
fn an_old_snapshot_with_debug_text_warnings_says_what_it_lacks() {
    use std::sync::Arc;
    use tresor::repo::crypto::Identities;
    use tresor::repo::snapshot::WarningEntry;
    use tresor::repo::Repository;
    use tresor::storage::local::LocalBackend;

    let p = Practice::files_only();
    p.init();
    ok(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    let key = fs::read(p.root.join("keys/machine.key")).unwrap();
    let ids = Arc::new(Identities::from_file_bytes(&key).unwrap());
    let backend = Arc::new(LocalBackend::open(p.root.join("RDX")).unwrap());
    let repo = Repository::open(backend, ids).unwrap();
    let (_, mut snap) = repo.find_snapshot("latest").unwrap();
    snap.summary.warnings = vec![
        WarningEntry::Text(
            r#"SourceMissing { label: "C:\\Briefe", path: "/srv/C/Briefe", optional: false }"#
                .into(),
        ),
        WarningEntry::Text(
            r#"Database { database: "SQL Server", error: Connect { server: "tcp:127.0.0.1,1433", detail: "Connection refused (os error 111)" } }"#
                .into(),
        ),
    ];
    snap.time += chrono::Duration::minutes(1);
    let old = repo.save_snapshot(&snap).unwrap().to_hex();

    let snaps = p.snapshots();
    assert_eq!(snaps[1]["id"], old);
    assert!(snaps[1]["summary"]["warnings"][0].is_string());
    assert_eq!(snaps[1]["lacks"][0]["kind"], "source_missing");
    assert_eq!(snaps[1]["lacks"][0]["source"], "C:\\Briefe");
    assert_eq!(snaps[1]["lacks"][1]["reason"], "connect");
    let list = ok(&mut p.tresor("en", &["snapshots", "-d", "rdx"])).stdout;
    assert!(
        list.contains("incomplete, lacks: folder C:\\Briefe, database SQL Server"),
        "{list}"
    );
    let list = ok(&mut p.tresor("de", &["snapshots", "-d", "rdx"])).stdout;
    assert!(
        list.contains("unvollständig, es fehlt: Ordner C:\\Briefe, Datenbank SQL Server"),
        "{list}"
    );
    let target = p.root.join("out");
    let mut cmd = p.tresor("de", &["restore", "latest", "-d", "rdx", "--target"]);
    let r = warned(cmd.arg(&target));
    assert!(
        r.stderr
            .contains("Datenbank SQL Server – SQL Server nicht erreichbar"),
        "{}",
        r.stderr
    );
}

// Attack review of issue 11 ----------------------------------------------

/// Finding 2: a run that saved nothing is not OK. An ad-hoc `--path` of an
/// empty folder warns (exit 1); a missing `--path` names the command line,
/// not the configuration; a configured job that saved nothing failed (exit 2).
#[test]
fn a_backup_that_saved_nothing_is_not_ok() {
    let p = Practice::files_only();
    p.init();
    let empty = p.root.join("leer");
    fs::create_dir_all(&empty).unwrap();
    let empty = empty.display().to_string();
    let r = warned(&mut p.tresor("en", &["backup", "--path", &empty]));
    assert!(
        r.stderr
            .contains("Warning: Nothing was saved: there are no files under the path given."),
        "{}",
        r.stderr
    );
    let r = warned(&mut p.tresor("de", &["backup", "--path", &empty]));
    assert!(
        r.stderr.contains(
            "Warnung: Es wurde nichts gesichert: unter dem angegebenen Pfad liegen keine Dateien."
        ),
        "{}",
        r.stderr
    );
    let gone = p.root.join("gibtsnicht").display().to_string();
    let r = warned(&mut p.tresor("en", &["backup", "--path", &gone]));
    assert!(
        r.stdout
            .contains("Check the path given on the command line (--path).")
            && !r.stdout.contains("in the configuration"),
        "{}",
        r.stdout
    );
    let r = warned(&mut p.tresor("de", &["backup", "--path", &gone]));
    assert!(
        r.stdout
            .contains("Den auf der Befehlszeile angegebenen Pfad (--path) prüfen.")
            && !r.stdout.contains("Pfad in der Konfiguration prüfen"),
        "{}",
        r.stdout
    );

    // The configured job's folders exist but are empty.
    for d in ["Daten", "Briefe"] {
        fs::remove_file(p.root.join("C").join(d).join("a.txt")).unwrap();
    }
    let r = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains(
            "Error: Job nightly saved nothing: 0 files and no database. The backup is not OK."
        ),
        "{}",
        r.stderr
    );
    let r = expect_code(
        &mut p.tresor("de", &["backup", "--job", "nightly", "--json"]),
        2,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "nothing_saved");
    assert_eq!(
        v["error"]["message"],
        "Der Job nightly hat nichts gesichert: 0 Dateien und keine Datenbank. Die Sicherung ist nicht in Ordnung."
    );
}

/// Finding 2: the drill tests the newest snapshot of a configured job and
/// names it; a restore that brought back no file warns.
#[test]
fn the_drill_tests_the_configured_job_and_an_empty_restore_warns() {
    let p = Practice::files_only();
    p.init();
    ok(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    let nightly = p.snapshots()[0]["id"].as_str().unwrap().to_string();
    let empty = p.root.join("leer");
    fs::create_dir_all(&empty).unwrap();
    warned(&mut p.tresor("en", &["backup", "--path", &empty.display().to_string()]));

    let r = ok(&mut p.tresor("en", &["drill", "-d", "rdx"]));
    assert!(
        r.stdout
            .contains(&format!("Testing snapshot {} of ", &nightly[..8]))
            && r.stdout.contains("(job nightly)."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Files: 2 of 2 restored and verified"),
        "{}",
        r.stdout
    );
    assert_eq!(p.journal_last()["outcome"], "ok");
    let r = ok(&mut p.tresor("de", &["drill", "-d", "rdx"]));
    assert!(
        r.stdout.contains(&format!(
            "Geprüft wird die Sicherung {} vom ",
            &nightly[..8]
        )) && r.stdout.contains("(Job nightly)."),
        "{}",
        r.stdout
    );

    // `latest` is the empty ad-hoc snapshot: nothing comes back, and it says so.
    let target = p.root.join("Rueck").display().to_string();
    let r = warned(&mut p.tresor("en", &["restore", "latest", "--target", &target]));
    assert!(
        r.stderr
            .contains("Warning: No file was restored: the selection from snapshot"),
        "{}",
        r.stderr
    );
    let target = p.root.join("Rueck2").display().to_string();
    let r = warned(&mut p.tresor("de", &["restore", "latest", "--target", &target]));
    assert!(
        r.stderr
            .contains("Warnung: Es wurde keine Datei wiederhergestellt"),
        "{}",
        r.stderr
    );
}

/// Finding 3: a drill on a snapshot that lacks a required folder is not ok.
#[test]
fn a_drill_on_an_incomplete_snapshot_is_not_ok() {
    let p = Practice::files_only();
    p.init();
    fs::remove_dir_all(p.root.join("C/Briefe")).unwrap();
    warned(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    let id = p.snapshots()[0]["id"].as_str().unwrap().to_string();
    let r = expect_code(&mut p.tresor("en", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr.contains(&format!(
            "The restore drill did not test everything: snapshot {} is incomplete, it lacks: folder ",
            &id[..8]
        )),
        "{}",
        r.stderr
    );
    let j = p.journal_last();
    assert_eq!(j["outcome"], "failed");
    assert_eq!(j["warnings"][0]["code"], "snapshot_incomplete");
    let r = expect_code(&mut p.tresor("de", &["drill", "-d", "rdx"]), 2);
    assert!(
        r.stderr.contains(&format!(
            "Die Wiederherstellungsprobe hat nicht alles geprüft: die Sicherung {} ist unvollständig, es fehlt: Ordner ",
            &id[..8]
        )),
        "{}",
        r.stderr
    );
    assert_eq!(p.journal_last()["outcome"], "failed");
}

/// Finding 8: an unreachable SQL Server loses every database of the job;
/// each is counted and named, and the JSON document carries them with
/// codes and a self-contained error message.
#[test]
fn every_database_not_backed_up_is_counted_and_named() {
    let p = Practice::new(
        "profiles: [x.isynet, medatixx]\nsqlserver: { connection: 'Server=tcp:127.0.0.1,1;User ID=sa;Password=x;TrustServerCertificate=True', staging: 'C:\\staging' }\n",
    );
    for d in [
        "WINACS/Profil",
        "WINACS/Rechnung",
        "WINACS/Text",
        "WINACS/Vorlage",
        "staging",
    ] {
        let dir = p.root.join("C").join(d);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.dat"), "Inhalt").unwrap();
    }
    p.init();
    let r = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    for line in [
        "NOT backed up: database WINACS – SQL Server not reachable",
        "NOT backed up: database medatixx* – SQL Server not reachable",
        "Error: 2 parts of the backup failed, NOT backed up: database WINACS, database medatixx*. Everything else was backed up.",
    ] {
        assert!(r.stderr.contains(line), "{line}\n{}", r.stderr);
    }
    let r = expect_code(
        &mut p.tresor("de", &["backup", "--job", "nightly", "--json"]),
        2,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "job_failed");
    let message = v["error"]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "2 Teile der Sicherung sind fehlgeschlagen, NICHT gesichert: Datenbank WINACS, Datenbank medatixx*. Alles andere wurde gesichert."
    );
    assert!(!message.contains("siehe oben"));
    let failed: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "database_failed")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        [
            "NICHT gesichert: Datenbank WINACS – SQL Server nicht erreichbar",
            "NICHT gesichert: Datenbank medatixx* – SQL Server nicht erreichbar"
        ]
    );
    // The snapshot keeps the typed reason for tools.
    let lost: Vec<&Value> = v["summary"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "database_failed")
        .collect();
    assert_eq!(lost.len(), 2);
    assert!(lost.iter().all(|w| w["reason"] == "connect"));
    let r = expect_code(
        &mut p.tresor("en", &["backup", "--job", "nightly", "--json"]),
        2,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("see above"));
}

/// Finding 10: a recovery recipient in tresor.yaml the installation does not
/// have is a warning in `config check` and `backup`; `init` takes it in and
/// says that the destination set up before keeps its keys.
#[test]
fn a_recovery_key_the_installation_lacks_is_a_warning() {
    let p = Practice::files_only();
    p.init();
    let text = fs::read_to_string(&p.config).unwrap();
    let at = text.find("age1").expect("init wrote the recipient");
    let end = at
        + text[at..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap();
    fs::write(
        &p.config,
        format!("{}{RECIPIENT}{}", &text[..at], &text[end..]),
    )
    .unwrap();

    let r = warned(&mut p.tresor("en", &["config", "check"]));
    assert!(
        r.stdout.contains(&format!("WARNING: The recovery key {RECIPIENT} in tresor.yaml does not belong to the installation: new backups can NOT be read with it. Run `tresor init` to add it")),
        "{}",
        r.stdout
    );
    let r = warned(&mut p.tresor("de", &["config", "check"]));
    assert!(
        r.stdout.contains(&format!("WARNUNG: Der Wiederherstellungsschlüssel {RECIPIENT} aus tresor.yaml gehört nicht zur Installation: neue Sicherungen sind mit ihm NICHT lesbar. `tresor init` ausführen")),
        "{}",
        r.stdout
    );
    let r = warned(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    assert!(
        r.stderr
            .contains(&format!("Warning: The recovery key {RECIPIENT}")),
        "{}",
        r.stderr
    );

    // `init` adds it to the identity and brings the set-up destination in
    // line (issue 14: the config is rewritten; stored files keep their keys).
    let r = ok(&mut p.tresor("en", &["init"]));
    assert!(r.stdout.contains(RECIPIENT), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("): encrypted to the new keys from now on."),
        "{}",
        r.stdout
    );
    ok(&mut p.tresor("en", &["config", "check"]));
    ok(&mut p.tresor("de", &["backup", "--job", "nightly"]));
    let r = ok(&mut p.tresor("en", &["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let newest = v["snapshots"].as_array().unwrap().last().unwrap().clone();
    assert!(
        newest["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == RECIPIENT),
        "{newest}"
    );
}

/// Finding 11: a configuration whose jobs back up nothing is an error in
/// `config check` and `backup`, never "all required paths exist".
#[test]
fn a_configuration_that_backs_up_nothing_is_an_error() {
    let p = Practice::new("profiles: []\n");
    p.init();
    let r = expect_code(&mut p.tresor("en", &["config", "check"]), 2);
    assert!(
        r.stdout.contains(
            "ERROR: job nightly backs up nothing: no profiles, no sources, no databases."
        ) && !r.stdout.contains("All required paths"),
        "{}",
        r.stdout
    );
    let r = expect_code(&mut p.tresor("de", &["config", "check"]), 2);
    assert!(
        r.stdout.contains(
            "FEHLER: Der Job nightly sichert nichts: keine Profile, keine Quellen, keine Datenbanken."
        ) && !r.stdout.contains("Alle erforderlichen Pfade"),
        "{}",
        r.stdout
    );
    let r = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains("Error: Job nightly backs up nothing: it has no profiles, no sources and no databases. No snapshot was made."),
        "{}",
        r.stderr
    );
    let r = expect_code(&mut p.tresor("de", &["backup", "--job", "nightly"]), 2);
    assert!(
        r.stderr.contains("Fehler: Der Job nightly sichert nichts"),
        "{}",
        r.stderr
    );
    assert!(p.snapshots().is_empty());
}

/// Second attack pass, finding 2: when the database failed and no file was
/// saved either, the message must not say that everything else was saved.
#[test]
fn a_failed_database_with_no_files_does_not_claim_the_rest_was_saved() {
    let p = Practice::new("profiles: [x.isynet]\n");
    fs::create_dir_all(p.root.join("C/WINACS")).unwrap();
    fs::write(p.root.join("C/WINACS/r.txt"), "r").unwrap();
    p.init();
    let de = expect_code(&mut p.tresor("de", &["backup", "--job", "nightly"]), 2);
    assert!(
        de.stderr
            .contains("Auch sonst wurde nichts gesichert (0 Dateien)."),
        "{}",
        de.stderr
    );
    assert!(
        !de.stderr.contains("Alles andere wurde gesichert"),
        "{}",
        de.stderr
    );
    let en = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    assert!(
        en.stderr
            .contains("Nothing else was backed up either (0 files)."),
        "{}",
        en.stderr
    );
    assert!(
        !en.stderr.contains("Everything else was backed up"),
        "{}",
        en.stderr
    );
}

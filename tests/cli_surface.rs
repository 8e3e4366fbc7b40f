//! The command surface of issue 11: which destination a command reads (5),
//! choosing the job, `-q`, dry-run wording (8) and paths typed the Windows
//! way, `restore --to-original` (11). Each scenario asserts the text in
//! German and with `--language en`, and the exit code.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::*;

/// A practice on drive C: (`C:\WINACS`) with two destinations, `rdx` listed
/// first and `nas` second (alphabetically `nas` comes first).
struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn practice(jobs: &str) -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    let winacs = root.join("C/WINACS");
    fs::create_dir_all(winacs.join("Rechnung")).unwrap();
    fs::write(winacs.join("Rechnung/r1.pdf"), "Rechnung 1").unwrap();
    fs::write(winacs.join("winacs.ini"), "[winacs]").unwrap();
    for d in ["RDX", "NAS", "keys"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: de\ndrives:\n  C: {r}/C\n  E: {r}/RDX\n  F: {r}/NAS\n\
             keys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\' }}\n  nas: {{ type: local, path: 'F:\\' }}\n\
             sources:\n  - path: 'C:\\WINACS'\n    label: WINACS\n{jobs}",
            r = root.display()
        ),
    )
    .unwrap();
    let p = Practice {
        _t: t,
        root,
        config,
    };
    ok(p.de(&["init", "--key-out"]).arg(p.root.join("keys")));
    p
}

impl Practice {
    /// `tresor --config … ARGS` in German (the config's language).
    fn de(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.env("TRESOR_LANG", "de")
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    /// The same with `--language en`.
    fn en(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.args(["--language", "en", "--config"])
            .arg(&self.config)
            .args(args);
        c
    }

    fn c(&self, rel: &str) -> PathBuf {
        self.root.join("C").join(rel)
    }
}

fn has(r: &Run, text: &str) {
    assert!(
        r.stdout.contains(text) || r.stderr.contains(text),
        "expected {text:?}\nstdout:\n{}\nstderr:\n{}",
        r.stdout,
        r.stderr
    );
}

// ---- point 5: the first destination in the config's order, named ----

#[test]
fn read_commands_default_to_the_first_configured_destination_and_name_it() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let r = ok(&mut p.de(&["snapshots"]));
    has(&r, "Sicherungsziel: rdx (E:\\)");
    has(&r, "1 Sicherung\n");
    let r = ok(&mut p.en(&["snapshots"]));
    has(&r, "Destination: rdx (E:\\)");
    has(&r, "1 snapshot\n");
    for args in [
        &["ls", "latest"][..],
        &["check"],
        &["forget", "--keep-last", "5", "--dry-run"],
        &["prune", "--dry-run"],
    ] {
        has(&ok(&mut p.de(args)), "Sicherungsziel: rdx (E:\\)");
        has(&ok(&mut p.en(args)), "Destination: rdx (E:\\)");
    }
    let target = p.root.join("out");
    let r = ok(p.de(&["restore", "latest", "--target"]).arg(&target));
    has(&r, "Sicherungsziel: rdx (E:\\)");
    has(&r, "Wiederhergestellt aus Sicherung");
    assert!(target.join("C/WINACS/Rechnung/r1.pdf").is_file());
    // drill reads the same destination (its outcome is another point's matter).
    let r = run(&mut p.de(&["drill"]));
    has(&r, "Sicherungsziel: rdx (E:\\)");
    // restore-db needs a sqlserver: section before it reads anything.
    let r = expect_code(
        &mut p.en(&["restore-db", "latest", "--database", "WINACS"]),
        3,
    );
    has(&r, "The configuration has no sqlserver: section.");
}

#[test]
fn check_of_an_empty_destination_is_not_reported_as_fine() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let r = warned(&mut p.de(&["check", "-d", "nas"]));
    has(&r, "Sicherungsziel: nas (F:\\)");
    has(&r, "Geprüft auf nas: 0 Sicherungen, 0 Packs");
    has(&r, "Auf nas gibt es keine Sicherung");
    assert!(!r.stdout.contains("Keine Fehler gefunden"), "{}", r.stdout);
    let r = warned(&mut p.en(&["check", "-d", "nas"]));
    has(&r, "Checked on nas: 0 snapshots, 0 packs");
    has(&r, "nas holds no snapshot");
    assert!(!r.stdout.contains("No errors found"), "{}", r.stdout);
    // The first destination has the snapshot: clean.
    let r = ok(&mut p.en(&["check"]));
    has(&r, "Checked on rdx: 1 snapshot, 1 pack");
    has(&r, "No errors found.");
}

#[test]
fn an_unknown_destination_gets_a_suggestion() {
    let p = practice("");
    let r = expect_code(&mut p.de(&["snapshots", "-d", "rdy"]), 3);
    has(
        &r,
        "Unbekanntes Sicherungsziel „rdy“ – meinten Sie „rdx“? (eingerichtet: rdx, nas)",
    );
    let r = expect_code(&mut p.en(&["snapshots", "-d", "rdy"]), 3);
    has(
        &r,
        "Unknown destination \"rdy\" – did you mean \"rdx\"? (configured: rdx, nas)",
    );
}

// ---- point 8: the job, -q, dry runs ----

#[test]
fn backup_without_job_refuses_when_several_jobs_exist() {
    let p = practice("");
    let r = expect_code(&mut p.de(&["backup"]), 3);
    has(&r, "Welcher Job? Eingerichtet sind 2: feierabend, nightly.");
    has(&r, "tresor backup --job NAME");
    let r = expect_code(&mut p.en(&["backup"]), 3);
    has(&r, "Which job? 2 are configured: feierabend, nightly.");
    assert!(
        fs::read_dir(p.root.join("RDX/snapshots"))
            .map(|d| d.count() == 0)
            .unwrap_or(true),
        "nothing was backed up"
    );
}

#[test]
fn backup_without_job_runs_the_only_job() {
    let p = practice("jobs:\n  abend: { destination: rdx }\n");
    let r = ok(&mut p.de(&["backup"]));
    has(&r, "Job abend (der einzige eingerichtete)");
    let r = ok(&mut p.en(&["backup"]));
    has(&r, "Job abend (the only one configured)");
    let snaps = ok(&mut p.en(&["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&snaps.stdout).unwrap();
    assert_eq!(v["snapshots"][0]["job"], "abend");
}

#[test]
fn a_misspelt_job_gets_a_suggestion() {
    let p = practice("");
    let r = expect_code(&mut p.de(&["backup", "--job", "feierabnd"]), 3);
    has(
        &r,
        "Unbekannter Job „feierabnd“ – meinten Sie „feierabend“?",
    );
    has(&r, "Eingerichtete Jobs: feierabend, nightly");
    let r = expect_code(&mut p.en(&["backup", "--job", "feierabnd"]), 3);
    has(
        &r,
        "Unknown job \"feierabnd\" – did you mean \"feierabend\"?",
    );
    has(&r, "Configured jobs: feierabend, nightly");
    // Nothing close: no guess, still the list.
    let r = expect_code(&mut p.en(&["backup", "--job", "wochenende"]), 3);
    has(&r, "Unknown job \"wochenende\".");
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn quiet_prints_nothing_but_errors() {
    let p = practice("");
    let target = p.root.join("out");
    for lang in ["de", "en"] {
        let mut runs: Vec<Command> = vec![
            p.de(&["backup", "--job", "nightly", "-q"]),
            p.de(&["snapshots", "-q"]),
            p.de(&["ls", "latest", "-q"]),
            p.de(&["check", "-q"]),
            p.de(&["forget", "--keep-last", "1", "--dry-run", "-q"]),
            p.de(&["prune", "--dry-run", "-q"]),
            p.de(&["config", "check", "-q"]),
        ];
        let mut restore = p.de(&["restore", "latest", "-q", "--overwrite", "--target"]);
        restore.arg(&target);
        runs.push(restore);
        for mut c in runs {
            c.env("TRESOR_LANG", lang);
            // Every one of these succeeds without a warning here: a quiet
            // run prints nothing at all.
            let r = run(&mut c);
            assert_eq!(r.code, 0, "{c:?}: {}", r.stderr);
            assert_eq!(r.stdout, "", "{c:?} printed with -q");
            assert_eq!(r.stderr, "", "{c:?} printed with -q");
        }
    }
    // An error still shows.
    let r = expect_code(&mut p.de(&["backup", "-q", "--job", "x"]), 3);
    assert_eq!(r.stdout, "");
    has(&r, "Fehler: Unbekannter Job „x“");
}

fn two_snapshots(p: &Practice) {
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    fs::write(p.c("WINACS/Rechnung/r2.pdf"), "Rechnung 2, neu").unwrap();
    fs::remove_file(p.c("WINACS/Rechnung/r1.pdf")).unwrap();
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
}

#[test]
fn dry_runs_say_would() {
    let p = practice("");
    two_snapshots(&p);
    let r = ok(&mut p.de(&["forget", "--keep-last", "1", "--dry-run"]));
    has(&r, "würde entfernt:");
    has(&r, "(letzte Sicherung)");
    has(
        &r,
        "Probelauf, nichts wurde entfernt: 1 Sicherung würde entfernt.",
    );
    assert!(!r.stdout.contains("last snapshot"), "{}", r.stdout);
    let r = ok(&mut p.en(&["forget", "--keep-last", "1", "--dry-run"]));
    has(&r, "would be removed:");
    has(&r, "(last snapshot)");
    has(
        &r,
        "Dry run, nothing was removed: 1 snapshot would be removed.",
    );
    assert_eq!(
        ok(&mut p.en(&["snapshots", "--json"]))
            .stdout
            .matches("\"short_id\"")
            .count(),
        2,
        "the dry run removed nothing"
    );
    // The daily reason in German too.
    let r = ok(&mut p.de(&["forget", "--keep-daily", "1", "--dry-run"]));
    has(&r, "(Tagessicherung)");

    let r = ok(&mut p.de(&["forget", "--keep-last", "1"]));
    has(&r, "entfernt:");
    has(&r, "1 Sicherung entfernt.");
    let r = ok(&mut p.de(&["prune", "--dry-run"]));
    // The first pack still holds winacs.ini: repacked, not deleted.
    has(
        &r,
        "Probelauf, nichts wurde gelöscht: 0 Packs würden gelöscht, 1 umgepackt",
    );
    let r = ok(&mut p.en(&["prune", "--dry-run"]));
    has(
        &r,
        "Dry run, nothing was deleted: 0 packs would be deleted, 1 repacked",
    );
    let r = ok(&mut p.de(&["prune"]));
    has(&r, "Aufgeräumt: 0 Packs gelöscht, 1 umgepackt");
}

// ---- point 11: paths typed the Windows way, restore --to-original ----

#[test]
fn ls_accepts_windows_paths() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let plain = ok(&mut p.de(&["ls", "latest", "C/WINACS/Rechnung"])).stdout;
    assert!(plain.contains("C/WINACS/Rechnung/r1.pdf"), "{plain}");
    assert!(!plain.contains("winacs.ini"), "{plain}");
    for typed in [
        r"C:\WINACS\Rechnung",
        "C:/WINACS/Rechnung",
        r"c:\winacs\rechnung\",
        "c:/winacs/rechnung",
    ] {
        let r = ok(&mut p.de(&["ls", "latest", typed]));
        assert_eq!(r.stdout, plain, "{typed}");
    }
    // A glob lists what restore --include would take.
    let r = ok(&mut p.de(&["ls", "latest", r"C:\WINACS\*.ini"]));
    assert!(r.stdout.contains("C/WINACS/winacs.ini"), "{}", r.stdout);
    assert!(!r.stdout.contains("r1.pdf"), "{}", r.stdout);
    let r = expect_code(&mut p.en(&["ls", "latest", r"C:\WINACS\*.doc"]), 2);
    has(&r, "Paths in this snapshot are e.g. C/WINACS");
}

#[test]
fn a_path_not_in_the_snapshot_is_explained_with_this_snapshots_paths() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let r = expect_code(&mut p.de(&["ls", "latest", r"C:\DConcept\DEDATA"]), 2);
    has(&r, "gibt es nichts unter C:\\DConcept\\DEDATA");
    has(
        &r,
        "Pfade in dieser Sicherung sind z. B. C/WINACS (auch als C:\\WINACS schreibbar)",
    );
    let r = expect_code(&mut p.en(&["ls", "latest", r"C:\DConcept\DEDATA"]), 2);
    has(&r, "has nothing at C:\\DConcept\\DEDATA");
    has(
        &r,
        "Paths in this snapshot are e.g. C/WINACS (also written as C:\\WINACS)",
    );
    let t = p.root.join("out");
    let r = expect_code(
        p.en(&[
            "restore",
            "latest",
            "--include",
            r"C:\WINACS\Briefe",
            "--target",
        ])
        .arg(&t),
        2,
    );
    has(&r, "Paths in this snapshot are e.g. C/WINACS");
    // A glob that matches nothing: the same hint.
    let r = expect_code(
        p.de(&["restore", "latest", "--include", "**/*.RTF", "--target"])
            .arg(&t),
        2,
    );
    has(&r, "Pfade in dieser Sicherung sind z. B. C/WINACS");
}

#[test]
fn restore_include_accepts_windows_paths() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    for (i, typed) in [r"C:\WINACS\Rechnung", "c:/winacs/rechnung"]
        .iter()
        .enumerate()
    {
        let t = p.root.join(format!("out{i}"));
        let r = ok(p
            .de(&["restore", "latest", "--include", typed, "--target"])
            .arg(&t));
        has(&r, "1 Datei, ");
        assert_eq!(
            fs::read_to_string(t.join("C/WINACS/Rechnung/r1.pdf")).unwrap(),
            "Rechnung 1"
        );
        assert!(!t.join("C/WINACS/winacs.ini").exists(), "only the folder");
    }
}

#[test]
fn two_spellings_that_differ_in_case_are_not_guessed() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(src.join("Brief")).unwrap();
    fs::create_dir_all(src.join("brief")).unwrap();
    fs::write(src.join("Brief/a.txt"), "A").unwrap();
    fs::write(src.join("brief/b.txt"), "b").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let base = snapshot_path(&src);
    let upper = format!("{base}/BRIEF");
    let r = expect_code(
        repo.cmd(&["ls", "latest", &upper]).env("TRESOR_LANG", "de"),
        3,
    );
    has(
        &r,
        "passt auf mehrere Pfade, die sich nur in Groß-/Kleinschreibung unterscheiden",
    );
    let r = expect_code(&mut repo.cmd(&["ls", "latest", &upper]), 3);
    has(
        &r,
        "matches several paths that differ only in upper/lower case",
    );
    // Typed exactly, only that one.
    let out = t.path().join("out");
    ok(repo
        .cmd(&[
            "restore",
            "latest",
            "--include",
            &format!("{base}/brief"),
            "--target",
        ])
        .arg(&out));
    assert!(out.join(&base).join("brief/b.txt").is_file());
    assert!(
        !out.join(&base).join("Brief").exists(),
        "the other spelling stays"
    );
}

#[test]
fn restore_to_original_puts_files_back_and_protects_newer_ones() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let r1 = p.c("WINACS/Rechnung/r1.pdf");
    let ini = p.c("WINACS/winacs.ini");

    // A lost file comes back where it was.
    fs::remove_file(&r1).unwrap();
    let r = ok(&mut p.de(&[
        "restore",
        "latest",
        "--to-original",
        "--include",
        r"C:\WINACS\Rechnung",
    ]));
    has(&r, "1 Datei, ");
    has(&r, &format!("→ {}", p.root.join("C").display()));
    assert_eq!(fs::read_to_string(&r1).unwrap(), "Rechnung 1");

    // Existing files are not replaced without --overwrite.
    fs::write(&ini, "[winacs] lokal geändert").unwrap();
    let r = expect_code(&mut p.de(&["restore", "latest", "--to-original"]), 2);
    has(&r, "Nichts wurde geändert");
    let r = expect_code(&mut p.en(&["restore", "latest", "--to-original"]), 2);
    has(&r, "already exist");

    // A file newer than the snapshot's copy is not replaced even with --overwrite.
    let r = expect_code(
        &mut p.de(&["restore", "latest", "--to-original", "--overwrite"]),
        2,
    );
    has(&r, "1 Datei am Originalort ist neuer als in der Sicherung");
    has(&r, &ini.display().to_string());
    has(&r, "--overwrite --force");
    let r = expect_code(
        &mut p.en(&["restore", "latest", "--to-original", "--overwrite"]),
        2,
    );
    has(
        &r,
        "1 file at the original place is newer than in the snapshot",
    );
    assert_eq!(fs::read_to_string(&ini).unwrap(), "[winacs] lokal geändert");

    // An older file is replaced with --overwrite alone.
    let old = filetime::FileTime::from_unix_time(1_000_000_000, 0);
    filetime::set_file_mtime(&ini, old).unwrap();
    ok(&mut p.de(&["restore", "latest", "--to-original", "--overwrite"]));
    assert_eq!(fs::read_to_string(&ini).unwrap(), "[winacs]");

    // --force replaces a newer one.
    fs::write(&ini, "[winacs] wieder geändert").unwrap();
    ok(&mut p.en(&[
        "restore",
        "latest",
        "--to-original",
        "--overwrite",
        "--force",
    ]));
    assert_eq!(fs::read_to_string(&ini).unwrap(), "[winacs]");
    assert_eq!(fs::read_to_string(&r1).unwrap(), "Rechnung 1");
    // No temporary files are left beside the originals.
    let names: Vec<String> = fs::read_dir(p.c("WINACS"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["Rechnung", "winacs.ini"]);
}

#[test]
fn restore_to_original_does_not_follow_a_link_at_the_original_place() {
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let ini = p.c("WINACS/winacs.ini");
    let outside = p.root.join("outside.txt");
    fs::write(&outside, "not to be written").unwrap();
    fs::remove_file(&ini).unwrap();
    std::os::unix::fs::symlink(&outside, &ini).unwrap();
    ok(&mut p.de(&[
        "restore",
        "latest",
        "--to-original",
        "--overwrite",
        "--force",
    ]));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not to be written");
    assert!(!fs::symlink_metadata(&ini).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(&ini).unwrap(), "[winacs]");
}

#[test]
fn restore_to_original_needs_a_place_for_the_drive() {
    // A bare machine (no configuration) on Linux: drive C: maps nowhere.
    let p = practice("");
    ok(&mut p.de(&["backup", "--job", "nightly", "-q"]));
    let bare = |lang: &str| {
        let mut c = tresor();
        c.env("TRESOR_LANG", lang)
            .args(["restore", "latest", "--to-original", "--repo"])
            .arg(p.root.join("RDX"))
            .arg("--key")
            .arg(p.root.join("keys/machine.key"));
        c
    };
    let r = expect_code(&mut bare("de"), 3);
    has(
        &r,
        "Der Originalort C:\\ ist auf diesem Rechner nicht erreichbar.",
    );
    has(&r, "drives:");
    let r = expect_code(&mut bare("en"), 3);
    has(
        &r,
        "The original place C:\\ cannot be reached on this computer.",
    );
    // --target or --to-original is needed; --force only with --to-original --overwrite.
    let r = expect_code(&mut p.en(&["restore", "latest"]), 3);
    has(&r, "--target");
    let r = expect_code(
        p.en(&["restore", "latest", "--overwrite", "--force", "--target"])
            .arg(p.root.join("out")),
        3,
    );
    has(
        &r,
        "--force only applies together with --to-original --overwrite.",
    );
    let r = expect_code(
        p.de(&["restore", "latest", "--overwrite", "--force", "--target"])
            .arg(p.root.join("out")),
        3,
    );
    has(
        &r,
        "--force gilt nur zusammen mit --to-original --overwrite.",
    );
}

// ---- review of issue 11: -q keeps warnings and what errors refer to (1, 9) ----

/// A practice whose required x.concept data folder DEDATA is missing.
fn xconcept_without_dedata() -> Practice {
    let p = practice("profiles: [x.concept]\n");
    fs::create_dir_all(p.c("DConcept/DETEXT")).unwrap();
    fs::write(p.c("DConcept/DETEXT/B1.RTF"), "brief").unwrap();
    p
}

#[test]
fn quiet_backup_still_shows_a_missing_data_folder() {
    let p = xconcept_without_dedata();
    let r = warned(&mut p.de(&["-q", "backup", "--job", "nightly"]));
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("Warnung: x.concept: DEDATA (")
            && r.stderr
                .contains("fehlt – dieser Datenordner wurde NICHT gesichert"),
        "{}",
        r.stderr
    );
    let r = warned(&mut p.en(&["-q", "backup", "--job", "nightly"]));
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("Warning: x.concept: DEDATA (")
            && r.stderr
                .contains("is missing – this data folder was NOT backed up"),
        "{}",
        r.stderr
    );
}

#[test]
fn quiet_config_check_names_the_missing_folder_its_error_refers_to() {
    let p = xconcept_without_dedata();
    let r = expect_code(&mut p.de(&["-q", "config", "check"]), 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("[FEHLT, erforderlich] x.concept: DEDATA"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("FEHLER: 1 erforderlicher Pfad fehlt"),
        "{}",
        r.stderr
    );
    has(
        &r,
        "Fehler: Mit dieser Konfiguration würde Erforderliches NICHT gesichert",
    );
    // Only the problem lines: no practice header, no list of what is there.
    assert!(!r.stderr.contains("Praxis:"), "{}", r.stderr);
    assert!(!r.stderr.contains("DETEXT"), "{}", r.stderr);
    let r = expect_code(&mut p.en(&["-q", "config", "check"]), 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("[MISSING, required] x.concept: DEDATA"),
        "{}",
        r.stderr
    );
}

// ---- review of issue 11: usage errors in the run's language (6e) ----

#[test]
fn a_usage_error_gets_a_lead_line_and_a_hint_in_the_runs_language() {
    let p = practice("");
    let r = expect_code(
        &mut p.de(&["restore", "latest", "--to-original", "--force"]),
        3,
    );
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(
            "Fehler: Der Aufruf ist fehlerhaft. Meldung der Befehlszeilen-Prüfung (nur auf Englisch verfügbar):\n"
        ),
        "{}",
        r.stderr
    );
    has(&r, "--overwrite");
    has(&r, "  → Hilfe: tresor restore --help");
    assert!(!r.stderr.contains("For more information"), "{}", r.stderr);
    let r = expect_code(
        &mut p.en(&["restore", "latest", "--to-original", "--force"]),
        3,
    );
    assert!(
        r.stderr
            .starts_with("Error: The command line is not valid:\n"),
        "{}",
        r.stderr
    );
    has(&r, "--overwrite");
    has(&r, "  → Help: tresor restore --help");
    // --language after the subcommand counts as well.
    let r = expect_code(&mut p.de(&["snapshots", "--bogus", "--language", "en"]), 3);
    has(&r, "Error: The command line is not valid:");
    has(&r, "→ Help: tresor snapshots --help");
}

// ---- review of issue 11: names with control characters (14) ----

#[test]
fn names_with_control_characters_cannot_fake_lines_or_steer_the_terminal() {
    let p = practice("");
    let fake = "x\nSicherung gespeichert: alles OK";
    let esc = "e\u{1b}[31mrot";
    fs::write(p.c("WINACS").join(fake), "x").unwrap();
    fs::write(p.c("WINACS").join(esc), "y").unwrap();
    ok(&mut p.de(&["-q", "backup", "--job", "nightly"]));
    for mut c in [
        p.de(&["ls", "latest", r"C:\WINACS"]),
        p.en(&["ls", "latest", r"C:\WINACS"]),
    ] {
        let r = ok(&mut c);
        assert!(
            r.stdout
                .contains("C/WINACS/x\\nSicherung gespeichert: alles OK\n"),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("C/WINACS/e\\x1b[31mrot\n"),
            "{}",
            r.stdout
        );
        assert!(
            !r.stdout
                .lines()
                .any(|l| l.starts_with("Sicherung gespeichert")),
            "{}",
            r.stdout
        );
        assert!(!r.stdout.contains('\u{1b}'), "{}", r.stdout);
    }
    // JSON keeps the exact names.
    let r = ok(&mut p.de(&["ls", "latest", r"C:\WINACS", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let names: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"C/WINACS/x\nSicherung gespeichert: alles OK"));
    assert!(names.contains(&"C/WINACS/e\u{1b}[31mrot"));
    // A restore that cannot write such a file names it escaped too.
    let target = p.root.join("out");
    fs::create_dir_all(target.join("C/WINACS")).unwrap();
    fs::write(target.join("C/WINACS").join(fake), "schon da").unwrap();
    let r = expect_code(p.de(&["restore", "latest", "--target"]).arg(&target), 2);
    has(&r, "C/WINACS/x\\nSicherung gespeichert: alles OK");
    for text in [&r.stdout, &r.stderr] {
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("Sicherung gespeichert")),
            "{text}"
        );
    }
}

// ---- review of issue 11: Windows paths typed on the command line (16) ----

#[test]
fn windows_paths_on_the_command_line_go_through_the_drives_of_the_config() {
    let p = practice("");
    fs::create_dir_all(p.c("DConcept/DEZIFF")).unwrap();
    fs::write(p.c("DConcept/DEZIFF/z.dat"), "ziffer").unwrap();
    // backup --path 'C:\…' reads the mapped folder.
    let r = ok(&mut p.de(&["backup", "--path", r"C:\DConcept\DEZIFF"]));
    has(&r, "1 Datei");
    // restore --target 'C:\Rueck' writes into the mapped folder.
    ok(&mut p.de(&["restore", "latest", "-q", "--target", r"C:\Rueck"]));
    assert!(!p.root.join(r"C:\Rueck").exists());
    let restored: Vec<_> = walkdir::WalkDir::new(p.c("Rueck"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "z.dat")
        .collect();
    assert_eq!(restored.len(), 1, "z.dat restored below C/Rueck");
    // --repo 'E:\' is the rdx folder.
    let r = ok(&mut p.de(&["snapshots", "--repo", r"E:\"]));
    has(&r, "1 Sicherung\n");
    // A drive the config does not map is refused, nothing is created.
    let r = expect_code(
        &mut p.de(&["restore", "latest", "--target", r"D:\Rueckholung"]),
        3,
    );
    has(
        &r,
        r"Fehler: Für den Pfad D:\Rueckholung ist in der Konfiguration kein Laufwerk bzw. keine Freigabe zugeordnet.",
    );
    has(&r, "unter `drives:` bzw. `unc:` eintragen");
    let r = expect_code(
        &mut p.en(&["restore", "latest", "--target", r"D:\Rueckholung"]),
        3,
    );
    has(
        &r,
        r"Error: The configuration maps no drive or share for the path D:\Rueckholung.",
    );
}

#[test]
fn a_windows_path_without_a_configuration_is_refused_on_linux() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    for (lang, text) in [
        (
            "de",
            r"Fehler: Der Windows-Pfad D:\Rueckholung kann auf diesem Rechner ohne Konfiguration nicht zugeordnet werden.",
        ),
        (
            "en",
            r"Error: The Windows path D:\Rueckholung cannot be mapped on this machine without a configuration.",
        ),
    ] {
        let r = expect_code(
            repo.cmd(&["restore", "latest", "--target", r"D:\Rueckholung"])
                .current_dir(t.path())
                .env("TRESOR_LANG", lang),
            3,
        );
        has(&r, text);
    }
    let r = expect_code(
        tresor()
            .args(["snapshots", "--repo", r"E:\tresor", "--key"])
            .arg(repo.machine_key())
            .current_dir(t.path()),
        3,
    );
    has(&r, r"The Windows path E:\tresor cannot be mapped");
    let names: Vec<String> = fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains(':')),
        "a folder named after a Windows path was created: {names:?}"
    );
}

// ---- review of issue 11: restore-db says what is wrong (17) ----

#[test]
fn restore_db_without_sqlserver_names_the_section_and_without_databases_says_so() {
    let p = practice("");
    ok(&mut p.de(&["-q", "backup", "--job", "nightly"]));
    let r = expect_code(
        &mut p.de(&["restore-db", "latest", "--database", "WINACS"]),
        3,
    );
    has(
        &r,
        "Fehler: In der Konfiguration fehlt der Abschnitt sqlserver:.",
    );
    has(
        &r,
        "→ Den Abschnitt `sqlserver:` (Verbindung und Staging-Ordner) in",
    );
    assert!(!r.stderr.contains("tresor --help"), "{}", r.stderr);
    let r = expect_code(
        &mut p.en(&["restore-db", "latest", "--database", "WINACS"]),
        3,
    );
    has(
        &r,
        "→ Add the `sqlserver:` section (connection and staging folder) to",
    );
    // With a sqlserver: section, on a snapshot that holds no database.
    let yaml = fs::read_to_string(&p.config).unwrap()
        + "sqlserver:\n  connection: 'Server=tcp:127.0.0.1,1;User ID=sa;Password=x'\n  staging: 'C:\\staging'\n";
    fs::write(&p.config, yaml).unwrap();
    let r = expect_code(
        &mut p.de(&["restore-db", "latest", "--database", "WINACS"]),
        2,
    );
    has(&r, "enthält keine Datenbanken, also auch nicht WINACS.");
    assert!(!r.stderr.contains("(vorhanden: )"), "{}", r.stderr);
    let r = expect_code(
        &mut p.en(&["restore-db", "latest", "--database", "WINACS"]),
        2,
    );
    has(&r, "contains no databases, so not WINACS either.");
}

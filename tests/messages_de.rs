//! Issue 11, point 10: German for practice staff. Each test provokes one of
//! the English leaks the issue lists and asserts the German text, the
//! English text (`--language en`) and the exit code.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A practice folder with one data file and a config whose destination path,
/// job line and further lines are given (`RDX` for a destination folder).
struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn config_text(root: &Path, destination: &str, job: &str, extra: &str) -> String {
    format!(
        "practice: Testpraxis\ndrives:\n  C: {c}\nkeys:\n  machine: {root}/keys/machine.key\n\
         destinations:\n  rdx: {{ type: local, path: {destination} }}\n\
         sources:\n  - path: 'C:\\Daten'\njobs:\n  nightly: {job}\n{extra}",
        c = root.join("C").display(),
        root = root.display(),
    )
}

fn practice(destination: &str, job: &str, extra: &str) -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    fs::create_dir_all(root.join("C/Daten")).unwrap();
    fs::create_dir_all(root.join("keys")).unwrap();
    // 1536 bytes: 1.5 KiB, a size with a decimal.
    fs::write(root.join("C/Daten/befund.txt"), vec![b'x'; 1536]).unwrap();
    let config = root.join("tresor.yaml");
    // `RDX`: a folder of the practice, so that init and backup work.
    let rdx = root.join("RDX").display().to_string();
    let destination = if destination == "RDX" {
        &rdx
    } else {
        destination
    };
    fs::write(&config, config_text(&root, destination, job, extra)).unwrap();
    Practice {
        _t: t,
        root,
        config,
    }
}

impl Practice {
    fn rdx(&self) -> String {
        self.root.join("RDX").display().to_string()
    }

    /// `tresor --config … --language LANG args…`.
    fn tresor(&self, lang: &str, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config")
            .arg(&self.config)
            .args(["--language", lang])
            .args(args);
        c
    }
}

/// No English words of the OS or a parser in German output.
fn assert_no_english(text: &str) {
    for leak in [
        "No such file",
        "os error",
        "Connection refused",
        "Permission denied",
        "unknown escape",
        "relative",
        "Invalid",
        "ETA",
        "!!",
    ] {
        assert!(
            !text.contains(leak),
            "English or marker `{leak}` in: {text}"
        );
    }
}

#[test]
fn windows_path_with_unknown_escape_in_double_quotes_asks_for_single_quotes() {
    let p = practice("\"C:\\DConcept\\DEDATA\"", "{ destination: rdx }", "");
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr.contains(
            "Zeile 7, Spalte 29: Windows-Pfade bitte in einfache Anführungszeichen setzen: \
             'C:\\DConcept\\DEDATA' statt \"C:\\DConcept\\DEDATA\""
        ),
        "{}",
        de.stderr
    );
    assert_no_english(&de.stderr);
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains(":7:29: put Windows paths in single quotes: 'C:\\DConcept\\DEDATA'"),
        "{}",
        en.stderr
    );
}

#[test]
fn windows_path_whose_backslash_t_became_a_tab_is_not_called_relative() {
    let p = practice("\"E:\\tresor\"", "{ destination: rdx }", "");
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr.contains(
            "Zeile 7, Spalte 29: Windows-Pfade bitte in einfache Anführungszeichen setzen: \
             'E:\\tresor' statt \"E:\\tresor\". In doppelten Anführungszeichen ist \\ ein \
             Steuerzeichen (aus \\t wird ein Tabulator"
        ),
        "{}",
        de.stderr
    );
    assert_no_english(&de.stderr);
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains("put Windows paths in single quotes: 'E:\\tresor' instead of \"E:\\tresor\""),
        "{}",
        en.stderr
    );
}

#[test]
fn a_yaml_syntax_error_is_explained_in_german() {
    let p = practice("'E:\\tresor'", "{ destination: rdx", "");
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr.contains(
            "YAML-Syntaxfehler: eine mit `{` begonnene Zuordnung wird nicht mit `}` geschlossen"
        ),
        "{}",
        de.stderr
    );
    assert!(de.stderr.contains(", Zeile "), "{}", de.stderr);
    assert_no_english(&de.stderr);
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains("YAML syntax error: a mapping started with `{` is not closed with `}`"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_missing_key_file_is_named_in_german_words() {
    let p = practice("RDX", "{ destination: rdx }", "");
    ok(&mut p.tresor("de", &["init"]));
    let missing = p.root.join("keys/fehlt.key");
    let de = expect_code(p.tresor("de", &["snapshots", "--key"]).arg(&missing), 2);
    assert!(
        de.stderr.contains(&format!(
            "Fehler: Die Schlüsseldatei {} lässt sich nicht lesen: Datei oder Ordner nicht vorhanden.",
            missing.display()
        )),
        "{}",
        de.stderr
    );
    assert_no_english(&de.stderr);
    let en = expect_code(p.tresor("en", &["snapshots", "--key"]).arg(&missing), 2);
    assert!(
        en.stderr.contains(&format!(
            "Error: The key file {} cannot be read: file or folder not found.",
            missing.display()
        )),
        "{}",
        en.stderr
    );
}

#[test]
fn a_profile_file_that_is_missing_is_named_in_german_words() {
    let p = practice(
        "'E:\\tresor'",
        "{ destination: rdx }",
        "profiles: [/gibt/es/nicht.yaml]\n",
    );
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr.contains(
            "Profildatei `/gibt/es/nicht.yaml` kann nicht gelesen werden: Datei oder Ordner nicht vorhanden"
        ),
        "{}",
        de.stderr
    );
    assert_no_english(&de.stderr);
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains("cannot read profile file `/gibt/es/nicht.yaml`: file or folder not found"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_bad_cron_expression_is_explained_in_german() {
    let p = practice(
        "RDX",
        "{ destination: rdx, schedule: '30 22 * * Mo-Fr' }",
        "",
    );
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr.contains(
            "`jobs.nightly.schedule: 30 22 * * Mo-Fr`: `Mo` ist kein Wochentag (meinten Sie `Mon`?)"
        ),
        "{}",
        de.stderr
    );
    assert_no_english(&de.stderr);
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains("`Mo` is not a day of the week (did you mean `Mon`?)"),
        "{}",
        en.stderr
    );

    let p = practice("RDX", "{ destination: rdx, schedule: '75 22 * * Mon' }", "");
    let de = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(
        de.stderr
            .contains("die Minute 75 gibt es nicht; erlaubt sind 0 bis 59"),
        "{}",
        de.stderr
    );
    let en = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        en.stderr
            .contains("there is no minute 75; allowed are 0 to 59"),
        "{}",
        en.stderr
    );
}

/// The summary of a backup: decimal comma, "1 Datei", words for the phase.
#[test]
fn backup_summary_uses_the_decimal_comma_and_the_singular() {
    let p = practice("RDX", "{ destination: rdx }", "");
    let rdx = p.rdx();
    ok(&mut p.tresor("de", &["init"]));
    let de = ok(&mut p.tresor("de", &["backup", "--job", "nightly"]));
    assert!(
        de.stdout.contains(&format!(
            "gespeichert in {rdx}: 1 Datei, 1,5 KiB (1 Datei gelesen), neu "
        )),
        "{}",
        de.stdout
    );
    assert!(de.stdout.contains(", Dauer "), "{}", de.stdout);
    assert!(de.stdout.contains(" s\n"), "{}", de.stdout);
    // The quick verify's line, in words and with the singular/plural right.
    assert!(
        de.stdout
            .contains("der neuen Sicherung vom Ziel zurückgelesen und bestätigt."),
        "{}",
        de.stdout
    );
    // The phase line (no terminal: plain lines) is German too.
    assert!(de.stderr.contains("Sicherung …"), "{}", de.stderr);
    assert_no_english(&de.stdout);
    assert_no_english(&de.stderr);
    let en = ok(&mut p.tresor("en", &["backup", "--job", "nightly"]));
    assert!(
        en.stdout.contains(&format!(
            "saved to {rdx}: 1 file, 1.5 KiB (0 files read), new "
        )),
        "{}",
        en.stdout
    );
    assert!(en.stderr.contains("Backup …"), "{}", en.stderr);
}

/// SQL Server that refuses the connection: the OS's "Connection refused"
/// becomes German words; the job exits 2.
#[test]
fn connection_refused_by_sql_server_is_told_in_german() {
    let root = tempfile::tempdir().unwrap();
    let staging = root.path().join("staging");
    fs::create_dir_all(&staging).unwrap();
    // Port 1 on the loopback: nothing listens there, the OS refuses at once.
    let sql = format!(
        "profiles: [medatixx]\nsqlserver:\n  connection: 'Server=tcp:127.0.0.1,1;User ID=tresor;Password=geheim;Encrypt=NotSupported'\n  staging: {}\n",
        staging.display()
    );
    let p = practice("RDX", "{ destination: rdx }", &sql);
    ok(&mut p.tresor("de", &["init"]));
    let de = expect_code(&mut p.tresor("de", &["backup", "--job", "nightly"]), 2);
    assert!(
        de.stderr.contains(
            "SQL Server 127.0.0.1,1 ist nicht erreichbar (Verbindung abgelehnt – auf dem Rechner nimmt kein Dienst Verbindungen an)."
        ),
        "{}",
        de.stderr
    );
    assert!(
        de.stderr
            .contains("Fehler: 1 Teil der Sicherung ist fehlgeschlagen, NICHT gesichert: Datenbank medatixx*."),
        "{}",
        de.stderr
    );
    for leak in ["Connection refused", "os error"] {
        assert!(!de.stderr.contains(leak), "{leak}: {}", de.stderr);
    }
    let en = expect_code(&mut p.tresor("en", &["backup", "--job", "nightly"]), 2);
    assert!(
        en.stderr.contains(
            "SQL Server 127.0.0.1,1 cannot be reached (connection refused – no service accepts connections on that machine)."
        ),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr
            .contains("Error: 1 part of the backup failed, NOT backed up: database medatixx*."),
        "{}",
        en.stderr
    );
}

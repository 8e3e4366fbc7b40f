//! The job runner seen from the command line: one job at a time (a killed
//! run's lock recovered), `before:`/`after:` commands (the after-command runs
//! also when the job fails), the quick verify, the retention step, and the
//! staff's final screen.

mod common;
#[path = "support/smtp.rs"]
mod smtp;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{expect_code, ok, tresor, warned};

struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn practice(job_extra: &str) -> Practice {
    let p = unset_up(job_extra);
    ok(&mut p.tresor("de", &["init"]));
    p
}

/// The configuration only (no `init`).
fn unset_up(job_extra: &str) -> Practice {
    with_sections(job_extra, "")
}

/// The configuration with more top-level sections (`mail:`, `sqlserver:` …).
fn with_sections(job_extra: &str, sections: &str) -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    fs::create_dir_all(root.join("C/Daten")).unwrap();
    fs::create_dir_all(root.join("keys")).unwrap();
    fs::write(root.join("C/Daten/befund.txt"), b"Befund 1").unwrap();
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Praxis Dr. Muster\ndrives:\n  C: {c}\nkeys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: {r}/RDX }}\n\
             sources:\n  - path: 'C:\\Daten'\n\
             jobs:\n  feierabend: {{ destination: rdx{job_extra} }}\n{sections}",
            c = root.join("C").display(),
            r = root.display(),
        ),
    )
    .unwrap();
    Practice {
        _t: t,
        root,
        config,
    }
}

impl Practice {
    fn tresor(&self, lang: &str, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config")
            .arg(&self.config)
            .args(["--language", lang])
            .args(args);
        c
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
}

/// Waits (an event, not a time limit on the product) until `path` exists.
fn wait_for(path: &Path, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the first job ended before {}: {status}", path.display());
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_job_is_refused_while_one_runs_and_a_killed_run_frees_the_lock() {
    let t = tempfile::tempdir().unwrap();
    let started = t.path().join("started");
    // The before-command says "I run" and then waits: the first job holds the lock.
    let p = practice(&format!(
        ", before: {{ run: \"touch '{}'; sleep 600\", timeout_minutes: 20 }}",
        started.display()
    ));
    let mut first = p
        .tresor("de", &["backup", "--job", "feierabend"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&started, &mut first);
    for (lang, words) in [
        ("de", "Es läuft schon eine Sicherung: Auftrag »feierabend«"),
        ("en", "A backup is already running: job “feierabend”"),
    ] {
        let second = expect_code(&mut p.tresor(lang, &["backup", "--job", "feierabend"]), 2);
        assert!(second.stderr.contains(words), "{}", second.stderr);
        assert!(
            second.stderr.contains(&format!("{}", first.id())),
            "names the process: {}",
            second.stderr
        );
    }
    let json = expect_code(
        &mut p.tresor("en", &["backup", "--job", "feierabend", "--json"]),
        2,
    );
    assert!(
        json.stdout.contains("\"code\": \"job_running\""),
        "{}",
        json.stdout
    );
    // Killed hard (power cut, Task Manager): no cleanup runs, the lock file stays.
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(p.path("keys/job.lock").exists());
    // The next run starts (its before-command would wait: give it none).
    let text = fs::read_to_string(&p.config).unwrap();
    let text = text.replace(
        &text[text.find(", before:").unwrap()..text.rfind(" }").unwrap()],
        "",
    );
    fs::write(&p.config, text).unwrap();
    let next = ok(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
    assert!(next.stdout.contains("gespeichert"), "{}", next.stdout);
}

#[test]
fn the_after_command_runs_when_the_job_fails_and_a_failed_before_command_warns() {
    let t = tempfile::tempdir().unwrap();
    let after = t.path().join("after-ran");
    // Before fails; the destination is a file, so the job fails when it opens it.
    let p = practice(&format!(
        ", before: 'echo Dienst nicht gestoppt >&2; exit 4', after: \"touch '{}'\"",
        after.display()
    ));
    let run = warned(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
    assert!(
        run.stderr
            .contains("Der Befehl vor der Sicherung ist fehlgeschlagen")
            && run.stderr.contains("Fehlercode 4")
            && run.stderr.contains("Dienst nicht gestoppt"),
        "{}",
        run.stderr
    );
    assert!(after.exists(), "the after-command ran");
    fs::remove_file(&after).unwrap();
    // A job that fails: the after-command still runs.
    fs::remove_dir_all(p.path("RDX")).unwrap();
    fs::write(p.path("RDX"), b"not a folder").unwrap();
    let failed = expect_code(&mut p.tresor("en", &["backup", "--job", "feierabend"]), 2);
    assert!(failed.stderr.contains("Error"), "{}", failed.stderr);
    assert!(after.exists(), "the after-command ran after a failed job");
}

#[test]
fn hooks_are_checked_in_the_config() {
    let p = unset_up(", before: { run: '', timeout_minutes: 0 }");
    let r = expect_code(&mut p.tresor("en", &["config", "check"]), 3);
    assert!(
        r.stderr
            .contains("`timeout_minutes: 0` is out of range; expected 1 to 1440"),
        "{}",
        r.stderr
    );
    let p = unset_up(", before: { command: 'x' }");
    let r = expect_code(&mut p.tresor("de", &["config", "check"]), 3);
    assert!(r.stderr.contains("command"), "{}", r.stderr);
}

#[test]
fn every_job_verifies_its_snapshot_and_keeps_to_its_retention() {
    let p = practice(", retention: { keep_last: 2 }");
    for i in 0..4 {
        fs::write(p.path("C/Daten/befund.txt"), format!("Befund {i}")).unwrap();
        let r = ok(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
        assert!(
            r.stdout
                .contains("der neuen Sicherung vom Ziel zurückgelesen und bestätigt"),
            "{}",
            r.stdout
        );
        if i >= 2 {
            assert!(
                r.stdout.contains(
                    "Aufgeräumt: 1 ältere Sicherung nach den Aufbewahrungsregeln entfernt"
                ),
                "{}",
                r.stdout
            );
        }
    }
    let list = ok(&mut p.tresor("en", &["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(
        v["snapshots"].as_array().unwrap().len(),
        2,
        "{}",
        list.stdout
    );
    // What is left restores the newest content.
    let target = p.path("zurueck");
    ok(&mut p.tresor(
        "en",
        &["restore", "latest", "--target", target.to_str().unwrap()],
    ));
    let restored = fs::read_to_string(target.join("C/Daten/befund.txt")).unwrap();
    assert_eq!(restored, "Befund 3");
    // The snapshot carries the journal as evidence; it has no original
    // place on the server and is never written there.
    let ls = ok(&mut p.tresor("en", &["ls", "latest", "tresor"]));
    assert!(ls.stdout.contains("journal.jsonl"), "{}", ls.stdout);
    fs::write(p.path("C/Daten/befund.txt"), "kaputt").unwrap();
    let back = ok(&mut p.tresor(
        "en",
        &[
            "restore",
            "latest",
            "--to-original",
            "--overwrite",
            "--force",
            "--json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&back.stdout).unwrap();
    assert_eq!(v["targets"].as_array().unwrap().len(), 1, "{}", back.stdout);
    assert!(!Path::new("/tresor").exists());
    assert_eq!(
        fs::read_to_string(p.path("C/Daten/befund.txt")).unwrap(),
        "Befund 3"
    );
}

#[test]
fn a_damaged_pack_fails_the_quick_verify_and_keeps_the_older_snapshots() {
    let p = practice(", retention: { keep_last: 1 }");
    // An unchanged file whose stored copy the next backup reuses unread.
    // Incompressible, so that its pack is the largest one. Not a `.dat`:
    // cut into 16 KiB pages it would be ~120 chunks, more than the quick
    // verify's sample of 64, which would then miss the damage by chance.
    let big = common::noise(2_000_000, 1);
    fs::write(p.path("C/Daten/stamm.bin"), big).unwrap();
    ok(&mut p.tresor("en", &["backup", "--job", "feierabend"]));
    // The cartridge goes bad where that file's data lies: one byte of the
    // largest pack flips (its size stays, so the backup still trusts it).
    let pack = common::files_below(&p.path("RDX/packs"))
        .into_iter()
        .max_by_key(|f| fs::metadata(f).unwrap().len())
        .unwrap();
    let mut b = fs::read(&pack).unwrap();
    let n = b.len();
    b[n / 2] ^= 0xff;
    fs::write(&pack, b).unwrap();
    fs::write(p.path("C/Daten/befund.txt"), b"Befund 2").unwrap();
    let r = expect_code(&mut p.tresor("de", &["backup", "--job", "feierabend"]), 2);
    assert!(
        r.stderr
            .contains("Die Prüfung nach der Sicherung ist fehlgeschlagen")
            && r.stderr.contains("nicht zurücklesen")
            && !r.stdout.contains("bestätigt"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    let json = expect_code(
        &mut p.tresor("en", &["backup", "--job", "feierabend", "--json"]),
        2,
    );
    assert!(
        json.stdout.contains("\"code\": \"verify_failed\""),
        "{}",
        json.stdout
    );
    // keep_last 1 would have removed the older snapshots: a snapshot that
    // does not read back never pushes one out.
    let list = ok(&mut p.tresor("en", &["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(
        v["snapshots"].as_array().unwrap().len(),
        3,
        "{}",
        list.stdout
    );
}

#[test]
fn the_staff_screen_says_in_plain_words_how_it_went() {
    let p = practice("");
    let r = ok(p
        .tresor("de", &["backup", "--job", "feierabend"])
        .env("TRESOR_SCREEN", "staff"));
    assert!(
        r.stdout.contains("✔ Datensicherung erfolgreich"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Praxis Dr. Muster · Auftrag »feierabend«"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Gesichert: 1 Datei"), "{}", r.stdout);
    assert!(r.stdout.contains("Nichts weiter zu tun."), "{}", r.stdout);
    // No repository paths, no byte accounting on the staff's screen.
    for jargon in [
        "gespeichert in",
        "neu ",
        "→ gespeichert",
        &p.root.display().to_string(),
    ] {
        assert!(!r.stdout.contains(jargon), "{jargon:?} in {}", r.stdout);
    }
    // --details: the technician's lines instead.
    let d = ok(p
        .tresor("de", &["backup", "--job", "feierabend", "--details"])
        .env("TRESOR_SCREEN", "staff"));
    assert!(d.stdout.contains("gespeichert in"), "{}", d.stdout);
    assert!(
        !d.stdout.contains("Datensicherung erfolgreich"),
        "{}",
        d.stdout
    );
    // A job that fails says so, and whom to call.
    fs::remove_dir_all(p.path("RDX")).unwrap();
    let f = expect_code(
        p.tresor("de", &["backup", "--job", "feierabend"])
            .env("TRESOR_SCREEN", "staff"),
        2,
    );
    assert!(
        f.stdout.contains("✘ Datensicherung NICHT vollständig"),
        "{}",
        f.stdout
    );
    assert!(f.stdout.contains("IT-Betreuung anrufen"), "{}", f.stdout);
    let e = expect_code(
        p.tresor("en", &["backup", "--job", "feierabend"])
            .env("TRESOR_SCREEN", "staff"),
        2,
    );
    assert!(e.stdout.contains("✘ Backup NOT complete"), "{}", e.stdout);
}

#[test]
fn a_job_whose_database_part_fails_saves_the_files_exits_2_and_the_mail_says_what_to_do() {
    let server = smtp::SmtpServer::start(smtp::Options::plain());
    let p = with_sections(
        "",
        &format!(
            "profiles: [medatixx]\n\
             sqlserver: {{ connection: 'Server=tcp:127.0.0.1,1;User ID=sa;Password=x;TrustServerCertificate=True', staging: 'C:\\staging' }}\n\
             mail:\n  smtp: {{ host: 127.0.0.1, port: {}, security: none }}\n  \
             from: 'Datensicherung <backup@praxis-muster.de>'\n  to: [praxis@praxis-muster.de]\n",
            server.port
        ),
    );
    fs::create_dir_all(p.path("C/staging")).unwrap();
    ok(&mut p.tresor("de", &["init"]));
    let r = expect_code(&mut p.tresor("de", &["backup", "--job", "feierabend"]), 2);
    assert!(
        r.stdout.contains("gespeichert"),
        "files saved: {}",
        r.stdout
    );
    assert!(
        r.stderr.contains("NICHT gesichert: Datenbank medatixx"),
        "{}",
        r.stderr
    );
    // The files are in the snapshot.
    let ls = ok(&mut p.tresor("en", &["ls", "latest", "C/Daten"]));
    assert!(ls.stdout.contains("befund.txt"), "{}", ls.stdout);
    let mails = server.messages();
    assert_eq!(mails.len(), 1, "one mail per job");
    let m = &mails[0];
    let subject = m.header("Subject").unwrap();
    assert!(
        subject.starts_with("Datensicherung FEHLGESCHLAGEN – Praxis Dr. Muster – "),
        "{subject}"
    );
    let body = m.body();
    assert!(body.contains("medatixx"), "{body}");
    assert!(body.contains("IT"), "says whom to call: {body}");
    // The journal has the run, and its chain is intact.
    let j = ok(&mut p.tresor("en", &["journal", "verify"]));
    assert!(!j.stdout.is_empty());
    let show = ok(&mut p.tresor("en", &["journal", "show", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let last = v["entries"].as_array().unwrap().last().unwrap();
    assert_eq!(last["record"]["outcome"], "failed");
    assert_eq!(last["record"]["exit_code"], 2);
    assert_eq!(last["record"]["databases"][0]["ok"], false);
    // A job that cannot even start is mailed and journaled as well.
    let gone = expect_code(&mut p.tresor("de", &["backup", "--job", "nachts"]), 3);
    assert!(gone.stderr.contains("nachts"), "{}", gone.stderr);
    assert_eq!(server.messages().len(), 2);
    let show = ok(&mut p.tresor("en", &["journal", "show", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let last = v["entries"].as_array().unwrap().last().unwrap();
    assert_eq!(last["record"]["job"], "nachts");
    assert_eq!(last["record"]["errors"][0]["code"], "unknown_job");
}

/// The snapshot ids on the job's destination, oldest first.
fn snapshot_ids(p: &Practice) -> Vec<String> {
    let list = ok(&mut p.tresor("en", &["snapshots", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    v["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// Found by the review: the job's retention step keeps to its destination's
/// own `retention:` where it has one (here 3), not to the job's (here 1).
#[test]
fn the_retention_step_keeps_to_the_destinations_own_retention() {
    let p = practice(", retention: { keep_last: 1 }");
    let plain = format!("rdx: {{ type: local, path: {}/RDX }}", p.root.display());
    let yaml = fs::read_to_string(&p.config).unwrap();
    assert!(yaml.contains(&plain), "{yaml}");
    fs::write(
        &p.config,
        yaml.replace(
            &plain,
            &format!(
                "rdx: {{ type: local, path: {}/RDX, retention: {{ keep_last: 3 }} }}",
                p.root.display()
            ),
        ),
    )
    .unwrap();
    let mut made = Vec::new();
    for i in 0..4 {
        fs::write(p.path("C/Daten/befund.txt"), format!("Befund {i}")).unwrap();
        ok(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
        made.push(snapshot_ids(&p).last().unwrap().clone());
    }
    // The three newest stay; keep_last 1 of the job would have left one.
    assert_eq!(snapshot_ids(&p), made[1..].to_vec());
}

/// Sets the permission bits of every file below `dir` to `mode`, or back to
/// what `before` recorded; returns what they were.
fn set_modes(dir: &Path, mode: Option<u32>, before: &[(PathBuf, u32)]) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut was = Vec::new();
    for f in common::files_below(dir) {
        let m = fs::metadata(&f).unwrap().permissions().mode() & 0o7777;
        was.push((f.clone(), m));
        let new = match mode {
            Some(m) => m,
            None => before.iter().find(|(p, _)| *p == f).unwrap().1,
        };
        fs::set_permissions(&f, fs::Permissions::from_mode(new)).unwrap();
    }
    was
}

/// Found by the review: the quick verify could not read the new snapshot's
/// file list back at all (not just some content blobs). The job fails
/// (exit 2) and its retention removes nothing.
///
/// How the list comes to be unreadable without touching the new run: the
/// file list is stored in pieces, and a piece already stored is not stored
/// again. Snapshot A's list is stored; B changes every file's mode (a new
/// list; no file is read, so the guard sees no change); A's packs then go
/// bad with their size kept (a backup trusts them unread); C restores A's
/// modes, so its list consists of A's pieces again, which do not read back.
#[test]
fn a_file_list_that_does_not_read_back_fails_the_job_and_keeps_the_older_snapshots() {
    let p = practice(", retention: { keep_last: 2 }");
    // A list far longer than the largest piece (128 KiB).
    for i in 0..1500 {
        fs::write(
            p.path(&format!("C/Daten/akte_{i:04}.txt")),
            format!("Akte {i}"),
        )
        .unwrap();
    }
    ok(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
    let packs_of_a = common::files_below(&p.path("RDX/packs"));
    let modes = set_modes(&p.path("C/Daten"), Some(0o600), &[]);
    ok(&mut p.tresor("de", &["backup", "--job", "feierabend"]));
    for pack in &packs_of_a {
        let len = fs::metadata(pack).unwrap().len() as usize;
        fs::write(pack, vec![0u8; len]).unwrap();
    }
    set_modes(&p.path("C/Daten"), None, &modes);
    let r = expect_code(&mut p.tresor("de", &["backup", "--job", "feierabend"]), 2);
    assert!(
        r.stderr
            .contains("Die Prüfung nach der Sicherung ist fehlgeschlagen")
            && !r.stdout.contains("bestätigt"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    let show = ok(&mut p.tresor("en", &["journal", "show", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let last = &v["entries"].as_array().unwrap().last().unwrap()["record"];
    assert_eq!(last["outcome"], "failed", "{last}");
    assert_eq!(last["exit_code"], 2, "{last}");
    assert_eq!(last["errors"][0]["code"], "verify_failed", "{last}");
    // The list as a whole was unreadable: no content blob was counted.
    assert!(last.get("verification").is_none(), "{last}");
    // keep_last 2 would have removed A: a snapshot that does not read back
    // never pushes an older one out.
    assert_eq!(snapshot_ids(&p).len(), 3);
}

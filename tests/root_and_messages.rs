//! Damaged root files, damaged snapshot files, odd key files and a closed or
//! full stdout: each case reaches what is still reachable, says precisely
//! what is wrong (German and English), and ends with its documented exit code.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;

/// A repository with two snapshots of `src` (the second with one more file).
fn two_snapshots(t: &Path) -> (Repo, PathBuf) {
    let src = t.join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("Befund.txt"), "unauffällig").unwrap();
    let repo = Repo::init(t);
    repo.backup(&src);
    fs::write(src.join("Brief.rtf"), "Sehr geehrte Kollegin").unwrap();
    repo.backup(&src);
    (repo, src)
}

fn flip(path: &Path, at: usize) {
    let mut b = fs::read(path).unwrap();
    b[at] ^= 0x01;
    fs::write(path, b).unwrap();
}

/// Flips a bit in the last byte: the last payload chunk's tag.
fn flip_last(path: &Path) {
    let len = fs::metadata(path).unwrap().len() as usize;
    flip(path, len - 1);
}

/// Changes a letter of the age header's MAC (still valid base64). The header
/// length varies (age adds a random "grease" stanza), so find the line.
fn flip_header_mac(path: &Path) {
    let mut b = fs::read(path).unwrap();
    let mut i = b.windows(4).position(|w| w == b"--- ").unwrap() + 4;
    while !b[i].is_ascii_alphabetic() {
        i += 1;
    }
    b[i] ^= 0x20;
    fs::write(path, b).unwrap();
}

fn de(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("TRESOR_LANG", "de")
}

fn no_panic(r: &Run) {
    assert!(r.code != 101, "panicked: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// With one copy of a root file broken, every snapshot stays reachable: the
/// listing and a restore work with a warning naming the file (exit 1), and
/// `check` reports it as an error until `check --repair-root` rewrites it.
fn one_root_copy_broken(
    break_it: impl Fn(&Path),
    file: &str,
    en_reason: &str,
    de_reason: &str,
    used: &str,
) {
    let t = tempfile::tempdir().unwrap();
    let (repo, src) = two_snapshots(t.path());
    break_it(&repo.repo);

    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("2 snapshots"), "{}", r.stdout);
    let warning = format!(
        "Warning: {}/{file} is unusable: {en_reason}. tresor used the copy {used}; all snapshots remain reachable through it. Repair: `tresor check --repair-root`.",
        repo.repo.display()
    );
    assert!(r.stderr.contains(&warning), "{}", r.stderr);

    let r = run(de(&mut repo.cmd(&["snapshots"])));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let warnung = format!(
        "Warnung: {}/{file} ist unbrauchbar: {de_reason}. tresor hat die Kopie {used} verwendet; über sie bleiben alle Sicherungen erreichbar. Reparatur: `tresor check --repair-root`.",
        repo.repo.display()
    );
    assert!(r.stderr.contains(&warnung), "{}", r.stderr);

    let target = t.path().join("out");
    let r = run(repo.cmd(&["restore", "latest", "--target"]).arg(&target));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&warning), "{}", r.stderr);
    assert_same_tree(&src, &target.join(snapshot_path(&src)));

    let r = run(&mut repo.cmd(&["check"]));
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "Error: {file} is unusable: {en_reason} ({used} was used); repair: tresor check --repair-root"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("`tresor check --repair-root` replaces unusable copies"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("listed above"), "{}", r.stderr);
    let r = run(de(&mut repo.cmd(&["check"])));
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains(&format!("Fehler: {file} ist unbrauchbar: {de_reason}")),
        "{}",
        r.stdout
    );

    let r = run(&mut repo.cmd(&["check", "--repair-root"]));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "Repaired: {file} written from {used} and read back."
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        fs::read(repo.repo.join(file)).unwrap(),
        fs::read(repo.repo.join(used)).unwrap()
    );
    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    repo.assert_check_clean();
}

#[test]
fn flipped_byte_in_config_is_survived_and_repaired() {
    one_root_copy_broken(
        |r| flip_last(&r.join("config")),
        "config",
        "its content failed authentication or is cut off (a byte was changed or lost)",
        "die Prüfung ihres Inhalts schlägt fehl oder er ist abgeschnitten (ein Byte wurde verändert oder fehlt)",
        "config.2",
    );
}

#[test]
fn flipped_byte_in_the_config_header_is_survived_and_repaired() {
    one_root_copy_broken(
        |r| flip_header_mac(&r.join("config")),
        "config",
        "its age header failed authentication (a byte was changed)",
        "die Prüfsumme ihres age-Kopfes stimmt nicht (ein Byte wurde verändert)",
        "config.2",
    );
}

#[test]
fn deleted_config_is_survived_and_repaired() {
    one_root_copy_broken(
        |r| fs::remove_file(r.join("config")).unwrap(),
        "config",
        "the file is missing",
        "die Datei fehlt",
        "config.2",
    );
}

#[test]
fn deleted_marker_is_survived_and_repaired() {
    one_root_copy_broken(
        |r| fs::remove_file(r.join("tresor.repo")).unwrap(),
        "tresor.repo",
        "the file is missing",
        "die Datei fehlt",
        "tresor.repo.2",
    );
}

#[test]
fn garbage_marker_is_survived_and_repaired() {
    one_root_copy_broken(
        |r| fs::write(r.join("tresor.repo"), "\u{0}\u{0}garbage").unwrap(),
        "tresor.repo",
        "it is not a readable tresor marker (changed or overwritten)",
        "sie ist keine lesbare tresor-Kennung (verändert oder überschrieben)",
        "tresor.repo.2",
    );
}

#[test]
fn damaged_second_copy_is_named_too() {
    one_root_copy_broken(
        |r| flip(&r.join("config.2"), 5),
        "config.2",
        "its age header is unreadable (overwritten or cut off)",
        "ihr age-Kopf ist unlesbar (überschrieben oder abgeschnitten)",
        "config",
    );
}

/// A marker copy that still parses but names another id is the damaged one:
/// the authenticated config decides.
#[test]
fn marker_with_a_changed_id_loses_against_the_config() {
    one_root_copy_broken(
        |r| {
            let m = fs::read_to_string(r.join("tresor.repo")).unwrap();
            let at = m.find("\"id\": \"").unwrap() + 7;
            let mut b = m.into_bytes();
            b[at] = if b[at] == b'a' { b'b' } else { b'a' };
            fs::write(r.join("tresor.repo"), b).unwrap();
        },
        "tresor.repo",
        "it differs from tresor.repo.2",
        "sie weicht von tresor.repo.2 ab",
        "tresor.repo.2",
    );
}

#[test]
fn both_config_copies_broken_is_a_true_message() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    flip_header_mac(&repo.repo.join("config"));
    fs::remove_file(repo.repo.join("config.2")).ok();
    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "Error: Both copies of config at {} are unusable – config: its age header failed authentication (a byte was changed); config.2: the file is missing. Nothing was changed.",
            repo.repo.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Without a readable config no snapshot on this medium can be opened. Use another copy (NAS, another medium) and tell your IT partner."),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("remain usable"), "{}", r.stderr);
    let r = run(de(&mut repo.cmd(&["restore", "latest", "--target", "x"])));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Fehler: Beide Kopien von config unter")
            && r.stderr
                .contains("config.2: die Datei fehlt. Nichts wurde geändert."),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("bleiben nutzbar"), "{}", r.stderr);
}

#[test]
fn both_marker_copies_broken_is_a_true_message() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    fs::write(repo.repo.join("tresor.repo"), "{").unwrap();
    fs::write(repo.repo.join("tresor.repo.2"), "").unwrap();
    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let reason = "it is not a readable tresor marker (changed or overwritten)";
    assert!(
        r.stderr.contains(&format!(
            "Both copies of tresor.repo at {} are unusable – tresor.repo: {reason}; tresor.repo.2: {reason}. Nothing was changed.",
            repo.repo.display()
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("holds no tresor repository"));
    assert!(!r.stderr.contains("remain usable"), "{}", r.stderr);
}

/// A snapshot file whose first line was hit ("Unknown age format" in age's
/// words), then one whose content was hit.
#[test]
fn damaged_snapshot_file_is_named_and_the_others_stay_usable() {
    let t = tempfile::tempdir().unwrap();
    let (repo, src) = two_snapshots(t.path());
    let ids = repo.snapshot_ids();
    let (older, newest) = (&ids[0], &ids[1]);
    let file = repo.repo.join("snapshots").join(newest);
    flip(&file, 20);
    let key = format!("snapshots/{newest}");

    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(&older[..8]) && r.stdout.contains("1 snapshot\n"));
    assert!(
        r.stderr.contains(&format!("Warning: the snapshot file {key} is damaged: its age header is unreadable (overwritten or cut off). This one snapshot cannot be read; the others are not affected.")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("age format"), "{}", r.stderr);
    let r = run(de(&mut repo.cmd(&["snapshots"])));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!("Warnung: Die Sicherungsdatei {key} ist beschädigt: ihr age-Kopf ist unlesbar (überschrieben oder abgeschnitten). Diese eine Sicherung ist nicht lesbar; die übrigen sind davon nicht betroffen.")),
        "{}",
        r.stderr
    );

    // `latest` takes the newest readable snapshot and says which files it passed over.
    let target = t.path().join("out");
    let r = run(repo.cmd(&["restore", "latest", "--target"]).arg(&target));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("Warning: 'latest' is taken as the newest readable snapshot {} of", &older[..8]))
            && r.stderr.contains(&format!("The snapshot file {key} is damaged and was passed over; its time is unknown, it may be newer.")),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains(&older[..8]), "{}", r.stdout);
    assert!(target.join(snapshot_path(&src)).join("Befund.txt").exists());
    let r = run(de(&mut repo.cmd(&["ls", "latest"])));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!("Die Sicherungsdatei {key} ist beschädigt und wurde übergangen; ihr Zeitpunkt ist unbekannt, sie könnte neuer sein.")),
        "{}",
        r.stderr
    );

    // Asked for by its id, the damaged snapshot is named as damaged.
    let r = run(&mut repo.cmd(&["restore", &newest[..8], "--target", "x"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("Error: The snapshot file {key} is damaged: its age header is unreadable (overwritten or cut off). This snapshot cannot be opened; the other snapshots on this medium are not affected.")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("No snapshot matches"), "{}", r.stderr);

    let r = run(&mut repo.cmd(&["check"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains(&key), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("The affected snapshots and files are listed above"),
        "{}",
        r.stderr
    );

    // The content rather than the header: the same, in other words.
    flip(&file, 20);
    let len = fs::metadata(&file).unwrap().len() as usize;
    flip(&file, len - 2);
    let r = run(&mut repo.cmd(&["snapshots"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!("the snapshot file {key} is damaged: its content failed authentication or is cut off (a byte was changed or lost)")),
        "{}",
        r.stderr
    );
}

#[test]
fn only_snapshot_damaged_says_so_for_latest() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let snap = &repo.files("snapshots")[0];
    let key = format!("snapshots/{}", snap.file_name().unwrap().to_string_lossy());
    flip(snap, 20);
    let r = run(&mut repo.cmd(&["restore", "latest", "--target", "x"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("Error: No readable snapshot matches 'latest'. The snapshot file {key} is damaged; its time and job are unknown.")),
        "{}",
        r.stderr
    );
    let r = run(de(&mut repo.cmd(&["ls", "latest"])));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("Fehler: Keine lesbare Sicherung passt zu 'latest'. Die Sicherungsdatei {key} ist beschädigt; ihr Zeitpunkt und Job sind unbekannt.")),
        "{}",
        r.stderr
    );
}

/// "Affected snapshots are listed above" only when some are.
#[test]
fn check_points_above_only_when_something_is_listed() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    for idx in repo.files("index") {
        flip(&idx, 200);
    }
    let r = run(&mut repo.cmd(&["check"]));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(!r.stdout.contains("Affected snapshot"), "{}", r.stdout);
    assert!(!r.stderr.contains("listed above"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("→ Back up to another medium and tell your IT partner."),
        "{}",
        r.stderr
    );
    let r = run(de(&mut repo.cmd(&["check"])));
    assert!(!r.stderr.contains("oben"), "{}", r.stderr);
}

fn key_variant(repo: &Repo, name: &str, bytes: &[u8]) -> Run {
    let path = repo.root.join(name);
    fs::write(&path, bytes).unwrap();
    run(tresor()
        .args(["snapshots", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(&path))
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// Key files as Windows editors save them open the repository.
#[test]
fn key_files_in_windows_encodings_are_accepted() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    let key = fs::read_to_string(repo.machine_key()).unwrap();
    let crlf = key.replace('\n', "\r\n");
    let secret = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(crlf.as_bytes());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("bom-crlf.key", bom),
        ("utf16le.key", utf16(&crlf, true)),
        ("utf16be.key", utf16(&key, false)),
        (
            "comments.key",
            format!("# Notfallordner\n\n   {secret}  \r\n\t# Ende\n").into_bytes(),
        ),
    ];
    for (name, bytes) in variants {
        let r = key_variant(&repo, name, &bytes);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stdout.contains("2 snapshots"), "{name}: {}", r.stdout);
    }
}

/// A file that is not a secret key says what it is instead.
#[test]
fn key_files_that_are_no_key_get_a_precise_message() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    let key = fs::read_to_string(repo.machine_key()).unwrap();
    let public = key
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let p = |n: &str| repo.root.join(n).display().to_string();

    let r = key_variant(&repo, "public.key", format!("{public}\n").as_bytes());
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "Error: Line 1 of {} is a public key (age1…), not the secret key.",
            p("public.key")
        )),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .contains("The public key (age1…) can only encrypt."));
    assert!(!r.stderr.contains("Bech32"), "{}", r.stderr);

    let r = key_variant(&repo, "empty.key", b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(&format!("Error: The key file {} is empty.", p("empty.key"))),
        "{}",
        r.stderr
    );

    let r = key_variant(
        &repo,
        "ssh.key",
        b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "Error: Line 1 of {} is an SSH key, not an age secret key.",
            p("ssh.key")
        )),
        "{}",
        r.stderr
    );

    let r = run(de(tresor()
        .args(["snapshots", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(repo.root.join("public.key"))));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("Fehler: Zeile 1 der Datei {} ist ein öffentlicher Schlüssel (age1…), nicht der geheime Schlüssel.", p("public.key"))),
        "{}",
        r.stderr
    );
    let r = run(de(tresor()
        .args(["snapshots", "--repo"])
        .arg(&repo.repo)
        .arg("--key")
        .arg(repo.root.join("empty.key"))));
    assert!(
        r.stderr.contains(&format!(
            "Fehler: Die Schlüsseldatei {} ist leer.",
            p("empty.key")
        )),
        "{}",
        r.stderr
    );
}

/// `tresor ls latest | head -1`: more output than a pipe holds, the reader
/// leaves after one line. tresor ends quietly with the command's exit code.
#[test]
fn closed_pipe_ends_quietly() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    for i in 0..3000 {
        fs::write(
            src.join(format!("Befund-{i:05}-mit-einem-langen-Namen.txt")),
            "x",
        )
        .unwrap();
    }
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let mut child = repo
        .cmd(&["ls", "latest"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reader is gone now (dropped above).
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

/// `tresor snapshots > /dev/full`: a clear error and exit code 2.
#[test]
fn full_stdout_is_an_error_not_a_panic() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    for (lang, text) in [
        ("en", "Error: The output could not be written: no space left on the drive. It is incomplete.\n  → Redirect the output into a file on a drive with free space."),
        ("de", "Fehler: Die Ausgabe konnte nicht geschrieben werden: kein Speicherplatz mehr frei. Sie ist unvollständig.\n  → Leiten Sie die Ausgabe in eine Datei auf einem Laufwerk mit freiem Platz um."),
    ] {
        for args in [&["snapshots"][..], &["ls", "latest"], &["check"]] {
            let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
            let r = run(repo.cmd(args).env("TRESOR_LANG", lang).stdout(full));
            no_panic(&r);
            assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
            assert!(r.stderr.contains(text), "{args:?}: {}", r.stderr);
        }
    }
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let r = run(tresor().arg("--help").stdout(full));
    no_panic(&r);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// Finding 6c: prune refuses while a snapshot file is damaged, in words of
/// the practice's language, and deletes nothing.
#[test]
fn prune_refuses_a_damaged_snapshot_file_in_german_and_english() {
    let t = tempfile::tempdir().unwrap();
    let (repo, _) = two_snapshots(t.path());
    let ids = repo.snapshot_ids();
    let file = repo.repo.join("snapshots").join(&ids[1]);
    flip(&file, 20);
    let key = format!("snapshots/{}", ids[1]);
    let packs = repo.files("packs").len();

    let r = expect_code(de(&mut repo.cmd(&["prune"])), 2);
    assert!(
        r.stderr.contains(&format!("Fehler: Die Sicherungsdatei {key} ist beschädigt: ihr age-Kopf ist unlesbar (überschrieben oder abgeschnitten). Solange unbekannt ist, welche Daten diese Sicherung braucht, löscht prune nichts; nichts wurde geändert.")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("refuses"), "{}", r.stderr);
    let r = expect_code(&mut repo.cmd(&["prune"]), 2);
    assert!(
        r.stderr.contains(&format!("Error: The snapshot file {key} is damaged: its age header is unreadable (overwritten or cut off). As long as it is unknown which data this snapshot needs, prune deletes nothing")),
        "{}",
        r.stderr
    );
    assert_eq!(repo.files("packs").len(), packs);

    // check names it with words, not `!` markers.
    let r = expect_code(de(&mut repo.cmd(&["check"])), 2);
    assert!(
        r.stdout.contains(&format!(
            "Fehler: Die Sicherungsdatei {key} ist beschädigt: ihr age-Kopf ist unlesbar"
        )),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.lines().any(|l| l.trim_start().starts_with('!')),
        "{}",
        r.stdout
    );
    let r = expect_code(&mut repo.cmd(&["check"]), 2);
    assert!(
        r.stdout
            .contains(&format!("Error: The snapshot file {key} is damaged")),
        "{}",
        r.stdout
    );
}

/// Finding 6c: a damaged index file is a warning in the practice's language
/// on restore and backup (exit 1), with the damage in its words.
#[test]
fn a_damaged_index_file_is_told_in_german_and_english() {
    let t = tempfile::tempdir().unwrap();
    let (repo, src) = two_snapshots(t.path());
    let idx = repo.files("index");
    flip_last(&idx[0]);
    let name = idx[0].file_name().unwrap().to_string_lossy().into_owned();

    let target = t.path().join("out");
    let r = expect_code(
        de(repo.cmd(&["restore", "latest", "--target"]).arg(&target)),
        1,
    );
    assert!(
        r.stderr.contains(&format!("Warnung: Die Indexdatei index/{name} ist beschädigt: die Prüfung ihres Inhalts schlägt fehl")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("is damaged"), "{}", r.stderr);
    let r = expect_code(
        repo.cmd(&["restore", "latest", "--target"])
            .arg(t.path().join("out-en")),
        1,
    );
    assert!(
        r.stderr.contains(&format!(
            "Warning: The index file index/{name} is damaged: its content failed authentication"
        )),
        "{}",
        r.stderr
    );

    let r = expect_code(de(repo.cmd(&["backup", "--path"]).arg(&src)), 1);
    let told = format!("{}{}", r.stdout, r.stderr);
    assert!(
        told.contains(&format!("Die Indexdatei index/{name} ist beschädigt")),
        "{told}"
    );
    assert!(!told.contains("is damaged"), "{told}");
}

/// Finding 6a: a name that is not UTF-8 is skipped with a warning in the
/// practice's language (exit 1); JSON keeps a stable English code.
#[test]
fn a_name_that_is_not_utf8_is_told_in_german_and_english() {
    use std::os::unix::ffi::OsStrExt;
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("ok.txt"), "ok").unwrap();
    fs::write(src.join(std::ffi::OsStr::from_bytes(b"Brief\xfc.rtf")), "x").unwrap();
    let repo = Repo::init(t.path());

    let r = expect_code(de(repo.cmd(&["backup", "--path"]).arg(&src)), 1);
    let told = format!("{}{}", r.stdout, r.stderr);
    assert!(
        told.contains("übersprungen: der Name enthält Zeichen, die tresor nicht lesen kann"),
        "{told}"
    );
    assert!(!told.contains("not valid UTF-8"), "{told}");
    let r = expect_code(repo.cmd(&["backup", "--path"]).arg(&src), 1);
    let told = format!("{}{}", r.stdout, r.stderr);
    assert!(
        told.contains("skipped: its name has characters tresor cannot read"),
        "{told}"
    );
    let r = expect_code(repo.cmd(&["backup", "--json", "--path"]).arg(&src), 1);
    assert!(r.stdout.contains("name_not_utf8"), "{}", r.stdout);
}

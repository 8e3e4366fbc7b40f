//! Issue 14, the emergency sheet: `tresor notfallblatt` writes
//! notfallblatt.pdf and notfallblatt.txt; a restore on a bare machine
//! follows only the text (the key line and the command lines, run in a fresh
//! process with an empty HOME and no configuration) and gives the files back
//! byte for byte. The PDF is turned into PNG (pdftoppm), its QR code read
//! back (zbarimg) and its text extracted (pdftotext, which shows that the
//! German letters are encoded right).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_same_tree, expect_code, noise, ok, only_file_in, snapshot_path, tresor};

struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn practice(language: &str) -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    let src = root.join("C/DConcept/DEDATA");
    fs::create_dir_all(src.join("Briefe")).unwrap();
    fs::write(src.join("T0001.DAT"), noise(400_000, 7)).unwrap();
    fs::write(src.join("Briefe/Überweisung Müller.rtf"), "{\\rtf1 Grüße}").unwrap();
    for d in ["RDX", "NAS", "keys"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Praxis Dr. Müller\nlanguage: {language}\nkeys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: {r}/RDX }}\n  nas: {{ type: local, path: {r}/NAS }}\n\
             sources:\n  - path: {r}/C/DConcept/DEDATA\n    label: 'x.concept: DEDATA'\n\
             jobs:\n  nightly: {{ destination: rdx }}\n\
             emergency_sheet:\n  password_history: 'Tresor im Büro, Ordner Praxis-EDV'\n  recovery_key_kept: 'Notfallordner im Tresor'\n  contact: 'IT-Partner Weiß, 0521 123456'\n",
            r = root.display()
        ),
    )
    .unwrap();
    let p = Practice {
        _t: t,
        root,
        config,
    };
    ok(p.cmd(&["init", "--key-out"]).arg(p.root.join("keys")));
    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    p
}

impl Practice {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.env_remove("TRESOR_LANG")
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    fn recovery_key(&self) -> PathBuf {
        fs::read_dir(self.root.join("keys"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("tresor-wiederherstellungsschluessel")
            })
            .unwrap()
    }
}

/// A command line as cmd.exe splits it: at spaces, `"…"` kept together.
fn split(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The commands the sheet tells to type, in order.
fn commands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("> "))
        .map(split)
        .collect()
}

#[test]
fn a_bare_machine_restores_by_following_only_the_sheet() {
    let p = practice("de");
    let out = p.root.join("sheet");
    let r = ok(p
        .cmd(&["notfallblatt", "--out"])
        .arg(&out)
        .arg("--recovery-key")
        .arg(p.recovery_key()));
    assert!(
        r.stdout.contains("Notfallblatt geschrieben"),
        "{}",
        r.stdout
    );
    let text = fs::read_to_string(out.join("notfallblatt.txt")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["notfallblatt.txt", "notfallblatt.pdf"] {
            let mode = fs::metadata(out.join(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Praxis Dr. Müller",
        "Tresor im Büro, Ordner Praxis-EDV",
        "IT-Partner Weiß",
        "zum Zeitpunkt der Sicherung gültig",
        "x.concept: DEDATA (",
    ] {
        assert!(flat.contains(want), "{want}:\n{text}");
    }
    let repo_id = fs::read_to_string(p.root.join("RDX/tresor.repo")).unwrap();
    let repo_id: serde_json::Value = serde_json::from_str(&repo_id).unwrap();
    assert!(text.contains(repo_id["id"].as_str().unwrap()), "{text}");

    // The bare machine: an empty folder, an empty HOME, no configuration.
    let bare = p.root.join("bare");
    fs::create_dir_all(bare.join("home")).unwrap();
    let key: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .collect();
    assert_eq!(key.len(), 1, "{text}");
    let cmds = commands(&text);
    let restore = cmds
        .iter()
        .find(|c| c[1] == "restore" && c.contains(&"--target".to_string()))
        .expect("a restore command on the sheet");
    let at = |c: &[String], flag: &str| c[c.iter().position(|a| a == flag).unwrap() + 1].clone();
    fs::write(bare.join(at(restore, "--key")), format!("{}\n", key[0])).unwrap();
    let run_line = |c: &[String]| {
        assert_eq!(c[0], "tresor");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tresor"));
        // The bare machine has no configuration (none at the default place either).
        cmd.env_clear()
            .env("TRESOR_DEFAULT_CONFIG", bare.join("no-config.yaml"))
            .env("HOME", bare.join("home"))
            .env("PATH", "/usr/bin:/bin")
            .current_dir(&bare)
            .args(&c[1..]);
        cmd
    };
    let list = cmds.iter().find(|c| c[1] == "snapshots").unwrap();
    let r = ok(&mut run_line(list));
    assert!(r.stdout.contains("nightly"), "{}", r.stdout);
    ok(&mut run_line(restore));
    let src = p.root.join("C/DConcept/DEDATA");
    assert_same_tree(
        &src,
        &bare.join(at(restore, "--target")).join(snapshot_path(&src)),
    );

    // The PDF: one page or more as PNG, and its text with the German letters intact.
    let pdf = out.join("notfallblatt.pdf");
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(&pdf)
        .arg(out.join("page"))
        .status()
        .expect("pdftoppm (Debian poppler-utils) is installed");
    assert!(st.success());
    assert!(out.join("page-1.png").exists() || out.join("page-01.png").exists());
    // The QR code holds exactly the key line (zbarimg, Debian zbar-tools, reads it off the page).
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(out.join("qr"))
        .status()
        .unwrap();
    assert!(st.success());
    let png = ["qr-1.png", "qr-01.png"]
        .iter()
        .map(|n| out.join(n))
        .find(|p| p.exists())
        .unwrap();
    let scan = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg (Debian zbar-tools) is installed");
    assert_eq!(String::from_utf8_lossy(&scan.stdout).trim(), key[0]);
    let t = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is installed");
    let pdf_text = String::from_utf8_lossy(&t.stdout);
    for want in [
        "NOTFALLBLATT",
        "Praxis Dr. Müller",
        "Wiederherstellungsschlüssel",
        "Büro",
        key[0],
    ] {
        assert!(pdf_text.contains(want), "{want}:\n{pdf_text}");
    }
    assert!(
        pdf_text.contains(&format!(
            "> tresor restore latest:nightly --repo {}",
            p.root.join("RDX").display()
        )),
        "{pdf_text}"
    );
}

#[test]
fn without_the_key_the_sheet_names_where_it_is_kept_and_english_works() {
    let p = practice("en");
    let out = p.root.join("sheet");
    let r = expect_code(p.cmd(&["notfallblatt", "--out"]).arg(&out), 3);
    assert!(
        r.stderr.contains("--recovery-key FILE")
            && r.stderr.contains("tresor-wiederherstellungsschluessel-"),
        "{}",
        r.stderr
    );
    ok(p.cmd(&["notfallblatt", "--no-key", "--out"]).arg(&out));
    let raw = fs::read_to_string(out.join("notfallblatt.txt")).unwrap();
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        !raw.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")),
        "{raw}"
    );
    assert!(text.contains("Kept in: Notfallordner im Tresor"), "{text}");
    assert!(text.contains("EMERGENCY SHEET"), "{text}");
    assert!(text.contains("valid when the backup was made"), "{text}");
    // A key file that is not one of the installation's recovery keys is refused.
    let machine = p.root.join("keys/machine.key");
    let r = expect_code(
        p.cmd(&["notfallblatt", "--out"])
            .arg(&out)
            .arg("--recovery-key")
            .arg(&machine),
        3,
    );
    assert!(
        r.stderr
            .contains("is not a recovery key of this installation"),
        "{}",
        r.stderr
    );
    assert!(Path::new(&out).join("notfallblatt.pdf").exists());
}

/// A recovery key added after the first backup does not open it: the sheet
/// printed with that key says so (top and place) and warns (exit 1) until a
/// backup has stored the data for it too; then the sheet is complete and the
/// newest snapshot restores with that key alone.
#[test]
fn a_sheet_with_a_key_added_later_is_complete_only_after_the_next_backup() {
    let p = practice("de");
    let extra = p.root.join("extra");
    ok(p.cmd(&["key", "add-recovery", "--key-out"]).arg(&extra));
    let key = only_file_in(&extra);
    let out = p.root.join("sheet");
    let sheet = |p: &Practice, code: i32| -> String {
        let r = expect_code(
            p.cmd(&["notfallblatt", "--out"])
                .arg(&out)
                .arg("--recovery-key")
                .arg(&key),
            code,
        );
        let raw = fs::read_to_string(out.join("notfallblatt.txt")).unwrap();
        format!(
            "{}\n{}",
            r.stderr,
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    let t = sheet(&p, 1);
    assert!(t.contains("genügt NOCH NICHT"), "{t}");
    assert!(t.contains("öffnet hier 0 von 1 Sicherungen"), "{t}");
    assert!(
        t.contains("neueste Sicherung auf rdx öffnet dieser Wiederherstellungsschlüssel nicht"),
        "{t}"
    );
    // The NAS holds nothing yet: nothing to open, nothing missing.
    assert!(t.contains("Dort liegt noch keine Sicherung"), "{t}");

    ok(&mut p.cmd(&["backup", "--job", "nightly"]));
    let t = sheet(&p, 0);
    assert!(t.contains("Dieses Blatt genügt,"), "{t}");
    assert!(
        t.contains("öffnet hier 1 von 2 Sicherungen, alle ab"),
        "{t}"
    );
    let target = p.root.join("bare-restore");
    let mut c = tresor();
    c.env("HOME", &p.root)
        .current_dir(&p.root)
        .args(["restore", "latest", "--repo"])
        .arg(p.root.join("RDX"))
        .arg("--key")
        .arg(&key)
        .arg("--target")
        .arg(&target);
    ok(&mut c);
    let src = p.root.join("C/DConcept/DEDATA");
    assert_same_tree(&src, &target.join(snapshot_path(&src)));
}

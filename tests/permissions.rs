//! Permission errors, for real: tresor runs as an ordinary user here
//! (uid 65534 through `setpriv` when the suite runs as root, as CI does;
//! root ignores file permissions), so the code paths that handle EACCES are
//! the ones under test on every machine.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::*;

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

fn backup_as_nobody(scratch: &Path, repo: &Repo, src: &Path, lang: &str) -> Run {
    run(tresor_unprivileged(scratch)
        .args(["backup", "--language", lang, "--path"])
        .arg(src)
        .arg("--repo")
        .arg(&repo.repo)
        .arg("--key")
        .arg(repo.machine_key()))
}

/// A practice folder with a folder and a file its user may not read.
fn practice_with_locked_parts(root: &Path) -> std::path::PathBuf {
    let src = root.join("praxis");
    fs::create_dir_all(src.join("DEDATA")).unwrap();
    fs::create_dir_all(src.join("Archiv/2019")).unwrap();
    fs::write(src.join("DEDATA/patient.dat"), b"Mustermann, Erika").unwrap();
    fs::write(src.join("Archiv/2019/alt.dat"), b"alt").unwrap();
    fs::write(src.join("Lizenz.lic"), b"geheim").unwrap();
    fs::write(src.join("zuletzt.txt"), b"z").unwrap();
    src
}

#[test]
fn unreadable_folder_and_file_are_warnings_and_everything_else_is_saved() {
    let t = tempfile::tempdir().unwrap();
    let src = practice_with_locked_parts(t.path());
    let repo = Repo::init(t.path());
    give_to_nobody(t.path());
    chmod(&src.join("Archiv/2019"), 0o000);
    chmod(&src.join("Lizenz.lic"), 0o000);

    let r = backup_as_nobody(t.path(), &repo, &src, "en");
    chmod(&src.join("Archiv/2019"), 0o755);
    assert_eq!(
        r.code, 1,
        "warnings, not failure:\n{}{}",
        r.stdout, r.stderr
    );
    let base = snapshot_path(&src);
    for unreadable in ["Archiv/2019", "Lizenz.lic"] {
        let line = format!("{base}/{unreadable} could not be read");
        assert!(r.stdout.contains(&line), "{line}:\n{}", r.stdout);
    }
    assert_eq!(
        r.stdout.matches("could not be read").count(),
        2,
        "{}",
        r.stdout
    );

    // The walk went on past both: everything readable is in the snapshot,
    // the locked folder as an entry without content, the locked file not at all.
    let ls = ok(&mut repo.cmd(&["ls", "latest"])).stdout;
    for present in ["DEDATA/patient.dat", "zuletzt.txt", "Archiv/2019", "Archiv"] {
        assert!(
            ls.contains(&format!("{base}/{present}")),
            "{present}:\n{ls}"
        );
    }
    assert!(
        !ls.contains("alt.dat") && !ls.contains("Lizenz.lic"),
        "{ls}"
    );
}

#[test]
fn write_protected_medium_is_a_permission_error_and_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.dat"), b"a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    give_to_nobody(t.path());
    // The write-protect switch as its user sees it: nothing below the
    // repository may be written.
    let dirs: Vec<_> = walkdir::WalkDir::new(&repo.repo)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    for d in &dirs {
        chmod(d, 0o555);
    }
    let before = repo.files("");

    let de = backup_as_nobody(t.path(), &repo, &src, "de");
    let en = backup_as_nobody(t.path(), &repo, &src, "en");
    for d in &dirs {
        chmod(d, 0o755);
    }
    assert_eq!(de.code, 2, "{}{}", de.stdout, de.stderr);
    assert_eq!(en.code, 2, "{}{}", en.stdout, en.stderr);
    let location = repo.repo.display().to_string();
    assert!(
        de.stderr
            .contains(&format!("Keine Berechtigung für {location}/locks/")),
        "{}",
        de.stderr
    );
    assert!(
        en.stderr
            .contains(&format!("Permission denied for {location}/locks/")),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("right account"), "hint: {}", en.stderr);
    assert_eq!(repo.files(""), before, "nothing written");
    assert_eq!(repo.snapshot_ids().len(), 1);
    repo.assert_check_clean();
}

//! Issue 13, point 1: `tresor media label` and `tresor media show` on
//! cartridge folders. The drive is `root/drive` (the destination folder
//! `root/drive/tresor` lies on it); a cartridge not inserted waits in
//! `root/shelf/<name>`. A foreign medium, or one with other data, is
//! refused and left exactly as it was.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{expect_code, ok, tresor};
use serde_json::Value;

struct Practice {
    root: PathBuf,
    config: PathBuf,
}

impl Practice {
    fn new(root: &Path, rotation: bool) -> Practice {
        let mut yaml = format!(
            "practice: Testpraxis\nlanguage: de\nkeys:\n  machine: {}\ndestinations:\n  rdx: {{ type: local, path: {} }}\n",
            root.join("keys/machine.key").display(),
            root.join("drive/tresor").display()
        );
        if rotation {
            yaml.push_str("rotation:\n  destination: rdx\n");
        }
        fs::create_dir_all(root.join("shelf")).unwrap();
        let config = root.join("tresor.yaml");
        fs::write(&config, yaml).unwrap();
        Practice {
            root: root.to_path_buf(),
            config,
        }
    }

    fn cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = tresor();
        c.env("TRESOR_LANG", "de")
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    fn drive(&self) -> PathBuf {
        self.root.join("drive")
    }

    fn dest(&self) -> PathBuf {
        self.drive().join("tresor")
    }

    /// An empty medium in the drive.
    fn insert_blank(&self) {
        fs::create_dir_all(self.drive()).unwrap();
    }

    /// Takes the medium out and puts it on the shelf as `name`.
    fn eject(&self, name: &str) {
        fs::rename(self.drive(), self.root.join("shelf").join(name)).unwrap();
    }

    fn label(&self) -> Value {
        let text = fs::read_to_string(self.dest().join("tresor-medium.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn label_sets_up_the_repository_and_the_same_name_again_changes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    // The name is matched whatever its case and spacing; the plan's spelling is written.
    let r = ok(&mut p.cmd(&["media", "label", "--name", "dienstag  EXTERN"]));
    assert!(
        r.stdout
            .contains("Kassette »Dienstag extern« ist beschriftet (Kennung "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Aufkleber »Dienstag extern«"),
        "{}",
        r.stdout
    );
    let label = p.label();
    assert_eq!(label["name"], "Dienstag extern");
    assert_eq!(label["format"], 1);
    assert_eq!(label["id"].as_str().unwrap().len(), 32);
    assert_eq!(label["installation"].as_str().unwrap().len(), 64);
    assert!(p.dest().join("tresor.repo").exists(), "init's repository");

    let again = ok(&mut p.cmd(&[
        "--language",
        "en",
        "media",
        "label",
        "--name",
        "Dienstag extern",
    ]));
    assert!(
        again.stdout.contains("already is “Dienstag extern” (id "),
        "{}",
        again.stdout
    );
    assert_eq!(p.label(), label, "unchanged");

    let j = ok(&mut p.cmd(&["media", "label", "--name", "Dienstag extern", "--json"]));
    let doc = json(&j.stdout);
    assert_eq!(doc["command"], "media");
    assert_eq!(doc["exit_code"], 0);
    assert_eq!(doc["action"], "unchanged");
    assert_eq!(doc["medium"]["id"], label["id"]);
    assert_eq!(doc["destination"]["name"], "rdx");
}

#[test]
fn relabel_needs_force_and_keeps_the_id() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    ok(&mut p.cmd(&["media", "label", "--name", "Montag Praxis"]));
    let before = p.label();

    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Dienstag Praxis"]),
        2,
    );
    assert!(
        r.stderr.contains(
            "Die eingelegte Kassette heißt bereits »Montag Praxis«, nicht »Dienstag Praxis«."
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(p.label(), before);
    let r = expect_code(
        &mut p.cmd(&[
            "--language",
            "en",
            "media",
            "label",
            "--name",
            "Dienstag Praxis",
            "--json",
        ]),
        2,
    );
    let doc = json(&r.stdout);
    assert_eq!(doc["error"]["code"], "medium_labelled");
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already called “Montag Praxis”"));

    let r = ok(&mut p.cmd(&["media", "label", "--name", "Dienstag Praxis", "--force"]));
    assert!(
        r.stdout.contains("Kassette heißt jetzt »Dienstag Praxis«"),
        "{}",
        r.stdout
    );
    let after = p.label();
    assert_eq!(after["name"], "Dienstag Praxis");
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["installation"], before["installation"]);
}

#[test]
fn a_foreign_cartridge_is_refused_and_left_untouched() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    ok(&mut p.cmd(&["media", "label", "--name", "Montag Praxis"]));
    p.eject("Montag Praxis");

    // Another practice's cartridge, set up by its own tresor.
    let other = tempfile::tempdir().unwrap();
    let q = Practice::new(other.path(), true);
    q.insert_blank();
    ok(&mut q.cmd(&["media", "label", "--name", "Montag Praxis"]));
    fs::rename(q.drive(), p.drive()).unwrap();
    let before = common::contents(&p.drive());

    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Montag Praxis"]),
        2,
    );
    assert!(
        r.stderr.contains(
            "Die eingelegte Kassette »Montag Praxis« gehört zu einer anderen Installation"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nichts verändert"), "{}", r.stderr);
    let r = expect_code(
        &mut p.cmd(&[
            "--language",
            "en",
            "media",
            "label",
            "--name",
            "Montag Praxis",
            "--force",
            "--json",
        ]),
        2,
    );
    let doc = json(&r.stdout);
    assert_eq!(doc["error"]["code"], "medium_foreign");
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("belongs to another installation"));
    assert_eq!(
        common::contents(&p.drive()),
        before,
        "nothing on the medium changed"
    );

    let s = ok(&mut p.cmd(&["media", "show", "--json"]));
    assert_eq!(json(&s.stdout)["media"]["state"], "foreign");
}

#[test]
fn an_unlabelled_medium_with_data_is_refused_and_left_untouched() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    fs::create_dir_all(p.drive().join("Urlaubsfotos")).unwrap();
    fs::write(p.drive().join("Urlaubsfotos/strand.jpg"), b"jpeg").unwrap();
    let before = common::contents(&p.drive());

    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Montag Praxis"]),
        2,
    );
    assert!(
        r.stderr
            .contains("enthält andere Daten; tresor beschriftet ihn nicht und formatiert nie"),
        "{}",
        r.stderr
    );
    let r = expect_code(
        &mut p.cmd(&[
            "--language",
            "en",
            "media",
            "label",
            "--name",
            "Montag Praxis",
            "--force",
        ]),
        2,
    );
    assert!(r.stderr.contains("holds other data"), "{}", r.stderr);
    assert_eq!(common::contents(&p.drive()), before);
    assert!(
        !p.root.join("keys").exists(),
        "refused before anything was written, also no key"
    );
}

#[test]
fn no_medium_names_the_cartridge_to_insert() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Freitag extern"]),
        2,
    );
    assert!(r.stderr.contains("ist keine Kassette"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Bitte die Kassette »Freitag extern« einlegen."),
        "{}",
        r.stderr
    );
    let r = expect_code(
        &mut p.cmd(&[
            "--language",
            "en",
            "media",
            "label",
            "--name",
            "Freitag extern",
            "--json",
        ]),
        2,
    );
    let doc = json(&r.stdout);
    assert_eq!(doc["error"]["code"], "no_medium");
    assert_eq!(
        doc["error"]["hint"],
        "Please insert the cartridge “Freitag extern”."
    );
    assert!(!p.drive().exists());

    let s = ok(&mut p.cmd(&["media", "show"]));
    assert!(
        s.stdout.contains("Eingelegt: keine Kassette"),
        "{}",
        s.stdout
    );
}

#[test]
fn unknown_names_and_missing_rotation_are_usage_errors() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Dienstag extren"]),
        3,
    );
    assert!(
        r.stderr.contains(
            "Eine Kassette »Dienstag extren« gibt es im Rotationsplan nicht (meinten Sie »Dienstag extern«?)"
        ),
        "{}",
        r.stderr
    );
    let r = expect_code(
        &mut p.cmd(&[
            "--language",
            "en",
            "media",
            "label",
            "--name",
            "Samstag",
            "--json",
        ]),
        3,
    );
    let doc = json(&r.stdout);
    assert_eq!(doc["error"]["code"], "unknown_cartridge");
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Cartridges of the plan: Montag extern, Montag Praxis,"));
    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Montag Praxis", "-d", "nas"]),
        3,
    );
    assert!(r.stderr.contains("das ist `rdx`"), "{}", r.stderr);
    assert_eq!(
        common::contents(&p.drive()).len(),
        1,
        "the drive stays empty"
    );

    let other = tempfile::tempdir().unwrap();
    let q = Practice::new(other.path(), false);
    let r = expect_code(&mut q.cmd(&["media", "show"]), 3);
    assert!(
        r.stderr
            .contains("ist keine Kassetten-Rotation eingerichtet"),
        "{}",
        r.stderr
    );
    let r = expect_code(
        &mut q.cmd(&["--language", "en", "media", "show", "--json"]),
        3,
    );
    assert_eq!(json(&r.stdout)["error"]["code"], "no_rotation");
}

#[test]
fn show_tells_what_is_inserted_what_is_due_and_the_plan() {
    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    let s = ok(&mut p.cmd(&["media", "show"]));
    assert!(
        s.stdout
            .contains("Eingelegt: ein leerer Datenträger ohne Beschriftung"),
        "{}",
        s.stdout
    );
    ok(&mut p.cmd(&["media", "label", "--name", "Mittwoch Praxis"]));

    let s = ok(&mut p.cmd(&["media", "show"]));
    assert!(
        s.stdout.contains("Kassetten-Laufwerk: rdx ("),
        "{}",
        s.stdout
    );
    assert!(
        s.stdout
            .contains("Eingelegt: Kassette »Mittwoch Praxis« (Kennung "),
        "{}",
        s.stdout
    );
    assert!(s.stdout.contains("Sicherungstag: "), "{}", s.stdout);
    assert!(s.stdout.contains("Jetzt an der Reihe:"), "{}", s.stdout);
    assert!(
        s.stdout.contains("Rotationsplan (variant1):"),
        "{}",
        s.stdout
    );
    assert!(
        s.stdout.contains("Montag extern      feierabend   Mo "),
        "{}",
        s.stdout
    );
    assert!(
        s.stdout.contains("wird mit nach Hause genommen"),
        "{}",
        s.stdout
    );
    assert!(
        s.stdout.contains("bleibt im Tresor der Praxis"),
        "{}",
        s.stdout
    );

    let e = ok(&mut p.cmd(&["--language", "en", "media", "show"]));
    assert!(
        e.stdout
            .contains("In the drive: cartridge “Mittwoch Praxis” (id "),
        "{}",
        e.stdout
    );
    assert!(
        e.stdout.contains("Montag extern      feierabend   Mon "),
        "{}",
        e.stdout
    );

    let doc = json(&ok(&mut p.cmd(&["media", "show", "--json"])).stdout);
    let m = &doc["media"];
    assert_eq!(m["state"], "ours");
    assert_eq!(m["label"]["name"], "Mittwoch Praxis");
    assert_eq!(m["plan"].as_array().unwrap().len(), 10);
    assert_eq!(m["plan"][0]["name"], "Montag extern");
    assert_eq!(m["plan"][0]["days"][0], "mon");
    assert_eq!(m["plan"][0]["kept"], "home");
    assert_eq!(m["due"].as_array().unwrap().len(), 2);
    assert_eq!(m["backup_day"].as_str().unwrap().len(), 10);

    // A damaged label: a warning, exit 1, nothing touched.
    fs::write(p.dest().join("tresor-medium.json"), b"{\"format\":1,").unwrap();
    let r = expect_code(&mut p.cmd(&["media", "show"]), 1);
    assert!(r.stderr.contains("ist beschädigt"), "{}", r.stderr);
    let r = expect_code(
        &mut p.cmd(&["media", "label", "--name", "Mittwoch Praxis"]),
        2,
    );
    assert!(r.stderr.contains("ist beschädigt"), "{}", r.stderr);
    assert_eq!(
        fs::read(p.dest().join("tresor-medium.json")).unwrap(),
        b"{\"format\":1,"
    );
}

/// Unmounts the small tmpfs at the end of the test.
struct Tmpfs(PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The runner's view of a real, small cartridge (a 4 MiB tmpfs; mounting
/// needs root, as CI and the development machines have: the test fails
/// rather than skips where it cannot mount): the labelled cartridge is
/// recognised, the plan decides, and the sizes say what fits.
#[test]
fn the_runner_api_on_a_small_real_cartridge() {
    use tresor::config::rotation::{Plan, Rotation, WrongMedium};
    use tresor::media::{self, space, Decision, Found};

    let t = tempfile::tempdir().unwrap();
    let p = Practice::new(t.path(), true);
    p.insert_blank();
    let st = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(p.drive())
        .status()
        .expect("run mount");
    assert!(st.success(), "this test needs root to mount a small tmpfs");
    let _mounted = Tmpfs(p.drive());
    ok(&mut p.cmd(&["media", "label", "--name", "Montag Praxis"]));
    let inst = tresor::repo::Id::from_hex(p.label()["installation"].as_str().unwrap()).unwrap();

    let rotation = Rotation {
        destination: "rdx".into(),
        plan: Plan::Variant1,
        cartridges: Rotation::builtin(Plan::Variant1),
        day_starts: 360,
        wrong_medium: WrongMedium::Warn,
        eject: false,
        at_drive_root: false,
    };
    let at = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, 30, 0)
            .unwrap()
    };
    // Monday 30 Nov, 02:30 on Tuesday still belongs to Monday.
    let c = media::check_before_backup(&rotation, "nightly", &p.dest(), Some(&inst), at(30, 23))
        .unwrap();
    assert_eq!(c.decision, Decision::Go);
    assert_eq!(c.label().unwrap().name, "Montag Praxis");
    assert_eq!(c.due.as_ref().unwrap().name, "Montag Praxis");
    let a = media::advice(
        &rotation,
        c.due.as_ref().unwrap(),
        tresor::config::Language::De,
    );
    assert_eq!(a.insert_next, "Dienstag extern");
    // The Feierabend job of that Monday finds the night's cartridge.
    let c = media::check_before_backup(&rotation, "feierabend", &p.dest(), Some(&inst), at(30, 18))
        .unwrap();
    assert_eq!(
        c.decision,
        Decision::GoWarn {
            found: "Montag Praxis".into(),
            expected: "Montag extern".into()
        }
    );
    // Another installation's view: foreign, refused.
    let c = media::check_before_backup(
        &rotation,
        "nightly",
        &p.dest(),
        Some(&tresor::repo::Id::random()),
        at(30, 23),
    )
    .unwrap();
    assert!(matches!(c.found, Found::Foreign(_)));
    assert!(matches!(c.decision, Decision::Refuse(_)));

    let s = space::of(&p.dest()).unwrap();
    assert_eq!(s.total, 4 << 20);
    assert_eq!(space::fit(s.total, s.free, 8 << 20), space::Fit::TooSmall);
    fs::write(p.drive().join("alt.bin"), vec![7u8; 3 << 20]).unwrap();
    let s = space::of(&p.dest()).unwrap();
    assert_eq!(space::fit(s.total, s.free, 2 << 20), space::Fit::PruneFirst);
    assert_eq!(space::fit(s.total, s.free, 64 << 10), space::Fit::Fits);
}

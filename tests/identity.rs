//! Issue 11, points 1 and 2: one installation identity. Ten cartridges set
//! up on different days, each alone, share secrets and recipients; one
//! recovery key on a bare machine restores from each, and a file has the same
//! blob ids on all ten. `init` re-runs create no key; a wrong machine key and
//! a repository of another installation are refused without a change.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{assert_same_tree, expect_code, ok, snapshot_path, tresor, warned};
use tresor::repo::crypto::{generate_key, Identities};
use tresor::repo::repofile::{RepoConfig, Secrets};
use tresor::repo::{InitOptions, Repository};
use tresor::storage::local::LocalBackend;

/// A practice with `n` cartridges `cart01…` under `root/media` (the drive
/// they are inserted into); cartridges not inserted wait in `root/shelf`.
struct Practice {
    root: PathBuf,
    config: PathBuf,
}

impl Practice {
    fn new(root: &Path, n: usize, recovery: &[String]) -> Practice {
        let mut yaml = format!(
            "practice: Testpraxis\nlanguage: de\n# Schlüssel dieses Servers\nkeys:\n  machine: {}  # bleibt hier\n",
            root.join("keys/machine.key").display()
        );
        if !recovery.is_empty() {
            yaml.push_str("  recovery:\n");
            recovery
                .iter()
                .for_each(|r| yaml.push_str(&format!("    - {r}\n")));
        }
        yaml.push_str("\n# Die Kassetten\ndestinations:\n");
        for i in 1..=n {
            yaml.push_str(&format!(
                "  cart{i:02}: {{ type: local, path: {} }}\n",
                root.join(format!("media/cart{i:02}")).display()
            ));
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
        c.arg("--config").arg(&self.config).args(args);
        c
    }

    fn keys(&self) -> PathBuf {
        self.root.join("keys")
    }

    fn media(&self, name: &str) -> PathBuf {
        self.root.join("media").join(name)
    }

    fn shelf(&self, name: &str) -> PathBuf {
        self.root.join("shelf").join(name)
    }

    /// Takes the cartridge out of the drive.
    fn eject(&self, name: &str) {
        fs::rename(self.media(name), self.shelf(name)).unwrap();
    }

    /// Names of the files in keys/, sorted.
    fn key_files(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.keys())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            // The job lock and the journal live there too; only keys count.
            .filter(|n| {
                n != "job.lock" && !n.starts_with("journal") && !n.starts_with("tresor.log")
            })
            .collect();
        v.sort();
        v
    }

    fn recovery_key(&self) -> PathBuf {
        let name = self
            .key_files()
            .into_iter()
            .find(|f| f.starts_with("tresor-wiederherstellungsschluessel"))
            .expect("a recovery key file");
        self.keys().join(name)
    }
}

/// A file of pseudo-random bytes, large enough to be cut into several chunks.
fn noise(path: &Path, len: usize, seed: u64) {
    let mut x = seed | 1;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    fs::write(path, bytes).unwrap();
}

/// The repository config as the key file `key` reads it.
fn repo_config(repo: &Path, key: &Path) -> RepoConfig {
    let ids = Identities::from_file_bytes(&fs::read(key).unwrap()).unwrap();
    let backend = LocalBackend::open(repo.to_path_buf()).unwrap();
    Repository::open(Arc::new(backend), Arc::new(ids))
        .unwrap()
        .config()
        .clone()
}

/// The chunk ids of `path` in `tresor ls --json` output (JSON lines or one
/// document: every object with that `path` is searched for).
fn chunks_of(json: &str, path: &str) -> Vec<String> {
    fn find(v: &serde_json::Value, path: &str) -> Option<Vec<String>> {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("path").and_then(|p| p.as_str()) == Some(path) {
                    let c = m.get("chunks")?.as_array()?;
                    return Some(
                        c.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect(),
                    );
                }
                m.values().find_map(|x| find(x, path))
            }
            serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, path)),
            _ => None,
        }
    }
    let whole = serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| find(&v, path));
    whole
        .or_else(|| {
            json.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .find_map(|v| find(&v, path))
        })
        .unwrap_or_else(|| panic!("{path} not in ls --json output:\n{json}"))
}

#[test]
fn ten_cartridges_set_up_on_ten_days_open_with_one_recovery_key() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 10, &[]);
    let src = tmp.path().join("praxis");
    fs::create_dir_all(src.join("DEDATA")).unwrap();
    noise(&src.join("DEDATA/T0001.DAT"), 3 << 20, 7);
    fs::write(src.join("DEDATA/brief.txt"), "Sehr geehrte Frau Muster\n").unwrap();

    let mut key_files_after_first = Vec::new();
    for day in 1..=10 {
        let cart = format!("cart{day:02}");
        // Day `day`: only this (new, empty) cartridge is in the drive.
        assert_eq!(
            fs::read_dir(tmp.path().join("media")).map_or(0, |d| d.count()),
            0
        );
        let lang = if day % 2 == 0 { "en" } else { "de" };
        let init = ok(&mut p.cmd(&["--language", lang, "init", "--destination", &cart]));
        if day == 1 {
            assert!(
                init.stdout.contains("Maschinenschlüssel erstellt"),
                "{}",
                init.stdout
            );
            assert!(
                init.stdout.contains("WIEDERHERSTELLUNGSSCHLÜSSEL"),
                "{}",
                init.stdout
            );
            assert!(
                init.stdout.contains("Installationsidentität erstellt"),
                "{}",
                init.stdout
            );
            key_files_after_first = p.key_files();
            assert_eq!(key_files_after_first.len(), 3, "{key_files_after_first:?}");
        } else {
            assert_eq!(p.key_files(), key_files_after_first, "day {day} made a key");
            assert!(!init.stdout.contains("AGE-SECRET-KEY"), "{}", init.stdout);
            let reused = match lang {
                "de" => "Installationsidentität verwendet",
                _ => "Installation identity used",
            };
            assert!(init.stdout.contains(reused), "{}", init.stdout);
        }
        let created = match lang {
            "de" => format!("Sicherungsziel eingerichtet: {cart}"),
            _ => format!("Repository created: {cart}"),
        };
        assert!(init.stdout.contains(&created), "{}", init.stdout);
        ok(tresor()
            .args(["backup", "--quiet", "--repo"])
            .arg(p.media(&cart))
            .arg("--key")
            .arg(p.keys().join("machine.key"))
            .arg("--path")
            .arg(&src));
        p.eject(&cart);
    }

    // The recipient printed on day 1 is in tresor.yaml, comments kept.
    let recovery = p.recovery_key();
    let recipient = fs::read_to_string(&recovery)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(String::from))
        .unwrap();
    let yaml = fs::read_to_string(&p.config).unwrap();
    assert!(
        yaml.contains(&format!("  recovery:\n    - {recipient}\n")),
        "{yaml}"
    );
    assert!(yaml.contains("# bleibt hier") && yaml.contains("# Die Kassetten"));

    // A bare machine: no config, no machine key, only the printed recovery key.
    let emergency = tmp.path().join("notfallordner");
    fs::create_dir_all(&emergency).unwrap();
    let key = emergency.join("recovery.key");
    fs::copy(&recovery, &key).unwrap();
    let file = format!("{}/DEDATA/T0001.DAT", snapshot_path(&src));
    let mut first: Option<(Vec<String>, RepoConfig)> = None;
    for day in 1..=10 {
        let cart = p.shelf(&format!("cart{day:02}"));
        let bare = |args: &[&str]| {
            let mut c = tresor();
            c.arg(args[0])
                .arg("--repo")
                .arg(&cart)
                .arg("--key")
                .arg(&key)
                .args(&args[1..]);
            c
        };
        ok(&mut bare(&["snapshots"]));
        let target = tmp.path().join(format!("restore{day:02}"));
        ok(bare(&["restore", "latest", "--quiet", "--target"]).arg(&target));
        assert_same_tree(&src, &target.join(snapshot_path(&src)));
        let chunks = chunks_of(&ok(&mut bare(&["ls", "latest", "--json"])).stdout, &file);
        assert!(chunks.len() > 1, "{chunks:?}");
        let cfg = repo_config(&cart, &key);
        // The medium's copy of the identity equals the server's, and the
        // recovery key alone reads both.
        let server = tresor::identity::file::load(
            &p.keys().join(tresor::identity::FILE_NAME),
            &Identities::from_file_bytes(&fs::read(&key).unwrap()).unwrap(),
            &key,
        )
        .unwrap()
        .unwrap();
        let rebuilt = tresor::identity::Identity::from_repository(&cfg, &cfg.recipients[0]);
        assert_eq!(rebuilt.installation, server.installation);
        assert!(rebuilt.secrets == server.secrets);
        assert_eq!(rebuilt.recipients(), server.recipients());
        match &first {
            None => first = Some((chunks, cfg)),
            Some((c1, cfg1)) => {
                assert_eq!(&chunks, c1, "blob ids differ on cartridge {day}");
                assert!(cfg.installation.is_some());
                assert_eq!(cfg.installation, cfg1.installation);
                assert!(cfg.secrets == cfg1.secrets);
                assert_eq!(cfg.recipients, cfg1.recipients);
            }
        }
    }
}

#[test]
fn a_rerun_says_already_set_up_and_creates_no_key() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 1, &[]);
    ok(&mut p.cmd(&["--language", "de", "init"]));
    let keys = p.key_files();
    let yaml = fs::read_to_string(&p.config).unwrap();

    let de = ok(&mut p.cmd(&["--language", "de", "init"]));
    assert!(
        de.stdout
            .contains("Bereits eingerichtet, unverändert: cart01"),
        "{}",
        de.stdout
    );
    assert!(de.stdout.contains("Steht bereits in"), "{}", de.stdout);
    let en = ok(&mut p.cmd(&["--language", "en", "init"]));
    assert!(
        en.stdout.contains("Already set up, unchanged: cart01"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.contains("Public part of the recovery key"),
        "{}",
        en.stdout
    );
    for out in [&de.stdout, &en.stdout] {
        assert!(!out.contains("AGE-SECRET-KEY"), "{out}");
    }
    assert_eq!(p.key_files(), keys);
    assert_eq!(fs::read_to_string(&p.config).unwrap(), yaml);
}

#[test]
fn recovery_recipients_of_the_config_are_used_and_no_key_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let offline = generate_key();
    let p = Practice::new(tmp.path(), 1, std::slice::from_ref(&offline.recipient));
    let r = ok(&mut p.cmd(&["--language", "de", "init"]));
    assert!(!r.stdout.contains("AGE-SECRET-KEY"), "{}", r.stdout);
    assert!(r.stdout.contains(&offline.recipient));
    assert_eq!(p.key_files(), ["machine.key", "tresor-identity.age"]);
    let cfg = repo_config(&p.media("cart01"), &p.keys().join("machine.key"));
    assert!(cfg.recipients.contains(&offline.recipient));
}

#[test]
fn a_machine_key_that_does_not_open_the_identity_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 2, &[]);
    ok(&mut p.cmd(&["init", "--destination", "cart01"]));
    let other = generate_key();
    let machine = p.keys().join("machine.key");
    fs::remove_file(&machine).unwrap();
    fs::write(&machine, format!("{}\n", other.secret)).unwrap();
    let keys = p.key_files();

    let de = expect_code(
        &mut p.cmd(&["--language", "de", "init", "--destination", "cart02"]),
        2,
    );
    assert!(
        de.stderr.contains("öffnet die Installationsidentität")
            && de.stderr.contains("Nichts wurde geändert"),
        "{}",
        de.stderr
    );
    let en = expect_code(
        &mut p.cmd(&["--language", "en", "init", "--destination", "cart02"]),
        2,
    );
    assert!(
        en.stderr
            .contains("does not open the installation identity"),
        "{}",
        en.stderr
    );
    assert_eq!(p.key_files(), keys);
    assert!(!p.media("cart02").join("tresor.repo").exists());
}

#[test]
fn a_repository_of_another_installation_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("fremd");
    ok(tresor()
        .args(["init", "--repo"])
        .arg(&repo)
        .arg("--key-out")
        .arg(tmp.path().join("keys-a")));
    let before = fs::read(repo.join("config")).unwrap();
    let keys_b = tmp.path().join("keys-b");

    let de = expect_code(
        tresor()
            .args(["--language", "de", "init", "--repo"])
            .arg(&repo)
            .arg("--key-out")
            .arg(&keys_b),
        2,
    );
    assert!(
        de.stderr.contains("Sicherung einer anderen Installation"),
        "{}",
        de.stderr
    );
    let en = expect_code(
        tresor()
            .args(["--language", "en", "init", "--repo"])
            .arg(&repo)
            .arg("--key-out")
            .arg(&keys_b),
        2,
    );
    assert!(
        en.stderr.contains("repository of another installation"),
        "{}",
        en.stderr
    );
    // Refused before anything was written: no keys for the other installation either.
    assert!(!keys_b.exists());
    assert_eq!(fs::read(repo.join("config")).unwrap(), before);
}

/// A server set up before identities existed: a repository with its own
/// secrets and recipients, a machine key, no identity file.
fn old_installation(p: &Practice, cart: &str) -> (Secrets, String) {
    let machine = generate_key();
    let recovery = generate_key();
    fs::create_dir_all(p.keys()).unwrap();
    fs::write(
        p.keys().join("machine.key"),
        format!("{}\n", machine.secret),
    )
    .unwrap();
    let secrets = Secrets::generate();
    let backend = LocalBackend::create(p.media(cart)).unwrap();
    Repository::init(
        Arc::new(backend),
        InitOptions::new(
            vec![machine.recipient, recovery.recipient.clone()],
            secrets.clone(),
        ),
    )
    .unwrap();
    (secrets, recovery.recipient)
}

#[test]
fn an_older_repository_in_reach_gives_its_secrets_to_the_identity() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 2, &[]);
    let (secrets, recovery) = old_installation(&p, "cart01");

    let r = ok(&mut p.cmd(&["--language", "de", "init", "--destination", "cart02"]));
    assert!(
        r.stdout
            .contains("Installationsidentität von der bestehenden Sicherung"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("AGE-SECRET-KEY"), "{}", r.stdout);
    assert_eq!(p.key_files(), ["machine.key", "tresor-identity.age"]);
    let cfg = repo_config(&p.media("cart02"), &p.keys().join("machine.key"));
    assert!(cfg.secrets == secrets);
    assert!(cfg.recipients.contains(&recovery));
    // The older cartridge itself is of this installation: already set up.
    let en = ok(&mut p.cmd(&["--language", "en", "init"]));
    assert!(
        en.stdout.contains("Already set up, unchanged: cart01"),
        "{}",
        en.stdout
    );
}

#[test]
fn no_identity_and_nothing_in_reach_is_said_and_warned() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 2, &[]);
    let (_, _) = old_installation(&p, "cart01");
    p.eject("cart01");

    let de = warned(&mut p.cmd(&["--language", "de", "init", "--destination", "cart02"]));
    assert!(
        de.stderr
            .contains("gab es noch keine Installationsidentität"),
        "{}",
        de.stderr
    );
    // The old cartridge comes back: readable, but with its own secrets.
    fs::rename(p.shelf("cart01"), p.media("cart01")).unwrap();
    let en = warned(&mut p.cmd(&["--language", "en", "init"]));
    assert!(
        en.stderr
            .contains("was set up before the installation identity"),
        "{}",
        en.stderr
    );
}

/// The machine key opens it, but its installation id is another: a backup
/// with the server's key refuses it as well as `init` does.
#[test]
fn backup_and_init_refuse_another_installation_the_machine_key_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 1, &[]);
    ok(&mut p.cmd(&["init"]));
    let machine = p.keys().join("machine.key");
    let ids = Identities::from_file_bytes(&fs::read(&machine).unwrap()).unwrap();
    let other = tmp.path().join("andere");
    let mut opts = InitOptions::new(ids.recipients(), Secrets::generate());
    opts.installation = Some(tresor::repo::Id::random());
    Repository::init(Arc::new(LocalBackend::create(other.clone()).unwrap()), opts).unwrap();
    let src = tmp.path().join("praxis");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();

    let backup = |lang: &str| {
        let mut c = tresor();
        c.args(["--language", lang, "backup", "--quiet", "--repo"])
            .arg(&other)
            .arg("--key")
            .arg(&machine)
            .arg("--path")
            .arg(&src);
        expect_code(&mut c, 2)
    };
    let de = backup("de");
    assert!(
        de.stderr.contains("Sicherung einer anderen Installation"),
        "{}",
        de.stderr
    );
    let en = backup("en");
    assert!(
        en.stderr.contains("repository of another installation"),
        "{}",
        en.stderr
    );
    assert!(fs::read_dir(other.join("snapshots")).map_or(0, |d| d.count()) == 0);
    let init = expect_code(
        tresor()
            .args(["init", "--repo"])
            .arg(&other)
            .arg("--key")
            .arg(&machine),
        2,
    );
    assert!(
        init.stderr.contains("another installation"),
        "{}",
        init.stderr
    );
    // The refusal has a stable code for monitoring tools.
    let mut c = tresor();
    c.args(["backup", "--json", "--repo"])
        .arg(&other)
        .arg("--key")
        .arg(&machine)
        .arg("--path")
        .arg(&src);
    let js = expect_code(&mut c, 2);
    let doc: serde_json::Value = serde_json::from_str(&js.stdout).expect(&js.stdout);
    assert_eq!(doc["error"]["code"], "other_installation", "{doc}");
    // Reading is never refused: what the key opens stays readable (a medium
    // set up under an earlier identity of this server, after the identity
    // file was lost).
    let mut c = tresor();
    c.args(["snapshots", "--repo"])
        .arg(&other)
        .arg("--key")
        .arg(&machine);
    ok(&mut c);
}

/// `keys: { … }` in flow style is not edited: the lines to add are printed
/// and the run warns, on every run until they are there; no second key.
#[test]
fn a_config_that_cannot_be_edited_gets_the_lines_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 1, &[]);
    let flow = format!(
        "practice: Testpraxis\nkeys: {{ machine: {} }}\ndestinations:\n  cart01: {{ type: local, path: {} }}\n",
        p.keys().join("machine.key").display(),
        p.media("cart01").display()
    );
    fs::write(&p.config, &flow).unwrap();
    let de = warned(&mut p.cmd(&["--language", "de", "init"]));
    assert!(
        de.stderr
            .contains("ließ sich nicht sicher automatisch ergänzen")
            && de.stderr.contains("  recovery:\n    - age1"),
        "{}",
        de.stderr
    );
    let keys = p.key_files();
    let en = warned(&mut p.cmd(&["--language", "en", "init"]));
    assert!(
        en.stderr.contains("could not be updated safely"),
        "{}",
        en.stderr
    );
    assert_eq!(p.key_files(), keys);
    assert_eq!(fs::read_to_string(&p.config).unwrap(), flow);
}

/// A refused `init` (a repository of another installation among the
/// targets) leaves nothing behind: not even the folder of a new destination.
#[test]
fn a_refused_init_creates_no_destination_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let p = Practice::new(tmp.path(), 2, &[]);
    ok(tresor()
        .args(["init", "--repo"])
        .arg(p.media("cart01"))
        .arg("--key-out")
        .arg(tmp.path().join("keys-a")));
    let new = p.media("cart02");
    assert!(!new.exists());

    let de = expect_code(&mut p.cmd(&["--language", "de", "init"]), 2);
    assert!(
        de.stderr.contains("Sicherung einer anderen Installation"),
        "{}",
        de.stderr
    );
    assert!(!new.exists(), "init refused but created {}", new.display());
    let en = expect_code(&mut p.cmd(&["--language", "en", "init"]), 2);
    assert!(
        en.stderr.contains("repository of another installation"),
        "{}",
        en.stderr
    );
    assert!(!new.exists(), "init refused but created {}", new.display());
    assert!(!p.keys().join("machine.key").exists());

    // A new destination whose parent folders are missing, set up alone:
    // created only now, when it is set up.
    let deep = tmp.path().join("NEU/t");
    ok(tresor()
        .args(["--language", "de", "init", "--repo"])
        .arg(&deep)
        .arg("--key-out")
        .arg(tmp.path().join("keys-c")));
    assert!(deep.join("tresor.repo").is_file());
}

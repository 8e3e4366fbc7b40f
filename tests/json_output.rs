//! Every subcommand that takes `--json` prints exactly one JSON document on
//! stdout (docs/output.md), for a success and for a failure: parsed with
//! serde_json, its envelope and its own fields asserted.

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;
use support::mssql_simulator::{Instance, SimDatabase, Simulator};

const DB: &str = "medatixx_praxis";

/// A practice with `C:\WINACS` files, the medatixx profile with its
/// database on the simulated SQL Server, and destinations `rdx` (first) and
/// `nas`.
struct Practice {
    _t: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
    _sim: Simulator,
}

fn practice() -> Practice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    let c = root.join("C");
    fs::create_dir_all(c.join("WINACS/Rechnung")).unwrap();
    fs::write(c.join("WINACS/Rechnung/r1.pdf"), "Rechnung 1").unwrap();
    let lx2 = c.join("ProgramData/medatixx/lx2 Server");
    fs::create_dir_all(&lx2).unwrap();
    fs::write(lx2.join("Server.Host.config"), "<configuration/>").unwrap();
    fs::write(lx2.join("medatixx.lic"), "LIZENZ").unwrap();
    let data = c.join("MSSQL/DATA");
    fs::create_dir_all(&data).unwrap();
    let staging = root.join("staging");
    for d in ["RDX", "NAS", "keys", "staging"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let d = data.to_string_lossy().into_owned();
    let mut inst = Instance::express(&d);
    inst.add(SimDatabase::new(DB, &d, 200, 400));
    for f in inst.databases.iter().flat_map(|d| d.files.iter()) {
        fs::write(&f.physical, "page data").unwrap();
    }
    let sim = Simulator::start(inst);
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: de\nprofiles: [medatixx]\ndrives:\n  C: {c}\n  E: {r}/RDX\n  F: {r}/NAS\n\
             keys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\' }}\n  nas: {{ type: local, path: 'F:\\' }}\n\
             sources:\n  - path: 'C:\\WINACS'\n\
             sqlserver:\n  connection: 'Server=tcp:127.0.0.1,{port};User ID=tresor;Password=geheim;Encrypt=NotSupported'\n  staging: {staging}\n  timeout_minutes: 1\n",
            c = c.display(),
            r = root.display(),
            port = sim.port,
            staging = staging.display()
        ),
    )
    .unwrap();
    let p = Practice {
        _t: t,
        root,
        config,
        _sim: sim,
    };
    ok(p.cmd(&["init", "--key-out"]).arg(p.root.join("keys")));
    p
}

impl Practice {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg("--config").arg(&self.config).args(args);
        c
    }
}

/// Runs, expects exit `code`, parses stdout as one JSON document and checks
/// the envelope every document has.
fn doc(cmd: &mut Command, command: &str, code: i32) -> Value {
    let r = expect_code(cmd, code);
    let v: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{}", r.stdout));
    assert_eq!(v["tresor_output"], 1, "{v}");
    assert_eq!(v["command"], command, "{v}");
    assert_eq!(v["exit_code"], code, "{v}");
    assert_eq!(v["ok"], code <= 1, "{v}");
    assert!(v["warnings"].is_array(), "{v}");
    if code >= 2 {
        assert!(v["error"]["code"].is_string(), "{v}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{v}");
    } else {
        assert!(v["error"].is_null(), "{v}");
    }
    v
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap()
}

fn missing(p: &Practice) -> PathBuf {
    p.root.join("no-such-medium")
}

fn bare(p: &Practice, args: &[&str], repo: &Path) -> Command {
    let mut c = tresor();
    c.args(args)
        .arg("--repo")
        .arg(repo)
        .arg("--key")
        .arg(p.root.join("keys/machine.key"));
    c
}

#[test]
fn every_json_command_prints_one_document_for_success_and_failure() {
    let p = practice();

    // backup
    let v = doc(
        &mut p.cmd(&["backup", "--job", "nightly", "--json"]),
        "backup",
        0,
    );
    assert_eq!(v["destination"]["name"], "rdx");
    assert_eq!(v["destination"]["path"], "E:\\");
    assert_eq!(v["job"], "nightly");
    assert_eq!(v["snapshot"].as_str().unwrap().len(), 64);
    assert!(v["summary"]["files"].as_u64().unwrap() >= 1, "{v}");
    let v = doc(
        &mut p.cmd(&["backup", "--job", "feierabnd", "--json"]),
        "backup",
        3,
    );
    assert_eq!(error_code(&v), "unknown_job");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("feierabend"),
        "{v}"
    );
    assert!(
        v["error"]["hint"].as_str().unwrap().contains("nightly"),
        "{v}"
    );
    let v = doc(&mut p.cmd(&["backup", "--json"]), "backup", 3);
    assert_eq!(error_code(&v), "job_required");

    // snapshots
    let v = doc(&mut p.cmd(&["snapshots", "--json"]), "snapshots", 0);
    assert_eq!(v["destination"]["name"], "rdx");
    let snaps = v["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0]["job"], "nightly");
    assert_eq!(snaps[0]["id"].as_str().unwrap().len(), 64);
    assert!(snaps[0]["summary"]["files"].is_u64());
    assert_eq!(snaps[0]["databases"][0]["name"], DB);
    let v = doc(
        &mut bare(&p, &["snapshots", "--json"], &missing(&p)),
        "snapshots",
        2,
    );
    assert_eq!(error_code(&v), "destination_unavailable");
    let v = doc(
        &mut p.cmd(&["snapshots", "-d", "rdy", "--json"]),
        "snapshots",
        3,
    );
    assert_eq!(error_code(&v), "unknown_destination");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("rdx"),
        "{v}"
    );

    // ls
    let v = doc(
        &mut p.cmd(&["ls", "latest", r"C:\WINACS\Rechnung", "--json"]),
        "ls",
        0,
    );
    assert_eq!(v["path"], "C/WINACS/Rechnung");
    let paths: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["C/WINACS/Rechnung", "C/WINACS/Rechnung/r1.pdf"]);
    assert_eq!(v["entries"][1]["kind"], "file");
    assert_eq!(v["entries"][1]["size"], 10);
    let v = doc(
        &mut p.cmd(&["ls", "latest", r"C:\Nirgends", "--json"]),
        "ls",
        2,
    );
    assert_eq!(error_code(&v), "path_not_found");
    assert!(
        v["error"]["hint"].as_str().unwrap().contains("C/WINACS"),
        "{v}"
    );

    // restore
    let target = p.root.join("out");
    let v = doc(
        p.cmd(&[
            "restore",
            "latest",
            "--json",
            "--include",
            "C/WINACS",
            "--target",
        ])
        .arg(&target),
        "restore",
        0,
    );
    assert_eq!(v["include"][0], "C/WINACS");
    assert_eq!(v["restored"]["files"], 1);
    assert_eq!(v["restored"]["verified"], 1);
    assert_eq!(v["failed"].as_array().unwrap().len(), 0);
    assert_eq!(v["targets"][0], target.display().to_string());
    let v = doc(
        p.cmd(&[
            "restore",
            "latest",
            "--json",
            "--include",
            "C/WINACS",
            "--target",
        ])
        .arg(&target),
        "restore",
        2,
    );
    assert_eq!(error_code(&v), "would_overwrite");

    // restore-db
    let v = doc(
        p.cmd(&[
            "restore-db",
            "latest",
            "--json",
            "--database",
            DB,
            "--as",
            "WINACS_alt",
            "--data-dir",
        ])
        .arg(p.root.join("dbrestore")),
        "restore-db",
        0,
    );
    assert_eq!(v["database"]["name"], "WINACS_alt");
    assert_eq!(v["database"]["from"], DB);
    assert!(
        !v["database"]["files"].as_array().unwrap().is_empty(),
        "{v}"
    );
    let v = doc(
        &mut p.cmd(&["restore-db", "latest", "--json", "--database", "GIBTSNICHT"]),
        "restore-db",
        2,
    );
    assert_eq!(error_code(&v), "database_restore");

    // drill
    let v = doc(&mut p.cmd(&["drill", "--json"]), "drill", 0);
    assert_eq!(v["destination"]["name"], "rdx");
    let v = doc(
        &mut bare(&p, &["drill", "--json"], &missing(&p)),
        "drill",
        2,
    );
    assert_eq!(error_code(&v), "destination_unavailable");

    // check: clean, an empty destination (a warning), a missing pack (failed)
    let v = doc(&mut p.cmd(&["check", "--json"]), "check", 0);
    assert_eq!(v["check"]["snapshots"], 1);
    assert!(v["check"]["errors"].as_array().unwrap().is_empty());
    let v = doc(&mut p.cmd(&["check", "-d", "nas", "--json"]), "check", 1);
    assert_eq!(v["destination"]["name"], "nas");
    assert_eq!(v["warnings"][0]["code"], "no_snapshots");
    assert!(v["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nas"));

    // forget / prune
    let v = doc(
        &mut p.cmd(&["forget", "--keep-last", "1", "--dry-run", "--json"]),
        "forget",
        0,
    );
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["removed"], 0);
    assert_eq!(v["jobs"][0]["job"], "nightly");
    assert_eq!(v["jobs"][0]["snapshots"][0]["keep"], true);
    assert_eq!(v["jobs"][0]["snapshots"][0]["reasons"][0], "last");
    let v = doc(
        &mut p.cmd(&["forget", "--keep-last", "0", "--json"]),
        "forget",
        3,
    );
    assert_eq!(error_code(&v), "usage");
    let v = doc(&mut p.cmd(&["prune", "--dry-run", "--json"]), "prune", 0);
    assert_eq!(v["prune"]["dry_run"], true);
    assert!(v["prune"]["packs_kept"].as_u64().unwrap() >= 1);
    let v = doc(
        &mut bare(&p, &["prune", "--json"], &missing(&p)),
        "prune",
        2,
    );
    assert_eq!(error_code(&v), "destination_unavailable");

    // check fails once a pack is gone.
    let pack = walkdir::WalkDir::new(p.root.join("RDX/packs"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .expect("a pack")
        .into_path();
    fs::remove_file(pack).unwrap();
    let v = doc(&mut p.cmd(&["check", "--json"]), "check", 2);
    assert_eq!(error_code(&v), "check_failed");
    assert!(!v["check"]["errors"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn a_usage_error_with_json_is_json_too() {
    let t = tempfile::tempdir().unwrap();
    let r = expect_code(tresor().args(["snapshots", "--json", "--bogus"]), 3);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "usage");
    assert_eq!(v["exit_code"], 3);
    assert_eq!(v["ok"], false);
    // A missing configuration file, with --json: JSON.
    let r = expect_code(
        tresor()
            .args(["snapshots", "--json", "--config"])
            .arg(t.path().join("none.yaml")),
        3,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["command"], "snapshots");
    assert_eq!(v["error"]["code"], "usage");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("none.yaml"));
}

#[test]
fn commands_without_json_do_not_accept_it() {
    for args in [
        &["init", "--json"][..],
        &["config", "check", "--json"],
        &["demo", "--json"],
    ] {
        let r = expect_code(tresor().args(args), 3);
        assert!(r.stderr.contains("--json"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn without_json_stdout_is_for_people() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let r = ok(&mut repo.cmd(&["snapshots"]));
    assert!(serde_json::from_str::<Value>(&r.stdout).is_err());
    assert!(r.stdout.contains("1 snapshot"), "{}", r.stdout);
}

#[test]
fn backup_warnings_are_in_the_document() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    fs::create_dir_all(root.join("C/WINACS")).unwrap();
    fs::write(root.join("C/WINACS/a.txt"), "a").unwrap();
    fs::create_dir_all(root.join("RDX")).unwrap();
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\ndrives:\n  C: {r}/C\n  E: {r}/RDX\nkeys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\' }}\n\
             sources:\n  - path: 'C:\\WINACS'\n  - path: 'C:\\Scans'\n",
            r = root.display()
        ),
    )
    .unwrap();
    let cmd = |args: &[&str]| {
        let mut c = tresor();
        c.arg("--config").arg(&config).args(args);
        c
    };
    ok(cmd(&["init", "--key-out"]).arg(root.join("keys")));
    let v = doc(
        &mut cmd(&["backup", "--job", "nightly", "--json"]),
        "backup",
        1,
    );
    let w = &v["warnings"][0];
    assert_eq!(w["code"], "backup", "{v}");
    assert!(w["message"].as_str().unwrap().contains("Scans"), "{v}");
    assert_eq!(v["snapshot"].as_str().unwrap().len(), 64);
}

/// One JSON document for a command line clap refused.
fn usage_doc(cmd: &mut Command) -> Value {
    let r = expect_code(cmd, 3);
    let v: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{}", r.stdout));
    assert_eq!(v["tresor_output"], 1, "{v}");
    assert_eq!(v["exit_code"], 3, "{v}");
    assert_eq!(v["ok"], false, "{v}");
    assert_eq!(v["error"]["code"], "usage", "{v}");
    v
}

#[test]
fn a_usage_error_document_names_the_subcommand_in_the_language_asked_for() {
    let t = tempfile::tempdir().unwrap();
    let de = |args: &[&str]| {
        let mut c = tresor();
        c.env_remove("TRESOR_LANG").args(args);
        c
    };
    // Global options and their values are skipped to find the subcommand.
    let v = usage_doc(&mut de(&["--json", "snapshots"]));
    assert_eq!(v["command"], "snapshots", "{v}");
    let v = usage_doc(&mut de(&[
        "--language",
        "en",
        "snapshots",
        "--json",
        "--bogus",
    ]));
    assert_eq!(v["command"], "snapshots", "{v}");
    assert_eq!(v["error"]["hint"], "Help: tresor snapshots --help", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("The command line is not valid:\n"),
        "{v}"
    );
    assert!(
        message.contains("unexpected argument '--bogus' found"),
        "{v}"
    );
    let v = usage_doc(&mut de(&[
        "-q",
        "snapshots",
        "--json",
        "--bogus",
        "--language",
        "de",
    ]));
    assert_eq!(v["error"]["hint"], "Hilfe: tresor snapshots --help", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Der Aufruf ist fehlerhaft."),
        "{v}"
    );
    // The whole message, not only its first line: it names --overwrite.
    let v = usage_doc(&mut de(&[
        "--config",
        "x.yaml",
        "--language",
        "en",
        "restore",
        "latest",
        "--to-original",
        "--force",
        "--json",
    ]));
    assert_eq!(v["command"], "restore", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--overwrite"),
        "{v}"
    );
    // The configuration's `language:` counts when it can be read.
    let config = t.path().join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: en\ndrives:\n  E: {r}\nkeys:\n  machine: {r}/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\' }}\nsources: []\n",
            r = t.path().display()
        ),
    )
    .unwrap();
    let v = usage_doc(de(&["snapshots", "--json", "--bogus", "--config"]).arg(&config));
    assert_eq!(v["error"]["hint"], "Help: tresor snapshots --help", "{v}");
}

#[test]
fn json_takes_true_and_false_as_values() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    let v = doc(&mut repo.cmd(&["snapshots", "--json=true"]), "snapshots", 0);
    assert_eq!(v["snapshots"].as_array().unwrap().len(), 1);
    let r = ok(&mut repo.cmd(&["snapshots", "--json=false"]));
    assert!(serde_json::from_str::<Value>(&r.stdout).is_err());
    assert!(r.stdout.contains("1 snapshot"), "{}", r.stdout);
    // `--json latest`: the flag does not swallow the snapshot argument.
    let v = doc(&mut repo.cmd(&["ls", "--json", "latest"]), "ls", 0);
    assert!(v["entries"].is_array(), "{v}");
    let v = usage_doc(&mut repo.cmd(&["snapshots", "--json=vielleicht"]));
    assert_eq!(v["command"], "snapshots", "{v}");
}

#[test]
fn forget_prune_dry_run_says_prune_was_not_simulated() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("a.txt"), "a").unwrap();
    let repo = Repo::init(t.path());
    repo.backup(&src);
    repo.backup(&src);
    let v = doc(
        &mut repo.cmd(&[
            "forget",
            "--keep-last",
            "1",
            "--prune",
            "--dry-run",
            "--json",
        ]),
        "forget",
        0,
    );
    assert_eq!(v["removed"], 1, "{v}");
    assert_eq!(v["prune"]["dry_run"], true, "{v}");
    assert_eq!(v["prune"]["run"], false, "{v}");
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "1", "--prune", "--dry-run"]));
    assert!(
        r.stdout
            .contains("Prune (--prune) is not simulated in a dry run"),
        "{}",
        r.stdout
    );
    let r = ok(repo
        .cmd(&["forget", "--keep-last", "1", "--prune", "--dry-run"])
        .env("TRESOR_LANG", "de"));
    assert!(
        r.stdout
            .contains("Aufräumen (--prune) wird im Probelauf nicht simuliert"),
        "{}",
        r.stdout
    );
    // A dry run without --prune says nothing of a prune.
    let v = doc(
        &mut repo.cmd(&["forget", "--keep-last", "1", "--dry-run", "--json"]),
        "forget",
        0,
    );
    assert!(v.get("prune").is_none(), "{v}");
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "1", "--dry-run"]));
    assert!(!r.stdout.contains("not simulated"), "{}", r.stdout);
    // A real forget --prune prunes and says so, without the dry-run remark.
    let r = ok(&mut repo.cmd(&["forget", "--keep-last", "1", "--prune"]));
    assert!(!r.stdout.contains("not simulated"), "{}", r.stdout);
    assert!(r.stdout.contains("\nPruned: "), "{}", r.stdout);
}

/// Every warning and error code the source passes on is in docs/output.md.
#[test]
fn every_code_the_program_emits_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = fs::read_to_string(root.join("docs/output.md")).unwrap();
    let mut codes = std::collections::BTreeSet::new();
    for e in walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = fs::read_to_string(e.path()).unwrap();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for lead in [
            "code: \"",
            "output::warning( \"",
            "output::warning(\"",
            "record_warning(\"",
        ] {
            for part in flat.split(lead).skip(1) {
                if let Some(code) = part.split('"').next() {
                    codes.insert(code.to_string());
                }
            }
        }
        if e.path().ends_with("cli/mod.rs") {
            let body = flat
                .split("pub fn error_code")
                .nth(1)
                .unwrap()
                .split("/// The exit code once")
                .next()
                .unwrap();
            for part in body.split("=> \"").skip(1) {
                codes.insert(part.split('"').next().unwrap().to_string());
            }
        }
    }
    assert!(codes.contains("snapshot_incomplete"), "{codes:?}");
    assert!(codes.contains("wrong_key"), "{codes:?}");
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
}

//! `tresor detect` on fixture servers (tests/fixtures/detect: small text
//! files laid out like the drives of practice servers; `--root` maps
//! `<fixture>/C` to `C:`): the products, their documented paths, the SQL
//! Server the files name (a named instance too), the databases a server
//! lists (against the TDS simulator), and a starter tresor.yaml that
//! `tresor config check` accepts. Odd cases: Windows-1252 umlauts, a UNC
//! data path, a missing folder, an existing tresor.yaml, nothing installed.

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use support::mssql_simulator::{Instance, SimDatabase, Simulator};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/detect")
        .join(name)
}

/// A copy of a fixture server that a test may change.
fn copy_of(name: &str, to: &Path) -> PathBuf {
    let from = fixture(name);
    for e in walkdir::WalkDir::new(&from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
    to.to_path_buf()
}

fn detect(root: &Path, output: &Path, extra: &[&str]) -> Command {
    let mut c = tresor();
    c.arg("detect")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .args(extra);
    c
}

fn config_check(config: &Path) -> Command {
    let mut c = tresor();
    c.arg("--config").arg(config).args(["config", "check"]);
    c
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

/// `config check` accepts the starter: everything required is there, and
/// its one warning is the recovery key that only `tresor init` creates
/// (exit 1, README "Exit codes").
fn passes_check(config: &Path) -> Run {
    let r = warned(&mut config_check(config));
    let warnings: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("WARNING:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", r.stdout);
    assert!(warnings[0].contains("no recovery key"), "{}", r.stdout);
    assert!(!r.stdout.contains("ERROR"), "{}", r.stdout);
    r
}

/// `C:\DConcept\DEDATA` as `config check` shows it (`C/DConcept/DEDATA`).
fn snapshot_spelling(p: &str) -> String {
    match p.strip_prefix(r"\\") {
        Some(unc) => format!("UNC/{}", unc.replace('\\', "/")),
        None => p.replacen(":\\", "/", 1).replace('\\', "/"),
    }
}

/// Every path of the product's profile, as detect lists them (present) and
/// as `config check` lists them (found).
fn assert_paths(detect_out: &str, check_out: &str, paths: &[&str]) {
    for p in paths {
        assert!(
            detect_out.contains(&format!("{p}: present")),
            "detect lists {p}:\n{detect_out}"
        );
        let shown = snapshot_spelling(p);
        assert!(
            check_out
                .lines()
                .any(|l| l.contains("[found]") && l.contains(&format!("({shown})"))),
            "config check finds {shown}:\n{check_out}"
        );
    }
}

#[test]
fn x_concept_with_medatixx_gives_a_config_that_passes_the_check() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = ok(&mut detect(&fixture("xconcept-medatixx"), &cfg, &[]));
    assert!(
        r.stdout
            .contains("x.concept (medatixx) (profile x.concept)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(r"SQL Server localhost\MEDATIXX, database medatixx_praxis – from C:\ProgramData\medatixx\lx2 Server\Server.Host.config, connectionStrings/add[@name='medatixx']"),
        "{}",
        r.stdout
    );
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains("profiles: [x.concept, medatixx]"), "{yaml}");
    assert!(
        yaml.contains(r"connection: 'Data Source=.\MEDATIXX;Initial Catalog=medatixx_praxis;Integrated Security=True'"),
        "{yaml}"
    );
    for todo in [
        "practice:",
        "tresor init",
        "destinations:",
        "rotation:",
        "mail:",
    ] {
        assert!(
            yaml.contains(todo),
            "the starter says what to fill in ({todo}):\n{yaml}"
        );
    }
    let check = passes_check(&cfg);
    assert_paths(
        &r.stdout,
        &check.stdout,
        &[
            r"C:\DConcept\DEDATA",
            r"C:\DConcept\DETEXT",
            r"C:\DConcept\DEZIFF",
            r"C:\DConcept\IVM\DEDATA",
            r"C:\ProgramData\medatixx\lx2 Server\Server.Host.config",
            r"C:\ProgramData\medatixx\lx2 Server\medatixx.lic",
        ],
    );
}

#[test]
fn x_comfort_gives_a_config_that_passes_the_check() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = ok(&mut detect(&fixture("xcomfort"), &cfg, &[]));
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains("profiles: [x.comfort]"), "{yaml}");
    // Its databases are an optional pattern: no SQL Server is no question.
    assert!(yaml.contains("# sqlserver:"), "{yaml}");
    let check = passes_check(&cfg);
    assert_paths(
        &r.stdout,
        &check.stdout,
        &[r"C:\DOC2\DATEN", r"C:\DOC2\USER", r"C:\DOC2\DMP\DEDATA"],
    );
}

#[test]
fn x_isynet_with_a_named_instance_and_a_windows_1252_winacs_ini() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = ok(&mut detect(&fixture("xisynet"), &cfg, &[]));
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains("profiles: [x.isynet]"), "{yaml}");
    // A connection string can carry a password: owner-only, like the keys.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&cfg).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        yaml.contains(r"connection: 'Data Source=PRAXIS\XISYNET;Initial Catalog=WINACS;Integrated Security=SSPI'"),
        "the named instance as ServiceProvider.ini has it:\n{yaml}"
    );
    assert!(
        yaml.contains("Databases named in the files: WINACS"),
        "{yaml}"
    );
    // WINACS.INI is Windows-1252: the umlaut arrives as an umlaut.
    assert!(
        yaml.contains(r"path: 'C:\Praxisdaten\Röntgen', label: 'x.isynet Röntgen'"),
        "{yaml}"
    );
    assert!(
        r.stdout
            .contains(r"from C:\Windows\WINACS.INI, [Pfade] Röntgen"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(r"Hostname = PRAXIS – from C:\WINACS\Text\ServiceProvider\ServiceProvider.ini, [ServiceProvider] Hostname"),
        "{}",
        r.stdout
    );
    let check = passes_check(&cfg);
    assert_paths(
        &r.stdout,
        &check.stdout,
        &[
            r"C:\WINACS\Profil",
            r"C:\WINACS\Rechnung",
            r"C:\WINACS\Text",
            r"C:\WINACS\Vorlage",
            r"C:\WINACS\Foto",
            r"C:\WINACS\Isydoku",
        ],
    );
    for optional in [r"C:\WINACS\Serienbrief", r"C:\WINACS\Skizzen"] {
        assert!(
            r.stdout
                .contains(&format!("{optional}: missing (optional)")),
            "{}",
            r.stdout
        );
    }
    assert!(
        check.stdout.contains("C/Praxisdaten/Röntgen"),
        "{}",
        check.stdout
    );

    // The same as one JSON document, in German.
    let j = ok(&mut detect(
        &fixture("xisynet"),
        &cfg,
        &["--force", "--json", "--language", "de"],
    ));
    let doc = json(&j.stdout);
    assert_eq!(doc["command"], "detect");
    assert_eq!(doc["exit_code"], 0);
    let d = &doc["detection"];
    assert_eq!(d["products"][0]["profile"], "x.isynet");
    assert_eq!(d["sql"][0]["server"], r"PRAXIS\XISYNET");
    assert_eq!(d["sql"][0]["database"], "WINACS");
    assert_eq!(
        d["sql"][0]["evidence"]["file"],
        r"C:\WINACS\Text\ServiceProvider\ServiceProvider.ini"
    );
    assert_eq!(
        d["sql"][0]["evidence"]["key"],
        "[ServiceProvider] ConnectionString"
    );
    assert_eq!(d["sources"][0]["path"], r"C:\Praxisdaten\Röntgen");
    assert!(j.stderr.contains("Gefunden:"), "{}", j.stderr);
}

fn simulator(databases: &[&str], dir: &Path) -> Simulator {
    let d = dir.to_string_lossy().into_owned();
    let mut inst = Instance::express(&d);
    for name in databases {
        inst.add(SimDatabase::new(name, &d, 10, 100));
    }
    Simulator::start(inst)
}

fn sim_connection(port: u16) -> String {
    format!("Server=tcp:127.0.0.1,{port};User ID=tresor;Password=geheim;Encrypt=NotSupported")
}

#[test]
fn an_additional_product_needs_the_sql_server_detect_asks() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    // No file names the server that holds dbMediDOK: detect says so.
    let r = warned(&mut detect(&fixture("xarchiv"), &cfg, &["--json"]));
    let doc = json(&r.stdout);
    assert_eq!(codes(&doc), ["detect_sql_missing"]);
    assert!(
        doc["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("dbMediDOK"),
        "{doc}"
    );
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains("profiles: [x.concept, x.archiv]"), "{yaml}");
    let check = expect_code(&mut config_check(&cfg), 2);
    assert!(check.stderr.contains("dbMediDOK") || check.stdout.contains("dbMediDOK"));

    // With the server named on the command line, detect lists its databases.
    let sim = simulator(&["dbMediDOK", "xImpfen"], t.path());
    let conn = sim_connection(sim.port);
    let r = warned(&mut detect(
        &fixture("xarchiv"),
        &cfg,
        &["--force", "--json", &format!("--sql={conn}")],
    ));
    let doc = json(&r.stdout);
    assert_eq!(codes(&doc), ["detect_database_uncovered"], "{doc}");
    assert!(doc["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("xImpfen"));
    let listed = doc["detection"]["server_databases"].as_array().unwrap();
    assert!(listed.iter().any(|n| n == "dbMediDOK"), "{doc}");
    assert!(
        !r.stdout.contains("geheim"),
        "the password is never shown: {}",
        r.stdout
    );
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains(&format!("connection: '{conn}'")), "{yaml}");
    assert!(
        yaml.contains("Databases on the server: dbMediDOK, xImpfen"),
        "{yaml}"
    );
    let check = passes_check(&cfg);
    assert!(
        check
            .stdout
            .contains("[found] x.archiv: medidok (C/ProgramData/medidok)"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_unreachable_server_is_said_and_the_files_databases_stay() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    // A port nothing listens on: refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = warned(&mut detect(
        &fixture("xisynet"),
        &cfg,
        &["--sql", &sim_connection(port)],
    ));
    assert!(
        r.stderr
            .contains(&format!("SQL Server 127.0.0.1,{port} not reached")),
        "{}",
        r.stderr
    );
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(
        yaml.contains("Databases named in the files: WINACS"),
        "{yaml}"
    );
    assert!(
        yaml.contains("Also named: Data Source=PRAXIS\\XISYNET"),
        "{yaml}"
    );
}

#[test]
fn a_unc_data_path_in_service_provider_ini_is_a_source_and_a_question() {
    let t = tempfile::tempdir().unwrap();
    let root = copy_of("xisynet", &t.path().join("server"));
    edit(
        &root.join("C/WINACS/Text/ServiceProvider/ServiceProvider.ini"),
        r"PVSDDataPath=C:\WINACS",
        r"PVSDDataPath=\\NAS\Praxis\WINACS",
    );
    fs::create_dir_all(root.join("UNC/NAS/Praxis/WINACS")).unwrap();
    fs::write(root.join("UNC/NAS/Praxis/WINACS/Patienten.dat"), "x").unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = warned(&mut detect(&root, &cfg, &["--json"]));
    let doc = json(&r.stdout);
    assert_eq!(codes(&doc), ["detect_on_share"], "{doc}");
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains(r"path: '\\NAS\Praxis\WINACS'"), "{yaml}");
    assert!(
        yaml.contains(r"'\\NAS\Praxis': "),
        "the share is mapped: {yaml}"
    );
    let check = passes_check(&cfg);
    assert!(
        check
            .stdout
            .contains("[found] x.isynet PVSDDataPath (UNC/NAS/Praxis/WINACS)"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_missing_product_folder_is_named() {
    let t = tempfile::tempdir().unwrap();
    let root = copy_of("xconcept-medatixx", &t.path().join("server"));
    fs::remove_dir_all(root.join("C/DConcept/DETEXT")).unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = warned(&mut detect(&root, &cfg, &["--json"]));
    let doc = json(&r.stdout);
    assert_eq!(codes(&doc), ["detect_path_missing"], "{doc}");
    assert!(doc["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains(r"C:\DConcept\DETEXT"));
    // The written config is honest about it: the check fails on that folder.
    let check = expect_code(&mut config_check(&cfg), 2);
    assert!(
        check.stdout.contains("C/DConcept/DETEXT"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_existing_config_is_not_overwritten_without_force() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    fs::write(&cfg, "practice: mine\n").unwrap();
    let r = expect_code(&mut detect(&fixture("xcomfort"), &cfg, &["--json"]), 2);
    let doc = json(&r.stdout);
    assert_eq!(doc["error"]["code"], "detect_output_exists");
    assert_eq!(fs::read_to_string(&cfg).unwrap(), "practice: mine\n");
    // --force keeps the old file beside it, owner-only, and says where.
    let forced = |now: &str| {
        let r =
            ok(detect(&fixture("xcomfort"), &cfg, &["--force", "--json"]).env("TRESOR_NOW", now));
        json(&r.stdout)
    };
    let doc = forced("2026-12-01T06:07:08+01:00");
    let kept = t.path().join("tresor.yaml.bak-20261201T050708");
    assert_eq!(doc["backup"], kept.display().to_string(), "{doc}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), "practice: mine\n");
    assert!(fs::read_to_string(&cfg)
        .unwrap()
        .contains("profiles: [x.comfort]"));
    use std::os::unix::fs::PermissionsExt;
    for f in [&cfg, &kept] {
        let mode = fs::metadata(f).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", f.display());
    }
    // The same second again: a new name, the first backup untouched.
    fs::write(&cfg, "practice: second\n").unwrap();
    let doc = forced("2026-12-01T05:07:08Z");
    let second = t.path().join("tresor.yaml.bak-20261201T050708-2");
    assert_eq!(doc["backup"], second.display().to_string(), "{doc}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), "practice: mine\n");
    assert_eq!(fs::read_to_string(&second).unwrap(), "practice: second\n");
    let r =
        ok(detect(&fixture("xcomfort"), &cfg, &["--force"])
            .env("TRESOR_NOW", "2026-12-01T05:07:08Z"));
    assert!(
        r.stdout.contains(&format!(
            "is kept beside it as {}",
            t.path().join("tresor.yaml.bak-20261201T050708-3").display()
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn nothing_installed_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir_all(t.path().join("server/C/Windows")).unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = expect_code(&mut detect(&t.path().join("server"), &cfg, &["--json"]), 2);
    assert_eq!(json(&r.stdout)["error"]["code"], "detect_nothing_found");
    assert!(!cfg.exists());
}

#[test]
fn without_a_drive_root_off_windows_it_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = expect_code(tresor().args(["detect", "--output"]).arg(&cfg), 3);
    assert!(r.stderr.contains("--root"), "{}", r.stderr);
    assert!(!cfg.exists());
}

/// Replaces `from` (which must be there) by `to` in a UTF-8 fixture file.
fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{}: {from}", file.display());
    fs::write(file, text.replace(from, to)).unwrap();
}

/// Appends ASCII lines to a fixture file (WINACS.INI is Windows-1252).
fn append(file: &Path, lines: &str) {
    let mut bytes = fs::read(file).unwrap();
    bytes.extend_from_slice(lines.replace('\n', "\r\n").as_bytes());
    fs::write(file, bytes).unwrap();
}

#[test]
fn path_values_tresor_cannot_use_are_questions_with_value_and_reason() {
    let t = tempfile::tempdir().unwrap();
    let root = copy_of("xisynet", &t.path().join("server"));
    append(
        &root.join("C/Windows/WINACS.INI"),
        "Briefe=Text\\Briefe\nArchiv=C:\\WINACS\\..\\Archiv\nFoto=\nScan=%PROGRAMDATA%\\Scan\n\
         Labor=\"C:\\Labor\nNetz=\\\\NAS\nOhneLaufwerk=\\WINACS\\Profil\nZitiert='C:\\WINACS\\Rechnung'\n",
    );
    append(
        &root.join("C/WINACS/Text/ServiceProvider/ServiceProvider.ini"),
        "ArchivPath=..\\Archiv\n",
    );
    let cfg = t.path().join("tresor.yaml");
    let r = warned(&mut detect(&root, &cfg, &["--json"]));
    let doc = json(&r.stdout);
    let unusable: Vec<(String, String, String)> = doc["unusable_paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["evidence"]["key"].as_str().unwrap().to_string(),
                u["value"].as_str().unwrap().to_string(),
                u["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("[Pfade] Briefe", r"Text\Briefe", "relative"),
        ("[Pfade] Archiv", r"C:\WINACS\..\Archiv", "parent"),
        ("[Pfade] Foto", "", "empty"),
        ("[Pfade] Scan", r"%PROGRAMDATA%\Scan", "environment"),
        ("[Pfade] Labor", r#""C:\Labor"#, "quote"),
        ("[Pfade] Netz", r"\\NAS", "share_incomplete"),
        ("[Pfade] OhneLaufwerk", r"\WINACS\Profil", "no_drive"),
        ("[ServiceProvider] ArchivPath", r"..\Archiv", "parent"),
    ]
    .map(|(k, v, r)| (k.to_string(), v.to_string(), r.to_string()));
    assert_eq!(unusable, want, "{doc}");
    // One warning each, with the raw value; the quoted path is a path.
    let messages: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "detect_not_a_path")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), want.len(), "{doc}");
    assert!(
        messages.iter().any(|m| m.contains(r#""..\Archiv""#)
            && m.contains("ServiceProvider.ini, [ServiceProvider] ArchivPath")
            && m.contains("contains \"..\"")),
        "{messages:?}"
    );
    assert!(
        !doc["unusable_paths"].to_string().contains("Rechnung"),
        "'C:\\WINACS\\Rechnung' is read without its quotes"
    );
    // The starter lists them too, and the check still accepts it.
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(yaml.contains(r"%PROGRAMDATA%\Scan"), "{yaml}");
    passes_check(&cfg);
    // In German, as the default language.
    let cfg_de = t.path().join("de.yaml");
    let r = warned(detect(&root, &cfg_de, &[]).env_remove("TRESOR_LANG"));
    assert!(
        r.stderr.contains(
            r"C:\Windows\WINACS.INI, [Pfade] Briefe nennt keinen Ordner, den tresor sichern kann: „Text\Briefe“ – der Pfad ist relativ"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Umgebungsvariable"), "{}", r.stderr);
}

#[test]
fn server_host_config_settings_that_name_folders_are_read() {
    let t = tempfile::tempdir().unwrap();
    let root = copy_of("xconcept-medatixx", &t.path().join("server"));
    edit(
        &root.join("C/ProgramData/medatixx/lx2 Server/Server.Host.config"),
        r#"<add key="ServerPort" value="9000" />"#,
        r#"<add key="ServerPort" value="9000" />
    <add key="DataPath" value="%PROGRAMDATA%\medatixx\Daten" />
    <add key="Dokumente" value="C:\Praxisdokumente" />"#,
    );
    fs::create_dir_all(root.join("C/Praxisdokumente")).unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = warned(&mut detect(&root, &cfg, &["--json"]));
    let doc = json(&r.stdout);
    assert_eq!(codes(&doc), ["detect_not_a_path"], "{doc}");
    let u = &doc["unusable_paths"][0];
    assert_eq!(u["value"], r"%PROGRAMDATA%\medatixx\Daten");
    assert_eq!(u["reason"], "environment");
    assert_eq!(u["evidence"]["key"], "appSettings/add[@key='DataPath']");
    let sources = doc["detection"]["sources"].as_array().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s["path"] == r"C:\Praxisdokumente" && s["product"] == "medatixx"),
        "a setting whose value is a folder becomes a source: {doc}"
    );
}

/// What an attacker appends after a line-break character in a value.
fn injection(c: char) -> String {
    format!("{c}guard: {{enabled: false}}{c}jobs: {{nightly: {{destination: rdx, schedule: manual}}}} #")
}

/// UTF-8 with a byte-order mark, so every character arrives as written.
fn write_utf8_bom(file: &Path, text: &str) {
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend_from_slice(text.as_bytes());
    fs::write(file, bytes).unwrap();
}

/// Every character as an XML character reference (`&#13;`).
fn xml_refs(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " :{},#.\\".contains(c) {
                c.to_string()
            } else {
                format!("&#x{:X};", c as u32)
            }
        })
        .collect()
}

/// Issue 14 review: a CR (or any other line break or control character)
/// in a value of WINACS.INI, ServiceProvider.ini or Server.Host.config must
/// not reach tresor.yaml raw — in a comment, a `label:`, a `path:`, a
/// `connection:` or a key name it would start a line of the attacker's.
#[test]
fn control_characters_in_the_products_files_cannot_inject_configuration() {
    for c in [
        '\r', '\n', '\0', '\t', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{1b}',
    ] {
        let inj = injection(c);
        let t = tempfile::tempdir().unwrap();
        let root = copy_of("xisynet", &t.path().join("server"));
        copy_of("xconcept-medatixx", &root);
        write_utf8_bom(
            &root.join("C/Windows/WINACS.INI"),
            &format!("[Pfade]\r\nDaten=C:\\WINACS\r\nE2=C:\\x{inj}\r\nExtra{inj}=C:\\Extra\r\n"),
        );
        // One clean connection string (a found product needs its
        // database); the lx2 server's one carries the injection.
        let connection = "Data Source=PRAXIS\\XISYNET;Initial Catalog=WINACS";
        write_utf8_bom(
            &root.join("C/WINACS/Text/ServiceProvider/ServiceProvider.ini"),
            &format!(
                "[ServiceProvider]\r\nPVSTName=x.isynet{inj}\r\nPVSDDataPath=C:\\SP{inj}\r\n\
                 Doku{inj}Path=C:\\Doku\r\nConnectionString={connection}\r\n"
            ),
        );
        fs::write(
            root.join("C/ProgramData/medatixx/lx2 Server/Server.Host.config"),
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="DataPath" value="{}" />
    <add key="{}" value="C:\Bilder" />
  </appSettings>
  <connectionStrings>
    <add name="{}" connectionString="Data Source=.\MEDATIXX;Application Name={}" />
  </connectionStrings>
</configuration>
"#,
                xml_refs(&format!("C:\\lx2{inj}")),
                xml_refs(&format!("Bilder{inj}Dir")),
                xml_refs(&format!("lx2{inj}")),
                xml_refs(&format!("b{inj}")),
            ),
        )
        .unwrap();
        let cfg = t.path().join("tresor.yaml");
        let r = warned(&mut detect(&root, &cfg, &["--json"]));
        let doc = json(&r.stdout);
        let yaml = fs::read_to_string(&cfg).unwrap();
        let shown = format!("{c:?}:\n{yaml}");
        // Not one hostile character in the file: escaped where a value
        // needs it, shown as an escape in comments.
        assert!(c == '\n' || !yaml.contains(c), "{shown}");
        assert!(!yaml.contains('\r') && !yaml.contains('\0'), "{shown}");
        let top = yaml_rust2::YamlLoader::load_from_str(&yaml).unwrap();
        // Only what detect writes; `sqlserver:` only when a connection
        // string without such a character was found.
        let keys: Vec<&str> = top[0]
            .as_hash()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .filter(|k| *k != "sqlserver")
            .collect();
        assert_eq!(
            keys,
            [
                "practice",
                "language",
                "data_drive",
                "drives",
                "profiles",
                "keys",
                "destinations",
                "sources",
            ],
            "{shown}"
        );
        // A path value with such a character is an open question, with it.
        if c != '\n' {
            let control: Vec<&str> = doc["unusable_paths"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|u| u["reason"] == "control")
                .map(|u| u["evidence"]["key"].as_str().unwrap())
                .collect();
            assert!(control.contains(&"[Pfade] E2"), "{shown}\n{doc}");
            assert!(
                control.contains(&"[ServiceProvider] PVSDDataPath"),
                "{shown}\n{doc}"
            );
            // A key name with it is a label that shows the escape.
            let label = tresor::detect::yaml_text::comment(&format!("x.isynet Extra{inj}"));
            assert!(!label.contains(c));
            let sources = top[0]["sources"].as_vec().unwrap();
            assert!(
                sources
                    .iter()
                    .any(|s| s["path"].as_str() == Some(r"C:\Extra")
                        && s["label"].as_str() == Some(label.as_str())),
                "{shown}"
            );
            if c >= ' ' || "\t\n\r".contains(c) {
                // A connection string with it is not written, but said (an
                // XML file with a character XML 1.0 forbids, NUL or ESC, is
                // unreadable as a whole).
                assert!(
                    codes(&doc).contains(&"detect_connection_unusable".to_string()),
                    "{doc}"
                );
            }
        }
        assert_eq!(
            top[0]["sqlserver"]["connection"].as_str(),
            Some(connection),
            "{shown}"
        );
        // `config check` reads the same: the default jobs (nightly at 22:30
        // Mon-Fri), and the guard is on because there is no guard: section.
        let check = passes_check(&cfg);
        assert!(
            check.stdout.contains("30 22 * * Mon-Fri"),
            "{}",
            check.stdout
        );
    }
}

/// Issue 14 review: the practice software's backup folder on the RDX
/// (`E=E:\tresor`, the destination the starter writes) is an open question,
/// not a source — the repository would be backed up into itself.
#[test]
fn a_folder_that_is_the_destination_is_not_written_as_a_source() {
    let t = tempfile::tempdir().unwrap();
    let root = copy_of("xisynet", &t.path().join("server"));
    append(
        &root.join("C/Windows/WINACS.INI"),
        "E=E:\\tresor\nSicherung=e:\\TRESOR\\Praxis\n",
    );
    fs::create_dir_all(root.join("E/tresor/Praxis")).unwrap();
    let cfg = t.path().join("tresor.yaml");
    let r = warned(&mut detect(&root, &cfg, &["--json"]));
    let doc = json(&r.stdout);
    let found: Vec<String> = codes(&doc)
        .into_iter()
        .filter(|c| c == "detect_source_in_destination")
        .collect();
    assert_eq!(found.len(), 2, "{doc}");
    let yaml = fs::read_to_string(&cfg).unwrap();
    assert!(
        !yaml
            .lines()
            .any(|l| l.trim_start().starts_with("- {") && l.to_lowercase().contains(r"e:\tresor")),
        "{yaml}"
    );
    passes_check(&cfg);
}

/// The same written by hand: `config check` names source and destination
/// (exit 3), and `tresor backup` refuses before it writes anything.
#[test]
fn a_hand_written_source_inside_the_destination_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    fs::create_dir_all(d.join("E/tresor/Praxis")).unwrap();
    fs::create_dir_all(d.join("C")).unwrap();
    let cfg = d.join("tresor.yaml");
    fs::write(
        &cfg,
        format!(
            "practice: Test\nlanguage: en\ndrives:\n  C: '{c}'\n  E: '{e}'\nkeys:\n  machine: 'C:\\machine.key'\n\
             destinations:\n  rdx: {{ type: local, path: 'E:\\tresor' }}\nsources:\n  - {{ path: 'e:\\TRESOR\\Praxis' }}\n",
            c = d.join("C").display(),
            e = d.join("E").display()
        ),
    )
    .unwrap();
    for args in [&["config", "check"][..], &["backup"][..]] {
        let r = expect_code(tresor().arg("--config").arg(&cfg).args(args), 3);
        assert!(
            r.stderr
                .contains("lies inside destination `rdx` (E:\\tresor)")
                && r.stderr.contains("backed up into itself"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let inside: Vec<_> = fs::read_dir(d.join("E/tresor")).unwrap().collect();
    assert_eq!(inside.len(), 1, "only the source folder, no repository");
}

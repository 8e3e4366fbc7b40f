//! Whole-file tests of `parse`: the example, the defaults, and every error kind
//! with the line and column it reports.

use std::path::{Path, PathBuf};

use super::*;

const RECIPIENT: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

fn host() -> HostContext {
    let mut mounts = Mounts::default()
        .with_drive('C', "/praxis/c")
        .with_drive('D', "/praxis/d")
        .with_drive('E', "/praxis/rdx");
    if let Ok(p) = ConfigPath::parse(r"\\nas\praxis", &HostContext::windows(), 'C') {
        mounts.unc.push((p, PathBuf::from("/praxis/nas")));
    }
    HostContext::posix(mounts)
}

fn ok(text: &str) -> Config {
    parse(text, "tresor.yaml", &host()).unwrap_or_else(|e| panic!("{}", e.render(Language::En)))
}

fn err(text: &str) -> ConfigError {
    match parse(text, "tresor.yaml", &host()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn at(e: &ConfigError) -> (usize, usize) {
    let p = e.position.unwrap_or_else(|| panic!("no position: {e}"));
    (p.line, p.column)
}

const MINIMAL: &str = "\
practice: Praxis Test
keys:
  machine: 'C:\\tresor\\machine.key'
destinations:
  rdx: { type: local, path: 'E:\\tresor' }
";

#[test]
fn example_parses_and_says_what_it_shows() {
    let cfg = parse(
        EXAMPLE_YAML,
        "tresor.example.yaml",
        &HostContext::posix(Mounts::default()),
    )
    .unwrap();
    assert_eq!(cfg.practice, "Praxis Dr. Muster");
    assert_eq!(cfg.language, Language::De);
    assert_eq!(cfg.data_drive, 'C');
    assert_eq!(
        cfg.keys.machine,
        Path::new("/srv/praxis/c/ProgramData/tresor/machine.key")
    );
    assert_eq!(cfg.keys.recovery, vec![RECIPIENT.to_string()]);
    assert_eq!(
        cfg.destinations["nas"].kind,
        DestinationKind::Local {
            path: PathBuf::from("/mnt/nas-praxis/tresor"),
            display: r"\\nas\praxis\tresor".into()
        }
    );
    assert_eq!(cfg.jobs.len(), 2);
    assert!(cfg.jobs["feierabend"].copy_only);
    assert_eq!(cfg.jobs["nightly"].mirrors, ["nas"]);
    assert_eq!(cfg.jobs["feierabend"].retention.keep_daily, 30);
    assert_eq!(cfg.jobs["feierabend"].retention.keep_last, 0);
    assert_eq!(cfg.jobs["nightly"].retention, Retention::default());
    let scans = cfg.jobs["nightly"].sources.last().unwrap();
    assert_eq!(scans.label, "Scans");
    assert_eq!(scans.snapshot_path, "D/Scans");
    assert!(scans.optional);
    assert_eq!(scans.exclude, vec!["*.tmp"]);
    let sql = cfg.sqlserver.as_ref().unwrap();
    assert_eq!(sql.staging_for_server, r"C:\tresor\staging");
    assert_eq!(sql.staging, Path::new("/srv/praxis/c/tresor/staging"));
    assert_eq!(sql.timeout_minutes, 240);
    assert!(sql.trust_server_certificate);
    match &sql.target {
        SqlTarget::Server {
            host,
            instance,
            port,
            auth,
        } => {
            assert_eq!(host, ".");
            assert_eq!(instance.as_deref(), Some("MEDATIXX"));
            assert_eq!(*port, None);
            assert!(matches!(auth, SqlAuth::Windows));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn example_parses_on_windows_too() {
    let cfg = parse(EXAMPLE_YAML, "tresor.example.yaml", &HostContext::windows()).unwrap();
    assert_eq!(
        cfg.keys.machine,
        PathBuf::from(r"C:\ProgramData\tresor\machine.key")
    );
    let dedata = &cfg.jobs["nightly"].sources[0];
    assert_eq!(dedata.path, PathBuf::from(r"C:\DConcept\DEDATA"));
    assert_eq!(dedata.snapshot_path, "C/DConcept/DEDATA");
    assert!(
        cfg.host.mounts.drives.is_empty(),
        "drives: is ignored on Windows"
    );
}

#[test]
fn defaults_of_a_minimal_config() {
    let cfg = ok(MINIMAL);
    assert_eq!(cfg.language, Language::De);
    assert_eq!(cfg.retention, Retention::default());
    assert!(cfg.profiles.is_empty() && cfg.sqlserver.is_none());
    let names: Vec<&String> = cfg.jobs.keys().collect();
    assert_eq!(names, ["feierabend", "nightly"]);
    assert!(cfg.jobs.values().all(|j| j.destination == "rdx"));
    // COPY_ONLY unless a job says otherwise (config::jobs::COPY_ONLY_DEFAULT).
    assert!(cfg.jobs["feierabend"].copy_only && cfg.jobs["nightly"].copy_only);
}

#[test]
fn default_jobs_use_the_first_destination_as_written() {
    let text = MINIMAL.replace(
        "  rdx: {",
        "  zz_nas: { path: '\\\\nas\\praxis\\t' }\n  rdx: {",
    );
    let cfg = ok(&text);
    assert_eq!(cfg.jobs["nightly"].destination, "zz_nas");
}

#[test]
fn profiles_become_sources_with_data_drive_and_databases() {
    let text = format!("{MINIMAL}data_drive: d\nprofiles: [X.VIANOVA, medatixx]\n");
    let cfg = ok(&text);
    let job = &cfg.jobs["nightly"];
    let profil = job
        .sources
        .iter()
        .find(|s| s.label == "x.isynet: Profil")
        .unwrap();
    assert_eq!(profil.snapshot_path, "D/WINACS/Profil");
    assert_eq!(profil.path, Path::new("/praxis/d/WINACS/Profil"));
    let lic = job
        .sources
        .iter()
        .find(|s| s.label == "medatixx: medatixx.lic")
        .unwrap();
    assert_eq!(
        lic.snapshot_path,
        "C/ProgramData/medatixx/lx2 Server/medatixx.lic"
    );
    assert_eq!(lic.kind, PathKind::Config);
    let dbs: Vec<&str> = job.databases.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(dbs, ["WINACS", "medatixx*"]);
}

#[test]
fn profile_files_are_read_relative_to_the_config() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("eigen.yaml"),
        "name: eigen\npaths: [{ path: 'C:\\Eigen', optional: true }]\ndatabases: [{ name: EIGEN }]\n",
    )
    .unwrap();
    let origin = tmp.path().join("tresor.yaml");
    let text = format!("{MINIMAL}profiles: [eigen.yaml]\n");
    let cfg = parse(&text, &origin.display().to_string(), &host()).unwrap();
    assert_eq!(cfg.profiles[0].name, "eigen");
    assert_eq!(cfg.jobs["nightly"].sources[0].snapshot_path, "C/Eigen");
    // A broken profile file names that file and its line.
    std::fs::write(
        tmp.path().join("kaputt.yaml"),
        "name: k\npaths:\n  - { pfad: x }\n",
    )
    .unwrap();
    let text = format!("{MINIMAL}profiles: [kaputt.yaml]\n");
    let e = parse(&text, &origin.display().to_string(), &host()).unwrap_err();
    assert!(e.origin.ends_with("kaputt.yaml"), "{e}");
    assert_eq!(at(&e), (3, 7));
    // A missing one points at the entry in tresor.yaml.
    let text = format!("{MINIMAL}profiles: [fehlt.yaml]\n");
    let e = parse(&text, &origin.display().to_string(), &host()).unwrap_err();
    assert!(matches!(*e.kind, ErrorKind::ProfileFile { .. }));
    assert_eq!(at(&e), (6, 12));
}

#[test]
fn syntax_error_has_a_position() {
    let e = err("practice: x\nkeys: [a, b\n");
    assert!(matches!(*e.kind, ErrorKind::Syntax(_)), "{e}");
    assert!(e.position.is_some());
    assert!(e.render(Language::De).contains("YAML-Syntaxfehler"));
}

#[test]
fn empty_file() {
    let e = err("# nothing\n");
    assert!(matches!(*e.kind, ErrorKind::Empty));
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let text = format!("{MINIMAL}jobs:\n  nightly: {{ destinaton: rdx }}\n");
    let e = err(&text);
    assert_eq!(at(&e), (7, 14));
    let en = e.render(Language::En);
    assert!(en.starts_with("tresor.yaml:7:14: unknown key `destinaton` in `jobs.nightly` (did you mean `destination`?)"), "{en}");
    let de = e.render(Language::De);
    assert!(
        de.contains("Zeile 7, Spalte 14") && de.contains("meinten Sie `destination`?"),
        "{de}"
    );
    let e = err(&format!("{MINIMAL}retension: {{ keep_last: 1 }}\n"));
    assert!(e.to_string().contains("did you mean `retention`?"), "{e}");
    assert_eq!(at(&e), (6, 1));
}

#[test]
fn bad_language() {
    let e = err(&format!("{MINIMAL}language: fr\n"));
    assert_eq!(at(&e), (6, 11));
    assert!(e.to_string().contains("expected de or en"));
    assert!(e.render(Language::De).contains("erwartet: de oder en"));
    assert_eq!(
        ok(&format!("{MINIMAL}language: EN\n")).language,
        Language::En
    );
}

#[test]
fn job_with_unknown_destination_names_job_value_and_defined_ones() {
    let text = format!("{MINIMAL}jobs:\n  nightly:\n    destination: rdy\n");
    let e = err(&text);
    assert_eq!(at(&e), (8, 18));
    let msg = e.to_string();
    assert!(
        msg.contains(
            "job `nightly`: destination `rdy` is not defined (did you mean `rdx`?); defined: rdx"
        ),
        "{msg}"
    );
    assert!(e
        .render(Language::De)
        .contains("Job `nightly`: Ziel `rdy` ist nicht definiert"));
}

#[test]
fn invalid_recovery_key() {
    let text = MINIMAL.replace(
        "keys:\n  machine: 'C:\\tresor\\machine.key'\n",
        &format!("keys:\n  machine: 'C:\\tresor\\machine.key'\n  recovery:\n    - {RECIPIENT}\n    - age1kaputt\n"),
    );
    let e = err(&text);
    assert!(
        matches!(*e.kind, ErrorKind::BadRecipient { ref value, .. } if value == "age1kaputt"),
        "{e}"
    );
    assert_eq!(at(&e), (6, 7));
    assert!(e.to_string().contains("age1…"));
}

#[test]
fn keep_not_a_number() {
    let e = err(&format!("{MINIMAL}retention:\n  keep_daily: zehn\n"));
    assert_eq!(at(&e), (7, 15));
    assert!(
        e.to_string()
            .contains("`keep_daily: zehn` is not a whole number"),
        "{e}"
    );
    let e = err(&format!("{MINIMAL}retention: {{ keep_last: -2 }}\n"));
    assert!(matches!(*e.kind, ErrorKind::OutOfRange { .. }), "{e}");
    let e = err(&format!("{MINIMAL}retention: {{ keep_last: 0 }}\n"));
    assert!(
        matches!(*e.kind, ErrorKind::RetentionKeepsNothing { .. }),
        "{e}"
    );
    assert_eq!(at(&e), (6, 12));
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let e = err(&format!(
        "{MINIMAL}profiles:\n  - x.concept\n  - x.konzept\n"
    ));
    assert_eq!(at(&e), (8, 5));
    let msg = e.to_string();
    assert!(
        msg.contains("unknown profile `x.konzept` (did you mean `x.concept`?)"),
        "{msg}"
    );
    assert!(
        msg.contains("known: x.concept, x.comfort, x.isynet, medatixx"),
        "{msg}"
    );
    let e = err(&format!("{MINIMAL}profiles: [x.isynet, X.ViaNova]\n"));
    assert!(matches!(*e.kind, ErrorKind::DuplicateProfile { .. }), "{e}");
}

#[test]
fn relative_and_broken_paths() {
    let e = err(&format!("{MINIMAL}sources:\n  - path: Scans\n"));
    assert_eq!(at(&e), (7, 11));
    assert!(matches!(
        *e.kind,
        ErrorKind::BadPath {
            problem: PathProblem::Relative,
            ..
        }
    ));
    assert!(e.to_string().contains("sources.0.path"), "{e}");
    assert!(e.render(Language::De).contains("der Pfad ist relativ"));
    let e = err(&MINIMAL.replace("'E:\\tresor'", "'\\\\\\tresor'"));
    assert!(matches!(
        *e.kind,
        ErrorKind::BadPath {
            problem: PathProblem::EmptyUncServer,
            ..
        }
    ));
    assert_eq!(at(&e), (5, 29));
    let e = err(&MINIMAL.replace("'E:\\tresor'", "'EE:\\tresor'"));
    assert!(e.to_string().contains("`EE:` is not a drive letter"), "{e}");
    let e = err(&format!("{MINIMAL}data_drive: CD\n"));
    assert!(matches!(*e.kind, ErrorKind::BadPath { .. }), "{e}");
}

#[test]
fn unmapped_drive_says_how_to_map_it() {
    let e = err(&MINIMAL.replace("'E:\\tresor'", "'F:\\tresor'"));
    assert_eq!(at(&e), (5, 29));
    let msg = e.to_string();
    assert!(
        msg.contains("drive F: is not mapped") && msg.contains("drives: { F: /srv/praxis/f }"),
        "{msg}"
    );
    // Profile paths on an unmapped data drive point at the profile entry.
    let e = err(&format!("{MINIMAL}data_drive: G\nprofiles: [x.comfort]\n"));
    assert_eq!(at(&e), (7, 12));
    assert!(e.to_string().contains("profiles.0 (x.comfort)"), "{e}");
    // `drives:` in the config fixes it.
    let cfg = ok(&format!(
        "{MINIMAL}data_drive: G\ndrives: {{ 'g:': /srv/g }}\nprofiles: [x.comfort]\n"
    ));
    assert_eq!(
        cfg.jobs["nightly"].sources[0].path,
        Path::new("/srv/g/DOC2/DATEN")
    );
    let e = err(&format!("{MINIMAL}drives: {{ G: srv/g }}\n"));
    assert!(matches!(*e.kind, ErrorKind::BadPath { .. }), "{e}");
    let e = err(&MINIMAL.replace("'E:\\tresor'", "'\\\\other\\share'"));
    assert!(
        e.to_string()
            .contains("unc: { '\\\\other\\share': /mnt/share }"),
        "{e}"
    );
}

#[test]
fn wrong_shapes_and_missing_keys() {
    let e = err("practice: x\nkeys: [a]\n");
    assert!(matches!(
        *e.kind,
        ErrorKind::WrongType {
            expected: Shape::Map,
            found: Shape::List,
            ..
        }
    ));
    assert_eq!(at(&e), (2, 7));
    let e = err(&MINIMAL.replace("practice: Praxis Test\n", ""));
    assert!(
        matches!(*e.kind, ErrorKind::MissingKey { ref key, .. } if key == "practice"),
        "{e}"
    );
    let e = err("practice: x\nkeys: { machine: 'C:\\k' }\n");
    assert!(matches!(*e.kind, ErrorKind::NoDestinations), "{e}");
    let e = err(&format!(
        "{MINIMAL}jobs: {{ nightly: {{ destination: rdx, copy_only: vielleicht }} }}\n"
    ));
    assert!(e.to_string().contains("expected true or false"), "{e}");
    let e = err(&MINIMAL.replace("type: local", "type: s4"));
    assert!(
        matches!(*e.kind, ErrorKind::BadDestinationType { .. }),
        "{e}"
    );
    let e = err(&format!(
        "{MINIMAL}jobs: {{ 'nächt lich': {{ destination: rdx }} }}\n"
    ));
    assert!(matches!(*e.kind, ErrorKind::BadName { .. }), "{e}");
    let e = err(&format!("{MINIMAL}practice: y\n"));
    assert!(matches!(*e.kind, ErrorKind::DuplicateKey { .. }), "{e}");
    assert_eq!(at(&e), (6, 1));
}

#[test]
fn duplicate_sources_are_refused() {
    let e = err(&format!(
        "{MINIMAL}profiles: [x.concept]\nsources:\n  - path: 'c:\\dconcept\\dedata'\n"
    ));
    assert_eq!(at(&e), (8, 5));
    assert!(
        e.to_string()
            .contains("`x.concept: DEDATA` and `c:\\dconcept\\dedata` both back up"),
        "{e}"
    );
}

#[test]
fn sqlserver_variants() {
    let cfg = ok(&format!(
        "{MINIMAL}sqlserver: {{ connection: 'Data Source=.\\MEDATIXX;Integrated Security=True' }}\n"
    ));
    let sql = cfg.sqlserver.unwrap();
    assert!(matches!(sql.target, SqlTarget::ConnectionString(_)));
    assert_eq!(sql.staging_for_server, r"C:\tresor\staging");
    assert_eq!(sql.timeout_minutes, 240);
    let cfg = ok(&format!(
        "{MINIMAL}sqlserver: {{ server: db1, instance: X, port: 1433, user: sa, password: pw }}\n"
    ));
    match cfg.sqlserver.unwrap().target {
        SqlTarget::Server { port, auth, .. } => {
            assert_eq!(port, Some(1433));
            assert!(matches!(auth, SqlAuth::Sql { ref user, .. } if user == "sa"));
        }
        other => panic!("{other:?}"),
    }
    let e = err(&format!(
        "{MINIMAL}sqlserver: {{ server: db1, connection: x }}\n"
    ));
    assert!(
        matches!(*e.kind, ErrorKind::SqlTarget { both: true }),
        "{e}"
    );
    let e = err(&format!(
        "{MINIMAL}sqlserver: {{ server: db1, user: sa }}\n"
    ));
    assert!(matches!(*e.kind, ErrorKind::SqlCredentials), "{e}");
    let e = err(&format!(
        "{MINIMAL}sqlserver: {{ server: db1, port: 70000 }}\n"
    ));
    assert!(matches!(*e.kind, ErrorKind::OutOfRange { .. }), "{e}");
}

#[test]
fn load_reads_a_file_and_reports_io_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("fehlt.yaml");
    let e = load(&missing).unwrap_err();
    assert!(matches!(*e.kind, ErrorKind::Io(_)));
    assert!(e.render(Language::De).contains("kann nicht gelesen werden"));
    let file = tmp.path().join("tresor.yaml");
    std::fs::write(&file, "practice: x\nlanguage: fr\n").unwrap();
    let e = load(&file).unwrap_err();
    assert_eq!(e.origin, file.display().to_string());
    assert_eq!(at(&e), (2, 11));
}

#[test]
fn public_profile_names() {
    assert_eq!(
        profile_names(),
        ["x.concept", "x.comfort", "x.isynet", "medatixx", "x.archiv"]
    );
    assert_eq!(embedded_profiles().unwrap().len(), 5);
}

#[test]
fn windows_line_endings_and_bom_are_fine() {
    let text = format!("\u{feff}{}", MINIMAL.replace('\n', "\r\n"));
    let cfg = ok(&text);
    assert_eq!(cfg.practice, "Praxis Test");
    let e = err(&format!("{text}language: fr\r\n"));
    assert_eq!(at(&e), (6, 11));
}

#[test]
fn schedules_default_by_job_name_and_can_be_set() {
    let cfg = ok(MINIMAL);
    assert_eq!(
        cfg.jobs["nightly"].schedule.as_written(),
        "30 22 * * Mon-Fri"
    );
    assert_eq!(cfg.jobs["feierabend"].schedule, Schedule::Manual);
    let text = format!(
        "{MINIMAL}jobs:\n  nightly: {{ destination: rdx }}\n  nas:\n    destination: rdx\n    schedule: '0 12,23 * * Mon,Wed,Fri'\n  extra: {{ destination: rdx }}\n"
    );
    let cfg = ok(&text);
    assert_eq!(
        cfg.jobs["nightly"].schedule.as_written(),
        "30 22 * * Mon-Fri"
    );
    assert_eq!(
        cfg.jobs["nas"].schedule.as_written(),
        "0 12,23 * * Mon,Wed,Fri"
    );
    assert_eq!(cfg.jobs["extra"].schedule, Schedule::Manual);
    let report = check_report(&cfg, Language::En);
    assert!(
        report.contains("Schedule: 0 12,23 * * Mon,Wed,Fri (next run "),
        "{report}"
    );
    assert!(
        report.contains("Schedule: manual (started by hand)"),
        "{report}"
    );
}

#[test]
fn schedule_with_numeric_days_is_refused_with_position() {
    let text = format!(
        "{MINIMAL}jobs:\n  nightly:\n    destination: rdx\n    schedule: '30 22 * * 1-5'\n"
    );
    let e = err(&text);
    assert_eq!(at(&e), (9, 15));
    assert!(
        e.to_string()
            .contains("`jobs.nightly.schedule: 30 22 * * 1-5`: write days as names"),
        "{e}"
    );
    assert!(
        e.render(Language::De)
            .contains("Wochentage bitte als Namen"),
        "{}",
        e.render(Language::De)
    );
}

/// Issue 14 review: a source that is, lies inside or contains a local
/// destination backs the repository up into itself.
#[test]
fn a_source_in_or_around_a_local_destination_is_an_error_naming_both() {
    for (source, relation) in [
        (r"E:\tresor", "lies inside destination"),
        (r"e:\TRESOR\alt", "lies inside destination"),
        (r"E:\", "contains destination"),
        // The NAS share and drive D are mapped elsewhere: no clash.
    ] {
        let text = format!("{MINIMAL}sources:\n  - {{ path: '{source}' }}\n");
        let e = err(&text);
        let msg = e.render(Language::En);
        assert!(msg.contains(relation), "{source}: {msg}");
        assert!(msg.contains("`rdx` (E:\\tresor)"), "{msg}");
        assert!(msg.contains("/praxis/rdx"), "names the source: {msg}");
        assert_eq!(at(&e), (5, 29), "{msg}");
    }
    // Through the mapping: a share mapped into the cartridge's folder.
    let text = format!(
        "{MINIMAL}unc:\n  '\\\\nas\\rdx': /praxis/rdx/tresor/x\nsources:\n  - {{ path: '\\\\nas\\rdx\\y' }}\n"
    );
    let msg = err(&text).render(Language::En);
    assert!(msg.contains("lies inside destination `rdx`"), "{msg}");
    // Beside it is fine.
    ok(&format!(
        "{MINIMAL}sources:\n  - {{ path: 'E:\\tresor-alt' }}\n  - {{ path: 'D:\\tresor' }}\n"
    ));
    assert!(validate::contains(Path::new("/a/B"), Path::new("/a/b/c")));
    assert!(!validate::contains(Path::new("/a/b"), Path::new("/a/bc")));
}

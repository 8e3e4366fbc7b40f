//! The man pages in `man/` are generated from the command-line definition,
//! so they cannot drift from it: this test renders them and compares.
//! `TRESOR_BLESS=1 cargo test --test man` rewrites them after a CLI change —
//! on a developer's machine only: where `CI` is set (`.ci/run` sets `CI=1`, as
//! CI services do) blessing is refused and stale pages fail the test, so CI can
//! never "pass" by regenerating what it should check.
//!
//! One page per command, also nested ones (`tresor-media-label.1`). A page
//! names its command as typed (`tresor media label`) in NAME and SYNOPSIS;
//! its file and title keep the dashes `man` looks up. Besides clap's
//! sections each page has COMMANDS (for a command with subcommands), EXIT
//! STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO; the texts of those are
//! below.

use std::collections::BTreeSet;
use std::path::Path;

use clap::CommandFactory;

/// Escapes text for roff: backslashes, dashes (typed as `-`), and a leading
/// `.` or `'` that would start a request.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// Examples per command path (`media label`); every page has at least one.
fn examples(path: &str) -> &'static [(&'static str, &'static str)] {
    match path {
        "" => &[
            (
                "tresor backup --job nightly",
                "Run the nightly job (what Task Scheduler runs).",
            ),
            ("tresor status", "Show the practice's backups at a glance."),
            (
                "tresor --language en snapshots",
                "List snapshots, messages in English.",
            ),
        ],
        "init" => &[(
            "tresor init --destination montag_praxis",
            "Create the keys and the repository on a destination.",
        )],
        "backup" => &[
            (
                "tresor backup --job nightly",
                "The unattended nightly backup.",
            ),
            (
                "tresor backup --job feierabend",
                "The end-of-day backup staff start from the desktop shortcut.",
            ),
        ],
        "snapshots" => &[(
            "tresor snapshots --destination nas --json",
            "The snapshots on the NAS as JSON.",
        )],
        "ls" => &[(
            "tresor ls latest C/DConcept/DEDATA",
            "The files of the newest snapshot below a folder.",
        )],
        "restore" => &[(
            "tresor restore latest --target D:\\Rueckholung --include 'C:\\DConcept\\DEDATA'",
            "Restore one folder into a new place.",
        )],
        "restore-db" => &[(
            "tresor restore-db latest --database WINACS --as WINACS_alt",
            "Restore a database under a new name.",
        )],
        "drill" => &[(
            "tresor drill --sample 50",
            "A restore drill with 50 sample files.",
        )],
        "check" => &[(
            "tresor check --read-data",
            "Verify the repository and every byte in it.",
        )],
        "forget" => &[(
            "tresor forget --keep-daily 7 --keep-weekly 4 --dry-run",
            "Show which snapshots a policy would remove.",
        )],
        "prune" => &[("tresor prune --dry-run", "Show what prune would delete.")],
        "mirror" => &[(
            "tresor mirror --from rdx --to nas",
            "Copy the snapshots the NAS lacks.",
        )],
        "config" | "config check" => &[(
            "tresor config check",
            "Validate tresor.yaml and show what it resolves to.",
        )],
        "journal" | "journal verify" => &[(
            "tresor journal verify",
            "Check the journal's chain of hashes.",
        )],
        "journal show" => &[(
            "tresor journal show --last 10",
            "The ten newest journal entries.",
        )],
        "status" => &[("tresor status --checkmk", "Checkmk local-check lines.")],
        "demo" => &[(
            "tresor demo --dir /tmp/tresor-demo",
            "Run the whole cycle on a demo practice.",
        )],
        "media" | "media show" => &[(
            "tresor media show",
            "Which cartridge is in the drive and which is due.",
        )],
        "media label" => &[(
            "tresor media label --name 'Dienstag extern'",
            "Label the cartridge in the drive.",
        )],
        "detect" => &[(
            "tresor detect --output C:\\ProgramData\\tresor\\tresor.yaml --sql",
            "Find the practice software and its databases; write a starter configuration.",
        )],
        "key" | "key list" => &[(
            "tresor key list --json",
            "Every key, and which snapshots of each destination it reads.",
        )],
        "key add-recovery" => &[(
            "tresor key add-recovery --key-out E:\\Notfallordner",
            "A second recovery key for the emergency folder.",
        )],
        "key rotate" => &[(
            "tresor key rotate",
            "A new machine key; the old one stays beside it to read older snapshots.",
        )],
        "notfallblatt" => &[(
            "tresor notfallblatt --recovery-key E:\\Notfallordner\\wiederherstellung.key --out C:\\Notfall",
            "Write notfallblatt.pdf and notfallblatt.txt with the recovery key and its QR code.",
        )],
        "guard" | "guard show" => &[(
            "tresor guard show",
            "The open ransomware alarm: what was seen, since when (exit 2 while open).",
        )],
        "guard release" => &[(
            "tresor guard release --reason \"Archiv wurde absichtlich verschlüsselt\"",
            "Close a false alarm; retention and prune run again.",
        )],
        "guard confirm" => &[(
            "tresor guard confirm --destination nas",
            "Confirm the attack and name the last clean snapshot on the NAS.",
        )],
        "guard shield" => &[(
            "tresor guard shield --account PRAXIS\\tresor-backup --dry-run",
            "Show the icacls commands that let only the backup account write.",
        )],
        "mail" | "mail test" => &[(
            "tresor mail test --to it@praxis-muster.de",
            "Send a test mail.",
        )],
        "schedule" | "schedule install" => &[
            (
                "tresor schedule install",
                "Register every scheduled job and the Feierabend shortcut.",
            ),
            (
                "tresor schedule install --dry-run",
                "Show the task XML and the schtasks lines without running them.",
            ),
        ],
        "schedule show" => &[(
            "tresor schedule show --count 5 --timezone Europe/Berlin",
            "The next five runs of each job.",
        )],
        "schedule remove" => &[(
            "tresor schedule remove",
            "Remove the tasks (timers) and the shortcut.",
        )],
        "completions" => &[
            (
                "tresor completions bash > /etc/bash_completion.d/tresor",
                "Install bash completion.",
            ),
            (
                "tresor completions powershell >> $PROFILE",
                "Install PowerShell completion.",
            ),
        ],
        _ => &[],
    }
}

/// Exit codes (docs/output.md); `status` speaks the monitoring convention.
fn exit_status(path: &str) -> Vec<(&'static str, &'static str)> {
    if path == "status" {
        return vec![
            ("0", "OK: every job ran as planned."),
            ("1", "WARNING."),
            ("2", "CRITICAL."),
            ("3", "UNKNOWN (no journal, configuration error)."),
        ];
    }
    let mut v = vec![
        ("0", "Success."),
        ("1", "Success with warnings."),
        ("2", "Failed."),
        ("3", "Usage or configuration error."),
    ];
    if path == "journal verify" {
        v[2].1 = "Failed, or the chain is broken (an entry was edited, deleted, reordered or cut short).";
    }
    v
}

const ENVIRONMENT: &[(&str, &str)] = &[
    ("TRESOR_CONFIG", "The configuration file, when --config is not given."),
    ("TRESOR_DEFAULT_CONFIG", "Replaces the default configuration path (C:\\ProgramData\\tresor\\tresor.yaml, /etc/tresor/tresor.yaml)."),
    ("TRESOR_LANG", "Language of messages and help (de, en), when --language is not given."),
    ("TRESOR_KEY_FILE", "The key file, when --key is not given."),
    ("TRESOR_JOURNAL", "The journal file, when --journal is not given."),
    ("TRESOR_LOG", "Log filter for debugging, e.g. tresor=debug."),
    ("TRESOR_NOW", "A fixed time (RFC 3339) the job takes as now: rehearsing a rotation plan."),
    ("TRESOR_SCREEN", "staff or technician: which final screen a backup shows without a terminal."),
    ("TRESOR_S3_STATS", "A file the S3 layer writes its request counts to."),
    ("TRESOR_SMTP_PASSWORD", "The SMTP password, where tresor.yaml says password_env: TRESOR_SMTP_PASSWORD (the variable is named in the config)."),
    ("TRESOR_SYSTEMCTL", "The systemctl program schedule install/remove runs (default: systemctl); with --unit-dir only when set."),
];

const FILES: &[(&str, &str)] = &[
    (
        "C:\\ProgramData\\tresor\\tresor.yaml, /etc/tresor/tresor.yaml",
        "The practice configuration (default places).",
    ),
    (
        "machine.key",
        "The machine key (age), where keys.machine in tresor.yaml says.",
    ),
    (
        "tresor-identity.age",
        "The installation identity, beside the machine key.",
    ),
    (
        "journal.jsonl, tresor.log",
        "The journal of every run and the readable log, beside the machine key.",
    ),
    (
        "tresor-medium.json",
        "The label of an RDX cartridge, in its root.",
    ),
    (
        "tasks\\tresor-JOB.xml",
        "Task Scheduler XML written by tresor schedule install, beside tresor.yaml.",
    ),
];

fn section(out: &mut String, title: &str, items: &[(String, String)]) {
    out.push_str(&format!(".SH \"{title}\"\n"));
    for (term, text) in items {
        out.push_str(&format!(".TP\n{}\n{}\n", roff(term), roff(text)));
    }
}

fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The file stem of a command's page: `tresor-media-label`.
fn page(path: &[String]) -> String {
    std::iter::once("tresor".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("-")
}

fn render(cmd: &clap::Command, path: &[String]) -> String {
    let typed = std::iter::once("tresor".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let c = cmd
        .clone()
        .display_name(typed.clone())
        .bin_name(typed.clone());
    // The footer names the program and its version, not the subcommand.
    let man = clap_mangen::Man::new(c.clone())
        .title(page(path).to_uppercase())
        .source(format!("tresor {}", env!("CARGO_PKG_VERSION")))
        .manual("tresor");
    let mut bytes = Vec::new();
    man.render_title(&mut bytes).expect("render into memory");
    man.render_name_section(&mut bytes).expect("render");
    man.render_synopsis_section(&mut bytes).expect("render");
    man.render_description_section(&mut bytes).expect("render");
    if c.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut bytes).expect("render");
    }
    let mut out = String::from_utf8(bytes).expect("roff is UTF-8");
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .collect();
    let mut see_also: Vec<String> = Vec::new();
    if !path.is_empty() {
        see_also.push(format!("{}(1)", page(&path[..path.len() - 1])));
    }
    if !subs.is_empty() {
        let items: Vec<(String, String)> = subs
            .iter()
            .map(|s| {
                let mut p = path.to_vec();
                p.push(s.get_name().to_string());
                see_also.push(format!("{}(1)", page(&p)));
                (
                    format!("{typed} {}", s.get_name()),
                    s.get_about().map(|a| a.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        section(&mut out, "COMMANDS", &items);
    }
    let key = path.join(" ");
    section(&mut out, "EXIT STATUS", &owned(&exit_status(&key)));
    section(&mut out, "ENVIRONMENT", &owned(ENVIRONMENT));
    section(&mut out, "FILES", &owned(FILES));
    let ex = examples(&key);
    assert!(
        !ex.is_empty(),
        "no EXAMPLES for `{typed}`: add them in tests/man.rs"
    );
    out.push_str(".SH EXAMPLES\n");
    for (line, what) in ex {
        out.push_str(&format!(
            ".PP\n{}\n.RS\n.nf\n{}\n.fi\n.RE\n",
            roff(what),
            roff(line)
        ));
    }
    out.push_str(&format!(
        ".SH \"SEE ALSO\"\n{}\n.PP\ndocs/output.md (JSON documents and exit codes), README.md\n",
        roff(&see_also.join(", "))
    ));
    if path.is_empty() {
        let mut v = Vec::new();
        man.render_version_section(&mut v).expect("render");
        out.push_str(&String::from_utf8(v).expect("UTF-8"));
    }
    out
}

fn pages_of(cmd: &clap::Command, path: &[String], out: &mut Vec<(String, String)>) {
    out.push((format!("{}.1", page(path)), render(cmd, path)));
    for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut p = path.to_vec();
        p.push(s.get_name().to_string());
        pages_of(s, &p, out);
    }
}

fn pages() -> Vec<(String, String)> {
    let mut cli = tresor::cli::Cli::command();
    cli.build();
    let mut out = Vec::new();
    pages_of(&cli, &[], &mut out);
    out
}

#[test]
fn man_pages_match_the_command_line() {
    let pages = pages();
    assert!(pages.len() > 20, "every command has a page");

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let bless = std::env::var_os("TRESOR_BLESS").is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "TRESOR_BLESS is refused when CI is set: CI checks the man pages, it never rewrites them"
    );
    let mut stale = Vec::new();
    let wanted: BTreeSet<&str> = pages.iter().map(|(f, _)| f.as_str()).collect();
    if bless {
        // Pages of commands that are gone.
        for e in std::fs::read_dir(&dir).expect("man/").flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".1") && !wanted.contains(name.as_str()) {
                std::fs::remove_file(e.path()).expect("remove old page");
            }
        }
    }
    for (file, want) in &pages {
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, want).expect("write man page");
        } else if std::fs::read_to_string(&path).ok().as_ref() != Some(want) {
            stale.push(file.clone());
        }
    }
    for e in std::fs::read_dir(&dir).expect("man/").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !wanted.contains(name.as_str()) {
            stale.push(format!("{name} (no such command)"));
        }
    }
    assert!(
        stale.is_empty(),
        "man pages out of date: {stale:?}; run TRESOR_BLESS=1 cargo test --test man"
    );
}

#[test]
fn pages_name_commands_as_typed_and_have_every_section() {
    for (file, text) in pages() {
        let name = text
            .split(".SH NAME\n")
            .nth(1)
            .and_then(|r| r.lines().next())
            .unwrap_or_default();
        // `tresor media label \- …`, never `tresor\-media\-label`.
        assert!(
            name.starts_with("tresor ") || file == "tresor.1",
            "{file}: NAME is `{name}`"
        );
        for s in [
            "SYNOPSIS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
        ] {
            assert!(
                text.contains(&format!(".SH \"{s}\"")) || text.contains(&format!(".SH {s}\n")),
                "{file}: no {s}"
            );
        }
        assert!(
            text.contains("TRESOR_NOW") && text.contains("tresor\\-medium.json"),
            "{file}"
        );
    }
}

#[test]
fn pages_refer_only_to_pages_that_exist() {
    let pages = pages();
    let files: BTreeSet<String> = pages.iter().map(|(f, _)| f.clone()).collect();
    for (file, text) in &pages {
        // Every `name(1)` reference, with roff's `\-` read as a dash.
        let plain = text.replace("\\-", "-");
        for (i, _) in plain.match_indices("(1)") {
            let start = plain[..i]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |p| p + 1);
            let target = format!("{}.1", &plain[start..i]);
            assert!(
                files.contains(&target),
                "{file} refers to {target}, which does not exist"
            );
        }
    }
    let backup = &pages
        .iter()
        .find(|(f, _)| f == "tresor-backup.1")
        .expect("backup page")
        .1;
    assert!(backup.contains(".SH NAME\ntresor backup \\- "), "{backup}");
    assert!(
        backup.contains("\\fBtresor backup\\fR"),
        "SYNOPSIS as typed:\n{backup}"
    );
}

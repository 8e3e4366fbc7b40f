//! `tresor detect`: finds the medatixx products on this server (or below a
//! drive root), prints what it found with the file and key it came from and
//! what it could not decide, optionally asks the SQL Server for its
//! databases (`--sql`), and writes a starter `tresor.yaml`.
//!
//! Exit codes: 0 written, nothing open; 1 written, with open questions
//! (JSON `warnings`, codes `detect_*`); 2 nothing found (`detect_nothing_found`),
//! the output exists without `--force` (`detect_output_exists`, nothing
//! written) or cannot be written (`detect_write_failed`); 3 without a drive
//! root on a non-Windows host.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{self, ConfigPath, HostContext, Mounts};
use crate::detect::starter::{starter_yaml, StarterOptions};
use crate::detect::{self, databases, Detection, Scan, Undecided};
use crate::error::{exit, Error};
use crate::i18n::Language;
use crate::identity::key_file::create_private;
use crate::source::sqlserver;
use crate::tr;

use super::args::DetectArgs;
use super::context::{default_config_path, Ctx};
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &DetectArgs, config: Option<&Path>) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let target: PathBuf = a
        .output
        .clone()
        .or_else(|| config.map(Path::to_path_buf))
        .unwrap_or_else(default_config_path);
    if target.exists() && !a.force {
        return Err(refused(
            "detect_output_exists",
            tr!(
                lang,
                "detect-output-exists",
                path = target.display().to_string()
            ),
            Some(tr!(lang, "detect-output-exists-hint")),
        ));
    }
    let (host, drives, root_text) = drive_root(a.root.as_deref(), lang)?;
    let root_dir = (!host.windows).then(|| PathBuf::from(&root_text));
    let profiles = config::embedded_profiles()?;
    let scan = Scan {
        host: &host,
        drives,
        profiles: &profiles,
        sql_given: a.sql.clone().filter(|s| !s.trim().is_empty()),
    };
    let mut d = detect::detect(&scan);
    output::field("root", &root_text);
    println!("{}", tr!(lang, "detect-root", root = root_text.as_str()));
    if d.products.is_empty() {
        return Err(refused(
            "detect_nothing_found",
            tr!(lang, "detect-nothing-found", root = root_text.as_str()),
            Some(tr!(lang, "detect-nothing-found-hint")),
        ));
    }
    if a.sql.is_some() {
        ask_server(&mut d, &profiles, lang);
    }
    show(&d, lang);
    let yaml = starter_yaml(
        &d,
        &StarterOptions {
            lang,
            root: if host.windows {
                None
            } else {
                root_dir.as_deref()
            },
            date: chrono::Local::now().format("%Y-%m-%d").to_string(),
        },
    );
    if target.exists() {
        // --force: the old file (it may hold the SQL password) stays beside it.
        let kept = keep_old(&target, lang)?;
        println!(
            "{}",
            tr!(
                lang,
                "detect-kept-old",
                path = target.display().to_string(),
                backup = kept.display().to_string()
            )
        );
        output::field("backup", kept.display().to_string());
    }
    write(&target, &yaml, lang)?;
    output::field("output", target.display().to_string());
    output::field("detection", &d);
    output::field("unusable_paths", d.unusable_paths());
    println!(
        "{}",
        tr!(lang, "detect-written", path = target.display().to_string())
    );
    if !d.undecided.is_empty() {
        eprintln!("{}", tr!(lang, "detect-undecided-heading"));
        for u in &d.undecided {
            let message = u.render(lang);
            eprintln!("  - {message}");
            output::record_warning(u.code(), message);
        }
    }
    println!(
        "{}",
        tr!(lang, "detect-next", path = target.display().to_string())
    );
    Ok(if d.undecided.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Warnings
    })
}

fn refused(code: &'static str, message: String, hint: Option<String>) -> Error {
    Error::Refused {
        code,
        message,
        hint,
        exit: exit::FAILED,
    }
}

/// How Windows paths map to folders: the real drives on Windows without
/// `--root`; below `--root` every one-letter folder is that drive and
/// `UNC/<server>/<share>` that share. Returns the host, the drive letters
/// (C first) and the root as shown.
fn drive_root(
    root: Option<&Path>,
    lang: Language,
) -> Result<(HostContext, Vec<char>, String), Error> {
    let Some(root) = root else {
        if !cfg!(windows) {
            return Err(Error::Usage(tr!(lang, "detect-root-required")));
        }
        let drives = ('C'..='Z')
            .filter(|l| Path::new(&format!("{l}:\\")).is_dir())
            .collect();
        return Ok((HostContext::windows(), drives, "C:\\".into()));
    };
    if !root.is_dir() {
        return Err(Error::Usage(tr!(
            lang,
            "detect-root-not-a-folder",
            root = root.display().to_string()
        )));
    }
    // The written `drives:` must be absolute.
    let root = &std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut mounts = Mounts::default();
    let mut drives = Vec::new();
    for (name, path) in entries(root) {
        let mut chars = name.chars();
        if let (Some(l), None) = (chars.next(), chars.next()) {
            if l.is_ascii_alphabetic() {
                let l = l.to_ascii_uppercase();
                drives.push(l);
                mounts = mounts.with_drive(l, path);
            }
        } else if name.eq_ignore_ascii_case("UNC") {
            for (server, server_dir) in entries(&path) {
                for (share, share_dir) in entries(&server_dir) {
                    mounts.unc.push((
                        ConfigPath::Unc {
                            server: server.clone(),
                            share,
                            components: Vec::new(),
                        },
                        share_dir,
                    ));
                }
            }
        }
    }
    drives.sort_by_key(|l| (*l != 'C', *l));
    drives.dedup();
    Ok((
        HostContext {
            windows: false,
            mounts,
        },
        drives,
        root.display().to_string(),
    ))
}

/// The sub-folders of `dir`, sorted by name.
fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `--sql`: the server's user databases against the profiles; a server
/// that cannot be reached is an open question, not a failure.
fn ask_server(d: &mut Detection, profiles: &[config::Profile], lang: Language) {
    let Some(connection) = d.connection.clone() else {
        eprintln!("{}", tr!(lang, "detect-sql-no-connection"));
        return;
    };
    let partial = match sqlserver::parse_connection_string(&connection) {
        Ok(p) => p,
        Err(e) => {
            d.undecided.push(Undecided::ConnectionUnusable {
                reason: e.render(lang),
                evidence: detect::Evidence {
                    file: "--sql".into(),
                    key: None,
                },
            });
            return;
        }
    };
    let server = partial.server.to_string();
    println!(
        "{}",
        tr!(lang, "detect-sql-connecting", server = server.as_str())
    );
    let mut settings = partial.into_settings(std::env::temp_dir());
    // As the written configuration does (trust_server_certificate: true).
    settings.trust_server_certificate = true;
    match sqlserver::discover(&settings) {
        Ok(found) => {
            let names: Vec<String> = found
                .databases
                .iter()
                .filter(|db| !db.is_system)
                .map(|db| db.name.clone())
                .collect();
            if names.is_empty() {
                println!("{}", tr!(lang, "detect-server-no-databases"));
            }
            databases::match_server(d, profiles, &names);
        }
        Err(e) => d.undecided.push(Undecided::SqlUnreachable {
            server,
            reason: e.render(lang),
        }),
    }
}

/// The findings, each with the file (and key) it came from.
fn show(d: &Detection, lang: Language) {
    let from = detect::where_from;
    println!("{}", tr!(lang, "detect-found-heading"));
    for p in &d.products {
        let evidence: Vec<String> = p.evidence.iter().map(from).collect();
        println!(
            "  {}",
            tr!(
                lang,
                "detect-product",
                title = p.title.as_str(),
                profile = p.profile.as_str(),
                evidence = evidence.join("; ")
            )
        );
        for ps in &p.paths {
            let state = match (ps.exists, ps.optional) {
                (true, _) => "yes",
                (false, true) => "optional",
                (false, false) => "no",
            };
            println!(
                "    {}",
                tr!(lang, "detect-path", path = ps.path.as_str(), state = state)
            );
        }
    }
    for s in &d.sources {
        println!(
            "  {}",
            tr!(
                lang,
                "detect-source",
                path = s.path.as_str(),
                source = from(&s.evidence)
            )
        );
    }
    for s in &d.sql {
        println!(
            "  {}",
            tr!(
                lang,
                "detect-sql",
                server = s.server.as_str(),
                database = s.database.as_deref().unwrap_or("none"),
                source = from(&s.evidence)
            )
        );
    }
    for f in &d.facts {
        println!(
            "  {}",
            tr!(
                lang,
                "detect-fact",
                name = f.name.as_str(),
                value = f.value.as_str(),
                source = from(&f.evidence)
            )
        );
    }
    if let Some(names) = d.server_databases.as_ref().filter(|n| !n.is_empty()) {
        println!(
            "  {}",
            tr!(
                lang,
                "detect-server-databases",
                databases = names.join(", ")
            )
        );
    }
}

fn write_failed(path: &Path, lang: Language, e: std::io::Error) -> Error {
    refused(
        "detect_write_failed",
        tr!(
            lang,
            "detect-write-failed",
            path = path.display().to_string(),
            reason = e.to_string()
        ),
        None,
    )
}

/// Writes `text` to a new file that only its owner can read (the config
/// may carry the SQL Server password; on Windows the folder's ACL decides).
fn write_private(path: &Path, text: &[u8]) -> std::io::Result<()> {
    let mut f = create_private(path)?;
    f.write_all(text)?;
    f.sync_all()
}

/// Copies the existing `target` to `<name>.bak-<UTC yyyymmddThhmmss>` beside
/// it (`…-2`, `…-3` when that name is taken: a backup is never
/// overwritten), owner-only. Returns the backup's path.
fn keep_old(target: &Path, lang: Language) -> Result<PathBuf, Error> {
    let old = std::fs::read(target).map_err(|e| write_failed(target, lang, e))?;
    let stamp = crate::clock::now_utc().format("%Y%m%dT%H%M%S");
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tresor.yaml".into());
    let mut n = 1u32;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let kept = target.with_file_name(format!("{name}.bak-{stamp}{suffix}"));
        match write_private(&kept, &old) {
            Ok(()) => return Ok(kept),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(write_failed(&kept, lang, e)),
        }
    }
}

/// Writes the file (its folder created); on failure nothing half-written
/// stays under the real name.
fn write(target: &Path, yaml: &str, lang: Language) -> Result<(), Error> {
    let failed = |e: std::io::Error| write_failed(target, lang, e);
    let tmp = target.with_extension("yaml.tresor-tmp");
    // A leftover of an interrupted run.
    let _ = std::fs::remove_file(&tmp);
    write_private(&tmp, yaml.as_bytes()).map_err(failed)?;
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
}

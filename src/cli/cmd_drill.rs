//! `tresor drill`: a regular, documented test that backups can be restored
//! (GDPR Art. 32(1)(d)). Every database of the newest snapshot that has
//! databases is restored under a scratch name, checked with DBCC CHECKDB and
//! dropped; a sample of files of the newest snapshot is restored into a
//! temporary folder and verified. The result goes into the journal.

use crate::error::{exit, Error};
use crate::job::databases;
use crate::job::dbrestore;
use crate::job::outcome;
use crate::job::restore::{self, RestoreRequest};
use crate::repo::tree::NodeKind;
use crate::report::journal;
use crate::report::record::{
    DatabaseResult, DestinationRecord, DestinationRole, Notice, RunKind, RunOutcome, RunRecord,
};
use crate::source::sqlserver::{self, RestoreOptions};
use crate::tr;

use super::args::DrillArgs;
use super::context::{threads, Ctx};
use super::{output, Outcome};

pub(super) const PREFIX: &str = "tresor_drill_";

/// A drill that tested nothing — no snapshot, no file in it, a database it
/// could not reach — is not passed: the journal records `"ok": false` with
/// the reasons in `"untested"`, and the exit code is 2 (failed), as for a
/// restore that failed. Documented in README, "Exit codes".
pub fn run(ctx: &Ctx, a: &DrillArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let mut record = RunRecord::start(
        RunKind::Drill,
        None,
        ctx.config.as_ref().map_or("", |c| c.practice.as_str()),
    );
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let list = repo.snapshots()?;
    let progress = ctx.progress();
    // What failed, and what could not be tested at all.
    let mut problems: Vec<String> = Vec::new();
    // (stable tag for the journal, text in the practice's language)
    let mut untested: Vec<(&str, String)> = Vec::new();
    let mut db_results = Vec::new();
    let mut databases_tested = 0usize;

    // Only snapshots of configured jobs: an ad-hoc `backup --path` is no
    // evidence that the practice's backup can be restored. Without a
    // configuration (a bare machine with --repo and --key) every snapshot counts.
    let jobs: Option<Vec<&str>> = ctx
        .config
        .as_ref()
        .map(|c| c.jobs.keys().map(String::as_str).collect());
    let candidates: Vec<&(crate::repo::Id, crate::repo::Snapshot)> = list
        .ok
        .iter()
        .filter(|(_, s)| jobs.as_ref().is_none_or(|j| j.contains(&s.job.as_str())))
        .collect();
    match candidates.last() {
        None => untested.push((
            "no_snapshot",
            tr!(
                lang,
                "outcome-drill-no-snapshot",
                location = repo.location()
            ),
        )),
        Some((id, snap)) => {
            println!(
                "{}",
                tr!(
                    lang,
                    "outcome-drill-snapshot",
                    snapshot = id.short(),
                    time = snap.time.format("%d.%m.%Y %H:%M").to_string(),
                    job = snap.job.as_str()
                )
            );
            output::field("snapshot", id.to_string());
            // A snapshot that lacks required data cannot prove the backup works.
            if !snap.is_complete() {
                untested.push((
                    "snapshot_incomplete",
                    tr!(
                        lang,
                        "outcome-drill-incomplete",
                        snapshot = id.short(),
                        lacks = outcome::lacks_text(lang, snap)
                    ),
                ));
            }
        }
    }
    match candidates
        .iter()
        .rev()
        .find(|(_, s)| !s.databases.is_empty())
    {
        Some((id, snap)) => match ctx.config.as_ref().and_then(|c| c.sqlserver.as_ref()) {
            None => untested.push(("no_sqlserver", tr!(lang, "outcome-drill-no-sqlserver"))),
            Some(sql) => {
                let settings =
                    databases::settings(sql).map_err(|e| Error::Usage(e.render(ctx.lang)))?;
                // Drill databases an earlier drill left behind (killed, or its
                // drop failed) take space on the data drive: only the prefix.
                match sqlserver::drop_leftover_drills(&settings, PREFIX) {
                    Ok(names) if !names.is_empty() => println!(
                        "{}",
                        tr!(
                            lang,
                            "sql-drill-leftovers-dropped",
                            count = names.len(),
                            names = names.join(", ")
                        )
                    ),
                    Ok(_) => {}
                    Err(e) => problems.push(e.render(lang)),
                }
                for rec in &snap.databases {
                    let scratch = format!("{PREFIX}{}", rec.name);
                    let opts = RestoreOptions {
                        target_name: scratch.clone(),
                        data_dir: None,
                        log_dir: None,
                        filestream_dir: None,
                        force: true,
                        checkdb: true,
                    };
                    let restored =
                        dbrestore::run(&repo, snap, rec, &settings, &opts, &sql.staging, &progress)
                            .map_err(|e| Error::from(e).render(ctx.lang).0);
                    // Whatever the outcome: a scratch database whose CHECKDB
                    // failed, or one a failed RESTORE left RESTORING, must not
                    // stay on the server (drop_database handles either, and
                    // a database that was never created).
                    let dropped = sqlserver::drop_database(&settings, &scratch, PREFIX)
                        .map_err(|e| e.render(ctx.lang));
                    let result = restored.and(dropped);
                    let ok = result.is_ok();
                    match &result {
                        Ok(()) => {
                            databases_tested += 1;
                            println!(
                                "{}",
                                tr!(lang, "outcome-drill-database-ok", database = &rec.name)
                            );
                        }
                        Err(e) => {
                            println!(
                                "{}",
                                tr!(
                                    lang,
                                    "outcome-drill-database-failed",
                                    database = &rec.name,
                                    error = e
                                )
                            );
                            problems.push(format!("{}: {e}", rec.name));
                        }
                    }
                    record.snapshot.get_or_insert_with(|| id.to_string());
                    db_results.push(DatabaseResult {
                        name: rec.name.clone(),
                        ok,
                        detail: result.err(),
                    });
                }
            }
        },
        None if !candidates.is_empty() => {
            // The configuration says databases belong in the backup, but no
            // snapshot has one: testing only the files would hide that.
            let expected = expected_databases(ctx);
            if !expected.is_empty() {
                untested.push((
                    "no_database",
                    tr!(
                        lang,
                        "outcome-drill-no-database",
                        databases = expected.join(", ")
                    ),
                ));
            }
        }
        None => {}
    }

    let mut files_verified = 0u64;
    if let Some((id, snap)) = candidates.last() {
        let files: Vec<String> = repo
            .load_tree(snap)?
            .into_iter()
            .filter(|n| n.kind == NodeKind::File)
            .map(|n| n.path)
            .collect();
        let step = (files.len() / a.sample.max(1)).max(1);
        let sample: Vec<String> = files.iter().step_by(step).take(a.sample).cloned().collect();
        let tmp = std::env::temp_dir().join(format!("tresor-drill-{}", std::process::id()));
        let req = RestoreRequest {
            target: tmp.clone(),
            include: sample.iter().map(|p| glob_literal(p)).collect(),
            overwrite: true,
            threads: threads(),
            keep_setid: false,
        };
        let out = if sample.is_empty() {
            Ok(Default::default())
        } else {
            restore::run(&repo, snap, &req, &progress)
        };
        let _ = std::fs::remove_dir_all(&tmp);
        match out {
            Ok(out) => {
                files_verified = out.verified;
                if sample.is_empty() {
                    if databases_tested == 0 {
                        untested.push(("no_files", tr!(lang, "outcome-drill-no-files")));
                    }
                } else {
                    println!(
                        "{}",
                        tr!(
                            lang,
                            "outcome-drill-files",
                            verified = out.verified,
                            sampled = sample.len()
                        )
                    );
                }
                if out.verified as usize != sample.len() {
                    problems.push(tr!(
                        lang,
                        "outcome-drill-files-failed",
                        count = sample.len() - out.verified as usize
                    ));
                }
                record.snapshot = Some(id.to_string());
            }
            Err(e) => {
                let text = Error::from(e).render(lang).0;
                problems.push(text.clone());
                record.snapshot = Some(id.to_string());
            }
        }
    }

    let key = ctx.key_path(&a.repo)?;
    let passed = problems.is_empty() && untested.is_empty();
    // The journal's typed record: databases drilled, files verified
    // (`items`), what failed (`errors`) and what could not be tested
    // (`warnings`, code = the reason), outcome failed unless all passed.
    record.items = files_verified;
    record.databases = db_results;
    record.destinations.push(DestinationRecord {
        name: repo.location(),
        role: DestinationRole::Primary,
        outcome: if passed {
            RunOutcome::Ok
        } else {
            RunOutcome::Failed
        },
        snapshots: 0,
        bytes_written: 0,
        detail: None,
    });
    record.errors = problems
        .iter()
        .map(|p| Notice {
            code: "drill_failed".into(),
            text: p.clone(),
        })
        .collect();
    record.warnings = untested
        .iter()
        .map(|(kind, text)| Notice {
            code: (*kind).to_string(),
            text: text.clone(),
        })
        .collect();
    record.finish(if passed { exit::OK } else { exit::FAILED });
    let path = journal::path_beside(&key);
    journal::append(&path, &record).map_err(|e| Error::Io {
        what: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    if let Some(dir) = path.parent() {
        let _ = crate::report::log::append(dir, lang, &record);
    }
    println!(
        "{}",
        tr!(
            lang,
            "outcome-drill-journal",
            path = path.display().to_string()
        )
    );
    if !untested.is_empty() {
        let reason = untested
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let text = if databases_tested == 0 && files_verified == 0 {
            tr!(lang, "outcome-drill-nothing-tested", reason = &reason)
        } else {
            tr!(lang, "outcome-drill-not-all-tested", reason = &reason)
        };
        eprintln!("{text}");
        problems.push(reason);
    }
    if !problems.is_empty() {
        return Err(Error::DrillFailed(problems.join("; ")));
    }
    Ok(Outcome::Ok)
}

/// Required databases of the configured jobs (names as the profiles write them).
fn expected_databases(ctx: &Ctx) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let Some(cfg) = &ctx.config else {
        return out;
    };
    for d in cfg.jobs.values().flat_map(|j| &j.databases) {
        if !d.optional && !out.iter().any(|n| n.eq_ignore_ascii_case(&d.name)) {
            out.push(d.name.clone());
        }
    }
    out
}

/// Restore selects by glob: escape glob characters of a real path.
fn glob_literal(p: &str) -> String {
    p.chars()
        .map(|c| {
            if "*?[]{}".contains(c) {
                format!("[{c}]")
            } else {
                c.to_string()
            }
        })
        .collect()
}

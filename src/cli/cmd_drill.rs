//! `tresor drill`: a regular, documented test that backups can be restored
//! (GDPR Art. 32(1)(d)). Every database of the newest snapshot that has
//! databases is restored under a scratch name, checked with DBCC CHECKDB and
//! dropped; a sample of files of the newest snapshot is restored into a
//! temporary folder and verified. The result goes into the journal.

use chrono::Local;
use serde_json::json;

use crate::error::Error;
use crate::job::databases;
use crate::job::dbrestore;
use crate::job::restore::{self, RestoreRequest};
use crate::repo::tree::NodeKind;
use crate::report::journal;
use crate::source::sqlserver::{self, RestoreOptions};

use super::args::DrillArgs;
use super::context::{threads, Ctx};
use super::Outcome;

const PREFIX: &str = "tresor_drill_";

pub fn run(ctx: &Ctx, a: &DrillArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let list = repo.snapshots()?;
    let progress = ctx.progress();
    let mut problems: Vec<String> = Vec::new();
    let mut db_results = Vec::new();

    if let Some((id, snap)) = list.ok.iter().rev().find(|(_, s)| !s.databases.is_empty()) {
        match ctx.config.as_ref().and_then(|c| c.sqlserver.as_ref()) {
            None => problems.push(
                ctx.t(
                    "Datenbanken vorhanden, aber kein sqlserver: in der Konfiguration",
                    "databases present, but no sqlserver: in the configuration",
                )
                .into(),
            ),
            Some(sql) => {
                let settings =
                    databases::settings(sql).map_err(|e| Error::Usage(e.render(ctx.de())))?;
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
                    // failed must not stay on the server. After a failed
                    // restore there may be nothing to drop; that error is moot.
                    let dropped = sqlserver::drop_database(&settings, &scratch, PREFIX)
                        .map_err(|e| e.render(ctx.de()));
                    let result = restored.and(dropped);
                    let ok = result.is_ok();
                    println!(
                        "{} {}: {}",
                        ctx.t("Datenbank", "Database"),
                        rec.name,
                        if ok {
                            ctx.t(
                                "wiederhergestellt, CHECKDB ohne Befund",
                                "restored, CHECKDB clean",
                            )
                        } else {
                            ctx.t("FEHLER", "FAILED")
                        }
                    );
                    if let Err(e) = &result {
                        problems.push(format!("{}: {e}", rec.name));
                    }
                    db_results.push(json!({ "database": rec.name, "snapshot": id, "ok": ok, "error": result.err() }));
                }
            }
        }
    }

    let mut file_result = json!(null);
    if let Some((id, snap)) = list.ok.last() {
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
                println!(
                    "{}: {} / {} {}",
                    ctx.t("Dateien", "Files"),
                    out.verified,
                    sample.len(),
                    ctx.t("wiederhergestellt und bestätigt", "restored and verified")
                );
                if out.verified as usize != sample.len() {
                    problems.push(format!(
                        "{} files failed",
                        sample.len() - out.verified as usize
                    ));
                }
                file_result =
                    json!({ "snapshot": id, "sampled": sample.len(), "verified": out.verified });
            }
            Err(e) => {
                problems.push(e.to_string());
                file_result =
                    json!({ "snapshot": id, "sampled": sample.len(), "error": e.to_string() });
            }
        }
    }

    let key = ctx.key_path(&a.repo)?;
    let entry = json!({
        "kind": "drill",
        "time": Local::now().to_rfc3339(),
        "repository": repo.location(),
        "databases": db_results,
        "files": file_result,
        "ok": problems.is_empty(),
        "problems": problems,
    });
    let path = journal::path_beside(&key);
    journal::append(&path, &entry).map_err(|e| Error::Io {
        what: path.display().to_string(),
        source: e,
    })?;
    println!(
        "{} {}",
        ctx.t("Ergebnis im Journal:", "Result in the journal:"),
        path.display()
    );
    if !problems.is_empty() {
        return Err(Error::DrillFailed(problems.join("; ")));
    }
    Ok(Outcome::Ok)
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

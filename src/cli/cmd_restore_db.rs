//! `tresor restore-db SNAPSHOT --database NAME [--as NEWNAME] …`.

use crate::error::{exit, Error};
use crate::job::databases;
use crate::job::dbrestore;
use crate::source::sqlserver::RestoreOptions;
use crate::tr;

use super::args::RestoreDbArgs;
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &RestoreDbArgs) -> Result<Outcome, Error> {
    // Names with the drill prefix are the drill's scratch space: the next
    // drill drops every one of them.
    if let Some(name) = a
        .as_name
        .as_deref()
        .filter(|n| n.starts_with(super::cmd_drill::PREFIX))
    {
        return Err(Error::Usage(tr!(
            ctx.lang,
            "cli-restore-db-drill-prefix",
            name = name,
            prefix = super::cmd_drill::PREFIX
        )));
    }
    let cfg = ctx.need_config()?;
    // A configuration that lacks a section, not a mistyped command line.
    let sql = cfg.sqlserver.as_ref().ok_or_else(|| Error::Refused {
        code: "config",
        message: tr!(ctx.lang, "cli-restore-db-no-sqlserver"),
        hint: Some(tr!(
            ctx.lang,
            "cli-restore-db-no-sqlserver-hint",
            origin = cfg.origin.as_str()
        )),
        exit: exit::USAGE,
    })?;
    let settings = databases::settings(sql).map_err(|e| Error::Usage(e.render(ctx.lang)))?;
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let (id, snap) = repo.find_snapshot(&a.snapshot)?;
    if snap.databases.is_empty() {
        // "(vorhanden: )" would say nothing; this says what the snapshot is.
        return Err(Error::Refused {
            code: "database_not_found",
            message: tr!(
                ctx.lang,
                "cli-restore-db-none-in-snapshot",
                database = a.database.as_str(),
                snapshot = id.short(),
                job = snap.job.as_str()
            ),
            hint: Some(tr!(ctx.lang, "cli-restore-db-none-in-snapshot-hint")),
            exit: exit::FAILED,
        });
    }
    let rec = dbrestore::find(&snap, &a.database)?;
    let opts = RestoreOptions {
        target_name: a.as_name.clone().unwrap_or_else(|| rec.name.clone()),
        data_dir: a.data_dir.clone(),
        log_dir: a.log_dir.clone(),
        filestream_dir: a.filestream_dir.clone(),
        force: a.force,
        checkdb: a.checkdb,
    };
    // SQL Server does not create folders; tresor runs on the same server and does.
    for dir in [&a.data_dir, &a.log_dir, &a.filestream_dir]
        .into_iter()
        .flatten()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            what: dir.display().to_string(),
            source: e,
        })?;
    }
    let extract_dir = a.extract_dir.clone().unwrap_or_else(|| sql.staging.clone());
    let progress = ctx.progress();
    let (out, meta) = dbrestore::run(&repo, &snap, rec, &settings, &opts, &extract_dir, &progress)?;
    let when = meta
        .backup_finish
        .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_else(|| snap.time.format("%d.%m.%Y %H:%M").to_string());
    output::field("snapshot", id.to_string());
    output::field(
        "database",
        serde_json::json!({
            "name": out.database,
            "from": rec.name,
            "checkdb": a.checkdb,
            "files": out.moves.iter().map(|m| serde_json::json!({
                "logical_name": m.logical_name,
                "type": m.file_type.to_string(),
                "target": m.target,
            })).collect::<Vec<_>>(),
        }),
    );
    println!(
        "{}",
        tr!(
            ctx.lang,
            "cli-restore-db-done",
            database = out.database.as_str(),
            from = rec.name.as_str(),
            snapshot = id.short(),
            time = snap.time.format("%d.%m.%Y %H:%M").to_string()
        )
    );
    for m in &out.moves {
        println!("  {} ({}) → {}", m.logical_name, m.file_type, m.target);
    }
    if a.checkdb {
        println!("  {}", tr!(ctx.lang, "cli-restore-db-checkdb-clean"));
    }
    println!("{}", tr!(ctx.lang, "cli-restore-db-password", time = when));
    if let Some(access) = &out.not_multi_user {
        output::warning(
            "database_not_multi_user",
            &tr!(ctx.lang, "cli-warning-label"),
            tr!(
                ctx.lang,
                "cli-restore-db-not-multi-user",
                database = out.database.as_str(),
                access = access.as_str()
            ),
        );
        return Ok(Outcome::Warnings);
    }
    Ok(Outcome::Ok)
}

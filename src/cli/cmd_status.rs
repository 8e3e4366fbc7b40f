//! `tresor status`: the practice's backups at a glance — plain text, JSON
//! or Checkmk local-check lines — with the exit codes of a monitoring
//! plugin (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; docs/output.md).

use chrono::Utc;

use crate::error::Error;
use crate::report::journal;
use crate::report::status::{self, Attention, Facts, Level};
use crate::report::{checkmk, status_text};
use crate::tr;

use super::args::StatusArgs;
use super::cmd_journal::{journal_path, problem_text};
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &StatusArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    // Without the configuration nothing says what is expected: UNKNOWN (3,
    // which is also tresor's usage/configuration code).
    let Some(config) = &ctx.config else {
        return Err(Error::Usage(tr!(lang, "status-no-config")));
    };
    let path = journal_path(ctx, &a.file)?;
    let journal = journal::read(&path)?;
    let verdict = journal::check(&journal);
    let now = crate::clock::now().fixed_offset();
    let mut s = status::status(&Facts::from_config(config), &journal.records(), now);
    if let Some(p) = &verdict.problem {
        s.attention.push(Attention {
            code: "journal_damaged".into(),
            text: tr!(
                lang,
                "status-journal-damaged",
                problem = problem_text(lang, p)
            ),
            job: None,
            time: Utc::now(),
        });
        if s.level != Level::Unknown {
            s.level = s.level.worst(Level::Yellow);
        }
    }
    // An open ransomware alarm is red whatever the runs say since.
    let guard = crate::guard::state::GuardState::load(&crate::guard::state::path_beside(
        &config.keys.machine,
    ));
    let alarm = match &guard {
        Ok(st) => st.open.as_ref().map(|o| {
            let mut text = format!(
                "{}. {}",
                tr!(
                    lang,
                    "guard-status-alarm",
                    since = crate::report::guard_text::local(&o.opened)
                ),
                crate::report::guard_text::seen(lang, &o.report).join("; ")
            );
            text.push_str(". ");
            text.push_str(&tr!(lang, "guard-todo-technician"));
            (text, o.opened)
        }),
        Err(e) => Some((
            format!("{} ({e})", tr!(lang, "guard-hold-unreadable")),
            Utc::now(),
        )),
    };
    if let Some((text, time)) = alarm {
        s.attention.insert(
            0,
            Attention {
                code: "ransomware_alarm".into(),
                text,
                job: None,
                time,
            },
        );
        s.level = Level::Red;
    }
    for text in writable_destinations(lang, config) {
        s.attention.push(Attention {
            code: "destination_writable".into(),
            text,
            job: None,
            time: Utc::now(),
        });
        if s.level != Level::Unknown {
            s.level = s.level.worst(Level::Yellow);
        }
    }
    if a.checkmk {
        for line in checkmk::lines(lang, &s) {
            println!("{line}");
        }
    } else {
        output::field("status", &s);
        for line in status_text::lines(lang, &s) {
            println!("{line}");
        }
    }
    Ok(Outcome::Monitoring(s.level.code()))
}

/// Local destinations (reachable now) that accounts other than tresor's may
/// write: the shield's check (`guard::shield`). On Windows the folder's ACL
/// is read through PowerShell; elsewhere the Unix modes.
fn writable_destinations(
    lang: crate::i18n::Language,
    config: &crate::config::Config,
) -> Vec<String> {
    use crate::guard::shield;
    let mut out = Vec::new();
    for d in config.destinations.values() {
        let crate::config::DestinationKind::Local { path, display } = &d.kind else {
            continue;
        };
        if !path.is_dir() {
            continue;
        }
        let who: Vec<String> = if cfg!(windows) {
            let (prog, args) = shield::acl_query_command(&path.display().to_string());
            match std::process::Command::new(prog).args(args).output() {
                Ok(o) if o.status.success() => shield::others_who_write(
                    &String::from_utf8_lossy(&o.stdout),
                    &[shield::SID_SYSTEM],
                ),
                _ => Vec::new(),
            }
        } else {
            shield::writable_by_others(path)
                .into_iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect()
        };
        if !who.is_empty() {
            out.push(tr!(
                lang,
                "guard-status-writable",
                name = d.name.as_str(),
                path = display.as_str(),
                who = who.join(", ")
            ));
        }
    }
    out
}

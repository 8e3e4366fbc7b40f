//! `tresor journal verify` and `tresor journal show`: the journal's chain
//! checked (exit 0 intact, 2 with the first bad entry named) and its entries
//! as a table or JSON.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::error::{exit, Error};
use crate::i18n::Language;
use crate::report::journal::{self, Line, Problem};
use crate::report::log;
use crate::tr;

use super::args::{JournalAction, JournalArgs, JournalFileArg, JournalShowArgs, JournalVerifyArgs};
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &JournalArgs) -> Result<Outcome, Error> {
    match &a.action {
        JournalAction::Verify(v) => verify(ctx, v),
        JournalAction::Show(s) => show(ctx, s),
    }
}

/// `--journal`, else `journal.jsonl` beside the configured machine key.
pub(super) fn journal_path(ctx: &Ctx, arg: &JournalFileArg) -> Result<PathBuf, Error> {
    if let Some(p) = &arg.journal {
        return Ok(p.clone());
    }
    match &ctx.config {
        Some(c) => Ok(journal::path_beside(&c.keys.machine)),
        None => Err(Error::Usage(tr!(ctx.lang, "journal-no-path"))),
    }
}

/// A verify problem in the practice's language.
pub(super) fn problem_text(lang: Language, p: &Problem) -> String {
    match p {
        Problem::Unreadable { error } => {
            tr!(lang, "journal-problem-unreadable", error = error.as_str())
        }
        Problem::Torn { line, last: true } => tr!(lang, "journal-problem-torn-last", line = line),
        Problem::Torn { line, .. } => tr!(lang, "journal-problem-torn", line = line),
        Problem::Edited { line, seq } => {
            tr!(lang, "journal-problem-edited", line = line, seq = seq)
        }
        Problem::ChainBroken { line, seq } => {
            tr!(lang, "journal-problem-chain-broken", line = line, seq = seq)
        }
        Problem::Missing {
            line,
            expected,
            found,
        } => tr!(
            lang,
            "journal-problem-missing",
            line = line,
            expected = expected,
            found = found,
            last = found - 1,
            count = found - expected
        ),
        Problem::Reordered {
            line,
            seq,
            expected,
        } => tr!(
            lang,
            "journal-problem-reordered",
            line = line,
            seq = seq,
            expected = expected
        ),
        Problem::NewestMissing { head_seq, last_seq } => tr!(
            lang,
            "journal-problem-newest-missing",
            head = head_seq,
            last = last_seq
        ),
        Problem::HeadMissing { last_seq } => {
            tr!(lang, "journal-problem-head-missing", last = last_seq)
        }
        Problem::HeadMismatch { head_seq, last_seq } => tr!(
            lang,
            "journal-problem-head-mismatch",
            head = head_seq,
            last = last_seq
        ),
        Problem::Unchained { line } => tr!(lang, "journal-problem-unchained", line = line),
    }
}

fn verify(ctx: &Ctx, a: &JournalVerifyArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let path = journal_path(ctx, &a.file)?;
    let v = journal::verify(&path);
    output::field("journal", json!({ "path": path, "verdict": v }));
    let shown = path.display().to_string();
    match &v.problem {
        None => {
            println!(
                "{}",
                tr!(
                    lang,
                    "journal-verify-intact",
                    entries = v.entries,
                    path = shown.as_str()
                )
            );
            if v.legacy > 0 {
                println!("{}", tr!(lang, "journal-verify-legacy", count = v.legacy));
            }
            Ok(Outcome::Ok)
        }
        Some(p) => Err(Error::Refused {
            code: p.code(),
            message: tr!(
                lang,
                "journal-verify-failed",
                path = shown.as_str(),
                problem = problem_text(lang, p)
            ),
            hint: Some(tr!(lang, "journal-verify-hint")),
            exit: exit::FAILED,
        }),
    }
}

fn show(ctx: &Ctx, a: &JournalShowArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let path = journal_path(ctx, &a.file)?;
    let j = journal::read(&path)?;
    let skip = a.last.map_or(0, |n| j.lines.len().saturating_sub(n));
    let lines = &j.lines[skip..];
    output::field(
        "entries",
        lines.iter().map(line_json).collect::<Vec<Value>>(),
    );
    if lines.is_empty() {
        println!(
            "{}",
            tr!(
                lang,
                "journal-show-empty",
                path = path.display().to_string()
            )
        );
        return Ok(Outcome::Ok);
    }
    println!(
        "{:>5}  {:<16}  {:<24}  {:<26}  {}",
        tr!(lang, "journal-show-col-seq"),
        tr!(lang, "journal-show-col-time"),
        tr!(lang, "journal-show-col-what"),
        tr!(lang, "journal-show-col-outcome"),
        tr!(lang, "journal-show-col-details"),
    );
    for l in lines {
        let seq = match l {
            Line::Chained { seq, .. } => seq.to_string(),
            _ => "–".to_string(),
        };
        match l.record() {
            Some(r) => println!(
                "{:>5}  {:<16}  {:<24}  {:<26}  {}",
                seq,
                r.started_local().format("%d.%m.%Y %H:%M"),
                crate::report::one_line(&log::what(lang, r)),
                log::outcome(lang, r.outcome),
                crate::report::one_line(&log::details(lang, r))
            ),
            None => println!(
                "{:>5}  {}",
                seq,
                tr!(lang, "journal-show-unreadable", line = l.number())
            ),
        }
    }
    Ok(Outcome::Ok)
}

/// One line as `journal show --json` lists it (docs/output.md).
fn line_json(l: &Line) -> Value {
    match l {
        Line::Chained { value, line, .. } => {
            let mut v = value.clone();
            if let Value::Object(m) = &mut v {
                m.insert("line".into(), json!(line));
            }
            v
        }
        Line::Legacy {
            line,
            value,
            record,
        } => json!({ "line": line, "legacy": value, "record": record }),
        Line::Torn { line, text, .. } => json!({ "line": line, "torn": text }),
    }
}

//! Runs a batch statement by statement and frames each answer with a DONE.

use super::lexer::{self, Tok};
use super::tokens::{self, Reply, DONE_COUNT, DONE_ERROR, DONE_MORE};
use super::{backup, catalog, dbcc, restore, Shared};

pub async fn run_batch(shared: &Shared, spid: u16, sql: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let statements = match lexer::statements(sql) {
        Ok(s) => s,
        Err(msg) => {
            out.extend_from_slice(&Reply::err(105, 15, &msg).buf);
            tokens::done(&mut out, DONE_ERROR, 0);
            return out;
        }
    };
    if statements.is_empty() {
        tokens::done(&mut out, 0, 0);
    }
    let last = statements.len().saturating_sub(1);
    for (i, toks) in statements.iter().enumerate() {
        let reply = run_statement(shared, spid, toks).await;
        out.extend_from_slice(&reply.buf);
        let mut status = if i == last { 0 } else { DONE_MORE };
        if reply.failed {
            status |= DONE_ERROR;
        }
        if reply.counted {
            status |= DONE_COUNT;
        }
        tokens::done(&mut out, status, reply.rows);
    }
    out
}

async fn run_statement(shared: &Shared, spid: u16, toks: &[Tok]) -> Reply {
    let first = toks.first();
    let is = |w: &str| first.is_some_and(|t| t.is_word(w));
    if is("SELECT") {
        catalog::select(shared, spid, toks)
    } else if is("BACKUP") {
        backup::run(shared, spid, toks).await
    } else if is("RESTORE") {
        restore::run(shared, spid, toks).await
    } else if is("DBCC") {
        dbcc::checkdb(shared, toks)
    } else if is("DROP") {
        dbcc::drop_database(shared, spid, toks)
    } else if is("ALTER") {
        dbcc::alter_database(shared, spid, toks)
    } else {
        Reply::err(
            50000,
            16,
            &format!("simulator: statement not simulated: {}", normalized(toks)),
        )
    }
}

/// Upper-cased token text joined by spaces, for matching fixed queries.
pub fn normalized(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Word(s) | Tok::Num(s) => s.to_uppercase(),
            Tok::Ident(s) => format!("[{}]", s.to_uppercase()),
            Tok::Str(s) => format!("'{}'", s.to_uppercase()),
            Tok::Sym(c) => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses `WITH a, b = x, MOVE 'l' TO 'p', …` into options.
pub struct WithOptions {
    pub flags: Vec<String>,
    pub values: Vec<(String, Tok)>,
    pub moves: Vec<(String, String)>,
}

impl WithOptions {
    pub fn parse(toks: &[Tok]) -> Result<WithOptions, String> {
        let mut o = WithOptions {
            flags: Vec::new(),
            values: Vec::new(),
            moves: Vec::new(),
        };
        let Some(start) = toks.iter().position(|t| t.is_word("WITH")) else {
            return Ok(o);
        };
        for part in toks[start + 1..].split(|t| *t == Tok::Sym(',')) {
            match part {
                [Tok::Word(w)] => o.flags.push(w.to_uppercase()),
                [Tok::Word(w), Tok::Sym('='), v] => o.values.push((w.to_uppercase(), v.clone())),
                [m, Tok::Str(l), t, Tok::Str(p)] if m.is_word("MOVE") && t.is_word("TO") => {
                    o.moves.push((l.clone(), p.clone()))
                }
                other => return Err(format!("Incorrect syntax near '{}'.", normalized(other))),
            }
        }
        Ok(o)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// `… FROM DISK = N'path'` or `… TO DISK = N'path'`.
pub fn disk_path(toks: &[Tok]) -> Option<String> {
    let at = toks.iter().position(|t| t.is_word("DISK"))?;
    match (toks.get(at + 1), toks.get(at + 2)) {
        (Some(Tok::Sym('=')), Some(Tok::Str(p))) => Some(p.clone()),
        _ => None,
    }
}

//! One client connection: PRELOGIN, LOGIN7, then SQL batches. A reader task
//! feeds packets through a channel so an Attention can interrupt a running
//! statement (MS-TDS 2.2.1.7: the server answers with DONE + DONE_ATTN).

use super::exec;
use super::login::{parse_login7, prelogin_reply};
use super::tokens::{self, Reply, DONE_ATTN, DONE_ERROR};
use super::wire::{self, Message};
use super::Shared;
use tokio::net::TcpStream;
use tokio::sync::mpsc;

pub async fn serve(stream: TcpStream, shared: Shared) -> std::io::Result<()> {
    let (mut rd, mut wr) = stream.into_split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    tokio::spawn(async move {
        while let Ok(Some(m)) = wire::read_message(&mut rd).await {
            if tx.send(m).is_err() {
                break;
            }
        }
    });

    let major = 16;
    match rx.recv().await {
        Some(m) if m.ty == wire::PRELOGIN => {
            wire::write_reply(&mut wr, &prelogin_reply(major)).await?
        }
        _ => return Ok(()),
    }
    let Some(login) = rx.recv().await else {
        return Ok(());
    };
    let spid = {
        let mut inst = shared.lock().expect("simulator lock");
        inst.next_spid += 1;
        inst.next_spid
    };
    let mut out = Vec::new();
    let database = match check_login(&shared, &login, spid) {
        Ok(db) => db,
        Err(reply) => {
            out.extend_from_slice(&reply.buf);
            tokens::done(&mut out, DONE_ERROR, 0);
            wire::write_reply(&mut wr, &out).await?;
            return Ok(());
        }
    };
    let result = serve_batches(&shared, spid, &database, out, &mut rx, &mut wr).await;
    let mut inst = shared.lock().expect("simulator lock");
    inst.sessions.remove(&spid);
    inst.killed.retain(|s| *s != spid);
    result
}

async fn serve_batches(
    shared: &Shared,
    spid: u16,
    database: &str,
    mut out: Vec<u8>,
    rx: &mut mpsc::UnboundedReceiver<Message>,
    wr: &mut tokio::net::tcp::OwnedWriteHalf,
) -> std::io::Result<()> {
    let shared = shared.clone();
    tokens::env_change(&mut out, 1, database, "master");
    tokens::env_change(&mut out, 4, "4096", "4096");
    tokens::login_ack(&mut out, 16);
    tokens::done(&mut out, 0, 0);
    wire::write_reply(wr, &out).await?;

    while let Some(msg) = rx.recv().await {
        {
            let mut inst = shared.lock().expect("simulator lock");
            // A session ended by ROLLBACK IMMEDIATE finds its connection closed.
            if inst.killed.contains(&spid) {
                return Ok(());
            }
            inst.practice_service_reconnects();
        }
        let reply = match msg.ty {
            wire::BATCH => {
                let sql = batch_text(&msg.payload);
                {
                    let mut inst = shared.lock().expect("simulator lock");
                    inst.batches.push(sql.clone());
                    if let Some(hook) = inst.on_batch.as_mut() {
                        hook(&sql);
                    }
                }
                let run = exec::run_batch(&shared, spid, &sql);
                tokio::pin!(run);
                tokio::select! {
                    out = &mut run => out,
                    _ = next_attention(rx) => attention(&shared, spid),
                }
            }
            wire::ATTENTION => attention(&shared, spid),
            _ => {
                let mut out = Reply::err(
                    50000,
                    16,
                    "simulator: only SQL batches are simulated (no RPC / sp_executesql)",
                )
                .buf;
                tokens::done(&mut out, DONE_ERROR, 0);
                out
            }
        };
        shared
            .lock()
            .expect("simulator lock")
            .practice_service_reconnects();
        wire::write_reply(wr, &reply).await?;
    }
    Ok(())
}

/// Checks the login and enters its database: LOGIN7's, else the login's
/// default (master). Error texts from "Database engine events and errors
/// 4000–4999 / 900–999":
/// https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors
fn check_login(shared: &Shared, msg: &Message, spid: u16) -> Result<String, Reply> {
    let mut inst = shared.lock().expect("simulator lock");
    let Some(login) = (msg.ty == wire::LOGIN7)
        .then(|| parse_login7(&msg.payload))
        .flatten()
    else {
        return Err(Reply::err(4002, 16, "simulator: expected a LOGIN7 record"));
    };
    if login.integrated {
        return Err(Reply::err(18452, 14, "Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication."));
    }
    let known = inst.logins.get(&login.user) == Some(&login.password);
    if inst.faults.reject_logins || !known {
        return Err(Reply::err(
            18456,
            14,
            &format!("Login failed for user '{}'.", login.user),
        ));
    }
    let database = if login.database.is_empty() {
        inst.default_db
            .get(&login.user)
            .cloned()
            .unwrap_or_else(|| "master".into())
    } else {
        login.database.clone()
    };
    if !database.eq_ignore_ascii_case("master") {
        let Some(db) = inst.db(&database) else {
            return Err(Reply::err(
                4060,
                11,
                &format!(
                    "Cannot open database \"{database}\" requested by the login. The login failed."
                ),
            ));
        };
        if db.state != "ONLINE" {
            return Err(Reply::err(
                4060,
                11,
                &format!(
                    "Cannot open database \"{database}\" requested by the login. The login failed."
                ),
            ));
        }
        if db.user_access == "SINGLE_USER" && !db.users(&inst, spid).is_empty() {
            return Err(Reply::err(
                924,
                14,
                &format!(
                    "Database '{}' is already open and can only have one user at a time.",
                    db.name
                ),
            ));
        }
    }
    inst.sessions.insert(spid, database.clone());
    Ok(database)
}

fn attention(shared: &Shared, spid: u16) -> Vec<u8> {
    let mut inst = shared.lock().expect("simulator lock");
    inst.attentions += 1;
    inst.running.remove(&spid);
    let mut out = Vec::new();
    tokens::done(&mut out, DONE_ATTN, 0);
    out
}

/// Resolves when the client sends an Attention; never if it closes instead.
async fn next_attention(rx: &mut mpsc::UnboundedReceiver<Message>) {
    while let Some(m) = rx.recv().await {
        if m.ty == wire::ATTENTION {
            return;
        }
    }
    std::future::pending::<()>().await
}

/// SQLBatch payload: ALL_HEADERS (its first u32 is its total length), then UTF-16LE text.
fn batch_text(p: &[u8]) -> String {
    let skip = p
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .unwrap_or(0)
        .min(p.len());
    let units: Vec<u16> = p[skip..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

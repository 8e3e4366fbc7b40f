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
    if let Err(reply) = check_login(&shared, &login) {
        out.extend_from_slice(&reply.buf);
        tokens::done(&mut out, DONE_ERROR, 0);
        wire::write_reply(&mut wr, &out).await?;
        return Ok(());
    }
    tokens::env_change(&mut out, 1, "master", "master");
    tokens::env_change(&mut out, 4, "4096", "4096");
    tokens::login_ack(&mut out, major);
    tokens::done(&mut out, 0, 0);
    wire::write_reply(&mut wr, &out).await?;

    while let Some(msg) = rx.recv().await {
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
                    _ = next_attention(&mut rx) => attention(&shared, spid),
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
        wire::write_reply(&mut wr, &reply).await?;
    }
    Ok(())
}

fn check_login(shared: &Shared, msg: &Message) -> Result<(), Reply> {
    let inst = shared.lock().expect("simulator lock");
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
    let _ = login.database;
    Ok(())
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

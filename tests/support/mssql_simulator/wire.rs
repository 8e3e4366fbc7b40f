//! TDS packet framing (MS-TDS 2.2.3): an 8-byte header, messages split into packets.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

pub const BATCH: u8 = 0x01;
pub const RPC: u8 = 0x03;
pub const REPLY: u8 = 0x04;
pub const ATTENTION: u8 = 0x06;
pub const LOGIN7: u8 = 0x10;
pub const PRELOGIN: u8 = 0x12;

const HEADER: usize = 8;
const EOM: u8 = 0x01;
/// Our reply packets never exceed the smallest packet size a client may negotiate.
const MAX_PACKET: usize = 4096;

/// One client message, reassembled from its packets.
pub struct Message {
    pub ty: u8,
    pub payload: Vec<u8>,
}

/// Reads packets until end-of-message; `None` when the client closed the socket.
pub async fn read_message<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<Option<Message>> {
    let mut payload = Vec::new();
    loop {
        let mut header = [0u8; HEADER];
        match r.read_exact(&mut header).await {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let len = u16::from_be_bytes([header[2], header[3]]) as usize;
        let mut body = vec![0u8; len.saturating_sub(HEADER)];
        r.read_exact(&mut body).await?;
        payload.extend_from_slice(&body);
        if header[1] & EOM != 0 {
            return Ok(Some(Message {
                ty: header[0],
                payload,
            }));
        }
    }
}

/// Writes `payload` as a tabular-result message, split into packets.
pub async fn write_reply<W: AsyncWrite + Unpin>(w: &mut W, payload: &[u8]) -> std::io::Result<()> {
    let chunks: Vec<&[u8]> = if payload.is_empty() {
        vec![&[][..]]
    } else {
        payload.chunks(MAX_PACKET - HEADER).collect()
    };
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        let len = (chunk.len() + HEADER) as u16;
        let status = if i == last { EOM } else { 0 };
        let mut packet = vec![REPLY, status];
        packet.extend_from_slice(&len.to_be_bytes());
        packet.extend_from_slice(&[0, 0, (i % 256) as u8, 0]);
        packet.extend_from_slice(chunk);
        w.write_all(&packet).await?;
    }
    w.flush().await
}

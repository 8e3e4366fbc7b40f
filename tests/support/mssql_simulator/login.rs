//! PRELOGIN answer and LOGIN7 parsing (MS-TDS 2.2.6.4, 2.2.6.5).

/// PRELOGIN reply: version, ENCRYPT_NOT_SUP, instance valid, no MARS.
pub fn prelogin_reply(major: u8) -> Vec<u8> {
    // (token, data) pairs; offsets are computed after the option table.
    let options: [(u8, Vec<u8>); 5] = [
        (0x00, vec![major, 0, 0x03, 0xE8, 0, 0]),
        (0x01, vec![0x02]), // ENCRYPT_NOT_SUP
        (0x02, vec![0x00]),
        (0x03, vec![]),
        (0x04, vec![0x00]),
    ];
    let mut table = Vec::new();
    let mut data = Vec::new();
    let mut offset = options.len() * 5 + 1;
    for (token, bytes) in &options {
        table.push(*token);
        table.extend_from_slice(&(offset as u16).to_be_bytes());
        table.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        data.extend_from_slice(bytes);
        offset += bytes.len();
    }
    table.push(0xFF);
    table.extend_from_slice(&data);
    table
}

/// What the simulator needs from a LOGIN7 record.
pub struct Login {
    pub user: String,
    pub password: String,
    pub integrated: bool,
    pub database: String,
}

pub fn parse_login7(p: &[u8]) -> Option<Login> {
    let field = |at: usize, password: bool| -> Option<String> {
        let off = u16::from_le_bytes([*p.get(at)?, *p.get(at + 1)?]) as usize;
        let chars = u16::from_le_bytes([*p.get(at + 2)?, *p.get(at + 3)?]) as usize;
        let mut bytes = p.get(off..off + chars * 2)?.to_vec();
        if password {
            // Undo the LOGIN7 obfuscation: XOR 0xA5, then swap nibbles.
            for b in bytes.iter_mut() {
                let x = *b ^ 0xA5;
                *b = x.rotate_left(4);
            }
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).ok()
    };
    Some(Login {
        integrated: p.get(25)? & 0x80 != 0,
        user: field(40, false)?,
        password: field(44, true)?,
        database: field(68, false)?,
    })
}

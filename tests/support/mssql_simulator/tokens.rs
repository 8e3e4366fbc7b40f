//! Encoders for the server-to-client tokens we answer with (MS-TDS 2.2.7).

use chrono::{NaiveDate, NaiveDateTime};

const COLMETADATA: u8 = 0x81;
const ROW: u8 = 0xD1;
const ERROR: u8 = 0xAA;
const INFO: u8 = 0xAB;
const LOGINACK: u8 = 0xAD;
const ENVCHANGE: u8 = 0xE3;
const DONE: u8 = 0xFD;

pub const DONE_MORE: u16 = 0x01;
pub const DONE_ERROR: u16 = 0x02;
pub const DONE_COUNT: u16 = 0x10;
pub const DONE_ATTN: u16 = 0x20;

/// Latin1_General_CI_AS, as a 5-byte TDS collation.
const COLLATION: [u8; 5] = [0x09, 0x04, 0xD0, 0x00, 0x34];

/// Column types the simulator's result sets use.
#[derive(Clone, Copy)]
pub enum Ty {
    NVarChar,
    Int,
    BigInt,
    Bit,
    Real,
    DateTime,
    /// numeric(25,0), the type SQL Server uses for LSNs.
    Numeric25,
    /// numeric(20,0): backup and file sizes.
    Numeric20,
    /// char(1), e.g. FILELISTONLY's Type.
    Char1,
    SmallInt,
    TinyInt,
}

#[derive(Clone, Debug)]
pub enum Val {
    Null,
    Str(String),
    Int(i32),
    Big(i64),
    Bit(bool),
    Real(f32),
    Time(NaiveDateTime),
    Num(u128),
    Small(i16),
    Tiny(u8),
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Str(s.to_string())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Str(s)
    }
}
impl From<Option<String>> for Val {
    fn from(s: Option<String>) -> Self {
        s.map_or(Val::Null, Val::Str)
    }
}

/// The token stream of one statement's answer; the session appends the DONE.
#[derive(Default)]
pub struct Reply {
    pub buf: Vec<u8>,
    pub failed: bool,
    pub rows: u64,
    pub counted: bool,
}

impl Reply {
    pub fn ok() -> Self {
        Self::default()
    }

    pub fn err(number: u32, class: u8, msg: &str) -> Self {
        let mut r = Self::default();
        r.error(number, class, msg);
        r
    }

    pub fn result(&mut self, cols: &[(&str, Ty)], rows: &[Vec<Val>]) {
        self.buf.push(COLMETADATA);
        self.buf
            .extend_from_slice(&(cols.len() as u16).to_le_bytes());
        for (name, ty) in cols {
            self.buf.extend_from_slice(&0u32.to_le_bytes()); // UserType
            self.buf.extend_from_slice(&1u16.to_le_bytes()); // nullable
            type_info(&mut self.buf, *ty);
            b_varchar(&mut self.buf, name);
        }
        for row in rows {
            self.buf.push(ROW);
            for ((_, ty), v) in cols.iter().zip(row) {
                value(&mut self.buf, *ty, v);
            }
        }
        self.rows = rows.len() as u64;
        self.counted = true;
    }

    pub fn error(&mut self, number: u32, class: u8, msg: &str) {
        message(&mut self.buf, ERROR, number, class, msg);
        self.failed = true;
    }

    pub fn info(&mut self, number: u32, msg: &str) {
        message(&mut self.buf, INFO, number, 0, msg);
    }

    pub fn append(&mut self, other: Reply) {
        self.buf.extend_from_slice(&other.buf);
        self.failed |= other.failed;
        self.rows = other.rows;
        self.counted |= other.counted;
    }
}

pub fn done(out: &mut Vec<u8>, status: u16, rows: u64) {
    out.push(DONE);
    out.extend_from_slice(&status.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&rows.to_le_bytes());
}

pub fn login_ack(out: &mut Vec<u8>, major: u8) {
    let name = "Microsoft SQL Server";
    let len = 1 + 4 + 1 + 2 * name.encode_utf16().count() + 4;
    out.push(LOGINACK);
    out.extend_from_slice(&(len as u16).to_le_bytes());
    out.push(1); // SQL interface
    out.extend_from_slice(&0x7400_0004u32.to_be_bytes()); // TDS 7.4
    b_varchar(out, name);
    out.extend_from_slice(&[major, 0, 0x03, 0xE8]);
}

pub fn env_change(out: &mut Vec<u8>, ty: u8, new: &str, old: &str) {
    let mut body = vec![ty];
    b_varchar(&mut body, new);
    b_varchar(&mut body, old);
    out.push(ENVCHANGE);
    out.extend_from_slice(&(body.len() as u16).to_le_bytes());
    out.extend_from_slice(&body);
}

fn message(out: &mut Vec<u8>, token: u8, number: u32, class: u8, msg: &str) {
    let mut body = Vec::new();
    body.extend_from_slice(&number.to_le_bytes());
    body.push(1); // state
    body.push(class);
    let units: Vec<u16> = msg.encode_utf16().collect();
    body.extend_from_slice(&(units.len() as u16).to_le_bytes());
    units
        .iter()
        .for_each(|u| body.extend_from_slice(&u.to_le_bytes()));
    b_varchar(&mut body, "SIMULATOR");
    b_varchar(&mut body, "");
    body.extend_from_slice(&1u32.to_le_bytes());
    out.push(token);
    out.extend_from_slice(&(body.len() as u16).to_le_bytes());
    out.extend_from_slice(&body);
}

fn b_varchar(out: &mut Vec<u8>, s: &str) {
    let units: Vec<u16> = s.encode_utf16().collect();
    out.push(units.len() as u8);
    units
        .iter()
        .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
}

fn type_info(out: &mut Vec<u8>, ty: Ty) {
    match ty {
        Ty::NVarChar => {
            out.push(0xE7);
            out.extend_from_slice(&8000u16.to_le_bytes());
            out.extend_from_slice(&COLLATION);
        }
        Ty::Int => out.extend_from_slice(&[0x26, 4]),
        Ty::BigInt => out.extend_from_slice(&[0x26, 8]),
        Ty::Bit => out.extend_from_slice(&[0x68, 1]),
        Ty::Real => out.extend_from_slice(&[0x6D, 4]),
        Ty::DateTime => out.extend_from_slice(&[0x6F, 8]),
        Ty::Numeric25 => out.extend_from_slice(&[0x6C, 13, 25, 0]),
        Ty::Numeric20 => out.extend_from_slice(&[0x6C, 13, 20, 0]),
        Ty::Char1 => {
            out.push(0xAF);
            out.extend_from_slice(&1u16.to_le_bytes());
            out.extend_from_slice(&COLLATION);
        }
        Ty::SmallInt => out.extend_from_slice(&[0x26, 2]),
        Ty::TinyInt => out.extend_from_slice(&[0x26, 1]),
    }
}

fn value(out: &mut Vec<u8>, ty: Ty, v: &Val) {
    match (ty, v) {
        (Ty::NVarChar, Val::Null) => out.extend_from_slice(&0xFFFFu16.to_le_bytes()),
        (Ty::NVarChar, Val::Str(s)) => {
            let units: Vec<u16> = s.encode_utf16().collect();
            out.extend_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            units
                .iter()
                .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
        }
        (Ty::Char1, Val::Null) => out.extend_from_slice(&0xFFFFu16.to_le_bytes()),
        (Ty::Char1, Val::Str(s)) => {
            let b = s.bytes().next().unwrap_or(b' ');
            out.extend_from_slice(&1u16.to_le_bytes());
            out.push(b);
        }
        (_, Val::Null) => out.push(0),
        (Ty::SmallInt, Val::Small(i)) => {
            out.push(2);
            out.extend_from_slice(&i.to_le_bytes());
        }
        (Ty::TinyInt, Val::Tiny(i)) => out.extend_from_slice(&[1, *i]),
        (Ty::Int, Val::Int(i)) => {
            out.push(4);
            out.extend_from_slice(&i.to_le_bytes());
        }
        (Ty::BigInt, Val::Big(i)) => {
            out.push(8);
            out.extend_from_slice(&i.to_le_bytes());
        }
        (Ty::Bit, Val::Bit(b)) => out.extend_from_slice(&[1, u8::from(*b)]),
        (Ty::Real, Val::Real(f)) => {
            out.push(4);
            out.extend_from_slice(&f.to_le_bytes());
        }
        (Ty::DateTime, Val::Time(t)) => {
            let epoch = NaiveDate::from_ymd_opt(1900, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("valid epoch");
            let since = *t - epoch;
            let days = since.num_days();
            let rest = since - chrono::Duration::days(days);
            let ticks = (rest.num_milliseconds() * 300 / 1000) as u32;
            out.push(8);
            out.extend_from_slice(&(days as i32).to_le_bytes());
            out.extend_from_slice(&ticks.to_le_bytes());
        }
        (Ty::Numeric25 | Ty::Numeric20, Val::Num(n)) => {
            out.push(13);
            out.push(1); // positive
            out.extend_from_slice(&n.to_le_bytes()[..12]);
        }
        (_, other) => panic!("simulator bug: value {other:?} does not fit its column type"),
    }
}

//! The emergency sheet (Notfallblatt) for the practice's binder: what a
//! technician needs to restore the practice on a bare server with nothing
//! but this page, a cartridge (or the NAS, or the bucket) and `tresor.exe`.
//!
//! [`Sheet`] is the typed content, filled in by `cli/cmd_notfallblatt.rs`;
//! [`blocks`] turns it into the page's blocks in the practice's language,
//! which [`text::render`] writes as plain text and [`pdf::render`] as an A4
//! PDF (standard fonts, WinAnsi encoding, the key as a QR code).
//!
//! The text is also machine-followable (tests/notfallblatt.rs follows it):
//! the secret key stands alone on its line (`AGE-SECRET-KEY-1…`), and every
//! command to type stands alone on a line that starts with `> tresor `.

pub mod pdf;
pub mod text;

use chrono::{DateTime, FixedOffset};

use crate::i18n::Language;
use crate::tr;

/// The name the sheet tells to save the recovery key under, beside tresor.exe.
pub const KEY_FILE: &str = "wiederherstellungsschluessel.txt";
/// The folder a first restore goes into, relative to where tresor.exe runs.
pub const TARGET: &str = "Wiederherstellung";

/// Everything the sheet says.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub lang: Language,
    pub practice: String,
    /// When it was written (local time).
    pub created: DateTime<FixedOffset>,
    /// The server's host name.
    pub host: String,
    /// The installation id (64 hex digits).
    pub installation: String,
    pub destinations: Vec<Place>,
    /// The recovery key, or where it is kept.
    pub key: KeyOnSheet,
    /// The recovery recipients (`age1…`): which keys open the backups.
    pub recovery_recipients: Vec<String>,
    /// What is backed up: `(label, path as configured)`.
    pub sources: Vec<(String, String)>,
    /// Database names (no patterns).
    pub databases: Vec<String>,
    /// Where the practice software's password history is kept.
    pub password_history: Option<String>,
    /// Whom to call.
    pub contact: Option<String>,
}

/// One destination, as the sheet describes it.
#[derive(Clone, Debug)]
pub struct Place {
    /// The configured name (`rdx`, `nas`, `cloud`).
    pub name: String,
    pub kind: PlaceKind,
    /// Repository id (64 hex) when it was reachable while writing the sheet.
    pub repository: Option<String>,
}

#[derive(Clone, Debug)]
pub enum PlaceKind {
    /// A folder: NAS share, disk; `path` as written in the config (`\\nas\praxis\tresor`).
    Folder { path: String },
    /// The RDX drive with the rotation's cartridges: `(name, kept at home)`.
    Cartridges {
        path: String,
        cartridges: Vec<(String, bool)>,
    },
    /// An S3 bucket.
    Bucket {
        bucket: String,
        endpoint: String,
        region: String,
        prefix: String,
    },
}

impl PlaceKind {
    /// The folder `--repo` takes (`None` for a bucket).
    pub fn folder(&self) -> Option<&str> {
        match self {
            PlaceKind::Folder { path } | PlaceKind::Cartridges { path, .. } => Some(path),
            PlaceKind::Bucket { .. } => None,
        }
    }
}

/// The recovery key on the sheet.
#[derive(Clone, Debug)]
pub enum KeyOnSheet {
    /// Printed: the secret (`AGE-SECRET-KEY-1…`) and its recipient.
    Printed { secret: String, recipient: String },
    /// Not printed: where it is kept (`None`: a line to fill in).
    Kept(Option<String>),
}

/// One piece of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    /// A line under the title (practice, date).
    Subtitle(String),
    Heading(String),
    Para(String),
    /// A list item.
    Item(String),
    /// A command to type, exactly (monospace, never wrapped).
    Command(String),
    /// The secret key (monospace, never wrapped) and beside it in the PDF its QR code.
    Key(String),
    /// A label with a value, or with a line to write on.
    Field {
        label: String,
        value: Option<String>,
    },
    /// Space.
    Gap,
}

/// The sheet as blocks, in `sheet.lang`.
pub fn blocks(s: &Sheet) -> Vec<Block> {
    let l = s.lang;
    let mut b = vec![
        Block::Title(tr!(l, "sheet-title")),
        Block::Subtitle(tr!(
            l,
            "sheet-subtitle",
            practice = s.practice.as_str(),
            date = s.created.format("%d.%m.%Y %H:%M").to_string(),
            host = s.host.as_str()
        )),
        Block::Para(match s.key {
            KeyOnSheet::Printed { .. } => tr!(l, "sheet-intro-secret"),
            KeyOnSheet::Kept(_) => tr!(l, "sheet-intro"),
        }),
        Block::Field {
            label: tr!(l, "sheet-contact"),
            value: s.contact.clone(),
        },
        Block::Field {
            label: tr!(l, "sheet-installation"),
            value: Some(s.installation.clone()),
        },
    ];

    b.push(Block::Heading(tr!(l, "sheet-where-heading")));
    for p in &s.destinations {
        let cartridges = matches!(p.kind, PlaceKind::Cartridges { .. });
        let id = match &p.repository {
            // Each cartridge is a repository of its own: the one inserted is known.
            Some(id) if cartridges => tr!(l, "sheet-repository-cartridge", id = id.as_str()),
            Some(id) => tr!(l, "sheet-repository", id = id.as_str()),
            None => tr!(l, "sheet-repository-unknown"),
        };
        let line = match &p.kind {
            PlaceKind::Folder { path } => {
                tr!(
                    l,
                    "sheet-place-folder",
                    name = p.name.as_str(),
                    path = path.as_str()
                )
            }
            PlaceKind::Cartridges { path, cartridges } => {
                let home: Vec<&str> = (cartridges.iter().filter(|c| c.1))
                    .map(|c| c.0.as_str())
                    .collect();
                let practice: Vec<&str> = (cartridges.iter().filter(|c| !c.1))
                    .map(|c| c.0.as_str())
                    .collect();
                tr!(
                    l,
                    "sheet-place-cartridges",
                    name = p.name.as_str(),
                    path = path.as_str(),
                    count = cartridges.len(),
                    practice = practice.join(", "),
                    home = home.join(", ")
                )
            }
            PlaceKind::Bucket {
                bucket,
                endpoint,
                region,
                prefix,
            } => tr!(
                l,
                "sheet-place-bucket",
                name = p.name.as_str(),
                bucket = bucket.as_str(),
                endpoint = endpoint.as_str(),
                region = region.as_str(),
                prefix = if prefix.is_empty() {
                    "/"
                } else {
                    prefix.as_str()
                }
            ),
        };
        b.push(Block::Item(format!("{line} {id}")));
    }
    if !s.sources.is_empty() || !s.databases.is_empty() {
        let mut what: Vec<String> = s
            .sources
            .iter()
            .map(|(label, path)| format!("{label} ({path})"))
            .collect();
        what.extend(
            s.databases
                .iter()
                .map(|d| tr!(l, "sheet-database", name = d.as_str())),
        );
        b.push(Block::Para(tr!(l, "sheet-what", what = what.join("; "))));
    }

    b.push(Block::Heading(tr!(l, "sheet-key-heading")));
    match &s.key {
        KeyOnSheet::Printed { secret, recipient } => {
            b.push(Block::Para(tr!(l, "sheet-key-printed")));
            b.push(Block::Key(secret.clone()));
            b.push(Block::Para(tr!(
                l,
                "sheet-key-public",
                recipient = recipient.as_str()
            )));
        }
        KeyOnSheet::Kept(place) => {
            b.push(Block::Para(tr!(l, "sheet-key-not-printed")));
            b.push(Block::Field {
                label: tr!(l, "sheet-key-kept"),
                value: place.clone(),
            });
        }
    }
    let only_this = matches!(&s.key, KeyOnSheet::Printed { recipient, .. }
        if s.recovery_recipients == [recipient.clone()]);
    if !only_this {
        b.push(Block::Para(tr!(
            l,
            "sheet-key-recipients",
            count = s.recovery_recipients.len(),
            recipients = s.recovery_recipients.join(", ")
        )));
    }

    b.push(Block::Heading(tr!(l, "sheet-steps-heading")));
    let first = s.destinations.iter().find_map(|p| p.kind.folder());
    let repo = first.unwrap_or("E:\\tresor");
    let cmd = |rest: &str| Block::Command(format!("> tresor {rest}"));
    let rk = format!("--repo {} --key {KEY_FILE}", quote(repo));
    b.push(Block::Item(tr!(l, "sheet-step-tool")));
    b.push(Block::Item(tr!(l, "sheet-step-key", file = KEY_FILE)));
    b.push(Block::Item(tr!(l, "sheet-step-medium", path = repo)));
    b.push(Block::Item(tr!(l, "sheet-step-list")));
    b.push(cmd(&format!("snapshots {rk}")));
    b.push(Block::Item(tr!(l, "sheet-step-folder", target = TARGET)));
    b.push(cmd(&format!("restore latest {rk} --target {TARGET}")));
    b.push(Block::Item(tr!(l, "sheet-step-original")));
    b.push(cmd(&format!("restore latest {rk} --to-original")));
    let others: Vec<String> = s
        .destinations
        .iter()
        .filter_map(|p| {
            p.kind
                .folder()
                .filter(|f| Some(*f) != first)
                .map(|f| (p, f))
        })
        .map(|(p, f)| format!("{} {}", p.name, quote(f)))
        .collect();
    if !others.is_empty() {
        b.push(Block::Para(tr!(
            l,
            "sheet-step-other",
            others = others.join(", ")
        )));
    }
    if s.destinations
        .iter()
        .any(|p| matches!(p.kind, PlaceKind::Bucket { .. }))
    {
        b.push(Block::Para(tr!(l, "sheet-step-bucket")));
    }

    b.push(Block::Heading(tr!(l, "sheet-sql-heading")));
    b.push(Block::Para(tr!(l, "sheet-sql-note")));
    for d in s.databases.iter().take(3) {
        b.push(cmd(&format!(
            "--config tresor.yaml restore-db latest {rk} --database {d}"
        )));
    }
    if s.databases.is_empty() {
        b.push(cmd(&format!(
            "--config tresor.yaml restore-db latest {rk} --database NAME"
        )));
    }

    b.push(Block::Heading(tr!(l, "sheet-password-heading")));
    b.push(Block::Para(tr!(l, "sheet-password-note")));
    b.push(Block::Field {
        label: tr!(l, "sheet-password-where"),
        value: s.password_history.clone(),
    });
    b.push(Block::Gap);
    b.push(Block::Para(tr!(l, "sheet-footer")));
    b
}

/// A path as typed into cmd.exe: quoted when it holds a space.
fn quote(p: &str) -> String {
    if p.contains(' ') {
        format!("\"{p}\"")
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests;

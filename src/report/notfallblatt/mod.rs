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
/// Where the sheet says to download a bucket when there is no folder destination.
pub const DOWNLOAD: &str = r"C:\tresor-download";

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
    /// Some job backs up databases (names or patterns) and `sqlserver:` is
    /// configured: the SQL section is shown.
    pub has_databases: bool,
    /// The job whose newest snapshot the restore commands take (`latest:JOB`):
    /// never an ad-hoc `--path` snapshot. `None`: plain `latest`.
    pub job: Option<String>,
    /// Where the practice software's password history is kept.
    pub password_history: Option<String>,
    /// Where the S3 bucket's secret access key is kept.
    pub bucket_secret_kept: Option<String>,
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
    /// What the sheet's recovery key opens there (`None`: not reachable,
    /// or not opened with the server's keys).
    pub opens: Option<Opens>,
}

/// Which snapshots of one destination the sheet's recovery key opens (its
/// own file and every pack it references: `repo::readers`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opens {
    pub opened: usize,
    pub total: usize,
    /// The oldest snapshot from which on it opens every later one; `None`
    /// when it does not open the newest.
    pub since: Option<DateTime<FixedOffset>>,
}

impl Opens {
    /// The newest snapshot (if any) opens with the key.
    pub fn newest(&self) -> bool {
        self.total == 0 || self.since.is_some()
    }
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
        /// The access key id when tresor.yaml names one (not the secret).
        access_key_id: Option<String>,
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
        Block::Para(match (&s.key, s.verdict()) {
            (_, Verdict::NotNewest) => tr!(l, "sheet-intro-incomplete"),
            (_, Verdict::Unchecked) => tr!(l, "sheet-intro-unchecked"),
            (KeyOnSheet::Printed { .. }, Verdict::Proven) => tr!(l, "sheet-intro-secret"),
            (KeyOnSheet::Kept(_), Verdict::Proven) => tr!(l, "sheet-intro"),
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

    let mut section = 0;
    let mut heading = |text: String| {
        section += 1;
        Block::Heading(format!("{section}. {text}"))
    };
    b.push(heading(tr!(l, "sheet-where-heading")));
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
                ..
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
        b.push(Block::Item(format!("{line} {id}{}", opens_text(s, p))));
        if p.opens.as_ref().is_some_and(|o| !o.newest()) {
            b.push(Block::Para(tr!(
                l,
                "sheet-opens-not-newest",
                name = p.name.as_str()
            )));
        }
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

    b.push(heading(tr!(l, "sheet-key-heading")));
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

    b.push(heading(tr!(l, "sheet-steps-heading")));
    let first = s.destinations.iter().find_map(|p| p.kind.folder());
    // Only a bucket: the commands read the folder it is downloaded into.
    let repo = first.unwrap_or(DOWNLOAD);
    let cmd = |rest: &str| Block::Command(format!("> tresor {rest}"));
    let rk = format!("--repo {} --key {KEY_FILE}", quote(repo));
    b.push(Block::Item(tr!(l, "sheet-step-tool")));
    b.push(Block::Item(tr!(l, "sheet-step-key", file = KEY_FILE)));
    b.push(Block::Item(match first {
        Some(_) => tr!(l, "sheet-step-medium", path = repo),
        None => tr!(l, "sheet-step-download", path = repo),
    }));
    b.push(Block::Item(tr!(l, "sheet-step-list")));
    b.push(cmd(&format!("snapshots {rk}")));
    b.push(Block::Item(tr!(l, "sheet-step-folder", target = TARGET)));
    let latest = match &s.job {
        Some(job) => quote(&format!("latest:{job}")),
        None => "latest".to_string(),
    };
    b.push(cmd(&format!("restore {latest} {rk} --target {TARGET}")));
    b.push(Block::Item(tr!(l, "sheet-step-original")));
    b.push(cmd(&format!("restore {latest} {rk} --to-original")));
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
    for p in &s.destinations {
        if let PlaceKind::Bucket { access_key_id, .. } = &p.kind {
            b.push(Block::Para(tr!(
                l,
                "sheet-step-bucket",
                name = p.name.as_str()
            )));
            b.push(Block::Field {
                label: tr!(l, "sheet-bucket-key-id"),
                value: access_key_id.clone(),
            });
            b.push(Block::Field {
                label: tr!(l, "sheet-bucket-secret-kept"),
                value: s.bucket_secret_kept.clone(),
            });
        }
    }

    if s.has_databases {
        b.push(heading(tr!(l, "sheet-sql-heading")));
        b.push(Block::Para(tr!(l, "sheet-sql-note")));
        for d in s.databases.iter().take(3) {
            b.push(cmd(&format!(
                "--config tresor.yaml restore-db {latest} {rk} --database {d}"
            )));
        }
        if s.databases.is_empty() {
            b.push(cmd(&format!(
                "--config tresor.yaml restore-db {latest} {rk} --database NAME"
            )));
        }
    }

    b.push(heading(tr!(l, "sheet-password-heading")));
    b.push(Block::Para(tr!(l, "sheet-password-note")));
    b.push(Block::Field {
        label: tr!(l, "sheet-password-where"),
        value: s.password_history.clone(),
    });
    b.push(Block::Gap);
    b.push(Block::Para(tr!(l, "sheet-footer")));
    b
}

/// What the sheet can promise about its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It opens the newest snapshot wherever one was checked, and one was.
    Proven,
    /// Somewhere it does not open the newest snapshot.
    NotNewest,
    /// No destination with a snapshot was reachable: nothing proven.
    Unchecked,
}

impl Sheet {
    pub fn verdict(&self) -> Verdict {
        let checked: Vec<&Opens> = (self.destinations.iter())
            .filter_map(|p| p.opens.as_ref())
            .filter(|o| o.total > 0)
            .collect();
        if checked.iter().any(|o| !o.newest()) {
            Verdict::NotNewest
        } else if checked.is_empty() {
            Verdict::Unchecked
        } else {
            Verdict::Proven
        }
    }
}

/// What the key opens at `p`, as a sentence after the place (empty when not known).
fn opens_text(s: &Sheet, p: &Place) -> String {
    let l = s.lang;
    match &p.opens {
        None => String::new(),
        Some(o) if o.total == 0 => format!(" {}", tr!(l, "sheet-opens-none-yet")),
        Some(Opens {
            opened,
            total,
            since: Some(since),
        }) => format!(
            " {}",
            tr!(
                l,
                "sheet-opens",
                opened = *opened,
                total = *total,
                since = since.format("%d.%m.%Y").to_string()
            )
        ),
        Some(o) => format!(
            " {}",
            tr!(
                l,
                "sheet-opens-not-newest-count",
                opened = o.opened,
                total = o.total
            )
        ),
    }
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

//! The starter `tresor.yaml` that `tresor detect` writes: the found products
//! as `profiles:`, folders the products' files name as `sources:`, the SQL
//! Server connection, one RDX destination to adjust, and comments saying
//! what the IT partner still has to fill in. It uses only the schema of
//! `src/config/tresor.example.yaml`, so `tresor config check` reads it.

use std::fmt::Write as _;
use std::path::Path;

use super::undecided::where_from;
use super::yaml_text;
use super::{ConfigPath, Detection, Scan};
use crate::i18n::Language;
use crate::tr;

/// How to write it.
pub struct StarterOptions<'a> {
    pub lang: Language,
    /// A drive root on a non-Windows host (`--root`): `drives:` maps each
    /// letter the file uses to `<root>/<letter>` and `unc:` each share to
    /// `<root>/UNC/<server>/<share>`. `None` on Windows.
    pub root: Option<&'a Path>,
    /// The day, for the head comment (`2026-12-01`).
    pub date: String,
}

/// Where the RDX drive usually is; the comment asks to check it.
pub const RDX_PATH: &str = r"E:\tresor";
const MACHINE_KEY: &str = r"C:\ProgramData\tresor\machine.key";
const STAGING: &str = r"C:\tresor\staging";

/// Every value written goes through [`yaml_text::scalar`]: a value read
/// from a product's file may hold a CR that YAML would take as a line break.
fn q(s: &str) -> String {
    yaml_text::scalar(s)
}

/// The whole file.
pub fn starter_yaml(d: &Detection, o: &StarterOptions<'_>) -> String {
    let lang = o.lang;
    let mut y = String::new();
    c(
        &mut y,
        tr!(lang, "detect-yaml-head", date = o.date.as_str()),
    );
    c(&mut y, tr!(lang, "detect-yaml-todo"));
    y.push('\n');
    c(&mut y, tr!(lang, "detect-yaml-practice"));
    let _ = writeln!(
        y,
        "practice: {}",
        q(&tr!(lang, "detect-yaml-practice-value"))
    );
    let _ = writeln!(y, "language: {}", lang.code());
    let _ = writeln!(y, "data_drive: '{}:'", d.data_drive);
    if let Some(root) = o.root {
        mounts(&mut y, d, root, lang);
    }
    y.push('\n');
    for p in &d.products {
        let evidence: Vec<String> = p.evidence.iter().map(where_from).collect();
        c(
            &mut y,
            tr!(
                lang,
                "detect-yaml-found",
                product = p.title.as_str(),
                evidence = evidence.join("; ")
            ),
        );
    }
    // Names of the embedded profiles: no text from the server's files.
    let _ = writeln!(y, "profiles: [{}]", d.profile_names().join(", "));
    y.push('\n');
    let _ = writeln!(y, "keys:\n  machine: {}", q(MACHINE_KEY));
    c(&mut y, indent(&tr!(lang, "detect-yaml-keys")));
    y.push('\n');
    c(&mut y, tr!(lang, "detect-yaml-destinations"));
    let _ = writeln!(
        y,
        "destinations:\n  rdx: {{ type: local, path: {} }}",
        q(RDX_PATH)
    );
    if !d.sources.is_empty() {
        y.push('\n');
        c(&mut y, tr!(lang, "detect-yaml-sources"));
        let _ = writeln!(y, "sources:");
        for s in &d.sources {
            c(
                &mut y,
                indent(&tr!(
                    lang,
                    "detect-yaml-source-from",
                    source = where_from(&s.evidence)
                )),
            );
            let _ = writeln!(
                y,
                "  - {{ path: {}, label: {}, optional: {} }}",
                q(&s.path),
                q(&s.label),
                !s.exists
            );
        }
    }
    y.push('\n');
    sqlserver(&mut y, d, lang);
    y.push('\n');
    c(&mut y, tr!(lang, "detect-yaml-jobs"));
    c(&mut y, tr!(lang, "detect-yaml-rotation"));
    if !d.undecided.is_empty() {
        y.push('\n');
        c(&mut y, tr!(lang, "detect-yaml-undecided"));
        for u in &d.undecided {
            c(&mut y, format!("- {}", u.render(lang)));
        }
    }
    y
}

/// Comment lines; leading spaces (from [`indent`]) go before the `#`.
/// Split at LF only; any other line break or control character a value
/// brought in is escaped by [`yaml_text::comment`].
fn c(y: &mut String, text: String) {
    for line in text.split('\n') {
        let body = line.trim_start_matches(' ');
        let pad = &line[..line.len() - body.len()];
        let _ = writeln!(y, "{pad}# {}", yaml_text::comment(body));
    }
}

fn indent(text: &str) -> String {
    text.split('\n')
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `drives:` and `unc:` for a drive root on a non-Windows host.
fn mounts(y: &mut String, d: &Detection, root: &Path, lang: Language) {
    let mut letters = vec!['C', d.data_drive, 'E'];
    for s in &d.sources {
        if let Some(ConfigPath::Drive { letter, .. }) = Scan::parse(&s.path, d.data_drive) {
            letters.push(letter);
        }
    }
    letters.sort();
    letters.dedup();
    c(y, tr!(lang, "detect-yaml-drives"));
    let _ = writeln!(y, "drives:");
    for l in letters {
        let dir = root.join(l.to_string());
        let _ = writeln!(y, "  {l}: {}", q(&dir.display().to_string()));
    }
    if !d.shares.is_empty() {
        let _ = writeln!(y, "unc:");
        for share in &d.shares {
            let Some(ConfigPath::Unc {
                server,
                share: name,
                ..
            }) = Scan::parse(share, 'C')
            else {
                continue;
            };
            let dir = root.join("UNC").join(&server).join(&name);
            let _ = writeln!(y, "  {}: {}", q(share), q(&dir.display().to_string()));
        }
    }
}

/// `sqlserver:` with the chosen connection, or a commented example.
fn sqlserver(y: &mut String, d: &Detection, lang: Language) {
    let Some(connection) = &d.connection else {
        c(y, tr!(lang, "detect-yaml-sql-none"));
        let _ = writeln!(
            y,
            "# sqlserver:\n#   connection: 'Data Source=.\\MEDATIXX;Integrated Security=True'\n#   staging: {}",
            q(STAGING)
        );
        return;
    };
    let _ = writeln!(y, "sqlserver:");
    match d.sql.iter().find(|s| &s.connection == connection) {
        Some(s) => c(
            y,
            indent(&tr!(
                lang,
                "detect-yaml-sql-from",
                source = where_from(&s.evidence)
            )),
        ),
        None => c(y, indent(&tr!(lang, "detect-yaml-sql-given"))),
    }
    let _ = writeln!(y, "  connection: {}", q(connection));
    c(y, indent(&tr!(lang, "detect-yaml-sql-staging")));
    let _ = writeln!(y, "  staging: {}", q(STAGING));
    c(y, indent(&tr!(lang, "detect-yaml-sql-trust")));
    let _ = writeln!(y, "  trust_server_certificate: true");
    for s in d.sql.iter().filter(|s| &s.connection != connection) {
        c(
            y,
            indent(&tr!(
                lang,
                "detect-yaml-sql-other",
                connection = s.shown.as_str(),
                source = where_from(&s.evidence)
            )),
        );
    }
    let mut in_files: Vec<&str> = d.sql.iter().filter_map(|s| s.database.as_deref()).collect();
    in_files.dedup();
    if !in_files.is_empty() {
        c(
            y,
            indent(&tr!(
                lang,
                "detect-yaml-sql-databases-files",
                databases = in_files.join(", ")
            )),
        );
    }
    if let Some(names) = &d.server_databases {
        c(
            y,
            indent(&tr!(
                lang,
                "detect-yaml-sql-databases-server",
                databases = names.join(", ")
            )),
        );
    }
}

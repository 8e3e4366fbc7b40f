//! `guard:` — the ransomware guard's thresholds and its whitelist, read from
//! tresor.yaml into [`GuardSettings`] (what `guard::Detector` judges with).
//!
//! ```yaml
//! guard:
//!   suspicious_files: 10   # files whose content turned random or lost its type's signature
//!   renamed_files: 10      # files renamed to one and the same new extension
//!   ransom_notes: 2        # files named like a ransom note ("HOW_TO_DECRYPT.txt")
//!   changed_percent: 50    # share of last night's files changed or deleted …
//!   changed_factor: 3      # … and this many times the largest share of the job's recent nights
//!   ignore: ['C:\Praxis\Verschluesselt\**', '*.p7m']   # legitimately encrypted or random
//! ```
//!
//! Every threshold is calm on purpose: a normal night of a practice changes
//! record databases and adds letters and photos, none of which trips one;
//! an encryption attack trips several at once. Without a `guard:` section
//! the guard runs with these defaults; `enabled: false` switches it off.

use super::error::{ConfigError, ErrorKind};
use super::read::{join, Doc};
use super::yaml::{Node, Value};
use crate::source::files::filter::Patterns;

/// The ransomware guard's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardSettings {
    /// Whether the guard looks at the backup's data at all (default true).
    pub enabled: bool,
    /// Files whose new content looks encrypted (random where the previous
    /// version compressed, or a known type without its signature) that
    /// raise the alarm (default 10).
    pub suspicious_files: u64,
    /// Files renamed to the same new extension that raise the alarm (default 10).
    pub renamed_files: u64,
    /// Files named like a ransom note that raise the alarm (default 2).
    pub ransom_notes: u64,
    /// Percent of the previous snapshot's files changed or deleted tonight
    /// that raise the alarm, together with `changed_factor` (default 50).
    pub changed_percent: u64,
    /// … and only when tonight's share is this many times the largest share
    /// of the job's recent nights (default 3).
    pub changed_factor: u64,
    /// Globs of paths the guard ignores (legitimately encrypted or random
    /// files), in the syntax of a source's `exclude:`; Windows spellings
    /// (`C:\Archiv\**`) are matched against the snapshot path (`C/Archiv/…`).
    pub ignore: Vec<String>,
}

impl Default for GuardSettings {
    fn default() -> Self {
        GuardSettings {
            enabled: true,
            suspicious_files: 10,
            renamed_files: 10,
            ransom_notes: 2,
            changed_percent: 50,
            changed_factor: 3,
            ignore: Vec::new(),
        }
    }
}

impl GuardSettings {
    /// The whitelist as globs over snapshot paths (`C/DConcept/…`).
    pub fn ignore_patterns(&self) -> Vec<String> {
        self.ignore.iter().map(|p| snapshot_glob(p)).collect()
    }
}

/// `C:\Archiv\**` → `C/Archiv/**`; a pattern without a drive stays as written.
fn snapshot_glob(p: &str) -> String {
    let t = p.trim().replace('\\', "/");
    let b = t.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        let rest = t[2..].trim_start_matches('/');
        format!("{}/{rest}", (b[0] as char).to_ascii_uppercase())
    } else {
        t
    }
}

const KEYS: &[&str] = &[
    "enabled",
    "suspicious_files",
    "renamed_files",
    "ransom_notes",
    "changed_percent",
    "changed_factor",
    "ignore",
];

/// Reads the `guard:` section.
pub fn read(doc: Doc<'_>, node: &Node) -> Result<GuardSettings, ConfigError> {
    let f = doc.fields(node, "guard", KEYS)?;
    let mut s = GuardSettings::default();
    if let Some(n) = f.get("enabled") {
        s.enabled = doc.boolean(n, "guard.enabled")?;
    }
    let num = |key: &str, min: u64, max: u64, default: u64| -> Result<u64, ConfigError> {
        match f.get(key) {
            Some(n) => doc.number(n, &join("guard", key), min, max),
            None => Ok(default),
        }
    };
    s.suspicious_files = num("suspicious_files", 1, 1_000_000, s.suspicious_files)?;
    s.renamed_files = num("renamed_files", 1, 1_000_000, s.renamed_files)?;
    s.ransom_notes = num("ransom_notes", 1, 1_000_000, s.ransom_notes)?;
    s.changed_percent = num("changed_percent", 1, 100, s.changed_percent)?;
    s.changed_factor = num("changed_factor", 1, 100, s.changed_factor)?;
    if let Some(n) = f.get("ignore") {
        let list: Vec<&Node> = match &n.value {
            Value::Scalar(_) => vec![n],
            _ => doc.list(n, "guard.ignore")?.iter().collect(),
        };
        for (i, item) in list.into_iter().enumerate() {
            let field = format!("guard.ignore.{i}");
            let written = doc.text(item, &field)?;
            if let Err(e) = Patterns::new(&[snapshot_glob(&written)]) {
                return Err(doc.err(
                    item.pos,
                    ErrorKind::BadGlob {
                        field,
                        value: written,
                        reason: e.to_string(),
                    },
                ));
            }
            s.ignore.push(written);
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_spellings_become_snapshot_globs() {
        assert_eq!(snapshot_glob(r"C:\Archiv\**"), "C/Archiv/**");
        assert_eq!(snapshot_glob(r"d:/x/*.p7m"), "D/x/*.p7m");
        assert_eq!(snapshot_glob("*.p7m"), "*.p7m");
        assert_eq!(snapshot_glob(r"Crypt\**"), "Crypt/**");
    }

    #[test]
    fn defaults_are_calm() {
        let d = GuardSettings::default();
        assert!(d.enabled);
        assert_eq!(
            (d.suspicious_files, d.renamed_files, d.ransom_notes),
            (10, 10, 2)
        );
        assert_eq!((d.changed_percent, d.changed_factor), (50, 3));
    }
}

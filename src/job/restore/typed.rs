//! Paths as technicians type them (`C:\WINACS\Rechnung`, `c:/winacs`,
//! `\\nas\praxis\scan`, `/srv/praxis`) mapped to the form paths have inside
//! a snapshot (`C/WINACS/Rechnung`, `UNC/nas/praxis/scan`, `srv/praxis`),
//! and resolved against a snapshot's own paths.
//!
//! Snapshot paths are case-sensitive (a Linux source may hold `Brief` and
//! `brief`), Windows is not. A typed path is therefore matched exactly when
//! the snapshot has that spelling, otherwise case-insensitively when exactly
//! one spelling matches; two or more spellings are ambiguous.

use std::collections::BTreeSet;

/// The snapshot form of a typed path: backslashes become `/`, a drive
/// `C:\` / `c:/` / `C:` becomes `C` (upper case, as snapshots record drive
/// letters), a UNC `\\server\share` becomes `UNC/server/share`, leading and
/// trailing separators go. Everything else (also glob characters) is kept.
pub fn snapshot_form(typed: &str) -> String {
    let t = typed.trim();
    let unc = t.starts_with("\\\\") || t.starts_with("//");
    let slashed = t.replace('\\', "/");
    let mut s = slashed.trim_matches('/').to_string();
    if unc {
        s = format!("UNC/{s}");
    } else {
        let b = s.as_bytes();
        if b.len() >= 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b.len() == 2 || b[2] == b'/')
        {
            let letter = (b[0] as char).to_ascii_uppercase();
            s = format!("{letter}{}", &s[2..]);
        }
    }
    // `C:\WINACS\\Rechnung` or `a//b`: one separator between components.
    s.split('/')
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// Does the text use glob syntax (`*`, `?`, `[…]`, `{…}`)?
pub fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', ']', '{', '}'])
}

/// What a typed path is in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// The snapshot's own spelling of the path.
    Found(String),
    /// Several spellings differ only in case (all of them, sorted).
    Ambiguous(Vec<String>),
    /// No path of the snapshot is, or lies below, the typed path.
    NotFound,
}

/// Resolves `wanted` (already in [`snapshot_form`]) against the snapshot's
/// `paths`: a path matches when it is `wanted` or lies below it.
pub fn resolve<'a>(wanted: &str, paths: impl IntoIterator<Item = &'a str>) -> Resolved {
    if wanted.is_empty() {
        return Resolved::NotFound;
    }
    let depth = wanted.split('/').count();
    let mut spellings: BTreeSet<&str> = BTreeSet::new();
    for p in paths {
        let head = match p.match_indices('/').nth(depth - 1) {
            Some((i, _)) => &p[..i],
            None => p,
        };
        if head.split('/').count() == depth && head.eq_ignore_ascii_case(wanted) {
            if head == wanted {
                return Resolved::Found(wanted.to_string());
            }
            spellings.insert(head);
        }
    }
    match spellings.len() {
        0 => Resolved::NotFound,
        1 => Resolved::Found(spellings.into_iter().next().unwrap_or_default().to_string()),
        _ => Resolved::Ambiguous(spellings.into_iter().map(str::to_string).collect()),
    }
}

/// Does `path` equal `prefix` or lie below it (case-sensitive)?
pub fn is_at_or_below(path: &str, prefix: &str) -> bool {
    path == prefix
        || (path.len() > prefix.len()
            && path.starts_with(prefix)
            && path.as_bytes()[prefix.len()] == b'/')
}

/// Up to `n` example paths to show when a typed path was not found: the
/// snapshot's recorded source paths that it really holds (a missing
/// optional folder is recorded too), else its top two levels.
pub fn examples<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    paths: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let paths: BTreeSet<&str> = paths.into_iter().collect();
    let from_sources: Vec<String> = sources
        .into_iter()
        .filter(|s| !s.is_empty() && paths.contains(s))
        .take(n)
        .map(str::to_string)
        .collect();
    if !from_sources.is_empty() {
        return from_sources;
    }
    let mut tops: BTreeSet<String> = BTreeSet::new();
    for p in paths {
        let top = match p.match_indices('/').nth(1) {
            Some((i, _)) => &p[..i],
            None => p,
        };
        tops.insert(top.to_string());
    }
    // Drop `C` when `C/WINACS` is there: the deeper one says more.
    let all: Vec<String> = tops.iter().cloned().collect();
    all.into_iter()
        .filter(|t| !tops.iter().any(|o| o != t && is_at_or_below(o, t)))
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_forms_map_to_snapshot_paths() {
        for typed in [
            r"C:\WINACS\Rechnung",
            "C:/WINACS/Rechnung",
            r"c:\WINACS\Rechnung\",
            "C/WINACS/Rechnung",
            "/C/WINACS/Rechnung",
            r"C:\\WINACS\\Rechnung",
            " C:\\WINACS\\Rechnung ",
        ] {
            assert_eq!(snapshot_form(typed), "C/WINACS/Rechnung", "{typed}");
        }
        assert_eq!(snapshot_form("c:/winacs"), "C/winacs");
        assert_eq!(snapshot_form("C:"), "C");
        assert_eq!(snapshot_form(r"C:\"), "C");
        assert_eq!(snapshot_form(r"\\nas\praxis\scan"), "UNC/nas/praxis/scan");
        assert_eq!(snapshot_form("//nas/praxis"), "UNC/nas/praxis");
        assert_eq!(snapshot_form("/srv/praxis/"), "srv/praxis");
        assert_eq!(snapshot_form(r"C:\WINACS\*.RTF"), "C/WINACS/*.RTF");
        assert_eq!(snapshot_form("**/*.RTF"), "**/*.RTF");
        // A folder named like a drive deeper down is left alone.
        assert_eq!(snapshot_form("srv/c:/x"), "srv/c:/x");
    }

    #[test]
    fn exact_spelling_wins_then_a_unique_case_insensitive_one() {
        let paths = ["C/WINACS", "C/WINACS/Rechnung", "C/WINACS/Rechnung/a.pdf"];
        assert_eq!(
            resolve("C/WINACS/Rechnung", paths),
            Resolved::Found("C/WINACS/Rechnung".into())
        );
        assert_eq!(
            resolve("C/winacs/rechnung", paths),
            Resolved::Found("C/WINACS/Rechnung".into())
        );
        // A prefix of recorded paths counts, even without its own node.
        assert_eq!(resolve("c", ["C/WINACS/x"]), Resolved::Found("C".into()));
        assert_eq!(resolve("C/WINACS/Rech", paths), Resolved::NotFound);
        assert_eq!(resolve("D/WINACS", paths), Resolved::NotFound);
        assert_eq!(resolve("", paths), Resolved::NotFound);
    }

    #[test]
    fn two_spellings_are_ambiguous_unless_one_is_typed_exactly() {
        let paths = [
            "srv/a/Brief",
            "srv/a/Brief/x",
            "srv/a/brief",
            "srv/a/brief/y",
        ];
        assert_eq!(
            resolve("srv/a/BRIEF", paths),
            Resolved::Ambiguous(vec!["srv/a/Brief".into(), "srv/a/brief".into()])
        );
        assert_eq!(
            resolve("srv/a/brief", paths),
            Resolved::Found("srv/a/brief".into())
        );
    }

    #[test]
    fn below_means_below_a_whole_component() {
        assert!(is_at_or_below("C/WINACS/x", "C/WINACS"));
        assert!(is_at_or_below("C/WINACS", "C/WINACS"));
        assert!(!is_at_or_below("C/WINACS2/x", "C/WINACS"));
    }

    #[test]
    fn examples_come_from_this_snapshot() {
        // D/Scans was a source, but missing when the snapshot was made.
        assert_eq!(
            examples(["C/WINACS", "D/Scans"], ["C/WINACS", "C/WINACS/x"], 3),
            ["C/WINACS"]
        );
        assert_eq!(
            examples([], ["C/WINACS", "C/WINACS/x", "D/Scans/y", "C"], 3),
            ["C/WINACS", "D/Scans"]
        );
    }
}

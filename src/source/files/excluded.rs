//! Paths that are never read raw ([`WalkSpec::excluded_paths`](super::WalkSpec)):
//! SQL Server data, log and FILESTREAM locations found at run time. They come
//! from `sys.master_files` (`C:\Program Files\…\DATA\X.mdf`) while the walk
//! sees `c:/program files/…` or `\\?\C:\…`, so comparison ignores case,
//! separator style, verbatim prefixes, `.` parts and trailing separators.
//!
//! Ignoring case on a case-sensitive (unix) filesystem can exclude a file that
//! only differs in case from a database file; for database paths that is the
//! safe direction.

use std::collections::HashSet;
use std::path::Path;

/// A set of normalized absolute paths.
#[derive(Debug, Default)]
pub struct ExcludedPaths {
    keys: HashSet<String>,
}

impl ExcludedPaths {
    pub fn new(paths: &[impl AsRef<Path>]) -> Self {
        let keys = paths.iter().map(|p| key(p.as_ref())).collect();
        ExcludedPaths { keys }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        !self.keys.is_empty() && self.keys.contains(&key(path))
    }

    /// Like [`contains`](Self::contains) for `root_key` (from [`key`]) joined
    /// with a `/`-separated relative path; saves re-normalizing the root for
    /// every entry of a large tree.
    pub fn contains_below(&self, root_key: &str, rel: &str) -> bool {
        if self.keys.is_empty() {
            return false;
        }
        let mut k = String::with_capacity(root_key.len() + rel.len() + 1);
        k.push_str(root_key);
        if !k.ends_with('/') {
            k.push('/');
        }
        k.push_str(&normalize_str(rel));
        self.keys.contains(&k)
    }
}

/// Normalized comparison key of a path (made absolute without touching the
/// filesystem, so symlinks are not resolved).
pub fn key(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    normalize_str(&abs.to_string_lossy())
}

fn normalize_str(s: &str) -> String {
    let mut s = s.replace('\\', "/");
    // `\\?\UNC\server\share` is `\\server\share`; `\\?\C:\x` is `C:\x`.
    for (prefix, keep) in [("//?/unc/", "//"), ("//?/", ""), ("//./", "")] {
        if s.len() >= prefix.len()
            && s.is_char_boundary(prefix.len())
            && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            s = format!("{keep}{}", &s[prefix.len()..]);
            break;
        }
    }
    let lead = if s.starts_with("//") {
        "//"
    } else if s.starts_with('/') {
        "/"
    } else {
        ""
    };
    let parts: Vec<&str> = s
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("{lead}{}", parts.join("/")).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_spellings_of_one_path_are_equal() {
        let a = normalize_str(r"C:\Program Files\Microsoft SQL Server\MSSQL\DATA\Praxis.mdf");
        let b = normalize_str("c:/program files/microsoft sql server/mssql/data/PRAXIS.MDF");
        let c = normalize_str(r"\\?\C:\Program Files\Microsoft SQL Server\MSSQL\DATA\.\Praxis.mdf");
        assert_eq!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn unc_paths_keep_their_double_slash() {
        assert_eq!(normalize_str(r"\\?\UNC\nas\share\x"), "//nas/share/x");
        assert_eq!(normalize_str(r"\\NAS\Share\X\"), "//nas/share/x");
    }

    #[test]
    fn contains_ignores_case_separators_and_trailing_slash() {
        let set = ExcludedPaths::new(&[
            Path::new("/srv/MSSQL/Data/praxis.mdf"),
            Path::new("/srv/fs/"),
        ]);
        assert!(set.contains(Path::new("/srv/mssql/data/PRAXIS.mdf")));
        assert!(set.contains(Path::new("/srv//FS")));
        assert!(!set.contains(Path::new("/srv/mssql/data/praxis.ldf")));
        assert!(set.contains_below(&key(Path::new("/srv/MSSQL")), "DATA/Praxis.MDF"));
        assert!(!ExcludedPaths::default().contains(Path::new("/srv/fs")));
    }
}

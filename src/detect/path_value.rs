//! Values in the products' files that should name a folder (`WINACS.INI`
//! `[Pfade]`, `PVSDDataPath`, a `…Path` app setting): a folder tresor can
//! back up, or the reason it cannot use the value. Nothing a product's file
//! names may vanish: a value that is not usable becomes an
//! [`Undecided::NotAPath`](super::Undecided) with the raw value and this
//! reason.

use serde::Serialize;

use super::Scan;
use crate::config::{ConfigPath, PathProblem};

/// Why a value does not name a folder tresor can use. The JSON name
/// (`snake_case`) is the `reason` of `unusable_paths` (docs/output.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathDoubt {
    /// Nothing written (`Foto=`).
    Empty,
    /// No drive and no share (`Text\Briefe`, `.\Foto`, `C:Text`): relative
    /// to a working directory tresor does not know.
    Relative,
    /// Contains a `..` component (`C:\WINACS\..\Daten`).
    Parent,
    /// Rooted without a drive (`\WINACS\Text`): which drive is open.
    NoDrive,
    /// A whole drive (`D:\`): not a folder of the product.
    DriveRoot,
    /// Holds an environment variable (`%PROGRAMDATA%\medatixx`), which
    /// depends on the account that expands it.
    Environment,
    /// A quote that is not one enclosing pair (`"C:\WINACS`).
    Quote,
    /// `\\server` without a share, or `\\` alone.
    ShareIncomplete,
    /// Holds a control or line-break character (CR, LF, TAB, NUL, NEL,
    /// U+2028/U+2029, BOM): no folder name has one, and it would break the
    /// YAML line it is written into.
    Control,
    /// A device path (`\\?\C:\…`, `\\.\…`).
    Device,
    /// Anything else (`Dr. Müller`, `1:\x`, a name with `*`).
    NotAPath,
}

impl PathDoubt {
    /// The JSON name, also the selector of `detect-undecided-not-a-path`.
    pub fn code(self) -> &'static str {
        match self {
            PathDoubt::Empty => "empty",
            PathDoubt::Relative => "relative",
            PathDoubt::Parent => "parent",
            PathDoubt::NoDrive => "no_drive",
            PathDoubt::DriveRoot => "drive_root",
            PathDoubt::Environment => "environment",
            PathDoubt::Quote => "quote",
            PathDoubt::ShareIncomplete => "share_incomplete",
            PathDoubt::Control => "control",
            PathDoubt::Device => "device",
            PathDoubt::NotAPath => "not_a_path",
        }
    }
}

/// A drive or UNC folder (`C:\x`, `\\nas\share\x`) from a value as a
/// program reads it (enclosing quotes already removed, see
/// [`super::ini::unquote`]), or why it is none.
pub fn folder(value: &str) -> Result<ConfigPath, PathDoubt> {
    let v = value.trim();
    if v.is_empty() {
        return Err(PathDoubt::Empty);
    }
    if v.chars().any(super::yaml_text::unsafe_char) {
        return Err(PathDoubt::Control);
    }
    if has_variable(v) {
        return Err(PathDoubt::Environment);
    }
    if v.contains(['"', '\'']) && (v.starts_with(['"', '\'']) || v.ends_with(['"', '\''])) {
        return Err(PathDoubt::Quote);
    }
    if v.split(['\\', '/']).any(|c| c.trim() == "..") {
        return Err(PathDoubt::Parent);
    }
    // `C:` alone is the current folder of drive C.
    if v.len() == 2 && v.ends_with(':') {
        return Err(PathDoubt::Relative);
    }
    let unc = v.starts_with(r"\\") || v.starts_with("//");
    let rooted = !unc && v.starts_with(['\\', '/']);
    match Scan::parse_checked(v, 'C') {
        Ok(ConfigPath::Drive { components, .. }) if components.is_empty() => Err(if rooted {
            PathDoubt::NoDrive
        } else {
            PathDoubt::DriveRoot
        }),
        Ok(_) if rooted => Err(PathDoubt::NoDrive),
        Ok(p) => Ok(p),
        Err(problem) => Err(match problem {
            PathProblem::Empty => PathDoubt::Empty,
            PathProblem::Relative => PathDoubt::Relative,
            PathProblem::ParentComponent => PathDoubt::Parent,
            PathProblem::EmptyUncServer | PathProblem::EmptyUncShare => PathDoubt::ShareIncomplete,
            PathProblem::DevicePath => PathDoubt::Device,
            PathProblem::BadDriveLetter(_)
            | PathProblem::BadCharacter { .. }
            | PathProblem::PosixOnWindows => PathDoubt::NotAPath,
        }),
    }
}

/// `%NAME%` somewhere in the value (cmd.exe's expansion syntax).
fn has_variable(v: &str) -> bool {
    let mut parts = v.split('%');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    // Text between two `%` that is a plausible variable name.
    rest.len() >= 2
        && rest[..rest.len() - 1]
            .iter()
            .any(|name| !name.is_empty() && !name.contains(['\\', '/', ' ']))
}

/// Whether a key's name says it holds a folder: `PVSDDataPath`, `DataDir`,
/// `Archivpfad`, `BackupFolder`, `Verzeichnis` (case-insensitive).
pub fn names_a_folder(key: &str) -> bool {
    let k = key.to_lowercase();
    [
        "path",
        "pfad",
        "dir",
        "directory",
        "folder",
        "ordner",
        "verzeichnis",
    ]
    .iter()
    .any(|end| k.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_folders() {
        assert_eq!(
            folder(r"C:\WINACS\Text").unwrap().windows_string(),
            r"C:\WINACS\Text"
        );
        assert_eq!(
            folder(r" \\NAS\Praxis\WINACS ").unwrap().windows_string(),
            r"\\NAS\Praxis\WINACS"
        );
        assert!(folder("d:/Fotos").is_ok());
        assert!(folder(r"C:\Praxis 100%\x").is_ok(), "one % is no variable");
    }

    #[test]
    fn every_unusable_value_has_its_reason() {
        for (value, doubt) in [
            ("", PathDoubt::Empty),
            ("   ", PathDoubt::Empty),
            (r"Text\Briefe", PathDoubt::Relative),
            (r".\Foto", PathDoubt::Relative),
            ("C:Text", PathDoubt::Relative),
            ("C:", PathDoubt::Relative),
            (r"..\Daten", PathDoubt::Parent),
            (r"C:\WINACS\..\Daten", PathDoubt::Parent),
            (r"\\NAS\Praxis\..\x", PathDoubt::Parent),
            (r"\WINACS\Text", PathDoubt::NoDrive),
            (r"\", PathDoubt::NoDrive),
            (r"D:\", PathDoubt::DriveRoot),
            (r"%PROGRAMDATA%\medatixx", PathDoubt::Environment),
            (r"C:\Users\%USERNAME%\x", PathDoubt::Environment),
            (r#""C:\WINACS"#, PathDoubt::Quote),
            (r"C:\WINACS'", PathDoubt::Quote),
            (r"\\", PathDoubt::ShareIncomplete),
            (r"\\NAS", PathDoubt::ShareIncomplete),
            (r"\\?\C:\WINACS", PathDoubt::Device),
            ("Dr. Müller", PathDoubt::Relative),
            (r"1:\x", PathDoubt::NotAPath),
            (r"C:\a*b", PathDoubt::NotAPath),
            ("C:\\x\rguard: {enabled: false}", PathDoubt::Control),
            ("C:\\x\ty", PathDoubt::Control),
            ("C:\\x\u{2028}y", PathDoubt::Control),
            ("C:\\x\u{feff}", PathDoubt::Control),
        ] {
            assert_eq!(
                folder(value).map(|p| p.windows_string()),
                Err(doubt),
                "{value:?}"
            );
        }
    }

    #[test]
    fn keys_that_name_folders() {
        for k in [
            "PVSDDataPath",
            "DataDir",
            "Archivpfad",
            "BackupFolder",
            "Verzeichnis",
        ] {
            assert!(names_a_folder(k), "{k}");
        }
        for k in ["ConnectionString", "Hostname", "ServerPort", "PVSTName"] {
            assert!(!names_a_folder(k), "{k}");
        }
    }
}

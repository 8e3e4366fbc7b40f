//! Which snapshot names a restore target can hold. A snapshot keeps every
//! name as the source had it (`a\b.txt` and `Befund 12:30.pdf` are legal on
//! Linux and on NAS shares); a name the target cannot hold, or one that would
//! leave the target, skips only that entry, never the whole restore.
//!
//! Windows rules: "Naming Files, Paths, and Namespaces",
//! <https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file>.

/// The naming rules of the target filesystem's platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRules {
    /// Any byte but `/` and NUL; `.` and `..` are not names.
    Unix,
    /// Also no `< > : " \ | ? *`, no control characters, no trailing dot or
    /// space, no device names (`CON`, `NUL.txt`, `COM1`, …).
    Windows,
}

impl NameRules {
    /// The rules of the platform tresor runs on.
    pub fn native() -> NameRules {
        if cfg!(windows) {
            NameRules::Windows
        } else {
            NameRules::Unix
        }
    }

    /// Paths that differ only in case are one file on Windows.
    pub fn key(self, path: &str) -> String {
        match self {
            NameRules::Unix => path.to_string(),
            NameRules::Windows => path.to_lowercase(),
        }
    }
}

/// Why a name cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("empty path component")]
    Empty,
    #[error("`.` or `..` would leave or alias the target folder")]
    Dots,
    #[error("NUL character in the name")]
    Nul,
    #[error("the character {0:?} is not allowed in Windows file names")]
    WindowsChar(char),
    #[error("Windows file names cannot end with a dot or a space")]
    WindowsTrailing,
    #[error("{0} is a Windows device name")]
    WindowsDevice(String),
}

const WINDOWS_FORBIDDEN: &[char] = &['<', '>', ':', '"', '\\', '|', '?', '*'];
const WINDOWS_DEVICES: &[&str] = &["CON", "PRN", "AUX", "NUL"];

/// Checks one path component (the text between two `/`).
pub fn check_component(c: &str, rules: NameRules) -> Result<(), NameProblem> {
    if c.is_empty() {
        return Err(NameProblem::Empty);
    }
    if c == "." || c == ".." {
        return Err(NameProblem::Dots);
    }
    if c.contains('\0') {
        return Err(NameProblem::Nul);
    }
    if rules == NameRules::Unix {
        return Ok(());
    }
    if let Some(bad) = c
        .chars()
        .find(|ch| WINDOWS_FORBIDDEN.contains(ch) || (*ch as u32) < 0x20)
    {
        return Err(NameProblem::WindowsChar(bad));
    }
    if c.ends_with(['.', ' ']) {
        return Err(NameProblem::WindowsTrailing);
    }
    // `NUL.txt` is the device too: only the part before the first dot counts.
    let stem = c
        .split('.')
        .next()
        .unwrap_or(c)
        .trim_end()
        .to_ascii_uppercase();
    let numbered = |p: &str| {
        stem.strip_prefix(p)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    if WINDOWS_DEVICES.contains(&stem.as_str()) || numbered("COM") || numbered("LPT") {
        return Err(NameProblem::WindowsDevice(c.to_string()));
    }
    Ok(())
}

/// Checks every component of a `/`-separated snapshot path.
pub fn check_path(path: &str, rules: NameRules) -> Result<(), NameProblem> {
    path.split('/').try_for_each(|c| check_component(c, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_allows_what_linux_and_nas_shares_allow() {
        for ok in [
            "a\\b.txt",
            "Befund 12:30.pdf",
            "x?.rtf",
            "trailing. ",
            "CON",
            "...",
        ] {
            assert_eq!(check_component(ok, NameRules::Unix), Ok(()), "{ok}");
        }
        for bad in ["", ".", "..", "a\0b"] {
            assert!(check_component(bad, NameRules::Unix).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn windows_refuses_reserved_characters_devices_and_trailing_dots() {
        let w = NameRules::Windows;
        assert_eq!(
            check_component("a\\b.txt", w),
            Err(NameProblem::WindowsChar('\\'))
        );
        assert_eq!(
            check_component("Befund 12:30.pdf", w),
            Err(NameProblem::WindowsChar(':'))
        );
        assert_eq!(
            check_component("tab\there", w),
            Err(NameProblem::WindowsChar('\t'))
        );
        assert_eq!(
            check_component("name.", w),
            Err(NameProblem::WindowsTrailing)
        );
        assert_eq!(
            check_component("name ", w),
            Err(NameProblem::WindowsTrailing)
        );
        for dev in ["CON", "nul.txt", "Com1", "LPT9.log", "aux"] {
            assert!(
                matches!(check_component(dev, w), Err(NameProblem::WindowsDevice(_))),
                "{dev}"
            );
        }
        for ok in [
            "COM0",
            "COM10",
            "CONSOLE.txt",
            "Befund 12-30.pdf",
            "Ärztebrief.rtf",
            "..x",
        ] {
            assert_eq!(check_component(ok, w), Ok(()), "{ok}");
        }
    }

    #[test]
    fn paths_are_checked_component_by_component() {
        assert_eq!(check_path("C/DConcept/x.DAT", NameRules::Windows), Ok(()));
        assert_eq!(
            check_path("C/../x", NameRules::Unix),
            Err(NameProblem::Dots)
        );
        assert_eq!(check_path("/abs", NameRules::Unix), Err(NameProblem::Empty));
        assert_eq!(check_path("C//x", NameRules::Unix), Err(NameProblem::Empty));
        assert_eq!(
            check_path("C:/x", NameRules::Windows),
            Err(NameProblem::WindowsChar(':'))
        );
    }
}

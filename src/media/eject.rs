//! Ejecting the RDX cartridge after a job (Windows): the command line is
//! built by a pure function; only [`run`] starts a process.
//!
//! The Windows shell's "Eject" verb on the drive in "This PC", through
//! PowerShell and the `Shell.Application` object:
//! `Namespace(17)` is `ssfDRIVES`
//! (https://learn.microsoft.com/windows/win32/api/shldisp/ne-shldisp-shellspecialfolderconstants),
//! `Folder.ParseName("E:")` the drive's item
//! (https://learn.microsoft.com/windows/win32/shell/folder-parsename) and
//! `FolderItem.InvokeVerb("Eject")` runs its verb
//! (https://learn.microsoft.com/windows/win32/shell/folderitem-invokeverb).
//! RDX drives are removable disks, so Explorer offers that verb for them.

use std::process::Command;

/// Why no eject command was built or run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EjectError {
    /// Not a drive letter (`E`, `E:` or `E:\`).
    #[error("`{0}` is not a drive letter")]
    NotADriveLetter(String),
    /// This is not Windows.
    #[error("ejecting is only supported on Windows")]
    NotSupported,
    /// PowerShell could not be started or reported failure.
    #[error("the eject command failed: {0}")]
    Failed(String),
}

/// `E`, `e:`, `E:\` or `E:/` → `'E'`; anything else is refused (the letter
/// ends up inside a command line).
pub fn drive_letter(text: &str) -> Result<char, EjectError> {
    let t = text.trim();
    let rest = t
        .strip_suffix('\\')
        .or_else(|| t.strip_suffix('/'))
        .unwrap_or(t);
    let rest = rest.strip_suffix(':').unwrap_or(rest);
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(c.to_ascii_uppercase()),
        _ => Err(EjectError::NotADriveLetter(text.to_string())),
    }
}

/// The drive letter of a destination folder as written in the config
/// (`E:\tresor` → `E`); `None` for a UNC or POSIX path.
pub fn drive_of_path(written: &str) -> Option<char> {
    let b = written.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        .then(|| char::from(b[0]).to_ascii_uppercase())
}

/// The program and its arguments that eject the cartridge in `drive`.
pub fn command(drive: &str) -> Result<(String, Vec<String>), EjectError> {
    let letter = drive_letter(drive)?;
    let script = format!(
        "(New-Object -ComObject Shell.Application).Namespace(17).ParseName('{letter}:').InvokeVerb('Eject')"
    );
    Ok((
        "powershell.exe".to_string(),
        vec![
            "-NoProfile".into(),
            "-NonInteractive".into(),
            "-Command".into(),
            script,
        ],
    ))
}

/// Ejects the cartridge in `drive` (Windows only; elsewhere
/// [`EjectError::NotSupported`]).
pub fn run(drive: &str) -> Result<(), EjectError> {
    let (program, args) = command(drive)?;
    if !cfg!(windows) {
        return Err(EjectError::NotSupported);
    }
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| EjectError::Failed(e.to_string()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(EjectError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_for_a_drive_letter() {
        let (program, args) = command("e:").unwrap();
        assert_eq!(program, "powershell.exe");
        assert_eq!(
            args,
            [
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "(New-Object -ComObject Shell.Application).Namespace(17).ParseName('E:').InvokeVerb('Eject')"
            ]
        );
        for ok in ["E", "E:", "e:\\", "E:/", " F: "] {
            assert!(command(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn anything_but_a_drive_letter_is_refused() {
        for bad in [
            "",
            "EE:",
            "1:",
            "E:\\tresor",
            "E:'); Remove-Item C:\\ -Recurse; ('",
            "\\\\nas\\share",
            "/mnt/rdx",
            "Ä:",
        ] {
            assert_eq!(
                command(bad),
                Err(EjectError::NotADriveLetter(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(drive_of_path("E:\\tresor"), Some('E'));
        assert_eq!(drive_of_path("e:/x"), Some('E'));
        assert_eq!(drive_of_path("\\\\nas\\x"), None);
        assert_eq!(drive_of_path("/srv"), None);
    }

    #[cfg(not(windows))]
    #[test]
    fn elsewhere_it_says_not_supported() {
        assert_eq!(run("E:"), Err(EjectError::NotSupported));
        assert!(matches!(run("x:y"), Err(EjectError::NotADriveLetter(_))));
    }
}

//! VSS shadow copies (`shadow_copy: true`): the job reads its file sources
//! from a point-in-time copy of their volumes, so files the practice software
//! holds open are read consistently. Everything runs through Windows' own
//! tools; the command lines and the parsing of their output are pure
//! functions tested on Linux.
//!
//! Sources: `Win32_ShadowCopy.Create`
//! (<https://learn.microsoft.com/previous-versions/windows/desktop/vsswmi/create-method-in-class-win32-shadowcopy>),
//! `vssadmin delete shadows`
//! (<https://learn.microsoft.com/windows-server/administration/windows-commands/vssadmin-delete-shadows>).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A shadow copy made for one volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadow {
    /// The volume's drive letter (upper case).
    pub drive: char,
    /// The shadow's id (`{…}`), for deleting it.
    pub id: String,
    /// Its device (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy7`).
    pub device: String,
}

/// Why no shadow copy was made or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShadowError {
    /// Shadow copies are a Windows feature.
    #[error("shadow copies exist only on Windows")]
    Unsupported,
    /// The tool failed or printed something unexpected.
    #[error("{tool}: {detail}")]
    Tool { tool: String, detail: String },
}

/// PowerShell that creates a shadow copy of `drive:` and prints `ID|DEVICE`.
/// `drive` must be a letter (anything else is refused: it goes into a command line).
pub fn create_command(drive: char) -> Option<(String, Vec<String>)> {
    if !drive.is_ascii_alphabetic() {
        return None;
    }
    let d = drive.to_ascii_uppercase();
    let script = format!(
        "$ErrorActionPreference='Stop'; \
         $r = Invoke-CimMethod -ClassName Win32_ShadowCopy -MethodName Create \
         -Arguments @{{Volume='{d}:\\'; Context='ClientAccessible'}}; \
         if ($r.ReturnValue -ne 0) {{ Write-Error ('Create returned ' + $r.ReturnValue) }}; \
         $s = Get-CimInstance Win32_ShadowCopy | Where-Object {{ $_.ID -eq $r.ShadowID }}; \
         Write-Output ($s.ID + '|' + $s.DeviceObject)"
    );
    Some((
        "powershell.exe".into(),
        vec![
            "-NoProfile".into(),
            "-NonInteractive".into(),
            "-Command".into(),
            script,
        ],
    ))
}

/// Reads `{ID}|\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN` from the
/// create command's output.
pub fn parse_created(drive: char, output: &str) -> Result<Shadow, ShadowError> {
    let line = output
        .lines()
        .map(str::trim)
        .rfind(|l| l.contains('|'))
        .ok_or_else(|| ShadowError::Tool {
            tool: "Win32_ShadowCopy.Create".into(),
            detail: format!("unexpected output: {}", output.trim()),
        })?;
    let (id, device) = line.split_once('|').unwrap_or_default();
    let id_ok = id.starts_with('{')
        && id.ends_with('}')
        && id[1..id.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '-');
    if !id_ok || !device.starts_with(r"\\?\GLOBALROOT\Device\") {
        return Err(ShadowError::Tool {
            tool: "Win32_ShadowCopy.Create".into(),
            detail: format!("unexpected output: {line}"),
        });
    }
    Ok(Shadow {
        drive: drive.to_ascii_uppercase(),
        id: id.to_string(),
        device: device.trim_end_matches('\\').to_string(),
    })
}

/// `vssadmin delete shadows /shadow={ID} /quiet`.
pub fn delete_command(shadow: &Shadow) -> (String, Vec<String>) {
    (
        "vssadmin.exe".into(),
        vec![
            "delete".into(),
            "shadows".into(),
            format!("/shadow={}", shadow.id),
            "/quiet".into(),
        ],
    )
}

/// Where a source path (`C:\DConcept\DEDATA`) is read inside the shadow of
/// its volume; `None` when the path is not on that volume.
pub fn map_into(shadow: &Shadow, path: &Path) -> Option<PathBuf> {
    let text = path.to_string_lossy();
    let mut chars = text.chars();
    let (letter, colon) = (chars.next()?, chars.next()?);
    if colon != ':' || !letter.eq_ignore_ascii_case(&shadow.drive) {
        return None;
    }
    let rest = text[2..].trim_start_matches(['\\', '/']);
    Some(PathBuf::from(format!("{}\\{}", shadow.device, rest)))
}

/// The drive letter of a Windows path (`C:\…` → `C`).
pub fn drive_of(path: &Path) -> Option<char> {
    let text = path.to_string_lossy();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(l), Some(':')) if l.is_ascii_alphabetic() => Some(l.to_ascii_uppercase()),
        _ => None,
    }
}

/// Makes a shadow copy of `drive` (Windows only).
pub fn create(drive: char) -> Result<Shadow, ShadowError> {
    if !cfg!(windows) {
        return Err(ShadowError::Unsupported);
    }
    let (program, args) = create_command(drive).ok_or_else(|| ShadowError::Tool {
        tool: "Win32_ShadowCopy.Create".into(),
        detail: format!("not a drive letter: {drive}"),
    })?;
    let out = run(&program, &args)?;
    parse_created(drive, &out)
}

/// Removes a shadow copy made by [`create`].
pub fn delete(shadow: &Shadow) -> Result<(), ShadowError> {
    if !cfg!(windows) {
        return Err(ShadowError::Unsupported);
    }
    let (program, args) = delete_command(shadow);
    run(&program, &args).map(|_| ())
}

fn run(program: &str, args: &[String]) -> Result<String, ShadowError> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| ShadowError::Tool {
            tool: program.into(),
            detail: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(ShadowError::Tool {
            tool: program.into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shadow() -> Shadow {
        Shadow {
            drive: 'C',
            id: "{1A2B3C4D-0000-4000-8000-00AABBCCDDEE}".into(),
            device: r"\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy7".into(),
        }
    }

    #[test]
    fn create_command_names_only_the_volume() {
        let (p, a) = create_command('c').unwrap();
        assert_eq!(p, "powershell.exe");
        assert_eq!(&a[..3], ["-NoProfile", "-NonInteractive", "-Command"]);
        assert!(a[3].contains("Volume='C:\\'"), "{}", a[3]);
        assert!(a[3].contains("Win32_ShadowCopy"));
        assert!(create_command('\'').is_none());
        assert!(create_command('1').is_none());
    }

    #[test]
    fn parses_the_created_shadow() {
        let out = "\r\n{1A2B3C4D-0000-4000-8000-00AABBCCDDEE}|\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy7\r\n";
        assert_eq!(parse_created('c', out).unwrap(), shadow());
        assert!(parse_created('C', "Zugriff verweigert").is_err());
        assert!(parse_created('C', "{x}|C:\\evil").is_err());
    }

    #[test]
    fn delete_names_the_one_shadow() {
        let (p, a) = delete_command(&shadow());
        assert_eq!(p, "vssadmin.exe");
        assert_eq!(
            a,
            vec![
                "delete",
                "shadows",
                "/shadow={1A2B3C4D-0000-4000-8000-00AABBCCDDEE}",
                "/quiet"
            ]
        );
    }

    #[test]
    fn maps_sources_into_the_shadow() {
        let s = shadow();
        assert_eq!(
            map_into(&s, Path::new(r"C:\DConcept\DEDATA")).unwrap(),
            PathBuf::from(r"\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy7\DConcept\DEDATA")
        );
        assert_eq!(map_into(&s, Path::new(r"D:\Scans")), None);
        assert_eq!(map_into(&s, Path::new(r"\\nas\share")), None);
        assert_eq!(drive_of(Path::new(r"c:\x")), Some('C'));
        assert_eq!(drive_of(Path::new("/srv/x")), None);
    }

    #[test]
    fn elsewhere_it_says_unsupported() {
        if !cfg!(windows) {
            assert_eq!(create('C'), Err(ShadowError::Unsupported));
        }
    }
}

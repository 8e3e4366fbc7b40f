//! The shield: a repository folder on a cartridge or the NAS that only the
//! account running tresor may write. Ransomware runs as a user of the
//! practice (or as an administrator who clicked the wrong mail); a backup
//! folder every user can write is encrypted along with everything else.
//!
//! - Windows: `icacls` (the command line is built here, pure and tested; it
//!   runs only on Windows): inheritance removed, full control for the backup
//!   account and SYSTEM, read for the Administrators (a technician restores),
//!   the grants of Everyone, Users and Authenticated Users removed. Accounts
//!   are given by SID (`*S-1-5-18`), so a German Windows ("Administratoren",
//!   "Jeder") gets the same command. Source: learn.microsoft.com,
//!   "icacls" (Windows Commands) and "Well-known SIDs".
//! - Linux (and the tests): folders 0700, files 0600; [`writable_by_others`]
//!   names what group or others may write.

use std::path::{Path, PathBuf};

/// SIDs of the accounts the shield names (learn.microsoft.com, "Well-known SIDs").
pub const SID_SYSTEM: &str = "S-1-5-18";
pub const SID_ADMINISTRATORS: &str = "S-1-5-32-544";
pub const SID_USERS: &str = "S-1-5-32-545";
pub const SID_EVERYONE: &str = "S-1-1-0";
pub const SID_AUTHENTICATED_USERS: &str = "S-1-5-11";

/// The `icacls` command (program and arguments) that shields `dir` for
/// `account` (`PRAXIS\tresor-backup`, or `*S-1-5-18` when tresor runs as
/// SYSTEM). Arguments are passed as a list, never through a shell, so a
/// folder name with spaces or quotes needs no quoting.
pub fn icacls_command(dir: &str, account: &str) -> (String, Vec<String>) {
    let grant = |who: &str, rights: &str| format!("{who}:(OI)(CI){rights}");
    let args = vec![
        dir.to_string(),
        "/inheritance:r".into(),
        "/grant:r".into(),
        grant(account, "F"),
        "/grant:r".into(),
        grant(&format!("*{SID_SYSTEM}"), "F"),
        "/grant:r".into(),
        grant(&format!("*{SID_ADMINISTRATORS}"), "RX"),
        "/remove:g".into(),
        format!("*{SID_EVERYONE}"),
        format!("*{SID_USERS}"),
        format!("*{SID_AUTHENTICATED_USERS}"),
        "/T".into(),
        "/C".into(),
        "/Q".into(),
    ];
    ("icacls".into(), args)
}

/// The PowerShell command that lists who may write `dir`: one line per
/// allowing access rule, `SID<TAB>rights`. The path goes in as a
/// single-quoted literal (a `'` doubled), so nothing in it is evaluated.
pub fn acl_query_command(dir: &str) -> (String, Vec<String>) {
    let literal = format!("'{}'", dir.replace('\'', "''"));
    let script = format!(
        "(Get-Acl -LiteralPath {literal}).Access | Where-Object {{ $_.AccessControlType -eq 'Allow' }} | \
         ForEach-Object {{ $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value + \"`t\" + $_.FileSystemRights }}"
    );
    (
        "powershell".into(),
        vec![
            "-NoProfile".into(),
            "-NonInteractive".into(),
            "-Command".into(),
            script,
        ],
    )
}

/// From [`acl_query_command`]'s output: the SIDs other than `allowed` that
/// hold a right that writes (write, modify, full control, delete, …).
pub fn others_who_write(output: &str, allowed: &[&str]) -> Vec<String> {
    const WRITES: &[&str] = &[
        "FullControl",
        "Modify",
        "Write",
        "WriteData",
        "AppendData",
        "CreateFiles",
        "Delete",
        "ChangePermissions",
        "TakeOwnership",
        "268435456",
        "1073741824",
    ];
    let mut out: Vec<String> = Vec::new();
    for line in output.lines() {
        let Some((sid, rights)) = line.trim().split_once('\t') else {
            continue;
        };
        let writes = rights
            .split(',')
            .map(str::trim)
            .any(|r| WRITES.contains(&r));
        if writes && !allowed.contains(&sid) && !out.iter().any(|o| o == sid) {
            out.push(sid.to_string());
        }
    }
    out
}

/// Folders (and the repository's top-level files) below `dir` that group or
/// others may write (Unix modes). Pack files are not walked: a folder one
/// cannot write protects the files in it from deletion and replacement.
pub fn writable_by_others(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .max_depth(3)
        .into_iter()
        .flatten()
    {
        let is_dir = entry.file_type().is_dir();
        if !is_dir && entry.depth() > 1 {
            continue;
        }
        if let Ok(meta) = entry.metadata() {
            if mode_of(&meta) & 0o022 != 0 {
                out.push(entry.path().to_path_buf());
            }
        }
    }
    out
}

/// Folders 0700 and files 0600 below `dir` (Unix); returns how many changed.
///
/// # Errors
/// A folder or file whose mode cannot be set (another owner, read-only mount).
pub fn protect_unix(dir: &Path) -> std::io::Result<usize> {
    let mut changed = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_symlink() {
            continue;
        }
        let meta = entry.metadata().map_err(std::io::Error::other)?;
        let want = if entry.file_type().is_dir() {
            0o700
        } else {
            0o600
        };
        if mode_of(&meta) & 0o777 != want {
            set_mode(entry.path(), want)?;
            changed += 1;
        }
    }
    Ok(changed)
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> u32 {
    0
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icacls_names_accounts_by_sid_and_never_quotes_through_a_shell() {
        let (prog, args) = icacls_command(r"E:\tresor", r"PRAXIS\tresor-backup");
        assert_eq!(prog, "icacls");
        assert_eq!(
            args,
            [
                r"E:\tresor",
                "/inheritance:r",
                "/grant:r",
                r"PRAXIS\tresor-backup:(OI)(CI)F",
                "/grant:r",
                "*S-1-5-18:(OI)(CI)F",
                "/grant:r",
                "*S-1-5-32-544:(OI)(CI)RX",
                "/remove:g",
                "*S-1-1-0",
                "*S-1-5-32-545",
                "*S-1-5-11",
                "/T",
                "/C",
                "/Q"
            ]
        );
        let (_, args) = icacls_command(r"\\nas\backup\Praxis Dr. O'Neil", "*S-1-5-18");
        assert_eq!(args[0], r"\\nas\backup\Praxis Dr. O'Neil");
    }

    #[test]
    fn the_acl_query_quotes_the_path_as_a_literal() {
        let (prog, args) = acl_query_command(r"E:\Praxis O'Neil $(rm)");
        assert_eq!(prog, "powershell");
        assert!(
            args[3].contains(r"-LiteralPath 'E:\Praxis O''Neil $(rm)'"),
            "{}",
            args[3]
        );
    }

    #[test]
    fn writers_other_than_the_backup_account_are_named() {
        let out = "S-1-5-18\tFullControl\nS-1-5-32-544\tReadAndExecute, Synchronize\n\
                   S-1-5-32-545\tModify, Synchronize\nS-1-1-0\tReadAndExecute\n\
                   S-1-5-21-1-2-3-1001\tFullControl\n";
        assert_eq!(
            others_who_write(out, &["S-1-5-18", "S-1-5-21-1-2-3-1001"]),
            ["S-1-5-32-545"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn unix_modes_are_found_and_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        std::fs::create_dir_all(repo.join("data/ab")).unwrap();
        std::fs::write(repo.join("config"), b"x").unwrap();
        std::fs::write(repo.join("data/ab/pack"), b"x").unwrap();
        let open = std::fs::Permissions::from_mode(0o777);
        std::fs::set_permissions(repo.join("data"), open.clone()).unwrap();
        std::fs::set_permissions(repo.join("config"), std::fs::Permissions::from_mode(0o666))
            .unwrap();
        let found = writable_by_others(&repo);
        assert!(found.contains(&repo.join("data")), "{found:?}");
        assert!(found.contains(&repo.join("config")), "{found:?}");
        assert!(protect_unix(&repo).unwrap() >= 2);
        assert!(writable_by_others(&repo).is_empty());
        let mode = std::fs::metadata(repo.join("data"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

//! Paths as written in tresor.yaml and in profiles, and how they map to the host.
//!
//! Config files speak Windows on every host: `C:\DConcept\DEDATA`,
//! `c:/dconcept/dedata`, rooted `\DConcept\DEDATA` (on the data drive) and UNC
//! `\\nas\share\dir`. On a non-Windows host (tests, demo) a POSIX absolute path
//! `/srv/x` is accepted too, and drive letters / UNC shares reach the disk
//! through [`Mounts`]. A parsed [`ConfigPath`] answers two questions: where the
//! data appears inside a snapshot ([`ConfigPath::snapshot_path`]) and where to
//! read it on this host ([`ConfigPath::resolve`]).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// What the host looks like: Windows or not, and (on non-Windows hosts) where
/// drive letters and UNC shares are mounted. Built with [`HostContext::current`]
/// in production; tests pick either behaviour explicitly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostContext {
    /// Windows semantics: paths resolve natively, POSIX paths are not accepted.
    pub windows: bool,
    /// Mounts known before the config is read (the config's `drives:` / `unc:` add to them).
    pub mounts: Mounts,
}

impl HostContext {
    /// The running host (`cfg!(windows)`), with no mounts.
    pub fn current() -> HostContext {
        HostContext {
            windows: cfg!(windows),
            mounts: Mounts::default(),
        }
    }

    /// Windows behaviour, whatever the real host is.
    pub fn windows() -> HostContext {
        HostContext {
            windows: true,
            mounts: Mounts::default(),
        }
    }

    /// Non-Windows behaviour with the given mounts.
    pub fn posix(mounts: Mounts) -> HostContext {
        HostContext {
            windows: false,
            mounts,
        }
    }
}

/// Where Windows drive letters and UNC shares live on a non-Windows host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mounts {
    /// Drive letter (upper case) → local directory.
    pub drives: BTreeMap<char, PathBuf>,
    /// UNC prefix (`\\server\share[\dir…]`, compared case-insensitively) → local directory.
    pub unc: Vec<(ConfigPath, PathBuf)>,
}

impl Mounts {
    /// Maps a drive letter (any case) to a local directory.
    pub fn with_drive(mut self, letter: char, dir: impl Into<PathBuf>) -> Mounts {
        self.drives.insert(letter.to_ascii_uppercase(), dir.into());
        self
    }
}

/// A parsed absolute path from the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigPath {
    /// `C:\a\b`; a rooted `\a\b` becomes this with the data drive.
    Drive {
        /// Upper-case drive letter.
        letter: char,
        /// Components as written.
        components: Vec<String>,
    },
    /// `\\server\share\a\b`.
    Unc {
        /// Server name as written.
        server: String,
        /// Share name as written.
        share: String,
        /// Components below the share, as written.
        components: Vec<String>,
    },
    /// `/srv/x` (only on non-Windows hosts).
    Posix {
        /// Components as written.
        components: Vec<String>,
    },
}

/// Why a path from the config cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    /// Nothing written.
    #[error("the path is empty")]
    Empty,
    /// Not absolute (`DEDATA`, `C:DEDATA`).
    #[error("the path is relative; write it absolute, e.g. `C:\\DConcept\\DEDATA` or `\\\\nas\\share\\dir`")]
    Relative,
    /// Contains a `..` component.
    #[error("the path contains `..`; write the directory it means directly")]
    ParentComponent,
    /// `\\` with no server name.
    #[error("the UNC path has no server name; write `\\\\server\\share\\dir`")]
    EmptyUncServer,
    /// `\\server` with no share name.
    #[error("the UNC path has no share name; write `\\\\server\\share\\dir`")]
    EmptyUncShare,
    /// `\\?\…` or `\\.\…` device paths.
    #[error("device paths (`\\\\?\\…`, `\\\\.\\…`) are not supported; write `C:\\…` or `\\\\server\\share`")]
    DevicePath,
    /// `1:\x`, `ÄÖ:\x`.
    #[error("`{0}` is not a drive letter; drives are A: to Z:")]
    BadDriveLetter(String),
    /// A character Windows does not allow in file names.
    #[error(
        "the name `{component}` contains `{character}`, which Windows does not allow in file names"
    )]
    BadCharacter {
        /// The offending component.
        component: String,
        /// The offending character.
        character: char,
    },
    /// `/srv/x` on a Windows host.
    #[error("`/…` paths only work on Linux; on Windows write `C:\\…`")]
    PosixOnWindows,
}

/// Why a parsed path cannot be mapped to a local path on this host.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// A drive letter with no entry in `drives:` (non-Windows host).
    #[error("drive {letter}: is not mapped on this host; add it to the config, e.g. `drives: {{ {letter}: /srv/praxis/{lower} }}`", lower = letter.to_ascii_lowercase())]
    UnmappedDrive {
        /// The drive letter.
        letter: char,
    },
    /// A UNC share with no entry in `unc:` (non-Windows host).
    #[error("the share \\\\{server}\\{share} is not mapped on this host; add it to the config, e.g. `unc: {{ '\\\\{server}\\{share}': /mnt/{share} }}`")]
    UnmappedUnc {
        /// Server name.
        server: String,
        /// Share name.
        share: String,
    },
    /// A POSIX path on a Windows host (cannot come out of [`ConfigPath::parse`]).
    #[error("`/…` paths only work on Linux")]
    PosixOnWindows,
}

const BAD_CHARS: &[char] = &['<', '>', ':', '"', '|', '?', '*'];

impl ConfigPath {
    /// Parses a path as written in the config. A rooted `\x` lands on `data_drive`.
    pub fn parse(
        text: &str,
        host: &HostContext,
        data_drive: char,
    ) -> Result<ConfigPath, PathProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PathProblem::Empty);
        }
        let is_sep = |c: char| c == '\\' || c == '/';
        let mut chars = text.chars();
        let first = chars.next().unwrap_or(' ');
        let second = chars.next();
        let path = if is_sep(first) && second.is_some_and(is_sep) {
            let mut parts = text[2..].split(is_sep);
            let server = parts.next().unwrap_or("").to_string();
            if server.is_empty() {
                return Err(PathProblem::EmptyUncServer);
            }
            if server == "?" || server == "." {
                return Err(PathProblem::DevicePath);
            }
            let share = parts.next().unwrap_or("").to_string();
            if share.is_empty() {
                return Err(PathProblem::EmptyUncShare);
            }
            let components = components(parts)?;
            check_windows_names(std::iter::once(&server).chain([&share]).chain(&components))?;
            ConfigPath::Unc {
                server,
                share,
                components,
            }
        } else if first == '/' && !host.windows {
            ConfigPath::Posix {
                components: components(text.split('/'))?,
            }
        } else if is_sep(first) {
            let components = components(text.split(is_sep))?;
            check_windows_names(&components)?;
            ConfigPath::Drive {
                letter: data_drive.to_ascii_uppercase(),
                components,
            }
        } else if let Some((drive, rest)) = text.split_once(':') {
            let mut letters = drive.chars();
            let letter = match (letters.next(), letters.next()) {
                (Some(l), None) if l.is_ascii_alphabetic() => l.to_ascii_uppercase(),
                _ if drive.chars().any(is_sep) => return Err(PathProblem::Relative),
                _ => return Err(PathProblem::BadDriveLetter(format!("{drive}:"))),
            };
            if !rest.is_empty() && !rest.starts_with(is_sep) {
                return Err(PathProblem::Relative);
            }
            let components = components(rest.split(is_sep))?;
            check_windows_names(&components)?;
            ConfigPath::Drive { letter, components }
        } else {
            return Err(PathProblem::Relative);
        };
        Ok(path)
    }

    /// Where this path appears inside a snapshot: `C/DConcept/DEDATA`,
    /// `UNC/nas/share/dir`, `srv/x`. Components keep the case they are written in;
    /// the drive letter is upper case.
    pub fn snapshot_path(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        let letter;
        match self {
            ConfigPath::Drive {
                letter: l,
                components,
            } => {
                letter = l.to_string();
                parts.push(&letter);
                parts.extend(components.iter().map(String::as_str));
            }
            ConfigPath::Unc {
                server,
                share,
                components,
            } => {
                parts.extend(["UNC", server.as_str(), share.as_str()]);
                parts.extend(components.iter().map(String::as_str));
            }
            ConfigPath::Posix { components } => parts.extend(components.iter().map(String::as_str)),
        }
        parts.join("/")
    }

    /// The path in Windows notation (`C:\DConcept\DEDATA`, `\\nas\share`); POSIX paths as `/srv/x`.
    pub fn windows_string(&self) -> String {
        match self {
            ConfigPath::Drive { letter, components } => {
                format!("{letter}:\\{}", components.join("\\"))
            }
            ConfigPath::Unc {
                server,
                share,
                components,
            } => {
                let mut s = format!("\\\\{server}\\{share}");
                for c in components {
                    s.push('\\');
                    s.push_str(c);
                }
                s
            }
            ConfigPath::Posix { components } => format!("/{}", components.join("/")),
        }
    }

    /// The local path to read from. On Windows the native path; elsewhere through
    /// `host.mounts`, looking components up case-insensitively (Windows semantics)
    /// against what exists on disk and keeping them as written where nothing exists.
    pub fn resolve(&self, host: &HostContext) -> Result<PathBuf, ResolveError> {
        if host.windows {
            return match self {
                ConfigPath::Posix { .. } => Err(ResolveError::PosixOnWindows),
                _ => Ok(PathBuf::from(self.windows_string())),
            };
        }
        match self {
            ConfigPath::Posix { components } => {
                let mut p = PathBuf::from("/");
                p.extend(components);
                Ok(p)
            }
            ConfigPath::Drive { letter, components } => {
                let base = host
                    .mounts
                    .drives
                    .get(letter)
                    .ok_or(ResolveError::UnmappedDrive { letter: *letter })?;
                Ok(lookup_case_insensitive(base, components))
            }
            ConfigPath::Unc {
                server,
                share,
                components,
            } => {
                let all: Vec<&String> = [server, share].into_iter().chain(components).collect();
                let best = host
                    .mounts
                    .unc
                    .iter()
                    .filter_map(|(prefix, dir)| {
                        let ConfigPath::Unc {
                            server: ps,
                            share: psh,
                            components: pc,
                        } = prefix
                        else {
                            return None;
                        };
                        let pre: Vec<&String> = [ps, psh].into_iter().chain(pc).collect();
                        let matches = pre.len() <= all.len()
                            && pre.iter().zip(&all).all(|(a, b)| same_name(a, b));
                        matches.then_some((pre.len(), dir))
                    })
                    .max_by_key(|(len, _)| *len);
                match best {
                    Some((len, dir)) => Ok(lookup_case_insensitive(dir, &components[len - 2..])),
                    None => Err(ResolveError::UnmappedUnc {
                        server: server.clone(),
                        share: share.clone(),
                    }),
                }
            }
        }
    }
}

impl fmt::Display for ConfigPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.windows_string())
    }
}

/// Splits into components: empty and `.` parts are dropped, `..` is refused.
fn components<'a>(parts: impl Iterator<Item = &'a str>) -> Result<Vec<String>, PathProblem> {
    let mut out = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => return Err(PathProblem::ParentComponent),
            _ => out.push(part.to_string()),
        }
    }
    Ok(out)
}

fn check_windows_names<'a>(names: impl IntoIterator<Item = &'a String>) -> Result<(), PathProblem> {
    for name in names {
        if let Some(character) = name
            .chars()
            .find(|c| BAD_CHARS.contains(c) || c.is_control())
        {
            return Err(PathProblem::BadCharacter {
                component: name.clone(),
                character,
            });
        }
    }
    Ok(())
}

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Joins `components` onto `base`, each matched case-insensitively against the
/// directory entries that exist; an exact match wins, then the first match in
/// name order; once nothing exists, the rest is appended as written.
pub fn lookup_case_insensitive(base: &Path, components: &[String]) -> PathBuf {
    let mut path = base.to_path_buf();
    let mut exists = path.is_dir();
    for component in components {
        if exists && !path.join(component).exists() {
            let found = std::fs::read_dir(&path).ok().and_then(|entries| {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| same_name(n, component))
                    .collect();
                names.sort();
                names.into_iter().next()
            });
            match found {
                Some(name) => path.push(name),
                None => {
                    exists = false;
                    path.push(component);
                }
            }
        } else {
            path.push(component);
        }
        exists = exists && path.is_dir();
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> HostContext {
        HostContext::posix(Mounts::default())
    }

    fn parse(text: &str) -> Result<ConfigPath, PathProblem> {
        ConfigPath::parse(text, &linux(), 'C')
    }

    fn drive(letter: char, comps: &[&str]) -> ConfigPath {
        ConfigPath::Drive {
            letter,
            components: comps.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn drive_paths_in_every_spelling() {
        let want = drive('C', &["DConcept", "DEDATA"]);
        assert_eq!(parse(r"C:\DConcept\DEDATA").unwrap(), want);
        assert_eq!(parse(r"C:\DConcept\\DEDATA\").unwrap(), want);
        assert_eq!(parse(r"C:\DConcept\.\DEDATA").unwrap(), want);
        assert_eq!(parse(r"\DConcept\DEDATA").unwrap(), want);
        assert_eq!(
            parse("c:/dconcept/dedata").unwrap(),
            drive('C', &["dconcept", "dedata"])
        );
        assert_eq!(
            ConfigPath::parse(r"\x", &linux(), 'd').unwrap(),
            drive('D', &["x"])
        );
        assert_eq!(parse("E:").unwrap(), drive('E', &[]));
        assert_eq!(parse(r"E:\").unwrap(), drive('E', &[]));
    }

    #[test]
    fn unc_and_posix_paths() {
        let unc = parse(r"\\nas\praxis\tresor").unwrap();
        assert_eq!(
            unc,
            ConfigPath::Unc {
                server: "nas".into(),
                share: "praxis".into(),
                components: vec!["tresor".into()]
            }
        );
        assert_eq!(parse("//nas/praxis/tresor").unwrap(), unc);
        assert_eq!(
            parse("/srv/x").unwrap(),
            ConfigPath::Posix {
                components: vec!["srv".into(), "x".into()]
            }
        );
        // On Windows `/x` is rooted on the data drive.
        assert_eq!(
            ConfigPath::parse("/srv/x", &HostContext::windows(), 'C').unwrap(),
            drive('C', &["srv", "x"])
        );
    }

    #[test]
    fn broken_paths_say_what_is_wrong() {
        assert_eq!(parse(""), Err(PathProblem::Empty));
        assert_eq!(parse("DConcept\\DEDATA"), Err(PathProblem::Relative));
        assert_eq!(parse("C:DEDATA"), Err(PathProblem::Relative));
        assert_eq!(
            parse(r"C:\DConcept\..\Windows"),
            Err(PathProblem::ParentComponent)
        );
        assert_eq!(parse(r"\\"), Err(PathProblem::EmptyUncServer));
        assert_eq!(parse(r"\\\share"), Err(PathProblem::EmptyUncServer));
        assert_eq!(parse(r"\\nas"), Err(PathProblem::EmptyUncShare));
        assert_eq!(parse(r"\\nas\"), Err(PathProblem::EmptyUncShare));
        assert_eq!(parse(r"\\?\C:\x"), Err(PathProblem::DevicePath));
        assert_eq!(
            parse(r"1:\x"),
            Err(PathProblem::BadDriveLetter("1:".into()))
        );
        assert_eq!(
            parse(r"CD:\x"),
            Err(PathProblem::BadDriveLetter("CD:".into()))
        );
        assert!(matches!(
            parse(r"C:\a\b:c"),
            Err(PathProblem::BadCharacter { character: ':', .. })
        ));
        assert!(matches!(
            parse(r"C:\a*"),
            Err(PathProblem::BadCharacter { character: '*', .. })
        ));
        assert_eq!(
            parse(r"http://x"),
            Err(PathProblem::BadDriveLetter("http:".into()))
        );
    }

    #[test]
    fn snapshot_paths() {
        assert_eq!(
            parse(r"c:\DConcept\DEDATA").unwrap().snapshot_path(),
            "C/DConcept/DEDATA"
        );
        assert_eq!(
            parse(r"\\nas\share\dir").unwrap().snapshot_path(),
            "UNC/nas/share/dir"
        );
        assert_eq!(parse("/srv/x").unwrap().snapshot_path(), "srv/x");
        assert_eq!(parse("E:").unwrap().snapshot_path(), "E");
    }

    #[test]
    fn windows_resolves_natively() {
        let win = HostContext::windows();
        let p = ConfigPath::parse(r"c:/DConcept/DEDATA", &win, 'C').unwrap();
        assert_eq!(
            p.resolve(&win).unwrap(),
            PathBuf::from(r"C:\DConcept\DEDATA")
        );
        let u = ConfigPath::parse(r"\\nas\share\d", &win, 'C').unwrap();
        assert_eq!(u.resolve(&win).unwrap(), PathBuf::from(r"\\nas\share\d"));
        assert_eq!(
            ConfigPath::parse("/x", &win, 'C').unwrap().windows_string(),
            r"C:\x"
        );
    }

    #[test]
    fn linux_resolves_through_mounts_case_insensitively() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("c");
        std::fs::create_dir_all(c.join("DConcept/DEDATA")).unwrap();
        let host = HostContext::posix(Mounts::default().with_drive('c', &c));
        let p = parse(r"\dconcept\dedata\neu\x").unwrap();
        assert_eq!(p.resolve(&host).unwrap(), c.join("DConcept/DEDATA/neu/x"));
        // Exact match wins over a case variant.
        std::fs::create_dir_all(c.join("dconcept")).unwrap();
        assert_eq!(
            parse(r"\dconcept").unwrap().resolve(&host).unwrap(),
            c.join("dconcept")
        );
        assert_eq!(
            parse(r"\DCONCEPT").unwrap().resolve(&host).unwrap(),
            c.join("DConcept")
        );
        // Files are matched too.
        std::fs::write(c.join("DConcept/DEDATA/Praxis.DAT"), b"x").unwrap();
        assert_eq!(
            parse(r"C:\DCONCEPT\dedata\praxis.dat")
                .unwrap()
                .resolve(&host)
                .unwrap(),
            c.join("DConcept/DEDATA/Praxis.DAT")
        );
        assert_eq!(
            parse(r"D:\x").unwrap().resolve(&host),
            Err(ResolveError::UnmappedDrive { letter: 'D' })
        );
        assert_eq!(
            parse("/srv/x").unwrap().resolve(&host).unwrap(),
            PathBuf::from("/srv/x")
        );
    }

    #[test]
    fn linux_resolves_unc_through_longest_prefix() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("share/Praxis")).unwrap();
        let mut mounts = Mounts::default();
        mounts
            .unc
            .push((parse(r"\\NAS\share").unwrap(), tmp.path().join("share")));
        mounts
            .unc
            .push((parse(r"\\nas\share\deep").unwrap(), tmp.path().join("deep")));
        let host = HostContext::posix(mounts);
        assert_eq!(
            parse(r"\\nas\SHARE\praxis\x")
                .unwrap()
                .resolve(&host)
                .unwrap(),
            tmp.path().join("share/Praxis/x")
        );
        assert_eq!(
            parse(r"\\nas\share\Deep\y")
                .unwrap()
                .resolve(&host)
                .unwrap(),
            tmp.path().join("deep/y")
        );
        assert_eq!(
            parse(r"\\other\share").unwrap().resolve(&host),
            Err(ResolveError::UnmappedUnc {
                server: "other".into(),
                share: "share".into()
            })
        );
    }

    #[test]
    fn messages_tell_how_to_fix() {
        let msg = ResolveError::UnmappedDrive { letter: 'D' }.to_string();
        assert!(msg.contains("drives: { D: /srv/praxis/d }"), "{msg}");
        assert!(PathProblem::Relative.to_string().contains(r"C:\DConcept"));
    }
}

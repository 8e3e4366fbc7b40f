//! What is in the cartridge drive now, read without changing anything.
//!
//! The destination folder lies on the cartridge (`E:\tresor`); its parent is
//! the drive's root or mount point (`E:\`). No parent: no cartridge in the
//! drive. A folder that is its own drive root (`E:\`) is judged by itself.

use std::path::Path;

use super::label::{self, Label};
use super::MediaError;
use crate::repo::repofile::{CONFIG_KEYS, MARKER_KEYS};
use crate::repo::Id;

/// What the drive holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The drive's root (the destination folder's parent) is missing: no
    /// cartridge is inserted, or the drive is not connected.
    NoMedium,
    /// A medium without a tresor label.
    Unlabelled(Contents),
    /// A label of another installation.
    Foreign(Label),
    /// A label of this installation.
    Ours(Label),
}

/// What an unlabelled medium holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contents {
    /// Nothing (file-system housekeeping folders aside).
    Empty,
    /// A tresor repository in the destination folder and nothing else:
    /// set up by `tresor init` before labels existed.
    Repository,
    /// Other files: never overwritten, never formatted.
    OtherData,
}

/// Folders file systems create on their own; they are no one's data.
const HOUSEKEEPING: [&str; 4] = [
    "System Volume Information",
    "$RECYCLE.BIN",
    "lost+found",
    ".Trash-0",
];

/// The drive root of a destination folder.
pub fn drive_of(dest: &Path) -> &Path {
    dest.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(dest)
}

/// The drive of the rotation's destination: the destination itself when
/// its path names a whole drive (`E:\`), else the folder it lies in.
pub fn drive<'p>(rotation: &crate::config::rotation::Rotation, dest: &'p Path) -> &'p Path {
    if rotation.at_drive_root {
        dest
    } else {
        drive_of(dest)
    }
}

/// Looks at the drive of `dest` (the rotation's destination folder).
/// `installation`: this installation's id, `None` before there is one
/// (then every label is taken as ours: there is nothing to compare).
pub fn inspect(dest: &Path, installation: Option<&Id>) -> Result<Found, MediaError> {
    inspect_in(drive_of(dest), dest, installation)
}

/// [`inspect`] with the drive given ([`drive`]).
pub fn inspect_in(
    drive: &Path,
    dest: &Path,
    installation: Option<&Id>,
) -> Result<Found, MediaError> {
    if !drive.is_dir() {
        return Ok(Found::NoMedium);
    }
    if let Some(l) = label::read(dest)? {
        return Ok(match installation {
            Some(id) if !l.belongs_to(id) => Found::Foreign(l),
            _ => Found::Ours(l),
        });
    }
    Ok(Found::Unlabelled(contents(drive, dest)?))
}

fn contents(drive: &Path, dest: &Path) -> Result<Contents, MediaError> {
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| MediaError::Io { path, source }
    };
    let names = |dir: &Path| -> Result<Vec<String>, MediaError> {
        match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .map(|e| {
                    e.map(|e| e.file_name().to_string_lossy().into_owned())
                        .map_err(io(dir))
                })
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io(dir)(e)),
        }
    };
    let dest_name = (drive != dest)
        .then(|| dest.file_name().map(|n| n.to_string_lossy().into_owned()))
        .flatten();
    let beside = names(drive)?
        .into_iter()
        .any(|n| Some(&n) != dest_name.as_ref() && !HOUSEKEEPING.contains(&n.as_str()));
    let inside: Vec<String> = if drive == dest {
        Vec::new()
    } else {
        names(dest)?
    };
    let repository = MARKER_KEYS
        .iter()
        .chain(&CONFIG_KEYS)
        .any(|k| dest.join(k).exists());
    Ok(if repository && (drive == dest || !beside) {
        Contents::Repository
    } else if beside || !inside.is_empty() {
        Contents::OtherData
    } else {
        Contents::Empty
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn each_state_of_the_drive() {
        let t = tempfile::tempdir().unwrap();
        let drive = t.path().join("drive");
        let dest = drive.join("tresor");
        let ours = Id::random();
        assert_eq!(inspect(&dest, Some(&ours)).unwrap(), Found::NoMedium);

        fs::create_dir_all(drive.join("lost+found")).unwrap();
        assert_eq!(
            inspect(&dest, Some(&ours)).unwrap(),
            Found::Unlabelled(Contents::Empty)
        );
        fs::create_dir_all(&dest).unwrap();
        assert_eq!(
            inspect(&dest, Some(&ours)).unwrap(),
            Found::Unlabelled(Contents::Empty)
        );
        fs::write(dest.join(MARKER_KEYS[0]), b"x").unwrap();
        assert_eq!(
            inspect(&dest, Some(&ours)).unwrap(),
            Found::Unlabelled(Contents::Repository)
        );
        fs::write(drive.join("Urlaubsfotos.zip"), b"x").unwrap();
        assert_eq!(
            inspect(&dest, Some(&ours)).unwrap(),
            Found::Unlabelled(Contents::OtherData)
        );
        fs::remove_file(drive.join("Urlaubsfotos.zip")).unwrap();
        fs::remove_file(dest.join(MARKER_KEYS[0])).unwrap();
        fs::write(dest.join("brief.doc"), b"x").unwrap();
        assert_eq!(
            inspect(&dest, Some(&ours)).unwrap(),
            Found::Unlabelled(Contents::OtherData)
        );

        let l = Label::new("Montag Praxis", &ours);
        label::write(&dest, &l).unwrap();
        assert_eq!(inspect(&dest, Some(&ours)).unwrap(), Found::Ours(l.clone()));
        assert_eq!(inspect(&dest, None).unwrap(), Found::Ours(l.clone()));
        assert_eq!(
            inspect(&dest, Some(&Id::random())).unwrap(),
            Found::Foreign(l)
        );
    }

    #[test]
    fn a_drive_root_as_destination_is_judged_by_itself() {
        let t = tempfile::tempdir().unwrap();
        assert_eq!(drive_of(Path::new("/")), Path::new("/"));
        assert_eq!(drive_of(Path::new("tresor")), Path::new("tresor"));
        assert_eq!(drive_of(&t.path().join("x")), t.path());
    }
}

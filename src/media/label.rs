//! The label file `tresor-medium.json` in the repository's root folder on a
//! cartridge: which cartridge this is (its unique id and its name, as on
//! the sticker) and which installation it belongs to. A cartridge is known
//! by its label, never by its drive letter.
//!
//! ```json
//! {"format":1,"id":"3f…(32 hex)","name":"Dienstag extern",
//!  "installation":"9a…(64 hex)","labelled":"2026-11-24T17:02:11Z"}
//! ```

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::Path;

use chrono::{DateTime, SubsecRound, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::MediaError;
use crate::repo::Id;

/// File name of the label, in the destination folder.
pub const FILE_NAME: &str = "tresor-medium.json";
/// The label format this build reads and writes.
pub const FORMAT: u32 = 1;
/// A temporary file name no repository file has (renamed into place).
const TEMP_NAME: &str = ".tresor-medium.json.new";

/// One cartridge's label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Always [`FORMAT`] when written by this build.
    pub format: u32,
    /// 128 random bits, 32 lower-case hex digits: this cartridge.
    pub id: String,
    /// The name on its sticker (`Dienstag extern`), a cartridge of the plan.
    pub name: String,
    /// The installation id (64 hex digits) the cartridge belongs to.
    pub installation: String,
    /// When it was labelled (UTC).
    pub labelled: DateTime<Utc>,
}

impl Label {
    /// A new label with a fresh random id, labelled now.
    pub fn new(name: &str, installation: &Id) -> Label {
        let mut id = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut id);
        Label {
            format: FORMAT,
            id: hex::encode(id),
            name: name.to_string(),
            installation: installation.to_hex(),
            labelled: Utc::now().trunc_subsecs(0),
        }
    }

    /// The first eight hex digits of the id, for people.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    /// Does the label belong to `installation`?
    pub fn belongs_to(&self, installation: &Id) -> bool {
        self.installation
            .eq_ignore_ascii_case(&installation.to_hex())
    }
}

/// The label in `dir`, `None` when there is no label file. A file that is
/// not a label of a format this build knows is an error of its own.
pub fn read(dir: &Path) -> Result<Option<Label>, MediaError> {
    let path = dir.join(FILE_NAME);
    let shown = path.display().to_string();
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(MediaError::Io {
                path: shown,
                source,
            })
        }
    };
    let damaged = |reason: String| MediaError::LabelDamaged {
        path: shown.clone(),
        reason,
    };
    // The format first: a newer label may have fields this build lacks.
    #[derive(Deserialize)]
    struct Head {
        format: u32,
    }
    let head: Head = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
    if head.format > FORMAT {
        return Err(MediaError::LabelNewer {
            path: shown,
            found: head.format,
        });
    }
    let label: Label = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
    let hex_of = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
    if label.format == 0 || !hex_of(&label.id, 32) {
        return Err(damaged(format!("id `{}` is not 32 hex digits", label.id)));
    }
    if !hex_of(&label.installation, 64) {
        return Err(damaged("installation is not 64 hex digits".into()));
    }
    if label.name.trim().is_empty() {
        return Err(damaged("the name is empty".into()));
    }
    // The name goes into messages, mails and the staff's screen: a label
    // edited to carry line breaks or escape sequences is not a label.
    if label.name.chars().any(char::is_control) || label.name.chars().count() > 100 {
        return Err(damaged(
            "the name has control characters or more than 100 characters".into(),
        ));
    }
    Ok(Some(label))
}

/// Writes `label` into `dir` atomically: a temporary file, flushed to the
/// medium, renamed over the old label, then the folder entry flushed. A
/// cartridge pulled out meanwhile keeps its old label or gets the new one,
/// never half of one.
pub fn write(dir: &Path, label: &Label) -> Result<(), MediaError> {
    let io = |path: &Path| {
        let shown = path.display().to_string();
        move |source| MediaError::Io {
            path: shown,
            source,
        }
    };
    let tmp = dir.join(TEMP_NAME);
    let target = dir.join(FILE_NAME);
    let mut text = serde_json::to_vec_pretty(label).map_err(|e| MediaError::Io {
        path: target.display().to_string(),
        source: e.into(),
    })?;
    text.push(b'\n');
    let written = File::create(&tmp)
        .and_then(|mut f| f.write_all(&text).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&tmp, &target));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io(&target)(e));
    }
    // Windows cannot open a folder for flushing; NTFS journals the rename.
    if cfg!(unix) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_label_reads_back_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let inst = Id::random();
        assert_eq!(read(dir.path()).unwrap(), None);
        let l = Label::new("Dienstag extern", &inst);
        assert_eq!(l.id.len(), 32);
        assert_ne!(l.id, Label::new("Dienstag extern", &inst).id);
        write(dir.path(), &l).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(l.clone()));
        assert!(l.belongs_to(&inst));
        assert!(!l.belongs_to(&Id::random()));
        assert_eq!(l.short_id(), &l.id[..8]);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME]);
        let text = fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(text.contains("\"name\": \"Dienstag extern\""), "{text}");
        assert!(text.contains("\"format\": 1"), "{text}");
    }

    #[test]
    fn damaged_and_newer_labels_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for bad in [
            &b"{\"format\":1,\"id\":\"x\""[..],
            b"",
            b"\xff\xfe",
            b"{\"format\":1,\"id\":\"zz\",\"name\":\"A\",\"installation\":\"00\",\"labelled\":\"2026-01-01T00:00:00Z\"}",
            b"[1,2]",
        ] {
            fs::write(&path, bad).unwrap();
            match read(dir.path()) {
                Err(MediaError::LabelDamaged { .. }) => {}
                other => panic!("{:?}: {other:?}", String::from_utf8_lossy(bad)),
            }
        }
        fs::write(&path, b"{\"format\":2,\"whatever\":true}").unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(MediaError::LabelNewer { found: 2, .. })
        ));
    }
}

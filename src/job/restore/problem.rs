//! Why an entry was not restored, and what the medium showed while reading:
//! typed, so that each is told in the practice's language (German for the
//! staff, English for JSON and technicians) and has a stable code for tools.

use std::io;
use std::sync::Arc;

use crate::error::io_text;
use crate::i18n::Language;
use crate::repo::RepoError;
use crate::tr;

use super::names::NameProblem;
use super::plan::SkipReason;
use super::target::TargetError;
use super::verify::VerifyProblem;

/// Why one entry of a snapshot was not restored. Nothing of it is left
/// under its real name. Errors are shared (`Arc`) because one broken pack
/// fails several files and the reason travels between threads.
#[derive(Debug, Clone)]
pub enum FileProblem {
    /// Planned around before anything was written (bad name, duplicate…).
    Skipped(SkipReason),
    /// A chunk of the file is in no index of the repository.
    DataMissing { chunk: String },
    /// The pack that should hold the file's data is not in the index.
    PackNotIndexed { pack: String },
    /// A blob of the file could not be read from its pack.
    PackUnreadable { pack: String, error: Arc<RepoError> },
    /// The target refused a folder or the final name (link, file, mount, I/O).
    Target(Arc<TargetError>),
    /// The temporary file could not be sized or opened (path of it).
    TempFile { path: String, error: Arc<io::Error> },
    /// Writing the file's data into the temporary file failed.
    Write(Arc<io::Error>),
    /// The temporary file could not be opened to read it back.
    ReadBack(Arc<io::Error>),
    /// The written file does not match the snapshot.
    Verify(VerifyProblem),
    /// Modification time or mode could not be set.
    Metadata(Arc<io::Error>),
    /// A hard link could not be made.
    HardLink(Arc<io::Error>),
    /// A hard link whose first name (the file it shares data with) failed.
    HardLinkOrphan { first: String },
    /// A symbolic link could not be made.
    Symlink(Arc<io::Error>),
}

impl From<TargetError> for FileProblem {
    fn from(e: TargetError) -> Self {
        FileProblem::Target(Arc::new(e))
    }
}

impl From<SkipReason> for FileProblem {
    fn from(s: SkipReason) -> Self {
        FileProblem::Skipped(s)
    }
}

impl From<VerifyProblem> for FileProblem {
    fn from(v: VerifyProblem) -> Self {
        FileProblem::Verify(v)
    }
}

impl FileProblem {
    /// The cause lies in the target (rights, space, what is already there,
    /// a name it cannot hold), not in the stored data: another copy of the
    /// backup would not help.
    pub fn is_target_side(&self) -> bool {
        !matches!(
            self,
            FileProblem::DataMissing { .. }
                | FileProblem::PackNotIndexed { .. }
                | FileProblem::PackUnreadable { .. }
                | FileProblem::Verify(_)
                | FileProblem::HardLinkOrphan { .. }
        )
    }

    /// A stable snake_case code for JSON (`failed[].code`, docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Skipped(SkipReason::Name(_)) => "name_not_possible",
            FileProblem::Skipped(SkipReason::Duplicate) => "duplicate",
            FileProblem::Skipped(SkipReason::BeneathFile(_)) => "beneath_file",
            FileProblem::DataMissing { .. } => "data_missing",
            FileProblem::PackNotIndexed { .. } => "pack_not_indexed",
            FileProblem::PackUnreadable { .. } => "pack_unreadable",
            FileProblem::Target(t) => t.code(),
            FileProblem::TempFile { .. } => "temp_file",
            FileProblem::Write(_) => "write_failed",
            FileProblem::ReadBack(_) => "read_back",
            FileProblem::Verify(_) => "verify_failed",
            FileProblem::Metadata(_) => "metadata",
            FileProblem::HardLink(_) => "hard_link",
            FileProblem::HardLinkOrphan { .. } => "hard_link_orphan",
            FileProblem::Symlink(_) => "symlink",
        }
    }

    /// Why, in `lang` (a sentence part after the path).
    pub fn render(&self, lang: Language) -> String {
        let io = |e: &io::Error| io_text(e, lang);
        match self {
            FileProblem::Skipped(s) => s.render(lang),
            FileProblem::DataMissing { chunk } => {
                tr!(lang, "report-restore-data-missing", chunk = chunk)
            }
            FileProblem::PackNotIndexed { pack } => {
                tr!(lang, "report-restore-pack-not-indexed", pack = pack)
            }
            FileProblem::PackUnreadable { pack, error } => tr!(
                lang,
                "report-restore-pack-unreadable",
                pack = pack,
                reason = crate::error::repo_text(error, lang)
            ),
            FileProblem::Target(t) => t.render(lang),
            FileProblem::TempFile { path, error } => tr!(
                lang,
                "report-restore-temp-file",
                path = path,
                reason = io(error)
            ),
            FileProblem::Write(e) => tr!(lang, "report-restore-write", reason = io(e)),
            FileProblem::ReadBack(e) => tr!(lang, "report-restore-read-back", reason = io(e)),
            FileProblem::Verify(v) => v.render(lang),
            FileProblem::Metadata(e) => tr!(lang, "report-restore-metadata", reason = io(e)),
            FileProblem::HardLink(e) => tr!(lang, "report-restore-hard-link", reason = io(e)),
            FileProblem::HardLinkOrphan { first } => {
                tr!(lang, "report-restore-hard-link-orphan", first = first)
            }
            FileProblem::Symlink(e) => tr!(lang, "report-restore-symlink", reason = io(e)),
        }
    }
}

/// English, for logs and tests; people get [`FileProblem::render`].
impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl TargetError {
    /// A stable snake_case code for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            TargetError::LinkInTarget(_) => "link_in_target",
            TargetError::FileInTarget(_) => "file_in_target",
            TargetError::MountInTarget(_) => "mount_in_target",
            TargetError::Io { .. } => "target_io",
        }
    }

    /// What stands in the way, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            TargetError::LinkInTarget(p) => tr!(lang, "report-restore-link-in-target", path = p),
            TargetError::FileInTarget(p) => tr!(lang, "report-restore-file-in-target", path = p),
            TargetError::MountInTarget(p) => {
                tr!(lang, "report-restore-mount-in-target", path = p)
            }
            TargetError::Io { path, source } => tr!(
                lang,
                "report-restore-target-io",
                path = path,
                reason = io_text(source, lang)
            ),
        }
    }
}

impl SkipReason {
    /// Why the entry was left out, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            SkipReason::Name(n) => {
                tr!(
                    lang,
                    "report-restore-name-impossible",
                    reason = n.render(lang)
                )
            }
            SkipReason::Duplicate => tr!(lang, "report-restore-duplicate"),
            SkipReason::BeneathFile(f) => tr!(lang, "report-restore-beneath-file", file = f),
        }
    }
}

impl NameProblem {
    /// What is wrong with the name, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            NameProblem::Empty => tr!(lang, "report-restore-name-empty"),
            NameProblem::Dots => tr!(lang, "report-restore-name-dot"),
            NameProblem::Nul => tr!(lang, "report-restore-name-nul"),
            NameProblem::WindowsChar(c) => {
                tr!(lang, "report-restore-name-char", char = format!("{c:?}"))
            }
            NameProblem::WindowsTrailing => tr!(lang, "report-restore-name-trailing"),
            NameProblem::WindowsDevice(d) => tr!(lang, "report-restore-name-device", name = d),
        }
    }
}

impl VerifyProblem {
    /// What the read-back showed, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            VerifyProblem::ChunkNotIndexed => tr!(lang, "report-restore-verify-not-indexed"),
            VerifyProblem::TooShort => tr!(lang, "report-restore-verify-short"),
            VerifyProblem::Differs => tr!(lang, "report-restore-verify-differs"),
            VerifyProblem::TooLong => tr!(lang, "report-restore-verify-long"),
            VerifyProblem::Read(e) => tr!(
                lang,
                "report-restore-verify-read",
                reason = io_text(e, lang)
            ),
        }
    }
}

/// A problem with the medium that cost no file: a pack could not be read
/// as a whole, its blobs were then read one by one.
#[derive(Debug, Clone)]
pub enum MediumWarning {
    /// Reading the pack from the start failed; every blob was read alone.
    StreamFailed { pack: String, error: Arc<RepoError> },
    /// Reading the pack broke off; the rest was read blob by blob.
    StreamBroke { pack: String, error: Arc<RepoError> },
}

impl MediumWarning {
    /// The warning in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            MediumWarning::StreamFailed { pack, error } => tr!(
                lang,
                "report-restore-stream-failed",
                pack = pack,
                reason = crate::error::repo_text(error, lang)
            ),
            MediumWarning::StreamBroke { pack, error } => tr!(
                lang,
                "report-restore-stream-broke",
                pack = pack,
                reason = crate::error::repo_text(error, lang)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: io::ErrorKind) -> Arc<io::Error> {
        Arc::new(io::Error::from(kind))
    }

    fn every_problem() -> Vec<FileProblem> {
        let denied = || io(io::ErrorKind::PermissionDenied);
        let repo_err = || {
            Arc::new(RepoError::Damaged {
                file: "data/ab/abcd".into(),
                reason: "x".into(),
            })
        };
        let names = [
            NameProblem::Empty,
            NameProblem::Dots,
            NameProblem::Nul,
            NameProblem::WindowsChar(':'),
            NameProblem::WindowsTrailing,
            NameProblem::WindowsDevice("CON".into()),
        ];
        let mut all: Vec<FileProblem> = names
            .into_iter()
            .map(|n| FileProblem::Skipped(SkipReason::Name(n)))
            .collect();
        all.extend([
            FileProblem::Skipped(SkipReason::Duplicate),
            FileProblem::Skipped(SkipReason::BeneathFile("C/a".into())),
            FileProblem::DataMissing {
                chunk: "c0ffee".into(),
            },
            FileProblem::PackNotIndexed {
                pack: "abcd".into(),
            },
            FileProblem::PackUnreadable {
                pack: "abcd".into(),
                error: repo_err(),
            },
            TargetError::LinkInTarget("/t/C".into()).into(),
            TargetError::FileInTarget("/t/C".into()).into(),
            TargetError::MountInTarget("/t/C".into()).into(),
            TargetError::Io {
                path: "/t/C".into(),
                source: io::Error::from(io::ErrorKind::PermissionDenied),
            }
            .into(),
            FileProblem::TempFile {
                path: "/t/.tresor-tmp-0".into(),
                error: io(io::ErrorKind::StorageFull),
            },
            FileProblem::Write(denied()),
            FileProblem::ReadBack(denied()),
            FileProblem::Verify(VerifyProblem::ChunkNotIndexed),
            FileProblem::Verify(VerifyProblem::TooShort),
            FileProblem::Verify(VerifyProblem::Differs),
            FileProblem::Verify(VerifyProblem::TooLong),
            FileProblem::Verify(VerifyProblem::Read(denied())),
            FileProblem::Metadata(denied()),
            FileProblem::HardLink(denied()),
            FileProblem::HardLinkOrphan {
                first: "C/a/one".into(),
            },
            FileProblem::Symlink(denied()),
        ]);
        all
    }

    #[test]
    fn every_problem_is_told_in_german_and_english_with_a_stable_code() {
        let english_words = [
            "Permission denied",
            "os error",
            "missing",
            "could not",
            "failed",
            "restored",
            "target",
        ];
        for p in every_problem() {
            let de = p.render(Language::De);
            let en = p.render(Language::En);
            assert!(!de.is_empty() && !en.is_empty(), "{p:?}");
            assert_ne!(de, en, "{p:?}");
            for w in english_words {
                assert!(!de.contains(w), "English {w:?} in German {de:?}");
            }
            // No fallback "id arg=value" text: every id exists.
            assert!(!de.starts_with("report-") && !en.starts_with("report-"));
            let code = p.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
    }

    #[test]
    fn problems_name_what_happened() {
        let lang = Language::De;
        let denied = FileProblem::Write(io(io::ErrorKind::PermissionDenied));
        assert_eq!(
            denied.render(lang),
            "Schreiben fehlgeschlagen (keine Berechtigung)"
        );
        assert_eq!(
            denied.render(Language::En),
            "writing failed (permission denied)"
        );
        let mount: FileProblem = TargetError::MountInTarget("/t/C".into()).into();
        assert_eq!(mount.code(), "mount_in_target");
        assert!(mount.render(lang).contains("eingehängt"));
        assert!(mount.render(Language::En).contains("mounted at /t/C"));
        let name = FileProblem::Skipped(SkipReason::Name(NameProblem::WindowsChar(':')));
        assert_eq!(name.code(), "name_not_possible");
        assert_eq!(
            name.render(lang),
            "der Name ist im Zielordner nicht möglich: das Zeichen ':' ist in Windows-Dateinamen nicht erlaubt"
        );
        let pack = FileProblem::PackUnreadable {
            pack: "abcd".into(),
            error: Arc::new(RepoError::Damaged {
                file: "data/ab/abcd".into(),
                reason: "x".into(),
            }),
        };
        assert!(pack
            .render(lang)
            .starts_with("das Datenpaket abcd ist nicht lesbar: "));
        assert_eq!(
            FileProblem::Verify(VerifyProblem::TooShort).render(Language::En),
            "verification failed: the restored file is too short"
        );
    }

    #[test]
    fn medium_warnings_are_told_in_both_languages() {
        let e = || {
            Arc::new(RepoError::Damaged {
                file: "data/ab/abcd".into(),
                reason: "x".into(),
            })
        };
        for w in [
            MediumWarning::StreamFailed {
                pack: "abcd".into(),
                error: e(),
            },
            MediumWarning::StreamBroke {
                pack: "abcd".into(),
                error: e(),
            },
        ] {
            let de = w.render(Language::De);
            assert!(
                de.contains("Datenpakets abcd") || de.starts_with("Datenpaket abcd"),
                "{de}"
            );
            assert!(de.contains("tresor check"), "{de}");
            assert!(w
                .render(Language::En)
                .starts_with("pack abcd: reading it whole"));
        }
    }
}

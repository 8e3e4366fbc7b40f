//! What can go wrong reading a medium, and how it is said.

use crate::error::io_text;
use crate::i18n::Language;
use crate::tr;

/// Errors of the media module. None of them changed anything on the medium.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The label file is there but is not a label (damaged, truncated, edited).
    #[error("the medium label {path} is damaged: {reason}")]
    LabelDamaged { path: String, reason: String },
    /// The label was written by a newer tresor (`found` is its format).
    #[error("the medium label {path} has format {found}, newer than this tresor")]
    LabelNewer { path: String, found: u32 },
    /// Reading or writing on the medium failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl MediaError {
    /// The stable code of the JSON document (docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::LabelDamaged { .. } => "medium_label_damaged",
            MediaError::LabelNewer { .. } => "medium_label_newer",
            MediaError::Io { .. } => "medium_io",
        }
    }

    /// The message and what to do, in the practice's language.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        match self {
            MediaError::LabelDamaged { path, reason } => (
                tr!(lang, "media-label-damaged", path = path, reason = reason),
                Some(tr!(lang, "media-label-damaged-hint")),
            ),
            MediaError::LabelNewer { path, found } => (
                tr!(lang, "media-label-newer", path = path, found = found),
                Some(tr!(lang, "media-label-newer-hint")),
            ),
            MediaError::Io { path, source } => (
                tr!(
                    lang,
                    "media-io",
                    path = path,
                    reason = io_text(source, lang)
                ),
                None,
            ),
        }
    }
}

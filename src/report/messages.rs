//! Messages for people, in the practice's language.

use crate::config::Language;
use crate::i18n;
use crate::repo::snapshot::Summary;
use crate::repo::Id;
use crate::tr;

/// The one-line summary of a finished backup ("Sicherung … gespeichert …").
pub fn backup_summary(lang: Language, id: &Id, s: &Summary, location: &str) -> String {
    tr!(
        lang,
        "backup-saved",
        snapshot = id.short(),
        location = location,
        files = tr!(lang, "count-files", files = s.files),
        size = i18n::size(lang, s.bytes),
        files_read = s.files_read,
        new = i18n::size(lang, s.new_bytes),
        stored = i18n::size(lang, s.stored_bytes),
        duration = i18n::seconds(lang, s.duration_ms),
    )
}

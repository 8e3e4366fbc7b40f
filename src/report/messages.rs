//! Messages for people, in the practice's language.

use crate::config::Language;
use crate::i18n;
use crate::job::Warning;
use crate::repo::snapshot::Summary;
use crate::repo::Id;
use crate::tr;

/// Human size with binary units: "1,5 GiB" in German, "1.5 GiB" in English.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

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

pub fn warning(lang: Language, w: &Warning) -> String {
    let de = lang == Language::De;
    match w {
        Warning::ChangedWhileReading { path } => {
            if de {
                format!("{path} wurde während des Lesens geändert; die gesicherte Fassung kann uneinheitlich sein (Praxisprogramm vor der Sicherung beenden).")
            } else {
                format!("{path} changed while it was read; the stored copy may be inconsistent (close the practice software before the backup).")
            }
        }
        Warning::Unreadable { path, error } => {
            if de {
                format!(
                    "{path} konnte nicht gelesen werden ({error}); alles andere wurde gesichert."
                )
            } else {
                format!("{path} could not be read ({error}); everything else was backed up.")
            }
        }
        Warning::SourceMissing {
            label,
            path,
            optional: true,
        } => {
            if de {
                format!("Hinweis: optionaler Ordner {label} ({path}) ist nicht vorhanden.")
            } else {
                format!("Note: optional folder {label} ({path}) does not exist.")
            }
        }
        Warning::SourceMissing {
            label,
            path,
            optional: false,
        } => {
            if de {
                format!("{label} ({path}) fehlt – dieser Datenordner wurde NICHT gesichert. Pfad in der Konfiguration prüfen.")
            } else {
                format!("{label} ({path}) is missing – this data folder was NOT backed up. Check the path in the configuration.")
            }
        }
        Warning::DatabaseFilesExcluded { path } => {
            if de {
                format!("Hinweis: Datenbankdatei {path} wird nie als Datei kopiert (sie wird als SQL-Server-Sicherung gesichert).")
            } else {
                format!("Note: database file {path} is never copied as a file (it is backed up natively by SQL Server).")
            }
        }
        Warning::Vanished { path } => {
            if de {
                format!("Hinweis: {path} wurde während der Sicherung gelöscht.")
            } else {
                format!("Note: {path} was deleted during the backup.")
            }
        }
        Warning::Database {
            message_de,
            message_en,
            ..
        } => {
            if de {
                message_de.clone()
            } else {
                message_en.clone()
            }
        }
        Warning::Skipped { path, reason } => {
            if de {
                format!("{path} übersprungen: {reason}")
            } else {
                format!("{path} skipped: {reason}")
            }
        }
        Warning::Repository { detail } => {
            if de {
                format!("Sicherungsziel: {detail}")
            } else {
                format!("Repository: {detail}")
            }
        }
    }
}

pub fn failure(lang: Language, f: &crate::job::Failure) -> String {
    let de = lang == Language::De;
    match f {
        crate::job::Failure::Database { database, error } => {
            format!("{database}: {}", error.render(de))
        }
        crate::job::Failure::DatabaseMissing { database } => {
            if de {
                format!("Die Datenbank {database} gibt es auf dem SQL Server nicht – sie wurde NICHT gesichert. Profil und Server prüfen (tresor config check).")
            } else {
                format!("Database {database} does not exist on the SQL Server – it was NOT backed up. Check the profile and the server (tresor config check).")
            }
        }
    }
}

//! The one error type the CLI renders.
//!
//! Policy: inner layers (storage, repo, job, config) return small `thiserror`
//! enums that say precisely what happened. They are converted upward into
//! `Error`, never downward. Only here are they turned into words for people:
//! what happened, and what to do about it — in German for the practice staff
//! by default, in English with `language: en`.

use crate::config::{ConfigError, Language};
use crate::job::JobError;
use crate::repo::RepoError;
use crate::storage::StorageError;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const WARNINGS: i32 = 1;
    pub const FAILED: i32 = 2;
    pub const USAGE: i32 = 3;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error(transparent)]
    Job(#[from] JobError),
    #[error("key file {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    #[error("check found {0} problem(s)")]
    CheckFailed(usize),
    #[error("{0} file(s) could not be restored or verified")]
    RestoreIncomplete(usize),
    #[error(transparent)]
    DbRestore(#[from] crate::job::dbrestore::DbRestoreError),
    #[error("restore drill failed: {0}")]
    DrillFailed(String),
    #[error("{0} part(s) of the job failed")]
    JobFailed(usize),
}

impl From<StorageError> for Error {
    fn from(e: StorageError) -> Self {
        Error::Repo(RepoError::Storage(e))
    }
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) | Error::Usage(_) => exit::USAGE,
            _ => exit::FAILED,
        }
    }

    /// The message and a hint of what to do, in the practice's language.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        let de = lang == Language::De;
        let pick = |g: String, e: String| if de { g } else { e };
        match self {
            Error::Config(e) => (e.render(lang), None),
            Error::Repo(e) => render_repo(e, de),
            Error::Job(JobError::Repo(e)) => render_repo(e, de),
            Error::Job(e) => render_job(e, de),
            Error::Key { path, reason } => (
                pick(format!("Schlüsseldatei {path}: {reason}"), format!("key file {path}: {reason}")),
                Some(pick(
                    "Geben Sie den Maschinenschlüssel oder einen Wiederherstellungsschlüssel mit --key DATEI an (Notfallordner).".into(),
                    "Name the machine key or a recovery key with --key FILE (emergency folder).".into(),
                )),
            ),
            Error::Usage(m) => (m.clone(), Some(pick("Hilfe: tresor --help".into(), "Help: tresor --help".into()))),
            Error::Io { what, source } => (format!("{what}: {source}"), None),
            Error::CheckFailed(n) => (
                pick(format!("Die Prüfung hat {n} Problem(e) gefunden."), format!("The check found {n} problem(s).")),
                Some(pick(
                    "Betroffene Sicherungen sind oben genannt. Nicht betroffene Dateien lassen sich weiter wiederherstellen; sichern Sie auf ein anderes Medium und informieren Sie Ihren IT-Betreuer.".into(),
                    "Affected snapshots are listed above. Unaffected files can still be restored; back up to another medium and tell your IT partner.".into(),
                )),
            ),
            Error::DbRestore(e) => {
                use crate::job::dbrestore::DbRestoreError as D;
                match e {
                    D::Sql(s) => (s.render(de), None),
                    D::Job(JobError::Repo(r)) => render_repo(r, de),
                    D::Job(j) => render_job(j, de),
                    D::NoSuchDatabase { name, available } => (
                        pick(format!("Die Sicherung enthält keine Datenbank {name} (vorhanden: {available})."), format!("The snapshot holds no database {name} (it has: {available}).")),
                        Some(pick("`tresor snapshots --json` zeigt, welche Sicherung welche Datenbanken enthält.".into(), "`tresor snapshots --json` shows which snapshot holds which databases.".into())),
                    ),
                    D::Metadata(m) => (pick(format!("Datenbank-Angaben der Sicherung unlesbar: {m}"), format!("Database metadata in the snapshot is unreadable: {m}")), None),
                }
            }
            Error::DrillFailed(m) => (
                pick(format!("Die Wiederherstellungsprobe ist fehlgeschlagen: {m}"), format!("The restore drill failed: {m}")),
                Some(pick("Das Ergebnis steht im Journal. Informieren Sie Ihren IT-Betreuer: eine Sicherung, die sich nicht zurückholen lässt, schützt nicht.".into(), "The result is in the journal. Tell your IT partner: a backup that cannot be restored protects nothing.".into())),
            ),
            Error::JobFailed(n) => (
                pick(
                    format!("{n} Teil(e) der Sicherung sind fehlgeschlagen (siehe oben); alles andere wurde gesichert."),
                    format!("{n} part(s) of the backup failed (see above); everything else was backed up."),
                ),
                Some(pick(
                    "Beheben Sie die genannte Ursache und starten Sie die Sicherung erneut; informieren Sie sonst Ihren IT-Betreuer.".into(),
                    "Fix the cause named above and run the backup again; otherwise tell your IT partner.".into(),
                )),
            ),
            Error::RestoreIncomplete(n) => (
                pick(format!("{n} Datei(en) konnten nicht wiederhergestellt oder nicht bestätigt werden."), format!("{n} file(s) could not be restored or verified.")),
                Some(pick("Die Liste steht oben. Versuchen Sie eine andere Kopie (NAS, anderes Medium).".into(), "They are listed above. Try another copy (NAS, another medium).".into())),
            ),
        }
    }
}

fn render_job(e: &JobError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    match e {
        JobError::WouldOverwrite { count, first } => (
            pick(format!("{count} Datei(en) gibt es im Ziel schon, z. B. {first}. Nichts wurde geändert."), format!("{count} file(s) already exist in the target, e.g. {first}. Nothing was changed.")),
            Some(pick("Wählen Sie einen leeren Zielordner oder erlauben Sie das Überschreiben mit --overwrite.".into(), "Choose an empty target folder or allow overwriting with --overwrite.".into())),
        ),
        JobError::UnsafePath { path } => (
            pick(format!("Die Sicherung enthält einen Pfad, der aus dem Zielordner hinausführen würde: {path}. Nichts wurde geschrieben."), format!("The snapshot contains a path that would leave the target folder: {path}. Nothing was written.")),
            Some(pick("Die Sicherung ist manipuliert oder beschädigt; führen Sie `tresor check --read-data` aus.".into(), "The snapshot was tampered with or is damaged; run `tresor check --read-data`.".into())),
        ),
        JobError::NothingSelected { patterns } => (
            pick(format!("Nichts in der Sicherung passt zu {patterns}."), format!("Nothing in the snapshot matches {patterns}.")),
            Some(pick("Pfade sehen aus wie C/DConcept/DEDATA; `tresor ls SNAPSHOT` zeigt sie.".into(), "Paths look like C/DConcept/DEDATA; `tresor ls SNAPSHOT` lists them.".into())),
        ),
        other => (other.to_string(), None),
    }
}

fn render_repo(e: &RepoError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    match e {
        RepoError::NotARepository { location } => (
            pick(format!("Unter {location} liegt keine tresor-Sicherung."), format!("{location} holds no tresor repository.")),
            Some(pick("Ist das richtige Medium eingelegt? Ein neues Ziel richtet `tresor init` ein.".into(), "Is the right medium inserted? A new destination is set up with `tresor init`.".into())),
        ),
        RepoError::AlreadyInitialized { location } => (
            pick(format!("Unter {location} gibt es bereits eine tresor-Sicherung; sie bleibt unverändert."), format!("{location} already holds a tresor repository; it was left unchanged.")),
            None,
        ),
        RepoError::FutureVersion { location, found, supported } => (
            pick(format!("Die Sicherung unter {location} hat Formatversion {found}; dieses tresor liest bis Version {supported}. Nichts wurde geändert."), format!("The repository at {location} has format version {found}; this tresor reads up to version {supported}. Nothing was changed.")),
            Some(pick("Installieren Sie eine aktuelle tresor-Version.".into(), "Install a current tresor version.".into())),
        ),
        RepoError::WrongKey { location } => (
            pick(format!("Der angegebene Schlüssel passt nicht zur Sicherung unter {location}."), format!("The given key does not open the repository at {location}.")),
            Some(pick("Verwenden Sie den Maschinenschlüssel dieses Servers oder den Wiederherstellungsschlüssel aus dem Notfallordner (--key DATEI).".into(), "Use this server's machine key or the recovery key from the emergency folder (--key FILE).".into())),
        ),
        RepoError::Damaged { file, reason } => (
            pick(format!("{file} ist beschädigt: {reason}"), format!("{file} is damaged: {reason}")),
            Some(pick("Führen Sie `tresor check --read-data` aus; es nennt die betroffenen Sicherungen. Ältere Sicherungen und andere Kopien (NAS, anderes Medium) bleiben nutzbar.".into(), "Run `tresor check --read-data`; it names the affected snapshots. Older snapshots and other copies (NAS, another medium) remain usable.".into())),
        ),
        RepoError::SnapshotNotFound { spec } => (
            pick(format!("Keine Sicherung passt zu '{spec}'."), format!("No snapshot matches '{spec}'.")),
            Some(pick("`tresor snapshots` listet alle Sicherungen; 'latest' ist die neueste.".into(), "`tresor snapshots` lists them; 'latest' is the newest.".into())),
        ),
        RepoError::AmbiguousSnapshot { spec } => (
            pick(format!("'{spec}' passt zu mehreren Sicherungen."), format!("'{spec}' matches several snapshots.")),
            Some(pick("Geben Sie mehr Stellen der ID an.".into(), "Give more digits of the id.".into())),
        ),
        RepoError::BlobMissing { id } => (
            pick(format!("Daten fehlen in der Sicherung (Block {}).", id.short()), format!("Data is missing from the repository (blob {}).", id.short())),
            Some(pick("Führen Sie `tresor check` aus und nutzen Sie eine andere Kopie.".into(), "Run `tresor check` and use another copy.".into())),
        ),
        RepoError::Locked { holder } => (
            pick(format!("Die Sicherung wird gerade benutzt: {holder}."), format!("The repository is in use: {holder}.")),
            Some(pick("Warten Sie, bis der andere Lauf fertig ist. Eine Sperre eines abgebrochenen Laufs verfällt nach 30 Minuten von selbst.".into(), "Wait for the other run to finish. A lock left by a killed run expires by itself after 30 minutes.".into())),
        ),
        RepoError::UnreadableLock { key } => (
            pick(format!("Die Sperrdatei {key} ist unlesbar. Sie kann zu einem laufenden Vorgang gehören und wird deshalb nicht entfernt; nichts wurde geändert."), format!("The lock file {key} cannot be read. It may belong to a running process and is therefore not removed; nothing was changed.")),
            Some(pick("Läuft auf keinem Rechner ein tresor-Vorgang für dieses Ziel, löschen Sie die Datei von Hand und starten Sie erneut.".into(), "If no tresor run uses this destination on any computer, delete the file by hand and start again.".into())),
        ),
        RepoError::LockLost { reason } => (
            pick(format!("Die Sperre dieses Laufs ging verloren ({reason}). Der Lauf wurde beendet, bevor er eine Sicherung schrieb, die auf gelöschte Daten verweisen könnte; frühere Sicherungen sind unverändert."), format!("This run lost its lock ({reason}). It stopped before writing a snapshot that could refer to deleted data; earlier snapshots are unchanged.")),
            Some(pick("Prüfen Sie Medium bzw. Netzwerkfreigabe und starten Sie die Sicherung erneut.".into(), "Check the medium or network share and run the backup again.".into())),
        ),
        RepoError::InvalidKey(m) => (pick(format!("Ungültiger Schlüssel: {m}"), format!("Invalid key: {m}")), None),
        RepoError::Storage(s) => render_storage(s, de),
    }
}

fn render_storage(e: &StorageError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    match e {
        StorageError::NoSpace { location } => (
            pick(format!("Das Sicherungsziel {location} ist voll. Die Sicherung wurde abgebrochen; frühere Sicherungen sind unverändert."), format!("The destination {location} is full. The backup was stopped; earlier snapshots are unchanged.")),
            Some(pick("Älteres mit `tresor forget` und `tresor prune` entfernen oder ein größeres Medium verwenden.".into(), "Remove old snapshots with `tresor forget` and `tresor prune`, or use a larger medium.".into())),
        ),
        StorageError::Unavailable { location, .. } => (
            pick(format!("Das Sicherungsziel {location} ist nicht erreichbar (Medium entfernt, Freigabe getrennt?)."), format!("The destination {location} is not reachable (medium removed, share disconnected?).")),
            Some(pick("Medium einlegen bzw. Netzwerkfreigabe prüfen und erneut starten. Bereits vorhandene Sicherungen sind nicht betroffen.".into(), "Insert the medium or check the network share, then start again. Existing snapshots are not affected.".into())),
        ),
        StorageError::PermissionDenied { location, key } => (
            pick(format!("Keine Berechtigung für {location}/{key}."), format!("Permission denied for {location}/{key}.")),
            Some(pick("Läuft tresor unter dem richtigen Benutzerkonto (Aufgabenplanung)?".into(), "Is tresor running under the right account (Task Scheduler)?".into())),
        ),
        StorageError::ShortRead { key, .. } => (
            pick(format!("{key} ist kürzer als erwartet (abgeschnitten)."), format!("{key} is shorter than expected (truncated).")),
            Some(pick("Führen Sie `tresor check --read-data` aus; andere Kopien bleiben nutzbar.".into(), "Run `tresor check --read-data`; other copies remain usable.".into())),
        ),
        other => (other.to_string(), None),
    }
}

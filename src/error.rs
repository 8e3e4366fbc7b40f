//! The one error type the CLI renders.
//!
//! Policy: inner layers (storage, repo, job, config) return small `thiserror`
//! enums that say precisely what happened. They are converted upward into
//! `Error`, never downward. Only here are they turned into words for people:
//! what happened, and what to do about it — in German for the practice staff
//! by default, in English with `language: en`.

use crate::config::{ConfigError, Language};
use crate::job::JobError;
use crate::repo::crypto::{KeyFileError, KeyFormat};
use crate::repo::notice::Notice;
use crate::repo::{Damage, RepoError};
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
    #[error("no key given")]
    KeyMissing,
    #[error("key file {path}: {source}")]
    KeyUnreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("key file {path}: {problem}")]
    KeyFile { path: String, problem: KeyFileError },
    #[error("{0}")]
    Usage(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// `affected`: snapshots listed as affected; `root`: a root file copy
    /// is among the problems (repairable with `check --repair-root`).
    #[error("check found {problems} problem(s)")]
    CheckFailed {
        problems: usize,
        affected: usize,
        root: bool,
    },
    /// stdout could not be written (a full disk behind `>`); a closed pipe is
    /// not an error (see `cli::output`).
    #[error("writing the output failed: {0}")]
    Output(std::io::Error),
    #[error("{0} file(s) could not be restored or verified")]
    RestoreIncomplete(usize),
    #[error(transparent)]
    DbRestore(#[from] crate::job::dbrestore::DbRestoreError),
    #[error("restore drill failed: {0}")]
    DrillFailed(String),
    #[error("{0} part(s) of the job failed")]
    JobFailed(usize),
    /// A command refused or could not do what was asked, already said in the
    /// practice's language by the CLI (`tr!`): `code` is the stable code of
    /// the JSON document, `exit` the exit code (2 or 3).
    #[error("{message}")]
    Refused {
        code: &'static str,
        message: String,
        hint: Option<String>,
        exit: i32,
    },
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
            Error::Refused { exit, .. } => *exit,
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
                Some(key_hint(de)),
            ),
            Error::KeyMissing => (
                pick("Kein Schlüssel angegeben.".into(), "No key given.".into()),
                Some(key_hint(de)),
            ),
            Error::KeyUnreadable { path, source } => (
                pick(
                    format!("Die Schlüsseldatei {path} lässt sich nicht lesen: {}.", io_text(source, de)),
                    format!("The key file {path} cannot be read: {}.", io_text(source, de)),
                ),
                Some(key_hint(de)),
            ),
            Error::KeyFile { path, problem } => render_key_file(path, problem, de),
            Error::Refused { message, hint, .. } => (message.clone(), hint.clone()),
            Error::Usage(m) => (m.clone(), Some(pick("Hilfe: tresor --help".into(), "Help: tresor --help".into()))),
            Error::Io { what, source } => (format!("{what}: {}", io_text(source, de)), None),
            Error::CheckFailed { problems, affected, root } => {
                let mut hint = Vec::new();
                // Only point "above" when something is listed there.
                if *affected > 0 {
                    hint.push(pick(
                        "Die betroffenen Sicherungen und Dateien sind oben aufgeführt; was dort nicht steht, ist von diesen Problemen nicht betroffen.".into(),
                        "The affected snapshots and files are listed above; what is not listed there is not affected by these problems.".into(),
                    ));
                }
                if *root {
                    hint.push(pick(
                        "Unbrauchbare Kopien der Stammdateien ersetzt `tresor check --repair-root` durch die gute Kopie.".into(),
                        "`tresor check --repair-root` replaces unusable copies of the root files with the good copy.".into(),
                    ));
                }
                hint.push(pick(
                    "Sichern Sie auf ein anderes Medium und informieren Sie Ihren IT-Betreuer.".into(),
                    "Back up to another medium and tell your IT partner.".into(),
                ));
                (
                    pick(format!("Die Prüfung hat {problems} Problem(e) gefunden."), format!("The check found {problems} problem(s).")),
                    Some(hint.join(" ")),
                )
            }
            Error::Output(e) => (
                pick(
                    format!("Die Ausgabe konnte nicht geschrieben werden: {}. Sie ist unvollständig.", io_text(e, de)),
                    format!("The output could not be written: {}. It is incomplete.", io_text(e, de)),
                ),
                is_full(e).then(|| pick(
                    "Leiten Sie die Ausgabe in eine Datei auf einem Laufwerk mit freiem Platz um.".into(),
                    "Redirect the output into a file on a drive with free space.".into(),
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
        JobError::NothingSelected { patterns } => (
            pick(format!("Nichts in der Sicherung passt zu {patterns}."), format!("Nothing in the snapshot matches {patterns}.")),
            Some(pick("Pfade sehen aus wie C/DConcept/DEDATA; `tresor ls SNAPSHOT` zeigt sie.".into(), "Paths look like C/DConcept/DEDATA; `tresor ls SNAPSHOT` lists them.".into())),
        ),
        JobError::Repo(r) => render_repo(r, de),
        JobError::Target(m) => (pick(format!("Zielordner: {m}"), format!("Restore target: {m}")), None),
        JobError::Pattern { pattern, reason } => (
            pick(format!("Ungültiges Muster {pattern}: {reason}"), format!("Invalid pattern {pattern}: {reason}")),
            None,
        ),
        JobError::Write { path, source } => (
            pick(format!("{path} konnte nicht geschrieben werden: {}", io_text(source, de)), format!("Writing {path} failed: {}", io_text(source, de))),
            None,
        ),
    }
}

fn render_repo(e: &RepoError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    let other_copies = || {
        pick(
        "Nutzen Sie eine andere Kopie (NAS, anderes Medium) und informieren Sie Ihren IT-Betreuer.".into(),
        "Use another copy (NAS, another medium) and tell your IT partner.".into(),
    )
    };
    match e {
        RepoError::NotARepository { location } => (
            pick(format!("Unter {location} liegt keine tresor-Sicherung."), format!("{location} holds no tresor repository.")),
            Some(pick("Ist das richtige Medium eingelegt? Ein neues Ziel richtet `tresor init` ein.".into(), "Is the right medium inserted? A new destination is set up with `tresor init`.".into())),
        ),
        RepoError::AlreadyInitialized { location } => (
            pick(format!("Unter {location} gibt es bereits eine tresor-Sicherung; sie bleibt unverändert."), format!("{location} already holds a tresor repository; it was left unchanged.")),
            None,
        ),
        RepoError::FutureVersion { location, file, found, supported, other: None } => (
            pick(format!("Die Sicherung unter {location} hat Formatversion {found} ({file}); dieses tresor liest bis Version {supported}. Nichts wurde geändert."), format!("The repository at {location} has format version {found} ({file}); this tresor reads up to version {supported}. Nothing was changed.")),
            Some(pick("Installieren Sie eine aktuelle tresor-Version.".into(), "Install a current tresor version.".into())),
        ),
        RepoError::FutureVersion { location, file, found, supported, other: Some(v) } => (
            pick(
                format!("Die Sicherung unter {location} hat laut {file} Formatversion {found}, laut der anderen Kopie Version {v}; dieses tresor liest bis Version {supported}. Nichts wurde geändert."),
                format!("The repository at {location} has format version {found} according to {file}, version {v} according to the other copy; this tresor reads up to version {supported}. Nothing was changed."),
            ),
            Some(pick(
                format!("Hat eine neuere tresor-Version dieses Medium beschrieben, installieren Sie sie. Sonst ist {file} beschädigt: informieren Sie Ihren IT-Betreuer."),
                format!("If a newer tresor wrote this medium, install it. Otherwise {file} is damaged: tell your IT partner."),
            )),
        ),
        RepoError::WrongKey { location } => (
            pick(format!("Der angegebene Schlüssel passt nicht zur Sicherung unter {location}."), format!("The given key does not open the repository at {location}.")),
            Some(pick("Verwenden Sie den Maschinenschlüssel dieses Servers oder den Wiederherstellungsschlüssel aus dem Notfallordner (--key DATEI).".into(), "Use this server's machine key or the recovery key from the emergency folder (--key FILE).".into())),
        ),
        RepoError::RootUnreadable { location, copies } => {
            let list = copies
                .iter()
                .map(|(f, d)| format!("{f}: {}", damage_text(d, de)))
                .collect::<Vec<_>>()
                .join("; ");
            let marker = copies.iter().any(|(f, _)| f.starts_with("tresor.repo"));
            let file = if marker { "tresor.repo" } else { "config" };
            let mut hint = if marker {
                pick(
                    "Ohne lesbares tresor.repo erkennt tresor das Medium nicht als Sicherung. ".to_string(),
                    "Without a readable tresor.repo tresor does not recognise the medium as a repository. ".to_string(),
                )
            } else {
                pick(
                    "Ohne lesbare config lässt sich keine Sicherung auf diesem Medium öffnen. ".to_string(),
                    "Without a readable config no snapshot on this medium can be opened. ".to_string(),
                )
            };
            if copies.iter().any(|(_, d)| *d == Damage::NoKeyMatches) {
                hint.push_str(&pick(
                    "Ist es der falsche Schlüssel, versuchen Sie den Maschinenschlüssel oder den Wiederherstellungsschlüssel (--key DATEI). Sonst: ".into(),
                    "If the key is wrong, try the machine key or the recovery key (--key FILE). Otherwise: ".into(),
                ));
            }
            hint.push_str(&other_copies());
            (
                pick(
                    format!("Beide Kopien von {file} unter {location} sind unbrauchbar – {list}. Nichts wurde geändert."),
                    format!("Both copies of {file} at {location} are unusable – {list}. Nothing was changed."),
                ),
                Some(hint),
            )
        }
        RepoError::DamagedFile { file, damage } => render_damaged_file(file, damage, de),
        RepoError::Damaged { file, reason } => (
            pick(format!("{file} ist beschädigt: {reason}"), format!("{file} is damaged: {reason}")),
            Some(pick(
                "Führen Sie `tresor check --read-data` aus; es nennt die betroffenen Sicherungen und Dateien. Andere Kopien (NAS, anderes Medium) sind davon nicht betroffen.".into(),
                "Run `tresor check --read-data`; it names the affected snapshots and files. Other copies (NAS, another medium) are not affected.".into(),
            )),
        ),
        RepoError::SnapshotNotFound { spec } if !spec.starts_with("latest") && spec.len() < 4 => (
            pick(format!("'{spec}' ist zu kurz: geben Sie mindestens 4 Stellen der Sicherungs-ID an."), format!("'{spec}' is too short: give at least 4 digits of the snapshot id.")),
            Some(pick("`tresor snapshots` listet alle Sicherungen mit ihrer ID.".into(), "`tresor snapshots` lists all snapshots with their ids.".into())),
        ),
        RepoError::SnapshotNotFound { spec } => (
            pick(format!("Keine Sicherung passt zu '{spec}'."), format!("No snapshot matches '{spec}'.")),
            Some(pick("`tresor snapshots` listet alle Sicherungen; 'latest' ist die neueste.".into(), "`tresor snapshots` lists them; 'latest' is the newest.".into())),
        ),
        RepoError::SnapshotDamaged { key, damage } => (
            pick(
                format!("Die Sicherungsdatei {key} ist beschädigt: {}. Diese Sicherung lässt sich nicht öffnen; die anderen Sicherungen auf diesem Medium sind davon nicht betroffen.", damage_text(damage, de)),
                format!("The snapshot file {key} is damaged: {}. This snapshot cannot be opened; the other snapshots on this medium are not affected.", damage_text(damage, de)),
            ),
            Some(pick(
                "`tresor snapshots` listet die lesbaren Sicherungen; wählen Sie eine davon oder nutzen Sie eine andere Kopie (NAS, anderes Medium).".into(),
                "`tresor snapshots` lists the readable snapshots; choose one of them, or use another copy (NAS, another medium).".into(),
            )),
        ),
        RepoError::NoReadableSnapshot { spec, damaged } => {
            let keys = damaged.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
            let msg = match (de, damaged.len() == 1) {
                (true, true) => format!("Keine lesbare Sicherung passt zu '{spec}'. Die Sicherungsdatei {keys} ist beschädigt; ihr Zeitpunkt und Job sind unbekannt."),
                (true, false) => format!("Keine lesbare Sicherung passt zu '{spec}'. {} Sicherungsdateien sind beschädigt; ihr Zeitpunkt und Job sind unbekannt: {keys}.", damaged.len()),
                (false, true) => format!("No readable snapshot matches '{spec}'. The snapshot file {keys} is damaged; its time and job are unknown."),
                (false, false) => format!("No readable snapshot matches '{spec}'. {} snapshot files are damaged; their time and job are unknown: {keys}.", damaged.len()),
            };
            (
                msg,
                Some(pick(
                    "`tresor snapshots` listet die lesbaren Sicherungen, `tresor check` die Schäden. Nutzen Sie sonst eine andere Kopie (NAS, anderes Medium).".into(),
                    "`tresor snapshots` lists the readable snapshots, `tresor check` the damage. Otherwise use another copy (NAS, another medium).".into(),
                )),
            )
        }
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
        RepoError::InvalidRecipient { recipient } => (
            pick(format!("{recipient} ist kein öffentlicher age-Schlüssel (age1…)."), format!("{recipient} is not an age public key (age1…).")),
            Some(pick(
                "Wiederherstellungsempfänger sind öffentliche Schlüssel: die Zeile „public key: age1…“ einer Schlüsseldatei.".into(),
                "Recovery recipients are public keys: the line \"public key: age1…\" of a key file.".into(),
            )),
        ),
        RepoError::Storage(s) => render_storage(s, de),
    }
}

/// A damaged file, with a hint that fits what that kind of file holds.
fn render_damaged_file(file: &str, damage: &Damage, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    let d = damage_text(damage, de);
    if file.starts_with("snapshots/") {
        return render_repo(
            &RepoError::SnapshotDamaged {
                key: file.to_string(),
                damage: damage.clone(),
            },
            de,
        );
    }
    if file.starts_with("packs/") {
        return (
            pick(format!("Die Datendatei (Pack) {file} ist beschädigt: {d}."), format!("The data file (pack) {file} is damaged: {d}.")),
            Some(pick(
                "`tresor check --read-data` nennt die Sicherungen und Dateien, deren Daten darin liegen; Dateien mit Daten in anderen Packs lassen sich weiter wiederherstellen (--include). Andere Kopien (NAS, anderes Medium) sind nicht betroffen.".into(),
                "`tresor check --read-data` names the snapshots and files whose data lies in it; files whose data lies in other packs can still be restored (--include). Other copies (NAS, another medium) are not affected.".into(),
            )),
        );
    }
    if file.starts_with("index/") {
        return (
            pick(
                format!("Die Indexdatei {file} ist beschädigt: {d}."),
                format!("The index file {file} is damaged: {d}."),
            ),
            Some(pick(
                "Die Packs beschreiben sich selbst; `tresor prune` schreibt einen neuen Index."
                    .into(),
                "The packs describe themselves; `tresor prune` writes a new index.".into(),
            )),
        );
    }
    (
        pick(format!("{file} ist beschädigt: {d}."), format!("{file} is damaged: {d}.")),
        Some(pick(
            "Führen Sie `tresor check` aus und informieren Sie Ihren IT-Betreuer. Andere Kopien (NAS, anderes Medium) sind nicht betroffen.".into(),
            "Run `tresor check` and tell your IT partner. Other copies (NAS, another medium) are not affected.".into(),
        )),
    )
}

/// What is wrong with a stored file, in the practice's language.
pub fn damage_text(d: &Damage, de: bool) -> String {
    if !de {
        return d.to_string();
    }
    match d {
        Damage::Missing => "die Datei fehlt".into(),
        Damage::Header => "ihr age-Kopf ist unlesbar (überschrieben oder abgeschnitten)".into(),
        Damage::HeaderMac => "die Prüfsumme ihres age-Kopfes stimmt nicht (ein Byte wurde verändert)".into(),
        Damage::Content => "die Prüfung ihres Inhalts schlägt fehl oder er ist abgeschnitten (ein Byte wurde verändert oder fehlt)".into(),
        Damage::NotForKey => "der Schlüssel, der diese Sicherung öffnet, entschlüsselt sie nicht (ihre Empfängerzeilen wurden verändert)".into(),
        Damage::NoKeyMatches => "keiner der angegebenen Schlüssel entschlüsselt sie (falscher Schlüssel oder veränderter Kopf)".into(),
        Damage::Format => "sie lässt sich entschlüsseln, hat aber nicht das erwartete Format".into(),
        Damage::Marker => "sie ist keine lesbare tresor-Kennung (verändert oder überschrieben)".into(),
        Damage::Differs { other } => format!("sie weicht von {other} ab"),
        Damage::Unreadable => "das Medium meldet beim Lesen einen Fehler".into(),
    }
}

/// A notice of the repository layer (it worked around a problem), as a
/// warning line for people.
pub fn render_notice(n: &Notice, lang: Language) -> String {
    let de = lang == Language::De;
    match n {
        Notice::RootCopyUnusable {
            location,
            file,
            damage,
            used,
        } => {
            let d = damage_text(damage, de);
            if de {
                format!("{location}/{file} ist unbrauchbar: {d}. tresor hat die Kopie {used} verwendet; über sie bleiben alle Sicherungen erreichbar. Reparatur: `tresor check --repair-root`.")
            } else {
                format!("{location}/{file} is unusable: {d}. tresor used the copy {used}; all snapshots remain reachable through it. Repair: `tresor check --repair-root`.")
            }
        }
        Notice::LatestPassedOver {
            spec,
            chosen,
            time,
            job,
            damaged,
        } => {
            let t = time.format("%d.%m.%Y %H:%M");
            let keys = damaged.join(", ");
            let id = chosen.short();
            match (de, damaged.len() == 1) {
                (true, true) => format!("'{spec}' ist hier die neueste lesbare Sicherung {id} vom {t} ({job}). Die Sicherungsdatei {keys} ist beschädigt und wurde übergangen; ihr Zeitpunkt ist unbekannt, sie könnte neuer sein."),
                (true, false) => format!("'{spec}' ist hier die neueste lesbare Sicherung {id} vom {t} ({job}). Die Sicherungsdateien {keys} sind beschädigt und wurden übergangen; ihr Zeitpunkt ist unbekannt, eine davon könnte neuer sein."),
                (false, true) => format!("'{spec}' is taken as the newest readable snapshot {id} of {t} ({job}). The snapshot file {keys} is damaged and was passed over; its time is unknown, it may be newer."),
                (false, false) => format!("'{spec}' is taken as the newest readable snapshot {id} of {t} ({job}). The snapshot files {keys} are damaged and were passed over; their time is unknown, one of them may be newer."),
            }
        }
    }
}

fn key_hint(de: bool) -> String {
    if de {
        "Geben Sie den Maschinenschlüssel oder einen Wiederherstellungsschlüssel aus dem Notfallordner mit --key DATEI an; seine Schlüsselzeile beginnt mit AGE-SECRET-KEY-1.".into()
    } else {
        "Name the machine key or a recovery key from the emergency folder with --key FILE; its key line starts with AGE-SECRET-KEY-1.".into()
    }
}

fn render_key_file(path: &str, p: &KeyFileError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    let msg = match p {
        KeyFileError::Empty => pick(format!("Die Schlüsseldatei {path} ist leer."), format!("The key file {path} is empty.")),
        KeyFileError::NoKey => pick(
            format!("Die Schlüsseldatei {path} enthält nur Kommentare, keine Schlüsselzeile (AGE-SECRET-KEY-1…)."),
            format!("The key file {path} holds only comments, no key line (AGE-SECRET-KEY-1…)."),
        ),
        KeyFileError::PublicKey { line } => pick(
            format!("Zeile {line} der Datei {path} ist ein öffentlicher Schlüssel (age1…), nicht der geheime Schlüssel."),
            format!("Line {line} of {path} is a public key (age1…), not the secret key."),
        ),
        KeyFileError::DamagedKey { line } => pick(
            format!("Zeile {line} der Datei {path} sieht aus wie ein geheimer age-Schlüssel, ist aber fehlerhaft (ein Zeichen ist falsch, fehlt oder ist zu viel)."),
            format!("Line {line} of {path} looks like an age secret key but is faulty (a character is wrong, missing or extra)."),
        ),
        KeyFileError::OtherFormat { line, format } => pick(
            format!("Zeile {line} der Datei {path} ist {}, kein geheimer age-Schlüssel.", key_format_de(*format)),
            format!("Line {line} of {path} is {}, not an age secret key.", format.name()),
        ),
        KeyFileError::NotAKey { line } => pick(
            format!("Zeile {line} der Datei {path} ist kein geheimer age-Schlüssel (AGE-SECRET-KEY-1…)."),
            format!("Line {line} of {path} is not an age secret key (AGE-SECRET-KEY-1…)."),
        ),
        KeyFileError::NotText => pick(
            format!("Die Datei {path} ist keine Textdatei (weder UTF-8 noch UTF-16) und damit keine Schlüsseldatei."),
            format!("The file {path} is not text (neither UTF-8 nor UTF-16), so it is no key file."),
        ),
    };
    let hint = match p {
        KeyFileError::PublicKey { .. } => pick(
            "Der öffentliche Schlüssel (age1…) kann nur verschlüsseln. Zum Öffnen braucht tresor den geheimen Schlüssel: die Zeile AGE-SECRET-KEY-1… im Maschinenschlüssel oder auf dem Ausdruck im Notfallordner.".into(),
            "The public key (age1…) can only encrypt. To open, tresor needs the secret key: the line AGE-SECRET-KEY-1… in the machine key or on the printout in the emergency folder.".into(),
        ),
        KeyFileError::DamagedKey { .. } => pick(
            "Vergleichen Sie die Zeile Zeichen für Zeichen mit dem Ausdruck im Notfallordner.".into(),
            "Compare the line character by character with the printout in the emergency folder.".into(),
        ),
        _ => key_hint(de),
    };
    (msg, Some(hint))
}

fn key_format_de(f: KeyFormat) -> &'static str {
    match f {
        KeyFormat::OpenSsh => "ein SSH-Schlüssel",
        KeyFormat::Pgp => "ein PGP-Schlüssel",
        KeyFormat::Putty => "ein PuTTY-Schlüssel",
        KeyFormat::Pem => "ein PEM-Zertifikat oder -Schlüssel",
        KeyFormat::AgePlugin => "ein age-Plugin-Schlüssel (Hardware-Token), den tresor nicht unterstützt",
        KeyFormat::AgeEncrypted => "eine age-verschlüsselte Datei (eine Sicherungsdatei oder ein passwortgeschützter Schlüssel)",
    }
}

fn is_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
        || e.raw_os_error().is_some_and(|c| {
            if cfg!(windows) {
                c == 112 || c == 39
            } else {
                c == libc::ENOSPC
            }
        })
}

/// An OS error in the practice's language: the common kinds in our words,
/// the rest as the OS says it.
pub fn io_text(e: &std::io::Error, de: bool) -> String {
    use std::io::ErrorKind as K;
    if !de {
        return e.to_string();
    }
    if is_full(e) {
        return "kein Speicherplatz mehr frei".into();
    }
    match e.kind() {
        K::NotFound => "nicht gefunden".into(),
        K::PermissionDenied => "keine Berechtigung".into(),
        K::AlreadyExists => "existiert bereits".into(),
        K::ReadOnlyFilesystem => "schreibgeschützt".into(),
        K::IsADirectory => "ist ein Ordner".into(),
        K::InvalidData => "ungültige Daten".into(),
        _ => e.to_string(),
    }
}

fn render_storage(e: &StorageError, de: bool) -> (String, Option<String>) {
    let pick = |g: String, en: String| if de { g } else { en };
    match e {
        StorageError::NoSpace { location } => (
            pick(format!("Das Sicherungsziel {location} ist voll. Der Vorgang wurde abgebrochen; frühere Sicherungen sind unverändert."), format!("The destination {location} is full. The run was stopped; earlier snapshots are unchanged.")),
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
        StorageError::NotFound { key } => (
            pick(format!("{key} fehlt."), format!("{key} is missing.")),
            Some(pick("Führen Sie `tresor check` aus; andere Kopien bleiben nutzbar.".into(), "Run `tresor check`; other copies remain usable.".into())),
        ),
        StorageError::Io { key, source } => (
            pick(format!("Lesen oder Schreiben von {key} ist fehlgeschlagen: {}.", io_text(source, de)), format!("Reading or writing {key} failed: {source}.")),
            Some(pick("Medium bzw. Netzwerkfreigabe prüfen und erneut versuchen.".into(), "Check the medium or network share and try again.".into())),
        ),
        StorageError::AlreadyExists { key } => (pick(format!("{key} existiert bereits."), format!("{key} already exists.")), None),
        StorageError::InvalidKey { key } => (pick(format!("Ungültiger Dateiname im Sicherungsziel: {key:?}."), format!("Invalid file name in the destination: {key:?}.")), None),
    }
}

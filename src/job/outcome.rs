//! What a job did not do, in words: databases a job cannot reach, what a
//! snapshot lacks (the `snapshots` status column, the warning of a restore
//! from an incomplete snapshot), and a destination that is not set up yet.
//! The facts come typed from the snapshot ([`SnapshotWarning`]); only here
//! do they become text.

use crate::i18n::Language;
use crate::repo::snapshot::{self, SnapshotWarning};
use crate::repo::{Id, Snapshot};
use crate::tr;

use super::databases::Unconfigured;

/// The `sqlserver:` section a technician adds, as an example (YAML, the
/// same in every language).
pub const SQLSERVER_EXAMPLE: &str = "sqlserver: { connection: 'Data Source=.\\MEDATIXX;Integrated Security=True', staging: 'C:\\tresor\\staging' }";

/// Lines for databases the job cannot back up because `sqlserver:` is
/// missing: the required ones (errors, NOT backed up) with what to
/// configure, and the optional patterns as notes. `(errors, notes)`.
pub fn unconfigured_lines(lang: Language, list: &[Unconfigured]) -> (Vec<String>, Vec<String>) {
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    for u in list {
        let profiles = u.profiles.join(", ");
        if u.optional {
            notes.push(tr!(
                lang,
                "outcome-db-optional-not-configured",
                database = &u.database,
                profiles = profiles
            ));
        } else {
            errors.push(tr!(
                lang,
                "outcome-db-not-configured",
                database = &u.database,
                profiles = profiles
            ));
        }
    }
    if !errors.is_empty() {
        let count = errors.len();
        errors.push(tr!(lang, "outcome-db-configure-hint", count = count));
        errors.push(SQLSERVER_EXAMPLE.to_string());
        errors.push(tr!(lang, "outcome-db-configure-then"));
    }
    (errors, notes)
}

/// The databases a snapshot records as NOT backed up (failed, missing on
/// the server, no `sqlserver:`), one entry per database.
pub fn databases_not_backed_up(snap: &Snapshot) -> Vec<SnapshotWarning> {
    snap.lacks()
        .into_iter()
        .filter(|w| {
            matches!(
                w,
                SnapshotWarning::DatabaseFailed { .. }
                    | SnapshotWarning::DatabaseMissing { .. }
                    | SnapshotWarning::DatabaseNotConfigured { .. }
            )
        })
        .collect()
}

/// The stable code of a lack for the JSON documents (the snapshot's `kind`).
pub fn lack_code(w: &SnapshotWarning) -> &'static str {
    match w {
        SnapshotWarning::SourceMissing { .. } => "source_missing",
        SnapshotWarning::Unreadable { .. } => "unreadable",
        SnapshotWarning::DatabaseFailed { .. } => "database_failed",
        SnapshotWarning::DatabaseNotConfigured { .. } => "database_not_configured",
        SnapshotWarning::DatabaseMissing { .. } => "database_missing",
        _ => "warning",
    }
}

/// What a lack is about: the database's or the source's name.
pub fn lack_name(w: &SnapshotWarning) -> String {
    match w {
        SnapshotWarning::DatabaseFailed { database, .. }
        | SnapshotWarning::DatabaseNotConfigured { database, .. }
        | SnapshotWarning::DatabaseMissing { database }
        | SnapshotWarning::DatabaseNotice { database, .. } => database.clone(),
        SnapshotWarning::SourceMissing { source, .. } => source.clone(),
        SnapshotWarning::Unreadable { path, .. }
        | SnapshotWarning::ChangedWhileReading { path }
        | SnapshotWarning::Skipped { path, .. } => path.clone(),
        SnapshotWarning::Repository { detail } => detail.clone(),
    }
}

/// What a snapshot lacks in a few words ("Ordner x.concept: DEDATA");
/// empty for a complete snapshot.
pub fn lacks_text(lang: Language, snap: &Snapshot) -> String {
    short(lang, &snap.lacks())
}

/// One lack in a few words, for the status column.
fn short(lang: Language, lacks: &[SnapshotWarning]) -> String {
    let mut parts = Vec::new();
    let mut unreadable = 0usize;
    for w in lacks {
        match w {
            SnapshotWarning::SourceMissing { source, .. } => {
                parts.push(tr!(lang, "outcome-lack-source", source = source))
            }
            SnapshotWarning::Unreadable { .. } => unreadable += 1,
            SnapshotWarning::DatabaseFailed { database, .. }
            | SnapshotWarning::DatabaseNotConfigured { database, .. }
            | SnapshotWarning::DatabaseMissing { database } => {
                parts.push(tr!(lang, "outcome-lack-database", database = database))
            }
            _ => {}
        }
    }
    if unreadable > 0 {
        parts.push(tr!(lang, "outcome-lack-files", count = unreadable));
    }
    parts.join(", ")
}

/// One lack with its reason, for a restore's warning.
pub fn long(lang: Language, w: &SnapshotWarning) -> Option<String> {
    Some(match w {
        SnapshotWarning::SourceMissing { source, path } => {
            tr!(
                lang,
                "outcome-lack-source-long",
                source = source,
                path = path
            )
        }
        SnapshotWarning::Unreadable { path, .. } => {
            tr!(lang, "outcome-lack-file-long", path = path)
        }
        SnapshotWarning::DatabaseFailed {
            database, reason, ..
        } => tr!(
            lang,
            "outcome-lack-database-long",
            database = database,
            reason = reason
        ),
        SnapshotWarning::DatabaseNotConfigured { database, .. } => tr!(
            lang,
            "outcome-lack-database-not-configured-long",
            database = database
        ),
        SnapshotWarning::DatabaseMissing { database } => tr!(
            lang,
            "outcome-lack-database-missing-long",
            database = database
        ),
        _ => return None,
    })
}

/// The `snapshots` status column: "vollständig" or "unvollständig, es
/// fehlt: Ordner x.isynet: Text, Datenbank WINACS".
pub fn status(lang: Language, snap: &Snapshot) -> String {
    let lacks = snap.lacks();
    if lacks.is_empty() {
        tr!(lang, "outcome-status-complete")
    } else {
        tr!(
            lang,
            "outcome-status-incomplete",
            lacks = short(lang, &lacks)
        )
    }
}

/// The header of the status column.
pub fn status_header(lang: Language) -> String {
    tr!(lang, "outcome-status-header")
}

/// Warning lines for a restore from `id`: what it lacks and the newest
/// complete snapshot before it (`list` oldest first). Empty when complete.
pub fn restore_warning(
    lang: Language,
    list: &[(Id, Snapshot)],
    id: &Id,
    snap: &Snapshot,
) -> Vec<String> {
    let lacks = snap.lacks();
    if lacks.is_empty() {
        return Vec::new();
    }
    let mut unreadable = 0usize;
    let mut parts = Vec::new();
    for w in &lacks {
        match w {
            // A list of a thousand unreadable files belongs in the backup report.
            SnapshotWarning::Unreadable { .. } => unreadable += 1,
            other => parts.extend(long(lang, other)),
        }
    }
    if unreadable > 0 {
        parts.push(tr!(lang, "outcome-lack-files", count = unreadable));
    }
    let mut out = vec![tr!(
        lang,
        "outcome-restore-incomplete",
        snapshot = id.short(),
        time = snap.time.format("%d.%m.%Y %H:%M").to_string(),
        lacks = parts.join("; ")
    )];
    out.push(match snapshot::previous_complete(list, id) {
        Some((prev, s)) => tr!(
            lang,
            "outcome-restore-previous",
            snapshot = prev.short(),
            time = s.time.format("%d.%m.%Y %H:%M").to_string()
        ),
        None => tr!(lang, "outcome-restore-no-previous"),
    });
    out
}

/// A destination that exists but holds no repository: what it is and how
/// to set it up. `destination` is the configured name, `None` for `--repo`.
pub fn not_set_up(
    lang: Language,
    location: &str,
    destination: Option<&str>,
) -> (String, Option<String>) {
    match destination {
        Some(name) => (
            tr!(
                lang,
                "outcome-not-set-up",
                destination = name,
                location = location
            ),
            Some(tr!(lang, "outcome-not-set-up-hint", destination = name)),
        ),
        None => (
            tr!(lang, "outcome-not-set-up-path", location = location),
            Some(tr!(
                lang,
                "outcome-not-set-up-path-hint",
                location = location
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::snapshot::{Summary, WarningEntry};

    fn snap(day: u32, warnings: Vec<WarningEntry>) -> Snapshot {
        Snapshot {
            version: 1,
            time: chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T22:30:00+01:00"))
                .unwrap(),
            host: "server".into(),
            job: "nightly".into(),
            practice: String::new(),
            tool_version: "0".into(),
            tree: Vec::new(),
            parent: None,
            recipients: Vec::new(),
            sources: Vec::new(),
            databases: Vec::new(),
            summary: Summary {
                warnings,
                ..Summary::default()
            },
        }
    }

    #[test]
    fn status_and_restore_name_what_is_missing() {
        let key = crate::repo::IdKey::generate();
        let ids: Vec<Id> = (0..3u8).map(|i| key.id_of(&[i])).collect();
        let lacking = vec![
            WarningEntry::from(SnapshotWarning::SourceMissing {
                source: "x.isynet: Text".into(),
                path: "/srv/C/WINACS/Text".into(),
            }),
            WarningEntry::from(SnapshotWarning::DatabaseNotConfigured {
                database: "WINACS".into(),
                profiles: vec!["x.isynet".into()],
            }),
            WarningEntry::from(SnapshotWarning::ChangedWhileReading { path: "a".into() }),
        ];
        let list = vec![
            (ids[0], snap(27, Vec::new())),
            (ids[1], snap(28, lacking.clone())),
            (ids[2], snap(29, lacking)),
        ];
        assert_eq!(status(Language::De, &list[0].1), "vollständig");
        assert_eq!(
            status(Language::De, &list[2].1),
            "unvollständig, es fehlt: Ordner x.isynet: Text, Datenbank WINACS"
        );
        assert_eq!(
            status(Language::En, &list[2].1),
            "incomplete, lacks: folder x.isynet: Text, database WINACS"
        );
        let w = restore_warning(Language::De, &list, &ids[2], &list[2].1);
        assert!(
            w[0].contains("vom 29.11.2026 22:30 ist unvollständig"),
            "{w:?}"
        );
        assert!(
            w[0].contains("Datenbank WINACS – kein `sqlserver:` in tresor.yaml"),
            "{w:?}"
        );
        assert!(
            w[1].contains(&ids[0].short()),
            "the older complete one: {w:?}"
        );
        assert!(restore_warning(Language::En, &list, &ids[0], &list[0].1).is_empty());
        let w = restore_warning(Language::En, &list[1..], &ids[1], &list[1].1);
        assert_eq!(
            w[1],
            "There is no older complete snapshot on this destination."
        );
    }
}

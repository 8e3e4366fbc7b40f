//! `tresor.log`: one line per run in the practice's language, beside the
//! journal — what a person reads without tools, and a second trace if the
//! journal is lost. Rotated at 1 MiB; `tresor.log` plus `tresor.log.1` …
//! `tresor.log.4` are kept (five files, at most about 5 MiB).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::i18n::{self, Language};
use crate::report::record::{RunKind, RunOutcome, RunRecord};
use crate::tr;

/// The log's file name in its folder.
pub const FILE_NAME: &str = "tresor.log";
/// Size at which the log is rotated, in bytes (1 MiB).
pub const ROTATE_AT: u64 = 1024 * 1024;
/// Files kept, the current one included.
pub const KEEP: usize = 5;

/// Appends one line for `record` to `dir/tresor.log` (rotating first when
/// the line would take it past [`ROTATE_AT`]); the folder is created if
/// missing. Held under an OS lock (`tresor.log.lock`) so two runs never
/// rotate at once. The runner calls it right after `journal::append`, with
/// the journal's folder: `log::append(journal.parent(), lang, &record)`.
///
/// # Errors
/// The I/O error of the folder, lock, rotation or write.
pub fn append(dir: &Path, lang: Language, record: &RunRecord) -> std::io::Result<()> {
    append_line(dir, &line(lang, record), ROTATE_AT, KEEP)
}

/// The line for `record` (local time, no line end).
pub fn line(lang: Language, record: &RunRecord) -> String {
    let time = record.started_local().format("%d.%m.%Y %H:%M").to_string();
    let text = tr!(
        lang,
        "journal-log-line",
        time = time,
        what = what(lang, record),
        outcome = outcome(lang, record.outcome),
        details = details(lang, record)
    );
    super::one_line(&text).into_owned()
}

/// "erfolgreich", "FEHLGESCHLAGEN", … in the practice's language.
pub fn outcome(lang: Language, outcome: RunOutcome) -> String {
    match outcome {
        RunOutcome::Ok => tr!(lang, "journal-log-ok"),
        RunOutcome::Warnings => tr!(lang, "journal-log-warnings"),
        RunOutcome::Failed => tr!(lang, "journal-log-failed"),
    }
}

/// Items and sizes, the cartridge, the number of warnings and every
/// error's text, joined by `; ` (may contain line ends from error texts).
pub fn details(lang: Language, record: &RunRecord) -> String {
    let mut parts = vec![tr!(
        lang,
        "journal-log-size",
        items = record.items,
        size = i18n::size(lang, record.bytes_total),
        new = i18n::size(lang, record.bytes_new)
    )];
    if let Some(m) = &record.medium {
        parts.push(tr!(lang, "journal-log-medium", name = m.name.as_str()));
    }
    if !record.warnings.is_empty() {
        parts.push(tr!(
            lang,
            "journal-log-warning-count",
            count = record.warnings.len()
        ));
    }
    for e in &record.errors {
        parts.push(e.text.clone());
    }
    parts.join("; ")
}

/// "Sicherung nightly", "Wiederherstellungstest", … in the practice's language.
pub fn what(lang: Language, record: &RunRecord) -> String {
    let job = record.job.as_deref().unwrap_or("");
    match record.kind {
        RunKind::Backup => tr!(lang, "journal-kind-backup", job = job),
        RunKind::Mirror => tr!(lang, "journal-kind-mirror"),
        RunKind::Forget => tr!(lang, "journal-kind-forget"),
        RunKind::Restore => tr!(lang, "journal-kind-restore"),
        RunKind::RestoreDb => tr!(lang, "journal-kind-restore-db"),
        RunKind::Drill => tr!(lang, "journal-kind-drill"),
        RunKind::Check => tr!(lang, "journal-kind-check"),
        RunKind::Guard => tr!(lang, "journal-kind-guard"),
        RunKind::KeyRotate => tr!(lang, "key-journal-kind-rotate"),
        RunKind::KeyAddRecovery => tr!(lang, "key-journal-kind-add-recovery"),
    }
}

fn path(dir: &Path, n: usize) -> PathBuf {
    if n == 0 {
        dir.join(FILE_NAME)
    } else {
        dir.join(format!("{FILE_NAME}.{n}"))
    }
}

fn append_line(dir: &Path, line: &str, rotate_at: u64, keep: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(format!("{FILE_NAME}.lock")))?;
    fs4::FileExt::lock(&lock)?;
    let current = path(dir, 0);
    let size = std::fs::metadata(&current).map_or(0, |m| m.len());
    if size > 0 && size + line.len() as u64 + 1 > rotate_at {
        // Oldest goes, each moves up one, the current becomes .1.
        let _ = std::fs::remove_file(path(dir, keep - 1));
        for n in (0..keep - 1).rev() {
            let from = path(dir, n);
            if from.exists() {
                std::fs::rename(&from, path(dir, n + 1))?;
            }
        }
    }
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&current)?;
    f.write_all(format!("{line}\n").as_bytes())?;
    f.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::{MediumRecord, Notice};

    #[test]
    fn one_line_per_run_in_the_practice_s_language() {
        let mut r = RunRecord::start(RunKind::Backup, Some("feierabend"), "P");
        r.items = 1234;
        r.bytes_total = 3 * 1024 * 1024 * 1024 / 2;
        r.medium = Some(MediumRecord {
            id: "ab".into(),
            name: "Dienstag extern".into(),
            expected: None,
        });
        r.warnings.push(Notice {
            code: "backup".into(),
            text: "w".into(),
        });
        r.errors.push(Notice {
            code: "database_failed".into(),
            text: "WINACS\nnicht gesichert".into(),
        });
        r.finish(2);
        let de = line(Language::De, &r);
        assert!(de.contains("Sicherung feierabend: FEHLGESCHLAGEN"), "{de}");
        assert!(de.contains("Dateien und Ordner, 1,5 GiB"), "{de}");
        assert!(de.contains("Kassette »Dienstag extern«"), "{de}");
        assert!(de.contains("1 Warnung"), "{de}");
        assert!(de.contains("WINACS\\nnicht gesichert"), "one line: {de}");
        let en = line(Language::En, &r);
        assert!(en.contains("Backup feierabend: FAILED"), "{en}");
        assert!(en.contains("cartridge “Dienstag extern”"), "{en}");
    }

    #[test]
    fn rotates_and_keeps_five_files() {
        let t = tempfile::tempdir().unwrap();
        let line = "x".repeat(99); // 100 bytes with the line end
        for _ in 0..23 {
            append_line(t.path(), &line, 300, 5).unwrap();
        }
        let sizes: Vec<u64> = (0..6)
            .map(|n| std::fs::metadata(path(t.path(), n)).map_or(0, |m| m.len()))
            .collect();
        // 23 lines, 3 per file: current has 2, four full older files, the rest dropped.
        assert_eq!(sizes, vec![200, 300, 300, 300, 300, 0]);
        let r = RunRecord::start(RunKind::Drill, None, "P");
        append(t.path(), Language::De, &r).unwrap();
        let text = std::fs::read_to_string(path(t.path(), 0)).unwrap();
        assert!(text
            .lines()
            .last()
            .unwrap()
            .contains("Wiederherstellungstest"));
    }
}

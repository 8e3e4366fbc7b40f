//! The staff's final screen after a job started by hand in a terminal (the
//! Feierabend shortcut): a headline that says whether the backup is
//! complete, what was saved in plain words, and what to do now with the
//! cartridges — nothing an assistant cannot act on (no repository paths, no
//! byte accounting; that is in the journal, the log and the mail).

use crate::i18n::{self, Language};
use crate::tr;

use super::record::{DestinationRole, RunOutcome, RunRecord};

/// The whole final screen, lines separated by `\n` (no colours: it must
/// read the same in a plain console window).
pub fn final_screen(lang: Language, r: &RunRecord) -> String {
    let rule = "═".repeat(60);
    let mut out = vec![rule.clone()];
    let headline = match r.outcome {
        RunOutcome::Ok => tr!(lang, "screen-headline-ok"),
        RunOutcome::Warnings => tr!(lang, "screen-headline-warnings"),
        RunOutcome::Failed => tr!(lang, "screen-headline-failed"),
    };
    out.push(format!("  {headline}"));
    out.push(rule);
    let when = r.started_local();
    out.push(format!(
        "  {}",
        tr!(
            lang,
            "screen-context",
            practice = r.practice.as_str(),
            job = r.job.clone().unwrap_or_default(),
            date = i18n::weekday_date(lang, when.date_naive()),
            time = when.format("%H:%M").to_string()
        )
    ));
    out.push(String::new());
    let alarm = r.guard.as_ref().filter(|g| g.alarm);
    if let Some(g) = alarm {
        out.push(format!("  !!! {}", tr!(lang, "guard-alarm-title")));
        for l in crate::report::guard_text::seen(lang, g).into_iter().take(4) {
            out.push(format!("  – {l}"));
        }
        out.push(String::new());
    }
    if r.snapshot.is_some() {
        let databases = r.databases.iter().filter(|d| d.ok).count();
        out.push(format!(
            "  {}",
            tr!(
                lang,
                "screen-saved",
                files = r.items,
                files_text = i18n::grouped(lang, r.items),
                size = i18n::size(lang, r.bytes_total),
                databases = databases
            )
        ));
        if let Some(m) = &r.medium {
            out.push(format!(
                "  {}",
                tr!(lang, "screen-on-medium", name = m.name.as_str())
            ));
        }
        for d in r
            .destinations
            .iter()
            .filter(|d| d.role == DestinationRole::Mirror)
        {
            let line = match d.outcome {
                RunOutcome::Ok => tr!(lang, "screen-copy-ok", name = d.name.as_str()),
                RunOutcome::Warnings => tr!(lang, "screen-copy-later", name = d.name.as_str()),
                RunOutcome::Failed => tr!(lang, "screen-copy-failed", name = d.name.as_str()),
            };
            out.push(format!("  {line}"));
        }
    }
    let missing: Vec<&str> = r
        .databases
        .iter()
        .filter(|d| !d.ok)
        .map(|d| d.name.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(format!(
            "  {}",
            tr!(
                lang,
                "screen-databases-missing",
                count = missing.len(),
                names = missing.join(", ")
            )
        ));
    }
    if r.snapshot.is_none() {
        // Nothing was written: the first error says why, in the practice's words.
        if let Some(e) = r.errors.first() {
            out.push(format!("  {}", e.text));
        }
    }
    // What needs a person, in the run's own words (at most three).
    if r.outcome == RunOutcome::Warnings {
        for w in r.warnings.iter().take(3) {
            out.push(format!(
                "  {}",
                tr!(lang, "screen-note", text = w.text.as_str())
            ));
        }
    }
    out.push(String::new());
    out.push(format!("  {}", tr!(lang, "screen-now")));
    if let Some(a) = &r.advice {
        out.push(format!(
            "  → {}",
            tr!(
                lang,
                "screen-take-out",
                name = a.take_out.as_str(),
                goes_to = a.goes_to.as_str()
            )
        ));
        out.push(format!(
            "  → {}",
            tr!(lang, "screen-insert-next", name = a.insert_next.as_str())
        ));
    }
    match r.outcome {
        RunOutcome::Ok => {}
        RunOutcome::Warnings if r.mailed => {
            out.push(format!("  → {}", tr!(lang, "screen-warnings-mail")))
        }
        RunOutcome::Warnings => out.push(format!("  → {}", tr!(lang, "screen-warnings-tell"))),
        RunOutcome::Failed if alarm.is_some() => {
            out.push(format!("  → {}", tr!(lang, "guard-todo-staff")));
        }
        RunOutcome::Failed => {
            out.push(format!("  → {}", tr!(lang, "screen-failed-call")));
        }
    }
    if r.advice.is_none() && r.outcome == RunOutcome::Ok {
        out.push(format!("  → {}", tr!(lang, "screen-nothing-to-do")));
    }
    out.push(String::new());
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::{
        DatabaseResult, DestinationRecord, MediumAdvice, MediumRecord, Notice, RunKind,
    };

    fn record(outcome_code: i32) -> RunRecord {
        let mut r = RunRecord::start(RunKind::Backup, Some("feierabend"), "Praxis Dr. Muster");
        r.snapshot = Some("ab".repeat(32));
        r.items = 12_408;
        r.bytes_total = 4_200_000_000;
        r.bytes_new = 58 << 20;
        r.databases.push(DatabaseResult {
            name: "WINACS".into(),
            ok: true,
            detail: None,
        });
        r.medium = Some(MediumRecord {
            id: "01".into(),
            name: "Dienstag extern".into(),
            expected: None,
        });
        r.destinations.push(DestinationRecord {
            name: "nas".into(),
            role: DestinationRole::Mirror,
            outcome: RunOutcome::Ok,
            snapshots: 1,
            bytes_written: 0,
            detail: None,
        });
        r.advice = Some(MediumAdvice {
            take_out: "Dienstag extern".into(),
            goes_to: "mit nach Hause nehmen".into(),
            insert_next: "Dienstag Praxis".into(),
        });
        r.finish(outcome_code);
        r.mailed = true;
        r
    }

    #[test]
    fn warnings_are_named_and_nobody_is_promised_a_mail_that_did_not_go_out() {
        let mut r = record(1);
        r.warnings.push(Notice {
            code: "after_failed".into(),
            text: "Der Befehl nach der Sicherung ist fehlgeschlagen.".into(),
        });
        let s = final_screen(Language::De, &r);
        assert!(
            s.contains("Hinweis: Der Befehl nach der Sicherung ist fehlgeschlagen."),
            "{s}"
        );
        assert!(s.contains("per E-Mail"), "{s}");
        r.mailed = false;
        let s = final_screen(Language::De, &r);
        assert!(!s.contains("per E-Mail"), "{s}");
        assert!(
            s.contains("IT-Betreuung über diese Hinweise informieren"),
            "{s}"
        );
    }

    #[test]
    fn success_says_what_to_do_with_the_cartridges_and_no_jargon() {
        let s = final_screen(Language::De, &record(0));
        assert!(s.contains("Datensicherung erfolgreich"), "{s}");
        assert!(
            s.contains("»Dienstag extern« jetzt entnehmen und mit nach Hause nehmen"),
            "{s}"
        );
        assert!(s.contains("»Dienstag Praxis«"), "{s}");
        assert!(s.contains("12.408 Dateien"), "{s}");
        assert!(s.contains("3,9 GiB"), "{s}");
        for jargon in ["gespeichert", "MiB →", "Snapshot", "Repository", "/", "\\"] {
            assert!(!s.contains(jargon), "{jargon} in {s}");
        }
    }

    #[test]
    fn failure_says_not_complete_what_is_missing_and_whom_to_call() {
        let mut r = record(2);
        r.databases[0].ok = false;
        let s = final_screen(Language::De, &r);
        assert!(s.contains("NICHT vollständig"), "{s}");
        assert!(s.contains("WINACS"), "{s}");
        assert!(s.contains("IT-Betreuung"), "{s}");
        let mut early = RunRecord::start(RunKind::Backup, Some("feierabend"), "P");
        early.errors.push(Notice {
            code: "destination_unavailable".into(),
            text: "Keine Kassette im Laufwerk.".into(),
        });
        early.finish(2);
        let s = final_screen(Language::De, &early);
        assert!(s.contains("Keine Kassette im Laufwerk."), "{s}");
        let en = final_screen(Language::En, &early);
        assert!(en.contains("NOT complete"), "{en}");
    }

    #[test]
    fn an_alarm_screen_says_call_the_it_partner_and_keep_the_cartridges() {
        let mut r = RunRecord::start(RunKind::Backup, Some("feierabend"), "Praxis");
        r.snapshot = Some("ab".into());
        r.guard = Some(crate::guard::GuardReport {
            alarm: true,
            renamed: 40,
            renamed_extension: Some("lockbit".into()),
            ..Default::default()
        });
        r.finish(2);
        let s = final_screen(Language::De, &r);
        assert!(s.contains("ALARM"), "{s}");
        assert!(
            s.contains("40 Dateien wurden in „.lockbit“ umbenannt"),
            "{s}"
        );
        assert!(
            s.contains("Kassetten NICHT entnehmen und NICHT überschreiben"),
            "{s}"
        );
        assert!(s.contains("IT-Betreuer"), "{s}");
    }
}

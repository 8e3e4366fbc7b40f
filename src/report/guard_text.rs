//! The ransomware guard's words: what a [`GuardReport`] saw, what staff and
//! technician do now, and why retention waits ([`Hold`]) — one text for the
//! job output, the mail, the staff screen and `tresor status`.

use chrono::{DateTime, Local, Utc};

use crate::guard::state::Hold;
use crate::guard::GuardReport;
use crate::i18n::{self, Language};
use crate::tr;

/// The lines of what was seen: counts, examples, the first affected folder.
pub fn seen(lang: Language, g: &GuardReport) -> Vec<String> {
    let mut lines = Vec::new();
    if g.turned_random > 0 {
        lines.push(tr!(lang, "guard-seen-random", count = g.turned_random));
    }
    if g.lost_signature > 0 {
        lines.push(tr!(lang, "guard-seen-signature", count = g.lost_signature));
    }
    if let (Some(ext), true) = (&g.renamed_extension, g.renamed > 0) {
        lines.push(tr!(
            lang,
            "guard-seen-renamed",
            count = g.renamed,
            extension = ext.as_str()
        ));
    }
    if g.ransom_notes > 0 {
        lines.push(tr!(lang, "guard-seen-notes", count = g.ransom_notes));
    }
    if let Some(b) = g.baseline_percent.filter(|_| {
        g.signals
            .iter()
            .any(|s| matches!(s, crate::guard::Signal::ChangedShare { .. }))
    }) {
        lines.push(tr!(
            lang,
            "guard-seen-changed",
            percent = i18n::decimal(lang, g.changed_percent, 0),
            baseline = i18n::decimal(lang, b, 0)
        ));
    }
    if !g.examples.is_empty() {
        lines.push(tr!(lang, "guard-examples", paths = g.examples.join(", ")));
    }
    if let Some(f) = &g.first_folder {
        lines.push(tr!(lang, "guard-first-folder", folder = f.as_str()));
    }
    lines
}

/// The alarm as one text (title, lead, what was seen, that the snapshot was
/// kept): the job's error notice.
pub fn alarm(lang: Language, g: &GuardReport) -> String {
    let mut t = format!(
        "{}\n{}",
        tr!(lang, "guard-alarm-title"),
        tr!(lang, "guard-alarm-lead")
    );
    for l in seen(lang, g) {
        t.push_str("\n  – ");
        t.push_str(&l);
    }
    t.push('\n');
    t.push_str(&tr!(lang, "guard-alarm-kept"));
    t
}

/// Why retention and prune wait.
pub fn hold(lang: Language, h: &Hold) -> String {
    match h {
        Hold::AlarmOpen { since } => tr!(lang, "guard-hold-open", since = local(since)),
        Hold::SuspiciousSnapshot { time } => tr!(lang, "guard-hold-snapshot", time = local(time)),
        Hold::StateUnreadable => tr!(lang, "guard-hold-unreadable"),
    }
}

/// `24.11.2026 22:31` in the server's local time.
pub fn local(t: &DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::Signal;

    #[test]
    fn the_alarm_says_what_was_seen_in_both_languages() {
        let g = GuardReport {
            alarm: true,
            judged: true,
            turned_random: 412,
            lost_signature: 1,
            renamed: 398,
            renamed_extension: Some("lockbit".into()),
            ransom_notes: 37,
            examples: vec!["C/DConcept/DETEXT/B1.RTF.lockbit".into()],
            first_folder: Some("C/DConcept/DETEXT".into()),
            signals: vec![Signal::RansomNotes {
                count: 37,
                threshold: 2,
            }],
            ..GuardReport::default()
        };
        let de = alarm(Language::De, &g);
        assert!(de.contains("412 Dateien sehen verschlüsselt aus"), "{de}");
        assert!(de.contains("1 Datei passt nicht mehr"), "{de}");
        assert!(
            de.contains("398 Dateien wurden in „.lockbit“ umbenannt"),
            "{de}"
        );
        assert!(de.contains("37 Erpresserbriefe"), "{de}");
        assert!(de.contains("Zuerst betroffen: C/DConcept/DETEXT"), "{de}");
        let en = alarm(Language::En, &g);
        assert!(en.contains("398 files were renamed to “.lockbit”"), "{en}");
        assert!(
            !en.contains("%"),
            "no changed share without its signal: {en}"
        );
    }
}

//! `tresor config check`: a human summary of what the config will do on this
//! host — practice, profiles, each job's sources with their resolved paths and
//! whether they exist, databases, destinations, keys. Missing required paths
//! are flagged.

use std::fmt::Write;

use super::model::{Config, DestinationKind, FileSource, SqlAuth, SqlTarget};
use crate::i18n::Language;

/// The summary text, in `lang`.
pub fn check_report(cfg: &Config, lang: Language) -> String {
    let t = |de: &'static str, en: &'static str| lang.pick(de, en);
    let mut out = String::new();
    let mut missing_required = 0usize;
    let _ = writeln!(out, "{}: {}", t("Praxis", "Practice"), cfg.practice);
    let _ = writeln!(
        out,
        "{}: {}",
        t("Konfiguration", "Configuration"),
        cfg.origin
    );
    let _ = writeln!(out, "{}: {}", t("Sprache", "Language"), cfg.language.code());
    let profiles: Vec<&str> = cfg.profiles.iter().map(|p| p.name.as_str()).collect();
    let _ = writeln!(
        out,
        "{}: {}",
        t("Profile", "Profiles"),
        if profiles.is_empty() {
            t("(keine)", "(none)").to_string()
        } else {
            profiles.join(", ")
        }
    );

    let _ = writeln!(out, "\n{}:", t("Ziele", "Destinations"));
    for d in cfg.destinations.values() {
        let DestinationKind::Local { path, display } = &d.kind;
        let _ = writeln!(
            out,
            "  {}: {display} → {} [{}]",
            d.name,
            path.display(),
            exists(path.exists(), lang)
        );
    }

    let _ = writeln!(out, "\n{}:", t("Jobs", "Jobs"));
    let mut shown: Option<(&str, &[FileSource])> = None;
    for job in cfg.jobs.values() {
        let r = &job.retention;
        let _ = writeln!(
            out,
            "  {} → {}{} ({} {}/{}/{}/{}/{})",
            job.name,
            job.destination,
            if job.copy_only { ", copy_only" } else { "" },
            t(
                "behalten: letzte/täglich/wöchentlich/monatlich/jährlich",
                "keep: last/daily/weekly/monthly/yearly"
            ),
            r.keep_last,
            r.keep_daily,
            r.keep_weekly,
            r.keep_monthly,
            r.keep_yearly,
        );
        let next = job
            .schedule
            .next_after(&chrono::Local::now())
            .map(|at| {
                format!(
                    " ({} {})",
                    t("nächster Lauf", "next run"),
                    at.format("%d.%m.%Y %H:%M")
                )
            })
            .unwrap_or_else(|| format!(" ({})", t("von Hand", "started by hand")));
        let _ = writeln!(
            out,
            "    {}: {}{next}",
            t("Zeitplan", "Schedule"),
            job.schedule.as_written()
        );
        match shown {
            Some((first, sources)) if sources == job.sources.as_slice() => {
                let _ = writeln!(
                    out,
                    "    {} {first}",
                    t("Quellen: wie bei", "Sources: same as")
                );
            }
            _ => {
                let _ = writeln!(out, "    {}:", t("Quellen", "Sources"));
                for s in &job.sources {
                    let found = s.path.exists();
                    if !found && !s.optional {
                        missing_required += 1;
                    }
                    let state = match (found, s.optional) {
                        (true, _) => t("vorhanden", "found"),
                        (false, true) => t("fehlt, optional", "missing, optional"),
                        (false, false) => t("FEHLT, erforderlich", "MISSING, required"),
                    };
                    let _ = writeln!(
                        out,
                        "      [{state}] {} ({}) → {}",
                        s.label,
                        s.snapshot_path,
                        s.path.display()
                    );
                }
                if job.sources.is_empty() {
                    let _ = writeln!(out, "      {}", t("(keine)", "(none)"));
                }
                shown = Some((&job.name, &job.sources));
            }
        }
        if !job.databases.is_empty() {
            let dbs: Vec<String> = job
                .databases
                .iter()
                .map(|d| {
                    let mut notes = Vec::new();
                    if d.is_pattern() {
                        notes.push(t("Muster", "pattern"));
                    }
                    if d.optional {
                        notes.push("optional");
                    }
                    if d.filestream {
                        notes.push("FILESTREAM");
                    }
                    if notes.is_empty() {
                        d.name.clone()
                    } else {
                        format!("{} ({})", d.name, notes.join(", "))
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "    {}: {}",
                t("Datenbanken", "Databases"),
                dbs.join(", ")
            );
        }
    }

    let _ = writeln!(out, "\nSQL Server:");
    match &cfg.sqlserver {
        None if cfg.jobs.values().any(|j| !j.databases.is_empty()) => {
            let _ = writeln!(
                out,
                "  {}",
                t(
                    "WARNUNG: Profile nennen Datenbanken, aber `sqlserver:` fehlt – Datenbanken werden nicht gesichert",
                    "WARNING: profiles list databases but `sqlserver:` is missing – databases will not be backed up"
                )
            );
        }
        None => {
            let _ = writeln!(out, "  {}", t("(nicht konfiguriert)", "(not configured)"));
        }
        Some(sql) => {
            let target = match &sql.target {
                SqlTarget::ConnectionString(_) => {
                    t("Verbindungszeichenfolge", "connection string").to_string()
                }
                SqlTarget::Server {
                    host,
                    instance,
                    port,
                    auth,
                } => {
                    let mut s = host.clone();
                    if let Some(i) = instance {
                        s = format!("{s}\\{i}");
                    }
                    if let Some(p) = port {
                        s = format!("{s},{p}");
                    }
                    let how = match auth {
                        SqlAuth::Windows => {
                            t("Windows-Anmeldung", "Windows authentication").to_string()
                        }
                        SqlAuth::Sql { user, .. } => {
                            format!("{} {user}", t("SQL-Anmeldung", "SQL login"))
                        }
                    };
                    format!("{s} ({how})")
                }
            };
            let _ = writeln!(out, "  {target}");
            let _ = writeln!(
                out,
                "  staging: {} → {} [{}]",
                sql.staging_for_server,
                sql.staging.display(),
                exists(sql.staging.exists(), lang)
            );
        }
    }

    let _ = writeln!(out, "\n{}:", t("Schlüssel", "Keys"));
    let _ = writeln!(
        out,
        "  {}: {} [{}]",
        t("Maschinenschlüssel", "machine key"),
        cfg.keys.machine.display(),
        exists(cfg.keys.machine.exists(), lang)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        t("Wiederherstellungsschlüssel", "recovery keys"),
        cfg.keys.recovery.len()
    );
    if cfg.keys.recovery.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            t(
                "WARNUNG: kein Wiederherstellungsschlüssel – fällt der Server aus, sind die Sicherungen nicht mehr lesbar",
                "WARNING: no recovery key – if the server is lost, the backups cannot be read"
            )
        );
    }

    let _ = writeln!(out);
    if missing_required == 0 {
        let _ = writeln!(
            out,
            "{}",
            t(
                "Alle erforderlichen Pfade sind vorhanden.",
                "All required paths exist."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{}: {missing_required}",
            t(
                "WARNUNG: erforderliche Pfade fehlen",
                "WARNING: required paths missing"
            )
        );
    }
    out
}

fn exists(found: bool, lang: Language) -> &'static str {
    match found {
        true => lang.pick("vorhanden", "found"),
        false => lang.pick("fehlt", "missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::demo::demo;
    use super::*;

    #[test]
    fn report_flags_missing_required_paths() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("C/DConcept/DEDATA")).unwrap();
        std::fs::create_dir_all(tmp.path().join("RDX")).unwrap();
        let cfg = demo(tmp.path()).unwrap();
        let de = check_report(&cfg, Language::De);
        assert!(de.contains("Praxis: Demo-Praxis Dr. Beispiel"), "{de}");
        assert!(
            de.contains("[vorhanden] x.concept: DEDATA (C/DConcept/DEDATA)"),
            "{de}"
        );
        assert!(
            de.contains("[FEHLT, erforderlich] x.concept: DETEXT"),
            "{de}"
        );
        assert!(de.contains("[fehlt, optional] x.concept: DEZIFF"), "{de}");
        assert!(de.contains("Quellen: wie bei"), "{de}");
        assert!(de.contains("medatixx* (Muster, FILESTREAM)"), "{de}");
        assert!(
            de.contains("WARNUNG: kein Wiederherstellungsschlüssel"),
            "{de}"
        );
        assert!(
            de.contains("WARNUNG: erforderliche Pfade fehlen: 3"),
            "{de}"
        );
        let en = check_report(&cfg, Language::En);
        assert!(
            en.contains("[MISSING, required] medatixx: medatixx.lic"),
            "{en}"
        );
        assert!(en.contains("rdx: E:\\ → "), "{en}");
    }
}

//! `tresor config check`: a human summary of what the config will do on this
//! host — practice, profiles, each job's sources with their resolved paths and
//! whether they exist, databases, destinations, keys. Missing required paths
//! are flagged.

use std::fmt::Write;
use std::path::Path;

use super::model::{
    Config, DestinationKind, FileSource, LockMode, S3Credentials, S3Destination, SecretSource,
    SqlAuth, SqlTarget,
};
use super::profiles::Profile;
use crate::i18n::Language;
use crate::tr;

/// What `config check` found: the text, and whether the configuration
/// would leave something required out of the backup (`failed`: exit 2) or
/// has something else a person must see (`warnings`: exit 1).
pub struct Checked {
    pub text: String,
    /// A required folder is missing or a required database has no server:
    /// the backup would NOT save it.
    pub failed: bool,
    /// E.g. no recovery key.
    pub warnings: bool,
    /// The lines of `text` that make it fail or warn (a missing required
    /// folder, a database without server, no recovery key, the verdict):
    /// what `config check -q` still prints, since the error refers to them.
    pub problems: Vec<String>,
}

/// The state of a destination folder, as the caller (which knows what a
/// repository looks like) determines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Medium {
    /// The folder is not there (medium not inserted, share not connected).
    Absent,
    /// The folder exists but holds no repository: `tresor init` sets it up.
    Blank,
    /// A repository is there.
    SetUp,
}

/// The summary text, in `lang`, with destinations judged by existence only.
pub fn check_report(cfg: &Config, lang: Language) -> String {
    check(cfg, lang, &|p: &Path| {
        if p.is_dir() {
            Medium::SetUp
        } else {
            Medium::Absent
        }
    })
    .text
}

/// The summary and its verdict; `medium` says whether a destination folder
/// is set up.
pub fn check(cfg: &Config, lang: Language, medium: &dyn Fn(&Path) -> Medium) -> Checked {
    check_with(cfg, lang, medium, &[])
}

/// [`check`] with warnings found elsewhere (recovery recipients the
/// installation identity lacks), shown under the keys.
pub fn check_with(
    cfg: &Config,
    lang: Language,
    medium: &dyn Fn(&Path) -> Medium,
    key_warnings: &[String],
) -> Checked {
    let mut out = String::new();
    let mut required_paths = 0usize;
    let mut empty_jobs: Vec<&str> = Vec::new();
    let mut missing_required = 0usize;
    let mut warnings = false;
    let mut problems: Vec<String> = Vec::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(lang, "outcome-config-practice", practice = &cfg.practice)
    );
    let _ = writeln!(
        out,
        "{}",
        tr!(lang, "outcome-config-origin", origin = &cfg.origin)
    );
    let _ = writeln!(
        out,
        "{}",
        tr!(
            lang,
            "outcome-config-language",
            language = cfg.language.code()
        )
    );
    let profiles: Vec<&str> = cfg.profiles.iter().map(|p| p.name.as_str()).collect();
    let profiles = if profiles.is_empty() {
        tr!(lang, "outcome-config-none")
    } else {
        profiles.join(", ")
    };
    let _ = writeln!(
        out,
        "{}",
        tr!(lang, "outcome-config-profiles", profiles = profiles)
    );

    let _ = writeln!(out, "\n{}", tr!(lang, "outcome-config-destinations"));
    for d in cfg.destinations.values() {
        match &d.kind {
            DestinationKind::Local { path, display } => {
                let state = match medium(path) {
                    Medium::SetUp => tr!(lang, "outcome-config-dest-set-up"),
                    Medium::Blank => tr!(lang, "outcome-config-dest-blank", name = &d.name),
                    Medium::Absent => tr!(lang, "outcome-config-dest-absent"),
                };
                let _ = writeln!(
                    out,
                    "  {}: {display} → {} [{state}]",
                    d.name,
                    path.display()
                );
            }
            DestinationKind::S3(s3) => {
                let _ = writeln!(out, "  {}: {}", d.name, s3_line(s3, lang));
                let _ = writeln!(
                    out,
                    "    [{}]",
                    tr!(lang, "config-check-s3-unchecked", name = &d.name)
                );
            }
        }
    }

    let _ = writeln!(out, "\n{}", tr!(lang, "outcome-config-jobs"));
    let mut shown: Option<(&str, &[FileSource])> = None;
    for job in cfg.jobs.values() {
        if job.sources.is_empty() && job.databases.is_empty() {
            empty_jobs.push(&job.name);
        }
        required_paths += job.sources.iter().filter(|s| !s.optional).count();
        let r = &job.retention;
        let copy_only = if job.copy_only {
            tr!(lang, "outcome-config-copy-only")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                lang,
                "outcome-config-job",
                name = &job.name,
                destination = &job.destination,
                copy_only = copy_only,
                last = r.keep_last,
                daily = r.keep_daily,
                weekly = r.keep_weekly,
                monthly = r.keep_monthly,
                yearly = r.keep_yearly
            )
        );
        let schedule = match job.schedule.next_after(&chrono::Local::now()) {
            Some(at) => {
                let line = job.schedule.as_written();
                tr!(
                    lang,
                    "outcome-config-schedule",
                    line = line,
                    days = days_in_words(lang, line),
                    times = times_in_words(line),
                    next = at.format("%d.%m.%Y %H:%M").to_string()
                )
            }
            None => tr!(lang, "outcome-config-schedule-manual"),
        };
        let _ = writeln!(out, "    {schedule}");
        match shown {
            Some((first, sources)) if sources == job.sources.as_slice() => {
                let _ = writeln!(
                    out,
                    "    {}",
                    tr!(lang, "outcome-config-sources-same", job = first)
                );
            }
            _ => {
                let _ = writeln!(out, "    {}", tr!(lang, "outcome-config-sources"));
                for s in &job.sources {
                    let found = s.path.exists();
                    if !found && !s.optional {
                        missing_required += 1;
                    }
                    let state = match (found, s.optional) {
                        (true, _) => tr!(lang, "outcome-config-source-found"),
                        (false, true) => tr!(lang, "outcome-config-source-optional"),
                        (false, false) => tr!(lang, "outcome-config-source-required"),
                    };
                    let line = format!(
                        "      [{state}] {} ({}) → {}",
                        s.label,
                        s.snapshot_path,
                        s.path.display()
                    );
                    if !found && !s.optional {
                        problems.push(line.clone());
                    }
                    let _ = writeln!(out, "{line}");
                }
                if job.sources.is_empty() {
                    let _ = writeln!(out, "      {}", tr!(lang, "outcome-config-none"));
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
                        notes.push(tr!(lang, "outcome-config-db-pattern"));
                    }
                    if d.optional {
                        notes.push(tr!(lang, "outcome-config-db-optional"));
                    }
                    if d.filestream {
                        notes.push("FILESTREAM".to_string());
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
                "    {}",
                tr!(lang, "outcome-config-databases", list = dbs.join(", "))
            );
        }
    }

    if let Some(r) = &cfg.rotation {
        rotation_section(&mut out, r, lang);
    }

    let _ = writeln!(out, "\nSQL Server:");
    let mut unconfigured = 0usize;
    match &cfg.sqlserver {
        None => {
            // The databases of all jobs, once each: what no backup will save.
            let mut seen: Vec<&str> = Vec::new();
            for d in cfg.jobs.values().flat_map(|j| &j.databases) {
                if seen.iter().any(|n| n.eq_ignore_ascii_case(&d.name)) {
                    continue;
                }
                seen.push(&d.name);
                let profiles = Profile::needing(&cfg.profiles, &d.name).join(", ");
                if d.optional {
                    let _ = writeln!(
                        out,
                        "  {}",
                        tr!(
                            lang,
                            "outcome-db-optional-not-configured",
                            database = &d.name,
                            profiles = profiles
                        )
                    );
                } else {
                    unconfigured += 1;
                    let line = tr!(
                        lang,
                        "outcome-config-db-not-configured",
                        database = &d.name,
                        profiles = profiles
                    );
                    let _ = writeln!(out, "  {line}");
                    problems.push(format!("  {line}"));
                }
            }
            if unconfigured > 0 {
                let _ = writeln!(
                    out,
                    "  {}",
                    tr!(lang, "outcome-db-configure-hint", count = unconfigured)
                );
                let _ = writeln!(out, "  {SQLSERVER_EXAMPLE}");
            } else if seen.is_empty() {
                let _ = writeln!(out, "  {}", tr!(lang, "outcome-config-sqlserver-none"));
            }
        }
        Some(sql) => {
            let target = match &sql.target {
                SqlTarget::ConnectionString(_) => tr!(lang, "outcome-config-connection-string"),
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
                        SqlAuth::Windows => tr!(lang, "outcome-config-windows-auth"),
                        SqlAuth::Sql { user, .. } => {
                            tr!(lang, "outcome-config-sql-login", user = user)
                        }
                    };
                    format!("{s} ({how})")
                }
            };
            let _ = writeln!(out, "  {target}");
            let _ = writeln!(
                out,
                "  {}",
                tr!(
                    lang,
                    "outcome-config-staging",
                    server_path = &sql.staging_for_server,
                    path = sql.staging.display().to_string(),
                    state = exists(sql.staging.exists(), lang)
                )
            );
        }
    }

    let _ = writeln!(out, "\n{}", tr!(lang, "mail-config-heading"));
    for line in super::mail::check_lines(cfg.mail.as_ref(), lang) {
        let _ = writeln!(out, "  {line}");
    }

    let _ = writeln!(out, "\n{}", tr!(lang, "outcome-config-keys"));
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            lang,
            "outcome-config-machine-key",
            path = cfg.keys.machine.display().to_string(),
            state = exists(cfg.keys.machine.exists(), lang)
        )
    );
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            lang,
            "outcome-config-recovery-keys",
            count = cfg.keys.recovery.len()
        )
    );
    if cfg.keys.recovery.is_empty() {
        warnings = true;
        let line = tr!(lang, "outcome-config-no-recovery-key");
        let _ = writeln!(out, "  {line}");
        problems.push(format!("  {line}"));
    }
    for w in key_warnings {
        warnings = true;
        let line = tr!(lang, "outcome-config-warning", text = w);
        let _ = writeln!(out, "  {line}");
        problems.push(format!("  {line}"));
    }

    // The verdict says "all there" only when it is true.
    let _ = writeln!(out);
    if !empty_jobs.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "outcome-config-nothing-to-back-up",
                count = empty_jobs.len(),
                jobs = empty_jobs.join(", ")
            )
        );
        let _ = writeln!(out, "  {}", tr!(lang, "outcome-nothing-configured-hint"));
    }
    if missing_required == 0 {
        // "All there" only when something required was looked for.
        if required_paths > 0 {
            let _ = writeln!(out, "{}", tr!(lang, "outcome-config-all-paths"));
        }
    } else {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "outcome-config-paths-missing",
                count = missing_required
            )
        );
    }
    if unconfigured > 0 {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "outcome-config-databases-not-configured",
                count = unconfigured
            )
        );
    }
    let failed = missing_required > 0 || unconfigured > 0 || !empty_jobs.is_empty();
    if warnings && !failed {
        let _ = writeln!(out, "{}", tr!(lang, "outcome-config-warnings"));
    }
    if failed || warnings {
        // The verdict lines: everything after the last empty line.
        let verdict = out.trim_end().rsplit("\n\n").next().unwrap_or_default();
        problems.extend(verdict.lines().map(str::to_string));
    }
    Checked {
        text: out,
        failed,
        warnings,
        problems,
    }
}

/// The `sqlserver:` example of the hint (YAML, not translated).
const SQLSERVER_EXAMPLE: &str =
    "sqlserver: { connection: 'Data Source=.\\MEDATIXX;Integrated Security=True', staging: 'C:\\tresor\\staging' }";

/// `Mon-Fri` → "Mo–Fr", `Mon,Wed,Fri` → "Mo, Mi, Fr", `*` → "täglich".
/// The rotation plan: destination, day boundary, policy, every cartridge.
fn rotation_section(out: &mut String, r: &super::rotation::Rotation, lang: Language) {
    use super::rotation::{day_short, time_text, Kept, WrongMedium};
    let policy = match r.wrong_medium {
        WrongMedium::Warn => tr!(lang, "media-config-wrong-warn"),
        WrongMedium::Refuse => tr!(lang, "media-config-wrong-refuse"),
    };
    let _ = writeln!(
        out,
        "\n{}",
        tr!(
            lang,
            "media-config-rotation",
            destination = &r.destination,
            plan = r.plan.name(),
            count = r.cartridges.len(),
            starts = time_text(r.day_starts),
            policy = policy,
            eject = if r.eject { "yes" } else { "no" }
        )
    );
    let width = r
        .cartridges
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &r.cartridges {
        let days: Vec<String> = c.weekdays.iter().map(|d| day_short(lang, *d)).collect();
        let kept = match c.kept {
            Kept::Home => tr!(lang, "media-cli-kept-home"),
            Kept::Practice => tr!(lang, "media-cli-kept-practice"),
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:<12} {:<12} {kept}",
            c.name,
            c.job,
            days.join(", ")
        );
    }
}

fn days_in_words(lang: Language, line: &str) -> String {
    let days = line.split_whitespace().nth(4).unwrap_or("*");
    if days == "*" {
        return tr!(lang, "outcome-config-every-day");
    }
    let day = |d: &str| tr!(lang, "outcome-config-day", day = d.to_ascii_lowercase());
    days.split(',')
        .map(|part| match part.split_once('-') {
            Some((a, b)) => format!("{}–{}", day(a), day(b)),
            None => day(part),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `30 22` → "22:30"; `0 12,23` → "12:00, 23:00".
fn times_in_words(line: &str) -> String {
    let mut fields = line.split_whitespace();
    let (minutes, hours) = (fields.next().unwrap_or("0"), fields.next().unwrap_or("0"));
    let mut out = Vec::new();
    for h in hours.split(',') {
        for m in minutes.split(',') {
            let (h, m) = (h.parse::<u32>().unwrap_or(0), m.parse::<u32>().unwrap_or(0));
            out.push(format!("{h:02}:{m:02}"));
        }
    }
    out.join(", ")
}

fn exists(found: bool, lang: Language) -> String {
    match found {
        true => tr!(lang, "outcome-config-found"),
        false => tr!(lang, "outcome-config-missing"),
    }
}

/// An S3 destination in one line: where, which German region, credentials
/// (never the secret), Object Lock. `config check` does not connect: it must
/// stay fast and work offline; `tresor snapshots --destination NAME` (or
/// `init`) is the connection test.
fn s3_line(s3: &S3Destination, lang: Language) -> String {
    let region = if s3.provider == super::region::Provider::SelfHosted {
        tr!(lang, "config-check-s3-self-hosted")
    } else {
        tr!(
            lang,
            "config-check-s3-region",
            provider = s3.provider.name(),
            region = s3.region.as_str()
        )
    };
    let credentials = match &s3.credentials {
        S3Credentials::Standard => tr!(lang, "config-check-s3-credentials-standard"),
        S3Credentials::Key {
            access_key_id,
            secret: SecretSource::Inline(_),
        } => tr!(
            lang,
            "config-check-s3-credentials-inline",
            id = access_key_id.as_str()
        ),
        S3Credentials::Key {
            access_key_id,
            secret: SecretSource::Env(var),
        } => {
            let set = std::env::var_os(var).is_some();
            tr!(
                lang,
                "config-check-s3-credentials-env",
                id = access_key_id.as_str(),
                var = var.as_str(),
                set = if set { "yes" } else { "no" }
            )
        }
    };
    let lock = match s3.object_lock {
        None => tr!(lang, "config-check-s3-no-lock"),
        Some(l) => tr!(
            lang,
            "config-check-s3-lock",
            mode = match l.mode {
                LockMode::Compliance => "compliance",
                LockMode::Governance => "governance",
            },
            days = l.days
        ),
    };
    format!(
        "{} · {region} · {credentials} · {lock}",
        crate::storage::s3::location_of(s3)
    )
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
            de.contains("FEHLER: 3 erforderliche Pfade fehlen – sie würden NICHT gesichert."),
            "{de}"
        );
        assert!(
            !de.contains("Alle erforderlichen Pfade sind vorhanden"),
            "{de}"
        );
        assert!(
            de.contains("Zeitplan: Mo–Fr um 22:30 Uhr (nächster Lauf "),
            "{de}"
        );
        assert!(
            de.contains("Zeitplan: keiner, wird von Hand gestartet"),
            "{de}"
        );
        assert!(
            de.contains("Die Datenbank medatixx* wird NICHT gesichert: in tresor.yaml fehlt der Abschnitt `sqlserver:` (das Profil medatixx braucht sie)."),
            "{de}"
        );
        let checked = check(&cfg, Language::De, &|_| Medium::Blank);
        assert!(checked.failed && checked.warnings);
        assert!(
            checked.text.contains("rdx: E:\\ → ")
                && checked.text.contains(
                    "[vorhanden, aber nicht eingerichtet: tresor init --destination rdx]"
                ),
            "{}",
            checked.text
        );
        let en = check_report(&cfg, Language::En);
        assert!(
            en.contains("[MISSING, required] medatixx: medatixx.lic"),
            "{en}"
        );
        assert!(en.contains("rdx: E:\\ → "), "{en}");
    }
}

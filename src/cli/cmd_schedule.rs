//! `tresor schedule install|show|remove`: every job with a weekly schedule
//! becomes a Task Scheduler task `\tresor\<job>` (Windows) or a systemd
//! timer (Linux); the Feierabend job gets a desktop shortcut instead; `show`
//! lists the next runs; `remove` removes everything tresor installed. The
//! texts and command lines come from `schedule`; this file writes the files
//! and runs `schtasks` and `powershell` (on Windows only) and `systemctl`
//! (see [`runs_systemctl`]).

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone};
use serde::Serialize;

use crate::config::{Config, Language, Schedule};
use crate::error::{exit, Error};
use crate::schedule::next::Planned;
use crate::schedule::schtasks::{self, Invocation};
use crate::schedule::task_xml::{self, RunAs, TaskSpec};
use crate::schedule::{next, shortcut, systemd, ScheduleError, Weekly};
use crate::tr;

use super::args::{
    ScheduleAction, ScheduleArgs, ScheduleInstallArgs, ScheduleRemoveArgs, ScheduleShowArgs,
    Scheduler, SchedulerArgs,
};
use super::context::{default_config_path, Ctx};
use super::{output, Outcome};

/// The job that gets the desktop shortcut (started by staff, DESIGN.md).
const SHORTCUT_JOB: &str = "feierabend";

pub fn run(ctx: &Ctx, a: &ScheduleArgs, config: Option<&Path>) -> Result<Outcome, Error> {
    // `remove` needs no configuration: it removes what is installed.
    if let ScheduleAction::Remove(r) = &a.action {
        return remove(ctx.lang, r);
    }
    let cfg = ctx.need_config()?;
    let place = Place::of(config);
    match &a.action {
        ScheduleAction::Install(i) => install(ctx.lang, cfg, &place, i),
        ScheduleAction::Show(s) => show(ctx.lang, cfg, s),
        ScheduleAction::Remove(r) => remove(ctx.lang, r),
    }
}

/// Where tresor and its configuration are.
struct Place {
    /// tresor's own path.
    program: String,
    /// `--config FILE` when the configuration is not at the default place.
    config_args: Vec<String>,
    /// The configuration's folder: the tasks' working directory.
    folder: PathBuf,
}

impl Place {
    fn of(config: Option<&Path>) -> Place {
        let program = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "tresor".into());
        let default = default_config_path();
        let file = config.map(Path::to_path_buf).unwrap_or(default.clone());
        let file = std::path::absolute(&file).unwrap_or(file);
        let config_args = if file == default {
            Vec::new()
        } else {
            vec!["--config".into(), file.display().to_string()]
        };
        let folder = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Place {
            program,
            config_args,
            folder,
        }
    }

    fn backup_args(&self, job: &str) -> Vec<String> {
        let mut args = self.config_args.clone();
        args.extend(["backup".into(), "--job".into(), job.to_string()]);
        args
    }
}

fn scheduler(t: &SchedulerArgs) -> Scheduler {
    t.scheduler.unwrap_or(if cfg!(windows) {
        Scheduler::Windows
    } else {
        Scheduler::Systemd
    })
}

/// What one job got (the JSON document's `jobs`).
#[derive(Serialize, Default)]
struct JobReport {
    job: String,
    schedule: String,
    /// Files written (or that would be, with --dry-run).
    files: Vec<String>,
    /// Command lines run (or to run).
    commands: Vec<String>,
}

fn unsupported(lang: Language, job: &str, e: &ScheduleError) -> Error {
    let reason = match e {
        ScheduleError::NotWeekly { part, line } => {
            let part = match *part {
                "day of month" => tr!(lang, "schedule-part-day-of-month"),
                "month" => tr!(lang, "schedule-part-month"),
                "year" => tr!(lang, "schedule-part-year"),
                _ => tr!(lang, "schedule-part-second"),
            };
            tr!(
                lang,
                "schedule-not-weekly",
                part = part,
                line = line.as_str()
            )
        }
        ScheduleError::TooManyTimes { line, count } => tr!(
            lang,
            "schedule-too-many-times",
            line = line.as_str(),
            count = *count,
            max = crate::schedule::MAX_TRIGGERS
        ),
    };
    Error::Refused {
        code: "schedule_unsupported",
        message: tr!(lang, "schedule-unsupported", job = job, reason = reason),
        hint: Some(tr!(lang, "schedule-unsupported-hint")),
        exit: exit::USAGE,
    }
}

fn write_failed(lang: Language, path: &Path, e: std::io::Error) -> Error {
    Error::Refused {
        code: "schedule_write",
        message: tr!(
            lang,
            "schedule-write-failed",
            path = path.display().to_string(),
            reason = e.to_string()
        ),
        hint: None,
        exit: exit::FAILED,
    }
}

/// Refuses `path` when something of that name exists that tresor did not
/// write (`ours` judges its bytes; a symlink is judged by what it points
/// to, a dangling one is not ours): a hand-written unit or task is never
/// overwritten.
fn check_ours(lang: Language, path: &Path, ours: fn(&[u8]) -> bool) -> Result<(), Error> {
    if path.symlink_metadata().is_err() {
        return Ok(());
    }
    if std::fs::read(path).is_ok_and(|b| ours(&b)) {
        return Ok(());
    }
    Err(Error::Refused {
        code: "schedule_not_ours",
        message: tr!(lang, "schedule-not-ours", file = path.display().to_string()),
        hint: Some(tr!(lang, "schedule-not-ours-hint")),
        exit: exit::FAILED,
    })
}

/// Writes a file tresor owns: after [`check_ours`], into a new temporary
/// file beside it, then renamed over the name — a symlink planted there is
/// replaced, never written through.
fn write_file(
    lang: Language,
    path: &Path,
    bytes: &[u8],
    ours: fn(&[u8]) -> bool,
) -> Result<(), Error> {
    check_ours(lang, path, ours)?;
    let failed = |e: std::io::Error| write_failed(lang, path, e);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A dot name without the unit suffix: systemd does not load it.
    let tmp = dir.join(format!(".{name}.tresor-tmp"));
    // A leftover (or a planted link) goes; create_new never follows one.
    let _ = std::fs::remove_file(&tmp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
}

fn remove_file(lang: Language, path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(write_failed(lang, path, e)),
        _ => Ok(()),
    }
}

/// Runs a Windows tool; its output is the error's detail when it fails.
fn execute(lang: Language, inv: &Invocation) -> Result<(), Error> {
    // stdin stays the console's: `schtasks /RP *` reads the password there.
    let out = std::process::Command::new(&inv.program)
        .args(&inv.args)
        .stdin(std::process::Stdio::inherit())
        .output();
    let (code, detail) = match out {
        Ok(o) if o.status.success() => return Ok(()),
        Ok(o) => (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&[o.stdout, o.stderr].concat())
                .trim()
                .to_string(),
        ),
        Err(e) => (-1, e.to_string()),
    };
    Err(Error::Refused {
        code: "schedule_command",
        message: tr!(
            lang,
            "schedule-command-failed",
            command = inv.display(),
            code = code,
            output = detail
        ),
        hint: Some(tr!(lang, "schedule-command-hint")),
        exit: exit::FAILED,
    })
}

/// Runs `inv` on Windows unless `dry_run`; otherwise says what to run.
fn run_or_print(lang: Language, inv: &Invocation, dry_run: bool) -> Result<(), Error> {
    let command = inv.display();
    if dry_run {
        println!("{}", tr!(lang, "schedule-would-run", command = command));
    } else if cfg!(windows) {
        execute(lang, inv)?;
        println!("{}", tr!(lang, "schedule-ran", command = command));
    } else {
        println!(
            "{}",
            tr!(lang, "schedule-run-on-windows", command = command)
        );
    }
    Ok(())
}

/// The scheduled jobs with their weekly plans; manual jobs are `None`.
fn plans(lang: Language, cfg: &Config) -> Result<Vec<(String, Option<Weekly>)>, Error> {
    cfg.jobs
        .iter()
        .map(|(name, job)| {
            Weekly::of(&job.schedule)
                .map(|w| (name.clone(), w))
                .map_err(|e| unsupported(lang, name, &e))
        })
        .collect()
}

fn shortcut_of(lang: Language, place: &Place, job: &str) -> shortcut::Shortcut {
    shortcut::Shortcut {
        name: tr!(lang, "schedule-shortcut-name"),
        target: place.program.clone(),
        arguments: schtasks::join(&place.backup_args(job)),
        working_directory: place.folder.display().to_string(),
        description: tr!(lang, "schedule-shortcut-description"),
    }
}

fn install(
    lang: Language,
    cfg: &Config,
    place: &Place,
    a: &ScheduleInstallArgs,
) -> Result<Outcome, Error> {
    let plans = plans(lang, cfg)?;
    let dry = a.target.dry_run;
    let mut reports = Vec::new();
    let mut timers = Vec::new();
    for (job, weekly) in &plans {
        let mut report = JobReport {
            job: job.clone(),
            schedule: cfg.jobs[job].schedule.as_written().to_string(),
            ..Default::default()
        };
        let Some(weekly) = weekly else {
            println!("{}", tr!(lang, "schedule-manual", job = job.as_str()));
            reports.push(report);
            continue;
        };
        match scheduler(&a.target) {
            Scheduler::Windows => {
                let dir = a
                    .target
                    .xml_dir
                    .clone()
                    .unwrap_or_else(|| place.folder.join("tasks"));
                let file = dir.join(format!("tresor-{job}.xml"));
                let spec = TaskSpec {
                    job: job.clone(),
                    weekly: weekly.clone(),
                    start: crate::clock::now().date_naive(),
                    command: place.program.clone(),
                    arguments: schtasks::join(&place.backup_args(job)),
                    working_directory: place.folder.display().to_string(),
                    run_as: a.run_as.clone().map_or(RunAs::System, RunAs::User),
                    time_limit_hours: a.time_limit,
                    restart_minutes: 15,
                    restart_count: 3,
                    description: tr!(lang, "schedule-task-description", job = job.as_str()),
                };
                let path = file.display().to_string();
                if dry {
                    println!(
                        "{}",
                        tr!(lang, "schedule-would-write", file = path.as_str())
                    );
                    // As written (the file is UTF-16; shown here as text).
                    print!("{}", task_xml::render(&spec, task_xml::Encoding::Utf16));
                } else {
                    write_file(lang, &file, &task_xml::utf16_file(&spec), task_xml::is_ours)?;
                    println!(
                        "{}",
                        tr!(
                            lang,
                            "schedule-task-written",
                            job = job.as_str(),
                            schedule = weekly.line.as_str(),
                            file = path.as_str()
                        )
                    );
                }
                let inv = schtasks::create(job, &path, a.run_as.as_deref());
                if let (Some(user), false, true) = (&a.run_as, dry, cfg!(windows)) {
                    // schtasks' own prompt goes to its captured output.
                    eprintln!(
                        "{}",
                        tr!(lang, "schedule-password-prompt", user = user.as_str())
                    );
                }
                run_or_print(lang, &inv, dry)?;
                report.files.push(path);
                report.commands.push(inv.display());
            }
            Scheduler::Systemd => {
                let dir = unit_dir(&a.target);
                let folder = place.folder.display().to_string();
                let units = systemd::units(
                    job,
                    weekly,
                    &place.program,
                    &place.backup_args(job),
                    &folder,
                    a.time_limit,
                )
                .ok_or_else(|| Error::Refused {
                    code: "schedule_unit_path",
                    message: tr!(lang, "schedule-unit-path", folder = folder.as_str()),
                    hint: Some(tr!(lang, "schedule-unit-path-hint")),
                    exit: exit::USAGE,
                })?;
                // Every file checked before the first is written.
                for u in &units {
                    check_ours(lang, &dir.join(&u.name), systemd::is_ours)?;
                }
                for u in &units {
                    let path = dir.join(&u.name);
                    if dry {
                        println!(
                            "{}",
                            tr!(
                                lang,
                                "schedule-would-write",
                                file = path.display().to_string()
                            )
                        );
                        print!("{}", u.text);
                    } else {
                        write_file(lang, &path, u.text.as_bytes(), systemd::is_ours)?;
                        println!(
                            "{}",
                            tr!(
                                lang,
                                "schedule-unit-written",
                                job = job.as_str(),
                                file = path.display().to_string()
                            )
                        );
                    }
                    report.files.push(path.display().to_string());
                }
                timers.push(units[1].name.clone());
            }
        }
        reports.push(report);
    }
    let windows = scheduler(&a.target) == Scheduler::Windows;
    let mut cleanup = Vec::new();
    if windows {
        // Tasks of jobs renamed, deleted or made manual since the last install.
        let keep: Vec<String> = plans
            .iter()
            .filter(|(_, w)| w.is_some())
            .map(|(j, _)| j.clone())
            .collect();
        let inv = shortcut::powershell(&schtasks::unregister_script(&keep));
        run_or_print(lang, &inv, dry)?;
        cleanup.push(inv.display());
    } else {
        // Units of jobs no longer scheduled: disabled before their files go.
        let dir = unit_dir(&a.target);
        let wanted: Vec<String> = reports.iter().flat_map(|r| r.files.clone()).collect();
        let stale: Vec<String> = ours(&dir)
            .into_iter()
            .filter(|n| !wanted.contains(&dir.join(n).display().to_string()))
            .collect();
        let stale_timers: Vec<String> = stale
            .iter()
            .filter(|n| n.ends_with(".timer"))
            .cloned()
            .collect();
        let exec = runs_systemctl(&a.target);
        let steps = if exec || dry {
            systemd::install_steps(&systemd::systemctl_program(), &stale_timers, &timers)
        } else {
            systemd::steps_after_files(&systemd::systemctl_program(), &stale_timers, &timers)
        };
        cleanup.extend(systemctl_steps(lang, &steps.before, exec, dry)?);
        cleanup.extend(delete_units(lang, &dir, &stale, dry)?);
        cleanup.extend(systemctl_steps(lang, &steps.after, exec, dry)?);
    }
    if windows && cfg.jobs.contains_key(SHORTCUT_JOB) {
        let s = shortcut_of(lang, place, SHORTCUT_JOB);
        let script = shortcut::create_script(&s);
        println!(
            "{}",
            tr!(
                lang,
                "schedule-shortcut",
                name = s.name.as_str(),
                job = SHORTCUT_JOB
            )
        );
        if dry {
            println!("{script}");
        }
        let inv = shortcut::powershell(&script);
        run_or_print(lang, &inv, dry)?;
        if let Some(r) = reports.iter_mut().find(|r| r.job == SHORTCUT_JOB) {
            r.commands.push(inv.display());
        }
    } else if windows {
        // The Feierabend job is gone: so is its shortcut.
        cleanup.push(remove_shortcuts(lang, dry)?);
    }
    output::field("scheduler", if windows { "windows" } else { "systemd" });
    output::field("dry_run", dry);
    output::field("jobs", &reports);
    output::field("cleanup", &cleanup);
    Ok(Outcome::Ok)
}

fn unit_dir(t: &SchedulerArgs) -> PathBuf {
    t.unit_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(systemd::DEFAULT_UNIT_DIR))
}

/// Removes everything tresor installed, whatever the configuration says
/// now: every task in the `\tresor\` folder (see
/// [`schtasks::unregister_script`] for why the folder), the shortcut in
/// either language, every unit file in the unit folder that `install` wrote
/// (prefix `tresor-` and its first line).
fn remove(lang: Language, a: &ScheduleRemoveArgs) -> Result<Outcome, Error> {
    let dry = a.target.dry_run;
    let mut removed: Vec<String> = Vec::new();
    match scheduler(&a.target) {
        Scheduler::Windows => {
            let inv = shortcut::powershell(&schtasks::unregister_script(&[]));
            run_or_print(lang, &inv, dry)?;
            removed.push(format!(r"\{}\*", schtasks::FOLDER));
            removed.push(remove_shortcuts(lang, dry)?);
        }
        Scheduler::Systemd => {
            let dir = unit_dir(&a.target);
            let names = ours(&dir);
            let timers: Vec<String> = names
                .iter()
                .filter(|n| n.ends_with(".timer"))
                .cloned()
                .collect();
            if names.is_empty() {
                println!("{}", tr!(lang, "schedule-nothing-installed"));
                output::field("dry_run", dry);
                output::field("removed", &removed);
                return Ok(Outcome::Ok);
            }
            let exec = runs_systemctl(&a.target);
            // Printed lines come in the order they are to be run: after
            // the files are gone when tresor does not run systemctl.
            let steps = if exec || dry {
                systemd::remove_steps(&systemd::systemctl_program(), &timers)
            } else {
                systemd::steps_after_files(&systemd::systemctl_program(), &timers, &[])
            };
            systemctl_steps(lang, &steps.before, exec, dry)?;
            removed.extend(delete_units(lang, &dir, &names, dry)?);
            systemctl_steps(lang, &steps.after, exec, dry)?;
        }
    }
    output::field("dry_run", dry);
    output::field("removed", &removed);
    Ok(Outcome::Ok)
}

/// Removes the desktop shortcut under its name in either language (the
/// language may have changed since `install`). Returns the command line.
fn remove_shortcuts(lang: Language, dry: bool) -> Result<String, Error> {
    let mut script = String::new();
    for l in [Language::De, Language::En] {
        script.push_str(&shortcut::remove_script(&tr!(l, "schedule-shortcut-name")));
    }
    let inv = shortcut::powershell(&script);
    run_or_print(lang, &inv, dry)?;
    Ok(inv.display())
}

/// Whether tresor runs `systemctl` itself: not with --dry-run, and with
/// --unit-dir only when `TRESOR_SYSTEMCTL` names the program (a folder of
/// one's own is not the running systemd's: the lines are printed).
fn runs_systemctl(t: &SchedulerArgs) -> bool {
    !t.dry_run && (t.unit_dir.is_none() || std::env::var_os("TRESOR_SYSTEMCTL").is_some())
}

/// Runs (or prints) `systemctl` calls in order; returns their lines.
fn systemctl_steps(
    lang: Language,
    steps: &[Invocation],
    exec: bool,
    dry: bool,
) -> Result<Vec<String>, Error> {
    let mut lines = Vec::new();
    for inv in steps {
        let line = systemd::shell_line(inv);
        if exec {
            execute(lang, inv)?;
            println!("{}", tr!(lang, "schedule-ran", command = line.as_str()));
        } else if dry {
            println!(
                "{}",
                tr!(lang, "schedule-would-run", command = line.as_str())
            );
        } else {
            println!(
                "{}",
                tr!(lang, "schedule-then-run", command = line.as_str())
            );
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Deletes unit files `names` in `dir` and their `timers.target.wants`
/// links (what `disable` removes, for when systemctl was not run).
/// Returns the paths deleted (or that would be).
fn delete_units(
    lang: Language,
    dir: &Path,
    names: &[String],
    dry: bool,
) -> Result<Vec<String>, Error> {
    let mut deleted = Vec::new();
    for name in names {
        for path in [dir.join(name), dir.join("timers.target.wants").join(name)] {
            if path.symlink_metadata().is_err() {
                continue;
            }
            let file = path.display().to_string();
            if dry {
                println!(
                    "{}",
                    tr!(lang, "schedule-would-delete", file = file.as_str())
                );
            } else {
                remove_file(lang, &path)?;
                println!("{}", tr!(lang, "schedule-deleted", file = file.as_str()));
            }
            deleted.push(file);
        }
    }
    Ok(deleted)
}

/// Unit files in `dir` that `install` wrote (its first line says so).
fn ours(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("tresor-") && (n.ends_with(".timer") || n.ends_with(".service")))
        .filter(|n| {
            std::fs::read_to_string(dir.join(n)).is_ok_and(|t| systemd::is_ours(t.as_bytes()))
        })
        .collect();
    names.sort();
    names
}

#[derive(Serialize)]
struct NextRuns {
    job: String,
    schedule: String,
    next: Vec<String>,
    /// Wall-clock times (`2026-03-29T02:30:00`) the schedule names that
    /// the zone skips (spring change): no run then.
    skipped: Vec<String>,
}

fn show(lang: Language, cfg: &Config, a: &ScheduleShowArgs) -> Result<Outcome, Error> {
    let now = crate::clock::now_utc();
    let (zone_name, jobs) = match &a.timezone {
        Some(name) => {
            let tz = next::zone(name).map_err(|z| Error::Refused {
                code: "unknown_timezone",
                message: tr!(lang, "schedule-unknown-timezone", zone = z),
                hint: Some(tr!(lang, "schedule-unknown-timezone-hint")),
                exit: exit::USAGE,
            })?;
            (
                tz.name().to_string(),
                listed(lang, cfg, &now.with_timezone(&tz), a.count),
            )
        }
        // The server's zone by its IANA name, as `--timezone` would give
        // it; `local` (JSON id) when it has none.
        None => match next::server_zone() {
            Some(tz) => (
                tz.name().to_string(),
                listed(lang, cfg, &now.with_timezone(&tz), a.count),
            ),
            None => (
                "local".to_string(),
                listed(lang, cfg, &now.with_timezone(&chrono::Local), a.count),
            ),
        },
    };
    output::field("timezone", &zone_name);
    output::field("jobs", &jobs);
    Ok(Outcome::Ok)
}

/// Prints each job's next runs in the zone of `now`; returns them for JSON.
fn listed<Tz: TimeZone>(
    lang: Language,
    cfg: &Config,
    now: &DateTime<Tz>,
    count: usize,
) -> Vec<NextRuns>
where
    Tz::Offset: std::fmt::Display,
{
    let mut out = Vec::new();
    for (name, job) in &cfg.jobs {
        let schedule = job.schedule.as_written().to_string();
        let plan = next::plan(&job.schedule, now, count);
        if matches!(job.schedule, Schedule::Manual) {
            println!("{}", tr!(lang, "schedule-show-manual", job = name.as_str()));
        } else {
            println!(
                "{}",
                tr!(
                    lang,
                    "schedule-show-job",
                    job = name.as_str(),
                    schedule = schedule.as_str()
                )
            );
        }
        let mut runs = Vec::new();
        let mut skipped = Vec::new();
        for p in plan {
            let line = match p {
                Planned::Run(t) => {
                    let line = tr!(
                        lang,
                        "schedule-show-run",
                        day = crate::i18n::weekday_date(lang, t.date_naive()),
                        year = t.format("%Y").to_string(),
                        time = t.format("%H:%M").to_string(),
                        offset = t.format("%:z").to_string()
                    );
                    runs.push(t.to_rfc3339());
                    line
                }
                Planned::Skipped(wall) => {
                    skipped.push(wall.format("%Y-%m-%dT%H:%M:%S").to_string());
                    tr!(
                        lang,
                        "schedule-show-skipped",
                        day = crate::i18n::weekday_date(lang, wall.date()),
                        year = wall.format("%Y").to_string(),
                        time = wall.format("%H:%M").to_string()
                    )
                }
            };
            println!("  {line}");
        }
        out.push(NextRuns {
            job: name.clone(),
            schedule,
            next: runs,
            skipped,
        });
    }
    out
}

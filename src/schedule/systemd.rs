//! systemd units for a job on Linux: `tresor-<job>.service` (one run of
//! `tresor backup --job <job>`) and `tresor-<job>.timer` (when). Pure: builds
//! the unit texts and the `systemctl` lines; `cli::cmd_schedule` writes them.
//!
//! `OnCalendar=` syntax (`Mon..Fri *-*-* 22:30:00`, lists with `,`):
//! <https://www.freedesktop.org/software/systemd/man/latest/systemd.time.html#Calendar%20Events>;
//! `Persistent=`, `WakeSystem=`: <https://www.freedesktop.org/software/systemd/man/latest/systemd.timer.html>;
//! `ExecStart=` quoting and `%` specifiers:
//! <https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Command%20lines>.

use chrono::Weekday;

use super::schtasks::Invocation;
use super::Weekly;

/// The default folder for units the administrator installs.
pub const DEFAULT_UNIT_DIR: &str = "/etc/systemd/system";

/// The first line of every unit `install` writes: `install` overwrites and
/// `remove` deletes only files that start with it.
pub const MARKER: &str = "# Written by `tresor schedule install`";

/// Whether a unit file's bytes are one `install` wrote.
pub fn is_ours(bytes: &[u8]) -> bool {
    bytes.starts_with(MARKER.as_bytes())
}

/// A unit file: its name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `tresor-nightly.timer`.
    pub name: String,
    /// The file's content.
    pub text: String,
}

/// The unit name stem of a job: `tresor-<job>`, bytes outside ASCII letters,
/// digits, `-` and `_` written `\xNN` as `systemd-escape` does.
pub fn stem(job: &str) -> String {
    let mut out = String::from("tresor-");
    for b in job.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

fn day(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// `OnCalendar=` of a weekly plan: `Mon..Fri *-*-* 22:30:00`; consecutive
/// days as a range, several hours/minutes as lists; no weekday for every day.
pub fn on_calendar(w: &Weekly) -> String {
    let mut parts: Vec<String> = Vec::new();
    let idx: Vec<u32> = w.days.iter().map(|d| d.num_days_from_monday()).collect();
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && idx[j + 1] == idx[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}..{}", day(w.days[i]), day(w.days[j]))
        } else {
            day(w.days[i]).to_string()
        });
        i = j + 1;
    }
    let mut hours: Vec<u32> = w.times.iter().map(|t| t.0).collect();
    let mut minutes: Vec<u32> = w.times.iter().map(|t| t.1).collect();
    hours.dedup();
    minutes.sort_unstable();
    minutes.dedup();
    let list = |v: &[u32]| {
        v.iter()
            .map(|n| format!("{n:02}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let time = format!("{}:{}:00", list(&hours), list(&minutes));
    if w.days.len() == 7 {
        format!("*-*-* {time}")
    } else {
        format!("{} *-*-* {time}", parts.join(","))
    }
}

/// One argument for `ExecStart=`: in double quotes when it has a blank, a
/// quote, a backslash or a control character (C escapes inside: `\"`,
/// `\\`, `\xNN`); `%` doubled (specifier), `$` doubled (variable).
pub fn exec_quote(arg: &str) -> String {
    let arg = arg.replace('%', "%%");
    if !arg.is_empty()
        && !arg.contains([' ', '\t', '"', '\'', '\\', ';', '$'])
        && !arg.chars().any(char::is_control)
    {
        return arg;
    }
    let mut out = String::from('"');
    for c in arg.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // `$` would be a variable substitution.
            '$' => out.push_str("$$"),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A path for a path setting (`WorkingDirectory=`): written as it is —
/// systemd takes no quotes there (`"/a b"` is "not absolute"), spaces
/// inside are fine — with `%` doubled (specifier expansion applies). `None`
/// when a unit file cannot hold it: not absolute, a control character
/// (a line break ends the setting), blanks at either end (systemd strips
/// them) or a trailing `\` (line continuation). Rules:
/// <https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#WorkingDirectory=>,
/// <https://www.freedesktop.org/software/systemd/man/latest/systemd.syntax.html>.
pub fn unit_path(path: &str) -> Option<String> {
    let ok = path.starts_with('/')
        && !path.chars().any(char::is_control)
        && path.trim() == path
        && !path.ends_with('\\');
    ok.then(|| path.replace('%', "%%"))
}

/// Free text for `Description=`: `%` doubled, control characters as blanks.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('%', "%%")
}

/// The `.service` and `.timer` of a job. `program` is tresor's full path;
/// `args` what follows it (`--config …`, `backup`, `--job`, job);
/// `limit_hours` stops a run that hangs. `None` when `working_directory`
/// cannot be written into a unit (see [`unit_path`]).
pub fn units(
    job: &str,
    w: &Weekly,
    program: &str,
    args: &[String],
    working_directory: &str,
    limit_hours: u32,
) -> Option<[Unit; 2]> {
    let wd = unit_path(working_directory)?;
    let stem = stem(job);
    let exec = std::iter::once(program)
        .chain(args.iter().map(String::as_str))
        .map(exec_quote)
        .collect::<Vec<_>>()
        .join(" ");
    let service = format!(
        "{MARKER}; `tresor schedule remove` deletes it.\n\
         [Unit]\n\
         Description=tresor backup job {job}\n\
         Wants=network-online.target\n\
         After=network-online.target\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={exec}\n\
         WorkingDirectory={wd}\n\
         TimeoutStartSec={limit}h\n",
        job = plain(job),
        limit = limit_hours.max(1),
    );
    let timer = format!(
        "{MARKER} for `schedule: {line}`.\n\
         [Unit]\n\
         Description=tresor backup job {job}: {line}\n\
         \n\
         [Timer]\n\
         OnCalendar={cal}\n\
         Persistent=true\n\
         WakeSystem=true\n\
         Unit={stem}.service\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        job = plain(job),
        line = plain(&w.line),
        cal = on_calendar(w),
    );
    Some([
        Unit {
            name: format!("{stem}.service"),
            text: service,
        },
        Unit {
            name: format!("{stem}.timer"),
            text: timer,
        },
    ])
}

/// The `systemctl` program, unless `TRESOR_SYSTEMCTL` names another (the
/// tests put a recorder there).
pub fn systemctl_program() -> String {
    std::env::var("TRESOR_SYSTEMCTL").unwrap_or_else(|_| "systemctl".into())
}

fn systemctl(program: &str, args: &[&str], units: &[String]) -> Invocation {
    Invocation {
        program: program.to_string(),
        args: args
            .iter()
            .map(|a| a.to_string())
            .chain(units.iter().cloned())
            .collect(),
    }
}

/// What `install` runs, in order: `disable --now` the timers of units it
/// no longer wants (`stale`; before their files go), then — after the
/// files are written and the stale ones deleted — `daemon-reload` and
/// `enable --now` the new timers. `program`: see [`systemctl_program`].
pub fn install_steps(program: &str, stale: &[String], timers: &[String]) -> Steps {
    Steps {
        before: (!stale.is_empty())
            .then(|| systemctl(program, &["disable", "--now"], stale))
            .into_iter()
            .collect(),
        after: std::iter::once(systemctl(program, &["daemon-reload"], &[]))
            .chain((!timers.is_empty()).then(|| systemctl(program, &["enable", "--now"], timers)))
            .collect(),
    }
}

/// What `remove` runs: `disable --now` the timers while their files are
/// still there (stops them and removes the `timers.target.wants` links),
/// then, after the files are deleted, `daemon-reload`.
pub fn remove_steps(program: &str, timers: &[String]) -> Steps {
    Steps {
        before: (!timers.is_empty())
            .then(|| systemctl(program, &["disable", "--now"], timers))
            .into_iter()
            .collect(),
        after: vec![systemctl(program, &["daemon-reload"], &[])],
    }
}

/// What the administrator runs when tresor did not run `systemctl` (a unit
/// folder of one's own): printed after tresor changed the files, so in
/// that order — the files and `timers.target.wants` links of `gone` are
/// deleted already (what `disable` does), so `stop` them, then
/// `daemon-reload`, then `enable --now` the `timers` written.
pub fn steps_after_files(program: &str, gone: &[String], timers: &[String]) -> Steps {
    Steps {
        before: Vec::new(),
        after: (!gone.is_empty())
            .then(|| systemctl(program, &["stop"], gone))
            .into_iter()
            .chain(std::iter::once(systemctl(program, &["daemon-reload"], &[])))
            .chain((!timers.is_empty()).then(|| systemctl(program, &["enable", "--now"], timers)))
            .collect(),
    }
}

/// `systemctl` calls around a change of the unit files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Steps {
    /// Before any file is deleted.
    pub before: Vec<Invocation>,
    /// After the files are written and deleted.
    pub after: Vec<Invocation>,
}

/// A command line as a POSIX shell reads it (escaped unit names quoted).
pub fn shell_line(inv: &Invocation) -> String {
    std::iter::once(inv.program.clone())
        .chain(std::iter::once(shell_words(&inv.args)))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Unit names as a POSIX shell reads them: an escaped name
/// (`tresor-sp\xc3\xa4t.timer`) in single quotes, or the shell eats its
/// backslashes.
fn shell_words(names: &[String]) -> String {
    names
        .iter()
        .map(|n| {
            if n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-@:".contains(c))
            {
                n.clone()
            } else {
                format!("'{}'", n.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Schedule;

    fn weekly(line: &str) -> Weekly {
        Weekly::of(&Schedule::parse(line).unwrap())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn calendar_expressions() {
        assert_eq!(
            on_calendar(&weekly("30 22 * * Mon-Fri")),
            "Mon..Fri *-*-* 22:30:00"
        );
        assert_eq!(
            on_calendar(&weekly("0,30 6,12 * * Mon,Wed,Thu,Sun")),
            "Mon,Wed..Thu,Sun *-*-* 06,12:00,30:00"
        );
        assert_eq!(on_calendar(&weekly("5 1 * * *")), "*-*-* 01:05:00");
    }

    #[test]
    fn service_and_timer() {
        let [service, timer] = units(
            "nightly",
            &weekly("30 22 * * Mon-Fri"),
            "/usr/local/bin/tresor",
            &[
                "--config".into(),
                "/etc/tresor/my practice.yaml".into(),
                "backup".into(),
                "--job".into(),
                "nightly".into(),
            ],
            "/var/lib/tresor",
            10,
        )
        .unwrap();
        assert_eq!(service.name, "tresor-nightly.service");
        assert_eq!(timer.name, "tresor-nightly.timer");
        assert!(service.text.contains(
            "ExecStart=/usr/local/bin/tresor --config \"/etc/tresor/my practice.yaml\" backup --job nightly\n"
        ));
        assert!(service.text.contains("TimeoutStartSec=10h\n"));
        assert!(timer.text.contains("OnCalendar=Mon..Fri *-*-* 22:30:00\n"));
        assert!(timer.text.contains("Persistent=true\n"));
        assert!(timer.text.contains("WantedBy=timers.target\n"));
    }

    #[test]
    fn working_directory_is_written_unquoted_with_specifiers_doubled() {
        assert_eq!(unit_path("/srv/sp ace").as_deref(), Some("/srv/sp ace"));
        assert_eq!(
            unit_path(r#"/srv/100% "x" $Y\z"#).as_deref(),
            Some(r#"/srv/100%% "x" $Y\z"#)
        );
        for bad in ["relative", "/a\nb", "/a\rb", "/a ", " /a", "/a\\", ""] {
            assert_eq!(unit_path(bad), None, "{bad:?}");
        }
        let w = weekly("30 22 * * Mon-Fri");
        assert!(units("j", &w, "/t", &[], "/a\nExecStartPre=/x", 1).is_none());
        let [service, _] = units("50%", &w, "/t", &[], "/a b", 1).unwrap();
        assert!(
            service.text.contains("\nWorkingDirectory=/a b\n"),
            "{}",
            service.text
        );
        assert!(service
            .text
            .contains("Description=tresor backup job 50%%\n"));
        assert!(is_ours(service.text.as_bytes()));
    }

    #[test]
    fn names_and_arguments_are_escaped() {
        assert_eq!(stem("Nacht_2"), "tresor-Nacht_2");
        assert_eq!(stem("Früh"), "tresor-Fr\\xc3\\xbch");
        assert_eq!(exec_quote("100%"), "100%%");
        assert_eq!(exec_quote(r#"a "b" $X\"#), r#""a \"b\" $$X\\""#);
        assert_eq!(exec_quote("a\nb"), r#""a\x0ab""#);
    }

    #[test]
    fn timers_are_disabled_before_their_files_go_and_reloaded_after() {
        let lines = |v: &[Invocation]| v.iter().map(shell_line).collect::<Vec<_>>();
        let r = remove_steps(
            "systemctl",
            &["tresor-a.timer".into(), "tresor-b.timer".into()],
        );
        assert_eq!(
            lines(&r.before),
            ["systemctl disable --now tresor-a.timer tresor-b.timer"]
        );
        assert_eq!(lines(&r.after), ["systemctl daemon-reload"]);
        let i = install_steps(
            "/x/systemctl",
            &["tresor-old.timer".into()],
            &["tresor-new.timer".into()],
        );
        assert_eq!(
            lines(&i.before),
            ["/x/systemctl disable --now tresor-old.timer"]
        );
        assert_eq!(
            lines(&i.after),
            [
                "/x/systemctl daemon-reload",
                "/x/systemctl enable --now tresor-new.timer"
            ]
        );
        let p = steps_after_files("systemctl", &["tresor-old.timer".into()], &[]);
        assert!(p.before.is_empty());
        assert_eq!(
            lines(&p.after),
            ["systemctl stop tresor-old.timer", "systemctl daemon-reload"]
        );
        let i = install_steps("systemctl", &[], &[]);
        assert!(i.before.is_empty());
        assert_eq!(lines(&i.after), ["systemctl daemon-reload"]);
    }

    #[test]
    fn escaped_unit_names_are_quoted_for_the_shell() {
        let t = vec![
            "tresor-nightly.timer".to_string(),
            "tresor-sp\\xc3\\xa4t.timer".to_string(),
        ];
        assert_eq!(
            shell_line(&remove_steps("systemctl", &t).before[0]),
            "systemctl disable --now tresor-nightly.timer 'tresor-sp\\xc3\\xa4t.timer'"
        );
    }
}

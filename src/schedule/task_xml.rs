//! Windows Task Scheduler XML (schema version 1.2) for one job: a weekly
//! calendar trigger per start time, run whether a user is logged on or not
//! with the highest privileges, wake the computer, never a second instance,
//! stop after a time limit, restart when the task cannot start.
//!
//! Schema: "Task Scheduler Schema",
//! <https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema>;
//! the excerpt the tests validate against is `schedules/task-scheduler.xsd`.
//! Example of a weekly trigger:
//! <https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-schedulebyweek-calendartriggertype-element>.

use std::fmt::Write as _;

use chrono::{NaiveDate, Weekday};

use super::Weekly;

/// The namespace of task XML.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/windows/2004/02/mit/task";

/// The well-known SID of the LocalSystem account (`NT AUTHORITY\SYSTEM`),
/// <https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids>.
pub const SYSTEM_SID: &str = "S-1-5-18";

/// Whose rights the backup runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunAs {
    /// LocalSystem: no password to store or expire; reaches local drives and
    /// SQL Server (a NAS only with the computer account's rights).
    System,
    /// A (domain) user, e.g. `PRAXIS\tresor`: logon type `Password`, so the
    /// task runs whether the user is logged on or not; `schtasks` asks for
    /// the password (`/RP *`). Needed when the NAS wants a user.
    User(String),
}

/// What goes into one job's task.
#[derive(Debug, Clone)]
pub struct TaskSpec {
    /// The job name (`nightly`).
    pub job: String,
    /// When it runs.
    pub weekly: Weekly,
    /// The date the triggers start counting from (local; the first run is
    /// on or after it).
    pub start: NaiveDate,
    /// Full path of `tresor.exe`.
    pub command: String,
    /// The command line after the program (already quoted for Windows).
    pub arguments: String,
    /// The folder the program starts in.
    pub working_directory: String,
    /// Whose rights.
    pub run_as: RunAs,
    /// Stop the run after this many hours (`ExecutionTimeLimit`).
    pub time_limit_hours: u32,
    /// Restart a task that failed to start: wait this many minutes (≥ 1)…
    pub restart_minutes: u32,
    /// …this many times (≥ 1).
    pub restart_count: u8,
    /// Shown in the Task Scheduler window.
    pub description: String,
}

/// Which encoding the XML declaration names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `encoding="UTF-8"`: for validators and reading.
    Utf8,
    /// `encoding="UTF-16"`: what is written to the file `schtasks /XML`
    /// reads (see [`utf16_file`]).
    Utf16,
}

/// `&`, `<`, `>`, `"` and `'` as XML entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn day_element(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The task XML as text, its declaration naming `encoding`.
///
/// `StartBoundary` carries no UTC offset: the trigger fires at that local
/// time all year, across daylight-saving changes ("Synchronize across time
/// zones" off).
pub fn render(spec: &TaskSpec, encoding: Encoding) -> String {
    let enc = match encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf16 => "UTF-16",
    };
    let mut x = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="{enc}"?>"#);
    let _ = writeln!(x, r#"<Task version="1.2" xmlns="{NAMESPACE}">"#);
    x.push_str("  <RegistrationInfo>\n");
    let _ = writeln!(x, "    <Author>tresor</Author>");
    let _ = writeln!(
        x,
        "    <Description>{}</Description>",
        escape(&spec.description)
    );
    let _ = writeln!(
        x,
        "    <URI>{}</URI>",
        escape(&super::schtasks::task_path(&spec.job))
    );
    x.push_str("  </RegistrationInfo>\n  <Triggers>\n");
    for (hour, minute) in &spec.weekly.times {
        x.push_str("    <CalendarTrigger>\n");
        let _ = writeln!(
            x,
            "      <StartBoundary>{}T{hour:02}:{minute:02}:00</StartBoundary>",
            spec.start.format("%Y-%m-%d")
        );
        x.push_str("      <ScheduleByWeek>\n        <WeeksInterval>1</WeeksInterval>\n");
        x.push_str("        <DaysOfWeek>\n");
        for d in &spec.weekly.days {
            let _ = writeln!(x, "          <{} />", day_element(*d));
        }
        x.push_str("        </DaysOfWeek>\n      </ScheduleByWeek>\n    </CalendarTrigger>\n");
    }
    x.push_str("  </Triggers>\n  <Principals>\n    <Principal id=\"Author\">\n");
    match &spec.run_as {
        RunAs::System => {
            let _ = writeln!(x, "      <UserId>{SYSTEM_SID}</UserId>");
        }
        RunAs::User(user) => {
            let _ = writeln!(x, "      <UserId>{}</UserId>", escape(user));
            x.push_str("      <LogonType>Password</LogonType>\n");
        }
    }
    x.push_str("      <RunLevel>HighestAvailable</RunLevel>\n");
    x.push_str("    </Principal>\n  </Principals>\n  <Settings>\n");
    for (name, value) in [
        ("MultipleInstancesPolicy", "IgnoreNew".to_string()),
        ("DisallowStartIfOnBatteries", "false".into()),
        ("StopIfGoingOnBatteries", "false".into()),
        ("AllowHardTerminate", "true".into()),
        // A night the server was off: run as soon as it is on again.
        ("StartWhenAvailable", "true".into()),
        ("RunOnlyIfNetworkAvailable", "false".into()),
        ("AllowStartOnDemand", "true".into()),
        ("Enabled", "true".into()),
        ("Hidden", "false".into()),
        ("RunOnlyIfIdle", "false".into()),
        ("WakeToRun", "true".into()),
        (
            "ExecutionTimeLimit",
            format!("PT{}H", spec.time_limit_hours.max(1)),
        ),
        ("Priority", "7".into()),
    ] {
        let _ = writeln!(x, "    <{name}>{value}</{name}>");
    }
    x.push_str("    <IdleSettings>\n      <StopOnIdleEnd>false</StopOnIdleEnd>\n      <RestartOnIdle>false</RestartOnIdle>\n    </IdleSettings>\n");
    let _ = writeln!(
        x,
        "    <RestartOnFailure>\n      <Interval>PT{}M</Interval>\n      <Count>{}</Count>\n    </RestartOnFailure>",
        spec.restart_minutes.max(1),
        spec.restart_count.max(1)
    );
    x.push_str("  </Settings>\n  <Actions Context=\"Author\">\n    <Exec>\n");
    let _ = writeln!(x, "      <Command>{}</Command>", escape(&spec.command));
    let _ = writeln!(
        x,
        "      <Arguments>{}</Arguments>",
        escape(&spec.arguments)
    );
    let _ = writeln!(
        x,
        "      <WorkingDirectory>{}</WorkingDirectory>",
        escape(&spec.working_directory)
    );
    x.push_str("    </Exec>\n  </Actions>\n</Task>\n");
    x
}

/// The bytes of the file for `schtasks /Create /XML`: a UTF-16 little-endian
/// byte order mark, then [`render`]`(spec, Encoding::Utf16)` in UTF-16LE.
///
/// Microsoft's pages do not name the encoding `schtasks` expects; Task
/// Scheduler exports tasks this way ("Export…", `schtasks /Query /XML`), and
/// files in UTF-8 are reported to be refused
/// (<https://github.com/deajan/smartmontools-win/issues/10>).
pub fn utf16_file(spec: &TaskSpec) -> Vec<u8> {
    let text = render(spec, Encoding::Utf16).replace('\n', "\r\n");
    let mut out = Vec::with_capacity(2 + text.len() * 2);
    out.extend_from_slice(&[0xFF, 0xFE]);
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// Whether a task file's bytes are one tresor wrote: UTF-16LE (or UTF-8)
/// text naming `<Author>tresor</Author>`. `install` overwrites nothing else.
pub fn is_ours(bytes: &[u8]) -> bool {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    text.contains("<Author>tresor</Author>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Schedule;

    pub(crate) fn spec(line: &str) -> TaskSpec {
        TaskSpec {
            job: "nightly".into(),
            weekly: Weekly::of(&Schedule::parse(line).unwrap())
                .unwrap()
                .unwrap(),
            start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            command: r"C:\Program Files\tresor\tresor.exe".into(),
            arguments: "backup --job nightly".into(),
            working_directory: r"C:\ProgramData\tresor".into(),
            run_as: RunAs::System,
            time_limit_hours: 10,
            restart_minutes: 15,
            restart_count: 3,
            description: "Datensicherung <nightly> & mehr".into(),
        }
    }

    #[test]
    fn workdays_at_half_past_ten_is_one_weekly_trigger() {
        let x = render(&spec("30 22 * * Mon-Fri"), Encoding::Utf8);
        assert_eq!(x.matches("<CalendarTrigger>").count(), 1, "{x}");
        assert!(x.contains("<StartBoundary>2026-12-01T22:30:00</StartBoundary>"));
        assert!(x.contains(
            "<DaysOfWeek>\n          <Monday />\n          <Tuesday />\n          <Wednesday />\n          <Thursday />\n          <Friday />\n        </DaysOfWeek>"
        ));
        assert!(x.contains("<WeeksInterval>1</WeeksInterval>"));
        assert!(!x.contains("Saturday") && !x.contains("Sunday"));
        for want in [
            "<UserId>S-1-5-18</UserId>",
            "<RunLevel>HighestAvailable</RunLevel>",
            "<WakeToRun>true</WakeToRun>",
            "<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
            "<ExecutionTimeLimit>PT10H</ExecutionTimeLimit>",
            "<Interval>PT15M</Interval>",
            "<Count>3</Count>",
            "<StartWhenAvailable>true</StartWhenAvailable>",
            "<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
            "<Arguments>backup --job nightly</Arguments>",
            "<URI>\\tresor\\nightly</URI>",
            "Datensicherung &lt;nightly&gt; &amp; mehr",
        ] {
            assert!(x.contains(want), "{want} missing in\n{x}");
        }
    }

    #[test]
    fn one_trigger_per_start_time_and_a_user_logs_on_with_password() {
        let mut s = spec("0 12,22 * * Sat");
        s.run_as = RunAs::User(r"PRAXIS\tresor".into());
        let x = render(&s, Encoding::Utf8);
        assert_eq!(x.matches("<CalendarTrigger>").count(), 2);
        assert!(x.contains("T12:00:00<") && x.contains("T22:00:00<"));
        assert!(x.contains("<UserId>PRAXIS\\tresor</UserId>"));
        assert!(x.contains("<LogonType>Password</LogonType>"));
    }

    #[test]
    fn the_file_is_utf16_with_bom_and_says_so() {
        let s = spec("30 22 * * Mon-Fri");
        let bytes = utf16_file(&s);
        assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = String::from_utf16(&units).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Task "));
        assert_eq!(
            text.replace("\r\n", "\n"),
            render(&s, Encoding::Utf16),
            "same document"
        );
    }

    #[test]
    fn escaping_covers_the_five_entities() {
        assert_eq!(escape(r#"a&b<c>"d'"#), "a&amp;b&lt;c&gt;&quot;d&apos;");
    }
}

//! The `schtasks` command lines that register and show a job's task, the
//! PowerShell that removes tasks,
//! and Windows command-line quoting. Pure: nothing here runs a program.
//!
//! Syntax: "schtasks", <https://learn.microsoft.com/en-us/windows/win32/taskschd/schtasks>
//! (`/Create … /XML xmlfile … /F`, `/Query /TN taskname`); removing goes
//! through PowerShell ([`unregister_script`]), which can list the folder.

/// The folder tresor's tasks live in, in the Task Scheduler library.
pub const FOLDER: &str = "tresor";

/// A program and its arguments, as `std::process::Command` takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The program (`schtasks`, `powershell`).
    pub program: String,
    /// Its arguments, unquoted.
    pub args: Vec<String>,
}

impl Invocation {
    /// As one would type it into `cmd.exe` (each argument quoted by [`quote`]).
    pub fn display(&self) -> String {
        std::iter::once(self.program.as_str())
            .chain(self.args.iter().map(String::as_str))
            .map(quote)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The task's path in the library: `\tresor\<job>`.
pub fn task_path(job: &str) -> String {
    format!(r"\{FOLDER}\{job}")
}

/// `schtasks /Create /TN \tresor\<job> /XML <file> /F` — `/F` replaces a
/// task of that name. With a user, `/RU <user> /RP *` (schtasks asks for the
/// password; it is never on a command line).
pub fn create(job: &str, xml_file: &str, user: Option<&str>) -> Invocation {
    let mut args: Vec<String> = ["/Create", "/TN", &task_path(job), "/XML", xml_file]
        .map(String::from)
        .to_vec();
    if let Some(u) = user {
        args.extend(["/RU".into(), u.to_string(), "/RP".into(), "*".into()]);
    }
    args.push("/F".into());
    Invocation {
        program: "schtasks".into(),
        args,
    }
}

/// `schtasks /Query /TN \tresor\<job> /V /FO LIST`: state, last and next run.
pub fn query(job: &str) -> Invocation {
    Invocation {
        program: "schtasks".into(),
        args: ["/Query", "/TN", &task_path(job), "/V", "/FO", "LIST"]
            .map(String::from)
            .to_vec(),
    }
}

/// The PowerShell script that unregisters every task in tresor's folder
/// `\tresor\` whose name is not in `keep`, then deletes the folder when it
/// is empty. With `keep` empty: everything tresor installed, whatever the
/// configuration says now (a job renamed or deleted since `install`).
///
/// Why the folder and not a list of what `install` wrote: Task Scheduler
/// itself is the record; a list beside the configuration goes stale when
/// the configuration moves, is restored from a backup, or an install stops
/// half-way, and a task it misses runs forever. Nothing but `install` puts
/// tasks into `\tresor\`.
///
/// `Get-ScheduledTask -TaskPath`, `Unregister-ScheduledTask`:
/// <https://learn.microsoft.com/en-us/powershell/module/scheduledtasks/unregister-scheduledtask>;
/// `ITaskFolder::DeleteFolder` (fails on a folder with tasks, which is meant):
/// <https://learn.microsoft.com/en-us/windows/win32/taskschd/taskfolder-deletefolder>.
pub fn unregister_script(keep: &[String]) -> String {
    let keep = keep
        .iter()
        .map(|k| super::shortcut::ps_quote(k))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "$keep = @({keep})\n\
         Get-ScheduledTask -TaskPath '\\{FOLDER}\\' -ErrorAction SilentlyContinue |\n\
         \x20 Where-Object {{ $keep -notcontains $_.TaskName }} |\n\
         \x20 ForEach-Object {{ Unregister-ScheduledTask -TaskPath $_.TaskPath -TaskName $_.TaskName -Confirm:$false; Write-Output (\"removed \" + $_.TaskPath + $_.TaskName) }}\n\
         if ($keep.Count -eq 0) {{\n\
         \x20 $s = New-Object -ComObject Schedule.Service; $s.Connect()\n\
         \x20 try {{ $s.GetFolder('\\').DeleteFolder('{FOLDER}', 0) }} catch {{ }}\n\
         }}\n"
    )
}

/// One argument quoted the way Windows programs split their command line
/// (`CommandLineToArgvW`): left alone when it has no blank or quote, else in
/// double quotes with `"` escaped and backslashes before a quote doubled.
/// <https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments>
pub fn quote(arg: &str) -> String {
    if !arg.is_empty() && !arg.contains([' ', '\t', '\n', '"']) {
        return arg.to_string();
    }
    let mut out = String::from('"');
    let mut backslashes = 0usize;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.push_str(&"\\".repeat(backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            c => {
                out.push_str(&"\\".repeat(backslashes));
                out.push(c);
                backslashes = 0;
            }
        }
    }
    out.push_str(&"\\".repeat(backslashes * 2));
    out.push('"');
    out
}

/// Arguments joined into one Windows command line (for `<Arguments>` and
/// shortcut targets).
pub fn join(args: &[String]) -> String {
    args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_and_query() {
        let c = create("nightly", r"C:\ProgramData\tresor\tasks\nightly.xml", None);
        assert_eq!(
            c.display(),
            r"schtasks /Create /TN \tresor\nightly /XML C:\ProgramData\tresor\tasks\nightly.xml /F"
        );
        let c = create("nightly", r"C:\Program Data\n.xml", Some(r"PRAXIS\tresor"));
        assert_eq!(
            c.args,
            [
                "/Create",
                "/TN",
                r"\tresor\nightly",
                "/XML",
                r"C:\Program Data\n.xml",
                "/RU",
                r"PRAXIS\tresor",
                "/RP",
                "*",
                "/F"
            ]
        );
        assert!(c.display().contains(r#"/XML "C:\Program Data\n.xml""#));
        assert_eq!(
            query("feierabend").display(),
            r"schtasks /Query /TN \tresor\feierabend /V /FO LIST"
        );
    }

    #[test]
    fn stale_tasks_are_found_in_the_folder_not_in_the_config() {
        let s = unregister_script(&["nightly".into(), "Mittag's".into()]);
        assert!(s.starts_with("$keep = @('nightly', 'Mittag''s')\n"), "{s}");
        assert!(
            s.contains(r"Get-ScheduledTask -TaskPath '\tresor\' -ErrorAction SilentlyContinue |")
        );
        assert!(s.contains("Where-Object { $keep -notcontains $_.TaskName }"));
        assert!(s.contains(
            "Unregister-ScheduledTask -TaskPath $_.TaskPath -TaskName $_.TaskName -Confirm:$false"
        ));
        let all = unregister_script(&[]);
        assert!(all.starts_with("$keep = @()\n"), "{all}");
        assert!(all.contains("DeleteFolder('tresor', 0)"));
    }

    #[test]
    fn quoting_follows_the_windows_rules() {
        assert_eq!(quote("backup"), "backup");
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote(r"C:\Program Files\x"), r#""C:\Program Files\x""#);
        assert_eq!(quote(r"C:\dir with\"), r#""C:\dir with\\""#);
        assert_eq!(quote(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(quote(r#"a\"b"#), r#""a\\\"b""#);
        assert_eq!(
            join(&["--config".into(), r"C:\Pro Data\t.yaml".into()]),
            r#"--config "C:\Pro Data\t.yaml""#
        );
    }
}

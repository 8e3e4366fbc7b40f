//! A job's `before:` and `after:` commands (stop the practice software's
//! service, start it again): run through the system shell with a timeout;
//! the `after:` command runs whatever happened in between ([`AfterGuard`]).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::config::Hook;

/// How a hook ended when it did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookError {
    /// The shell could not be started.
    #[error("could not start `{command}`: {reason}")]
    Start { command: String, reason: String },
    /// It exited with a code other than 0 (`None`: killed by a signal).
    #[error("`{command}` ended with exit code {code:?}: {output}")]
    Failed {
        command: String,
        code: Option<i32>,
        /// The last lines it printed (stdout and stderr, at most 2 KiB).
        output: String,
    },
    /// It ran longer than its timeout and was stopped.
    #[error("`{command}` still ran after {seconds} s and was stopped")]
    TimedOut { command: String, seconds: u32 },
}

impl HookError {
    /// The command line as written in the config.
    pub fn command(&self) -> &str {
        match self {
            HookError::Start { command, .. }
            | HookError::Failed { command, .. }
            | HookError::TimedOut { command, .. } => command,
        }
    }
}

/// The program and arguments that run `line` through the shell of `windows`
/// (`cmd /C`) or of a unix host (`sh -c`): a pure function, so the Windows
/// form is tested on Linux.
/// Source: <https://learn.microsoft.com/windows-server/administration/windows-commands/cmd>.
pub fn shell_command(line: &str, windows: bool) -> (String, Vec<String>) {
    if windows {
        (
            "cmd.exe".into(),
            vec!["/D".into(), "/C".into(), line.into()],
        )
    } else {
        ("sh".into(), vec!["-c".into(), line.into()])
    }
}

/// Runs `hook` and waits for it, at most its timeout (then it is killed).
pub fn run(hook: &Hook) -> Result<(), HookError> {
    let (program, args) = shell_command(&hook.command, cfg!(windows));
    let mut cmd = Command::new(&program);
    // Its own process group, so that a timeout stops what the shell started too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| HookError::Start {
            command: hook.command.clone(),
            reason: e.to_string(),
        })?;
    // Readers on their own threads: a chatty command must not block on a full pipe.
    let out = child.stdout.take().map(drain);
    let err = child.stderr.take().map(drain);
    let limit = Duration::from_secs(u64::from(hook.timeout_seconds));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= limit => {
                kill_tree(child.id());
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                return Err(HookError::Start {
                    command: hook.command.clone(),
                    reason: e.to_string(),
                })
            }
        }
    };
    let mut output = String::new();
    for h in [out, err].into_iter().flatten() {
        output.push_str(&h.join().unwrap_or_default());
    }
    match status {
        None => Err(HookError::TimedOut {
            command: hook.command.clone(),
            seconds: hook.timeout_seconds,
        }),
        Some(s) if s.success() => Ok(()),
        Some(s) => Err(HookError::Failed {
            command: hook.command.clone(),
            code: s.code(),
            output: tail(&output, 2048),
        }),
    }
}

/// Stops a hook and everything it started.
fn kill_tree(pid: u32) {
    #[cfg(unix)]
    // SAFETY: kill(2) on our own child's process group; no memory involved.
    unsafe {
        libc::kill(-(pid as i32), libc::SIGKILL);
    }
    #[cfg(windows)]
    let _ = Command::new("taskkill")
        .args(["/T", "/F", "/PID", &pid.to_string()])
        .output();
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// The last `max` bytes of `text`, trimmed, cut at a character boundary.
fn tail(text: &str, max: usize) -> String {
    let t = text.trim();
    let mut start = t.len().saturating_sub(max);
    while !t.is_char_boundary(start) {
        start += 1;
    }
    t[start..].to_string()
}

/// Runs the job's `after:` command when dropped — also when the job returns
/// early with an error or panics — unless [`AfterGuard::finish`] ran it first
/// and took its result.
pub struct AfterGuard {
    hook: Option<Hook>,
}

impl AfterGuard {
    /// Guards `hook` (nothing to do for `None`).
    pub fn new(hook: Option<Hook>) -> AfterGuard {
        AfterGuard { hook }
    }

    /// Runs the command now and says how it went (`None`: no command).
    pub fn finish(mut self) -> Option<Result<(), HookError>> {
        self.hook.take().map(|h| run(&h))
    }
}

impl Drop for AfterGuard {
    fn drop(&mut self) {
        if let Some(h) = self.hook.take() {
            if let Err(e) = run(&h) {
                tracing::error!("after-command: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(cmd: &str, timeout: u32) -> Hook {
        Hook {
            command: cmd.into(),
            timeout_seconds: timeout,
        }
    }

    #[test]
    fn windows_commands_go_through_cmd_unchanged() {
        let (p, a) = shell_command(r#"net stop "x.concept Server""#, true);
        assert_eq!(p, "cmd.exe");
        assert_eq!(a, vec!["/D", "/C", r#"net stop "x.concept Server""#]);
        let (p, a) = shell_command("systemctl stop praxis", false);
        assert_eq!((p.as_str(), a[0].as_str()), ("sh", "-c"));
    }

    #[test]
    fn success_failure_and_output() {
        assert_eq!(run(&hook("true", 10)), Ok(()));
        match run(&hook("echo kaputt >&2; exit 3", 10)) {
            Err(HookError::Failed { code, output, .. }) => {
                assert_eq!(code, Some(3));
                assert_eq!(output, "kaputt");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_command_past_its_timeout_is_stopped() {
        let e = run(&hook("sleep 30", 1)).unwrap_err();
        assert_eq!(
            e,
            HookError::TimedOut {
                command: "sleep 30".into(),
                seconds: 1
            }
        );
    }

    #[test]
    fn the_after_command_runs_on_an_early_return() {
        let t = tempfile::tempdir().unwrap();
        let marker = t.path().join("after-ran");
        let cmd = format!("touch '{}'", marker.display());
        let job = || -> Result<(), ()> {
            let _after = AfterGuard::new(Some(hook(&cmd, 10)));
            Err(())
        };
        assert!(job().is_err());
        assert!(marker.exists());
        // finish() runs it once, not again on drop.
        std::fs::remove_file(&marker).unwrap();
        let g = AfterGuard::new(Some(hook(&format!("echo x >> '{}'", marker.display()), 10)));
        assert_eq!(g.finish(), Some(Ok(())));
        assert_eq!(std::fs::read_to_string(&marker).unwrap(), "x\n");
    }

    #[test]
    fn tail_keeps_whole_characters() {
        assert_eq!(tail("äöü", 3), "ü");
        assert_eq!(tail("  ab  ", 10), "ab");
    }
}

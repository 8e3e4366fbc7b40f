# tresor schedule install|show|remove (cli/cmd_schedule.rs).

schedule-manual = { $job }: manual – no scheduled task
schedule-task-written = { $job } ({ $schedule }): task written to { $file }
schedule-unit-written = { $job }: wrote { $file }
schedule-would-write = Would write: { $file }
schedule-would-run = Would run: { $command }
schedule-password-prompt = Type the password of { $user }, then Enter:
schedule-ran = Ran: { $command }
schedule-run-on-windows = To run on the Windows server: { $command }
schedule-then-run = Now run (as root): { $command }
schedule-would-delete = Would delete: { $file }
schedule-deleted = Deleted: { $file }
schedule-nothing-installed = No timers installed by tresor found.
schedule-shortcut = Desktop shortcut “{ $name }” for the job { $job }
schedule-shortcut-name = Backup end of day
schedule-shortcut-description = Start the backup after the last patient (tresor)
schedule-task-description = tresor: backup, job { $job }

schedule-show-job = { $job } ({ $schedule }):
schedule-show-manual = { $job }: manual (desktop shortcut or by hand)
schedule-show-run = { $day } { $year } { $time } (UTC{ $offset })
schedule-show-skipped = { $day } { $year } { $time } does not exist (change to summer time): no run that day
schedule-unknown-timezone = Unknown time zone “{ $zone }”.
schedule-unknown-timezone-hint = Give a name from the IANA time zone database, e.g. Europe/Berlin.

schedule-unsupported = The schedule of the job { $job } cannot be installed: { $reason }
schedule-unsupported-hint = Write a weekly schedule such as “30 22 * * Mon-Fri”, or “manual”, in tresor.yaml.
schedule-not-weekly = { $part } of “{ $line }” must be “*” (a weekly task runs on every day of every month)
schedule-too-many-times = “{ $line }” gives { $count } start times; a task can have at most { $max }
schedule-part-day-of-month = The day of month
schedule-part-month = The month
schedule-part-year = The year
schedule-part-second = The second
schedule-not-ours = { $file } exists and tresor did not write it (its marker line is missing): it stays as it is, nothing was installed.
schedule-not-ours-hint = Check the file and rename or delete it yourself if it is no longer needed; then run schedule install again.
schedule-unit-path = The configuration's folder { $folder } cannot be written into a systemd unit (a line break, blanks at its start or end, or a trailing \).
schedule-unit-path-hint = Put the configuration into a folder with a plain name and point --config at it.
schedule-write-failed = Could not write { $path }: { $reason }
schedule-command-failed = { $command } failed (exit code { $code }): { $output }
schedule-command-hint = Run tresor schedule install as administrator (command prompt “Run as administrator”).

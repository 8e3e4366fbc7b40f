# report

backup-saved = Snapshot { $snapshot } saved to { $location }: { $files }, { $size } ({ $files_read ->
    [one] 1 file read
   *[other] { $files_read } files read
}), new { $new } → stored { $stored }, took { $duration }

## Warnings of a backup (src/report/messages.rs)
report-changed-while-reading = { $path } changed while it was read; the stored copy may be inconsistent (close the practice software before the backup).
report-unreadable = { $path } could not be read ({ $error }); everything else was backed up.
report-source-missing-optional = Note: optional folder { $label } ({ $path }) does not exist.
report-source-missing = { $label } ({ $path }) is missing – this data folder was NOT backed up. Check the path in the configuration.
report-database-files-excluded = Note: database file { $path } is never copied as a file (it is backed up natively by SQL Server).
report-vanished = Note: { $path } was deleted during the backup.
report-skipped = { $path } skipped: { $reason }
report-repository = Repository: { $detail }
report-database-missing = Database { $database } does not exist on the SQL Server – it was NOT backed up. Check the profile and the server (tresor config check).

## Progress (src/report/progress.rs)
report-phase-backup = Backup
report-phase-restore = Restore
report-phase-check = Check
report-progress-start = { $phase } …
report-progress-percent = { $phase }: { $percent } %
report-progress-bytes = { $phase }: { $size }
report-progress-time-left = time left

## tresor demo (src/cli/cmd_demo.rs)
report-demo-step-setup = 1. Setup: keys and destinations
report-demo-step-nightly = 2. Nightly backup to RDX and NAS
report-demo-step-day = 3. A working day passes, then the Feierabend backup
report-demo-step-snapshots = 4. Snapshots on the RDX medium
report-demo-step-restore = 5. Restore with nothing but the medium and the recovery key
report-demo-compared = Compared with the practice folder: { $files } ({ $size }) identical in content and mtime
report-demo-everything-in = Everything is in { $path }
report-demo-recovery-key = Recovery key: { $path }
report-demo-folder-not-empty = { $path } is not empty and not a demo folder; give --dir with a new folder.
report-demo-no-recovery-key = no recovery key written

## Report lines: what they are, in words instead of `!`/`!!`
report-line-warning = Warning: { $text }
report-line-failed = Failed: { $text }

## Names tresor cannot store (src/source/files/walk.rs)
report-name-not-utf8 = { $path } skipped: its name has characters tresor cannot read (e.g. written by an old DOS program). Rename the file to back it up.
report-link-target-not-utf8 = Link { $path } skipped: its target has characters tresor cannot read. Create the link again with another target to back it up.

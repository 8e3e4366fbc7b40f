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
report-demo-step-nightly = 2. Nightly backup to RDX, mirrored to the NAS
report-demo-step-day = 3. A working day passes, then the Feierabend backup
report-demo-step-snapshots = 4. Snapshots on the RDX medium
report-demo-step-restore = 5. Restore with nothing but the NAS copy and the recovery key
report-demo-compared = Compared with the practice folder: { $files } ({ $size }) identical in content and mtime
report-demo-everything-in = Everything is in { $path }
report-demo-recovery-key = Recovery key: { $path }
report-demo-folder-not-empty = { $path } is not empty and not a demo folder; give --dir with a new folder.
report-demo-no-recovery-key = no recovery key written

## Report lines: what they are, in words instead of `!`/`!!`
report-line-warning = Warning: { $text }
report-line-failed = Failed: { $text }

## Restore: why a file was not restored (src/job/restore/problem.rs)
report-restore-not-restored = Not restored: { $path } – { $reason }
report-restore-data-missing = its data is missing from the repository (chunk { $chunk })
report-restore-pack-not-indexed = pack { $pack } is not in the index
report-restore-pack-unreadable = pack { $pack } could not be read: { $reason }
report-restore-temp-file = the temporary file { $path } could not be made or opened ({ $reason })
report-restore-write = writing failed ({ $reason })
report-restore-read-back = the written file could not be read back for verification ({ $reason })
report-restore-metadata = modification time or permissions could not be set ({ $reason })
report-restore-hard-link = hard link could not be made ({ $reason })
report-restore-hard-link-orphan = hard link to { $first }, which was not restored
report-restore-symlink = symbolic link could not be made ({ $reason })
report-restore-link-in-target = { $path } is a symbolic link or junction in the target; it is not followed (--overwrite replaces the link itself)
report-restore-file-in-target = { $path } is a file in the target where the snapshot has a folder (--overwrite replaces it)
report-restore-mount-in-target = another filesystem is mounted at { $path } in the target; it is not written into
report-restore-target-io = { $path }: { $reason }
report-restore-name-impossible = name not possible in the target: { $reason }
report-restore-duplicate = listed twice in the snapshot; the first entry is restored
report-restore-beneath-file = lies beneath { $file }, which the snapshot holds as a file
report-restore-name-empty = empty path component
report-restore-name-dot = `.` or `..` would leave or alias the target folder
report-restore-name-nul = NUL character in the name
report-restore-name-char = the character { $char } is not allowed in Windows file names
report-restore-name-trailing = Windows file names cannot end with a dot or a space
report-restore-name-device = { $name } is a Windows device name
report-restore-verify-not-indexed = verification failed: a chunk is not in the index
report-restore-verify-short = verification failed: the restored file is too short
report-restore-verify-differs = verification failed: the restored content differs from the snapshot
report-restore-verify-long = verification failed: the restored file is longer than in the snapshot
report-restore-verify-read = verification failed: reading the restored file ({ $reason })
report-restore-stream-failed = pack { $pack }: reading it whole failed ({ $reason }); its blobs were read one by one. The medium deserves a check (tresor check).
report-restore-stream-broke = pack { $pack }: reading it whole broke off ({ $reason }); the rest was read blob by blob. The medium deserves a check (tresor check).

## Repository: problems a backup worked around (src/job/warning.rs)
report-repo-pack-missing = pack { $pack } is missing ({ $blobs ->
    [one] 1 blob indexed
   *[other] { $blobs } blobs indexed
}); nothing is reused from it, its data is stored again
report-repo-pack-wrong-size = pack { $pack } has { $found } bytes, the index says { $expected } (truncated or replaced); nothing is reused from it, its data is stored again
report-repo-previous-list-unreadable = previous file list unreadable ({ $error }); reading everything
report-repo-damage-not-recorded = could not record the damaged pack ({ $error })
report-repo-bak-unreadable = the database backup { $path } could not be read: { $reason }

## Names tresor cannot store (src/source/files/walk.rs)
report-name-not-utf8 = { $path } skipped: its name has characters tresor cannot read (e.g. written by an old DOS program). Rename the file to back it up.
report-link-target-not-utf8 = Link { $path } skipped: its target has characters tresor cannot read. Create the link again with another target to back it up.

## The staff's final screen (report/screen.rs)
screen-headline-ok = ✔ Backup successful
screen-headline-warnings = ✔ Backup successful, with notes
screen-headline-failed = ✘ Backup NOT complete
screen-context = { $practice } · job “{ $job }” · { $date } { $time }
screen-saved = Saved: { $files ->
    [one] 1 file
   *[other] { $files_text } files
} ({ $size }){ $databases ->
    [0] .
    [one] and 1 database.
   *[other] and { $databases } databases.
}
screen-on-medium = On cartridge “{ $name }”.
screen-copy-ok = Copy on “{ $name }”: done.
screen-copy-later = Copy on “{ $name }”: will be finished next night.
screen-copy-failed = Copy on “{ $name }”: NOT done.
screen-databases-missing = { $count ->
    [one] Not saved: database { $names }.
   *[other] Not saved: databases { $names }.
}
screen-now = Now please:
screen-take-out = Take cartridge “{ $name }” out now and { $goes_to }.
screen-insert-next = Then insert cartridge “{ $name }”.
screen-warnings-mail = Nothing else to do; the IT support gets the notes by e-mail.
screen-failed-call = Please call the IT support today. Do not overwrite or throw away any cartridge.
screen-nothing-to-do = Nothing else to do.
screen-note = Note: { $text }
screen-warnings-tell = Please tell the IT support about these notes.

# The ransomware guard (src/guard, report/guard_text.rs, cli/cmd_guard.rs).

guard-alarm-title = ALARM: suspected encryption attack (ransomware)
guard-alarm-lead = tresor sees signs of an encryption attack in today's data:
guard-seen-random = { $count ->
    [one] 1 file looks encrypted (random content where text or records were before)
   *[other] { $count } files look encrypted (random content where text or records were before)
}
guard-seen-signature = { $count ->
    [one] 1 file no longer matches its file type (e.g. a PDF without the PDF signature)
   *[other] { $count } files no longer match their file type (e.g. a PDF without the PDF signature)
}
guard-seen-renamed = { $count ->
    [one] 1 file was renamed to “.{ $extension }”
   *[other] { $count } files were renamed to “.{ $extension }”
}
guard-seen-notes = { $count ->
    [one] 1 ransom note (a file like “Restore-My-Files.txt”)
   *[other] { $count } ransom notes (files like “Restore-My-Files.txt”)
}
guard-seen-changed = { $percent } % of the files were changed or deleted (usually { $baseline } %)
guard-examples = Examples: { $paths }
guard-first-folder = First affected: { $folder }
guard-alarm-kept = The backup was written anyway and marked suspicious (evidence). No old backup is removed until a technician closes the alarm.
guard-todo-staff = Do NOT remove or overwrite cartridges, do not start a backup by hand. Call your IT partner now.
guard-todo-technician = For the IT partner: “tresor guard show” shows the alarm; after checking, “tresor guard release” (false alarm) or “tresor guard confirm” (attack confirmed: the last clean backup is recorded in the journal). Restore from the last backup before the alarm.
guard-hold-open = Retention paused: a ransomware alarm is open (since { $since }). No backup is removed until a technician closes it with “tresor guard release”.
guard-hold-snapshot = Retention paused: this destination holds a backup of { $time } marked suspicious that was not released on this server. No backup is removed until a technician runs “tresor guard release”.
guard-hold-unreadable = Retention paused: the ransomware guard's state (guard.json) cannot be read; it counts as an open alarm.
guard-hold-hint = Check first, then “tresor guard show” and “tresor guard release” or “tresor guard confirm”.
guard-state-unwritable = The alarm could not be saved: { $detail }

## tresor guard show / release / confirm

guard-show-none = No ransomware alarm is open.
guard-show-released = Last released: { $time }
guard-show-open = Alarm open since { $since }: job “{ $job }”, destination “{ $destination }”, snapshot { $snapshot }
guard-show-repeated = { $count ->
    [one] 1 more alarm since.
   *[other] { $count } more alarms since.
}
guard-show-confirmed = Attack confirmed on { $at }; last clean backup: { $snapshot } of { $time } (destination “{ $destination }”)
guard-show-confirmed-none = Attack confirmed on { $at }; destination “{ $destination }” has no backup from before the alarm.
guard-release-done = Alarm closed (false alarm). Retention runs again with the next job; the marked snapshot stays marked suspicious.
guard-release-nothing = No alarm open; suspicious snapshots up to now are released.
guard-confirm-done = Attack confirmed. Retention stays paused. Last clean backup on “{ $destination }”: { $snapshot } of { $time }.
guard-confirm-restore = To restore: tresor restore { $snapshot } --target <folder>
guard-confirm-no-clean = Attack confirmed. Retention stays paused. “{ $destination }” has no backup from before the alarm: check another cartridge or the copy on the NAS/S3.
guard-confirm-nothing = No alarm open: nothing to confirm.
guard-reason-missing = Please say why with --reason (it goes into the journal).
guard-refused = { $command } does not run: { $reason }
guard-restore-suspicious = Snapshot { $snapshot } is marked suspicious (ransomware alarm). The last snapshot before the alarm is { $clean } of { $time }: tresor restore { $clean } …
guard-restore-suspicious-none = Snapshot { $snapshot } is marked suspicious (ransomware alarm); this destination has no snapshot from before the alarm.
guard-snapshots-suspicious = suspicious (ransomware alarm)
guard-status-alarm = Ransomware alarm open since { $since } – retention paused

## tresor guard shield

guard-shield-nothing = No local destination (cartridge, NAS folder) in the configuration; give a folder with --repo.
guard-shield-absent = Destination “{ $name }” ({ $path }) is not reachable: not shielded.
guard-shield-failed = Destination “{ $name }” could not be shielded: { $detail }
guard-shield-done = Destination “{ $name }”: only the backup account may write now ({ $count ->
    [one] 1 entry changed
   *[other] { $count } entries changed
}).
guard-shield-incomplete = Not every destination is shielded (see above).
guard-status-writable = Destination “{ $name }” ({ $path }) is writable by other accounts too: { $who }. Ransomware could encrypt the backups there. Remedy: tresor guard shield

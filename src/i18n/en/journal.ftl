# Journal, tresor.log, tresor status

## tresor.log (src/report/log.rs)
journal-log-line = { $time } { $what }: { $outcome } – { $details }
journal-log-ok = successful
journal-log-warnings = successful with warnings
journal-log-failed = FAILED
journal-log-size = { $items ->
    [one] 1 file or folder
   *[other] { $items } files and folders
}, { $size } ({ $new } new)
journal-log-medium = cartridge “{ $name }”
journal-log-warning-count = { $count ->
    [one] 1 warning
   *[other] { $count } warnings
}
journal-kind-backup = Backup { $job }
journal-kind-mirror = Mirror
journal-kind-forget = Removal of old backups
journal-kind-restore = Restore
journal-kind-restore-db = Database restore
journal-kind-drill = Restore drill
journal-kind-check = Check
journal-kind-guard = Ransomware alarm (technician)

## tresor journal (src/cli/cmd_journal.rs)
journal-no-path = Where the journal is is unknown: no configuration found and no --journal given.
journal-verify-intact = Journal intact: { $entries ->
    [one] 1 entry
   *[other] { $entries } entries
} in { $path }.
journal-verify-legacy = Plus { $count ->
    [one] 1 older entry
   *[other] { $count } older entries
} without checksum (written before the chain: not protected, but not tampering).
journal-verify-failed = Journal NOT intact ({ $path }): { $problem }
journal-verify-hint = Tell your service partner; the copy of the journal in every backup shows the earlier state.
journal-problem-unreadable = The journal cannot be read: { $error }
journal-problem-torn = Line { $line } is not a complete entry (a write was interrupted, or the line was damaged).
journal-problem-torn-last = The last line ({ $line }) is incomplete – tresor was probably interrupted while writing (crash, power cut).
journal-problem-edited = Entry { $seq } (line { $line }) was changed afterwards: its content does not match its checksum.
journal-problem-chain-broken = Entry { $seq } (line { $line }) does not follow the entry before it: one of the two was replaced.
journal-problem-missing = Before entry { $found } (line { $line }) { $count ->
    [one] entry { $expected } is missing
   *[other] entries { $expected } to { $last } are missing
} – deleted.
journal-problem-reordered = Entry { $seq } (line { $line }) stands where entry { $expected } belongs: entries were moved or duplicated.
journal-problem-newest-missing = The newest entries are missing: journal.head says the journal reached entry { $head }, but it ends at entry { $last }.
journal-problem-head-missing = The file journal.head is missing or unreadable although the journal reaches entry { $last } – deleted or damaged.
journal-problem-head-mismatch = The file journal.head names entry { $head } as the newest, the journal ends at entry { $last }.
journal-show-empty = The journal is still empty ({ $path }).
journal-show-col-time = Time
journal-show-col-what = What
journal-show-col-outcome = Outcome
journal-show-col-details = Details
journal-show-unreadable = (unreadable line { $line })

## tresor status (src/cli/cmd_status.rs, src/report/status_text.rs)
status-no-config = tresor status needs the practice's configuration (--config) to know which backups are expected.
status-level-green = Backup: all is well.
status-level-yellow = Backup: please have a look.
status-level-red = Backup: NOT all right – please act.
status-level-unknown = Backup: state unknown (no backup job set up).
status-heading-jobs = Backups:
status-heading-cartridges = Cartridges:
status-heading-mirrors = Mirrors:
status-heading-drill = Restore drill:
status-heading-attention = Needs attention:
status-heading-next = Next scheduled runs:
status-age-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
status-age-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
status-age-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
status-job-ok = last successful on { $time } ({ $age } ago)
status-job-overdue = last successful on { $time } ({ $age } ago) – { $missed ->
    [one] 1 scheduled run
   *[other] { $missed } scheduled runs
} without success since
status-job-overdue-manual = last successful on { $time } ({ $age } ago) – that is too long ago
status-job-last-failed = last run FAILED; last successful on { $time } ({ $age } ago)
status-job-never-succeeded = never successful – every run failed
status-job-never-ran = has never run
status-job-manual = started by hand; last successful on { $time } ({ $age } ago)
status-job-manual-never = started by hand; has never run
status-cartridge-ok = last written on { $time }
status-cartridge-old = not written for { $days } days – is it still in the rotation?
status-cartridge-never = never written
status-cartridges-ok = { $count ->
    [one] 1 cartridge
   *[other] all { $count } cartridges
} written in the last 8 days
status-cartridges-flagged = not written for more than 8 days: { $names }
status-mirror-ok = up to date with the last backup
status-mirror-lag = { $age } behind the last backup
status-mirror-never = never mirrored
status-mirror-failed = last attempt FAILED
status-mirror-no-backup = no backup to mirror yet
status-drill-ok = last on { $time } ({ $age } ago), passed
status-drill-old = last on { $time } ({ $age } ago) – please run one again (tresor drill)
status-drill-failed = last on { $time } ({ $age } ago) – NOT passed
status-drill-never = never run – please run one (tresor drill)
status-attention-none = nothing
status-attention-count = { $count ->
    [one] 1 warning
   *[other] { $count } warnings
} from recent runs
status-journal-damaged = The journal is damaged or changed: { $problem }
journal-show-col-seq = No.
journal-problem-unchained = Line { $line } has no checksum but stands after entries with one: it was added afterwards.

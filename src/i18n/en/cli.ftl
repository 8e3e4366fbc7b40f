# cli

## Common: destination, configuration, errors and warnings

cli-error-label = Error
cli-warning-label = Warning
cli-hint-help = Help: tresor --help
cli-no-config = No configuration found: give --config FILE (or --repo PATH and --key FILE).
cli-config-missing = The configuration file { $path } does not exist.
cli-no-destination = No destination is configured.
cli-unknown-destination = Unknown destination "{ $name }" (configured: { $known }).
cli-unknown-destination-suggest = Unknown destination "{ $name }" – did you mean "{ $suggestion }"? (configured: { $known })
cli-destination-read = Destination: { $name } ({ $path })
cli-destination-read-path = Destination: { $path }

## snapshots

cli-snapshots-col-time = Time
cli-snapshots-col-job = Job
cli-snapshots-col-files = Files
cli-snapshots-col-size = Size
cli-snapshots-col-new = New
cli-snapshots-count = { $count ->
    [one] 1 snapshot
   *[other] { $count } snapshots
}
cli-snapshot-file-damaged = the snapshot file { $key } is damaged: { $why }. This one snapshot cannot be read; the others are not affected.

## Paths, also typed the Windows way

cli-path-not-found = Snapshot { $snapshot } has nothing at { $path }.
cli-path-not-found-hint = Paths in this snapshot are e.g. { $examples } (also written as { $windows }); `tresor ls { $snapshot }` lists them all.
cli-path-not-found-empty = Snapshot { $snapshot } holds no files.
cli-path-ambiguous = { $path } matches several paths that differ only in upper/lower case: { $spellings }.
cli-path-ambiguous-hint = Type the path you want exactly as it is written there.

## restore

cli-restore-target-missing = Where to? Give --target FOLDER or --to-original.
cli-restore-done = Restored from snapshot { $snapshot } ({ $time }, { $job }): { $files ->
    [one] 1 file
   *[other] { $files } files
}, { $folders ->
    [one] 1 folder
   *[other] { $folders } folders
}, { $size } verified → { $target }
cli-restore-link-as-folder = { $path }: restored as a folder (a link with entries beneath it in the snapshot; the link was not followed)
cli-restore-newer = { $count ->
    [one] 1 file at the original place is newer than in the snapshot
   *[other] { $count } files at the original place are newer than in the snapshot
}, e.g. { $first }. Nothing was changed.
cli-restore-force-needs-original = --force only applies together with --to-original --overwrite.
cli-restore-newer-hint = Newer files are replaced only with --overwrite --force. Safer: restore with --target into an empty folder first and compare.
cli-restore-original-unmapped = The original place { $place } cannot be reached on this computer.
cli-restore-original-unmapped-hint = On Linux the configuration maps drives and shares (`drives: { "{" } C: /srv/c { "}" }`, `unc:`); otherwise restore into a folder with --target.

## check

cli-check-read-only = Note: the medium is write-protected; checking without a lock, damage found is not recorded.
cli-check-damage-recorded = { $count ->
    [one] 1 damaged pack recorded
   *[other] { $count } damaged packs recorded
}: the next backup stores their data again where the sources still have it.
cli-check-damage-not-recorded = Could not record the damage: { $error }
cli-check-unusable-unneeded = no snapshot needs data from it (stored elsewhere); `tresor prune` removes it. Check the medium.
cli-check-marked-damaged = { $count ->
    [one] 1 pack is marked damaged
   *[other] { $count } packs are marked damaged
}: nothing is reused from them; `tresor prune` removes them once no snapshot needs them.
cli-check-pending-deletion = { $count ->
    [one] 1 pack is marked for deletion
   *[other] { $count } packs are marked for deletion
} (the next `tresor prune` deletes them).
cli-check-leftovers = { $count ->
    [one] 1 temporary file
   *[other] { $count } temporary files
} of interrupted writes ({ $size }); `tresor prune` removes them.
cli-check-affected = Affected snapshot { $snapshot }:
cli-check-all-files = (all files)
cli-check-more = … { $count } more
cli-check-checked = Checked on { $destination }: { $snapshots ->
    [one] 1 snapshot
   *[other] { $snapshots } snapshots
}, { $packs ->
    [one] 1 pack
   *[other] { $packs } packs
}
cli-check-read = { $size } read and verified
cli-check-empty = { $destination } holds no snapshot: only the empty structure was checked, nothing can be restored from it.
cli-check-no-errors = No errors found.
cli-check-no-errors-notes = No errors found (notes above).
cli-pack-missing = { $key } is missing ({ $blobs ->
    [one] 1 blob
   *[other] { $blobs } blobs
} indexed)
cli-pack-wrong-size = { $key } has { $found } bytes, the index says { $expected } (truncated or replaced)
cli-check-repaired = Repaired: { $file } written from { $from } and read back.
cli-check-root-unusable = { $file } is unusable: { $why } ({ $used } was used); repair: tresor check --repair-root
cli-check-single-root-copy = Note: this repository has no second copy of its root files (tresor.repo.2, config.2; created by an older tresor). Add them with: tresor check --repair-root

## forget and prune

cli-reason-last = last snapshot
cli-reason-daily = daily snapshot
cli-reason-weekly = weekly snapshot
cli-reason-monthly = monthly snapshot
cli-reason-yearly = yearly snapshot
cli-forget-keeps-nothing = This retention policy keeps no snapshot at all; set at least one --keep-… value above 0.
cli-forget-job = Job { $job } ({ $policy }):
cli-forget-keep = keep:             { $id } { $time } ({ $reasons })
cli-forget-removed = removed:          { $id } { $time }
cli-forget-would-remove = would be removed: { $id } { $time }
cli-forget-total = { $count ->
    [one] 1 snapshot removed.
   *[other] { $count } snapshots removed.
}
cli-forget-dry-run-total = Dry run, nothing was removed: { $count ->
    [one] 1 snapshot would be removed.
   *[other] { $count } snapshots would be removed.
}
cli-forget-damaged = { $key }: { $why } (neither kept nor removed)
cli-prune-done = Pruned: { $deleted ->
    [one] 1 pack deleted
   *[other] { $deleted } packs deleted
}, { $repacked } repacked, { $marked } marked for deletion (a later prune deletes them), { $kept } kept; { $freed } freed.
cli-prune-dry-run = Dry run, nothing was deleted: { $deleted ->
    [one] 1 pack would be deleted
   *[other] { $deleted } packs would be deleted
}, { $repacked } repacked, { $marked } marked for deletion, { $kept } kept; { $freed } would be freed.
cli-prune-duplicates = { $size } stored twice (in repacked or marked packs), { $cancelled ->
    [one] 1 mark
   *[other] { $cancelled } marks
} cancelled because needed again
cli-prune-missing-forgotten = { $count ->
    [one] 1 missing pack file
   *[other] { $count } missing pack files
} dropped from the index (their data is stored elsewhere or not needed)
cli-prune-leftovers = { $removed ->
    [one] 1 temporary file
   *[other] { $removed } temporary files
} of interrupted writes removed, { $kept } kept (another run may still be writing them)
cli-prune-unusable-needed = holds the only copy of needed data; `tresor check` names the affected snapshots

## restore-db

cli-restore-db-no-sqlserver = The configuration has no sqlserver: section.
cli-restore-db-done = Database { $database } restored from { $from } (snapshot { $snapshot }, { $time }):
cli-restore-db-checkdb-clean = DBCC CHECKDB: no errors
cli-restore-db-password = Note: the practice software will ask for the password that was valid when the backup was made ({ $time }).

## backup: which job

cli-backup-only-job = Job { $job } (the only one configured)
cli-backup-job-required = { $count ->
    [0] No job is configured.
    [one] Which job? Configured is: { $jobs }.
   *[other] Which job? { $count } are configured: { $jobs }.
}
cli-backup-job-required-hint = Name the job, e.g. tresor backup --job NAME (or ad hoc: tresor backup --path FOLDER).
cli-backup-unknown-job = Unknown job "{ $name }".
cli-backup-unknown-job-suggest = Unknown job "{ $name }" – did you mean "{ $suggestion }"?
cli-backup-known-jobs = { $count ->
    [0] No job is configured.
   *[other] Configured jobs: { $jobs }
}

## Command line: usage errors, Windows paths typed on it, restore-db without databases

cli-unknown-language = Unknown language '{ $language }': use de or en.
cli-usage-error = The command line is not valid:
cli-usage-hint-command = Help: tresor { $command } --help
cli-usage-no-command = No command given, e.g. tresor backup --job nightly.
cli-windows-path-no-config = The Windows path { $path } cannot be mapped on this machine without a configuration.
cli-windows-path-no-config-hint = Give a path of this machine (e.g. /mnt/restore) or use --config with a configuration that has `drives:` / `unc:`.
cli-windows-path-invalid = The path { $path } is not a valid Windows path.
cli-windows-path-invalid-hint = Write paths like this: 'D:\Restore' or '\\nas\practice\tresor' (in single quotes).
cli-windows-path-unmapped = The configuration maps no drive or share for the path { $path }.
cli-windows-path-unmapped-hint = Add under `drives:` or `unc:` in { $origin } where this drive lives on this machine, or give a path of this machine.
cli-restore-db-no-sqlserver-hint = Add the `sqlserver:` section (connection and staging folder) to { $origin } and run `tresor config check`.
cli-restore-db-none-in-snapshot = Snapshot { $snapshot } (job { $job }) contains no databases, so not { $database } either.
cli-restore-db-none-in-snapshot-hint = `tresor snapshots` shows which snapshots contain databases; then give its id instead of latest.
cli-forget-prune-not-simulated = Prune (--prune) is not simulated in a dry run: it depends on which snapshots are really removed. `tresor prune --dry-run` after the real forget shows what would be freed.

cli-keep-last = last { $n }
cli-keep-daily = daily { $n }
cli-keep-weekly = weekly { $n }
cli-keep-monthly = monthly { $n }
cli-keep-yearly = yearly { $n }
cli-mirror-snapshot = Snapshot { $n } of { $of }: { $time } ({ $job })
cli-mirror-start = Mirroring: { $source } → { $target }
cli-mirror-same = '{ $name }' is the source itself: choose another target with --to.
cli-mirror-done = { $target }: { $copied ->
    [one] 1 snapshot mirrored
   *[other] { $copied } snapshots mirrored
}, { $present ->
    [one] 1 was there already
   *[other] { $present } were there already
}; { $size } sent in { $packs ->
    [one] 1 pack
   *[other] { $packs } packs
}, the size of every pack checked at the target.
cli-mirror-skipped = Snapshot { $id } not mirrored: it cannot be read completely at the source: { $reason }
cli-mirror-stopped = Mirroring to { $target } stopped after { $copied } of { $wanted } snapshots: { $reason }. Once the cause is fixed, the next run continues there; what arrived is not sent again.
cli-mirror-failed = Mirroring to { $target } not possible: { $reason }
cli-mirror-up-to-date = { $target } is up to date with the source.
cli-mirror-lag = { $target } still lacks { $count ->
    [one] 1 snapshot
   *[other] { $count } snapshots
} of the source.
cli-mirror-incomplete = Mirroring incomplete: not every target got every snapshot (see above).
cli-mirror-incomplete-hint = Fix the cause (target reachable? check the source with `tresor check --read-data`) and run `tresor mirror` again; it continues where it stopped.
cli-mirror-would-copy = would be mirrored: { $id } { $time } ({ $job })
cli-mirror-paused = Mirroring to { $target } paused after { $copied } of { $wanted } snapshots: { $reason }. The next run inside the window continues; what arrived is not sent again.
cli-prune-locked = { $count ->
    [one] 1 file stays
   *[other] { $count } files stay
} protected by Object Lock (until { $until }); a later `tresor prune` deletes them.
cli-prune-retention-extended = Object Lock of { $count ->
    [one] 1 pack still needed
   *[other] { $count } packs still needed
} extended to the newest snapshot's.
cli-mirror-same-repository = { $target } is the same repository as the source (spelled differently): a mirror there would be no second copy.
cli-mirror-same-repository-hint = Name another medium as the mirror (NAS, S3); no destination in tresor.yaml may point at another's folder.
cli-mirror-done-nothing-sent = { $target }: { $copied ->
    [one] 1 snapshot mirrored
   *[other] { $copied } snapshots mirrored
}, { $present ->
    [one] 1 was there already
   *[other] { $present } were there already
}; { $size } sent, no data pack needed.
cli-forget-locked = stays (Object Lock until { $until }): { $id } { $time }
cli-forget-locked-total = { $count ->
    [one] 1 snapshot stays
   *[other] { $count } snapshots stay
} protected by Object Lock; a later `tresor forget` removes them once the protection ends.
cli-restore-db-drill-prefix = '{ $name }' starts with { $prefix }: such databases belong to the restore drill, which drops them on its next run. Choose another name for --as.
cli-restore-db-not-multi-user = The database { $database } is restored but not open to all users (access: { $access }); the practice software cannot connect like this. In SQL Server Management Studio: ALTER DATABASE [{ $database }] SET MULTI_USER.

## tresor backup: the job runner's steps
cli-job-lock-failed = The job lock could not be taken: { $detail }
cli-job-busy = A backup is already running: job “{ $job }” (process { $pid }) since { $since }. This backup was not started.
cli-job-busy-unknown = A backup is already running. This backup was not started.
cli-job-busy-hint = Wait until the running backup has finished, then start again. A run that was killed releases the lock by itself.
cli-job-verified = Verified: { $blobs ->
    [one] 1 data block
   *[other] { $blobs } data blocks
} ({ $size }) of the new backup read back from the destination and confirmed.
cli-job-retention = Cleaned up: { $count ->
    [one] 1 older backup
   *[other] { $count } older backups
} removed by the retention rules, { $size } freed.
cli-job-verify-failed-hint = The new backup cannot be read reliably. Check the medium with “tresor check --read-data” and replace it if it has errors; until then use older backups and other media.
cli-job-medium-full-hint = Insert an empty or larger cartridge, or shorten this job's retention (“retention:”).
cli-journal-not-written = The run could not be written to the journal: { $detail }
cli-mail-not-sent = The mail about this backup was not sent: { $detail }
cli-restore-locked-files = Note: { $count ->
    [one] one file of this repository is
   *[other] { $count } files of this repository are
} encrypted for other keys (written before a key change); older snapshots need one of those keys. For example: { $example }
cli-snapshot-file-locked = the snapshot file { $key } is encrypted for other keys: { $why }.

# outcome

## Databases without `sqlserver:` (backup and config check)

outcome-db-not-configured = The database { $database } was NOT backed up: tresor.yaml has no `sqlserver:` section (the profile { $profiles } needs it).
outcome-db-optional-not-configured = Note: databases matching { $database } (profile { $profiles }) are not looked for without `sqlserver:`.
outcome-db-configure-hint = { $count ->
    [one] To back it up
   *[other] To back them up
}, enter the SQL Server in tresor.yaml (the connection is in the practice software's ServiceProvider.ini), e.g.
outcome-db-configure-then = Then run `tresor config check` and the backup again.

## A destination that is not set up yet

outcome-not-set-up = The destination { $destination } ({ $location }) is not set up yet: the folder is empty or holds no tresor repository.
outcome-not-set-up-hint = Is the right medium inserted? `tresor init --destination { $destination }` sets up a new medium; anything else on it is left unchanged.
outcome-not-set-up-path = No tresor repository is set up at { $location } yet: the folder is empty or holds no tresor repository.
outcome-not-set-up-path-hint = Is the right medium inserted? Set it up with `tresor init --repo { $location }`; anything else on it is left unchanged.

## What a snapshot lacks (snapshots, restore)

outcome-status-header = Status
outcome-status-complete = complete
outcome-status-incomplete = incomplete, lacks: { $lacks }
outcome-lack-source = folder { $source }
outcome-lack-source-long = folder { $source } ({ $path }) – did not exist during the backup
outcome-lack-files = { $count ->
    [one] 1 unreadable file
   *[other] { $count } unreadable files
}
outcome-lack-file-long = file { $path } – could not be read
outcome-lack-database = database { $database }
outcome-lack-database-long = database { $database } – { $reason ->
    [connect] SQL Server not reachable
    [login] login to SQL Server failed
    [staging] SQL Server's staging folder not usable
    [database_unavailable] database was not accessible
    [timeout] timed out
    [verify] verifying the database backup failed
    [configuration] invalid connection settings
   *[other] database backup failed
}
outcome-lack-database-not-configured-long = database { $database } – no `sqlserver:` in tresor.yaml
outcome-lack-database-missing-long = database { $database } – does not exist on the SQL Server
outcome-restore-incomplete = Attention: snapshot { $snapshot } of { $time } is incomplete. It lacks: { $lacks }. What it holds is restored.
outcome-restore-previous = The last complete snapshot before it is { $snapshot } of { $time }: tresor restore { $snapshot } …
outcome-restore-no-previous = There is no older complete snapshot on this destination.

## Restore drill

outcome-drill-database-ok = Database { $database }: restored, CHECKDB clean
outcome-drill-database-failed = Database { $database }: failed – { $error }
outcome-drill-files = Files: { $verified } of { $sampled } restored and verified
outcome-drill-files-failed = { $count ->
    [one] 1 file could not be restored or verified
   *[other] { $count } files could not be restored or verified
}
outcome-drill-no-sqlserver = the snapshot holds databases, but tresor.yaml has no `sqlserver:` – they were not tested
outcome-drill-no-snapshot = { $location } holds no snapshot
outcome-drill-no-database = no snapshot on this destination holds a database, although { $databases } is to be backed up – no database was tested
outcome-drill-no-files = the newest snapshot holds no files
outcome-drill-nothing-tested = The restore drill tested nothing: { $reason }. The journal records it as not passed.
outcome-drill-journal = Result in the journal: { $path }

## tresor config check

outcome-config-practice = Practice: { $practice }
outcome-config-origin = Configuration: { $origin }
outcome-config-language = Language: { $language }
outcome-config-profiles = Profiles: { $profiles }
outcome-config-none = (none)
outcome-config-destinations = Destinations:
outcome-config-dest-set-up = set up
outcome-config-dest-blank = present, but not set up: tresor init --destination { $name }
outcome-config-dest-absent = not reachable (medium not inserted?)
outcome-config-jobs = Jobs:
outcome-config-job = { $name } → { $destination }{ $copy_only } (keep: last { $last }, daily { $daily }, weekly { $weekly }, monthly { $monthly }, yearly { $yearly })
outcome-config-copy-only = , databases as copy only (copy_only)
outcome-config-schedule = Schedule: { $line } (next run { $next })
outcome-config-schedule-manual = Schedule: manual (started by hand)
outcome-config-every-day = every day
outcome-config-day = { $day ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
    [sun] Sun
   *[other] { $day }
}
outcome-config-sources = Sources:
outcome-config-sources-same = Sources: same as { $job }
outcome-config-source-found = found
outcome-config-source-optional = missing, optional
outcome-config-source-required = MISSING, required
outcome-config-databases = Databases: { $list }
outcome-config-db-pattern = pattern
outcome-config-db-optional = optional
outcome-config-sqlserver-none = (not configured)
outcome-config-connection-string = connection string
outcome-config-windows-auth = Windows authentication
outcome-config-sql-login = SQL login { $user }
outcome-config-staging = staging: { $server_path } → { $path } [{ $state }]
outcome-config-found = found
outcome-config-missing = missing
outcome-config-keys = Keys:
outcome-config-machine-key = machine key: { $path } [{ $state }]
outcome-config-recovery-keys = recovery keys: { $count }
outcome-config-no-recovery-key = WARNING: no recovery key – if the server is lost, the backups cannot be read
outcome-config-all-paths = All required paths exist.
outcome-config-paths-missing = ERROR: { $count ->
    [one] 1 required path is missing – it would NOT be backed up.
   *[other] { $count } required paths are missing – they would NOT be backed up.
}
outcome-config-databases-not-configured = ERROR: { $count ->
    [one] 1 required database would NOT be backed up (no `sqlserver:`).
   *[other] { $count } required databases would NOT be backed up (no `sqlserver:`).
}
outcome-config-warnings = The configuration is usable, but not everything is in order (see WARNING above).
outcome-drill-not-all-tested = The restore drill did not test everything: { $reason }. The journal records it as not passed.
outcome-config-db-not-configured = The database { $database } will NOT be backed up: tresor.yaml has no `sqlserver:` section (the profile { $profiles } needs it).
outcome-config-incomplete = With this configuration, required data would NOT be backed up (see ERROR above).
outcome-config-incomplete-hint = Fix the paths or add the `sqlserver:` section in tresor.yaml, then run `tresor config check` again.
outcome-backup-warning = Warning: { $text }
outcome-backup-failure = Error: { $text }

## Nothing saved, parts failed (backup)

outcome-backup-nothing-configured = Job { $job } backs up nothing: it has no profiles, no sources and no databases. No snapshot was made.
outcome-nothing-configured-hint = Add `profiles:` (e.g. [x.concept]) or `sources:` to tresor.yaml and run `tresor config check` again.
outcome-source-missing-command-line = { $label } ({ $path }) is missing – this folder was NOT backed up. Check the path given on the command line (--path).
outcome-backup-not-saved = NOT backed up: { $what }
outcome-job-failed = { $count ->
    [one] 1 part of the backup
   *[other] { $count } parts of the backup
} failed, NOT backed up: { $parts }. { $rest }
outcome-job-failed-hint = Fix the cause named and run the backup again; otherwise tell your IT partner.
outcome-backup-nothing-saved = Job { $job } saved nothing: 0 files and no database. The backup is not OK.
outcome-backup-nothing-saved-hint = `tresor config check` shows which folders the job backs up and whether they exist.
outcome-backup-nothing-saved-path = Nothing was saved: there are no files under the path given.

## Recovery recipients in tresor.yaml the installation does not know

outcome-recovery-not-in-identity = The recovery key { $recipient } in tresor.yaml does not belong to the installation: new backups can NOT be read with it. Run `tresor init` to add it (reachable destinations get it at once, the others at their next backup; files stored already keep their keys).
outcome-config-warning = WARNING: { $text }
outcome-config-nothing-to-back-up = ERROR: { $count ->
    [one] job { $jobs } backs
   *[other] jobs { $jobs } back
} up nothing: no profiles, no sources, no databases.

## Restore drill: which snapshot

outcome-drill-snapshot = Testing snapshot { $snapshot } of { $time } (job { $job }).
outcome-drill-incomplete = snapshot { $snapshot } is incomplete, it lacks: { $lacks }

## forget

outcome-reason-newest-complete = newest complete snapshot
outcome-recovery-not-in-repository = Destination { $location } is encrypted without the recovery key { $recipient } of tresor.yaml: its backups can NOT be read with it. `tresor key add-recovery --recipient { $recipient }` adds it for every reachable destination (files stored already keep their keys).
outcome-restore-nothing = No file was restored: the selection from snapshot { $snapshot } contains no files.
outcome-job-failed-rest-saved = Everything else was backed up.
outcome-job-failed-nothing-else = Nothing else was backed up either (0 files).

## The job runner's steps (job/run.rs)
job-before-failed = The command before the backup failed; the data was backed up anyway: { $detail }
job-after-failed = The command after the backup failed: { $detail }
job-shadow-unsupported = Shadow copies (VSS) exist only on Windows; the files were read directly.
job-shadow-failed = No shadow copy could be made ({ $tool }: { $detail }); the files were read directly.
job-retention-failed = Old backups could not be cleaned up: { $detail }
job-verify-failed = The check after the backup failed: { $detail }
job-verify-blobs-failed = { $count ->
    [one] One data block of the new backup could not be read back ({ $first }).
   *[other] { $count } data blocks of the new backup could not be read back ({ $first }).
}
job-hook-start = “{ $command }” could not be started: { $reason }
job-hook-exit = “{ $command }” ended with exit code { $code }: { $output }
job-hook-timeout = { $seconds ->
    [one] “{ $command }” ran longer than one second and was stopped.
   *[other] “{ $command }” ran longer than { $seconds } seconds and was stopped.
}
job-medium-full = The cartridge is too full for this backup: about { $needed } are needed, { $free } of { $total } are free, also after old backups were removed by the retention rules. Nothing was written.

# errors
# Errors of the command line and their hints (src/error.rs).

error-key-file = key file { $path }: { $reason }
error-key-missing = No key given.
error-key-unreadable = The key file { $path } cannot be read: { $reason }.
error-usage-hint = Help: tresor --help
error-check-affected-listed = The affected snapshots and files are listed above; what is not listed there is not affected by these problems.
error-check-repair-root = `tresor check --repair-root` replaces unusable copies of the root files with the good copy.
error-check-other-medium = Back up to another medium and tell your IT partner.
error-check-failed = The check found { $problems ->
    [one] 1 problem
   *[other] { $problems } problems
}.
error-output = The output could not be written: { $reason }. It is incomplete.
error-output-full-hint = Redirect the output into a file on a drive with free space.
error-no-such-database = The snapshot holds no database { $name } (it has: { $available }).
error-no-such-database-hint = `tresor snapshots --json` shows which snapshot holds which databases.
error-metadata = Database metadata in the snapshot is unreadable: { $m }
error-drill-failed = The restore drill failed: { $m }
error-drill-failed-hint = The result is in the journal. Tell your IT partner: a backup that cannot be restored protects nothing.
error-restore-incomplete = { $n ->
    [one] 1 entry (file or folder)
   *[other] { $n } entries (files or folders)
} could not be restored or verified.
error-restore-incomplete-hint = They are listed above. Try another copy (NAS, another medium).
error-restore-incomplete-target-hint = They are listed above. The target folder cannot be written: check the target folder (write permission, free space) or choose another one (--target); the backup itself is not affected.
error-would-overwrite = { $count ->
    [one] 1 file already exists
   *[other] { $count } files already exist
} in the target, e.g. { $first }. Nothing was changed.
error-would-overwrite-hint = Choose an empty target folder or allow overwriting with --overwrite.
error-nothing-selected = Nothing in the snapshot matches { $patterns }.
error-nothing-selected-hint = Paths look like C/DConcept/DEDATA; `tresor ls SNAPSHOT` lists them.
error-restore-target = Restore target: { $m }
error-pattern = Invalid pattern { $pattern }: { $reason }
error-restore-write = Writing { $path } failed: { $reason }
error-other-copies = Use another copy (NAS, another medium) and tell your IT partner.
error-already-initialized = { $location } already holds a tresor repository; it was left unchanged.
error-future-version = The repository at { $location } has format version { $found } ({ $file }); this tresor reads up to version { $supported }. Nothing was changed.
error-future-version-hint = Install a current tresor version.
error-future-version-disagree = The repository at { $location } has format version { $found } according to { $file }, version { $v } according to the other copy; this tresor reads up to version { $supported }. Nothing was changed.
error-future-version-disagree-hint = If a newer tresor wrote this medium, install it. Otherwise { $file } is damaged: tell your IT partner.
error-wrong-key = The given key does not open the repository at { $location }.
error-wrong-key-hint = Use this server's machine key or the recovery key from the emergency folder (--key FILE).
error-root-marker-hint = Without a readable tresor.repo tresor does not recognise the medium as a repository.
error-root-config-hint = Without a readable config no snapshot on this medium can be opened.
error-root-wrong-key-hint = If the key is wrong, try the machine key or the recovery key (--key FILE). Otherwise:
error-root-unreadable = Both copies of { $file } at { $location } are unusable – { $list }. Nothing was changed.
error-repo-damaged = { $file } is damaged: { $reason }
error-repo-damaged-hint = Run `tresor check --read-data`; it names the affected snapshots and files. Other copies (NAS, another medium) are not affected.
error-snapshot-spec-short = '{ $spec }' is too short: give at least 4 digits of the snapshot id.
error-snapshot-spec-short-hint = `tresor snapshots` lists all snapshots with their ids.
error-snapshot-not-found = No snapshot matches '{ $spec }'.
error-snapshot-not-found-hint = `tresor snapshots` lists them; 'latest' is the newest.
error-snapshot-damaged = The snapshot file { $key } is damaged: { $damage }. This snapshot cannot be opened; the other snapshots on this medium are not affected.
error-snapshot-damaged-hint = `tresor snapshots` lists the readable snapshots; choose one of them, or use another copy (NAS, another medium).
error-no-readable-snapshot-hint = `tresor snapshots` lists the readable snapshots, `tresor check` the damage. Otherwise use another copy (NAS, another medium).
error-ambiguous-snapshot = '{ $spec }' matches several snapshots.
error-ambiguous-snapshot-hint = Give more digits of the id.
error-blob-missing = Data is missing from the repository (blob { $blob }).
error-blob-missing-hint = Run `tresor check` and use another copy.
error-locked = The repository is in use: { $holder }.
error-locked-hint = Wait for the other run to finish. A lock left by a killed run expires by itself after 30 minutes.
error-unreadable-lock = The lock file { $key } cannot be read. It may belong to a running process and is therefore not removed; nothing was changed.
error-unreadable-lock-hint = If no tresor run uses this destination on any computer, delete the file by hand and start again.
error-lock-lost = This run lost its lock ({ $reason }). It stopped before writing a snapshot that could refer to deleted data; earlier snapshots are unchanged.
error-lock-lost-hint = Check the medium or network share and run the backup again.
error-invalid-key = Invalid key: { $m }
error-invalid-recipient = { $recipient } is not an age public key (age1…).
error-invalid-recipient-hint = Recovery recipients are public keys: the line "public key: age1…" of a key file.
error-pack-damaged = The data file (pack) { $file } is damaged: { $d }.
error-pack-damaged-hint = `tresor check --read-data` names the snapshots and files whose data lies in it; files whose data lies in other packs can still be restored (--include). Other copies (NAS, another medium) are not affected.
error-index-damaged = The index file { $file } is damaged: { $d }.
error-index-damaged-hint = The packs describe themselves; `tresor prune` writes a new index.
error-file-damaged = { $file } is damaged: { $d }.
error-file-damaged-hint = Run `tresor check` and tell your IT partner. Other copies (NAS, another medium) are not affected.
error-notice-root-copy-unusable = { $location }/{ $file } is unusable: { $d }. tresor used the copy { $used }; all snapshots remain reachable through it. Repair: `tresor check --repair-root`.
error-key-hint = Name the machine key or a recovery key from the emergency folder with --key FILE; its key line starts with AGE-SECRET-KEY-1.
error-key-file-empty = The key file { $path } is empty.
error-key-file-no-key = The key file { $path } holds only comments, no key line (AGE-SECRET-KEY-1…).
error-key-file-public-key = Line { $line } of { $path } is a public key (age1…), not the secret key.
error-key-file-damaged-key = Line { $line } of { $path } looks like an age secret key but is faulty (a character is wrong, missing or extra).
error-key-file-other-format = Line { $line } of { $path } is { $format }, not an age secret key.
error-key-file-not-a-key = Line { $line } of { $path } is not an age secret key (AGE-SECRET-KEY-1…).
error-key-file-not-text = The file { $path } is not text (neither UTF-8 nor UTF-16), so it is no key file.
error-key-file-public-key-hint = The public key (age1…) can only encrypt. To open, tresor needs the secret key: the line AGE-SECRET-KEY-1… in the machine key or on the printout in the emergency folder.
error-key-file-damaged-key-hint = Compare the line character by character with the printout in the emergency folder.
error-storage-no-space = The destination { $location } is full. The run was stopped; earlier snapshots are unchanged.
error-storage-no-space-hint = Remove old snapshots with `tresor forget` and `tresor prune`, or use a larger medium.
error-storage-unavailable = The destination { $location } is not reachable (medium removed, share disconnected?).
error-storage-unavailable-hint = Insert the medium or check the network share, then start again. Existing snapshots are not affected.
error-storage-permission-denied = Permission denied for { $location }/{ $key }.
error-storage-permission-denied-hint = Is tresor running under the right account (Task Scheduler)?
error-storage-short-read = { $key } is shorter than expected (truncated).
error-storage-short-read-hint = Run `tresor check --read-data`; other copies remain usable.
error-storage-not-found = { $key } is missing.
error-storage-not-found-hint = Run `tresor check`; other copies remain usable.
error-storage-io = Reading or writing { $key } failed: { $reason }.
error-storage-io-hint = Check the medium or network share and try again.
error-storage-already-exists = { $key } already exists.
error-storage-invalid-key = Invalid file name in the destination: { $key }.
error-storage-precondition = { $location } rejected the condition for { $key } (changed at the same time?).
error-storage-precondition-hint = Is a second tresor run using the same destination? Start again afterwards.
error-storage-retention = { $location } refuses to delete { $key }: the file is protected by a retention lock (Object Lock).
error-storage-retention-until = { $location } refuses to delete { $key }: the file is protected by a retention lock (Object Lock) until { $until }.
error-storage-retention-hint = This is intended: nobody can delete locked backups early. The space is freed when the lock expires.
error-storage-throttled = { $location } asks to slow down (too many requests).
error-storage-throttled-hint = Start again later or set a bandwidth limit.
error-storage-auth = { $location } rejected the credentials ({ $detail }).
error-storage-auth-hint = Check the access key (access_key_id) and the secret in tresor.yaml or the named environment variable; does the key have rights on the bucket?
error-storage-bucket-missing = The bucket { $bucket } does not exist at { $location }.
error-storage-bucket-missing-hint = Check the bucket's name and region in tresor.yaml, or create the bucket at the provider (with Object Lock if wanted).
error-storage-clock-skew = This machine's clock differs too much from the clock of { $location }; the server rejects the requests.
error-storage-clock-skew-hint = Check the server's date, time and time zone (turn on time synchronisation) and start again.
error-storage-unreachable = { $location } is not reachable ({ $detail }).
error-storage-unreachable-hint = Check the internet connection and the address (endpoint), then start again later. Existing snapshots are not affected.
error-storage-server = { $location } reports a server error ({ $status }).
error-storage-server-hint = Usually temporary: start again later. If it persists, ask the provider.
error-storage-unsupported = { $location } does not support “{ $operation }”.

error-no-readable-snapshot = No readable snapshot matches '{ $spec }'. { $count ->
    [one] The snapshot file { $keys } is damaged; its time and job are unknown.
   *[other] { $count } snapshot files are damaged; their time and job are unknown: { $keys }.
}
error-notice-latest-passed-over = '{ $spec }' is taken as the newest readable snapshot { $id } of { $time } ({ $job }). { $count ->
    [one] The snapshot file { $keys } is damaged and was passed over; its time is unknown, it may be newer.
   *[other] The snapshot files { $keys } are damaged and were passed over; their time is unknown, one of them may be newer.
}
error-damage-missing = the file is missing
error-damage-header = its age header is unreadable (overwritten or cut off)
error-damage-header-mac = its age header failed authentication (a byte was changed)
error-damage-content = its content failed authentication or is cut off (a byte was changed or lost)
error-damage-not-for-key = the key that opens this repository does not decrypt it (its recipient lines were changed)
error-damage-no-key-matches = none of the given keys decrypts it (wrong key, or its header was changed)
error-damage-format = it decrypts, but its content is not in the expected format
error-damage-marker = it is not a readable tresor marker (changed or overwritten)
error-damage-differs = it differs from { $other }
error-damage-unreadable = the medium reports a read error for it
error-key-format-openssh = an SSH key
error-key-format-pgp = a PGP key
error-key-format-putty = a PuTTY key
error-key-format-pem = a PEM certificate or key
error-key-format-age-plugin = an age plugin key (hardware token), which tresor does not support
error-key-format-age-encrypted = an age-encrypted file (a repository file or a passphrase-protected key)

## Operating system errors (src/error.rs io_text)
error-io-storage-full = no space left on the drive
error-io-os-error = system error { $code }
error-io-not-found = file or folder not found
error-io-permission-denied = permission denied
error-io-already-exists = already exists
error-io-read-only = read-only
error-io-is-a-directory = is a folder, not a file
error-io-not-a-directory = part of the path is not a folder
error-io-directory-not-empty = the folder is not empty
error-io-invalid-data = invalid data
error-io-invalid-input = invalid name or value
error-io-connection-refused = connection refused – no service accepts connections on that machine
error-io-connection-reset = connection closed by the other side
error-io-not-connected = not connected
error-io-host-unreachable = machine not reachable
error-io-network-unreachable = network not reachable
error-io-address = network address not available
error-io-timed-out = timed out (no answer)
error-io-stale-network-file = the file on the network share is no longer valid (share reconnected?)
error-io-busy = in use by another program
error-io-unexpected-eof = the file ends early (truncated)
error-io-file-too-large = the file is too large for this drive
error-io-interrupted = interrupted
error-io-unsupported = not supported on this system
error-io-out-of-memory = not enough memory
error-io-crosses-devices = cannot move between different drives

## tresor check (src/cli/cmd_check.rs): lines with words instead of `!`
error-check-line-error = Error: { $text }
error-check-line-warning = Warning: { $text }
error-check-snapshot = { $id } of { $time } ({ $job })
error-check-snapshot-file = in the unreadable snapshot file { $key }
error-check-file-list-lost = Snapshot { $snapshot }: its file list (block { $blob }) is missing or damaged; no file of this snapshot can be restored.
error-check-file-list-unreadable = Snapshot { $snapshot }: its file list is unreadable ({ $reason }); no file of this snapshot can be restored.
error-check-files-affected = Snapshot { $snapshot }: { $files ->
    [one] 1 file has
   *[other] { $files } files have
} missing or damaged data.
error-damage-size = its size is wrong (cut off or replaced)
error-damage-blob = data block { $blob } in it does not match its checksum (a byte was changed)
error-damage-newer = it was written by a newer tresor (format { $version })
error-prune-refused = The snapshot file { $key } is damaged: { $damage }. As long as it is unknown which data this snapshot needs, prune deletes nothing; nothing was changed.
error-prune-refused-hint = `tresor check` lists every damage. If the snapshot is lost, remove the file together with your IT partner and run prune again.
error-lock-loss-removed = another run removed the lock file { $key }, taking this run for stale
error-lock-loss-unwritable = the lock file { $key } could not be written: { $reason }
error-lock-loss-unreadable = the lock file { $key } could not be read: { $reason }
error-lock-loss-encode = the lock information could not be written: { $m }
error-other-repository-secrets = { $source } and { $target } belong to different installations (other repository secrets): snapshots cannot be mirrored between them.
error-other-repository-secrets-hint = Set the destination up again with `tresor init` on this server (on an empty medium), so that it gets this installation's identity.
error-object-lock-missing = The bucket { $location } has no Object Lock, but tresor.yaml sets object_lock: what is written there would not be protected.
error-object-lock-missing-hint = Create a bucket with Object Lock at the provider (it usually cannot be switched on later), or remove object_lock: from tresor.yaml.
error-check-keys-missing = At least part of this is not damage: files are encrypted for keys that are not at hand (see above), and data in them shows as missing. Put the earlier machine key file back, or give a recovery key with --key, and check again.

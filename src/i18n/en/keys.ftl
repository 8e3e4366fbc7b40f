# keys: `tresor key list | add-recovery | rotate`, the key ring

key-identity-missing = This server has no installation identity ({ $path }).
key-identity-missing-hint = Run `tresor init` first.
key-list-installation = Installation { $installation }
key-list-machine = [{ $label }] Machine key: { $recipient } ({ $file })
key-list-retired = [{ $label }] Earlier machine key until { $date }: { $recipient } ({ $file }, { $present ->
    [yes] present
   *[no] MISSING: only a recovery key opens older files now
})
key-list-recovery = [{ $label }] Recovery key: { $recipient }
key-list-dest = Destination { $name } ({ $path }): repository { $repository }, new files for { $labels }
key-list-dest-pending = { "  " }Its recipients differ from the installation identity; the next backup to this destination brings them in line.
key-list-dest-absent = Destination { $name } ({ $path }): not reachable (medium not inserted or share not connected)
key-list-dest-blank = Destination { $name } ({ $path }): not set up yet
key-list-dest-failed = Destination { $name } ({ $path }) could not be opened: { $reason }
key-list-reads = { "  " }[{ $label }] opens { $count } of { $total } snapshots (since { $since })
key-list-note = Beside each snapshot are the keys that alone open all of it: its own file and every pack it references. Data it shares with older snapshots stays encrypted to the keys of their time; so the first backup after a new recovery key stores everything again. Do not delete earlier machine keys.
key-repo-recipients-updated = Keys of { $location } brought in line with the installation identity: new files are encrypted to the current machine key and every recovery key.
key-update-done = { $name } ({ $path }): encrypted to the new keys from now on.
key-update-unchanged = { $name } ({ $path }): already up to date.
key-update-later = { $name } ({ $path }): not reachable; brought in line at the next backup to this destination.
key-update-failed = { $name } ({ $path }) could not be brought in line: { $reason }
key-update-not-member = { $name } ({ $path }): does not belong to this installation identity and stays unchanged.
key-recovery-known = This recovery key is listed already: { $recipient }
key-recovery-old-files = Files stored already stay encrypted to the keys they were written with: age cannot add a recipient to a file without re-encrypting it. So the next backup on each destination stores all data once more, also for the new key (as much space as a first full backup; the next `tresor prune` frees the doubled space again). From then on the new key opens the new snapshots; older snapshots open only with the earlier keys.
key-new-sheet = Please print the emergency sheet again: tresor notfallblatt
key-rotate-done = New machine key { $new } in { $file }.
key-rotate-retired = The previous machine key { $old } is now in { $file } and still opens everything written before the change.
key-rotate-keep-old = Do not delete the earlier key: stored files are not re-encrypted, and new snapshots share unchanged data with older ones too. The recovery keys open everything, old and new.
key-damage-retired-missing = it was most likely written before a key change and needs a key of that time, the earlier machine key or a recovery key ({ $keys }), which is not at hand
key-journal-kind-rotate = key change
key-journal-kind-add-recovery = recovery key added
key-damage-key-missing = { $recovery_count ->
    [0] it is encrypted only for that time's machine key { $machine }, which is not at hand
    [one] it is encrypted only for that time's machine key { $machine } and the recovery key { $recovery }; none of them is at hand
   *[other] it is encrypted only for that time's machine key { $machine } and the recovery keys { $recovery }; none of them is at hand
}
key-file-locked = The file { $file } cannot be opened with the keys at hand: { $d }.
key-file-locked-hint = Give one of the keys named: the recovery key from the emergency sheet (--key FILE) or the earlier machine key (machine.retired-….key beside the machine key). `tresor key list` shows which key opens which snapshot.
key-list-server-cannot = NOT readable with this server's keys
key-list-snapshot-unreadable = Snapshot { $id }: which keys open it could not be found out: { $reason }
key-recovery-is-machine = { $recipient } is the public part of this server's machine key (or an earlier one), not a recovery key.
key-recovery-is-machine-hint = A recovery key is kept away from the server: `tresor key add-recovery` without --recipient makes a new one.

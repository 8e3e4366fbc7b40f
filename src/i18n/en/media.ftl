# RDX cartridges: labels, rotation plan, what to do after a backup (src/media, src/cli/cmd_media.rs).
# Cartridge names are written on stickers and are always German.

media-label-damaged = The cartridge's label ({ $path }) is damaged: { $reason }
media-label-damaged-hint = Do not use the cartridge until it is checked; the IT partner can relabel it with `tresor media label --name … --force` if the backup on it belongs to this practice.
media-label-newer = The cartridge's label ({ $path }) has format { $found }, written by a newer tresor.
media-label-newer-hint = Update tresor on this server.
media-io = The cartridge ({ $path }) cannot be read: { $reason }

media-insert = Please insert the cartridge “{ $name }”.
media-insert-any = Please insert a cartridge of the plan.
media-no-medium = No cartridge in the drive – nothing was backed up.
media-unlabelled = The cartridge in the drive is not labelled for tresor – nothing was backed up.
media-unlabelled-data = The cartridge in the drive is not labelled for tresor and holds other data – nothing was backed up or changed.
media-foreign = The cartridge “{ $name }” in the drive belongs to another installation – nothing was backed up or changed.
media-not-in-plan = The cartridge “{ $name }” in the drive is not in the rotation plan – nothing was backed up.
media-wrong = “{ $found }” is in the drive, but “{ $expected }” is due today – nothing was backed up.
media-unexpected = “{ $found }” was in the drive, but “{ $expected }” was due today; the backup is on “{ $found }”.

media-kept-home = take it home
media-kept-practice = put it in the practice's safe
media-advice = Take out the cartridge “{ $take_out }” now and { $goes_to }; then insert “{ $insert_next }”.

media-cli-no-rotation = { $origin } sets up no cartridge rotation.
media-cli-no-rotation-hint = Add a `rotation:` section (see tresor.example.yaml), then run `tresor config check`.
media-cli-not-rotation-destination = `{ $name }` is not the destination of the cartridge rotation; that is `{ $destination }`.
media-cli-unknown-name = The rotation plan has no cartridge “{ $name }”. Cartridges of the plan: { $names }
media-cli-unknown-name-suggest = The rotation plan has no cartridge “{ $name }” (did you mean “{ $suggestion }”?). Cartridges of the plan: { $names }
media-cli-label-no-medium = There is no cartridge in the drive ({ $drive }).
media-cli-label-foreign = The cartridge “{ $name }” in the drive belongs to another installation; it is not labelled.
media-cli-label-other-data = The medium in the drive ({ $drive }) holds other data; tresor does not label it and never formats.
media-cli-untouched-hint = Nothing on the medium was changed. Insert a cartridge of this practice, or empty the medium yourself on purpose.
media-cli-label-other-name = The cartridge in the drive is already called “{ $name }”, not “{ $new }”.
media-cli-label-force-hint = With `--force` it is renamed “{ $new }”; change its sticker too.
media-cli-label-unchanged = The cartridge in the drive already is “{ $name }” (id { $id }); nothing changed.
media-cli-labelled = Cartridge “{ $name }” is labelled (id { $id }).
media-cli-relabelled = The cartridge is now called “{ $name }” (id { $id }).
media-cli-sticker = Put the sticker “{ $name }” on the cartridge; it is written through the folder { $location }.
media-cli-drive = Cartridge drive: { $destination } ({ $path })
media-cli-in-drive = In the drive: { $what }
media-cli-in-drive-damaged = a cartridge with a damaged label
media-cli-in-drive-none = no cartridge
media-cli-in-drive-empty = an empty medium without label (prepare it with `tresor media label --name …`)
media-cli-in-drive-repository = a tresor backup without label (prepare it with `tresor media label --name …`)
media-cli-in-drive-other-data = a medium with other data, without label
media-cli-in-drive-foreign = cartridge “{ $name }” of another installation
media-cli-in-drive-ours = cartridge “{ $name }” (id { $id }, labelled on { $date })
media-cli-backup-day = Backup day: { $day } { $date } (a new day starts at { $starts })
media-cli-due = Due now:
media-cli-due-cartridge = “{ $name }”
media-cli-due-none = no cartridge (not a backup day of this job)
media-cli-plan = Rotation plan ({ $plan }):
media-cli-kept-home = is taken home
media-cli-kept-practice = stays in the practice's safe

media-config-rotation = Cartridge rotation on { $destination }: plan { $plan } with { $count ->
    [one] one cartridge
   *[other] { $count } cartridges
}, a new backup day from { $starts }, wrong cartridge: { $policy }{ $eject ->
    [yes] , ejected afterwards
   *[other] {""}
}
media-config-wrong-warn = back up and warn
media-config-wrong-refuse = do not back up

# identity: installation identity, `tresor init`, keys

identity-where-machine-key = Where should the machine key go? Give --key FILE or --key-out DIR.
identity-no-destination = No matching destination configured.
identity-machine-key-created = Machine key created: { $path }
identity-created = Installation identity created: { $path } (installation { $installation })
identity-adopted = Installation identity taken over from the existing repository at { $location }: { $path } (installation { $installation })
identity-reused = Installation identity used: { $path } (installation { $installation })
identity-new-for-existing-key = Warning: this machine key had no installation identity yet, and no destination set up earlier was reachable. A new identity was created. Media set up before stay readable but have their own secrets; `tresor init` reports them as set up earlier.
identity-recovery-added = Recovery key added: { $recipient }
identity-recovery-key-title = RECOVERY KEY – print it and put it in the emergency folder:
identity-recovery-key-saved = Saved in: { $path }
identity-recovery-key-keep = Without it or the machine key nothing can be restored. Remove the file from the server after printing.
identity-recipients = { $count ->
    [one] Public part of the recovery key (belongs in the configuration under keys.recovery):
   *[other] Public parts of the { $count } recovery keys (belong in the configuration under keys.recovery):
}
identity-config-none = No configuration file: add these lines when setting up tresor.yaml:
identity-config-embedded = The demo configuration is built in; in a real tresor.yaml these lines go under keys:
identity-config-listed = Already listed in { $path } under keys.recovery.
identity-config-written = Added to { $path } under keys.recovery.
identity-config-manual = Warning: { $path } could not be updated safely. Please add these lines by hand:
identity-repo-created = Repository created: { $name } ({ $location }): { $id }
identity-repo-exists = Already set up, unchanged: { $name } ({ $location })
identity-repo-older = Warning: { $name } ({ $location }) was set up before the installation identity, with its own secrets, and is left unchanged. Files there have other blob ids; copying between it and the other destinations needs re-chunking.

identity-wrong-key = The machine key { $machine } does not open the installation identity { $identity }. Nothing was changed.
identity-wrong-key-hint = Put this server's machine key back (the file from the first setup). If it is lost, the recovery key from the emergency folder opens the backups; tell your IT partner.
identity-machine-key-missing = The installation identity { $identity } exists, but the machine key { $machine } does not. Nothing was changed.
identity-damaged = The installation identity { $identity } is damaged. Nothing was changed.
identity-newer = The installation identity { $identity } has version { $found }; this tresor knows version 1 only. Nothing was changed.
identity-damaged-hint = Install a current tresor version or tell your IT partner; every medium that was set up holds a copy of the identity.
identity-foreign = { $location } holds the repository of another installation. It is neither overwritten nor added to.
identity-foreign-hint = Is the right medium inserted? Do not use a medium of another practice or server; to set it up anew it must be emptied first.
identity-io = { $path }: { $reason }

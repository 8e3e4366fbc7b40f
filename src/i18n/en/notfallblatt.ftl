# notfallblatt: the emergency sheet for the practice's binder

sheet-title = EMERGENCY SHEET – backups with tresor
sheet-subtitle = { $practice } – written on { $date } on the server { $host }
sheet-intro = This sheet and the recovery key are enough to restore the practice on a bare server after a total loss.
sheet-intro-secret = This sheet is enough to restore the practice on a bare server after a total loss. It holds the recovery key: keep it like a safe's key (emergency binder, safe). Whoever has the sheet and a backup medium can read the patients' data.
sheet-contact = Contact (IT partner)
sheet-installation = Installation
sheet-where-heading = Where the backups are
sheet-place-folder = { $name }: folder { $path }.
sheet-place-cartridges = { $name }: RDX cartridges in the drive { $path }, { $count ->
    [one] one cartridge
   *[other] { $count } cartridges
}, each with a complete backup. In the practice: { $practice }. Off site: { $home }.
sheet-place-bucket = { $name }: S3 storage, bucket { $bucket }, endpoint { $endpoint }, region { $region }, prefix { $prefix }.
sheet-repository = Repository id: { $id }.
sheet-repository-cartridge = Repository id of the cartridge inserted when printed: { $id }.
sheet-repository-unknown = (repository id: not reachable when printed)
sheet-what = Backed up: { $what }.
sheet-database = SQL Server database { $name }
sheet-key-heading = Recovery key
sheet-key-printed = The secret key (one line, type it exactly – or scan the QR code with a phone and transfer it as text):
sheet-key-public = Public part (to check, not a secret): { $recipient }
sheet-key-not-printed = The recovery key is not printed on this sheet.
sheet-key-kept = Kept in
sheet-key-recipients = { $count ->
    [one] This recovery key opens the backups
   *[other] These { $count } recovery keys open the backups
}: { $recipients }
sheet-steps-heading = Restoring on a bare server
sheet-step-tool = Copy tresor.exe into a folder on the new server (from the emergency binder, a USB stick or the IT partner). Nothing needs to be installed.
sheet-step-key = Save the key from section 2 with Notepad as the file { $file } in the same folder (only the line AGE-SECRET-KEY-1…).
sheet-step-medium = Insert the cartridge with the newest backup (or connect the NAS share); it must be reachable as { $path }.
sheet-step-list = Open a command prompt in that folder. Show the backups on the medium:
sheet-step-folder = First restore everything into the folder { $target } to check it:
sheet-step-original = Then write everything back to where it was (same drive letters as the old server). If a file is there already (e.g. after reinstalling the practice software), tresor writes nothing and names it; then repeat the same command with --overwrite (replaces it):
sheet-step-other = For another destination replace the path after --repo: { $others }.
sheet-step-bucket = From S3 storage ({ $name }): download the prefix's contents with an S3 tool (e.g. rclone or aws s3 sync) and the credentials below into a folder and give that folder after --repo.
sheet-sql-heading = SQL Server databases
sheet-sql-note = The databases are in the snapshot as native SQL Server backups (.bak, FILESTREAM included). First install SQL Server (same or newer version) and the practice software, then restore them with a tresor.yaml that has the sqlserver: section:
sheet-password-heading = Password of the practice software
sheet-password-note = Important (the vendor's note): after a restore the practice software asks for the password that was valid when the backup was made – not today's. So write down every password change with its date.
sheet-password-where = The password history is kept here
sheet-footer = Print the sheet again after every change (new key, new destination): tresor notfallblatt. A restore drill (tresor drill) shows that everything works.
sheet-written = Emergency sheet written: { $pdf } and { $txt }
sheet-print = Please print it, put it into the emergency binder and then delete the files from the server: they hold the recovery key.
sheet-print-no-key = Please print it and put it into the emergency binder.
sheet-key-choice = Give either --recovery-key FILE (the key is printed) or --no-key (the sheet names only where it is kept).
sheet-key-choice-hint = A recovery key from `tresor init` is here: { $file }
sheet-key-choice-hint-none = The recovery key is the file tresor-wiederherstellungsschluessel-….key from the setup.
sheet-key-foreign = { $file } is not a recovery key of this installation (public part { $recipient }).
sheet-key-foreign-hint = `tresor key list` shows this installation's recovery keys.
sheet-write-failed = { $path } could not be written: { $reason }
sheet-intro-incomplete = WARNING: this sheet is NOT YET enough to restore the newest backup – the recovery key does not open it yet (see section 1). Print the sheet again after the next backup.
sheet-opens = The recovery key opens { $opened } of { $total } backups here, every one from { $since } on.
sheet-opens-none-yet = No backup is there yet.
sheet-opens-not-newest = WARNING: this recovery key does not open the newest backup on { $name }: it shares data stored before the key was added. The next backup stores that data for it as well; print the sheet again after it.
sheet-bucket-key-id = Access key ID
sheet-bucket-secret-kept = The secret access key is kept here
sheet-intro-unchecked = WARNING: whether this key opens the backups could not be checked while printing: no destination holding a backup was reachable. Print again with the cartridge inserted (or the NAS connected).
sheet-step-download = Download the backup from S3 storage (section 1) into the folder { $path } (see below).
sheet-opens-not-newest-count = The recovery key opens { $opened } of { $total } backups here, but not the newest.
sheet-not-checked = The emergency sheet could not check whether the key opens the backups: no destination holding a backup was reachable.

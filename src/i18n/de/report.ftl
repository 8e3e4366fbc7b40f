# report

backup-saved = Sicherung { $snapshot } gespeichert in { $location }: { $files }, { $size } ({ $files_read ->
    [one] 1 Datei gelesen
   *[other] { $files_read } Dateien gelesen
}), neu { $new } → gespeichert { $stored }, Dauer { $duration }

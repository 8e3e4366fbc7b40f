# report

backup-saved = Sicherung { $snapshot } gespeichert in { $location }: { $files }, { $size } ({ $files_read ->
    [one] 1 Datei gelesen
   *[other] { $files_read } Dateien gelesen
}), neu { $new } → gespeichert { $stored }, Dauer { $duration }

## Warnungen einer Sicherung (src/report/messages.rs)
report-changed-while-reading = { $path } wurde während des Lesens geändert; die gesicherte Fassung kann uneinheitlich sein (Praxisprogramm vor der Sicherung beenden).
report-unreadable = { $path } konnte nicht gelesen werden ({ $error }); alles andere wurde gesichert.
report-source-missing-optional = Hinweis: optionaler Ordner { $label } ({ $path }) ist nicht vorhanden.
report-source-missing = { $label } ({ $path }) fehlt – dieser Datenordner wurde NICHT gesichert. Pfad in der Konfiguration prüfen.
report-database-files-excluded = Hinweis: Datenbankdatei { $path } wird nie als Datei kopiert (sie wird als SQL-Server-Sicherung gesichert).
report-vanished = Hinweis: { $path } wurde während der Sicherung gelöscht.
report-skipped = { $path } übersprungen: { $reason }
report-repository = Sicherungsziel: { $detail }
report-database-missing = Die Datenbank { $database } gibt es auf dem SQL Server nicht – sie wurde NICHT gesichert. Profil und Server prüfen (tresor config check).

## Fortschritt (src/report/progress.rs)
report-phase-backup = Sicherung
report-phase-restore = Wiederherstellung
report-phase-check = Prüfung
report-progress-start = { $phase } …
report-progress-percent = { $phase }: { $percent } %
report-progress-bytes = { $phase }: { $size }
report-progress-time-left = Restzeit

## tresor demo (src/cli/cmd_demo.rs)
report-demo-step-setup = 1. Einrichten: Schlüssel und Sicherungsziele
report-demo-step-nightly = 2. Nachtsicherung auf RDX und NAS
report-demo-step-day = 3. Ein Praxistag vergeht, dann die Feierabendsicherung
report-demo-step-snapshots = 4. Sicherungen auf dem RDX-Medium
report-demo-step-restore = 5. Wiederherstellung nur mit Medium und Wiederherstellungsschlüssel
report-demo-compared = Vergleich mit dem Praxisordner: { $files } ({ $size }) inhalts- und zeitgleich
report-demo-everything-in = Alles liegt in { $path }
report-demo-recovery-key = Wiederherstellungsschlüssel: { $path }
report-demo-folder-not-empty = { $path } ist nicht leer und kein Demo-Ordner; bitte --dir mit einem neuen Ordner angeben.
report-demo-no-recovery-key = es wurde kein Wiederherstellungsschlüssel geschrieben

## Zeilen des Berichts: was sie sind, in Worten statt `!`/`!!`
report-line-warning = Warnung: { $text }
report-line-failed = Fehlgeschlagen: { $text }

## Namen, die tresor nicht speichern kann (src/source/files/walk.rs)
report-name-not-utf8 = { $path } übersprungen: der Name enthält Zeichen, die tresor nicht lesen kann (z. B. von einem alten DOS-Programm geschrieben). Benennen Sie die Datei um, damit sie gesichert wird.
report-link-target-not-utf8 = Verknüpfung { $path } übersprungen: ihr Ziel enthält Zeichen, die tresor nicht lesen kann. Legen Sie die Verknüpfung mit einem anderen Ziel neu an, damit sie gesichert wird.

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
report-demo-step-nightly = 2. Nachtsicherung auf RDX, gespiegelt auf das NAS
report-demo-step-day = 3. Ein Praxistag vergeht, dann die Feierabendsicherung
report-demo-step-snapshots = 4. Sicherungen auf dem RDX-Medium
report-demo-step-restore = 5. Wiederherstellung nur mit der NAS-Kopie und dem Wiederherstellungsschlüssel
report-demo-compared = Vergleich mit dem Praxisordner: { $files } ({ $size }) inhalts- und zeitgleich
report-demo-everything-in = Alles liegt in { $path }
report-demo-recovery-key = Wiederherstellungsschlüssel: { $path }
report-demo-folder-not-empty = { $path } ist nicht leer und kein Demo-Ordner; bitte --dir mit einem neuen Ordner angeben.
report-demo-no-recovery-key = es wurde kein Wiederherstellungsschlüssel geschrieben

## Zeilen des Berichts: was sie sind, in Worten statt `!`/`!!`
report-line-warning = Warnung: { $text }
report-line-failed = Fehlgeschlagen: { $text }

## Wiederherstellung: warum eine Datei nicht wiederhergestellt wurde (src/job/restore/problem.rs)
report-restore-not-restored = Nicht wiederhergestellt: { $path } – { $reason }
report-restore-data-missing = ihre Daten fehlen im Sicherungsziel (Datenblock { $chunk })
report-restore-pack-not-indexed = das Datenpaket { $pack } steht in keinem Verzeichnis des Sicherungsziels
report-restore-pack-unreadable = das Datenpaket { $pack } ist nicht lesbar: { $reason }
report-restore-temp-file = die temporäre Datei { $path } ließ sich nicht anlegen oder öffnen ({ $reason })
report-restore-write = Schreiben fehlgeschlagen ({ $reason })
report-restore-read-back = die geschriebene Datei ließ sich zur Prüfung nicht lesen ({ $reason })
report-restore-metadata = Änderungszeit oder Rechte ließen sich nicht setzen ({ $reason })
report-restore-hard-link = fester Link (Hardlink) ließ sich nicht anlegen ({ $reason })
report-restore-hard-link-orphan = fester Link auf { $first }, das selbst nicht wiederhergestellt wurde
report-restore-symlink = symbolischer Link ließ sich nicht anlegen ({ $reason })
report-restore-link-in-target = { $path } ist im Zielordner ein symbolischer Link oder eine Verknüpfung (Junction); ihm wird nicht gefolgt (--overwrite ersetzt den Link selbst)
report-restore-file-in-target = { $path } ist im Zielordner eine Datei, wo die Sicherung einen Ordner hat (--overwrite ersetzt sie)
report-restore-mount-in-target = unter { $path } ist im Zielordner ein anderes Laufwerk eingehängt; dorthin wird nicht geschrieben
report-restore-target-io = { $path }: { $reason }
report-restore-name-impossible = der Name ist im Zielordner nicht möglich: { $reason }
report-restore-duplicate = steht doppelt in der Sicherung; der erste Eintrag wurde wiederhergestellt
report-restore-beneath-file = liegt unter { $file }, das in der Sicherung eine Datei ist
report-restore-name-empty = leerer Namensteil
report-restore-name-dot = „.“ oder „..“ würde den Zielordner verlassen oder doppelt benennen
report-restore-name-nul = NUL-Zeichen im Namen
report-restore-name-char = das Zeichen { $char } ist in Windows-Dateinamen nicht erlaubt
report-restore-name-trailing = Windows-Dateinamen dürfen nicht mit Punkt oder Leerzeichen enden
report-restore-name-device = { $name } ist ein Windows-Gerätename
report-restore-verify-not-indexed = Prüfung fehlgeschlagen: ein Datenblock steht in keinem Verzeichnis
report-restore-verify-short = Prüfung fehlgeschlagen: die geschriebene Datei ist zu kurz
report-restore-verify-differs = Prüfung fehlgeschlagen: der Inhalt weicht von der Sicherung ab
report-restore-verify-long = Prüfung fehlgeschlagen: die geschriebene Datei ist länger als in der Sicherung
report-restore-verify-read = Prüfung fehlgeschlagen: Lesen der geschriebenen Datei ({ $reason })
report-restore-stream-failed = Datenpaket { $pack } ließ sich nicht am Stück lesen ({ $reason }); seine Teile wurden einzeln gelesen. Das Medium sollte geprüft werden (tresor check).
report-restore-stream-broke = Lesen des Datenpakets { $pack } brach ab ({ $reason }); der Rest wurde Teil für Teil gelesen. Das Medium sollte geprüft werden (tresor check).

## Sicherungsziel: Probleme, die eine Sicherung umgangen hat (src/job/warning.rs)
report-repo-pack-missing = das Datenpaket { $pack } fehlt ({ $blobs ->
    [one] 1 Datenblock verzeichnet
   *[other] { $blobs } Datenblöcke verzeichnet
}); nichts daraus wird wiederverwendet, seine Daten werden neu gespeichert
report-repo-pack-wrong-size = das Datenpaket { $pack } hat { $found } Byte, laut Verzeichnis { $expected } (abgeschnitten oder ersetzt); nichts daraus wird wiederverwendet, seine Daten werden neu gespeichert
report-repo-previous-list-unreadable = die Dateiliste der letzten Sicherung ist nicht lesbar ({ $error }); alle Dateien werden neu gelesen
report-repo-damage-not-recorded = das beschädigte Datenpaket ließ sich nicht vermerken ({ $error })
report-repo-bak-unreadable = die Datenbanksicherung { $path } ließ sich nicht lesen: { $reason }

## Namen, die tresor nicht speichern kann (src/source/files/walk.rs)
report-name-not-utf8 = { $path } übersprungen: der Name enthält Zeichen, die tresor nicht lesen kann (z. B. von einem alten DOS-Programm geschrieben). Benennen Sie die Datei um, damit sie gesichert wird.
report-link-target-not-utf8 = Verknüpfung { $path } übersprungen: ihr Ziel enthält Zeichen, die tresor nicht lesen kann. Legen Sie die Verknüpfung mit einem anderen Ziel neu an, damit sie gesichert wird.

## The staff's final screen (report/screen.rs)
screen-headline-ok = ✔ Datensicherung erfolgreich
screen-headline-warnings = ✔ Datensicherung erfolgreich, mit Hinweisen
screen-headline-failed = ✘ Datensicherung NICHT vollständig
screen-context = { $practice } · Auftrag »{ $job }« · { $date } { $time } Uhr
screen-saved = Gesichert: { $files ->
    [one] 1 Datei
   *[other] { $files_text } Dateien
} ({ $size }){ $databases ->
    [0] .
    [one] und 1 Datenbank.
   *[other] und { $databases } Datenbanken.
}
screen-on-medium = Auf Kassette »{ $name }«.
screen-copy-ok = Kopie auf »{ $name }«: fertig.
screen-copy-later = Kopie auf »{ $name }«: wird in der nächsten Nacht fertig.
screen-copy-failed = Kopie auf »{ $name }«: NICHT gelungen.
screen-databases-missing = { $count ->
    [one] Nicht gesichert: Datenbank { $names }.
   *[other] Nicht gesichert: Datenbanken { $names }.
}
screen-now = Jetzt bitte:
screen-take-out = Kassette »{ $name }« jetzt entnehmen und { $goes_to }.
screen-insert-next = Danach Kassette »{ $name }« einlegen.
screen-warnings-mail = Nichts weiter zu tun; die IT-Betreuung bekommt die Hinweise per E-Mail.
screen-failed-call = Bitte heute noch die IT-Betreuung anrufen. Keine Kassette überschreiben oder wegwerfen.
screen-nothing-to-do = Nichts weiter zu tun.
screen-note = Hinweis: { $text }
screen-warnings-tell = Bitte die IT-Betreuung über diese Hinweise informieren.

# tresor schedule install|show|remove (cli/cmd_schedule.rs).

schedule-manual = { $job }: manuell – keine geplante Aufgabe
schedule-task-written = { $job } ({ $schedule }): Aufgabe geschrieben nach { $file }
schedule-unit-written = { $job }: { $file } geschrieben
schedule-would-write = Würde schreiben: { $file }
schedule-would-run = Würde ausführen: { $command }
schedule-password-prompt = Kennwort von { $user } eingeben, dann Enter:
schedule-ran = Ausgeführt: { $command }
schedule-run-on-windows = Auf dem Windows-Server auszuführen: { $command }
schedule-then-run = Jetzt ausführen (als root): { $command }
schedule-would-delete = Würde löschen: { $file }
schedule-deleted = Gelöscht: { $file }
schedule-nothing-installed = Keine von tresor eingerichteten Timer gefunden.
schedule-shortcut = Desktop-Verknüpfung „{ $name }“ für den Job { $job }
schedule-shortcut-name = Datensicherung Feierabend
schedule-shortcut-description = Datensicherung nach Ende der Datenverarbeitung starten (tresor)
schedule-task-description = tresor: Datensicherung, Job { $job }

schedule-show-job = { $job } ({ $schedule }):
schedule-show-manual = { $job }: manuell (Desktop-Verknüpfung oder von Hand)
schedule-show-run = { $day }{ $year } { $time } Uhr (UTC{ $offset })
schedule-show-skipped = { $day }{ $year } { $time } Uhr gibt es nicht (Umstellung auf Sommerzeit): kein Lauf an diesem Tag
schedule-unknown-timezone = Unbekannte Zeitzone „{ $zone }“.
schedule-unknown-timezone-hint = Den Namen aus der IANA-Zeitzonendatenbank angeben, z. B. Europe/Berlin.

schedule-unsupported = Der Zeitplan des Jobs { $job } lässt sich nicht einrichten: { $reason }
schedule-unsupported-hint = Einen wöchentlichen Zeitplan wie „30 22 * * Mon-Fri“ oder „manual“ in tresor.yaml eintragen.
schedule-not-weekly = { $part } in „{ $line }“ muss „*“ sein (eine wöchentliche Aufgabe läuft in jedem Monat an jedem Tag)
schedule-too-many-times = „{ $line }“ ergibt { $count } Startzeiten; eine Aufgabe kann höchstens { $max } haben
schedule-part-day-of-month = Der Tag im Monat
schedule-part-month = Der Monat
schedule-part-year = Das Jahr
schedule-part-second = Die Sekunde
schedule-not-ours = { $file } gibt es schon, und tresor hat die Datei nicht geschrieben (die Kennzeile fehlt): sie bleibt, wie sie ist, nichts wurde installiert.
schedule-not-ours-hint = Die Datei prüfen und selbst umbenennen oder löschen, wenn sie nicht mehr gebraucht wird; dann schedule install wiederholen.
schedule-unit-path = Der Ordner der Konfiguration { $folder } kann nicht in eine systemd-Unit geschrieben werden (Zeilenumbruch, Leerzeichen am Anfang oder Ende oder ein \ am Ende).
schedule-unit-path-hint = Die Konfiguration in einen Ordner mit einfachem Namen legen und --config darauf zeigen lassen.
schedule-write-failed = { $path } konnte nicht geschrieben werden: { $reason }
schedule-command-failed = { $command } ist fehlgeschlagen (Exit-Code { $code }): { $output }
schedule-command-hint = tresor schedule install als Administrator ausführen (Eingabeaufforderung „Als Administrator ausführen“).

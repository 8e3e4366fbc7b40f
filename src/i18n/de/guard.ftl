# Der Ransomware-Wächter (src/guard, report/guard_text.rs, cli/cmd_guard.rs).

guard-alarm-title = ALARM: Verdacht auf Verschlüsselungsangriff (Ransomware)
guard-alarm-lead = In den heutigen Daten sieht tresor Zeichen eines Verschlüsselungsangriffs:
guard-seen-random = { $count ->
    [one] 1 Datei sieht verschlüsselt aus (zufälliger Inhalt, wo vorher Text oder Datensätze standen)
   *[other] { $count } Dateien sehen verschlüsselt aus (zufälliger Inhalt, wo vorher Text oder Datensätze standen)
}
guard-seen-signature = { $count ->
    [one] 1 Datei passt nicht mehr zu ihrem Dateityp (z. B. ein PDF ohne PDF-Kennung)
   *[other] { $count } Dateien passen nicht mehr zu ihrem Dateityp (z. B. ein PDF ohne PDF-Kennung)
}
guard-seen-renamed = { $count ->
    [one] 1 Datei wurde in „.{ $extension }“ umbenannt
   *[other] { $count } Dateien wurden in „.{ $extension }“ umbenannt
}
guard-seen-notes = { $count ->
    [one] 1 Erpresserbrief (Datei wie „Restore-My-Files.txt“)
   *[other] { $count } Erpresserbriefe (Dateien wie „Restore-My-Files.txt“)
}
guard-seen-changed = { $percent } % der Dateien wurden geändert oder gelöscht (sonst meist { $baseline } %)
guard-examples = Beispiele: { $paths }
guard-first-folder = Zuerst betroffen: { $folder }
guard-alarm-kept = Die Sicherung wurde trotzdem geschrieben und als verdächtig markiert (Beweismittel). Alte Sicherungen werden nicht gelöscht, bis ein Techniker den Alarm schließt.
guard-todo-staff = Kassetten NICHT entnehmen und NICHT überschreiben, keine Sicherung von Hand starten. Rufen Sie sofort Ihren IT-Betreuer an.
guard-todo-technician = Für den IT-Betreuer: „tresor guard show“ zeigt den Alarm; nach Prüfung „tresor guard release“ (Fehlalarm) oder „tresor guard confirm“ (Angriff bestätigt: die letzte saubere Sicherung wird im Protokoll vermerkt). Wiederherstellen aus der letzten Sicherung vor dem Alarm.
guard-hold-open = Aufbewahrung ausgesetzt: Ein Ransomware-Alarm ist offen (seit { $since }). Keine Sicherung wird gelöscht, bis ein Techniker ihn mit „tresor guard release“ schließt.
guard-hold-snapshot = Aufbewahrung ausgesetzt: Auf diesem Ziel liegt eine als verdächtig markierte Sicherung vom { $time }, die auf diesem Server nicht freigegeben wurde. Keine Sicherung wird gelöscht, bis ein Techniker „tresor guard release“ ausführt.
guard-hold-unreadable = Aufbewahrung ausgesetzt: Der Zustand des Ransomware-Wächters (guard.json) ist nicht lesbar; er gilt als offener Alarm.
guard-hold-hint = Erst prüfen, dann „tresor guard show“ und „tresor guard release“ oder „tresor guard confirm“.
guard-state-unwritable = Der Alarm konnte nicht gespeichert werden: { $detail }

## tresor guard show / release / confirm

guard-show-none = Kein Ransomware-Alarm offen.
guard-show-released = Zuletzt freigegeben: { $time }
guard-show-open = Offener Alarm seit { $since }: Auftrag „{ $job }“, Ziel „{ $destination }“, Sicherung { $snapshot }
guard-show-repeated = { $count ->
    [one] Seitdem 1 weiterer Alarm.
   *[other] Seitdem { $count } weitere Alarme.
}
guard-show-confirmed = Angriff bestätigt am { $at }; letzte saubere Sicherung: { $snapshot } vom { $time } (Ziel „{ $destination }“)
guard-show-confirmed-none = Angriff bestätigt am { $at }; auf Ziel „{ $destination }“ gibt es keine Sicherung vor dem Alarm.
guard-release-done = Alarm geschlossen (Fehlalarm). Die Aufbewahrung läuft beim nächsten Auftrag wieder; die markierte Sicherung bleibt als verdächtig gekennzeichnet.
guard-release-nothing = Kein Alarm offen; verdächtige Sicherungen bis jetzt sind freigegeben.
guard-confirm-done = Angriff bestätigt. Die Aufbewahrung bleibt ausgesetzt. Letzte saubere Sicherung auf „{ $destination }“: { $snapshot } vom { $time }.
guard-confirm-restore = Wiederherstellen: tresor restore { $snapshot } --target <Ordner>
guard-confirm-no-clean = Angriff bestätigt. Die Aufbewahrung bleibt ausgesetzt. Auf „{ $destination }“ gibt es keine Sicherung vor dem Alarm: eine andere Kassette oder die Kopie auf dem NAS/S3 prüfen.
guard-confirm-nothing = Kein Alarm offen: es gibt nichts zu bestätigen.
guard-reason-missing = Bitte mit --reason angeben, warum (steht im Protokoll).
guard-refused = { $command } wird nicht ausgeführt: { $reason }
guard-restore-suspicious = Die Sicherung { $snapshot } ist als verdächtig markiert (Ransomware-Alarm). Die letzte Sicherung vor dem Alarm ist { $clean } vom { $time }: tresor restore { $clean } …
guard-restore-suspicious-none = Die Sicherung { $snapshot } ist als verdächtig markiert (Ransomware-Alarm); auf diesem Ziel gibt es keine Sicherung vor dem Alarm.
guard-snapshots-suspicious = verdächtig (Ransomware-Alarm)
guard-status-alarm = Ransomware-Alarm offen seit { $since } – Aufbewahrung ausgesetzt

## tresor guard shield

guard-shield-nothing = Kein lokales Sicherungsziel (Kassette, NAS-Ordner) in der Konfiguration; mit --repo einen Ordner angeben.
guard-shield-absent = Ziel „{ $name }“ ({ $path }) ist nicht erreichbar: nicht geschützt.
guard-shield-failed = Ziel „{ $name }“ konnte nicht geschützt werden: { $detail }
guard-shield-done = Ziel „{ $name }“: nur noch das Sicherungskonto darf schreiben ({ $count ->
    [one] 1 Eintrag geändert
   *[other] { $count } Einträge geändert
}).
guard-shield-incomplete = Nicht alle Ziele sind geschützt (siehe oben).
guard-status-writable = Ziel „{ $name }“ ({ $path }) können auch andere Konten beschreiben: { $who }. Ransomware könnte die Sicherungen dort verschlüsseln. Abhilfe: tresor guard shield

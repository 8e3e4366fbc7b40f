# Protokoll (journal), tresor.log, tresor status

## tresor.log (src/report/log.rs)
journal-log-line = { $time } { $what }: { $outcome } – { $details }
journal-log-ok = erfolgreich
journal-log-warnings = erfolgreich mit Warnungen
journal-log-failed = FEHLGESCHLAGEN
journal-log-size = { $items ->
    [one] 1 Datei oder Ordner
   *[other] { $items } Dateien und Ordner
}, { $size } (neu { $new })
journal-log-medium = Kassette »{ $name }«
journal-log-warning-count = { $count ->
    [one] 1 Warnung
   *[other] { $count } Warnungen
}
journal-kind-backup = Sicherung { $job }
journal-kind-mirror = Spiegelung
journal-kind-forget = Aufräumen alter Sicherungen
journal-kind-restore = Wiederherstellung
journal-kind-restore-db = Wiederherstellung einer Datenbank
journal-kind-drill = Wiederherstellungstest
journal-kind-check = Prüfung
journal-kind-guard = Ransomware-Alarm (Techniker)

## tresor journal (src/cli/cmd_journal.rs)
journal-no-path = Es ist unbekannt, wo das Protokoll liegt: keine Konfiguration gefunden und kein --journal angegeben.
journal-verify-intact = Protokoll unversehrt: { $entries ->
    [one] 1 Eintrag
   *[other] { $entries } Einträge
} in { $path }.
journal-verify-legacy = Dazu { $count ->
    [one] 1 älterer Eintrag
   *[other] { $count } ältere Einträge
} ohne Prüfsumme (vor der Verkettung geschrieben: nicht geschützt, aber keine Manipulation).
journal-verify-failed = Protokoll NICHT unversehrt ({ $path }): { $problem }
journal-verify-hint = Dienstleister informieren; die Kopie des Protokolls in jeder Sicherung zeigt den früheren Stand.
journal-problem-unreadable = Das Protokoll kann nicht gelesen werden: { $error }
journal-problem-torn = Zeile { $line } ist kein vollständiger Eintrag (ein Schreibvorgang wurde unterbrochen, oder die Zeile wurde beschädigt).
journal-problem-torn-last = Die letzte Zeile ({ $line }) ist unvollständig – tresor wurde vermutlich beim Schreiben unterbrochen (Absturz, Stromausfall).
journal-problem-edited = Eintrag { $seq } (Zeile { $line }) wurde nachträglich verändert: sein Inhalt passt nicht zu seiner Prüfsumme.
journal-problem-chain-broken = Eintrag { $seq } (Zeile { $line }) schließt nicht an den vorigen Eintrag an: einer der beiden wurde ersetzt.
journal-problem-missing = Vor Eintrag { $found } (Zeile { $line }) { $count ->
    [one] fehlt Eintrag { $expected }
   *[other] fehlen die Einträge { $expected } bis { $last }
} – gelöscht.
journal-problem-reordered = Eintrag { $seq } (Zeile { $line }) steht an der Stelle von Eintrag { $expected }: Einträge wurden umgestellt oder verdoppelt.
journal-problem-newest-missing = Die neuesten Einträge fehlen: laut journal.head reichte das Protokoll bis Eintrag { $head }, es endet aber bei Eintrag { $last }.
journal-problem-head-missing = Die Datei journal.head fehlt oder ist unlesbar, obwohl das Protokoll bis Eintrag { $last } reicht – gelöscht oder beschädigt.
journal-problem-head-mismatch = Die Datei journal.head nennt Eintrag { $head } als neuesten, das Protokoll endet bei Eintrag { $last }.
journal-show-empty = Das Protokoll ist noch leer ({ $path }).
journal-show-col-time = Zeit
journal-show-col-what = Was
journal-show-col-outcome = Ergebnis
journal-show-col-details = Einzelheiten
journal-show-unreadable = (unlesbare Zeile { $line })

## tresor status (src/cli/cmd_status.rs, src/report/status_text.rs)
status-no-config = tresor status braucht die Konfiguration der Praxis (--config), um zu wissen, welche Sicherungen erwartet werden.
status-level-green = Datensicherung: alles in Ordnung.
status-level-yellow = Datensicherung: bitte ansehen.
status-level-red = Datensicherung: NICHT in Ordnung – bitte handeln.
status-level-unknown = Datensicherung: Zustand unbekannt (keine Sicherung eingerichtet).
status-heading-jobs = Sicherungen:
status-heading-cartridges = Kassetten:
status-heading-mirrors = Spiegel:
status-heading-drill = Wiederherstellungstest:
status-heading-attention = Braucht Aufmerksamkeit:
status-heading-next = Nächste geplante Läufe:
status-age-minutes = { $count ->
    [one] 1 Minute
   *[other] { $count } Minuten
}
status-age-hours = { $count ->
    [one] 1 Stunde
   *[other] { $count } Stunden
}
status-age-days = { $count ->
    [one] 1 Tag
   *[other] { $count } Tagen
}
status-job-ok = zuletzt erfolgreich am { $time } (vor { $age })
status-job-overdue = zuletzt erfolgreich am { $time } (vor { $age }) – { $missed ->
    [one] 1 geplanter Lauf
   *[other] { $missed } geplante Läufe
} seither ohne Erfolg
status-job-overdue-manual = zuletzt erfolgreich am { $time } (vor { $age }) – das ist zu lange her
status-job-last-failed = letzter Lauf FEHLGESCHLAGEN; zuletzt erfolgreich am { $time } (vor { $age })
status-job-never-succeeded = noch nie erfolgreich – jeder Lauf ist fehlgeschlagen
status-job-never-ran = noch nie gelaufen
status-job-manual = wird von Hand gestartet; zuletzt erfolgreich am { $time } (vor { $age })
status-job-manual-never = wird von Hand gestartet; noch nie gelaufen
status-cartridge-ok = zuletzt beschrieben am { $time }
status-cartridge-old = seit { $days } Tagen nicht beschrieben – ist sie noch im Wechsel?
status-cartridge-never = noch nie beschrieben
status-cartridges-ok = { $count ->
    [one] 1 Kassette
   *[other] alle { $count } Kassetten
} in den letzten 8 Tagen beschrieben
status-cartridges-flagged = länger als 8 Tage nicht beschrieben: { $names }
status-mirror-ok = auf dem Stand der letzten Sicherung
status-mirror-lag = { $age } hinter der letzten Sicherung
status-mirror-never = noch nie gespiegelt
status-mirror-failed = letzter Versuch FEHLGESCHLAGEN
status-mirror-no-backup = noch keine Sicherung zum Spiegeln
status-drill-ok = zuletzt am { $time } (vor { $age }), bestanden
status-drill-old = zuletzt am { $time } (vor { $age }) – bitte wieder einmal durchführen (tresor drill)
status-drill-failed = zuletzt am { $time } (vor { $age }) – NICHT bestanden
status-drill-never = noch nie durchgeführt – bitte einmal durchführen (tresor drill)
status-attention-none = nichts
status-attention-count = { $count ->
    [one] 1 Warnung
   *[other] { $count } Warnungen
} aus den letzten Läufen
status-journal-damaged = Das Protokoll ist beschädigt oder verändert: { $problem }
journal-show-col-seq = Nr.
journal-problem-unchained = Zeile { $line } hat keine Prüfsumme, steht aber nach Einträgen mit Prüfsumme: Sie wurde nachträglich eingefügt.

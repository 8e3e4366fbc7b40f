# cli

## Allgemein: Ziel, Konfiguration, Fehler und Warnungen

cli-error-label = Fehler
cli-warning-label = Warnung
cli-hint-help = Hilfe: tresor --help
cli-no-config = Keine Konfiguration gefunden: --config DATEI angeben (oder --repo PFAD und --key DATEI).
cli-config-missing = Die Konfigurationsdatei { $path } gibt es nicht.
cli-no-destination = In der Konfiguration ist kein Sicherungsziel eingetragen.
cli-unknown-destination = Unbekanntes Sicherungsziel „{ $name }“ (eingerichtet: { $known }).
cli-unknown-destination-suggest = Unbekanntes Sicherungsziel „{ $name }“ – meinten Sie „{ $suggestion }“? (eingerichtet: { $known })
cli-destination-read = Sicherungsziel: { $name } ({ $path })
cli-destination-read-path = Sicherungsziel: { $path }

## snapshots

cli-snapshots-col-time = Zeit
cli-snapshots-col-job = Job
cli-snapshots-col-files = Dateien
cli-snapshots-col-size = Größe
cli-snapshots-col-new = Neu
cli-snapshots-count = { $count ->
    [one] 1 Sicherung
   *[other] { $count } Sicherungen
}
cli-snapshot-file-damaged = Die Sicherungsdatei { $key } ist beschädigt: { $why }. Diese eine Sicherung ist nicht lesbar; die übrigen sind davon nicht betroffen.

## Pfade, auch in Windows-Schreibweise

cli-path-not-found = In Sicherung { $snapshot } gibt es nichts unter { $path }.
cli-path-not-found-hint = Pfade in dieser Sicherung sind z. B. { $examples } (auch als { $windows } schreibbar); `tresor ls { $snapshot }` zeigt alle.
cli-path-not-found-empty = Sicherung { $snapshot } enthält keine Dateien.
cli-path-ambiguous = { $path } passt auf mehrere Pfade, die sich nur in Groß-/Kleinschreibung unterscheiden: { $spellings }.
cli-path-ambiguous-hint = Schreiben Sie den gewünschten Pfad genau so, wie er dort steht.

## restore

cli-restore-target-missing = Wohin? --target ORDNER oder --to-original angeben.
cli-restore-done = Wiederhergestellt aus Sicherung { $snapshot } ({ $time }, { $job }): { $files ->
    [one] 1 Datei
   *[other] { $files } Dateien
}, { $folders ->
    [one] 1 Ordner
   *[other] { $folders } Ordner
}, { $size } geprüft → { $target }
cli-restore-link-as-folder = { $path }: als Ordner wiederhergestellt (in der Sicherung ein Link mit Einträgen darunter; der Link wurde nicht verfolgt)
cli-restore-newer = { $count ->
    [one] 1 Datei am Originalort ist neuer als in der Sicherung
   *[other] { $count } Dateien am Originalort sind neuer als in der Sicherung
}, z. B. { $first }. Nichts wurde geändert.
cli-restore-force-needs-original = --force gilt nur zusammen mit --to-original --overwrite.
cli-restore-newer-hint = Neuere Dateien werden nur mit --overwrite --force ersetzt. Sicherer: erst mit --target in einen leeren Ordner wiederherstellen und vergleichen.
cli-restore-original-unmapped = Der Originalort { $place } ist auf diesem Rechner nicht erreichbar.
cli-restore-original-unmapped-hint = Unter Linux ordnet die Konfiguration Laufwerke und Freigaben zu (`drives: { "{" } C: /srv/c { "}" }`, `unc:`); sonst mit --target in einen Ordner wiederherstellen.

## check

cli-check-read-only = Hinweis: Das Medium ist schreibgeschützt; geprüft wird ohne Sperre, gefundene Schäden werden nicht vermerkt.
cli-check-damage-recorded = { $count ->
    [one] 1 beschädigtes Pack vermerkt
   *[other] { $count } beschädigte Packs vermerkt
}: Die nächste Sicherung speichert ihre Daten neu, soweit die Quellen sie noch haben.
cli-check-damage-not-recorded = Der Schaden konnte nicht vermerkt werden: { $error }
cli-check-unusable-unneeded = Keine Sicherung braucht Daten daraus (sie sind anderswo gespeichert); `tresor prune` räumt es weg. Prüfen Sie das Medium.
cli-check-marked-damaged = { $count ->
    [one] 1 Pack ist als beschädigt vermerkt
   *[other] { $count } Packs sind als beschädigt vermerkt
}: Nichts wird daraus wiederverwendet; `tresor prune` entfernt sie, sobald keine Sicherung sie braucht.
cli-check-pending-deletion = { $count ->
    [one] 1 Pack ist zum Löschen vorgemerkt
   *[other] { $count } Packs sind zum Löschen vorgemerkt
} (der nächste `tresor prune` löscht sie).
cli-check-leftovers = { $count ->
    [one] 1 temporäre Datei
   *[other] { $count } temporäre Dateien
} abgebrochener Schreibvorgänge ({ $size }); `tresor prune` entfernt sie.
cli-check-affected = Betroffene Sicherung { $snapshot }:
cli-check-all-files = (alle Dateien)
cli-check-more = … { $count } weitere
cli-check-checked = Geprüft auf { $destination }: { $snapshots ->
    [one] 1 Sicherung
   *[other] { $snapshots } Sicherungen
}, { $packs ->
    [one] 1 Pack
   *[other] { $packs } Packs
}
cli-check-read = { $size } gelesen und bestätigt
cli-check-empty = Auf { $destination } gibt es keine Sicherung: Geprüft wurde nur der leere Aufbau, wiederherstellen lässt sich von dort nichts.
cli-check-no-errors = Keine Fehler gefunden.
cli-check-no-errors-notes = Keine Fehler gefunden (Hinweise oben).
cli-pack-missing = { $key } fehlt ({ $blobs ->
    [one] 1 Block
   *[other] { $blobs } Blöcke
} im Index)
cli-pack-wrong-size = { $key } hat { $found } Bytes, laut Index { $expected } (abgeschnitten oder ersetzt)
cli-check-repaired = Repariert: { $file } aus { $from } geschrieben und zurückgelesen.
cli-check-root-unusable = { $file } ist unbrauchbar: { $why } (verwendet wurde { $used }); Reparatur: tresor check --repair-root
cli-check-single-root-copy = Hinweis: Diese Sicherung hat keine zweite Kopie ihrer Stammdateien (tresor.repo.2, config.2; angelegt mit einer älteren tresor-Version). Hinzufügen mit: tresor check --repair-root

## forget und prune

cli-reason-last = letzte Sicherung
cli-reason-daily = Tagessicherung
cli-reason-weekly = Wochensicherung
cli-reason-monthly = Monatssicherung
cli-reason-yearly = Jahressicherung
cli-forget-keeps-nothing = Diese Aufbewahrung behielte keine einzige Sicherung; mindestens ein --keep-…-Wert muss größer als 0 sein.
cli-forget-job = Job { $job } ({ $policy }):
cli-forget-keep = behalten:        { $id } { $time } ({ $reasons })
cli-forget-removed = entfernt:        { $id } { $time }
cli-forget-would-remove = würde entfernt:  { $id } { $time }
cli-forget-total = { $count ->
    [one] 1 Sicherung entfernt.
   *[other] { $count } Sicherungen entfernt.
}
cli-forget-dry-run-total = Probelauf, nichts wurde entfernt: { $count ->
    [one] 1 Sicherung würde entfernt.
   *[other] { $count } Sicherungen würden entfernt.
}
cli-forget-damaged = { $key }: { $why } (weder behalten noch entfernt)
cli-prune-done = Aufgeräumt: { $deleted ->
    [one] 1 Pack gelöscht
   *[other] { $deleted } Packs gelöscht
}, { $repacked } umgepackt, { $marked } zum Löschen vorgemerkt (löscht ein späterer Lauf), { $kept } behalten; { $freed } frei.
cli-prune-dry-run = Probelauf, nichts wurde gelöscht: { $deleted ->
    [one] 1 Pack würde gelöscht
   *[other] { $deleted } Packs würden gelöscht
}, { $repacked } umgepackt, { $marked } zum Löschen vorgemerkt, { $kept } behalten; { $freed } würden frei.
cli-prune-duplicates = { $size } doppelt gespeichert (in umgepackten oder vorgemerkten Packs), { $cancelled ->
    [one] 1 Vormerkung
   *[other] { $cancelled } Vormerkungen
} aufgehoben, weil wieder gebraucht
cli-prune-missing-forgotten = { $count ->
    [one] 1 fehlende Pack-Datei
   *[other] { $count } fehlende Pack-Dateien
} aus dem Index entfernt (ihre Daten sind anderswo gespeichert oder werden nicht gebraucht)
cli-prune-leftovers = { $removed ->
    [one] 1 temporäre Datei
   *[other] { $removed } temporäre Dateien
} abgebrochener Schreibvorgänge entfernt, { $kept } behalten (ein anderer Lauf könnte sie noch schreiben)
cli-prune-unusable-needed = enthält die einzige Kopie benötigter Daten; `tresor check` nennt die betroffenen Sicherungen

## restore-db

cli-restore-db-no-sqlserver = In der Konfiguration fehlt der Abschnitt sqlserver:.
cli-restore-db-done = Datenbank { $database } wiederhergestellt aus { $from } (Sicherung { $snapshot }, { $time }):
cli-restore-db-checkdb-clean = DBCC CHECKDB: ohne Befund
cli-restore-db-password = Hinweis: Die Praxissoftware fragt nach dem Passwort, das zum Zeitpunkt der Sicherung ({ $time }) gültig war.

## backup: welcher Job

cli-backup-only-job = Job { $job } (der einzige eingerichtete)
cli-backup-job-required = { $count ->
    [0] Es ist kein Job eingerichtet.
    [one] Welcher Job? Eingerichtet ist: { $jobs }.
   *[other] Welcher Job? Eingerichtet sind { $count }: { $jobs }.
}
cli-backup-job-required-hint = Den Job nennen, z. B. tresor backup --job NAME (oder ad hoc: tresor backup --path ORDNER).
cli-backup-unknown-job = Unbekannter Job „{ $name }“.
cli-backup-unknown-job-suggest = Unbekannter Job „{ $name }“ – meinten Sie „{ $suggestion }“?
cli-backup-known-jobs = { $count ->
    [0] Es ist kein Job eingerichtet.
   *[other] Eingerichtete Jobs: { $jobs }
}

## Command line: usage errors, Windows paths typed on it, restore-db without databases

cli-unknown-language = Unbekannte Sprache '{ $language }': de oder en angeben.
cli-usage-error = Der Aufruf ist fehlerhaft. Meldung der Befehlszeilen-Prüfung (nur auf Englisch verfügbar):
cli-usage-hint-command = Hilfe: tresor { $command } --help
cli-usage-no-command = Kein Befehl angegeben, z. B. tresor backup --job nightly.
cli-windows-path-no-config = Der Windows-Pfad { $path } kann auf diesem Rechner ohne Konfiguration nicht zugeordnet werden.
cli-windows-path-no-config-hint = Einen Pfad dieses Rechners angeben (z. B. /mnt/rueckholung) oder mit --config eine Konfiguration mit `drives:` / `unc:` verwenden.
cli-windows-path-invalid = Der Pfad { $path } ist kein gültiger Windows-Pfad.
cli-windows-path-invalid-hint = Pfade so schreiben: 'D:\Rueckholung' oder '\\nas\praxis\tresor' (in einfachen Anführungszeichen).
cli-windows-path-unmapped = Für den Pfad { $path } ist in der Konfiguration kein Laufwerk bzw. keine Freigabe zugeordnet.
cli-windows-path-unmapped-hint = In { $origin } unter `drives:` bzw. `unc:` eintragen, wo dieses Laufwerk auf diesem Rechner liegt, oder einen Pfad dieses Rechners angeben.
cli-restore-db-no-sqlserver-hint = Den Abschnitt `sqlserver:` (Verbindung und Staging-Ordner) in { $origin } ergänzen und `tresor config check` ausführen.
cli-restore-db-none-in-snapshot = Die Sicherung { $snapshot } (Job { $job }) enthält keine Datenbanken, also auch nicht { $database }.
cli-restore-db-none-in-snapshot-hint = `tresor snapshots` zeigt, welche Sicherungen Datenbanken enthalten; dann deren Kennung statt latest angeben.
cli-forget-prune-not-simulated = Aufräumen (--prune) wird im Probelauf nicht simuliert: es hängt davon ab, welche Sicherungen tatsächlich entfernt werden. `tresor prune --dry-run` nach dem echten Entfernen zeigt, was frei würde.

cli-keep-last = letzte { $n }
cli-keep-daily = täglich { $n }
cli-keep-weekly = wöchentlich { $n }
cli-keep-monthly = monatlich { $n }
cli-keep-yearly = jährlich { $n }
cli-mirror-snapshot = Sicherung { $n } von { $of }: { $time } ({ $job })
cli-mirror-start = Spiegeln: { $source } → { $target }
cli-mirror-same = „{ $name }“ ist die Quelle selbst: wählen Sie mit --to ein anderes Ziel.
cli-mirror-done = { $target }: { $copied ->
    [one] 1 Sicherung gespiegelt
   *[other] { $copied } Sicherungen gespiegelt
}, { $present ->
    [one] 1 war schon vorhanden
   *[other] { $present } waren schon vorhanden
}; { $size } übertragen in { $packs ->
    [one] 1 Paket
   *[other] { $packs } Paketen
}, Größe jedes Pakets am Ziel geprüft.
cli-mirror-skipped = Sicherung { $id } nicht gespiegelt, weil sie an der Quelle nicht vollständig lesbar ist: { $reason }
cli-mirror-stopped = Spiegeln nach { $target } abgebrochen nach { $copied } von { $wanted } Sicherungen: { $reason }. Ist die Ursache behoben, setzt die nächste Ausführung dort fort; schon Übertragenes wird nicht erneut gesendet.
cli-mirror-failed = Spiegeln nach { $target } nicht möglich: { $reason }
cli-mirror-up-to-date = { $target } ist auf dem Stand der Quelle.
cli-mirror-lag = { $target } fehlen noch { $count ->
    [one] 1 Sicherung
   *[other] { $count } Sicherungen
} der Quelle.
cli-mirror-incomplete = Spiegeln unvollständig: nicht jedes Ziel hat alle Sicherungen bekommen (siehe oben).
cli-mirror-incomplete-hint = Die Ursache beheben (Ziel erreichbar? Quelle mit „tresor check --read-data“ prüfen) und „tresor mirror“ erneut ausführen; es setzt fort, wo es aufgehört hat.
cli-mirror-would-copy = würde gespiegelt: { $id } { $time } ({ $job })
cli-mirror-paused = Spiegeln nach { $target } pausiert nach { $copied } von { $wanted } Sicherungen: { $reason }. Die nächste Ausführung im Zeitfenster setzt fort; schon Übertragenes wird nicht erneut gesendet.
cli-prune-locked = { $count ->
    [one] 1 Datei bleibt
   *[other] { $count } Dateien bleiben
} noch durch Object Lock geschützt (bis { $until }); ein späteres „tresor prune“ löscht sie.
cli-prune-retention-extended = Object Lock von { $count ->
    [one] 1 weiter benötigten Paket
   *[other] { $count } weiter benötigten Paketen
} bis zum Schutzende der neuesten Sicherung verlängert.
cli-mirror-same-repository = { $target } ist dasselbe Repository wie die Quelle (anders geschrieben): ein Spiegel dorthin wäre keine zweite Kopie.
cli-mirror-same-repository-hint = Als Spiegel ein anderes Medium angeben (NAS, S3); in tresor.yaml darf kein Ziel auf den Ordner eines anderen zeigen.
cli-mirror-done-nothing-sent = { $target }: { $copied ->
    [one] 1 Sicherung gespiegelt
   *[other] { $copied } Sicherungen gespiegelt
}, { $present ->
    [one] 1 war schon vorhanden
   *[other] { $present } waren schon vorhanden
}; { $size } übertragen, kein Datenpaket nötig.
cli-forget-locked = bleibt (Object Lock bis { $until }): { $id } { $time }
cli-forget-locked-total = { $count ->
    [one] 1 Sicherung bleibt
   *[other] { $count } Sicherungen bleiben
} durch Object Lock geschützt; ein späteres „tresor forget“ entfernt sie nach Ablauf des Schutzes.
cli-restore-db-drill-prefix = „{ $name }“ beginnt mit { $prefix }: solche Datenbanken gehören dem Wiederherstellungstest, der sie beim nächsten Lauf löscht. Bitte einen anderen Namen für --as wählen.
cli-restore-db-not-multi-user = Die Datenbank { $database } ist wiederhergestellt, aber nicht für alle Benutzer geöffnet (Zugriff: { $access }); die Praxissoftware kann sich so nicht verbinden. In SQL Server Management Studio: ALTER DATABASE [{ $database }] SET MULTI_USER.

## tresor backup: the job runner's steps
cli-job-lock-failed = Die Auftragssperre konnte nicht gesetzt werden: { $detail }
cli-job-busy = Es läuft schon eine Sicherung: Auftrag »{ $job }« (Prozess { $pid }) seit { $since }. Diese Sicherung wurde nicht gestartet.
cli-job-busy-unknown = Es läuft schon eine Sicherung. Diese Sicherung wurde nicht gestartet.
cli-job-busy-hint = Warten, bis die laufende Sicherung fertig ist, dann erneut starten. Ein abgebrochener Lauf gibt die Sperre von selbst frei.
cli-job-verified = Geprüft: { $blobs ->
    [one] 1 Datenblock
   *[other] { $blobs } Datenblöcke
} ({ $size }) der neuen Sicherung vom Ziel zurückgelesen und bestätigt.
cli-job-retention = Aufgeräumt: { $count ->
    [one] 1 ältere Sicherung
   *[other] { $count } ältere Sicherungen
} nach den Aufbewahrungsregeln entfernt, { $size } freigegeben.
cli-job-verify-failed-hint = Die neue Sicherung ist nicht verlässlich lesbar. Das Medium mit „tresor check --read-data“ prüfen und bei Fehlern austauschen; bis dahin ältere Sicherungen und andere Medien verwenden.
cli-job-medium-full-hint = Eine leere oder größere Kassette einlegen, oder die Aufbewahrung („retention:“) dieses Auftrags verkürzen.
cli-journal-not-written = Der Lauf konnte nicht ins Journal geschrieben werden: { $detail }
cli-mail-not-sent = Die E-Mail zu dieser Sicherung wurde nicht verschickt: { $detail }
cli-restore-locked-files = Hinweis: { $count ->
    [one] Eine Datei dieses Repositorys ist
   *[other] { $count } Dateien dieses Repositorys sind
} für andere Schlüssel verschlüsselt (vor einem Schlüsselwechsel geschrieben); ältere Sicherungen brauchen einen dieser Schlüssel. Zum Beispiel: { $example }
cli-snapshot-file-locked = Die Sicherungsdatei { $key } ist für andere Schlüssel verschlüsselt: { $why }.

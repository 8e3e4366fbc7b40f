# errors
# Die Fehlermeldungen der Befehlszeile und ihre Hinweise (src/error.rs).

error-key-file = Schlüsseldatei { $path }: { $reason }
error-key-missing = Kein Schlüssel angegeben.
error-key-unreadable = Die Schlüsseldatei { $path } lässt sich nicht lesen: { $reason }.
error-usage-hint = Hilfe: tresor --help
error-check-affected-listed = Die betroffenen Sicherungen und Dateien sind oben aufgeführt; was dort nicht steht, ist von diesen Problemen nicht betroffen.
error-check-repair-root = Unbrauchbare Kopien der Stammdateien ersetzt `tresor check --repair-root` durch die gute Kopie.
error-check-other-medium = Sichern Sie auf ein anderes Medium und informieren Sie Ihren IT-Betreuer.
error-check-failed = Die Prüfung hat { $problems ->
    [one] 1 Problem
   *[other] { $problems } Probleme
} gefunden.
error-output = Die Ausgabe konnte nicht geschrieben werden: { $reason }. Sie ist unvollständig.
error-output-full-hint = Leiten Sie die Ausgabe in eine Datei auf einem Laufwerk mit freiem Platz um.
error-no-such-database = Die Sicherung enthält keine Datenbank { $name } (vorhanden: { $available }).
error-no-such-database-hint = `tresor snapshots --json` zeigt, welche Sicherung welche Datenbanken enthält.
error-metadata = Datenbank-Angaben der Sicherung unlesbar: { $m }
error-drill-failed = Die Wiederherstellungsprobe ist fehlgeschlagen: { $m }
error-drill-failed-hint = Das Ergebnis steht im Journal. Informieren Sie Ihren IT-Betreuer: eine Sicherung, die sich nicht zurückholen lässt, schützt nicht.
error-restore-incomplete = { $n ->
    [one] 1 Eintrag (Datei oder Ordner) konnte
   *[other] { $n } Einträge (Dateien oder Ordner) konnten
} nicht wiederhergestellt oder nicht bestätigt werden.
error-restore-incomplete-hint = Die Liste steht oben. Versuchen Sie eine andere Kopie (NAS, anderes Medium).
error-restore-incomplete-target-hint = Die Liste steht oben. Der Zielordner lässt sich nicht beschreiben: Zielordner prüfen (Schreibrechte, Platz) oder einen anderen Zielordner wählen (--target); die Sicherung selbst ist nicht betroffen.
error-would-overwrite = { $count ->
    [one] 1 Datei gibt
   *[other] { $count } Dateien gibt
} es im Ziel schon, z. B. { $first }. Nichts wurde geändert.
error-would-overwrite-hint = Wählen Sie einen leeren Zielordner oder erlauben Sie das Überschreiben mit --overwrite.
error-nothing-selected = Nichts in der Sicherung passt zu { $patterns }.
error-nothing-selected-hint = Pfade sehen aus wie C/DConcept/DEDATA; `tresor ls SNAPSHOT` zeigt sie.
error-restore-target = Zielordner: { $m }
error-pattern = Ungültiges Muster { $pattern }: { $reason }
error-restore-write = { $path } konnte nicht geschrieben werden: { $reason }
error-other-copies = Nutzen Sie eine andere Kopie (NAS, anderes Medium) und informieren Sie Ihren IT-Betreuer.
error-already-initialized = Unter { $location } gibt es bereits eine tresor-Sicherung; sie bleibt unverändert.
error-future-version = Die Sicherung unter { $location } hat Formatversion { $found } ({ $file }); dieses tresor liest bis Version { $supported }. Nichts wurde geändert.
error-future-version-hint = Installieren Sie eine aktuelle tresor-Version.
error-future-version-disagree = Die Sicherung unter { $location } hat laut { $file } Formatversion { $found }, laut der anderen Kopie Version { $v }; dieses tresor liest bis Version { $supported }. Nichts wurde geändert.
error-future-version-disagree-hint = Hat eine neuere tresor-Version dieses Medium beschrieben, installieren Sie sie. Sonst ist { $file } beschädigt: informieren Sie Ihren IT-Betreuer.
error-wrong-key = Der angegebene Schlüssel passt nicht zur Sicherung unter { $location }.
error-wrong-key-hint = Verwenden Sie den Maschinenschlüssel dieses Servers oder den Wiederherstellungsschlüssel aus dem Notfallordner (--key DATEI).
error-root-marker-hint = Ohne lesbares tresor.repo erkennt tresor das Medium nicht als Sicherung.
error-root-config-hint = Ohne lesbare config lässt sich keine Sicherung auf diesem Medium öffnen.
error-root-wrong-key-hint = Ist es der falsche Schlüssel, versuchen Sie den Maschinenschlüssel oder den Wiederherstellungsschlüssel (--key DATEI). Sonst:
error-root-unreadable = Beide Kopien von { $file } unter { $location } sind unbrauchbar – { $list }. Nichts wurde geändert.
error-repo-damaged = { $file } ist beschädigt: { $reason }
error-repo-damaged-hint = Führen Sie `tresor check --read-data` aus; es nennt die betroffenen Sicherungen und Dateien. Andere Kopien (NAS, anderes Medium) sind davon nicht betroffen.
error-snapshot-spec-short = '{ $spec }' ist zu kurz: geben Sie mindestens 4 Stellen der Sicherungs-ID an.
error-snapshot-spec-short-hint = `tresor snapshots` listet alle Sicherungen mit ihrer ID.
error-snapshot-not-found = Keine Sicherung passt zu '{ $spec }'.
error-snapshot-not-found-hint = `tresor snapshots` listet alle Sicherungen; 'latest' ist die neueste.
error-snapshot-damaged = Die Sicherungsdatei { $key } ist beschädigt: { $damage }. Diese Sicherung lässt sich nicht öffnen; die anderen Sicherungen auf diesem Medium sind davon nicht betroffen.
error-snapshot-damaged-hint = `tresor snapshots` listet die lesbaren Sicherungen; wählen Sie eine davon oder nutzen Sie eine andere Kopie (NAS, anderes Medium).
error-no-readable-snapshot-hint = `tresor snapshots` listet die lesbaren Sicherungen, `tresor check` die Schäden. Nutzen Sie sonst eine andere Kopie (NAS, anderes Medium).
error-ambiguous-snapshot = '{ $spec }' passt zu mehreren Sicherungen.
error-ambiguous-snapshot-hint = Geben Sie mehr Stellen der ID an.
error-blob-missing = Daten fehlen in der Sicherung (Block { $blob }).
error-blob-missing-hint = Führen Sie `tresor check` aus und nutzen Sie eine andere Kopie.
error-locked = Die Sicherung wird gerade benutzt: { $holder }.
error-locked-hint = Warten Sie, bis der andere Lauf fertig ist. Eine Sperre eines abgebrochenen Laufs verfällt nach 30 Minuten von selbst.
error-unreadable-lock = Die Sperrdatei { $key } ist unlesbar. Sie kann zu einem laufenden Vorgang gehören und wird deshalb nicht entfernt; nichts wurde geändert.
error-unreadable-lock-hint = Läuft auf keinem Rechner ein tresor-Vorgang für dieses Ziel, löschen Sie die Datei von Hand und starten Sie erneut.
error-lock-lost = Die Sperre dieses Laufs ging verloren ({ $reason }). Der Lauf wurde beendet, bevor er eine Sicherung schrieb, die auf gelöschte Daten verweisen könnte; frühere Sicherungen sind unverändert.
error-lock-lost-hint = Prüfen Sie Medium bzw. Netzwerkfreigabe und starten Sie die Sicherung erneut.
error-invalid-key = Ungültiger Schlüssel: { $m }
error-invalid-recipient = { $recipient } ist kein öffentlicher age-Schlüssel (age1…).
error-invalid-recipient-hint = Wiederherstellungsempfänger sind öffentliche Schlüssel: die Zeile „public key: age1…“ einer Schlüsseldatei.
error-pack-damaged = Die Datendatei (Pack) { $file } ist beschädigt: { $d }.
error-pack-damaged-hint = `tresor check --read-data` nennt die Sicherungen und Dateien, deren Daten darin liegen; Dateien mit Daten in anderen Packs lassen sich weiter wiederherstellen (--include). Andere Kopien (NAS, anderes Medium) sind nicht betroffen.
error-index-damaged = Die Indexdatei { $file } ist beschädigt: { $d }.
error-index-damaged-hint = Die Packs beschreiben sich selbst; `tresor prune` schreibt einen neuen Index.
error-file-damaged = { $file } ist beschädigt: { $d }.
error-file-damaged-hint = Führen Sie `tresor check` aus und informieren Sie Ihren IT-Betreuer. Andere Kopien (NAS, anderes Medium) sind nicht betroffen.
error-notice-root-copy-unusable = { $location }/{ $file } ist unbrauchbar: { $d }. tresor hat die Kopie { $used } verwendet; über sie bleiben alle Sicherungen erreichbar. Reparatur: `tresor check --repair-root`.
error-key-hint = Geben Sie den Maschinenschlüssel oder einen Wiederherstellungsschlüssel aus dem Notfallordner mit --key DATEI an; seine Schlüsselzeile beginnt mit AGE-SECRET-KEY-1.
error-key-file-empty = Die Schlüsseldatei { $path } ist leer.
error-key-file-no-key = Die Schlüsseldatei { $path } enthält nur Kommentare, keine Schlüsselzeile (AGE-SECRET-KEY-1…).
error-key-file-public-key = Zeile { $line } der Datei { $path } ist ein öffentlicher Schlüssel (age1…), nicht der geheime Schlüssel.
error-key-file-damaged-key = Zeile { $line } der Datei { $path } sieht aus wie ein geheimer age-Schlüssel, ist aber fehlerhaft (ein Zeichen ist falsch, fehlt oder ist zu viel).
error-key-file-other-format = Zeile { $line } der Datei { $path } ist { $format }, kein geheimer age-Schlüssel.
error-key-file-not-a-key = Zeile { $line } der Datei { $path } ist kein geheimer age-Schlüssel (AGE-SECRET-KEY-1…).
error-key-file-not-text = Die Datei { $path } ist keine Textdatei (weder UTF-8 noch UTF-16) und damit keine Schlüsseldatei.
error-key-file-public-key-hint = Der öffentliche Schlüssel (age1…) kann nur verschlüsseln. Zum Öffnen braucht tresor den geheimen Schlüssel: die Zeile AGE-SECRET-KEY-1… im Maschinenschlüssel oder auf dem Ausdruck im Notfallordner.
error-key-file-damaged-key-hint = Vergleichen Sie die Zeile Zeichen für Zeichen mit dem Ausdruck im Notfallordner.
error-storage-no-space = Das Sicherungsziel { $location } ist voll. Der Vorgang wurde abgebrochen; frühere Sicherungen sind unverändert.
error-storage-no-space-hint = Älteres mit `tresor forget` und `tresor prune` entfernen oder ein größeres Medium verwenden.
error-storage-unavailable = Das Sicherungsziel { $location } ist nicht erreichbar (Medium entfernt, Freigabe getrennt?).
error-storage-unavailable-hint = Medium einlegen bzw. Netzwerkfreigabe prüfen und erneut starten. Bereits vorhandene Sicherungen sind nicht betroffen.
error-storage-permission-denied = Keine Berechtigung für { $location }/{ $key }.
error-storage-permission-denied-hint = Läuft tresor unter dem richtigen Benutzerkonto (Aufgabenplanung)?
error-storage-short-read = { $key } ist kürzer als erwartet (abgeschnitten).
error-storage-short-read-hint = Führen Sie `tresor check --read-data` aus; andere Kopien bleiben nutzbar.
error-storage-not-found = { $key } fehlt.
error-storage-not-found-hint = Führen Sie `tresor check` aus; andere Kopien bleiben nutzbar.
error-storage-io = Lesen oder Schreiben von { $key } ist fehlgeschlagen: { $reason }.
error-storage-io-hint = Medium bzw. Netzwerkfreigabe prüfen und erneut versuchen.
error-storage-already-exists = { $key } existiert bereits.
error-storage-invalid-key = Ungültiger Dateiname im Sicherungsziel: { $key }.
error-storage-precondition = { $location } hat die Bedingung für { $key } abgelehnt (gleichzeitig geändert?).
error-storage-precondition-hint = Läuft ein zweiter tresor-Vorgang auf dasselbe Ziel? Danach erneut starten.
error-storage-retention = { $location } verweigert das Löschen von { $key }: Die Datei ist durch eine Aufbewahrungssperre (Object Lock) geschützt.
error-storage-retention-until = { $location } verweigert das Löschen von { $key }: Die Datei ist durch eine Aufbewahrungssperre (Object Lock) bis { $until } geschützt.
error-storage-retention-hint = Das ist gewollt: Gesperrte Sicherungen kann niemand vorzeitig löschen. Der Speicherplatz wird nach Ablauf der Sperre frei.
error-storage-throttled = { $location } bittet, langsamer zu senden (zu viele Anfragen).
error-storage-throttled-hint = Später erneut starten oder eine Bandbreitengrenze einstellen.
error-storage-auth = { $location } hat die Zugangsdaten abgelehnt ({ $detail }).
error-storage-auth-hint = Zugangsschlüssel (access_key_id) und geheimen Schlüssel in tresor.yaml bzw. der angegebenen Umgebungsvariable prüfen; hat der Schlüssel Rechte auf den Bucket?
error-storage-bucket-missing = Den Bucket { $bucket } gibt es bei { $location } nicht.
error-storage-bucket-missing-hint = Namen und Region des Buckets in tresor.yaml prüfen oder den Bucket beim Anbieter anlegen (mit Object Lock, wenn gewünscht).
error-storage-clock-skew = Die Uhr dieses Rechners weicht zu stark von der Uhr von { $location } ab; der Server lehnt die Anfragen ab.
error-storage-clock-skew-hint = Datum, Uhrzeit und Zeitzone des Servers prüfen (Zeitsynchronisierung einschalten) und erneut starten.
error-storage-unreachable = { $location } ist nicht erreichbar ({ $detail }).
error-storage-unreachable-hint = Internetverbindung und Adresse (endpoint) prüfen und später erneut starten. Bereits vorhandene Sicherungen sind nicht betroffen.
error-storage-server = { $location } meldet einen Serverfehler ({ $status }).
error-storage-server-hint = Meist vorübergehend: später erneut starten. Bleibt der Fehler, den Anbieter fragen.
error-storage-unsupported = { $location } unterstützt „{ $operation }“ nicht.

error-no-readable-snapshot = Keine lesbare Sicherung passt zu '{ $spec }'. { $count ->
    [one] Die Sicherungsdatei { $keys } ist beschädigt; ihr Zeitpunkt und Job sind unbekannt.
   *[other] { $count } Sicherungsdateien sind beschädigt; ihr Zeitpunkt und Job sind unbekannt: { $keys }.
}
error-notice-latest-passed-over = '{ $spec }' ist hier die neueste lesbare Sicherung { $id } vom { $time } ({ $job }). { $count ->
    [one] Die Sicherungsdatei { $keys } ist beschädigt und wurde übergangen; ihr Zeitpunkt ist unbekannt, sie könnte neuer sein.
   *[other] Die Sicherungsdateien { $keys } sind beschädigt und wurden übergangen; ihr Zeitpunkt ist unbekannt, eine davon könnte neuer sein.
}
error-damage-missing = die Datei fehlt
error-damage-header = ihr age-Kopf ist unlesbar (überschrieben oder abgeschnitten)
error-damage-header-mac = die Prüfsumme ihres age-Kopfes stimmt nicht (ein Byte wurde verändert)
error-damage-content = die Prüfung ihres Inhalts schlägt fehl oder er ist abgeschnitten (ein Byte wurde verändert oder fehlt)
error-damage-not-for-key = der Schlüssel, der diese Sicherung öffnet, entschlüsselt sie nicht (ihre Empfängerzeilen wurden verändert)
error-damage-no-key-matches = keiner der angegebenen Schlüssel entschlüsselt sie (falscher Schlüssel oder veränderter Kopf)
error-damage-format = sie lässt sich entschlüsseln, hat aber nicht das erwartete Format
error-damage-marker = sie ist keine lesbare tresor-Kennung (verändert oder überschrieben)
error-damage-differs = sie weicht von { $other } ab
error-damage-unreadable = das Medium meldet beim Lesen einen Fehler
error-key-format-openssh = ein SSH-Schlüssel
error-key-format-pgp = ein PGP-Schlüssel
error-key-format-putty = ein PuTTY-Schlüssel
error-key-format-pem = ein PEM-Zertifikat oder -Schlüssel
error-key-format-age-plugin = ein age-Plugin-Schlüssel (Hardware-Token), den tresor nicht unterstützt
error-key-format-age-encrypted = eine age-verschlüsselte Datei (eine Sicherungsdatei oder ein passwortgeschützter Schlüssel)

## Betriebssystemfehler (src/error.rs io_text)
error-io-storage-full = kein Speicherplatz mehr frei
error-io-os-error = Systemfehler { $code }
error-io-not-found = Datei oder Ordner nicht vorhanden
error-io-permission-denied = keine Berechtigung
error-io-already-exists = existiert bereits
error-io-read-only = schreibgeschützt
error-io-is-a-directory = ist ein Ordner, keine Datei
error-io-not-a-directory = ein Teil des Pfades ist kein Ordner
error-io-directory-not-empty = der Ordner ist nicht leer
error-io-invalid-data = ungültige Daten
error-io-invalid-input = ungültiger Name oder Wert
error-io-connection-refused = Verbindung abgelehnt – auf dem Rechner nimmt kein Dienst Verbindungen an
error-io-connection-reset = Verbindung von der Gegenstelle getrennt
error-io-not-connected = keine Verbindung
error-io-host-unreachable = Rechner nicht erreichbar
error-io-network-unreachable = Netzwerk nicht erreichbar
error-io-address = Netzwerkadresse nicht verfügbar
error-io-timed-out = Zeitüberschreitung (keine Antwort)
error-io-stale-network-file = die Datei auf der Netzwerkfreigabe ist nicht mehr gültig (Freigabe neu verbunden?)
error-io-busy = wird gerade von einem anderen Programm benutzt
error-io-unexpected-eof = die Datei endet vorzeitig (abgeschnitten)
error-io-file-too-large = die Datei ist für dieses Laufwerk zu groß
error-io-interrupted = unterbrochen
error-io-unsupported = wird von diesem System nicht unterstützt
error-io-out-of-memory = nicht genug Arbeitsspeicher
error-io-crosses-devices = Verschieben zwischen verschiedenen Laufwerken ist nicht möglich

## tresor check (src/cli/cmd_check.rs): Zeilen mit Wörtern statt `!`
error-check-line-error = Fehler: { $text }
error-check-line-warning = Warnung: { $text }
error-check-snapshot = { $id } vom { $time } ({ $job })
error-check-snapshot-file = mit der unlesbaren Sicherungsdatei { $key }
error-check-file-list-lost = Sicherung { $snapshot }: ihre Dateiliste (Block { $blob }) fehlt oder ist beschädigt; keine Datei dieser Sicherung lässt sich wiederherstellen.
error-check-file-list-unreadable = Sicherung { $snapshot }: ihre Dateiliste ist unlesbar ({ $reason }); keine Datei dieser Sicherung lässt sich wiederherstellen.
error-check-files-affected = Sicherung { $snapshot }: { $files ->
    [one] 1 Datei hat
   *[other] { $files } Dateien haben
} fehlende oder beschädigte Daten.
error-damage-size = ihre Größe stimmt nicht (abgeschnitten oder ersetzt)
error-damage-blob = der Datenblock { $blob } darin stimmt nicht mit seiner Prüfsumme überein (ein Byte wurde verändert)
error-damage-newer = sie wurde von einer neueren tresor-Version geschrieben (Format { $version })
error-prune-refused = Die Sicherungsdatei { $key } ist beschädigt: { $damage }. Solange unbekannt ist, welche Daten diese Sicherung braucht, löscht prune nichts; nichts wurde geändert.
error-prune-refused-hint = `tresor check` nennt alle Schäden. Ist die Sicherung verloren, entfernen Sie die Datei mit Ihrem IT-Betreuer und starten Sie prune erneut.
error-lock-loss-removed = ein anderer Lauf hat die Sperrdatei { $key } entfernt, weil er diesen Lauf für abgebrochen hielt
error-lock-loss-unwritable = die Sperrdatei { $key } ließ sich nicht schreiben: { $reason }
error-lock-loss-unreadable = die Sperrdatei { $key } ließ sich nicht lesen: { $reason }
error-lock-loss-encode = die Sperrangaben ließen sich nicht schreiben: { $m }
error-other-repository-secrets = { $source } und { $target } gehören zu verschiedenen Installationen (andere Repository-Schlüssel): Sicherungen lassen sich zwischen ihnen nicht spiegeln.
error-other-repository-secrets-hint = Richten Sie das Ziel mit „tresor init“ auf diesem Server neu ein (leeres Medium), damit es die Identität dieser Installation bekommt.
error-object-lock-missing = Der Bucket { $location } hat kein Object Lock, in tresor.yaml ist aber object_lock: eingestellt: dort Geschriebenes wäre nicht geschützt.
error-object-lock-missing-hint = Beim Anbieter einen Bucket mit Object Lock anlegen (lässt sich nachträglich meist nicht einschalten) oder object_lock: aus tresor.yaml entfernen.
error-check-keys-missing = Das ist zumindest teilweise keine Beschädigung: Dateien sind für Schlüssel verschlüsselt, die hier fehlen (siehe oben), und Daten darin erscheinen als fehlend. Die frühere Maschinenschlüssel-Datei zurücklegen oder mit --key einen Wiederherstellungsschlüssel angeben und erneut prüfen.

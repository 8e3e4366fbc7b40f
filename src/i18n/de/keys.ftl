# keys: `tresor key list | add-recovery | rotate`, der Schlüsselbund

key-identity-missing = Zu diesem Server gibt es keine Installationsidentität ({ $path }).
key-identity-missing-hint = Zuerst `tresor init` ausführen.
key-list-installation = Installation { $installation }
key-list-machine = [{ $label }] Maschinenschlüssel: { $recipient } ({ $file })
key-list-retired = [{ $label }] Früherer Maschinenschlüssel bis { $date }: { $recipient } ({ $file }, { $present ->
    [yes] vorhanden
   *[no] FEHLT: ältere Dateien öffnet nur noch ein Wiederherstellungsschlüssel
})
key-list-recovery = [{ $label }] Wiederherstellungsschlüssel: { $recipient }
key-list-dest = Ziel { $name } ({ $path }): Repository { $repository }, neue Dateien für { $labels }
key-list-dest-pending = { "  " }Die Empfänger weichen von der Installationsidentität ab; die nächste Sicherung auf dieses Ziel gleicht sie an.
key-list-dest-absent = Ziel { $name } ({ $path }): nicht erreichbar (Medium nicht eingelegt oder Freigabe nicht verbunden)
key-list-dest-blank = Ziel { $name } ({ $path }): noch nicht eingerichtet
key-list-dest-failed = Ziel { $name } ({ $path }) ließ sich nicht öffnen: { $reason }
key-list-reads = { "  " }[{ $label }] öffnet { $count } von { $total } Snapshots (seit { $since })
key-list-note = Jeder Snapshot nennt die Schlüssel seiner eigenen Datei und der Pakete, die er neu geschrieben hat. Daten, die er mit älteren Snapshots teilt, bleiben mit den Schlüsseln ihrer Zeit verschlüsselt: frühere Maschinenschlüssel deshalb nicht löschen.
key-repo-recipients-updated = Schlüssel von { $location } an die Installationsidentität angeglichen: neue Dateien werden für den aktuellen Maschinenschlüssel und alle Wiederherstellungsschlüssel verschlüsselt.
key-update-done = { $name } ({ $path }): ab jetzt für die neuen Schlüssel verschlüsselt.
key-update-unchanged = { $name } ({ $path }): bereits aktuell.
key-update-later = { $name } ({ $path }): nicht erreichbar; wird bei der nächsten Sicherung auf dieses Ziel angeglichen.
key-update-failed = { $name } ({ $path }) ließ sich nicht angleichen: { $reason }
key-update-not-member = { $name } ({ $path }): gehört nicht zu dieser Installationsidentität und bleibt unverändert.
key-recovery-known = Dieser Wiederherstellungsschlüssel ist bereits eingetragen: { $recipient }
key-recovery-old-files = Bereits gespeicherte Dateien bleiben für die Schlüssel verschlüsselt, mit denen sie geschrieben wurden: age kann einer Datei keinen Empfänger hinzufügen, ohne sie neu zu verschlüsseln. Der neue Wiederherstellungsschlüssel öffnet, was ab jetzt gesichert wird.
key-new-sheet = Bitte das Notfallblatt neu drucken: tresor notfallblatt
key-rotate-done = Neuer Maschinenschlüssel { $new } in { $file }.
key-rotate-retired = Der bisherige Maschinenschlüssel { $old } liegt jetzt in { $file } und öffnet weiterhin alles, was vor heute geschrieben wurde.
key-rotate-keep-old = Den früheren Schlüssel nicht löschen: gespeicherte Dateien werden nicht neu verschlüsselt, und auch neue Snapshots teilen unveränderte Daten mit älteren. Die Wiederherstellungsschlüssel öffnen alles, alt und neu.
key-damage-retired-missing = sie wurde wahrscheinlich vor einem Schlüsselwechsel geschrieben und braucht einen früheren Maschinenschlüssel ({ $keys }), der hier fehlt, oder einen Wiederherstellungsschlüssel
key-journal-kind-rotate = Schlüsselwechsel
key-journal-kind-add-recovery = Wiederherstellungsschlüssel hinzugefügt

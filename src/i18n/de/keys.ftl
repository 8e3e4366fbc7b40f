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
key-list-note = Neben jedem Snapshot stehen die Schlüssel, die ihn allein ganz öffnen: seine eigene Datei und jedes Paket, auf das er verweist. Daten, die er mit älteren Snapshots teilt, bleiben für die Schlüssel ihrer Zeit verschlüsselt; die erste Sicherung nach einem neuen Wiederherstellungsschlüssel speichert deshalb alles neu. Frühere Maschinenschlüssel nicht löschen.
key-repo-recipients-updated = Schlüssel von { $location } an die Installationsidentität angeglichen: neue Dateien werden für den aktuellen Maschinenschlüssel und alle Wiederherstellungsschlüssel verschlüsselt.
key-update-done = { $name } ({ $path }): ab jetzt für die neuen Schlüssel verschlüsselt.
key-update-unchanged = { $name } ({ $path }): bereits aktuell.
key-update-later = { $name } ({ $path }): nicht erreichbar; wird bei der nächsten Sicherung auf dieses Ziel angeglichen.
key-update-failed = { $name } ({ $path }) ließ sich nicht angleichen: { $reason }
key-update-not-member = { $name } ({ $path }): gehört nicht zu dieser Installationsidentität und bleibt unverändert.
key-recovery-known = Dieser Wiederherstellungsschlüssel ist bereits eingetragen: { $recipient }
key-recovery-old-files = Bereits gespeicherte Dateien bleiben für die Schlüssel verschlüsselt, mit denen sie geschrieben wurden: age kann einer Datei keinen Empfänger hinzufügen, ohne sie neu zu verschlüsseln. Die nächste Sicherung auf jedes Ziel speichert deshalb alle Daten noch einmal, auch für den neuen Schlüssel (so viel Platz wie eine erste Vollsicherung; das nächste `tresor prune` gibt den doppelt belegten Platz wieder frei). Ab dann öffnet der neue Schlüssel die neuen Sicherungen; ältere Sicherungen öffnen nur die bisherigen Schlüssel.
key-new-sheet = Bitte das Notfallblatt neu drucken: tresor notfallblatt
key-rotate-done = Neuer Maschinenschlüssel { $new } in { $file }.
key-rotate-retired = Der bisherige Maschinenschlüssel { $old } liegt jetzt in { $file } und öffnet weiterhin alles, was vor dem Wechsel geschrieben wurde.
key-rotate-keep-old = Den früheren Schlüssel nicht löschen: gespeicherte Dateien werden nicht neu verschlüsselt, und auch neue Snapshots teilen unveränderte Daten mit älteren. Die Wiederherstellungsschlüssel öffnen alles, alt und neu.
key-damage-retired-missing = sie wurde wahrscheinlich vor einem Schlüsselwechsel geschrieben und braucht einen Schlüssel jener Zeit, den früheren Maschinenschlüssel oder einen Wiederherstellungsschlüssel ({ $keys }), der hier fehlt
key-journal-kind-rotate = Schlüsselwechsel
key-journal-kind-add-recovery = Wiederherstellungsschlüssel hinzugefügt
key-damage-key-missing = { $recovery_count ->
    [0] sie ist nur für den damaligen Maschinenschlüssel { $machine } verschlüsselt, und der liegt hier nicht vor
    [one] sie ist nur für den damaligen Maschinenschlüssel { $machine } und den Wiederherstellungsschlüssel { $recovery } verschlüsselt; keiner davon liegt hier vor
   *[other] sie ist nur für den damaligen Maschinenschlüssel { $machine } und die Wiederherstellungsschlüssel { $recovery } verschlüsselt; keiner davon liegt hier vor
}
key-file-locked = Die Datei { $file } lässt sich mit den Schlüsseln hier nicht öffnen: { $d }.
key-file-locked-hint = Einen der genannten Schlüssel angeben: den Wiederherstellungsschlüssel vom Notfallblatt (--key DATEI) oder den früheren Maschinenschlüssel (machine.retired-….key neben dem Maschinenschlüssel). `tresor key list` zeigt, welcher Schlüssel welche Sicherung öffnet.
key-list-server-cannot = NICHT mit den Schlüsseln dieses Servers lesbar
key-list-snapshot-unreadable = Snapshot { $id }: welche Schlüssel ihn öffnen, ließ sich nicht feststellen: { $reason }
key-recovery-is-machine = { $recipient } ist der öffentliche Teil des Maschinenschlüssels dieses Servers (oder eines früheren), kein Wiederherstellungsschlüssel.
key-recovery-is-machine-hint = Ein Wiederherstellungsschlüssel wird außerhalb des Servers aufbewahrt: `tresor key add-recovery` ohne --recipient erzeugt einen neuen.

# identity: Installationsidentität, `tresor init`, Schlüssel

identity-where-machine-key = Wohin mit dem Maschinenschlüssel? --key DATEI oder --key-out ORDNER angeben.
identity-no-destination = Kein passendes Sicherungsziel konfiguriert.
identity-machine-key-created = Maschinenschlüssel erstellt: { $path }
identity-created = Installationsidentität erstellt: { $path } (Installation { $installation })
identity-adopted = Installationsidentität von der bestehenden Sicherung unter { $location } übernommen: { $path } (Installation { $installation })
identity-reused = Installationsidentität verwendet: { $path } (Installation { $installation })
identity-new-for-existing-key = Warnung: Zu diesem Maschinenschlüssel gab es noch keine Installationsidentität, und kein früher eingerichtetes Sicherungsziel war erreichbar. Eine neue Identität wurde angelegt. Medien, die vorher eingerichtet wurden, bleiben lesbar, haben aber eigene Schlüsselwerte; `tresor init` meldet sie als ältere Einrichtung.
identity-recovery-added = Wiederherstellungsschlüssel aufgenommen: { $recipient }
identity-recovery-key-title = WIEDERHERSTELLUNGSSCHLÜSSEL – ausdrucken und in den Notfallordner legen:
identity-recovery-key-saved = Gespeichert in: { $path }
identity-recovery-key-keep = Ohne diesen oder den Maschinenschlüssel ist keine Wiederherstellung möglich. Datei nach dem Ausdrucken vom Server entfernen.
identity-recipients = { $count ->
    [one] Öffentlicher Teil des Wiederherstellungsschlüssels (gehört in die Konfiguration unter keys.recovery):
   *[other] Öffentliche Teile der { $count } Wiederherstellungsschlüssel (gehören in die Konfiguration unter keys.recovery):
}
identity-config-none = Keine Konfigurationsdatei: beim Einrichten der tresor.yaml diese Zeilen eintragen:
identity-config-embedded = Die Demo-Konfiguration ist eingebaut; in einer echten tresor.yaml gehören diese Zeilen unter keys:
identity-config-listed = Steht bereits in { $path } unter keys.recovery.
identity-config-written = In { $path } unter keys.recovery eingetragen.
identity-config-manual = Warnung: { $path } ließ sich nicht sicher automatisch ergänzen. Bitte diese Zeilen von Hand eintragen:
identity-repo-created = Sicherungsziel eingerichtet: { $name } ({ $location }): { $id }
identity-repo-exists = Bereits eingerichtet, unverändert: { $name } ({ $location })
identity-repo-older = Warnung: { $name } ({ $location }) wurde vor der Installationsidentität mit eigenen Schlüsselwerten eingerichtet und bleibt unverändert. Dateien haben dort andere Blob-IDs; zwischen diesem und den anderen Zielen lässt sich nur mit Neuzerlegung kopieren.

identity-wrong-key = Der Maschinenschlüssel { $machine } öffnet die Installationsidentität { $identity } nicht. Nichts wurde geändert.
identity-wrong-key-hint = Legen Sie den Maschinenschlüssel dieses Servers zurück (Datei aus der Ersteinrichtung). Ist er verloren, öffnet der Wiederherstellungsschlüssel aus dem Notfallordner die Sicherungen; informieren Sie Ihren IT-Betreuer.
identity-machine-key-missing = Die Installationsidentität { $identity } ist vorhanden, der Maschinenschlüssel { $machine } aber nicht. Nichts wurde geändert.
identity-damaged = Die Installationsidentität { $identity } ist beschädigt. Nichts wurde geändert.
identity-newer = Die Installationsidentität { $identity } hat Version { $found }; dieses tresor kennt nur Version 1. Nichts wurde geändert.
identity-damaged-hint = Installieren Sie eine aktuelle tresor-Version oder informieren Sie Ihren IT-Betreuer; jedes eingerichtete Medium enthält eine Kopie der Identität.
identity-foreign = Unter { $location } liegt die Sicherung einer anderen Installation. Sie wird weder überschrieben noch ergänzt.
identity-foreign-hint = Ist das richtige Medium eingelegt? Ein Medium einer anderen Praxis oder eines anderen Servers bitte nicht verwenden; zum Neueinrichten muss es zuerst geleert werden.
identity-io = { $path }: { $reason }

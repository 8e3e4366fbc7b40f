# outcome

## Datenbanken ohne `sqlserver:` (Sicherung und config check)

outcome-db-not-configured = Die Datenbank { $database } wurde NICHT gesichert: in tresor.yaml fehlt der Abschnitt `sqlserver:` (das Profil { $profiles } braucht sie).
outcome-db-optional-not-configured = Hinweis: Datenbanken nach dem Muster { $database } (Profil { $profiles }) werden ohne `sqlserver:` nicht gesucht.
outcome-db-configure-hint = { $count ->
    [one] So wird sie gesichert
   *[other] So werden sie gesichert
}: in tresor.yaml den SQL Server eintragen (die Verbindung steht in der ServiceProvider.ini der Praxissoftware), z. B.
outcome-db-configure-then = Danach `tresor config check` und die Sicherung erneut starten.

## Ein Sicherungsziel, das noch nicht eingerichtet ist

outcome-not-set-up = Das Sicherungsziel { $destination } ({ $location }) ist noch nicht eingerichtet: der Ordner ist leer oder enthält keine tresor-Sicherung.
outcome-not-set-up-hint = Ist das richtige Medium eingelegt? Ein neues Medium richtet `tresor init --destination { $destination }` ein; was sonst darauf liegt, bleibt unverändert.
outcome-not-set-up-path = Unter { $location } ist noch keine tresor-Sicherung eingerichtet: der Ordner ist leer oder enthält keine tresor-Sicherung.
outcome-not-set-up-path-hint = Ist das richtige Medium eingelegt? Einrichten mit `tresor init --repo { $location }`; was sonst darauf liegt, bleibt unverändert.

## Was einer Sicherung fehlt (snapshots, restore)

outcome-status-header = Status
outcome-status-complete = vollständig
outcome-status-incomplete = unvollständig, es fehlt: { $lacks }
outcome-lack-source = Ordner { $source }
outcome-lack-source-long = Ordner { $source } ({ $path }) – war beim Sichern nicht vorhanden
outcome-lack-files = { $count ->
    [one] 1 unlesbare Datei
   *[other] { $count } unlesbare Dateien
}
outcome-lack-file-long = Datei { $path } – war nicht lesbar
outcome-lack-database = Datenbank { $database }
outcome-lack-database-long = Datenbank { $database } – { $reason ->
    [connect] SQL Server nicht erreichbar
    [login] Anmeldung am SQL Server fehlgeschlagen
    [staging] Zwischenordner des SQL Servers nicht nutzbar
    [database_unavailable] Datenbank war nicht zugänglich
    [timeout] Zeitüberschreitung
    [verify] Prüfung der Datenbanksicherung fehlgeschlagen
    [configuration] Verbindungsangaben ungültig
   *[other] Datenbanksicherung fehlgeschlagen
}
outcome-lack-database-not-configured-long = Datenbank { $database } – kein `sqlserver:` in tresor.yaml
outcome-lack-database-missing-long = Datenbank { $database } – gibt es auf dem SQL Server nicht
outcome-restore-incomplete = Achtung: Die Sicherung { $snapshot } vom { $time } ist unvollständig. Es fehlt: { $lacks }. Wiederhergestellt wird, was sie enthält.
outcome-restore-previous = Die letzte vollständige Sicherung davor ist { $snapshot } vom { $time }: tresor restore { $snapshot } …
outcome-restore-no-previous = Eine ältere vollständige Sicherung gibt es auf diesem Ziel nicht.

## Wiederherstellungsprobe (drill)

outcome-drill-database-ok = Datenbank { $database }: wiederhergestellt, CHECKDB ohne Befund
outcome-drill-database-failed = Datenbank { $database }: fehlgeschlagen – { $error }
outcome-drill-files = Dateien: { $verified } von { $sampled } wiederhergestellt und bestätigt
outcome-drill-files-failed = { $count ->
    [one] 1 Datei ließ sich nicht wiederherstellen oder bestätigen
   *[other] { $count } Dateien ließen sich nicht wiederherstellen oder bestätigen
}
outcome-drill-no-sqlserver = die Sicherung enthält Datenbanken, aber in tresor.yaml fehlt `sqlserver:` – sie wurden nicht geprüft
outcome-drill-no-snapshot = auf { $location } liegt keine Sicherung
outcome-drill-no-database = keine Sicherung auf diesem Ziel enthält eine Datenbank, obwohl { $databases } gesichert werden soll – keine Datenbank wurde geprüft
outcome-drill-no-files = die neueste Sicherung enthält keine Dateien
outcome-drill-nothing-tested = Die Wiederherstellungsprobe hat nichts geprüft: { $reason }. Im Journal steht sie als nicht bestanden.
outcome-drill-journal = Ergebnis im Journal: { $path }

## tresor config check

outcome-config-practice = Praxis: { $practice }
outcome-config-origin = Konfiguration: { $origin }
outcome-config-language = Sprache: { $language }
outcome-config-profiles = Profile: { $profiles }
outcome-config-none = (keine)
outcome-config-destinations = Ziele:
outcome-config-dest-set-up = eingerichtet
outcome-config-dest-blank = vorhanden, aber nicht eingerichtet: tresor init --destination { $name }
outcome-config-dest-absent = nicht erreichbar (Medium nicht eingelegt?)
outcome-config-jobs = Jobs:
outcome-config-job = { $name } → { $destination }{ $copy_only } (behalten: letzte { $last }, täglich { $daily }, wöchentlich { $weekly }, monatlich { $monthly }, jährlich { $yearly })
outcome-config-copy-only = , Datenbanken nur als Kopie (copy_only)
outcome-config-schedule = Zeitplan: { $days } um { $times } Uhr (nächster Lauf { $next })
outcome-config-schedule-manual = Zeitplan: keiner, wird von Hand gestartet
outcome-config-every-day = täglich
outcome-config-day = { $day ->
    [mon] Mo
    [tue] Di
    [wed] Mi
    [thu] Do
    [fri] Fr
    [sat] Sa
    [sun] So
   *[other] { $day }
}
outcome-config-sources = Quellen:
outcome-config-sources-same = Quellen: wie bei { $job }
outcome-config-source-found = vorhanden
outcome-config-source-optional = fehlt, optional
outcome-config-source-required = FEHLT, erforderlich
outcome-config-databases = Datenbanken: { $list }
outcome-config-db-pattern = Muster
outcome-config-db-optional = optional
outcome-config-sqlserver-none = (nicht eingerichtet)
outcome-config-connection-string = Verbindungszeichenfolge
outcome-config-windows-auth = Windows-Anmeldung
outcome-config-sql-login = SQL-Anmeldung { $user }
outcome-config-staging = Zwischenordner: { $server_path } → { $path } [{ $state }]
outcome-config-found = vorhanden
outcome-config-missing = fehlt
outcome-config-keys = Schlüssel:
outcome-config-machine-key = Maschinenschlüssel: { $path } [{ $state }]
outcome-config-recovery-keys = Wiederherstellungsschlüssel: { $count }
outcome-config-no-recovery-key = WARNUNG: kein Wiederherstellungsschlüssel – fällt der Server aus, sind die Sicherungen nicht mehr lesbar
outcome-config-all-paths = Alle erforderlichen Pfade sind vorhanden.
outcome-config-paths-missing = FEHLER: { $count ->
    [one] 1 erforderlicher Pfad fehlt – er würde NICHT gesichert.
   *[other] { $count } erforderliche Pfade fehlen – sie würden NICHT gesichert.
}
outcome-config-databases-not-configured = FEHLER: { $count ->
    [one] 1 erforderliche Datenbank würde NICHT gesichert (kein `sqlserver:`).
   *[other] { $count } erforderliche Datenbanken würden NICHT gesichert (kein `sqlserver:`).
}
outcome-config-warnings = Die Konfiguration ist nutzbar, aber nicht alles ist in Ordnung (siehe WARNUNG oben).
outcome-drill-not-all-tested = Die Wiederherstellungsprobe hat nicht alles geprüft: { $reason }. Im Journal steht sie als nicht bestanden.
outcome-config-db-not-configured = Die Datenbank { $database } wird NICHT gesichert: in tresor.yaml fehlt der Abschnitt `sqlserver:` (das Profil { $profiles } braucht sie).
outcome-config-incomplete = Mit dieser Konfiguration würde Erforderliches NICHT gesichert (siehe FEHLER oben).
outcome-config-incomplete-hint = Pfade bzw. den Abschnitt `sqlserver:` in tresor.yaml ergänzen und `tresor config check` wiederholen.
outcome-backup-warning = Warnung: { $text }
outcome-backup-failure = Fehler: { $text }

## Nichts gesichert, Teile fehlgeschlagen (backup)

outcome-backup-nothing-configured = Der Job { $job } sichert nichts: er hat weder Profile noch Quellen noch Datenbanken. Es wurde keine Sicherung angelegt.
outcome-nothing-configured-hint = In tresor.yaml `profiles:` (z. B. [x.concept]) oder `sources:` eintragen und `tresor config check` wiederholen.
outcome-source-missing-command-line = { $label } ({ $path }) fehlt – dieser Ordner wurde NICHT gesichert. Den auf der Befehlszeile angegebenen Pfad (--path) prüfen.
outcome-backup-not-saved = NICHT gesichert: { $what }
outcome-job-failed = { $count ->
    [one] 1 Teil der Sicherung ist
   *[other] { $count } Teile der Sicherung sind
} fehlgeschlagen, NICHT gesichert: { $parts }. { $rest }
outcome-job-failed-hint = Beheben Sie die genannte Ursache und starten Sie die Sicherung erneut; informieren Sie sonst Ihren IT-Betreuer.
outcome-backup-nothing-saved = Der Job { $job } hat nichts gesichert: 0 Dateien und keine Datenbank. Die Sicherung ist nicht in Ordnung.
outcome-backup-nothing-saved-hint = `tresor config check` zeigt, welche Ordner der Job sichert und ob sie vorhanden und nicht leer sind.
outcome-backup-nothing-saved-path = Es wurde nichts gesichert: unter dem angegebenen Pfad liegen keine Dateien.

## Wiederherstellungsschlüssel in tresor.yaml, die die Installation nicht kennt

outcome-recovery-not-in-identity = Der Wiederherstellungsschlüssel { $recipient } aus tresor.yaml gehört nicht zur Installation: neue Sicherungen sind mit ihm NICHT lesbar. `tresor init` ausführen, um ihn aufzunehmen (erreichbare Ziele bekommen ihn sofort, die anderen bei ihrer nächsten Sicherung; schon gespeicherte Dateien behalten ihre Schlüssel).
outcome-config-warning = WARNUNG: { $text }
outcome-config-nothing-to-back-up = FEHLER: { $count ->
    [one] Der Job { $jobs } sichert nichts
   *[other] Die Jobs { $jobs } sichern nichts
}: keine Profile, keine Quellen, keine Datenbanken.

## Wiederherstellungsprobe: welche Sicherung

outcome-drill-snapshot = Geprüft wird die Sicherung { $snapshot } vom { $time } (Job { $job }).
outcome-drill-incomplete = die Sicherung { $snapshot } ist unvollständig, es fehlt: { $lacks }

## forget

outcome-reason-newest-complete = neueste vollständige Sicherung
outcome-recovery-not-in-repository = Das Ziel { $location } ist ohne den Wiederherstellungsschlüssel { $recipient } aus tresor.yaml verschlüsselt: seine Sicherungen sind mit ihm NICHT lesbar. `tresor key add-recovery --recipient { $recipient }` nimmt ihn für alle erreichbaren Ziele auf (schon gespeicherte Dateien behalten ihre Schlüssel).
outcome-restore-nothing = Es wurde keine Datei wiederhergestellt: die Auswahl aus der Sicherung { $snapshot } enthält keine Dateien.
outcome-job-failed-rest-saved = Alles andere wurde gesichert.
outcome-job-failed-nothing-else = Auch sonst wurde nichts gesichert (0 Dateien).

## The job runner's steps (job/run.rs)
job-before-failed = Der Befehl vor der Sicherung ist fehlgeschlagen; die Daten wurden trotzdem gesichert: { $detail }
job-after-failed = Der Befehl nach der Sicherung ist fehlgeschlagen: { $detail }
job-shadow-unsupported = Schattenkopien (VSS) gibt es nur unter Windows; die Dateien wurden direkt gelesen.
job-shadow-failed = Es konnte keine Schattenkopie angelegt werden ({ $tool }: { $detail }); die Dateien wurden direkt gelesen.
job-retention-failed = Alte Sicherungen konnten nicht aufgeräumt werden: { $detail }
job-verify-failed = Die Prüfung nach der Sicherung ist fehlgeschlagen: { $detail }
job-verify-blobs-failed = { $count ->
    [one] Ein Datenblock der neuen Sicherung ließ sich nicht zurücklesen ({ $first }).
   *[other] { $count } Datenblöcke der neuen Sicherung ließen sich nicht zurücklesen ({ $first }).
}
job-hook-start = »{ $command }« ließ sich nicht starten: { $reason }
job-hook-exit = »{ $command }« endete mit Fehlercode { $code }: { $output }
job-hook-timeout = { $seconds ->
    [one] »{ $command }« lief länger als eine Sekunde und wurde abgebrochen.
   *[other] »{ $command }« lief länger als { $seconds } Sekunden und wurde abgebrochen.
}
job-medium-full = Die Kassette ist zu voll für diese Sicherung: gebraucht werden etwa { $needed }, frei sind { $free } von { $total }, auch nachdem alte Sicherungen nach den Aufbewahrungsregeln entfernt wurden. Es wurde nichts geschrieben.

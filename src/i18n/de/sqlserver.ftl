# sqlserver
# Meldungen der SQL-Server-Quelle (src/source/sqlserver/messages.rs).

sql-invalid-connection-string = Die SQL-Server-Verbindungszeichenfolge ist ungültig: { $detail }. Bitte in der Konfiguration korrigieren (z. B. "Data Source=.\MEDATIXX;Integrated Security=True").
sql-connect = SQL Server { $server } ist nicht erreichbar ({ $detail }). Läuft der Dienst "SQL Server"? Ist TCP/IP im SQL Server-Konfigurations-Manager aktiviert (bei Express standardmäßig aus) und der Port in der Firewall freigegeben?
sql-login-timeout = SQL Server { $server } hat die Anmeldung nicht innerhalb von { $seconds } s abgeschlossen. Server überlastet oder Netzwerkproblem; später erneut versuchen oder das Anmelde-Timeout erhöhen.
sql-instance-not-found = Die SQL-Server-Instanz { $server } wurde nicht gefunden ({ $detail }). Läuft der Dienst "SQL Server-Browser" (UDP 1434)? Alternativ den festen TCP-Port angeben ("Server=host,PORT").
sql-tls = Die verschlüsselte Verbindung zu SQL Server { $server } ist fehlgeschlagen ({ $detail }). Bei einer lokalen Instanz mit selbstsigniertem Zertifikat "TrustServerCertificate=True" setzen.
sql-login-failed = Anmeldung an SQL Server { $server } fehlgeschlagen für { $who } (Fehler 18456: { $message }). Benutzername/Kennwort prüfen bzw. dem Konto im SQL Server die Rolle sysadmin (oder db_backupoperator + dbcreator) geben.
sql-windows-auth-unavailable = Windows-Authentifizierung (integrierte Sicherheit) ist auf dieser Plattform nicht verfügbar. Eine SQL-Anmeldung (User ID/Password) konfigurieren.
sql-connection-lost = Die Verbindung zu SQL Server ist abgebrochen ({ $detail }). Die Sicherung wird beim nächsten Lauf wiederholt.
sql-staging-access-denied = Das SQL-Server-Dienstkonto "{ $account }" darf nicht in den Zwischenordner { $folder } schreiben ({ $message }). Dem Konto im Explorer (Eigenschaften → Sicherheit) "Ändern" auf diesen Ordner geben.
sql-staging-unreachable = SQL Server kann den Zwischenordner { $folder } nicht öffnen ({ $message }). Existiert der Ordner auf dem SQL-Server-Rechner?
sql-staging-full-sizes = {" "}Benötigt bis zu { $needed }, frei { $available }.
sql-staging-full = Im Zwischenordner { $folder } ist nicht genug Platz für die Datenbanksicherung ({ $message }).{ $sizes } Platz schaffen oder einen Zwischenordner auf einem größeren Laufwerk konfigurieren.
sql-staging-write-failed = SQL Server konnte die Sicherungsdatei im Zwischenordner { $folder } nicht schreiben ({ $message }). Das Laufwerk meldet einen Fehler: Datenträger prüfen (chkdsk, Ereignisanzeige) bzw. bei einer Netzwerkfreigabe die Verbindung prüfen; die Sicherung wird beim nächsten Lauf wiederholt.
sql-replace-old-kept = Die bisherige Datenbank { $database } ist unverändert und wieder für alle Benutzer freigegeben.
sql-replace-old-single-user = Die bisherige Datenbank { $database } ist unverändert, aber noch im Einzelbenutzermodus: Die Praxissoftware kann sie so nicht nutzen. Im SQL Server Management Studio "ALTER DATABASE [{ $database }] SET MULTI_USER WITH ROLLBACK IMMEDIATE" ausführen.
sql-replace-old-gone = Die bisherige Datenbank { $database } ist dabei bereits überschrieben worden und nicht mehr nutzbar (Zustand { $state }). Die Wiederherstellung mit --force sofort wiederholen, nötigenfalls aus einer älteren Sicherung.
sql-replace-old-dropped = Die bisherige Datenbank { $database } ist dabei bereits entfernt worden. Die Wiederherstellung mit --force sofort wiederholen, nötigenfalls aus einer älteren Sicherung.
sql-replace-old-unknown = Der Zustand der bisherigen Datenbank { $database } ließ sich danach nicht feststellen; im SQL Server Management Studio prüfen, ob sie online und für alle Benutzer freigegeben ist.
sql-staging-io = Der Zwischenordner { $folder } ist nicht nutzbar: { $reason }.
sql-database-unavailable = Die Datenbank { $database } ist nicht verfügbar (Fehler { $code }: { $message }). Ist sie offline, im Wiederherstellungsmodus oder beschädigt? Im SQL Server Management Studio prüfen; die übrigen Datenbanken wurden gesichert.
sql-compression-not-supported = Diese SQL-Server-Edition (z. B. Express) kann Sicherungen nicht komprimieren ({ $message }). Die Option "compression" abschalten; tresor komprimiert selbst.
sql-backup-failed = Die Sicherung der Datenbank { $database } ist fehlgeschlagen (Fehler { $code }: { $message }).
sql-verify-failed = Die Prüfung (RESTORE VERIFYONLY) der Sicherungsdatei { $bak } ist fehlgeschlagen: { $message }. Die Datei ist nicht verwendbar; Datenträger des Zwischenordners prüfen und die Sicherung wiederholen.
sql-watchdog-timeout = { $what } lief länger als { $min ->
    [one] 1 Minute
   *[other] { $min } Minuten
} und wurde { $cancelled ->
    [yes] auf dem Server abgebrochen
   *[no] aufgegeben (Abbruch nicht bestätigt)
}. Läuft gleichzeitig eine andere Sicherung? Sonst das Zeitlimit (statement_timeout) erhöhen.
sql-filestream-disabled = Die Sicherung enthält FILESTREAM-Daten, aber auf SQL Server { $server } ist FILESTREAM nicht aktiviert. Im SQL Server-Konfigurations-Manager FILESTREAM aktivieren und "EXEC sp_configure 'filestream access level', 2; RECONFIGURE" ausführen.
sql-target-exists = Die Datenbank { $database } existiert bereits. Unter anderem Namen wiederherstellen (--as NAME) oder bewusst überschreiben (--force).
sql-restore-failed = Die Wiederherstellung der Datenbank { $database } ist fehlgeschlagen (Fehler { $code }: { $message }).
sql-no-target-folder = Kein Zielordner für { $kind }-Dateien bekannt; bitte einen Ordner angeben.
sql-check-db-failed = DBCC CHECKDB meldet Fehler in { $database }: { $errors }. Die Sicherung ist beschädigt oder die Quelldatenbank war es bereits; sofort den Support informieren.
sql-not-a-drill-database = { $name } wird nicht gelöscht: Ein Wiederherstellungstest löscht nur Datenbanken, die mit "{ $prefix }" beginnen.
sql-server = SQL Server meldet Fehler { $code }: { $message }
sql-unexpected-result = Unerwartete Antwort von SQL Server auf { $query }: { $detail }
sql-runtime = Interner Fehler beim Start des SQL-Server-Clients: { $reason }
sql-login-failed-windows-account = das Windows-Konto dieser Aufgabe
sql-service-account-unknown = NT SERVICE\MSSQL$<INSTANZ>

## Hinweise zu Datenbanken (src/source/sqlserver/warnings.rs)
sql-warning-never = nie
sql-warning-log-reuse-wait = { $wait ->
    [LOG_BACKUP] SQL Server wartet auf eine Protokollsicherung, bevor es das Protokoll wiederverwendet.
    [ACTIVE_TRANSACTION] Eine lange offene Transaktion hält das Protokoll fest; die Praxissoftware neu starten.
    [ACTIVE_BACKUP_OR_RESTORE] Eine laufende Sicherung oder Wiederherstellung hält das Protokoll fest.
    [REPLICATION] Eine Replikation hält das Protokoll fest.
    [AVAILABILITY_REPLICA] Ein Verfügbarkeitsreplikat hält das Protokoll fest.
    [NOTHING] Derzeit hält nichts das Protokoll fest.
   *[other] SQL Server nennt als Grund (log_reuse_wait_desc): { $wait }.
}
sql-warning-log-never-backed-up = Datenbank { $database }: Wiederherstellungsmodell { $recovery_model }, letzte Protokollsicherung: { $last }, Protokolldatei { $size }. { $why } Ohne Protokollsicherungen wächst das Transaktionsprotokoll unbegrenzt, bis das Laufwerk voll ist. Abhilfe: regelmäßige Protokollsicherungen einrichten oder – nach Rücksprache mit medatixx – auf SIMPLE umstellen (ALTER DATABASE … SET RECOVERY SIMPLE).
sql-warning-express-limit = Datenbank { $database }: Die Datendateien belegen { $size } von höchstens { $limit }, die SQL Server Express je Datenbank erlaubt ({ $percent } %). Ist die Grenze erreicht, kann die Praxissoftware keine neuen Daten mehr speichern. Mit medatixx über eine größere SQL-Server-Edition oder das Auslagern alter Daten sprechen.
sql-warning-not-online = Datenbank { $database } ist im Zustand { $state } und wird nicht gesichert.

## Wiederherstellungstest (src/cli/cmd_drill.rs)
sql-drill-leftovers-dropped = { $count ->
    [one] Eine übrig gebliebene Testdatenbank eines früheren Wiederherstellungstests gelöscht: { $names }
   *[other] { $count } übrig gebliebene Testdatenbanken früherer Wiederherstellungstests gelöscht: { $names }
}
sql-replace-old-offline = Die vorhandene Datenbank { $database } ist unverändert und weiterhin offline (OFFLINE), wie vor dem Versuch.

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
sql-warning-log-never-backed-up = Datenbank { $database }: Wiederherstellungsmodell { $recovery_model }, letzte Protokollsicherung: { $last }, Protokolldatei { $size }. Ohne Protokollsicherungen wächst das Transaktionsprotokoll unbegrenzt, bis das Laufwerk voll ist. Abhilfe: regelmäßige Protokollsicherungen einrichten oder – nach Rücksprache mit medatixx – auf SIMPLE umstellen (ALTER DATABASE … SET RECOVERY SIMPLE).
sql-warning-not-online = Datenbank { $database } ist im Zustand { $state } und wird nicht gesichert.

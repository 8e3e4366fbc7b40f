//! What each `SqlError` tells the practice staff or the technician, in German
//! and English: what happened, why it matters, what to do.

use super::errors::SqlError;

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

impl SqlError {
    /// The message for staff or the technician: what happened, why, what to do.
    pub fn render(&self, german: bool) -> String {
        let de = german;
        match self {
            SqlError::InvalidConnectionString { detail } => {
                if de {
                    format!("Die SQL-Server-Verbindungszeichenfolge ist ungültig: {detail}. Bitte in der Konfiguration korrigieren (z. B. \"Data Source=.\\MEDATIXX;Integrated Security=True\").")
                } else {
                    format!("The SQL Server connection string is invalid: {detail}. Correct it in the configuration (e.g. \"Data Source=.\\MEDATIXX;Integrated Security=True\").")
                }
            }
            SqlError::Connect { server, detail } => {
                if de {
                    format!("SQL Server {server} ist nicht erreichbar ({detail}). Läuft der Dienst \"SQL Server\"? Ist TCP/IP im SQL Server-Konfigurations-Manager aktiviert (bei Express standardmäßig aus) und der Port in der Firewall freigegeben?")
                } else {
                    format!("SQL Server {server} cannot be reached ({detail}). Is the \"SQL Server\" service running? Is TCP/IP enabled in SQL Server Configuration Manager (off by default on Express) and the port open in the firewall?")
                }
            }
            SqlError::LoginTimeout { server, after } => {
                if de {
                    format!("SQL Server {server} hat die Anmeldung nicht innerhalb von {} s abgeschlossen. Server überlastet oder Netzwerkproblem; später erneut versuchen oder das Anmelde-Timeout erhöhen.", after.as_secs())
                } else {
                    format!("SQL Server {server} did not complete the login within {} s. The server is overloaded or the network is failing; retry later or raise the login timeout.", after.as_secs())
                }
            }
            SqlError::InstanceNotFound { server, detail } => {
                if de {
                    format!("Die SQL-Server-Instanz {server} wurde nicht gefunden ({detail}). Läuft der Dienst \"SQL Server-Browser\" (UDP 1434)? Alternativ den festen TCP-Port angeben (\"Server=host,PORT\").")
                } else {
                    format!("SQL Server instance {server} was not found ({detail}). Is the \"SQL Server Browser\" service running (UDP 1434)? Alternatively configure the fixed TCP port (\"Server=host,PORT\").")
                }
            }
            SqlError::Tls { server, detail } => {
                if de {
                    format!("Die verschlüsselte Verbindung zu SQL Server {server} ist fehlgeschlagen ({detail}). Bei einer lokalen Instanz mit selbstsigniertem Zertifikat \"TrustServerCertificate=True\" setzen.")
                } else {
                    format!("The encrypted connection to SQL Server {server} failed ({detail}). For a local instance with a self-signed certificate set \"TrustServerCertificate=True\".")
                }
            }
            SqlError::LoginFailed {
                server,
                user,
                message,
            } => {
                let who = user.clone().unwrap_or_else(|| {
                    if de {
                        "das Windows-Konto dieser Aufgabe".into()
                    } else {
                        "the Windows account of this task".into()
                    }
                });
                if de {
                    format!("Anmeldung an SQL Server {server} fehlgeschlagen für {who} (Fehler 18456: {message}). Benutzername/Kennwort prüfen bzw. dem Konto im SQL Server die Rolle sysadmin (oder db_backupoperator + dbcreator) geben.")
                } else {
                    format!("Login to SQL Server {server} failed for {who} (error 18456: {message}). Check user name/password, or grant the account the sysadmin role (or db_backupoperator + dbcreator) in SQL Server.")
                }
            }
            SqlError::WindowsAuthUnavailable => {
                if de {
                    "Windows-Authentifizierung (integrierte Sicherheit) ist auf dieser Plattform nicht verfügbar. Eine SQL-Anmeldung (User ID/Password) konfigurieren.".into()
                } else {
                    "Windows (integrated) authentication is not available on this platform. Configure a SQL login (User ID/Password).".into()
                }
            }
            SqlError::ConnectionLost { detail } => {
                if de {
                    format!("Die Verbindung zu SQL Server ist abgebrochen ({detail}). Die Sicherung wird beim nächsten Lauf wiederholt.")
                } else {
                    format!("The connection to SQL Server was lost ({detail}). The backup will be retried on the next run.")
                }
            }
            SqlError::StagingAccessDenied {
                folder,
                service_account,
                message,
            } => {
                let account = service_account
                    .clone()
                    .unwrap_or_else(|| "NT SERVICE\\MSSQL$<INSTANZ>".into());
                if de {
                    format!("Das SQL-Server-Dienstkonto \"{account}\" darf nicht in den Zwischenordner {} schreiben ({message}). Dem Konto im Explorer (Eigenschaften → Sicherheit) \"Ändern\" auf diesen Ordner geben.", folder.display())
                } else {
                    format!("The SQL Server service account \"{account}\" may not write to the staging folder {} ({message}). Grant that account \"Modify\" on the folder (Properties → Security).", folder.display())
                }
            }
            SqlError::StagingUnreachable { folder, message } => {
                if de {
                    format!("SQL Server kann den Zwischenordner {} nicht öffnen ({message}). Existiert der Ordner auf dem SQL-Server-Rechner?", folder.display())
                } else {
                    format!("SQL Server cannot open the staging folder {} ({message}). Does the folder exist on the SQL Server machine?", folder.display())
                }
            }
            SqlError::StagingFull {
                folder,
                needed,
                available,
                message,
            } => {
                let sizes = match (needed, available) {
                    (Some(n), Some(a)) => {
                        if de {
                            format!(" Benötigt bis zu {}, frei {}.", gib(*n), gib(*a))
                        } else {
                            format!(" Needs up to {}, free {}.", gib(*n), gib(*a))
                        }
                    }
                    _ => String::new(),
                };
                if de {
                    format!("Im Zwischenordner {} ist nicht genug Platz für die Datenbanksicherung ({message}).{sizes} Platz schaffen oder einen Zwischenordner auf einem größeren Laufwerk konfigurieren.", folder.display())
                } else {
                    format!("The staging folder {} has too little space for the database backup ({message}).{sizes} Free up space or configure a staging folder on a larger drive.", folder.display())
                }
            }
            SqlError::StagingIo { folder, source } => {
                if de {
                    format!(
                        "Der Zwischenordner {} ist nicht nutzbar: {source}.",
                        folder.display()
                    )
                } else {
                    format!(
                        "The staging folder {} cannot be used: {source}.",
                        folder.display()
                    )
                }
            }
            SqlError::DatabaseUnavailable {
                database,
                code,
                message,
            } => {
                if de {
                    format!("Die Datenbank {database} ist nicht verfügbar (Fehler {code}: {message}). Ist sie offline, im Wiederherstellungsmodus oder beschädigt? Im SQL Server Management Studio prüfen; die übrigen Datenbanken wurden gesichert.")
                } else {
                    format!("Database {database} is not accessible (error {code}: {message}). Is it offline, restoring or damaged? Check in SQL Server Management Studio; the other databases were backed up.")
                }
            }
            SqlError::CompressionNotSupported { message } => {
                if de {
                    format!("Diese SQL-Server-Edition (z. B. Express) kann Sicherungen nicht komprimieren ({message}). Die Option \"compression\" abschalten; tresor komprimiert selbst.")
                } else {
                    format!("This SQL Server edition (e.g. Express) cannot compress backups ({message}). Turn the \"compression\" option off; tresor compresses by itself.")
                }
            }
            SqlError::BackupFailed {
                database,
                code,
                message,
            } => {
                if de {
                    format!("Die Sicherung der Datenbank {database} ist fehlgeschlagen (Fehler {code}: {message}).")
                } else {
                    format!("The backup of database {database} failed (error {code}: {message}).")
                }
            }
            SqlError::VerifyFailed { bak, message } => {
                if de {
                    format!("Die Prüfung (RESTORE VERIFYONLY) der Sicherungsdatei {} ist fehlgeschlagen: {message}. Die Datei ist nicht verwendbar; Datenträger des Zwischenordners prüfen und die Sicherung wiederholen.", bak.display())
                } else {
                    format!("Verifying (RESTORE VERIFYONLY) the backup file {} failed: {message}. The file is unusable; check the staging drive and repeat the backup.", bak.display())
                }
            }
            SqlError::WatchdogTimeout {
                what,
                after,
                cancelled,
            } => {
                let min = after.as_secs().div_ceil(60);
                if de {
                    format!("{what} lief länger als {min} Minuten und wurde {}. Läuft gleichzeitig eine andere Sicherung? Sonst das Zeitlimit (statement_timeout) erhöhen.", if *cancelled { "auf dem Server abgebrochen" } else { "aufgegeben (Abbruch nicht bestätigt)" })
                } else {
                    format!("{what} ran longer than {min} minutes and was {}. Is another backup running at the same time? Otherwise raise the limit (statement_timeout).", if *cancelled { "cancelled on the server" } else { "abandoned (cancel not confirmed)" })
                }
            }
            SqlError::FilestreamDisabled { server } => {
                if de {
                    format!("Die Sicherung enthält FILESTREAM-Daten, aber auf SQL Server {server} ist FILESTREAM nicht aktiviert. Im SQL Server-Konfigurations-Manager FILESTREAM aktivieren und \"EXEC sp_configure 'filestream access level', 2; RECONFIGURE\" ausführen.")
                } else {
                    format!("The backup contains FILESTREAM data but FILESTREAM is not enabled on SQL Server {server}. Enable FILESTREAM in SQL Server Configuration Manager and run \"EXEC sp_configure 'filestream access level', 2; RECONFIGURE\".")
                }
            }
            SqlError::TargetExists { database } => {
                if de {
                    format!("Die Datenbank {database} existiert bereits. Unter anderem Namen wiederherstellen (--as NAME) oder bewusst überschreiben (--force).")
                } else {
                    format!("Database {database} already exists. Restore under another name (--as NAME) or overwrite deliberately (--force).")
                }
            }
            SqlError::RestoreFailed {
                database,
                code,
                message,
            } => {
                if de {
                    format!("Die Wiederherstellung der Datenbank {database} ist fehlgeschlagen (Fehler {code}: {message}).")
                } else {
                    format!("Restoring database {database} failed (error {code}: {message}).")
                }
            }
            SqlError::NoTargetFolder { kind } => {
                if de {
                    format!(
                        "Kein Zielordner für {kind}-Dateien bekannt; bitte einen Ordner angeben."
                    )
                } else {
                    format!("No target folder for {kind} files is known; please give one.")
                }
            }
            SqlError::CheckDbFailed { database, errors } => {
                if de {
                    format!("DBCC CHECKDB meldet Fehler in {database}: {}. Die Sicherung ist beschädigt oder die Quelldatenbank war es bereits; sofort den Support informieren.", errors.join(" | "))
                } else {
                    format!("DBCC CHECKDB reports errors in {database}: {}. The backup is damaged or the source database already was; contact support now.", errors.join(" | "))
                }
            }
            SqlError::NotADrillDatabase { name, prefix } => {
                if de {
                    format!("{name} wird nicht gelöscht: Ein Wiederherstellungstest löscht nur Datenbanken, die mit \"{prefix}\" beginnen.")
                } else {
                    format!("{name} is not dropped: a restore drill only drops databases whose name starts with \"{prefix}\".")
                }
            }
            SqlError::Server { code, message } => {
                if de {
                    format!("SQL Server meldet Fehler {code}: {message}")
                } else {
                    format!("SQL Server reports error {code}: {message}")
                }
            }
            SqlError::UnexpectedResult { query, detail } => {
                if de {
                    format!("Unerwartete Antwort von SQL Server auf {query}: {detail}")
                } else {
                    format!("Unexpected answer from SQL Server to {query}: {detail}")
                }
            }
            SqlError::Runtime(e) => {
                if de {
                    format!("Interner Fehler beim Start des SQL-Server-Clients: {e}")
                } else {
                    format!("Internal error starting the SQL Server client: {e}")
                }
            }
        }
    }
}

# tresor detect: what is installed, what stays open, and the comments of the
# starter tresor.yaml (src/detect, src/cli/cmd_detect.rs).

## Screen

detect-root = Laufwerke: { $root }
detect-found-heading = Gefunden:
detect-product = { $title } (Profil { $profile }) – { $evidence }
detect-path = { $path }: { $state ->
    [yes] vorhanden
    [optional] fehlt (optional)
   *[no] FEHLT
}
detect-source = Weiterer Ordner für sources: { $path } – aus { $source }
detect-sql = SQL Server { $server }{ $database ->
    [none] {""}
   *[other] , Datenbank { $database }
} – aus { $source }
detect-fact = { $name } = { $value } – aus { $source }
detect-sql-connecting = Verbinde mit SQL Server { $server } …
detect-server-databases = Datenbanken auf dem SQL Server: { $databases }
detect-server-no-databases = Der SQL Server hat keine Benutzerdatenbanken.
detect-undecided-heading = Nicht entschieden – bitte prüfen:
detect-written = Grundgerüst geschrieben: { $path }
detect-next = Weiter: Praxisname, Sicherungsziele, Rotation und Mail in { $path } eintragen, dann `tresor config check` und `tresor init`.
detect-nothing-found = Unter { $root } wurde kein medatixx-Produkt gefunden (x.concept, x.comfort, x.isynet/x.vianova, medatixx, x.archiv). Es wurde nichts geschrieben.
detect-nothing-found-hint = Stimmt die Laufwerkswurzel? Mit --root ORDNER liegen die Laufwerke als ORDNER/C, ORDNER/D … darunter.
detect-output-exists = { $path } gibt es schon; detect überschreibt keine Konfiguration. Es wurde nichts geschrieben.
detect-output-exists-hint = --force ersetzt die Datei (die alte bleibt als Sicherungskopie daneben), --output DATEI schreibt an eine andere Stelle.
detect-root-required = Auf diesem System braucht detect die Laufwerkswurzel: --root ORDNER (darin C, D … wie die Laufwerke des Servers).
detect-root-not-a-folder = Die Laufwerkswurzel { $root } ist kein Ordner.
detect-kept-old = Die bisherige { $path } liegt jetzt als { $backup } daneben (nur für den Besitzer lesbar: sie kann das SQL-Passwort enthalten).
detect-write-failed = { $path } konnte nicht geschrieben werden: { $reason }
detect-sql-no-connection = --sql: Weder die Dateien noch die Befehlszeile nennen einen SQL Server.

## What stays open

detect-undecided-path-missing = { $product }: { $path } fehlt. Liegen die Daten woanders? Sonst meldet die Sicherung diesen Ordner als fehlend.
detect-undecided-data-drive = Produktordner liegen auf mehreren Laufwerken ({ $drives }); data_drive ist { $chosen }. Ordner auf den anderen Laufwerken als sources eintragen.
detect-undecided-on-share = { $product }: { $path } liegt auf einer Netzwerkfreigabe (aus { $source }). Die Freigabe muss bei jeder Sicherung erreichbar sein; besser auf dem Rechner sichern, der sie bereitstellt.
detect-undecided-hint-missing = { $path } (aus { $source }) gibt es nicht; als optionale Quelle eingetragen.
detect-undecided-file-unreadable = { $file } ist nicht lesbar: { $reason }
detect-undecided-source-in-destination = { $source } nennt { $path }; das ist oder berührt das Sicherungsziel rdx ({ $destination }) und ist deshalb nicht als Quelle eingetragen – das Repository würde in sich selbst gesichert. Das Ziel in einen anderen Ordner legen oder die Daten dort anders sichern.
detect-undecided-not-a-path = { $source } nennt keinen Ordner, den tresor sichern kann: „{ $value }“ – { $reason ->
    [empty] der Wert ist leer. Liegen diese Daten woanders, den Ordner als sources eintragen.
    [relative] der Pfad ist relativ (ohne Laufwerk oder Freigabe); er hängt vom Arbeitsordner des Programms ab. Den vollständigen Ordner als sources eintragen.
    [parent] der Pfad enthält „..“. Den gemeinten Ordner direkt als sources eintragen.
    [no_drive] der Pfad nennt kein Laufwerk. Den Ordner mit Laufwerk (z. B. C:\…) als sources eintragen.
    [drive_root] das ist ein ganzes Laufwerk. Die Ordner mit den Praxisdaten darauf als sources eintragen.
    [environment] der Pfad enthält eine Umgebungsvariable (%…%), deren Wert vom Benutzerkonto abhängt. Den gemeinten Ordner als sources eintragen.
    [quote] ein Anführungszeichen ist nicht geschlossen. Die Datei des Produkts und den gemeinten Ordner prüfen.
    [share_incomplete] der Freigabepfad nennt keinen Server oder keine Freigabe (\\server\freigabe\…).
    [control] der Wert enthält ein Steuerzeichen (Zeilenumbruch, Wagenrücklauf, Tabulator o. ä.). Die Datei des Produkts prüfen; den gemeinten Ordner als sources eintragen.
    [device] Gerätepfade (\\?\…, \\.\…) unterstützt tresor nicht. Den Ordner als C:\… oder \\server\freigabe eintragen.
   *[not_a_path] das ist kein Windows-Pfad.
}
detect-undecided-connection-control = Die Verbindungszeichenfolge in { $source } enthält ein Steuerzeichen (Zeilenumbruch, Wagenrücklauf o. ä.) und ist nicht eingetragen. Die Datei des Produkts prüfen und sqlserver: von Hand eintragen.
detect-undecided-connection-unusable = Verbindungszeichenfolge in { $source } ist nicht verwendbar: { $reason }
detect-undecided-sql-ambiguous = Die Dateien nennen mehrere SQL Server ({ $servers }); eingetragen ist { $chosen }. Welcher hält die Praxisdatenbanken?
detect-undecided-sql-missing = Keine Datei nennt einen SQL Server, aber { $databases } muss gesichert werden. Den Abschnitt sqlserver: eintragen oder detect mit --sql VERBINDUNG wiederholen.
detect-undecided-sql-unreachable = SQL Server { $server } nicht erreicht: { $reason } Die Datenbanken aus den Dateien sind trotzdem eingetragen.
detect-undecided-database-uncovered = Die Datenbank { $name } deckt kein gefundenes Produkt ab (x.impfen, x.qm oder ein anderes Programm?). Soll sie gesichert werden, ein eigenes Profil mit ihr anlegen.
detect-undecided-database-other-product = Die Datenbank { $name } gehört zum Profil { $product }, dessen Ordner nicht gefunden wurden. Profil ergänzen, falls das Produkt hier läuft.
detect-undecided-database-missing = { $product } braucht die Datenbank { $name }, der SQL Server hat sie nicht. Richtiger Server bzw. richtige Instanz?

## Comments in the starter tresor.yaml

detect-yaml-head = tresor.yaml – Grundgerüst von `tresor detect` ({ $date }). Bitte jede Zeile prüfen.
detect-yaml-todo = Noch einzutragen: Praxisname, Sicherungsziele (RDX, NAS, S3), Rotation der Kassetten, Mail. Danach `tresor config check`, dann `tresor init` (Maschinen- und Wiederherstellungsschlüssel). Beispiele: tresor.example.yaml.
detect-yaml-practice = Name der Praxis, wie er in Mails und Berichten stehen soll.
detect-yaml-practice-value = Praxis (Name eintragen)
detect-yaml-drives = Nur unter Linux (Test, Nachbau): wo die Laufwerke und Freigaben liegen. Unter Windows ohne Bedeutung.
detect-yaml-found = Gefunden: { $product } – { $evidence }
detect-yaml-keys = `tresor init` legt den Maschinenschlüssel an, gibt den Wiederherstellungsschlüssel aus (in den Notfallordner) und trägt dessen öffentlichen Teil hier unter recovery: ein.
detect-yaml-destinations = Sicherungsziele: den Laufwerksbuchstaben des RDX-Laufwerks prüfen; NAS (\\server\freigabe) und S3 in Deutschland: siehe tresor.example.yaml.
detect-yaml-sources = Ordner, die die Dateien der Produkte nennen und die kein Profil abdeckt:
detect-yaml-source-from = aus { $source }
detect-yaml-sql-none = Keine Datei nennt einen SQL Server. Wenn ein Profil Datenbanken braucht, eintragen:
detect-yaml-sql-from = SQL Server laut { $source }
detect-yaml-sql-given = SQL Server von der Befehlszeile (--sql)
detect-yaml-sql-staging = Hierhin schreibt SQL Server die Sicherungsdateien: das Dienstkonto von SQL Server braucht dort Schreibrecht.
detect-yaml-sql-trust = Lokale Instanz mit selbst ausgestelltem Zertifikat; bei einem Server mit gültigem Zertifikat auf false setzen.
detect-yaml-sql-other = Ebenfalls genannt: { $connection } (aus { $source })
detect-yaml-sql-databases-files = Datenbanken laut Dateien: { $databases }
detect-yaml-sql-databases-server = Datenbanken auf dem Server: { $databases }
detect-yaml-jobs = Ohne jobs: sichert nightly Mo–Fr um 22:30 und feierabend von Hand, beide auf das erste Ziel.
detect-yaml-rotation = Kassetten-Rotation (rotation:) und Mail nach jeder Sicherung (mail:): siehe tresor.example.yaml; danach `tresor media label` und `tresor mail test`.
detect-yaml-undecided = Nicht entschieden (bitte prüfen):

# notfallblatt: das Notfallblatt für den Notfallordner der Praxis

sheet-title = NOTFALLBLATT – Datensicherung mit tresor
sheet-subtitle = { $practice } – erstellt am { $date } auf dem Server { $host }
sheet-intro = Dieses Blatt und der Wiederherstellungsschlüssel genügen, um die Praxis nach einem Totalausfall auf einem leeren Server wiederherzustellen.
sheet-intro-secret = Dieses Blatt genügt, um die Praxis nach einem Totalausfall auf einem leeren Server wiederherzustellen. Es enthält den Wiederherstellungsschlüssel: wie einen Tresorschlüssel aufbewahren (Notfallordner, Tresor). Wer Blatt und Sicherungsmedium hat, kann die Patientendaten lesen.
sheet-contact = Ansprechpartner (IT-Betreuer)
sheet-installation = Installation
sheet-where-heading = Wo die Sicherungen liegen
sheet-place-folder = { $name }: Ordner { $path }.
sheet-place-cartridges = { $name }: RDX-Kassetten im Laufwerk { $path }, { $count ->
    [one] eine Kassette
   *[other] { $count } Kassetten
}, jede mit einer vollständigen Sicherung. In der Praxis: { $practice }. Außer Haus: { $home }.
sheet-place-bucket = { $name }: S3-Speicher, Bucket { $bucket }, Endpunkt { $endpoint }, Region { $region }, Präfix { $prefix }.
sheet-repository = Repository-ID: { $id }.
sheet-repository-cartridge = Repository-ID der beim Drucken eingelegten Kassette: { $id }.
sheet-repository-unknown = (Repository-ID: beim Drucken nicht erreichbar)
sheet-what = Gesichert werden: { $what }.
sheet-database = SQL-Server-Datenbank { $name }
sheet-key-heading = Wiederherstellungsschlüssel
sheet-key-printed = Der geheime Schlüssel (eine Zeile, genau so abtippen – oder den QR-Code mit dem Handy scannen und als Text übertragen):
sheet-key-public = Öffentlicher Teil (zur Kontrolle, kein Geheimnis): { $recipient }
sheet-key-not-printed = Der Wiederherstellungsschlüssel ist nicht auf diesem Blatt gedruckt.
sheet-key-kept = Aufbewahrt in
sheet-key-recipients = { $count ->
    [one] Dieser Wiederherstellungsschlüssel öffnet die Sicherungen
   *[other] Diese { $count } Wiederherstellungsschlüssel öffnen die Sicherungen
}: { $recipients }
sheet-steps-heading = Wiederherstellung auf einem leeren Server
sheet-step-tool = tresor.exe in einen Ordner auf dem neuen Server kopieren (aus dem Notfallordner, vom USB-Stick oder beim IT-Betreuer). Eine Installation ist nicht nötig.
sheet-step-key = Den Schlüssel aus Abschnitt 2 mit dem Editor in die Datei { $file } im selben Ordner speichern (nur die Zeile AGE-SECRET-KEY-1…).
sheet-step-medium = Die Kassette mit der jüngsten Sicherung einlegen (oder die NAS-Freigabe verbinden); sie muss unter { $path } erreichbar sein.
sheet-step-list = In diesem Ordner die Eingabeaufforderung öffnen. Die Sicherungen auf dem Medium anzeigen:
sheet-step-folder = Erst zur Kontrolle alles in den Ordner { $target } wiederherstellen:
sheet-step-original = Dann alles an seinen ursprünglichen Ort zurückschreiben (gleiche Laufwerksbuchstaben wie der alte Server). Liegt dort schon eine Datei (z. B. nach der Neuinstallation der Praxissoftware), schreibt tresor nichts und nennt sie; dann denselben Befehl mit --overwrite wiederholen (ersetzt sie):
sheet-step-other = Für ein anderes Ziel den Pfad hinter --repo ersetzen: { $others }.
sheet-step-bucket = Vom S3-Speicher ({ $name }): den Inhalt des Präfixes mit einem S3-Werkzeug (z. B. rclone oder aws s3 sync) und den Zugangsdaten unten in einen Ordner laden und diesen Ordner hinter --repo angeben.
sheet-sql-heading = SQL-Server-Datenbanken
sheet-sql-note = Die Datenbanken liegen als native SQL-Server-Sicherung (.bak, mit FILESTREAM) im Snapshot. Zuerst SQL Server (gleiche oder neuere Version) und die Praxissoftware installieren, dann mit einer tresor.yaml, die den Abschnitt sqlserver: enthält, zurückspielen:
sheet-password-heading = Passwort der Praxissoftware
sheet-password-note = Wichtig (Hinweis des Herstellers): Nach der Rücksicherung fragt die Praxissoftware nach dem Passwort, das zum Zeitpunkt der Sicherung gültig war – nicht nach dem heutigen. Deshalb jede Passwortänderung mit Datum notieren.
sheet-password-where = Die Passwort-Historie liegt hier
sheet-footer = Nach jeder Änderung (neuer Schlüssel, neues Ziel) das Blatt neu drucken: tresor notfallblatt. Eine Rücksicherungsprobe (tresor drill) zeigt, ob alles funktioniert.
sheet-written = Notfallblatt geschrieben: { $pdf } und { $txt }
sheet-print = Bitte ausdrucken, in den Notfallordner legen und die Dateien danach vom Server löschen: sie enthalten den Wiederherstellungsschlüssel.
sheet-print-no-key = Bitte ausdrucken und in den Notfallordner legen.
sheet-key-choice = Entweder --recovery-key DATEI (der Schlüssel wird gedruckt) oder --no-key (das Blatt nennt nur den Aufbewahrungsort) angeben.
sheet-key-choice-hint = Ein Wiederherstellungsschlüssel von `tresor init` liegt hier: { $file }
sheet-key-choice-hint-none = Der Wiederherstellungsschlüssel ist die Datei tresor-wiederherstellungsschluessel-….key aus der Einrichtung.
sheet-key-foreign = { $file } ist kein Wiederherstellungsschlüssel dieser Installation (öffentlicher Teil { $recipient }).
sheet-key-foreign-hint = Die Wiederherstellungsschlüssel dieser Installation zeigt `tresor key list`.
sheet-write-failed = { $path } ließ sich nicht schreiben: { $reason }
sheet-intro-incomplete = ACHTUNG: Dieses Blatt genügt NOCH NICHT für eine Wiederherstellung der neuesten Sicherung – der Wiederherstellungsschlüssel öffnet sie noch nicht (siehe Abschnitt 1). Nach der nächsten Sicherung das Blatt neu drucken.
sheet-opens = Der Wiederherstellungsschlüssel öffnet hier { $opened } von { $total } Sicherungen, alle ab { $since }.
sheet-opens-none-yet = Dort liegt noch keine Sicherung.
sheet-opens-not-newest = ACHTUNG: Die neueste Sicherung auf { $name } öffnet dieser Wiederherstellungsschlüssel nicht: sie teilt Daten, die gesichert wurden, bevor der Schlüssel eingetragen war. Die nächste Sicherung speichert sie auch für ihn; danach das Blatt neu drucken.
sheet-bucket-key-id = Zugangsschlüssel (Access Key ID)
sheet-bucket-secret-kept = Das Geheimnis (Secret Access Key) liegt hier
sheet-intro-unchecked = ACHTUNG: Ob dieser Schlüssel die Sicherungen öffnet, ließ sich beim Drucken nicht prüfen: kein Ziel mit einer Sicherung war erreichbar. Mit eingelegter Kassette (oder verbundenem NAS) neu drucken.
sheet-step-download = Die Sicherung vom S3-Speicher (Abschnitt 1) in den Ordner { $path } laden (siehe unten).
sheet-opens-not-newest-count = Der Wiederherstellungsschlüssel öffnet hier { $opened } von { $total } Sicherungen, aber nicht die neueste.
sheet-not-checked = Das Notfallblatt konnte nicht prüfen, ob der Schlüssel die Sicherungen öffnet: kein Ziel mit einer Sicherung war erreichbar.

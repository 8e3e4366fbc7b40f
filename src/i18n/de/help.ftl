# --help auf Deutsch (cli/help.rs). Überschriften von clap, dann ein Text je
# Befehl (help-<Pfad>) und je Option (help-<Pfad>--<id>; gemeinsame:
# help-arg--<id>). Ein neuer Befehl braucht hier seine Texte: der Test
# cli::help::tests::every_command_and_argument_has_german_help nennt die fehlenden.

help-heading-usage = Aufruf:
help-heading-options = Optionen
help-heading-arguments = Argumente
help-heading-commands = Befehle
help-value-command = BEFEHL
# Was clap sonst auf Englisch an einen Hilfetext hängt.
help-default = [Standard: { $value }]
help-possible-values = [mögliche Werte: { $values }]
help-env = [Umgebungsvariable: { $name }]
help-usage-options = [OPTIONEN]

## clap selbst

help-builtin--help = Hilfe anzeigen (ausführlicher mit --help)
help-builtin--version = Version anzeigen
help-builtin-help = Hilfe zu diesem Befehl oder einem seiner Unterbefehle anzeigen

## tresor und die Optionen aller Befehle

help-tresor = Verschlüsselte, deduplizierte Datensicherung für Arztpraxen (medatixx, SQL Server, RDX/NAS/S3)
help-tresor--config = Konfiguration der Praxis (Standard: $TRESOR_CONFIG, sonst C:\ProgramData\tresor\tresor.yaml bzw. /etc/tresor/tresor.yaml)
help-tresor--language = Sprache der Meldungen: de (Standard) oder en; gilt vor der Konfiguration
help-tresor--quiet = Nur Fehler und Warnungen ausgeben (kein Fortschritt, keine Listen, keine Zusammenfassungen)
help-tresor--verbose = Ausführliches Protokoll zur Fehlersuche (oder TRESOR_LOG=tresor=debug)

## Optionen, die mehrere Befehle haben

help-arg--repo = Repository-Ordner (RDX-Kassette, NAS-Pfad) statt eines konfigurierten Ziels
help-arg--destination = Konfiguriertes Ziel (Standard: das erste in der Konfiguration); auch --from
help-arg--key = age-Schlüsseldatei: Maschinenschlüssel oder ein Wiederherstellungsschlüssel aus dem Notfallordner
help-arg--json = Ein JSON-Dokument auf stdout ausgeben, auch bei Fehlern (siehe docs/output.md); auch --json=true / --json=false
help-arg--journal = Journaldatei (Standard: journal.jsonl neben dem konfigurierten Maschinenschlüssel)
help-arg--snapshot = Snapshot-ID (Anfang genügt), „latest“ oder „latest:JOB“

## Befehle

help-tresor-init = Maschinenschlüssel, einen Wiederherstellungsschlüssel und das Repository auf den Zielen anlegen
help-tresor-init--key_out = Ordner für die neuen Schlüsseldateien (Maschinenschlüssel, wenn die Konfiguration keinen nennt; Wiederherstellungsschlüssel)
help-tresor-init--recovery_recipients = Weiterer Wiederherstellungsempfänger (age1…), mehrfach möglich

help-tresor-backup = Einen Sicherungsjob ausführen (z. B. „tresor backup --job nightly“; ohne --job nur, wenn genau ein Job konfiguriert ist)
help-tresor-backup--job = Job aus der Konfiguration (nightly, feierabend, …)
help-tresor-backup--path = Diese Ordner sichern statt eines konfigurierten Jobs (einmalig)
help-tresor-backup--details = Im Terminal den technischen Bericht statt des Abschlussbildschirms für das Praxisteam zeigen

help-tresor-snapshots = Die Snapshots eines Repositorys auflisten

help-tresor-ls = Die Dateien eines Snapshots auflisten (z. B. „tresor ls latest C/DConcept/DEDATA“)
help-tresor-ls--path = Nur unterhalb dieses Pfads: C/DConcept/DEDATA, auch in Windows-Schreibweise ('C:\DConcept\DEDATA')

help-tresor-restore = Dateien aus einem Snapshot in einen Ordner zurückholen
help-tresor-restore--target = Zielordner der Wiederherstellung (wird angelegt, falls er fehlt)
help-tresor-restore--to_original = Dateien dorthin zurücklegen, woher sie gesichert wurden (C/WINACS/x → C:\WINACS\x; unter Linux über „drives:“/„unc:“ der Konfiguration)
help-tresor-restore--include = Nur diese Pfade oder Muster (C/DConcept/DEDATA, 'C:\DConcept\DEDATA' oder '**/*.RTF'); mehrfach möglich
help-tresor-restore--overwrite = Vorhandene Dateien, Verknüpfungen und harte Links im Ziel ersetzen (ersetzt wird der Eintrag, nie das Ziel einer Verknüpfung)
help-tresor-restore--force = Mit --to-original --overwrite: auch Dateien ersetzen, die neuer sind als die Kopie im Snapshot
help-tresor-restore--keep_setid = Auch setuid/setgid-Rechte wiederherstellen (sonst nicht)

help-tresor-restore-db = Eine SQL-Server-Datenbank aus einem Snapshot wiederherstellen (z. B. „tresor restore-db latest --database WINACS --as WINACS_alt“)
help-tresor-restore-db--database = Datenbank im Snapshot
help-tresor-restore-db--as_name = Unter diesem Namen wiederherstellen (das Original bleibt unberührt)
help-tresor-restore-db--data_dir = Ordner für die Datendateien (Standard: der Standardordner des Servers)
help-tresor-restore-db--log_dir = Ordner für die Protokolldatei (Standard: der Datenordner)
help-tresor-restore-db--filestream_dir = Ordner für FILESTREAM-Container (Standard: der Datenordner)
help-tresor-restore-db--force = Eine vorhandene Datenbank dieses Namens ersetzen
help-tresor-restore-db--checkdb = Danach DBCC CHECKDB auf der wiederhergestellten Datenbank ausführen
help-tresor-restore-db--extract_dir = Ordner, aus dem SQL Server die .bak-Datei liest (Standard: der Staging-Ordner)

help-tresor-drill = Wiederherstellungsprobe: jede Datenbank unter einem Probenamen + DBCC CHECKDB, eine Stichprobe der Dateien; Ergebnis im Journal
help-tresor-drill--sample = Anzahl der Dateien, die wiederhergestellt und verglichen werden

help-tresor-check = Das Repository prüfen; mit --read-data wird auch jedes Byte gelesen und nachgewiesen
help-tresor-check--read_data = Auch jedes Paket herunterladen, entschlüsseln und prüfen (langsam, vollständig)
help-tresor-check--repair_root = Unbrauchbare Kopien der Stammdateien (tresor.repo, config) aus der guten Kopie neu schreiben und fehlende zweite Kopien anlegen

help-tresor-forget = Snapshots nach der Aufbewahrungsregel entfernen (danach gibt „prune“ den Platz frei)
help-tresor-forget--keep_last = Die N neuesten Snapshots behalten
help-tresor-forget--keep_daily = Je Tag der letzten N Tage den neuesten Snapshot behalten
help-tresor-forget--keep_weekly = Je Woche der letzten N Wochen den neuesten Snapshot behalten
help-tresor-forget--keep_monthly = Je Monat der letzten N Monate den neuesten Snapshot behalten
help-tresor-forget--keep_yearly = Je Jahr der letzten N Jahre den neuesten Snapshot behalten
help-tresor-forget--dry_run = Zeigen, was entfernt würde; nichts entfernen
help-tresor-forget--prune = Danach „prune“ ausführen

help-tresor-prune = Daten löschen, die kein Snapshot mehr braucht
help-tresor-prune--dry_run = Zeigen, was gelöscht würde; nichts löschen

help-tresor-mirror = Die Snapshots kopieren, die einem anderen Ziel fehlen (z. B. „tresor mirror --from rdx --to nas“)
help-tresor-mirror--to = Ziel, das die fehlenden Snapshots bekommt (konfigurierter Name oder Repository-Ordner); mehrfach möglich
help-tresor-mirror--dry_run = Nur sagen, wie weit jedes Ziel zurückliegt; nichts kopieren

help-tresor-config = Die Konfiguration der Praxis prüfen, ohne etwas auszuführen
help-tresor-config-check = tresor.yaml prüfen und zeigen, was daraus folgt

help-tresor-journal = Das Journal aller Läufe: Hash-Kette prüfen, Einträge zeigen
help-tresor-journal-verify = Die Kette prüfen: Exit-Code 0 unversehrt, 2 wenn ein Eintrag geändert, gelöscht, umsortiert oder abgeschnitten wurde
help-tresor-journal-show = Die Einträge zeigen, älteste zuerst
help-tresor-journal-show--last = Nur die neuesten N Einträge

help-tresor-status = Die Sicherungen der Praxis auf einen Blick; Exit-Codes für die Überwachung: 0 OK, 1 WARNUNG, 2 KRITISCH, 3 UNBEKANNT
help-tresor-status--checkmk = Checkmk-„local check“-Zeilen ausgeben (ein Dienst je Job, Kassettensatz, Spiegel, Probe)

help-tresor-demo = Den ganzen Ablauf an einer erzeugten Demo-Praxis zeigen (keine Einrichtung nötig)
help-tresor-demo--dir = Ordner für die Demo-Praxis, ihre RDX- und NAS-Ordner (Standard ./tresor-demo)

help-tresor-media = RDX-Kassetten: die eingelegte beschriften, zeigen, welche dran ist
help-tresor-media-label = Die eingelegte Kassette vorbereiten: Repository anlegen und Etikett schreiben (formatiert nie)
help-tresor-media-label--name = Name der Kassette im Rotationsplan, wie auf ihrem Aufkleber (z. B. „Dienstag extern“)
help-tresor-media-label--destination = Das Ziel der Rotation (Standard: „rotation.destination“ der Konfiguration)
help-tresor-media-label--force = Einer Kassette, die schon einen anderen Namen dieser Installation trägt, den neuen Namen geben
help-tresor-media-show = Was jetzt im Laufwerk ist, welche Kassette dran ist, und der Rotationsplan
help-tresor-media-show--destination = Das Ziel der Rotation (Standard: „rotation.destination“ der Konfiguration)

help-tresor-detect = Die installierten medatixx-Produkte finden und eine erste tresor.yaml schreiben (außerhalb von Windows mit --root VERZEICHNIS)
help-tresor-detect--root = Laufwerkswurzel: VERZEICHNIS/C ist C:, VERZEICHNIS/D ist D:, VERZEICHNIS/UNC/server/freigabe ist \\server\freigabe (unter Windows: die echten Laufwerke)
help-tresor-detect--output = Wohin die erste Konfiguration geschrieben wird (Standard: --config, sonst die übliche tresor.yaml)
help-tresor-detect--force = Eine vorhandene Datei ersetzen; die alte bleibt als DATEI.bak-<UTC-Zeit> daneben
help-tresor-detect--sql = Den SQL Server nach seinen Datenbanken fragen: mit der Verbindungszeichenfolge aus den Dateien oder der angegebenen

help-tresor-key = Schlüssel: Maschinenschlüssel, Wiederherstellungsschlüssel, ausgemusterte Schlüssel
help-tresor-key-list = Maschinenschlüssel, ausgemusterte Maschinenschlüssel und Wiederherstellungsschlüssel, und für jedes erreichbare Ziel, mit welchen Schlüsseln seine Sicherungen verschlüsselt sind
help-tresor-key-add-recovery = Einen Wiederherstellungsschlüssel (einen neuen, oder --recipient age1…) zur Installation und zu jedem erreichbaren Ziel hinzufügen
help-tresor-key-add-recovery--recipient = Der öffentliche Schlüssel (age1…) eines anderswo erzeugten Wiederherstellungsschlüssels; ohne ihn wird ein neuer erzeugt und einmal angezeigt
help-tresor-key-add-recovery--key_out = Ordner für die Datei des neuen Wiederherstellungsschlüssels (Standard: neben dem Maschinenschlüssel)
help-tresor-key-rotate = Ein neuer Maschinenschlüssel für alles, was ab jetzt geschrieben wird; der alte bleibt (mit Datum umbenannt) zum Lesen älterer Dateien
help-tresor-notfallblatt = Das Notfallblatt für den Praxisordner schreiben: PDF und Text
help-tresor-notfallblatt--out = Ordner für notfallblatt.pdf und notfallblatt.txt (Standard: der aktuelle Ordner)
help-tresor-notfallblatt--recovery_key = Datei des Wiederherstellungsschlüssels, dessen geheimer Schlüssel auf das Blatt gedruckt wird (Text und QR-Code)
help-tresor-notfallblatt--no_key = Keinen Schlüssel drucken; das Blatt sagt, wo der Wiederherstellungsschlüssel liegt (emergency_sheet.recovery_key_kept)

help-tresor-guard = Der Ransomware-Wächter: Alarm anzeigen, als Fehlalarm schließen oder bestätigen
help-tresor-guard-show = Der Alarm: seit wann, was gesehen wurde, ob bestätigt (Exit-Code 2, solange einer offen ist)
help-tresor-guard-release = Den Alarm als Fehlalarm schließen: Aufbewahrung und prune laufen wieder
help-tresor-guard-release--reason = Warum es ein Fehlalarm war (steht im Protokoll)
help-tresor-guard-confirm = Den Angriff bestätigen: die Aufbewahrung bleibt ausgesetzt, die letzte saubere Sicherung kommt ins Protokoll
help-tresor-guard-confirm--reason = Eine Notiz für das Protokoll
help-tresor-guard-shield = Nur das Sicherungskonto darf die lokalen Ziele beschreiben (icacls unter Windows, Dateirechte unter Linux)
help-tresor-guard-shield--account = Das Windows-Konto, unter dem tresor läuft (Standard: SYSTEM, *S-1-5-18)

help-tresor-mail = Job-E-Mails: „tresor mail test“ schickt eine Testnachricht über den konfigurierten Server
help-tresor-mail-test = Eine Testnachricht über den Server aus „mail:“ in tresor.yaml schicken (Exit-Code 0: der Server hat sie angenommen)
help-tresor-mail-test--to = An diese Adresse statt an „mail.to“ schicken; mehrfach möglich

help-tresor-schedule = Wann Jobs laufen: in der Aufgabenplanung einrichten (unter Linux systemd-Timer), nächste Läufe zeigen, entfernen
help-tresor-schedule-install = Jeden geplanten Job einrichten (Aufgabenplanung unter Windows, systemd-Timer unter Linux) und die Desktop-Verknüpfung für „feierabend“
help-tresor-schedule-install--run_as = Die Aufgaben als dieser Windows-Benutzer ausführen (z. B. PRAXIS\tresor; schtasks fragt nach dem Kennwort) statt als SYSTEM
help-tresor-schedule-install--time_limit = Einen Lauf nach so vielen Stunden beenden
help-tresor-schedule-show = Die nächsten Läufe jedes Jobs, in der Zeitzone des Servers
help-tresor-schedule-show--count = Wie viele Läufe je Job
help-tresor-schedule-show--timezone = Zeitzone der Anzeige (IANA-Name, z. B. Europe/Berlin; Standard: die des Servers)
help-tresor-schedule-remove = Alle Aufgaben, Timer und die Verknüpfung entfernen, die tresor eingerichtet hat, auch von Jobs, die nicht mehr konfiguriert sind
help-arg--scheduler = Für welche Aufgabenplanung: windows (Aufgabenplanung und Desktop-Verknüpfung) oder systemd (Timer-Units); Standard: die des Systems
help-arg--xml_dir = Ordner für die Aufgaben-XML-Dateien (Standard: „tasks“ neben tresor.yaml)
help-arg--unit_dir = Ordner für die systemd-Units (Standard: /etc/systemd/system)
help-arg--dry_run = Zeigen, was geschrieben und ausgeführt würde; nichts ändern

help-tresor-completions = Ein Skript zur Befehlsvervollständigung der Shell ausgeben (bash, powershell)
help-tresor-completions--shell = bash (als /etc/bash_completion.d/tresor speichern) oder powershell (in $PROFILE aufnehmen)

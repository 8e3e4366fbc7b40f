# config
# Fehler in tresor.yaml und in Profilen (src/config/error.rs, error_text.rs).

config-at-position = { $origin }, Zeile { $line }, Spalte { $column }: { $message }
config-in-file = { $origin }: { $message }
config-did-you-mean = {" "}(meinten Sie `{ $suggestion }`?)
config-section-top = auf oberster Ebene
config-section = in `{ $section }`
config-or = { $first } oder { $last }
config-shape-nothing = leer
config-shape-text = ein einzelner Wert
config-shape-list = eine Liste
config-shape-map = eine Zuordnung (`schlüssel: wert`)
config-io = Die Datei kann nicht gelesen werden: { $reason }
config-syntax = YAML-Syntaxfehler: { $problem }
config-windows-path-in-double-quotes = Windows-Pfade bitte in einfache Anführungszeichen setzen: '{ $written }' statt "{ $written }". In doppelten Anführungszeichen ist \ ein Steuerzeichen (aus \t wird ein Tabulator, \D ist ungültig).
config-alias = YAML-Anker und -Verweise (`&name`, `*name`) werden hier nicht unterstützt; bitte den Wert ausschreiben
config-empty = Die Datei ist leer; bitte von tresor.example.yaml ausgehen
config-unknown-key = Unbekannter Schlüssel `{ $key }` { $section }{ $did_you_mean }; erlaubt sind: { $expected }
config-duplicate-key = `{ $key }` steht zweimal { $section }; bitte nur einmal angeben
config-missing-key = `{ $key }` fehlt { $section }
config-wrong-type = `{ $field }` muss { $expected } sein, gefunden: { $found }
config-bad-language = `language: { $value }` wird nicht unterstützt; erwartet: de oder en
config-not-a-number = `{ $field }: { $value }` ist keine ganze Zahl; erwartet z. B. `{ $field }: 7`
config-out-of-range = `{ $field }: { $value }` liegt außerhalb des erlaubten Bereichs { $min } bis { $max }
config-not-a-bool = `{ $field }: { $value }` ist kein Ja/Nein-Wert; erwartet: true oder false
config-bad-path = `{ $field }`: `{ $value }`: { $problem }
config-bad-glob = `{ $field }`: `{ $value }` ist kein gültiges Muster: { $reason }
config-bad-name = Der Name `{ $value }` { $section } darf nur Buchstaben, Ziffern, `-` und `_` enthalten
config-bad-choice = `{ $field }: { $value }` ist nicht erlaubt{ $did_you_mean }; erwartet: { $expected }
config-bad-schedule = `{ $field }: { $value }`: { $problem }; erwartet: `manual` (von Hand gestartet) oder z. B. `30 22 * * Mon-Fri`
config-bad-destination-type = `{ $field }: { $value }` ist kein Ziel-Typ; erwartet: local, s3
config-region-not-german = `{ $field }: { $region }` liegt nicht in Deutschland. Gesundheitsdaten der Praxis dürfen nur in ein deutsches Rechenzentrum (DSGVO, ärztliche Schweigepflicht). Deutsche Regionen von { $provider }: { $german }
config-location-undeclared = `{ $field }`: Bei einem selbst betriebenen Server muss `located_in_germany: true` bestätigen, dass er in Deutschland steht (Gesundheitsdaten, DSGVO).
config-s3-field-missing = `{ $field }` fehlt.
config-s3-field-missing-one-of = `{ $field }` fehlt; erwartet: { $alternatives }
config-s3-field-conflict = `{ $field }` passt nicht zu `{ $other }`: bitte nur eines angeben bzw. beides zusammen.
config-bad-endpoint = `{ $field }: { $value }` ist keine Adresse; erwartet z. B. https://fsn1.your-objectstorage.com
config-no-destinations = Es ist kein Sicherungsziel definiert; bitte z. B. `destinations: {"{"} rdx: {"{"} type: local, path: 'E:\tresor' {"}"} {"}"}` ergänzen
config-unknown-destination = Job `{ $job }`: Ziel `{ $value }` ist nicht definiert{ $did_you_mean }; definiert sind: { $defined }
config-unknown-profile = Unbekanntes Profil `{ $name }`{ $did_you_mean }; bekannt sind: { $known } (oder ein Dateipfad mit Endung .yaml)
config-duplicate-profile = Profil `{ $name }` ist doppelt aufgeführt
config-profile-file = Profildatei `{ $path }` kann nicht gelesen werden: { $reason }
config-duplicate-source = `{ $first }` und `{ $second }` sichern beide `{ $snapshot_path }`; bitte eines entfernen
config-bad-recipient = `{ $value }` ist kein öffentlicher age-Schlüssel (ein Zeichen ist falsch, fehlt oder ist zu viel); ein Wiederherstellungsschlüssel sieht so aus: `age1…` (aus `age-keygen -y` oder `tresor init`)
config-retention-keeps-nothing = { $field }: alle keep_*-Werte sind 0, damit würde jede Sicherung gelöscht; mindestens einen Wert größer 0 setzen
config-sql-target = sqlserver: entweder `connection` (Verbindungszeichenfolge) oder `server` (mit optional instance/port/user/password) angeben, nicht { $both ->
    [yes] beides
   *[no] keines von beiden
}
config-sql-credentials = sqlserver: `user` und `password` gehören zusammen (für Windows-Anmeldung beide weglassen)

## Pfade
config-path-empty = der Pfad ist leer
config-path-relative = der Pfad ist relativ; bitte absolut schreiben, z. B. `C:\DConcept\DEDATA` oder `\\nas\freigabe\ordner`
config-path-parent = der Pfad enthält `..`; bitte das gemeinte Verzeichnis direkt angeben
config-path-unc-server = im UNC-Pfad fehlt der Servername; richtig ist `\\server\freigabe\ordner`
config-path-unc-share = im UNC-Pfad fehlt der Freigabename; richtig ist `\\server\freigabe\ordner`
config-path-device = Gerätepfade (`\\?\…`, `\\.\…`) werden nicht unterstützt; bitte `C:\…` oder `\\server\freigabe` schreiben
config-path-drive-letter = `{ $drive }` ist kein Laufwerksbuchstabe; Laufwerke sind A: bis Z:
config-path-bad-character = der Name `{ $component }` enthält `{ $character }`, das Windows in Dateinamen nicht erlaubt
config-path-posix-on-windows = `/…`-Pfade gibt es nur unter Linux; unter Windows bitte `C:\…` schreiben
config-unmapped-drive = Laufwerk { $letter }: ist auf diesem Rechner nicht zugeordnet; bitte in der Konfiguration ergänzen, z. B. `drives: {"{"} { $letter }: /srv/praxis/{ $lower } {"}"}`
config-unmapped-unc = die Freigabe \\{ $server }\{ $share } ist auf diesem Rechner nicht zugeordnet; bitte ergänzen, z. B. `unc: {"{"} '\\{ $server }\{ $share }': /mnt/{ $share } {"}"}`

## Zeitplan (src/config/schedule.rs)
config-schedule-field-count = braucht fünf Felder `MINUTE STUNDE * * TAGE`, gefunden: { $count }
config-schedule-not-weekly = Tag im Monat und Monat müssen `*` sein (die Aufgabenplanung startet wöchentlich)
config-schedule-numeric-days = Wochentage bitte als Namen schreiben (Mon-Fri, Sat, Sun): 1 bedeutet je nach Programm Montag oder Sonntag
config-schedule-not-fixed-time = Minute und Stunde müssen Zahlen oder Listen von Zahlen sein (z. B. `30 22` oder `0 12,22`)
config-schedule-minute-range = die Minute { $value } gibt es nicht; erlaubt sind 0 bis 59
config-schedule-hour-range = die Stunde { $value } gibt es nicht; erlaubt sind 0 bis 23
config-schedule-unknown-day = `{ $day }` ist kein Wochentag{ $did_you_mean }; Wochentage heißen Mon, Tue, Wed, Thu, Fri, Sat, Sun
config-schedule-day-range-wraps = `{ $part }` läuft in der Cron-Woche (Sonntag bis Samstag) rückwärts; die Tage als Liste schreiben: `{ $list }`
config-schedule-day-part = `{ $part }` ist weder ein Wochentag noch ein Bereich aus zwei Tagen (z. B. Mon-Fri)
config-schedule-invalid = die Zeitangabe ist ungültig

## YAML-Aufbau (src/config/yaml.rs)
config-yaml-unclosed-quote = ein Anführungszeichen wird nicht geschlossen
config-yaml-tab = Tabulatorzeichen sind hier nicht erlaubt; bitte mit Leerzeichen einrücken
config-yaml-indentation = die Einrückung stimmt nicht; Einträge derselben Ebene müssen gleich weit eingerückt sein, und nach `schlüssel:` folgt ein Leerzeichen
config-yaml-unclosed-list = eine mit `[` begonnene Liste wird nicht mit `]` geschlossen, oder zwischen den Einträgen fehlt ein Komma
config-yaml-unclosed-map = eine mit `{"{"}` begonnene Zuordnung wird nicht mit `{"}"}` geschlossen, oder zwischen den Einträgen fehlt ein Komma
config-yaml-space-after-indicator = nach `:` und nach `-` muss ein Leerzeichen stehen
config-yaml-comment-space = vor `#` muss ein Leerzeichen stehen; gehört `#` zum Wert, diesen in einfache Anführungszeichen setzen
config-yaml-after-quote = nach dem schließenden Anführungszeichen steht noch Text
config-yaml-special-character = ein Wert beginnt mit einem Sonderzeichen (`&`, `*`, `!`, `%`, `@`, `|`, `>`); solche Werte in einfache Anführungszeichen setzen
config-yaml-more-than-one-document = mehr als ein YAML-Dokument (`---`); bitte nur eines behalten
config-yaml-other = der Aufbau der Datei stimmt an dieser Stelle nicht (häufig: Einrückung, fehlendes Leerzeichen nach `:`, nicht geschlossene Anführungszeichen)

## Muster (Globs)
config-glob-unclosed-class = eine mit `[` begonnene Zeichenauswahl wird nicht mit `]` geschlossen
config-glob-unclosed-group = eine mit `{"{"}` begonnene Auswahl wird nicht mit `{"}"}` geschlossen
config-glob-unopened-group = `{"}"}` ohne vorheriges `{"{"}`
config-glob-nested-group = Auswahlen in `{"{"}…{"}"}` dürfen nicht ineinander stehen
config-glob-range = ein Bereich in `[…]` ist verkehrt herum (z. B. `[z-a]`)
config-glob-dangling-backslash = das Muster endet mit `\`
config-glob-recursive = `**` muss allein zwischen zwei `/` stehen
config-glob-other = das Muster ist fehlerhaft
config-source-in-destination = Die Quelle `{ $source }` ({ $source_path }) { $relation ->
    [inside] liegt im Ziel
   *[contains] enthält das Ziel
} `{ $destination }` ({ $destination_path }): das Repository würde in sich selbst gesichert. Die Quelle entfernen oder das Ziel in einen anderen Ordner legen.
config-mirror-is-destination = Job `{ $job }`: `{ $value }` ist das Ziel des Jobs selbst und kann nicht zugleich Spiegel sein (mirrors: nennt die anderen Ziele, z. B. nas)

## Bandbreite und Zeitfenster eines Ziels (src/config/transfer.rs)
config-bad-transfer = `{ $field }: { $value }`: { $problem }
config-transfer-no-unit = die Einheit fehlt; z. B. `8 MiB/s`, `500 KiB/s` oder `10 Mbit/s`
config-transfer-unknown-unit = die Einheit `{ $unit }` ist unbekannt; erlaubt sind B/s, KiB/s, MiB/s, GiB/s, kB/s, MB/s, GB/s und kbit/s, Mbit/s, Gbit/s
config-transfer-ambiguous-unit = `{ $unit }` ist mehrdeutig (Bit oder Byte, Faktor 8); bitte `Mbit/s` für Bit oder `MB/s` bzw. `MiB/s` für Byte schreiben
config-transfer-not-a-number = erwartet wird eine Zahl mit Einheit, z. B. `8 MiB/s` oder `10 Mbit/s`
config-transfer-zero = die Rate muss größer als 0 sein; ohne Begrenzung das Feld weglassen
config-transfer-window-format = erwartet wird `VON-BIS` in Stunden und Minuten, z. B. `20:00-06:30`
config-transfer-bad-time = die Uhrzeit `{ $time }` gibt es nicht; erlaubt sind 00:00 bis 23:59 (24:00 nur als Ende)
config-transfer-empty-window = Beginn und Ende sind gleich, das Zeitfenster wäre leer; für den ganzen Tag `00:00-24:00` schreiben
config-transfer-daytime-without-window = `daytime_limit` gilt außerhalb des Zeitfensters und braucht daher `window`
config-transfer-daytime-not-lower = `daytime_limit` muss kleiner als `limit` sein
config-check-s3-unchecked = Verbindung hier nicht geprüft (config check arbeitet ohne Netz); Test: tresor snapshots --destination { $name }
config-check-s3-region = { $provider } { $region } (Rechenzentrum in Deutschland)
config-check-s3-self-hosted = eigener Server, laut Konfiguration in Deutschland
config-check-s3-credentials-standard = Zugangsdaten aus der AWS-Umgebung bzw. dem AWS-Profil
config-check-s3-credentials-inline = Zugangsschlüssel { $id } (geheimer Schlüssel in tresor.yaml)
config-check-s3-credentials-env = Zugangsschlüssel { $id } (geheimer Schlüssel aus { $var }: { $set ->
        [yes] gesetzt
       *[no] NICHT gesetzt
    })
config-check-s3-no-lock = ohne Aufbewahrungssperre
config-check-s3-lock = Aufbewahrungssperre { $mode }, { $days ->
        [one] { $days } Tag
       *[other] { $days } Tage
    }
config-endpoint-not-in-region = `{ $field }: { $value }` gehört nicht zu { $provider } { $region }: Gesundheitsdaten dürfen nur in ein Rechenzentrum in Deutschland (DSGVO), und diese Adresse kann woanders liegen. Lassen Sie `endpoint:` weg (die dokumentierte Adresse der Region wird verwendet) oder nennen Sie die Adresse dieser Region; ein eigener Server ist `provider: self-hosted` mit `located_in_germany: true`.
config-rotation = `{ $field }`: { $problem }
config-rotation-unknown-destination = Ziel `{ $value }` ist nicht definiert{ $did_you_mean }; definiert sind: { $defined }
config-rotation-not-local = Ziel `{ $value }` ist kein Ordner (type: local); die Kassetten-Rotation braucht den Ordner auf dem RDX-Laufwerk
config-rotation-unknown-job = Job `{ $value }` ist nicht definiert{ $did_you_mean }; definiert sind: { $defined }
config-rotation-job-without-cartridge = Job `{ $job }` schreibt auf `{ $destination }`, aber keine Kassette des Plans gehört zu ihm; ergänzen Sie eine Kassette mit `job: { $job }` (plan: custom) oder lassen Sie den Job auf ein anderes Ziel schreiben
config-rotation-duplicate-cartridge = Kassette `{ $name }` ist doppelt aufgeführt; jede Kassette braucht einen eigenen Namen
config-rotation-cartridges-need-custom = `cartridges:` gilt nur mit `plan: custom`; `plan: { $plan }` bringt seine Kassetten selbst mit
config-rotation-no-cartridges = `plan: custom` braucht eine Liste `cartridges:` mit mindestens einer Kassette
config-rotation-no-days = Kassette `{ $name }` hat keine Tage; erwartet z. B. `days: [mon]` oder `days: [Mo, Mi]`
config-rotation-bad-day = `{ $value }` ist kein Wochentag{ $did_you_mean }; erwartet: mon … sun oder Mo … So
config-rotation-bad-time = `{ $value }` ist keine Uhrzeit; erwartet z. B. `'06:00'`

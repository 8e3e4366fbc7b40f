# Die E-Mail nach einem Lauf (report::mail), ihre Fehler und der Abschnitt `mail:`.

## Betreff und Datum

mail-subject = { $title } – { $practice } – { $date }
mail-title = { $outcome ->
    [ok] { $run } erfolgreich
    [warnings] { $run } mit Warnungen
   *[failed] { $run } FEHLGESCHLAGEN
}
mail-run-title = { $kind ->
    [mirror] Spiegelung
    [forget] Bereinigung alter Sicherungen
    [restore] Wiederherstellung
    [restore_db] Datenbank-Wiederherstellung
    [drill] Wiederherstellungsprobe
    [check] Prüfung der Sicherungen
    [guard] Ransomware-Alarm
   *[backup] Datensicherung
}
mail-run-noun = { $kind ->
    [mirror] Spiegelung
    [forget] Bereinigung alter Sicherungen
    [restore] Wiederherstellung
    [restore_db] Datenbank-Wiederherstellung
    [drill] Wiederherstellungsprobe
    [check] Prüfung der Sicherungen
    [guard] Ransomware-Alarm
   *[backup] Datensicherung
}
mail-weekday = { $day ->
    [mon] Mo
    [tue] Di
    [wed] Mi
    [thu] Do
    [fri] Fr
    [sat] Sa
   *[sun] So
}
mail-date = { $weekday } { $dd }.{ $mm }.
mail-date-year = { $weekday } { $dd }.{ $mm }.{ $year }

## Text

mail-greeting = Guten Tag,
mail-run-named = Die { $run } „{ $job }“
mail-run-unnamed = Die { $run }
mail-intro = { $outcome ->
    [ok] { $run } ist erfolgreich abgeschlossen.
    [warnings] { $run } ist abgeschlossen, aber mit Warnungen: Bitte lesen Sie unten, was zu beachten ist.
   *[failed] { $run } ist NICHT vollständig gelungen.
}
mail-when = Zeit: { $date }, { $start } bis { $end } Uhr
mail-saved-heading = { $kind ->
    [restore] Wiederhergestellt:
    [restore_db] Wiederhergestellt:
    [drill] Geprüft:
    [check] Geprüft:
    [mirror] Übertragen:
   *[other] Gesichert:
}
mail-items = { $items ->
    [one] 1 Datei oder Ordner
   *[other] { $items } Dateien und Ordner
}, zusammen { $size }
mail-database-ok = Datenbank { $name }: { $kind ->
    [restore_db] wiederhergestellt
    [drill] wiederhergestellt und geprüft
   *[other] gesichert und geprüft
}
mail-database-failed = Datenbank { $name }: NICHT { $kind ->
    [restore_db] wiederhergestellt
    [drill] geprüft
   *[other] gesichert
}
mail-database-failed-because = Datenbank { $name }: NICHT { $kind ->
    [restore_db] wiederhergestellt
    [drill] geprüft
   *[other] gesichert
} – { $detail }
mail-verified-ok = Stichprobe zurückgelesen und geprüft: in Ordnung
mail-verified-failed = Stichprobe zurückgelesen und geprüft: { $failed ->
    [one] 1 Block ist fehlerhaft
   *[other] { $failed } Blöcke sind fehlerhaft
}
mail-no-snapshot = Es wurde keine neue Sicherung geschrieben.
mail-places-heading = Medien und Ziele:
mail-medium = Kassette „{ $name }“
mail-medium-unexpected = Kassette „{ $name }“ (laut Plan war „{ $expected }“ an der Reihe)
mail-state = { $outcome ->
    [ok] erfolgreich
    [warnings] mit Warnungen
   *[failed] FEHLGESCHLAGEN
}
mail-destination = { $role ->
    [mirror] Kopie auf { $name }
   *[primary] Sicherungsziel { $name }
}: { $state }
mail-destination-because = { $role ->
    [mirror] Kopie auf { $name }
   *[primary] Sicherungsziel { $name }
}: { $state } – { $detail }
mail-warnings-heading = Warnungen:
mail-errors-heading = Fehler:
mail-todo-heading = Was jetzt zu tun ist:
mail-todo-take-out = Kassette „{ $take_out }“ jetzt entnehmen und { $goes_to }.
mail-todo-insert = Danach Kassette „{ $insert_next }“ einlegen.
mail-todo-nothing = Nichts – alles ist in Ordnung.
mail-todo-warnings = Bitte lesen Sie die Warnungen oben. Wenn Sie nicht sicher sind, was zu tun ist, leiten Sie diese E-Mail an Ihren IT-Betreuer weiter.
mail-todo-failed = { $kind ->
    [backup] Bitte informieren Sie noch heute Ihren IT-Betreuer und leiten Sie ihm diese E-Mail weiter: Was oben als Fehler steht, ist NICHT gesichert. Die Sicherungen der Vortage sind davon nicht betroffen.
   *[other] Bitte informieren Sie Ihren IT-Betreuer und leiten Sie ihm diese E-Mail weiter.
}
mail-tech-heading = Technische Angaben (für den IT-Betreuer):
mail-tech-kind = Art
mail-tech-job = Auftrag
mail-tech-host = Rechner
mail-tech-started = Beginn
mail-tech-ended = Ende
mail-tech-exit = Exit-Code
mail-tech-snapshot = Snapshot
mail-tech-bytes = Daten
mail-tech-bytes-value = { $items } Einträge, gesamt { $total }, neu { $new }, gespeichert { $stored }
mail-tech-medium = Kassette
mail-tech-destination = Ziel { $name }
mail-tech-destination-value = { $outcome }, { $snapshots ->
    [one] 1 Sicherung
   *[other] { $snapshots } Sicherungen
} übertragen, { $written } geschrieben
mail-tech-verified = Kontrolle
mail-tech-verified-value = { $blobs } Blöcke ({ $size }) gelesen, { $failed } fehlerhaft
mail-tech-codes = Codes
mail-footer = Diese E-Mail hat tresor { $version } auf { $host } automatisch erstellt; bitte nicht darauf antworten.

## tresor mail test

mail-test-subject = Testnachricht der Datensicherung – { $practice } – { $date }
mail-test-body = Dies ist eine Testnachricht von tresor auf { $host } für { $practice }, gesendet am { $time } Uhr. Wenn Sie diese E-Mail lesen, kommen die Nachrichten der Datensicherung an. Es ist nichts zu tun.
mail-test-sending = Sende eine Testnachricht über { $server } an { $to } …
mail-test-sent = Der Mailserver { $server } hat die Testnachricht angenommen (an { $to }). Kommt sie nicht an, bitte auch den Spam-Ordner prüfen.
mail-not-configured = In tresor.yaml ist kein E-Mail-Versand eingerichtet (der Abschnitt `mail:` fehlt).
mail-not-configured-hint = Den Abschnitt `mail:` eintragen (Beispiel in tresor.example.yaml) und „tresor mail test“ erneut ausführen.

## Fehler beim Versand

mail-error-password-missing = Das Passwort für den Mailserver fehlt: Die Umgebungsvariable { $var } (mail.smtp.password_env) ist nicht gesetzt.
mail-error-password-missing-hint = Die Variable für das Konto setzen, unter dem tresor läuft (als Administrator: setx /M { $var } "…"), oder das Passwort als `password:` in tresor.yaml eintragen.
mail-error-ca-file = Die Zertifikatsdatei { $path } (mail.smtp.ca_file) ist nicht lesbar oder enthält kein Zertifikat.
mail-error-ca-file-hint = Die Datei muss ein Zertifikat im PEM-Format enthalten (Zeile „-----BEGIN CERTIFICATE-----“).
mail-error-address = „{ $value }“ ist keine gültige E-Mail-Adresse.
mail-error-address-hint = mail.from und mail.to in tresor.yaml prüfen.
mail-connect-refused = Der Server lehnt die Verbindung ab (läuft auf diesem Port ein Mailserver?)
mail-connect-unreachable = Der Server ist über das Netzwerk nicht erreichbar
mail-connect-unknown-host = Der Servername ist unbekannt (DNS)
mail-error-connect = Keine Verbindung zum Mailserver { $server }: { $reason }.
mail-error-connect-hint = mail.smtp.host und mail.smtp.port in tresor.yaml prüfen (üblich: 587 mit security: starttls, 465 mit security: tls) und ob eine Firewall die Verbindung sperrt.
mail-error-timeout = Der Mailserver { $server } hat nicht innerhalb { $seconds ->
    [one] einer Sekunde
   *[other] von { $seconds } Sekunden
} geantwortet.
mail-error-timeout-hint = Netzwerk und Firewall prüfen. Passt der Port zu `security:`? An Port 465 erwartet der Server sofort TLS (security: tls), an Port 587 STARTTLS (security: starttls).
mail-error-tls = Keine verschlüsselte Verbindung zum Mailserver { $server }: { $reason }.
mail-tls-no-starttls = Der Server bietet keine Verschlüsselung (STARTTLS) an
mail-tls-no-starttls-hint = tresor schickt Passwort und Bericht nie unverschlüsselt über das Netz. Den Port für verschlüsselten Versand verwenden (587 mit security: starttls oder 465 mit security: tls) oder den Betreiber des Mailservers fragen.
mail-tls-untrusted = Sein Zertifikat ist von keiner vertrauenswürdigen Stelle ausgestellt
mail-tls-untrusted-hint = Verwendet der Server ein Zertifikat einer eigenen Zertifizierungsstelle, deren Zertifikat (PEM-Datei) als mail.smtp.ca_file eintragen.
mail-tls-wrong-name = Sein Zertifikat gilt für einen anderen Namen
mail-tls-wrong-name-hint = Als mail.smtp.host den Namen eintragen, auf den das Zertifikat ausgestellt ist (z. B. mail.anbieter.de statt der IP-Adresse).
mail-tls-expired = Sein Zertifikat ist abgelaufen oder noch nicht gültig
mail-tls-expired-hint = Datum und Uhrzeit dieses Rechners prüfen; stimmen sie, muss der Betreiber des Mailservers das Zertifikat erneuern.
mail-tls-ca-as-server = Sein Zertifikat ist selbst ein CA-Zertifikat (selbst ausgestellt mit CA:TRUE); als Serverzertifikat wird es nicht angenommen
mail-tls-ca-as-server-hint = Der Server braucht ein Zertifikat, das von dieser Zertifizierungsstelle ausgestellt ist (oder ein selbst ausgestelltes ohne CA:TRUE); das CA-Zertifikat gehört dann in mail.smtp.ca_file.
mail-tls-not-tls = Der Server spricht an diesem Port kein TLS
mail-tls-port-hint = Passt `security:` zum Port? 587 gehört zu security: starttls, 465 zu security: tls.
mail-error-auth = Der Mailserver { $server } hat die Anmeldung als { $user } abgelehnt (Antwort: { $reply }).
mail-error-auth-hint = Benutzername (mail.smtp.user) und Passwort (password oder password_env) prüfen; manche Anbieter verlangen für Programme ein eigenes App-Passwort.
mail-error-auth-unsupported = Der Mailserver { $server } bietet keine Anmeldung an, die tresor beherrscht (PLAIN oder LOGIN).
mail-error-auth-required = Der Mailserver { $server } verlangt eine Anmeldung (Antwort: { $reply }).
mail-error-auth-required-hint = mail.smtp.user und password_env (oder password) in tresor.yaml eintragen.
mail-error-sender = Der Mailserver { $server } lehnt den Absender { $from } ab (Antwort: { $reply }).
mail-error-sender-hint = Viele Server nehmen als Absender nur die Adresse des angemeldeten Kontos an: mail.from prüfen.
mail-error-recipients = Der Mailserver { $server } hat { $count ->
    [one] einen Empfänger
   *[other] { $count } Empfänger
} abgelehnt: { $list }. { $delivered ->
    [0] Niemand hat die E-Mail bekommen.
    [one] Ein anderer Empfänger hat sie bekommen.
   *[other] { $delivered } andere Empfänger haben sie bekommen.
}
mail-error-recipients-hint = Die Adressen in mail.to prüfen.
mail-error-rejected = Der Mailserver { $server } hat die E-Mail nicht angenommen (Antwort: { $reply }).
mail-error-rejected-hint = Die Antwort des Servers nennt den Grund; im Zweifel den Betreiber des Mailservers fragen.
mail-error-protocol = Fehler im Gespräch mit dem Mailserver { $server } (technische Meldung: { $detail }).

## Der Abschnitt mail: in tresor.yaml

config-mail-bad-address = `{ $field }: { $value }` ist keine gültige E-Mail-Adresse; erwartet z. B. praxis@example.de oder 'Praxis Dr. Muster <praxis@example.de>' (mit Namen in einfachen Anführungszeichen)
config-mail-no-recipients = `{ $field }` nennt keinen Empfänger; mindestens eine Adresse angeben, z. B. to: [praxis@example.de]
config-mail-plain-remote = `{ $field }: none` (unverschlüsselt) ist nur für einen Mailserver auf diesem Rechner erlaubt (localhost); zu { $host } gingen Passwort und Bericht unverschlüsselt über das Netz: security: starttls (Port 587) oder tls (Port 465) verwenden
mail-config-heading = E-Mail nach jedem Lauf:
mail-config-none = nicht eingerichtet (keine E-Mails nach den Sicherungen; Abschnitt `mail:` in tresor.yaml)
mail-config-server = Server: { $host }:{ $port } ({ $security }), { $login }
mail-config-login-env = Anmeldung als { $user }, Passwort aus der Umgebungsvariablen { $var }
mail-config-login-inline = Anmeldung als { $user }, Passwort in tresor.yaml (die Datei schützen)
mail-config-no-login = ohne Anmeldung
mail-config-from = Absender: { $from }
mail-config-to = Empfänger: { $to }
mail-config-send-always = Versand: nach jedem Lauf
mail-config-send-problems = Versand: nur bei Warnungen und Fehlern
mail-config-ca-file = Zusätzliche Zertifizierungsstelle: { $path }
mail-config-test-hint = Ob der Versand klappt, zeigt „tresor mail test“.

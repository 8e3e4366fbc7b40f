# The mail after a run (report::mail), its errors and the `mail:` section.

## Subject and date

mail-subject = { $title } – { $practice } – { $date }
mail-title = { $outcome ->
    [ok] { $run } successful
    [warnings] { $run } with warnings
   *[failed] { $run } FAILED
}
mail-run-title = { $kind ->
    [mirror] Mirror
    [forget] Cleanup of old backups
    [restore] Restore
    [restore_db] Database restore
    [drill] Restore drill
    [check] Backup check
    [guard] Ransomware alarm
   *[backup] Backup
}
mail-run-noun = { $kind ->
    [mirror] mirror
    [forget] cleanup of old backups
    [restore] restore
    [restore_db] database restore
    [drill] restore drill
    [check] backup check
    [guard] ransomware alarm
   *[backup] backup
}
mail-weekday = { $day ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
   *[sun] Sun
}
mail-date = { $weekday } { $day } { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
mail-date-year = { $weekday } { $day } { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $year }

## Text

mail-greeting = Hello,
mail-run-named = The { $run } “{ $job }”
mail-run-unnamed = The { $run }
mail-intro = { $outcome ->
    [ok] { $run } finished successfully.
    [warnings] { $run } finished, but with warnings: please read below what needs attention.
   *[failed] { $run } did NOT complete.
}
mail-when = Time: { $date }, { $start } to { $end }
mail-saved-heading = { $kind ->
    [restore] Restored:
    [restore_db] Restored:
    [drill] Checked:
    [check] Checked:
    [mirror] Copied:
   *[other] Saved:
}
mail-items = { $items ->
    [one] 1 file or folder
   *[other] { $items } files and folders
}, { $size } in total
mail-database-ok = Database { $name }: { $kind ->
    [restore_db] restored
    [drill] restored and checked
   *[other] backed up and verified
}
mail-database-failed = Database { $name }: NOT { $kind ->
    [restore_db] restored
    [drill] checked
   *[other] backed up
}
mail-database-failed-because = Database { $name }: NOT { $kind ->
    [restore_db] restored
    [drill] checked
   *[other] backed up
} – { $detail }
mail-verified-ok = Sample read back and verified: in order
mail-verified-failed = Sample read back and verified: { $failed ->
    [one] 1 block is damaged
   *[other] { $failed } blocks are damaged
}
mail-no-snapshot = No new backup was written.
mail-places-heading = Media and destinations:
mail-medium = Cartridge “{ $name }”
mail-medium-unexpected = Cartridge “{ $name }” (the plan called for “{ $expected }”)
mail-state = { $outcome ->
    [ok] successful
    [warnings] with warnings
   *[failed] FAILED
}
mail-destination = { $role ->
    [mirror] Copy on { $name }
   *[primary] Destination { $name }
}: { $state }
mail-destination-because = { $role ->
    [mirror] Copy on { $name }
   *[primary] Destination { $name }
}: { $state } – { $detail }
mail-warnings-heading = Warnings:
mail-errors-heading = Errors:
mail-todo-heading = What to do now:
mail-todo-take-out = Take cartridge “{ $take_out }” out now and { $goes_to }.
mail-todo-insert = Then insert cartridge “{ $insert_next }”.
mail-todo-nothing = Nothing – everything is in order.
mail-todo-warnings = Please read the warnings above. If you are not sure what to do, forward this mail to your IT partner.
mail-todo-failed = { $kind ->
    [backup] Please tell your IT partner today and forward this mail: what is listed as an error above is NOT backed up. The backups of earlier days are not affected.
   *[other] Please tell your IT partner and forward this mail.
}
mail-tech-heading = Technical details (for the IT partner):
mail-tech-kind = Kind
mail-tech-job = Job
mail-tech-host = Host
mail-tech-started = Started
mail-tech-ended = Ended
mail-tech-exit = Exit code
mail-tech-snapshot = Snapshot
mail-tech-bytes = Data
mail-tech-bytes-value = { $items } entries, total { $total }, new { $new }, stored { $stored }
mail-tech-medium = Cartridge
mail-tech-destination = Destination { $name }
mail-tech-destination-value = { $outcome }, { $snapshots ->
    [one] 1 snapshot
   *[other] { $snapshots } snapshots
} sent, { $written } written
mail-tech-verified = Read-back
mail-tech-verified-value = { $blobs } blocks ({ $size }) read, { $failed } damaged
mail-tech-codes = Codes
mail-footer = This mail was written automatically by tresor { $version } on { $host }; please do not reply.

## tresor mail test

mail-test-subject = Backup test message – { $practice } – { $date }
mail-test-body = This is a test message from tresor on { $host } for { $practice }, sent { $time }. If you can read it, the backup mails arrive. Nothing needs to be done.
mail-test-sending = Sending a test message through { $server } to { $to } …
mail-test-sent = The mail server { $server } accepted the test message (to { $to }). If it does not arrive, please check the spam folder too.
mail-not-configured = tresor.yaml sets up no mail (the `mail:` section is missing).
mail-not-configured-hint = Add the `mail:` section (example in tresor.example.yaml) and run “tresor mail test” again.

## Delivery errors

mail-error-password-missing = The mail server password is missing: the environment variable { $var } (mail.smtp.password_env) is not set.
mail-error-password-missing-hint = Set the variable for the account tresor runs as (as administrator: setx /M { $var } "…"), or put the password into tresor.yaml as `password:`.
mail-error-ca-file = The certificate file { $path } (mail.smtp.ca_file) cannot be read or holds no certificate.
mail-error-ca-file-hint = The file must hold a certificate in PEM format (a line “-----BEGIN CERTIFICATE-----”).
mail-error-address = “{ $value }” is not a valid mail address.
mail-error-address-hint = Check mail.from and mail.to in tresor.yaml.
mail-connect-refused = The server refuses the connection (does a mail server listen on this port?)
mail-connect-unreachable = The server cannot be reached over the network
mail-connect-unknown-host = The server name is unknown (DNS)
mail-error-connect = No connection to the mail server { $server }: { $reason }.
mail-error-connect-hint = Check mail.smtp.host and mail.smtp.port in tresor.yaml (usual: 587 with security: starttls, 465 with security: tls) and whether a firewall blocks the connection.
mail-error-timeout = The mail server { $server } did not answer within { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}.
mail-error-timeout-hint = Check the network and the firewall. Does the port fit `security:`? On port 465 the server expects TLS at once (security: tls), on port 587 STARTTLS (security: starttls).
mail-error-tls = No encrypted connection to the mail server { $server }: { $reason }.
mail-tls-no-starttls = The server offers no encryption (STARTTLS)
mail-tls-no-starttls-hint = tresor never sends the password and the report unencrypted over the network. Use the port for encrypted submission (587 with security: starttls or 465 with security: tls) or ask the mail server's operator.
mail-tls-untrusted = Its certificate is not issued by a trusted authority
mail-tls-untrusted-hint = If the server uses a certificate of its own certificate authority, put that authority's certificate (PEM file) into mail.smtp.ca_file.
mail-tls-wrong-name = Its certificate is for another name
mail-tls-wrong-name-hint = Put the name the certificate is issued for into mail.smtp.host (e.g. mail.provider.com instead of the IP address).
mail-tls-expired = Its certificate has expired or is not valid yet
mail-tls-expired-hint = Check this computer's date and time; if they are right, the mail server's operator must renew the certificate.
mail-tls-ca-as-server = Its certificate is itself a CA certificate (self-signed with CA:TRUE), which is not accepted as a server certificate
mail-tls-ca-as-server-hint = The server needs a certificate issued by that certificate authority (or a self-signed one without CA:TRUE); the CA certificate then goes into mail.smtp.ca_file.
mail-tls-not-tls = The server does not speak TLS on this port
mail-tls-port-hint = Does `security:` fit the port? 587 goes with security: starttls, 465 with security: tls.
mail-error-auth = The mail server { $server } refused the login as { $user } (reply: { $reply }).
mail-error-auth-hint = Check the user name (mail.smtp.user) and the password (password or password_env); some providers require an app password for programs.
mail-error-auth-unsupported = The mail server { $server } offers no login method tresor speaks (PLAIN or LOGIN).
mail-error-auth-required = The mail server { $server } requires a login (reply: { $reply }).
mail-error-auth-required-hint = Put mail.smtp.user and password_env (or password) into tresor.yaml.
mail-error-sender = The mail server { $server } refuses the sender { $from } (reply: { $reply }).
mail-error-sender-hint = Many servers accept only the logged-in account's address as sender: check mail.from.
mail-error-recipients = The mail server { $server } refused { $count ->
    [one] one recipient
   *[other] { $count } recipients
}: { $list }. { $delivered ->
    [0] Nobody got the mail.
    [one] One other recipient got it.
   *[other] { $delivered } other recipients got it.
}
mail-error-recipients-hint = Check the addresses in mail.to.
mail-error-rejected = The mail server { $server } did not accept the mail (reply: { $reply }).
mail-error-rejected-hint = The server's reply names the reason; if in doubt, ask the mail server's operator.
mail-error-protocol = Error talking to the mail server { $server } (technical message: { $detail }).

## The mail: section of tresor.yaml

config-mail-bad-address = `{ $field }: { $value }` is not a valid mail address; expected e.g. praxis@example.de or 'Praxis Dr. Muster <praxis@example.de>' (with a name, in single quotes)
config-mail-no-recipients = `{ $field }` names no recipient; give at least one address, e.g. to: [praxis@example.de]
config-mail-plain-remote = `{ $field }: none` (unencrypted) is allowed only for a mail server on this computer (localhost); to { $host } the password and the report would cross the network unencrypted: use security: starttls (port 587) or tls (port 465)
mail-config-heading = Mail after every run:
mail-config-none = not set up (no mails after backups; section `mail:` in tresor.yaml)
mail-config-server = Server: { $host }:{ $port } ({ $security }), { $login }
mail-config-login-env = login as { $user }, password from the environment variable { $var }
mail-config-login-inline = login as { $user }, password in tresor.yaml (protect the file)
mail-config-no-login = without login
mail-config-from = From: { $from }
mail-config-to = To: { $to }
mail-config-send-always = Sent: after every run
mail-config-send-problems = Sent: only after warnings and failures
mail-config-ca-file = Extra certificate authority: { $path }
mail-config-test-hint = “tresor mail test” shows whether delivery works.

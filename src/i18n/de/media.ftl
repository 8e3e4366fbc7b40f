# RDX-Kassetten: Beschriftung, Rotationsplan, was nach einer Sicherung zu tun ist (src/media, src/cli/cmd_media.rs).
# Kassettennamen stehen auf den Aufklebern und sind immer deutsch.

media-label-damaged = Die Beschriftung der Kassette ({ $path }) ist beschädigt: { $reason }
media-label-damaged-hint = Kassette nicht verwenden, bis sie geprüft ist; der IT-Partner kann sie mit `tresor media label --name … --force` neu beschriften, wenn die Sicherung darauf dieser Praxis gehört.
media-label-newer = Die Beschriftung der Kassette ({ $path }) hat das Format { $found } und stammt von einer neueren tresor-Version.
media-label-newer-hint = tresor auf diesem Server aktualisieren.
media-io = Die Kassette ({ $path }) kann nicht gelesen werden: { $reason }

media-insert = Bitte die Kassette »{ $name }« einlegen.
media-insert-any = Bitte eine Kassette des Plans einlegen.
media-no-medium = Keine Kassette im Laufwerk – es wurde nichts gesichert.
media-unlabelled = Die eingelegte Kassette ist nicht für tresor beschriftet – es wurde nichts gesichert.
media-unlabelled-data = Die eingelegte Kassette ist nicht für tresor beschriftet und enthält andere Daten – es wurde nichts gesichert und nichts verändert.
media-foreign = Die eingelegte Kassette »{ $name }« gehört zu einer anderen Installation – es wurde nichts gesichert und nichts verändert.
media-not-in-plan = Die eingelegte Kassette »{ $name }« steht nicht im Rotationsplan – es wurde nichts gesichert.
media-wrong = Eingelegt ist »{ $found }«, heute ist »{ $expected }« an der Reihe – es wurde nichts gesichert.
media-unexpected = Eingelegt war »{ $found }«, heute war »{ $expected }« an der Reihe; die Sicherung liegt auf »{ $found }«.

media-kept-home = mit nach Hause nehmen
media-kept-practice = in den Tresor der Praxis legen
media-advice = Kassette »{ $take_out }« jetzt entnehmen und { $goes_to }; danach »{ $insert_next }« einlegen.

media-cli-no-rotation = In { $origin } ist keine Kassetten-Rotation eingerichtet.
media-cli-no-rotation-hint = Einen Abschnitt `rotation:` ergänzen (siehe tresor.example.yaml), dann `tresor config check`.
media-cli-not-rotation-destination = `{ $name }` ist nicht das Ziel der Kassetten-Rotation; das ist `{ $destination }`.
media-cli-unknown-name = Eine Kassette »{ $name }« gibt es im Rotationsplan nicht. Kassetten des Plans: { $names }
media-cli-unknown-name-suggest = Eine Kassette »{ $name }« gibt es im Rotationsplan nicht (meinten Sie »{ $suggestion }«?). Kassetten des Plans: { $names }
media-cli-label-no-medium = Im Laufwerk ({ $drive }) ist keine Kassette.
media-cli-label-foreign = Die eingelegte Kassette »{ $name }« gehört zu einer anderen Installation; sie wird nicht beschriftet.
media-cli-label-other-data = Der eingelegte Datenträger ({ $drive }) enthält andere Daten; tresor beschriftet ihn nicht und formatiert nie.
media-cli-untouched-hint = Auf dem Datenträger wurde nichts verändert. Eine Kassette dieser Praxis einlegen, oder den Datenträger bewusst selbst leeren.
media-cli-label-other-name = Die eingelegte Kassette heißt bereits »{ $name }«, nicht »{ $new }«.
media-cli-label-force-hint = Mit `--force` erhält sie den Namen »{ $new }«; den Aufkleber dann auch ändern.
media-cli-label-unchanged = Die eingelegte Kassette ist bereits »{ $name }« (Kennung { $id }); nichts geändert.
media-cli-labelled = Kassette »{ $name }« ist beschriftet (Kennung { $id }).
media-cli-relabelled = Kassette heißt jetzt »{ $name }« (Kennung { $id }).
media-cli-sticker = Aufkleber »{ $name }« auf die Kassette kleben; sie wird über den Ordner { $location } beschrieben.
media-cli-drive = Kassetten-Laufwerk: { $destination } ({ $path })
media-cli-in-drive = Eingelegt: { $what }
media-cli-in-drive-damaged = eine Kassette mit beschädigter Beschriftung
media-cli-in-drive-none = keine Kassette
media-cli-in-drive-empty = ein leerer Datenträger ohne Beschriftung (vorbereiten mit `tresor media label --name …`)
media-cli-in-drive-repository = eine tresor-Sicherung ohne Beschriftung (vorbereiten mit `tresor media label --name …`)
media-cli-in-drive-other-data = ein Datenträger mit anderen Daten, ohne Beschriftung
media-cli-in-drive-foreign = Kassette »{ $name }« einer anderen Installation
media-cli-in-drive-ours = Kassette »{ $name }« (Kennung { $id }, beschriftet am { $date })
media-cli-backup-day = Sicherungstag: { $day } { $date } (ein neuer Tag beginnt um { $starts } Uhr)
media-cli-due = Jetzt an der Reihe:
media-cli-due-cartridge = »{ $name }«
media-cli-due-none = keine Kassette (kein Sicherungstag dieses Jobs)
media-cli-plan = Rotationsplan ({ $plan }):
media-cli-kept-home = wird mit nach Hause genommen
media-cli-kept-practice = bleibt im Tresor der Praxis

media-config-rotation = Kassetten-Rotation auf { $destination }: Plan { $plan } mit { $count ->
    [one] einer Kassette
   *[other] { $count } Kassetten
}, neuer Sicherungstag ab { $starts } Uhr, falsche Kassette: { $policy }{ $eject ->
    [yes] , danach auswerfen
   *[other] {""}
}
media-config-wrong-warn = sichern und warnen
media-config-wrong-refuse = nicht sichern

# Wörter, die viele Meldungen brauchen.

count-files = { $files ->
    [one] 1 Datei
   *[other] { $files } Dateien
}


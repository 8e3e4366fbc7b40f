# Words many messages need.

count-files = { $files ->
    [one] 1 file
   *[other] { $files } files
}


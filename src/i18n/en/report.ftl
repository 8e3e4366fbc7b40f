# report

backup-saved = Snapshot { $snapshot } saved to { $location }: { $files }, { $size } ({ $files_read ->
    [one] 1 file read
   *[other] { $files_read } files read
}), new { $new } → stored { $stored }, took { $duration }

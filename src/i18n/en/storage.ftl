## Storage layers: retry, transfer window (src/storage/retry.rs, src/storage/window.rs)
storage-gave-up = The destination { $location } did not answer { $attempts ->
    [one] on the first attempt
   *[other] for { $attempts } attempts
}; tresor gave up. Last error: { $reason }
storage-gave-up-hint = Check the network share or NAS and start again. What was transferred completely stays and is not sent again.
storage-window-closed = The transfer window for { $location } ({ $window }) is closed; it opens again at { $opens }.
storage-window-closed-hint = The next run inside the window continues; what was transferred is not sent again.

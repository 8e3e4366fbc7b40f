## Speicher-Schichten: Wiederholen, Zeitfenster (src/storage/retry.rs, src/storage/window.rs)
storage-gave-up = Das Sicherungsziel { $location } hat { $attempts ->
    [one] beim ersten Versuch
   *[other] { $attempts } Versuche lang
} nicht geantwortet; tresor hat aufgegeben. Zuletzt: { $reason }
storage-gave-up-hint = Netzwerkfreigabe bzw. NAS prüfen und erneut starten. Bereits vollständig Übertragenes bleibt erhalten und wird nicht erneut gesendet.
storage-window-closed = Das Zeitfenster für Übertragungen zu { $location } ({ $window }) ist geschlossen; es öffnet wieder um { $opens } Uhr.
storage-window-closed-hint = Der nächste Lauf im Zeitfenster setzt fort; bereits Übertragenes wird nicht erneut gesendet.

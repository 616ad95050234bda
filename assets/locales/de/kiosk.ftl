# Die eigenen Bildschirme des Kioskmodus: Startbildschirm, Countdown vor der automatischen
# Abmeldung, Personalbereich und die Tasten der Bildschirmtastatur.

kiosk-attract-title = Tippen Sie, um Ihr Guthaben zu prüfen oder eine Geschenkkarte einzulösen
kiosk-attract-subtitle = Sehen Sie, was Ihr Konto enthält, lösen Sie Geschenkkarten ein und verfolgen Sie jede Kontobewegung.
kiosk-start = Starten
kiosk-language = Sprache
kiosk-done = Fertig
kiosk-cancel = Abbrechen
kiosk-still-there = Sind Sie noch da?
kiosk-countdown-signed-in = Zum Schutz Ihrer Privatsphäre werden Sie abgemeldet und alle Angaben auf diesem Bildschirm gelöscht. Verbleibende Zeit:
kiosk-countdown-signed-out = Zum Schutz Ihrer Privatsphäre werden alle Angaben auf diesem Bildschirm gelöscht. Verbleibende Zeit:
kiosk-countdown-seconds = { $seconds ->
    [one] { $seconds } Sekunde
   *[other] { $seconds } Sekunden
}
kiosk-still-here = Ich bin noch da
kiosk-sign-out-now = Jetzt abmelden
kiosk-start-over = Neu beginnen
kiosk-staff = Personal
kiosk-staff-exit-explained = Beim Verlassen des Kioskmodus wird die angemeldete Person abgemeldet und die App geschlossen.
kiosk-staff-exit = Kioskmodus beenden
kiosk-staff-back = Zurück zum Kiosk
kiosk-staff-pin-title = Personal-PIN
kiosk-staff-pin-label = Personal-PIN eingeben
kiosk-staff-unlock = Entsperren
kiosk-staff-locked = Zu viele falsche PINs. Versuchen Sie es in { $seconds } s erneut.
kiosk-staff-wrong = Diese PIN ist falsch. Noch { $tries ->
    [one] { $tries } Versuch
   *[other] { $tries } Versuche
}, bevor das Tastenfeld für eine Minute gesperrt wird.
kiosk-staff-no-pin = Für dieses Terminal ist keine Personal-PIN festgelegt: Tragen Sie staff_pin_hash in die Kioskkonfiguration ein.
kiosk-key-delete = Löschen
kiosk-key-enter = Eingabe
kiosk-key-shift = Umschalt
kiosk-key-space = Leertaste

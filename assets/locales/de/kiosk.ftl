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
kiosk-countdown-any-key = Drücken Sie eine beliebige Taste auf dem Tastenfeld, um mehr Zeit zu bekommen.
kiosk-countdown-last = Sie haben alle zusätzliche Zeit erhalten, die dieses Terminal erlaubt.

# Sprachausgabe für blinde Kundinnen und Kunden, im Kopfhörer gesprochen.
kiosk-speech-on = Die Sprachausgabe ist an. Mit den Pfeiltasten wechseln Sie zwischen den Auswahlmöglichkeiten, mit Enter wählen Sie. Stern wiederholt, Schrägstrich liest den ganzen Bildschirm vor, Plus und Minus ändern die Lautstärke, Raute liest vor, was Sie eingegeben haben.
kiosk-speech-button = { $name }, Schaltfläche
kiosk-speech-button-selected = { $name }, Schaltfläche, ausgewählt
kiosk-speech-unavailable = { $text }, nicht verfügbar
kiosk-speech-text-field = { $name }, Textfeld, { $value }
kiosk-speech-password-field = { $name }, Passwortfeld, { $count ->
    [one] { $count } Zeichen eingegeben
   *[other] { $count } Zeichen eingegeben
}
kiosk-speech-empty = leer
kiosk-speech-code-count = { $count } von 16 Zeichen eingegeben
kiosk-speech-typed-code = Zeichen { $position } von { $length } eingegeben
kiosk-speech-typed-secret = Zeichen { $position } eingegeben
kiosk-speech-choice = Taste { $key }, Auswahl { $position } von { $count }
kiosk-speech-deleted = { $count ->
    [0] Gelöscht. Das Feld ist leer.
    [one] Gelöscht. Noch { $count } Zeichen.
   *[other] Gelöscht. Noch { $count } Zeichen.
}
kiosk-speech-capital = groß { $letter }
kiosk-speech-symbol-space = Leerzeichen
kiosk-speech-symbol-dot = Punkt
kiosk-speech-symbol-at = at-Zeichen
kiosk-speech-symbol-dash = Bindestrich
kiosk-speech-symbol-underscore = Unterstrich
kiosk-speech-symbol-plus = Plus
kiosk-speech-symbol-exclamation = Ausrufezeichen
kiosk-speech-symbol-question = Fragezeichen
kiosk-speech-volume = Lautstärke { $percent } Prozent.
kiosk-speech-nothing-typed = Noch nichts eingegeben.
kiosk-speech-more-time = Sie haben mehr Zeit.

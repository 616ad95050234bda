# Der Einlöse-Bildschirm: Code, Vorschau, Bestätigung und Beleg, und die Demokarten.

redeem-title = Geschenkkarte zum Guthaben hinzufügen
redeem-intro = Geben Sie den 16-stelligen Code von der Rückseite der Karte ein. Leerzeichen, Bindestriche und Kleinbuchstaben sind kein Problem.
redeem-code-label = Geschenkkartencode
redeem-code-progress = { $typed } von 16 Zeichen
redeem-check-code = Code prüfen
redeem-checking = Karte wird geprüft …
redeem-try-again = Erneut versuchen

## Die Vorschau, vor der Bestätigung.

redeem-preview-adds = Diese Geschenkkarte bringt
redeem-card = Karte
redeem-region = Land oder Region
redeem-into-account = Auf das Konto
redeem-confirm = Bestätigen und einlösen
redeem-back = Zurück

## Beim Einlösen, und das Ergebnis.

redeem-redeeming = Ihre Geschenkkarte wird eingelöst …
redeem-slow = Der Server antwortet langsam – neuer Versuch ({ $attempt } von { $attempts })
    .next-step = Dieselbe Anfrage wird mit demselben Schlüssel wiederholt, die Karte kann also nie doppelt eingelöst werden.
redeem-done = Geschenkkarte eingelöst
redeem-added = +{ $amount } gutgeschrieben
redeem-new-balance = Neues Guthaben
redeem-receipt = Beleg
redeem-copy = Kopieren
redeem-copy-hint = Belegnummer kopieren
redeem-another = Weitere Karte einlösen
redeem-view-history = Verlauf anzeigen

## Die Demokarten.

redeem-demo-title = Demo-Geschenkkarten
redeem-demo-hint = Setzen Sie eine in das Codefeld ein, um das Einlösen auszuprobieren. Die letzte gilt für das Vereinigte Königreich.
redeem-demo-card = Karte …{ $last4 }
redeem-demo-card-hint = Diesen Democode in das Feld setzen

## Länder und Regionen, für die eine Karte verkauft wird.

redeem-region-name = { $code ->
    [US] Vereinigte Staaten
    [GB] Vereinigtes Königreich
    [DE] Deutschland
    [FR] Frankreich
    [JP] Japan
    [CA] Kanada
    [AU] Australien
    [CH] Schweiz
    [KW] Kuwait
   *[other] { $code }
}

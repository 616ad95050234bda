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

## Die Warnung vor Betrug mit Geschenkkarten, und was zu tun ist, wenn es passiert ist.

redeem-scam-title = Geschenkkarten sind zum Schenken da, nicht zum Bezahlen
redeem-scam-body = Wer Sie auffordert, mit einer Geschenkkarte zu bezahlen oder ihm den Code vorzulesen, will Sie betrügen – ganz gleich, als wer er sich ausgibt: Behörde, Versorgungsunternehmen, technischer Support, Bank oder eine Online-Bekanntschaft.
redeem-scam-before-confirm = Lösen Sie diese Karte nur ein, wenn Sie sie für sich selbst gekauft oder geschenkt bekommen haben. Hat jemand Sie nach dem Code gefragt, brechen Sie hier ab.
redeem-scam-help-link = Was tun, wenn es passiert ist
redeem-scam-understood = Verstanden
redeem-scam-help-title = Wenn jemand Sie aufgefordert hat, mit Geschenkkarten zu bezahlen
redeem-scam-help-intro = Das passiert vielen Menschen, und wer schnell handelt, kann das Geld oft noch retten.
redeem-scam-help-stop = Stopp: Kaufen Sie keine weiteren Karten und geben Sie keine Codes mehr weiter, egal was man Ihnen sagt.
redeem-scam-help-keep = Bewahren Sie die Karten und die Kassenbons auf: Über die Codes und die Kassenbons lässt sich das Geld zurückverfolgen.
redeem-scam-help-issuer = Wenden Sie sich sofort an das Unternehmen, das die Karten ausgegeben hat, teilen Sie mit, dass die Karten für einen Betrug verwendet wurden, und fragen Sie, ob das Geld noch gesperrt werden kann.
redeem-scam-help-report = Zeigen Sie den Betrug bei der Polizei an oder melden Sie ihn Ihrer Verbraucherschutzstelle; in den Vereinigten Staaten der Federal Trade Commission unter ReportFraud.ftc.gov.
redeem-scam-help-back = Zurück

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

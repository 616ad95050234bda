# Guthaben mit einer Zahlungskarte aufladen.
# Beträge kommen fertig formatiert; Anzahlen als Zahlen.

add-money-title = Ihr Guthaben aufladen
add-money-intro = Bezahlen Sie mit Karte; das Geld ist in Ihrem Guthaben, sobald die Zahlung erfolgt ist.
add-money-loading = Die möglichen Beträge werden geladen …
add-money-reload = Erneut versuchen
add-money-amount = Betrag
add-money-other = Anderer Betrag
# $currency ist der dreibuchstabige Code der Kontowährung.
add-money-other-label = Betrag in { $currency }
# $min, $max und $remaining sind fertig formatierte Beträge.
add-money-limits = Von { $min } bis { $max } pro Vorgang; heute noch { $remaining }.
add-money-card = Zahlungskarte
add-money-card-number = Kartennummer
add-money-expiry = Ablaufdatum
add-money-expiry-hint = MM/JJ
add-money-cvc = Prüfnummer
add-money-card-kept = Ihre Karte wird nur für diese Zahlung verwendet: Redeem speichert nur den Kartentyp und die letzten 4 Ziffern.
add-money-review = Überprüfen
add-money-cancel = Abbrechen
add-money-review-title = Prüfen und bezahlen
add-money-paid-with = Zahlungsmittel
add-money-into-account = Auf das Konto
add-money-review-note = Belastet wird erst, wenn Sie „Bezahlen“ wählen.
# $amount ist ein fertig formatierter Betrag.
add-money-pay = { $amount } bezahlen
add-money-edit = Ändern
add-money-paying = Zahlung läuft …
add-money-confirming = Der Code wird bei Ihrem Kartenaussteller geprüft …
add-money-slow = Der Zahlungsdienst antwortet langsam – neuer Versuch ({ $attempt } von { $attempts })
    .next-step = Dieselbe Anfrage wird mit demselben Schlüssel wiederholt, Sie zahlen also nie doppelt.
add-money-outcome-unknown = Es ist nicht bekannt, ob die Zahlung erfolgt ist. Ein erneuter Versuch ist sicher: Sie zahlen höchstens einmal.
add-money-try-again = Erneut versuchen
add-money-issuer-title = Ihr Kartenaussteller bittet um Bestätigung
# $amount ist ein fertig formatierter Betrag, $card ein fertiges add-money-card-summary.
add-money-issuer-intro = Um { $amount } mit { $card } zu bezahlen, geben Sie den Code ein, den Ihr Kartenaussteller Ihnen geschickt hat (per SMS oder in seiner App).
add-money-issuer-code = Code von Ihrem Kartenaussteller
add-money-issuer-confirm = Zahlung bestätigen
add-money-issuer-note = Belastet wird nur, wenn der Code stimmt.
add-money-done = Guthaben aufgeladen
add-money-done-back = Zurück zum Guthaben
# $brand ist visa, mastercard, amex oder card; $last4 die letzten vier Ziffern der Karte.
add-money-card-summary = { $brand ->
        [visa] Visa
        [mastercard] Mastercard
        [amex] American Express
       *[other] Karte
    } •••• { $last4 }

## Probleme mit dem Formular, erkannt bevor etwas gesendet wird.

add-money-problem-no-amount = Wählen Sie einen Betrag.
add-money-problem-amount = Geben Sie den Betrag als Zahl ein, zum Beispiel 30 oder 30,50.
add-money-problem-below-min = Der Mindestbetrag ist { $min }.
add-money-problem-above-max = Der Höchstbetrag pro Vorgang ist { $max }.
add-money-problem-above-today = Sie können heute noch { $remaining } aufladen.
add-money-problem-number-length = Eine Kartennummer hat 12 bis 19 Ziffern. Prüfen Sie, ob Sie alle eingegeben haben.
add-money-problem-number-check = Diese Kartennummer ist ungültig – wahrscheinlich ein Tippfehler. Vergleichen Sie sie mit der Karte.
add-money-problem-expiry-format = Geben Sie das Ablaufdatum wie auf der Karte ein: Monat und Jahr, zum Beispiel 04/29.
add-money-problem-expired = Diese Karte ist abgelaufen. Verwenden Sie eine andere Karte.
add-money-problem-cvc = Die Prüfnummer sind die 3 Ziffern auf der Rückseite der Karte (bei American Express die 4 Ziffern auf der Vorderseite).

## Die Karten des Test-Zahlungsanbieters, nur von einem Server angezeigt, der ihn verwendet.

add-money-test-title = Testkarten
add-money-test-hint = Dieser Server belastet keine echten Karten. Wählen Sie eine Testkarte, um zu sehen, was damit geschieht.
# $code ist der Einmalcode, den der Test-Kartenaussteller annimmt.
add-money-test-hint-code = Dieser Server belastet keine echten Karten. Wählen Sie eine Testkarte, um zu sehen, was damit geschieht; der Code des Test-Kartenausstellers lautet { $code }.
# $outcome ist das, was die Testkarte tut.
add-money-test-outcome = { $outcome ->
        [succeeds] wird angenommen
        [declined_insufficient_funds] abgelehnt, keine ausreichende Deckung
        [declined_stolen] abgelehnt, als gestohlen gemeldet
        [requires_confirmation] verlangt einen Code
        [times_out] keine Antwort
       *[other] { $outcome }
    }
# $last4 ist das Ende der Kartennummer, $outcome ein fertiges add-money-test-outcome.
add-money-test-card = Karte …{ $last4 }: { $outcome }

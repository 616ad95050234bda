# Der Guthaben-Bildschirm: was das Konto hat, was unterwegs ist und woher es kommt.

balance-available = Verfügbares Guthaben
balance-refresh = Aktualisieren
balance-refresh-hint = Das Guthaben jetzt vom Server abfragen
balance-hidden = Ausgeblendet, damit niemand in der Nähe es lesen kann.
balance-show = Guthaben anzeigen
balance-add-money = Guthaben aufladen
balance-add-money-hint = Ihr Guthaben mit einer Zahlungskarte aufladen
balance-updated = Aktualisiert { $age }
balance-stale = Nicht aktuell – zuletzt bestätigt { $age }
balance-stale-next-step = { $next_step } Das angezeigte Guthaben ist das zuletzt vom Server bestätigte.
balance-loading = Ihr Guthaben wird geladen …
balance-nudge-title = { $amount } warten seit dem { $date } auf Sie
balance-nudge-text = Ihr Guthaben verfällt nie. Nutzen Sie es für Apps, Musik, Abos oder im Geschäft.

## Inzahlungnahmen.

balance-pending-title = Gutschrift aus Inzahlungnahme unterwegs
balance-no-trade-ins = Keine Inzahlungnahmen. Geben Sie ein Gerät in Zahlung, um dafür Guthaben zu erhalten.
balance-trade-in-pending = Gerät wird erwartet
balance-trade-in-received = Eingegangen
balance-trade-in-inspecting = Wird geprüft
balance-trade-in-credited = Gutgeschrieben
balance-trade-in-rejected = Nicht angenommen

## Woher das Guthaben kommt.

balance-sources-title = Woher Ihr Guthaben kommt
balance-sources-empty = Noch nichts. Lösen Sie eine Geschenkkarte ein, um Ihr Guthaben aufzuladen.
balance-source-gift-card = Geschenkkarte
balance-source-trade-in = Inzahlungnahme
balance-source-added-funds = Aufgeladen
balance-source-purchase = Kauf
balance-source-refund = Erstattung
balance-source-adjustment = Korrektur

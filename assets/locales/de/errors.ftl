# Jeder Fehler, den die App erklärt: ein Titel (was geschah) und der nächste Schritt.
# Beträge, Daten und Uhrzeiten kommen fertig formatiert; Anzahlen als Zahlen.

## Ein Code, der schon auf diesem Gerät abgelehnt wurde, bevor etwas gesendet wurde.

errors-code-empty = Geben Sie den Code Ihrer Geschenkkarte ein
    .next-step = Es ist der 16-stellige Code auf der Rückseite der Karte, unter dem Rubbelfeld.
errors-code-invalid-character = Zeichen { $position } („{ $character }“) kann nicht in einem Geschenkkartencode vorkommen
    .next-step = Codes bestehen aus den Ziffern 0–9 und den Buchstaben A–Z außer U. Vergleichen Sie dieses Zeichen mit der Karte und korrigieren Sie es.
errors-code-too-short = Der Code ist zu kurz: { $length } von 16 Zeichen
    .next-step = Prüfen Sie, ob Sie den ganzen Code eingegeben oder eingefügt haben.
errors-code-too-long = Der Code ist zu lang: { $length } Zeichen, ein Code hat 16
    .next-step = Prüfen Sie auf überzählige Zeichen, oder fügen Sie nur den Code ein.
errors-code-check-failed = Dieser Code ist ungültig – wahrscheinlich ein Tippfehler
    .next-step = Vergleichen Sie jedes Zeichen mit der Karte; 8 und B, 5 und S, 2 und Z werden leicht verwechselt. Es wurde nichts gesendet.

## Ein fehlgeschlagener Aufruf des Servers.

errors-network = Der Server ist nicht erreichbar
    .next-step = Prüfen Sie Ihre Internetverbindung. Es wurde nichts geändert; versuchen Sie es gleich noch einmal.
errors-timeout = { $seconds ->
        [one] Der Server hat nicht innerhalb von { $seconds } Sekunde geantwortet
       *[other] Der Server hat nicht innerhalb von { $seconds } Sekunden geantwortet
    }
    .next-step = Er ist vielleicht ausgelastet. Versuchen Sie es gleich noch einmal; eine Einlösung wird sicher wiederholt und nie doppelt gezählt.
errors-decode = Der Server hat eine Antwort geschickt, die diese App nicht versteht
    .next-step = Der Server ist vielleicht neuer als diese App. Versuchen Sie es später erneut, oder aktualisieren Sie Redeem.
errors-invalid-code = Zu diesem Code gibt es keine Geschenkkarte
    .next-step = Vergleichen Sie den Code mit der Karte. Stimmt er, ist die Karte vielleicht noch nicht aktiviert: Wenden Sie sich mit dem Kassenbon an das Geschäft, in dem Sie sie gekauft haben.
errors-redeemed-by-you = { $when ->
        [known] Sie haben diese Karte bereits am { $date } um { $time } eingelöst
       *[unknown] Sie haben diese Karte bereits eingelöst
    }
    .next-step = Ihr Wert ist in Ihrem Guthaben; Sie finden ihn im Verlauf. Sie müssen nichts weiter tun.
errors-redeemed-by-someone-else = { $when ->
        [known] Diese Karte wurde bereits am { $date } um { $time } in einem anderen Konto eingelöst
       *[unknown] Diese Karte wurde bereits in einem anderen Konto eingelöst
    }
    .next-step = Wenn Sie sie nicht eingelöst haben, wenden Sie sich mit Karte und Kassenbon an das Geschäft, in dem Sie sie gekauft haben, oder an den Support.
errors-redeemed = { $when ->
        [known] Diese Karte wurde bereits am { $date } um { $time } eingelöst
       *[unknown] Diese Karte wurde bereits eingelöst
    }
    .next-step = Sehen Sie im Verlauf nach. Steht sie dort nicht, wenden Sie sich mit Karte und Kassenbon an den Support.
errors-region-mismatch = Diese Karte gilt für { $region } ({ $code })
    .next-step = Eine Geschenkkarte gilt nur im Land oder in der Region, für die sie verkauft wurde, und dieses Konto gehört zu einem anderen. Lösen Sie sie mit einem Konto aus diesem Land oder dieser Region ein.
errors-region-mismatch-unknown = Diese Karte gilt für ein anderes Land oder eine andere Region
    .next-step = Eine Geschenkkarte gilt nur im Land oder in der Region, für die sie verkauft wurde, und dieses Konto gehört zu einem anderen. Lösen Sie sie mit einem Konto aus diesem Land oder dieser Region ein.
errors-card-not-active = Diese Karte ist noch nicht aktiviert
    .next-step = Karten werden beim Kauf an der Kasse aktiviert. Bewahren Sie den Kassenbon auf und bitten Sie das Geschäft, die Karte zu aktivieren.
errors-card-disabled = Diese Karte wurde gesperrt
    .next-step = Sie wurde vielleicht als verloren oder gestohlen gemeldet. Wenden Sie sich mit Karte und Kassenbon an den Support.
errors-rate-limited = Zu viele Versuche – bitte in { $wait } erneut versuchen
    .next-step = Zum Schutz vor dem Erraten von Codes sind nur wenige Versuche pro Stunde möglich. Vergleichen Sie in der Zwischenzeit den Code mit der Karte.
errors-insufficient-funds = Das Guthaben reicht nicht aus
    .next-step = Lösen Sie eine Geschenkkarte ein oder wählen Sie eine andere Zahlungsart.
errors-unauthorized = Ihre Sitzung ist abgelaufen
    .next-step = Zu Ihrer Sicherheit laufen Sitzungen ab. Melden Sie sich erneut an, um fortzufahren.
errors-idempotency-conflict = Diese Anfrage wird noch bearbeitet
    .next-step = Warten Sie einige Sekunden und versuchen Sie es erneut; sie wird nicht doppelt gezählt.
errors-idempotency-mismatch = Diese Anfrage widerspricht einer früheren
    .next-step = Beginnen Sie neu mit „Weitere Karte einlösen“; dieser Versuch hat nichts geändert.
errors-validation = Der Server hat die Anfrage nicht angenommen
    .next-step = { $detail } Prüfen Sie Ihre Eingaben und versuchen Sie es erneut.
errors-unavailable = Der Dienst ist gerade nicht verfügbar
    .next-step = Es wurde nichts geändert. Versuchen Sie es in ein paar Minuten erneut.
errors-internal = Auf dem Server ist ein Fehler aufgetreten
    .next-step = Es wurde nichts geändert. Versuchen Sie es erneut; tritt der Fehler weiter auf, wenden Sie sich an den Support.
errors-unexpected = Der Server hat unerwartet geantwortet
    .next-step = Diese App und der Server passen nicht zusammen. Versuchen Sie es später erneut, oder aktualisieren Sie Redeem.

## Begrenzte Aufrufe (ein Code geprüft oder eingelöst, eine Anmeldung): was bis zu einer Pause bleibt.

errors-attempts-left = { $attempts ->
        [0] Das war der letzte Versuch: Jetzt beginnt eine Pause von { $pause }
        [one] Noch { $attempts } Versuch vor einer Pause von { $pause }
       *[other] Noch { $attempts } Versuche vor einer Pause von { $pause }
    }
errors-pause-ends = Die Pause endet um { $time }.

## Guthaben aufladen. Eine als verloren oder gestohlen gemeldete Karte wird absichtlich mit
## denselben Worten abgelehnt wie jede andere Ablehnung.

errors-declined = Ihre Karte wurde abgelehnt
    .next-step = Es wurde nichts belastet. Wenden Sie sich an Ihren Kartenaussteller, oder verwenden Sie eine andere Karte.
errors-declined-insufficient-funds = Ihre Karte wurde abgelehnt: keine ausreichende Deckung
    .next-step = Es wurde nichts belastet. Versuchen Sie einen kleineren Betrag oder eine andere Karte.
errors-declined-expired = Diese Karte ist abgelaufen
    .next-step = Es wurde nichts belastet. Prüfen Sie das Ablaufdatum, oder verwenden Sie eine andere Karte.
errors-declined-cvc = Die Prüfnummer ist falsch
    .next-step = Es wurde nichts belastet. Prüfen Sie die 3 Ziffern auf der Rückseite der Karte (bei American Express die 4 Ziffern auf der Vorderseite) und versuchen Sie es erneut.
errors-declined-authentication = Ihr Kartenaussteller hat diese Zahlung nicht bestätigt
    .next-step = Es wurde nichts belastet. Prüfen Sie den Code, den Ihr Kartenaussteller Ihnen geschickt hat, und beginnen Sie neu, oder verwenden Sie eine andere Karte.
errors-payment-unavailable = Die Zahlung konnte nicht abgeschlossen werden
    .next-step = Der Zahlungsdienst hat nicht rechtzeitig geantwortet. Es wurde nichts belastet und nichts gutgeschrieben. Versuchen Sie es erneut: Das ist sicher, und Sie zahlen nie doppelt.
errors-funds-limit = Dieser Betrag liegt über dem Limit
    .next-step = Sie können bis zu { $limit } pro Vorgang aufladen und heute noch { $remaining }. Wählen Sie einen kleineren Betrag.
errors-funds-limit-unknown = Dieser Betrag liegt über dem Limit
    .next-step = Wählen Sie einen kleineren Betrag.
errors-funds-not-available = Aufladen ist hier nicht möglich
    .next-step = Lösen Sie stattdessen eine Geschenkkarte ein, oder laden Sie Ihr Guthaben in der Redeem-App auf Ihrem eigenen Gerät auf.

## Konten.

errors-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse
    .next-step = Melden Sie sich stattdessen damit an. Wenn Sie das Passwort vergessen haben, bitten Sie den Support, ein neues festzulegen.
errors-weak-password = Dieses Passwort ist nicht sicher genug
    .next-step = Verwenden Sie mindestens 8 Zeichen, kein gängiges Passwort und nicht Ihre E-Mail-Adresse. Einige Wörter, die nichts miteinander zu tun haben, ergeben ein sicheres Passwort.
errors-sign-up-closed = Auf diesem Server können keine neuen Konten angelegt werden
    .next-step = Bitten Sie die Betreiber des Servers um ein Konto.
errors-wrong-password = Das aktuelle Passwort ist falsch
    .next-step = Geben Sie das Passwort ein, mit dem Sie sich derzeit anmelden. Nach zu vielen Fehlversuchen ist das Ändern eine Weile gesperrt.

## Wie lange zu warten ist, nach „in“ (Dativ).

errors-wait = { $unit ->
    [seconds] { $seconds ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    }
    [minutes] { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    }
    [hours] { $hours ->
        [one] { $hours } Stunde
       *[other] { $hours } Stunden
    }
    [hours-minutes] { $hours ->
        [one] { $hours } Stunde
       *[other] { $hours } Stunden
    } { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    }
   *[unknown] einer Weile
}

## An- und Abmelden.

errors-sign-in-refused = E-Mail-Adresse oder Passwort stimmt nicht
    .next-step = Prüfen Sie beides und versuchen Sie es erneut.
errors-sign-in-rate-limited = Zu viele Anmeldeversuche – bitte in { $wait } erneut versuchen
    .next-step = Zum Schutz Ihres Kontos kann ein Passwort nur wenige Male hintereinander versucht werden. Prüfen Sie E-Mail-Adresse und Passwort, und warten Sie, bevor Sie es erneut versuchen.
errors-signed-out = Sie haben sich abgemeldet
    .next-step = Ihre Sitzung wurde auf dem Server beendet, und auf diesem Gerät bleibt nichts von Ihrem Konto gespeichert.
errors-signed-out-locally = Sie haben sich abgemeldet
    .next-step = Auf diesem Gerät bleibt nichts von Ihrem Konto gespeichert. Der Server war nicht erreichbar, daher endet die Sitzung dort, wenn sie abläuft.
errors-signed-out-everywhere = Sie haben sich auf allen Geräten abgemeldet
    .next-step = Alle Sitzungen Ihres Kontos wurden beendet, auch diese. Melden Sie sich überall dort erneut an, wo Sie Redeem verwenden möchten.
errors-session-expired = Ihre Sitzung ist abgelaufen
    .next-step = Zu Ihrer Sicherheit laufen Sitzungen ab. Melden Sie sich erneut an, um dort weiterzumachen, wo Sie aufgehört haben.

## Der Verlauf und sein Export.

errors-export-incomplete = Der Verlauf konnte nicht vollständig geladen werden ({ $reason })
errors-export-failed = Der Export ist fehlgeschlagen: { $reason }
errors-filter-from-not-a-date = Schreiben Sie das Datum „Von“ als Jahr-Monat-Tag, z. B. 2025-01-31.
errors-filter-to-not-a-date = Schreiben Sie das Datum „Bis“ als Jahr-Monat-Tag, z. B. 2025-01-31.
errors-filter-from-after-to = Das Datum „Von“ darf nicht nach dem Datum „Bis“ liegen.

## Anderswo.

errors-redeem-outcome-unknown = Wir konnten nicht bestätigen, ob die Karte eingelöst wurde. Ein erneuter Versuch ist sicher: Er wiederholt dieselbe Anfrage, die Karte wird also nie doppelt gezählt.
errors-trade-ins-not-loaded = Die Inzahlungnahmen konnten nicht geladen werden.

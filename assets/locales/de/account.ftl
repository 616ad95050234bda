# Das Konto: anlegen, Passwort, Sitzungen.

account-new-here = Neu bei Redeem?
account-create = Konto erstellen
account-sign-up-title = Ihr Konto erstellen
account-sign-up-intro = Verwenden Sie Ihre E-Mail-Adresse und ein Passwort mit mindestens 8 Zeichen. Einige Wörter, die nichts miteinander zu tun haben, ergeben ein sicheres Passwort, das leicht zu merken ist.
account-region = Land oder Region
account-region-choose = Auswählen …
account-region-hint = Geschenkkarten lassen sich nur in einem Konto des Landes oder der Region einlösen, für die sie verkauft wurden. Diese Angabe kann später nicht geändert werden.
account-create-submit = Konto erstellen
account-back-to-sign-in = Zurück zur Anmeldung
account-show-password = Passwort anzeigen

## Die Stärkeanzeige eines neuen Passworts. $min ist die kürzeste zulässige Länge.

account-strength-empty = Mindestens { $min } Zeichen.
account-strength-too-short = Zu kurz: mindestens { $min } Zeichen.
account-strength-too-common = Zu leicht zu erraten: ein gängiges Passwort oder Ihre E-Mail-Adresse.
account-strength-fair = Ausreichend. Länger ist sicherer.
account-strength-good = Gut.
account-strength-strong = Stark.

## Der Konto-Bildschirm.

account-title = Ihr Konto
# $email, $region (Name eines Landes) und $currency (dreibuchstabiger Code).
account-signed-in-as = Angemeldet als { $email } · { $region } · { $currency }
account-change-password = Passwort ändern
account-change-password-intro = Nach der Änderung werden alle anderen Geräte abgemeldet, die bei Ihrem Konto angemeldet sind. Dieses Gerät bleibt angemeldet.
account-current-password = Aktuelles Passwort
account-new-password = Neues Passwort
account-change-password-submit = Passwort ändern
account-password-changed = Ihr Passwort wurde geändert
    .next-step = Alle anderen Geräte, die bei Ihrem Konto angemeldet waren, wurden abgemeldet.
account-sign-out-everywhere = Überall abmelden
account-sign-out-everywhere-intro = Beendet alle Sitzungen Ihres Kontos: auf diesem Gerät, auf anderen Computern und Telefonen und an Kiosks in Geschäften.
account-sign-out-everywhere-button = Überall abmelden …
account-sign-out-everywhere-sure = Auf allen Geräten abmelden, auch auf diesem?
account-sign-out-everywhere-confirm = Ja, überall abmelden
account-cancel = Abbrechen

# Der Rahmen der App: Name, Navigation und Konto in der oberen Leiste, die Anmeldung mit
# dem Demokonto und die Einstellungen.

app-name = Redeem
screen-balance = Guthaben
screen-redeem = Geschenkkarte einlösen
screen-history = Verlauf
screen-add-money = Guthaben aufladen
screen-account = Konto

app-sign-out = Abmelden
app-preferences = Einstellungen
app-close-preferences = Einstellungen schließen
app-demo-local = Demo – lokales Hauptbuch
app-demo-data = Demodaten

app-region-name = { $region ->
    [US] Vereinigte Staaten
    [GB] Vereinigtes Königreich
    [DE] Deutschland
    [FR] Frankreich
    [JP] Japan
    [CA] Kanada
    [AU] Australien
    [CH] Schweiz
    [KW] Kuwait
   *[other] { $region }
}

app-tagline = Ihr Guthaben, Ihre Geschenkkarten und jede Kontobewegung.
app-sign-in-title = Bei Ihrem Konto anmelden
app-sign-in-email = E-Mail
app-sign-in-email-hint = name@example.com
app-sign-in-password = Passwort
app-sign-in-submit = Anmelden
app-sign-in-busy = Anmeldung läuft …
app-demo-title = Mit Demodaten ausprobieren
app-demo-on-this-device = Diese Installation von Redeem führt ihr eigenes Hauptbuch auf diesem Computer. Nichts davon ist echtes Geld.
app-demo-on-server = Dieser Server arbeitet mit Demodaten. Nichts davon ist echtes Geld.
app-demo-email = Demo-E-Mail
app-demo-password = Demo-Passwort
app-demo-use-account = Demokonto verwenden
app-demo-cards = Demo-Geschenkkarten
app-demo-cards-help = Lösen Sie nach der Anmeldung eine davon ein. Die letzte gilt für das Vereinigte Königreich und zeigt, was mit einer Karte aus einer anderen Region geschieht.
app-demo-copy = Kopieren
app-demo-copy-tooltip = Diesen Code kopieren

app-preferences-done = Fertig
app-preferences-appearance = Darstellung
app-preferences-theme = Design
app-theme-system = Automatisch
app-theme-light = Hell
app-theme-dark = Dunkel
app-preferences-text-size = Textgröße
app-preferences-touch = Touchbedienung
app-preferences-large-targets = Große Tippflächen
app-preferences-language = Sprache und Region
app-preferences-language-automatic = Wie die Region des Kontos
app-preferences-connection = Verbindung
app-preferences-server = Serveradresse
app-preferences-server-hint = Integrierter Demoserver
app-preferences-poll = Guthaben abrufen alle
app-preferences-poll-unit = {" "}Sek.
app-preferences-sign-in = Anmeldung
app-preferences-remember-email = Meine E-Mail-Adresse merken
app-preferences-server-next-start = Der neue Server wird beim nächsten Start von Redeem verwendet.
app-preferences-stored = Einstellungen werden auf diesem Gerät gespeichert – Passwörter, Anmeldetokens und Geschenkkartencodes nie.

app-preferences-unreadable = Ihre gespeicherten Einstellungen konnten nicht gelesen werden, daher gelten die Standardwerte. (Zeile { $line }, Spalte { $column }: { $reason })
app-preferences-too-new = Ihre gespeicherten Einstellungen stammen aus einer neueren Version von Redeem (Format { $version }), daher gelten die Standardwerte.
app-preferences-upgraded = Ihre gespeicherten Einstellungen wurden aus einem älteren Format übernommen (Version { $version }).

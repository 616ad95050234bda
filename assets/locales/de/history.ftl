# Der Verlauf: Filter, Tabelle, Saldoverlauf und CSV-Export.

history-kind = Art
history-all-kinds = Alle Arten
history-kind-gift-card = Geschenkkarte
history-kind-trade-in = Inzahlungnahme
history-kind-added-funds = Aufladung
history-kind-purchase = Kauf
history-kind-refund = Erstattung
history-kind-adjustment = Korrektur

history-period = Zeitraum
history-period-all-time = Gesamter Zeitraum
history-period-last-7-days = Letzte 7 Tage
history-period-last-30-days = Letzte 30 Tage
history-period-last-12-months = Letzte 12 Monate
history-period-custom = Eigener Zeitraum
history-from = Von
history-to = Bis
history-date-hint = JJJJ-MM-TT
history-search = Suche
history-search-hint = Beschreibung, Quelle, Betrag

history-export = Als CSV exportieren
history-export-tooltip = Alle Einträge, die zu Filtern und Suche passen, als CSV-Datei speichern
history-export-gathering = { $count ->
    [one] Der gesamte Verlauf wird für den Export geladen … bisher { $count } Eintrag
   *[other] Der gesamte Verlauf wird für den Export geladen … bisher { $count } Einträge
}
history-exporting = Wird exportiert …
history-exported-to = Exportiert nach { $path }
history-exported-download = Als { $file } in Ihren Downloads gespeichert
history-loaded-earlier = Die angezeigten Einträge wurden früher geladen.

history-plot-title = Saldo im Zeitverlauf
history-plot-line = Saldo
history-plot-too-few = Das Diagramm erscheint ab zwei Einträgen.

history-column-date = Datum
history-column-description = Beschreibung
history-column-source = Quelle
history-column-amount = Betrag
history-column-balance = Saldo

history-loading = Ihr Verlauf wird geladen …
history-loading-more = Weitere werden geladen …
history-no-match = Keine passenden Einträge.
history-loaded-scroll = { $count ->
    [one] { $count } Eintrag geladen · für mehr scrollen
   *[other] { $count } Einträge geladen · für mehr scrollen
}
history-all-loaded = { $count ->
    [one] { $count } Eintrag · der Anfang Ihres Verlaufs
   *[other] { $count } Einträge · der Anfang Ihres Verlaufs
}

history-csv-date = Datum
history-csv-kind = Art
history-csv-description = Beschreibung
history-csv-source = Quelle
history-csv-amount = Betrag
history-csv-currency = Währung
history-csv-balance-after = Saldo danach

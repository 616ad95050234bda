# L’historique : filtres, tableau, évolution du solde et export CSV.

history-kind = Type
history-all-kinds = Tous les types
history-kind-gift-card = Carte cadeau
history-kind-trade-in = Reprise
history-kind-added-funds = Ajout de fonds
history-kind-purchase = Achat
history-kind-refund = Remboursement
history-kind-adjustment = Ajustement

history-period = Période
history-period-all-time = Toute la période
history-period-last-7-days = 7 derniers jours
history-period-last-30-days = 30 derniers jours
history-period-last-12-months = 12 derniers mois
history-period-custom = Dates personnalisées
history-from = Du
history-to = Au
history-date-hint = AAAA-MM-JJ
history-search = Rechercher
history-search-hint = Description, origine, montant

history-export = Exporter en CSV
history-export-tooltip = Enregistrer dans un fichier CSV toutes les opérations qui correspondent aux filtres et à la recherche
history-export-gathering = { $count ->
    [one] Chargement de tout l’historique pour l’export… { $count } opération pour l’instant
   *[other] Chargement de tout l’historique pour l’export… { $count } opérations pour l’instant
}
history-exporting = Export en cours…
history-exported-to = Exporté dans { $path }
history-exported-download = Enregistré dans vos téléchargements sous { $file }
history-loaded-earlier = Les opérations affichées ont été chargées plus tôt.

history-plot-title = Évolution du solde
history-plot-line = Solde
history-plot-too-few = Le graphique s’affiche à partir de deux opérations.

history-column-date = Date et heure
history-column-description = Libellé
history-column-source = Origine
history-column-amount = Montant
history-column-balance = Solde

history-loading = Chargement de votre historique…
history-loading-more = Chargement de la suite…
history-no-match = Aucune opération ne correspond.
history-loaded-scroll = { $count ->
    [one] { $count } opération chargée · faites défiler pour la suite
   *[other] { $count } opérations chargées · faites défiler pour la suite
}
history-all-loaded = { $count ->
    [one] { $count } opération · le début de votre historique
   *[other] { $count } opérations · le début de votre historique
}

history-csv-date = horodatage
history-csv-kind = type
history-csv-description = libellé
history-csv-source = origine
history-csv-amount = montant
history-csv-currency = devise
history-csv-balance-after = solde_après

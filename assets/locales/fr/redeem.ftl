# L’écran d’utilisation : code, aperçu, confirmation et reçu, et les cartes de démonstration.

redeem-title = Ajouter une carte cadeau à votre solde
redeem-intro = Saisissez le code de 16 caractères au dos de la carte. Espaces, tirets et minuscules sont acceptés.
redeem-code-label = Code de la carte cadeau
redeem-code-progress = { $typed } caractères sur 16
redeem-check-code = Vérifier le code
redeem-checking = Vérification de la carte…
redeem-try-again = Réessayer

## L’aperçu, avant la confirmation.

redeem-preview-adds = Cette carte cadeau ajoute
redeem-card = Carte
redeem-region = Pays ou région
redeem-into-account = Sur le compte
redeem-confirm = Confirmer et utiliser
redeem-back = Retour

## Pendant l’utilisation, et le résultat.

redeem-redeeming = Utilisation de votre carte cadeau…
redeem-slow = Le serveur tarde à répondre — nouvel essai ({ $attempt } sur { $attempts })
    .next-step = La même demande est renvoyée avec la même clé : la carte ne peut jamais être utilisée deux fois.
redeem-done = Carte cadeau utilisée
redeem-added = +{ $amount } ajoutés
redeem-new-balance = Nouveau solde
redeem-receipt = Reçu
redeem-copy = Copier
redeem-copy-hint = Copier le numéro du reçu
redeem-another = Utiliser une autre carte
redeem-view-history = Voir l’historique

## Les cartes de démonstration.

redeem-demo-title = Cartes cadeaux de démonstration
redeem-demo-hint = Placez-en une dans le champ du code pour essayer. La dernière est destinée au Royaume-Uni.
redeem-demo-card = Carte …{ $last4 }
redeem-demo-card-hint = Placer ce code de démonstration dans le champ

## Pays et régions pour lesquels une carte est vendue.

redeem-region-name = { $code ->
    [US] États-Unis
    [GB] Royaume-Uni
    [DE] Allemagne
    [FR] France
    [JP] Japon
    [CA] Canada
    [AU] Australie
    [CH] Suisse
    [KW] Koweït
   *[other] { $code }
}

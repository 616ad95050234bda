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

## L’avertissement contre les arnaques aux cartes cadeaux, et que faire si c’est arrivé.

redeem-scam-title = Les cartes cadeaux servent à offrir, pas à payer
redeem-scam-body = Toute personne qui vous demande de payer avec une carte cadeau, ou de lui lire son code, est un escroc, quelle que soit l’identité qu’elle se donne : administration, fournisseur d’énergie, assistance technique, banque ou ami rencontré en ligne.
redeem-scam-before-confirm = N’utilisez cette carte que si vous l’avez achetée pour vous-même ou si on vous l’a offerte. Si quelqu’un vous a demandé son code, arrêtez-vous ici.
redeem-scam-help-link = Que faire si cela vous est arrivé
redeem-scam-understood = J’ai compris
redeem-scam-help-title = Si quelqu’un vous a demandé de payer avec des cartes cadeaux
redeem-scam-help-intro = Cela arrive à beaucoup de gens, et en agissant vite, il est encore possible de sauver l’argent.
redeem-scam-help-stop = Arrêtez tout. N’achetez plus de cartes et ne communiquez plus aucun code, quoi qu’on vous dise.
redeem-scam-help-keep = Gardez les cartes et leurs tickets de caisse : les codes et les tickets permettent de retracer l’argent.
redeem-scam-help-issuer = Contactez sans attendre l’entreprise qui a émis les cartes, signalez qu’elles ont servi à une arnaque et demandez si l’argent peut encore être bloqué.
redeem-scam-help-report = Signalez l’arnaque à la police ou à votre organisme de protection des consommateurs ; aux États-Unis, à la Federal Trade Commission sur ReportFraud.ftc.gov.
redeem-scam-help-back = Retour

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

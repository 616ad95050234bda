# L’ajout de fonds au solde avec une carte de paiement.
# Les montants arrivent déjà formatés ; les nombres restent des nombres.

add-money-title = Ajouter des fonds à votre solde
add-money-intro = Payez par carte ; l’argent est sur votre solde dès que le paiement est accepté.
add-money-loading = Chargement des montants disponibles…
add-money-reload = Réessayer
add-money-amount = Montant
add-money-other = Autre montant
# $currency est le code de trois lettres de la devise du compte.
add-money-other-label = Montant en { $currency }
# $min, $max et $remaining sont des montants déjà formatés.
add-money-limits = De { $min } à { $max } par opération ; encore { $remaining } aujourd’hui.
add-money-card = Carte de paiement
add-money-card-number = Numéro de carte
add-money-expiry = Date d’expiration
add-money-expiry-hint = MM/AA
add-money-cvc = Cryptogramme visuel
add-money-card-kept = Votre carte ne sert qu’à ce paiement : Redeem ne conserve que son type et ses 4 derniers chiffres.
add-money-review = Vérifier
add-money-cancel = Annuler
add-money-review-title = Vérifier et payer
add-money-paid-with = Moyen de paiement
add-money-into-account = Sur le compte
add-money-review-note = Rien n’est débité tant que vous n’avez pas appuyé sur « Payer ».
# $amount est un montant déjà formaté.
add-money-pay = Payer { $amount }
add-money-edit = Modifier
add-money-paying = Paiement en cours…
add-money-confirming = Vérification du code auprès de l’émetteur de votre carte…
add-money-slow = Le service de paiement tarde à répondre — nouvel essai ({ $attempt } sur { $attempts })
    .next-step = La même demande est renvoyée avec la même clé : vous n’êtes donc jamais débité deux fois.
add-money-outcome-unknown = On ne sait pas si le paiement a abouti. Vous pouvez réessayer sans risque : vous serez débité au plus une fois.
add-money-try-again = Réessayer
add-money-issuer-title = L’émetteur de votre carte vous demande de confirmer
# $amount est un montant déjà formaté, $card un add-money-card-summary déjà formaté.
add-money-issuer-intro = Pour payer { $amount } avec { $card }, saisissez le code que l’émetteur de votre carte vous a envoyé (par SMS ou dans son app).
add-money-issuer-code = Code de l’émetteur de votre carte
add-money-issuer-confirm = Confirmer le paiement
add-money-issuer-note = Rien n’est débité si le code n’est pas le bon.
add-money-done = Fonds ajoutés
add-money-done-back = Retour au solde
# $brand vaut visa, mastercard, amex ou card ; $last4 les quatre derniers chiffres de la carte.
add-money-card-summary = { $brand ->
        [visa] Visa
        [mastercard] Mastercard
        [amex] American Express
       *[other] Carte
    } •••• { $last4 }

## Problèmes dans le formulaire, détectés avant tout envoi.

add-money-problem-no-amount = Choisissez un montant.
add-money-problem-amount = Saisissez le montant en chiffres, par exemple 30 ou 30,50.
add-money-problem-below-min = Le montant minimum est de { $min }.
add-money-problem-above-max = Le montant maximum par opération est de { $max }.
add-money-problem-above-today = Vous pouvez encore ajouter { $remaining } aujourd’hui.
add-money-problem-number-length = Un numéro de carte compte de 12 à 19 chiffres. Vérifiez que vous les avez tous saisis.
add-money-problem-number-check = Ce numéro de carte n’est pas valide — sans doute une faute de frappe. Comparez-le avec la carte.
add-money-problem-expiry-format = Saisissez la date d’expiration comme sur la carte : mois et année, par exemple 04/29.
add-money-problem-expired = Cette carte a expiré. Utilisez une autre carte.
add-money-problem-cvc = Le cryptogramme visuel correspond aux 3 chiffres au dos de la carte (4 au recto d’une carte American Express).

## Les cartes du prestataire de paiement de test, affichées uniquement par un serveur qui l’utilise.

add-money-test-title = Cartes de test
add-money-test-hint = Ce serveur ne débite aucune carte réelle. Choisissez une carte de test pour voir ce qui se passe avec elle.
# $code est le code à usage unique qu’accepte l’émetteur de test.
add-money-test-hint-code = Ce serveur ne débite aucune carte réelle. Choisissez une carte de test pour voir ce qui se passe avec elle ; le code de l’émetteur de test est { $code }.
# $outcome est ce que fait la carte de test.
add-money-test-outcome = { $outcome ->
        [succeeds] acceptée
        [declined_insufficient_funds] refusée, provision insuffisante
        [declined_stolen] refusée, déclarée volée
        [requires_confirmation] demande un code
        [times_out] pas de réponse
       *[other] { $outcome }
    }
# $last4 est la fin du numéro de carte, $outcome un add-money-test-outcome déjà formaté.
add-money-test-card = Carte …{ $last4 } : { $outcome }

# Chaque erreur que l’app explique : un titre (ce qui s’est passé) et l’étape suivante.
# Montants, dates et heures arrivent déjà formatés ; les nombres restent des nombres.

## Un code refusé sur cet appareil, avant tout envoi.

errors-code-empty = Saisissez le code de votre carte cadeau
    .next-step = C’est le code de 16 caractères au dos de la carte, sous la bande à gratter.
errors-code-invalid-character = Le caractère { $position } (« { $character } ») ne peut pas figurer dans un code de carte cadeau
    .next-step = Les codes utilisent les chiffres 0 à 9 et les lettres A à Z sauf U. Comparez ce caractère avec la carte et corrigez-le.
errors-code-too-short = Le code est trop court : { $length } caractères sur 16
    .next-step = Vérifiez que vous avez saisi ou collé le code en entier.
errors-code-too-long = Le code est trop long : { $length } caractères, un code en compte 16
    .next-step = Cherchez des caractères en trop, ou collez uniquement le code.
errors-code-check-failed = Ce code n’est pas valide — sans doute une faute de frappe
    .next-step = Comparez chaque caractère avec la carte ; 8 et B, 5 et S, 2 et Z se confondent facilement. Rien n’a été envoyé.

## Un appel au serveur qui a échoué.

errors-network = Impossible de joindre le serveur
    .next-step = Vérifiez votre connexion Internet. Rien n’a été modifié ; réessayez dans un instant.
errors-timeout = { $seconds ->
        [one] Le serveur n’a pas répondu en { $seconds } seconde
       *[other] Le serveur n’a pas répondu en { $seconds } secondes
    }
    .next-step = Il est peut-être surchargé. Réessayez dans un instant ; une utilisation est relancée sans risque et jamais comptée deux fois.
errors-decode = Le serveur a envoyé une réponse que cette app ne comprend pas
    .next-step = Le serveur est peut-être plus récent que cette app. Réessayez plus tard, ou mettez Redeem à jour.
errors-invalid-code = Aucune carte cadeau ne correspond à ce code
    .next-step = Comparez le code avec la carte. S’il est identique, la carte n’est peut-être pas encore activée : contactez le magasin où vous l’avez achetée, avec le ticket de caisse.
errors-redeemed-by-you = { $when ->
        [known] Vous avez déjà utilisé cette carte le { $date } à { $time }
       *[unknown] Vous avez déjà utilisé cette carte
    }
    .next-step = Son montant est dans votre solde ; vous le trouverez dans l’historique. Vous n’avez rien d’autre à faire.
errors-redeemed-by-someone-else = { $when ->
        [known] Cette carte a déjà été utilisée le { $date } à { $time }, sur un autre compte
       *[unknown] Cette carte a déjà été utilisée, sur un autre compte
    }
    .next-step = Si ce n’est pas vous, contactez le magasin où vous l’avez achetée ou l’assistance, avec la carte et le ticket de caisse.
errors-redeemed = { $when ->
        [known] Cette carte a déjà été utilisée le { $date } à { $time }
       *[unknown] Cette carte a déjà été utilisée
    }
    .next-step = Consultez votre historique. Si elle n’y figure pas, contactez l’assistance avec la carte et le ticket de caisse.
errors-region-mismatch = Cette carte est destinée à : { $region } ({ $code })
    .next-step = Une carte cadeau ne fonctionne que dans le pays ou la région pour lequel elle a été vendue, et ce compte relève d’un autre. Utilisez-la avec un compte de ce pays ou de cette région.
errors-region-mismatch-unknown = Cette carte est destinée à un autre pays ou une autre région
    .next-step = Une carte cadeau ne fonctionne que dans le pays ou la région pour lequel elle a été vendue, et ce compte relève d’un autre. Utilisez-la avec un compte de ce pays ou de cette région.
errors-card-not-active = Cette carte n’est pas encore activée
    .next-step = Les cartes sont activées en caisse au moment de l’achat. Gardez le ticket et demandez au magasin de l’activer.
errors-card-disabled = Cette carte a été désactivée
    .next-step = Elle a peut-être été déclarée perdue ou volée. Contactez l’assistance avec la carte et le ticket de caisse.
errors-rate-limited = Trop de tentatives — réessayez dans { $wait }
    .next-step = Pour empêcher qu’on devine les codes, seules quelques tentatives sont possibles par heure. En attendant, vérifiez le code sur la carte.
errors-insufficient-funds = Solde insuffisant
    .next-step = Utilisez une carte cadeau ou choisissez un autre moyen de paiement.
errors-unauthorized = Votre session a expiré
    .next-step = Pour votre sécurité, les sessions expirent. Reconnectez-vous pour continuer.
errors-idempotency-conflict = Cette demande est encore en cours de traitement
    .next-step = Patientez quelques secondes et réessayez ; elle ne sera pas comptée deux fois.
errors-idempotency-mismatch = Cette demande est en conflit avec une précédente
    .next-step = Recommencez avec « Utiliser une autre carte » ; cette tentative n’a rien modifié.
errors-validation = Le serveur n’a pas accepté la demande
    .next-step = { $detail } Vérifiez votre saisie et réessayez.
errors-unavailable = Le service est indisponible pour le moment
    .next-step = Rien n’a été modifié. Réessayez dans quelques minutes.
errors-internal = Une erreur s’est produite sur le serveur
    .next-step = Rien n’a été modifié. Réessayez ; si le problème persiste, contactez l’assistance.
errors-unexpected = Le serveur a donné une réponse inattendue
    .next-step = Cette app et le serveur ne se comprennent pas. Réessayez plus tard, ou mettez Redeem à jour.

## Appels limités (un code vérifié ou utilisé, une connexion) : ce qu’il reste avant une pause.

errors-attempts-left = { $attempts ->
        [0] C’était la dernière tentative : il faut maintenant attendre { $pause }
        [one] Il reste { $attempts } tentative avant de devoir attendre { $pause }
       *[other] Il reste { $attempts } tentatives avant de devoir attendre { $pause }
    }
errors-pause-ends = La pause se termine à { $time }.

## Ajout de fonds. Une carte déclarée perdue ou volée est refusée, volontairement, dans les
## mêmes termes que tout autre refus.

errors-declined = Votre carte a été refusée
    .next-step = Rien n’a été débité. Contactez l’émetteur de votre carte, ou utilisez une autre carte.
errors-declined-insufficient-funds = Votre carte a été refusée : provision insuffisante
    .next-step = Rien n’a été débité. Essayez un montant plus petit ou une autre carte.
errors-declined-expired = Cette carte a expiré
    .next-step = Rien n’a été débité. Vérifiez la date d’expiration, ou utilisez une autre carte.
errors-declined-cvc = Le cryptogramme visuel est incorrect
    .next-step = Rien n’a été débité. Vérifiez les 3 chiffres au dos de la carte (4 au recto d’une carte American Express) et réessayez.
errors-declined-authentication = L’émetteur de votre carte n’a pas confirmé ce paiement
    .next-step = Rien n’a été débité. Vérifiez le code que l’émetteur de votre carte vous a envoyé et recommencez, ou utilisez une autre carte.
errors-payment-unavailable = Le paiement n’a pas pu aboutir
    .next-step = Le service de paiement n’a pas répondu à temps. Rien n’a été débité ni ajouté. Réessayez : c’est sans risque, et vous n’êtes jamais débité deux fois.
errors-funds-limit = Ce montant dépasse la limite
    .next-step = Vous pouvez ajouter jusqu’à { $limit } par opération, et encore { $remaining } aujourd’hui. Choisissez un montant plus petit.
errors-funds-limit-unknown = Ce montant dépasse la limite
    .next-step = Choisissez un montant plus petit.
errors-funds-not-available = L’ajout de fonds n’est pas disponible ici
    .next-step = Utilisez plutôt une carte cadeau, ou ajoutez des fonds dans l’app Redeem sur votre propre appareil.

## Comptes.

errors-email-taken = Un compte existe déjà avec cette adresse e-mail
    .next-step = Connectez-vous plutôt avec ce compte. Si vous avez oublié son mot de passe, demandez à l’assistance d’en définir un nouveau.
errors-weak-password = Ce mot de passe n’est pas assez robuste
    .next-step = Utilisez au moins 8 caractères, et ni un mot de passe courant ni votre adresse e-mail. Quelques mots sans rapport entre eux forment un mot de passe robuste.
errors-sign-up-closed = Impossible de créer un compte sur ce serveur
    .next-step = Demandez un compte aux personnes qui gèrent ce serveur.
errors-wrong-password = Le mot de passe actuel est incorrect
    .next-step = Saisissez le mot de passe avec lequel vous vous connectez actuellement. Après trop d’essais erronés, le changement est bloqué pendant un moment.

## Le temps d’attente, après « dans ».

errors-wait = { $unit ->
    [seconds] { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }
    [minutes] { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
    [hours] { $hours ->
        [one] { $hours } heure
       *[other] { $hours } heures
    }
    [hours-minutes] { $hours ->
        [one] { $hours } heure
       *[other] { $hours } heures
    } { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
   *[unknown] un moment
}

## Connexion et déconnexion.

errors-sign-in-refused = L’adresse e-mail ou le mot de passe est incorrect
    .next-step = Vérifiez les deux et réessayez.
errors-sign-in-rate-limited = Trop de tentatives de connexion — réessayez dans { $wait }
    .next-step = Pour protéger votre compte, un mot de passe ne peut être essayé que quelques fois de suite. Vérifiez l’adresse e-mail et le mot de passe, et patientez avant de réessayer.
errors-signed-out = Déconnexion effectuée
    .next-step = Votre session a été fermée sur le serveur et rien de votre compte n’est conservé sur cet appareil.
errors-signed-out-locally = Déconnexion effectuée
    .next-step = Rien de votre compte n’est conservé sur cet appareil. Le serveur n’a pas pu être prévenu ; la session y prendra fin à son expiration.
errors-signed-out-everywhere = Déconnexion effectuée sur tous les appareils
    .next-step = Toutes les sessions de votre compte ont pris fin, celle-ci aussi. Reconnectez-vous là où vous souhaitez utiliser Redeem.
errors-session-expired = Votre session a expiré
    .next-step = Pour votre sécurité, les sessions expirent. Reconnectez-vous pour reprendre là où vous en étiez.

## L’historique et son export.

errors-export-incomplete = l’historique n’a pas pu être chargé en entier ({ $reason })
errors-export-failed = L’export a échoué : { $reason }
errors-filter-from-not-a-date = Écrivez la date « Du » au format année-mois-jour, par ex. 2025-01-31.
errors-filter-to-not-a-date = Écrivez la date « Au » au format année-mois-jour, par ex. 2025-01-31.
errors-filter-from-after-to = La date « Du » ne doit pas être postérieure à la date « Au ».

## Ailleurs.

errors-redeem-outcome-unknown = Nous n’avons pas pu confirmer si la carte a été utilisée. Vous pouvez réessayer sans risque : la même demande est renvoyée, la carte n’est donc jamais comptée deux fois.
errors-trade-ins-not-loaded = Impossible de charger les reprises.

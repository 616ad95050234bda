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

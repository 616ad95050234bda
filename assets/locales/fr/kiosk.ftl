# Les écrans propres au mode kiosque : l’écran d’accueil, le compte à rebours avant la
# déconnexion automatique, l’espace du personnel et les touches du clavier à l’écran.

kiosk-attract-title = Touchez l’écran pour consulter votre solde ou utiliser une carte cadeau
kiosk-attract-subtitle = Voyez ce que contient votre compte, ajoutez une carte cadeau et suivez chaque mouvement d’argent.
kiosk-start = Commencer
kiosk-language = Langue
kiosk-done = Terminé
kiosk-cancel = Annuler
kiosk-still-there = Êtes-vous toujours là ?
kiosk-countdown-signed-in = Pour protéger votre vie privée, vous serez déconnecté et tout le contenu de cet écran sera effacé. Temps restant :
kiosk-countdown-signed-out = Pour protéger votre vie privée, tout le contenu de cet écran sera effacé. Temps restant :
kiosk-countdown-seconds = { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}
kiosk-still-here = Je suis toujours là
kiosk-sign-out-now = Me déconnecter maintenant
kiosk-start-over = Recommencer
kiosk-staff = Personnel
kiosk-staff-exit-explained = Quitter le mode kiosque déconnecte la personne connectée et ferme l’app.
kiosk-staff-exit = Quitter le mode kiosque
kiosk-staff-back = Retour au kiosque
kiosk-staff-pin-title = Code PIN du personnel
kiosk-staff-pin-label = Saisissez le code PIN du personnel
kiosk-staff-unlock = Déverrouiller
kiosk-staff-locked = Trop de codes PIN erronés. Réessayez dans { $seconds } s.
kiosk-staff-wrong = Ce code PIN est incorrect. Encore { $tries ->
    [one] { $tries } essai
   *[other] { $tries } essais
} avant que le clavier ne se verrouille pendant une minute.
kiosk-staff-no-pin = Aucun code PIN du personnel n’est défini pour ce terminal : renseignez staff_pin_hash dans la configuration du kiosque.
kiosk-key-delete = Effacer
kiosk-key-enter = Entrée
kiosk-key-shift = Maj
kiosk-key-space = Espace
kiosk-countdown-any-key = Appuyez sur n’importe quelle touche du clavier pour avoir plus de temps.
kiosk-countdown-last = Vous avez eu tout le temps supplémentaire que ce terminal permet.

# Synthèse vocale pour les clients aveugles, dans le casque.
kiosk-speech-on = La synthèse vocale est activée. Les flèches passent d’un choix à l’autre, Entrée choisit. Étoile répète, barre oblique lit tout l’écran, plus et moins règlent le volume, dièse lit ce que vous avez saisi.
kiosk-speech-button = { $name }, bouton
kiosk-speech-button-selected = { $name }, bouton, sélectionné
kiosk-speech-unavailable = { $text }, indisponible
kiosk-speech-text-field = { $name }, champ de texte, { $value }
kiosk-speech-password-field = { $name }, champ de mot de passe, { $count ->
    [one] { $count } caractère saisi
   *[other] { $count } caractères saisis
}
kiosk-speech-empty = vide
kiosk-speech-code-count = { $count } caractères sur 16 saisis
kiosk-speech-typed-code = caractère { $position } sur { $length } saisi
kiosk-speech-typed-secret = caractère { $position } saisi
kiosk-speech-choice = touche { $key }, choix { $position } sur { $count }
kiosk-speech-deleted = { $count ->
    [0] Effacé. Le champ est vide.
    [one] Effacé. Reste { $count } caractère.
   *[other] Effacé. Restent { $count } caractères.
}
kiosk-speech-capital = { $letter } majuscule
kiosk-speech-symbol-space = espace
kiosk-speech-symbol-dot = point
kiosk-speech-symbol-at = arobase
kiosk-speech-symbol-dash = tiret
kiosk-speech-symbol-underscore = tiret bas
kiosk-speech-symbol-plus = signe plus
kiosk-speech-symbol-exclamation = point d’exclamation
kiosk-speech-symbol-question = point d’interrogation
kiosk-speech-volume = Volume { $percent } pour cent.
kiosk-speech-nothing-typed = Rien n’est encore saisi.
kiosk-speech-more-time = Vous avez plus de temps.

# Le compte : sa création, son mot de passe, ses sessions.

account-new-here = Nouveau sur Redeem ?
account-create = Créer un compte
account-sign-up-title = Créez votre compte
account-sign-up-intro = Utilisez votre adresse e-mail et un mot de passe d’au moins 8 caractères. Quelques mots sans rapport entre eux forment un mot de passe robuste et facile à retenir.
account-region = Pays ou région
account-region-choose = Choisir…
account-region-hint = Une carte cadeau ne peut être utilisée que sur un compte du pays ou de la région pour lequel elle a été vendue. Ce choix ne pourra pas être modifié.
account-create-submit = Créer le compte
account-back-to-sign-in = Retour à la connexion
account-show-password = Afficher le mot de passe

## L’indicateur de robustesse d’un nouveau mot de passe. $min est la longueur minimale acceptée.

account-strength-empty = Au moins { $min } caractères.
account-strength-too-short = Trop court : au moins { $min } caractères.
account-strength-too-common = Trop facile à deviner : c’est un mot de passe courant, ou votre adresse e-mail.
account-strength-fair = Acceptable. Plus il est long, plus il est robuste.
account-strength-good = Bon.
account-strength-strong = Robuste.

## L’écran du compte.

account-title = Votre compte
# $email, $region (le nom d’un pays) et $currency (un code de trois lettres).
account-signed-in-as = Connecté en tant que { $email } · { $region } · { $currency }
account-change-password = Changer de mot de passe
account-change-password-intro = Après le changement, tous les autres appareils connectés à votre compte sont déconnectés. Celui-ci reste connecté.
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-change-password-submit = Changer le mot de passe
account-password-changed = Votre mot de passe a été changé
    .next-step = Tous les autres appareils connectés à votre compte ont été déconnectés.
account-sign-out-everywhere = Se déconnecter partout
account-sign-out-everywhere-intro = Met fin à toutes les sessions de votre compte : sur cet appareil, sur les autres ordinateurs et téléphones, et sur les bornes en magasin.
account-sign-out-everywhere-button = Se déconnecter partout…
account-sign-out-everywhere-sure = Se déconnecter sur tous les appareils, y compris celui-ci ?
account-sign-out-everywhere-confirm = Oui, me déconnecter partout
account-cancel = Annuler

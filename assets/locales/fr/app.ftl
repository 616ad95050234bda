# Le cadre de l’app : son nom, la navigation et le compte dans la barre du haut, l’écran de
# connexion avec le compte de démo, et les préférences.

app-name = Redeem
screen-balance = Solde
screen-redeem = Utiliser une carte cadeau
screen-history = Historique
screen-add-money = Ajouter des fonds
screen-account = Compte

app-sign-out = Se déconnecter
app-preferences = Préférences
app-close-preferences = Fermer les préférences
app-demo-local = Démo — registre local
app-demo-data = Données de démo

app-region-name = { $region ->
    [US] États-Unis
    [GB] Royaume-Uni
    [DE] Allemagne
    [FR] France
    [JP] Japon
    [CA] Canada
    [AU] Australie
    [CH] Suisse
    [KW] Koweït
   *[other] { $region }
}

app-tagline = Votre solde, vos cartes cadeaux et chaque mouvement d’argent.
app-sign-in-title = Connectez-vous à votre compte
app-sign-in-email = Adresse e-mail
app-sign-in-email-hint = nom@example.com
app-sign-in-password = Mot de passe
app-sign-in-submit = Se connecter
app-sign-in-busy = Connexion en cours…
app-demo-title = Essayez avec des données de démo
app-demo-on-this-device = Cette copie de Redeem tient son propre registre sur cet ordinateur. Rien ici n’est de l’argent réel.
app-demo-on-server = Ce serveur fonctionne avec des données de démo. Rien ici n’est de l’argent réel.
app-demo-email = E-mail de démo
app-demo-password = Mot de passe de démo
app-demo-use-account = Utiliser le compte de démo
app-demo-cards = Cartes cadeaux de démo
app-demo-cards-help = Utilisez-en une après vous être connecté. La dernière est destinée au Royaume-Uni, pour montrer ce qui se passe avec une carte d’une autre région.
app-demo-copy = Copier
app-demo-copy-tooltip = Copier ce code

app-preferences-done = Terminé
app-preferences-appearance = Apparence
app-preferences-theme = Thème
app-theme-system = Système
app-theme-light = Clair
app-theme-dark = Sombre
app-preferences-text-size = Taille du texte
app-preferences-touch = Écran tactile
app-preferences-large-targets = Grandes zones tactiles
app-preferences-language = Langue et région
app-preferences-language-automatic = Selon la région du compte
app-preferences-connection = Connexion au serveur
app-preferences-server = Serveur
app-preferences-server-hint = Serveur de démo intégré
app-preferences-poll = Vérifier le solde toutes les
app-preferences-poll-unit = {"\u202F"}s
app-preferences-sign-in = Identification
app-preferences-remember-email = Mémoriser mon adresse e-mail
app-preferences-server-next-start = Le nouveau serveur sera utilisé au prochain démarrage de Redeem.
app-preferences-stored = Les préférences sont enregistrées sur cet appareil. Les mots de passe, jetons de connexion et codes de cartes cadeaux ne le sont jamais.

app-preferences-unreadable = Vos préférences enregistrées n’ont pas pu être lues : les valeurs par défaut sont utilisées. (Ligne { $line }, colonne { $column } : { $reason })
app-preferences-too-new = Vos préférences enregistrées proviennent d’une version plus récente de Redeem (format { $version }) : les valeurs par défaut sont utilisées.
app-preferences-upgraded = Vos préférences enregistrées ont été mises à jour depuis un format plus ancien (version { $version }).

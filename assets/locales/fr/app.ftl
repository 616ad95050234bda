# Le cadre de l’app : son nom, la navigation et le compte dans la barre du haut.

app-name = Redeem
screen-balance = Solde
screen-redeem = Utiliser une carte cadeau
screen-history = Historique

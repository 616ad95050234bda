# Der Rahmen der App: Name, Navigation und Konto in der oberen Leiste.

app-name = Redeem
screen-balance = Guthaben
screen-redeem = Geschenkkarte einlösen
screen-history = Verlauf

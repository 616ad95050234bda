# The app's frame: its name, the navigation and the account in the top bar.
# English is the source language; message ids are English kebab-case.

app-name = Redeem
screen-balance = Balance
screen-redeem = Redeem a gift card
screen-history = History

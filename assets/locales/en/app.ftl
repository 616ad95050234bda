# The app's frame: its name, the navigation and the account in the top bar, the sign-in
# screen with the demo account, and the preferences.
# English is the source language; message ids are English kebab-case.

app-name = Redeem
screen-balance = Balance
screen-redeem = Redeem a gift card
screen-history = History
screen-add-money = Add money
screen-account = Account

## The top bar.

app-sign-out = Sign out
app-preferences = Preferences
app-close-preferences = Close preferences
app-demo-local = Demo — local ledger
app-demo-data = Demo data

## Region names, for the account line in the top bar, by the region's code.

app-region-name = { $region ->
    [US] United States
    [GB] United Kingdom
    [DE] Germany
    [FR] France
    [JP] Japan
    [CA] Canada
    [AU] Australia
    [CH] Switzerland
    [KW] Kuwait
   *[other] { $region }
}

## The sign-in screen.

app-tagline = Your balance, gift cards and every movement of money.
app-sign-in-title = Sign in to your account
app-sign-in-email = Email
app-sign-in-email-hint = you@example.com
app-sign-in-password = Password
app-sign-in-submit = Sign in
app-sign-in-busy = Signing in…
app-demo-title = Try it with demo data
app-demo-on-this-device = This copy of Redeem runs its own ledger on this computer. Nothing here is real money.
app-demo-on-server = This server runs on demo data. Nothing here is real money.
app-demo-email = Demo e-mail
app-demo-password = Demo password
app-demo-use-account = Use the demo account
app-demo-cards = Demo gift cards
app-demo-cards-help = Redeem one after signing in. The last one is for the United Kingdom, to show what happens with a card from another region.
app-demo-copy = Copy
app-demo-copy-tooltip = Copy this code

## The preferences screen.

app-preferences-done = Done
app-preferences-appearance = Appearance
app-preferences-theme = Theme
app-theme-system = System
app-theme-light = Light
app-theme-dark = Dark
app-preferences-text-size = Text size
app-preferences-touch = Touch
app-preferences-large-targets = Large touch targets
app-preferences-language = Language and region
app-preferences-language-automatic = As the account's region
app-preferences-connection = Connection
app-preferences-server = Server
app-preferences-server-hint = Built-in demo server
app-preferences-poll = Check the balance every
# After the number of seconds on the polling slider.
app-preferences-poll-unit = {" "}s
app-preferences-sign-in = Sign-in
app-preferences-remember-email = Remember my e-mail address
app-preferences-server-next-start = The new server is used the next time Redeem starts.
app-preferences-stored = Preferences are stored on this device. Passwords, sign-in tokens and gift card codes never are.

## Why the saved preferences were not used as they were.

app-preferences-unreadable = Your saved preferences could not be read, so the defaults are in use. (Line { $line }, column { $column }: { $reason })
app-preferences-too-new = Your saved preferences come from a newer version of Redeem (format { $version }), so the defaults are in use.
app-preferences-upgraded = Your saved preferences were updated from an older format (version { $version }).

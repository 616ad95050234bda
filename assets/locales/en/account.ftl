# The account: making one, its password, its sessions.

account-new-here = New to Redeem?
account-create = Create an account
account-sign-up-title = Create your account
account-sign-up-intro = Use your e-mail address and a password of at least 8 characters. A few unrelated words make a strong one that is easy to remember.
account-region = Country or region
account-region-choose = Choose…
account-region-hint = Gift cards redeem only into an account of the country or region they were sold for. It cannot be changed later.
account-create-submit = Create account
account-back-to-sign-in = Back to sign-in
account-show-password = Show password

## The strength meter of a new password. $min is the shortest length accepted.

account-strength-empty = At least { $min } characters.
account-strength-too-short = Too short: at least { $min } characters.
account-strength-too-common = Too easy to guess: this is a common password, or your e-mail address.
account-strength-fair = Acceptable. Longer is stronger.
account-strength-good = Good.
account-strength-strong = Strong.

## The account screen.

account-title = Your account
# $email, $region (a country's name) and $currency (a three-letter code).
account-signed-in-as = Signed in as { $email } · { $region } · { $currency }
account-change-password = Change password
account-change-password-intro = After the change, every other device signed in to your account is signed out. This one stays signed in.
account-current-password = Current password
account-new-password = New password
account-change-password-submit = Change password
account-password-changed = Your password was changed
    .next-step = Every other device signed in to your account has been signed out.
account-sign-out-everywhere = Sign out everywhere
account-sign-out-everywhere-intro = Ends every session of your account: on this device, on other computers and phones, and on store kiosks.
account-sign-out-everywhere-button = Sign out everywhere…
account-sign-out-everywhere-sure = Sign out on every device, this one too?
account-sign-out-everywhere-confirm = Yes, sign out everywhere
account-cancel = Cancel

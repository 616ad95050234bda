# Every error the app explains: the value is the title (what happened), the .next-step
# attribute says what to do.
# Amounts, dates and times arrive as finished strings; counts are plain numbers.

## A code rejected on this device, before anything was sent.

errors-code-empty = Enter your gift card code
    .next-step = It is the 16-character code on the back of the card, under the scratch-off strip.
errors-code-invalid-character = Character { $position } (“{ $character }”) cannot be in a gift card code
    .next-step = Codes use the digits 0–9 and the letters A–Z except U. Compare that character with the card and correct it.
errors-code-too-short = The code is too short: { $length } of 16 characters
    .next-step = Check that you typed or pasted the whole code.
errors-code-too-long = The code is too long: { $length } characters, a code has 16
    .next-step = Check for extra characters, or paste only the code.
errors-code-check-failed = This code does not check out — probably a typo
    .next-step = Compare each character with the card; 8 and B, 5 and S, 2 and Z are easy to mix up. Nothing was sent.

## A call to the server that failed.

errors-network = Cannot reach the server
    .next-step = Check your internet connection. Nothing was changed; try again in a moment.
errors-timeout = { $seconds ->
        [one] The server did not answer within { $seconds } second
       *[other] The server did not answer within { $seconds } seconds
    }
    .next-step = It may be busy. Try again in a moment; a redeem is retried safely and never counted twice.
errors-decode = The server sent an answer this app does not understand
    .next-step = The server may be newer than this app. Try again later, or update Redeem.
errors-invalid-code = No gift card has this code
    .next-step = Compare the code with the card. If it matches, the card may not be activated yet: contact the store you bought it from, with the receipt.
# $when is "known" when $date and $time say when the card was redeemed, else "unknown".
errors-redeemed-by-you = { $when ->
        [known] You already redeemed this card on { $date } at { $time }
       *[unknown] You already redeemed this card
    }
    .next-step = Its value is in your balance; look for it in History. There is nothing more to do.
errors-redeemed-by-someone-else = { $when ->
        [known] This card was already redeemed on { $date } at { $time }, into another account
       *[unknown] This card was already redeemed, into another account
    }
    .next-step = If you did not redeem it, contact the store you bought it from or support, with the card and the receipt.
errors-redeemed = { $when ->
        [known] This card was already redeemed on { $date } at { $time }
       *[unknown] This card was already redeemed
    }
    .next-step = Check your History. If it is not there, contact support with the card and the receipt.
# $region is the country's name from redeem-region-*, $code its two-letter code.
errors-region-mismatch = This card is for { $region } ({ $code })
    .next-step = A gift card only works in the country or region it was sold for, and this account belongs to another. Use it with an account from that country or region.
errors-region-mismatch-unknown = This card is for another country or region
    .next-step = A gift card only works in the country or region it was sold for, and this account belongs to another. Use it with an account from that country or region.
errors-card-not-active = This card is not active yet
    .next-step = Cards are activated at the till when they are bought. Keep the receipt and ask the store to activate it.
errors-card-disabled = This card has been disabled
    .next-step = It may have been reported lost or stolen. Contact support with the card and the receipt.
# $wait is a finished errors-wait-* text.
errors-rate-limited = Too many attempts — try again in { $wait }
    .next-step = To protect gift cards from guessing, codes can be tried only a few times an hour. Meanwhile, check the code against the card.
errors-insufficient-funds = Not enough balance
    .next-step = Redeem a gift card or choose another way to pay.
errors-unauthorized = Your session has ended
    .next-step = For your security, sessions expire. Sign in again to continue.
errors-idempotency-conflict = This request is still being processed
    .next-step = Wait a few seconds and try again; it will not be counted twice.
errors-idempotency-mismatch = This request clashes with an earlier one
    .next-step = Start over with “Redeem another card”; nothing was changed by this attempt.
# $detail is the server's own words, which stay English.
errors-validation = The server did not accept the request
    .next-step = { $detail } Check what you entered and try again.
errors-unavailable = The service is unavailable right now
    .next-step = Nothing was changed. Try again in a few minutes.
errors-internal = Something went wrong on the server
    .next-step = Nothing was changed. Try again; if it keeps happening, contact support.
errors-unexpected = The server gave an unexpected answer
    .next-step = This app and the server do not agree. Try again later, or update Redeem.

## Limited calls (a code checked or redeemed, a sign-in): what is left before a pause.

# $attempts is a count; $pause a finished errors-wait text ("1 hour").
errors-attempts-left = { $attempts ->
        [0] That was the last attempt: a pause of { $pause } starts now
        [one] 1 attempt left before a pause of { $pause }
       *[other] { $attempts } attempts left before a pause of { $pause }
    }
# $time is a finished time of day.
errors-pause-ends = The pause ends at { $time }.

## Adding money. A card reported lost or stolen is declined in the same words as any
## other decline, on purpose.

errors-declined = Your card was declined
    .next-step = Nothing was charged. Contact your card issuer, or use another card.
errors-declined-insufficient-funds = Your card was declined: not enough funds
    .next-step = Nothing was charged. Try a smaller amount or another card.
errors-declined-expired = This card has expired
    .next-step = Nothing was charged. Check the expiry date, or use another card.
errors-declined-cvc = The security code is wrong
    .next-step = Nothing was charged. Check the 3 digits on the back of the card (4 on the front of an American Express card) and try again.
errors-declined-authentication = Your card issuer did not confirm this payment
    .next-step = Nothing was charged. Check the code your card issuer sent you and start again, or use another card.
errors-payment-unavailable = The payment could not be completed
    .next-step = The payment service did not answer in time. Nothing was charged or added. Try again: it is safe, and you are never charged twice.
# $limit and $remaining are finished amounts.
errors-funds-limit = This amount is above the limit
    .next-step = You can add up to { $limit } at a time, and { $remaining } more today. Choose a smaller amount.
errors-funds-limit-unknown = This amount is above the limit
    .next-step = Choose a smaller amount.
errors-funds-not-available = Adding money is not available here
    .next-step = Redeem a gift card instead, or add money in the Redeem app on your own device.

## Accounts.

errors-email-taken = An account with this e-mail address exists
    .next-step = Sign in with it instead. If you forgot its password, ask support to set a new one.
errors-weak-password = This password is not strong enough
    .next-step = Use at least 8 characters, and not a common password or your e-mail address. A few unrelated words make a strong one.
errors-sign-up-closed = New accounts cannot be made on this server
    .next-step = Ask the people who run it for an account.
errors-wrong-password = The current password is wrong
    .next-step = Type the password you sign in with now. After too many wrong tries, changing it pauses for a while.

## How long to wait, after "try again in". $unit is seconds, minutes, hours,
## hours-minutes or unknown (the server did not say); the counts not used are 0.

errors-wait = { $unit ->
    [seconds] { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }
    [minutes] { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
    [hours] { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
    [hours-minutes] { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
   *[unknown] a while
}

## Signing in and out.

errors-sign-in-refused = The e-mail address or password is not right
    .next-step = Check both and try again.
errors-sign-in-rate-limited = Too many sign-in attempts — try again in { $wait }
    .next-step = To protect your account, a password can be tried only a few times in a row. Check the e-mail address and the password, and wait before you try again.
errors-signed-out = You signed out
    .next-step = Your session was ended on the server and nothing about your account is kept on this device.
errors-signed-out-locally = You signed out
    .next-step = Nothing about your account is kept on this device. The server could not be told, so the session ends there when it expires.
errors-signed-out-everywhere = You signed out on every device
    .next-step = Every session of your account has ended, this one too. Sign in again wherever you want to use Redeem.
errors-session-expired = Your session has ended
    .next-step = For your security, sessions expire. Sign in again to continue where you left off.

## History and its export.

# $reason is the title of the explanation of the failed page.
errors-export-incomplete = the history could not be loaded in full ({ $reason })
# $reason says why, from writing the file or from errors-export-incomplete.
errors-export-failed = The export failed: { $reason }
errors-filter-from-not-a-date = Write the “From” date as year-month-day, e.g. 2025-01-31.
errors-filter-to-not-a-date = Write the “To” date as year-month-day, e.g. 2025-01-31.
errors-filter-from-after-to = The “From” date must not be after the “To” date.

## Elsewhere.

errors-redeem-outcome-unknown = We could not confirm whether the card was redeemed. Trying again is safe: it repeats the same request, so the card is never counted twice.
errors-trade-ins-not-loaded = Trade-ins could not be loaded.

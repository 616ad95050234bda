# Adding money to the balance from a payment card.
# Amounts arrive as finished strings; counts are plain numbers.

add-money-title = Add money to your balance
add-money-intro = Pay by card; the money is in your balance as soon as the payment goes through.
add-money-loading = Loading the amounts you can add…
add-money-reload = Try again
add-money-amount = Amount
add-money-other = Other amount
# $currency is the three-letter code of the account's currency.
add-money-other-label = Amount in { $currency }
# $min, $max and $remaining are finished amounts.
add-money-limits = From { $min } up to { $max } at a time; { $remaining } more today.
add-money-card = Payment card
add-money-card-number = Card number
add-money-expiry = Expiry date
add-money-expiry-hint = MM/YY
add-money-cvc = Security code
add-money-card-kept = Your card is used for this payment only: Redeem keeps only its type and last 4 digits.
add-money-review = Review
add-money-cancel = Cancel
add-money-review-title = Check and pay
add-money-paid-with = Paid with
add-money-into-account = Into the account
add-money-review-note = Nothing is charged until you press Pay.
# $amount is a finished amount.
add-money-pay = Pay { $amount }
add-money-edit = Change
add-money-paying = Paying…
add-money-confirming = Checking the code with your card issuer…
add-money-slow = The payment service is slow to answer — trying again (attempt { $attempt } of { $attempts })
    .next-step = This repeats the same request with the same key, so you are never charged twice.
add-money-outcome-unknown = It is not known whether the payment went through. Trying again is safe: you are charged at most once.
add-money-try-again = Try again
add-money-issuer-title = Your card issuer asks you to confirm
# $amount is a finished amount, $card a finished add-money-card-summary.
add-money-issuer-intro = To pay { $amount } with { $card }, enter the code your card issuer sent you (by text message or in its app).
add-money-issuer-code = Code from your card issuer
add-money-issuer-confirm = Confirm payment
add-money-issuer-note = Nothing is charged unless the code is right.
add-money-done = Money added
add-money-done-back = Back to balance
# $brand is visa, mastercard, amex or card; $last4 the card's last four digits.
add-money-card-summary = { $brand ->
        [visa] Visa
        [mastercard] Mastercard
        [amex] American Express
       *[other] Card
    } •••• { $last4 }

## Problems with the form, found before anything is sent.

add-money-problem-no-amount = Choose an amount.
add-money-problem-amount = Type the amount as a number, for example 30 or 30.50.
add-money-problem-below-min = The smallest amount is { $min }.
add-money-problem-above-max = The largest amount at a time is { $max }.
add-money-problem-above-today = You can add { $remaining } more today.
add-money-problem-number-length = A card number has 12 to 19 digits. Check that you typed all of them.
add-money-problem-number-check = This card number does not check out — probably a typo. Compare it with the card.
add-money-problem-expiry-format = Type the expiry date as on the card: month and year, for example 04/29.
add-money-problem-expired = This card has expired. Use another card.
add-money-problem-cvc = The security code is the 3 digits on the back of the card (4 on the front of an American Express card).

## The test payment provider's cards, shown only by a server that runs it.

add-money-test-title = Test cards
add-money-test-hint = This server charges no real cards. Pick a test card to see what happens with it.
# $code is the one-time code the test card issuer accepts.
add-money-test-hint-code = This server charges no real cards. Pick a test card to see what happens with it; the test card issuer's code is { $code }.
# $outcome is what the test card does.
add-money-test-outcome = { $outcome ->
        [succeeds] goes through
        [declined_insufficient_funds] declined, not enough funds
        [declined_stolen] declined, reported stolen
        [requires_confirmation] asks for a code
        [times_out] no answer
       *[other] { $outcome }
    }
# $last4 is the end of the card number, $outcome a finished add-money-test-outcome.
add-money-test-card = …{ $last4 }: { $outcome }

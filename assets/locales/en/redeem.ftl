# The redeem screen: code, preview, confirmation and receipt, and the demo cards.
# Amounts arrive as finished strings; counts are plain numbers.

redeem-title = Add a gift card to your balance
redeem-intro = Enter the 16-character code from the back of the card. Spaces and dashes are fine; so is lower case.
redeem-code-label = Gift card code
redeem-code-progress = { $typed } of 16 characters
redeem-check-code = Check code
redeem-checking = Checking the card…
redeem-try-again = Try again

## The preview, before the person confirms.

redeem-preview-adds = This gift card adds
redeem-card = Card
redeem-region = Country or region
redeem-into-account = Into the account
redeem-confirm = Confirm and redeem
redeem-back = Back

## While redeeming, and the result.

redeem-redeeming = Redeeming your gift card…
redeem-slow = The server is slow to answer — trying again (attempt { $attempt } of { $attempts })
    .next-step = This repeats the same request with the same key, so the card can never be redeemed twice.
redeem-done = Gift card redeemed
# $amount is the credited amount, finished, without a sign.
redeem-added = +{ $amount } added
redeem-new-balance = New balance
redeem-receipt = Receipt
redeem-copy = Copy
redeem-copy-hint = Copy the receipt number
redeem-another = Redeem another card
redeem-view-history = View history

## The gift-card scam warning, and what to do when it happened.

redeem-scam-title = Gift cards are for gifts, not payments
redeem-scam-body = Anyone who asks you to pay with a gift card, or to read them its code, is a scammer, whoever they say they are: a government office, a utility, tech support, a bank, or a friend you met online.
redeem-scam-before-confirm = Redeem this card only if you bought it for yourself or were given it as a gift. If someone asked you for its code, stop here.
redeem-scam-help-link = What to do if this happened
redeem-scam-understood = I understand
redeem-scam-help-title = If someone asked you to pay with gift cards
redeem-scam-help-intro = It happens to many people, and acting quickly can still save the money.
redeem-scam-help-stop = Stop. Do not buy more cards and do not share any more codes, whatever you are told.
redeem-scam-help-keep = Keep the cards and their receipts: the codes and the receipts are how the money is traced.
redeem-scam-help-issuer = Contact the company that issued the cards at once, tell them the cards were used in a scam, and ask whether the money can still be frozen.
redeem-scam-help-report = Report the scam to the police or to your consumer protection agency; in the United States, to the Federal Trade Commission at ReportFraud.ftc.gov.
redeem-scam-help-back = Back

## The demo cards.

redeem-demo-title = Demo gift cards
redeem-demo-hint = Put one in the code field to try redeeming. The last one is for the United Kingdom.
# $last4 is the end of the card's code.
redeem-demo-card = Card …{ $last4 }
redeem-demo-card-hint = Put this demo code in the field

## Countries and regions a card can be sold for, by their two-letter code.

redeem-region-name = { $code ->
    [US] United States
    [GB] United Kingdom
    [DE] Germany
    [FR] France
    [JP] Japan
    [CA] Canada
    [AU] Australia
    [CH] Switzerland
    [KW] Kuwait
   *[other] { $code }
}

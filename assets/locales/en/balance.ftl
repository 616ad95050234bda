# The balance screen: what the account holds, what is on its way, where it came from.
# Amounts and dates arrive as finished strings.

balance-available = Available balance
balance-refresh = Refresh
balance-refresh-hint = Ask the server for the balance now
balance-hidden = Hidden so that nobody nearby can read it.
balance-show = Show balance
balance-add-money = Add money
balance-add-money-hint = Add money to your balance from a payment card
# $age is a finished "how long ago" text, such as "5 min ago".
balance-updated = Updated { $age }
balance-stale = Not current — last confirmed { $age }
balance-stale-next-step = { $next_step } The balance shown is the last one the server confirmed.
balance-loading = Loading your balance…
balance-nudge-title = { $amount } has been waiting for you since { $date }
balance-nudge-text = Your balance never expires. Use it for apps, music, subscriptions or in store.

## Trade-ins.

balance-pending-title = Trade-in credit on its way
balance-no-trade-ins = No trade-ins. Trade in a device to get credit for it.
balance-trade-in-pending = Waiting for device
balance-trade-in-received = Received
balance-trade-in-inspecting = Inspecting
balance-trade-in-credited = Credited
balance-trade-in-rejected = Not accepted

## Where the balance comes from.

balance-sources-title = Where your balance comes from
balance-sources-empty = Nothing yet. Redeem a gift card to add to your balance.
balance-source-gift-card = Gift card
balance-source-trade-in = Trade-in
balance-source-added-funds = Added funds
balance-source-purchase = Purchase
balance-source-refund = Refund
balance-source-adjustment = Adjustment

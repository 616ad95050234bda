# The history screen: filters, the table, the balance plot and the CSV export.
# English is the source language; message ids are English kebab-case.

history-kind = Kind
history-all-kinds = All kinds
history-kind-gift-card = Gift card
history-kind-trade-in = Trade-in
history-kind-added-funds = Added funds
history-kind-purchase = Purchase
history-kind-refund = Refund
history-kind-adjustment = Adjustment

history-period = Period
history-period-all-time = All time
history-period-last-7-days = Last 7 days
history-period-last-30-days = Last 30 days
history-period-last-12-months = Last 12 months
history-period-custom = Custom dates
history-from = From
history-to = To
# The format a custom date is typed in; the digits themselves are always year-month-day.
history-date-hint = YYYY-MM-DD
history-search = Search
history-search-hint = Description, source, amount

history-export = Export CSV
history-export-tooltip = Save every entry that matches the filters and the search as a CSV file
history-export-gathering = { $count ->
    [one] Loading the whole history for the export… { $count } entry so far
   *[other] Loading the whole history for the export… { $count } entries so far
}
history-exporting = Exporting…
history-exported-to = Exported to { $path }
history-exported-download = Saved to your downloads as { $file }
history-loaded-earlier = The entries shown were loaded earlier.

history-plot-title = Balance over time
history-plot-line = Balance
history-plot-too-few = The plot appears once there are two or more entries.

history-column-date = Date
history-column-description = Description
history-column-source = Source
history-column-amount = Amount
history-column-balance = Balance

history-loading = Loading your history…
history-loading-more = Loading more…
history-no-match = No entries match.
history-loaded-scroll = { $count ->
    [one] { $count } entry loaded · scroll for more
   *[other] { $count } entries loaded · scroll for more
}
history-all-loaded = { $count ->
    [one] { $count } entry · the beginning of your history
   *[other] { $count } entries · the beginning of your history
}

# The header row of the exported CSV file.
history-csv-date = date
history-csv-kind = kind
history-csv-description = description
history-csv-source = source
history-csv-amount = amount
history-csv-currency = currency
history-csv-balance-after = balance_after

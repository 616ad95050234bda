# 履歴画面：絞り込み、一覧表、残高の推移、CSV 書き出し。
# 日本語に単数・複数の区別はありません。

history-kind = 種類
history-all-kinds = すべての種類
history-kind-gift-card = ギフトカード
history-kind-trade-in = 下取り
history-kind-added-funds = 入金
history-kind-purchase = 購入
history-kind-refund = 返金
history-kind-adjustment = 調整

history-period = 期間
history-period-all-time = 全期間
history-period-last-7-days = 過去7日間
history-period-last-30-days = 過去30日間
history-period-last-12-months = 過去12か月
history-period-custom = 期間を指定
history-from = 開始日
history-to = 終了日
history-date-hint = 例：2025-01-31
history-search = 検索
history-search-hint = 内容、参照元、金額

history-export = CSVを書き出す
history-export-tooltip = 絞り込みと検索に一致するすべての取引をCSVファイルに保存します
history-export-gathering = 書き出しのため履歴をすべて読み込んでいます… 現在{ $count }件
history-exporting = 書き出しています…
history-exported-to = { $path } に書き出しました
history-exported-download = ダウンロードに { $file } として保存しました
history-loaded-earlier = 表示中の取引は以前に読み込んだものです。

history-plot-title = 残高の推移
history-plot-line = 残高
history-plot-too-few = 取引が2件以上になるとグラフが表示されます。

history-column-date = 日時
history-column-description = 内容
history-column-source = 参照元
history-column-amount = 金額
history-column-balance = 残高

history-loading = 履歴を読み込んでいます…
history-loading-more = さらに読み込んでいます…
history-no-match = 一致する取引はありません。
history-loaded-scroll = { $count }件を読み込み済み · スクロールして続きを表示
history-all-loaded = { $count }件 · 履歴の始まりです

history-csv-date = 日時
history-csv-kind = 種類
history-csv-description = 内容
history-csv-source = 参照元
history-csv-amount = 金額
history-csv-currency = 通貨
history-csv-balance-after = 取引後残高

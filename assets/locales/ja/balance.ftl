# 残高画面：アカウントの残高、入金予定、その内訳。

balance-available = 利用可能な残高
balance-refresh = 更新
balance-refresh-hint = 今すぐサーバーに残高を問い合わせる
balance-hidden = 周りの人に見られないよう非表示にしています。
balance-show = 残高を表示
balance-add-money = 入金する
balance-add-money-hint = 支払いカードで残高に入金する
balance-updated = 更新：{ $age }
balance-stale = 最新ではありません（最終確認：{ $age }）
balance-stale-next-step = { $next_step } 表示中の残高は、サーバーが最後に確認したものです。
balance-loading = 残高を読み込んでいます…
balance-nudge-title = { $date }から{ $amount }がご利用をお待ちしています
balance-nudge-text = 残高に有効期限はありません。アプリ、音楽、サブスクリプション、店舗でのお買い物にご利用ください。

## 下取り。

balance-pending-title = 入金予定の下取りクレジット
balance-no-trade-ins = 下取りはありません。デバイスを下取りに出すと、クレジットを受け取れます。
balance-trade-in-pending = デバイス到着待ち
balance-trade-in-received = 受け取り済み
balance-trade-in-inspecting = 査定中
balance-trade-in-credited = 入金済み
balance-trade-in-rejected = 受付不可

## 残高の内訳。

balance-sources-title = 残高の内訳
balance-sources-empty = まだありません。ギフトカードを引き換えると残高に追加されます。
balance-source-gift-card = ギフトカード
balance-source-trade-in = 下取り
balance-source-added-funds = 入金
balance-source-purchase = 購入
balance-source-refund = 返金
balance-source-adjustment = 調整

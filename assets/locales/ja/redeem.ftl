# 引き換え画面：コード、確認、結果とレシート、デモ用カード。

redeem-title = ギフトカードを残高に追加
redeem-intro = カード裏面の16文字のコードを入力してください。スペース、ハイフン、小文字が含まれていても構いません。
redeem-code-label = ギフトカードのコード
redeem-code-progress = 16文字中{ $typed }文字
redeem-check-code = コードを確認
redeem-checking = カードを確認しています…
redeem-try-again = もう一度試す

## 確定する前の確認。

redeem-preview-adds = このギフトカードで追加される金額
redeem-card = カード
redeem-region = 国または地域
redeem-into-account = 追加先のアカウント
redeem-confirm = 確定して引き換える
redeem-back = 戻る

## 引き換え中と結果。

redeem-redeeming = ギフトカードを引き換えています…
redeem-slow = サーバーの応答が遅れています。再試行しています（{ $attempts }回中{ $attempt }回目）
    .next-step = 同じキーで同じリクエストを繰り返すため、カードが二重に引き換えられることはありません。
redeem-done = ギフトカードを引き換えました
redeem-added = +{ $amount }を追加しました
redeem-new-balance = 新しい残高
redeem-receipt = レシート
redeem-copy = コピー
redeem-copy-hint = レシート番号をコピー
redeem-another = 別のカードを引き換える
redeem-view-history = 履歴を見る

## デモ用カード。

redeem-demo-title = デモ用ギフトカード
redeem-demo-hint = いずれかをコード欄に入れて、引き換えをお試しください。最後のカードはイギリス用です。
redeem-demo-card = カード …{ $last4 }
redeem-demo-card-hint = このデモ用コードを入力欄に入れる

## カードが販売される国と地域。

redeem-region-name = { $code ->
    [US] アメリカ合衆国
    [GB] イギリス
    [DE] ドイツ
    [FR] フランス
    [JP] 日本
    [CA] カナダ
    [AU] オーストラリア
    [CH] スイス
    [KW] クウェート
   *[other] { $code }
}

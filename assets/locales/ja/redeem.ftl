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

## ギフトカード詐欺への注意と、被害に遭った場合の対処法。

redeem-scam-title = ギフトカードは贈り物用です。支払いには使いません
redeem-scam-body = ギフトカードでの支払いや、カードのコードを伝えるよう求めてくる相手は、誰を名乗っていても詐欺です。官公庁、電気・ガス・水道などの事業者、テクニカルサポート、銀行、インターネットで知り合った友人を名乗る場合も同じです。
redeem-scam-before-confirm = このカードは、ご自身で購入したものか、贈り物として受け取ったものである場合にのみ引き換えてください。誰かにコードを求められた場合は、ここで中止してください。
redeem-scam-help-link = 被害に遭った場合の対処法
redeem-scam-understood = わかりました
redeem-scam-help-title = ギフトカードでの支払いを求められた場合
redeem-scam-help-intro = 多くの人が同じ被害に遭っています。すぐに行動すれば、まだお金を守れる可能性があります。
redeem-scam-help-stop = まず、やり取りを止めてください。何を言われても、カードを買い足したり、コードを伝えたりしないでください。
redeem-scam-help-keep = カードとレシートは捨てずに保管してください。コードとレシートが、お金の行方を追う手がかりになります。
redeem-scam-help-issuer = すぐにカードの発行会社に連絡し、カードが詐欺に使われたことを伝えて、残高を凍結できるかどうか確認してください。
redeem-scam-help-report = 警察や消費生活センターなどの消費者保護機関に相談・届け出をしてください。米国では、連邦取引委員会（FTC）のReportFraud.ftc.govで届け出ができます。
redeem-scam-help-back = 戻る

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

# 支払いカードで残高に入金する画面。
# 金額は書式済みの文字列で、件数は数値で渡されます。

add-money-title = 残高に入金
add-money-intro = カードでお支払いください。支払いが完了すると、すぐに残高に反映されます。
add-money-loading = 入金できる金額を読み込んでいます…
add-money-reload = もう一度試す
add-money-amount = 金額
add-money-other = その他の金額
# $currency はアカウントの通貨の3文字のコード。
add-money-other-label = 金額（{ $currency }）
# $min、$max、$remaining は書式済みの金額。
add-money-limits = 1回あたり{ $min }〜{ $max }。本日はあと{ $remaining }まで入金できます。
add-money-card = 支払いカード
add-money-card-number = カード番号
add-money-expiry = 有効期限
add-money-expiry-hint = 例：04/29
add-money-cvc = セキュリティコード
add-money-card-kept = カードはこの支払いにのみ使用されます。Redeemが保存するのは、カードの種類と下4桁だけです。
add-money-review = 確認
add-money-cancel = キャンセル
add-money-review-title = 確認して支払う
add-money-paid-with = 支払い方法
add-money-into-account = 入金先のアカウント
add-money-review-note = 「支払う」を押すまで、請求は発生しません。
# $amount は書式済みの金額。
add-money-pay = { $amount }を支払う
add-money-edit = 変更
add-money-paying = お支払いを処理しています…
add-money-confirming = カード発行会社にコードを確認しています…
add-money-slow = 決済サービスの応答が遅れています。再試行しています（{ $attempts }回中{ $attempt }回目）
    .next-step = 同じキーで同じリクエストを繰り返すため、二重に請求されることはありません。
add-money-outcome-unknown = 支払いが完了したかどうかを確認できません。再試行しても安全です。請求されるのは最大1回です。
add-money-try-again = もう一度試す
add-money-issuer-title = カード発行会社による確認が必要です
# $amount は書式済みの金額、$card は書式済みの add-money-card-summary。
add-money-issuer-intro = { $card }で{ $amount }を支払うには、カード発行会社から届いたコード（SMSまたは発行会社のアプリ）を入力してください。
add-money-issuer-code = カード発行会社からのコード
add-money-issuer-confirm = 支払いを確定
add-money-issuer-note = コードが正しい場合にのみ請求されます。
add-money-done = 入金しました
add-money-done-back = 残高に戻る
# $brand は visa、mastercard、amex、card のいずれか。$last4 はカード番号の下4桁。
add-money-card-summary = { $brand ->
        [visa] Visa
        [mastercard] Mastercard
        [amex] American Express
       *[other] カード
    } •••• { $last4 }

## 送信する前に見つかった、フォームの問題。

add-money-problem-no-amount = 金額を選んでください。
add-money-problem-amount = 金額を数字で入力してください（例：30、30.50）。
add-money-problem-below-min = 最小金額は{ $min }です。
add-money-problem-above-max = 1回あたりの最大金額は{ $max }です。
add-money-problem-above-today = 本日はあと{ $remaining }まで入金できます。
add-money-problem-number-length = カード番号は12〜19桁です。すべて入力したか確認してください。
add-money-problem-number-check = このカード番号は正しくありません。入力ミスの可能性があります。カードと見比べてください。
add-money-problem-expiry-format = 有効期限はカードの表記どおり、月/年で入力してください（例：04/29）。
add-money-problem-expired = このカードは有効期限が切れています。別のカードをご利用ください。
add-money-problem-cvc = セキュリティコードは、カード裏面の3桁の数字です（American Expressの場合は表面の4桁）。

## テスト用決済サービスのカード。テスト用決済サービスを使うサーバーでのみ表示されます。

add-money-test-title = テスト用カード
add-money-test-hint = このサーバーでは実際のカードには請求されません。テスト用カードを選んで、どうなるかを確認してください。
# $code はテスト用カード発行会社が受け付けるワンタイムコード。
add-money-test-hint-code = このサーバーでは実際のカードには請求されません。テスト用カードを選んで、どうなるかを確認してください。テスト用カード発行会社のコードは{ $code }です。
# $outcome はテスト用カードの動作。
add-money-test-outcome = { $outcome ->
        [succeeds] 承認
        [declined_insufficient_funds] 拒否（利用可能額不足）
        [declined_stolen] 拒否（盗難届あり）
        [requires_confirmation] コードの入力が必要
        [times_out] 応答なし
       *[other] { $outcome }
    }
# $last4 はカード番号の末尾、$outcome は書式済みの add-money-test-outcome。
add-money-test-card = カード …{ $last4 }：{ $outcome }

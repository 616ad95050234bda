# アプリが説明するすべてのエラー：タイトル（何が起きたか）と次の手順。
# 金額・日付・時刻は書式済みの文字列で、件数は数値で渡されます。

## 送信する前に、この端末で却下されたコード。

errors-code-empty = ギフトカードのコードを入力してください
    .next-step = カード裏面のスクラッチ部分の下にある16文字のコードです。
errors-code-invalid-character = { $position }文字目の「{ $character }」はギフトカードのコードに使えません
    .next-step = コードに使われるのは数字0〜9と、U以外の英字A〜Zです。その文字をカードと見比べて修正してください。
errors-code-too-short = コードが短すぎます（16文字中{ $length }文字）
    .next-step = コード全体を入力または貼り付けたか確認してください。
errors-code-too-long = コードが長すぎます（{ $length }文字。コードは16文字です）
    .next-step = 余分な文字がないか確認するか、コードだけを貼り付けてください。
errors-code-check-failed = このコードは正しくありません。入力ミスの可能性があります
    .next-step = 1文字ずつカードと見比べてください。8とB、5とS、2とZは間違えやすい文字です。何も送信されていません。

## サーバーへの呼び出しの失敗。

errors-network = サーバーに接続できません
    .next-step = インターネット接続を確認してください。何も変更されていません。しばらくしてからもう一度お試しください。
errors-timeout = サーバーから{ $seconds }秒以内に応答がありませんでした
    .next-step = サーバーが混み合っている可能性があります。しばらくしてからもう一度お試しください。引き換えは安全に再試行され、二重に計上されることはありません。
errors-decode = サーバーから、このアプリでは解釈できない応答がありました
    .next-step = サーバーがこのアプリより新しい可能性があります。後でもう一度お試しいただくか、Redeemを更新してください。
errors-invalid-code = このコードのギフトカードはありません
    .next-step = コードをカードと見比べてください。一致している場合は、カードがまだ有効化されていない可能性があります。レシートを持って購入店にお問い合わせください。
errors-redeemed-by-you = { $when ->
        [known] このカードは{ $date } { $time }にすでに引き換え済みです
       *[unknown] このカードはすでに引き換え済みです
    }
    .next-step = 金額は残高に反映されています。履歴でご確認いただけます。これ以上の操作は不要です。
errors-redeemed-by-someone-else = { $when ->
        [known] このカードは{ $date } { $time }に別のアカウントで引き換え済みです
       *[unknown] このカードは別のアカウントで引き換え済みです
    }
    .next-step = ご自身で引き換えていない場合は、カードとレシートを持って購入店またはサポートにお問い合わせください。
errors-redeemed = { $when ->
        [known] このカードは{ $date } { $time }にすでに引き換えられています
       *[unknown] このカードはすでに引き換えられています
    }
    .next-step = 履歴をご確認ください。見当たらない場合は、カードとレシートを用意してサポートにお問い合わせください。
errors-region-mismatch = このカードは{ $region }（{ $code }）用です
    .next-step = ギフトカードは販売された国または地域でのみ使えます。このアカウントは別の国または地域のものです。その国または地域のアカウントでご利用ください。
errors-region-mismatch-unknown = このカードは別の国または地域用です
    .next-step = ギフトカードは販売された国または地域でのみ使えます。このアカウントは別の国または地域のものです。その国または地域のアカウントでご利用ください。
errors-card-not-active = このカードはまだ有効化されていません
    .next-step = カードは購入時にレジで有効化されます。レシートを保管し、購入店に有効化を依頼してください。
errors-card-disabled = このカードは無効になっています
    .next-step = 紛失または盗難の届けが出ている可能性があります。カードとレシートを用意してサポートにお問い合わせください。
errors-rate-limited = 試行回数が多すぎます。{ $wait }後にもう一度お試しください
    .next-step = ギフトカードのコードを推測されないよう、1時間に試せる回数は限られています。その間に、コードをカードと見比べてください。
errors-insufficient-funds = 残高が不足しています
    .next-step = ギフトカードを引き換えるか、別のお支払い方法を選んでください。
errors-unauthorized = セッションの有効期限が切れました
    .next-step = セキュリティのため、セッションには有効期限があります。続けるには、もう一度サインインしてください。
errors-idempotency-conflict = このリクエストはまだ処理中です
    .next-step = 数秒待ってからもう一度お試しください。二重に計上されることはありません。
errors-idempotency-mismatch = このリクエストは以前のリクエストと矛盾しています
    .next-step = 「別のカードを引き換える」からやり直してください。今回の操作では何も変更されていません。
errors-validation = サーバーがリクエストを受け付けませんでした
    .next-step = { $detail } 入力内容を確認して、もう一度お試しください。
errors-unavailable = 現在、サービスをご利用いただけません
    .next-step = 何も変更されていません。数分後にもう一度お試しください。
errors-internal = サーバーで問題が発生しました
    .next-step = 何も変更されていません。もう一度お試しください。問題が続く場合はサポートにお問い合わせください。
errors-unexpected = サーバーから予期しない応答がありました
    .next-step = このアプリとサーバーの対応が合っていません。後でもう一度お試しいただくか、Redeemを更新してください。

## 回数制限のある操作（コードの確認・引き換え、サインイン）：休止までの残り回数。
## 日本語に単数・複数の区別はありませんが、0 は別の文になります。

errors-attempts-left = { $attempts ->
        [0] これが最後の試行でした。これから{ $pause }お待ちいただきます
       *[other] あと{ $attempts }回試行できます。使い切ると{ $pause }お待ちいただきます
    }
errors-pause-ends = { $time }以降にもう一度お試しいただけます。

## 入金。紛失・盗難の届けが出ているカードも、意図的に他の拒否と同じ文言で拒否します。

errors-declined = カードが承認されませんでした
    .next-step = 請求は発生していません。カード発行会社にお問い合わせいただくか、別のカードをご利用ください。
errors-declined-insufficient-funds = カードが承認されませんでした（利用可能額不足）
    .next-step = 請求は発生していません。金額を減らすか、別のカードをお試しください。
errors-declined-expired = このカードは有効期限が切れています
    .next-step = 請求は発生していません。有効期限をご確認いただくか、別のカードをご利用ください。
errors-declined-cvc = セキュリティコードが正しくありません
    .next-step = 請求は発生していません。カード裏面の3桁の数字（American Expressの場合は表面の4桁）を確認して、もう一度お試しください。
errors-declined-authentication = カード発行会社によるこの支払いの確認が取れませんでした
    .next-step = 請求は発生していません。カード発行会社から届いたコードを確認して最初からやり直すか、別のカードをご利用ください。
errors-payment-unavailable = 支払いを完了できませんでした
    .next-step = 決済サービスから時間内に応答がありませんでした。請求も入金も行われていません。もう一度お試しください。再試行しても安全で、二重に請求されることはありません。
errors-funds-limit = この金額は上限を超えています
    .next-step = 1回に入金できるのは{ $limit }までで、本日はあと{ $remaining }まで入金できます。金額を減らしてください。
errors-funds-limit-unknown = この金額は上限を超えています
    .next-step = 金額を減らしてください。
errors-funds-not-available = ここでは入金できません
    .next-step = 代わりにギフトカードを引き換えるか、ご自身のデバイスのRedeemアプリで入金してください。

## アカウント。

errors-email-taken = このメールアドレスのアカウントはすでに存在します
    .next-step = そのアカウントでサインインしてください。パスワードを忘れた場合は、サポートに新しいパスワードの設定を依頼してください。
errors-weak-password = このパスワードは安全性が不十分です
    .next-step = 8文字以上で、よく使われるパスワードやメールアドレス以外のものにしてください。関連のない単語をいくつか組み合わせると、強力なパスワードになります。
errors-sign-up-closed = このサーバーでは新しいアカウントを作成できません
    .next-step = アカウントについては、このサーバーの管理者にお問い合わせください。
errors-wrong-password = 現在のパスワードが正しくありません
    .next-step = 現在サインインに使っているパスワードを入力してください。間違いが多すぎると、しばらくの間パスワードを変更できなくなります。

## 待ち時間（「〜後に」の前）。

errors-wait = { $unit ->
    [seconds] { $seconds }秒
    [minutes] { $minutes }分
    [hours] { $hours }時間
    [hours-minutes] { $hours }時間{ $minutes }分
   *[unknown] しばらく
}

## サインインとサインアウト。

errors-sign-in-refused = メールアドレスまたはパスワードが正しくありません
    .next-step = 両方を確認して、もう一度お試しください。
errors-sign-in-rate-limited = サインインの試行回数が多すぎます。{ $wait }後にもう一度お試しください
    .next-step = アカウント保護のため、パスワードを続けて試せる回数は限られています。メールアドレスとパスワードを確認し、時間をおいてから再度お試しください。
errors-signed-out = サインアウトしました
    .next-step = サーバー上のセッションは終了し、この端末にはアカウントの情報は何も残っていません。
errors-signed-out-locally = サインアウトしました
    .next-step = この端末にはアカウントの情報は何も残っていません。サーバーに通知できなかったため、サーバー上のセッションは有効期限が切れた時点で終了します。
errors-signed-out-everywhere = すべてのデバイスからサインアウトしました
    .next-step = この端末を含め、アカウントのすべてのセッションが終了しました。Redeemを使う場所で、もう一度サインインしてください。
errors-session-expired = セッションの有効期限が切れました
    .next-step = セキュリティのため、セッションには有効期限があります。もう一度サインインすると、中断したところから続けられます。

## 履歴とそのエクスポート。

errors-export-incomplete = 履歴をすべて読み込めませんでした（{ $reason }）
errors-export-failed = エクスポートに失敗しました：{ $reason }
errors-filter-from-not-a-date = 「開始日」は年-月-日の形式で入力してください（例：2025-01-31）。
errors-filter-to-not-a-date = 「終了日」は年-月-日の形式で入力してください（例：2025-01-31）。
errors-filter-from-after-to = 「開始日」は「終了日」より後にできません。

## その他。

errors-redeem-outcome-unknown = カードが引き換えられたかどうかを確認できませんでした。再試行しても安全です。同じリクエストを繰り返すため、二重に計上されることはありません。
errors-trade-ins-not-loaded = 下取りを読み込めませんでした。

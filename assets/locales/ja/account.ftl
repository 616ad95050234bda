# アカウント：作成、パスワード、セッション。

account-new-here = Redeemを初めてご利用ですか？
account-create = アカウントを作成
account-sign-up-title = アカウントの作成
account-sign-up-intro = メールアドレスと、8文字以上のパスワードを使用してください。関連のない単語をいくつか組み合わせると、覚えやすく強力なパスワードになります。
account-region = 国または地域
account-region-choose = 選択してください…
account-region-hint = ギフトカードは、販売された国または地域のアカウントでのみ引き換えられます。後から変更することはできません。
account-create-submit = アカウントを作成
account-back-to-sign-in = サインインに戻る
account-show-password = パスワードを表示

## 新しいパスワードの強度表示。$min は受け付ける最短の文字数。

account-strength-empty = { $min }文字以上にしてください。
account-strength-too-short = 短すぎます。{ $min }文字以上にしてください。
account-strength-too-common = 推測されやすいパスワードです（よく使われるパスワード、またはメールアドレス）。
account-strength-fair = 使用できます。長いほど強力になります。
account-strength-good = 良好です。
account-strength-strong = 強力です。

## アカウント画面。

account-title = アカウント
# $email、$region（国名）、$currency（3文字の通貨コード）。
account-signed-in-as = { $email }でサインイン中 · { $region } · { $currency }
account-change-password = パスワードを変更
account-change-password-intro = 変更すると、このアカウントにサインインしている他のすべてのデバイスがサインアウトされます。このデバイスはサインインしたままです。
account-current-password = 現在のパスワード
account-new-password = 新しいパスワード
account-change-password-submit = パスワードを変更
account-password-changed = パスワードを変更しました
    .next-step = このアカウントにサインインしていた他のすべてのデバイスはサインアウトされました。
account-sign-out-everywhere = すべてのデバイスからサインアウト
account-sign-out-everywhere-intro = このアカウントのすべてのセッションを終了します。このデバイス、他のコンピュータやスマートフォン、店舗のキオスク端末が対象です。
account-sign-out-everywhere-button = すべてのデバイスからサインアウト…
account-sign-out-everywhere-sure = このデバイスを含む、すべてのデバイスからサインアウトしますか？
account-sign-out-everywhere-confirm = はい、すべてサインアウトします
account-cancel = キャンセル

# アプリの枠：名前、ナビゲーション、上部バーのアカウント、デモアカウント付きのサインイン画面、設定。

app-name = Redeem
screen-balance = 残高
screen-redeem = ギフトカードを使う
screen-history = 履歴
screen-add-money = 入金
screen-account = アカウント

app-sign-out = サインアウト
app-preferences = 設定
app-close-preferences = 設定を閉じる
app-demo-local = デモ — ローカル台帳
app-demo-data = デモデータ

app-region-name = { $region ->
    [US] アメリカ合衆国
    [GB] イギリス
    [DE] ドイツ
    [FR] フランス
    [JP] 日本
    [CA] カナダ
    [AU] オーストラリア
    [CH] スイス
    [KW] クウェート
   *[other] { $region }
}

app-tagline = 残高、ギフトカード、お金の動きのすべてをひとつに。
app-sign-in-title = アカウントにサインイン
app-sign-in-email = メールアドレス
app-sign-in-email-hint = name@example.com
app-sign-in-password = パスワード
app-sign-in-submit = サインイン
app-sign-in-busy = サインインしています…
app-demo-title = デモデータで試す
app-demo-on-this-device = このRedeemは、このコンピュータ上の独自の台帳で動作しています。ここで扱うお金はすべて架空のものです。
app-demo-on-server = このサーバーはデモデータで動作しています。ここで扱うお金はすべて架空のものです。
app-demo-email = デモ用メールアドレス
app-demo-password = デモ用パスワード
app-demo-use-account = デモアカウントを使う
app-demo-cards = デモ用ギフトカード
app-demo-cards-help = サインイン後にいずれかを使ってみてください。最後のカードはイギリス用で、別の地域のカードを使うとどうなるかを確認できます。
app-demo-copy = コピー
app-demo-copy-tooltip = このコードをコピー

app-preferences-done = 完了
app-preferences-appearance = 外観
app-preferences-theme = テーマ
app-theme-system = システム
app-theme-light = ライト
app-theme-dark = ダーク
app-preferences-text-size = 文字サイズ
app-preferences-touch = タッチ操作
app-preferences-large-targets = 大きなタッチ領域
app-preferences-language = 言語と地域
app-preferences-language-automatic = アカウントの地域に合わせる
app-preferences-connection = 接続
app-preferences-server = サーバー
app-preferences-server-hint = 内蔵デモサーバー
app-preferences-poll = 残高の確認間隔
app-preferences-poll-unit = 秒
app-preferences-sign-in = サインイン
app-preferences-remember-email = メールアドレスを記憶する
app-preferences-server-next-start = 新しいサーバーは、次回Redeemを起動したときに使用されます。
app-preferences-stored = 設定はこのデバイスに保存されます。パスワード、サインイントークン、ギフトカードのコードが保存されることはありません。

app-preferences-unreadable = 保存された設定を読み込めなかったため、既定の設定を使用しています。（{ $line }行目、{ $column }列目：{ $reason }）
app-preferences-too-new = 保存された設定はRedeemの新しいバージョン（形式 { $version }）で作成されたため、既定の設定を使用しています。
app-preferences-upgraded = 保存された設定を古い形式（バージョン { $version }）から更新しました。

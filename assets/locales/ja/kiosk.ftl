# キオスクモード専用の画面：待機画面、自動サインアウト前のカウントダウン、スタッフ用画面、
# 画面キーボードのキー。

kiosk-attract-title = 画面をタップして、残高の確認やギフトカードのご利用を始めてください
kiosk-attract-subtitle = アカウントの残高の確認、ギフトカードの追加、お金の動きの確認ができます。
kiosk-start = 開始
kiosk-language = 言語
kiosk-done = 完了
kiosk-cancel = キャンセル
kiosk-still-there = まだご利用中ですか？
kiosk-countdown-signed-in = プライバシー保護のため、自動的にサインアウトし、この画面の内容をすべて消去します。残り時間：
kiosk-countdown-signed-out = プライバシー保護のため、この画面の内容をすべて消去します。残り時間：
kiosk-countdown-seconds = { $seconds }秒
kiosk-still-here = 利用を続ける
kiosk-sign-out-now = 今すぐサインアウト
kiosk-start-over = 最初からやり直す
kiosk-staff = スタッフ
kiosk-staff-exit-explained = キオスクモードを終了すると、サインイン中のユーザーはサインアウトされ、アプリが終了します。
kiosk-staff-exit = キオスクモードを終了
kiosk-staff-back = キオスクに戻る
kiosk-staff-pin-title = スタッフPIN
kiosk-staff-pin-label = スタッフPINを入力してください
kiosk-staff-unlock = ロック解除
kiosk-staff-locked = PINの誤入力が多すぎます。{ $seconds }秒後にもう一度お試しください。
kiosk-staff-wrong = PINが正しくありません。あと{ $tries }回間違えると、1分間ロックされます。
kiosk-staff-no-pin = この端末にはスタッフPINが設定されていません。キオスク設定でstaff_pin_hashを設定してください。
kiosk-key-delete = 削除
kiosk-key-enter = 確定
kiosk-key-shift = シフト
kiosk-key-space = スペース
kiosk-countdown-any-key = 時間を延長するには、キーパッドのいずれかのキーを押してください。
kiosk-countdown-last = この端末で延長できる時間はすべて使いました。

# 目の不自由なお客様のための音声案内（ヘッドセットで再生）。
kiosk-speech-on = 音声案内をオンにしました。矢印キーで項目を移動し、Enter キーで選びます。アスタリスクで繰り返し、スラッシュで画面全体を読み上げ、プラスとマイナスで音量を変え、シャープで入力した内容を読み上げます。
kiosk-speech-button = { $name }、ボタン
kiosk-speech-button-selected = { $name }、ボタン、選択中
kiosk-speech-unavailable = { $text }、使用できません
kiosk-speech-text-field = { $name }、テキスト入力欄、{ $value }
kiosk-speech-password-field = { $name }、パスワード入力欄、{ $count } 文字入力済み
kiosk-speech-empty = 空
kiosk-speech-code-count = 16 文字中 { $count } 文字入力済み
kiosk-speech-typed-code = { $length } 文字中 { $position } 文字目を入力しました
kiosk-speech-typed-secret = { $position } 文字目を入力しました
kiosk-speech-choice = キー { $key }、{ $count } 個中 { $position } 番目
kiosk-speech-deleted = { $count ->
    [0] 削除しました。入力欄は空です。
   *[other] 削除しました。残り { $count } 文字です。
}
kiosk-speech-capital = 大文字の { $letter }
kiosk-speech-symbol-space = スペース
kiosk-speech-symbol-dot = ドット
kiosk-speech-symbol-at = アットマーク
kiosk-speech-symbol-dash = ハイフン
kiosk-speech-symbol-underscore = アンダースコア
kiosk-speech-symbol-plus = プラス
kiosk-speech-symbol-exclamation = 感嘆符
kiosk-speech-symbol-question = 疑問符
kiosk-speech-volume = 音量 { $percent } パーセント。
kiosk-speech-nothing-typed = まだ何も入力されていません。
kiosk-speech-more-time = 時間を延長しました。

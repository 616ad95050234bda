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

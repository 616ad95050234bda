# アプリの枠：名前、ナビゲーション、上部バーのアカウント。

app-name = Redeem
screen-balance = 残高
screen-redeem = ギフトカードを使う
screen-history = 履歴

# balance: ja

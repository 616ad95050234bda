# errors: ja

# history: ja

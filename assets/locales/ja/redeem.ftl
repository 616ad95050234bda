# redeem: ja

# redeem: en

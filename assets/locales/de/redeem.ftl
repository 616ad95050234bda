# redeem: de

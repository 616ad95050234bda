# redeem: fr

# redeem: es

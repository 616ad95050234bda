# balance: de

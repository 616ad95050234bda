# balance: en

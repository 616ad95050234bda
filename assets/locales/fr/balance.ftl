# balance: fr

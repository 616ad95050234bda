# balance: es

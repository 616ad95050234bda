# history: es

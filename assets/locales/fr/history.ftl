# history: fr

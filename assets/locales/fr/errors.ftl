# errors: fr

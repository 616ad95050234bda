# errors: es

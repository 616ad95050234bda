# errors: de

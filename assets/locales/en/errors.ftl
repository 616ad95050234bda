# errors: en

# history: en

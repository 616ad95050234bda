# history: de

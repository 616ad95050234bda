# kiosk: en

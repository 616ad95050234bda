# kiosk: de

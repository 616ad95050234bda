# kiosk: fr

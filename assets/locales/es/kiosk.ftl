# kiosk: es

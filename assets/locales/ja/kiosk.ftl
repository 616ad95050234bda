# kiosk: ja

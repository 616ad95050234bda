# El marco de la app: su nombre, la navegación y la cuenta en la barra superior.

app-name = Redeem
screen-balance = Saldo
screen-redeem = Canjear una tarjeta regalo
screen-history = Historial

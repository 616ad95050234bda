# La cuenta: su creación, su contraseña, sus sesiones.

account-new-here = ¿Es nuevo en Redeem?
account-create = Crear una cuenta
account-sign-up-title = Cree su cuenta
account-sign-up-intro = Use su dirección de correo electrónico y una contraseña de al menos 8 caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña segura y fácil de recordar.
account-region = País o región
account-region-choose = Elegir…
account-region-hint = Las tarjetas regalo solo se canjean en una cuenta del país o la región para el que se vendieron. No se puede cambiar más adelante.
account-create-submit = Crear cuenta
account-back-to-sign-in = Volver al inicio de sesión
account-show-password = Mostrar contraseña

## El indicador de seguridad de una contraseña nueva. $min es la longitud mínima aceptada.

account-strength-empty = Al menos { $min } caracteres.
account-strength-too-short = Demasiado corta: al menos { $min } caracteres.
account-strength-too-common = Demasiado fácil de adivinar: es una contraseña común o su dirección de correo electrónico.
account-strength-fair = Aceptable. Cuanto más larga, más segura.
account-strength-good = Buena.
account-strength-strong = Fuerte.

## La pantalla de la cuenta.

account-title = Su cuenta
# $email, $region (el nombre de un país) y $currency (un código de tres letras).
account-signed-in-as = Sesión iniciada como { $email } · { $region } · { $currency }
account-change-password = Cambiar la contraseña
account-change-password-intro = Tras el cambio, se cerrará la sesión en todos los demás dispositivos conectados a su cuenta. En este seguirá con la sesión iniciada.
account-current-password = Contraseña actual
account-new-password = Contraseña nueva
account-change-password-submit = Cambiar contraseña
account-password-changed = Se ha cambiado su contraseña
    .next-step = Se ha cerrado la sesión en todos los demás dispositivos conectados a su cuenta.
account-sign-out-everywhere = Cerrar sesión en todas partes
account-sign-out-everywhere-intro = Cierra todas las sesiones de su cuenta: en este dispositivo, en otros ordenadores y teléfonos, y en los quioscos de las tiendas.
account-sign-out-everywhere-button = Cerrar sesión en todas partes…
account-sign-out-everywhere-sure = ¿Cerrar sesión en todos los dispositivos, también en este?
account-sign-out-everywhere-confirm = Sí, cerrar sesión en todas partes
account-cancel = Cancelar

# Las pantallas propias del modo quiosco: la pantalla de inicio, la cuenta atrás antes del
# cierre de sesión automático, el panel del personal y las teclas del teclado en pantalla.

kiosk-attract-title = Toque para consultar su saldo o canjear una tarjeta regalo
kiosk-attract-subtitle = Vea lo que contiene su cuenta, añada una tarjeta regalo y consulte cada movimiento de dinero.
kiosk-start = Empezar
kiosk-language = Idioma
kiosk-done = Listo
kiosk-cancel = Cancelar
kiosk-still-there = ¿Sigue ahí?
kiosk-countdown-signed-in = Para proteger su privacidad, se cerrará su sesión y se borrará todo lo que hay en esta pantalla. Tiempo restante:
kiosk-countdown-signed-out = Para proteger su privacidad, se borrará todo lo que hay en esta pantalla. Tiempo restante:
kiosk-countdown-seconds = { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}
kiosk-still-here = Sigo aquí
kiosk-sign-out-now = Cerrar sesión ahora
kiosk-start-over = Empezar de nuevo
kiosk-staff = Personal
kiosk-staff-exit-explained = Al salir del modo quiosco se cierra la sesión de quien la tenga iniciada y se cierra la app.
kiosk-staff-exit = Salir del modo quiosco
kiosk-staff-back = Volver al quiosco
kiosk-staff-pin-title = PIN del personal
kiosk-staff-pin-label = Introduzca el PIN del personal
kiosk-staff-unlock = Desbloquear
kiosk-staff-locked = Demasiados PIN incorrectos. Vuelva a intentarlo dentro de { $seconds } s.
kiosk-staff-wrong = Ese PIN no es correcto. { $tries ->
    [one] Queda { $tries } intento
   *[other] Quedan { $tries } intentos
} antes de que el teclado se bloquee durante un minuto.
kiosk-staff-no-pin = No hay ningún PIN del personal configurado para este terminal: defina staff_pin_hash en la configuración del quiosco.
kiosk-key-delete = Borrar
kiosk-key-enter = Intro
kiosk-key-shift = Mayús
kiosk-key-space = Espacio
kiosk-countdown-any-key = Pulse cualquier tecla del teclado para tener más tiempo.
kiosk-countdown-last = Ya ha tenido todo el tiempo adicional que permite este terminal.

# Voz para clientes ciegos, en los auriculares.
kiosk-speech-on = La voz está activada. Las flechas pasan de una opción a otra y Intro elige. Asterisco repite, barra lee toda la pantalla, más y menos cambian el volumen y almohadilla lee lo que ha escrito.
kiosk-speech-button = { $name }, botón
kiosk-speech-button-selected = { $name }, botón, seleccionado
kiosk-speech-unavailable = { $text }, no disponible
kiosk-speech-text-field = { $name }, campo de texto, { $value }
kiosk-speech-password-field = { $name }, campo de contraseña, { $count ->
    [one] { $count } carácter escrito
   *[other] { $count } caracteres escritos
}
kiosk-speech-empty = vacío
kiosk-speech-code-count = { $count } de 16 caracteres escritos
kiosk-speech-typed-code = carácter { $position } de { $length } escrito
kiosk-speech-typed-secret = carácter { $position } escrito
kiosk-speech-choice = tecla { $key }, opción { $position } de { $count }
kiosk-speech-deleted = { $count ->
    [0] Borrado. El campo está vacío.
    [one] Borrado. Queda { $count } carácter.
   *[other] Borrado. Quedan { $count } caracteres.
}
kiosk-speech-capital = { $letter } mayúscula
kiosk-speech-symbol-space = espacio
kiosk-speech-symbol-dot = punto
kiosk-speech-symbol-at = arroba
kiosk-speech-symbol-dash = guion
kiosk-speech-symbol-underscore = guion bajo
kiosk-speech-symbol-plus = más
kiosk-speech-symbol-exclamation = signo de exclamación
kiosk-speech-symbol-question = signo de interrogación
kiosk-speech-volume = Volumen { $percent } por ciento.
kiosk-speech-nothing-typed = Todavía no ha escrito nada.
kiosk-speech-more-time = Tiene más tiempo.

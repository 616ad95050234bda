# Cada error que explica la app: un título (qué pasó) y el siguiente paso.
# Importes, fechas y horas llegan ya formateados; los recuentos, como números.

## Un código rechazado en este dispositivo, antes de enviar nada.

errors-code-empty = Introduzca el código de su tarjeta regalo
    .next-step = Es el código de 16 caracteres del dorso de la tarjeta, bajo la banda para rascar.
errors-code-invalid-character = El carácter { $position } («{ $character }») no puede formar parte de un código de tarjeta regalo
    .next-step = Los códigos usan las cifras 0–9 y las letras A–Z salvo la U. Compare ese carácter con la tarjeta y corríjalo.
errors-code-too-short = El código es demasiado corto: { $length } de 16 caracteres
    .next-step = Compruebe que ha escrito o pegado el código completo.
errors-code-too-long = El código es demasiado largo: { $length } caracteres, y un código tiene 16
    .next-step = Busque caracteres de más, o pegue solo el código.
errors-code-check-failed = Este código no es válido; probablemente sea una errata
    .next-step = Compare cada carácter con la tarjeta; es fácil confundir 8 y B, 5 y S, 2 y Z. No se ha enviado nada.

## Una llamada al servidor que falló.

errors-network = No se puede conectar con el servidor
    .next-step = Compruebe su conexión a Internet. No se ha cambiado nada; vuelva a intentarlo en un momento.
errors-timeout = { $seconds ->
        [one] El servidor no respondió en { $seconds } segundo
       *[other] El servidor no respondió en { $seconds } segundos
    }
    .next-step = Puede que esté saturado. Vuelva a intentarlo en un momento; un canje se reintenta de forma segura y nunca se cuenta dos veces.
errors-decode = El servidor envió una respuesta que esta app no entiende
    .next-step = Puede que el servidor sea más reciente que esta app. Vuelva a intentarlo más tarde o actualice Redeem.
errors-invalid-code = No hay ninguna tarjeta regalo con este código
    .next-step = Compare el código con la tarjeta. Si coincide, puede que la tarjeta aún no esté activada: póngase en contacto con la tienda donde la compró y lleve el tique.
errors-redeemed-by-you = { $when ->
        [known] Ya canjeó esta tarjeta el { $date } a las { $time }
       *[unknown] Ya canjeó esta tarjeta
    }
    .next-step = Su importe está en su saldo; lo encontrará en el historial. No tiene que hacer nada más.
errors-redeemed-by-someone-else = { $when ->
        [known] Esta tarjeta ya se canjeó el { $date } a las { $time }, en otra cuenta
       *[unknown] Esta tarjeta ya se canjeó, en otra cuenta
    }
    .next-step = Si no la canjeó usted, póngase en contacto con la tienda donde la compró o con el servicio de asistencia, con la tarjeta y el tique.
errors-redeemed = { $when ->
        [known] Esta tarjeta ya se canjeó el { $date } a las { $time }
       *[unknown] Esta tarjeta ya se canjeó
    }
    .next-step = Revise su historial. Si no aparece, póngase en contacto con el servicio de asistencia con la tarjeta y el tique.
errors-region-mismatch = Esta tarjeta es para { $region } ({ $code })
    .next-step = Una tarjeta regalo solo funciona en el país o la región para el que se vendió, y esta cuenta es de otro. Úsela con una cuenta de ese país o región.
errors-region-mismatch-unknown = Esta tarjeta es para otro país o región
    .next-step = Una tarjeta regalo solo funciona en el país o la región para el que se vendió, y esta cuenta es de otro. Úsela con una cuenta de ese país o región.
errors-card-not-active = Esta tarjeta aún no está activada
    .next-step = Las tarjetas se activan en caja al comprarlas. Guarde el tique y pida a la tienda que la active.
errors-card-disabled = Esta tarjeta está desactivada
    .next-step = Puede que se haya denunciado su pérdida o robo. Póngase en contacto con el servicio de asistencia con la tarjeta y el tique.
errors-rate-limited = Demasiados intentos: vuelva a intentarlo dentro de { $wait }
    .next-step = Para evitar que se adivinen códigos, solo se permiten unos pocos intentos por hora. Mientras tanto, compare el código con la tarjeta.
errors-insufficient-funds = Saldo insuficiente
    .next-step = Canjee una tarjeta regalo o elija otra forma de pago.
errors-unauthorized = Su sesión ha caducado
    .next-step = Por su seguridad, las sesiones caducan. Vuelva a iniciar sesión para continuar.
errors-idempotency-conflict = Esta solicitud aún se está procesando
    .next-step = Espere unos segundos y vuelva a intentarlo; no se contará dos veces.
errors-idempotency-mismatch = Esta solicitud choca con una anterior
    .next-step = Empiece de nuevo con «Canjear otra tarjeta»; este intento no ha cambiado nada.
errors-validation = El servidor no aceptó la solicitud
    .next-step = { $detail } Revise los datos introducidos y vuelva a intentarlo.
errors-unavailable = El servicio no está disponible en este momento
    .next-step = No se ha cambiado nada. Vuelva a intentarlo dentro de unos minutos.
errors-internal = Se ha producido un error en el servidor
    .next-step = No se ha cambiado nada. Vuelva a intentarlo; si sigue ocurriendo, póngase en contacto con el servicio de asistencia.
errors-unexpected = El servidor dio una respuesta inesperada
    .next-step = Esta app y el servidor no se entienden. Vuelva a intentarlo más tarde o actualice Redeem.

## Llamadas limitadas (un código comprobado o canjeado, un inicio de sesión): lo que queda antes de una pausa.

errors-attempts-left = { $attempts ->
        [0] Era el último intento: ahora empieza una pausa de { $pause }
        [one] Queda { $attempts } intento antes de una pausa de { $pause }
       *[other] Quedan { $attempts } intentos antes de una pausa de { $pause }
    }
errors-pause-ends = La pausa termina a las { $time }.

## Añadir fondos. Una tarjeta denunciada como perdida o robada se rechaza, a propósito, con
## las mismas palabras que cualquier otro rechazo.

errors-declined = Su tarjeta ha sido rechazada
    .next-step = No se ha cobrado nada. Póngase en contacto con el emisor de su tarjeta o use otra tarjeta.
errors-declined-insufficient-funds = Su tarjeta ha sido rechazada: fondos insuficientes
    .next-step = No se ha cobrado nada. Pruebe con un importe menor o con otra tarjeta.
errors-declined-expired = Esta tarjeta ha caducado
    .next-step = No se ha cobrado nada. Compruebe la fecha de caducidad o use otra tarjeta.
errors-declined-cvc = El código de seguridad no es correcto
    .next-step = No se ha cobrado nada. Compruebe los 3 dígitos del dorso de la tarjeta (4 en el anverso de una American Express) y vuelva a intentarlo.
errors-declined-authentication = El emisor de su tarjeta no ha confirmado este pago
    .next-step = No se ha cobrado nada. Compruebe el código que le ha enviado el emisor de su tarjeta y empiece de nuevo, o use otra tarjeta.
errors-payment-unavailable = No se ha podido completar el pago
    .next-step = El servicio de pago no respondió a tiempo. No se ha cobrado ni añadido nada. Vuelva a intentarlo: es seguro y nunca se le cobra dos veces.
errors-funds-limit = Este importe supera el límite
    .next-step = Puede añadir hasta { $limit } cada vez, y hoy { $remaining } más. Elija un importe menor.
errors-funds-limit-unknown = Este importe supera el límite
    .next-step = Elija un importe menor.
errors-funds-not-available = Aquí no se pueden añadir fondos
    .next-step = Canjee una tarjeta regalo en su lugar, o añada fondos en la app Redeem de su propio dispositivo.

## Cuentas.

errors-email-taken = Ya existe una cuenta con esta dirección de correo electrónico
    .next-step = Inicie sesión con ella. Si ha olvidado la contraseña, pida al servicio de asistencia que le asigne una nueva.
errors-weak-password = Esta contraseña no es lo bastante segura
    .next-step = Use al menos 8 caracteres, y no una contraseña común ni su dirección de correo electrónico. Unas cuantas palabras sin relación entre sí forman una contraseña segura.
errors-sign-up-closed = En este servidor no se pueden crear cuentas nuevas
    .next-step = Pida una cuenta a las personas que administran el servidor.
errors-wrong-password = La contraseña actual no es correcta
    .next-step = Escriba la contraseña con la que inicia sesión ahora. Tras demasiados intentos fallidos, el cambio se bloquea durante un tiempo.

## Cuánto esperar, tras «dentro de».

errors-wait = { $unit ->
    [seconds] { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }
    [minutes] { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }
    [hours] { $hours ->
        [one] { $hours } hora
       *[other] { $hours } horas
    }
    [hours-minutes] { $hours ->
        [one] { $hours } hora
       *[other] { $hours } horas
    } y { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }
   *[unknown] un rato
}

## Iniciar y cerrar sesión.

errors-sign-in-refused = La dirección de correo electrónico o la contraseña no son correctas
    .next-step = Compruebe ambas y vuelva a intentarlo.
errors-sign-in-rate-limited = Demasiados intentos de inicio de sesión: vuelva a intentarlo dentro de { $wait }
    .next-step = Para proteger su cuenta, una contraseña solo puede probarse unas pocas veces seguidas. Compruebe el correo electrónico y la contraseña, y espere antes de volver a intentarlo.
errors-signed-out = Ha cerrado la sesión
    .next-step = Su sesión se cerró en el servidor y no queda nada de su cuenta en este dispositivo.
errors-signed-out-locally = Ha cerrado la sesión
    .next-step = No queda nada de su cuenta en este dispositivo. No se pudo avisar al servidor, así que allí la sesión terminará cuando caduque.
errors-signed-out-everywhere = Ha cerrado la sesión en todos los dispositivos
    .next-step = Todas las sesiones de su cuenta han terminado, también esta. Vuelva a iniciar sesión allí donde quiera usar Redeem.
errors-session-expired = Su sesión ha caducado
    .next-step = Por su seguridad, las sesiones caducan. Vuelva a iniciar sesión para continuar donde lo dejó.

## El historial y su exportación.

errors-export-incomplete = no se pudo cargar el historial completo ({ $reason })
errors-export-failed = La exportación ha fallado: { $reason }
errors-filter-from-not-a-date = Escriba la fecha «Desde» como año-mes-día, p. ej., 2025-01-31.
errors-filter-to-not-a-date = Escriba la fecha «Hasta» como año-mes-día, p. ej., 2025-01-31.
errors-filter-from-after-to = La fecha «Desde» no puede ser posterior a la fecha «Hasta».

## Otros.

errors-redeem-outcome-unknown = No hemos podido confirmar si la tarjeta se canjeó. Volver a intentarlo es seguro: se repite la misma solicitud, así que la tarjeta nunca se cuenta dos veces.
errors-trade-ins-not-loaded = No se pudieron cargar las entregas de dispositivos.

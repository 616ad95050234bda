# Añadir fondos al saldo con una tarjeta de pago.
# Los importes llegan ya formateados; los recuentos, como números.

add-money-title = Añadir fondos a su saldo
add-money-intro = Pague con tarjeta; el dinero estará en su saldo en cuanto se complete el pago.
add-money-loading = Cargando los importes que puede añadir…
add-money-reload = Volver a intentarlo
add-money-amount = Importe
add-money-other = Otro importe
# $currency es el código de tres letras de la moneda de la cuenta.
add-money-other-label = Importe en { $currency }
# $min, $max y $remaining son importes ya formateados.
add-money-limits = De { $min } a { $max } cada vez; hoy, { $remaining } más como máximo.
add-money-card = Tarjeta de pago
add-money-card-number = Número de tarjeta
add-money-expiry = Fecha de caducidad
add-money-expiry-hint = MM/AA
add-money-cvc = Código de seguridad
add-money-card-kept = Su tarjeta solo se usa para este pago: Redeem guarda únicamente su tipo y sus 4 últimos dígitos.
add-money-review = Revisar
add-money-cancel = Cancelar
add-money-review-title = Revisar y pagar
add-money-paid-with = Forma de pago
add-money-into-account = En la cuenta
add-money-review-note = No se cobra nada hasta que pulse «Pagar».
# $amount es un importe ya formateado.
add-money-pay = Pagar { $amount }
add-money-edit = Cambiar
add-money-paying = Pagando…
add-money-confirming = Comprobando el código con el emisor de su tarjeta…
add-money-slow = El servicio de pago tarda en responder: reintentando (intento { $attempt } de { $attempts })
    .next-step = Se repite la misma solicitud con la misma clave, así que nunca se le cobra dos veces.
add-money-outcome-unknown = No se sabe si el pago se completó. Volver a intentarlo es seguro: se le cobra una vez como máximo.
add-money-try-again = Volver a intentarlo
add-money-issuer-title = El emisor de su tarjeta le pide que confirme el pago
# $amount es un importe ya formateado, $card un add-money-card-summary ya formateado.
add-money-issuer-intro = Para pagar { $amount } con { $card }, introduzca el código que le ha enviado el emisor de su tarjeta (por SMS o en su app).
add-money-issuer-code = Código del emisor de su tarjeta
add-money-issuer-confirm = Confirmar el pago
add-money-issuer-note = Solo se cobra si el código es correcto.
add-money-done = Fondos añadidos
add-money-done-back = Volver al saldo
# $brand es visa, mastercard, amex o card; $last4, los cuatro últimos dígitos de la tarjeta.
add-money-card-summary = { $brand ->
        [visa] Visa
        [mastercard] Mastercard
        [amex] American Express
       *[other] Tarjeta
    } •••• { $last4 }

## Problemas del formulario, detectados antes de enviar nada.

add-money-problem-no-amount = Elija un importe.
add-money-problem-amount = Escriba el importe como un número, por ejemplo 30 o 30,50.
add-money-problem-below-min = El importe mínimo es { $min }.
add-money-problem-above-max = El importe máximo cada vez es { $max }.
add-money-problem-above-today = Hoy puede añadir { $remaining } más.
add-money-problem-number-length = Un número de tarjeta tiene entre 12 y 19 dígitos. Compruebe que los ha escrito todos.
add-money-problem-number-check = Este número de tarjeta no es válido; probablemente sea una errata. Compárelo con la tarjeta.
add-money-problem-expiry-format = Escriba la fecha de caducidad como aparece en la tarjeta: mes y año, por ejemplo 04/29.
add-money-problem-expired = Esta tarjeta ha caducado. Use otra tarjeta.
add-money-problem-cvc = El código de seguridad son los 3 dígitos del dorso de la tarjeta (4 en el anverso de una American Express).

## Las tarjetas del proveedor de pagos de prueba, que solo muestra un servidor que lo usa.

add-money-test-title = Tarjetas de prueba
add-money-test-hint = Este servidor no cobra a tarjetas reales. Elija una tarjeta de prueba para ver qué ocurre con ella.
# $code es el código de un solo uso que acepta el emisor de prueba.
add-money-test-hint-code = Este servidor no cobra a tarjetas reales. Elija una tarjeta de prueba para ver qué ocurre con ella; el código del emisor de prueba es { $code }.
# $outcome es lo que hace la tarjeta de prueba.
add-money-test-outcome = { $outcome ->
        [succeeds] se acepta
        [declined_insufficient_funds] rechazada, fondos insuficientes
        [declined_stolen] rechazada, denunciada como robada
        [requires_confirmation] pide un código
        [times_out] sin respuesta
       *[other] { $outcome }
    }
# $last4 es el final del número de tarjeta; $outcome, un add-money-test-outcome ya formateado.
add-money-test-card = Tarjeta …{ $last4 }: { $outcome }

# La pantalla de canje: código, vista previa, confirmación y recibo, y las tarjetas de demostración.

redeem-title = Añadir una tarjeta regalo a su saldo
redeem-intro = Introduzca el código de 16 caracteres del dorso de la tarjeta. Puede incluir espacios, guiones y minúsculas.
redeem-code-label = Código de la tarjeta regalo
redeem-code-progress = { $typed } de 16 caracteres
redeem-check-code = Comprobar código
redeem-checking = Comprobando la tarjeta…
redeem-try-again = Volver a intentarlo

## La vista previa, antes de confirmar.

redeem-preview-adds = Esta tarjeta regalo añade
redeem-card = Tarjeta
redeem-region = País o región
redeem-into-account = En la cuenta
redeem-confirm = Confirmar y canjear
redeem-back = Atrás

## Durante el canje, y el resultado.

redeem-redeeming = Canjeando su tarjeta regalo…
redeem-slow = El servidor tarda en responder: reintentando (intento { $attempt } de { $attempts })
    .next-step = Se repite la misma solicitud con la misma clave, así que la tarjeta nunca puede canjearse dos veces.
redeem-done = Tarjeta regalo canjeada
redeem-added = +{ $amount } añadidos
redeem-new-balance = Nuevo saldo
redeem-receipt = Recibo
redeem-copy = Copiar
redeem-copy-hint = Copiar el número de recibo
redeem-another = Canjear otra tarjeta
redeem-view-history = Ver historial

## Las tarjetas de demostración.

redeem-demo-title = Tarjetas regalo de demostración
redeem-demo-hint = Ponga una en el campo del código para probar el canje. La última es para el Reino Unido.
redeem-demo-card = Tarjeta …{ $last4 }
redeem-demo-card-hint = Poner este código de demostración en el campo

## Países y regiones para los que se vende una tarjeta.

redeem-region-name = { $code ->
    [US] Estados Unidos
    [GB] Reino Unido
    [DE] Alemania
    [FR] Francia
    [JP] Japón
    [CA] Canadá
    [AU] Australia
    [CH] Suiza
    [KW] Kuwait
   *[other] { $code }
}

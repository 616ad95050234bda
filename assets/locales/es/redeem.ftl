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

## La advertencia sobre estafas con tarjetas regalo, y qué hacer si ha ocurrido.

redeem-scam-title = Las tarjetas regalo son para regalar, no para pagar
redeem-scam-body = Quien le pida que pague con una tarjeta regalo o que le lea su código es un estafador, diga quien diga ser: un organismo público, una compañía de suministros, el soporte técnico, un banco o un amigo que conoció en internet.
redeem-scam-before-confirm = Canjee esta tarjeta solo si la compró para usted o se la regalaron. Si alguien le pidió su código, no continúe.
redeem-scam-help-link = Qué hacer si le ha ocurrido
redeem-scam-understood = Entendido
redeem-scam-help-title = Si alguien le pidió que pagara con tarjetas regalo
redeem-scam-help-intro = Le ocurre a mucha gente, y actuar con rapidez todavía puede salvar el dinero.
redeem-scam-help-stop = Pare. No compre más tarjetas ni comparta más códigos, le digan lo que le digan.
redeem-scam-help-keep = Guarde las tarjetas y sus tiques: los códigos y los tiques permiten rastrear el dinero.
redeem-scam-help-issuer = Póngase en contacto de inmediato con la empresa que emitió las tarjetas, explique que se usaron en una estafa y pregunte si todavía se puede bloquear el dinero.
redeem-scam-help-report = Denuncie la estafa ante la policía o su organismo de protección al consumidor; en Estados Unidos, ante la Federal Trade Commission en ReportFraud.ftc.gov.
redeem-scam-help-back = Atrás

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

# La pantalla del saldo: lo que tiene la cuenta, lo que está en camino y de dónde viene.

balance-available = Saldo disponible
balance-refresh = Actualizar
balance-refresh-hint = Consultar ahora el saldo al servidor
balance-hidden = Oculto para que nadie cerca pueda leerlo.
balance-show = Mostrar saldo
balance-add-money = Añadir fondos
balance-add-money-hint = Añadir fondos a su saldo con una tarjeta de pago
balance-updated = Actualizado { $age }
balance-stale = No está al día: última confirmación { $age }
balance-stale-next-step = { $next_step } El saldo que se muestra es el último que confirmó el servidor.
balance-loading = Cargando su saldo…
balance-nudge-title = { $amount } le esperan desde el { $date }
balance-nudge-text = Su saldo nunca caduca. Úselo en apps, música, suscripciones o en tienda.

## Entregas de dispositivos.

balance-pending-title = Crédito por entrega de dispositivos en camino
balance-no-trade-ins = No hay entregas. Entregue un dispositivo para recibir crédito por él.
balance-trade-in-pending = Esperando el dispositivo
balance-trade-in-received = Recibido
balance-trade-in-inspecting = En revisión
balance-trade-in-credited = Abonado
balance-trade-in-rejected = No aceptado

## De dónde viene el saldo.

balance-sources-title = De dónde viene su saldo
balance-sources-empty = Todavía nada. Canjee una tarjeta regalo para añadir saldo.
balance-source-gift-card = Tarjeta regalo
balance-source-trade-in = Entrega de dispositivo
balance-source-added-funds = Fondos añadidos
balance-source-purchase = Compra
balance-source-refund = Reembolso
balance-source-adjustment = Ajuste

# El historial: filtros, tabla, evolución del saldo y exportación CSV.

history-kind = Tipo
history-all-kinds = Todos los tipos
history-kind-gift-card = Tarjeta regalo
history-kind-trade-in = Entrega de dispositivo
history-kind-added-funds = Fondos añadidos
history-kind-purchase = Compra
history-kind-refund = Reembolso
history-kind-adjustment = Ajuste

history-period = Periodo
history-period-all-time = Todo el historial
history-period-last-7-days = Últimos 7 días
history-period-last-30-days = Últimos 30 días
history-period-last-12-months = Últimos 12 meses
history-period-custom = Fechas personalizadas
history-from = Desde
history-to = Hasta
history-date-hint = AAAA-MM-DD
history-search = Buscar
history-search-hint = Descripción, origen, importe

history-export = Exportar CSV
history-export-tooltip = Guardar en un archivo CSV todos los movimientos que coinciden con los filtros y la búsqueda
history-export-gathering = { $count ->
    [one] Cargando todo el historial para exportarlo… { $count } movimiento por ahora
   *[other] Cargando todo el historial para exportarlo… { $count } movimientos por ahora
}
history-exporting = Exportando…
history-exported-to = Exportado a { $path }
history-exported-download = Guardado en sus descargas como { $file }
history-loaded-earlier = Los movimientos mostrados se cargaron antes.

history-plot-title = Evolución del saldo
history-plot-line = Saldo
history-plot-too-few = El gráfico aparece cuando hay dos movimientos o más.

history-column-date = Fecha
history-column-description = Descripción
history-column-source = Origen
history-column-amount = Importe
history-column-balance = Saldo

history-loading = Cargando su historial…
history-loading-more = Cargando más…
history-no-match = Ningún movimiento coincide.
history-loaded-scroll = { $count ->
    [one] { $count } movimiento cargado · desplácese para ver más
   *[other] { $count } movimientos cargados · desplácese para ver más
}
history-all-loaded = { $count ->
    [one] { $count } movimiento · el principio de su historial
   *[other] { $count } movimientos · el principio de su historial
}

history-csv-date = fecha
history-csv-kind = tipo
history-csv-description = descripción
history-csv-source = origen
history-csv-amount = importe
history-csv-currency = moneda
history-csv-balance-after = saldo_posterior

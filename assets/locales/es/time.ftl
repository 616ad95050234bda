# Antigüedad y esperas en palabras: «actualizado hace 5 min», «vuelva a intentarlo en 12 minutos».

time-just-now = ahora mismo
time-minutes-ago = hace { $count } min
time-hours-ago = hace { $count } h
time-days-ago = { $count ->
    [one] hace { $count } día
   *[other] hace { $count } días
}
time-seconds = { $count ->
    [one] { $count } segundo
   *[other] { $count } segundos
}
time-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
time-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
time-hours-minutes = { $hours ->
    [one] { $hours } hora
   *[other] { $hours } horas
} y { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}

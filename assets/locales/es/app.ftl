# El marco de la app: su nombre, la navegación y la cuenta en la barra superior, la pantalla
# de inicio de sesión con la cuenta de demostración y las preferencias.

app-name = Redeem
screen-balance = Saldo
screen-redeem = Canjear una tarjeta regalo
screen-history = Historial
screen-add-money = Añadir fondos
screen-account = Cuenta

app-sign-out = Cerrar sesión
app-preferences = Preferencias
app-close-preferences = Cerrar preferencias
app-demo-local = Demo — registro local
app-demo-data = Datos de demostración

app-region-name = { $region ->
    [US] Estados Unidos
    [GB] Reino Unido
    [DE] Alemania
    [FR] Francia
    [JP] Japón
    [CA] Canadá
    [AU] Australia
    [CH] Suiza
    [KW] Kuwait
   *[other] { $region }
}

app-tagline = Su saldo, sus tarjetas regalo y cada movimiento de dinero.
app-sign-in-title = Inicie sesión en su cuenta
app-sign-in-email = Correo electrónico
app-sign-in-email-hint = nombre@example.com
app-sign-in-password = Contraseña
app-sign-in-submit = Iniciar sesión
app-sign-in-busy = Iniciando sesión…
app-demo-title = Pruébelo con datos de demostración
app-demo-on-this-device = Esta copia de Redeem lleva su propio registro en este ordenador. Nada de esto es dinero real.
app-demo-on-server = Este servidor funciona con datos de demostración. Nada de esto es dinero real.
app-demo-email = Correo de demostración
app-demo-password = Contraseña de demostración
app-demo-use-account = Usar la cuenta de demostración
app-demo-cards = Tarjetas regalo de demostración
app-demo-cards-help = Canjee una después de iniciar sesión. La última es para el Reino Unido, para mostrar qué ocurre con una tarjeta de otra región.
app-demo-copy = Copiar
app-demo-copy-tooltip = Copiar este código

app-preferences-done = Listo
app-preferences-appearance = Apariencia
app-preferences-theme = Tema
app-theme-system = Sistema
app-theme-light = Claro
app-theme-dark = Oscuro
app-preferences-text-size = Tamaño del texto
app-preferences-touch = Pantalla táctil
app-preferences-large-targets = Zonas táctiles grandes
app-preferences-language = Idioma y región
app-preferences-language-automatic = Según la región de la cuenta
app-preferences-connection = Conexión
app-preferences-server = Servidor
app-preferences-server-hint = Servidor de demostración integrado
app-preferences-poll = Consultar el saldo cada
app-preferences-poll-unit = {"\u00A0"}s
app-preferences-sign-in = Inicio de sesión
app-preferences-remember-email = Recordar mi correo electrónico
app-preferences-server-next-start = El nuevo servidor se usará la próxima vez que se inicie Redeem.
app-preferences-stored = Las preferencias se guardan en este dispositivo; las contraseñas, los tokens de sesión y los códigos de tarjetas regalo, nunca.

app-preferences-unreadable = No se han podido leer sus preferencias guardadas, así que se usan los valores predeterminados. (Línea { $line }, columna { $column }: { $reason })
app-preferences-too-new = Sus preferencias guardadas proceden de una versión más reciente de Redeem (formato { $version }), así que se usan los valores predeterminados.
app-preferences-upgraded = Sus preferencias guardadas se han actualizado desde un formato anterior (versión { $version }).

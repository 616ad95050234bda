# Kiosk mode's own screens: the attract screen, the countdown before an automatic
# sign-out, the staff pad, and the on-screen keypad's keys.

kiosk-attract-title = Tap to check your balance or redeem a gift card
kiosk-attract-subtitle = See what your account holds, add a gift card, and read every movement of money.
kiosk-start = Start
kiosk-language = Language
kiosk-done = Done
kiosk-cancel = Cancel
kiosk-still-there = Are you still there?
kiosk-countdown-signed-in = For your privacy, you will be signed out and everything on this screen cleared in
kiosk-countdown-signed-out = For your privacy, everything on this screen will be cleared in
kiosk-countdown-seconds = { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
kiosk-still-here = I'm still here
kiosk-sign-out-now = Sign out now
kiosk-start-over = Start over
kiosk-staff = Staff
kiosk-staff-exit-explained = Leaving kiosk mode signs out whoever is signed in and closes the app.
kiosk-staff-exit = Exit kiosk mode
kiosk-staff-back = Back to the kiosk
kiosk-staff-pin-title = Staff PIN
kiosk-staff-pin-label = Enter the staff PIN
kiosk-staff-unlock = Unlock
kiosk-staff-locked = Too many wrong PINs. Try again in { $seconds } s.
kiosk-staff-wrong = That PIN is not right. { $tries ->
    [one] { $tries } try
   *[other] { $tries } tries
} left before the pad locks for a minute.
kiosk-staff-no-pin = No staff PIN is set for this terminal: set staff_pin_hash in the kiosk configuration.
kiosk-key-delete = Delete
kiosk-key-enter = Enter
kiosk-key-shift = Shift
kiosk-key-space = Space
kiosk-countdown-any-key = Press any key on the keypad for more time.
kiosk-countdown-last = You have had all the extra time this terminal allows.

# Speech for blind customers, spoken in the headset. { $name } is a button's or a field's
# name as shown on screen.
kiosk-speech-on = Speech is on. Use the arrow keys to move between choices and Enter to choose. Star repeats, slash reads the whole screen, plus and minus change the volume, and hash reads out what you typed.
kiosk-speech-button = { $name }, button
kiosk-speech-button-selected = { $name }, button, selected
kiosk-speech-unavailable = { $text }, unavailable
kiosk-speech-text-field = { $name }, text field, { $value }
kiosk-speech-password-field = { $name }, password field, { $count ->
    [one] { $count } character entered
   *[other] { $count } characters entered
}
kiosk-speech-empty = empty
kiosk-speech-code-count = { $count } of 16 characters entered
kiosk-speech-typed-code = character { $position } of { $length } entered
kiosk-speech-typed-secret = character { $position } entered
kiosk-speech-choice = key { $key }, choice { $position } of { $count }
kiosk-speech-deleted = { $count ->
    [0] Deleted. The field is empty.
    [one] Deleted. { $count } character left.
   *[other] Deleted. { $count } characters left.
}
kiosk-speech-capital = capital { $letter }
kiosk-speech-symbol-space = space
kiosk-speech-symbol-dot = dot
kiosk-speech-symbol-at = at
kiosk-speech-symbol-dash = dash
kiosk-speech-symbol-underscore = underscore
kiosk-speech-symbol-plus = plus
kiosk-speech-symbol-exclamation = exclamation mark
kiosk-speech-symbol-question = question mark
kiosk-speech-volume = Volume { $percent } percent.
kiosk-speech-nothing-typed = Nothing typed yet.
kiosk-speech-more-time = You have more time.

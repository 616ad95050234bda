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

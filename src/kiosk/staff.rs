//! [`StaffLock`]: the PIN pad that lets staff leave kiosk mode. Three wrong PINs lock it
//! for a minute; the PIN is checked against its Argon2id hash off the UI thread.

use poll_promise::Promise;

use crate::secret_buffer::SecretBuffer;

/// Wrong PINs in a row before the pad locks.
pub const MAX_FAILURES: u32 = 3;
/// How long the pad stays locked, seconds.
pub const LOCKOUT_S: f64 = 60.0;

/// The PIN field's widget id, so that its text-edit state can be wiped.
pub fn pin_field_id() -> egui::Id {
    egui::Id::unique("redeem.kiosk.staff_pin")
}

/// What the pad says under the PIN field.
#[derive(Clone, Debug, PartialEq)]
pub enum StaffMessage {
    /// The PIN was wrong; this many tries are left before the lock.
    Wrong {
        /// Tries left.
        tries_left: u32,
    },
    /// Too many wrong PINs.
    Locked,
    /// The configuration has no staff PIN.
    NoPinConfigured,
}

/// The staff PIN pad and its lock.
#[derive(Default)]
pub struct StaffLock {
    /// The pad is on screen.
    pub open: bool,
    /// The PIN as typed; wiped on every check and when the pad closes.
    pub pin: SecretBuffer,
    /// The last outcome, for the pad to show.
    pub message: Option<StaffMessage>,
    check: Option<Promise<bool>>,
    failures: u32,
    locked_until: Option<f64>,
    unlocked: bool,
}

impl std::fmt::Debug for StaffLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffLock")
            .field("open", &self.open)
            .field("pin", &self.pin)
            .field("message", &self.message)
            .field("checking", &self.check.is_some())
            .field("failures", &self.failures)
            .field("locked_until", &self.locked_until)
            .field("unlocked", &self.unlocked)
            .finish()
    }
}

impl StaffLock {
    /// Shows the pad.
    pub fn open(&mut self) {
        self.open = true;
        self.message = None;
    }

    /// Hides the pad, wipes what was typed and locks again.
    pub fn close(&mut self) {
        self.open = false;
        self.unlocked = false;
        self.message = None;
        self.pin.wipe();
    }

    /// True once the right PIN was entered (until the pad closes).
    pub fn is_unlocked(&self) -> bool {
        self.unlocked
    }

    /// True while a PIN is being checked.
    pub fn is_checking(&self) -> bool {
        self.check.is_some()
    }

    /// Seconds until the pad takes PINs again, while it is locked at `now`.
    pub fn locked_for(&self, now: f64) -> Option<f64> {
        self.locked_until
            .map(|until| until - now)
            .filter(|remaining| *remaining > 0.0)
    }

    /// Checks the typed PIN against `hash`, unless the pad is locked or busy. The typed PIN
    /// is wiped at once, whatever the outcome.
    pub fn submit(&mut self, ctx: &egui::Context, hash: Option<&str>, now: f64) {
        let pin = self.pin.to_secret();
        self.pin.wipe();
        if self.check.is_some() || pin.is_empty() {
            return;
        }
        if self.locked_for(now).is_some() {
            self.message = Some(StaffMessage::Locked);
            return;
        }
        let Some(hash) = hash else {
            self.message = Some(StaffMessage::NoPinConfigured);
            return;
        };
        self.message = None;
        self.check = Some(super::pin::verify_in_background(ctx, hash.to_owned(), pin));
    }

    /// Applies a finished check. Call every frame.
    pub fn poll(&mut self, now: f64) {
        if self.locked_until.is_some() && self.locked_for(now).is_none() {
            // The minute is over: a fresh set of tries.
            self.locked_until = None;
            self.failures = 0;
            if self.message == Some(StaffMessage::Locked) {
                self.message = None;
            }
        }
        let Some(check) = self.check.take() else {
            return;
        };
        match check.try_take() {
            Err(check) => self.check = Some(check),
            Ok(true) => {
                self.failures = 0;
                self.unlocked = true;
                self.message = None;
            }
            Ok(false) => {
                self.failures += 1;
                if self.failures >= MAX_FAILURES {
                    self.locked_until = Some(now + LOCKOUT_S);
                    self.message = Some(StaffMessage::Locked);
                } else {
                    self.message = Some(StaffMessage::Wrong {
                        tries_left: MAX_FAILURES - self.failures,
                    });
                }
            }
        }
    }
}

//! The staff PIN: hashed with Argon2id for the configuration file, checked off the UI
//! thread. The PIN itself is never logged, stored or put in an error message.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use poll_promise::Promise;
use redeem_core::SecretText;

/// Fewest digits in a staff PIN.
pub const MIN_DIGITS: usize = 4;
/// Most digits in a staff PIN.
pub const MAX_DIGITS: usize = 12;

/// Memory cost in KiB (OWASP's minimum for Argon2id: 19 MiB).
const MEMORY_KIB: u32 = 19_456;
/// Passes (OWASP: 2).
const ITERATIONS: u32 = 2;
/// Lanes (OWASP: 1).
const PARALLELISM: u32 = 1;

/// Why a PIN or a PIN hash cannot be used. Never contains the PIN.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PinError {
    /// The PIN is not 4 to 12 digits.
    #[error("a staff PIN is {MIN_DIGITS} to {MAX_DIGITS} digits, and nothing else")]
    Shape,
    /// The hash is not an Argon2id PHC string.
    #[error(
        "not an Argon2id hash (it should start with $argon2id$); make one with `redeem kiosk-pin-hash`"
    )]
    NotArgon2id,
    /// Argon2 refused its input.
    #[error("Argon2 failed: {0}")]
    Argon2(String),
}

fn argon2() -> Result<Argon2<'static>, PinError> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|error| PinError::Argon2(error.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks that `pin` has the shape of a staff PIN.
pub fn check_shape(pin: &str) -> Result<(), PinError> {
    let digits = pin.chars().count();
    if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PinError::Shape)
    }
}

/// The Argon2id PHC string of `pin`, with a fresh random salt.
pub fn hash(pin: &SecretText) -> Result<String, PinError> {
    check_shape(pin.expose())?;
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(pin.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PinError::Argon2(error.to_string()))
}

/// Checks that `hash` is an Argon2id PHC string.
pub fn check_hash(hash: &str) -> Result<(), PinError> {
    let parsed = PasswordHash::new(hash).map_err(|_| PinError::NotArgon2id)?;
    if parsed.algorithm.as_str() == "argon2id" {
        Ok(())
    } else {
        Err(PinError::NotArgon2id)
    }
}

/// True when `pin` matches `hash`. Takes tens of milliseconds: call it off the UI thread
/// ([`verify_in_background`]).
pub fn verify(hash: &str, pin: &SecretText) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    // Verification takes its parameters from the hash itself.
    Argon2::default()
        .verify_password(pin.expose().as_bytes(), &parsed)
        .is_ok()
}

/// Checks `pin` against `hash` on a thread of its own; the promise answers whether it
/// matched and asks for a repaint when it does.
pub fn verify_in_background(ctx: &egui::Context, hash: String, pin: SecretText) -> Promise<bool> {
    let ctx = ctx.clone();
    Promise::spawn_thread("kiosk-pin-check", move || {
        let matched = verify(&hash, &pin);
        drop(pin);
        ctx.request_repaint();
        matched
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_pin_matches_its_hash_and_a_wrong_one_does_not() {
        let hash = hash(&SecretText::new("246810")).unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("246810"));
        assert_eq!(check_hash(&hash), Ok(()));
        assert!(verify(&hash, &SecretText::new("246810")));
        assert!(!verify(&hash, &SecretText::new("246811")));
    }

    #[test]
    fn a_pin_is_four_to_twelve_digits() {
        assert_eq!(check_shape("1234"), Ok(()));
        assert_eq!(check_shape("123"), Err(PinError::Shape));
        assert_eq!(check_shape("12a4"), Err(PinError::Shape));
        assert_eq!(check_shape("1234567890123"), Err(PinError::Shape));
    }

    #[test]
    fn only_argon2id_hashes_are_accepted() {
        assert_eq!(check_hash("1234"), Err(PinError::NotArgon2id));
        assert_eq!(
            check_hash(
                "$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$0Vh6ygkiw7XWqD7asxvuPE667zQu1hJ6VdGbI1GtH0E"
            ),
            Err(PinError::NotArgon2id)
        );
    }
}

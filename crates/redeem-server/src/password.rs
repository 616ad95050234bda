//! Passwords: Argon2id at OWASP's parameters, at most two hashes at once, off the async
//! threads.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use redeem_core::SecretText;
use tokio::sync::{OnceCell, Semaphore};

/// Memory cost in KiB (OWASP's minimum for Argon2id: 19 MiB).
pub const MEMORY_KIB: u32 = 19_456;
/// Passes (OWASP: 2).
pub const ITERATIONS: u32 = 2;
/// Lanes (OWASP: 1).
pub const PARALLELISM: u32 = 1;
/// Hashes computed at the same time, at most: each takes 19 MiB and a core for tens of ms.
pub const MAX_CONCURRENT_HASHES: usize = 2;

/// Why a password operation failed. Never contains the password.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Argon2 refused its input.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The blocking task was cancelled or panicked.
    #[error("the password hashing task failed")]
    Task,
    /// The server is shutting down.
    #[error("password hashing is shut down")]
    Closed,
}

/// Hashes and checks passwords with bounded concurrency.
#[derive(Clone, Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// A hash of a random password, checked when an e-mail is unknown, so that a wrong
    /// e-mail costs the same time as a wrong password.
    decoy: Arc<OnceCell<String>>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new()
    }
}

impl Passwords {
    /// A hasher allowing [`MAX_CONCURRENT_HASHES`] at once.
    pub fn new() -> Self {
        Self {
            permits: Arc::new(Semaphore::new(MAX_CONCURRENT_HASHES)),
            decoy: Arc::new(OnceCell::new()),
        }
    }

    fn argon2() -> Result<Argon2<'static>, PasswordError> {
        let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
            .map_err(|error| PasswordError::Hash(error.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// The PHC string of a new salted Argon2id hash.
    pub async fn hash(&self, password: SecretText) -> Result<String, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Closed)?;
        tokio::task::spawn_blocking(move || {
            let mut salt = [0_u8; 16];
            getrandom::fill(&mut salt).map_err(|error| PasswordError::Hash(error.to_string()))?;
            let salt = SaltString::encode_b64(&salt)
                .map_err(|error| PasswordError::Hash(error.to_string()))?;
            Self::argon2()?
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|error| PasswordError::Hash(error.to_string()))
        })
        .await
        .map_err(|_| PasswordError::Task)?
    }

    /// True when `password` matches `phc`. With no stored hash (unknown e-mail) a decoy is
    /// checked instead and the answer is false.
    pub async fn verify(
        &self,
        password: SecretText,
        phc: Option<String>,
    ) -> Result<bool, PasswordError> {
        let known = phc.is_some();
        let phc = match phc {
            Some(phc) => phc,
            None => self
                .decoy
                .get_or_try_init(|| async {
                    let mut random = [0_u8; 24];
                    getrandom::fill(&mut random)
                        .map_err(|error| PasswordError::Hash(error.to_string()))?;
                    self.hash(SecretText::new(hex::encode(random))).await
                })
                .await?
                .clone(),
        };
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Closed)?;
        let matches = tokio::task::spawn_blocking(move || {
            let parsed =
                PasswordHash::new(&phc).map_err(|error| PasswordError::Hash(error.to_string()))?;
            Ok::<_, PasswordError>(
                Self::argon2()?
                    .verify_password(password.expose().as_bytes(), &parsed)
                    .is_ok(),
            )
        })
        .await
        .map_err(|_| PasswordError::Task)??;
        Ok(known && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_use_argon2id_at_owasp_cost_and_check_out() -> Result<(), PasswordError> {
        let passwords = Passwords::new();
        let hash = passwords.hash(SecretText::new("correct horse")).await?;
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(!hash.contains("correct horse"));
        assert!(
            passwords
                .verify(SecretText::new("correct horse"), Some(hash.clone()))
                .await?
        );
        assert!(
            !passwords
                .verify(SecretText::new("wrong"), Some(hash))
                .await?
        );
        assert!(
            !passwords
                .verify(SecretText::new("correct horse"), None)
                .await?
        );
        Ok(())
    }
}

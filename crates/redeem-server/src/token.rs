//! Session tokens: 256 random bits, shown once to the client, stored only as SHA-256.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use redeem_core::SecretText;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// A new bearer token and the hash the database keeps.
pub fn new_token() -> Result<(SecretText, [u8; 32]), getrandom::Error> {
    let mut bytes = Zeroizing::new([0_u8; 32]);
    getrandom::fill(bytes.as_mut())?;
    let token = SecretText::new(URL_SAFE_NO_PAD.encode(bytes.as_ref()));
    let hash = token_hash(token.expose());
    Ok((token, hash))
}

/// What the database stores for a token: SHA-256 of its text. A fast hash is right here:
/// the token has 256 bits of entropy, so the hash cannot be reversed by guessing.
///
/// The hasher keeps the last partial block of its input (the whole token) in its buffer:
/// it is overwritten before the hasher is dropped, so that no copy of the token stays
/// behind in this thread's stack.
pub fn token_hash(token: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(token.as_bytes());
    let hash = hasher.finalize_reset().into();
    // 63 bytes stay in the buffer (a whole block would be hashed from the input).
    hasher.update([0_u8; 63]);
    std::hint::black_box(&hasher);
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_are_stored_hashed() -> Result<(), getrandom::Error> {
        let (token, hash) = new_token()?;
        assert_eq!(
            URL_SAFE_NO_PAD.decode(token.expose()).map(|b| b.len()).ok(),
            Some(32)
        );
        assert_eq!(hash, token_hash(token.expose()));
        let (other, _) = new_token()?;
        assert_ne!(token.expose(), other.expose());
        Ok(())
    }
}

//! The pepper: 32 secret bytes in a file outside the database, the key of every code's HMAC.
//!
//! A copy of the database without the pepper file does not reveal which code is which card:
//! a code is stored only as `HMAC-SHA256(pepper, normalised code)` and its last four symbols.

use std::fmt;
use std::io::{self, Write as _};
use std::path::Path;

use hmac::{Hmac, Mac as _};
use redeem_core::GiftCardCode;
use sha2::Sha256;
use zeroize::Zeroizing;

/// Bytes in a pepper.
pub const PEPPER_LEN: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// Why the pepper file could not be used. Never contains the pepper.
#[derive(Debug, thiserror::Error)]
pub enum PepperError {
    /// Reading or creating the file failed.
    #[error("pepper file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: io::Error,
    },
    /// The file exists but does not hold 32 bytes.
    #[error("pepper file {path} holds {len} bytes; a pepper is exactly 32 bytes")]
    WrongLength {
        /// The file.
        path: String,
        /// Its length.
        len: usize,
    },
    /// The operating system's random generator failed.
    #[error("no randomness for a new pepper: {0}")]
    Random(getrandom::Error),
}

/// The server's secret key for code HMACs and request fingerprints. Its `Debug` is redacted.
///
/// It is kept only as HMAC's state after the key was absorbed, which every MAC then starts
/// from: keying takes two of SHA-256's block operations, as many again as a code's MAC.
/// That state is as secret as the key (like the per-call states it replaces, it is not
/// wiped on drop); the key's bytes themselves are wiped as soon as it is built.
#[derive(Clone)]
pub struct Pepper(HmacSha256);

impl fmt::Debug for Pepper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pepper(<redacted>)")
    }
}

impl Pepper {
    /// Reads the pepper from `path`, or creates the file with 32 fresh random bytes and mode
    /// 0600 (owner read/write only) when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Self, PepperError> {
        let shown = path.display().to_string();
        let io_error = |source| PepperError::Io {
            path: shown.clone(),
            source,
        };
        match open_new(path) {
            Ok(mut file) => {
                let mut bytes = Zeroizing::new([0_u8; PEPPER_LEN]);
                getrandom::fill(bytes.as_mut()).map_err(PepperError::Random)?;
                file.write_all(bytes.as_ref()).map_err(io_error)?;
                file.sync_all().map_err(io_error)?;
                tracing::info!(path = %shown, "created a new pepper file");
                Ok(Self::keyed(&bytes))
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                let contents = Zeroizing::new(std::fs::read(path).map_err(io_error)?);
                let Ok(bytes) = <[u8; PEPPER_LEN]>::try_from(contents.as_slice()) else {
                    return Err(PepperError::WrongLength {
                        path: shown,
                        len: contents.len(),
                    });
                };
                warn_if_readable_by_others(path);
                Ok(Self::keyed(&Zeroizing::new(bytes)))
            }
            Err(error) => Err(io_error(error)),
        }
    }

    /// A pepper from known bytes (tests and tools).
    pub fn from_bytes(bytes: [u8; PEPPER_LEN]) -> Self {
        Self::keyed(&Zeroizing::new(bytes))
    }

    fn keyed(bytes: &[u8; PEPPER_LEN]) -> Self {
        // HMAC pads a short key with zeros to the hash's block size (RFC 2104), so the
        // zero-padded 64-byte key is the same key, in the fixed-size form `new` takes.
        let mut block = Zeroizing::new([0_u8; 64]);
        block[..PEPPER_LEN].copy_from_slice(bytes);
        Self(<HmacSha256 as hmac::digest::KeyInit>::new(&(*block).into()))
    }

    fn mac(&self) -> HmacSha256 {
        self.0.clone()
    }

    /// `HMAC-SHA256(pepper, normalised compact code)`: how a card is found without storing
    /// its code.
    pub fn code_hmac(&self, code: &GiftCardCode) -> [u8; 32] {
        let mut mac = self.mac();
        let compact = Zeroizing::new(code.expose_compact());
        mac.update(compact.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A keyed fingerprint of a request (for `Idempotency-Key` comparisons), so that the
    /// stored fingerprint of a redeem request reveals nothing about its code.
    pub fn fingerprint(&self, parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = self.mac();
        mac.update(b"redeem-request-v1");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// Demo card number `n`: its code is derived from the pepper, so that it is the same at
    /// every start and never stored in clear.
    pub fn demo_code(&self, n: u32) -> GiftCardCode {
        let mut mac = self.mac();
        mac.update(format!("demo-card-{n}").as_bytes());
        let digest = Zeroizing::new(<[u8; 32]>::from(mac.finalize().into_bytes()));
        let mut bytes = Zeroizing::new([0_u8; 15]);
        bytes.copy_from_slice(&digest[..15]);
        GiftCardCode::from_random_bytes(&bytes)
    }
}

#[cfg(unix)]
fn open_new(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn open_new(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(
            path = %path.display(),
            "the pepper file is readable by other users; chmod 600 it"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_pepper_file_is_private_and_read_back_the_same()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("pepper");
        let first = Pepper::load_or_create(&path)?;
        let second = Pepper::load_or_create(&path)?;
        let code = GiftCardCode::from_random_bytes(&[3; 15]);
        assert_eq!(first.code_hmac(&code), second.code_hmac(&code));
        let bytes = std::fs::read(&path)?;
        assert_eq!(bytes.len(), PEPPER_LEN);
        assert_eq!(first.code_hmac(&code), reference_hmac(&bytes, &code));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(
                std::fs::metadata(&path)?.permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(!format!("{first:?}").contains(&hex::encode(&bytes)));
        Ok(())
    }

    /// HMAC-SHA256 keyed afresh from the key's bytes, as RFC 2104 defines it.
    fn reference_hmac(key: &[u8], code: &GiftCardCode) -> [u8; 32] {
        let mut mac = <HmacSha256 as hmac::Mac>::new_from_slice(key).unwrap_or_else(|_| {
            unreachable!("HMAC takes a key of any length");
        });
        mac.update(code.expose_compact().as_bytes());
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn every_mac_starts_from_the_same_keyed_state() {
        let pepper = Pepper::from_bytes([9; PEPPER_LEN]);
        let code = GiftCardCode::from_random_bytes(&[5; 15]);
        let other = GiftCardCode::from_random_bytes(&[6; 15]);
        assert_eq!(
            pepper.code_hmac(&code),
            reference_hmac(&[9; PEPPER_LEN], &code)
        );
        assert_eq!(
            pepper.code_hmac(&other),
            reference_hmac(&[9; PEPPER_LEN], &other)
        );
        assert_eq!(
            pepper.code_hmac(&code),
            reference_hmac(&[9; PEPPER_LEN], &code)
        );
        assert_ne!(pepper.code_hmac(&code), pepper.code_hmac(&other));
    }

    #[test]
    fn demo_codes_are_stable_valid_and_distinct() {
        let pepper = Pepper::from_bytes([7; PEPPER_LEN]);
        let a = pepper.demo_code(1);
        assert_eq!(a, pepper.demo_code(1));
        assert_ne!(a, pepper.demo_code(2));
        assert_eq!(GiftCardCode::parse(&a.expose_grouped()), Ok(a.clone()));
        let other = Pepper::from_bytes([8; PEPPER_LEN]);
        assert_ne!(a, other.demo_code(1));
    }

    #[test]
    fn a_file_of_the_wrong_length_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("pepper");
        std::fs::write(&path, b"short")?;
        assert!(matches!(
            Pepper::load_or_create(&path),
            Err(PepperError::WrongLength { len: 5, .. })
        ));
        Ok(())
    }
}

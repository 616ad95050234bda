//! Sessions: sign in with e-mail and password, bearer tokens stored hashed, sign out.

use chrono::{DateTime, Utc};
use redeem_core::api::{AccountSummary, SessionResponse};
use redeem_core::{Currency, Region, SecretText};

use super::error::LedgerError;
use super::limiter::{self, Allowance, Counted, LimiterConfig};
use super::{Ledger, delta};
use crate::storage::{AccountId, AccountRow, LedgerTx, StorageError, WriteJob};
use crate::token::{new_token, token_hash};

/// Longest accepted password in bytes (Argon2 would take more, but nobody types more).
pub const MAX_PASSWORD_LEN: usize = redeem_core::password::PASSWORD_MAX_BYTES;

/// Longest accepted e-mail address in bytes, once trimmed (RFC 5321's limit of a path).
pub const MAX_EMAIL_LEN: usize = 254;

/// What a sign-in (or the check of a current password) must count against.
#[derive(Clone)]
pub(super) struct SignInScope {
    pub(super) email_key: Vec<u8>,
    pub(super) address: String,
    pub(super) limits: LimiterConfig,
    pub(super) now: DateTime<Utc>,
}

/// The early limiter check, before the password is hashed: the refusal, if a limit is used
/// up, and the allowance.
pub(super) struct CheckSignIn(pub(super) SignInScope);

impl WriteJob for CheckSignIn {
    type Output = (Option<LedgerError>, Allowance);

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let s = &self.0;
        let standing =
            limiter::check_sign_in(tx, &s.limits, &s.email_key, &s.address, s.now).await?;
        Ok((standing.refusal(), standing.allowance()))
    }
}

/// A failed sign-in: recorded, or refused as rate limited.
pub(super) struct FailSignIn(pub(super) SignInScope);

impl WriteJob for FailSignIn {
    type Output = (Option<LedgerError>, Allowance);

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let s = &self.0;
        limiter::settle_sign_in(tx, &s.limits, &s.email_key, &s.address, true, s.now).await
    }
}

/// A matching password: a session, unless a limit was used up meanwhile.
struct CreateSession {
    scope: SignInScope,
    token_hash: [u8; 32],
    account: AccountId,
    expires_at: DateTime<Utc>,
}

impl WriteJob for CreateSession {
    type Output = (Option<LedgerError>, Allowance);

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let s = &self.scope;
        let (limited, allowance) =
            limiter::settle_sign_in(tx, &s.limits, &s.email_key, &s.address, false, s.now).await?;
        if limited.is_none() {
            tx.insert_session(&self.token_hash, self.account, s.now, self.expires_at)
                .await?;
        }
        Ok((limited, allowance))
    }
}

struct DeleteSession([u8; 32]);

impl WriteJob for DeleteSession {
    type Output = bool;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<bool, StorageError> {
        tx.delete_session(&self.0).await
    }
}

struct ExpireSessions(DateTime<Utc>);

impl WriteJob for ExpireSessions {
    type Output = u64;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<u64, StorageError> {
        tx.expire_sessions(self.0).await
    }
}

/// E-mail addresses are compared in lower case, without surrounding spaces.
pub(crate) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Ledger {
    /// Signs in from client `address`: a new bearer token when the e-mail and password match
    /// an account. A wrong e-mail and a wrong password cost the same time and get the same
    /// answer. Failed sign-ins are limited per e-mail address and per client address
    /// (`rate_limited` once used up, whether or not the account exists); the answer says
    /// how many are left.
    pub async fn sign_in(
        &self,
        email: &str,
        password: SecretText,
        address: &str,
    ) -> Counted<SessionResponse> {
        let mut allowance = None;
        let outcome = self
            .sign_in_counted(email, password, address, &mut allowance)
            .await;
        Counted { outcome, allowance }
    }

    async fn sign_in_counted(
        &self,
        email: &str,
        password: SecretText,
        address: &str,
        allowance: &mut Option<Allowance>,
    ) -> Result<SessionResponse, LedgerError> {
        let email = normalise_email(email);
        if email.is_empty() || email.len() > MAX_EMAIL_LEN {
            return Err(LedgerError::Validation(format!(
                "email must be an e-mail address of 1 to {MAX_EMAIL_LEN} characters"
            )));
        }
        if password.is_empty() || password.expose().len() > MAX_PASSWORD_LEN {
            return Err(LedgerError::Validation(format!(
                "password must be 1 to {MAX_PASSWORD_LEN} bytes"
            )));
        }
        let scope = self.sign_in_scope(&email, address);
        // A read: refusing an attacker costs no write.
        let (limited, standing) = self.storage.read_only(CheckSignIn(scope.clone())).await?;
        *allowance = Some(standing);
        if let Some(limited) = limited {
            return Err(self.limited(limited));
        }
        let account = self.storage.account_by_email(&email).await?;
        let stored = account.as_ref().map(|a| a.password_hash.clone());
        let matches = self.passwords.verify(password, stored).await?;
        let Some(account) = account.filter(|_| matches) else {
            let (limited, standing) = self.storage.write(FailSignIn(scope)).await?;
            *allowance = Some(standing);
            if let Some(limited) = limited {
                return Err(self.limited(limited));
            }
            return Err(LedgerError::Unauthorized(
                "the e-mail address or the password is wrong",
            ));
        };
        let (token, hash) = new_token().map_err(LedgerError::Random)?;
        let expires_at = scope.now + delta(self.config.session_ttl);
        let (limited, standing) = self
            .storage
            .write(CreateSession {
                scope,
                token_hash: hash,
                account: account.id,
                expires_at,
            })
            .await?;
        *allowance = Some(standing);
        if let Some(limited) = limited {
            return Err(self.limited(limited));
        }
        Ok(SessionResponse {
            token,
            expires_at,
            account: summary(&account),
        })
    }

    /// What a sign-in with `email` (normalised) from `address` counts against, now.
    pub(super) fn sign_in_scope(&self, email: &str, address: &str) -> SignInScope {
        SignInScope {
            email_key: self.pepper.fingerprint(&[b"sign-in", email.as_bytes()]),
            address: address.to_owned(),
            limits: self.config.limits.clone(),
            now: self.now(),
        }
    }

    /// Counts a limiter refusal in the metrics and passes it on.
    pub(super) fn limited(&self, refusal: LedgerError) -> LedgerError {
        if let LedgerError::RateLimited { scope, .. } = &refusal {
            self.metrics.limiter_hit(scope);
        }
        refusal
    }

    /// The account of a live bearer token.
    pub async fn authenticate(&self, token: &str) -> Result<Account, LedgerError> {
        self.storage
            .session_account(&session_key(token)?, self.now())
            .await?
            .map(Account::from)
            .ok_or_else(session_not_live)
    }

    /// Signs out: the token stops working at once.
    pub async fn sign_out(&self, token: &str) -> Result<(), LedgerError> {
        self.storage.write(DeleteSession(token_hash(token))).await?;
        Ok(())
    }

    /// Makes every live session expire now (operators and tests).
    pub async fn expire_sessions(&self) -> Result<u64, LedgerError> {
        Ok(self.storage.write(ExpireSessions(self.now())).await?)
    }
}

/// An account as the service hands it to the HTTP edge: what a request acts on, without
/// the password hash, which only signing in reads and which never leaves the service.
#[derive(Clone, Debug)]
pub struct Account {
    /// Row id.
    pub id: AccountId,
    /// E-mail, lower case.
    pub email: String,
    /// Storefront.
    pub region: Region,
    /// Balance currency.
    pub currency: Currency,
}

impl From<AccountRow> for Account {
    /// Keeps what a request needs; the password hash is dropped here. The fields move, so
    /// the hot paths that authenticate copy nothing.
    fn from(row: AccountRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            region: row.region,
            currency: row.currency,
        }
    }
}

/// What a session is stored under: the bearer token's hash, if the token can be one.
pub(super) fn session_key(token: &str) -> Result<[u8; 32], LedgerError> {
    if token.is_empty() || token.len() > 512 {
        return Err(LedgerError::Unauthorized("the bearer token is not valid"));
    }
    Ok(token_hash(token))
}

/// The refusal of a token that names no live session.
pub(super) fn session_not_live() -> LedgerError {
    LedgerError::Unauthorized("the session has expired or was signed out; sign in again")
}

/// The wire summary of an account.
pub(crate) fn summary(account: &AccountRow) -> AccountSummary {
    AccountSummary {
        email: account.email.clone(),
        region: account.region,
        currency: account.currency,
    }
}

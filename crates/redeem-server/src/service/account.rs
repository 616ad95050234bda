//! An account's self-service: sign-up, changing the password, signing out everywhere, and
//! the administrator's password reset (there is no forgotten-password e-mail: this server
//! sends no e-mail).

use chrono::{DateTime, Utc};
use redeem_core::api::{PASSWORD_MIN_LEN, SessionResponse, SignUpPolicy};
use redeem_core::password::{PASSWORD_MAX_LEN, check_new_password};
use redeem_core::{Region, SecretText};

use super::admin::validate_email;
use super::error::LedgerError;
use super::limiter::{self, Allowance, Counted, LimiterConfig};
use super::session::{
    Account, CheckSignIn, FailSignIn, MAX_PASSWORD_LEN, SignInScope, normalise_email, summary,
};
use super::{Ledger, delta};
use crate::storage::{AccountId, AccountRow, LedgerTx, StorageError, WriteJob};
use crate::token::{new_token, token_hash};

/// The early sign-up check of a client address, before the password is hashed.
struct CheckSignUp {
    address: String,
    limits: LimiterConfig,
    now: DateTime<Utc>,
}

impl WriteJob for CheckSignUp {
    type Output = Option<LedgerError>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let standing = limiter::check_sign_up(tx, &self.limits, &self.address, self.now).await?;
        Ok(standing.refusal())
    }
}

/// A sign-up: counted against the address, then an account and its first session, unless
/// the e-mail address is taken.
struct SignUp {
    email: String,
    region: Region,
    password_hash: String,
    token_hash: [u8; 32],
    expires_at: DateTime<Utc>,
    address: String,
    limits: LimiterConfig,
    now: DateTime<Utc>,
}

impl WriteJob for SignUp {
    type Output = Result<AccountRow, LedgerError>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        tx.lock_address(&format!("sign-up-address:{}", self.address))
            .await?;
        let standing = limiter::check_sign_up(tx, &self.limits, &self.address, self.now).await?;
        if let Some(limited) = standing.refusal() {
            return Ok(Err(limited));
        }
        // Counted whether or not the address is taken: asking costs the same either way.
        tx.record_sign_up(&self.address, self.now).await?;
        if tx.lock_account_by_email(&self.email).await?.is_some() {
            return Ok(Err(LedgerError::EmailTaken));
        }
        // A concurrent sign-up of the same address makes this a unique-key refusal, which
        // PostgreSQL retries: the retry finds the account and answers `email_taken`.
        let id = tx
            .insert_account(&self.email, self.region, &self.password_hash, self.now)
            .await?;
        tx.insert_session(&self.token_hash, id, self.now, self.expires_at)
            .await?;
        let Some(account) = tx.lock_account(id).await? else {
            return Err(StorageError::Invariant(
                "a new account could not be read back",
            ));
        };
        Ok(Ok(account))
    }
}

/// A verified password change: the new hash, and every other session ends.
struct ChangePassword {
    scope: SignInScope,
    account: AccountId,
    /// The hash the current password was checked against: if it changed meanwhile, the
    /// check is void.
    verified_hash: String,
    new_hash: String,
    keep: [u8; 32],
}

impl WriteJob for ChangePassword {
    type Output = (Result<(), LedgerError>, Allowance);

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Self::Output, StorageError> {
        let s = &self.scope;
        let (limited, allowance) =
            limiter::settle_sign_in(tx, &s.limits, &s.email_key, &s.address, false, s.now).await?;
        if let Some(limited) = limited {
            return Ok((Err(limited), allowance));
        }
        let Some(account) = tx.lock_account(self.account).await? else {
            return Ok((
                Err(LedgerError::Unauthorized("the account no longer exists")),
                allowance,
            ));
        };
        if account.password_hash != self.verified_hash {
            return Ok((Err(LedgerError::WrongPassword), allowance));
        }
        tx.set_password_hash(self.account, &self.new_hash).await?;
        tx.delete_account_sessions(self.account, Some(&self.keep))
            .await?;
        Ok((Ok(()), allowance))
    }
}

/// Ends an account's sessions, all or all but one.
struct EndSessions {
    account: AccountId,
    keep: Option<[u8; 32]>,
}

impl WriteJob for EndSessions {
    type Output = u64;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<u64, StorageError> {
        tx.delete_account_sessions(self.account, self.keep.as_ref().map(|keep| &keep[..]))
            .await
    }
}

/// The administrator's password reset: the new hash, and every session ends.
struct SetPassword {
    email: String,
    password_hash: String,
}

impl WriteJob for SetPassword {
    type Output = Option<u64>;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<Option<u64>, StorageError> {
        let Some(account) = tx.lock_account_by_email(&self.email).await? else {
            return Ok(None);
        };
        tx.set_password_hash(account.id, &self.password_hash)
            .await?;
        Ok(Some(tx.delete_account_sessions(account.id, None).await?))
    }
}

impl Ledger {
    /// Whether and how people can make accounts here (`GET /v1/sign-up`).
    pub fn sign_up_policy(&self) -> SignUpPolicy {
        SignUpPolicy {
            allowed: self.config.allow_sign_up,
            regions: Region::ALL.to_vec(),
            min_password_length: u32::try_from(PASSWORD_MIN_LEN).unwrap_or(u32::MAX),
            max_password_length: u32::try_from(PASSWORD_MAX_LEN).unwrap_or(u32::MAX),
        }
    }

    /// Makes an account and signs it in, when the server allows sign-up. The password is
    /// hashed before the e-mail address is looked up, so that a taken address and a free
    /// one take the same time; the answer `email_taken` itself says the address has an
    /// account (a person signing up must be told), and every sign-up that reaches the
    /// database counts against the client address's sign-up limit, which bounds how many
    /// addresses one client can test.
    pub async fn sign_up(
        &self,
        email: &str,
        password: SecretText,
        region: Region,
        address: &str,
    ) -> Result<SessionResponse, LedgerError> {
        if !self.config.allow_sign_up {
            return Err(LedgerError::SignUpClosed);
        }
        let email = validate_email(email)?;
        check_new_password(password.expose(), &email).map_err(LedgerError::WeakPassword)?;
        let now = self.now();
        let limits = self.config.limits.clone();
        // A read: refusing a flood costs neither a hash nor a write.
        if let Some(limited) = self
            .storage
            .read_only(CheckSignUp {
                address: address.to_owned(),
                limits: limits.clone(),
                now,
            })
            .await?
        {
            return Err(self.limited(limited));
        }
        let password_hash = self.passwords.hash(password).await?;
        let (token, token_hash) = new_token().map_err(LedgerError::Random)?;
        let expires_at = now + delta(self.config.session_ttl);
        let account = self
            .storage
            .write(SignUp {
                email,
                region,
                password_hash,
                token_hash,
                expires_at,
                address: address.to_owned(),
                limits,
                now,
            })
            .await?
            .map_err(|refusal| self.limited(refusal))?;
        Ok(SessionResponse {
            token,
            expires_at,
            account: summary(&account),
        })
    }

    /// Changes the password of `account`, signed in with `token`, from client `address`.
    /// A wrong current password counts as a failed sign-in of the account (the answer says
    /// how many are left); on success every other session of the account ends and the one
    /// of `token` goes on.
    pub async fn change_password(
        &self,
        account: &Account,
        token: &str,
        current: SecretText,
        new: SecretText,
        address: &str,
    ) -> Counted<()> {
        let mut allowance = None;
        let outcome = self
            .change_password_counted(account, token, current, new, address, &mut allowance)
            .await;
        Counted { outcome, allowance }
    }

    async fn change_password_counted(
        &self,
        account: &Account,
        token: &str,
        current: SecretText,
        new: SecretText,
        address: &str,
        allowance: &mut Option<Allowance>,
    ) -> Result<(), LedgerError> {
        check_new_password(new.expose(), &account.email).map_err(LedgerError::WeakPassword)?;
        if current.is_empty() || current.expose().len() > MAX_PASSWORD_LEN {
            return Err(LedgerError::Validation(format!(
                "current_password must be 1 to {MAX_PASSWORD_LEN} bytes"
            )));
        }
        let scope = self.sign_in_scope(&normalise_email(&account.email), address);
        let (limited, standing) = self.storage.read_only(CheckSignIn(scope.clone())).await?;
        *allowance = Some(standing);
        if let Some(limited) = limited {
            return Err(self.limited(limited));
        }
        let Some(row) = self.storage.account(account.id).await? else {
            return Err(LedgerError::Unauthorized("the account no longer exists"));
        };
        let verified_hash = row.password_hash;
        if !self
            .passwords
            .verify(current, Some(verified_hash.clone()))
            .await?
        {
            let (limited, standing) = self.storage.write(FailSignIn(scope)).await?;
            *allowance = Some(standing);
            return Err(limited.map_or(LedgerError::WrongPassword, |l| self.limited(l)));
        }
        let new_hash = self.passwords.hash(new).await?;
        let (changed, standing) = self
            .storage
            .write(ChangePassword {
                scope,
                account: account.id,
                verified_hash,
                new_hash,
                keep: token_hash(token),
            })
            .await?;
        *allowance = Some(standing);
        changed.map_err(|refusal| self.limited(refusal))
    }

    /// Ends every session of `account`, the caller's included.
    pub async fn sign_out_everywhere(&self, account: &Account) -> Result<u64, LedgerError> {
        Ok(self
            .storage
            .write(EndSessions {
                account: account.id,
                keep: None,
            })
            .await?)
    }

    /// Sets a new password for the account with `email` (the administrator's reset, under
    /// the rules of sign-up) and ends every session of the account; answers how many ended.
    pub async fn set_password(
        &self,
        email: &str,
        password: SecretText,
    ) -> Result<u64, LedgerError> {
        let email = normalise_email(email);
        check_new_password(password.expose(), &email).map_err(LedgerError::WeakPassword)?;
        let password_hash = self.passwords.hash(password).await?;
        self.storage
            .write(SetPassword {
                email: email.clone(),
                password_hash,
            })
            .await?
            .ok_or_else(|| LedgerError::NotFound(format!("no account has the e-mail {email}")))
    }
}

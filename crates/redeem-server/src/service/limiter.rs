//! The attempt limiter (OWASP OAT-002, token cracking): failed redeem and preview attempts
//! are counted in the database, per account, per client address and overall, over a
//! sliding window, so that every node sharing the database enforces the same limits.
//! Failed sign-ins are limited the same way, per e-mail address and per client address.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::delta;
use super::error::LedgerError;
use crate::storage::{AccountId, FailureWindow, LedgerTx, LimitScope, StorageError};

/// The limits.
#[derive(Clone, Debug)]
pub struct LimiterConfig {
    /// Failed attempts one account may make per window.
    pub per_account: u32,
    /// Failed attempts one client address may make per window.
    pub per_address: u32,
    /// Failed attempts everybody together may make per window.
    pub global: u32,
    /// The window.
    pub window: Duration,
    /// Failed sign-ins allowed for one e-mail address per sign-in window.
    pub sign_in_per_account: u32,
    /// Failed sign-ins allowed from one client address per sign-in window.
    pub sign_in_per_address: u32,
    /// The sign-in window (shorter than the code window: a locked-out owner waits less).
    pub sign_in_window: Duration,
}

impl Default for LimiterConfig {
    fn default() -> Self {
        Self {
            per_account: 10,
            per_address: 30,
            global: 10_000,
            window: Duration::from_secs(3600),
            sign_in_per_account: 10,
            sign_in_per_address: 30,
            sign_in_window: Duration::from_secs(15 * 60),
        }
    }
}

/// `Some(rate_limited)` when any limit is used up. Runs inside the attempt's transaction,
/// after the account row is locked (which makes the account's count exact); an attempt
/// that then fails is confirmed by [`confirm_failure`] before it is recorded.
pub(crate) async fn check<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    account: AccountId,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Option<LedgerError>, StorageError> {
    let window = delta(config.window);
    let caps = [config.per_account, config.per_address, config.global];
    let failures = tx
        .attempt_failures_since(account, address, now - window, caps)
        .await?;
    let names = ["account", "address", "global"];
    Ok(first_used_up(
        names.into_iter().zip(failures).zip(caps),
        window,
        now,
    ))
}

/// `Some(rate_limited)` for the first scope whose limit is used up, of `(name, failures,
/// limit)` in order.
fn first_used_up(
    scopes: impl IntoIterator<Item = ((&'static str, FailureWindow), u32)>,
    window: chrono::TimeDelta,
    now: DateTime<Utc>,
) -> Option<LedgerError> {
    for ((name, failures), max) in scopes {
        if failures.count >= i64::from(max) {
            let free_at = failures.oldest.unwrap_or(now) + window;
            // Rounded up, so that a client waiting exactly this long is let through.
            let wait = ((free_at - now).num_milliseconds() + 999) / 1000;
            let wait = wait.max(1);
            return Some(LedgerError::RateLimited {
                retry_after_s: u64::try_from(wait).unwrap_or(1),
                scope: name,
            });
        }
    }
    None
}

/// Whether a sign-in may go ahead: `Some(rate_limited)` when failed sign-ins for the e-mail
/// address or from the client address used up their limit. A cheap early refusal, before
/// the password is hashed; [`settle_sign_in`] makes the decision exact.
pub(crate) async fn check_sign_in<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    email_key: &[u8],
    address: &str,
    now: DateTime<Utc>,
) -> Result<Option<LedgerError>, StorageError> {
    let window = delta(config.sign_in_window);
    let since = now - window;
    let caps = [config.sign_in_per_account, config.sign_in_per_address];
    let by_email = tx
        .failures_since(LimitScope::SignInAccount(email_key), since, caps[0])
        .await?;
    let by_address = tx
        .failures_since(LimitScope::SignInAddress(address), since, caps[1])
        .await?;
    let names = ["sign_in_account", "sign_in_address"];
    Ok(first_used_up(
        names.into_iter().zip([by_email, by_address]).zip(caps),
        window,
        now,
    ))
}

/// After the password was checked, whatever the result: takes the e-mail's and the
/// address's sign-in locks (in that order, everywhere) and recounts. Over a limit, the
/// answer is `rate_limited` (a success included: concurrent guesses that all passed
/// [`check_sign_in`] learn nothing beyond the limit); otherwise a failure is recorded.
pub(crate) async fn settle_sign_in<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    email_key: &[u8],
    address: &str,
    failed: bool,
    now: DateTime<Utc>,
) -> Result<Option<LedgerError>, StorageError> {
    tx.lock_address(&format!("sign-in-account:{}", hex::encode(email_key)))
        .await?;
    tx.lock_address(&format!("sign-in-address:{address}"))
        .await?;
    if let Some(limited) = check_sign_in(tx, config, email_key, address, now).await? {
        return Ok(Some(limited));
    }
    if failed {
        tx.record_sign_in_failure(email_key, address, now).await?;
    }
    Ok(None)
}

/// Before a failed attempt is recorded: takes the address's lock and recounts, so that
/// concurrent failures from one address cannot together pass its limit. `Some` means the
/// attempt must be answered `rate_limited` instead (and not recorded).
pub(crate) async fn confirm_failure<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    account: AccountId,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Option<LedgerError>, StorageError> {
    tx.lock_address(address).await?;
    check(tx, config, account, address, now).await
}

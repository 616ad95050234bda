//! The attempt limiter (OWASP OAT-002, token cracking): failed redeem and preview attempts
//! are counted in the database, per account, per client address and overall, over a
//! sliding window, so that every node sharing the database enforces the same limits.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{LedgerError, delta};
use crate::storage::{AccountId, LedgerTx, LimitScope, StorageError};

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
}

impl Default for LimiterConfig {
    fn default() -> Self {
        Self {
            per_account: 10,
            per_address: 30,
            global: 10_000,
            window: Duration::from_secs(3600),
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
    let since = now - window;
    let scopes = [
        ("account", LimitScope::Account(account), config.per_account),
        ("address", LimitScope::Address(address), config.per_address),
        ("global", LimitScope::Global, config.global),
    ];
    for (name, scope, max) in scopes {
        let failures = tx.failures_since(scope, since).await?;
        if failures.count >= i64::from(max) {
            let free_at = failures.oldest.unwrap_or(now) + window;
            // Rounded up, so that a client waiting exactly this long is let through.
            let wait = ((free_at - now).num_milliseconds() + 999) / 1000;
            let wait = wait.max(1);
            return Ok(Some(LedgerError::RateLimited {
                retry_after_s: u64::try_from(wait).unwrap_or(1),
                scope: name,
            }));
        }
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

//! The attempt limiter (OWASP OAT-002, token cracking): failed redeem and preview attempts
//! are counted in the database, per account, per client address and overall, over a
//! sliding window, so that every node sharing the database enforces the same limits.
//! Failed sign-ins are limited the same way, per e-mail address and per client address,
//! and sign-ups per client address.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

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
    /// Sign-ups allowed from one client address per sign-up window.
    pub sign_up_per_address: u32,
    /// The sign-up window.
    pub sign_up_window: Duration,
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
            sign_up_per_address: 10,
            sign_up_window: Duration::from_secs(3600),
        }
    }
}

/// How far a caller is from the limit nearest to them: what the `RateLimit-Policy` and
/// `RateLimit` headers say (draft-ietf-httpapi-ratelimit-headers), as the database counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    /// Failed attempts the limit allows in its window (`q`).
    pub limit: u32,
    /// The sliding window, in seconds (`w`).
    pub window_s: u64,
    /// Failed attempts left before the pause (`r`); 0 while paused.
    pub remaining: u32,
    /// Seconds until the oldest failure counted leaves the window and frees an attempt
    /// (`t`); 0 when none is counted. While paused, when the pause ends.
    pub reset_s: u64,
}

/// The answer to a call the limiter counts (preview, redeem, sign-in), and where the caller
/// stands against the limits after it: `None` only when the call was refused before the
/// limits were read (a malformed request, a session that is not live).
#[derive(Debug)]
pub struct Counted<T> {
    /// The answer.
    pub outcome: Result<T, LedgerError>,
    /// The limit the caller is nearest to, after this call.
    pub allowance: Option<Allowance>,
}

/// One limit's count in its window.
#[derive(Clone, Copy, Debug)]
struct Count {
    /// The limit's name in metrics and in the refusal (`account`, `address`, ...).
    name: &'static str,
    failures: FailureWindow,
    limit: u32,
}

impl Count {
    fn used_up(&self) -> bool {
        self.failures.count >= i64::from(self.limit)
    }

    fn remaining(&self) -> u32 {
        let left = i64::from(self.limit) - self.failures.count;
        u32::try_from(left.max(0)).unwrap_or(0)
    }
}

/// Where a caller stands against every limit of one kind of attempt, as counted in the
/// attempt's transaction (or on a read connection for the early checks): the refusal, if
/// a limit is used up, and the allowance the headers report come from the same counts.
#[derive(Clone, Debug)]
pub(crate) struct Standing {
    counts: Vec<Count>,
    window: TimeDelta,
    now: DateTime<Utc>,
}

impl Standing {
    /// `Some(rate_limited)` for the first limit, in order, that is used up.
    pub(crate) fn refusal(&self) -> Option<LedgerError> {
        let used_up = self.counts.iter().find(|count| count.used_up())?;
        let locked_until = self.frees_at(used_up);
        Some(LedgerError::RateLimited {
            retry_after_s: seconds_until(locked_until, self.now).max(1),
            scope: used_up.name,
            locked_until,
        })
    }

    /// The limit the caller is nearest to: the one that refuses, when one does; otherwise
    /// the one with the fewest attempts left (the first in order on a tie: the account's).
    pub(crate) fn allowance(&self) -> Allowance {
        let binding = self
            .counts
            .iter()
            .find(|count| count.used_up())
            .or_else(|| self.counts.iter().min_by_key(|count| count.remaining()));
        let window_s = u64::try_from(self.window.num_seconds()).unwrap_or(0);
        let Some(binding) = binding else {
            return Allowance {
                limit: 0,
                window_s,
                remaining: 0,
                reset_s: 0,
            };
        };
        let reset_s = if binding.failures.count == 0 {
            0
        } else {
            seconds_until(self.frees_at(binding), self.now).max(1)
        };
        Allowance {
            limit: binding.limit,
            window_s,
            remaining: binding.remaining(),
            reset_s,
        }
    }

    /// The standing once one more failure, at the time of this count, is recorded.
    pub(crate) fn after_failure(&self) -> Self {
        let mut next = self.clone();
        for count in &mut next.counts {
            count.failures.count += 1;
            count.failures.oldest = Some(count.failures.oldest.unwrap_or(self.now));
        }
        next
    }

    /// When the oldest failure of `count` leaves the window.
    fn frees_at(&self, count: &Count) -> DateTime<Utc> {
        count.failures.oldest.unwrap_or(self.now) + self.window
    }
}

/// Whole seconds from `now` to `at`, rounded up, so that a client waiting exactly this long
/// is let through.
fn seconds_until(at: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    let millis = (at - now).num_milliseconds().max(0);
    u64::try_from((millis + 999) / 1000).unwrap_or(0)
}

/// Failed redeem and preview attempts of the account, of the client address and of
/// everybody. Runs inside the attempt's transaction, after the account row is locked (which
/// makes the account's count exact); an attempt that then fails is confirmed by
/// [`confirm_failure`] before it is recorded.
pub(crate) async fn check<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    account: AccountId,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Standing, StorageError> {
    let failures = tx
        .attempt_failures_since(account, address, failures_since(config, now), caps(config))
        .await?;
    Ok(standing(config, failures, now))
}

/// Where the attempt windows of [`check`] begin.
pub(crate) fn failures_since(config: &LimiterConfig, now: DateTime<Utc>) -> DateTime<Utc> {
    now - delta(config.window)
}

/// The caps of [`check`]'s windows: per account, per address, overall.
pub(crate) fn caps(config: &LimiterConfig) -> [u32; 3] {
    [config.per_account, config.per_address, config.global]
}

/// The standing from the failures counted in [`check`]'s windows, in the order of
/// [`caps`] (counted by the caller, for example inside the database's one-call redeem).
pub(crate) fn standing(
    config: &LimiterConfig,
    failures: [FailureWindow; 3],
    now: DateTime<Utc>,
) -> Standing {
    let names = ["account", "address", "global"];
    Standing {
        counts: names
            .into_iter()
            .zip(failures)
            .zip(caps(config))
            .map(|((name, failures), limit)| Count {
                name,
                failures,
                limit,
            })
            .collect(),
        window: delta(config.window),
        now,
    }
}

/// Failed sign-ins for the e-mail address and from the client address. A cheap early
/// check, before the password is hashed; [`settle_sign_in`] makes the decision exact.
pub(crate) async fn check_sign_in<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    email_key: &[u8],
    address: &str,
    now: DateTime<Utc>,
) -> Result<Standing, StorageError> {
    let window = delta(config.sign_in_window);
    let since = now - window;
    let by_email = tx
        .failures_since(
            LimitScope::SignInAccount(email_key),
            since,
            config.sign_in_per_account,
        )
        .await?;
    let by_address = tx
        .failures_since(
            LimitScope::SignInAddress(address),
            since,
            config.sign_in_per_address,
        )
        .await?;
    Ok(Standing {
        counts: vec![
            Count {
                name: "sign_in_account",
                failures: by_email,
                limit: config.sign_in_per_account,
            },
            Count {
                name: "sign_in_address",
                failures: by_address,
                limit: config.sign_in_per_address,
            },
        ],
        window,
        now,
    })
}

/// After the password was checked, whatever the result: takes the e-mail's and the
/// address's sign-in locks (in that order, everywhere) and recounts. Over a limit, the
/// answer is `rate_limited` (a success included: concurrent guesses that all passed
/// [`check_sign_in`] learn nothing beyond the limit); otherwise a failure is recorded.
/// The allowance is what is left after this sign-in.
pub(crate) async fn settle_sign_in<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    email_key: &[u8],
    address: &str,
    failed: bool,
    now: DateTime<Utc>,
) -> Result<(Option<LedgerError>, Allowance), StorageError> {
    tx.lock_address(&format!("sign-in-account:{}", hex::encode(email_key)))
        .await?;
    tx.lock_address(&format!("sign-in-address:{address}"))
        .await?;
    let standing = check_sign_in(tx, config, email_key, address, now).await?;
    if let Some(limited) = standing.refusal() {
        return Ok((Some(limited), standing.allowance()));
    }
    if failed {
        tx.record_sign_in_failure(email_key, address, now).await?;
        return Ok((None, standing.after_failure().allowance()));
    }
    Ok((None, standing.allowance()))
}

/// Before a failed attempt is recorded: takes the address's lock and recounts, so that
/// concurrent failures from one address cannot together pass its limit. A refusal in the
/// answer means the attempt must be answered `rate_limited` instead (and not recorded).
pub(crate) async fn confirm_failure<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    account: AccountId,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Standing, StorageError> {
    tx.lock_address(address).await?;
    check(tx, config, account, address, now).await
}

/// Sign-ups from one client address in the sign-up window: `Some(rate_limited)` when they
/// used up their limit. Every sign-up that reaches the database counts, made or refused as
/// taken, so that the address cannot list which e-mail addresses have accounts, nor make
/// accounts in bulk.
pub(crate) async fn check_sign_up<T: LedgerTx>(
    tx: &mut T,
    config: &LimiterConfig,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Standing, StorageError> {
    let window = delta(config.sign_up_window);
    let failures = tx
        .failures_since(
            LimitScope::SignUpAddress(address),
            now - window,
            config.sign_up_per_address,
        )
        .await?;
    Ok(Standing {
        counts: vec![Count {
            name: "sign_up_address",
            failures,
            limit: config.sign_up_per_address,
        }],
        window,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    /// A standing at `at(0)` over an hour, of `(name, failures, oldest, limit)`.
    fn standing(counts: &[(&'static str, i64, i64, u32)]) -> Standing {
        Standing {
            counts: counts
                .iter()
                .map(|&(name, count, oldest, limit)| Count {
                    name,
                    failures: FailureWindow {
                        count,
                        oldest: (count > 0).then(|| at(oldest)),
                    },
                    limit,
                })
                .collect(),
            window: TimeDelta::seconds(3600),
            now: at(0),
        }
    }

    #[test]
    fn the_account_binds_unless_the_address_has_fewer_left() {
        let account_first = standing(&[("account", 3, -600, 10), ("address", 10, -900, 30)]);
        assert_eq!(
            account_first.allowance(),
            Allowance {
                limit: 10,
                window_s: 3600,
                remaining: 7,
                reset_s: 3000,
            }
        );
        let address_tighter = standing(&[("account", 3, -600, 10), ("address", 28, -60, 30)]);
        assert_eq!(address_tighter.allowance().limit, 30);
        assert_eq!(address_tighter.allowance().remaining, 2);
        let tie = standing(&[("account", 0, 0, 10), ("address", 0, 0, 10)]);
        assert_eq!(tie.allowance().remaining, 10);
        assert_eq!(
            tie.allowance().reset_s,
            0,
            "nothing counted, nothing to free"
        );
        assert!(tie.refusal().is_none());
    }

    #[test]
    fn a_used_up_limit_refuses_and_its_wait_matches_the_headers() {
        let paused = standing(&[("account", 10, -1200, 10), ("address", 10, -100, 30)]);
        let Some(LedgerError::RateLimited {
            retry_after_s,
            scope,
            locked_until,
        }) = paused.refusal()
        else {
            panic!("refused");
        };
        assert_eq!(scope, "account");
        assert_eq!(locked_until, at(2400));
        assert_eq!(retry_after_s, 2400);
        let allowance = paused.allowance();
        assert_eq!((allowance.remaining, allowance.reset_s), (0, 2400));
    }

    #[test]
    fn a_recorded_failure_takes_one_from_every_limit() {
        let before = standing(&[("account", 0, 0, 10), ("address", 29, -30, 30)]);
        let after = before.after_failure();
        assert_eq!(after.allowance().remaining, 0, "the address's last one");
        assert!(after.refusal().is_some());
        let fresh = standing(&[("account", 0, 0, 10)]).after_failure();
        assert_eq!(fresh.allowance().remaining, 9);
        assert_eq!(
            fresh.allowance().reset_s,
            3600,
            "the new failure frees in an hour"
        );
    }
}

//! The ledger service: the rules of money. Routes call it; it calls storage.
//!
//! Every change of a balance goes through one write job ([`crate::storage::WriteJob`]) that
//! locks the account, checks the rules, appends to the ledger and stores the answer under
//! the request's `Idempotency-Key`, all in one transaction.

mod account;
mod admin;
mod demo;
pub mod error;
mod funds;
mod history;
mod idempotency;
mod limiter;
mod purchase;
mod redeem;
mod session;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use admin::{TradeInAction, VerifyReport};
pub use demo::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_REGION, DemoCard, DemoSummary};
pub use funds::{
    FundsConfig, MAX_CONFIRMATION_CODE_LEN, PAYMENT_ID_PREFIX, Recovered, is_payment_id, scaled,
};
pub use idempotency::Reply;
pub use limiter::{Allowance, Counted, LimiterConfig};
pub use purchase::{MAX_DESCRIPTION_LEN, MAX_ORDER_ID_LEN};
pub use session::{Account, MAX_EMAIL_LEN, MAX_PASSWORD_LEN};

use crate::metrics::Metrics;
use crate::password::Passwords;
use crate::payments::PaymentProvider;
use crate::pepper::Pepper;
use crate::storage::Storage;
use idempotency::InFlight;

/// Largest amount one card, purchase or trade-in may carry, in minor units (10^12: ten
/// billion dollars). Anything bigger is a typo or an attack, and refusing it keeps every
/// sum far from overflowing 64 bits.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000;

/// Rules and tunables of the ledger.
#[derive(Clone, Debug)]
pub struct LedgerConfig {
    /// The attempt limiter.
    pub limits: LimiterConfig,
    /// How long a session token lives.
    pub session_ttl: Duration,
    /// How long idempotency records are kept (at least 7 days).
    pub idempotency_retention: Duration,
    /// Whether people may make their own accounts (`POST /v1/accounts`).
    pub allow_sign_up: bool,
    /// Adding money: the payment provider and the limits.
    pub funds: FundsConfig,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        Self {
            limits: LimiterConfig::default(),
            session_ttl: Duration::from_secs(8 * 3600),
            idempotency_retention: Duration::from_secs(7 * 24 * 3600),
            allow_sign_up: false,
            funds: FundsConfig::default(),
        }
    }
}

/// The ledger service. Cheap to share: wrap it in an `Arc`.
#[derive(Debug)]
pub struct Ledger {
    storage: Storage,
    pepper: Pepper,
    passwords: Passwords,
    config: LedgerConfig,
    metrics: Arc<Metrics>,
    in_flight: InFlight,
    clock: Clock,
    /// The card processor, when adding money is on.
    payments: Option<Arc<dyn PaymentProvider>>,
}

/// Where the ledger reads the time: the system clock, or a function given by a test
/// harness that needs to move time forward (retention, limiter windows). Set in code only,
/// never by configuration.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(Arc::new(Utc::now))
    }

    /// A clock that reads `now`.
    pub fn from_fn(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// Now, truncated to whole microseconds: the precision both databases keep, so that a
    /// timestamp read back equals the one written (keyset cursors depend on it).
    pub fn now(&self) -> DateTime<Utc> {
        let now = (self.0)();
        DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

impl Ledger {
    /// A ledger on `storage`, keyed by `pepper`.
    pub fn new(
        storage: Storage,
        pepper: Pepper,
        config: LedgerConfig,
        metrics: Arc<Metrics>,
    ) -> Self {
        let payments = funds::provider_for(&config.funds, &storage);
        Self {
            storage,
            pepper,
            passwords: Passwords::new(),
            config,
            metrics,
            in_flight: InFlight::default(),
            clock: Clock::system(),
            payments,
        }
    }

    /// The same ledger reading the time from `clock` (tests that move time forward).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Now, by this ledger's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The oldest an answer stored under an `Idempotency-Key` may be at `now` and still
    /// count: its retention is at least 7 days. Older ones are forgotten when read, and
    /// pruning removes them.
    pub(crate) fn keys_live_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let retention = self
            .config
            .idempotency_retention
            .max(Duration::from_secs(7 * 24 * 3600));
        now - delta(retention)
    }

    /// The storage underneath (for health checks and shutdown).
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The rules in force.
    pub fn config(&self) -> &LedgerConfig {
        &self.config
    }

    /// The pepper (for deriving demo codes).
    pub fn pepper(&self) -> &Pepper {
        &self.pepper
    }

    /// The metrics registry this ledger reports to.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }
}

/// A `std::time::Duration` as a `chrono::TimeDelta`, saturating.
pub(crate) fn delta(duration: Duration) -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(duration).unwrap_or(chrono::TimeDelta::MAX)
}

//! Storage: the SQL of each backend behind one boundary.
//!
//! The ledger service never writes SQL. It reads through [`Storage`]'s query methods and
//! writes through [`Storage::write`], handing over a [`WriteJob`]: a piece of logic that
//! runs against [`LedgerTx`], the primitive operations of one write transaction, each
//! written once (`ledger_tx.rs`) over a small executor that each backend implements
//! (`executor.rs`). The same job runs on both backends:
//!
//! - **SQLite**: every job goes to one writer thread that owns the only write connection.
//!   It runs jobs in `BEGIN IMMEDIATE` transactions, several jobs per transaction when they
//!   queue up (group commit: one `fsync` for many redeems); when one job fails, the batch
//!   runs again with each job inside its own savepoint, so that one failing job never
//!   takes the others with it. A job is answered only after its transaction committed
//!   (`synchronous=FULL`, WAL). Reads of one row by key run on the calling thread
//!   (`sqlite/inline.rs`), the others on sqlx's read pool.
//! - **PostgreSQL**: each job runs in its own transaction on the pool; rows are locked
//!   (`SELECT ... FOR UPDATE`) in one order (account, then card or trade-in), balances change
//!   by conditional updates, and serialization failures, deadlocks and unique-key races are
//!   retried a few times. A redeem that succeeds skips the job: one call of a database
//!   function runs its statements (`RedeemCall`); anything else falls back to the job.

mod executor;
mod ledger_tx;
mod migrations;
mod postgres;
mod rows;
mod sqlite;
mod verify;

use std::future::Future;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use redeem_core::{Currency, EntryKind, Region, TradeInStatus};

pub use ledger_tx::LedgerTx;
pub use postgres::PostgresStorage;
pub use sqlite::SqliteStorage;

/// An account's row id.
pub type AccountId = i64;

/// Where the data lives, parsed from `--database`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file (`sqlite://PATH` or a plain path).
    Sqlite(PathBuf),
    /// A PostgreSQL server (`postgres://...` or `postgresql://...`).
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads `sqlite://PATH`, `sqlite:PATH`, `postgres://...`, `postgresql://...`, or a plain
    /// file path (taken as SQLite).
    pub fn parse(url: &str) -> Result<Self, StorageError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                Err(StorageError::BadUrl(
                    "a sqlite URL needs a file path, e.g. sqlite://redeem.sqlite3".into(),
                ))
            } else {
                Ok(Self::Sqlite(PathBuf::from(path)))
            }
        } else if url.contains("://") {
            Err(StorageError::BadUrl(
                "the database URL must start with sqlite:// or postgres://".into(),
            ))
        } else if url.is_empty() {
            Err(StorageError::BadUrl("the database URL is empty".into()))
        } else {
            Ok(Self::Sqlite(PathBuf::from(url)))
        }
    }
}

/// Why the storage layer failed. Never carries a secret: SQL parameters are not part of
/// any message.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The driver or the database reported an error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// SQLite reported an error to a read made without sqlx (the inline point reads).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database holds a value this server cannot read.
    #[error("the database holds a value this server cannot read: {0}")]
    Corrupt(String),
    /// A row that must be unique exists already.
    #[error("already exists: {0}")]
    Duplicate(&'static str),
    /// A rule the storage checks itself was about to break; the transaction was rolled back.
    #[error("invariant breach refused: {0}")]
    Invariant(&'static str),
    /// The transaction that held this write did not commit.
    #[error("the transaction did not commit: {0}")]
    CommitFailed(String),
    /// The SQLite writer task has stopped (the server is shutting down).
    #[error("the storage writer has stopped")]
    WriterGone,
    /// The `--database` value cannot be used.
    #[error("{0}")]
    BadUrl(String),
    /// A schema migration failed.
    #[error("migration {version} failed: {source}")]
    Migration {
        /// The migration's version.
        version: i64,
        /// What went wrong.
        source: sqlx::Error,
    },
}

impl StorageError {
    /// True when the same transaction may succeed if run again (PostgreSQL serialization
    /// failure or deadlock, or a unique-key race that the retry will see as a replay).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Database(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("40001" | "40P01" | "23505"))
            }
            Self::Duplicate(_) => true,
            _ => false,
        }
    }
}

pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// An account as stored.
#[derive(Clone, Debug)]
pub struct AccountRow {
    /// Row id.
    pub id: AccountId,
    /// E-mail, lower case.
    pub email: String,
    /// Storefront.
    pub region: Region,
    /// Balance currency.
    pub currency: Currency,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Balance in minor units; always the sum of the account's ledger entries.
    pub balance_minor: i64,
    /// Bumped with every change a balance answer shows (entries, trade-ins): the ETag.
    pub version: i64,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// A card's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardStatus {
    /// Redeemable (unless redeemed already).
    Active,
    /// Issued but not activated yet.
    Inactive,
    /// Disabled by support.
    Disabled,
}

impl CardStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Disabled => "disabled",
        }
    }

    fn parse(text: &str) -> Result<Self, StorageError> {
        match text {
            "active" => Ok(Self::Active),
            "inactive" => Ok(Self::Inactive),
            "disabled" => Ok(Self::Disabled),
            other => Err(StorageError::Corrupt(format!("card status {other:?}"))),
        }
    }
}

/// A card as stored: never the code, only its HMAC (not loaded) and last four symbols.
#[derive(Clone, Debug)]
pub struct CardRow {
    /// Row id.
    pub id: i64,
    /// Last four symbols of the code.
    pub last4: String,
    /// Value in minor units.
    pub amount_minor: i64,
    /// Currency of the value.
    pub currency: Currency,
    /// The region it redeems in.
    pub region: Region,
    /// Active, inactive or disabled.
    pub status: CardStatus,
    /// When it was redeemed, if it was.
    pub redeemed_at: Option<DateTime<Utc>>,
    /// Into which account.
    pub redeemed_by: Option<AccountId>,
}

/// A response stored under an `Idempotency-Key`.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    /// Keyed hash of the request the key was first used with.
    pub request_hash: Vec<u8>,
    /// HTTP status of the first answer.
    pub status: u16,
    /// The first answer's body, byte for byte.
    pub body: Vec<u8>,
}

/// A ledger entry to append.
#[derive(Clone, Debug)]
pub struct NewEntry {
    /// The account.
    pub account_id: AccountId,
    /// What kind of movement.
    pub kind: EntryKind,
    /// Signed minor units: credits positive, debits negative; never zero.
    pub amount_minor: i64,
    /// Must be the account's currency.
    pub currency: Currency,
    /// Card last 4, trade-in id or order id.
    pub source: String,
    /// For people.
    pub description: String,
    /// The card redeemed, for redemptions (unique: a card credits once).
    pub card_id: Option<i64>,
    /// The trade-in credited, for trade-in credit (unique).
    pub trade_in_id: Option<i64>,
    /// The payment credited, for added funds (unique: a payment credits once).
    pub payment_id: Option<i64>,
    /// When it happens.
    pub at: DateTime<Utc>,
}

/// What [`LedgerTx::append_entry`] did.
#[derive(Clone, Debug)]
pub enum Appended {
    /// The entry is in the ledger and the balance moved with it.
    Done {
        /// The entry's public id (receipt id).
        public_id: String,
        /// The balance right after the entry.
        balance_after: i64,
    },
    /// Nothing was written: the balance would have gone below zero.
    WouldGoNegative {
        /// The balance as it is.
        balance: i64,
    },
}

/// A card to store.
#[derive(Clone, Debug)]
pub struct NewCard {
    /// `HMAC-SHA256(pepper, code)`.
    pub code_hmac: [u8; 32],
    /// The code's last four symbols.
    pub last4: String,
    /// Value in minor units.
    pub amount_minor: i64,
    /// Currency of the value.
    pub currency: Currency,
    /// The region it redeems in.
    pub region: Region,
    /// Its initial status.
    pub status: CardStatus,
    /// When it was issued.
    pub at: DateTime<Utc>,
}

/// A trade-in to register.
#[derive(Clone, Debug)]
pub struct NewTradeIn {
    /// Public id, e.g. `TI-7K2M9QXA`.
    pub public_id: String,
    /// Whose device.
    pub account_id: AccountId,
    /// The device.
    pub device: String,
    /// Its initial status.
    pub status: TradeInStatus,
    /// The estimate in minor units.
    pub amount_minor: i64,
    /// The account's currency.
    pub currency: Currency,
    /// When it was registered.
    pub at: DateTime<Utc>,
}

/// A trade-in as stored.
#[derive(Clone, Debug)]
pub struct TradeInRow {
    /// Row id.
    pub id: i64,
    /// Public id, e.g. `TI-7K2M9QXA`.
    pub public_id: String,
    /// Whose device.
    pub account_id: AccountId,
    /// The device.
    pub device: String,
    /// Where it is.
    pub status: TradeInStatus,
    /// Estimate, or the credited amount once credited.
    pub amount_minor: i64,
    /// Currency of the amount.
    pub currency: Currency,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Last status change.
    pub updated_at: DateTime<Utc>,
}

/// Whose failed sign-ins to count.
#[derive(Clone, Copy, Debug)]
pub enum LimitScope<'a> {
    /// Failed sign-ins for one e-mail address (by its keyed fingerprint).
    SignInAccount(&'a [u8]),
    /// Failed sign-ins from one client address.
    SignInAddress(&'a str),
    /// Sign-ups from one client address (made or refused).
    SignUpAddress(&'a str),
}

/// Failed attempts in a window.
#[derive(Clone, Copy, Debug, Default)]
pub struct FailureWindow {
    /// How many.
    pub count: i64,
    /// The oldest one in the window, which is the next to leave it.
    pub oldest: Option<DateTime<Utc>>,
}

/// One history line as stored.
#[derive(Clone, Debug)]
pub struct EntryRow {
    /// Row id (the keyset tie-breaker).
    pub id: i64,
    /// Public id.
    pub public_id: String,
    /// Kind.
    pub kind: EntryKind,
    /// Signed minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: Currency,
    /// Balance after the entry.
    pub balance_after_minor: i64,
    /// Card last 4, trade-in id or order id.
    pub source: String,
    /// For people.
    pub description: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// Which page of history to read: newest first, strictly older than `before`.
#[derive(Clone, Debug, Default)]
pub struct HistoryQuery {
    /// Only this kind.
    pub kind: Option<EntryKind>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// The keyset position of the last entry of the previous page.
    pub before: Option<(DateTime<Utc>, i64)>,
    /// Rows to read.
    pub limit: u32,
}

/// What a balance answer is computed from.
#[derive(Clone, Debug)]
pub struct BalanceParts {
    /// The account.
    pub account: AccountRow,
    /// Net amount per kind of entry (kept up to date with every append).
    pub by_kind: Vec<(EntryKind, i64)>,
    /// Sum of the open trade-ins' estimates.
    pub pending_minor: i64,
    /// When the newest entry was written.
    pub last_entry_at: Option<DateTime<Utc>>,
}

/// Where a payment to add money stands, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentState {
    /// Recorded before the provider was asked; its outcome is not known yet.
    Pending,
    /// The card issuer asks for a one-time code.
    RequiresConfirmation,
    /// Charged and credited (exactly one ledger entry names it).
    Succeeded,
    /// Refused by the card issuer; nothing was charged.
    Declined,
    /// Given up: the provider never knew of a charge under its reference. A retry with the
    /// same `Idempotency-Key` may revive it.
    Failed,
}

impl PaymentState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::RequiresConfirmation => "requires_confirmation",
            Self::Succeeded => "succeeded",
            Self::Declined => "declined",
            Self::Failed => "failed",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self, StorageError> {
        match text {
            "pending" => Ok(Self::Pending),
            "requires_confirmation" => Ok(Self::RequiresConfirmation),
            "succeeded" => Ok(Self::Succeeded),
            "declined" => Ok(Self::Declined),
            "failed" => Ok(Self::Failed),
            other => Err(StorageError::Corrupt(format!("payment status {other:?}"))),
        }
    }

    /// True once the payment's outcome cannot change any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeeded | Self::Declined)
    }
}

/// A payment to record (transaction 1 of adding money): never the card number.
#[derive(Clone, Debug)]
pub struct NewPayment {
    /// Public id, also the reference the provider knows the charge by.
    pub public_id: String,
    /// Whose balance it adds to.
    pub account_id: AccountId,
    /// The `Idempotency-Key` of the request that started it (unique per account).
    pub idempotency_key: String,
    /// Keyed fingerprint of that request.
    pub request_hash: Vec<u8>,
    /// The amount in minor units.
    pub amount_minor: i64,
    /// The account's currency.
    pub currency: Currency,
    /// The card's network.
    pub card_brand: String,
    /// The card's last four digits.
    pub card_last4: String,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// A payment as stored.
#[derive(Clone, Debug)]
pub struct PaymentRow {
    /// Row id (what the ledger entry names).
    pub id: i64,
    /// Public id and provider reference.
    pub public_id: String,
    /// Whose balance it adds to.
    pub account_id: AccountId,
    /// The `Idempotency-Key` of the request that started it.
    pub idempotency_key: String,
    /// Keyed fingerprint of that request.
    pub request_hash: Vec<u8>,
    /// The amount in minor units.
    pub amount_minor: i64,
    /// Its currency.
    pub currency: Currency,
    /// The card's network.
    pub card_brand: String,
    /// The card's last four digits.
    pub card_last4: String,
    /// Where it stands.
    pub state: PaymentState,
    /// Why it was declined, as the wire names it.
    pub decline_reason: Option<String>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// When its state last changed.
    pub updated_at: DateTime<Utc>,
}

/// A charge as the built-in test payment provider keeps it, in a table of its own that
/// stands for the processor's database: never joined with the ledger, written in
/// transactions of its own.
#[derive(Clone, Debug)]
pub struct TestChargeRow {
    /// Our reference (the payment's public id): the provider's idempotency key.
    pub reference: String,
    /// The amount in minor units.
    pub amount_minor: i64,
    /// Its currency.
    pub currency: Currency,
    /// The card's network.
    pub card_brand: String,
    /// The card's last four digits.
    pub card_last4: String,
    /// `succeeded`, `declined` or `requires_confirmation`.
    pub status: String,
    /// Why it was declined, as the wire names it.
    pub decline_reason: Option<String>,
    /// When the provider saw it first.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A gift-card redeem asked of the database in one call, where the backend has such a
/// call (PostgreSQL's `redeem_gift_card`, migration 5): the statements of the full path's
/// success, run inside the database under the same row locks. It writes only when the card
/// redeems; any other outcome is left to the full path, which words the answer.
#[derive(Clone, Debug)]
pub(crate) struct RedeemCall {
    /// The account, whose row is locked first.
    pub account: AccountId,
    /// The account's currency as the caller knows it (the answer's body names it).
    pub currency: Currency,
    /// The `Idempotency-Key`.
    pub key: String,
    /// Keyed fingerprint of the request.
    pub request_hash: Vec<u8>,
    /// `HMAC-SHA256(pepper, code)`.
    pub code_hmac: [u8; 32],
    /// The client address the limiter counts.
    pub address: String,
    /// Failed attempts at or after this are counted.
    pub failures_since: DateTime<Utc>,
    /// The limits: per account, per address, overall.
    pub caps: [u32; 3],
    /// Answers stored before this are past their retention.
    pub keys_live_since: DateTime<Utc>,
    /// The ledger's clock.
    pub now: DateTime<Utc>,
    /// The receipt id of the entry, if the card redeems.
    pub receipt_id: String,
    /// The entry's source, before the card's last four symbols.
    pub source_prefix: String,
    /// The entry's description.
    pub description: String,
    /// The answer's body, byte for byte, around its two numbers: the amount credited goes
    /// between the first and the second part, the balance after it between the second and
    /// the third.
    pub body: [Vec<u8>; 3],
}

/// What a [`RedeemCall`] did.
#[derive(Clone, Debug)]
pub(crate) enum RedeemCallOutcome {
    /// The card redeemed; the answer is stored under the key.
    Redeemed {
        /// Where the caller stood against the three limits, counted under the account's
        /// lock: per account, per address, overall.
        failures: [FailureWindow; 3],
        /// The amount credited, in the account's currency.
        credited_minor: i64,
        /// The balance after the credit.
        balance_after: i64,
    },
    /// Nothing was written: the full path decides (and the SQLite backend, which has no
    /// round trips to save, always answers this).
    FullPath,
}

/// A preview read in one statement, where the backend has one (PostgreSQL): what a
/// preview that succeeds needs, without a transaction or a lock.
#[derive(Clone, Debug)]
pub(crate) struct PreviewRead {
    /// The account.
    pub account: AccountId,
    /// `HMAC-SHA256(pepper, code)`.
    pub code_hmac: [u8; 32],
    /// The client address the limiter counts.
    pub address: String,
    /// Failed attempts at or after this are counted.
    pub failures_since: DateTime<Utc>,
    /// The limits: per account, per address, overall.
    pub caps: [u32; 3],
}

/// What a [`PreviewRead`] found.
#[derive(Clone, Debug)]
pub(crate) struct PreviewFound {
    /// The card with the code, if there is one.
    pub card: Option<CardRow>,
    /// The failed attempts in the limiter's windows: per account, per address, overall.
    pub failures: [FailureWindow; 3],
}

/// A unit of work for one write transaction, runnable on either backend (and more than
/// once on PostgreSQL, where a serialization failure is retried).
pub trait WriteJob: Send + Sync + 'static {
    /// What the job answers.
    type Output: Send + 'static;

    /// Runs the job. An `Err` rolls back everything the job wrote. A job may run more
    /// than once (PostgreSQL retries a transaction that lost a race; SQLite runs a batch
    /// again when another job of it failed): only the run that commits counts, so a job
    /// acts on the database through `tx` only.
    fn run<T: LedgerTx>(
        &self,
        tx: &mut T,
    ) -> impl Future<Output = Result<Self::Output, StorageError>> + Send;
}

/// A breach of a money invariant, found by [`Storage::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breach {
    /// Which check failed.
    pub check: &'static str,
    /// What was found (ids and amounts; never a secret).
    pub detail: String,
}

/// Housekeeping counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pruned {
    /// Idempotency records removed.
    pub idempotency_keys: u64,
    /// Failed-attempt records removed.
    pub failed_attempts: u64,
    /// Expired sessions removed.
    pub sessions: u64,
}

/// Tuning of the storage layer.
#[derive(Clone, Debug)]
pub struct StorageOptions {
    /// Most jobs the SQLite writer commits in one transaction (1 = one commit per job).
    pub max_batch: usize,
    /// Connections of the read pool (SQLite) or the pool (PostgreSQL).
    pub max_connections: u32,
}

impl Default for StorageOptions {
    fn default() -> Self {
        Self {
            max_batch: 64,
            max_connections: 8,
        }
    }
}

/// The database behind the ledger: SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub enum Storage {
    /// A SQLite file with one writer.
    Sqlite(SqliteStorage),
    /// A PostgreSQL database.
    Postgres(PostgresStorage),
}

macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            Storage::Sqlite($store) => $call,
            Storage::Postgres($store) => $call,
        }
    };
}

impl Storage {
    /// Connects and brings the schema up to date.
    pub async fn open(url: &DatabaseUrl, options: &StorageOptions) -> Result<Self, StorageError> {
        Ok(match url {
            DatabaseUrl::Sqlite(path) => Self::Sqlite(SqliteStorage::open(path, options).await?),
            DatabaseUrl::Postgres(url) => {
                Self::Postgres(PostgresStorage::open(url, options).await?)
            }
        })
    }

    /// Which backend, for logs and metrics.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// Runs a write job in a transaction and answers once it committed.
    pub async fn write<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        dispatch!(self, s => s.write(job).await)
    }

    /// Runs a job that only reads, on a read connection: for checks that may refuse a
    /// request before it queues for a write (the attempt limiter), which the write job
    /// repeats exactly. The job must not write (PostgreSQL rolls back whatever it tried;
    /// SQLite's read connections refuse it). Its statements need not share one snapshot:
    /// on SQLite each reads in a transaction of its own.
    pub(crate) async fn read_only<J: WriteJob>(&self, job: J) -> Result<J::Output, StorageError> {
        dispatch!(self, s => s.read_only(job).await)
    }

    /// True when [`Storage::redeem_in_one_call`] can redeem.
    pub(crate) fn has_redeem_call(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    /// A preview's card and limits in one statement (see [`PreviewRead`]); `None` when the
    /// backend has no such read (SQLite: its previews keep the full path) or the account
    /// is gone.
    pub(crate) async fn preview_in_one_read(
        &self,
        read: &PreviewRead,
    ) -> Result<Option<PreviewFound>, StorageError> {
        match self {
            Self::Sqlite(_) => Ok(None),
            Self::Postgres(store) => store.preview_in_one_read(read).await,
        }
    }

    /// A gift-card redeem in one call (see [`RedeemCall`]), run to its end even if the
    /// request that asked for it goes away.
    pub(crate) async fn redeem_in_one_call(
        &self,
        call: RedeemCall,
    ) -> Result<RedeemCallOutcome, StorageError> {
        match self {
            // One writer batches SQLite's jobs: a job costs no round trip to save.
            Self::Sqlite(_) => Ok(RedeemCallOutcome::FullPath),
            Self::Postgres(store) => store.redeem_in_one_call(call).await,
        }
    }

    /// True when the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        dispatch!(self, s => s.ping().await)
    }

    /// The account of a live session.
    pub async fn session_account(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<AccountRow>, StorageError> {
        dispatch!(self, s => s.session_account(token_hash, now).await)
    }

    /// An account by e-mail (lower case), without locking.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<AccountRow>, StorageError> {
        dispatch!(self, s => s.account_by_email(email).await)
    }

    /// An account by id, without locking.
    pub async fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StorageError> {
        dispatch!(self, s => s.account(id).await)
    }

    /// What the balance answer of a live session's account is computed from, read at once
    /// (on SQLite in one read transaction); `None` when the session is not live.
    pub async fn session_balance(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Option<BalanceParts>, StorageError> {
        dispatch!(self, s => s.session_balance(token_hash, now).await)
    }

    /// A page of history, newest first.
    pub async fn history(
        &self,
        account: AccountId,
        query: &HistoryQuery,
    ) -> Result<Vec<EntryRow>, StorageError> {
        dispatch!(self, s => s.history(account, query).await)
    }

    /// An account's trade-ins, newest first.
    pub async fn trade_ins(&self, account: AccountId) -> Result<Vec<TradeInRow>, StorageError> {
        dispatch!(self, s => s.trade_ins(account).await)
    }

    /// A card by the HMAC of its code, without locking.
    pub async fn card(&self, code_hmac: &[u8]) -> Result<Option<CardRow>, StorageError> {
        dispatch!(self, s => s.card(code_hmac).await)
    }

    /// Recomputes every balance from the ledger and checks every invariant; an empty list
    /// means all hold.
    pub async fn verify(&self) -> Result<Vec<Breach>, StorageError> {
        dispatch!(self, s => s.verify().await)
    }

    /// Counts of rows, for `verify`'s report.
    pub async fn counts(&self) -> Result<Vec<(&'static str, i64)>, StorageError> {
        dispatch!(self, s => s.counts().await)
    }

    /// Closes connections and stops the writer.
    pub async fn close(&self) {
        dispatch!(self, s => s.close().await);
    }
}

/// A timestamp as SQLite stores it: microseconds since the Unix epoch.
pub(crate) fn to_micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub(crate) fn from_micros(micros: i64) -> Result<DateTime<Utc>, StorageError> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| StorageError::Corrupt(format!("timestamp {micros}")))
}

pub(crate) fn parse_region(text: &str) -> Result<Region, StorageError> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("region {text:?}")))
}

pub(crate) fn parse_currency(text: &str) -> Result<Currency, StorageError> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("currency {text:?}")))
}

pub(crate) fn parse_kind(text: &str) -> Result<EntryKind, StorageError> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("entry kind {text:?}")))
}

pub(crate) fn parse_trade_in_status(text: &str) -> Result<TradeInStatus, StorageError> {
    text.parse()
        .map_err(|_| StorageError::Corrupt(format!("trade-in status {text:?}")))
}

/// A fresh public id for a ledger entry (the receipt id). A UUIDv7: its first 48 bits are
/// the time, so that the unique index on receipt ids grows at its end like the ledger
/// itself, instead of each new entry dirtying a page of its own somewhere in the index (a
/// page every redeem writes to the WAL and checkpoints). The other 74 bits are random; the
/// time it shows is the entry's own, which its owner sees anyway.
pub(crate) fn new_public_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The names of the checks `verify` runs, in order (the append-only trigger check last).
pub fn verify_check_names() -> Vec<&'static str> {
    VERIFY_CHECKS
        .iter()
        .map(|(name, _)| *name)
        .chain(std::iter::once("the ledger is append-only"))
        .collect()
}

/// The checks `verify` runs on both backends; each query returns breach descriptions.
/// Written in the SQL both engines share.
pub(crate) const VERIFY_CHECKS: &[(&str, &str)] = &[
    (
        "balance equals the sum of the ledger",
        "SELECT 'account ' || a.id || ': balance ' || a.balance_minor || ' but ledger sum ' || \
         COALESCE((SELECT SUM(l.amount_minor) FROM ledger l WHERE l.account_id = a.id), 0) \
         FROM accounts a WHERE a.balance_minor <> \
         COALESCE((SELECT SUM(l.amount_minor) FROM ledger l WHERE l.account_id = a.id), 0) \
         LIMIT 20",
    ),
    (
        "no balance below zero",
        "SELECT 'account ' || id || ': balance ' || balance_minor FROM accounts \
         WHERE balance_minor < 0 LIMIT 20",
    ),
    (
        "every entry's balance_after is the running sum",
        "SELECT 'entry ' || id || ' of account ' || account_id || ': balance_after ' || \
         balance_after_minor || ' but running sum ' || running FROM ( \
           SELECT id, account_id, balance_after_minor, \
             SUM(amount_minor) OVER (PARTITION BY account_id ORDER BY id \
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running \
           FROM ledger) t \
         WHERE running <> balance_after_minor OR balance_after_minor < 0 LIMIT 20",
    ),
    (
        "every entry is in its account's currency",
        "SELECT 'entry ' || l.id || ': ' || l.currency || ' in a ' || a.currency || ' account' \
         FROM ledger l JOIN accounts a ON a.id = l.account_id \
         WHERE l.currency <> a.currency LIMIT 20",
    ),
    (
        "breakdown by kind equals the ledger",
        "SELECT 'account ' || a.id || ' kind ' || k.kind || ': total ' || k.total_minor || \
         ' but ledger ' || COALESCE((SELECT SUM(l.amount_minor) FROM ledger l \
           WHERE l.account_id = a.id AND l.kind = k.kind), 0) \
         FROM balance_by_kind k JOIN accounts a ON a.id = k.account_id \
         WHERE k.total_minor <> COALESCE((SELECT SUM(l.amount_minor) FROM ledger l \
           WHERE l.account_id = a.id AND l.kind = k.kind), 0) LIMIT 20",
    ),
    (
        "a card is credited at most once, and only when marked redeemed",
        "SELECT 'card ' || c.id || ': redeemed ' || \
           CASE WHEN c.redeemed_at IS NULL THEN 'no' ELSE 'yes' END || ', ' || \
           (SELECT COUNT(*) FROM ledger l WHERE l.card_id = c.id) || ' ledger entries' \
         FROM cards c WHERE (SELECT COUNT(*) FROM ledger l WHERE l.card_id = c.id) <> \
           CASE WHEN c.redeemed_at IS NULL THEN 0 ELSE 1 END LIMIT 20",
    ),
    (
        "a redemption credits the card's value into the redeeming account",
        "SELECT 'entry ' || l.id || ': credited ' || l.amount_minor || ' ' || l.currency || \
           ' for card ' || c.id || ' worth ' || c.amount_minor || ' ' || c.currency \
         FROM ledger l JOIN cards c ON c.id = l.card_id \
         WHERE l.amount_minor <> c.amount_minor OR l.currency <> c.currency \
           OR l.account_id <> c.redeemed_by OR l.kind <> 'gift_card_redemption' LIMIT 20",
    ),
    (
        "a trade-in is credited once, exactly when it is marked credited",
        "SELECT 'trade-in ' || t.public_id || ': status ' || t.status || ', ' || \
           (SELECT COUNT(*) FROM ledger l WHERE l.trade_in_id = t.id) || ' ledger entries' \
         FROM trade_ins t WHERE (SELECT COUNT(*) FROM ledger l WHERE l.trade_in_id = t.id) <> \
           CASE WHEN t.status = 'credited' THEN 1 ELSE 0 END LIMIT 20",
    ),
    (
        "a payment is credited once, exactly when it succeeded",
        "SELECT 'payment ' || p.public_id || ': status ' || p.status || ', ' || \
           (SELECT COUNT(*) FROM ledger l WHERE l.payment_id = p.id) || ' ledger entries' \
         FROM payments p WHERE (SELECT COUNT(*) FROM ledger l WHERE l.payment_id = p.id) <> \
           CASE WHEN p.status = 'succeeded' THEN 1 ELSE 0 END LIMIT 20",
    ),
    (
        "added funds credit the payment's amount into the paying account",
        "SELECT 'entry ' || l.id || ': credited ' || l.amount_minor || ' ' || l.currency || \
           ' for payment ' || p.public_id || ' of ' || p.amount_minor || ' ' || p.currency \
         FROM ledger l JOIN payments p ON p.id = l.payment_id \
         WHERE l.amount_minor <> p.amount_minor OR l.currency <> p.currency \
           OR l.account_id <> p.account_id OR l.kind <> 'added_funds' LIMIT 20",
    ),
    (
        "every added-funds entry names its payment",
        "SELECT 'entry ' || id || ': added funds of ' || amount_minor || ' ' || currency || \
           ' without a payment' FROM ledger \
         WHERE kind = 'added_funds' AND payment_id IS NULL LIMIT 20",
    ),
];

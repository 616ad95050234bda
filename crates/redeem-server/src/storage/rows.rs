//! What both backends read and write alike: the statements, written once in PostgreSQL's
//! numbering (`$1`) and turned into SQLite's (`?1`) when the server is compiled (a [`Sql`]
//! holds both), and the mappings from a row to the storage's types, read by column
//! position.
//!
//! A statement is the same SQL on both engines unless a backend differs on purpose, and
//! then its two spellings stand together here with the reason: PostgreSQL's row locks
//! (`locking!`), SQLite's balance move without `RETURNING` ([`MOVE_BALANCE`]) and its
//! pruning of idempotency records in arrival order ([`PRUNE_KEYS`]).

use chrono::{DateTime, Utc};
use sqlx::postgres::Postgres;
use sqlx::query::Query;
use sqlx::sqlite::Sqlite;

use super::executor::{Arg, Sql};
use super::{
    AccountId, AccountRow, BalanceParts, CardRow, CardStatus, EntryRow, FailureWindow,
    HistoryQuery, PaymentRow, PaymentState, StorageError, StoredResponse, TestChargeRow,
    TradeInRow, from_micros, parse_currency, parse_kind, parse_region, parse_trade_in_status,
    to_micros,
};

/// Typed columns of a row, by position, with the storage's error: what the row mappings
/// read with. Positions rather than names: rusqlite finds a name by comparing it with each
/// column's in turn (for the account and card rows of a redeem, a twentieth of its
/// instructions).
///
/// A time is kept by SQLite as integer microseconds since the Unix epoch (the default
/// methods) and by PostgreSQL as `TIMESTAMPTZ`.
///
/// `pub` in this private module because the executor's rows (`executor.rs`) are bound by it.
pub trait Columns {
    /// A 64-bit integer.
    fn int(&self, column: usize) -> Result<i64, StorageError>;
    /// A 32-bit integer (PostgreSQL's `INTEGER`).
    fn int32(&self, column: usize) -> Result<i32, StorageError>;
    /// An integer or `NULL`.
    fn maybe_int(&self, column: usize) -> Result<Option<i64>, StorageError>;
    /// Text, owned.
    fn text(&self, column: usize) -> Result<String, StorageError>;
    /// Text or `NULL`.
    fn maybe_text(&self, column: usize) -> Result<Option<String>, StorageError>;
    /// Bytes, owned.
    fn blob(&self, column: usize) -> Result<Vec<u8>, StorageError>;
    /// Text read in place by `parse`, without a copy.
    fn parsed<T>(
        &self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, StorageError>,
    ) -> Result<T, StorageError>;

    /// A point in time.
    fn time(&self, column: usize) -> Result<DateTime<Utc>, StorageError> {
        from_micros(self.int(column)?)
    }

    /// A point in time or `NULL`.
    fn maybe_time(&self, column: usize) -> Result<Option<DateTime<Utc>>, StorageError> {
        self.maybe_int(column)?.map(from_micros).transpose()
    }
}

impl Columns for rusqlite::Row<'_> {
    fn int(&self, column: usize) -> Result<i64, StorageError> {
        Ok(self.get(column)?)
    }

    fn int32(&self, column: usize) -> Result<i32, StorageError> {
        Ok(self.get(column)?)
    }

    fn maybe_int(&self, column: usize) -> Result<Option<i64>, StorageError> {
        Ok(self.get(column)?)
    }

    fn text(&self, column: usize) -> Result<String, StorageError> {
        Ok(self.get(column)?)
    }

    fn maybe_text(&self, column: usize) -> Result<Option<String>, StorageError> {
        Ok(self.get(column)?)
    }

    fn blob(&self, column: usize) -> Result<Vec<u8>, StorageError> {
        Ok(self.get(column)?)
    }

    fn parsed<T>(
        &self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let value = self.get_ref(column)?;
        let text = value.as_str().map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(column, value.data_type(), Box::new(error))
        })?;
        parse(text)
    }
}

/// How a database that sqlx reads and writes keeps a point in time.
pub(super) trait Times: sqlx::Database {
    /// The type a time column decodes from and a time parameter encodes to.
    type Time: for<'r> sqlx::Decode<'r, Self>
        + for<'q> sqlx::Encode<'q, Self>
        + sqlx::Type<Self>
        + Send;

    /// That value as a time.
    fn to_time(value: Self::Time) -> Result<DateTime<Utc>, StorageError>;

    /// A time as that value.
    fn from_time(at: DateTime<Utc>) -> Self::Time;
}

impl Times for Sqlite {
    type Time = i64;

    fn to_time(value: i64) -> Result<DateTime<Utc>, StorageError> {
        from_micros(value)
    }

    fn from_time(at: DateTime<Utc>) -> i64 {
        to_micros(at)
    }
}

impl Times for Postgres {
    type Time = DateTime<Utc>;

    fn to_time(value: DateTime<Utc>) -> Result<DateTime<Utc>, StorageError> {
        Ok(value)
    }

    fn from_time(at: DateTime<Utc>) -> DateTime<Utc> {
        at
    }
}

/// Binds `args` in order to a query run through sqlx (every PostgreSQL statement, SQLite's
/// read pool).
pub(super) fn bind_all<'q, DB>(
    query: Query<'q, DB, DB::Arguments<'q>>,
    args: impl IntoIterator<Item = Arg<'q>>,
) -> Query<'q, DB, DB::Arguments<'q>>
where
    DB: Times,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q [u8]: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    args.into_iter().fold(query, |query, arg| match arg {
        Arg::Int(value) => query.bind(value),
        Arg::MaybeInt(value) => query.bind(value),
        Arg::Text(value) => query.bind(value),
        Arg::MaybeText(value) => query.bind(value),
        Arg::Blob(value) => query.bind(value),
        Arg::Time(at) => query.bind(DB::from_time(at)),
    })
}

/// A row read through sqlx (SQLite's read pool, every PostgreSQL read), as [`Columns`].
pub(super) struct Sqlx<'r, R>(pub(super) &'r R);

impl<R> Columns for Sqlx<'_, R>
where
    R: sqlx::Row,
    R::Database: Times,
    usize: sqlx::ColumnIndex<R>,
    i64: for<'v> sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
    i32: for<'v> sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
    String: for<'v> sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
    Vec<u8>: for<'v> sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
    for<'v> &'v str: sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
{
    fn int(&self, column: usize) -> Result<i64, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn int32(&self, column: usize) -> Result<i32, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn maybe_int(&self, column: usize) -> Result<Option<i64>, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn text(&self, column: usize) -> Result<String, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn maybe_text(&self, column: usize) -> Result<Option<String>, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn blob(&self, column: usize) -> Result<Vec<u8>, StorageError> {
        Ok(self.0.try_get(column)?)
    }

    fn parsed<T>(
        &self,
        column: usize,
        parse: impl FnOnce(&str) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        parse(self.0.try_get::<&str, _>(column)?)
    }

    fn time(&self, column: usize) -> Result<DateTime<Utc>, StorageError> {
        R::Database::to_time(self.0.try_get(column)?)
    }

    fn maybe_time(&self, column: usize) -> Result<Option<DateTime<Utc>>, StorageError> {
        let value: Option<<R::Database as Times>::Time> = self.0.try_get(column)?;
        value.map(R::Database::to_time).transpose()
    }
}

/// A statement written for PostgreSQL (`$1`) as SQLite numbers its parameters (`?1`), at
/// compile time: the two spellings have the same length.
pub(super) const fn sqlite_numbering<const N: usize>(sql: &str) -> [u8; N] {
    let bytes = sql.as_bytes();
    let mut out = [0_u8; N];
    let mut at = 0;
    while at < N {
        out[at] = if bytes[at] == b'$' { b'?' } else { bytes[at] };
        at += 1;
    }
    out
}

/// A shared statement as SQLite runs it: a `&'static str` built when the server is
/// compiled, so that a request pays nothing for the translation.
macro_rules! for_sqlite {
    ($sql:expr) => {{
        const BYTES: [u8; $sql.len()] = $crate::storage::rows::sqlite_numbering($sql);
        match ::std::str::from_utf8(&BYTES) {
            Ok(sql) => sql,
            Err(_) => panic!("a statement that is not UTF-8"),
        }
    }};
}

/// A statement that is the same on both engines, in each one's numbering.
macro_rules! both {
    ($sql:expr) => {
        Sql {
            postgres: $sql,
            sqlite: for_sqlite!($sql),
        }
    };
}

/// A look-up that a write job makes: PostgreSQL locks the rows it reads until the
/// transaction ends (`FOR UPDATE`), in one order (account, then card or trade-in); SQLite
/// needs no row lock, its one writer holds the whole database.
macro_rules! locking {
    ($sql:expr) => {
        Sql {
            postgres: concat!($sql, " FOR UPDATE"),
            sqlite: for_sqlite!($sql),
        }
    };
}

/// The columns [`account`] reads, in its order.
macro_rules! account_columns {
    () => {
        "id, email, region, currency, password_hash, balance_minor, version, created_at"
    };
}

/// The columns [`card`] reads, in its order.
macro_rules! card_columns {
    () => {
        "id, last4, amount_minor, currency, region, status, redeemed_at, redeemed_by"
    };
}

/// The columns [`trade_in`] reads, in its order.
macro_rules! trade_in_columns {
    () => {
        "id, public_id, account_id, device, status, amount_minor, currency, created_at, \
         updated_at"
    };
}
/// The columns [`payment`] reads, in its order.
macro_rules! payment_columns {
    () => {
        "id, public_id, account_id, idempotency_key, request_hash, amount_minor, currency, \
         card_brand, card_last4, status, decline_reason, created_at, updated_at"
    };
}
pub(super) use card_columns;

/// An account by id.
macro_rules! account_by_id {
    () => {
        concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE id = $1"
        )
    };
}

/// An account by e-mail.
macro_rules! account_by_email {
    () => {
        concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE email = $1"
        )
    };
}

/// A card by the HMAC of its code.
macro_rules! card_by_hmac {
    () => {
        concat!(
            "SELECT ",
            card_columns!(),
            " FROM cards WHERE code_hmac = $1"
        )
    };
}

/// An account by id, outside write jobs.
pub(super) const ACCOUNT_BY_ID: Sql = both!(account_by_id!());
/// An account by e-mail, outside write jobs.
pub(super) const ACCOUNT_BY_EMAIL: Sql = both!(account_by_email!());
/// A card by the HMAC of its code, outside write jobs.
pub(super) const CARD_BY_HMAC: Sql = both!(card_by_hmac!());

/// An account by id, in a write job.
pub(super) const LOCK_ACCOUNT: Sql = locking!(account_by_id!());
/// An account by e-mail, in a write job.
pub(super) const LOCK_ACCOUNT_BY_EMAIL: Sql = locking!(account_by_email!());
/// A card by the HMAC of its code, in a write job.
pub(super) const LOCK_CARD: Sql = locking!(card_by_hmac!());
/// A trade-in by public id, in a write job.
pub(super) const LOCK_TRADE_IN: Sql = locking!(concat!(
    "SELECT ",
    trade_in_columns!(),
    " FROM trade_ins WHERE public_id = $1"
));
/// A payment by account and idempotency key, in a write job.
pub(super) const LOCK_PAYMENT_BY_KEY: Sql = locking!(concat!(
    "SELECT ",
    payment_columns!(),
    " FROM payments WHERE account_id = $1 AND idempotency_key = $2"
));
/// A payment by public id, in a write job.
pub(super) const LOCK_PAYMENT: Sql = locking!(concat!(
    "SELECT ",
    payment_columns!(),
    " FROM payments WHERE public_id = $1"
));

/// Moves a balance only if it stays at or above zero and the currency is the account's.
/// PostgreSQL answers the new balance in the same statement; SQLite reads it with a second
/// one instead, because for `RETURNING` it builds and drops a temporary table each time (a
/// twentieth of a redeem's instructions, docs/BENCHMARKS.md): see its `move_balance`.
macro_rules! move_balance {
    () => {
        "UPDATE accounts SET balance_minor = balance_minor + $1, version = version + 1 \
         WHERE id = $2 AND currency = $3 AND balance_minor + $1 >= 0"
    };
}
/// The guarded balance move of `move_balance!`, with the new balance on PostgreSQL.
pub(super) const MOVE_BALANCE: Sql = Sql {
    postgres: concat!(move_balance!(), " RETURNING balance_minor"),
    sqlite: for_sqlite!(move_balance!()),
};

/// The account of a live session: one look-up by key in each table.
pub(super) const SESSION_ACCOUNT: Sql = both!(concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts WHERE id = (SELECT account_id FROM sessions \
     WHERE token_hash = $1 AND expires_at > $2)"
));
/// An account's trade-ins, newest first.
pub(super) const TRADE_INS_OF_ACCOUNT: Sql = both!(concat!(
    "SELECT ",
    trade_in_columns!(),
    " FROM trade_ins WHERE account_id = $1 ORDER BY created_at DESC, id DESC"
));
/// A live session's balance answer in one statement, which both databases read from one
/// snapshot: a row per kind of entry the account has (one row with no kind for an account
/// without entries), each repeating the account, its open trade-ins' sum and its newest
/// entry's time. The inner query's `LIMIT 1` keeps PostgreSQL from pulling it up and
/// running the two sums again for every kind. [`BalanceFold`] reads the rows.
pub(super) const SESSION_BALANCE: Sql = both!(concat!(
    "SELECT a.*, k.kind, k.total_minor FROM (SELECT ",
    account_columns!(),
    ", CAST((SELECT COALESCE(SUM(amount_minor), 0) FROM trade_ins \
       WHERE account_id = accounts.id AND status IN ('pending', 'received', 'inspecting')) \
       AS BIGINT), \
     (SELECT MAX(created_at) FROM ledger WHERE account_id = accounts.id) \
     FROM accounts WHERE id = (SELECT account_id FROM sessions \
       WHERE token_hash = $1 AND expires_at > $2) LIMIT 1) AS a \
     LEFT JOIN balance_by_kind AS k ON k.account_id = a.id ORDER BY k.kind"
));

/// Creates an account.
pub(super) const INSERT_ACCOUNT: Sql = both!(
    "INSERT INTO accounts (email, region, currency, password_hash, created_at) \
     VALUES ($1, $2, $3, $4, $5) RETURNING id"
);
/// Stores a session.
pub(super) const INSERT_SESSION: Sql = both!(
    "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
     VALUES ($1, $2, $3, $4)"
);
/// Deletes a session.
pub(super) const DELETE_SESSION: Sql = both!("DELETE FROM sessions WHERE token_hash = $1");
/// Makes every live session expire.
pub(super) const EXPIRE_SESSIONS: Sql =
    both!("UPDATE sessions SET expires_at = $1 WHERE expires_at > $1");
/// The live answer stored under an account's key; read by [`stored_response`].
pub(super) const IDEMPOTENCY_GET: Sql = both!(
    "SELECT request_hash, status, body FROM idempotency_keys \
     WHERE account_id = $1 AND key = $2 AND created_at >= $3"
);
/// Stores an answer under an account's key; a record past its retention that pruning has
/// not removed yet gives way.
pub(super) const IDEMPOTENCY_PUT: Sql = both!(
    "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, key) DO UPDATE SET \
     request_hash = excluded.request_hash, status = excluded.status, \
     body = excluded.body, created_at = excluded.created_at \
     WHERE idempotency_keys.created_at < $7"
);
/// Failed attempts of an account, of an address and of everybody, each up to its cap;
/// each row names its scope and is read by [`failure_window`] from its second column.
/// Counting stops at the cap: the limiter only asks whether the limit is reached, and an
/// attack must not make every later check slower.
pub(super) const ATTEMPT_FAILURES: Sql = both!(
    "SELECT 0 AS scope, COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at \
     FROM failed_attempts WHERE account_id = $1 AND at >= $3 ORDER BY at LIMIT $4) \
     AS by_account \
     UNION ALL SELECT 1, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
     WHERE client_addr = $2 AND at >= $3 ORDER BY at LIMIT $5) AS by_address \
     UNION ALL SELECT 2, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
     WHERE at >= $3 ORDER BY at LIMIT $6) AS everybody"
);
/// Failed sign-ins for one e-mail key, up to a cap; read by [`failure_window`].
pub(super) const SIGN_IN_FAILURES_BY_EMAIL: Sql = both!(
    "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
     WHERE email_key = $1 AND at >= $2 ORDER BY at LIMIT $3) AS capped"
);
/// Failed sign-ins from one address, up to a cap; read by [`failure_window`].
pub(super) const SIGN_IN_FAILURES_BY_ADDRESS: Sql = both!(
    "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_sign_ins \
     WHERE client_addr = $1 AND at >= $2 ORDER BY at LIMIT $3) AS capped"
);
/// Records a failed attempt.
pub(super) const RECORD_FAILURE: Sql =
    both!("INSERT INTO failed_attempts (account_id, client_addr, at) VALUES ($1, $2, $3)");
/// Records a failed sign-in.
pub(super) const RECORD_SIGN_IN_FAILURE: Sql =
    both!("INSERT INTO failed_sign_ins (email_key, client_addr, at) VALUES ($1, $2, $3)");
/// Stores a card.
pub(super) const INSERT_CARD: Sql = both!(
    "INSERT INTO cards (code_hmac, last4, amount_minor, currency, region, status, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
);
/// Marks a card redeemed, only if it was not.
pub(super) const MARK_CARD_REDEEMED: Sql = both!(
    "UPDATE cards SET redeemed_at = $1, redeemed_by = $2 \
     WHERE id = $3 AND redeemed_at IS NULL AND status = 'active'"
);
/// Changes a card's status.
pub(super) const SET_CARD_STATUS: Sql = both!("UPDATE cards SET status = $1 WHERE id = $2");
/// An account's balance and currency, to say why an entry was refused.
pub(super) const BALANCE_AND_CURRENCY: Sql =
    both!("SELECT balance_minor, currency FROM accounts WHERE id = $1");
/// Appends a ledger entry.
pub(super) const INSERT_ENTRY: Sql = both!(
    "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
     balance_after_minor, source, description, card_id, trade_in_id, created_at, payment_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
);
/// Adds an entry to its account's total of its kind.
pub(super) const ADD_TO_KIND: Sql = both!(
    "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES ($1, $2, $3) \
     ON CONFLICT (account_id, kind) \
     DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor"
);
/// Registers a trade-in.
pub(super) const INSERT_TRADE_IN: Sql = both!(
    "INSERT INTO trade_ins (public_id, account_id, device, status, amount_minor, \
     currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
     RETURNING id"
);
/// Moves a trade-in to a status.
pub(super) const SET_TRADE_IN_STATUS: Sql =
    both!("UPDATE trade_ins SET status = $1, amount_minor = $2, updated_at = $3 WHERE id = $4");
/// Bumps an account's version (its balance answer's ETag).
pub(super) const BUMP_VERSION: Sql =
    both!("UPDATE accounts SET version = version + 1 WHERE id = $1");
/// Records a payment (transaction 1 of adding money).
pub(super) const INSERT_PAYMENT: Sql = both!(
    "INSERT INTO payments (public_id, account_id, idempotency_key, request_hash, \
     amount_minor, currency, card_brand, card_last4, status, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $9) RETURNING id"
);
/// Moves a payment that is not final yet to a state.
pub(super) const SET_PAYMENT_STATE: Sql = both!(
    "UPDATE payments SET status = $1, decline_reason = $2, updated_at = $3 \
     WHERE id = $4 AND status NOT IN ('succeeded', 'declined')"
);
/// The entry that credited a payment.
pub(super) const PAYMENT_CREDIT: Sql =
    both!("SELECT public_id, balance_after_minor FROM ledger WHERE payment_id = $1");
/// What the daily limit counts: payments that succeeded or may still succeed. The sum is
/// cast because PostgreSQL sums BIGINTs as NUMERIC.
pub(super) const FUNDS_SINCE: Sql = both!(
    "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments \
     WHERE account_id = $1 AND created_at >= $2 \
     AND status IN ('pending', 'requires_confirmation', 'succeeded')"
);
/// Payments still pending, oldest first.
pub(super) const PENDING_PAYMENTS: Sql = both!(concat!(
    "SELECT ",
    payment_columns!(),
    " FROM payments WHERE status = 'pending' ORDER BY updated_at, id LIMIT $1"
));
/// The test provider's charge under a reference.
pub(super) const TEST_CHARGE: Sql = both!(
    "SELECT reference, amount_minor, currency, card_brand, card_last4, status, \
     decline_reason, created_at, updated_at FROM test_processor_charges WHERE reference = $1"
);
/// Stores a test provider's charge; one under the same reference changes only while it
/// awaits confirmation (its outcome is final otherwise).
pub(super) const PUT_TEST_CHARGE: Sql = both!(
    "INSERT INTO test_processor_charges (reference, amount_minor, currency, \
     card_brand, card_last4, status, decline_reason, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (reference) DO UPDATE SET \
     status = excluded.status, decline_reason = excluded.decline_reason, \
     updated_at = excluded.updated_at \
     WHERE test_processor_charges.status = 'requires_confirmation'"
);
/// Removes failed attempts older than a time.
pub(super) const PRUNE_ATTEMPTS: Sql = both!("DELETE FROM failed_attempts WHERE at < $1");
/// Removes failed sign-ins older than a time.
pub(super) const PRUNE_SIGN_INS: Sql = both!("DELETE FROM failed_sign_ins WHERE at < $1");
/// Removes sessions that expired before a time.
pub(super) const PRUNE_SESSIONS: Sql = both!("DELETE FROM sessions WHERE expires_at < $1");
/// Removes idempotency records stored before a time. PostgreSQL deletes by age; SQLite
/// stores answers in arrival order (its migration 4), so it removes the range at the start
/// of the table before the first answer to keep. One stored after that with an older time
/// (a clock set back) stays until a later pruning; it is forgotten all the same (see
/// [`IDEMPOTENCY_GET`]).
pub(super) const PRUNE_KEYS: Sql = Sql {
    postgres: "DELETE FROM idempotency_keys WHERE created_at < $1",
    sqlite: "DELETE FROM idempotency_keys WHERE id < COALESCE( \
     (SELECT id FROM idempotency_keys WHERE created_at >= ?1 ORDER BY id LIMIT 1), \
     (SELECT MAX(id) + 1 FROM idempotency_keys))",
};

/// Sign-ups from one address, up to a cap; read by [`failure_window`].
pub(super) const SIGN_UPS_BY_ADDRESS: Sql = both!(
    "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM sign_ups \
     WHERE client_addr = $1 AND at >= $2 ORDER BY at LIMIT $3) AS capped"
);
/// Records a sign-up.
pub(super) const RECORD_SIGN_UP: Sql =
    both!("INSERT INTO sign_ups (client_addr, at) VALUES ($1, $2)");
/// Removes sign-ups older than a time.
pub(super) const PRUNE_SIGN_UPS: Sql = both!("DELETE FROM sign_ups WHERE at < $1");
/// Replaces an account's password hash.
pub(super) const SET_PASSWORD_HASH: Sql =
    both!("UPDATE accounts SET password_hash = $1 WHERE id = $2");
/// Ends an account's sessions but one (no token hash is empty: an empty one keeps none).
pub(super) const DELETE_ACCOUNT_SESSIONS: Sql =
    both!("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2");

/// The statement of a page of history, its parameters numbered after `mark` (`?` for
/// SQLite, `$` for PostgreSQL) in this order: the account, then the kind, from, to, the
/// keyset position (time and id) when the query has them, and the limit. Its rows are read
/// by [`entry`].
pub(super) fn history_sql(query: &HistoryQuery, mark: char) -> String {
    let mut sql = format!(
        "SELECT id, public_id, kind, amount_minor, currency, balance_after_minor, source, \
         description, created_at FROM ledger WHERE account_id = {mark}1"
    );
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if query.kind.is_some() {
        sql.push_str(&format!(" AND kind = {mark}{}", next()));
    }
    if query.from.is_some() {
        sql.push_str(&format!(" AND created_at >= {mark}{}", next()));
    }
    if query.to.is_some() {
        sql.push_str(&format!(" AND created_at < {mark}{}", next()));
    }
    if query.before.is_some() {
        // A row-value comparison: both engines walk the index from this position.
        let (at, id) = (next(), next());
        sql.push_str(&format!(" AND (created_at, id) < ({mark}{at}, {mark}{id})"));
    }
    sql.push_str(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {mark}{}",
        next()
    ));
    sql
}

/// The parameters of [`history_sql`], in its order.
pub(super) fn history_args<'a>(
    account: AccountId,
    query: &'a HistoryQuery,
) -> impl Iterator<Item = Arg<'a>> + use<'a> {
    let (at, id) = query.before.unzip();
    [
        Some(Arg::Int(account)),
        query.kind.map(|kind| Arg::Text(kind.as_str())),
        query.from.map(Arg::Time),
        query.to.map(Arg::Time),
        at.map(Arg::Time),
        id.map(Arg::Int),
        Some(Arg::from(query.limit)),
    ]
    .into_iter()
    .flatten()
}

/// An account from a row of `account_columns!()`.
pub(super) fn account(row: &impl Columns) -> Result<AccountRow, StorageError> {
    Ok(AccountRow {
        id: row.int(0)?,
        email: row.text(1)?,
        region: row.parsed(2, parse_region)?,
        currency: row.parsed(3, parse_currency)?,
        password_hash: row.text(4)?,
        balance_minor: row.int(5)?,
        version: row.int(6)?,
        created_at: row.time(7)?,
    })
}

/// The rows of [`SESSION_BALANCE`], folded into a balance answer's parts.
#[derive(Default)]
pub(super) struct BalanceFold(Option<BalanceParts>);

impl BalanceFold {
    /// Takes the next row.
    pub(super) fn push(&mut self, row: &impl Columns) -> Result<(), StorageError> {
        let parts = match &mut self.0 {
            Some(parts) => parts,
            None => self.0.insert(BalanceParts {
                account: account(row)?,
                by_kind: Vec::new(),
                pending_minor: row.int(8)?,
                last_entry_at: row.maybe_time(9)?,
            }),
        };
        if let Some(total) = row.maybe_int(11)? {
            parts.by_kind.push((row.parsed(10, parse_kind)?, total));
        }
        Ok(())
    }

    /// The parts, or `None` when no row came: the session is not live.
    pub(super) fn finish(self) -> Option<BalanceParts> {
        self.0
    }
}

/// A card from a row of `card_columns!()`.
pub(super) fn card(row: &impl Columns) -> Result<CardRow, StorageError> {
    Ok(CardRow {
        id: row.int(0)?,
        last4: row.text(1)?,
        amount_minor: row.int(2)?,
        currency: row.parsed(3, parse_currency)?,
        region: row.parsed(4, parse_region)?,
        status: row.parsed(5, CardStatus::parse)?,
        redeemed_at: row.maybe_time(6)?,
        redeemed_by: row.maybe_int(7)?,
    })
}

/// A trade-in from a row of `trade_in_columns!()`.
pub(super) fn trade_in(row: &impl Columns) -> Result<TradeInRow, StorageError> {
    Ok(TradeInRow {
        id: row.int(0)?,
        public_id: row.text(1)?,
        account_id: row.int(2)?,
        device: row.text(3)?,
        status: row.parsed(4, parse_trade_in_status)?,
        amount_minor: row.int(5)?,
        currency: row.parsed(6, parse_currency)?,
        created_at: row.time(7)?,
        updated_at: row.time(8)?,
    })
}

/// A history line from a row of [`history_sql`].
pub(super) fn entry(row: &impl Columns) -> Result<EntryRow, StorageError> {
    Ok(EntryRow {
        id: row.int(0)?,
        public_id: row.text(1)?,
        kind: row.parsed(2, parse_kind)?,
        amount_minor: row.int(3)?,
        currency: row.parsed(4, parse_currency)?,
        balance_after_minor: row.int(5)?,
        source: row.text(6)?,
        description: row.text(7)?,
        created_at: row.time(8)?,
    })
}

/// A payment from a row of `payment_columns!()`.
pub(super) fn payment(row: &impl Columns) -> Result<PaymentRow, StorageError> {
    Ok(PaymentRow {
        id: row.int(0)?,
        public_id: row.text(1)?,
        account_id: row.int(2)?,
        idempotency_key: row.text(3)?,
        request_hash: row.blob(4)?,
        amount_minor: row.int(5)?,
        currency: row.parsed(6, parse_currency)?,
        card_brand: row.text(7)?,
        card_last4: row.text(8)?,
        state: row.parsed(9, PaymentState::parse)?,
        decline_reason: row.maybe_text(10)?,
        created_at: row.time(11)?,
        updated_at: row.time(12)?,
    })
}

/// A test provider's charge from a row of [`TEST_CHARGE`].
pub(super) fn test_charge(row: &impl Columns) -> Result<TestChargeRow, StorageError> {
    Ok(TestChargeRow {
        reference: row.text(0)?,
        amount_minor: row.int(1)?,
        currency: row.parsed(2, parse_currency)?,
        card_brand: row.text(3)?,
        card_last4: row.text(4)?,
        status: row.text(5)?,
        decline_reason: row.maybe_text(6)?,
        created_at: row.time(7)?,
        updated_at: row.time(8)?,
    })
}

/// A stored answer from a row of [`IDEMPOTENCY_GET`].
pub(super) fn stored_response(row: &impl Columns) -> Result<StoredResponse, StorageError> {
    let status = row.int32(1)?;
    Ok(StoredResponse {
        request_hash: row.blob(0)?,
        status: u16::try_from(status)
            .map_err(|_| StorageError::Corrupt(format!("HTTP status {status}")))?,
        body: row.blob(2)?,
    })
}

/// The three counts of [`ATTEMPT_FAILURES`], gathered row by row.
#[derive(Default)]
pub(super) struct AttemptWindows([Option<FailureWindow>; 3]);

impl AttemptWindows {
    /// Takes one row: its scope, then its count and oldest failure.
    pub(super) fn add(&mut self, row: &impl Columns) -> Result<(), StorageError> {
        let window = failure_window(row, 1)?;
        if let Some(slot) = usize::try_from(row.int32(0)?)
            .ok()
            .and_then(|scope| self.0.get_mut(scope))
        {
            *slot = Some(window);
        }
        Ok(())
    }

    /// The counts of the account, the address and everybody, in that order.
    pub(super) fn finish(self) -> Result<[FailureWindow; 3], StorageError> {
        let [Some(account), Some(address), Some(global)] = self.0 else {
            return Err(StorageError::Invariant(
                "a count of failed attempts is missing",
            ));
        };
        Ok([account, address, global])
    }
}

/// A count of failures and the oldest of them, from `column` and the one after it.
pub(super) fn failure_window(
    row: &impl Columns,
    column: usize,
) -> Result<FailureWindow, StorageError> {
    Ok(FailureWindow {
        count: row.int(column)?,
        oldest: row.maybe_time(column + 1)?,
    })
}

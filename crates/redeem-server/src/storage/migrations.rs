//! Versioned schema migrations, one list per backend, embedded in the binary.
//!
//! Each migration runs once, in its own transaction, and is recorded in
//! `schema_migrations`. A migration is never edited after release: changes are new files.

/// `(version, SQL)` for SQLite, in order.
pub(crate) const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("migrations/sqlite/0001_ledger.sql")),
    (
        2,
        include_str!("migrations/sqlite/0002_sign_in_limiter.sql"),
    ),
    (
        3,
        include_str!("migrations/sqlite/0003_ledger_cheaper_append.sql"),
    ),
    (
        4,
        include_str!("migrations/sqlite/0004_idempotency_in_arrival_order.sql"),
    ),
    (5, include_str!("migrations/sqlite/0005_payments.sql")),
    (
        6,
        include_str!("migrations/sqlite/0006_account_self_service.sql"),
    ),
];

/// `(version, SQL)` for PostgreSQL, in order.
pub(crate) const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("migrations/postgres/0001_ledger.sql")),
    (
        2,
        include_str!("migrations/postgres/0002_sign_in_limiter.sql"),
    ),
    (3, include_str!("migrations/postgres/0003_payments.sql")),
    (
        4,
        include_str!("migrations/postgres/0004_account_self_service.sql"),
    ),
    (
        5,
        include_str!("migrations/postgres/0005_redeem_in_one_call.sql"),
    ),
];

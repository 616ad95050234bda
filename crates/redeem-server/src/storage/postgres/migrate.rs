//! PostgreSQL's schema migrations: each in its own transaction, under an advisory lock so
//! that several nodes starting at once take turns.

use sqlx::Connection as _;
use sqlx::postgres::PgConnection;

use crate::storage::{StorageError, migrations};

/// Key of the advisory lock that serialises migrations of several nodes.
const MIGRATION_LOCK: i64 = 0x5245_4445_454d; // "REDEEM"

/// Brings the schema up to date.
pub(super) async fn migrate(conn: &mut PgConnection) -> Result<(), StorageError> {
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    let result = apply_migrations(conn).await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    result
}

async fn apply_migrations(conn: &mut PgConnection) -> Result<(), StorageError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?;
    for (version, sql) in migrations::POSTGRES {
        if applied.contains(version) {
            continue;
        }
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .map_err(|source| StorageError::Migration {
                version: *version,
                source,
            })?;
        // The database's own clock: when a migration ran is a fact about the database,
        // not a time of the ledger's rules, which come from the ledger's clock.
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())")
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version, "applied PostgreSQL migration");
    }
    Ok(())
}

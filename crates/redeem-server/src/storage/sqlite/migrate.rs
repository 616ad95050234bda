//! SQLite's schema migrations: the missing ones run in one `BEGIN IMMEDIATE` transaction,
//! so that two processes migrating at once take turns.

use sqlx::sqlite::SqliteConnection;

use crate::storage::{StorageError, migrations};

/// Brings the schema up to date.
pub(super) async fn migrate(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations \
         (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT",
    )
    .execute(&mut *conn)
    .await?;
    // BEGIN IMMEDIATE: two processes migrating at once take turns.
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let result = apply_migrations(conn).await;
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    sqlx::query(end).execute(&mut *conn).await?;
    result
}

async fn apply_migrations(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?;
    for (version, sql) in migrations::SQLITE {
        if applied.contains(version) {
            continue;
        }
        sqlx::raw_sql(sql)
            .execute(&mut *conn)
            .await
            .map_err(|source| StorageError::Migration {
                version: *version,
                source,
            })?;
        // The database's own clock: when a migration ran is a fact about the file, not a
        // time of the ledger's rules, which come from the ledger's clock.
        sqlx::query(
            "INSERT INTO schema_migrations (version, applied_at) \
             VALUES (?1, CAST(unixepoch('subsec') * 1000000 AS INTEGER))",
        )
        .bind(version)
        .execute(&mut *conn)
        .await?;
        tracing::info!(version, "applied SQLite migration");
    }
    Ok(())
}

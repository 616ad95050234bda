//! Raw SQLite, without the server: the baseline of the SQLite redeem figure, and the
//! seeding of a long history for the history-depth figure.
//!
//! `raw-sqlite redeem` runs, for each unredeemed card, the same SQL transaction the
//! server's redeem runs (`BEGIN IMMEDIATE`; read the account, the idempotency key, the
//! limiter's three counts and the card; mark the card; move the balance; append the ledger
//! entry and the per-kind total; store the answer under the key; `COMMIT`), one commit at a
//! time, in WAL with `synchronous=FULL`, on one connection. Prints one JSON line.
//!
//! `raw-sqlite seed-history` appends N entries to an account's ledger (keeping its balance
//! and per-kind totals equal to the ledger) and prints the history cursor at a given depth.

// What this tool prints is its interface.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::str::FromStr as _;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use clap::{Parser, Subcommand};
use redeem_bench::Throughput;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection as _, Row as _, SqliteConnection};

#[derive(Debug, Parser)]
struct Args {
    /// The SQLite file, migrated and seeded by `redeem-server`.
    #[arg(long)]
    database: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Redeem every unredeemed card into the first account, one commit each.
    Redeem {
        /// Stop after this many seconds even if cards are left.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    /// Append entries to an account's ledger and print the cursor at a depth.
    SeedHistory {
        /// The account.
        #[arg(long)]
        email: String,
        /// How many entries to append.
        #[arg(long)]
        rows: i64,
        /// Print the cursor that starts the page after this many newest entries.
        #[arg(long)]
        depth: i64,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(&args.database)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(30));
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("opening {}", args.database.display()))?;
    match args.command {
        Command::Redeem { seconds } => {
            let result = redeem(&mut conn, seconds).await?;
            println!("{}", result.to_json());
        }
        Command::SeedHistory { email, rows, depth } => {
            let cursor = seed_history(&mut conn, &email, rows, depth).await?;
            println!("{cursor}");
        }
    }
    conn.close().await?;
    Ok(())
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_micros()).ok())
        .unwrap_or_default()
}

async fn redeem(conn: &mut SqliteConnection, seconds: f64) -> anyhow::Result<Throughput> {
    let Some(account) = sqlx::query("SELECT id, currency FROM accounts ORDER BY id LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?
    else {
        bail!("no account in the database");
    };
    let account_id: i64 = account.try_get("id")?;
    let currency: String = account.try_get("currency")?;
    let cards: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT code_hmac FROM cards WHERE redeemed_at IS NULL ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds.max(0.0));
    let started = Instant::now();
    let (mut ok, mut errors) = (0, 0);
    for code_hmac in &cards {
        if Instant::now() >= deadline {
            break;
        }
        match redeem_one(conn, account_id, &currency, code_hmac).await {
            Ok(true) => ok += 1,
            Ok(false) => errors += 1,
            Err(error) => {
                sqlx::query("ROLLBACK").execute(&mut *conn).await.ok();
                return Err(error);
            }
        }
    }
    Ok(Throughput {
        ok,
        errors,
        elapsed: started.elapsed(),
    })
}

/// One redeem, the server's statements in the server's order; true when it credited.
async fn redeem_one(
    conn: &mut SqliteConnection,
    account: i64,
    currency: &str,
    code_hmac: &[u8],
) -> anyhow::Result<bool> {
    let now = now_micros();
    let since = now - 3_600_000_000;
    let key = uuid::Uuid::new_v4().to_string();
    let request_hash = [7_u8; 32];
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    sqlx::query("SELECT * FROM accounts WHERE id = ?1")
        .bind(account)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query(
        "SELECT request_hash, status, body FROM idempotency_keys \
         WHERE account_id = ?1 AND key = ?2",
    )
    .bind(account)
    .bind(&key)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM failed_attempts \
         WHERE account_id = ?1 AND at >= ?2",
    )
    .bind(account)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM failed_attempts \
         WHERE client_addr = ?1 AND at >= ?2",
    )
    .bind("127.0.0.1")
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM failed_attempts WHERE at >= ?1")
        .bind(since)
        .fetch_one(&mut *conn)
        .await?;
    let Some(card) = sqlx::query("SELECT * FROM cards WHERE code_hmac = ?1")
        .bind(code_hmac)
        .fetch_optional(&mut *conn)
        .await?
    else {
        sqlx::query("ROLLBACK").execute(&mut *conn).await?;
        return Ok(false);
    };
    let card_id: i64 = card.try_get("id")?;
    let amount: i64 = card.try_get("amount_minor")?;
    let last4: String = card.try_get("last4")?;
    let marked = sqlx::query(
        "UPDATE cards SET redeemed_at = ?1, redeemed_by = ?2 \
         WHERE id = ?3 AND redeemed_at IS NULL AND status = 'active'",
    )
    .bind(now)
    .bind(account)
    .bind(card_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() != 1 {
        sqlx::query("ROLLBACK").execute(&mut *conn).await?;
        return Ok(false);
    }
    let balance: i64 = sqlx::query_scalar(
        "UPDATE accounts SET balance_minor = balance_minor + ?1, version = version + 1 \
         WHERE id = ?2 AND currency = ?3 AND balance_minor + ?1 >= 0 \
         RETURNING balance_minor",
    )
    .bind(amount)
    .bind(account)
    .bind(currency)
    .fetch_one(&mut *conn)
    .await?;
    let public_id = format!("R-{}", uuid::Uuid::new_v4().simple());
    sqlx::query(
        "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
         balance_after_minor, source, description, card_id, trade_in_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .bind(&public_id)
    .bind(account)
    .bind("gift_card_redemption")
    .bind(amount)
    .bind(currency)
    .bind(balance)
    .bind(format!("card ending {last4}"))
    .bind("Gift card redeemed")
    .bind(card_id)
    .bind(None::<i64>)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account_id, kind) \
         DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor",
    )
    .bind(account)
    .bind("gift_card_redemption")
    .bind(amount)
    .execute(&mut *conn)
    .await?;
    let body = serde_json::json!({
        "receipt_id": public_id,
        "credited": { "amount_minor": amount, "currency": currency },
        "balance": { "amount_minor": balance, "currency": currency },
    })
    .to_string();
    sqlx::query(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(account)
    .bind(&key)
    .bind(request_hash.as_slice())
    .bind(201_i64)
    .bind(body.into_bytes())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("COMMIT").execute(&mut *conn).await?;
    Ok(true)
}

/// Appends `rows` entries of added funds, one a millisecond up to now, in one transaction.
async fn seed_history(
    conn: &mut SqliteConnection,
    email: &str,
    rows: i64,
    depth: i64,
) -> anyhow::Result<String> {
    let Some(account) = sqlx::query("SELECT id, currency FROM accounts WHERE email = ?1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?
    else {
        bail!("no account {email}");
    };
    let account_id: i64 = account.try_get("id")?;
    let currency: String = account.try_get("currency")?;
    let step = 1_000;
    let start = now_micros() - (rows + 1) * step;
    let mut tx = conn.begin().await?;
    let balance: i64 = sqlx::query_scalar("SELECT balance_minor FROM accounts WHERE id = ?1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
         balance_after_minor, source, description, card_id, trade_in_id, created_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         SELECT 'B-' || i, ?2, 'added_funds', 100, ?3, ?4 + i * 100, 'bench', \
         'Funds added', NULL, NULL, ?5 + i * ?6 FROM n",
    )
    .bind(rows)
    .bind(account_id)
    .bind(&currency)
    .bind(balance)
    .bind(start)
    .bind(step)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE accounts SET balance_minor = balance_minor + ?1, version = version + 1 \
         WHERE id = ?2",
    )
    .bind(rows * 100)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account_id, kind) \
         DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor",
    )
    .bind(account_id)
    .bind("added_funds")
    .bind(rows * 100)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // The newest `depth` entries make the first pages; the cursor names the last of them.
    let row = sqlx::query(
        "SELECT id, created_at FROM ledger WHERE account_id = ?1 \
         ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?2",
    )
    .bind(account_id)
    .bind(depth - 1)
    .fetch_one(&mut *conn)
    .await
    .context("the entry at the depth")?;
    let id: i64 = row.try_get("id")?;
    let created_at: i64 = row.try_get("created_at")?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("c1.{created_at}.{id}")))
}

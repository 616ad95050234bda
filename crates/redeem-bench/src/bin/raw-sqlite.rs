//! Raw SQLite, without the server: the baseline of the SQLite redeem figure, and the
//! seeding of a long history for the history-depth figure.
//!
//! `raw-sqlite redeem` runs, for each unredeemed card, the same SQL transaction the
//! server's redeem runs (`BEGIN IMMEDIATE`; read the account, the idempotency key, the
//! limiter's counts and the card; mark the card; move the balance; append the ledger
//! entry and the per-kind total; store the answer under the key; `COMMIT`), one commit at a
//! time, in WAL with `synchronous=FULL`, on one connection, through rusqlite with cached
//! prepared statements (as the server's writer). Prints one JSON line.
//!
//! `raw-sqlite seed-history` appends N entries to an account's ledger (keeping its balance
//! and per-kind totals equal to the ledger) and prints the history cursor at a given depth.

// What this tool prints is its interface.
#![expect(clippy::print_stdout, reason = "prints what it measured")]

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use clap::{Parser, Subcommand};
use redeem_bench::Throughput;
use rusqlite::{Connection, OptionalExtension as _, params};

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

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let conn = Connection::open(&args.database)
        .with_context(|| format!("opening {}", args.database.display()))?;
    conn.busy_timeout(Duration::from_secs(30))?;
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // The server's writer's setting, so that both sides checkpoint alike.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    match args.command {
        Command::Redeem { seconds } => {
            let result = redeem(&conn, seconds)?;
            println!("{}", result.to_json());
        }
        Command::SeedHistory { email, rows, depth } => {
            let cursor = seed_history(&conn, &email, rows, depth)?;
            println!("{cursor}");
        }
    }
    conn.close().map_err(|(_, error)| error)?;
    Ok(())
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_micros()).ok())
        .unwrap_or_default()
}

fn redeem(conn: &Connection, seconds: f64) -> anyhow::Result<Throughput> {
    let Some((account_id, currency)) = conn
        .query_row(
            "SELECT id, currency FROM accounts ORDER BY id LIMIT 1",
            [],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?
    else {
        bail!("no account in the database");
    };
    let cards = conn
        .prepare("SELECT code_hmac FROM cards WHERE redeemed_at IS NULL ORDER BY id")?
        .query_map([], |row| row.get::<_, Vec<u8>>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds.max(0.0));
    let started = Instant::now();
    let (mut ok, mut errors) = (0, 0);
    for code_hmac in &cards {
        if Instant::now() >= deadline {
            break;
        }
        match redeem_one(conn, account_id, &currency, code_hmac) {
            Ok(true) => ok += 1,
            Ok(false) => errors += 1,
            Err(error) => {
                conn.execute_batch("ROLLBACK").ok();
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

/// One redeem, the server's statements in the server's order; true when it credited. Never
/// inlined: `bench.sh` counts its instructions under callgrind by its name.
#[inline(never)]
fn redeem_one(
    conn: &Connection,
    account: i64,
    currency: &str,
    code_hmac: &[u8],
) -> anyhow::Result<bool> {
    let now = now_micros();
    let since = now - 3_600_000_000;
    let keys_live_since = now - 7 * 24 * 3_600_000_000;
    let key = uuid::Uuid::now_v7().to_string();
    let request_hash = [7_u8; 32];
    let cap = 1_000_i64;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    conn.prepare_cached("SELECT * FROM accounts WHERE id = ?1")?
        .query_row([account], |_| Ok(()))
        .optional()?;
    conn.prepare_cached(
        "SELECT request_hash, status, body FROM idempotency_keys \
         WHERE account_id = ?1 AND key = ?2 AND created_at >= ?3",
    )?
    .query_row(params![account, key, keys_live_since], |_| Ok(()))
    .optional()?;
    conn.prepare_cached(
        "SELECT 0, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
         WHERE account_id = ?1 AND at >= ?3 ORDER BY at LIMIT ?4) \
         UNION ALL SELECT 1, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
         WHERE client_addr = ?2 AND at >= ?3 ORDER BY at LIMIT ?4) \
         UNION ALL SELECT 2, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts \
         WHERE at >= ?3 ORDER BY at LIMIT ?4)",
    )?
    .query_map(params![account, "127.0.0.1", since, cap], |_| Ok(()))?
    .collect::<Result<Vec<()>, _>>()?;
    let Some((card_id, amount, last4)) = conn
        .prepare_cached("SELECT * FROM cards WHERE code_hmac = ?1")?
        .query_row([code_hmac], |row| {
            Ok((
                row.get::<_, i64>("id")?,
                row.get::<_, i64>("amount_minor")?,
                row.get::<_, String>("last4")?,
            ))
        })
        .optional()?
    else {
        conn.execute_batch("ROLLBACK")?;
        return Ok(false);
    };
    let marked = conn
        .prepare_cached(
            "UPDATE cards SET redeemed_at = ?1, redeemed_by = ?2 \
             WHERE id = ?3 AND redeemed_at IS NULL AND status = 'active'",
        )?
        .execute(params![now, account, card_id])?;
    if marked != 1 {
        conn.execute_batch("ROLLBACK")?;
        return Ok(false);
    }
    conn.prepare_cached(
        "UPDATE accounts SET balance_minor = balance_minor + ?1, version = version + 1 \
         WHERE id = ?2 AND currency = ?3 AND balance_minor + ?1 >= 0",
    )?
    .execute(params![amount, account, currency])?;
    let balance: i64 = conn
        .prepare_cached("SELECT balance_minor FROM accounts WHERE id = ?1")?
        .query_row([account], |row| row.get(0))?;
    let public_id = uuid::Uuid::now_v7().to_string();
    conn.prepare_cached(
        "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
         balance_after_minor, source, description, card_id, trade_in_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        public_id,
        account,
        "gift_card_redemption",
        amount,
        currency,
        balance,
        format!("card ending {last4}"),
        "Gift card redeemed",
        card_id,
        None::<i64>,
        now
    ])?;
    conn.prepare_cached(
        "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account_id, kind) \
         DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor",
    )?
    .execute(params![account, "gift_card_redemption", amount])?;
    let body = serde_json::json!({
        "receipt_id": public_id,
        "credited": { "amount_minor": amount, "currency": currency },
        "balance": { "amount_minor": balance, "currency": currency },
    })
    .to_string();
    conn.prepare_cached(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id, key) DO UPDATE SET \
         request_hash = excluded.request_hash, status = excluded.status, \
         body = excluded.body, created_at = excluded.created_at \
         WHERE idempotency_keys.created_at < ?7",
    )?
    .execute(params![
        account,
        key,
        request_hash.as_slice(),
        201_i64,
        body.into_bytes(),
        now,
        keys_live_since
    ])?;
    conn.execute_batch("COMMIT")?;
    Ok(true)
}

/// Appends `rows` entries of added funds, one a millisecond up to now, in one transaction.
fn seed_history(conn: &Connection, email: &str, rows: i64, depth: i64) -> anyhow::Result<String> {
    let Some((account_id, currency)) = conn
        .query_row(
            "SELECT id, currency FROM accounts WHERE email = ?1",
            [email],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?
    else {
        bail!("no account {email}");
    };
    let step = 1_000;
    let start = now_micros() - (rows + 1) * step;
    let tx = conn.unchecked_transaction()?;
    let balance: i64 = tx.query_row(
        "SELECT balance_minor FROM accounts WHERE id = ?1",
        [account_id],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
         balance_after_minor, source, description, card_id, trade_in_id, created_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         SELECT 'B-' || i, ?2, 'added_funds', 100, ?3, ?4 + i * 100, 'bench', \
         'Funds added', NULL, NULL, ?5 + i * ?6 FROM n",
        params![rows, account_id, currency, balance, start, step],
    )?;
    tx.execute(
        "UPDATE accounts SET balance_minor = balance_minor + ?1, version = version + 1 \
         WHERE id = ?2",
        params![rows * 100, account_id],
    )?;
    tx.execute(
        "INSERT INTO balance_by_kind (account_id, kind, total_minor) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account_id, kind) \
         DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor",
        params![account_id, "added_funds", rows * 100],
    )?;
    tx.commit()?;
    // The newest `depth` entries make the first pages; the cursor names the last of them.
    let (id, created_at): (i64, i64) = conn
        .query_row(
            "SELECT id, created_at FROM ledger WHERE account_id = ?1 \
             ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?2",
            params![account_id, depth - 1],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .context("the entry at the depth")?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("c1.{created_at}.{id}")))
}

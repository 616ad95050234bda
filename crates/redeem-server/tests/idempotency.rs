//! The `Idempotency-Key` state machine against a model (proptest), on SQLite and on
//! PostgreSQL: random keys, bodies, accounts and clock advances. A key's first answer
//! replays byte for byte, the same key with another body is refused (422), keys are
//! scoped to their account, and a record counts for 7 days: pruned only once older, and
//! forgotten once older whether or not it was pruned yet.
//!
//! The ledger reads an injected clock, which the cases move forward, with or without
//! pruning.
//! CI runs 4,096 cases on SQLite and 1,024 on PostgreSQL; `REDEEM_LONG=1` runs 16,384 on
//! each.

#![expect(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use common::{Backend, TestDb, insert_account, long_mode, usd};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use redeem_core::api::PurchaseRequest;
use redeem_core::{GiftCardCode, Region, SecretText};
use redeem_server::{Clock, Ledger, LedgerError, open_ledger};

const RETENTION_MINUTES: i64 = 7 * 24 * 60;

/// A well-formed Argon2id hash for accounts that never sign in.
const TEST_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

#[derive(Clone, Debug)]
enum Op {
    /// Redeem card `card` (of the case's three) into `account` under key `key`.
    Redeem {
        account: usize,
        key: u8,
        card: usize,
    },
    /// Pay `amount` from `account` under key `key`.
    Purchase {
        account: usize,
        key: u8,
        amount: i64,
    },
    /// Move the clock forward, then prune.
    Advance { minutes: i64 },
    /// Move the clock forward without pruning.
    Wait { minutes: i64 },
}

/// Clock moves that matter: the retention, either side of it, and anything up to twice it.
fn minutes() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(RETENTION_MINUTES),
        Just(RETENTION_MINUTES - 1),
        Just(RETENTION_MINUTES + 1),
        0..2 * RETENTION_MINUTES,
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..4u8, 0..3usize)
            .prop_map(|(account, key, card)| Op::Redeem { account, key, card }),
        4 => (0..2usize, 0..4u8, 1..3_000i64)
            .prop_map(|(account, key, amount)| Op::Purchase { account, key, amount }),
        2 => minutes().prop_map(|minutes| Op::Advance { minutes }),
        1 => minutes().prop_map(|minutes| Op::Wait { minutes }),
    ]
}

/// A request body as the model tells them apart.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    Redeem(usize),
    Purchase(i64),
}

#[derive(Debug)]
struct Record {
    body: Body,
    status: u16,
    bytes: Vec<u8>,
    created: DateTime<Utc>,
}

struct Harness {
    ledger: Arc<Ledger>,
    offset_micros: Arc<AtomicI64>,
    password_hash: String,
    case: AtomicU64,
}

/// A fixed start, so that every case's times are the same whatever the wall clock says.
fn epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(1_900_000_000, 0).unwrap()
}

impl Harness {
    fn now(&self) -> DateTime<Utc> {
        epoch() + TimeDelta::microseconds(self.offset_micros.load(Ordering::SeqCst))
    }

    async fn run_case(&self, ops: &[Op]) -> Result<(), TestCaseError> {
        // Every case starts at the same instant, with fresh accounts and cards.
        self.offset_micros.store(0, Ordering::SeqCst);
        let case = self.case.fetch_add(1, Ordering::SeqCst);
        let mut accounts = Vec::new();
        for n in 0..2 {
            let id = insert_account(
                &self.ledger,
                &format!("idem{case}-{n}@example.com"),
                Region::Us,
                &self.password_hash,
            )
            .await
            .unwrap();
            accounts.push(
                self.ledger
                    .storage()
                    .account(id)
                    .await
                    .unwrap()
                    .unwrap()
                    .into(),
            );
        }
        let codes: Vec<GiftCardCode> = self
            .ledger
            .issue_cards(3, usd(1_000), Region::Us)
            .await
            .unwrap();
        let mut redeemed = [false; 3];
        let mut balances = [0i64; 2];
        let mut records: HashMap<(usize, u8), Record> = HashMap::new();
        for (step, op) in ops.iter().enumerate() {
            let (account, key, body) = match *op {
                Op::Advance { minutes } => {
                    self.offset_micros
                        .fetch_add(minutes * 60_000_000, Ordering::SeqCst);
                    // Pruning reads the ledger's clock, as the server's hourly pruning does.
                    let now = self.now();
                    self.ledger.prune_due().await.unwrap();
                    let cutoff = now - TimeDelta::minutes(RETENTION_MINUTES);
                    records.retain(|_, record| record.created >= cutoff);
                    continue;
                }
                Op::Wait { minutes } => {
                    self.offset_micros
                        .fetch_add(minutes * 60_000_000, Ordering::SeqCst);
                    continue;
                }
                Op::Redeem { account, key, card } => (account, key, Body::Redeem(card)),
                Op::Purchase {
                    account,
                    key,
                    amount,
                } => (account, key, Body::Purchase(amount)),
            };
            let row = &accounts[account];
            let key_text = format!("key-{key}");
            let answer = match &body {
                Body::Redeem(card) => {
                    self.ledger
                        .redeem(
                            row,
                            &key_text,
                            &SecretText::new(codes[*card].expose_grouped()),
                            "10.0.0.1",
                        )
                        .await
                        .outcome
                }
                Body::Purchase(amount) => {
                    self.ledger
                        .purchase(
                            row,
                            &key_text,
                            &PurchaseRequest {
                                amount: usd(*amount),
                                order_id: format!("order-{amount}"),
                                description: "Model purchase".to_owned(),
                            },
                        )
                        .await
                }
            };
            let context = format!("step {step} {op:?}");
            let live_since = self.now() - TimeDelta::minutes(RETENTION_MINUTES);
            match records
                .get(&(account, key))
                .filter(|record| record.created >= live_since)
            {
                Some(record) if record.body == body => {
                    let reply =
                        answer.map_err(|e| TestCaseError::fail(format!("{context}: {e}")))?;
                    prop_assert!(reply.replayed, "{context}: not marked as a replay");
                    prop_assert_eq!(reply.status, record.status, "{}", context);
                    prop_assert_eq!(
                        &reply.body,
                        &record.bytes,
                        "{}: not byte-identical",
                        context
                    );
                }
                Some(_) => {
                    prop_assert!(
                        matches!(answer, Err(LedgerError::IdempotencyMismatch)),
                        "{context}: expected 422 idempotency_mismatch, got {answer:?}"
                    );
                    let problem = LedgerError::IdempotencyMismatch.problem();
                    prop_assert_eq!(problem.status, 422);
                }
                None => {
                    let reply =
                        answer.map_err(|e| TestCaseError::fail(format!("{context}: {e}")))?;
                    prop_assert!(!reply.replayed, "{context}: a first answer marked replayed");
                    let expected = match &body {
                        Body::Redeem(card) if !redeemed[*card] => {
                            redeemed[*card] = true;
                            balances[account] += 1_000;
                            201
                        }
                        Body::Redeem(_) => 409,
                        Body::Purchase(amount) if *amount <= balances[account] => {
                            balances[account] -= amount;
                            201
                        }
                        Body::Purchase(_) => 402,
                    };
                    prop_assert_eq!(reply.status, expected, "{}", context);
                    records.insert(
                        (account, key),
                        Record {
                            body,
                            status: reply.status,
                            bytes: reply.body,
                            created: self.now(),
                        },
                    );
                }
            }
            for (n, row) in accounts.iter().enumerate() {
                let stored = self
                    .ledger
                    .storage()
                    .account(row.id)
                    .await
                    .unwrap()
                    .unwrap();
                prop_assert_eq!(stored.balance_minor, balances[n], "{}: balance", context);
            }
        }
        Ok(())
    }
}

fn cases(backend: Backend) -> u32 {
    match (long_mode(), backend) {
        (true, _) => 16_384,
        (false, Backend::Sqlite) => 4_096,
        (false, Backend::Postgres) => 1_024,
    }
}

fn idempotency_keys_follow_the_model(backend: Backend) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = runtime.block_on(TestDb::new(backend)) else {
        return;
    };
    let offset_micros = Arc::new(AtomicI64::new(0));
    let harness = runtime.block_on(async {
        let mut config = db.config();
        config.ledger.limits.per_account = u32::MAX;
        config.ledger.limits.per_address = u32::MAX;
        config.ledger.limits.global = u32::MAX;
        // A window of a millisecond: the failures of long runs are not counted over and over.
        config.ledger.limits.window = std::time::Duration::from_millis(1);
        let ledger = open_ledger(&config).await.unwrap();
        let offset = Arc::clone(&offset_micros);
        let ledger = Arc::try_unwrap(ledger)
            .unwrap()
            .with_clock(Clock::from_fn(move || {
                epoch() + TimeDelta::microseconds(offset.load(Ordering::SeqCst))
            }));
        let template = ledger
            .create_account(
                "template@example.com",
                Region::Us,
                SecretText::new("correct horse battery"),
            )
            .await
            .unwrap();
        let password_hash = ledger
            .storage()
            .account(template)
            .await
            .unwrap()
            .unwrap()
            .password_hash;
        Harness {
            ledger: Arc::new(ledger),
            offset_micros,
            password_hash,
            case: AtomicU64::new(0),
        }
    });
    let cases = cases(backend);
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&proptest::collection::vec(op(), 1..10), |ops| {
        runtime.block_on(harness.run_case(&ops))
    });
    if let Err(error) = result {
        panic!("{backend:?}: {error}");
    }
    println!(
        "{backend:?}: {cases} cases of the idempotency model held in {:?}",
        started.elapsed()
    );
    runtime.block_on(harness.ledger.storage().close());
}

#[test]
fn sqlite_idempotency_keys_follow_the_model() {
    idempotency_keys_follow_the_model(Backend::Sqlite);
}

#[test]
fn postgres_idempotency_keys_follow_the_model() {
    idempotency_keys_follow_the_model(Backend::Postgres);
}

#[test]
fn a_record_is_kept_seven_days_and_not_a_microsecond_longer() {
    // The boundary, stated on its own: cases the generator also reaches.
    let ops = [
        Op::Purchase {
            account: 0,
            key: 1,
            amount: 5,
        },
        Op::Advance {
            minutes: RETENTION_MINUTES,
        },
        Op::Purchase {
            account: 0,
            key: 1,
            amount: 6,
        },
        Op::Advance { minutes: 1 },
        Op::Purchase {
            account: 0,
            key: 1,
            amount: 6,
        },
        // Past the retention with nothing pruned: forgotten all the same.
        Op::Wait {
            minutes: RETENTION_MINUTES + 1,
        },
        Op::Purchase {
            account: 0,
            key: 1,
            amount: 7,
        },
        Op::Purchase {
            account: 0,
            key: 1,
            amount: 7,
        },
    ];
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(TestDb::new(Backend::Sqlite)).unwrap();
    let offset_micros = Arc::new(AtomicI64::new(0));
    let offset = Arc::clone(&offset_micros);
    let ledger = runtime.block_on(open_ledger(&db.config())).unwrap();
    let ledger = Arc::try_unwrap(ledger)
        .unwrap()
        .with_clock(Clock::from_fn(move || {
            epoch() + TimeDelta::microseconds(offset.load(Ordering::SeqCst))
        }));
    let harness = Harness {
        ledger: Arc::new(ledger),
        offset_micros,
        password_hash: TEST_HASH.into(),
        case: AtomicU64::new(0),
    };
    runtime.block_on(harness.run_case(&ops)).unwrap();
    runtime.block_on(harness.ledger.storage().close());
}

/// The server's hourly pruning reads the ledger's clock, not the wall clock: with the clock
/// set years ahead, a record is kept while younger than 7 days by that clock, and removed
/// once older.
async fn scheduled_pruning_follows_the_ledger_clock(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let offset_micros = Arc::new(AtomicI64::new(0));
    let offset = Arc::clone(&offset_micros);
    let ledger = Arc::try_unwrap(open_ledger(&db.config()).await.unwrap())
        .unwrap()
        .with_clock(Clock::from_fn(move || {
            epoch() + TimeDelta::microseconds(offset.load(Ordering::SeqCst))
        }));
    let id = insert_account(&ledger, "prune@example.com", Region::Us, TEST_HASH)
        .await
        .unwrap();
    let account = ledger.storage().account(id).await.unwrap().unwrap().into();
    // A refused purchase (the balance is zero) stores its answer like any other.
    ledger
        .purchase(
            &account,
            "key-1",
            &PurchaseRequest {
                amount: usd(5),
                order_id: "order-1".to_owned(),
                description: "Pruning purchase".to_owned(),
            },
        )
        .await
        .unwrap();
    let advance = |days: i64| {
        offset_micros.fetch_add(days * 24 * 3600 * 1_000_000, Ordering::SeqCst);
    };

    advance(6);
    let pruned = ledger.prune_due().await.unwrap();
    assert_eq!(
        pruned.idempotency_keys, 0,
        "6 days old by the ledger's clock"
    );
    advance(2);
    let pruned = ledger.prune_due().await.unwrap();
    assert_eq!(
        pruned.idempotency_keys, 1,
        "8 days old by the ledger's clock"
    );
    ledger.storage().close().await;
}

#[tokio::test]
async fn sqlite_scheduled_pruning_follows_the_ledger_clock() {
    scheduled_pruning_follows_the_ledger_clock(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_scheduled_pruning_follows_the_ledger_clock() {
    scheduled_pruning_follows_the_ledger_clock(Backend::Postgres).await;
}

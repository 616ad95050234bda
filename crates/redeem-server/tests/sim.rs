//! Seeded simulation of the ledger service against an in-memory model, on SQLite and on
//! PostgreSQL: random sequences of card issues, redeems, previews, purchases, money added
//! from the test payment provider's cards (with their second step), trade-in steps, card
//! disabling, retries with the same Idempotency-Key (same and different body)
//! and restarts. After every operation the model and the database must agree on every
//! account's balance and history, and the invariants of DESIGN.md must hold; `verify`
//! (every invariant over the whole database, which all seeds of a run share) runs after
//! every hundredth seed and after the last. Not after every seed: its cost grows with the
//! database, which made a long run's time grow with the square of its seeds.
//!
//! A failure names its seed; `REDEEM_SIM_SEED=n` replays exactly that seed (the sequence
//! of operations depends on the seed only). `REDEEM_LONG=1` runs 20,000 seeds of 200
//! operations per backend; CI runs a slice. `REDEEM_SIM_SEEDS=a..b` picks a range.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::sync::Arc;

use sqlx::Connection as _;
use std::time::Instant;

use common::{Backend, Rng, TestDb, insert_account, long_mode};
use futures_util::future::try_join_all;
use redeem_core::api::{AddFundsRequest, ConfirmFundsRequest, PaymentCard, PurchaseRequest};
use redeem_core::{Currency, GiftCardCode, Money, Region, SecretText, TradeInStatus};
use redeem_server::service::{Account, Reply, TradeInAction};
use redeem_server::storage::{AccountId, AccountRow, EntryRow, HistoryQuery};
use redeem_server::{Ledger, LedgerError, ServerConfig, open_ledger};

on_both_backends!(random_operation_sequences_keep_every_invariant);

/// Operations per seed.
const STEPS: usize = 200;

/// Seeds between two runs of `verify` over the whole database.
const VERIFY_EVERY: u64 = 100;

#[derive(Debug)]
struct ModelAccount {
    id: AccountId,
    email: String,
    region: Region,
    balance: i64,
    /// Every entry seen so far, oldest first: (receipt id, amount, balance after).
    entries: Vec<(String, i64, i64)>,
}

#[derive(Debug)]
struct ModelCard {
    code: GiftCardCode,
    value: i64,
    region: Region,
    disabled: bool,
    redeemed_by: Option<usize>,
}

#[derive(Debug)]
struct ModelTradeIn {
    public_id: String,
    account: usize,
    estimate: i64,
    status: TradeInStatus,
}

/// A keyed request as first sent, and its first answer.
#[derive(Debug)]
struct KeyRecord {
    account: usize,
    key: String,
    request: KeyedRequest,
    reply: Reply,
}

#[derive(Clone, Debug)]
enum KeyedRequest {
    Redeem(String),
    Purchase(i64, String),
    /// An amount and the index of a card of [`FUNDS_CARDS`].
    AddFunds(i64, usize),
    /// A payment id and a one-time code.
    Confirm(String, String),
}

/// The test provider's cards the simulation pays with, and the problem code each ends in
/// (none for a success, `requires_confirmation` for the second step).
const FUNDS_CARDS: [(&str, &str); 4] = [
    ("4000 1200 3400 0008", ""),
    ("4000 1200 3400 0024", "insufficient_funds"),
    ("3700 120034 00006", "lost_or_stolen"),
    ("5200 1200 3400 0003", "requires_confirmation"),
];

/// The one-time code of the test provider.
const FUNDS_CODE: &str = "246810";

fn add_funds_request(amount: i64, currency: Currency, card: usize) -> AddFundsRequest {
    AddFundsRequest {
        amount: Money::new(amount, currency),
        card: PaymentCard {
            number: SecretText::new(FUNDS_CARDS[card].0),
            exp_month: 12,
            exp_year: 2099,
            cvc: SecretText::new("123"),
        },
    }
}

struct Model {
    accounts: Vec<ModelAccount>,
    cards: Vec<ModelCard>,
    trade_ins: Vec<ModelTradeIn>,
    keys: Vec<KeyRecord>,
    next_key: usize,
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn usd_or_gbp(region: Region) -> Currency {
    region.currency()
}

async fn row(ledger: &Ledger, id: AccountId) -> Result<AccountRow, String> {
    ledger
        .storage()
        .account(id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("account {id} is gone"))
}

/// What the storage holds of one account: its row and its whole history, oldest first.
async fn account_state(
    ledger: &Ledger,
    id: AccountId,
) -> Result<(AccountRow, Vec<EntryRow>), String> {
    let stored = row(ledger, id).await?;
    let mut history = ledger
        .storage()
        .history(
            id,
            &HistoryQuery {
                limit: 10_000,
                ..HistoryQuery::default()
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    history.reverse();
    Ok((stored, history))
}

/// Who redeemed each of the model's cards, as stored. SQLite answers in-process, card by
/// card through the storage layer; PostgreSQL would take a round trip a card (about half a
/// long run's time), so there one query on a connection of the test's own reads them all.
async fn cards_redeemed_by(
    ledger: &Ledger,
    model: &Model,
    cards_reader: Option<&mut sqlx::PgConnection>,
) -> Result<Vec<Option<AccountId>>, String> {
    let hmacs: Vec<Vec<u8>> = model
        .cards
        .iter()
        .map(|card| ledger.pepper().code_hmac(&card.code).to_vec())
        .collect();
    let Some(reader) = cards_reader else {
        return try_join_all(hmacs.iter().enumerate().map(|(n, hmac)| async move {
            let card = ledger
                .storage()
                .card(hmac)
                .await
                .map_err(|e| e.to_string())?;
            card.map(|card| card.redeemed_by)
                .ok_or_else(|| format!("card {n} is gone"))
        }))
        .await;
    };
    let rows: Vec<(Vec<u8>, Option<AccountId>)> =
        sqlx::query_as("SELECT code_hmac, redeemed_by FROM cards WHERE code_hmac = ANY($1)")
            .bind(&hmacs)
            .fetch_all(reader)
            .await
            .map_err(|e| e.to_string())?;
    let stored: std::collections::HashMap<_, _> = rows.into_iter().collect();
    hmacs
        .iter()
        .enumerate()
        .map(|(n, hmac)| {
            stored
                .get(hmac)
                .copied()
                .ok_or_else(|| format!("card {n} is gone"))
        })
        .collect()
}

/// Every invariant that concerns this seed's accounts and cards. The reads go out together
/// (on PostgreSQL each is a round trip, and they are most of a long run's time); the
/// comparisons come after.
async fn check(
    ledger: &Ledger,
    model: &mut Model,
    cards_reader: Option<&mut sqlx::PgConnection>,
) -> Result<(), String> {
    let accounts = try_join_all(
        model
            .accounts
            .iter()
            .map(|account| account_state(ledger, account.id)),
    );
    let cards = cards_redeemed_by(ledger, model, cards_reader);
    let (accounts, cards) = tokio::try_join!(accounts, cards)?;
    for (account, (stored, history)) in model.accounts.iter_mut().zip(accounts) {
        ensure!(
            stored.balance_minor == account.balance,
            "{}: balance {} but the model says {}",
            account.email,
            stored.balance_minor,
            account.balance
        );
        ensure!(
            stored.balance_minor >= 0,
            "{}: negative balance",
            account.email
        );
        let mut running = 0;
        for entry in &history {
            running += entry.amount_minor;
            ensure!(
                entry.balance_after_minor == running && running >= 0,
                "{}: entry {} has balance_after {} but the running sum is {running}",
                account.email,
                entry.public_id,
                entry.balance_after_minor
            );
        }
        ensure!(
            running == stored.balance_minor,
            "{}: ledger sum {running}, balance {}",
            account.email,
            stored.balance_minor
        );
        // Append-only: everything seen before is still there, unchanged, in order.
        ensure!(
            history.len() >= account.entries.len(),
            "{}: {} entries, {} seen before",
            account.email,
            history.len(),
            account.entries.len()
        );
        for (seen, entry) in account.entries.iter().zip(&history) {
            ensure!(
                seen.0 == entry.public_id
                    && seen.1 == entry.amount_minor
                    && seen.2 == entry.balance_after_minor,
                "{}: entry {} changed",
                account.email,
                seen.0
            );
        }
        account.entries = history
            .iter()
            .map(|e| (e.public_id.clone(), e.amount_minor, e.balance_after_minor))
            .collect();
    }
    for (n, (card, stored)) in model.cards.iter().zip(cards).enumerate() {
        let expected = card.redeemed_by.map(|a| model.accounts[a].id);
        ensure!(
            stored == expected,
            "card {n}: redeemed by {stored:?}, the model says {expected:?}"
        );
    }
    Ok(())
}

/// The code a redeem or preview sends: usually a card of the model, sometimes a code that
/// was never issued.
fn pick_code(rng: &mut Rng, model: &Model) -> (Option<usize>, String) {
    if model.cards.is_empty() || rng.chance(15) {
        (None, GiftCardCode::generate().unwrap().expose_grouped())
    } else {
        let n = rng.below(model.cards.len());
        (Some(n), model.cards[n].code.expose_grouped())
    }
}

/// What a redeem or preview of `card` into `account` must answer: the error code, or
/// `None` for success.
fn expected_refusal(model: &Model, account: usize, card: Option<usize>) -> Option<&'static str> {
    let Some(card) = card.map(|n| &model.cards[n]) else {
        return Some("invalid_code");
    };
    if card.disabled {
        Some("card_disabled")
    } else if card.redeemed_by.is_some() {
        Some("already_redeemed")
    } else if card.region != model.accounts[account].region {
        Some("region_mismatch")
    } else {
        None
    }
}

fn problem_code(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn error_code(error: &LedgerError) -> String {
    error.code().as_str().to_owned()
}

fn purchase_request(amount: i64, currency: Currency, order: &str) -> PurchaseRequest {
    PurchaseRequest {
        amount: Money::new(amount, currency),
        order_id: order.to_owned(),
        description: "Simulated purchase".to_owned(),
    }
}

async fn send_keyed(
    ledger: &Ledger,
    account: &Account,
    key: &str,
    request: &KeyedRequest,
) -> Result<Reply, LedgerError> {
    match request {
        KeyedRequest::Redeem(code) => {
            ledger
                .redeem(account, key, &SecretText::new(code.clone()), "10.0.0.1")
                .await
                .outcome
        }
        KeyedRequest::Purchase(amount, order) => {
            ledger
                .purchase(
                    account,
                    key,
                    &purchase_request(*amount, account.currency, order),
                )
                .await
        }
        KeyedRequest::AddFunds(amount, card) => {
            ledger
                .add_funds(
                    account,
                    key,
                    &add_funds_request(*amount, account.currency, *card),
                )
                .await
        }
        KeyedRequest::Confirm(payment, code) => {
            ledger
                .confirm_funds(
                    account,
                    key,
                    payment,
                    &ConfirmFundsRequest {
                        code: SecretText::new(code.clone()),
                    },
                )
                .await
        }
    }
}

/// One seed: `STEPS` operations, checked after each. Errors name the step.
async fn run_seed(
    config: &ServerConfig,
    ledger: &mut Arc<Ledger>,
    password_hash: &str,
    seed: u64,
    cards_reader: &mut Option<sqlx::PgConnection>,
) -> Result<(), String> {
    let mut rng = Rng(seed);
    let mut model = Model {
        accounts: Vec::new(),
        cards: Vec::new(),
        trade_ins: Vec::new(),
        keys: Vec::new(),
        next_key: 0,
    };
    for (n, region) in [Region::Us, Region::Us, Region::Gb].into_iter().enumerate() {
        let email = format!("sim{seed}-{n}@example.com");
        let id = insert_account(ledger, &email, region, password_hash)
            .await
            .map_err(|e| e.to_string())?;
        model.accounts.push(ModelAccount {
            id,
            email,
            region,
            balance: 0,
            entries: Vec::new(),
        });
    }
    for step in 0..STEPS {
        let op = rng.below(100);
        let what = step_once(config, ledger, &mut rng, &mut model, op)
            .await
            .map_err(|e| format!("step {step}: {e}"))?;
        check(ledger, &mut model, cards_reader.as_mut())
            .await
            .map_err(|e| format!("after step {step} ({what}): {e}"))?;
    }
    Ok(())
}

/// Every invariant over the whole database.
async fn verify(ledger: &Ledger) -> Result<(), String> {
    let report = ledger.verify().await.map_err(|e| e.to_string())?;
    ensure!(report.breaches.is_empty(), "verify: {:?}", report.breaches);
    Ok(())
}

/// Runs one operation; answers what it was, for the failure message.
async fn step_once(
    config: &ServerConfig,
    ledger: &mut Arc<Ledger>,
    rng: &mut Rng,
    model: &mut Model,
    op: usize,
) -> Result<String, String> {
    let a = rng.below(model.accounts.len());
    let account = Account::from(row(ledger, model.accounts[a].id).await?);
    match op {
        // Issue a card.
        0..=14 => {
            let region = if rng.chance(75) {
                Region::Us
            } else {
                Region::Gb
            };
            let value = rng.amount(50_000);
            let mut codes = ledger
                .issue_cards(1, Money::new(value, usd_or_gbp(region)), region)
                .await
                .map_err(|e| e.to_string())?;
            model.cards.push(ModelCard {
                code: codes.pop().unwrap(),
                value,
                region,
                disabled: false,
                redeemed_by: None,
            });
            Ok(format!("issue {value} {region:?}"))
        }
        // Redeem with a fresh key.
        15..=39 => {
            let (card, code) = pick_code(rng, model);
            model.next_key += 1;
            let key = format!("k{}", model.next_key);
            let request = KeyedRequest::Redeem(code);
            let reply = send_keyed(ledger, &account, &key, &request)
                .await
                .map_err(|e| format!("redeem refused outside the reply: {e}"))?;
            let what = format!("redeem card {card:?} into account {a}");
            match expected_refusal(model, a, card) {
                None => {
                    let card = card.unwrap();
                    ensure!(
                        reply.status == 201,
                        "{what}: {} {:?}",
                        reply.status,
                        problem_code(&reply.body)
                    );
                    let value = model.cards[card].value;
                    model.cards[card].redeemed_by = Some(a);
                    model.accounts[a].balance += value;
                    let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
                    ensure!(
                        body["balance"]["amount_minor"].as_i64() == Some(model.accounts[a].balance),
                        "{what}: answered balance {}",
                        body["balance"]
                    );
                }
                Some(code) => {
                    ensure!(
                        problem_code(&reply.body) == code,
                        "{what}: expected {code}, got {} {}",
                        reply.status,
                        problem_code(&reply.body)
                    );
                }
            }
            model.keys.push(KeyRecord {
                account: a,
                key,
                request,
                reply,
            });
            Ok(what)
        }
        // Preview.
        40..=47 => {
            let (card, code) = pick_code(rng, model);
            let answer = ledger
                .preview(&account, &SecretText::new(code), "10.0.0.1")
                .await
                .outcome;
            let what = format!("preview card {card:?} for account {a}");
            match (expected_refusal(model, a, card), answer) {
                (None, Ok(preview)) => ensure!(
                    preview.amount.amount_minor == model.cards[card.unwrap()].value,
                    "{what}: amount {:?}",
                    preview.amount
                ),
                (Some(code), Err(error)) => ensure!(
                    error_code(&error) == code,
                    "{what}: expected {code}, got {error}"
                ),
                (expected, answer) => {
                    return Err(format!("{what}: expected {expected:?}, got {answer:?}"));
                }
            }
            Ok(what)
        }
        // Add money from a test card with a fresh key; a card that asks for the one-time
        // code gets it, right or wrong, under a key of its own.
        63..=67 => {
            let card = rng.below(FUNDS_CARDS.len());
            let amount = 500 + rng.amount(20_000);
            model.next_key += 1;
            let key = format!("k{}", model.next_key);
            let request = KeyedRequest::AddFunds(amount, card);
            let reply = send_keyed(ledger, &account, &key, &request)
                .await
                .map_err(|e| format!("adding money refused outside the reply: {e}"))?;
            let mut what = format!("add {amount} to account {a} with card {card}");
            let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
            let outcome = FUNDS_CARDS[card].1;
            let mut confirm = None;
            match outcome {
                "" => {
                    ensure!(reply.status == 201, "{what}: {}", reply.status);
                    model.accounts[a].balance += amount;
                    ensure!(
                        body["balance"]["amount_minor"].as_i64() == Some(model.accounts[a].balance),
                        "{what}: answered balance {}",
                        body["balance"]
                    );
                }
                "requires_confirmation" => {
                    ensure!(reply.status == 202, "{what}: {}", reply.status);
                    let right = rng.chance(75);
                    let code = if right { FUNDS_CODE } else { "000000" };
                    model.next_key += 1;
                    let confirm_key = format!("k{}", model.next_key);
                    let confirm_request = KeyedRequest::Confirm(
                        body["payment_id"].as_str().unwrap().to_owned(),
                        code.to_owned(),
                    );
                    let confirmed = send_keyed(ledger, &account, &confirm_key, &confirm_request)
                        .await
                        .map_err(|e| format!("{what}: confirmation refused: {e}"))?;
                    what.push_str(&format!(", confirmed (right code: {right})"));
                    if right {
                        ensure!(confirmed.status == 201, "{what}: {}", confirmed.status);
                        model.accounts[a].balance += amount;
                    } else {
                        let reason = serde_json::from_slice::<serde_json::Value>(&confirmed.body)
                            .ok()
                            .and_then(|v| v["decline_reason"].as_str().map(str::to_owned));
                        ensure!(
                            confirmed.status == 402
                                && reason.as_deref() == Some("authentication_failed"),
                            "{what}: {} {reason:?}",
                            confirmed.status
                        );
                    }
                    confirm = Some(KeyRecord {
                        account: a,
                        key: confirm_key,
                        request: confirm_request,
                        reply: confirmed,
                    });
                }
                reason => ensure!(
                    reply.status == 402 && body["decline_reason"] == reason,
                    "{what}: {} {}",
                    reply.status,
                    body
                ),
            }
            model.keys.push(KeyRecord {
                account: a,
                key,
                request,
                reply,
            });
            model.keys.extend(confirm);
            Ok(what)
        }
        // Purchase with a fresh key: sometimes more than the balance.
        48..=62 => {
            let balance = model.accounts[a].balance;
            let amount = rng.amount(balance + balance / 2 + 100);
            model.next_key += 1;
            let key = format!("k{}", model.next_key);
            let request = KeyedRequest::Purchase(amount, format!("order-{}", model.next_key));
            let reply = send_keyed(ledger, &account, &key, &request)
                .await
                .map_err(|e| format!("purchase refused outside the reply: {e}"))?;
            let what = format!("purchase {amount} from account {a} (balance {balance})");
            if amount <= balance {
                ensure!(
                    reply.status == 201,
                    "{what}: {} {}",
                    reply.status,
                    problem_code(&reply.body)
                );
                model.accounts[a].balance -= amount;
            } else {
                ensure!(
                    reply.status == 402 && problem_code(&reply.body) == "insufficient_funds",
                    "{what}: {} {}",
                    reply.status,
                    problem_code(&reply.body)
                );
            }
            model.keys.push(KeyRecord {
                account: a,
                key,
                request,
                reply,
            });
            Ok(what)
        }
        // Retry an earlier key: the same request replays, another one is refused.
        68..=81 => {
            if model.keys.is_empty() {
                return Ok("no key to retry yet".into());
            }
            let record = &model.keys[rng.below(model.keys.len())];
            let owner = Account::from(row(ledger, model.accounts[record.account].id).await?);
            let same = rng.chance(75);
            let request = if same {
                record.request.clone()
            } else {
                match &record.request {
                    KeyedRequest::Redeem(_) => {
                        KeyedRequest::Redeem(GiftCardCode::generate().unwrap().expose_grouped())
                    }
                    KeyedRequest::Purchase(amount, order) => {
                        KeyedRequest::Purchase(amount + 1, order.clone())
                    }
                    KeyedRequest::AddFunds(amount, card) => {
                        KeyedRequest::AddFunds(amount + 100, *card)
                    }
                    KeyedRequest::Confirm(payment, code) => {
                        KeyedRequest::Confirm(payment.clone(), format!("{code}1"))
                    }
                }
            };
            let answer = send_keyed(ledger, &owner, &record.key, &request).await;
            let what = format!("retry of key {} (same request: {same})", record.key);
            if same {
                let reply = answer.map_err(|e| format!("{what}: {e}"))?;
                ensure!(
                    reply.status == record.reply.status
                        && reply.body == record.reply.body
                        && reply.replayed,
                    "{what}: the replay differs from the first answer"
                );
            } else {
                ensure!(
                    matches!(answer, Err(LedgerError::IdempotencyMismatch)),
                    "{what}: expected idempotency_mismatch, got {answer:?}"
                );
            }
            Ok(what)
        }
        // Trade-ins: register one, or move one along (valid or not).
        82..=91 => {
            if model.trade_ins.is_empty() || rng.chance(30) {
                let estimate = rng.amount(30_000);
                let public_id = ledger
                    .create_trade_in(
                        &model.accounts[a].email,
                        "Simulated phone",
                        &Money::new(estimate, account.currency).to_plain_decimal(),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                model.trade_ins.push(ModelTradeIn {
                    public_id,
                    account: a,
                    estimate,
                    status: TradeInStatus::Pending,
                });
                return Ok(format!("trade-in of {estimate} for account {a}"));
            }
            let t = rng.below(model.trade_ins.len());
            let final_amount = rng.chance(50).then(|| rng.amount(30_000));
            let action = match rng.below(4) {
                0 => TradeInAction::Receive,
                1 => TradeInAction::Inspect,
                2 => TradeInAction::Reject,
                _ => TradeInAction::Credit {
                    amount: final_amount.map(|minor| {
                        Money::new(
                            minor,
                            model.accounts[model.trade_ins[t].account].region.currency(),
                        )
                    }),
                },
            };
            let trade_in = &mut model.trade_ins[t];
            use TradeInStatus as S;
            let expected = match (trade_in.status, action) {
                (S::Pending, TradeInAction::Receive) => Some(S::Received),
                (S::Pending | S::Received, TradeInAction::Inspect) => Some(S::Inspecting),
                (S::Received | S::Inspecting, TradeInAction::Credit { .. }) => Some(S::Credited),
                (S::Pending | S::Received | S::Inspecting, TradeInAction::Reject) => {
                    Some(S::Rejected)
                }
                _ => None,
            };
            let answer = ledger.trade_in(&trade_in.public_id, action).await;
            let what = format!("trade-in {t} {:?} -> {action:?}", trade_in.status);
            match (expected, answer) {
                (Some(next), Ok(status)) => {
                    ensure!(
                        status == next,
                        "{what}: became {status:?}, expected {next:?}"
                    );
                    trade_in.status = next;
                    if next == S::Credited {
                        let credited = final_amount.unwrap_or(trade_in.estimate);
                        model.accounts[trade_in.account].balance += credited;
                    }
                }
                (None, Err(LedgerError::Conflict(_))) => {}
                (expected, answer) => {
                    return Err(format!("{what}: expected {expected:?}, got {answer:?}"));
                }
            }
            Ok(what)
        }
        // Disable a card.
        92..=95 => {
            if model.cards.is_empty() {
                return Ok("no card to disable yet".into());
            }
            let c = rng.below(model.cards.len());
            ledger
                .disable_card(&model.cards[c].code)
                .await
                .map_err(|e| e.to_string())?;
            model.cards[c].disabled = true;
            Ok(format!("disable card {c}"))
        }
        // Restart: close the database and open it again.
        _ => {
            ledger.storage().close().await;
            *ledger = open_ledger(config).await.map_err(|e| e.to_string())?;
            Ok("restart".into())
        }
    }
}

/// The seeds to run: `REDEEM_SIM_SEED=n`, `REDEEM_SIM_SEEDS=a..b`, long mode, or CI's slice.
fn seeds(backend: Backend) -> std::ops::Range<u64> {
    if let Ok(seed) = std::env::var("REDEEM_SIM_SEED") {
        let seed: u64 = seed.parse().expect("REDEEM_SIM_SEED is a number");
        return seed..seed + 1;
    }
    if let Ok(range) = std::env::var("REDEEM_SIM_SEEDS") {
        let (a, b) = range.split_once("..").expect("REDEEM_SIM_SEEDS is a..b");
        return a.parse().unwrap()..b.parse().unwrap();
    }
    if long_mode() {
        return 0..20_000;
    }
    // CI: a different slice each day, so that CI covers new seeds over time; the seeds
    // run are printed, and a failing one names itself.
    let day = chrono::Utc::now().timestamp() / 86_400;
    let start = u64::try_from(day).unwrap_or(0) % 1_000 * 1_000;
    let count = match backend {
        Backend::Sqlite => 12,
        Backend::Postgres => 8,
    };
    start..start + count
}

async fn random_operation_sequences_keep_every_invariant(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    // The limiter would refuse the model's guesses; it has tests of its own.
    let mut config = db.config();
    config.ledger.limits.per_account = u32::MAX;
    config.ledger.limits.per_address = u32::MAX;
    config.ledger.limits.global = u32::MAX;
    // A window of a millisecond: the failures of long runs are not counted over and over.
    config.ledger.limits.window = std::time::Duration::from_millis(1);
    // Money is added with the test provider, without limits that the model would need.
    config.ledger.funds.provider = redeem_server::payments::ProviderChoice::Test;
    config.ledger.funds.daily_limit = u32::MAX;
    let mut ledger = open_ledger(&config).await.unwrap();
    let template = ledger
        .create_account(
            "template@example.com",
            Region::Us,
            SecretText::new("correct horse battery"),
        )
        .await
        .unwrap();
    let password_hash = row(&ledger, template).await.unwrap().password_hash;
    let mut cards_reader = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(sqlx::PgConnection::connect(&db.url_text).await.unwrap()),
    };
    let seeds = seeds(backend);
    let started = Instant::now();
    let mut operations = 0;
    let mut unverified = seeds.start;
    for seed in seeds.clone() {
        if let Err(error) = run_seed(
            &config,
            &mut ledger,
            &password_hash,
            seed,
            &mut cards_reader,
        )
        .await
        {
            panic!(
                "{backend:?}: seed {seed} failed: {error}\nreplay it with REDEEM_SIM_SEED={seed}"
            );
        }
        operations += STEPS;
        let done = seed + 1 - seeds.start;
        if done.is_multiple_of(VERIFY_EVERY) || seed + 1 == seeds.end {
            if let Err(error) = verify(&ledger).await {
                // Each seed's own accounts were checked after every step; what verify
                // finds is about the database as a whole, so it names the seeds since the
                // last verify, each of which replays alone.
                panic!("{backend:?}: after seeds {unverified}..={seed}: {error}");
            }
            unverified = seed + 1;
        }
        // Progress of long runs: what has held so far, should the run be cut short.
        if done.is_multiple_of(100) {
            println!(
                "{backend:?}: seeds {}..{} held ({operations} operations, {:?})",
                seeds.start,
                seed + 1,
                started.elapsed()
            );
        }
    }
    println!(
        "{backend:?}: seeds {seeds:?} ({} seeds x {STEPS} operations = {operations}), every \
         invariant held, in {:?}",
        seeds.end - seeds.start,
        started.elapsed()
    );
    ledger.storage().close().await;
}

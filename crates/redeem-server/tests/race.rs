//! The race harness: 64 HTTP requests released together (each held back by its last byte
//! on an open connection, then all last bytes sent back to back), round after round, on
//! SQLite and on PostgreSQL. Same-code redeems must credit once; balance-draining purchases
//! must never take a balance below zero.
//!
//! `REDEEM_LONG=1` runs 1,000 rounds of each per backend; CI runs a short slice. The
//! sensitivity control (`--features naive-redeem`, tests named `sensitivity`) swaps in a
//! naive check-then-act redeem and requires the same harness to find double credits.

#![expect(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]
// With the control on, only the control runs; the real rounds are compiled out.
#![cfg_attr(feature = "naive-redeem", allow(dead_code))]

mod common;

use std::time::Instant;

use common::{
    Backend, Client, TestDb, account, cards, long_mode, raw_request, release_together, usd,
};
use redeem_core::Region;
use redeem_server::RunningServer;

const PARALLEL: usize = 64;
const ACCOUNTS: usize = 8;

/// Rounds of each kind: long mode or CI.
fn rounds() -> usize {
    if long_mode() { 1_000 } else { 20 }
}

/// What the redeem rounds saw.
#[derive(Debug, Default)]
struct RedeemTally {
    rounds: usize,
    credits: usize,
    duplicate_credits: usize,
    rounds_without_winner: usize,
    unexpected: Vec<String>,
}

async fn racing_server(db: &TestDb) -> RunningServer {
    // Losers from other accounts count as failed attempts; the limiter is not under test.
    db.start_with(|config| {
        config.ledger.limits.per_account = u32::MAX;
        config.ledger.limits.per_address = u32::MAX;
        config.ledger.limits.global = u32::MAX;
        // A window of a millisecond: the failures of long runs are not counted over and over.
        config.ledger.limits.window = std::time::Duration::from_millis(1);
    })
    .await
}

/// `rounds` rounds of 64 redeems of one fresh card, from 8 accounts, released together.
/// Stops early at the first duplicate when `stop_at_duplicate`.
async fn redeem_rounds(
    server: &RunningServer,
    rounds: usize,
    stop_at_duplicate: bool,
) -> RedeemTally {
    let client = Client::new(&server.base_url());
    let mut tokens = Vec::new();
    for n in 0..ACCOUNTS {
        tokens.push(
            account(
                server,
                &client,
                &format!("racer{n}@example.com"),
                Region::Us,
            )
            .await,
        );
    }
    let codes = cards(server, rounds, usd(2_500), Region::Us).await;
    let mut tally = RedeemTally::default();
    for (round, code) in codes.iter().enumerate() {
        let requests: Vec<Vec<u8>> = (0..PARALLEL)
            .map(|n| {
                raw_request(
                    server.addr(),
                    "/v1/redemptions",
                    &tokens[n % ACCOUNTS],
                    &format!("race-{round}-{n}"),
                    &serde_json::json!({ "code": code }),
                )
            })
            .collect();
        let answers = release_together(server.addr(), &requests).await;
        let mut created = 0;
        for answer in &answers {
            match (answer.status, answer.code().as_str()) {
                (201, _) => created += 1,
                (409, "already_redeemed") => {}
                (status, code) => tally
                    .unexpected
                    .push(format!("round {round}: {status} {code}")),
            }
        }
        tally.rounds += 1;
        tally.credits += created;
        tally.duplicate_credits += created.saturating_sub(1);
        if created == 0 {
            tally.rounds_without_winner += 1;
        }
        if stop_at_duplicate && created > 1 {
            break;
        }
    }
    // The ledger agrees with the answers.
    let mut total = 0;
    for token in &tokens {
        total += client.balance_minor(token).await;
    }
    assert_eq!(
        total,
        2_500 * i64::try_from(tally.credits).unwrap(),
        "the balances hold exactly the acknowledged credits"
    );
    tally
}

/// What the purchase rounds saw.
#[derive(Debug, Default)]
struct PurchaseTally {
    rounds: usize,
    debits: usize,
    refused: usize,
    negative_balances: usize,
    wrong_final_balances: usize,
    unexpected: Vec<String>,
}

/// `rounds` rounds: fund an account with 10,000, then release 64 purchases of 1,000
/// together; exactly 10 may pass and the balance must end at 0.
async fn purchase_rounds(server: &RunningServer, rounds: usize) -> PurchaseTally {
    let client = Client::new(&server.base_url());
    let token = account(server, &client, "spender@example.com", Region::Us).await;
    let codes = cards(server, rounds, usd(10_000), Region::Us).await;
    let mut tally = PurchaseTally::default();
    for (round, code) in codes.iter().enumerate() {
        let funded = client.redeem(&token, &format!("fund-{round}"), code).await;
        assert_eq!(funded.status, 201);
        let requests: Vec<Vec<u8>> = (0..PARALLEL)
            .map(|n| {
                raw_request(
                    server.addr(),
                    "/v1/purchases",
                    &token,
                    &format!("buy-{round}-{n}"),
                    &serde_json::json!({
                        "amount": {"amount_minor": 1_000, "currency": "USD"},
                        "order_id": format!("order-{round}-{n}"),
                        "description": "Race purchase",
                    }),
                )
            })
            .collect();
        let answers = release_together(server.addr(), &requests).await;
        for answer in &answers {
            match (answer.status, answer.code().as_str()) {
                (201, _) => {
                    tally.debits += 1;
                    if answer.json()["balance"]["amount_minor"].as_i64().unwrap() < 0 {
                        tally.negative_balances += 1;
                    }
                }
                (_, "insufficient_funds") => tally.refused += 1,
                (status, code) => tally
                    .unexpected
                    .push(format!("round {round}: {status} {code}")),
            }
        }
        let balance = client.balance_minor(&token).await;
        if balance < 0 {
            tally.negative_balances += 1;
        }
        if balance != 0 {
            tally.wrong_final_balances += 1;
        }
        tally.rounds += 1;
    }
    tally
}

#[cfg(not(feature = "naive-redeem"))]
async fn same_code_redeems_released_together_credit_once(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = racing_server(&db).await;
    let started = Instant::now();
    let tally = redeem_rounds(&server, rounds(), false).await;
    println!(
        "{backend:?}: {} rounds x {PARALLEL} same-code redeems released together in {:?}: \
         {} credits, {} duplicate credits, {} rounds without a winner",
        tally.rounds,
        started.elapsed(),
        tally.credits,
        tally.duplicate_credits,
        tally.rounds_without_winner
    );
    assert!(tally.unexpected.is_empty(), "{:?}", tally.unexpected);
    assert_eq!(tally.duplicate_credits, 0);
    assert_eq!(tally.rounds_without_winner, 0);
    assert_eq!(tally.credits, tally.rounds);
    common::assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

#[cfg(not(feature = "naive-redeem"))]
async fn balance_draining_purchases_released_together_never_overdraw(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = racing_server(&db).await;
    let started = Instant::now();
    let tally = purchase_rounds(&server, rounds()).await;
    println!(
        "{backend:?}: {} rounds x {PARALLEL} purchases of 1,000 against 10,000 released \
         together in {:?}: {} debits, {} refused, {} negative balances, {} wrong final balances",
        tally.rounds,
        started.elapsed(),
        tally.debits,
        tally.refused,
        tally.negative_balances,
        tally.wrong_final_balances
    );
    assert!(tally.unexpected.is_empty(), "{:?}", tally.unexpected);
    assert_eq!(tally.negative_balances, 0);
    assert_eq!(tally.wrong_final_balances, 0);
    assert_eq!(tally.debits, 10 * tally.rounds);
    assert_eq!(tally.refused, (PARALLEL - 10) * tally.rounds);
    common::assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

#[cfg(not(feature = "naive-redeem"))]
on_both_backends!(
    same_code_redeems_released_together_credit_once,
    balance_draining_purchases_released_together_never_overdraw,
);

/// The control: with the naive redeem, the harness must find a card credited twice.
#[cfg(feature = "naive-redeem")]
async fn the_harness_finds_double_credits_of_a_naive_redeem(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = racing_server(&db).await;
    let started = Instant::now();
    let tally = redeem_rounds(&server, 200, true).await;
    println!(
        "{backend:?} with the naive redeem: {} duplicate credits found in {} rounds ({:?})",
        tally.duplicate_credits,
        tally.rounds,
        started.elapsed()
    );
    assert!(
        tally.duplicate_credits > 0,
        "the harness did not catch the naive redeem in {} rounds",
        tally.rounds
    );
    // The ledger check sees the breach as well: more credited than cards were redeemed.
    let report = server.ledger().verify().await.unwrap();
    println!("verify on the naive ledger: {:?}", report.breaches);
    server.shutdown().await.unwrap();
}

#[cfg(feature = "naive-redeem")]
mod sensitivity {
    use super::{common, the_harness_finds_double_credits_of_a_naive_redeem};
    use crate::on_both_backends;

    on_both_backends!(the_harness_finds_double_credits_of_a_naive_redeem);
}

//! The balance API over real HTTP on loopback, on SQLite and on PostgreSQL: the money
//! invariants, idempotency, the limiter, sessions and the wire contract.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use common::{Backend, Client, TestDb, account, assert_verified, cards, unissued_code, usd};
use redeem_core::api::ErrorCode;
use redeem_core::{Money, Region};
use tokio::task::JoinSet;

on_both_backends!(
    one_of_64_parallel_redeems_of_a_card_wins_in_every_round,
    an_idempotency_key_replays_its_first_answer_byte_for_byte,
    concurrent_duplicates_of_one_key_have_one_effect,
    a_replay_after_a_restart_is_byte_identical,
    idempotency_records_are_kept_seven_days_then_pruned,
    parallel_purchases_never_take_a_balance_below_zero,
    the_database_refuses_to_update_or_delete_ledger_entries,
    verify_detects_a_tampered_balance,
    failed_attempts_are_limited_per_account_and_per_address,
    concurrent_failures_never_pass_the_address_limit,
    a_token_is_dead_after_sign_out_and_after_expiry,
    bad_input_is_answered_with_a_4xx_problem_never_a_500,
    the_balance_answers_304_while_nothing_changed,
    the_balance_breaks_down_by_source_and_counts_open_trade_ins,
    history_pages_are_complete_ordered_and_filtered,
    refusals_explain_themselves,
    trade_ins_move_through_their_states_and_credit_once,
    demo_seeding_is_idempotent_and_realistic,
    metrics_and_openapi_describe_the_api,
);

const ROUNDS: usize = 50;
const PARALLEL: usize = 64;

async fn one_of_64_parallel_redeems_of_a_card_wins_in_every_round(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    // Losers from other accounts count as failed attempts; the limiter is not under test.
    let server = db
        .start_with(|config| {
            config.ledger.limits.per_account = 1_000_000;
            config.ledger.limits.per_address = 1_000_000;
            config.ledger.limits.global = 1_000_000;
        })
        .await;
    let client = Client::new(&server.base_url());
    let mut tokens = Vec::new();
    for n in 0..8 {
        tokens.push(
            account(
                &server,
                &client,
                &format!("racer{n}@example.com"),
                Region::Us,
            )
            .await,
        );
    }
    let codes = cards(&server, ROUNDS, usd(2_500), Region::Us).await;
    let started = std::time::Instant::now();
    for (round, code) in codes.iter().enumerate() {
        let mut requests = JoinSet::new();
        for n in 0..PARALLEL {
            let client = client.clone();
            let token = tokens[n % tokens.len()].clone();
            let code = code.clone();
            requests.spawn(async move {
                client
                    .redeem(&token, &format!("race-{round}-{n}"), &code)
                    .await
            });
        }
        let mut created = 0;
        while let Some(answer) = requests.join_next().await {
            let answer = answer.unwrap();
            match answer.status {
                201 => created += 1,
                409 => assert_eq!(answer.problem().code, ErrorCode::AlreadyRedeemed),
                other => panic!("round {round}: unexpected {other}: {:?}", answer.body),
            }
        }
        assert_eq!(created, 1, "round {round}: exactly one redeem must win");
    }
    println!(
        "{backend:?}: {ROUNDS} rounds of {PARALLEL} parallel redeems in {:?}",
        started.elapsed()
    );
    let mut total = 0;
    for token in &tokens {
        total += client.balance_minor(token).await;
    }
    assert_eq!(
        total,
        2_500 * i64::try_from(ROUNDS).unwrap(),
        "each card credited exactly once"
    );
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn an_idempotency_key_replays_its_first_answer_byte_for_byte(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let alice = account(&server, &client, "alice@example.com", Region::Us).await;
    let bob = account(&server, &client, "bob@example.com", Region::Us).await;
    let codes = cards(&server, 3, usd(5_000), Region::Us).await;

    let first = client.redeem(&alice, "key-1", &codes[0]).await;
    assert_eq!(first.status, 201);
    let replay = client.redeem(&alice, "key-1", &codes[0]).await;
    assert_eq!(replay.status, 201);
    assert_eq!(
        replay.body, first.body,
        "a replay is byte for byte the first answer"
    );
    assert_eq!(
        replay.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    // The same code typed differently is the same request.
    let lower = codes[0].to_lowercase().replace('-', " ");
    assert_eq!(
        client.redeem(&alice, "key-1", &lower).await.body,
        first.body
    );
    assert_eq!(client.balance_minor(&alice).await, 5_000, "one effect");

    let mismatch = client.redeem(&alice, "key-1", &codes[1]).await;
    assert_eq!(mismatch.status, 422);
    assert_eq!(mismatch.problem().code, ErrorCode::IdempotencyMismatch);

    // Keys are scoped to the account: Bob's "key-1" is his own.
    let bobs = client.redeem(&bob, "key-1", &codes[1]).await;
    assert_eq!(bobs.status, 201);
    assert_ne!(bobs.body, first.body);

    // A refusal is an answer too, and replays the same.
    let refused = client.redeem(&bob, "key-2", &codes[0]).await;
    assert_eq!(refused.status, 409);
    assert_eq!(
        client.redeem(&bob, "key-2", &codes[0]).await.body,
        refused.body
    );

    // A purchase key works the same way.
    let bought = client.purchase(&alice, "buy-1", 1_000, "order-1").await;
    assert_eq!(bought.status, 201);
    assert_eq!(
        client
            .purchase(&alice, "buy-1", 1_000, "order-1")
            .await
            .body,
        bought.body
    );
    let other = client.purchase(&alice, "buy-1", 1_001, "order-1").await;
    assert_eq!(other.problem().code, ErrorCode::IdempotencyMismatch);
    assert_eq!(client.balance_minor(&alice).await, 4_000);

    // Missing or malformed keys are refused before anything happens.
    let missing = client
        .send(
            client
                .http
                .post(format!("{}/v1/redemptions", client.base))
                .bearer_auth(&alice)
                .json(&serde_json::json!({"code": codes[2]})),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert!(missing.problem().detail.contains("Idempotency-Key"));
    let too_long = client.redeem(&alice, &"k".repeat(256), &codes[2]).await;
    assert_eq!(too_long.status, 400);
    let no_key_purchase = client
        .send(
            client
                .http
                .post(format!("{}/v1/purchases", client.base))
                .bearer_auth(&alice)
                .json(&serde_json::json!({"amount": {"amount_minor": 1, "currency": "USD"}, "order_id": "o", "description": "d"})),
        )
        .await;
    assert_eq!(no_key_purchase.status, 400);
    assert_eq!(client.balance_minor(&alice).await, 4_000);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn concurrent_duplicates_of_one_key_have_one_effect(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "dup@example.com", Region::Us).await;
    let codes = cards(&server, 10, usd(1_000), Region::Us).await;
    for (round, code) in codes.iter().enumerate() {
        let mut requests = JoinSet::new();
        for _ in 0..16 {
            let (client, token, code) = (client.clone(), token.clone(), code.clone());
            requests
                .spawn(async move { client.redeem(&token, &format!("dup-{round}"), &code).await });
        }
        let mut bodies = HashSet::new();
        while let Some(answer) = requests.join_next().await {
            let answer = answer.unwrap();
            match answer.status {
                201 => {
                    bodies.insert(answer.body);
                }
                409 => assert_eq!(answer.problem().code, ErrorCode::IdempotencyConflict),
                other => panic!("unexpected {other}"),
            }
        }
        assert!(bodies.len() <= 1, "every 201 is the same answer");
        // Whatever the race, the key has its one answer now.
        let settled = client.redeem(&token, &format!("dup-{round}"), code).await;
        assert_eq!(settled.status, 201);
    }
    assert_eq!(client.balance_minor(&token).await, 10_000);
    let page = client
        .get(&token, "/v1/transactions?limit=100")
        .await
        .json();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        10,
        "one entry per key"
    );
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn a_replay_after_a_restart_is_byte_identical(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "restart@example.com", Region::Us).await;
    let codes = cards(&server, 1, usd(700), Region::Us).await;
    let first = client.redeem(&token, "before-restart", &codes[0]).await;
    assert_eq!(first.status, 201);
    server.shutdown().await.unwrap();

    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = client
        .token("restart@example.com", "correct horse battery")
        .await;
    let replay = client.redeem(&token, "before-restart", &codes[0]).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.body, first.body);
    assert_eq!(client.balance_minor(&token).await, 700);
    server.shutdown().await.unwrap();
}

async fn idempotency_records_are_kept_seven_days_then_pruned(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "prune@example.com", Region::Us).await;
    let codes = cards(&server, 2, usd(100), Region::Us).await;
    assert_eq!(
        client.redeem(&token, "week-old", &codes[0]).await.status,
        201
    );

    let pruned = server
        .ledger()
        .prune(Utc::now() + TimeDelta::days(6))
        .await
        .unwrap();
    assert_eq!(pruned.idempotency_keys, 0, "kept for at least 7 days");
    assert_eq!(
        pruned.sessions, 1,
        "a session that expired days ago is removed"
    );
    let token = client
        .token("prune@example.com", "correct horse battery")
        .await;
    let mismatch = client.redeem(&token, "week-old", &codes[1]).await;
    assert_eq!(mismatch.status, 422, "still remembered after 6 days");

    let pruned = server
        .ledger()
        .prune(Utc::now() + TimeDelta::days(8))
        .await
        .unwrap();
    assert_eq!(pruned.idempotency_keys, 1);
    let token = client
        .token("prune@example.com", "correct horse battery")
        .await;
    let reused = client.redeem(&token, "week-old", &codes[1]).await;
    assert_eq!(reused.status, 201, "forgotten after the retention period");
    server.shutdown().await.unwrap();
}

async fn the_balance_breaks_down_by_source_and_counts_open_trade_ins(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "sources@example.com", Region::Us).await;

    // A new account: nothing yet, and its activity is its creation.
    let empty = client.get(&token, "/v1/balance").await.json();
    assert_eq!(empty["available"]["amount_minor"], 0);
    assert_eq!(empty["pending"]["amount_minor"], 0);
    assert_eq!(empty["by_source"], serde_json::json!([]));
    assert!(empty["last_activity_at"].is_string());

    // Two cards, a purchase and an open trade-in.
    let codes = cards(&server, 2, usd(2_000), Region::Us).await;
    for (n, code) in codes.iter().enumerate() {
        assert_eq!(
            client.redeem(&token, &format!("r{n}"), code).await.status,
            201
        );
    }
    assert_eq!(
        client.purchase(&token, "p", 700, "order-1").await.status,
        201
    );
    server
        .ledger()
        .create_trade_in("sources@example.com", "Phone X", "120.00")
        .await
        .unwrap();

    let balance = client.get(&token, "/v1/balance").await.json();
    assert_eq!(balance["available"]["amount_minor"], 3_300);
    assert_eq!(balance["pending"]["amount_minor"], 12_000);
    let sources: Vec<(String, i64)> = balance["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|source| {
            (
                source["kind"].as_str().unwrap().to_owned(),
                source["amount"]["amount_minor"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("gift_card_redemption".to_owned(), 4_000),
            ("purchase".to_owned(), -700),
        ]
    );
    let newest = client.get(&token, "/v1/transactions?limit=1").await.json();
    assert_eq!(
        balance["last_activity_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        newest["items"][0]["created_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap()
    );

    // Another account's session sees only its own money.
    let other = account(&server, &client, "other@example.com", Region::Us).await;
    let theirs = client.get(&other, "/v1/balance").await.json();
    assert_eq!(theirs["available"]["amount_minor"], 0);
    assert_eq!(theirs["pending"]["amount_minor"], 0);
    assert_eq!(theirs["by_source"], serde_json::json!([]));
    server.shutdown().await.unwrap();
}

async fn parallel_purchases_never_take_a_balance_below_zero(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "spender@example.com", Region::Us).await;
    for round in 0..5 {
        let codes = cards(&server, 1, usd(10_000), Region::Us).await;
        assert_eq!(
            client
                .redeem(&token, &format!("fund-{round}"), &codes[0])
                .await
                .status,
            201
        );
        let before = client.balance_minor(&token).await;
        let mut requests = JoinSet::new();
        for n in 0..32 {
            let (client, token) = (client.clone(), token.clone());
            requests.spawn(async move {
                client
                    .purchase(
                        &token,
                        &format!("buy-{round}-{n}"),
                        700,
                        &format!("order-{round}-{n}"),
                    )
                    .await
            });
        }
        let (mut bought, mut refused) = (0_i64, 0);
        while let Some(answer) = requests.join_next().await {
            let answer = answer.unwrap();
            match answer.status {
                201 => bought += 1,
                402 => {
                    assert_eq!(answer.problem().code, ErrorCode::InsufficientFunds);
                    refused += 1;
                }
                other => panic!("unexpected {other}"),
            }
        }
        let after = client.balance_minor(&token).await;
        assert!(after >= 0);
        assert_eq!(
            bought,
            before / 700,
            "as many purchases as the balance pays for"
        );
        assert_eq!(refused, 32 - bought);
        assert_eq!(after, before - bought * 700);
    }
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn the_database_refuses_to_update_or_delete_ledger_entries(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "ledger@example.com", Region::Us).await;
    let codes = cards(&server, 1, usd(1_000), Region::Us).await;
    assert_eq!(client.redeem(&token, "k", &codes[0]).await.status, 201);

    let update = db
        .execute_raw("UPDATE ledger SET amount_minor = 1000000")
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = db.execute_raw("DELETE FROM ledger").await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    // Nor an entry of a kind that does not exist.
    let bad_kind = db
        .execute_raw(
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, created_at) \
             SELECT 'bad', account_id, 'bonus', 100, currency, balance_after_minor + 100, \
             's', 'd', created_at FROM ledger",
        )
        .await;
    assert!(
        bad_kind
            .unwrap_err()
            .to_string()
            .to_lowercase()
            .contains("check"),
        "an unknown kind is refused by the kind check"
    );
    if backend == Backend::Postgres {
        assert!(db.execute_raw("TRUNCATE ledger CASCADE").await.is_err());
    }
    assert_eq!(client.balance_minor(&token).await, 1_000);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn verify_detects_a_tampered_balance(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "tamper@example.com", Region::Us).await;
    let codes = cards(&server, 1, usd(1_000), Region::Us).await;
    assert_eq!(client.redeem(&token, "k", &codes[0]).await.status, 201);
    assert_verified(&server).await;

    db.execute_raw("UPDATE accounts SET balance_minor = balance_minor + 500")
        .await
        .unwrap();
    let report = server.ledger().verify().await.unwrap();
    assert!(
        report
            .breaches
            .iter()
            .any(|breach| breach.check == "balance equals the sum of the ledger"),
        "{:?}",
        report.breaches
    );
    // A card marked redeemed without its ledger entry is caught as well.
    let more = cards(&server, 1, usd(1_000), Region::Us).await;
    let _ = more;
    db.execute_raw(
        "UPDATE cards SET redeemed_at = created_at, redeemed_by = (SELECT MIN(id) FROM accounts) \
         WHERE redeemed_at IS NULL",
    )
    .await
    .unwrap();
    let report = server.ledger().verify().await.unwrap();
    assert!(
        report
            .breaches
            .iter()
            .any(|b| b.check.starts_with("a card is credited"))
    );
    server.shutdown().await.unwrap();
}

fn loopback(last: u8) -> Option<IpAddr> {
    Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
}

async fn failed_attempts_are_limited_per_account_and_per_address(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let base = server.base_url();
    let from_2 = Client::from_address(&base, loopback(2));
    let from_3 = Client::from_address(&base, loopback(3));
    let from_4 = Client::from_address(&base, loopback(4));

    // Per account: 10 failed attempts an hour, then 429 with Retry-After.
    let guesser = account(&server, &from_2, "guesser@example.com", Region::Us).await;
    let first_guess = unissued_code();
    for n in 0..10 {
        let answer = if n % 2 == 0 {
            let code = if n == 0 {
                first_guess.clone()
            } else {
                unissued_code()
            };
            from_2.redeem(&guesser, &format!("guess-{n}"), &code).await
        } else {
            from_2.preview(&guesser, &unissued_code()).await
        };
        assert_eq!(answer.problem().code, ErrorCode::InvalidCode, "attempt {n}");
    }
    let limited = from_2.redeem(&guesser, "guess-10", &unissued_code()).await;
    assert_eq!(limited.status, 429);
    let problem = limited.problem();
    assert_eq!(problem.code, ErrorCode::RateLimited);
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((3_000..=3_600).contains(&retry_after), "{retry_after}");
    assert_eq!(problem.retry_after_s, Some(retry_after));
    assert_eq!(from_2.preview(&guesser, &unissued_code()).await.status, 429);
    // A retry of an answered attempt is owed its answer whatever the limits say: it is
    // no new guess.
    let retry = from_2.redeem(&guesser, "guess-0", &first_guess).await;
    assert_eq!(retry.status, 422);
    assert_eq!(retry.problem().code, ErrorCode::InvalidCode);
    assert_eq!(retry.header("idempotent-replayed").as_deref(), Some("true"));
    // Even a real card waits: the limiter cannot know in advance.
    let real = cards(&server, 3, usd(500), Region::Us).await;
    assert_eq!(from_2.redeem(&guesser, "real", &real[0]).await.status, 429);

    // Another account, elsewhere, is not blocked by the guesser's failures.
    let honest = account(&server, &from_3, "honest@example.com", Region::Us).await;
    assert_eq!(from_3.redeem(&honest, "mine", &real[1]).await.status, 201);

    // Per address: 30 failed attempts an hour from one address, across accounts.
    let mut tokens = Vec::new();
    for n in 0..4 {
        tokens.push(
            account(
                &server,
                &from_4,
                &format!("crowd{n}@example.com"),
                Region::Us,
            )
            .await,
        );
    }
    let mut attempts = 0;
    for (n, token) in tokens.iter().enumerate() {
        let count = if n < 3 { 8 } else { 6 };
        for k in 0..count {
            let answer = from_4
                .redeem(token, &format!("crowd-{n}-{k}"), &unissued_code())
                .await;
            assert_eq!(answer.status, 422, "attempt {attempts}");
            attempts += 1;
        }
    }
    assert_eq!(attempts, 30);
    let limited = from_4
        .redeem(&tokens[3], "crowd-over", &unissued_code())
        .await;
    assert_eq!(limited.status, 429, "the 31st failure from one address");
    assert!(limited.problem().detail.contains("network address"));
    assert!(limited.header("retry-after").is_some());
    // The same account from another address is only at 6 failures of its 10.
    let elsewhere = Client::from_address(&base, loopback(5));
    assert_eq!(
        elsewhere
            .redeem(&tokens[3], "crowd-real", &real[2])
            .await
            .status,
        201
    );

    let metrics = from_3
        .send(from_3.http.get(format!("{base}/metrics")))
        .await;
    let text = String::from_utf8(metrics.body).unwrap();
    assert!(
        text.contains("redeem_limiter_hits_total{scope=\"account\"}"),
        "{text}"
    );
    assert!(text.contains("redeem_limiter_hits_total{scope=\"address\"}"));
    server.shutdown().await.unwrap();
}

async fn a_token_is_dead_after_sign_out_and_after_expiry(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "session@example.com", Region::Gb).await;
    assert_eq!(client.get(&token, "/v1/balance").await.status, 200);
    let signed_out = client
        .send(
            client
                .http
                .delete(format!("{}/v1/session", client.base))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(signed_out.status, 204);
    let dead = client.get(&token, "/v1/balance").await;
    assert_eq!(dead.status, 401);
    assert_eq!(dead.problem().code, ErrorCode::Unauthorized);
    assert_eq!(dead.header("www-authenticate").as_deref(), Some("Bearer"));

    let session = client
        .sign_in("Session@Example.com ", "correct horse battery")
        .await;
    assert_eq!(session.status, 200);
    let json = session.json();
    assert_eq!(json["account"]["region"], "GB");
    assert_eq!(json["account"]["currency"], "GBP");
    let expires_at: DateTime<Utc> = json["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(expires_at > Utc::now());
    let token = json["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 43, "256 bits");
    assert_eq!(client.get(&token, "/v1/balance").await.status, 200);
    server.ledger().expire_sessions().await.unwrap();
    assert_eq!(client.get(&token, "/v1/balance").await.status, 401);

    let wrong = client
        .sign_in("session@example.com", "wrong password")
        .await;
    assert_eq!(wrong.status, 401);
    let unknown = client.sign_in("nobody@example.com", "wrong password").await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        wrong.problem().detail,
        unknown.problem().detail,
        "no account oracle"
    );
    assert_eq!(client.get("not-a-token", "/v1/balance").await.status, 401);
    server.shutdown().await.unwrap();
}

async fn bad_input_is_answered_with_a_4xx_problem_never_a_500(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "fuzzy@example.com", Region::Us).await;
    let base = client.base.clone();
    let http = &client.http;
    let post = |path: &str, key: &str| {
        http.post(format!("{base}{path}"))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
    };
    let json_body = |path: &str, key: &str, body: &str| {
        post(path, key)
            .header("content-type", "application/json")
            .body(body.to_owned())
    };
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, ErrorCode)> = vec![
        (
            "malformed JSON",
            json_body("/v1/redemptions", "a", "{\"code\":"),
            400,
            ErrorCode::Validation,
        ),
        (
            "not an object",
            json_body("/v1/redemptions", "b", "[1,2]"),
            400,
            ErrorCode::Validation,
        ),
        (
            "unknown field",
            json_body("/v1/redemptions", "c", r#"{"code":"X","admin":true}"#),
            400,
            ErrorCode::Validation,
        ),
        (
            "missing field",
            json_body(
                "/v1/purchases",
                "d",
                r#"{"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "oversized body",
            json_body(
                "/v1/redemptions",
                "e",
                &format!(r#"{{"code":"{}"}}"#, "A".repeat(20_000)),
            ),
            413,
            ErrorCode::PayloadTooLarge,
        ),
        (
            "wrong content type",
            post("/v1/redemptions", "f")
                .header("content-type", "text/plain")
                .body(r#"{"code":"X"}"#),
            415,
            ErrorCode::UnsupportedMediaType,
        ),
        (
            "no content type",
            post("/v1/redemptions", "g").body(r#"{"code":"X"}"#),
            415,
            ErrorCode::UnsupportedMediaType,
        ),
        (
            "not a code",
            json_body("/v1/redemptions", "h", r#"{"code":"hello"}"#),
            422,
            ErrorCode::InvalidCode,
        ),
        (
            "negative amount",
            json_body(
                "/v1/purchases",
                "i",
                r#"{"amount":{"amount_minor":-5,"currency":"USD"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "zero amount",
            json_body(
                "/v1/purchases",
                "j",
                r#"{"amount":{"amount_minor":0,"currency":"USD"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "absurd amount",
            json_body(
                "/v1/purchases",
                "k",
                r#"{"amount":{"amount_minor":10000000000000,"currency":"USD"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "overflowing amount",
            json_body(
                "/v1/purchases",
                "l",
                r#"{"amount":{"amount_minor":1e30,"currency":"USD"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "amount beyond i64",
            json_body(
                "/v1/purchases",
                "m",
                r#"{"amount":{"amount_minor":99999999999999999999,"currency":"USD"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "foreign currency",
            json_body(
                "/v1/purchases",
                "n",
                r#"{"amount":{"amount_minor":5,"currency":"EUR"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "unknown currency",
            json_body(
                "/v1/purchases",
                "o",
                r#"{"amount":{"amount_minor":5,"currency":"XXX"},"order_id":"o","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "empty order id",
            json_body(
                "/v1/purchases",
                "p",
                r#"{"amount":{"amount_minor":5,"currency":"USD"},"order_id":" ","description":"d"}"#,
            ),
            400,
            ErrorCode::Validation,
        ),
        (
            "bad cursor",
            http.get(format!("{base}/v1/transactions?cursor=bm90LWEtY3Vyc29y"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "limit zero",
            http.get(format!("{base}/v1/transactions?limit=0"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "limit too big",
            http.get(format!("{base}/v1/transactions?limit=501"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "limit not a number",
            http.get(format!("{base}/v1/transactions?limit=ten"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "unknown kind",
            http.get(format!("{base}/v1/transactions?kind=theft"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "bad date",
            http.get(format!("{base}/v1/transactions?from=yesterday"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "from after to",
            http.get(format!(
                "{base}/v1/transactions?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"
            ))
            .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "unknown parameter",
            http.get(format!("{base}/v1/transactions?sort=asc"))
                .bearer_auth(&token),
            400,
            ErrorCode::Validation,
        ),
        (
            "unknown route",
            http.get(format!("{base}/v1/nothing-here"))
                .bearer_auth(&token),
            404,
            ErrorCode::NotFound,
        ),
        (
            "unknown top route",
            http.get(format!("{base}/admin")),
            404,
            ErrorCode::NotFound,
        ),
        (
            "wrong method",
            http.put(format!("{base}/v1/balance")).bearer_auth(&token),
            405,
            ErrorCode::MethodNotAllowed,
        ),
        (
            "no token",
            http.get(format!("{base}/v1/balance")),
            401,
            ErrorCode::Unauthorized,
        ),
        (
            "not bearer",
            http.get(format!("{base}/v1/balance"))
                .header("authorization", "Basic abc"),
            401,
            ErrorCode::Unauthorized,
        ),
        (
            "bad sign-in body",
            http.post(format!("{base}/v1/session"))
                .header("content-type", "application/json")
                .body("{}"),
            400,
            ErrorCode::Validation,
        ),
    ];
    for (what, request, status, code) in cases {
        let answer = client.send(request).await;
        assert_eq!(
            answer.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let problem = answer.problem();
        assert_eq!(problem.code, code, "{what}");
        assert!(
            problem.detail.len() > 10,
            "{what}: the detail says what is wrong"
        );
    }
    assert_eq!(client.balance_minor(&token).await, 0);
    server.shutdown().await.unwrap();
}

async fn the_balance_answers_304_while_nothing_changed(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "etag@example.com", Region::Us).await;
    let codes = cards(&server, 1, usd(2_000), Region::Us).await;
    let first = client.get(&token, "/v1/balance").await;
    let etag = first.header("etag").expect("an ETag");
    let conditional = |etag: String| {
        client.send(
            client
                .http
                .get(format!("{}/v1/balance", client.base))
                .bearer_auth(&token)
                .header("if-none-match", etag),
        )
    };
    let unchanged = conditional(etag.clone()).await;
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());
    // What a 200 would have said about caching, a 304 says too (RFC 9110).
    assert_eq!(unchanged.header("etag"), Some(etag.clone()));
    assert_eq!(
        unchanged.header("cache-control"),
        first.header("cache-control")
    );
    assert_eq!(
        first.header("cache-control").as_deref(),
        Some("private, no-cache")
    );
    assert_eq!(client.redeem(&token, "k", &codes[0]).await.status, 201);
    let changed = conditional(etag.clone()).await;
    assert_eq!(changed.status, 200);
    let new_etag = changed.header("etag").unwrap();
    assert_ne!(new_etag, etag);
    assert_eq!(changed.json()["available"]["amount_minor"], 2_000);
    assert_eq!(conditional(new_etag).await.status, 304);
    server.shutdown().await.unwrap();
}

async fn history_pages_are_complete_ordered_and_filtered(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "history@example.com", Region::Us).await;
    let codes = cards(&server, 6, usd(10_000), Region::Us).await;
    let mut purchases = 0;
    for (n, code) in codes.iter().enumerate() {
        assert_eq!(
            client.redeem(&token, &format!("r{n}"), code).await.status,
            201
        );
        for k in 0..4 {
            let answer = client
                .purchase(&token, &format!("p{n}-{k}"), 100 + k, &format!("o{n}{k}"))
                .await;
            assert_eq!(answer.status, 201);
            purchases += 1;
        }
    }
    let total = codes.len() + purchases;
    let walk = |query: &'static str| {
        let client = client.clone();
        let token = token.clone();
        async move {
            let mut items = Vec::new();
            let mut cursor: Option<String> = None;
            let mut pages = 0;
            loop {
                let path = match &cursor {
                    Some(cursor) => format!("/v1/transactions?limit=7{query}&cursor={cursor}"),
                    None => format!("/v1/transactions?limit=7{query}"),
                };
                let page = client.get(&token, &path).await;
                assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
                let page = page.json();
                let batch = page["items"].as_array().unwrap().clone();
                assert!(batch.len() <= 7);
                items.extend(batch);
                pages += 1;
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_owned()),
                    None => break,
                }
                assert!(pages < 100);
            }
            items
        }
    };
    let all = walk("").await;
    assert_eq!(all.len(), total);
    let ids: HashSet<_> = all
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), total, "no entry twice");
    let times: Vec<DateTime<Utc>> = all
        .iter()
        .map(|item| item["created_at"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // The running balance of the history matches the balance.
    let balance = client.balance_minor(&token).await;
    assert_eq!(
        all[0]["balance_after"]["amount_minor"].as_i64(),
        Some(balance)
    );
    let sum: i64 = all
        .iter()
        .map(|item| item["amount"]["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, balance);

    let bought = walk("&kind=purchase").await;
    assert_eq!(bought.len(), purchases);
    assert!(bought.iter().all(|item| item["kind"] == "purchase"));
    assert!(
        bought
            .iter()
            .all(|item| item["amount"]["amount_minor"].as_i64().unwrap() < 0)
    );
    let redeemed = walk("&kind=gift_card_redemption").await;
    assert_eq!(redeemed.len(), codes.len());
    assert!(
        redeemed
            .iter()
            .all(|item| item["source"].as_str().unwrap().starts_with("card ending "))
    );

    // A date range: between the 3rd-newest and the 10th-newest entry.
    let to = times[2];
    let from = times[9];
    let range_query = format!(
        "/v1/transactions?limit=500&from={}&to={}",
        from.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        to.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    );
    let ranged = client.get(&token, &range_query).await.json();
    let expected = times.iter().filter(|t| **t >= from && **t < to).count();
    assert_eq!(ranged["items"].as_array().unwrap().len(), expected);
    server.shutdown().await.unwrap();
}

async fn refusals_explain_themselves(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let us = account(&server, &client, "us@example.com", Region::Us).await;
    let other = account(&server, &client, "other@example.com", Region::Us).await;
    let ledger = Arc::clone(server.ledger());
    let gb = cards(
        &server,
        1,
        Money::new(2_500, redeem_core::Currency::Gbp),
        Region::Gb,
    )
    .await;
    let usd_cards = cards(&server, 3, usd(1_500), Region::Us).await;

    let preview = client.preview(&us, &usd_cards[0]).await;
    assert_eq!(preview.status, 200);
    let preview = preview.json();
    assert_eq!(preview["amount"]["amount_minor"], 1_500);
    assert_eq!(preview["card_last4"].as_str(), Some(&usd_cards[0][15..]));
    assert_eq!(preview["account"]["email"], "us@example.com");
    assert_eq!(
        client.balance_minor(&us).await,
        0,
        "a preview changes nothing"
    );

    let mismatch = client.redeem(&us, "gb", &gb[0]).await;
    assert_eq!(mismatch.status, 409);
    let problem = mismatch.problem();
    assert_eq!(problem.code, ErrorCode::RegionMismatch);
    assert_eq!(problem.card_region, Some(Region::Gb));

    assert_eq!(
        client.redeem(&other, "first", &usd_cards[0]).await.status,
        201
    );
    let taken = client.redeem(&us, "second", &usd_cards[0]).await.problem();
    assert_eq!(taken.code, ErrorCode::AlreadyRedeemed);
    assert_eq!(taken.redeemed_by_you, Some(false));
    assert!(taken.redeemed_at.is_some());
    assert!(taken.detail.contains("another account"));
    let mine = client
        .redeem(&other, "again", &usd_cards[0])
        .await
        .problem();
    assert_eq!(mine.redeemed_by_you, Some(true));

    let disabled = redeem_core::GiftCardCode::parse(&usd_cards[1]).unwrap();
    ledger.disable_card(&disabled).await.unwrap();
    assert_eq!(
        client
            .redeem(&us, "dis", &usd_cards[1])
            .await
            .problem()
            .code,
        ErrorCode::CardDisabled
    );
    let inactive = ledger
        .issue_inactive_cards(1, usd(100), Region::Us)
        .await
        .unwrap();
    let answer = client
        .redeem(&us, "inact", &inactive[0].expose_grouped())
        .await;
    assert_eq!(answer.problem().code, ErrorCode::CardNotActive);

    let unknown = client.redeem(&us, "unknown", &unissued_code()).await;
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.problem().code, ErrorCode::InvalidCode);
    // No problem detail repeats the code.
    for code in usd_cards.iter().chain(&gb) {
        let answer = client.redeem(&us, &format!("echo-{code}"), code).await;
        let text = String::from_utf8_lossy(&answer.body).to_string();
        assert!(!text.contains(&code[..14]), "{text}");
    }
    server.shutdown().await.unwrap();
}

async fn trade_ins_move_through_their_states_and_credit_once(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "trader@example.com", Region::Us).await;
    let ledger = Arc::clone(server.ledger());
    use redeem_server::service::TradeInAction as A;
    let id = ledger
        .create_trade_in("trader@example.com", "Phone X", "120.00")
        .await
        .unwrap();
    let balance = client.get(&token, "/v1/balance").await.json();
    assert_eq!(balance["pending"]["amount_minor"], 12_000);
    assert!(
        ledger
            .trade_in(&id, A::Credit { amount: None })
            .await
            .is_err(),
        "not received yet"
    );
    ledger.trade_in(&id, A::Receive).await.unwrap();
    ledger.trade_in(&id, A::Inspect).await.unwrap();
    let listed = client.get(&token, "/v1/trade-ins").await.json();
    assert_eq!(listed["items"][0]["status"], "inspecting");
    ledger
        .trade_in(
            &id,
            A::Credit {
                amount: Some(usd(11_000)),
            },
        )
        .await
        .unwrap();
    assert!(
        ledger
            .trade_in(&id, A::Credit { amount: None })
            .await
            .is_err(),
        "credited once"
    );
    let balance = client.get(&token, "/v1/balance").await.json();
    assert_eq!(balance["available"]["amount_minor"], 11_000);
    assert_eq!(balance["pending"]["amount_minor"], 0);
    assert_eq!(balance["by_source"][0]["kind"], "trade_in_credit");
    let rejected = ledger
        .create_trade_in("trader@example.com", "Watch", "50")
        .await
        .unwrap();
    ledger.trade_in(&rejected, A::Reject).await.unwrap();
    let listed = client.get(&token, "/v1/trade-ins").await.json();
    assert_eq!(listed["items"][0]["status"], "rejected");
    assert_eq!(listed["items"][1]["status"], "credited");
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn demo_seeding_is_idempotent_and_realistic(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start_with(|config| config.demo = true).await;
    let ledger = Arc::clone(server.ledger());
    let again = ledger.seed_demo().await.unwrap();
    assert!(!again.created, "the second seeding changes nothing");
    let codes = ledger.unredeemed_demo_codes().await.unwrap();
    assert_eq!(codes.len(), 5, "four US cards, then the GB one");
    let client = Client::new(&server.base_url());
    let token = client.token(&again.email, &again.password).await;
    let page = client
        .get(&token, "/v1/transactions?limit=500")
        .await
        .json();
    let kinds: HashSet<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap().to_owned())
        .collect();
    for kind in [
        "gift_card_redemption",
        "trade_in_credit",
        "purchase",
        "refund",
        "adjustment",
    ] {
        assert!(kinds.contains(kind), "{kind}");
    }
    let oldest: DateTime<Utc> = page["items"].as_array().unwrap().last().unwrap()["created_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        Utc::now() - oldest > TimeDelta::days(90),
        "months of history"
    );
    let balance = client.get(&token, "/v1/balance").await.json();
    assert!(balance["pending"]["amount_minor"].as_i64().unwrap() > 0);
    let gb = client.redeem(&token, "demo-gb", &codes[4]).await;
    assert_eq!(gb.problem().code, ErrorCode::RegionMismatch);
    assert_eq!(
        client.redeem(&token, "demo-us", &codes[0]).await.status,
        201
    );
    assert_eq!(ledger.unredeemed_demo_codes().await.unwrap().len(), 4);
    let disabled = again.cards.iter().find(|card| card.disabled).unwrap();
    let answer = client
        .redeem(&token, "demo-dis", &disabled.code.expose_grouped())
        .await;
    assert_eq!(answer.problem().code, ErrorCode::CardDisabled);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();

    // The same pepper derives the same codes at the next start.
    let server = db.start_with(|config| config.demo = true).await;
    assert_eq!(
        server.ledger().unredeemed_demo_codes().await.unwrap(),
        codes[1..].to_vec()
    );
    server.shutdown().await.unwrap();
}

async fn metrics_and_openapi_describe_the_api(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "ops@example.com", Region::Us).await;
    let codes = cards(&server, 1, usd(100), Region::Us).await;
    assert_eq!(client.redeem(&token, "m", &codes[0]).await.status, 201);
    assert_eq!(
        client.redeem(&token, "n", &unissued_code()).await.status,
        422
    );
    let health = client
        .send(client.http.get(format!("{}/healthz", client.base)))
        .await;
    assert_eq!(health.json()["status"], "ok");
    let metrics = client
        .send(client.http.get(format!("{}/metrics", client.base)))
        .await;
    let text = String::from_utf8(metrics.body).unwrap();
    for expected in [
        "redeem_http_requests_total{route=\"/v1/redemptions\",method=\"POST\",status=\"201\"} 1",
        "redeem_http_request_duration_seconds_bucket{route=\"/v1/redemptions\",method=\"POST\",status=\"201\",le=\"+Inf\"} 1",
        "redeem_redeem_outcomes_total{operation=\"redeem\",outcome=\"redeemed\"} 1",
        "redeem_redeem_outcomes_total{operation=\"redeem\",outcome=\"invalid_code\"} 1",
        "# TYPE redeem_limiter_hits_total counter",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let doc = client
        .send(client.http.get(format!("{}/v1/openapi.json", client.base)))
        .await
        .json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/session",
        "/v1/balance",
        "/v1/redemptions/preview",
        "/v1/redemptions",
        "/v1/transactions",
        "/v1/trade-ins",
        "/v1/purchases",
        "/healthz",
        "/metrics",
        "/v1/openapi.json",
        "/v1/demo",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in [
        "Money",
        "Problem",
        "RedeemResponse",
        "TransactionsPage",
        "ErrorCode",
    ] {
        assert!(schemas.get(schema).is_some(), "{schema}");
    }
    assert!(doc["paths"]["/v1/session"]["delete"].is_object());
    server.shutdown().await.unwrap();
}

async fn concurrent_failures_never_pass_the_address_limit(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let from_6 = Client::from_address(&server.base_url(), loopback(6));
    let mut tokens = Vec::new();
    for n in 0..5 {
        tokens.push(
            account(
                &server,
                &from_6,
                &format!("swarm{n}@example.com"),
                Region::Us,
            )
            .await,
        );
    }
    // 40 guesses at once from one address, 8 per account: the address allows 30.
    let mut requests = JoinSet::new();
    for n in 0..40 {
        let (client, token) = (from_6.clone(), tokens[n % 5].clone());
        requests.spawn(async move {
            client
                .redeem(&token, &format!("swarm-{n}"), &unissued_code())
                .await
        });
    }
    let (mut refused, mut limited) = (0, 0);
    while let Some(answer) = requests.join_next().await {
        match answer.unwrap().status {
            422 => refused += 1,
            429 => limited += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        (refused, limited),
        (30, 10),
        "exactly the limit, under concurrency"
    );
    server.shutdown().await.unwrap();
}

/// A SQLite database made by an earlier release (schema version 2, with money in it) opens
/// on this one: the ledger is rebuilt by migration 3 with every entry, id and trigger kept,
/// its checks still refuse a bad row, and new entries follow the old ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_2_sqlite_ledger_upgrades_with_every_entry_kept() {
    use sqlx::Connection as _;

    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let mut conn = sqlx::SqliteConnection::connect(&format!("{}?mode=rwc", db.url_text))
        .await
        .unwrap();
    let version_2 = [
        include_str!("../src/storage/migrations/sqlite/0001_ledger.sql"),
        include_str!("../src/storage/migrations/sqlite/0002_sign_in_limiter.sql"),
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, \
         applied_at INTEGER NOT NULL) STRICT;
         INSERT INTO schema_migrations VALUES (1, 0), (2, 0);
         INSERT INTO accounts (id, email, region, currency, password_hash, balance_minor, \
             created_at) VALUES (7, 'old@example.com', 'US', 'USD', 'x', 1500, 1);
         INSERT INTO cards (id, code_hmac, last4, amount_minor, currency, region, status, \
             created_at, redeemed_at, redeemed_by) \
             VALUES (3, x'01', 'AAAA', 2000, 'USD', 'US', 'active', 1, 2, 7);
         INSERT INTO ledger (id, public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, card_id, created_at) VALUES \
             (41, 'entry-41', 7, 'gift_card_redemption', 2000, 'USD', 2000, 'card ending AAAA', \
              'Gift card redeemed', 3, 2), \
             (42, 'entry-42', 7, 'purchase', -500, 'USD', 1500, 'order 1', 'Purchase', NULL, 3);
         INSERT INTO balance_by_kind VALUES (7, 'gift_card_redemption', 2000), \
             (7, 'purchase', -500);",
    ];
    for sql in version_2 {
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();

    let ledger = redeem_server::open_ledger(&db.config()).await.unwrap();
    let history = ledger
        .storage()
        .history(
            7,
            &redeem_server::storage::HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let kept: Vec<(i64, &str, i64, i64)> = history
        .iter()
        .map(|e| {
            (
                e.id,
                e.public_id.as_str(),
                e.amount_minor,
                e.balance_after_minor,
            )
        })
        .collect();
    assert_eq!(
        kept,
        [(42, "entry-42", -500, 1500), (41, "entry-41", 2000, 2000)]
    );
    let report = ledger.verify().await.unwrap();
    assert!(report.breaches.is_empty(), "{:?}", report.breaches);
    let mut conn = sqlx::SqliteConnection::connect(&db.url_text).await.unwrap();
    let (version, table): (i64, String) = sqlx::query_as(
        "SELECT (SELECT MAX(version) FROM schema_migrations), \
         (SELECT sql FROM sqlite_master WHERE name = 'ledger')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    assert_eq!(version, 6, "every later migration applied too");
    assert!(
        !table.contains("AUTOINCREMENT") && !table.contains(" IN ("),
        "{table}"
    );

    // The rebuilt table checks and guards as the old one did.
    let bad_kind = db
        .execute_raw(
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, created_at) \
             VALUES ('bad', 7, 'bonus', 100, 'USD', 1600, 's', 'd', 4)",
        )
        .await;
    assert!(bad_kind.unwrap_err().to_string().contains("CHECK"));
    let update = db.execute_raw("UPDATE ledger SET amount_minor = 1").await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let card_again = db
        .execute_raw(
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, card_id, created_at) \
             VALUES ('again', 7, 'gift_card_redemption', 2000, 'USD', 3500, 's', 'd', 3, 4)",
        )
        .await;
    assert!(
        card_again.unwrap_err().to_string().contains("UNIQUE"),
        "a card is credited at most once"
    );
    // A new entry's id follows the old ones.
    db.execute_raw(
        "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
         balance_after_minor, source, description, created_at) \
         VALUES ('entry-next', 7, 'refund', 100, 'USD', 1600, 's', 'd', 4)",
    )
    .await
    .unwrap();
    let newest = ledger
        .storage()
        .history(
            7,
            &redeem_server::storage::HistoryQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(newest[0].id, 43);
    ledger.storage().close().await;
}

/// A SQLite database of schema version 3 opens on this one with every stored answer of an
/// `Idempotency-Key` kept (migration 4 stores them in arrival order): a key is still unique
/// for its account, and pruning removes exactly the answers past their retention, never a
/// younger one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_3_sqlite_database_keeps_every_stored_answer() {
    use sqlx::Connection as _;

    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let now = Utc::now();
    let micros = |days: i64| (now - TimeDelta::days(days)).timestamp_micros();
    let (old, young) = (micros(10), micros(1));
    let mut conn = sqlx::SqliteConnection::connect(&format!("{}?mode=rwc", db.url_text))
        .await
        .unwrap();
    let answers = format!(
        "INSERT INTO accounts (id, email, region, currency, password_hash, balance_minor, \
             created_at) VALUES (7, 'old@example.com', 'US', 'USD', 'x', 0, 1), \
             (8, 'other@example.com', 'US', 'USD', 'x', 0, 1);
         INSERT INTO idempotency_keys VALUES \
             (7, 'k-young', x'0102', 201, CAST('{{\"n\":1}}' AS BLOB), {young}), \
             (7, 'k-old', x'0304', 409, CAST('{{\"n\":2}}' AS BLOB), {old}), \
             (8, 'k-old', x'0506', 201, CAST('{{\"n\":3}}' AS BLOB), {old}), \
             (8, 'k-young', x'0708', 201, CAST('{{\"n\":4}}' AS BLOB), {young});"
    );
    let version_3 = [
        include_str!("../src/storage/migrations/sqlite/0001_ledger.sql"),
        include_str!("../src/storage/migrations/sqlite/0002_sign_in_limiter.sql"),
        include_str!("../src/storage/migrations/sqlite/0003_ledger_cheaper_append.sql"),
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, \
         applied_at INTEGER NOT NULL) STRICT;
         INSERT INTO schema_migrations VALUES (1, 0), (2, 0), (3, 0);",
        &answers,
    ];
    for sql in version_3 {
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    }
    let stored = "SELECT account_id, key, hex(request_hash), status, CAST(body AS TEXT), \
                  created_at FROM idempotency_keys ORDER BY account_id, key";
    type Answer = (i64, String, String, i64, String, i64);
    let before: Vec<Answer> = sqlx::query_as(stored).fetch_all(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    assert_eq!(before.len(), 4);

    let ledger = redeem_server::open_ledger(&db.config()).await.unwrap();
    let mut conn = sqlx::SqliteConnection::connect(&db.url_text).await.unwrap();
    let after: Vec<Answer> = sqlx::query_as(stored).fetch_all(&mut conn).await.unwrap();
    assert_eq!(after, before, "every answer kept, byte for byte");
    let (version, by_age): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(version) FROM schema_migrations), \
         (SELECT COUNT(*) FROM sqlite_master WHERE name = 'idempotency_keys_by_age')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((version, by_age), (6, 0));
    let again = sqlx::raw_sql(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
         VALUES (7, 'k-young', x'00', 201, x'00', 1)",
    )
    .execute(&mut conn)
    .await;
    assert!(
        again.unwrap_err().to_string().contains("UNIQUE"),
        "a key has one answer per account"
    );
    // An answer stored after a younger one, with an older time (a clock set back), is
    // kept until a later pruning rather than risk removing a young one.
    sqlx::raw_sql(&format!(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
         VALUES (8, 'k-late', x'09', 201, x'00', {old})"
    ))
    .execute(&mut conn)
    .await
    .unwrap();

    let pruned = ledger.prune(now).await.unwrap();
    assert_eq!(pruned.idempotency_keys, 2);
    let left: Vec<(i64, String)> =
        sqlx::query_as("SELECT account_id, key FROM idempotency_keys ORDER BY account_id, key")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    conn.close().await.unwrap();
    assert_eq!(
        left,
        [
            (7, "k-young".to_owned()),
            (8, "k-late".to_owned()),
            (8, "k-young".to_owned())
        ]
    );
    ledger.storage().close().await;
}

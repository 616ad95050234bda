//! Adding money from a payment card, over real HTTP on loopback, on SQLite and on
//! PostgreSQL: every path and error of `/v1/funds`, idempotent replays, parallel duplicates
//! of one key, the second step, the limits, a provider that never answers, a crash between
//! the provider's success and the credit, and that no card number is ever kept.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::io::BufReader;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use common::{
    Answer, Backend, Client, TestDb, account, assert_verified, raw_request, release_together,
    wait_until_listening,
};
use redeem_core::Region;
use redeem_core::api::{DeclineReason, ErrorCode};
use redeem_server::RunningServer;
use redeem_server::payments::ProviderChoice;
use serde_json::{Value, json};

on_both_backends!(
    each_test_card_does_what_the_options_say,
    a_replay_is_byte_identical_and_another_body_under_the_key_is_refused,
    parallel_requests_with_one_key_charge_once_and_credit_once,
    the_second_step_credits_with_the_right_code_and_declines_a_wrong_one,
    limits_and_malformed_cards_are_refused_before_any_charge,
    a_provider_that_never_answers_leaves_nothing_credited,
    a_server_without_payments_says_so_on_every_funds_path,
    verify_detects_a_payment_marked_succeeded_without_its_credit,
    a_crash_between_the_charge_and_the_credit_credits_once_after_restart,
    no_card_number_reaches_the_database_or_the_logs,
);

const SUCCEEDS: &str = "4000 1200 3400 0008";
const INSUFFICIENT: &str = "4000 1200 3400 0024";
const STOLEN: &str = "3700 120034 00006";
const CONFIRMS: &str = "5200 1200 3400 0003";
const TIMES_OUT: &str = "4000 1200 3400 0099";
const CODE: &str = "246810";

fn with_test_provider(config: &mut redeem_server::ServerConfig) {
    config.ledger.funds.provider = ProviderChoice::Test;
    config.ledger.funds.deadline = Duration::from_millis(400);
}

fn body(minor: i64, currency: &str, number: &str) -> Value {
    json!({
        "amount": {"amount_minor": minor, "currency": currency},
        "card": {"number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123"},
    })
}

async fn add(client: &Client, token: &str, key: &str, body: &Value) -> Answer {
    client
        .send(
            client
                .http
                .post(format!("{}/v1/funds", client.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(body),
        )
        .await
}

async fn confirm(client: &Client, token: &str, payment: &str, key: &str, code: &str) -> Answer {
    client
        .send(
            client
                .http
                .post(format!("{}/v1/funds/{payment}/confirm", client.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&json!({ "code": code })),
        )
        .await
}

fn declined(answer: &Answer) -> DeclineReason {
    assert_eq!(
        answer.status,
        402,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let problem = answer.problem();
    assert_eq!(problem.code, ErrorCode::PaymentDeclined);
    problem.decline_reason.expect("a decline reason")
}

/// The entries of kind `added_funds` in the account's history.
async fn added_entries(client: &Client, token: &str) -> Vec<Value> {
    let page = client
        .get(token, "/v1/transactions?kind=added_funds&limit=500")
        .await;
    assert_eq!(page.status, 200);
    page.json()["items"].as_array().cloned().unwrap_or_default()
}

async fn signed_in(db: &TestDb) -> (RunningServer, Client, String) {
    let server = db.start_with(with_test_provider).await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "payer@example.com", Region::Us).await;
    (server, client, token)
}

async fn each_test_card_does_what_the_options_say(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    let options = client.get(&token, "/v1/funds/options").await;
    assert_eq!(options.status, 200);
    let options = options.json();
    assert_eq!(options["test_confirmation_code"], CODE);
    assert_eq!(options["min"]["currency"], "USD");
    let presets: Vec<i64> = options["presets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|preset| preset["amount_minor"].as_i64().unwrap())
        .collect();
    assert_eq!(presets, [1_000, 2_500, 5_000, 10_000]);
    let daily = options["daily_limit"]["amount_minor"].as_i64().unwrap();
    assert_eq!(options["remaining_today"]["amount_minor"], daily);
    let cards: Vec<(String, String)> = options["test_cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| {
            (
                card["number"].as_str().unwrap().to_owned(),
                card["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(cards.len(), 5, "{cards:?}");

    let mut credited = 0;
    for (n, (number, outcome)) in cards.iter().enumerate() {
        let answer = add(
            &client,
            &token,
            &format!("card-{n}"),
            &body(2_500, "USD", number),
        )
        .await;
        match outcome.as_str() {
            "succeeds" => {
                assert_eq!(answer.status, 201);
                let paid = answer.json();
                assert_eq!(paid["status"], "succeeded");
                assert_eq!(paid["card"]["last4"], number[number.len() - 4..]);
                assert!(paid["receipt_id"].is_string());
                credited += 2_500;
                assert_eq!(paid["balance"]["amount_minor"], credited);
            }
            "declined_insufficient_funds" => {
                assert_eq!(declined(&answer), DeclineReason::InsufficientFunds);
            }
            "declined_stolen" => assert_eq!(declined(&answer), DeclineReason::LostOrStolen),
            "requires_confirmation" => {
                assert_eq!(answer.status, 202);
                assert_eq!(answer.json()["status"], "requires_confirmation");
                assert!(answer.json().get("receipt_id").is_none());
            }
            "times_out" => {
                assert_eq!(answer.status, 503);
                let problem = answer.problem();
                assert_eq!(problem.code, ErrorCode::PaymentUnavailable);
                assert!(problem.retryable);
                assert!(answer.header("retry-after").is_some());
            }
            other => panic!("an outcome the test does not know: {other}"),
        }
    }
    // Any other number with a valid check digit succeeds; an expired card is declined.
    let other = add(
        &client,
        &token,
        "other",
        &body(1_000, "USD", "4242 4242 4242 4242"),
    )
    .await;
    assert_eq!(other.status, 201);
    credited += 1_000;
    let mut expired = body(1_000, "USD", SUCCEEDS);
    expired["card"]["exp_year"] = json!(2020);
    let expired = add(&client, &token, "expired", &expired).await;
    assert_eq!(declined(&expired), DeclineReason::ExpiredCard);

    assert_eq!(client.balance_minor(&token).await, credited);
    let entries = added_entries(&client, &token).await;
    assert_eq!(entries.len(), 2, "one entry per charge that succeeded");
    assert!(
        entries.iter().all(|entry| entry["source"]
            .as_str()
            .unwrap()
            .starts_with("visa ending ")),
        "{entries:?}"
    );
    // What is pending (the 202 and the one that timed out) counts against the 24 hours.
    let options = client.get(&token, "/v1/funds/options").await.json();
    assert_eq!(
        options["remaining_today"]["amount_minor"].as_i64().unwrap(),
        daily - credited - 2 * 2_500
    );
    // Operators see what the provider answered.
    let metrics = client
        .send(client.http.get(format!("{}/metrics", client.base)))
        .await;
    let metrics = String::from_utf8(metrics.body).unwrap();
    for line in [
        "redeem_payment_outcomes_total{step=\"charge\",outcome=\"succeeded\"} 2",
        "redeem_payment_outcomes_total{step=\"charge\",outcome=\"declined\"} 3",
        "redeem_payment_outcomes_total{step=\"charge\",outcome=\"unavailable\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} in\n{metrics}");
    }
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn a_replay_is_byte_identical_and_another_body_under_the_key_is_refused(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    for (key, number) in [("ok", SUCCEEDS), ("no", INSUFFICIENT), ("2fa", CONFIRMS)] {
        let first = add(&client, &token, key, &body(2_500, "USD", number)).await;
        let again = add(&client, &token, key, &body(2_500, "USD", number)).await;
        assert_eq!(again.status, first.status, "{key}");
        assert_eq!(again.body, first.body, "{key}: the replay is byte for byte");
        assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
        assert!(first.header("idempotent-replayed").is_none());
        // The same key with another amount or another card is another request.
        let other = add(&client, &token, key, &body(3_000, "USD", number)).await;
        assert_eq!(other.status, 422);
        assert_eq!(other.problem().code, ErrorCode::IdempotencyMismatch);
        let other = add(&client, &token, key, &body(2_500, "USD", STOLEN)).await;
        assert_eq!(other.problem().code, ErrorCode::IdempotencyMismatch);
    }
    assert_eq!(client.balance_minor(&token).await, 2_500, "charged once");
    // A replay after a restart is the same bytes too.
    let before = add(&client, &token, "ok", &body(2_500, "USD", SUCCEEDS)).await;
    server.shutdown().await.unwrap();
    let server = db.start_with(with_test_provider).await;
    let client = Client::new(&server.base_url());
    let after = add(&client, &token, "ok", &body(2_500, "USD", SUCCEEDS)).await;
    assert_eq!(after.body, before.body);
    assert_eq!(added_entries(&client, &token).await.len(), 1);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn parallel_requests_with_one_key_charge_once_and_credit_once(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    // A second node on the same database: duplicates that meet only in the database.
    let other = db.start_with(with_test_provider).await;
    let rounds = 10;
    let (mut conflicts, mut created) = (0, 0);
    for round in 0..rounds {
        let key = format!("race-{round}");
        let request = |addr| {
            raw_request(
                addr,
                "/v1/funds",
                &token,
                &key,
                &body(1_000, "USD", SUCCEEDS),
            )
        };
        let (to_here, to_there) = (
            vec![request(server.addr()); 8],
            vec![request(other.addr()); 8],
        );
        let (here, there) = tokio::join!(
            release_together(server.addr(), &to_here),
            release_together(other.addr(), &to_there),
        );
        let mut bodies = std::collections::BTreeSet::new();
        for answer in here.iter().chain(&there) {
            match answer.status {
                201 => {
                    created += 1;
                    bodies.insert(answer.body.clone());
                }
                409 => {
                    conflicts += 1;
                    assert_eq!(answer.code(), "idempotency_conflict");
                }
                other => panic!("round {round}: unexpected {other}: {:?}", answer.json()),
            }
        }
        assert!(
            bodies.len() <= 1,
            "round {round}: every 201 is the same answer"
        );
        // Whoever got 409 retries and gets the one answer.
        let mut settled = add(&client, &token, &key, &body(1_000, "USD", SUCCEEDS)).await;
        while settled.status == 409 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            settled = add(&client, &token, &key, &body(1_000, "USD", SUCCEEDS)).await;
        }
        assert_eq!(settled.status, 201);
        if let Some(first) = bodies.first() {
            assert_eq!(&settled.body, first);
        }
    }
    println!(
        "{backend:?}: {rounds} rounds of 16 requests with one key on two nodes: {created} \
         answered 201 (one answer a round), {conflicts} 409"
    );
    assert_eq!(client.balance_minor(&token).await, 1_000 * rounds);
    assert_eq!(
        added_entries(&client, &token).await.len(),
        usize::try_from(rounds).unwrap(),
        "one credit per key"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM test_processor_charges").await,
        rounds,
        "one charge per key at the provider"
    );
    other.shutdown().await.unwrap();
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn the_second_step_credits_with_the_right_code_and_declines_a_wrong_one(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    let started = add(&client, &token, "a", &body(5_000, "USD", CONFIRMS)).await;
    assert_eq!(started.status, 202);
    let payment = started.json()["payment_id"].as_str().unwrap().to_owned();
    assert_eq!(
        client.balance_minor(&token).await,
        0,
        "nothing before the code"
    );

    let done = confirm(&client, &token, &payment, "a-confirm", CODE).await;
    assert_eq!(done.status, 201, "{}", String::from_utf8_lossy(&done.body));
    assert_eq!(done.json()["status"], "succeeded");
    assert_eq!(done.json()["balance"]["amount_minor"], 5_000);
    let replay = confirm(&client, &token, &payment, "a-confirm", CODE).await;
    assert_eq!(replay.body, done.body);
    // Confirming again under a new key answers the same credit, never a second one.
    let again = confirm(&client, &token, &payment, "a-confirm-2", CODE).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.json()["receipt_id"], done.json()["receipt_id"]);
    assert_eq!(client.balance_minor(&token).await, 5_000);

    let started = add(&client, &token, "b", &body(2_500, "USD", CONFIRMS)).await;
    let payment = started.json()["payment_id"].as_str().unwrap().to_owned();
    let wrong = confirm(&client, &token, &payment, "b-confirm", "000000").await;
    assert_eq!(declined(&wrong), DeclineReason::AuthenticationFailed);
    // The payment is over: the right code afterwards does not revive it.
    let late = confirm(&client, &token, &payment, "b-confirm-2", CODE).await;
    assert_eq!(declined(&late), DeclineReason::AuthenticationFailed);
    assert_eq!(client.balance_minor(&token).await, 5_000);

    // Someone else's payment, and one that does not exist, are not found.
    let mallory = account(&server, &client, "mallory@example.com", Region::Us).await;
    let theirs = confirm(&client, &mallory, &payment, "m", CODE).await;
    assert_eq!(theirs.status, 404);
    assert_eq!(theirs.problem().code, ErrorCode::NotFound);
    for id in ["pay_00000000000000000000000000000000", "nothing", "pay_%ff"] {
        let missing = confirm(&client, &token, id, &format!("m-{id}"), CODE).await;
        assert_eq!(missing.status, 404, "{id}");
    }
    let empty = confirm(&client, &token, &payment, "empty", " ").await;
    assert_eq!(empty.problem().code, ErrorCode::Validation);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn limits_and_malformed_cards_are_refused_before_any_charge(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db
        .start_with(|config| {
            with_test_provider(config);
            config.ledger.funds.max_per_payment = 60;
            config.ledger.funds.daily_limit = 150;
        })
        .await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "limits@example.com", Region::Us).await;
    let validation = |answer: &Answer, what: &str| {
        assert_eq!(answer.status, 400, "{what}");
        let problem = answer.problem();
        assert_eq!(problem.code, ErrorCode::Validation, "{what}");
        assert!(
            !problem.detail.contains("4000"),
            "{what}: {}",
            problem.detail
        );
    };
    validation(
        &add(
            &client,
            &token,
            "luhn",
            &body(1_000, "USD", "4000 1200 3400 0018"),
        )
        .await,
        "a wrong check digit",
    );
    validation(
        &add(&client, &token, "eur", &body(1_000, "EUR", SUCCEEDS)).await,
        "another currency",
    );
    validation(
        &add(&client, &token, "zero", &body(0, "USD", SUCCEEDS)).await,
        "nothing",
    );
    validation(
        &add(&client, &token, "small", &body(499, "USD", SUCCEEDS)).await,
        "below the minimum",
    );
    let mut month = body(1_000, "USD", SUCCEEDS);
    month["card"]["exp_month"] = json!(13);
    validation(&add(&client, &token, "month", &month).await, "month 13");
    // A number sent as a JSON number is not read, and not echoed either.
    let mut as_number = body(1_000, "USD", SUCCEEDS);
    as_number["card"]["number"] = json!(4_000_120_034_000_008_u64);
    validation(
        &add(&client, &token, "as-number", &as_number).await,
        "a number that is not a string",
    );
    let mut cvc = body(1_000, "USD", SUCCEEDS);
    cvc["card"]["cvc"] = json!("12a");
    validation(
        &add(&client, &token, "cvc", &cvc).await,
        "a letter in the CVC",
    );

    let over = add(&client, &token, "over", &body(6_001, "USD", SUCCEEDS)).await;
    assert_eq!(over.status, 422);
    let problem = over.problem();
    assert_eq!(problem.code, ErrorCode::FundsLimitExceeded);
    assert_eq!(problem.limit.unwrap().amount_minor, 6_000);
    for key in ["first", "second"] {
        let paid = add(&client, &token, key, &body(6_000, "USD", SUCCEEDS)).await;
        assert_eq!(paid.status, 201);
    }
    let daily = add(&client, &token, "daily", &body(6_000, "USD", SUCCEEDS)).await;
    let problem = daily.problem();
    assert_eq!(problem.code, ErrorCode::FundsLimitExceeded);
    assert_eq!(problem.limit.unwrap().amount_minor, 15_000);
    assert_eq!(problem.remaining.unwrap().amount_minor, 3_000);
    // A refusal is stored under its key like a success.
    let again = add(&client, &token, "daily", &body(6_000, "USD", SUCCEEDS)).await;
    assert_eq!(again.body, daily.body);
    assert_eq!(
        add(&client, &token, "rest", &body(3_000, "USD", SUCCEEDS))
            .await
            .status,
        201
    );
    assert_eq!(client.balance_minor(&token).await, 15_000);
    let options = client.get(&token, "/v1/funds/options").await.json();
    assert_eq!(options["remaining_today"]["amount_minor"], 0);
    assert_eq!(options["presets"].as_array().unwrap().len(), 3, "{options}");

    // A yen account's limits are scaled: 60 is ¥6,000.
    let yen = account(&server, &client, "yen@example.com", Region::Jp).await;
    let options = client.get(&yen, "/v1/funds/options").await.json();
    assert_eq!(options["max_per_payment"]["amount_minor"], 6_000);
    assert_eq!(options["max_per_payment"]["currency"], "JPY");
    assert_eq!(options["min"]["amount_minor"], 500);
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn a_provider_that_never_answers_leaves_nothing_credited(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    let first = add(&client, &token, "slow", &body(2_500, "USD", TIMES_OUT)).await;
    assert_eq!(first.problem().code, ErrorCode::PaymentUnavailable);
    // A retry with the same key asks again under the same reference: still no answer.
    let retry = add(&client, &token, "slow", &body(2_500, "USD", TIMES_OUT)).await;
    assert_eq!(retry.problem().code, ErrorCode::PaymentUnavailable);
    // Recovery finds no charge at the provider; it gives up once the payment is old enough.
    let recovered = server.ledger().recover_payments().await.unwrap();
    assert_eq!((recovered.looked_at, recovered.settled), (1, 0));
    server.shutdown().await.unwrap();
    let server = db
        .start_with(|config| {
            with_test_provider(config);
            config.ledger.funds.abandon_after = Duration::ZERO;
        })
        .await;
    let client = Client::new(&server.base_url());
    let recovered = server.ledger().recover_payments().await.unwrap();
    assert_eq!(recovered.failed, 1, "{recovered:?}");
    assert_eq!(client.balance_minor(&token).await, 0);
    assert!(added_entries(&client, &token).await.is_empty());
    let options = client.get(&token, "/v1/funds/options").await.json();
    assert_eq!(
        options["remaining_today"], options["daily_limit"],
        "a failed payment no longer counts against the limit"
    );
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn a_server_without_payments_says_so_on_every_funds_path(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "nopay@example.com", Region::Us).await;
    let answers = [
        client.get(&token, "/v1/funds/options").await,
        add(&client, &token, "k", &body(2_500, "USD", SUCCEEDS)).await,
        confirm(
            &client,
            &token,
            "pay_00000000000000000000000000000000",
            "c",
            CODE,
        )
        .await,
    ];
    for answer in &answers {
        assert_eq!(answer.status, 403);
        assert_eq!(answer.problem().code, ErrorCode::FundsNotAvailable);
    }
    let anonymous = client
        .send(client.http.get(format!("{}/v1/funds/options", client.base)))
        .await;
    assert_eq!(anonymous.status, 401);
    server.shutdown().await.unwrap();
}

async fn verify_detects_a_payment_marked_succeeded_without_its_credit(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let (server, client, token) = signed_in(&db).await;
    add(&client, &token, "no", &body(2_500, "USD", INSUFFICIENT)).await;
    assert_verified(&server).await;
    db.execute_raw("UPDATE payments SET status = 'succeeded' WHERE status = 'declined'")
        .await
        .unwrap();
    let report = server.ledger().verify().await.unwrap();
    assert!(
        report
            .breaches
            .iter()
            .any(|breach| breach.check == "a payment is credited once, exactly when it succeeded"),
        "{:?}",
        report.breaches
    );
    server.shutdown().await.unwrap();
}

/// A count read straight from the database.
async fn count(db: &TestDb, sql: &str) -> i64 {
    use sqlx::Connection as _;
    match db.backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url_text).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url_text).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
        }
    }
}

/// A `serve` process with the test provider, its logs in `log`.
fn serve_process(
    db: &TestDb,
    log: &std::path::Path,
    env: &[(&str, &str)],
) -> (Child, String, BufReader<ChildStdout>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redeem-server"));
    command
        .arg("--database")
        .arg(&db.url_text)
        .arg("--pepper-file")
        .arg(db.pepper_file())
        .env_remove("REDEEM_DATABASE_URL")
        .env_remove("REDEEM_PEPPER_FILE")
        .env_remove("REDEEM_TEST_CRASH_AFTER_CHARGE")
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--payments",
            "test",
            "--payments-deadline-ms",
            "400",
        ])
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .unwrap(),
        );
    let mut child = command.spawn().expect("serve starts");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let (base, _) = wait_until_listening(&mut reader);
    (child, base, reader)
}

async fn a_crash_between_the_charge_and_the_credit_credits_once_after_restart(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let log = db.dir.path().join("server.log");
    let setup = db.start().await;
    setup
        .ledger()
        .create_account(
            "crash@example.com",
            Region::Us,
            "correct horse battery".into(),
        )
        .await
        .unwrap();
    setup.shutdown().await.unwrap();

    let (mut crashing, base, _out) =
        serve_process(&db, &log, &[("REDEEM_TEST_CRASH_AFTER_CHARGE", "1")]);
    let client = Client::new(&base);
    let token = client
        .token("crash@example.com", "correct horse battery")
        .await;
    let request = body(2_500, "USD", SUCCEEDS);
    let lost = Client::try_send(
        client
            .http
            .post(format!("{base}/v1/funds"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "crash")
            .json(&request),
    )
    .await;
    assert!(lost.is_none(), "the server died before answering: {lost:?}");
    let status = crashing.wait().unwrap();
    assert!(!status.success(), "the process aborted");
    // The moment of the crash: the provider charged, the ledger has not credited.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM test_processor_charges WHERE status = 'succeeded'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM payments WHERE status = 'pending'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM ledger WHERE kind = 'added_funds'"
        )
        .await,
        0
    );

    let (mut restarted, base, _out) = serve_process(&db, &log, &[]);
    let client = Client::new(&base);
    let token = client
        .token("crash@example.com", "correct horse battery")
        .await;
    // Recovery at start credits the payment without any help from the client.
    let mut balance = 0;
    for _ in 0..100 {
        balance = client.balance_minor(&token).await;
        if balance > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(balance, 2_500, "recovery credited the charge");
    // The client's retry with the same key gets the answer recovery stored.
    let answer = add(&client, &token, "crash", &request).await;
    assert_eq!(
        answer.status,
        201,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(
        answer.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(answer.json()["balance"]["amount_minor"], 2_500);
    let again = add(&client, &token, "crash", &request).await;
    assert_eq!(again.body, answer.body, "and stays the one answer");
    assert_eq!(client.balance_minor(&token).await, 2_500, "credited once");
    assert_eq!(added_entries(&client, &token).await.len(), 1);
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    let server = db.start().await;
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

async fn no_card_number_reaches_the_database_or_the_logs(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let log = db.dir.path().join("server.log");
    let setup = db.start().await;
    setup
        .ledger()
        .create_account(
            "leak@example.com",
            Region::Us,
            "correct horse battery".into(),
        )
        .await
        .unwrap();
    setup.shutdown().await.unwrap();
    let (mut child, base, _out) = serve_process(&db, &log, &[("RUST_LOG", "trace")]);
    let client = Client::new(&base);
    let token = client
        .token("leak@example.com", "correct horse battery")
        .await;
    // A number of no test card: it succeeds, and nothing else in the test mentions it.
    let canary = "4556 7375 8689 9855";
    assert_eq!(
        add(&client, &token, "1", &body(2_500, "USD", canary))
            .await
            .status,
        201
    );
    add(&client, &token, "2", &body(2_500, "USD", INSUFFICIENT)).await;
    let started = add(&client, &token, "3", &body(2_500, "USD", CONFIRMS)).await;
    let payment = started.json()["payment_id"].as_str().unwrap().to_owned();
    confirm(&client, &token, &payment, "3c", CODE).await;
    add(&client, &token, "4", &body(2_500, "USD", TIMES_OUT)).await;
    let mut bad = body(2_500, "USD", "4556 7375 8689 9856");
    bad["card"]["cvc"] = json!("x");
    add(&client, &token, "5", &bad).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let compact = |number: &str| number.replace(' ', "");
    let secrets: Vec<String> = [canary, SUCCEEDS, INSUFFICIENT, CONFIRMS, TIMES_OUT]
        .iter()
        .flat_map(|number| [compact(number), (*number).to_owned()])
        .chain(["4556737586899856".to_owned()])
        .collect();
    let logs = std::fs::read(&log).unwrap();
    let mut stored = Vec::new();
    match backend {
        Backend::Sqlite => {
            for entry in std::fs::read_dir(db.dir.path()).unwrap() {
                let path = entry.unwrap().path();
                if path.to_string_lossy().contains("ledger.sqlite3") {
                    stored.extend(std::fs::read(&path).unwrap());
                }
            }
        }
        Backend::Postgres => {
            use sqlx::Connection as _;
            let mut conn = sqlx::PgConnection::connect(&db.url_text).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::TEXT FROM information_schema.tables \
                 WHERE table_schema = 'public'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for table in tables {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM {table} t"))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                stored.extend(rows.join("\n").into_bytes());
            }
            conn.close().await.ok();
        }
    }
    assert!(logs.len() > 1_000, "trace logs were written");
    assert!(stored.len() > 1_000, "the database was read");
    let contains = |haystack: &[u8], needle: &str| {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    for secret in &secrets {
        assert!(!contains(&logs, secret), "a card number in the logs");
        assert!(!contains(&stored, secret), "a card number in the database");
    }
    // What is kept: the brand and the last four digits.
    assert!(contains(&stored, "9855"));
    println!(
        "{backend:?}: searched {} bytes of logs and {} of database for {} forms of card numbers",
        logs.len(),
        stored.len(),
        secrets.len()
    );
}

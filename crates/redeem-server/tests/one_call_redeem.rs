//! PostgreSQL's redeem in one call (`redeem_gift_card`, migration 5): two nodes racing one
//! `Idempotency-Key`, and the function's guard against an answer stored under the key by a
//! transaction it could not see. SQLite has no such call (nor two nodes on one file): these
//! tests run on PostgreSQL only.
//!
//! `REDEEM_LONG=1` runs 1,000 racing rounds; CI runs a short slice.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step fails its test, saying which step"
)]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::{Backend, Client, TestDb, account, cards, long_mode, parse_raw, raw_request, usd};
use redeem_core::Region;
use redeem_core::api::ErrorCode;
use redeem_server::DatabaseUrl;
use sqlx::Connection as _;

/// Rounds of the race: long mode or CI.
fn rounds() -> usize {
    if long_mode() { 1_000 } else { 20 }
}

/// Requests that each go to their own node, on connections held back by their last byte,
/// then released back to back (the single-packet technique of the race harness, over
/// several servers). Answers in the order of `requests`.
async fn release_to_nodes(requests: &[(SocketAddr, Vec<u8>)]) -> Vec<common::RawAnswer> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut streams = Vec::with_capacity(requests.len());
    for (addr, request) in requests {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        stream
            .write_all(&request[..request.len() - 1])
            .await
            .unwrap();
        stream.flush().await.unwrap();
        streams.push(stream);
    }
    // Everything but the last bytes has reached the servers' sockets.
    tokio::time::sleep(Duration::from_millis(20)).await;
    for (stream, (_, request)) in streams.iter_mut().zip(requests) {
        stream
            .write_all(&request[request.len() - 1..])
            .await
            .unwrap();
    }
    let mut answers = Vec::with_capacity(streams.len());
    for mut stream in streams {
        answers.push(tokio::spawn(async move {
            let mut bytes = Vec::new();
            stream.read_to_end(&mut bytes).await.unwrap();
            parse_raw(&bytes)
        }));
    }
    let mut parsed = Vec::with_capacity(answers.len());
    for answer in answers {
        parsed.push(answer.await.unwrap());
    }
    parsed
}

/// Two nodes on one database, and on each of them two requests under the same key and code,
/// released together, round after round: the card credits once, and every answer is the
/// first one byte for byte (a replay) or, on the node where the key is still in flight,
/// `idempotency_conflict`. Nothing but the account's row lock orders the two nodes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_racing_one_key_credit_once_and_answer_alike() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let first = db.start().await;
    let second = db.start().await;
    let client = Client::new(&first.base_url());
    let token = account(&first, &client, "twins@example.com", Region::Us).await;
    let rounds = rounds();
    let codes = cards(&first, rounds, usd(700), Region::Us).await;
    let mut replays = 0;
    let mut conflicts = 0;
    for (round, code) in codes.iter().enumerate() {
        let key = format!("twin-{round}");
        let body = serde_json::json!({ "code": code });
        let requests: Vec<(SocketAddr, Vec<u8>)> = [first.addr(), second.addr()]
            .into_iter()
            .cycle()
            .take(4)
            .map(|addr| {
                (
                    addr,
                    raw_request(addr, "/v1/redemptions", &token, &key, &body),
                )
            })
            .collect();
        let answers = release_to_nodes(&requests).await;
        let created: Vec<&common::RawAnswer> = answers.iter().filter(|a| a.status == 201).collect();
        assert!(!created.is_empty(), "round {round}: no answer was 201");
        for answer in &answers {
            match answer.status {
                201 => assert_eq!(
                    answer.body, created[0].body,
                    "round {round}: the answers under one key differ"
                ),
                409 => {
                    assert_eq!(answer.code(), "idempotency_conflict", "round {round}");
                    conflicts += 1;
                }
                status => panic!(
                    "round {round}: {status} {}",
                    String::from_utf8_lossy(&answer.body)
                ),
            }
        }
        replays += created.len() - 1;
        // A later retry under the key gets the same bytes from either node.
        for node in [&first, &second] {
            let again = Client::new(&node.base_url())
                .redeem(&token, &key, code)
                .await;
            assert_eq!(again.status, 201);
            assert_eq!(
                again.body, created[0].body,
                "round {round}: the replay differs"
            );
            assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
        }
    }
    println!(
        "{rounds} rounds of 4 requests under one key over 2 nodes: {replays} replays, \
         {conflicts} conflicts"
    );
    assert_eq!(
        client.balance_minor(&token).await,
        700 * i64::try_from(rounds).unwrap(),
        "one credit a round"
    );
    common::assert_verified(&first).await;
    second.shutdown().await.unwrap();
    first.shutdown().await.unwrap();
}

/// The function's last guard: when the key's answer turns live in a transaction that does
/// not take the account's lock (here a hand-written update of a record past its
/// retention), the call that did not see it undoes everything it wrote, runs again, finds
/// the answer and leaves the request to the full path: the request is refused as a
/// mismatch and the card stays unredeemed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_the_call_could_not_see_undoes_the_call() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let DatabaseUrl::Postgres(url) = &db.url else {
        panic!("a PostgreSQL database");
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "unseen@example.com", Region::Us).await;
    let code = cards(&server, 1, usd(1_200), Region::Us).await.remove(0);
    // A record under the key past its retention: the call may take the key over.
    db.execute_raw(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
         SELECT id, 'unseen', '\\x00'::bytea, 201, '\\x7b7d'::bytea, now() - interval '30 days' \
         FROM accounts WHERE email = 'unseen@example.com'",
    )
    .await
    .unwrap();
    // Another writer makes it live again and holds its transaction open.
    let mut other = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::Executor::execute(&mut other, "BEGIN").await.unwrap();
    sqlx::Executor::execute(
        &mut other,
        "UPDATE idempotency_keys SET created_at = now() WHERE key = 'unseen'",
    )
    .await
    .unwrap();
    let redeem = {
        let client = client.clone();
        let token = token.clone();
        let code = code.clone();
        tokio::spawn(async move { client.redeem(&token, "unseen", &code).await })
    };
    // The call has credited the card and waits for the other writer's row.
    let mut watcher = sqlx::PgConnection::connect(url).await.unwrap();
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND wait_event_type = 'Lock' AND query LIKE '%redeem_gift_card(%'",
        )
        .fetch_one(&mut watcher)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(
            !redeem.is_finished(),
            "the redeem did not wait for the other writer"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    sqlx::Executor::execute(&mut other, "COMMIT").await.unwrap();
    let answer = redeem.await.unwrap();
    assert_eq!(
        answer.status,
        422,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.problem().code, ErrorCode::IdempotencyMismatch);
    assert_eq!(
        client.balance_minor(&token).await,
        0,
        "nothing was credited"
    );
    let ledger_rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger")
        .fetch_one(&mut watcher)
        .await
        .unwrap();
    assert_eq!(ledger_rows, 0, "the call's ledger entry was undone");
    // The card is still there to redeem.
    let fresh = client.redeem(&token, "seen", &code).await;
    assert_eq!(fresh.status, 201);
    assert_eq!(client.balance_minor(&token).await, 1_200);
    common::assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

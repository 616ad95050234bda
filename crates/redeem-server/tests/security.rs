//! Security and robustness of the balance API, on SQLite and on PostgreSQL: the sign-in
//! limiter, the write path's isolation of a panicking job, the guessing attack (OWASP
//! OAT-002) with legitimate traffic alongside, the absence of a timing oracle, and secrets
//! kept out of logs, database files, dumps and panic messages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::{Backend, Client, TestDb, account, assert_verified, cards, unissued_code, usd};
use redeem_core::api::ErrorCode;
use redeem_core::{Currency, Region};
use redeem_server::LedgerError;
use redeem_server::storage::{CardStatus, LedgerTx, NewCard, StorageError, WriteJob};
use tokio::task::JoinSet;

on_both_backends!(
    failed_sign_ins_are_limited_per_account_and_per_address,
    concurrent_wrong_passwords_never_pass_the_sign_in_limit,
    a_panicking_write_fails_alone_and_the_writer_lives_on,
);

fn loopback(b: u8, c: u8) -> Option<IpAddr> {
    Some(IpAddr::V4(Ipv4Addr::new(127, 0, b, c)))
}

const PASSWORD: &str = "correct horse battery";

async fn failed_sign_ins_are_limited_per_account_and_per_address(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let base = server.base_url();
    let from_2 = Client::from_address(&base, loopback(0, 2));
    let from_3 = Client::from_address(&base, loopback(0, 3));
    account(&server, &from_3, "owner@example.com", Region::Us).await;

    // Per account: 10 wrong passwords, then 429 with Retry-After, even for the right one.
    for n in 0..10 {
        let answer = from_2
            .sign_in("owner@example.com", &format!("guess {n}"))
            .await;
        assert_eq!(answer.status, 401, "attempt {n}");
    }
    let limited = from_2.sign_in("owner@example.com", "guess 10").await;
    assert_eq!(limited.status, 429);
    let problem = limited.problem();
    assert_eq!(problem.code, ErrorCode::RateLimited);
    assert!(problem.detail.contains("sign-in"), "{}", problem.detail);
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((600..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(problem.retry_after_s, Some(retry_after));
    assert_eq!(
        from_3.sign_in("owner@example.com", PASSWORD).await.status,
        429
    );

    // An e-mail address without an account is limited alike: the limiter tells nothing.
    for n in 0..10 {
        let answer = from_3
            .sign_in("nobody@example.com", &format!("guess {n}"))
            .await;
        assert_eq!(answer.status, 401, "attempt {n}");
    }
    assert_eq!(from_3.sign_in("nobody@example.com", "x").await.status, 429);

    // Per address: 30 failures from one address across accounts, then 429.
    let from_4 = Client::from_address(&base, loopback(0, 4));
    for n in 0..4 {
        account(
            &server,
            &from_3,
            &format!("crowd{n}@example.com"),
            Region::Us,
        )
        .await;
    }
    let mut attempts = 0;
    for n in 0..4 {
        let count = if n < 3 { 8 } else { 6 };
        for k in 0..count {
            let answer = from_4
                .sign_in(&format!("crowd{n}@example.com"), &format!("wrong {k}"))
                .await;
            assert_eq!(answer.status, 401, "attempt {attempts}");
            attempts += 1;
        }
    }
    let limited = from_4.sign_in("crowd3@example.com", PASSWORD).await;
    assert_eq!(limited.status, 429, "the 31st sign-in from one address");
    assert!(limited.problem().detail.contains("network address"));
    // The same account from another address is at 6 failures of its 10: it signs in.
    let from_5 = Client::from_address(&base, loopback(0, 5));
    assert_eq!(
        from_5.sign_in("crowd3@example.com", PASSWORD).await.status,
        200
    );
    // Successful sign-ins do not count.
    for _ in 0..40 {
        assert_eq!(
            from_5.sign_in("crowd2@example.com", PASSWORD).await.status,
            200
        );
    }
    server.shutdown().await.unwrap();
}

async fn concurrent_wrong_passwords_never_pass_the_sign_in_limit(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    account(&server, &client, "target@example.com", Region::Us).await;
    let mut requests = JoinSet::new();
    for n in 0..40 {
        let client = Client::from_address(&server.base_url(), loopback(1, n + 1));
        requests.spawn(async move {
            // One of the guesses is the right password: past the limit it must not win.
            let password = if n == 39 {
                PASSWORD.to_owned()
            } else {
                format!("guess {n}")
            };
            client.sign_in("target@example.com", &password).await.status
        });
    }
    let mut answered = Vec::new();
    while let Some(status) = requests.join_next().await {
        answered.push(status.unwrap());
    }
    let wrong = answered.iter().filter(|&&s| s == 401).count();
    let limited = answered.iter().filter(|&&s| s == 429).count();
    let signed_in = answered.iter().filter(|&&s| s == 200).count();
    println!(
        "{backend:?}: 40 concurrent sign-ins: {wrong} x 401, {limited} x 429, {signed_in} x 200"
    );
    assert!(wrong <= 10, "{wrong} wrong passwords were judged, limit 10");
    assert_eq!(wrong + limited + signed_in, 40, "{answered:?}");
    assert!(signed_in <= 1);
    server.shutdown().await.unwrap();
}

/// A write job that stores a card, then panics before it answers.
struct PanicsMidway {
    code_hmac: [u8; 32],
}

impl WriteJob for PanicsMidway {
    type Output = ();

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<(), StorageError> {
        tx.insert_card(&NewCard {
            code_hmac: self.code_hmac,
            last4: "PANC".to_owned(),
            amount_minor: 1_000_000,
            currency: Currency::Usd,
            region: Region::Us,
            status: CardStatus::Active,
            at: chrono::Utc::now(),
        })
        .await?;
        panic!("a write job panics on purpose (test)");
    }
}

async fn a_panicking_write_fails_alone_and_the_writer_lives_on(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "steady@example.com", Region::Us).await;
    let codes = cards(&server, 33, usd(100), Region::Us).await;
    for round in 0..3u8 {
        let code_hmac = [round; 32];
        let mut redeems = JoinSet::new();
        for (n, code) in codes
            .iter()
            .enumerate()
            .skip(usize::from(round) * 10)
            .take(10)
        {
            let (client, token, code) = (client.clone(), token.clone(), code.clone());
            redeems
                .spawn(async move { client.redeem(&token, &format!("steady-{n}"), &code).await });
        }
        let panicked = server
            .ledger()
            .storage()
            .write(PanicsMidway { code_hmac })
            .await
            .expect_err("a panicking job answers an error");
        let problem = redeem_server::problem::problem_for(&LedgerError::Storage(panicked));
        assert_eq!(problem.status, 503, "{problem:?}");
        assert!(problem.retryable);
        while let Some(answer) = redeems.join_next().await {
            let answer = answer.unwrap();
            assert_eq!(
                answer.status,
                201,
                "{}",
                String::from_utf8_lossy(&answer.body)
            );
        }
        assert!(
            server
                .ledger()
                .storage()
                .card(&code_hmac)
                .await
                .unwrap()
                .is_none(),
            "the panicking job's writes were rolled back"
        );
    }
    // The writer still takes work.
    assert_eq!(client.redeem(&token, "after", &codes[32]).await.status, 201);
    assert_eq!(client.balance_minor(&token).await, 3_100);
    assert_eq!(
        client
            .redeem(&token, "guess", &unissued_code())
            .await
            .status,
        422
    );
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

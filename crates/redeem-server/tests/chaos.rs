//! Crashes and lost answers, on SQLite and on PostgreSQL.
//!
//! - Crash loop: the real binary under redeem load is `kill -9`ed at random moments and
//!   restarted, again and again; the clients log every acknowledgement and retry what was
//!   in flight with the same Idempotency-Key. In the end every acknowledged redeem is in the
//!   ledger with its first answer, nothing is credited twice, and `verify` passes.
//! - Lost answers: a loopback proxy drops or delays answers after the server sent them;
//!   the client retries with the same key until it has an answer. Ledger entries divided
//!   by intended operations must be exactly 1.
//!
//! CI runs 5 kills and 120 operations per backend; `REDEEM_LONG=1` runs 200 kills and
//! 2,000 operations.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Write as _};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Backend, Client, Rng, TestDb, account, cards, long_mode, usd, wait_until_listening};
use parking_lot::Mutex;
use redeem_core::Region;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

on_both_backends!(
    every_acknowledged_redeem_survives_a_crash_loop,
    lost_and_late_answers_never_double_an_operation,
);

const PASSWORD: &str = "correct horse battery";

/// A seed for the random kill moments and proxy mischief, from the clock; the tests print it.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| (d.as_secs() << 30) ^ u64::from(d.subsec_nanos()))
}

fn admin(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redeem-server"))
        .arg("--database")
        .arg(&db.url_text)
        .arg("--pepper-file")
        .arg(db.pepper_file())
        .env_remove("REDEEM_DATABASE_URL")
        .env_remove("REDEEM_PEPPER_FILE")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command that refuses its arguments exits before it reads standard input: the
    // write then fails with a broken pipe, and the exit status tells the rest.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

/// A `serve` process on a free port.
struct ServerProcess {
    child: Child,
    base: String,
    _stdout: BufReader<ChildStdout>,
}

impl ServerProcess {
    fn start(db: &TestDb, log: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redeem-server"))
            .arg("--database")
            .arg(&db.url_text)
            .arg("--pepper-file")
            .arg(db.pepper_file())
            .env_remove("REDEEM_DATABASE_URL")
            .env_remove("REDEEM_PEPPER_FILE")
            .args(["serve", "--listen", "127.0.0.1:0"])
            // Adding money runs in the crash loop beside redeems, with the test provider.
            .args(["--payments", "test", "--payments-deadline-ms", "300"])
            .args(["--funds-daily-limit", "10000000"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .unwrap(),
            )
            .spawn()
            .expect("serve starts");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let (base, _) = wait_until_listening(&mut reader);
        Self {
            child,
            base,
            _stdout: reader,
        }
    }

    /// SIGKILL: no shutdown code runs.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// What happened to one redeem, by card index.
#[derive(Clone, Debug)]
enum Fate {
    /// Answered 201 with this body.
    Acknowledged(Vec<u8>),
    /// Sent, but the server died before answering: retry with the same key.
    InDoubt,
}

/// The test provider's cards the crash loop pays with, in turn, and what each ends as.
const FUNDS_CARDS: [(&str, u16); 5] = [
    ("4000 1200 3400 0008", 201),
    ("4000 1200 3400 0024", 402),
    ("3700 120034 00006", 402),
    ("5200 1200 3400 0003", 202),
    ("4000 1200 3400 0099", 503),
];
/// Each payment of the crash loop, in minor units.
const FUNDS_AMOUNT: i64 = 500;

fn funds_body(index: usize) -> serde_json::Value {
    serde_json::json!({
        "amount": {"amount_minor": FUNDS_AMOUNT, "currency": "USD"},
        "card": {
            "number": FUNDS_CARDS[index % FUNDS_CARDS.len()].0,
            "exp_month": 12,
            "exp_year": 2099,
            "cvc": "123",
        },
    })
}

/// Adds money (and confirms a 202 with the test code), retrying while the key is busy;
/// `None` when the server died before answering. Answers the POST's and the confirm's.
async fn add_funds(
    client: &Client,
    token: &str,
    index: usize,
) -> Option<(common::Answer, Option<common::Answer>)> {
    let post = || {
        client
            .http
            .post(format!("{}/v1/funds", client.base))
            .bearer_auth(token)
            .header("Idempotency-Key", format!("funds-{index}"))
            .json(&funds_body(index))
    };
    let mut answer = Client::try_send(post()).await?;
    while answer.status == 409 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        answer = Client::try_send(post()).await?;
    }
    if answer.status != 202 {
        return Some((answer, None));
    }
    let payment = answer.json()["payment_id"].as_str().unwrap().to_owned();
    let confirm = Client::try_send(
        client
            .http
            .post(format!("{}/v1/funds/{payment}/confirm", client.base))
            .bearer_auth(token)
            .header("Idempotency-Key", format!("funds-confirm-{index}"))
            .json(&serde_json::json!({ "code": "246810" })),
    )
    .await?;
    Some((answer, Some(confirm)))
}

/// What happened to one payment of the crash loop.
#[derive(Clone, Debug)]
enum FundsFate {
    /// Answered: the POST's body, and the confirm's for a 202.
    Answered(Vec<u8>, Option<Vec<u8>>),
    /// Sent, but the server died before every answer came.
    InDoubt,
}

async fn every_acknowledged_redeem_survives_a_crash_loop(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let kills = if long_mode() { 200 } else { 5 };
    // Cards per start: more than the load gets through before the kill, most of the time.
    let per_kill = 400;
    let output = admin(
        &db,
        &[
            "account",
            "create",
            "--email",
            "crash@example.com",
            "--region",
            "US",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(output.status.success());
    let output = admin(
        &db,
        &[
            "cards",
            "issue",
            "--count",
            &(kills * per_kill).to_string(),
            "--value",
            "1.00",
            "--currency",
            "USD",
            "--region",
            "US",
        ],
        "",
    );
    assert!(output.status.success());
    let codes: Arc<Vec<String>> = Arc::new(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    );
    let seed = clock_seed();
    let mut rng = Rng(seed);
    let log = db.dir.path().join("serve.log");
    let fates = Arc::new(Mutex::new(BTreeMap::<usize, Fate>::new()));
    let next = Arc::new(AtomicUsize::new(0));
    let funds = Arc::new(Mutex::new(BTreeMap::<usize, FundsFate>::new()));
    let funds_next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut in_flight_at_kill = 0;
    let mut kills_under_load = 0;
    for cycle in 0..kills {
        let cycle_end = (cycle + 1) * per_kill;
        next.store(cycle * per_kill, Ordering::SeqCst);
        let server = ServerProcess::start(&db, &log);
        let client = Client::new(&server.base);
        let token = client.token("crash@example.com", PASSWORD).await;
        // What was in doubt is retried first, with its own key.
        let in_doubt: Vec<usize> = fates
            .lock()
            .iter()
            .filter(|(_, fate)| matches!(fate, Fate::InDoubt))
            .map(|(index, _)| *index)
            .collect();
        for index in in_doubt {
            let answer = client
                .redeem(&token, &format!("crash-{index}"), &codes[index])
                .await;
            assert_eq!(answer.status, 201, "in-doubt redeem {index} completes");
            fates.lock().insert(index, Fate::Acknowledged(answer.body));
        }
        let mut workers = tokio::task::JoinSet::new();
        // Two workers add money with every outcome of the test provider, until the kill.
        for _ in 0..2 {
            let (client, token) = (client.clone(), token.clone());
            let (funds, funds_next) = (Arc::clone(&funds), Arc::clone(&funds_next));
            workers.spawn(async move {
                loop {
                    let index = funds_next.fetch_add(1, Ordering::SeqCst);
                    funds.lock().insert(index, FundsFate::InDoubt);
                    let Some((post, confirm)) = add_funds(&client, &token, index).await else {
                        break;
                    };
                    let expected = FUNDS_CARDS[index % FUNDS_CARDS.len()].1;
                    assert_eq!(post.status, expected, "payment {index}");
                    if let Some(confirm) = &confirm {
                        assert_eq!(confirm.status, 201, "confirmation {index}");
                    }
                    funds.lock().insert(
                        index,
                        FundsFate::Answered(post.body, confirm.map(|answer| answer.body)),
                    );
                }
            });
        }
        for _ in 0..8 {
            let (client, token, codes) = (client.clone(), token.clone(), Arc::clone(&codes));
            let (fates, next) = (Arc::clone(&fates), Arc::clone(&next));
            workers.spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= cycle_end {
                        break;
                    }
                    let Some(code) = codes.get(index) else { break };
                    fates.lock().insert(index, Fate::InDoubt);
                    let key = format!("crash-{index}");
                    let Some(answer) = client.try_redeem(&token, &key, code).await else {
                        break;
                    };
                    let body = answer.body;
                    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&body));
                    fates.lock().insert(index, Fate::Acknowledged(body));
                }
            });
        }
        // A random moment under load: 0 to 150 ms after the load started.
        tokio::time::sleep(Duration::from_millis(
            u64::try_from(rng.below(150)).unwrap(),
        ))
        .await;
        let under_load = next.load(Ordering::SeqCst) < cycle_end;
        server.kill_9();
        while let Some(worker) = workers.join_next().await {
            worker.unwrap();
        }
        let in_doubt = fates
            .lock()
            .values()
            .filter(|fate| matches!(fate, Fate::InDoubt))
            .count();
        in_flight_at_kill += in_doubt;
        if under_load || in_doubt > 0 {
            kills_under_load += 1;
        }
    }

    // The last start: settle what is in doubt, then check every acknowledgement.
    let server = ServerProcess::start(&db, &log);
    let client = Client::new(&server.base);
    let token = client.token("crash@example.com", PASSWORD).await;
    let fates = fates.lock().clone();
    let mut acknowledged = 0;
    for (index, fate) in &fates {
        let answer = client
            .redeem(&token, &format!("crash-{index}"), &codes[*index])
            .await;
        assert_eq!(answer.status, 201, "redeem {index} is in the ledger");
        if let Fate::Acknowledged(body) = fate {
            assert_eq!(
                &answer.body, body,
                "redeem {index} replays its first answer"
            );
            acknowledged += 1;
        }
    }
    // Every payment again under its key: the same answer as first given, or, for those
    // in doubt, the one outcome of their card; credits only for the charges that succeeded.
    let funds = funds.lock().clone();
    let (mut paid, mut funds_in_doubt) = (0, 0);
    for (index, fate) in &funds {
        let (post, confirm) = add_funds(&client, &token, *index).await.unwrap();
        let expected = FUNDS_CARDS[index % FUNDS_CARDS.len()].1;
        assert_eq!(post.status, expected, "payment {index} after the crashes");
        if expected == 201 || confirm.as_ref().is_some_and(|answer| answer.status == 201) {
            paid += 1;
        }
        match fate {
            FundsFate::Answered(body, confirmed) if expected != 503 => {
                assert_eq!(&post.body, body, "payment {index} replays its first answer");
                if let (Some(first), Some(again)) = (confirmed, &confirm) {
                    assert_eq!(&again.body, first, "confirmation {index} replays");
                }
            }
            FundsFate::Answered(..) => {}
            FundsFate::InDoubt => funds_in_doubt += 1,
        }
    }
    // Every page of the history's added-funds entries.
    let (mut added, mut cursor) = (0, String::new());
    loop {
        let page = client
            .get(
                &token,
                &format!("/v1/transactions?kind=added_funds&limit=500{cursor}"),
            )
            .await
            .json();
        added += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(
        added, paid,
        "one added_funds entry per charge that succeeded"
    );
    let balance = client.balance_minor(&token).await;
    let redeemed = i64::try_from(fates.len()).unwrap();
    assert_eq!(
        balance,
        100 * redeemed + FUNDS_AMOUNT * i64::try_from(paid).unwrap(),
        "each card credited exactly once, each successful payment once"
    );
    server.kill_9();
    let verify = admin(&db, &["verify"], "");
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    println!(
        "{backend:?}: crash loop (seed {seed}): {kills} kill -9s ({kills_under_load} with \
         redeems still coming) in {:?}; {acknowledged} redeems acknowledged, {in_flight_at_kill} in flight at a kill (retried with their \
         key), {} redeem credits = {} cards sent; {} payments ({funds_in_doubt} in doubt at a \
         kill), {paid} credited once each; verify passed",
        started.elapsed(),
        (balance - FUNDS_AMOUNT * i64::try_from(paid).unwrap()) / 100,
        fates.len(),
        funds.len()
    );
}

/// How the proxy treats one connection.
#[derive(Clone, Copy, Debug)]
enum Mischief {
    Pass,
    /// Forward the request, swallow the answer, close.
    Drop,
    /// Hold the answer back this long (longer than the client waits, sometimes).
    Delay(Duration),
}

#[derive(Debug, Default)]
struct ProxyTally {
    passed: AtomicUsize,
    dropped: AtomicUsize,
    delayed: AtomicUsize,
}

/// A loopback proxy in front of `upstream` that drops a third of the answers and delays a
/// sixth, chosen at random per connection.
async fn mischievous_proxy(upstream: SocketAddr, seed: u64) -> (SocketAddr, Arc<ProxyTally>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tally = Arc::new(ProxyTally::default());
    let shared = Arc::clone(&tally);
    tokio::spawn(async move {
        let mut rng = Rng(seed);
        while let Ok((client, _)) = listener.accept().await {
            let mischief = match rng.below(6) {
                0 | 1 => Mischief::Drop,
                2 => Mischief::Delay(Duration::from_millis(
                    u64::try_from(rng.below(1_500)).unwrap(),
                )),
                _ => Mischief::Pass,
            };
            let tally = Arc::clone(&shared);
            tokio::spawn(relay(client, upstream, mischief, tally));
        }
    });
    (addr, tally)
}

async fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    mischief: Mischief,
    tally: Arc<ProxyTally>,
) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upload = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    });
    let mut buffer = vec![0u8; 16 * 1024];
    // The first bytes of the answer: the server has done the work by then.
    let read = match server_read.read(&mut buffer).await {
        Ok(read) if read > 0 => read,
        _ => {
            upload.abort();
            return;
        }
    };
    match mischief {
        Mischief::Drop => {
            // The server answered, so the operation happened; the client never hears.
            tally.dropped.fetch_add(1, Ordering::Relaxed);
        }
        Mischief::Delay(delay) => {
            tally.delayed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(delay).await;
            if client_write.write_all(&buffer[..read]).await.is_ok() {
                let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
            }
        }
        Mischief::Pass => {
            tally.passed.fetch_add(1, Ordering::Relaxed);
            if client_write.write_all(&buffer[..read]).await.is_ok() {
                let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
            }
        }
    }
    upload.abort();
}

/// Sends one keyed operation until it has an answer; answers (status, attempts).
async fn until_answered(request: impl Fn() -> reqwest::RequestBuilder) -> (u16, usize) {
    let mut attempts = 0;
    loop {
        attempts += 1;
        assert!(attempts < 200, "no answer after 200 attempts");
        let Ok(response) = request().send().await else {
            continue;
        };
        let status = response.status().as_u16();
        let Ok(body) = response.bytes().await else {
            continue;
        };
        if status == 409 && body.windows(20).any(|w| w == b"idempotency_conflict") {
            // The first attempt is still running: its answer will be replayed.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        }
        return (status, attempts);
    }
}

async fn lost_and_late_answers_never_double_an_operation(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let direct = Client::new(&server.base_url());
    let token = account(&server, &direct, "lossy@example.com", Region::Us).await;
    let operations = if long_mode() { 2_000 } else { 120 };
    // Even operations redeem a card of 1,000, odd ones buy for 100: redeems fund purchases.
    let redeems = operations / 2;
    let purchases = operations - redeems;
    let is_redeem = |op: usize| op.is_multiple_of(2);
    let codes = cards(&server, redeems, usd(1_000), Region::Us).await;
    let seed = clock_seed();
    let (proxy, tally) = mischievous_proxy(server.addr(), seed).await;
    // No pooling: every attempt is a connection of its own, judged by the proxy alone.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let base = format!("http://{proxy}");
    let started = Instant::now();
    let attempts = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    let queue = Arc::new(Mutex::new((0..operations).rev().collect::<Vec<_>>()));
    let answers = Arc::new(Mutex::new(BTreeMap::<usize, u16>::new()));
    for _ in 0..8 {
        let (http, base, token, codes) = (http.clone(), base.clone(), token.clone(), codes.clone());
        let (queue, answers, attempts) = (
            Arc::clone(&queue),
            Arc::clone(&answers),
            Arc::clone(&attempts),
        );
        workers.spawn(async move {
            loop {
                let Some(op) = queue.lock().pop() else { break };
                let key = format!("lossy-{op}");
                let (status, tries) = if is_redeem(op) {
                    let code = codes[op / 2].clone();
                    until_answered(|| {
                        http.post(format!("{base}/v1/redemptions"))
                            .bearer_auth(&token)
                            .header("Idempotency-Key", &key)
                            .json(&serde_json::json!({ "code": code }))
                    })
                    .await
                } else {
                    until_answered(|| {
                        http.post(format!("{base}/v1/purchases"))
                            .bearer_auth(&token)
                            .header("Idempotency-Key", &key)
                            .json(&serde_json::json!({
                                "amount": {"amount_minor": 100, "currency": "USD"},
                                "order_id": format!("order-{op}"),
                                "description": "Lossy purchase",
                            }))
                    })
                    .await
                };
                attempts.fetch_add(tries, Ordering::Relaxed);
                answers.lock().insert(op, status);
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.unwrap();
    }
    let answers = answers.lock().clone();
    let intended_redeems = answers.iter().filter(|(op, _)| is_redeem(**op)).count();
    assert_eq!(intended_redeems, redeems);
    assert!(
        answers
            .iter()
            .filter(|(op, _)| is_redeem(**op))
            .all(|(_, s)| *s == 201),
        "{answers:?}"
    );
    // Purchases never overdraw: the balance decides which were paid (201) or refused (402).
    let paid = answers
        .iter()
        .filter(|(op, s)| !is_redeem(**op) && **s == 201)
        .count();
    let refused = answers
        .iter()
        .filter(|(op, s)| !is_redeem(**op) && **s == 402)
        .count();
    assert_eq!(paid + refused, purchases, "{answers:?}");
    let mut entries = 0;
    let mut cursor: Option<String> = None;
    let mut kinds = BTreeSet::new();
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/v1/transactions?limit=100&cursor={cursor}"),
            None => "/v1/transactions?limit=100".to_owned(),
        };
        let page = direct.get(&token, &path).await.json();
        for item in page["items"].as_array().unwrap() {
            entries += 1;
            kinds.insert(item["kind"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let intended = intended_redeems + paid;
    let balance = direct.balance_minor(&token).await;
    assert_eq!(
        balance,
        1_000 * i64::try_from(intended_redeems).unwrap() - 100 * i64::try_from(paid).unwrap()
    );
    assert_eq!(
        entries, intended,
        "ledger entries / intended operations must be exactly 1"
    );
    common::assert_verified(&server).await;
    println!(
        "{backend:?}: lost answers (seed {seed}): {operations} operations ({intended_redeems} \
         redeems, {paid} paid and {refused} refused purchases) in {} attempts over {:?}; proxy \
         passed {}, dropped {}, delayed {} answers; {entries} ledger entries / {intended} \
         intended effects = {}",
        attempts.load(Ordering::Relaxed),
        started.elapsed(),
        tally.passed.load(Ordering::Relaxed),
        tally.dropped.load(Ordering::Relaxed),
        tally.delayed.load(Ordering::Relaxed),
        entries as f64 / intended as f64,
    );
    server.shutdown().await.unwrap();
}

//! Security and robustness of the balance API, on SQLite and on PostgreSQL: the sign-in
//! limiter, the write path's isolation of a panicking job, the guessing attack (OWASP
//! OAT-002) with legitimate traffic alongside, the absence of a timing oracle, and secrets
//! kept out of logs, database files, dumps and panic messages.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    Backend, Client, TestDb, account, assert_verified, cards, long_mode, unissued_code, usd,
};
use parking_lot::Mutex;
use redeem_core::api::ErrorCode;
use redeem_core::{Currency, Money, Region, SecretText};
use redeem_server::LedgerError;
use redeem_server::storage::{CardStatus, LedgerTx, NewCard, StorageError, WriteJob};
use tokio::task::JoinSet;

on_both_backends!(
    failed_sign_ins_are_limited_per_account_and_per_address,
    concurrent_wrong_passwords_never_pass_the_sign_in_limit,
    a_failing_or_panicking_write_fails_alone_and_the_writer_lives_on,
    a_guessing_attack_stays_within_the_limits_beside_legitimate_traffic,
    refusals_tell_nothing_beyond_their_documented_codes,
    no_secret_reaches_a_database_dump_or_a_panic_message,
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
    let metrics = from_5
        .send(from_5.http.get(format!("{base}/metrics")))
        .await;
    let text = String::from_utf8(metrics.body).unwrap();
    assert!(text.contains("redeem_limiter_hits_total{scope=\"sign_in_account\"}"));
    assert!(text.contains("redeem_limiter_hits_total{scope=\"sign_in_address\"}"));
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

/// A write job that stores a card, then panics before it answers, or fails.
struct BreaksMidway {
    code_hmac: [u8; 32],
    panics: bool,
}

impl WriteJob for BreaksMidway {
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
        if self.panics {
            panic!("a write job panics on purpose (test)");
        }
        Err(StorageError::Invariant(
            "a write job fails on purpose (test)",
        ))
    }
}

async fn a_failing_or_panicking_write_fails_alone_and_the_writer_lives_on(backend: Backend) {
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
        // Queued among the redeems: the writer commits them together.
        let storage = server.ledger().storage();
        let failing_hmac = [round + 100; 32];
        let (panicked, failed) = tokio::join!(
            storage.write(BreaksMidway {
                code_hmac,
                panics: true
            }),
            storage.write(BreaksMidway {
                code_hmac: failing_hmac,
                panics: false
            }),
        );
        let panicked = panicked.expect_err("a panicking job answers an error");
        let problem = LedgerError::Storage(panicked).problem();
        assert_eq!(problem.status, 503, "{problem:?}");
        assert!(problem.retryable);
        assert!(matches!(
            failed,
            Err(StorageError::Invariant(
                "a write job fails on purpose (test)"
            ))
        ));
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
        assert!(
            storage.card(&failing_hmac).await.unwrap().is_none(),
            "the failing job's writes were rolled back"
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

/// Latency percentiles of a sample, in microseconds.
fn percentile(sorted: &[u128], p: usize) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * (sorted.len() - 1) + 50) / 100;
    sorted[rank.min(sorted.len() - 1)]
}

/// One legitimate user's loop: balance, then a real redeem, then history; every request
/// timed. Runs until `stop` is set.
async fn legitimate_traffic(
    client: Client,
    token: String,
    codes: Vec<String>,
    phase: &'static str,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> Vec<u128> {
    let mut timings = Vec::new();
    let mut codes = codes.into_iter();
    let mut n = 0;
    // Paced like a user's app, not as fast as a loop can go: a closed loop would keep the
    // machine saturated in both phases, and then any extra work, however cheap, shows as
    // queueing in the legitimate latency.
    let mut pace = tokio::time::interval(LEGITIMATE_INTERVAL);
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        pace.tick().await;
        let started = Instant::now();
        let status = match n % 3 {
            0 => client.get(&token, "/v1/balance").await.status,
            1 => match codes.next() {
                Some(code) => {
                    client
                        .redeem(&token, &format!("legit-{phase}-{n}"), &code)
                        .await
                        .status
                }
                None => client.get(&token, "/v1/balance").await.status,
            },
            _ => client.get(&token, "/v1/transactions?limit=20").await.status,
        };
        timings.push(started.elapsed().as_micros());
        assert!(
            status == 200 || status == 201,
            "a legitimate request was refused: {status}"
        );
        n += 1;
    }
    timings
}

/// The time between two requests of one legitimate user: 100 a second each.
const LEGITIMATE_INTERVAL: Duration = Duration::from_millis(10);

/// Attempts per second of the guessing attack: sustained, many times what the limits let
/// through, and paced so that the measurement is of the server, not of a test machine
/// whose cores the attacking client itself saturates.
const ATTACK_RATE: u64 = 400;

async fn a_guessing_attack_stays_within_the_limits_beside_legitimate_traffic(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let base = server.base_url();
    // Sized so that both limits bind: the accounts allow 10 each, the addresses 30 each,
    // and in total the addresses allow a little more than the accounts.
    let (attack_accounts, attack_addresses, attempts) = if long_mode() {
        (150, 60, 20_000)
    } else {
        (30, 12, 2_000)
    };
    // The legitimate users: their own accounts, addresses and real cards.
    let mut legit = Vec::new();
    for n in 0..2u8 {
        let client = Client::from_address(&base, loopback(9, n + 1));
        let token = account(
            &server,
            &client,
            &format!("legit{n}@example.com"),
            Region::Us,
        )
        .await;
        legit.push((client, token));
    }
    let legit_codes = cards(&server, 800, usd(100), Region::Us).await;
    // The attacker's accounts, signed in from one address.
    let signer = Client::from_address(&base, loopback(2, 1));
    let mut attacker_tokens = Vec::new();
    for n in 0..attack_accounts {
        attacker_tokens.push(
            account(
                &server,
                &signer,
                &format!("attacker{n}@example.com"),
                Region::Us,
            )
            .await,
        );
    }
    let attacker_clients: Vec<Client> = (0..attack_addresses)
        .map(|n| {
            let n = u16::try_from(n).unwrap();
            Client::from_address(
                &base,
                loopback(
                    10 + u8::try_from(n / 250).unwrap(),
                    u8::try_from(n % 250).unwrap() + 1,
                ),
            )
        })
        .collect();

    // Before the attack: the legitimate users on their own, for as long as the attack will
    // last, so that both phases sample the same traffic for the same time.
    let attack_duration =
        Duration::from_micros(u64::try_from(attempts).unwrap() * 1_000_000 / ATTACK_RATE);
    let quiet = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut before = Vec::new();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, (client, token)) in legit.iter().enumerate() {
        tasks.spawn(legitimate_traffic(
            client.clone(),
            token.clone(),
            legit_codes[n * 200..n * 200 + 200].to_vec(),
            "before",
            Arc::clone(&quiet),
        ));
    }
    tokio::time::sleep(attack_duration).await;
    quiet.store(true, std::sync::atomic::Ordering::SeqCst);
    while let Some(timings) = tasks.join_next().await {
        before.extend(timings.unwrap());
    }
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));

    // The attack: invalid codes from many addresses across accounts, 16 at a time, with
    // the legitimate users carrying on.
    let accepted: Arc<Mutex<HashMap<(usize, usize), u32>>> = Arc::default();
    let limited = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let attack_started = Instant::now();
    let mut attackers = tokio::task::JoinSet::new();
    for worker in 0..16usize {
        let (tokens, clients) = (attacker_tokens.clone(), attacker_clients.clone());
        let (accepted, limited, next) = (
            Arc::clone(&accepted),
            Arc::clone(&limited),
            Arc::clone(&next),
        );
        attackers.spawn(async move {
            let mut rng = 0x2545_F491_4F6C_DD1D_u64 ^ (worker as u64);
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= attempts {
                    break;
                }
                // A paced attack: attempt n goes out at n / RATE seconds.
                let due = attack_started
                    + Duration::from_micros(u64::try_from(n).unwrap() * 1_000_000 / ATTACK_RATE);
                tokio::time::sleep_until(due.into()).await;
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let a = usize::try_from(rng % tokens.len() as u64).unwrap();
                let c = usize::try_from((rng >> 20) % clients.len() as u64).unwrap();
                let answer = if n % 2 == 0 {
                    clients[c]
                        .redeem(&tokens[a], &format!("guess-{n}"), &unissued_code())
                        .await
                } else {
                    clients[c].preview(&tokens[a], &unissued_code()).await
                };
                match answer.status {
                    422 => *accepted.lock().entry((a, c)).or_default() += 1,
                    429 => {
                        limited.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    other => panic!("an attempt answered {other}"),
                }
            }
        });
    }
    let mut during = Vec::new();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, (client, token)) in legit.iter().enumerate() {
        tasks.spawn(legitimate_traffic(
            client.clone(),
            token.clone(),
            legit_codes[400 + n * 200..600 + n * 200].to_vec(),
            "during",
            Arc::clone(&stop),
        ));
    }
    while let Some(done) = attackers.join_next().await {
        done.unwrap();
    }
    let attack_time = attack_started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    while let Some(timings) = tasks.join_next().await {
        during.extend(timings.unwrap());
    }

    let accepted = accepted.lock().clone();
    let mut per_account: HashMap<usize, u32> = HashMap::new();
    let mut per_address: HashMap<usize, u32> = HashMap::new();
    for (&(a, c), &count) in &accepted {
        *per_account.entry(a).or_default() += count;
        *per_address.entry(c).or_default() += count;
    }
    let total: u32 = accepted.values().sum();
    let max_account = per_account.values().copied().max().unwrap_or(0);
    let max_address = per_address.values().copied().max().unwrap_or(0);
    before.sort_unstable();
    during.sort_unstable();
    println!(
        "{backend:?}: guessing attack: {attempts} invalid codes from {attack_addresses} \
         addresses across {attack_accounts} accounts in {attack_time:?}: {total} judged \
         (most per account {max_account} of 10, per address {max_address} of 30), {} refused \
         429; legitimate latency before: n={} p50={} us p99={} us; during: n={} p50={} us \
         p99={} us; p99 ratio {:.2}",
        limited.load(std::sync::atomic::Ordering::Relaxed),
        before.len(),
        percentile(&before, 50),
        percentile(&before, 99),
        during.len(),
        percentile(&during, 50),
        percentile(&during, 99),
        percentile(&during, 99) as f64 / percentile(&before, 99).max(1) as f64,
    );
    assert!(
        max_account <= 10,
        "an account had {max_account} codes judged"
    );
    assert!(
        max_address <= 30,
        "an address had {max_address} codes judged"
    );
    assert!(total <= u32::try_from(attack_accounts * 10).unwrap());
    assert!(total <= u32::try_from(attack_addresses * 30).unwrap());
    assert_eq!(
        total as usize + limited.load(std::sync::atomic::Ordering::Relaxed),
        attempts
    );
    assert!(
        !during.is_empty(),
        "legitimate traffic went on during the attack"
    );
    assert_verified(&server).await;
    server.shutdown().await.unwrap();
}

/// Median and mean of a timing sample, in microseconds.
fn summary(sample: &mut [u128]) -> (u128, f64) {
    sample.sort_unstable();
    let mean = sample.iter().sum::<u128>() as f64 / sample.len().max(1) as f64;
    (percentile(sample, 50), mean)
}

async fn refusals_tell_nothing_beyond_their_documented_codes(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    // The limiter is not under test: timings need many attempts from one account.
    let server = db
        .start_with(|config| {
            config.ledger.limits.per_account = u32::MAX;
            config.ledger.limits.per_address = u32::MAX;
            config.ledger.limits.global = u32::MAX;
        })
        .await;
    let client = Client::new(&server.base_url());
    let token = account(&server, &client, "prober@example.com", Region::Us).await;
    let other = account(&server, &client, "owner@example.com", Region::Us).await;
    let samples = if long_mode() { 2_000 } else { 200 };
    let redeemed = cards(&server, 1, usd(2_500), Region::Us).await.remove(0);
    assert_eq!(client.redeem(&other, "owner", &redeemed).await.status, 201);
    let foreign = cards(&server, 1, Money::new(2_000, Currency::Gbp), Region::Gb)
        .await
        .remove(0);

    // The answers: documented codes, and nothing about the card beyond what each documents.
    let unknown = client.preview(&token, &unissued_code()).await;
    let taken = client.preview(&token, &redeemed).await;
    let elsewhere = client.preview(&token, &foreign).await;
    assert_eq!(unknown.problem().code, ErrorCode::InvalidCode);
    assert_eq!(taken.problem().code, ErrorCode::AlreadyRedeemed);
    assert_eq!(elsewhere.problem().code, ErrorCode::RegionMismatch);
    for answer in [&unknown, &taken, &elsewhere] {
        let text = String::from_utf8_lossy(&answer.body);
        for leak in [
            "25.00",
            "2500",
            "20.00",
            "2000",
            "owner@",
            &redeemed[15..],
            &foreign[15..],
        ] {
            assert!(!text.contains(leak), "{leak:?} in {text}");
        }
    }
    assert_eq!(taken.json()["redeemed_by_you"], false);

    // Timings, interleaved so that drift hits all three alike.
    let mut timings: [Vec<u128>; 3] = Default::default();
    for _ in 0..samples {
        for (n, code) in [unissued_code(), redeemed.clone(), foreign.clone()]
            .iter()
            .enumerate()
        {
            let started = Instant::now();
            let answer = client.preview(&token, code).await;
            timings[n].push(started.elapsed().as_micros());
            assert!(answer.status == 422 || answer.status == 409);
        }
    }
    let [mut unknown, mut taken, mut elsewhere] = timings;
    let (unknown_median, unknown_mean) = summary(&mut unknown);
    let (taken_median, taken_mean) = summary(&mut taken);
    let (elsewhere_median, elsewhere_mean) = summary(&mut elsewhere);
    println!(
        "{backend:?}: preview timings over {samples} samples each: not found median \
         {unknown_median} us (mean {unknown_mean:.0}); already redeemed median {taken_median} \
         us (mean {taken_mean:.0}); other region median {elsewhere_median} us (mean \
         {elsewhere_mean:.0})"
    );
    server.shutdown().await.unwrap();
}

async fn no_secret_reaches_a_database_dump_or_a_panic_message(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let password = "canary-Passw0rd-9931";
    server
        .ledger()
        .create_account("canary@example.com", Region::Us, SecretText::new(password))
        .await
        .unwrap();
    let token = client.token("canary@example.com", password).await;
    let code = cards(&server, 1, usd(100), Region::Us).await.remove(0);
    let guessed = unissued_code();
    assert_eq!(client.redeem(&token, "canary", &code).await.status, 201);
    assert_eq!(client.preview(&token, &guessed).await.status, 422);
    assert_eq!(
        client
            .sign_in("canary@example.com", "canary-wrong-1")
            .await
            .status,
        401
    );
    let compact = |c: &str| c.replace('-', "");
    let secrets = [
        password.to_owned(),
        "canary-wrong-1".to_owned(),
        token.clone(),
        code.clone(),
        compact(&code),
        compact(&code).to_lowercase(),
        guessed.clone(),
        compact(&guessed),
    ];

    // Panic messages: every type that carries a secret prints it redacted, so that no
    // `{:?}` in a panic or a log line can show one.
    let request = redeem_core::api::RedeemRequest {
        code: SecretText::new(code.clone()),
    };
    let session = redeem_core::api::SessionRequest {
        email: "canary@example.com".into(),
        password: SecretText::new(password),
    };
    let parsed = redeem_core::GiftCardCode::parse(&code).unwrap();
    let signed_in = client.sign_in("canary@example.com", password).await;
    let response: redeem_core::api::SessionResponse =
        serde_json::from_slice(&signed_in.body).unwrap();
    let printed = format!(
        "{request:?} {session:?} {parsed:?} {response:?} {:?}",
        server.ledger()
    );
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let caught = std::panic::catch_unwind(|| panic!("{printed}"));
    std::panic::set_hook(hook);
    let message = caught
        .err()
        .and_then(|payload| payload.downcast_ref::<String>().cloned())
        .unwrap();
    let response_token = response.token.expose().to_owned();
    for secret in secrets.iter().chain([&response_token]) {
        assert!(
            !message.contains(secret.as_str()),
            "a secret in a panic message"
        );
    }

    server.shutdown().await.unwrap();
    match backend {
        Backend::Sqlite => {
            // Every file the database left: the main file, its WAL and shared memory.
            for entry in std::fs::read_dir(db.dir.path()).unwrap() {
                let path = entry.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                for secret in &secrets {
                    assert!(
                        !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                        "a secret in {}",
                        path.file_name().unwrap().to_string_lossy()
                    );
                }
            }
        }
        Backend::Postgres => {
            let Some(pg_dump) = pg_dump() else {
                assert!(std::env::var_os("CI").is_none(), "pg_dump is needed in CI");
                println!("SKIPPED: the dump check, because pg_dump was not found");
                return;
            };
            let dump = std::process::Command::new(pg_dump)
                .arg("--dbname")
                .arg(&db.url_text)
                .arg("--no-owner")
                .output()
                .unwrap();
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            let text = String::from_utf8_lossy(&dump.stdout);
            assert!(
                text.contains("canary@example.com"),
                "the dump holds the data"
            );
            for secret in &secrets {
                assert!(!text.contains(secret.as_str()), "a secret in the pg_dump");
            }
            println!(
                "{backend:?}: pg_dump of {} bytes holds no secret",
                dump.stdout.len()
            );
        }
    }
}

/// `pg_dump`: on PATH, or next to the server binaries (Debian keeps them out of PATH).
fn pg_dump() -> Option<std::path::PathBuf> {
    let on_path = std::process::Command::new("pg_dump")
        .arg("--version")
        .output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return Some("pg_dump".into());
    }
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin/pg_dump")))
        .filter(|path| path.exists())
        .collect();
    found.sort();
    found.pop()
}

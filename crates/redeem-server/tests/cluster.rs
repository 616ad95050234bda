//! Several API nodes on one PostgreSQL: every node a real `redeem-server serve` process,
//! some tests behind HAProxy with the configuration of `scripts/cluster-haproxy.cfg`.
//!
//! - Nodes started together migrate once (PostgreSQL's advisory lock).
//! - 64 requests released together, spread over 3 nodes: redeems of one code credit once;
//!   purchases draining one balance never overdraw it; money added beside purchases
//!   leaves the balance equal to the sum of the acknowledged effects.
//! - One `Idempotency-Key` sent to two nodes at once has one effect, and its replay is
//!   byte for byte the first answer.
//! - Failed guesses spread over nodes are limited exactly as on one node.
//! - SIGTERM drains a node: `/healthz` answers 503, requests in flight are answered, then
//!   new connections are refused; through the balancer, stopping a node so costs no request.
//! - `kill -9` of a random node every few seconds under load through HAProxy: every
//!   acknowledged write is there, `verify` is clean, and what the balancer lost was in
//!   flight on the killed node and succeeded when retried with its key.
//! - PostgreSQL restarted under load: the nodes reconnect by themselves and no
//!   acknowledged write is lost.
//!
//! CI runs a slice (10 rounds of each race, 3 kills, 2 database restarts); `REDEEM_LONG=1`
//! runs 1,000 rounds of each race, 200 kills and 20 restarts. The PostgreSQL tests skip
//! without `REDEEM_TEST_POSTGRES_URL`, the balancer tests without `haproxy`, each saying
//! so; with `CI` set, either is missing is a failure.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a failed step fails its test, saying what failed, and the figures measured are printed"
)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufReader, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{
    Backend, Client, RawAnswer, Rng, TestDb, long_mode, raw_request, release_together_at,
};
use parking_lot::Mutex;
use redeem_server::DatabaseUrl;
use sqlx::Connection as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// The balancer's configuration, as scripts/cluster.sh uses it.
const HAPROXY_CONFIG: &str = include_str!("../../../scripts/cluster-haproxy.cfg");
const PASSWORD: &str = "correct horse battery";
const NODES: usize = 3;
const PARALLEL: usize = 64;
/// The highest limit the attempt limiter takes: no limit, for the races.
const NO_LIMIT: &str = "4294967295";

/// Rounds of each race: long mode or CI.
fn rounds() -> usize {
    if long_mode() { 1_000 } else { 10 }
}

/// A seed from the clock; the tests print it.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| (d.as_secs() << 30) ^ u64::from(d.subsec_nanos()))
}

/// The server binary: cargo's, or `REDEEM_SERVER_BIN` when set (a copy that no other build
/// replaces while a long run restarts nodes from it, as scripts/test.sh does for the web test).
fn binary() -> Command {
    let path = std::env::var_os("REDEEM_SERVER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_redeem-server")),
        PathBuf::from,
    );
    let mut command = Command::new(path);
    command
        .env_remove("REDEEM_DATABASE_URL")
        .env_remove("REDEEM_PEPPER_FILE");
    command
}

/// An admin command on the test's database.
fn admin(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    let mut child = binary()
        .arg("--database")
        .arg(&db.url_text)
        .arg("--pepper-file")
        .arg(db.pepper_file())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "redeem-server {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn create_account(db: &TestDb, email: &str) {
    admin(
        db,
        &[
            "account",
            "create",
            "--email",
            email,
            "--region",
            "US",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
}

/// Issues `count` cards of `value` USD; answers their codes.
fn issue(db: &TestDb, count: usize, value: &str) -> Vec<String> {
    let output = admin(
        db,
        &[
            "cards",
            "issue",
            "--count",
            &count.to_string(),
            "--value",
            value,
            "--currency",
            "USD",
            "--region",
            "US",
        ],
        "",
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// `verify` on the test's database passes.
fn assert_verify_clean(db: &TestDb) {
    let verify = admin(db, &["verify"], "");
    let report = String::from_utf8_lossy(&verify.stdout);
    assert!(report.contains("every invariant holds"), "{report}");
}

/// A free port on loopback, for a node that must come back on the same one.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How the nodes of a test are started.
#[derive(Clone, Debug)]
struct NodeSpec {
    database: String,
    pepper: PathBuf,
    args: Vec<String>,
    logs: PathBuf,
}

impl NodeSpec {
    /// Starts node `n` on `port`, without waiting for it.
    fn spawn(&self, n: usize, port: u16) -> Child {
        binary()
            .arg("--database")
            .arg(&self.database)
            .arg("--pepper-file")
            .arg(&self.pepper)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--trust-forwarded-for")
            .args(&self.args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.log(n))
                    .unwrap(),
            )
            .spawn()
            .expect("serve starts")
    }

    fn log(&self, n: usize) -> PathBuf {
        self.logs.join(format!("node-{n}.log"))
    }
}

/// A running node.
struct Node {
    child: Child,
    addr: SocketAddr,
    _stdout: BufReader<ChildStdout>,
}

impl Node {
    /// Waits until `child` listens; a failure with the node's log if it exits first.
    fn ready(mut child: Child, log: &Path) -> Self {
        use std::io::BufRead as _;
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let base = loop {
            line.clear();
            if stdout.read_line(&mut line).unwrap() == 0 {
                let _ = child.wait();
                panic!(
                    "a node exited before listening: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            if let Some(base) = line.trim().strip_prefix("listening on ") {
                break base.to_owned();
            }
        };
        let addr = base.trim_start_matches("http://").parse().unwrap();
        Self {
            child,
            addr,
            _stdout: stdout,
        }
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal}");
    }

    /// Waits for the process to end, for at most `limit`; its exit status.
    fn exit_within(&mut self, limit: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "the node still runs {limit:?} after it was told to stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        // SIGKILL: whatever a test left running must not outlive it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `NODES` nodes on one database, each on a port of its own that it keeps across restarts.
struct Cluster {
    spec: NodeSpec,
    ports: Vec<u16>,
    nodes: Vec<Node>,
}

impl Cluster {
    /// Starts every node at once (they race for the migration lock), then waits for each.
    fn start(db: &TestDb, args: &[&str]) -> Self {
        let spec = NodeSpec {
            database: db.url_text.clone(),
            pepper: db.pepper_file(),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            logs: db.dir.path().to_owned(),
        };
        let ports: Vec<u16> = (0..NODES).map(|_| free_port()).collect();
        let children: Vec<Child> = ports
            .iter()
            .enumerate()
            .map(|(n, port)| spec.spawn(n, *port))
            .collect();
        let nodes = children
            .into_iter()
            .enumerate()
            .map(|(n, child)| Node::ready(child, &spec.log(n)))
            .collect();
        Self { spec, ports, nodes }
    }

    fn addrs(&self) -> Vec<SocketAddr> {
        self.nodes.iter().map(|node| node.addr).collect()
    }

    /// `kill -9` of node `n`, then the node again on the same port.
    fn kill_9_and_restart(&mut self, n: usize) {
        let node = &mut self.nodes[n];
        node.child.kill().unwrap();
        node.child.wait().unwrap();
        self.nodes[n] = Node::ready(self.spec.spawn(n, self.ports[n]), &self.spec.log(n));
    }

    fn log(&self, n: usize) -> String {
        std::fs::read_to_string(self.spec.log(n)).unwrap_or_default()
    }
}

/// HAProxy in front of the nodes, with the configuration of scripts/cluster-haproxy.cfg.
struct Balancer {
    child: Child,
    base: String,
}

impl Balancer {
    /// `None` (after saying why) when haproxy is missing; a failure instead when `CI` is
    /// set, so that CI never skips the balancer tests silently.
    async fn start(ports: &[u16], dir: &Path) -> Option<Self> {
        let present = Command::new("haproxy")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !present {
            assert!(
                std::env::var_os("CI").is_none(),
                "haproxy is missing, but CI is set: the balancer tests must run in CI \
                 (scripts/setup.sh installs it)"
            );
            println!("SKIPPED: this test needs haproxy (scripts/setup.sh installs it)");
            return None;
        }
        let port = free_port();
        let servers: String = ports
            .iter()
            .enumerate()
            .map(|(n, port)| format!("    server node{n} 127.0.0.1:{port}\n"))
            .collect();
        let config = HAPROXY_CONFIG
            .replace("@@BIND@@", &format!("127.0.0.1:{port}"))
            .replace("@@SERVERS@@", &servers);
        let path = dir.join("haproxy.cfg");
        std::fs::write(&path, config).unwrap();
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("haproxy.log")).unwrap())
            .spawn()
            .expect("haproxy starts");
        let balancer = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(answer) = client
                .get(format!("{}/healthz", balancer.base))
                .send()
                .await
                && answer.status() == 200
            {
                return Some(balancer);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the balancer does not answer: {}",
            std::fs::read_to_string(dir.join("haproxy.log")).unwrap_or_default()
        );
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn redeem_body(code: &str) -> serde_json::Value {
    serde_json::json!({ "code": code })
}

fn purchase_body(minor: i64, order: &str) -> serde_json::Value {
    serde_json::json!({
        "amount": {"amount_minor": minor, "currency": "USD"},
        "order_id": order,
        "description": "Cluster purchase",
    })
}

/// Adding 5.00 with the test provider's card that is charged at once.
fn funds_body() -> serde_json::Value {
    serde_json::json!({
        "amount": {"amount_minor": 500, "currency": "USD"},
        "card": {"number": "4000 1200 3400 0008", "exp_month": 12, "exp_year": 2099, "cvc": "123"},
    })
}

// --- migrations ----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_started_together_migrate_once() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    // Three nodes on an empty database, started at the same moment.
    let cluster = Cluster::start(&db, &[]);
    for node in &cluster.nodes {
        let health = reqwest::get(format!("{}/healthz", node.base()))
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
    }
    let migrated: Vec<usize> = (0..NODES)
        .filter(|n| cluster.log(*n).contains("applied PostgreSQL migration"))
        .collect();
    assert_eq!(
        migrated.len(),
        1,
        "one node migrates, the others wait for its lock and find the schema up to date"
    );
    let applied = cluster
        .log(migrated[0])
        .matches("applied PostgreSQL migration")
        .count();
    let mut conn = sqlx::PgConnection::connect(&db.url_text).await.unwrap();
    let versions: i64 = sqlx::query_scalar("SELECT count(*) FROM schema_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(i64::try_from(applied).unwrap(), versions);
    println!(
        "3 nodes started together: node {} applied all {applied} migrations, the others none",
        migrated[0]
    );
}

// --- races across nodes ----------------------------------------------------------------------

/// Flags of the race nodes: the limiter is not under test (losers from other accounts count
/// as failures), and adding money may go on all day.
const RACE_ARGS: [&str; 12] = [
    "--limit-per-account",
    NO_LIMIT,
    "--limit-per-address",
    NO_LIMIT,
    "--limit-global",
    NO_LIMIT,
    "--limit-window-seconds",
    "1",
    "--payments",
    "test",
    "--funds-daily-limit",
    "100000000",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redeems_of_one_code_released_together_over_three_nodes_credit_once() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    const ACCOUNTS: usize = 8;
    for n in 0..ACCOUNTS {
        create_account(&db, &format!("racer{n}@example.com"));
    }
    let rounds = rounds();
    let codes = issue(&db, rounds, "25.00");
    let cluster = Cluster::start(&db, &RACE_ARGS);
    let addrs = cluster.addrs();
    let client = Client::new(&cluster.nodes[0].base());
    let mut tokens = Vec::new();
    for n in 0..ACCOUNTS {
        tokens.push(
            client
                .token(&format!("racer{n}@example.com"), PASSWORD)
                .await,
        );
    }
    let started = Instant::now();
    let (mut credits, mut duplicates, mut without_winner) = (0, 0, 0);
    let mut winners_by_node = [0_usize; NODES];
    let mut unexpected = Vec::new();
    for (round, code) in codes.iter().enumerate() {
        let targets: Vec<(SocketAddr, Vec<u8>)> = (0..PARALLEL)
            .map(|n| {
                let addr = addrs[n % NODES];
                let request = raw_request(
                    addr,
                    "/v1/redemptions",
                    &tokens[n % ACCOUNTS],
                    &format!("race-{round}-{n}"),
                    &redeem_body(code),
                );
                (addr, request)
            })
            .collect();
        let answers = release_together_at(&targets).await;
        let mut created = 0_usize;
        for (n, answer) in answers.iter().enumerate() {
            match (answer.status, answer.code().as_str()) {
                (201, _) => {
                    created += 1;
                    winners_by_node[n % NODES] += 1;
                }
                (409, "already_redeemed") => {}
                (status, code) => unexpected.push(format!("round {round}: {status} {code}")),
            }
        }
        credits += created;
        duplicates += created.saturating_sub(1);
        if created == 0 {
            without_winner += 1;
        }
    }
    let mut total = 0;
    for token in &tokens {
        total += client.balance_minor(token).await;
    }
    println!(
        "{rounds} rounds x {PARALLEL} same-code redeems over {NODES} nodes in {:?}: {credits} \
         credits, {duplicates} duplicates, {without_winner} rounds without a winner; winners \
         by node {winners_by_node:?}",
        started.elapsed()
    );
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert_eq!(duplicates, 0);
    assert_eq!(without_winner, 0);
    assert_eq!(credits, rounds);
    assert_eq!(
        total,
        2_500 * i64::try_from(credits).unwrap(),
        "the balances hold exactly the acknowledged credits"
    );
    drop(cluster);
    assert_verify_clean(&db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchases_and_added_money_over_three_nodes_never_overdraw_and_add_up() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    create_account(&db, "spender@example.com");
    let rounds = rounds();
    let codes = issue(&db, rounds, "100.00");
    let cluster = Cluster::start(&db, &RACE_ARGS);
    let addrs = cluster.addrs();
    let client = Client::new(&cluster.nodes[0].base());
    let token = client.token("spender@example.com", PASSWORD).await;
    let started = Instant::now();
    let (mut debits, mut refused, mut added) = (0_usize, 0_usize, 0_usize);
    let mut unexpected = Vec::new();
    let mut balance = 0;
    for (round, code) in codes.iter().enumerate() {
        let funded = client.redeem(&token, &format!("fund-{round}"), code).await;
        assert_eq!(funded.status, 201);
        balance += 10_000;
        // Even rounds: 64 purchases of 10.00 against what the balance holds (100.00 and
        // what the round before left): exactly as many pass as it covers. Odd rounds: 32
        // purchases and 32 payments adding 5.00, in one release.
        let adding = round % 2 == 1;
        let targets: Vec<(SocketAddr, Vec<u8>)> = (0..PARALLEL)
            .map(|n| {
                let addr = addrs[n % NODES];
                let request = if adding && n % 2 == 1 {
                    raw_request(
                        addr,
                        "/v1/funds",
                        &token,
                        &format!("add-{round}-{n}"),
                        &funds_body(),
                    )
                } else {
                    raw_request(
                        addr,
                        "/v1/purchases",
                        &token,
                        &format!("buy-{round}-{n}"),
                        &purchase_body(1_000, &format!("order-{round}-{n}")),
                    )
                };
                (addr, request)
            })
            .collect();
        let before = balance;
        let answers = release_together_at(&targets).await;
        let (mut round_debits, mut round_added) = (0_i64, 0_i64);
        for (n, answer) in answers.iter().enumerate() {
            let is_funds = adding && n % 2 == 1;
            match (is_funds, answer.status, answer.code().as_str()) {
                (_, 201, _) => {
                    let after = answer.json()["balance"]["amount_minor"].as_i64().unwrap();
                    assert!(
                        after >= 0,
                        "round {round}: a balance of {after} after an answer"
                    );
                    if is_funds {
                        round_added += 1;
                    } else {
                        round_debits += 1;
                    }
                }
                (false, 402, "insufficient_funds") => refused += 1,
                (_, status, code) => unexpected.push(format!("round {round}: {status} {code}")),
            }
        }
        balance += 500 * round_added - 1_000 * round_debits;
        debits += usize::try_from(round_debits).unwrap();
        added += usize::try_from(round_added).unwrap();
        let read = client.balance_minor(&token).await;
        assert!(read >= 0, "round {round}: the balance reads {read}");
        assert_eq!(
            read, balance,
            "round {round}: the balance is the sum of the acknowledged effects"
        );
        if !adding {
            // What the balance held pays for exactly as many purchases as it covers.
            assert_eq!(
                round_debits,
                before / 1_000,
                "round {round}: {before} pays exactly {} purchases of 10.00",
                before / 1_000
            );
            assert_eq!(read, before % 1_000, "round {round}");
        }
    }
    println!(
        "{rounds} rounds x {PARALLEL} purchases and payments over {NODES} nodes in {:?}: \
         {debits} debits, {refused} refused for insufficient funds, {added} payments \
         credited; the balance always the sum of the acknowledged effects, never negative",
        started.elapsed()
    );
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert_eq!(
        added,
        PARALLEL / 2 * (rounds / 2),
        "every payment of 5.00 is credited"
    );
    drop(cluster);
    assert_verify_clean(&db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_idempotency_key_sent_to_two_nodes_at_once_has_one_effect() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    create_account(&db, "twice@example.com");
    let rounds = if long_mode() { 500 } else { 20 };
    let codes = issue(&db, rounds, "25.00");
    let cluster = Cluster::start(&db, &[]);
    let addrs = cluster.addrs();
    let clients: Vec<Client> = cluster
        .nodes
        .iter()
        .map(|node| Client::new(&node.base()))
        .collect();
    let token = clients[0].token("twice@example.com", PASSWORD).await;
    let (mut both_answered, mut conflicts) = (0, 0);
    for (round, code) in codes.iter().enumerate() {
        let (first, second, third) = (round % NODES, (round + 1) % NODES, (round + 2) % NODES);
        for (path, key, body) in [
            (
                "/v1/redemptions",
                format!("redeem-{round}"),
                redeem_body(code),
            ),
            (
                "/v1/purchases",
                format!("buy-{round}"),
                purchase_body(100, &format!("twice-{round}")),
            ),
        ] {
            let targets: Vec<(SocketAddr, Vec<u8>)> = [addrs[first], addrs[second]]
                .into_iter()
                .map(|addr| (addr, raw_request(addr, path, &token, &key, &body)))
                .collect();
            let answers = release_together_at(&targets).await;
            let created: Vec<&RawAnswer> = answers.iter().filter(|a| a.status == 201).collect();
            assert!(!created.is_empty(), "round {round} {path}: {answers:?}");
            for answer in &answers {
                assert!(
                    answer.status == 201
                        || (answer.status == 409 && answer.code() == "idempotency_conflict"),
                    "round {round} {path}: a concurrent duplicate gets 409 or the replay: {} {}",
                    answer.status,
                    answer.code()
                );
            }
            if created.len() == 2 {
                both_answered += 1;
                assert_eq!(
                    created[0].body, created[1].body,
                    "round {round} {path}: both nodes give the same answer"
                );
            } else {
                conflicts += 1;
            }
            // The replay from the third node, later: the first answer byte for byte.
            let replay = clients[third]
                .send(
                    clients[third]
                        .http
                        .post(format!("{}{path}", clients[third].base))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", &key)
                        .json(&body),
                )
                .await;
            assert_eq!(replay.status, 201);
            assert_eq!(
                replay.body, created[0].body,
                "round {round} {path}: the replay is the first answer"
            );
        }
    }
    let balance = clients[0].balance_minor(&token).await;
    let rounds_i64 = i64::try_from(rounds).unwrap();
    assert_eq!(
        balance,
        rounds_i64 * (2_500 - 100),
        "one credit and one debit a round"
    );
    assert_eq!(
        ledger_entries(&clients[0], &token).await,
        2 * rounds,
        "one ledger entry per key"
    );
    println!(
        "{rounds} rounds of a redeem and a purchase, each key sent to two nodes at once: \
         {both_answered} pairs both answered 201 with the same bytes, {conflicts} pairs one \
         201 and one 409; one effect each, every replay identical"
    );
    drop(cluster);
    assert_verify_clean(&db);
}

/// Every entry of the account's history, page by page.
async fn ledger_entries(client: &Client, token: &str) -> usize {
    let (mut entries, mut cursor) = (0, String::new());
    loop {
        let page = client
            .get(token, &format!("/v1/transactions?limit=100{cursor}"))
            .await
            .json();
        entries += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return entries,
        }
    }
}

// --- the attempt limiter across nodes --------------------------------------------------------

/// What a user sees of a refused guess: status, code, attempts left and the RateLimit
/// headers (without the reset time, which moves with the clock).
fn guess_outcome(answer: &common::Answer) -> String {
    let body = answer.json();
    let remaining = answer
        .header("ratelimit")
        .map(|value| value.split(";t=").next().unwrap_or_default().to_owned());
    format!(
        "{} {} attempts_remaining={} ratelimit={:?} policy={:?}",
        answer.status,
        body["code"].as_str().unwrap_or_default(),
        body["attempts_remaining"],
        remaining,
        answer.header("ratelimit-policy"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_guesses_spread_over_nodes_are_limited_as_on_one_node() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    for email in [
        "alone@example.com",
        "spread@example.com",
        "crowd@example.com",
    ] {
        create_account(&db, email);
    }
    // The default limits: 10 failures an account, 30 an address, an hour.
    let cluster = Cluster::start(&db, &[]);
    let from = |node: usize, last: u8| {
        Client::from_address(
            &cluster.nodes[node].base(),
            Some(std::net::IpAddr::from([127, 0, 1, last])),
        )
    };
    let guesses = 13;
    // One account's guesses to one node, from one address.
    let alone_client = from(0, 2);
    let alone_token = alone_client.token("alone@example.com", PASSWORD).await;
    let mut alone = Vec::new();
    for n in 0..guesses {
        let answer = alone_client
            .redeem(
                &alone_token,
                &format!("alone-{n}"),
                &common::unissued_code(),
            )
            .await;
        alone.push(guess_outcome(&answer));
    }
    // Another account's, from another address, each to the next node.
    let spread_clients: Vec<Client> = (0..NODES).map(|node| from(node, 3)).collect();
    let spread_token = spread_clients[0]
        .token("spread@example.com", PASSWORD)
        .await;
    let mut spread = Vec::new();
    for n in 0..guesses {
        let client = &spread_clients[n % NODES];
        let answer = client
            .redeem(
                &spread_token,
                &format!("spread-{n}"),
                &common::unissued_code(),
            )
            .await;
        spread.push(guess_outcome(&answer));
    }
    assert_eq!(
        spread, alone,
        "guesses spread over nodes see what guesses to one node see"
    );
    assert!(
        alone[..10]
            .iter()
            .all(|o| o.starts_with("422 invalid_code")),
        "{alone:#?}"
    );
    assert!(
        alone[10..]
            .iter()
            .all(|o| o.starts_with("429 rate_limited")),
        "{alone:#?}"
    );

    // 40 guesses of a third account released together over the nodes: 10 are judged.
    let crowd_token = from(0, 4).token("crowd@example.com", PASSWORD).await;
    let addrs = cluster.addrs();
    let targets: Vec<(SocketAddr, Vec<u8>)> = (0..40)
        .map(|n| {
            let addr = addrs[n % NODES];
            let code = common::unissued_code();
            (
                addr,
                raw_request(
                    addr,
                    "/v1/redemptions",
                    &crowd_token,
                    &format!("crowd-{n}"),
                    &redeem_body(&code),
                ),
            )
        })
        .collect();
    let answers = release_together_at(&targets).await;
    let judged = answers.iter().filter(|a| a.status == 422).count();
    let limited = answers.iter().filter(|a| a.status == 429).count();
    println!(
        "{guesses} guesses to one node and spread over {NODES}: the same answers; 40 \
         concurrent guesses over {NODES} nodes: {judged} judged, {limited} limited"
    );
    assert_eq!(
        (judged, limited),
        (10, 30),
        "exactly the account's 10 are judged"
    );
}

// --- graceful shutdown -----------------------------------------------------------------------

/// A request written but for the rest of its body: in flight until [`finish`] sends it.
async fn start_slow_purchase(addr: SocketAddr, token: &str) -> (tokio::net::TcpStream, Vec<u8>) {
    let request = raw_request(
        addr,
        "/v1/purchases",
        token,
        "slow-purchase",
        &purchase_body(100, "slow-order"),
    );
    let (head, rest) = request.split_at(request.len() - 10);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head).await.unwrap();
    stream.flush().await.unwrap();
    (stream, rest.to_vec())
}

async fn finish(mut stream: tokio::net::TcpStream, rest: &[u8]) -> RawAnswer {
    stream.write_all(rest).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    common::parse_raw(&bytes)
}

/// One GET on a new connection; `None` when the connection is refused.
async fn get_once(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

/// One node on its own (SQLite: draining does not depend on the database) with an
/// account holding 25.00; answers the node and a token.
async fn lone_node(db: &TestDb, drain: &str) -> (Node, String) {
    create_account(db, "drain@example.com");
    let codes = issue(db, 1, "25.00");
    let spec = NodeSpec {
        database: db.url_text.clone(),
        pepper: db.pepper_file(),
        args: vec!["--drain-seconds".to_owned(), drain.to_owned()],
        logs: db.dir.path().to_owned(),
    };
    let node = Node::ready(spec.spawn(0, 0), &spec.log(0));
    let client = Client::new(&node.base());
    let token = client.token("drain@example.com", PASSWORD).await;
    assert_eq!(client.redeem(&token, "fund", &codes[0]).await.status, 201);
    (node, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_a_node_then_refuses_connections_and_answers_what_was_in_flight() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let (mut node, token) = lone_node(&db, "4").await;
    let addr = node.addr;
    let (slow, rest) = start_slow_purchase(addr, &token).await;

    node.signal("TERM");
    // Draining: unhealthy for the balancer, every answer closing its connection, but
    // requests still served.
    let (status, text) = loop {
        let answer = get_once(addr, "/healthz").await.expect("still accepting");
        if answer.0 != 200 {
            break answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("\"code\":\"unavailable\""), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "{text}"
    );
    let balance = Client::new(&node.base()).get(&token, "/v1/balance").await;
    assert_eq!(balance.status, 200, "a draining node still serves");
    assert_eq!(balance.header("connection").as_deref(), Some("close"));

    // After the drain: no new connections.
    loop {
        if get_once(addr, "/healthz").await.is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The request in flight all along is answered, and the node exits cleanly.
    let answer = finish(slow, &rest).await;
    assert_eq!(
        answer.status,
        201,
        "{:?}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["balance"]["amount_minor"], 2_400);
    let status = node.exit_within(Duration::from_secs(60));
    assert!(status.success(), "{status:?}");

    // The purchase answered during the shutdown is in the ledger.
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = client.token("drain@example.com", PASSWORD).await;
    assert_eq!(client.balance_minor(&token).await, 2_400);
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_ends_the_drain_and_sigint_skips_it() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    // A drain of an hour: only the second signal can end it within the test.
    let (mut node, token) = lone_node(&db, "3600").await;
    let (slow, rest) = start_slow_purchase(node.addr, &token).await;
    node.signal("TERM");
    while get_once(node.addr, "/healthz")
        .await
        .map(|(status, _)| status)
        != Some(503)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    node.signal("TERM");
    while get_once(node.addr, "/healthz").await.is_some() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        finish(slow, &rest).await.status,
        201,
        "in flight, still answered"
    );
    assert!(node.exit_within(Duration::from_secs(60)).success());

    // Ctrl-C: no drain at all, even an hour-long one.
    let spec = NodeSpec {
        database: db.url_text.clone(),
        pepper: db.pepper_file(),
        args: vec!["--drain-seconds".to_owned(), "3600".to_owned()],
        logs: db.dir.path().to_owned(),
    };
    let mut node = Node::ready(spec.spawn(1, 0), &spec.log(1));
    node.signal("INT");
    assert!(node.exit_within(Duration::from_secs(60)).success());
}

// --- under load through the balancer ---------------------------------------------------------

/// A keyed write that got an answer.
#[derive(Clone, Debug)]
struct Acknowledged {
    path: String,
    body: serde_json::Value,
    status: u16,
    answer: Vec<u8>,
}

/// What the load of the balancer tests did.
#[derive(Debug, Default)]
struct Load {
    /// Every keyed write that got an answer, by key.
    acknowledged: Mutex<BTreeMap<String, Acknowledged>>,
    /// Attempts that got no answer or a 5xx and were sent again with the same key.
    retried: AtomicUsize,
    /// Balance reads answered.
    reads: AtomicUsize,
}

/// Workers that redeem cards (1.00 each) and buy for 0.01, every write with its own key,
/// retrying with the same key until answered, and read the balance in between, until
/// `stop`. Worker `w` talks to `bases[w % bases.len()]`.
fn spawn_load(
    bases: &[String],
    workers: usize,
    token: &str,
    codes: &Arc<Vec<String>>,
    stop: &Arc<AtomicBool>,
    load: &Arc<Load>,
) -> tokio::task::JoinSet<()> {
    let next_card = Arc::new(AtomicUsize::new(0));
    let mut set = tokio::task::JoinSet::new();
    for w in 0..workers {
        let client = Client::new(&bases[w % bases.len()]);
        let (token, codes, stop, load) = (
            token.to_owned(),
            Arc::clone(codes),
            Arc::clone(stop),
            Arc::clone(load),
        );
        let next_card = Arc::clone(&next_card);
        set.spawn(async move {
            let mut op = 0;
            while !stop.load(Ordering::SeqCst) {
                op += 1;
                let card = (op % 4 != 0)
                    .then(|| next_card.fetch_add(1, Ordering::SeqCst))
                    .and_then(|index| codes.get(index).map(|code| (index, code)));
                let (path, key, body) = match card {
                    Some((index, code)) => (
                        "/v1/redemptions",
                        format!("card-{index}"),
                        redeem_body(code),
                    ),
                    None => (
                        "/v1/purchases",
                        format!("buy-{w}-{op}"),
                        purchase_body(1, &format!("order-{w}-{op}")),
                    ),
                };
                let answer = loop {
                    let sent = Client::try_send(
                        client
                            .http
                            .post(format!("{}{path}", client.base))
                            .bearer_auth(&token)
                            .header("Idempotency-Key", &key)
                            .json(&body),
                    )
                    .await;
                    match sent {
                        Some(answer) if answer.status < 500 && answer.status != 409 => {
                            break answer;
                        }
                        Some(answer) if answer.status == 409 => {
                            // The same key still running on a node: its answer will come.
                            assert_eq!(
                                answer.json()["code"],
                                "idempotency_conflict",
                                "{key}: {:?}",
                                String::from_utf8_lossy(&answer.body)
                            );
                        }
                        _ => {
                            load.retried.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                };
                assert!(
                    answer.status == 201 || answer.status == 402,
                    "{key}: {} {:?}",
                    answer.status,
                    String::from_utf8_lossy(&answer.body)
                );
                load.acknowledged.lock().insert(
                    key,
                    Acknowledged {
                        path: path.to_owned(),
                        body,
                        status: answer.status,
                        answer: answer.body,
                    },
                );
                if op % 8 == 0
                    && let Some(read) = Client::try_send(
                        client
                            .http
                            .get(format!("{}/v1/balance", client.base))
                            .bearer_auth(&token),
                    )
                    .await
                    && read.status == 200
                {
                    load.reads.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    set
}

/// Every acknowledged write again, under its key: the first answer byte for byte; and the
/// balance is what the acknowledged writes add up to. Answers (redeems, purchases paid).
async fn check_acknowledged(client: &Client, token: &str, load: &Load) -> (usize, usize) {
    let acknowledged = load.acknowledged.lock().clone();
    let (mut redeemed, mut paid) = (0, 0);
    for (key, first) in &acknowledged {
        let Acknowledged {
            path,
            body,
            status,
            answer,
        } = first;
        let again = client
            .send(
                client
                    .http
                    .post(format!("{}{path}", client.base))
                    .bearer_auth(token)
                    .header("Idempotency-Key", key)
                    .json(body),
            )
            .await;
        assert_eq!(again.status, *status, "{key}");
        assert_eq!(&again.body, answer, "{key}: the replay is the first answer");
        match (path.as_str(), status) {
            ("/v1/redemptions", 201) => redeemed += 1,
            ("/v1/purchases", 201) => paid += 1,
            _ => {}
        }
    }
    let balance = client.balance_minor(token).await;
    assert_eq!(
        balance,
        100 * i64::try_from(redeemed).unwrap() - i64::try_from(paid).unwrap(),
        "the balance is the sum of the acknowledged writes"
    );
    (redeemed, paid)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_stopped_with_sigterm_under_load_costs_the_balancer_no_request() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    create_account(&db, "steady@example.com");
    let codes = Arc::new(issue(&db, 2_000, "1.00"));
    let mut cluster = Cluster::start(&db, &["--drain-seconds", "3"]);
    let Some(balancer) = Balancer::start(&cluster.ports, db.dir.path()).await else {
        return;
    };
    let client = Client::new(&balancer.base);
    let token = client.token("steady@example.com", PASSWORD).await;
    let (stop, load) = (Arc::new(AtomicBool::new(false)), Arc::new(Load::default()));
    let mut workers = spawn_load(
        std::slice::from_ref(&balancer.base),
        4,
        &token,
        &codes,
        &stop,
        &load,
    );
    while load.acknowledged.lock().len() < 50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let node = &mut cluster.nodes[1];
    node.signal("TERM");
    let status = tokio::task::block_in_place(|| node.exit_within(Duration::from_secs(60)));
    assert!(status.success(), "{status:?}");
    let before = load.acknowledged.lock().len();
    while load.acknowledged.lock().len() < before + 50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::SeqCst);
    while let Some(worker) = workers.join_next().await {
        worker.unwrap();
    }
    let retried = load.retried.load(Ordering::Relaxed);
    let (redeemed, paid) = check_acknowledged(&client, &token, &load).await;
    println!(
        "a node drained and stopped under load through the balancer: {redeemed} redeems, \
         {paid} purchases, {} balance reads answered; {retried} requests the client had to \
         send again",
        load.reads.load(Ordering::Relaxed)
    );
    assert_eq!(
        retried, 0,
        "the balancer stopped sending before the node stopped"
    );
    drop(balancer);
    drop(cluster);
    assert_verify_clean(&db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_a_random_node_every_few_seconds_under_load_loses_no_acknowledged_write() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    const WORKERS: usize = 8;
    let kills = if long_mode() { 200 } else { 3 };
    create_account(&db, "chaos@example.com");
    let codes = Arc::new(issue(&db, kills * 300, "1.00"));
    let mut cluster = Cluster::start(&db, &[]);
    let Some(balancer) = Balancer::start(&cluster.ports, db.dir.path()).await else {
        return;
    };
    let client = Client::new(&balancer.base);
    let token = client.token("chaos@example.com", PASSWORD).await;
    let seed = clock_seed();
    let mut rng = Rng(seed);
    let (stop, load) = (Arc::new(AtomicBool::new(false)), Arc::new(Load::default()));
    let mut workers = spawn_load(
        std::slice::from_ref(&balancer.base),
        WORKERS,
        &token,
        &codes,
        &stop,
        &load,
    );
    let started = Instant::now();
    let mut killed = [0_usize; NODES];
    for _ in 0..kills {
        // A random moment 1 to 3 s apart, a random node.
        tokio::time::sleep(Duration::from_millis(1_000 + rng.below(2_000) as u64)).await;
        let n = rng.below(NODES);
        killed[n] += 1;
        tokio::task::block_in_place(|| cluster.kill_9_and_restart(n));
    }
    // A last stretch of load with every node back.
    let before = load.acknowledged.lock().len();
    while load.acknowledged.lock().len() < before + 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::SeqCst);
    while let Some(worker) = workers.join_next().await {
        worker.unwrap();
    }
    let retried = load.retried.load(Ordering::Relaxed);
    let (redeemed, paid) = check_acknowledged(&client, &token, &load).await;
    println!(
        "{kills} kill -9s of a random node (by node {killed:?}, seed {seed}) under load \
         through the balancer in {:?}: {redeemed} redeems and {paid} purchases acknowledged, \
         each replayed byte for byte; {retried} requests lost by the balancer and retried \
         with their key, all answered",
        started.elapsed()
    );
    // Each worker has one request in flight at a time: what a kill can take is at most
    // one request a worker; the balancer retries the rest on another node.
    assert!(
        retried <= kills * WORKERS,
        "{retried} requests lost for {kills} kills of {WORKERS} workers' load"
    );
    drop(balancer);
    drop(cluster);
    assert_verify_clean(&db);
}

// --- PostgreSQL restarted -------------------------------------------------------------------

/// A PostgreSQL cluster of the test's own (scripts/pg.sh), which it may restart without
/// disturbing the tests that share `REDEEM_TEST_POSTGRES_URL`.
struct OwnPostgres {
    dir: String,
    url: String,
}

impl OwnPostgres {
    fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg.sh")
    }

    fn start() -> Self {
        let output = Command::new("bash")
            .arg(Self::script())
            .arg("start")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let url = String::from_utf8(output.stdout).unwrap().trim().to_owned();
        // "pg.sh: stop it with: .../pg.sh stop DIR"
        let dir = String::from_utf8(output.stderr)
            .unwrap()
            .split_whitespace()
            .last()
            .unwrap()
            .to_owned();
        Self { dir, url }
    }

    fn restart(&self) {
        let status = Command::new("bash")
            .arg(Self::script())
            .args(["restart", &self.dir])
            .status()
            .unwrap();
        assert!(status.success(), "PostgreSQL restarts");
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(Self::script())
            .args(["stop", &self.dir])
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_nodes_reconnect_and_lose_no_acknowledged_write() {
    // Runs where the other PostgreSQL tests run, on a cluster of its own.
    if TestDb::new(Backend::Postgres).await.is_none() {
        return;
    }
    let postgres = OwnPostgres::start();
    let mut admin_conn = sqlx::PgConnection::connect(&postgres.url).await.unwrap();
    sqlx::Executor::execute(&mut admin_conn, "CREATE DATABASE redeem")
        .await
        .unwrap();
    admin_conn.close().await.ok();
    let url_text = format!("{}/redeem", postgres.url.rsplit_once('/').unwrap().0);
    let db = TestDb {
        backend: Backend::Postgres,
        url: DatabaseUrl::Postgres(url_text.clone()),
        url_text,
        dir: tempfile::tempdir().unwrap(),
    };
    let restarts = if long_mode() { 20 } else { 2 };
    create_account(&db, "restart@example.com");
    let codes = Arc::new(issue(&db, restarts * 400, "1.00"));
    let mut cluster = Cluster::start(&db, &[]);
    let bases: Vec<String> = cluster.nodes.iter().map(Node::base).collect();
    let client = Client::new(&bases[0]);
    let token = client.token("restart@example.com", PASSWORD).await;
    let (stop, load) = (Arc::new(AtomicBool::new(false)), Arc::new(Load::default()));
    // Straight to the nodes, two clients each: no balancer hides a node's errors.
    let mut workers = spawn_load(&bases, 2 * NODES, &token, &codes, &stop, &load);
    let started = Instant::now();
    for _ in 0..restarts {
        let before = load.acknowledged.lock().len();
        while load.acknowledged.lock().len() < before + 30 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::task::block_in_place(|| postgres.restart());
    }
    // Every node answers again by itself: healthy, and writes acknowledged after the
    // last restart.
    for node in &mut cluster.nodes {
        assert!(node.is_running(), "a node died with its database");
        loop {
            let health = get_once(node.addr, "/healthz").await;
            if health.is_some_and(|(status, _)| status == 200) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let before = load.acknowledged.lock().len();
    while load.acknowledged.lock().len() < before + 30 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::SeqCst);
    while let Some(worker) = workers.join_next().await {
        worker.unwrap();
    }
    let retried = load.retried.load(Ordering::Relaxed);
    let (redeemed, paid) = check_acknowledged(&client, &token, &load).await;
    println!(
        "{restarts} PostgreSQL restarts under load on {NODES} nodes in {:?}: {redeemed} \
         redeems and {paid} purchases acknowledged, each replayed byte for byte; {retried} \
         attempts failed while the database was away and succeeded when sent again",
        started.elapsed()
    );
    for node in &mut cluster.nodes {
        assert!(node.is_running(), "the nodes were never restarted");
    }
    drop(cluster);
    assert_verify_clean(&db);
}

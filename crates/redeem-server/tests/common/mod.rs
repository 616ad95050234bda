//! Test support: a fresh database per test on SQLite or PostgreSQL, servers on loopback,
//! and a small HTTP client.

#![allow(
    dead_code,
    reason = "each test binary includes this module and uses only the helpers it needs"
)]
#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a helper that cannot do its part fails the calling test, saying what it could not do"
)]

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use redeem_core::api::Problem;
use redeem_core::{Currency, GiftCardCode, Money, Region, SecretText};
use redeem_server::{DatabaseUrl, RunningServer, ServerConfig, serve};
use serde_json::Value;
use sqlx::Connection as _;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database and a directory for the pepper (and the SQLite file).
pub struct TestDb {
    pub backend: Backend,
    pub url: DatabaseUrl,
    pub url_text: String,
    pub dir: tempfile::TempDir,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// `None` (after printing why) when PostgreSQL is not configured; a failure instead when
    /// `CI` is set, so that CI can never skip the PostgreSQL suite silently.
    pub async fn new(backend: Backend) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary directory");
        match backend {
            Backend::Sqlite => {
                let path = dir.path().join("ledger.sqlite3");
                let url_text = format!("sqlite://{}", path.display());
                Some(Self {
                    backend,
                    url: DatabaseUrl::Sqlite(path),
                    url_text,
                    dir,
                })
            }
            Backend::Postgres => {
                let Ok(base) = std::env::var("REDEEM_TEST_POSTGRES_URL") else {
                    if std::env::var_os("CI").is_some() {
                        panic!(
                            "REDEEM_TEST_POSTGRES_URL is not set, but CI is: PostgreSQL tests must run in CI"
                        );
                    }
                    println!(
                        "SKIPPED: PostgreSQL test, because REDEEM_TEST_POSTGRES_URL is not set"
                    );
                    return None;
                };
                let name = format!(
                    "redeem_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.subsec_nanos())
                        .unwrap_or(0)
                );
                let mut admin = sqlx::PgConnection::connect(&base)
                    .await
                    .expect("connect to REDEEM_TEST_POSTGRES_URL");
                sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("create a test database");
                admin.close().await.ok();
                let url_text = with_database(&base, &name);
                Some(Self {
                    backend,
                    url: DatabaseUrl::Postgres(url_text.clone()),
                    url_text,
                    dir,
                })
            }
        }
    }

    pub fn pepper_file(&self) -> PathBuf {
        self.dir.path().join("pepper")
    }

    pub fn config(&self) -> ServerConfig {
        let mut config = ServerConfig::new(self.url.clone(), self.pepper_file());
        config.listen = "127.0.0.1:0".parse().unwrap();
        config
    }

    /// A server on this database with default settings.
    pub async fn start(&self) -> RunningServer {
        serve(self.config()).await.expect("server starts")
    }

    /// A server with settings changed by `tweak`.
    pub async fn start_with(&self, tweak: impl FnOnce(&mut ServerConfig)) -> RunningServer {
        let mut config = self.config();
        tweak(&mut config);
        serve(config).await.expect("server starts")
    }

    /// Runs SQL directly against the database, bypassing the server.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn =
                    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                        .await?;
                let done = sqlx::Executor::execute(&mut conn, sql).await?;
                conn.close().await.ok();
                Ok(done.rows_affected())
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await?;
                let done = sqlx::Executor::execute(&mut conn, sql).await?;
                conn.close().await.ok();
                Ok(done.rows_affected())
            }
        }
    }
}

/// The same URL with another database name.
fn with_database(base: &str, name: &str) -> String {
    let (without_query, query) = match base.split_once('?') {
        Some((url, query)) => (url, Some(query)),
        None => (base, None),
    };
    let scheme_end = without_query.find("://").map_or(0, |i| i + 3);
    let host_part = match without_query[scheme_end..].find('/') {
        Some(slash) => &without_query[..scheme_end + slash],
        None => without_query,
    };
    match query {
        Some(query) => format!("{host_part}/{name}?{query}"),
        None => format!("{host_part}/{name}"),
    }
}

/// Runs a test function once per backend, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::common::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::common::Backend::Postgres).await;
                }
            )*
        }
    };
}

pub fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "a problem body for {}: {}",
            self.status,
            String::from_utf8_lossy(&self.body)
        );
        let problem: Problem = serde_json::from_slice(&self.body).expect("a problem body");
        assert_eq!(problem.status, self.status);
        assert!(!problem.detail.is_empty());
        problem
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// A client of one server, optionally from a given loopback source address.
#[derive(Clone, Debug)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self::from_address(base, None)
    }

    pub fn from_address(base: &str, address: Option<IpAddr>) -> Self {
        let mut builder = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .timeout(std::time::Duration::from_secs(60));
        if let Some(address) = address {
            builder = builder.local_address(address);
        }
        Self {
            http: builder.build().unwrap(),
            base: base.to_owned(),
        }
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        Self::try_send(request).await.expect("the server answers")
    }

    /// Sends `request`; `None` when no whole answer came back (e.g. the server was killed).
    pub async fn try_send(request: reqwest::RequestBuilder) -> Option<Answer> {
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.ok()?.to_vec();
        Some(Answer {
            status,
            headers,
            body,
        })
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Answer {
        self.send(
            self.http
                .post(format!("{}/v1/session", self.base))
                .json(&serde_json::json!({"email": email, "password": password})),
        )
        .await
    }

    /// Signs in and returns the token.
    pub async fn token(&self, email: &str, password: &str) -> String {
        let answer = self.sign_in(email, password).await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()["token"].as_str().unwrap().to_owned()
    }

    pub async fn redeem(&self, token: &str, key: &str, code: &str) -> Answer {
        self.try_redeem(token, key, code)
            .await
            .expect("the server answers")
    }

    /// Like [`Client::redeem`]; `None` when no whole answer came back.
    pub async fn try_redeem(&self, token: &str, key: &str, code: &str) -> Option<Answer> {
        Self::try_send(
            self.http
                .post(format!("{}/v1/redemptions", self.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&serde_json::json!({ "code": code })),
        )
        .await
    }

    pub async fn preview(&self, token: &str, code: &str) -> Answer {
        self.send(
            self.http
                .post(format!("{}/v1/redemptions/preview", self.base))
                .bearer_auth(token)
                .json(&serde_json::json!({ "code": code })),
        )
        .await
    }

    pub async fn purchase(&self, token: &str, key: &str, minor: i64, order: &str) -> Answer {
        self.send(
            self.http
                .post(format!("{}/v1/purchases", self.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&serde_json::json!({
                    "amount": {"amount_minor": minor, "currency": "USD"},
                    "order_id": order,
                    "description": "Test purchase",
                })),
        )
        .await
    }

    pub async fn get(&self, token: &str, path_and_query: &str) -> Answer {
        self.send(
            self.http
                .get(format!("{}{path_and_query}", self.base))
                .bearer_auth(token),
        )
        .await
    }

    pub async fn balance_minor(&self, token: &str) -> i64 {
        let answer = self.get(token, "/v1/balance").await;
        assert_eq!(answer.status, 200);
        answer.json()["available"]["amount_minor"].as_i64().unwrap()
    }
}

/// Creates an account on the server's ledger and signs it in.
pub async fn account(
    server: &RunningServer,
    client: &Client,
    email: &str,
    region: Region,
) -> String {
    server
        .ledger()
        .create_account(email, region, SecretText::new("correct horse battery"))
        .await
        .expect("account created");
    client.token(email, "correct horse battery").await
}

/// Issues cards on the server's ledger; returns their grouped codes.
pub async fn cards(
    server: &RunningServer,
    count: usize,
    value: Money,
    region: Region,
) -> Vec<String> {
    server
        .ledger()
        .issue_cards(count, value, region)
        .await
        .expect("cards issued")
        .iter()
        .map(GiftCardCode::expose_grouped)
        .collect()
}

/// A code that checks out but was never issued.
pub fn unissued_code() -> String {
    GiftCardCode::generate().unwrap().expose_grouped()
}

/// Asserts that `verify` finds no breach.
pub async fn assert_verified(server: &RunningServer) {
    let report = server.ledger().verify().await.expect("verify runs");
    assert!(
        report.breaches.is_empty(),
        "breaches: {:?}",
        report.breaches
    );
}

/// Reads a starting `redeem-server serve`'s standard output up to its "listening on URL"
/// line: answers the URL and the lines before it. Panics if the server exits first.
pub fn wait_until_listening(
    stdout: &mut std::io::BufReader<std::process::ChildStdout>,
) -> (String, Vec<String>) {
    use std::io::BufRead as _;
    let mut line = String::new();
    let mut banner = Vec::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "serve exited before listening"
        );
        if let Some(base) = line.trim().strip_prefix("listening on ") {
            return (base.to_owned(), banner);
        }
        banner.push(line.trim_end().to_owned());
    }
}

/// SplitMix64: small, fast and the same everywhere, so that a seed replays exactly.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }

    /// An amount in `1..=max`.
    pub fn amount(&mut self, max: i64) -> i64 {
        i64::try_from(self.next() % u64::try_from(max).unwrap()).unwrap() + 1
    }

    /// True with a chance of `percent` in 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Whether the long modes run (`REDEEM_LONG=1`): the figures of docs/RELIABILITY.md.
pub fn long_mode() -> bool {
    std::env::var("REDEEM_LONG").is_ok_and(|value| !value.is_empty() && value != "0")
}

/// An HTTP/1.1 request written by hand, for the race harness.
pub fn raw_request(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
    key: &str,
    body: &serde_json::Value,
) -> Vec<u8> {
    let body = body.to_string();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Idempotency-Key: {key}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// An answer read off a raw connection.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl RawAnswer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends `requests` so that they arrive together (the single-packet technique): each goes
/// out on its own open connection but for its last byte; once every connection holds its
/// request back, the last bytes go out back to back. Answers in the order of `requests`.
pub async fn release_together(addr: std::net::SocketAddr, requests: &[Vec<u8>]) -> Vec<RawAnswer> {
    let targets: Vec<(std::net::SocketAddr, Vec<u8>)> = requests
        .iter()
        .map(|request| (addr, request.clone()))
        .collect();
    release_together_at(&targets).await
}

/// Like [`release_together`], each request to its own address (several servers).
pub async fn release_together_at(targets: &[(std::net::SocketAddr, Vec<u8>)]) -> Vec<RawAnswer> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut streams = Vec::with_capacity(targets.len());
    for (addr, request) in targets {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (head, _) = request.split_at(request.len() - 1);
        stream
            .write_all(head)
            .await
            .expect("write all but the last byte");
        stream.flush().await.expect("flush");
        streams.push(stream);
    }
    // Everything but the last bytes has reached the servers' sockets.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    for (stream, (_, request)) in streams.iter_mut().zip(targets) {
        stream
            .write_all(&request[request.len() - 1..])
            .await
            .expect("write the last byte");
    }
    let mut readers = tokio::task::JoinSet::new();
    for (n, mut stream) in streams.into_iter().enumerate() {
        readers.spawn(async move {
            let mut bytes = Vec::new();
            stream
                .read_to_end(&mut bytes)
                .await
                .expect("read the answer");
            (n, parse_raw(&bytes))
        });
    }
    let mut answers: Vec<Option<RawAnswer>> = (0..targets.len()).map(|_| None).collect();
    while let Some(done) = readers.join_next().await {
        let (n, answer) = done.expect("reader");
        answers[n] = Some(answer);
    }
    answers
        .into_iter()
        .map(|a| a.expect("every answer"))
        .collect()
}

/// Status and body of a `Connection: close` HTTP/1.1 answer (no chunked bodies here: the
/// server sends a Content-Length for every JSON answer).
pub fn parse_raw(bytes: &[u8]) -> RawAnswer {
    let text = String::from_utf8_lossy(bytes);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or_else(Vec::new, |at| bytes[at + 4..].to_vec());
    RawAnswer { status, body }
}

/// Inserts an account directly with a given password hash (hashing is slow and not what
/// the simulations test).
pub async fn insert_account(
    ledger: &redeem_server::Ledger,
    email: &str,
    region: Region,
    password_hash: &str,
) -> Result<redeem_server::storage::AccountId, redeem_server::storage::StorageError> {
    use redeem_server::storage::{AccountId, LedgerTx, StorageError, WriteJob};

    struct InsertAccount {
        email: String,
        region: Region,
        password_hash: String,
    }

    impl WriteJob for InsertAccount {
        type Output = AccountId;

        async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<AccountId, StorageError> {
            tx.insert_account(
                &self.email,
                self.region,
                &self.password_hash,
                chrono::Utc::now(),
            )
            .await
        }
    }

    ledger
        .storage()
        .write(InsertAccount {
            email: email.to_owned(),
            region,
            password_hash: password_hash.to_owned(),
        })
        .await
}

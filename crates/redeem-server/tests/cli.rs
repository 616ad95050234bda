//! The real `redeem-server` binary: the admin CLI's output, crash safety under `kill -9`,
//! the web build, and secrets kept out of logs and the database file.

#![expect(
    clippy::expect_used,
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "the cases run on both backends as async functions called from generated tests; a failed step fails its test, and the figures measured are printed"
)]

mod common;

use std::io::{BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Backend, Client, TestDb, wait_until_listening};
use parking_lot::Mutex;

const PASSWORD: &str = "correct horse battery";

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_redeem-server"))
}

fn with_db(db: &TestDb, command: &mut Command) {
    command
        .arg("--database")
        .arg(&db.url_text)
        .arg("--pepper-file")
        .arg(db.pepper_file())
        .env_remove("REDEEM_DATABASE_URL")
        .env_remove("REDEEM_PEPPER_FILE");
}

/// Runs an admin command, with `stdin` on standard input.
fn admin(db: &TestDb, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut command = binary();
    with_db(db, &mut command);
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary runs");
    // A command that refuses its arguments exits before it reads standard input: the
    // write then fails with a broken pipe, and the exit status tells the rest.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn create_account(db: &TestDb, email: &str) {
    let output = admin(
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
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

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
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output).lines().map(str::to_owned).collect()
}

/// A `serve` process on a free port.
struct ServerProcess {
    child: Child,
    base: String,
    /// What it printed before `listening on`.
    banner: Vec<String>,
    _stdout: BufReader<ChildStdout>,
}

impl ServerProcess {
    fn start(db: &TestDb, extra: &[&str], env: &[(&str, &str)], stderr: &Path) -> Self {
        let mut command = binary();
        with_db(db, &mut command);
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            // No balancer watches these servers: SIGTERM need not wait for one to notice.
            .env("REDEEM_DRAIN_SECONDS", "0")
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(stderr).unwrap());
        let mut child = command.spawn().expect("serve starts");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let (base, banner) = wait_until_listening(&mut reader);
        Self {
            child,
            base,
            banner,
            _stdout: reader,
        }
    }

    /// SIGKILL: no shutdown code runs.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then wait for the graceful exit.
    fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "graceful exit, got {exit:?}");
    }
}

on_both_backends!(
    verify_exits_nonzero_on_a_tampered_balance,
    verify_checks_every_payment_and_fails_on_a_credit_without_one,
    kill_9_under_redeem_load_keeps_every_acknowledged_redeem,
    cards_issued_inactive_are_refused_until_activated,
    account_set_password_replaces_the_password_and_ends_every_session,
);

async fn verify_exits_nonzero_on_a_tampered_balance(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    create_account(&db, "verify@example.com");
    let codes = issue(&db, 2, "12.50");
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = client.token("verify@example.com", PASSWORD).await;
    assert_eq!(client.redeem(&token, "v1", &codes[0]).await.status, 201);
    server.shutdown().await.unwrap();

    let clean = admin(&db, &["verify"], "", &[]);
    assert!(clean.status.success(), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("every invariant holds"));

    db.execute_raw("UPDATE accounts SET balance_minor = balance_minor + 1")
        .await
        .unwrap();
    let tampered = admin(&db, &["verify"], "", &[]);
    assert_eq!(tampered.status.code(), Some(1), "{}", stdout(&tampered));
    let report = stdout(&tampered);
    assert!(
        report.contains("FAIL balance equals the sum of the ledger"),
        "{report}"
    );
    assert!(report.contains("BREACH"));
}

async fn verify_checks_every_payment_and_fails_on_a_credit_without_one(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    create_account(&db, "payer@example.com");
    let server = db
        .start_with(|config| {
            config.ledger.funds.provider = redeem_server::payments::ProviderChoice::Test;
        })
        .await;
    let client = Client::new(&server.base_url());
    let token = client.token("payer@example.com", PASSWORD).await;
    let paid = client
        .send(
            client
                .http
                .post(format!("{}/v1/funds", client.base))
                .bearer_auth(&token)
                .header("Idempotency-Key", "p1")
                .json(&serde_json::json!({
                    "amount": {"amount_minor": 2_500, "currency": "USD"},
                    "card": {"number": "4000 1200 3400 0008", "exp_month": 1,
                             "exp_year": 2099, "cvc": "123"},
                })),
        )
        .await;
    assert_eq!(paid.status, 201);
    server.shutdown().await.unwrap();

    let clean = admin(&db, &["verify"], "", &[]);
    let report = stdout(&clean);
    assert!(clean.status.success(), "{report}");
    assert!(report.contains("1 payments"), "{report}");
    assert!(
        report.contains("ok   a payment is credited once, exactly when it succeeded"),
        "{report}"
    );

    // An added-funds entry that no payment accounts for: money from nowhere.
    let forged = match backend {
        Backend::Sqlite => {
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, created_at) \
             SELECT 'forged', account_id, 'added_funds', 100, currency, 2600, 'x', 'x', \
             created_at + 1 FROM ledger WHERE kind = 'added_funds'"
        }
        Backend::Postgres => {
            "INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency, \
             balance_after_minor, source, description, created_at) \
             SELECT 'forged', account_id, 'added_funds', 100, currency, 2600, 'x', 'x', \
             created_at + interval '1 second' FROM ledger WHERE kind = 'added_funds'"
        }
    };
    db.execute_raw(forged).await.unwrap();
    let tampered = admin(&db, &["verify"], "", &[]);
    let report = stdout(&tampered);
    assert_eq!(tampered.status.code(), Some(1), "{report}");
    assert!(
        report.contains("FAIL every added-funds entry names its payment"),
        "{report}"
    );
}

async fn kill_9_under_redeem_load_keeps_every_acknowledged_redeem(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    create_account(&db, "crash@example.com");
    let codes = Arc::new(issue(&db, 400, "1.00"));
    let log = db.dir.path().join("serve.log");
    let server = ServerProcess::start(&db, &[], &[], &log);
    let client = Client::new(&server.base);
    let token = client.token("crash@example.com", PASSWORD).await;

    // Eight clients redeem as fast as they can; every 201 is recorded with its body.
    let acknowledged = Arc::new(Mutex::new(Vec::<(usize, Vec<u8>)>::new()));
    let next = Arc::new(Mutex::new(0_usize));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, token, codes) = (client.clone(), token.clone(), Arc::clone(&codes));
        let (acknowledged, next) = (Arc::clone(&acknowledged), Arc::clone(&next));
        workers.spawn(async move {
            loop {
                let index = {
                    let mut next = next.lock();
                    *next += 1;
                    *next - 1
                };
                let Some(code) = codes.get(index) else { break };
                let key = format!("crash-{index}");
                let Some(answer) = client.try_redeem(&token, &key, code).await else {
                    break;
                };
                let body = answer.body;
                assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&body));
                acknowledged.lock().push((index, body));
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().len() < 100 {
        assert!(Instant::now() < deadline, "the load did not get going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill_9();
    while workers.join_next().await.is_some() {}
    let acknowledged = acknowledged.lock().clone();
    println!(
        "{backend:?}: {} redeems acknowledged before kill -9",
        acknowledged.len()
    );

    let server = ServerProcess::start(&db, &[], &[], &log);
    let client = Client::new(&server.base);
    let token = client.token("crash@example.com", PASSWORD).await;
    for (index, body) in &acknowledged {
        let replay = client
            .redeem(&token, &format!("crash-{index}"), &codes[*index])
            .await;
        assert_eq!(replay.status, 201, "acknowledged redeem {index} survived");
        assert_eq!(&replay.body, body, "and replays its first answer");
    }
    let page = client
        .get(&token, "/v1/transactions?limit=500")
        .await
        .json();
    let entries = page["items"].as_array().unwrap().len();
    assert!(entries >= acknowledged.len());
    assert_eq!(
        client.balance_minor(&token).await,
        100 * i64::try_from(entries).unwrap()
    );
    server.terminate();
    let verify = admin(&db, &["verify"], "", &[]);
    assert!(verify.status.success(), "{}", stdout(&verify));
}

#[test]
fn cards_issue_prints_each_code_once_grouped_per_line() {
    let db = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(TestDb::new(Backend::Sqlite))
        .unwrap();
    let codes = issue(&db, 25, "25");
    assert_eq!(codes.len(), 25);
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 25);
    for code in &codes {
        assert_eq!(code.len(), 19, "{code}");
        assert!(redeem_core::GiftCardCode::parse(code).is_ok());
        assert_eq!(code.matches('-').count(), 3);
    }
    let refused = admin(
        &db,
        &[
            "cards",
            "issue",
            "--count",
            "1",
            "--value",
            "25",
            "--currency",
            "EUR",
            "--region",
            "US",
        ],
        "",
        &[],
    );
    assert!(!refused.status.success());
    assert!(refused.stdout.is_empty());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("US are in USD"));
    let disabled = admin(&db, &["cards", "disable", &codes[0]], "", &[]);
    assert!(disabled.status.success());
    assert!(stdout(&disabled).contains(&codes[0][15..]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(db.pepper_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the pepper file is private");
    }
}

#[test]
fn seed_demo_prints_the_account_its_password_and_codes() {
    let db = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(TestDb::new(Backend::Sqlite))
        .unwrap();
    let first = admin(&db, &["seed-demo"], "", &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = stdout(&first);
    assert!(
        text.contains("demo account: demo@redeem.example (region US), created"),
        "{text}"
    );
    assert!(text.contains("demo password: redeem-demo"));
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| redeem_core::GiftCardCode::parse(word).is_ok())
        .collect();
    assert_eq!(codes.len(), 6, "{text}");
    assert!(text.contains("region_mismatch") && text.contains("card_disabled"));
    let second = admin(&db, &["seed-demo"], "", &[]);
    let again = stdout(&second);
    assert!(again.contains("already there"));
    for code in codes {
        assert!(again.contains(code), "the same demo codes at every run");
    }
}

#[test]
fn account_create_reads_the_password_from_stdin_and_refuses_duplicates() {
    let db = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(TestDb::new(Backend::Sqlite))
        .unwrap();
    create_account(&db, "Stdin@Example.com");
    let again = admin(
        &db,
        &[
            "account",
            "create",
            "--email",
            "stdin@example.com",
            "--region",
            "US",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
        &[],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    let short = admin(
        &db,
        &[
            "account",
            "create",
            "--email",
            "short@example.com",
            "--region",
            "GB",
            "--password-stdin",
        ],
        "short\n",
        &[],
    );
    assert!(!short.status.success());
    let without_flag = admin(
        &db,
        &[
            "account",
            "create",
            "--email",
            "x@example.com",
            "--region",
            "GB",
        ],
        "",
        &[],
    );
    assert!(
        !without_flag.status.success(),
        "the password is only read from stdin"
    );
}

#[test]
fn help_explains_every_command_and_flag() {
    let output = binary().arg("--help").output().unwrap();
    let help = stdout(&output);
    for command in [
        "serve",
        "migrate",
        "seed-demo",
        "account",
        "cards",
        "trade-in",
        "verify",
        "--database",
        "--pepper-file",
        "REDEEM_DATABASE_URL",
    ] {
        assert!(help.contains(command), "{command} in\n{help}");
    }
    let output = binary().args(["serve", "--help"]).output().unwrap();
    let help = stdout(&output);
    for flag in [
        "--listen",
        "--web",
        "--demo",
        "--cors-origin",
        "--trust-forwarded-for",
        "--allow-sign-up",
        "--payments",
        "--funds-max-per-payment",
        "--funds-daily-limit",
        "--payments-deadline-ms",
        "127.0.0.1:8080",
        "REDEEM_LISTEN",
    ] {
        assert!(help.contains(flag), "{flag} in\n{help}");
    }
    for args in [["cards", "--help"], ["trade-in", "--help"]] {
        assert!(binary().args(args).output().unwrap().status.success());
    }
    let cards = stdout(&binary().args(["cards", "--help"]).output().unwrap());
    assert!(cards.contains("activate"), "{cards}");
    let account = stdout(&binary().args(["account", "--help"]).output().unwrap());
    assert!(account.contains("set-password"), "{account}");
}

/// Runs the suite's kinds of request against a binary logging at trace level, with canary
/// secrets, and searches everything it logged for them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs_even_at_trace_level() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let trace = [("RUST_LOG", "trace")];
    let canary_password = "canary-Passw0rd-4417";
    let created = admin(
        &db,
        &[
            "account",
            "create",
            "--email",
            "canary@example.com",
            "--region",
            "US",
            "--password-stdin",
        ],
        &format!("{canary_password}\n"),
        &trace,
    );
    assert!(created.status.success());
    let issued = admin(
        &db,
        &[
            "cards",
            "issue",
            "--count",
            "3",
            "--value",
            "5",
            "--currency",
            "USD",
            "--region",
            "US",
        ],
        "",
        &trace,
    );
    let codes: Vec<String> = stdout(&issued).lines().map(str::to_owned).collect();
    assert_eq!(codes.len(), 3);
    let mut logs = String::new();
    logs.push_str(&String::from_utf8_lossy(&created.stderr));
    logs.push_str(&String::from_utf8_lossy(&issued.stderr));

    let log = db.dir.path().join("serve-trace.log");
    let server = ServerProcess::start(&db, &["--demo"], &trace, &log);
    let client = Client::new(&server.base);
    let token = client.token("canary@example.com", canary_password).await;
    assert_eq!(
        client
            .sign_in("canary@example.com", &format!("{canary_password}x"))
            .await
            .status,
        401
    );
    assert_eq!(client.preview(&token, &codes[0]).await.status, 200);
    assert_eq!(
        client.redeem(&token, "canary-1", &codes[0]).await.status,
        201
    );
    assert_eq!(
        client.redeem(&token, "canary-1", &codes[0]).await.status,
        201
    );
    assert_eq!(
        client.redeem(&token, "canary-1", &codes[1]).await.status,
        422
    );
    assert_eq!(
        client.redeem(&token, "canary-2", &codes[0]).await.status,
        409
    );
    let in_wrong_field = client
        .send(
            client
                .http
                .post(format!("{}/v1/purchases", client.base))
                .bearer_auth(&token)
                .header("Idempotency-Key", "canary-3")
                .json(&serde_json::json!({"amount": {"amount_minor": codes[2], "currency": "USD"}, "order_id": "o", "description": "d"})),
        )
        .await;
    assert_eq!(in_wrong_field.status, 400);
    assert!(!String::from_utf8_lossy(&in_wrong_field.body).contains(&codes[2]));
    assert_eq!(
        client
            .purchase(&token, "canary-4", 100, "order-1")
            .await
            .status,
        201
    );
    assert_eq!(
        client.get(&token, "/v1/transactions?limit=5").await.status,
        200
    );
    assert_eq!(client.get(&token, "/v1/balance").await.status, 200);
    let out = client
        .send(
            client
                .http
                .delete(format!("{}/v1/session", client.base))
                .bearer_auth(&token),
        )
        .await;
    assert_eq!(out.status, 204);
    assert_eq!(client.get(&token, "/v1/balance").await.status, 401);
    server.terminate();
    logs.push_str(&std::fs::read_to_string(&log).unwrap());

    assert!(logs.contains("TRACE"), "trace-level logs were captured");
    assert!(
        logs.contains("tower_http") && logs.contains("sqlx::query"),
        "request and SQL logs too"
    );
    assert!(
        logs.len() > 10_000,
        "a real amount of logging: {} bytes",
        logs.len()
    );
    let pepper = std::fs::read(db.pepper_file()).unwrap();
    let mut canaries = vec![
        canary_password.to_owned(),
        token.clone(),
        hex_lower(&pepper),
    ];
    for code in &codes {
        canaries.push(code.clone());
        canaries.push(code.replace('-', ""));
        canaries.push(code.to_lowercase());
    }
    for canary in canaries {
        assert!(!logs.contains(&canary), "a secret reached the logs");
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Codes live only as HMACs: neither the database file nor its WAL holds one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_file_holds_no_issued_code() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    create_account(&db, "bytes@example.com");
    let codes = issue(&db, 50, "3");
    let log = db.dir.path().join("serve.log");
    let server = ServerProcess::start(&db, &[], &[], &log);
    let client = Client::new(&server.base);
    let token = client.token("bytes@example.com", PASSWORD).await;
    for (n, code) in codes.iter().take(20).enumerate() {
        assert_eq!(
            client.redeem(&token, &format!("b{n}"), code).await.status,
            201
        );
    }
    // Killed, so that the WAL still holds the latest pages.
    server.kill_9();
    let path = match &db.url {
        redeem_server::DatabaseUrl::Sqlite(path) => path.clone(),
        redeem_server::DatabaseUrl::Postgres(_) => unreachable!(),
    };
    let mut bytes = std::fs::read(&path).unwrap();
    for suffix in ["-wal", "-shm"] {
        if let Ok(more) = std::fs::read(format!("{}{suffix}", path.display())) {
            bytes.extend(more);
        }
    }
    assert!(bytes.len() > 50_000);
    let haystack = String::from_utf8_lossy(&bytes);
    // The check is able to find what it looks for: last-4s are stored in clear.
    assert!(haystack.contains(&codes[0][15..]));
    for code in &codes {
        assert!(!haystack.contains(code.as_str()));
        assert!(!haystack.contains(&code.replace('-', "")));
        assert!(!haystack.contains(&code[..9]), "not even half a code");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_web_serves_the_app_and_the_api_from_one_origin() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let web = db.dir.path().join("dist");
    std::fs::create_dir(&web).unwrap();
    std::fs::write(web.join("index.html"), "<html>redeem app</html>").unwrap();
    std::fs::write(web.join("app.js"), "console.log('app')").unwrap();
    std::fs::write(web.join("app.wasm"), b"\0asm plain").unwrap();
    std::fs::write(
        web.join("app.wasm.gz"),
        b"\x1f\x8b stands for the gzip copy",
    )
    .unwrap();
    let log = db.dir.path().join("serve.log");
    let server = ServerProcess::start(&db, &["--web", web.to_str().unwrap(), "--demo"], &[], &log);
    assert_eq!(
        server.banner.first().map(String::as_str),
        Some("demo account: demo@redeem.example (region US), created with its history"),
        "the one command to try the web app says how to sign in: {:?}",
        server.banner
    );
    assert!(
        server
            .banner
            .contains(&"demo password: redeem-demo".to_owned())
    );
    let ready = server
        .banner
        .iter()
        .filter(|line| line.ends_with("ready to redeem"))
        .count();
    assert_eq!(ready, 4, "{:?}", server.banner);
    let client = Client::new(&server.base);
    let get = |path: &'static str| client.send(client.http.get(format!("{}{path}", client.base)));
    let index = get("/").await;
    assert_eq!(index.status, 200);
    assert_eq!(index.body, b"<html>redeem app</html>");
    assert_eq!(get("/app.js").await.body, b"console.log('app')");
    // The gzip copy goes to browsers that accept gzip, the file itself to others.
    let wasm = |encoding: &'static str| {
        client.send(
            client
                .http
                .get(format!("{}/app.wasm", client.base))
                .header("accept-encoding", encoding),
        )
    };
    let gzipped = wasm("gzip, deflate, br").await;
    assert_eq!(gzipped.header("content-encoding").as_deref(), Some("gzip"));
    assert_eq!(
        gzipped.header("content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(gzipped.body, b"\x1f\x8b stands for the gzip copy");
    let plain = wasm("identity").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, b"\0asm plain");
    assert_eq!(
        get("/history/deep/link").await.body,
        b"<html>redeem app</html>"
    );
    let api = get("/v1/nothing").await;
    assert_eq!(api.status, 404);
    assert_eq!(api.problem().code, redeem_core::api::ErrorCode::NotFound);
    assert_eq!(get("/v1/balance").await.status, 401);

    // The web app's sign-in screen offers the demo account and the cards left to redeem.
    let demo = get("/v1/demo").await;
    assert_eq!(demo.status, 200);
    let demo: serde_json::Value = serde_json::from_slice(&demo.body).unwrap();
    assert_eq!(demo["email"], "demo@redeem.example");
    assert_eq!(demo["password"], "redeem-demo");
    let codes: Vec<&str> = demo["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 5, "four US cards and the GB one: {codes:?}");
    for code in &codes {
        assert!(
            server.banner.iter().any(|line| line.contains(code)),
            "{code} is one of the printed demo cards"
        );
    }
    server.terminate();
}

/// An OPTIONS preflight of `GET /v1/balance` from a page on `origin`.
async fn preflight(client: &Client, origin: &str) -> common::Answer {
    client
        .send(
            client
                .http
                .request(
                    reqwest::Method::OPTIONS,
                    format!("{}/v1/balance", client.base),
                )
                .header("origin", origin)
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization"),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_lets_exactly_the_listed_origins_call_the_api() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let log = db.dir.path().join("serve.log");
    let server = ServerProcess::start(
        &db,
        &[
            "--cors-origin",
            "https://app.example",
            "--cors-origin",
            "http://127.0.0.1:8081/",
        ],
        &[],
        &log,
    );
    let client = Client::new(&server.base);
    let demo = client
        .send(client.http.get(format!("{}/v1/demo", client.base)))
        .await;
    assert_eq!(demo.status, 404, "no demo data without --demo");
    for allowed in ["https://app.example", "http://127.0.0.1:8081"] {
        let answer = preflight(&client, allowed).await;
        assert!(
            answer.status < 300,
            "preflight from {allowed}: {}",
            answer.status
        );
        assert_eq!(
            answer.header("access-control-allow-origin").as_deref(),
            Some(allowed)
        );
        let methods = answer.header("access-control-allow-methods").unwrap();
        assert!(methods.contains("GET"), "{methods}");
        let headers = answer.header("access-control-allow-headers").unwrap();
        assert!(headers.contains("authorization"), "{headers}");
        assert_eq!(answer.header("access-control-allow-credentials"), None);
    }
    for foreign in [
        "https://evil.example",
        "https://app.example.evil.example",
        "http://app.example",
        "https://app.example:8443",
        "null",
    ] {
        let answer = preflight(&client, foreign).await;
        assert_eq!(
            answer.header("access-control-allow-origin"),
            None,
            "no CORS grant for {foreign}"
        );
    }
    server.terminate();
}

#[test]
fn serve_refuses_a_wildcard_or_a_cors_origin_with_a_path() {
    let dir = tempfile::tempdir().unwrap();
    for origin in ["*", "https://app.example/app", "app.example"] {
        let output = binary()
            .arg("--database")
            .arg(format!(
                "sqlite://{}",
                dir.path().join("db.sqlite3").display()
            ))
            .arg("--pepper-file")
            .arg(dir.path().join("pepper"))
            .args(["serve", "--listen", "127.0.0.1:0", "--cors-origin", origin])
            .env_remove("REDEEM_CORS_ORIGIN")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{origin} is refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("invalid CORS origin") && stderr.contains(origin),
            "says why: {stderr}"
        );
        assert!(!stdout(&output).contains("listening on"));
    }
}

/// `serve --demo` adds money with the test provider; `--payments none` turns it off, and a
/// plain `serve` has it off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_takes_test_payments_unless_they_are_turned_off() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let log = db.dir.path().join("serve.log");
    for (flags, cards) in [
        (&["--demo"][..], Some(5)),
        (&["--demo", "--payments", "none"][..], None),
        (&[][..], None),
    ] {
        let server = ServerProcess::start(&db, flags, &[], &log);
        let client = Client::new(&server.base);
        // A plain serve finds the demo account the runs before seeded.
        let token = client.token("demo@redeem.example", "redeem-demo").await;
        let options = client.get(&token, "/v1/funds/options").await;
        match cards {
            Some(count) => {
                assert_eq!(options.status, 200, "{flags:?}");
                assert_eq!(
                    options.json()["test_cards"].as_array().map(Vec::len),
                    Some(count)
                );
            }
            None => {
                assert_eq!(options.status, 403, "{flags:?}");
                assert_eq!(options.json()["code"], "funds_not_available");
            }
        }
        server.terminate();
    }
}

#[test]
fn the_embedded_server_starts_seeded_and_stops() {
    use redeem_server::embedded::EmbeddedServer;
    let dir = tempfile::tempdir().unwrap();
    let server = EmbeddedServer::start(dir.path()).unwrap();
    let base = server.base_url();
    assert!(base.starts_with("http://127.0.0.1:"));
    let demo = server.demo_account().clone();
    assert_eq!(demo.email, "demo@redeem.example");
    let codes = server.unredeemed_demo_codes().unwrap();
    assert_eq!(codes.len(), 5);
    let fresh = server
        .issue_cards(2, common::usd(500), redeem_core::Region::Us)
        .unwrap();
    assert_eq!(fresh.len(), 2);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = Client::new(&base);
    let token = runtime.block_on(client.token(&demo.email, &demo.password));
    let redeemed = runtime.block_on(client.redeem(&token, "e1", &fresh[0].expose_grouped()));
    assert_eq!(redeemed.status, 201);
    // The desktop app's own server lets its user make accounts.
    let policy = runtime.block_on(client.send(client.http.get(format!("{base}/v1/sign-up"))));
    assert_eq!(policy.json()["allowed"], true);
    // The embedded server adds money with the test provider.
    let options = runtime.block_on(client.get(&token, "/v1/funds/options"));
    assert_eq!(options.status, 200);
    assert_eq!(
        options.json()["test_cards"].as_array().map(Vec::len),
        Some(5)
    );
    server.expire_sessions().unwrap();
    assert_eq!(
        runtime.block_on(client.get(&token, "/v1/balance")).status,
        401
    );
    server.stop();
    let refused = runtime.block_on(reqwest::get(format!("{base}/healthz")));
    assert!(refused.is_err(), "stopped means connection refused");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("pepper"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = EmbeddedServer::start(dir.path()).unwrap();
    assert_eq!(
        again.unredeemed_demo_codes().unwrap(),
        codes,
        "the same demo codes"
    );
    drop(again);
}

/// Issues one card of 5 USD in the US, inactive when asked; answers its code.
fn issue_one(db: &TestDb, inactive: bool) -> String {
    let mut args = vec![
        "cards",
        "issue",
        "--count",
        "1",
        "--value",
        "5",
        "--currency",
        "USD",
        "--region",
        "US",
    ];
    if inactive {
        args.push("--inactive");
    }
    let output = admin(db, &args, "", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output).trim().to_owned()
}

async fn cards_issued_inactive_are_refused_until_activated(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    create_account(&db, "activate@example.com");
    let inactive = issue_one(&db, true);
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let token = client.token("activate@example.com", PASSWORD).await;
    let refused = client.preview(&token, &inactive).await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.json()["code"], "card_not_active");

    let last4 = &inactive[inactive.len() - 4..];
    let activated = admin(
        &db,
        &["cards", "activate", &inactive.to_lowercase()],
        "",
        &[],
    );
    assert!(
        activated.status.success(),
        "{}",
        String::from_utf8_lossy(&activated.stderr)
    );
    assert_eq!(
        stdout(&activated).trim(),
        format!("activated the card ending {last4}")
    );
    assert!(
        !stdout(&activated).contains(&inactive[..9]),
        "the code is not printed back"
    );
    assert_eq!(client.preview(&token, &inactive).await.status, 200);
    let again = admin(&db, &["cards", "activate", &inactive], "", &[]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("active already"),
        "{}",
        stdout(&again)
    );

    // A redeemed card and a disabled card are refused, each saying why.
    assert_eq!(
        client.redeem(&token, "activate-1", &inactive).await.status,
        201
    );
    let redeemed = admin(&db, &["cards", "activate", &inactive], "", &[]);
    assert!(!redeemed.status.success());
    assert!(
        String::from_utf8_lossy(&redeemed.stderr).contains("was redeemed"),
        "{}",
        String::from_utf8_lossy(&redeemed.stderr)
    );
    let disabled = issue_one(&db, true);
    assert!(
        admin(&db, &["cards", "disable", &disabled], "", &[])
            .status
            .success()
    );
    let refused = admin(&db, &["cards", "activate", &disabled], "", &[]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("is disabled"), "{message}");
    assert_eq!(
        client.preview(&token, &disabled).await.json()["code"],
        "card_disabled"
    );
    // A code that no card has, and text that is not a code.
    let unknown = admin(
        &db,
        &["cards", "activate", &common::unissued_code()],
        "",
        &[],
    );
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no card has this code"));
    assert!(
        !admin(&db, &["cards", "activate", "not-a-code"], "", &[])
            .status
            .success()
    );
}

async fn account_set_password_replaces_the_password_and_ends_every_session(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    create_account(&db, "forgetful@example.com");
    let server = db.start().await;
    let client = Client::new(&server.base_url());
    let phone = client.token("forgetful@example.com", PASSWORD).await;
    let laptop = client.token("forgetful@example.com", PASSWORD).await;
    let set_password = |email: &str, stdin: &str| {
        admin(
            &db,
            &[
                "account",
                "set-password",
                "--email",
                email,
                "--password-stdin",
            ],
            stdin,
            &[],
        )
    };

    let weak = set_password("forgetful@example.com", "password1\n");
    assert!(!weak.status.success());
    assert!(
        String::from_utf8_lossy(&weak.stderr).contains("common"),
        "{}",
        String::from_utf8_lossy(&weak.stderr)
    );
    assert_eq!(client.get(&phone, "/v1/balance").await.status, 200);

    let set = set_password("Forgetful@Example.com", "a fresh long phrase\n");
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert_eq!(
        stdout(&set).trim(),
        "set a new password for forgetful@example.com; 2 session(s) ended"
    );
    assert!(
        !stdout(&set).contains("fresh"),
        "the password is not printed"
    );
    assert_eq!(client.get(&phone, "/v1/balance").await.status, 401);
    assert_eq!(client.get(&laptop, "/v1/balance").await.status, 401);
    assert_eq!(
        client
            .sign_in("forgetful@example.com", PASSWORD)
            .await
            .status,
        401
    );
    client
        .token("forgetful@example.com", "a fresh long phrase")
        .await;

    let unknown = set_password("nobody@example.com", "a fresh long phrase\n");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account"));
    let without_flag = admin(
        &db,
        &[
            "account",
            "set-password",
            "--email",
            "forgetful@example.com",
        ],
        "a fresh long phrase\n",
        &[],
    );
    assert!(
        !without_flag.status.success(),
        "the password is only read from standard input"
    );
}

/// `serve` lets people make accounts with `--allow-sign-up` or `--demo`, and not otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_allows_sign_up_only_with_allow_sign_up_or_demo() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    for (n, (flags, allowed)) in [
        (&[][..], false),
        (&["--allow-sign-up"][..], true),
        (&["--demo"][..], true),
    ]
    .into_iter()
    .enumerate()
    {
        let log = db.dir.path().join("serve.log");
        let server = ServerProcess::start(&db, flags, &[], &log);
        let client = Client::new(&server.base);
        let policy = client
            .send(client.http.get(format!("{}/v1/sign-up", server.base)))
            .await;
        assert_eq!(policy.json()["allowed"], allowed, "{flags:?}");
        let email = format!("new{n}@example.com");
        let made = client
            .send(client.http.post(format!("{}/v1/accounts", server.base)).json(
                &serde_json::json!({"email": email, "password": "lantern orchard rivet", "region": "US"}),
            ))
            .await;
        assert_eq!(made.status, if allowed { 201 } else { 403 }, "{flags:?}");
        server.terminate();
    }
}

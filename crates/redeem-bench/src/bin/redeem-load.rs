//! The load generator of the redeem figures: signs in once, then N concurrent clients
//! redeem distinct cards through `POST /v1/redemptions`, each request with its own
//! `Idempotency-Key` (a time-ordered UUIDv7, as the app sends), until the cards or the time
//! run out. Prints one JSON line.
//!
//! `redeem-load token` only signs in and prints the bearer token, for wrk.

// What this tool prints is its interface.
#![expect(clippy::print_stdout, reason = "prints what it measured")]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use redeem_bench::Throughput;

#[derive(Debug, Parser)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// The account to sign in as.
    #[arg(long)]
    email: String,
    /// Its password (a throwaway benchmark account).
    #[arg(long, env = "REDEEM_BENCH_PASSWORD", hide_env_values = true)]
    password: String,
    /// A bearer token from an earlier `token`, to skip the sign-in (whose password hash
    /// would otherwise be counted with the redeems by a profiler of the server).
    #[arg(long, env = "REDEEM_BENCH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign in and print the bearer token.
    Token,
    /// Redeem the cards in a file (one code a line) with concurrent clients.
    Redeem {
        /// The codes, one a line; each is redeemed at most once.
        #[arg(long)]
        codes: PathBuf,
        /// Concurrent clients, each with its own connection.
        #[arg(long, default_value_t = 32)]
        clients: usize,
        /// Stop after this many seconds even if cards are left.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(60))
        .build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let token = match args.token {
        Some(token) => token,
        None => sign_in(&client, &base, &args.email, &args.password).await?,
    };
    match args.command {
        Command::Token => println!("{token}"),
        Command::Redeem {
            codes,
            clients,
            seconds,
        } => {
            let codes: Vec<String> = std::fs::read_to_string(&codes)
                .with_context(|| format!("reading {}", codes.display()))?
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect();
            let result = redeem(client, base, token, codes, clients, seconds).await;
            println!("{}", result.to_json());
        }
    }
    Ok(())
}

async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let response = client
        .post(format!("{base}/v1/session"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .context("sign in")?;
    if !response.status().is_success() {
        bail!("sign in: HTTP {}", response.status());
    }
    let body: serde_json::Value = response.json().await.context("sign-in answer")?;
    let Some(token) = body.get("token").and_then(serde_json::Value::as_str) else {
        bail!("sign in: no token in the answer");
    };
    Ok(token.to_owned())
}

async fn redeem(
    client: reqwest::Client,
    base: String,
    token: String,
    codes: Vec<String>,
    clients: usize,
    seconds: f64,
) -> Throughput {
    let shared = Arc::new(Shared {
        client,
        url: format!("{base}/v1/redemptions"),
        authorization: format!("Bearer {token}"),
        codes,
        next: AtomicUsize::new(0),
        ok: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        deadline: Instant::now() + Duration::from_secs_f64(seconds.max(0.0)),
    });
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients.max(1))
        .map(|_| tokio::spawn(client_loop(Arc::clone(&shared))))
        .collect();
    for task in tasks {
        // A panicked client only stops counting; the others' figures still stand.
        let _ = task.await;
    }
    Throughput {
        ok: shared.ok.load(Ordering::Relaxed),
        errors: shared.errors.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    }
}

struct Shared {
    client: reqwest::Client,
    url: String,
    authorization: String,
    codes: Vec<String>,
    next: AtomicUsize,
    ok: AtomicU64,
    errors: AtomicU64,
    deadline: Instant,
}

async fn client_loop(shared: Arc<Shared>) {
    while Instant::now() < shared.deadline {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(code) = shared.codes.get(index) else {
            return;
        };
        let sent = shared
            .client
            .post(&shared.url)
            .header("Authorization", &shared.authorization)
            .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await;
        let created = match sent {
            Ok(response) => {
                let created = response.status() == reqwest::StatusCode::CREATED;
                // Read the body so that the connection goes back to the pool.
                created && response.bytes().await.is_ok()
            }
            Err(_) => false,
        };
        let counter = if created { &shared.ok } else { &shared.errors };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

//! `redeem-server`: the balance API and its admin CLI.
//!
//! Standard output carries what a command produces (codes, ids, reports); logs go to
//! standard error through `tracing`, filtered by `RUST_LOG`.

// The CLI's output is its interface.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool: its answers go to standard output, its errors to standard error"
)]

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use redeem_core::{Currency, GiftCardCode, Money, Region, SecretText};
use redeem_server::payments::ProviderChoice;
use redeem_server::service::TradeInAction;
use redeem_server::{DatabaseUrl, ServerConfig, open_ledger, serve};
use zeroize::Zeroizing;

/// mimalloc rather than the C library's allocator: a redeem makes about 150 allocations
/// (-3 % CPU a redeem, docs/BENCHMARKS.md). SQLite keeps the C library's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Redeem balance API server and its admin commands.
///
/// Every command works on the database given by --database (SQLite file or PostgreSQL) and
/// the pepper file given by --pepper-file. Flags can also be set through environment
/// variables (shown as [env: ...]).
#[derive(Debug, Parser)]
#[command(name = "redeem-server", version, propagate_version = true)]
struct Cli {
    /// Where the ledger lives: sqlite://PATH (a file, created when absent) or
    /// postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.
    #[arg(
        long,
        env = "REDEEM_DATABASE_URL",
        default_value = "sqlite://redeem.sqlite3",
        global = true,
        value_name = "URL"
    )]
    database: String,

    /// The pepper file: 32 secret bytes that key the HMAC under which every gift card code
    /// is stored. Created with fresh random bytes and mode 0600 when absent. Keep it out of
    /// the database and its backups; without it no stored card can be found by its code.
    #[arg(
        long,
        env = "REDEEM_PEPPER_FILE",
        default_value = "redeem.pepper",
        global = true,
        value_name = "PATH"
    )]
    pepper_file: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the balance API (migrating the database first).
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Create the demo account (with a realistic history) and the demo cards, once, and
    /// print them with the demo password.
    SeedDemo,
    /// Manage accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Issue and disable gift cards.
    Cards {
        #[command(subcommand)]
        command: CardsCommand,
    },
    /// Walk a trade-in through its states: create, receive, inspect, credit or reject.
    TradeIn {
        #[command(subcommand)]
        command: TradeInCommand,
    },
    /// Recompute every balance from the ledger and check every money invariant; exits with
    /// status 1 on any breach.
    Verify,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(
        long,
        env = "REDEEM_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    listen: SocketAddr,

    /// Also serve the web build in DIR (e.g. Trunk's dist/) at /, from the same origin as
    /// the API; unknown paths outside /v1 get DIR/index.html.
    #[arg(long, env = "REDEEM_WEB_DIR", value_name = "DIR")]
    web: Option<PathBuf>,

    /// Seed the demo account and demo cards before serving (idempotent). A demo server
    /// also lets visitors make accounts, as --allow-sign-up does.
    #[arg(long, env = "REDEEM_DEMO")]
    demo: bool,

    /// Let people make their own accounts (POST /v1/accounts), limited per client address.
    /// Without it (and without --demo) only the administrator makes accounts, with
    /// `account create`.
    #[arg(long, env = "REDEEM_ALLOW_SIGN_UP")]
    allow_sign_up: bool,

    /// Allow browsers on ORIGIN (e.g. https://app.example) to call the API: the web app
    /// served from another origin. Exact origins only (scheme, host, optional port; never
    /// *); repeat the flag or separate origins with commas. Not needed when --web serves
    /// the app.
    #[arg(
        long = "cors-origin",
        env = "REDEEM_CORS_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,

    /// Take the client address for the attempt limiter from the last X-Forwarded-For
    /// entry. Only behind a proxy you trust to set it; otherwise clients could pick their
    /// own address.
    #[arg(long, env = "REDEEM_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,

    /// How long a sign-in lasts, in minutes.
    #[arg(
        long,
        env = "REDEEM_SESSION_TTL_MINUTES",
        default_value_t = 480,
        value_name = "MINUTES"
    )]
    session_ttl_minutes: u64,

    /// Failed redeem/preview attempts one account may make per window (an hour unless
    /// --limit-window-seconds says otherwise).
    #[arg(
        long,
        env = "REDEEM_LIMIT_PER_ACCOUNT",
        default_value_t = 10,
        value_name = "N"
    )]
    limit_per_account: u32,

    /// Failed redeem/preview attempts one client address may make per window.
    #[arg(
        long,
        env = "REDEEM_LIMIT_PER_ADDRESS",
        default_value_t = 30,
        value_name = "N"
    )]
    limit_per_address: u32,

    /// Failed redeem/preview attempts all clients together may make per window.
    #[arg(
        long,
        env = "REDEEM_LIMIT_GLOBAL",
        default_value_t = 10_000,
        value_name = "N"
    )]
    limit_global: u32,

    /// The window, in seconds, over which the three limits above count failed attempts.
    #[arg(
        long,
        env = "REDEEM_LIMIT_WINDOW_SECONDS",
        default_value_t = 3_600,
        value_name = "SECONDS"
    )]
    limit_window_seconds: u64,

    /// SQLite only: most writes committed together in one transaction (group commit;
    /// 1 = one commit per write).
    #[arg(long, env = "REDEEM_MAX_BATCH", default_value_t = 64, value_name = "N")]
    max_batch: usize,

    /// Who charges payment cards when a person adds money (POST /v1/funds): "test", the
    /// built-in test provider (documented test card numbers; no real money moves), or
    /// "none" (adding money answers funds_not_available). Default: test with --demo, none
    /// otherwise.
    #[arg(long, env = "REDEEM_PAYMENTS", value_name = "PROVIDER")]
    payments: Option<PaymentsArg>,

    /// The largest single payment that adds money, in major units of the account's
    /// currency: as written for USD, EUR, GBP, CAD, AUD and CHF, times 100 for JPY (500 is
    /// 50,000 yen) and times 0.3 for KWD (500 is 150.000 dinars).
    #[arg(
        long,
        env = "REDEEM_FUNDS_MAX_PER_PAYMENT",
        default_value_t = 500,
        value_name = "AMOUNT"
    )]
    funds_max_per_payment: u32,

    /// The most one account may add in any 24 hours (payments that succeeded or are still
    /// pending), in major units, scaled for JPY and KWD like --funds-max-per-payment.
    #[arg(
        long,
        env = "REDEEM_FUNDS_DAILY_LIMIT",
        default_value_t = 1_000,
        value_name = "AMOUNT"
    )]
    funds_daily_limit: u32,

    /// How long the payment provider may take to answer, in milliseconds; after that the
    /// payment stays pending, the client is told payment_unavailable, and recovery asks
    /// the provider later what happened.
    #[arg(
        long,
        env = "REDEEM_PAYMENTS_DEADLINE_MS",
        default_value_t = 10_000,
        value_name = "MS"
    )]
    payments_deadline_ms: u64,

    /// On SIGTERM, how long the node drains before it stops accepting connections: it
    /// answers 503 on /healthz, so that the load balancer's health check takes it out of
    /// rotation, and goes on serving what it is still sent. Longer than the balancer
    /// needs to notice (HAProxy: inter x fall). A second signal ends the drain at once;
    /// SIGINT (Ctrl-C) skips it.
    #[arg(
        long,
        env = "REDEEM_DRAIN_SECONDS",
        default_value_t = 5,
        value_name = "SECONDS"
    )]
    drain_seconds: u64,

    /// Once the node stops accepting connections, how long the requests still in flight
    /// may take to finish; then the process exits anyway. Another signal exits at once.
    #[arg(
        long,
        env = "REDEEM_IN_FLIGHT_SECONDS",
        default_value_t = 20,
        value_name = "SECONDS"
    )]
    in_flight_seconds: u64,
}

/// The payment providers `serve --payments` can run.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum PaymentsArg {
    /// The built-in test provider.
    Test,
    /// None: adding money is off.
    None,
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Create an account; the password is read from standard input.
    Create {
        /// The account's e-mail address (its sign-in name).
        #[arg(long, value_name = "E")]
        email: String,
        /// The account's region (US, GB, DE, FR, JP, CA, AU, CH, KW); it sets the currency.
        #[arg(long, value_name = "R")]
        region: Region,
        /// Read the password from standard input (one line; at least 8 characters, not a
        /// common password). Required, so that the password never appears in the process
        /// list or shell history.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Set a new password for an account (there is no forgotten-password e-mail: the
    /// administrator sets one) and end every session of the account.
    SetPassword {
        /// The account's e-mail address.
        #[arg(long, value_name = "E")]
        email: String,
        /// Read the new password from standard input (one line; the rules of sign-up).
        /// Required, so that the password never appears in the process list or shell
        /// history.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CardsCommand {
    /// Issue cards and print each code once, one per line (XXXX-XXXX-XXXX-XXXX), on standard
    /// output. Codes are never stored in clear: this is the only time they are shown.
    Issue {
        /// How many cards.
        #[arg(long, value_name = "N")]
        count: usize,
        /// The value of each card, e.g. 25 or 25.00.
        #[arg(long, value_name = "AMOUNT")]
        value: String,
        /// The currency of the value (must be the region's currency).
        #[arg(long, value_name = "CUR")]
        currency: Currency,
        /// The region the cards redeem in.
        #[arg(long, value_name = "R")]
        region: Region,
        /// Issue the cards inactive (they answer card_not_active until activated).
        #[arg(long)]
        inactive: bool,
    },
    /// Disable a card: it can no longer be redeemed.
    Disable {
        /// The card's code (dashes and spaces optional).
        #[arg(value_name = "CODE")]
        code: String,
    },
    /// Activate a card issued with --inactive, so that it can be redeemed. A disabled or
    /// redeemed card is refused.
    Activate {
        /// The card's code (dashes and spaces optional).
        #[arg(value_name = "CODE")]
        code: String,
    },
}

#[derive(Debug, Subcommand)]
enum TradeInCommand {
    /// Register a trade-in for an account; prints its id.
    Create {
        /// The account's e-mail address.
        #[arg(long, value_name = "E")]
        email: String,
        /// The device, e.g. "iPhone 13, 128 GB".
        #[arg(long, value_name = "TEXT")]
        device: String,
        /// The estimated credit in the account's currency, e.g. 180.00.
        #[arg(long, value_name = "AMOUNT")]
        estimate: String,
    },
    /// The device arrived.
    Receive {
        /// The trade-in id (TI-...).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Inspection of the device started.
    Inspect {
        /// The trade-in id (TI-...).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Credit the trade-in to its account (writes the ledger entry).
    Credit {
        /// The trade-in id (TI-...).
        #[arg(value_name = "ID")]
        id: String,
        /// The final credit in the account's currency, if not the estimate.
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
    },
    /// The device did not qualify; no credit.
    Reject {
        /// The trade-in id (TI-...).
        #[arg(value_name = "ID")]
        id: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let database = DatabaseUrl::parse(&cli.database).context("--database")?;
    let mut config = ServerConfig::new(database, cli.pepper_file.clone());
    match cli.command {
        Command::Serve(args) => run_serve(config, args).await,
        Command::Migrate => {
            let ledger = open_ledger(&config).await?;
            ledger.storage().close().await;
            println!("the database schema is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedDemo => {
            config.demo = true;
            let ledger = open_ledger(&config).await?;
            let summary = ledger.seed_demo().await;
            ledger.storage().close().await;
            print_demo(&summary?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Account { command } => run_account(&config, command).await,
        Command::Cards { command } => run_cards(&config, command).await,
        Command::TradeIn { command } => run_trade_in(&config, command).await,
        Command::Verify => {
            let ledger = open_ledger(&config).await?;
            let report = ledger.verify().await;
            ledger.storage().close().await;
            let report = report?;
            let counts: Vec<String> = report
                .counts
                .iter()
                .map(|(name, count)| format!("{count} {name}"))
                .collect();
            println!("verify: checked {}", counts.join(", "));
            for check in redeem_server::storage::verify_check_names() {
                let failed = report.breaches.iter().any(|breach| breach.check == check);
                println!("  {} {check}", if failed { "FAIL" } else { "ok  " });
            }
            for breach in &report.breaches {
                println!("BREACH: {}: {}", breach.check, breach.detail);
            }
            if report.breaches.is_empty() {
                println!("verify: every invariant holds");
                Ok(ExitCode::SUCCESS)
            } else {
                println!("verify: {} breach(es) found", report.breaches.len());
                Ok(ExitCode::from(1))
            }
        }
    }
}

async fn run_serve(mut config: ServerConfig, args: ServeArgs) -> anyhow::Result<ExitCode> {
    config.listen = args.listen;
    config.web_dir = args.web;
    config.demo = args.demo;
    config.ledger.allow_sign_up = args.allow_sign_up || args.demo;
    config.cors_origins = args
        .cors_origins
        .into_iter()
        .filter(|origin| !origin.trim().is_empty())
        .collect();
    config.trust_forwarded_for = args.trust_forwarded_for;
    config.ledger.session_ttl = Duration::from_secs(args.session_ttl_minutes.max(1) * 60);
    config.ledger.limits.per_account = args.limit_per_account;
    config.ledger.limits.per_address = args.limit_per_address;
    config.ledger.limits.global = args.limit_global;
    config.ledger.limits.window = Duration::from_secs(args.limit_window_seconds.max(1));
    config.storage.max_batch = args.max_batch.max(1);
    config.ledger.funds.provider = match args.payments {
        Some(PaymentsArg::Test) => ProviderChoice::Test,
        None if args.demo => ProviderChoice::Test,
        Some(PaymentsArg::None) | None => ProviderChoice::None,
    };
    config.ledger.funds.max_per_payment = args.funds_max_per_payment;
    config.ledger.funds.daily_limit = args.funds_daily_limit;
    config.ledger.funds.deadline = Duration::from_millis(args.payments_deadline_ms.max(1));
    if let Some(dir) = &config.web_dir
        && !dir.join("index.html").is_file()
    {
        bail!("--web {}: there is no index.html in it", dir.display());
    }
    let drain = Duration::from_secs(args.drain_seconds);
    let in_flight = Duration::from_secs(args.in_flight_seconds);
    let mut signals = StopSignals::install();
    let server = serve(config).await?;
    if let Some(summary) = server.demo() {
        print_demo(summary);
    }
    println!("listening on {}", server.base_url());
    std::io::stdout().flush().context("stdout")?;
    if signals.next().await == Stop::Drain && !drain.is_zero() {
        // The balancer stops sending first; what it still sends is served meanwhile.
        server.start_draining();
        tracing::info!(
            seconds = drain.as_secs(),
            "draining: /healthz answers 503 until the node stops accepting connections"
        );
        tokio::select! {
            () = tokio::time::sleep(drain) => {}
            _ = signals.next() => tracing::info!("a second signal: the drain ends now"),
        }
    }
    tracing::info!("shutting down: no new connections; requests in flight finish");
    let cut = async {
        tokio::select! {
            () = tokio::time::sleep(in_flight) => tracing::warn!(
                seconds = in_flight.as_secs(),
                "requests still in flight after the time they had; stopping anyway"
            ),
            _ = signals.next() => tracing::warn!("another signal: stopping without waiting for requests in flight"),
        }
    };
    server.shutdown_unless(cut).await?;
    Ok(ExitCode::SUCCESS)
}

/// What a stop signal asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// SIGTERM (a service manager, an orchestrator): drain first.
    Drain,
    /// SIGINT (Ctrl-C): stop without a drain.
    Quick,
}

/// The signals that end `serve`. The handlers are installed by [`StopSignals::install`],
/// not when first awaited, so that a signal sent right after the server says it is
/// listening stops it gracefully instead of killing it.
struct StopSignals {
    #[cfg(unix)]
    watched: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignals {
    #[cfg(unix)]
    fn install() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(terminate), Ok(interrupt)) => Self {
                watched: Some((terminate, interrupt)),
            },
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "cannot watch SIGTERM; stop with Ctrl-C");
                Self { watched: None }
            }
        }
    }

    #[cfg(not(unix))]
    fn install() -> Self {
        Self {}
    }

    /// The next stop signal.
    #[cfg(unix)]
    async fn next(&mut self) -> Stop {
        match &mut self.watched {
            Some((terminate, interrupt)) => tokio::select! {
                _ = terminate.recv() => Stop::Drain,
                _ = interrupt.recv() => Stop::Quick,
            },
            None => {
                ctrl_c().await;
                Stop::Quick
            }
        }
    }

    /// The next stop signal: Ctrl-C.
    #[cfg(not(unix))]
    async fn next(&mut self) -> Stop {
        ctrl_c().await;
        Stop::Quick
    }
}

/// Ctrl-C; never, when it cannot be watched (the process is then stopped by other means).
async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::warn!(%error, "cannot watch Ctrl-C");
        std::future::pending::<()>().await;
    }
}

async fn run_account(config: &ServerConfig, command: AccountCommand) -> anyhow::Result<ExitCode> {
    match command {
        AccountCommand::Create { email, region, .. } => {
            let password = read_password()?;
            let ledger = open_ledger(config).await?;
            let created = ledger.create_account(&email, region, password).await;
            ledger.storage().close().await;
            created?;
            println!("created account {} ({region})", email.trim().to_lowercase());
        }
        AccountCommand::SetPassword { email, .. } => {
            let password = read_password()?;
            let ledger = open_ledger(config).await?;
            let set = ledger.set_password(&email, password).await;
            ledger.storage().close().await;
            let ended = set?;
            println!(
                "set a new password for {}; {ended} session(s) ended",
                email.trim().to_lowercase()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_cards(config: &ServerConfig, command: CardsCommand) -> anyhow::Result<ExitCode> {
    match command {
        CardsCommand::Issue {
            count,
            value,
            currency,
            region,
            inactive,
        } => {
            let value = Money::parse(&value, currency).context("--value")?;
            let ledger = open_ledger(config).await?;
            let codes = if inactive {
                ledger.issue_inactive_cards(count, value, region).await
            } else {
                ledger.issue_cards(count, value, region).await
            };
            ledger.storage().close().await;
            let codes = codes?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for code in &codes {
                let grouped = Zeroizing::new(code.expose_grouped());
                writeln!(out, "{}", grouped.as_str()).context("stdout")?;
            }
            out.flush().context("stdout")?;
            Ok(ExitCode::SUCCESS)
        }
        CardsCommand::Disable { code } => {
            let code = GiftCardCode::parse(&code).context("CODE")?;
            let ledger = open_ledger(config).await?;
            let disabled = ledger.disable_card(&code).await;
            ledger.storage().close().await;
            disabled?;
            println!("disabled the card ending {}", code.last4());
            Ok(ExitCode::SUCCESS)
        }
        CardsCommand::Activate { code } => {
            let code = GiftCardCode::parse(&code).context("CODE")?;
            let ledger = open_ledger(config).await?;
            let activated = ledger.activate_card(&code).await;
            ledger.storage().close().await;
            if activated? {
                println!("activated the card ending {}", code.last4());
            } else {
                println!("the card ending {} was active already", code.last4());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn run_trade_in(config: &ServerConfig, command: TradeInCommand) -> anyhow::Result<ExitCode> {
    let ledger = open_ledger(config).await?;
    let result = match command {
        TradeInCommand::Create {
            email,
            device,
            estimate,
        } => ledger.create_trade_in(&email, &device, &estimate).await,
        TradeInCommand::Receive { id } => step(&ledger, &id, TradeInAction::Receive).await,
        TradeInCommand::Inspect { id } => step(&ledger, &id, TradeInAction::Inspect).await,
        TradeInCommand::Reject { id } => step(&ledger, &id, TradeInAction::Reject).await,
        TradeInCommand::Credit { id, amount } => {
            let amount = match amount {
                None => None,
                Some(text) => {
                    let currency = ledger
                        .trade_in_currency(&id)
                        .await?
                        .context("no trade-in has this id")?;
                    Some(Money::parse(&text, currency).context("--amount")?)
                }
            };
            step(&ledger, &id, TradeInAction::Credit { amount }).await
        }
    };
    ledger.storage().close().await;
    println!("{}", result?);
    Ok(ExitCode::SUCCESS)
}

async fn step(
    ledger: &redeem_server::Ledger,
    id: &str,
    action: TradeInAction,
) -> Result<String, redeem_server::LedgerError> {
    let status = ledger.trade_in(id, action).await?;
    Ok(format!("{} {}", id.trim(), status.as_str()))
}

fn read_password() -> anyhow::Result<SecretText> {
    let mut input = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    let password = input.trim_end_matches(['\n', '\r']);
    if password.contains('\n') {
        bail!("the password on standard input must be one line");
    }
    Ok(SecretText::new(password))
}

fn print_demo(summary: &redeem_server::service::DemoSummary) {
    println!(
        "demo account: {} (region {}){}",
        summary.email,
        summary.region,
        if summary.created {
            ", created with its history"
        } else {
            ", already there"
        }
    );
    println!("demo password: {}", summary.password);
    println!("demo cards:");
    for card in &summary.cards {
        let note = if card.redeemed {
            "redeemed"
        } else if card.disabled {
            "disabled: shows card_disabled"
        } else if card.region != summary.region {
            "another region: shows region_mismatch"
        } else {
            "ready to redeem"
        };
        println!(
            "  {}  {} {}  {}  {note}",
            card.code.expose_grouped(),
            card.value.to_plain_decimal(),
            card.value.currency,
            card.region,
        );
    }
}

//! Starting and stopping a server: the library entry point for the binary, the embedded
//! server, tests and benchmarks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::http::drain::Draining;
use crate::http::{RouterOptions, router};
use crate::metrics::Metrics;
use crate::pepper::{Pepper, PepperError};
use crate::service::error::LedgerError;
use crate::service::{DemoSummary, Ledger, LedgerConfig};
use crate::storage::{DatabaseUrl, Storage, StorageError, StorageOptions};

/// How often idempotency records, old failed attempts and expired sessions are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Everything a server needs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Where the ledger lives.
    pub database: DatabaseUrl,
    /// The pepper file (created with 32 random bytes, mode 0600, if absent).
    pub pepper_file: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Serve the web build from this directory at `/`.
    pub web_dir: Option<PathBuf>,
    /// Seed the demo account and cards before serving.
    pub demo: bool,
    /// Origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Ledger rules.
    pub ledger: LedgerConfig,
    /// Storage tuning.
    pub storage: StorageOptions,
}

impl ServerConfig {
    /// Defaults: listen on 127.0.0.1:8080, no web build, no demo, no CORS.
    pub fn new(database: DatabaseUrl, pepper_file: PathBuf) -> Self {
        Self {
            database,
            pepper_file,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            web_dir: None,
            demo: false,
            cors_origins: Vec::new(),
            trust_forwarded_for: false,
            ledger: LedgerConfig::default(),
            storage: StorageOptions::default(),
        }
    }
}

/// Why a server could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The pepper file.
    #[error(transparent)]
    Pepper(#[from] PepperError),
    /// The database.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Seeding demo data.
    #[error("seeding demo data failed: {0}")]
    Ledger(#[from] LedgerError),
    /// Listening.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The server task.
    #[error("the server stopped: {0}")]
    Serve(String),
    /// A CORS origin that is not an exact origin.
    #[error(transparent)]
    BadOrigin(#[from] crate::http::cors::BadOrigin),
}

/// Opens the database and the pepper and builds the ledger service (what every admin
/// command and the server start with).
pub async fn open_ledger(config: &ServerConfig) -> Result<Arc<Ledger>, ServerError> {
    let pepper = Pepper::load_or_create(&config.pepper_file)?;
    let storage = Storage::open(&config.database, &config.storage).await?;
    Ok(Arc::new(Ledger::new(
        storage,
        pepper,
        config.ledger.clone(),
        Arc::new(Metrics::default()),
    )))
}

/// A server that is listening.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    ledger: Arc<Ledger>,
    demo: Option<DemoSummary>,
    draining: Draining,
    shutdown: Option<oneshot::Sender<()>>,
    serve: JoinHandle<Result<(), std::io::Error>>,
    prune: JoinHandle<()>,
    recover: JoinHandle<()>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The ledger service behind it (for admin operations in the same process).
    pub fn ledger(&self) -> &Arc<Ledger> {
        &self.ledger
    }

    /// The demo account and cards, when the server seeded them at start.
    pub fn demo(&self) -> Option<&DemoSummary> {
        self.demo.as_ref()
    }

    /// Starts draining before a shutdown: `GET /healthz` answers 503, so that a load
    /// balancer stops sending requests here, and every answer closes its connection; the
    /// node goes on serving whatever it is still sent.
    pub fn start_draining(&self) {
        self.draining.start();
    }

    /// Stops accepting connections, lets requests in flight finish, then closes the
    /// database (the SQLite writer commits what is queued first).
    pub async fn shutdown(self) -> Result<(), ServerError> {
        self.shutdown_unless(std::future::pending()).await.map(drop)
    }

    /// Like [`RunningServer::shutdown`], but when `cut` completes before the requests in
    /// flight have finished, their connections are closed without an answer. Answers
    /// whether every request in flight finished. The database is closed either way.
    pub async fn shutdown_unless(
        mut self,
        cut: impl std::future::Future<Output = ()>,
    ) -> Result<Finished, ServerError> {
        if let Some(shutdown) = self.shutdown.take() {
            // The server task may have ended already; then there is nothing to signal.
            let _ = shutdown.send(());
        }
        let (served, finished) = tokio::select! {
            served = &mut self.serve => (Some(served), Finished::All),
            () = cut => {
                self.serve.abort();
                (None, Finished::Cut)
            }
        };
        self.prune.abort();
        self.recover.abort();
        self.ledger.storage().close().await;
        if let Some(served) = served {
            served
                .map_err(|error| ServerError::Serve(error.to_string()))?
                .map_err(|error| ServerError::Serve(error.to_string()))?;
        }
        Ok(finished)
    }
}

/// How a shutdown ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Every request in flight got its answer.
    All,
    /// The wait was cut short: requests still in flight were dropped unanswered.
    Cut,
}

/// Starts a server: opens the pepper and the database (migrating it), seeds demo data if
/// asked, binds, and serves in the background until [`RunningServer::shutdown`].
pub async fn serve(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let cors_origins = config
        .cors_origins
        .iter()
        .map(|origin| crate::http::cors::parse_origin(origin))
        .collect::<Result<Vec<_>, _>>()?;
    let ledger = open_ledger(&config).await?;
    let demo = if config.demo {
        let summary = ledger.seed_demo().await?;
        tracing::info!(
            created = summary.created,
            email = %summary.email,
            "demo data ready"
        );
        Some(summary)
    } else {
        None
    };
    let listener =
        TcpListener::bind(config.listen)
            .await
            .map_err(|source| ServerError::Listen {
                addr: config.listen,
                source,
            })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Listen {
            addr: config.listen,
            source,
        })?;
    let draining = Draining::default();
    let app = router(
        Arc::clone(&ledger),
        &RouterOptions {
            web_dir: config.web_dir.clone(),
            cors_origins,
            trust_forwarded_for: config.trust_forwarded_for,
            demo: config.demo,
            draining: draining.clone(),
        },
    );
    let (shutdown, stop) = oneshot::channel::<()>();
    let serve = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            // A dropped sender also means: stop.
            let _ = stop.await;
        })
        .await
    });
    let prune = tokio::spawn(prune_periodically(Arc::clone(&ledger)));
    let recover = tokio::spawn(recover_periodically(Arc::clone(&ledger)));
    tracing::info!(%addr, backend = ledger.storage().backend(), "listening");
    Ok(RunningServer {
        addr,
        ledger,
        demo,
        draining,
        shutdown: Some(shutdown),
        serve,
        prune,
        recover,
    })
}

/// Finishes payments left pending (a crash between the provider's answer and the commit,
/// a provider that did not answer in time): at once, then every `recover_every`.
async fn recover_periodically(ledger: Arc<Ledger>) {
    let mut interval = tokio::time::interval(ledger.config().funds.recover_every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(error) = ledger.recover_payments().await {
            tracing::warn!(%error, "recovering pending payments failed; will try again");
        }
    }
}

async fn prune_periodically(ledger: Arc<Ledger>) {
    let mut interval = tokio::time::interval(PRUNE_EVERY);
    loop {
        interval.tick().await;
        match ledger.prune_due().await {
            Ok(pruned) => tracing::debug!(?pruned, "pruned"),
            Err(error) => tracing::warn!(%error, "pruning failed; will try again"),
        }
    }
}

//! The server inside the desktop app: SQLite in the app's data directory, demo data, on
//! 127.0.0.1 with a free port, on its own thread and tokio runtime.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use redeem_core::{GiftCardCode, Money, Region};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::server::{ServerConfig, serve};
use crate::service::error::LedgerError;
use crate::service::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_REGION, Ledger};
use crate::storage::DatabaseUrl;

/// Why the embedded server failed. Messages name files and causes, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The server's thread or runtime could not be started.
    #[error("cannot start the server thread: {0}")]
    Thread(std::io::Error),
    /// The server did not start.
    #[error("the embedded server did not start: {0}")]
    Start(String),
    /// The server has stopped.
    #[error("the embedded server has stopped")]
    Stopped,
    /// An operation on the ledger failed.
    #[error("the embedded ledger refused: {0}")]
    Ledger(String),
}

impl From<LedgerError> for EmbeddedError {
    fn from(error: LedgerError) -> Self {
        Self::Ledger(error.to_string())
    }
}

/// The demo account the embedded server seeds.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    /// E-mail.
    pub email: String,
    /// Password (public by design: it is a demo).
    pub password: String,
    /// Region.
    pub region: Region,
}

/// A balance server running in this process. Dropping it stops the server gracefully and
/// joins its thread.
#[derive(Debug)]
pub struct EmbeddedServer {
    addr: SocketAddr,
    demo: DemoAccount,
    ledger: Arc<Ledger>,
    runtime: Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

type Ready = Result<(SocketAddr, Arc<Ledger>, Handle), EmbeddedError>;

impl EmbeddedServer {
    /// Blocking: starts the server on 127.0.0.1:0 on its own named thread with its own tokio
    /// runtime, SQLite at `data_dir/ledger.sqlite3`, pepper at `data_dir/pepper` (0600),
    /// migrating and seeding demo data on first start; returns once it is listening.
    pub fn start(data_dir: &Path) -> Result<Self, EmbeddedError> {
        std::fs::create_dir_all(data_dir).map_err(|source| EmbeddedError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let mut config = ServerConfig::new(
            DatabaseUrl::Sqlite(data_dir.join("ledger.sqlite3")),
            data_dir.join("pepper"),
        );
        config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        config.demo = true;
        // The desktop app's own server: whoever runs the app may make accounts in it.
        config.ledger.allow_sign_up = true;
        config.ledger.funds.provider = crate::payments::ProviderChoice::Test;
        let (ready, started) = mpsc::channel::<Ready>();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("redeem-server".into())
            .spawn(move || run(config, &ready, stopped))
            .map_err(EmbeddedError::Thread)?;
        let (addr, ledger, runtime) = match started.recv() {
            Ok(Ok(ready)) => ready,
            Ok(Err(error)) => {
                // The thread has returned already; joining it only collects it.
                let _ = thread.join();
                return Err(error);
            }
            Err(_) => {
                let _ = thread.join();
                return Err(EmbeddedError::Start("the server thread ended".into()));
            }
        };
        Ok(Self {
            addr,
            demo: DemoAccount {
                email: DEMO_EMAIL.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                region: DEMO_REGION,
            },
            ledger,
            runtime,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The demo account.
    pub fn demo_account(&self) -> &DemoAccount {
        &self.demo
    }

    /// Demo codes not redeemed yet, grouped `XXXX-XXXX-XXXX-XXXX` (US ones first, then the
    /// GB one).
    pub fn unredeemed_demo_codes(&self) -> Result<Vec<String>, EmbeddedError> {
        let ledger = Arc::clone(&self.ledger);
        self.block_on(async move { ledger.unredeemed_demo_codes().await })
    }

    /// For tests: issues `count` fresh cards and returns their codes.
    pub fn issue_cards(
        &self,
        count: usize,
        value: Money,
        region: Region,
    ) -> Result<Vec<GiftCardCode>, EmbeddedError> {
        let ledger = Arc::clone(&self.ledger);
        self.block_on(async move { ledger.issue_cards(count, value, region).await })
    }

    /// For tests: makes every live session token expired now.
    pub fn expire_sessions(&self) -> Result<(), EmbeddedError> {
        let ledger = Arc::clone(&self.ledger);
        self.block_on(async move { ledger.expire_sessions().await.map(|_| ()) })
    }

    /// Stops the server now (after this, requests fail with connection refused).
    pub fn stop(self) {
        drop(self);
    }

    /// Runs `work` on the server's runtime and waits for it; callable from any thread,
    /// including one that runs another tokio runtime.
    fn block_on<T: Send + 'static>(
        &self,
        work: impl Future<Output = Result<T, LedgerError>> + Send + 'static,
    ) -> Result<T, EmbeddedError> {
        let (done, result) = mpsc::channel();
        self.runtime.spawn(async move {
            // The caller may have given up waiting; nothing else to do then.
            let _ = done.send(work.await);
        });
        result
            .recv()
            .map_err(|_| EmbeddedError::Stopped)?
            .map_err(EmbeddedError::from)
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may have stopped on its own; then there is nothing to signal.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the embedded server thread panicked");
        }
    }
}

/// The server thread: a runtime, the server, and a wait for the stop signal.
fn run(config: ServerConfig, ready: &mpsc::Sender<Ready>, stopped: oneshot::Receiver<()>) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("redeem-server-worker")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = ready.send(Err(EmbeddedError::Thread(error)));
            return;
        }
    };
    runtime.block_on(async move {
        let server = match serve(config).await {
            Ok(server) => server,
            Err(error) => {
                let _ = ready.send(Err(EmbeddedError::Start(error.to_string())));
                return;
            }
        };
        let handed = ready.send(Ok((
            server.addr(),
            Arc::clone(server.ledger()),
            Handle::current(),
        )));
        if handed.is_ok() {
            // Until the EmbeddedServer is dropped (or dropped without a signal).
            let _ = stopped.await;
        }
        if let Err(error) = server.shutdown().await {
            tracing::warn!(%error, "the embedded server did not stop cleanly");
        }
    });
}

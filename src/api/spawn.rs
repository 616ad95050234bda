//! Running a call in the background: on a small tokio runtime natively, on the browser's
//! event loop on the web.

use std::future::Future;

use poll_promise::Promise;

/// `Send` natively, where calls run on another thread; nothing on the web, where the
/// browser's fetch futures are not `Send` and run on the one thread there is.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send> MaybeSend for T {}

/// `Send` natively, where calls run on another thread; nothing on the web, where the
/// browser's fetch futures are not `Send` and run on the one thread there is.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T> MaybeSend for T {}

/// Where background calls run.
#[derive(Clone)]
pub(crate) struct Spawner {
    #[cfg(not(target_arch = "wasm32"))]
    runtime: std::sync::Arc<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Spawner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spawner")
    }
}

impl Spawner {
    /// A runtime of its own with one worker thread: the app's calls are few and small.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn new() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("redeem-api")
            .enable_all()
            .build()?;
        Ok(Self {
            runtime: std::sync::Arc::new(runtime),
        })
    }

    /// The browser's event loop needs no set-up.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn new() -> std::io::Result<Self> {
        Ok(Self {})
    }

    /// Runs `future` in the background; the promise is fulfilled with its output, and egui
    /// is asked for a repaint so that the logic step sees the result at once.
    pub(crate) fn spawn<T>(
        &self,
        ctx: &egui::Context,
        future: impl Future<Output = T> + MaybeSend + 'static,
    ) -> Promise<T>
    where
        T: Send + 'static,
    {
        let (sender, promise) = Promise::new();
        let ctx = ctx.clone();
        let task = async move {
            sender.send(future.await);
            ctx.request_repaint();
        };
        #[cfg(not(target_arch = "wasm32"))]
        drop(self.runtime.spawn(task));
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_futures::spawn_local(task);
        promise
    }
}

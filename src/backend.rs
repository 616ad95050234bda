//! [`Backend`]: which balance server the app talks to, and the embedded demo server when
//! the app runs one in-process.

use redeem_core::SecretText;

/// The demo account and cards of an embedded server, offered on the sign-in screen.
#[derive(Clone, Debug)]
pub struct DemoInfo {
    /// The demo account's e-mail address.
    pub email: String,
    /// The demo account's password (a demo secret, shown on purpose).
    pub password: SecretText,
    /// Codes of demo cards that have not been redeemed yet, grouped.
    pub codes: Vec<SecretText>,
    /// The demo ledger runs inside this app (the desktop's embedded server), not on a
    /// server elsewhere that was started with demo data.
    pub on_this_device: bool,
}

impl From<redeem_core::api::DemoResponse> for DemoInfo {
    fn from(demo: redeem_core::api::DemoResponse) -> Self {
        Self {
            email: demo.email,
            password: demo.password,
            codes: demo.codes,
            on_this_device: false,
        }
    }
}

/// Where the balance server is.
pub struct Backend {
    base_url: String,
    demo: Option<DemoInfo>,
    #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
    embedded: Option<redeem_server::embedded::EmbeddedServer>,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("base_url", &self.base_url)
            .field("demo", &self.demo.is_some())
            .finish_non_exhaustive()
    }
}

impl Backend {
    /// A server elsewhere; nothing runs in-process.
    pub fn remote(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            demo: None,
            #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
            embedded: None,
        }
    }

    /// The server the web page came from.
    #[cfg(target_arch = "wasm32")]
    pub fn same_origin() -> Self {
        let origin = web_sys::window()
            .and_then(|window| window.location().origin().ok())
            .unwrap_or_default();
        Self::remote(origin)
    }

    /// Runs on a server started in-process, with its demo account and cards.
    #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
    pub fn embedded(server: redeem_server::embedded::EmbeddedServer) -> Self {
        // The account is known at once; which cards are left the app asks the server for
        // (`GET /v1/demo`), as it does every other question, without waiting on it.
        let account = server.demo_account();
        let demo = DemoInfo {
            email: account.email.clone(),
            password: SecretText::new(account.password.as_str()),
            codes: Vec::new(),
            on_this_device: true,
        };
        Self {
            base_url: server.base_url(),
            demo: Some(demo),
            embedded: Some(server),
        }
    }

    /// The same server, reached at another address (e.g. through a proxy).
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True when the app runs on demo data: its own local demo ledger, or a server that
    /// offers its demo account.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// True when the app runs its own server in-process.
    pub fn is_embedded(&self) -> bool {
        #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
        return self.embedded.is_some();
        #[cfg(not(all(feature = "embedded-server", not(target_arch = "wasm32"))))]
        false
    }

    /// The demo account and cards as the server offers them (`GET /v1/demo`); `None` for a
    /// server without demo data. The embedded server is always a demo.
    pub fn set_demo(&mut self, demo: Option<DemoInfo>) {
        let on_this_device = self.is_embedded();
        match demo {
            Some(demo) => {
                self.demo = Some(DemoInfo {
                    on_this_device,
                    ..demo
                });
            }
            None if !on_this_device => self.demo = None,
            None => {}
        }
    }

    /// The demo account and cards, when the server has them.
    pub fn demo(&self) -> Option<&DemoInfo> {
        self.demo.as_ref()
    }

    /// The embedded server, if the app runs one (tests use it to set up situations).
    #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
    pub fn embedded_server(&self) -> Option<&redeem_server::embedded::EmbeddedServer> {
        self.embedded.as_ref()
    }

    /// Stops the embedded server, as if the network went away; the app keeps running.
    #[cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]
    pub fn stop_embedded(&mut self) {
        if let Some(server) = self.embedded.take() {
            server.stop();
        }
    }
}

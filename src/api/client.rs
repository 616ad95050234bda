//! [`ApiClient`]: the typed calls of the balance API, version 1.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use redeem_core::SecretText;
use redeem_core::api::{
    AddFundsRequest, BalanceResponse, ChangePasswordRequest, ConfirmFundsRequest, DemoResponse,
    FundsOptions, FundsResponse, Health, IDEMPOTENCY_KEY_HEADER, PreviewResponse, Problem,
    PurchaseRequest, PurchaseResponse, RedeemRequest, RedeemResponse, SessionRequest,
    SessionResponse, SignUpPolicy, SignUpRequest, TradeInsResponse, TransactionsPage,
    TransactionsQuery,
};
use reqwest::{Method, RequestBuilder, StatusCode, header};
use secrecy::{ExposeSecret as _, SecretString};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::spawn::Spawner;
use super::timeout::within;
use super::{ApiError, ApiResult, Call};

/// How long each kind of call may take before it counts as timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Signing in and out (password hashing makes sign-in the slowest call).
    pub session: Duration,
    /// Reads: balance, history, trade-ins, health.
    pub read: Duration,
    /// Preview, redeem and purchase.
    pub write: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            session: Duration::from_secs(20),
            read: Duration::from_secs(10),
            write: Duration::from_secs(15),
        }
    }
}

/// `GET /v1/balance` with `If-None-Match`: either a fresh balance or "unchanged".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BalanceFetch {
    /// The balance changed (or was not known): here it is, with its new `ETag`.
    Fresh {
        /// The balance.
        balance: BalanceResponse,
        /// The `ETag` to send next time, when the server gave one.
        etag: Option<String>,
    },
    /// 304: the balance the app holds is still current.
    NotModified,
}

/// The balance API client. Cheap to clone; every clone shares one connection pool, one
/// background runtime and one request counter.
#[derive(Clone, Debug)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base_url: String,
    http: reqwest::Client,
    spawner: Spawner,
    timeouts: Timeouts,
    requests_sent: AtomicU64,
}

impl ApiClient {
    /// A client of the server at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str, timeouts: Timeouts) -> std::io::Result<Self> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            inner: Arc::new(Inner {
                base_url: base_url.trim_end_matches('/').to_owned(),
                http,
                spawner: Spawner::new()?,
                timeouts,
                requests_sent: AtomicU64::new(0),
            }),
        })
    }

    /// A client of the same server on new connections, sharing this one's runtime. Once
    /// this client and its calls are gone, its pooled connections close: their buffers
    /// still hold the last requests (a bearer token in each), so the app takes a fresh
    /// client after sign-out.
    pub fn with_fresh_connections(&self) -> std::io::Result<Self> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            inner: Arc::new(Inner {
                base_url: self.inner.base_url.clone(),
                http,
                spawner: self.inner.spawner.clone(),
                timeouts: self.inner.timeouts,
                requests_sent: AtomicU64::new(self.requests_sent()),
            }),
        })
    }

    /// The server this client talks to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// How many requests this client has sent so far. Tests use it to prove that a typo
    /// was caught before anything went over the network.
    pub fn requests_sent(&self) -> u64 {
        self.inner.requests_sent.load(Ordering::Relaxed)
    }

    /// `GET /healthz`.
    pub fn health(&self, ctx: &egui::Context) -> Call<Health> {
        let request = self.request(Method::GET, "/healthz", None);
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `GET /v1/demo`: the demo account and cards of a server started with demo data
    /// (a `not_found` problem from any other server).
    pub fn demo(&self, ctx: &egui::Context) -> Call<DemoResponse> {
        let request = self.request(Method::GET, "/v1/demo", None);
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `POST /v1/session`: sign in.
    pub fn sign_in(
        &self,
        ctx: &egui::Context,
        email: String,
        password: SecretText,
    ) -> Call<SessionResponse> {
        let body = SessionRequest { email, password };
        let request = self.request(Method::POST, "/v1/session", None).json(&body);
        drop(body);
        self.spawn(ctx, self.inner.timeouts.session, json(request))
    }

    /// `DELETE /v1/session`: the token dies at once.
    pub fn sign_out(&self, ctx: &egui::Context, token: &SecretString) -> Call<()> {
        let request = self.request(Method::DELETE, "/v1/session", Some(token));
        self.spawn(ctx, self.inner.timeouts.session, empty(request))
    }

    /// `GET /v1/balance`, conditional on `etag` when given.
    pub fn balance(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        etag: Option<String>,
    ) -> Call<BalanceFetch> {
        let mut request = self.request(Method::GET, "/v1/balance", Some(token));
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        self.spawn(ctx, self.inner.timeouts.read, async move {
            let response = send(request).await?;
            if response.status() == StatusCode::NOT_MODIFIED {
                return Ok(BalanceFetch::NotModified);
            }
            let etag = response
                .headers()
                .get(header::ETAG)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let balance = decode(response).await?;
            Ok(BalanceFetch::Fresh { balance, etag })
        })
    }

    /// `POST /v1/redemptions/preview`: what a code would add, without redeeming it.
    pub fn preview(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        code: SecretText,
    ) -> Call<PreviewResponse> {
        let body = RedeemRequest { code };
        let request = self
            .request(Method::POST, "/v1/redemptions/preview", Some(token))
            .json(&body);
        self.spawn(ctx, self.inner.timeouts.write, json(request))
    }

    /// `POST /v1/redemptions`. Send the same `idempotency_key` again to retry safely.
    pub fn redeem(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        code: SecretText,
        idempotency_key: Uuid,
    ) -> Call<RedeemResponse> {
        let body = RedeemRequest { code };
        let request = self
            .request(Method::POST, "/v1/redemptions", Some(token))
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key.to_string())
            .json(&body);
        self.spawn(ctx, self.inner.timeouts.write, json(request))
    }

    /// `GET /v1/transactions`: one page of history, newest first.
    pub fn transactions(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        query: &TransactionsQuery,
    ) -> Call<TransactionsPage> {
        let request = self
            .request(Method::GET, "/v1/transactions", Some(token))
            .query(query);
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `GET /v1/trade-ins`.
    pub fn trade_ins(&self, ctx: &egui::Context, token: &SecretString) -> Call<TradeInsResponse> {
        let request = self.request(Method::GET, "/v1/trade-ins", Some(token));
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `POST /v1/purchases`. Send the same `idempotency_key` again to retry safely.
    pub fn purchase(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        body: &PurchaseRequest,
        idempotency_key: Uuid,
    ) -> Call<PurchaseResponse> {
        let request = self
            .request(Method::POST, "/v1/purchases", Some(token))
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key.to_string())
            .json(body);
        self.spawn(ctx, self.inner.timeouts.write, json(request))
    }

    /// `GET /v1/sign-up`: whether this server lets people make accounts, and how.
    pub fn sign_up_policy(&self, ctx: &egui::Context) -> Call<SignUpPolicy> {
        let request = self.request(Method::GET, "/v1/sign-up", None);
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `POST /v1/accounts`: makes an account and signs in to it.
    pub fn sign_up(&self, ctx: &egui::Context, body: &SignUpRequest) -> Call<SessionResponse> {
        let request = self.request(Method::POST, "/v1/accounts", None).json(body);
        self.spawn(ctx, self.inner.timeouts.session, json(request))
    }

    /// `PUT /v1/account/password`: every other session of the account ends.
    pub fn change_password(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        body: &ChangePasswordRequest,
    ) -> Call<()> {
        let request = self
            .request(Method::PUT, "/v1/account/password", Some(token))
            .json(body);
        self.spawn(ctx, self.inner.timeouts.session, empty(request))
    }

    /// `DELETE /v1/sessions`: every session of the account ends, this one too.
    pub fn sign_out_everywhere(&self, ctx: &egui::Context, token: &SecretString) -> Call<()> {
        let request = self.request(Method::DELETE, "/v1/sessions", Some(token));
        self.spawn(ctx, self.inner.timeouts.session, empty(request))
    }

    /// `GET /v1/funds/options`: the amounts and limits of adding money.
    pub fn funds_options(&self, ctx: &egui::Context, token: &SecretString) -> Call<FundsOptions> {
        let request = self.request(Method::GET, "/v1/funds/options", Some(token));
        self.spawn(ctx, self.inner.timeouts.read, json(request))
    }

    /// `POST /v1/funds`. Send the same `idempotency_key` again to retry safely.
    pub fn add_funds(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        body: &AddFundsRequest,
        idempotency_key: Uuid,
    ) -> Call<FundsResponse> {
        let request = self
            .request(Method::POST, "/v1/funds", Some(token))
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key.to_string())
            .json(body);
        self.spawn(ctx, self.inner.timeouts.write, json(request))
    }

    /// `POST /v1/funds/{payment_id}/confirm`: the card issuer's second step.
    pub fn confirm_funds(
        &self,
        ctx: &egui::Context,
        token: &SecretString,
        payment_id: &str,
        body: &ConfirmFundsRequest,
        idempotency_key: Uuid,
    ) -> Call<FundsResponse> {
        let path = format!("/v1/funds/{payment_id}/confirm");
        let request = self
            .request(Method::POST, &path, Some(token))
            .header(IDEMPOTENCY_KEY_HEADER, idempotency_key.to_string())
            .json(body);
        self.spawn(ctx, self.inner.timeouts.write, json(request))
    }

    fn request(&self, method: Method, path: &str, token: Option<&SecretString>) -> RequestBuilder {
        let url = format!("{}{path}", self.inner.base_url);
        let mut request = self
            .inner
            .http
            .request(method, url)
            .header(header::ACCEPT, "application/json");
        if let Some(token) = token {
            request = request.bearer_auth(token.expose_secret());
        }
        request
    }

    /// Runs one call in the background, whole (request, answer and body) within `limit`.
    fn spawn<T: Send + 'static>(
        &self,
        ctx: &egui::Context,
        limit: Duration,
        future: impl Future<Output = ApiResult<T>> + super::MaybeSend + 'static,
    ) -> Call<T> {
        self.inner.requests_sent.fetch_add(1, Ordering::Relaxed);
        self.inner.spawner.spawn(ctx, async move {
            within(limit, future)
                .await
                .unwrap_or(Err(ApiError::Timeout {
                    seconds: limit.as_secs(),
                }))
        })
    }
}

/// Sends the request; a server problem becomes [`ApiError::Server`]. The time limit is
/// the caller's ([`ApiClient::spawn`]).
async fn send(request: RequestBuilder) -> ApiResult<reqwest::Response> {
    let response = request.send().await.map_err(ApiError::from)?;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        return Ok(response);
    }
    let bytes = response.bytes().await.map_err(ApiError::from)?;
    match serde_json::from_slice::<Problem>(&bytes) {
        Ok(problem) => Err(ApiError::from(problem)),
        Err(_) => Err(ApiError::Decode(format!(
            "HTTP {} without a problem description",
            status.as_u16()
        ))),
    }
}

async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> ApiResult<T> {
    let bytes = response.bytes().await.map_err(ApiError::from)?;
    serde_json::from_slice(&bytes).map_err(|error| ApiError::Decode(error.to_string()))
}

async fn json<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    decode(send(request).await?).await
}

async fn empty(request: RequestBuilder) -> ApiResult<()> {
    send(request).await.map(drop)
}

//! The HTTP edge: routes (thin: extract, call the ledger, map errors), metrics, the web
//! build, CORS and the OpenAPI document.

mod account;
mod balance;
pub mod cors;
mod demo;
pub mod drain;
pub mod error;
pub mod extract;
mod funds;
mod history;
pub mod openapi;
mod ops;
mod purchases;
mod ratelimit;
mod redemptions;
mod session;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, delete, get, post, put};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::service::Ledger;

/// Largest request body accepted, in bytes. Every request of this API is small.
pub const BODY_LIMIT: usize = 16 * 1024;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The ledger service.
    pub ledger: Arc<Ledger>,
    /// Whether `X-Forwarded-For` names the client (behind a trusted proxy only).
    pub trust_forwarded_for: bool,
    /// The OpenAPI document, rendered once.
    pub openapi: Arc<str>,
    /// The server runs on demo data and tells its visitors how to sign in.
    pub demo: bool,
    /// Whether the node is draining before it stops (`/healthz` then answers 503).
    pub draining: drain::Draining,
}

/// How the router is put together.
#[derive(Clone, Debug, Default)]
pub struct RouterOptions {
    /// Serve this directory's files at `/` (with `index.html` for unknown paths).
    pub web_dir: Option<PathBuf>,
    /// Origins allowed to call the API from a browser (CORS), as [`cors::parse_origin`]
    /// gives them; none by default.
    pub cors_origins: Vec<HeaderValue>,
    /// Trust `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// Answer `GET /v1/demo` with the demo account and cards (servers started with demo
    /// data only).
    pub demo: bool,
    /// Set when the node starts draining before it stops.
    pub draining: drain::Draining,
}

/// The application: API routes, operations routes, fallbacks and layers.
pub fn router(ledger: Arc<Ledger>, options: &RouterOptions) -> Router {
    let state = AppState {
        ledger: Arc::clone(&ledger),
        trust_forwarded_for: options.trust_forwarded_for,
        openapi: Arc::from(openapi::openapi_json()),
        demo: options.demo,
        draining: options.draining.clone(),
    };
    let mut router = Router::new()
        .route(
            "/v1/session",
            post(session::sign_in).delete(session::sign_out),
        )
        .route("/v1/balance", get(balance::get))
        .route("/v1/redemptions/preview", post(redemptions::preview))
        .route("/v1/redemptions", post(redemptions::redeem))
        .route("/v1/transactions", get(history::transactions))
        .route("/v1/trade-ins", get(history::trade_ins))
        .route("/v1/purchases", post(purchases::create))
        .route("/v1/funds/options", get(funds::options))
        .route("/v1/funds", post(funds::add))
        .route("/v1/funds/{payment_id}/confirm", post(funds::confirm))
        .route("/v1/openapi.json", get(ops::openapi))
        .route("/v1/demo", get(demo::get))
        .route("/v1/sign-up", get(account::policy))
        .route("/v1/accounts", post(account::sign_up))
        .route("/v1/account/password", put(account::change_password))
        .route("/v1/sessions", delete(session::sign_out_everywhere))
        .route("/v1", any(ops::not_found))
        .route("/v1/{*rest}", any(ops::not_found))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .method_not_allowed_fallback(ops::method_not_allowed);
    router = match &options.web_dir {
        // The web build's .gz copies go to browsers that accept gzip (scripts/web-gzip.sh).
        Some(dir) => router.fallback_service(
            ServeDir::new(dir)
                .precompressed_gzip()
                .fallback(ServeFile::new(dir.join("index.html"))),
        ),
        None => router.fallback(ops::not_found),
    };
    let mut router = router
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(ledger, track))
        .layer(middleware::from_fn_with_state(
            options.draining.clone(),
            drain::close_when_draining,
        ))
        // Spans carry method and path only: no headers (Authorization) and no bodies.
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    if !options.cors_origins.is_empty() {
        router = router.layer(cors::layer(options.cors_origins.clone()));
    }
    router
}

/// Counts and times every request by matched route, method and status.
async fn track(State(ledger): State<Arc<Ledger>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    ledger.metrics().observe_request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

//! Draining: a node that is about to stop tells its load balancer first. While it drains,
//! `GET /healthz` answers 503 (the balancer's health check takes the node out of rotation)
//! and every answer carries `Connection: close` (a client or balancer holding a kept-alive
//! connection to this node opens its next one elsewhere), but requests are still served.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::CONNECTION;
use axum::middleware::Next;
use axum::response::Response;

/// Whether this node is draining; shared by the server handle and the routes.
#[derive(Clone, Debug, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    /// From now on, report unhealthy and close every connection after its answer.
    pub fn start(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`Draining::start`] was called.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Adds `Connection: close` to every answer while the node drains.
pub async fn close_when_draining(
    State(draining): State<Draining>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if draining.is_draining() {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

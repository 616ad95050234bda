//! Prometheus metrics, rendered in the text exposition format at `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use parking_lot::Mutex;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
struct Inner {
    /// `(route, method, status)` -> latency histogram.
    requests: BTreeMap<(String, String, u16), Histogram>,
    /// `(operation, outcome)` -> count.
    redeem: BTreeMap<(&'static str, String), u64>,
    /// scope -> count.
    limiter: BTreeMap<String, u64>,
    /// `(step, outcome)` of card payments -> count.
    payments: BTreeMap<(&'static str, &'static str), u64>,
}

/// Counters and histograms of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    /// Records one answered request. `route` is the matched route template (never the raw
    /// path, which could carry anything a client sent).
    pub fn observe_request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let mut inner = self.inner.lock();
        let histogram = inner
            .requests
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default();
        histogram.count += 1;
        histogram.sum += seconds;
        for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
    }

    /// Records the outcome of a redeem or preview (`redeemed`, `invalid_code`, ...).
    pub fn redeem_outcome(&self, operation: &'static str, outcome: &str) {
        *self
            .inner
            .lock()
            .redeem
            .entry((operation, outcome.to_owned()))
            .or_default() += 1;
    }

    /// Records an attempt refused by the limiter, by scope (account, address, global).
    pub fn limiter_hit(&self, scope: &str) {
        *self
            .inner
            .lock()
            .limiter
            .entry(scope.to_owned())
            .or_default() += 1;
    }

    /// Records what a step of a card payment came to: `charge`, `confirm` or `recovery`,
    /// and `succeeded`, `declined`, `requires_confirmation`, `unavailable` or `failed`.
    pub fn payment_outcome(&self, step: &'static str, outcome: &'static str) {
        *self
            .inner
            .lock()
            .payments
            .entry((step, outcome))
            .or_default() += 1;
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let inner = self.inner.lock();
        let mut out = String::new();
        out.push_str("# HELP redeem_http_requests_total HTTP requests answered, by route, method and status.\n");
        out.push_str("# TYPE redeem_http_requests_total counter\n");
        for ((route, method, status), histogram) in &inner.requests {
            let _ = writeln!(
                out,
                "redeem_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP redeem_http_request_duration_seconds Time to answer, by route, method and status.\n");
        out.push_str("# TYPE redeem_http_request_duration_seconds histogram\n");
        for ((route, method, status), histogram) in &inner.requests {
            let labels = format!("route=\"{route}\",method=\"{method}\",status=\"{status}\"");
            for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter()) {
                let _ = writeln!(
                    out,
                    "redeem_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "redeem_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "redeem_http_request_duration_seconds_sum{{{labels}}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "redeem_http_request_duration_seconds_count{{{labels}}} {}",
                histogram.count
            );
        }
        out.push_str(
            "# HELP redeem_redeem_outcomes_total Redeem and preview attempts, by outcome.\n",
        );
        out.push_str("# TYPE redeem_redeem_outcomes_total counter\n");
        for ((operation, outcome), count) in &inner.redeem {
            let _ = writeln!(
                out,
                "redeem_redeem_outcomes_total{{operation=\"{operation}\",outcome=\"{outcome}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP redeem_limiter_hits_total Attempts refused by the attempt limiter, by scope.\n",
        );
        out.push_str("# TYPE redeem_limiter_hits_total counter\n");
        for (scope, count) in &inner.limiter {
            let _ = writeln!(
                out,
                "redeem_limiter_hits_total{{scope=\"{scope}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP redeem_payment_outcomes_total What the payment provider answered to charges \
             and confirmations, and what recovery settled, by step and outcome.\n",
        );
        out.push_str("# TYPE redeem_payment_outcomes_total counter\n");
        for ((step, outcome), count) in &inner.payments {
            let _ = writeln!(
                out,
                "redeem_payment_outcomes_total{{step=\"{step}\",outcome=\"{outcome}\"}} {count}"
            );
        }
        out
    }
}

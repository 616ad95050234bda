//! Benchmarks of Redeem, each a ratio against a baseline measured in the same run on the
//! same machine. `scripts/bench.sh` runs them all and prints the table that
//! `docs/BENCHMARKS.md` keeps.
//!
//! The binaries are the tools that script drives:
//!
//! - `redeem-load`: signs in and drives `POST /v1/redemptions` with N concurrent clients,
//!   each request a distinct card and `Idempotency-Key`;
//! - `raw-sqlite`: the baseline of the SQLite redeem figure, the same SQL transaction one
//!   commit at a time, and the seeding of a long history;
//! - `hello-axum`: the baseline of the `GET /v1/balance` figure.
//! - `first-frame`: times start to first frame of the desktop app and of an eframe
//!   hello-world (`native-hello`), alternately.
//!
//! `benches/frame_cost.rs` is the frame-cost harness that callgrind counts.

use std::time::Duration;

/// What a throughput run did, printed as one JSON line for scripts/bench.sh.
#[derive(Clone, Copy, Debug)]
pub struct Throughput {
    /// Operations that succeeded.
    pub ok: u64,
    /// Operations that failed.
    pub errors: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Throughput {
    /// Successful operations per second.
    pub fn per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            // Counts stay far below 2^52: exact as a float.
            let ok = self.ok as f64;
            ok / seconds
        } else {
            0.0
        }
    }

    /// The JSON line: `{"ok":…,"errors":…,"seconds":…,"per_s":…}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "ok": self.ok,
            "errors": self.errors,
            "seconds": self.elapsed.as_secs_f64(),
            "per_s": self.per_second(),
        })
        .to_string()
    }
}

//! An axum hello-world: the baseline of the `GET /v1/balance` figure. Built in this
//! workspace with the server's axum features and runtime, so that the ratio measures what
//! the balance route adds (authentication, a read, JSON) and nothing else.

// The address line on standard output is this tool's interface.
#![expect(clippy::print_stdout, reason = "prints the address it listens on")]

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::Parser;

/// Serves "Hello, World!" at every path until stopped.
#[derive(Debug, Parser)]
struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let app = axum::Router::new().fallback(|| async { "Hello, World!" });
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .context("bind")?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await.context("serve")?;
    Ok(())
}

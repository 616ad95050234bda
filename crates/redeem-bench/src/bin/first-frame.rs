//! Start to first frame: spawns the app and a baseline alternately, each run a fresh
//! process, and times from just before the spawn to the first line on its standard output
//! that says a frame was laid out (the `redeem::frame` trace event, which both print at the
//! end of every `App::ui` with `RUST_LOG=warn,redeem::frame=trace`). Each process is killed
//! once it has said so. Prints one JSON line: the medians and every run, in milliseconds.

// The JSON line on standard output is this tool's interface.
#![expect(clippy::print_stdout, reason = "prints what it measured")]

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;

/// What a frame-event line contains.
const FRAME_LINE: &str = "laid out";

/// Times start to first frame of two programs, alternately.
#[derive(Debug, Parser)]
struct Args {
    /// Runs of each program.
    #[arg(long, default_value_t = 15)]
    runs: u32,
    /// The program measured.
    #[arg(long)]
    app: PathBuf,
    /// An argument of the program measured (repeat for several); `{run}` in it becomes the
    /// run's number, e.g. for a new data directory each run.
    #[arg(long = "app-arg", allow_hyphen_values = true)]
    app_args: Vec<String>,
    /// The baseline.
    #[arg(long)]
    baseline: PathBuf,
    /// An argument of the baseline (repeat for several).
    #[arg(long = "baseline-arg", allow_hyphen_values = true)]
    baseline_args: Vec<String>,
    /// Longest a first frame may take, seconds.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let timeout = Duration::from_secs(args.timeout);
    let mut app_ms = Vec::new();
    let mut baseline_ms = Vec::new();
    for run in 1..=args.runs {
        let app_args: Vec<String> = args
            .app_args
            .iter()
            .map(|arg| arg.replace("{run}", &run.to_string()))
            .collect();
        // Alternately first, so that neither always follows the other.
        if run % 2 == 1 {
            app_ms.push(first_frame_ms(&args.app, &app_args, timeout)?);
            baseline_ms.push(first_frame_ms(
                &args.baseline,
                &args.baseline_args,
                timeout,
            )?);
        } else {
            baseline_ms.push(first_frame_ms(
                &args.baseline,
                &args.baseline_args,
                timeout,
            )?);
            app_ms.push(first_frame_ms(&args.app, &app_args, timeout)?);
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "app_ms": median(&app_ms),
            "baseline_ms": median(&baseline_ms),
            "app_runs": app_ms,
            "baseline_runs": baseline_ms,
        })
    );
    Ok(())
}

/// Milliseconds from spawning `program` to its first frame line.
fn first_frame_ms(program: &PathBuf, args: &[String], timeout: Duration) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", program.display()))?;
    let stdout = child.stdout.take().context("no standard output")?;
    // The lines are read on a thread of their own, so that a program that never draws
    // runs into the time limit instead of blocking the read.
    let (seen, frame) = mpsc::channel();
    std::thread::Builder::new()
        .name("first-frame-reader".into())
        .spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.contains(FRAME_LINE) {
                    let _ = seen.send(started.elapsed());
                    break;
                }
            }
        })
        .context("cannot start the reader thread")?;
    let elapsed = frame.recv_timeout(timeout);
    stop(&mut child);
    match elapsed {
        Ok(elapsed) => Ok(elapsed.as_secs_f64() * 1000.0),
        Err(_) => bail!(
            "{} showed no frame within {} s (is DISPLAY set, and RUST_LOG=warn,redeem::frame=trace?)",
            program.display(),
            timeout.as_secs()
        ),
    }
}

fn stop(child: &mut Child) {
    // Already gone is fine: then there is nothing to stop.
    let _ = child.kill();
    let _ = child.wait();
    // Time for the X server to tear the window down before the next one opens.
    std::thread::sleep(Duration::from_millis(200));
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

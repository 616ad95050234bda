//! The desktop app's own binary in a real window, for tests that drive it from outside:
//! a virtual X server of the test's own (Xvfb), xdotool for keys, a private home, and the
//! app's process, which is killed if the test ends before it does.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long to wait between two keys: long enough for the app to draw a frame for each.
pub const KEY_GAP: Duration = Duration::from_millis(300);
/// How long any one step (start, sign-in, an answer) may take.
pub const STEP_LIMIT: Duration = Duration::from_secs(45);

/// A display of a virtual X server, stopped when dropped.
pub struct Xvfb {
    child: Child,
    /// The display, `:N`.
    pub display: String,
    /// Kept open: a write to a closed pipe would end Xvfb.
    _stdout: BufReader<ChildStdout>,
}

impl Xvfb {
    /// Starts Xvfb on the first free display in :80 to :89.
    pub fn start() -> Self {
        for number in 80..=89 {
            // With -displayfd, Xvfb writes the display's number to that descriptor once it
            // accepts connections, and exits without writing when the display is taken (it
            // reclaims the lock of a server that is gone by itself).
            let mut child = Command::new("Xvfb")
                .arg(format!(":{number}"))
                .args(["-displayfd", "1", "-screen", "0", "1920x1080x24"])
                // No reset of the server when its last client leaves (the readiness probe).
                .args(["-nolisten", "tcp", "-noreset"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let mut ready = String::new();
            let mut stdout = BufReader::new(child.stdout.take().expect("Xvfb's stdout"));
            let _ = stdout.read_line(&mut ready);
            if ready.trim() == number.to_string() {
                let x = Self {
                    child,
                    display: format!(":{number}"),
                    _stdout: stdout,
                };
                x.wait_for_clients();
                return x;
            }
            let _ = child.wait();
        }
        panic!("no free X display in :80 to :89");
    }

    /// Waits until a client can connect: a client that came at once after Xvfb said it
    /// was ready was sometimes refused.
    fn wait_for_clients(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let connected = Command::new("xdotool")
                .arg("getmouselocation")
                .env("DISPLAY", &self.display)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success());
            if connected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Xvfb {} takes no clients",
                self.display
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs xdotool on this display; returns its standard output.
    #[track_caller]
    pub fn xdotool(&self, args: &[&str]) -> String {
        let output = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .expect("xdotool runs");
        assert!(
            output.status.success(),
            "xdotool {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Presses each key in turn (xdotool key names), one per frame.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.xdotool(&["key", key]);
            thread::sleep(KEY_GAP);
        }
    }

    /// Types `text` into the focused field. The text goes through xdotool's command line,
    /// which is this test's own child: the app's memory is what is checked.
    pub fn type_text(&self, text: &str) {
        self.xdotool(&["type", "--delay", "20", text]);
        thread::sleep(KEY_GAP);
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // Gently, so that Xvfb removes its lock file and socket.
        stop(&mut self.child);
    }
}

/// The app's process, killed when dropped.
pub struct App {
    /// The process.
    pub child: Child,
    /// Its standard error, with the log.
    pub log: PathBuf,
}

impl App {
    /// Why the app may have failed, for a failing assertion: its log (warnings only, no
    /// secrets) and whether it still runs.
    pub fn describe(&mut self) -> String {
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!("the app exited: {status}"),
            Ok(None) => "the app is running".to_owned(),
            Err(error) => format!("the app's status is unknown: {error}"),
        };
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        format!("{status}; its log:\n{log}")
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Points `command`'s home and XDG directories at `home` and `runtime_dir`.
pub fn private_home(command: &mut Command, home: &Path, runtime_dir: &Path) {
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_RUNTIME_DIR", runtime_dir);
}

/// Stops `child` with SIGTERM (so that it cleans up after itself), or SIGKILL after 5 s.
pub fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Waits until `done` holds; panics with `what` and the app's state after [`STEP_LIMIT`].
#[track_caller]
pub fn wait_until(app: &mut App, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + STEP_LIMIT;
    while !done() {
        let exited = matches!(app.child.try_wait(), Ok(Some(_)));
        assert!(!exited, "the app ended before {what}; {}", app.describe());
        assert!(
            Instant::now() < deadline,
            "waited {STEP_LIMIT:?} for {what}; {}",
            app.describe()
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// True when `tool` runs (`--version` or `-version` answers).
pub fn tool_runs(tool: &str, flag: &str) -> bool {
    Command::new(tool)
        .arg(flag)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// How many requests the server answered for `method route` with `status`, from its
/// metrics.
pub fn answered(
    runtime: &tokio::runtime::Runtime,
    base: &str,
    method: &str,
    route: &str,
    status: u16,
) -> u64 {
    let metrics = runtime
        .block_on(async { reqwest::get(format!("{base}/metrics")).await?.text().await })
        .expect("the server's metrics");
    let series = format!(
        "redeem_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} "
    );
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&series))
        .map_or(0, |count| count.trim().parse().expect("a count"))
}

impl Xvfb {
    /// The id of the first visible window whose name matches `pattern`, or an empty string.
    pub fn search_window(&self, pattern: &str) -> String {
        Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", pattern])
            .env("DISPLAY", &self.display)
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// True when every tool a desktop test drives is installed. In CI a missing one fails the
/// test; elsewhere the test is skipped, saying which tool is missing.
pub fn tools_present(tools: &[(&str, &str)]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(tool, flag)| !tool_runs(tool, flag))
        .map(|(tool, _)| *tool)
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{missing:?} needed in CI (scripts/setup.sh installs them)"
    );
    eprintln!("skipped: {missing:?} not installed (scripts/setup.sh installs them)");
    false
}

/// A balance server in this test's process (what `redeem-server serve` runs), on SQLite in
/// `dir`, on a free loopback port; the runtime it runs on comes with it.
pub fn serve_on_sqlite(dir: &Path) -> (tokio::runtime::Runtime, redeem_server::RunningServer) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let database = redeem_server::DatabaseUrl::parse(&format!(
        "sqlite://{}",
        dir.join("ledger.sqlite3").display()
    ))
    .expect("a database URL");
    let config = redeem_server::ServerConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        ..redeem_server::ServerConfig::new(database, dir.join("pepper"))
    };
    let server = runtime
        .block_on(redeem_server::serve(config))
        .expect("the server starts");
    (runtime, server)
}

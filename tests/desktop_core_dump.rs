//! After sign-out the desktop app's process, with its real window, holds no secret, as a
//! core dump shows.
//!
//! `tests/core_dump.rs` checks the app headless in the egui_kittest harness; this test runs
//! the app's own binary with its window on a virtual X server (Xvfb, a display of its own in
//! :80 to :89, and a home of its own), so that winit, the X11 input path, glow on software
//! OpenGL and accesskit's AT-SPI adapter are part of what is dumped. The balance server runs
//! in this test's process (`redeem_server::serve`, what `redeem-server serve` runs: the
//! binary of another package cannot be named from here), so none of its memory is in the
//! app's dump. A D-Bus session bus of the test's own has assistive technology switched on,
//! so that accesskit publishes the widget tree as it does for a screen reader.
//!
//! The app reaches the server through a loopback relay in this process, which is how the
//! test learns the session token (from the `Authorization` header of the app's requests)
//! and sees when the app has closed its connections. The server's own request counters
//! (`/metrics`) say when each step was answered. xdotool drives the app with the keyboard:
//! Tab moves egui's focus through the widgets in the order they are laid out (the top bar
//! first: the tabs, "Sign out", "Preferences"; then the page); Shift+Tab with nothing
//! focused goes to the last widget of the page. One key per frame: egui moves the focus
//! once per frame however many Tabs arrived, so the test waits between keys.
//!
//! The person signs in with a canary account and password and redeems canary card A; then
//! types canary card B, checks it, and goes back to the form with the code still in the
//! field. The first dump is taken there: card B's code and the session token must be in it
//! (proving that the scan finds them). Then they sign out; once the server has answered the
//! sign-out and the app has closed every connection, a few frames later, the second dump may
//! hold neither code, nor the token, nor the password.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "one scripted test in steps and helpers; a step that cannot be done fails the test, saying which"
)]
// X11, Xvfb and xdotool: Linux only.
#![cfg(all(feature = "embedded-server", target_os = "linux"))]

mod common;

use std::fs::File;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::desktop::{
    App, KEY_GAP, Xvfb, answered, private_home, serve_on_sqlite, stop, tools_present, wait_until,
};
use common::dump::dump_and_count;
use redeem_core::{Currency, GiftCardCode, Money, Region, SecretText};
use zeroize::Zeroizing;

/// A D-Bus session bus of the test's own, with assistive technology switched on
/// (`org.a11y.Status.IsEnabled`), as when a screen reader runs: the app's accesskit adapter
/// then publishes the widget tree, with the text of every field, over AT-SPI. Stopped when
/// dropped; the AT-SPI bus it started for the app goes with it.
struct SessionBus {
    child: Child,
    address: String,
    /// Kept open: a write to a closed pipe would end dbus-daemon.
    _stdout: BufReader<ChildStdout>,
}

impl SessionBus {
    /// `None` when dbus-daemon or AT-SPI (at-spi2-core) is not installed; then the app
    /// runs without a session bus and accesskit stays off.
    fn start(dir: &Path, home: &Path, runtime_dir: &Path) -> Option<Self> {
        let mut command = Command::new("dbus-daemon");
        command
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:path={}", dir.join("bus").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        // Services it starts (the AT-SPI bus) inherit this environment.
        private_home(&mut command, home, runtime_dir);
        let mut child = command.spawn().ok()?;
        let mut address = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("dbus-daemon's stdout"));
        let _ = stdout.read_line(&mut address);
        let bus = Self {
            child,
            address: address.trim().to_owned(),
            _stdout: stdout,
        };
        let enabled = !bus.address.is_empty()
            && Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.a11y.Bus",
                    "/org/a11y/bus",
                ])
                .arg("org.freedesktop.DBus.Properties.Set")
                .args([
                    "string:org.a11y.Status",
                    "string:IsEnabled",
                    "variant:boolean:true",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success());
        // When not, dropping `bus` stops the daemon.
        enabled.then_some(bus)
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// A loopback relay between the app and the server that notes the bearer token of the
/// app's requests and how many connections the app holds open.
struct Relay {
    url: String,
    token: Arc<Mutex<Option<Zeroizing<String>>>>,
    open: Arc<AtomicUsize>,
}

impl Relay {
    fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the relay");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let token = Arc::new(Mutex::new(None));
        let open = Arc::new(AtomicUsize::new(0));
        let (token_seen, open_count) = (token.clone(), open.clone());
        thread::Builder::new()
            .name("relay-accept".into())
            .spawn(move || {
                for client in listener.incoming().flatten() {
                    let Ok(server) = TcpStream::connect(upstream) else {
                        continue;
                    };
                    open_count.fetch_add(1, Ordering::SeqCst);
                    relay(client, server, token_seen.clone(), open_count.clone());
                }
            })
            .expect("the relay starts");
        Self { url, token, open }
    }

    fn token(&self) -> Option<Zeroizing<String>> {
        self.token.lock().unwrap().clone()
    }

    fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

/// Copies both ways between `client` and `server` on two threads; the upstream copy looks
/// for `authorization: Bearer ...` and counts the connection closed when the app closes it.
fn relay(
    client: TcpStream,
    server: TcpStream,
    token: Arc<Mutex<Option<Zeroizing<String>>>>,
    open: Arc<AtomicUsize>,
) {
    let (Ok(mut client_read), Ok(mut server_write)) = (client.try_clone(), server.try_clone())
    else {
        open.fetch_sub(1, Ordering::SeqCst);
        return;
    };
    let (mut server_read, mut client_write) = (server, client);
    let up = thread::Builder::new()
        .name("relay-up".into())
        .spawn(move || {
            let mut buffer = Zeroizing::new(vec![0_u8; 16 * 1024]);
            // The end of what came before, so that a header split across reads is found.
            let mut window: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
            loop {
                let n = match client_read.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                window.extend_from_slice(&buffer[..n]);
                if let Some(found) = bearer_token(&window) {
                    *token.lock().unwrap() = Some(found);
                }
                let keep = window.len().saturating_sub(512);
                window.drain(..keep);
                if server_write.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = server_write.shutdown(Shutdown::Write);
        });
    let down = thread::Builder::new()
        .name("relay-down".into())
        .spawn(move || {
            let mut buffer = Zeroizing::new(vec![0_u8; 16 * 1024]);
            loop {
                let n = match server_read.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if client_write.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
            let _ = client_write.shutdown(Shutdown::Write);
        });
    assert!(up.is_ok() && down.is_ok(), "the relay's threads start");
}

/// The last complete `authorization: bearer TOKEN\r\n` header in `bytes` (names and scheme
/// in any case).
fn bearer_token(bytes: &[u8]) -> Option<Zeroizing<String>> {
    const HEADER: &[u8] = b"\r\nauthorization: bearer ";
    let lower = Zeroizing::new(bytes.to_ascii_lowercase());
    let start = memchr::memmem::rfind(&lower, HEADER)? + HEADER.len();
    let end = start + memchr::memmem::find(&bytes[start..], b"\r\n")?;
    let token = std::str::from_utf8(&bytes[start..end]).ok()?.trim();
    Some(Zeroizing::new(token.to_owned()))
}

#[test]
fn the_desktop_app_after_sign_out_holds_no_secret_in_a_core_dump() {
    if !tools_present(&[
        ("Xvfb", "-version"),
        ("xdotool", "--version"),
        ("gcore", "--version"),
    ]) {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary directory");

    // The server, with a canary account and two canary cards.
    let (runtime, server) = serve_on_sqlite(dir.path());
    let base = server.base_url();
    let canary = uuid::Uuid::new_v4().simple().to_string();
    let email = format!("canary-{}@example.com", &canary[..12]);
    let password = Zeroizing::new(format!("pw-{}", &canary[12..]));
    let codes: Vec<GiftCardCode> = runtime.block_on(async {
        server
            .ledger()
            .create_account(&email, Region::Us, SecretText::new(password.as_str()))
            .await
            .expect("the canary account");
        server
            .ledger()
            .issue_cards(2, Money::new(2_500, Currency::Usd), Region::Us)
            .await
            .expect("the canary cards")
    });
    let grouped: Vec<Zeroizing<String>> = codes
        .iter()
        .map(|code| Zeroizing::new(code.expose_grouped()))
        .collect();
    let compact: Vec<Zeroizing<String>> = codes
        .iter()
        .map(|code| Zeroizing::new(code.expose_compact()))
        .collect();
    let relay = Relay::start(server.addr());

    // The app, on its own display, with a home of its own (no preferences from elsewhere).
    let x = Xvfb::start();
    let home = dir.path().join("home");
    let runtime_dir = dir.path().join("run");
    std::fs::create_dir_all(&home).expect("a home");
    std::fs::create_dir_all(&runtime_dir).expect("a runtime directory");
    std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700))
        .expect("the runtime directory is private");
    let bus = SessionBus::start(dir.path(), &home, &runtime_dir);
    assert!(
        bus.is_some() || std::env::var("CI").as_deref() != Ok("true"),
        "dbus-daemon and at-spi2-core are needed in CI (scripts/setup.sh installs them)"
    );
    let log = dir.path().join("app.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_redeem"));
    command
        .args(["--server", &relay.url])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_LOG", "warn")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).expect("the app's log"));
    private_home(&mut command, &home, &runtime_dir);
    match &bus {
        Some(bus) => command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address),
        None => command.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
    let child = command.spawn().expect("the app starts");
    let mut app = App { child, log };
    let pid = app.child.id();

    let mut window = String::new();
    wait_until(&mut app, "the app's window", || {
        window = x.search_window("^Redeem$");
        !window.is_empty()
    });
    // No window manager on the display: give the window the keyboard directly, and let
    // the app draw its first frames.
    x.xdotool(&["windowfocus", "--sync", &window]);
    thread::sleep(Duration::from_secs(1));

    // Sign in: the top bar has only "Preferences", then come "Email" and "Password".
    x.keys(&["Tab", "Tab"]);
    x.type_text(&email);
    x.keys(&["Tab"]);
    x.type_text(&password);
    x.keys(&["Return"]);
    wait_until(&mut app, "the sign-in", || {
        answered(&runtime, &base, "POST", "/v1/session", 200) == 1
    });
    wait_until(&mut app, "a request with the session token", || {
        relay.token().is_some()
    });
    thread::sleep(KEY_GAP);

    // Card A: the tab "Redeem a gift card" (the second of the top bar), then past
    // "History", "Sign out", "Preferences" and "Account", and the scam warning's link and
    // "I understand", to the code field; Enter checks the code.
    x.keys(&[
        "Tab", "Tab", "Return", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab",
    ]);
    x.type_text(&grouped[0]);
    x.keys(&["Return"]);
    wait_until(&mut app, "the preview of card A", || {
        answered(&runtime, &base, "POST", "/v1/redemptions/preview", 200) == 1
    });
    thread::sleep(KEY_GAP);
    // The confirmation ends with "Confirm and redeem", "Back": from no focus, Shift+Tab
    // goes to the last one.
    x.keys(&["shift+Tab", "shift+Tab", "Return"]);
    wait_until(&mut app, "the redeem of card A", || {
        answered(&runtime, &base, "POST", "/v1/redemptions", 201) == 1
    });
    thread::sleep(KEY_GAP);

    // Card B: the receipt ends with "Redeem another card", "View history"; the empty form
    // then ends with the code field and "Check code".
    x.keys(&["shift+Tab", "shift+Tab", "Return", "shift+Tab", "shift+Tab"]);
    x.type_text(&grouped[1]);
    x.keys(&["Return"]);
    wait_until(&mut app, "the preview of card B", || {
        answered(&runtime, &base, "POST", "/v1/redemptions/preview", 200) == 2
    });
    thread::sleep(KEY_GAP);
    // "Back" (the last widget) returns to the form with the code still in the field, where
    // the field's text, its undo history and accesskit's tree hold it.
    x.keys(&["shift+Tab", "Return"]);
    thread::sleep(KEY_GAP);

    let token = relay.token().expect("the session token");
    let needles: [&[u8]; 7] = [
        grouped[0].as_bytes(),
        compact[0].as_bytes(),
        grouped[1].as_bytes(),
        compact[1].as_bytes(),
        token.as_bytes(),
        password.as_bytes(),
        // Not a secret: the object paths under which accesskit publishes the widgets.
        b"/org/a11y/atspi/accessible/",
    ];
    let names = [
        "card A grouped (redeemed)",
        "card A compact (redeemed)",
        "card B grouped (in the field)",
        "card B compact (in the field)",
        "session token",
        "password",
        "AT-SPI object paths",
    ];
    let before = dump_and_count(dir.path(), "before", pid, &needles);

    // Sign out: from no focus, the fourth widget is "Sign out" (after the three tabs).
    x.keys(&["Tab", "Tab", "Tab", "Tab", "Return"]);
    wait_until(&mut app, "the sign-out", || {
        answered(&runtime, &base, "DELETE", "/v1/session", 204) == 1
    });
    wait_until(&mut app, "the app to close its connections", || {
        relay.open_connections() == 0
    });
    // A few frames, so that per-frame caches drop what the signed-in screens used: each
    // key is an event, so a frame; Escape with nothing focused does nothing else.
    x.keys(&["Escape"; 5]);
    thread::sleep(KEY_GAP);
    let after = dump_and_count(dir.path(), "after", pid, &needles);
    let description = app.describe();
    drop(app);
    drop(x);
    let accesskit = bus.is_some();
    drop(bus);
    runtime
        .block_on(server.shutdown())
        .expect("the server stops");

    for (stage, dump) in [("before", &before), ("after", &after)] {
        eprintln!(
            "core dump {stage} sign-out: {} MB, gcore {:.1} s, scan {:.1} s",
            dump.size >> 20,
            dump.dumping.as_secs_f64(),
            dump.scanning.as_secs_f64()
        );
    }
    for (name, (b, a)) in names.iter().zip(before.counts.iter().zip(&after.counts)) {
        eprintln!("{name}: {b} before sign-out, {a} after");
    }
    eprintln!(
        "accesskit on AT-SPI: {}; {:.1} s in all",
        if accesskit {
            "on"
        } else {
            "off (no dbus-daemon or at-spi2-core)"
        },
        started.elapsed().as_secs_f64()
    );
    assert!(
        before.counts[2] + before.counts[3] > 0 && before.counts[4] > 0,
        "the dump before sign-out must show the code in the field and the session token, or \
         the check sees nothing; {description}"
    );
    if accesskit {
        assert!(
            before.counts[6] > 0,
            "with assistive technology on, accesskit must publish the app's widgets; {description}"
        );
    }
    assert!(
        after.counts[..6].iter().all(|&hits| hits == 0),
        "a secret is still in memory after sign-out: {:?}",
        names
            .iter()
            .zip(&after.counts[..6])
            .filter(|(_, hits)| **hits > 0)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
    );
}

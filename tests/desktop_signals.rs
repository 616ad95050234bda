//! A service manager, a log-out or Ctrl+C ends the desktop app the way closing its window
//! does: SIGTERM, SIGINT and SIGHUP save the preferences, revoke the open session on the
//! server, and exit cleanly.
//!
//! The app's own binary runs in a real window on a virtual X server (Xvfb) with a home of
//! its own and `--preferences` pointing into it; the balance server runs in this test's
//! process, and its request counters (`/metrics`) say what the app asked of it. The person
//! signs in with the keyboard; the test then removes `preferences.ron` (the app wrote it at
//! sign-in, to remember the e-mail), so that finding it again after the signal proves the
//! signal's path saved it.

// X11, Xvfb, xdotool and Unix signals: Linux only.
#![cfg(all(feature = "embedded-server", target_os = "linux"))]

mod common;

use std::fs::File;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::desktop::{
    App, KEY_GAP, Xvfb, answered, private_home, serve_on_sqlite, tools_present, wait_until,
};
use redeem_core::{Region, SecretText};

/// How long the app may take to end after the signal.
const END_LIMIT: Duration = Duration::from_secs(15);

/// Signs in with the keyboard, sends `signal` (a name for `kill`), and checks what the
/// app did before it ended.
#[expect(
    clippy::expect_used,
    reason = "the steps of one test, which fails saying which step failed"
)]
fn ends_on(signal: &str) {
    if !tools_present(&[("Xvfb", "-version"), ("xdotool", "--version")]) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (runtime, server) = serve_on_sqlite(dir.path());
    let base = server.base_url();
    let email = "signals@example.com";
    let password = "a long enough password";
    runtime
        .block_on(
            server
                .ledger()
                .create_account(email, Region::Us, SecretText::new(password)),
        )
        .expect("the account");

    let x = Xvfb::start();
    let home = dir.path().join("home");
    let runtime_dir = dir.path().join("run");
    std::fs::create_dir_all(&home).expect("a home");
    std::fs::create_dir_all(&runtime_dir).expect("a runtime directory");
    let preferences = home.join("preferences.ron");
    let log = dir.path().join("app.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_redeem"));
    command
        .args(["--server", &base])
        .arg("--preferences")
        .arg(&preferences)
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("RUST_LOG", "warn")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).expect("the app's log"));
    private_home(&mut command, &home, &runtime_dir);
    let child = command.spawn().expect("the app starts");
    let mut app = App { child, log };

    let mut window = String::new();
    wait_until(&mut app, "the app's window", || {
        window = x.search_window("^Redeem$");
        !window.is_empty()
    });
    x.xdotool(&["windowfocus", "--sync", &window]);
    thread::sleep(Duration::from_secs(1));

    // Sign in: the top bar has only "Preferences", then come "Email" and "Password".
    x.keys(&["Tab", "Tab"]);
    x.type_text(email);
    x.keys(&["Tab"]);
    x.type_text(password);
    x.keys(&["Return"]);
    wait_until(&mut app, "the sign-in", || {
        answered(&runtime, &base, "POST", "/v1/session", 200) == 1
    });
    wait_until(&mut app, "the preferences saved at sign-in", || {
        std::fs::read_to_string(&preferences).is_ok_and(|text| text.contains(email))
    });
    thread::sleep(KEY_GAP);
    std::fs::remove_file(&preferences).expect("the preferences file is removed");

    let pid = app.child.id().to_string();
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "the {signal} was sent");
    let deadline = Instant::now() + END_LIMIT;
    let status = loop {
        if let Some(status) = app.child.try_wait().expect("the app's status") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the app still runs {END_LIMIT:?} after {signal}; {}",
            app.describe()
        );
        thread::sleep(Duration::from_millis(50));
    };
    let description = app.describe();
    assert!(
        status.success(),
        "after {signal} the app exits cleanly; {description}"
    );
    let saved = std::fs::read_to_string(&preferences)
        .unwrap_or_else(|error| panic!("{signal} saved no preferences ({error}); {description}"));
    assert!(
        saved.contains(email) && !saved.contains(password),
        "the preferences remember the e-mail and never the password: {saved}"
    );
    assert_eq!(
        answered(&runtime, &base, "DELETE", "/v1/session", 204),
        1,
        "the session was revoked on the server before the app ended; {description}"
    );
    drop(x);
    runtime
        .block_on(server.shutdown())
        .expect("the server stops");
}

#[test]
fn sigterm_saves_the_preferences_and_revokes_the_session() {
    ends_on("TERM");
}

#[test]
fn sigint_and_sighup_end_the_app_the_same_way() {
    ends_on("INT");
    ends_on("HUP");
}

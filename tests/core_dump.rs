//! After sign-out the app's process memory holds no secret, as a core dump shows.
//!
//! The test re-runs its own binary as a child (`probe_child`, ignored unless asked for):
//! the child drives the real app in the egui_kittest harness against a fresh embedded
//! server (with the app's zeroing allocator, as in its binary), signs in, types a canary gift card code into the redeem field (not redeemed)
//! and tells the parent, through its private stderr pipe, which strings to look for (the
//! code grouped and compact, and the session token). The parent takes a core dump with
//! `gcore` before sign-out, where the code must be found (proving the check sees it), and
//! after sign-out, where none may be found. The harness is headless (no window, no
//! GPU), so no X server is needed.

#![cfg(all(feature = "embedded-server", not(target_arch = "wasm32")))]

mod common;

/// As in the app's binary.
#[global_allocator]
static ALLOCATOR: redeem::zero_on_free::ZeroOnFree = redeem::zero_on_free::ZeroOnFree;

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use common::Fixture;
use common::dump::dump_and_count;
use redeem_core::GiftCardCode;
use secrecy::ExposeSecret as _;
use zeroize::Zeroizing;

/// Set in the child's environment: only then does `probe_child` run.
const CHILD_ENV: &str = "REDEEM_CORE_DUMP_PROBE";
/// Lines of the child's stderr meant for the parent start with this.
const TAG: &str = "probe:";

/// Writes one line for the parent straight to the unbuffered stderr, so that no copy of
/// it stays behind in a buffer of this process.
#[expect(
    clippy::expect_used,
    reason = "the child's only channel to the parent; without it the test cannot go on"
)]
fn tell(parts: &[&str]) {
    let mut err = std::io::stderr().lock();
    let mut write = |bytes: &[u8]| err.write_all(bytes).expect("the parent reads stderr");
    write(TAG.as_bytes());
    for part in parts {
        write(b" ");
        write(part.as_bytes());
    }
    write(b"\n");
}

/// Waits for the parent's go-ahead (one line on stdin).
#[expect(
    clippy::expect_used,
    reason = "the child's only channel to the parent; without it the test cannot go on"
)]
fn wait_for_parent() {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .expect("the parent writes to stdin");
}

#[test]
#[ignore = "the child of the_core_dump_after_sign_out_holds_no_secret"]
fn probe_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let mut app = Fixture::start();
    app.sign_in_as_demo();
    let code = GiftCardCode::generate().expect("random bytes");
    {
        let grouped = Zeroizing::new(code.expose_grouped());
        let compact = Zeroizing::new(code.expose_compact());
        tell(&["canary", &grouped]);
        tell(&["canary", &compact]);
        app.click("Redeem a gift card");
        app.type_into("Gift card code", &grouped);
    }
    drop(code);
    let token = app.harness.state().session_token().expect("signed in");
    tell(&["canary", token.expose_secret()]);
    tell(&["before"]);
    wait_for_parent();

    app.click("Sign out");
    assert!(!app.harness.state().is_signed_in(), "signed out");
    // The server closes its side of the old connections in the background: give it a
    // moment. Galleys and other per-frame caches drop what the last frames did not use.
    std::thread::sleep(std::time::Duration::from_millis(500));
    for _ in 0..10 {
        app.harness.step();
    }
    app.settle();
    tell(&["after"]);
    wait_for_parent();
}

#[test]
fn the_core_dump_after_sign_out_holds_no_secret() {
    if Command::new("gcore").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "gcore (from gdb) is needed in CI"
        );
        eprintln!("skipped: gcore (from gdb) is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", "probe_child", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the probe starts");
    let pid = child.id();
    let mut to_child = child.stdin.take().expect("stdin");
    let mut from_child = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut canaries: Vec<Zeroizing<String>> = Vec::new();
    let mut other = Vec::new();
    let mut wait_for = |stage: &str, canaries: &mut Vec<Zeroizing<String>>| loop {
        let line = Zeroizing::new(
            from_child
                .next()
                .unwrap_or_else(|| panic!("the probe ended before {stage:?}: {other:#?}"))
                .expect("the probe's stderr"),
        );
        match line.strip_prefix(TAG).map(str::trim) {
            Some(s) if s == stage => break,
            Some(s) if s.starts_with("canary ") => {
                canaries.push(Zeroizing::new(s["canary ".len()..].to_owned()));
            }
            _ => other.push(line.to_string()),
        }
    };
    let names = ["code grouped", "code compact", "session token"];

    wait_for("before", &mut canaries);
    assert_eq!(canaries.len(), names.len(), "the probe names its canaries");
    let needles: Vec<&[u8]> = canaries.iter().map(|c| c.as_bytes()).collect();
    let before = dump_and_count(dir.path(), "before", pid, &needles);
    writeln!(to_child).expect("the probe reads its stdin");

    wait_for("after", &mut canaries);
    let needles: Vec<&[u8]> = canaries.iter().map(|c| c.as_bytes()).collect();
    let after = dump_and_count(dir.path(), "after", pid, &needles);
    writeln!(to_child).expect("the probe reads its stdin");
    drop(to_child);
    let status = child.wait().expect("the probe ends");
    assert!(status.success(), "the probe failed: {status}");

    eprintln!(
        "core before sign-out: {} MB, after: {} MB",
        before.size >> 20,
        after.size >> 20
    );
    for (name, (b, a)) in names.iter().zip(before.counts.iter().zip(&after.counts)) {
        eprintln!("{name}: {b} hit(s) before sign-out, {a} after");
    }
    assert!(
        before.counts[0] + before.counts[1] > 0,
        "the dump before sign-out must show the typed code, or the check sees nothing"
    );
    assert!(
        after.counts.iter().all(|&hits| hits == 0),
        "a secret is still in memory after sign-out: {:?}",
        names
            .iter()
            .zip(&after.counts)
            .filter(|(_, hits)| **hits > 0)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
    );
}

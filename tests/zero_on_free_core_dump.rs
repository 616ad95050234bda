//! The zero-on-free allocator's rules, each shown in a core dump: a canary written into a
//! block that a rule says must be zeroed is not in the dump once the block is freed, and a
//! canary in a block the rules let go unzeroed (a large block freed on the UI thread in a
//! frame with no secret on the screen) is, which proves that the dump would show a rule
//! broken.
//!
//! As in `core_dump.rs`, the test re-runs its own binary as a child (`rules_child`),
//! which installs the app's allocator, frees each block as its case says, writes every
//! canary straight from the block to its stderr (so that no other copy exists), and waits;
//! the parent dumps it with `gcore` and counts each canary.

#![cfg(all(target_os = "linux", not(target_arch = "wasm32")))]

#[expect(
    clippy::expect_used,
    reason = "a helper that cannot do its part fails the test, saying what it could not do"
)]
#[path = "common/dump.rs"]
mod dump;

/// As in the app's binary.
#[global_allocator]
static ALLOCATOR: redeem::zero_on_free::ZeroOnFree = redeem::zero_on_free::ZeroOnFree;

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use redeem::secret_buffer::SecretBuffer;
use redeem::zero_on_free::{SMALL_BLOCK, UiThreadHygiene, zeroes_large_blocks_on_this_thread};

/// Set in the child's environment: only then does `rules_child` run.
const CHILD_ENV: &str = "REDEEM_ZERO_ON_FREE_PROBE";
/// Lines of the child's stderr meant for the parent start with this.
const TAG: &[u8] = b"probe:";
/// Characters of a canary.
const CANARY_LEN: usize = 40;
/// A large block: well past [`SMALL_BLOCK`]. Each case's block is larger than the one
/// before (`large(n)`), so that glibc cannot carve a later block out of an earlier freed one
/// and overwrite its canary, which would hide a block left unzeroed.
const LARGE: usize = 16 * 1024;

/// The size of the `n`th large block.
const fn large(n: usize) -> usize {
    LARGE + n * 4096
}

/// A block allocated right after a case's block and kept: larger than any block freed
/// before it, so that glibc takes it from the top of the heap, after the case's block,
/// rather than out of an earlier hole. A freed block must not border the top: glibc would
/// merge the two and could hand the pages back to the system, taking the canary with
/// them, which would hide a block left unzeroed.
fn guard() -> Vec<u8> {
    vec![1; large(10)]
}

/// The cases, in the order the child tells them, and whether the canary must survive.
const CASES: [(&str, bool); 10] = [
    ("small block, UI thread, no secret on the screen", false),
    ("large block, another thread", false),
    ("large block, UI thread, a secret field holds text", false),
    (
        "large block, UI thread, the frame after the field emptied",
        false,
    ),
    ("large block, UI thread, the frame after sign-out", false),
    ("large block, UI thread of a kiosk", false),
    ("small block moved by growth, UI thread, no secret", false),
    ("large block shrunk to a small one, another thread", false),
    ("large block shrunk in place, another thread", false),
    (
        "large block, UI thread, no secret on the screen (control)",
        true,
    ),
];

/// A pseudo-random canary generator: the canary's characters are made inside the block
/// that holds them, so that no copy of one exists anywhere else in the child.
struct Canaries(u64);

impl Canaries {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |since| since.as_nanos());
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a seed: any 64 bits of the time do"
        )]
        Self(nanos as u64 ^ (u64::from(std::process::id()) << 32) | 1)
    }

    /// Writes a fresh canary into `block` at `at` and tells the parent, straight from it.
    fn plant(&mut self, block: &mut [u8], at: usize) {
        let canary = &mut block[at..at + CANARY_LEN];
        for byte in canary.iter_mut() {
            // xorshift64
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            let letter = u8::try_from(self.0 % 26).unwrap_or_default();
            *byte = b'a' + letter;
        }
        tell(&[b"canary ", &block[at..at + CANARY_LEN]]);
    }
}

/// A block of `len` bytes holding a canary in its middle.
fn block_with_canary(canaries: &mut Canaries, len: usize) -> Vec<u8> {
    let mut block = vec![b'.'; len];
    canaries.plant(&mut block, len / 2 - CANARY_LEN / 2);
    block
}

/// Writes one line for the parent straight to the unbuffered stderr.
#[expect(
    clippy::expect_used,
    reason = "the child's only channel to the parent; without it the test cannot go on"
)]
fn tell(parts: &[&[u8]]) {
    let mut err = std::io::stderr().lock();
    err.write_all(TAG).expect("the parent reads stderr");
    for part in parts {
        err.write_all(part).expect("the parent reads stderr");
    }
    err.write_all(b"\n").expect("the parent reads stderr");
}

/// One frame of the app's logic step, as far as the allocator goes.
fn frame(hygiene: &mut UiThreadHygiene, signed_in: bool) {
    hygiene.logic_begins();
    hygiene.logic_ends(signed_in);
}

#[test]
#[ignore = "the child of every_zeroing_rule_keeps_its_canary_out_of_a_core_dump"]
fn rules_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let mut canaries = Canaries::new();
    // The guards (see `guard`).
    let mut guards: Vec<Vec<u8>> = Vec::with_capacity(16);
    let mut hygiene = UiThreadHygiene::new();
    frame(&mut hygiene, true);
    assert!(!zeroes_large_blocks_on_this_thread(), "a relaxed frame");

    // Small block, relaxed frame (a size nothing else here asks for).
    let block = block_with_canary(&mut canaries, 904);
    guards.push(guard());
    drop(block);

    // Large block on another thread.
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut canaries = Canaries(canaries.0 ^ 0x9e37_79b9_7f4a_7c15);
            let block = block_with_canary(&mut canaries, large(0));
            std::hint::black_box(guard()).leak();
            drop(block);
        });
    });

    // A secret field holds text.
    let mut field = SecretBuffer::new();
    field.set("1");
    frame(&mut hygiene, true);
    let block = block_with_canary(&mut canaries, large(1));
    guards.push(guard());
    drop(block);

    // The frame after it emptied.
    field.wipe();
    frame(&mut hygiene, true);
    let block = block_with_canary(&mut canaries, large(2));
    guards.push(guard());
    drop(block);
    for _ in 0..UiThreadHygiene::GRACE_FRAMES {
        frame(&mut hygiene, true);
    }
    assert!(!zeroes_large_blocks_on_this_thread(), "relaxed again");

    // The frame after sign-out.
    frame(&mut hygiene, false);
    let block = block_with_canary(&mut canaries, large(3));
    guards.push(guard());
    drop(block);

    // A kiosk.
    let mut kiosk = UiThreadHygiene::kiosk();
    frame(&mut kiosk, true);
    let block = block_with_canary(&mut canaries, large(4));
    guards.push(guard());
    drop(block);

    // Growth moves a small block: the old one is zeroed, the new one is ours to clear.
    for _ in 0..=UiThreadHygiene::GRACE_FRAMES {
        frame(&mut hygiene, true);
    }
    assert!(!zeroes_large_blocks_on_this_thread(), "relaxed again");
    // glibc's copy leaves the last bytes it moved in the processor's vector registers,
    // from where later code can spill them onto the stack: the processor's state, not a
    // freed block, and out of any allocator's reach. A copy of the same size (the same
    // instructions, so the same registers) overwrites them before the dump; its buffers
    // are made first, so that neither takes the place of the block under test.
    let scratch = vec![b'-'; 408];
    let mut scratch_copy = vec![0_u8; 408];
    let mut grown = block_with_canary(&mut canaries, 408);
    guards.push(guard());
    grown.reserve(large(5));
    scratch_copy.copy_from_slice(&scratch);
    std::hint::black_box(&mut scratch_copy);
    grown.fill(0);
    drop(std::hint::black_box(grown));

    // Shrinking, on another thread: to a small block (a move), and by a little (in place).
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut canaries = Canaries(canaries.0 ^ 0x5851_f42d_4c95_7f2d);
            let mut moved = block_with_canary(&mut canaries, large(6));
            let guard_moved = guard();
            moved.truncate(SMALL_BLOCK / 4);
            moved.shrink_to_fit();
            let mut kept = vec![b'.'; large(7)];
            let guard_kept = guard();
            canaries.plant(&mut kept, large(7) - 2 * CANARY_LEN);
            kept.truncate(large(7) - 4 * CANARY_LEN);
            kept.shrink_to_fit();
            std::hint::black_box(guard_moved).leak();
            std::hint::black_box(guard_kept).leak();
            std::hint::black_box((moved, kept));
        });
    });

    // The control, last and largest, so that nothing is carved out of it before the dump:
    // a large block freed unzeroed, which the dump must show.
    let block = block_with_canary(&mut canaries, large(8));
    guards.push(guard());
    drop(block);

    tell(&[b"ready"]);
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .expect("the parent writes to stdin");
    drop(guards);
}

#[test]
fn every_zeroing_rule_keeps_its_canary_out_of_a_core_dump() {
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
        .args(["--exact", "rules_child", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the probe starts");
    let pid = child.id();
    let mut to_child = child.stdin.take().expect("stdin");
    let from_child = BufReader::new(child.stderr.take().expect("stderr"));
    let mut canaries: Vec<Vec<u8>> = Vec::new();
    let mut other = Vec::new();
    for line in from_child.split(b'\n') {
        let line = line.expect("the probe's stderr");
        match line.strip_prefix(TAG) {
            Some(b"ready") => break,
            Some(rest) if rest.starts_with(b"canary ") => {
                canaries.push(rest[b"canary ".len()..].to_vec());
            }
            _ => other.push(String::from_utf8_lossy(&line).into_owned()),
        }
    }
    assert_eq!(
        canaries.len(),
        CASES.len(),
        "the probe plants one canary a case: {other:#?}"
    );
    let needles: Vec<&[u8]> = canaries.iter().map(Vec::as_slice).collect();
    let dump = dump::dump_and_count(dir.path(), "rules", pid, &needles);
    writeln!(to_child).expect("the probe reads its stdin");
    drop(to_child);
    let status = child.wait().expect("the probe ends");
    assert!(status.success(), "the probe failed: {status}");

    eprintln!(
        "core dump: {} MB, gcore {:.1} s, scan {:.1} s",
        dump.size >> 20,
        dump.dumping.as_secs_f64(),
        dump.scanning.as_secs_f64()
    );
    let mut broken = Vec::new();
    for ((case, survives), hits) in CASES.iter().zip(&dump.counts) {
        eprintln!("{case}: {hits} hit(s)");
        if (*hits > 0) != *survives {
            broken.push(*case);
        }
    }
    assert!(
        broken.is_empty(),
        "cases whose canary is (or, for the control, is not) in the dump: {broken:#?}"
    );
}

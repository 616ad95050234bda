//! Core dumps of a running process (`gcore`, from gdb), searched for canaries: what the
//! core-dump tests use to show that a secret is, or is no longer, in a process's memory.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one core dump showed.
pub struct Dump {
    /// How often each needle occurs in it.
    pub counts: Vec<usize>,
    /// Its size, bytes.
    pub size: u64,
    /// How long `gcore` took.
    pub dumping: Duration,
    /// How long the search took.
    pub scanning: Duration,
}

/// Dumps the process `pid` into `dir`, counts each of `needles` in the dump, removes it.
pub fn dump_and_count(dir: &Path, stage: &str, pid: u32, needles: &[&[u8]]) -> Dump {
    let started = Instant::now();
    let output = Command::new("gcore")
        .arg("-o")
        .arg(dir.join(stage))
        .arg(pid.to_string())
        .stdin(Stdio::null())
        .output()
        .expect("gcore runs");
    assert!(
        output.status.success(),
        "gcore failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let dumping = started.elapsed();
    let path = dir.join(format!("{stage}.{pid}"));
    let size = std::fs::metadata(&path).expect("the core file").len();
    let counts = count_in_file(&path, needles, 16 << 20);
    std::fs::remove_file(&path).expect("the core file is removed");
    Dump {
        counts,
        size,
        dumping,
        scanning: started.elapsed() - dumping,
    }
}

/// Counts the places where each of `needles` occurs in the file at `path`, reading it in
/// chunks of `chunk` bytes (a dump is close to a gigabyte).
fn count_in_file(path: &Path, needles: &[&[u8]], chunk: usize) -> Vec<usize> {
    let finders: Vec<_> = needles.iter().map(memchr::memmem::Finder::new).collect();
    let overlap = needles.iter().map(|n| n.len()).max().unwrap_or(1) - 1;
    let mut counts = vec![0; needles.len()];
    let mut file = File::open(path).expect("the core file opens");
    let mut buffer = vec![0_u8; chunk.max(overlap + 1)];
    // The first `carried` bytes of the buffer are the end of the previous chunk, kept so
    // that a needle across two chunks is found; a match is counted in the chunk where it
    // ends, so one that ends within the carried bytes was counted already.
    let mut carried = 0;
    loop {
        let n = file
            .read(&mut buffer[carried..])
            .expect("the core file reads");
        if n == 0 {
            break;
        }
        let filled = carried + n;
        for ((count, finder), needle) in counts.iter_mut().zip(&finders).zip(needles) {
            *count += finder
                .find_iter(&buffer[..filled])
                .filter(|&at| at + needle.len() > carried)
                .count();
        }
        carried = overlap.min(filled);
        buffer.copy_within(filled - carried..filled, 0);
    }
    buffer.fill(0);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_across_chunks_are_counted_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        // Chunks of 10 bytes, 7 of them carried over: "ab" ends inside the carried bytes of
        // the next chunk, "abcdefgh" spans two chunks.
        std::fs::write(&path, b"....abcdefgh..ab").unwrap();
        assert_eq!(
            count_in_file(&path, &[b"abcdefgh", b"ab", b"gh"], 10),
            [1, 2, 1]
        );
    }
}

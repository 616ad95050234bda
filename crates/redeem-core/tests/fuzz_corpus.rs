//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the fuzz targets'
//! own checks, as an ordinary test: what a fuzzer once found stays fixed without a nightly
//! toolchain. A crash a fuzzer finds lands in `fuzz/artifacts/<target>/` (not committed),
//! which this test replays too while it is there; once fixed, the input is copied into the
//! corpus under a name that says what it was.

use std::path::{Path, PathBuf};

use redeem_core::fuzz_checks::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

#[expect(
    clippy::expect_used,
    reason = "an unreadable corpus entry fails the test that asked for the inputs"
)]
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_target_has_a_corpus_and_passes_its_checks_on_it() {
    for (target, check) in TARGETS {
        let corpus = inputs(&fuzz_dir().join("corpus").join(target));
        assert!(
            corpus.len() >= 3,
            "fuzz/corpus/{target} holds {} inputs; commit a few seeds",
            corpus.len()
        );
        let crashes = inputs(&fuzz_dir().join("artifacts").join(target));
        for path in corpus.iter().chain(&crashes) {
            let data = std::fs::read(path).expect("a readable input");
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                panic!("{target}: the input {} breaks its checks", path.display());
            }
        }
    }
}

#[test]
fn every_target_in_the_fuzz_crate_is_checked_here() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let declared: Vec<&str> = manifest
        .lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .filter(|name| *name != "redeem-fuzz")
        .collect();
    let checked: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(declared, checked);
}

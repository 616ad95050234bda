//! Fuzz target `history_cursor`: its properties are `redeem_core::fuzz_checks::history_cursor`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redeem_core::fuzz_checks::history_cursor(data));

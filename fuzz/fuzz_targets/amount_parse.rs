//! Fuzz target `amount_parse`: its properties are `redeem_core::fuzz_checks::amount_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redeem_core::fuzz_checks::amount_parse(data));

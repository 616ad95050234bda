//! Fuzz target `code_parse`: its properties are `redeem_core::fuzz_checks::code_parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redeem_core::fuzz_checks::code_parse(data));

//! Fuzz target `request_bodies`: its properties are `redeem_core::fuzz_checks::request_bodies`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redeem_core::fuzz_checks::request_bodies(data));

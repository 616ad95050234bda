//! Fuzz target `idempotency_key`: its properties are `redeem_core::fuzz_checks::idempotency_key`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redeem_core::fuzz_checks::idempotency_key(data));

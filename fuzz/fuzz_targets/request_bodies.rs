//! Any bytes as every JSON request body of the API: the decoder never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeem_core::api::{PurchaseRequest, RedeemRequest, SessionRequest, TransactionsQuery};

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<SessionRequest>(data);
    let _ = serde_json::from_slice::<RedeemRequest>(data);
    let _ = serde_json::from_slice::<PurchaseRequest>(data);
    let _ = serde_json::from_slice::<TransactionsQuery>(data);
});

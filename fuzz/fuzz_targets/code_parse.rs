//! Any bytes fed to the gift card code parser: no panic, and whatever parses re-parses to
//! itself from both of its printed forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeem_core::{GiftCardCode, normalize_partial};

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let _ = normalize_partial(&input);
    if let Ok(code) = GiftCardCode::parse(&input) {
        assert_eq!(GiftCardCode::parse(&code.expose_grouped()).as_ref(), Ok(&code));
        assert_eq!(GiftCardCode::parse(&code.expose_compact()).as_ref(), Ok(&code));
    }
});

//! Any bytes fed to the amount parser in every currency: no panic, never a negative
//! amount, and whatever parses prints back to the same amount.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redeem_core::{Currency, Locale, Money};

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    for currency in Currency::ALL {
        if let Ok(money) = Money::parse(&input, currency) {
            assert!(!money.is_negative());
            assert_eq!(Money::parse(&money.to_plain_decimal(), currency), Ok(money));
            for locale in Locale::ALL {
                let _ = money.format(locale);
            }
        }
    }
});

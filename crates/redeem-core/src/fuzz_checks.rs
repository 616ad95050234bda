//! The properties the fuzz targets (`fuzz/`) check, one function a target, each taking the
//! fuzzer's bytes and panicking when a property breaks.
//!
//! They live here rather than in the targets so that the committed corpus is replayed by
//! ordinary tests (`tests/fuzz_corpus.rs`) with exactly the fuzzers' checks, on stable Rust
//! and without a sanitizer build.

// A broken property must stop the fuzzer where it is found: panicking is the point here.
#![expect(
    clippy::expect_used,
    reason = "a fuzz check fails by panicking, saying which property broke"
)]

use crate::api::{
    PurchaseRequest, RedeemRequest, SessionRequest, TransactionsQuery, validate_idempotency_key,
};
use crate::{Currency, GiftCardCode, HistoryCursor, Locale, Money, SecretText, normalize_partial};

/// A target's check: panics when the input breaks one of its properties.
pub type Check = fn(&[u8]);

/// Every fuzz target: its name in `fuzz/` and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("code_parse", code_parse),
    ("amount_parse", amount_parse),
    ("request_bodies", request_bodies),
    ("history_cursor", history_cursor),
    ("idempotency_key", idempotency_key),
];

/// The gift card code parser: no panic, and whatever parses re-parses to itself from both
/// of its printed forms.
pub fn code_parse(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let _ = normalize_partial(&input);
    if let Ok(code) = GiftCardCode::parse(&input) {
        assert_eq!(
            GiftCardCode::parse(&code.expose_grouped()).as_ref(),
            Ok(&code)
        );
        assert_eq!(
            GiftCardCode::parse(&code.expose_compact()).as_ref(),
            Ok(&code)
        );
    }
}

/// The amount parser in every currency: no panic, never a negative amount, and whatever
/// parses prints back to the same amount; formatting in every locale does not panic.
pub fn amount_parse(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    for currency in Currency::ALL {
        if let Ok(money) = Money::parse(&input, currency) {
            assert!(
                !money.is_negative(),
                "{input:?} parsed as a negative amount"
            );
            assert_eq!(Money::parse(&money.to_plain_decimal(), currency), Ok(money));
            for locale in Locale::ALL {
                let _ = money.format(locale);
            }
        }
    }
}

/// Every JSON request body of the API: the decoder never panics, whatever it accepts
/// encodes and decodes again to the same value, and a body's `Debug` is the same whatever
/// its secrets are.
pub fn request_bodies(data: &[u8]) {
    if let Ok(request) = serde_json::from_slice::<SessionRequest>(data) {
        round_trips(&request);
        let other = SessionRequest {
            password: other_secret(&request.password),
            ..request.clone()
        };
        assert_eq!(
            format!("{request:?}"),
            format!("{other:?}"),
            "Debug shows the password"
        );
    }
    if let Ok(request) = serde_json::from_slice::<RedeemRequest>(data) {
        round_trips(&request);
        let other = RedeemRequest {
            code: other_secret(&request.code),
        };
        assert_eq!(
            format!("{request:?}"),
            format!("{other:?}"),
            "Debug shows the code"
        );
    }
    if let Ok(request) = serde_json::from_slice::<PurchaseRequest>(data) {
        round_trips(&request);
    }
    if let Ok(query) = serde_json::from_slice::<TransactionsQuery>(data) {
        round_trips(&query);
    }
}

/// The history cursor: any string is read without a panic; whatever is read is a cursor
/// the server could have written, and writing it again gives back the same text.
pub fn history_cursor(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Some(cursor) = HistoryCursor::decode(&input) {
        assert!(cursor.id >= 0, "{input:?} decoded to a negative id");
        assert_eq!(cursor.encode(), input, "a cursor with two spellings");
    }
}

/// The `Idempotency-Key` header: accepted exactly when it is 1 to 255 visible ASCII
/// characters, the rule DESIGN.md states.
pub fn idempotency_key(data: &[u8]) {
    let Ok(key) = std::str::from_utf8(data) else {
        return;
    };
    let by_the_rule =
        (1..=255).contains(&key.len()) && key.bytes().all(|byte| (0x21..=0x7e).contains(&byte));
    assert_eq!(
        validate_idempotency_key(key).is_ok(),
        by_the_rule,
        "{key:?}"
    );
}

fn round_trips<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let first = serde_json::to_value(value).expect("an accepted body encodes");
    let again: T = serde_json::from_value(first.clone()).expect("an encoded body decodes");
    assert_eq!(serde_json::to_value(&again).expect("encodes"), first);
}

/// A secret unlike `secret`: `Debug` must not tell the two apart.
fn other_secret(secret: &SecretText) -> SecretText {
    SecretText::new(format!("{}#", secret.expose()))
}

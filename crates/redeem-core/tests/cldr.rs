//! Money as CLDR writes it: a grid of amounts in every currency and every locale, formatted
//! by [`Money::format`] and by ICU4X's currency formatter on CLDR's compiled data, must agree
//! character by character (symbol, its place and spacing, separators, grouping, minus sign).

use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use redeem_core::{Currency, Locale, Money};

/// Amounts in minor units for a currency with `exponent` decimals: zero, one minor unit,
/// just under a thousand, four digits (which es-ES leaves ungrouped), five, seven, the
/// extremes of `i64`, and the negatives of all of them.
fn amounts(exponent: u32) -> Vec<i64> {
    let scale = 10_i64.pow(exponent);
    let fraction = match exponent {
        0 => 0,
        2 => 56,
        _ => 567,
    };
    let positive = [
        0,
        1,
        5,
        scale - 1,
        999 * scale + (scale - 1),
        1_234 * scale + fraction,
        12_345 * scale + fraction,
        1_234_567 * scale + fraction,
        i64::MAX,
    ];
    let mut all: Vec<i64> = positive.iter().flat_map(|&a| [a, -a]).collect();
    all.push(i64::MIN);
    all.sort_unstable();
    all.dedup();
    all
}

/// ICU4X's formatter of `currency` in `locale`, with CLDR's short symbol and standard
/// pattern. Where CLDR gives a locale no symbol (`CHF`, `KWD`), ICU4X reports the missing
/// data on standard error and falls back to the ISO code, as CLDR says to.
fn icu_formatter(
    locale: Locale,
    currency: Currency,
) -> Result<CurrencyFormatter<DecimalFormatter>, String> {
    let icu_locale: icu_locale_core::Locale = locale
        .tag()
        .parse()
        .map_err(|error| format!("{}: {error:?}", locale.tag()))?;
    let code = CurrencyType::try_from_str(currency.code())
        .map_err(|error| format!("{currency}: {error:?}"))?;
    CurrencyFormatter::try_new_symbol(icu_locale.into(), code, Default::default())
        .map_err(|error| format!("{} {currency}: {error}", locale.tag()))
}

/// The amount as the decimal number ICU4X formats: minor units moved by the exponent.
fn icu_decimal(money: Money) -> Decimal {
    let mut value = Decimal::from(money.amount_minor);
    value.multiply_pow10(-i16::try_from(money.currency.exponent()).unwrap_or(0));
    value
}

/// CLDR's text with the one difference Redeem makes on purpose: ja-JP's full-width yen
/// sign (U+FFE5) becomes the half-width one (U+00A5), which the app's fonts can show; see
/// `Currency::symbol`.
fn deliberate_difference(locale: Locale, cldr: String) -> String {
    if locale == Locale::JaJp {
        cldr.replace('\u{ffe5}', "\u{a5}")
    } else {
        cldr
    }
}

/// Where two strings first differ, as a character index, for a readable failure.
fn first_difference(ours: &str, cldr: &str) -> usize {
    ours.chars()
        .zip(cldr.chars())
        .take_while(|(a, b)| a == b)
        .count()
}

#[test]
fn every_amount_in_every_locale_and_currency_is_formatted_as_cldr_does() -> Result<(), String> {
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for locale in Locale::ALL {
        for currency in Currency::ALL {
            let formatter = icu_formatter(locale, currency)?;
            for amount in amounts(currency.exponent()) {
                let money = Money::new(amount, currency);
                let ours = money.format(locale);
                let cldr = deliberate_difference(
                    locale,
                    formatter
                        .format_fixed_decimal(&icu_decimal(money))
                        .to_string(),
                );
                compared += 1;
                if ours != cldr {
                    mismatches.push(format!(
                        "{} {amount} minor units of {currency}: ours {ours:?}, CLDR {cldr:?} (differ from character {})",
                        locale.tag(),
                        first_difference(&ours, &cldr),
                    ));
                }
            }
        }
    }
    assert!(compared > 500, "the grid shrank to {compared} amounts");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} amounts differ from CLDR:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    Ok(())
}

#[test]
fn the_amounts_the_issue_names_read_as_cldr_writes_them() {
    // Spelled out once, so that a change of ICU's data cannot move both sides at once
    // unnoticed: fr groups with U+202F and puts U+00A0 before the symbol, es groups only
    // from five digits, the yen has no decimals.
    let cases = [
        (Locale::EnUs, -123_456, Currency::Usd, "-$1,234.56"),
        (Locale::DeDe, 123_456, Currency::Eur, "1.234,56\u{a0}€"),
        (Locale::DeDe, -123_456, Currency::Eur, "-1.234,56\u{a0}€"),
        (
            Locale::FrFr,
            123_456_789,
            Currency::Eur,
            "1\u{202f}234\u{202f}567,89\u{a0}€",
        ),
        (Locale::EsEs, 123_456, Currency::Eur, "1234,56\u{a0}€"),
        (Locale::EsEs, 1_234_567, Currency::Eur, "12.345,67\u{a0}€"),
        (Locale::JaJp, 1_235, Currency::Jpy, "¥1,235"),
        (Locale::EnUs, 1_234_567, Currency::Kwd, "KWD\u{a0}1,234.567"),
    ];
    for (locale, amount, currency, expected) in cases {
        assert_eq!(
            Money::new(amount, currency).format(locale),
            expected,
            "{} {amount} {currency}",
            locale.tag()
        );
    }
}

//! Money: integer minor units with an ISO 4217 currency. Never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency that Redeem supports, with its minor-unit exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    /// US dollar, 2 decimals.
    #[serde(rename = "USD")]
    Usd,
    /// Euro, 2 decimals.
    #[serde(rename = "EUR")]
    Eur,
    /// Pound sterling, 2 decimals.
    #[serde(rename = "GBP")]
    Gbp,
    /// Japanese yen, no decimals.
    #[serde(rename = "JPY")]
    Jpy,
    /// Canadian dollar, 2 decimals.
    #[serde(rename = "CAD")]
    Cad,
    /// Australian dollar, 2 decimals.
    #[serde(rename = "AUD")]
    Aud,
    /// Swiss franc, 2 decimals.
    #[serde(rename = "CHF")]
    Chf,
    /// Kuwaiti dinar, 3 decimals.
    #[serde(rename = "KWD")]
    Kwd,
}

impl Currency {
    /// Every supported currency.
    pub const ALL: [Self; 8] = [
        Self::Usd,
        Self::Eur,
        Self::Gbp,
        Self::Jpy,
        Self::Cad,
        Self::Aud,
        Self::Chf,
        Self::Kwd,
    ];

    /// The three-letter ISO 4217 code, e.g. `"USD"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
            Self::Jpy => "JPY",
            Self::Cad => "CAD",
            Self::Aud => "AUD",
            Self::Chf => "CHF",
            Self::Kwd => "KWD",
        }
    }

    /// How many decimal digits the minor unit has (JPY 0, USD 2, KWD 3).
    pub fn exponent(self) -> u32 {
        match self {
            Self::Jpy => 0,
            Self::Kwd => 3,
            Self::Usd | Self::Eur | Self::Gbp | Self::Cad | Self::Aud | Self::Chf => 2,
        }
    }

    /// Minor units in one major unit: 10^exponent.
    pub fn minor_per_major(self) -> i64 {
        10_i64.pow(self.exponent())
    }

    /// The symbol shown next to an amount in `locale`: CLDR's short currency symbol for that
    /// locale, or the ISO code where CLDR gives the locale none (`CHF`, `KWD`). Locales
    /// differ: en-GB writes `US$` and `JP¥`, fr-FR `$US`. One exception: ja-JP shows the yen
    /// as `¥`, where CLDR has the full-width `￥`.
    pub fn symbol(self, locale: Locale) -> &'static str {
        use Locale::{DeDe, EnGb, EnUs, EsEs, FrFr, JaJp};
        match (self, locale) {
            (Self::Usd, EnUs | DeDe | JaJp) => "$",
            (Self::Usd, EnGb | EsEs) => "US$",
            (Self::Usd, FrFr) => "$US",
            (Self::Eur, _) => "€",
            (Self::Gbp, FrFr) => "£GB",
            (Self::Gbp, _) => "£",
            (Self::Jpy, EnGb | FrFr | EsEs) => "JP¥",
            // TODO(fonts): CLDR's ja symbol is the full-width U+FFE5, but the app's fonts
            // (egui's, and the web build's cut of them) have no glyph for it, so it would
            // show as a box. The half-width sign is CLDR's symbol for the yen elsewhere;
            // switch when the app ships a Japanese font.
            (Self::Jpy, EnUs | DeDe | JaJp) => "¥",
            (Self::Cad, FrFr) => "$CA",
            (Self::Cad, _) => "CA$",
            (Self::Aud, DeDe) => "AU$",
            (Self::Aud, FrFr) => "$AU",
            (Self::Aud, _) => "A$",
            (Self::Chf | Self::Kwd, _) => self.code(),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| MoneyError::UnknownCurrency(s.chars().take(8).collect()))
    }
}

/// What can go wrong with money arithmetic.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// The result does not fit in 64 bits of minor units.
    #[error("the amount is too large")]
    Overflow,
    /// The currency code is not one Redeem supports.
    #[error("unknown currency {0:?}")]
    UnknownCurrency(String),
}

/// Why a typed amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseAmountError {
    /// Nothing was typed.
    #[error("enter an amount")]
    Empty,
    /// A character that is neither a digit nor the decimal separator.
    #[error("character {position} ({character:?}) is not allowed in an amount")]
    InvalidCharacter {
        /// 1-based position in the input.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// More than one decimal separator.
    #[error("an amount has at most one decimal separator")]
    SeveralSeparators,
    /// More decimals than the currency has.
    #[error("{currency} amounts have at most {max} decimal places")]
    TooManyDecimals {
        /// The currency of the amount.
        currency: Currency,
        /// Its exponent.
        max: u32,
    },
    /// The amount does not fit in 64 bits of minor units.
    #[error("the amount is too large")]
    Overflow,
}

/// An amount of money: integer minor units of one currency.
///
/// On the wire it is `{"amount_minor": 2500, "currency": "USD"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// The amount in minor units (cents for USD, yen for JPY, fils for KWD).
    pub amount_minor: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// An amount in minor units.
    pub const fn new(amount_minor: i64, currency: Currency) -> Self {
        Self {
            amount_minor,
            currency,
        }
    }

    /// Zero in the given currency.
    pub const fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    /// True for amounts below zero.
    pub fn is_negative(self) -> bool {
        self.amount_minor < 0
    }

    /// True for exactly zero.
    pub fn is_zero(self) -> bool {
        self.amount_minor == 0
    }

    /// `self + other`, refusing a currency mismatch or an overflow.
    pub fn checked_add(self, other: Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        self.amount_minor
            .checked_add(other.amount_minor)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, refusing a currency mismatch or an overflow.
    pub fn checked_sub(self, other: Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        self.amount_minor
            .checked_sub(other.amount_minor)
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `-self`, refusing an overflow.
    pub fn checked_neg(self) -> Result<Self, MoneyError> {
        self.amount_minor
            .checked_neg()
            .map(|amount| Self::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// The sum of many amounts of one currency; zero for none.
    pub fn checked_sum(
        currency: Currency,
        amounts: impl IntoIterator<Item = Self>,
    ) -> Result<Self, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Self::zero(currency), Self::checked_add)
    }

    fn same_currency(self, other: Self) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// Reads an amount as a person types it: `"25"`, `"25.5"`, `"25.50"` (or with a
    /// decimal comma, `"25,50"`). Surrounding spaces are ignored; signs, grouping
    /// separators and more decimals than the currency has are refused.
    pub fn parse(input: &str, currency: Currency) -> Result<Self, ParseAmountError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParseAmountError::Empty);
        }
        let leading = input.len() - input.trim_start().len();
        let leading_chars = input[..leading].chars().count();

        let mut whole: i64 = 0;
        let mut fraction: i64 = 0;
        let mut decimals: u32 = 0;
        let mut seen_separator = false;
        let mut seen_digit = false;
        for (index, character) in trimmed.chars().enumerate() {
            match character {
                '0'..='9' => {
                    seen_digit = true;
                    let digit = i64::from(u32::from(character) - u32::from('0'));
                    if seen_separator {
                        decimals += 1;
                        if decimals > currency.exponent() {
                            return Err(ParseAmountError::TooManyDecimals {
                                currency,
                                max: currency.exponent(),
                            });
                        }
                        fraction = fraction * 10 + digit;
                    } else {
                        whole = whole
                            .checked_mul(10)
                            .and_then(|w| w.checked_add(digit))
                            .ok_or(ParseAmountError::Overflow)?;
                    }
                }
                '.' | ',' if seen_separator => return Err(ParseAmountError::SeveralSeparators),
                '.' | ',' => seen_separator = true,
                _ => {
                    return Err(ParseAmountError::InvalidCharacter {
                        position: leading_chars + index + 1,
                        character,
                    });
                }
            }
        }
        if !seen_digit {
            return Err(ParseAmountError::Empty);
        }
        let scale = 10_i64.pow(currency.exponent() - decimals);
        let minor = whole
            .checked_mul(currency.minor_per_major())
            .and_then(|w| w.checked_add(fraction * scale))
            .ok_or(ParseAmountError::Overflow)?;
        Ok(Self::new(minor, currency))
    }

    /// The amount as a plain decimal without symbol or grouping, e.g. `"-1234.50"`, as used
    /// in CSV files and by [`Money::parse`].
    pub fn to_plain_decimal(self) -> String {
        let (sign, whole, fraction) = self.parts();
        let exponent = self.currency.exponent() as usize;
        if exponent == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction:0exponent$}")
        }
    }

    /// Formats the amount for people as CLDR's standard currency pattern of `locale` has it:
    /// `$1,234.50`, `1.234,50 €`, `1 234,50 €` (a narrow no-break space between the
    /// groups), `1234,50 €` but `12.345,67 €` in es-ES, `¥1,235`. A negative amount has a
    /// minus sign in front (`-$5.00`, `-5,00 €`), never an accounting pattern's brackets.
    pub fn format(self, locale: Locale) -> String {
        let (sign, whole, fraction) = self.parts();
        let style = locale.number_style();
        let digits = whole.to_string();
        // CLDR's minimum grouping digits: with 2 (es), a four-digit number stays whole and
        // grouping starts at five digits; with 1, it starts at four.
        let grouping = digits.len() >= 3 + style.minimum_grouping_digits;
        let mut number = String::with_capacity(digits.len() * 2 + 8);
        for (index, digit) in digits.chars().enumerate() {
            if grouping && index > 0 && (digits.len() - index) % 3 == 0 {
                number.push_str(style.group);
            }
            number.push(digit);
        }
        let exponent = self.currency.exponent() as usize;
        if exponent > 0 {
            number.push_str(style.decimal);
            number.push_str(&format!("{fraction:0exponent$}"));
        }
        let symbol = self.currency.symbol(locale);
        if style.symbol_after {
            format!("{sign}{number}\u{a0}{symbol}")
        } else if symbol.ends_with(char::is_alphanumeric) {
            // CLDR's currency spacing: a symbol that ends in a letter, such as `CHF`, is
            // kept apart from the digits by a no-break space; `$` or `CA$` is not.
            format!("{sign}{symbol}\u{a0}{number}")
        } else {
            format!("{sign}{symbol}{number}")
        }
    }

    /// Sign, whole units and fraction digits, without ever negating `i64::MIN` in place.
    fn parts(self) -> (&'static str, u64, u64) {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let magnitude = self.amount_minor.unsigned_abs();
        let per_major = self.currency.minor_per_major().unsigned_abs();
        (sign, magnitude / per_major, magnitude % per_major)
    }
}

/// The conventions used to show amounts and dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// English (United States): `$1,234.50`.
    #[default]
    #[serde(rename = "en-US")]
    EnUs,
    /// English (United Kingdom): `£1,234.50`.
    #[serde(rename = "en-GB")]
    EnGb,
    /// German (Germany): `1.234,50 €`.
    #[serde(rename = "de-DE")]
    DeDe,
    /// French (France): `1 234,50 €`.
    #[serde(rename = "fr-FR")]
    FrFr,
    /// Japanese (Japan): `¥1,235`.
    #[serde(rename = "ja-JP")]
    JaJp,
    /// Spanish (Spain): `1234,50 €`, `12.345,67 €`.
    #[serde(rename = "es-ES")]
    EsEs,
}

/// How a locale writes an amount: CLDR's number symbols (Latin digits) and where its
/// standard currency pattern puts the symbol.
struct NumberStyle {
    /// Between groups of three digits.
    group: &'static str,
    /// Before the fraction digits.
    decimal: &'static str,
    /// How many digits the highest group needs before any group is separated.
    minimum_grouping_digits: usize,
    /// `#,##0.00 ¤` (after the number, a no-break space before it) rather than `¤#,##0.00`.
    symbol_after: bool,
}

impl Locale {
    /// Every supported locale.
    pub const ALL: [Self; 6] = [
        Self::EnUs,
        Self::EnGb,
        Self::DeDe,
        Self::FrFr,
        Self::JaJp,
        Self::EsEs,
    ];

    /// The BCP 47 tag, e.g. `"en-US"`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::EnUs => "en-US",
            Self::EnGb => "en-GB",
            Self::DeDe => "de-DE",
            Self::FrFr => "fr-FR",
            Self::JaJp => "ja-JP",
            Self::EsEs => "es-ES",
        }
    }

    /// The CLDR data [`Money::format`] follows. The currency patterns are en and ja
    /// `¤#,##0.00`, de, fr and es `#,##0.00\u{a0}¤`; fr groups with U+202F, not U+00A0.
    fn number_style(self) -> NumberStyle {
        let (group, decimal, minimum_grouping_digits, symbol_after) = match self {
            Self::EnUs | Self::EnGb | Self::JaJp => (",", ".", 1, false),
            Self::DeDe => (".", ",", 1, true),
            Self::FrFr => ("\u{202f}", ",", 1, true),
            Self::EsEs => (".", ",", 2, true),
        };
        NumberStyle {
            group,
            decimal,
            minimum_grouping_digits,
            symbol_after,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn typed_amounts_become_minor_units() {
        let usd = |s| Money::parse(s, Currency::Usd).map(|m| m.amount_minor);
        assert_eq!(usd("25"), Ok(2500));
        assert_eq!(usd("25.5"), Ok(2550));
        assert_eq!(usd("25.50"), Ok(2550));
        assert_eq!(usd(" 25,05 "), Ok(2505));
        assert_eq!(usd(".5"), Ok(50));
        assert_eq!(usd("0"), Ok(0));
        assert_eq!(
            Money::parse("1000", Currency::Jpy).map(|m| m.amount_minor),
            Ok(1000)
        );
        assert_eq!(
            Money::parse("1.234", Currency::Kwd).map(|m| m.amount_minor),
            Ok(1234)
        );
    }

    #[test]
    fn bad_amounts_say_what_is_wrong() {
        let usd = |s| Money::parse(s, Currency::Usd);
        assert_eq!(usd(""), Err(ParseAmountError::Empty));
        assert_eq!(usd("  "), Err(ParseAmountError::Empty));
        assert_eq!(usd("."), Err(ParseAmountError::Empty));
        assert_eq!(
            usd(" 2x5"),
            Err(ParseAmountError::InvalidCharacter {
                position: 3,
                character: 'x'
            })
        );
        assert_eq!(
            usd("-5"),
            Err(ParseAmountError::InvalidCharacter {
                position: 1,
                character: '-'
            })
        );
        assert_eq!(usd("1.2.3"), Err(ParseAmountError::SeveralSeparators));
        assert_eq!(
            usd("1.234"),
            Err(ParseAmountError::TooManyDecimals {
                currency: Currency::Usd,
                max: 2
            })
        );
        assert_eq!(
            Money::parse("1.5", Currency::Jpy),
            Err(ParseAmountError::TooManyDecimals {
                currency: Currency::Jpy,
                max: 0
            })
        );
        assert_eq!(usd("99999999999999999999"), Err(ParseAmountError::Overflow));
        assert_eq!(usd("92233720368547758.08"), Err(ParseAmountError::Overflow));
    }

    #[test]
    fn arithmetic_refuses_overflow_and_mixed_currencies() {
        let max = Money::new(i64::MAX, Currency::Usd);
        assert_eq!(
            max.checked_add(Money::new(1, Currency::Usd)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::new(i64::MIN, Currency::Usd).checked_neg(),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::new(1, Currency::Usd).checked_add(Money::new(1, Currency::Eur)),
            Err(MoneyError::CurrencyMismatch(Currency::Usd, Currency::Eur))
        );
        assert_eq!(
            Money::checked_sum(
                Currency::Gbp,
                [
                    Money::new(250, Currency::Gbp),
                    Money::new(-50, Currency::Gbp)
                ]
            ),
            Ok(Money::new(200, Currency::Gbp))
        );
    }

    #[test]
    fn amounts_are_formatted_per_locale_and_exponent() {
        assert_eq!(
            Money::new(123_450, Currency::Usd).format(Locale::EnUs),
            "$1,234.50"
        );
        assert_eq!(
            Money::new(-500, Currency::Gbp).format(Locale::EnGb),
            "-£5.00"
        );
        assert_eq!(
            Money::new(123_450, Currency::Eur).format(Locale::DeDe),
            "1.234,50\u{a0}€"
        );
        assert_eq!(
            Money::new(123_450, Currency::Eur).format(Locale::FrFr),
            "1\u{202f}234,50\u{a0}€"
        );
        assert_eq!(
            Money::new(1_234_567, Currency::Jpy).format(Locale::JaJp),
            "¥1,234,567"
        );
        assert_eq!(
            Money::new(1_234_567, Currency::Kwd).format(Locale::EnUs),
            "KWD\u{a0}1,234.567"
        );
        assert_eq!(
            Money::new(i64::MIN, Currency::Usd).format(Locale::EnUs),
            "-$92,233,720,368,547,758.08"
        );
        assert_eq!(Money::new(-5, Currency::Usd).to_plain_decimal(), "-0.05");
    }

    #[test]
    fn money_has_the_documented_wire_shape() -> Result<(), serde_json::Error> {
        let json = serde_json::to_string(&Money::new(2500, Currency::Usd))?;
        assert_eq!(json, r#"{"amount_minor":2500,"currency":"USD"}"#);
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor":1,"currency":"XXX"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor":1.5,"currency":"USD"}"#).is_err());
        Ok(())
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn plain_decimal_parses_back_to_the_same_amount(
            amount in 0_i64..=i64::MAX, currency in any_currency()
        ) {
            let money = Money::new(amount, currency);
            prop_assert_eq!(Money::parse(&money.to_plain_decimal(), currency), Ok(money));
        }

        #[test]
        fn parsing_any_text_never_panics(input in "\\PC{0,40}", currency in any_currency()) {
            let _ = Money::parse(&input, currency);
        }

        #[test]
        fn addition_is_checked_not_wrapped(a in any::<i64>(), b in any::<i64>()) {
            let sum = Money::new(a, Currency::Usd).checked_add(Money::new(b, Currency::Usd));
            match a.checked_add(b) {
                Some(expected) => prop_assert_eq!(sum, Ok(Money::new(expected, Currency::Usd))),
                None => prop_assert_eq!(sum, Err(MoneyError::Overflow)),
            }
        }
    }
}

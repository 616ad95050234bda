//! Dates, times and durations for people: dates and times of day follow the chosen
//! [`Locale`] (CLDR), ages and waits are sentences of the chosen [`Language`] (Fluent,
//! which picks the plural form).

use chrono::{DateTime, Datelike as _, FixedOffset, Timelike as _, Utc};
use redeem_core::Locale;

use crate::i18n::Language;
use crate::tr;

/// The current time, from a clock that works natively and in the browser.
pub fn now_utc() -> DateTime<Utc> {
    let since_epoch = web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    DateTime::from_timestamp(seconds, since_epoch.subsec_nanos()).unwrap_or_default()
}

/// The offset of local time from UTC right now.
#[cfg(not(target_arch = "wasm32"))]
pub fn local_offset() -> FixedOffset {
    *chrono::Local::now().offset()
}

/// The offset of local time from UTC right now, as the browser knows it.
#[cfg(target_arch = "wasm32")]
pub fn local_offset() -> FixedOffset {
    use chrono::Offset as _;
    // JavaScript gives minutes *behind* UTC, hence the minus.
    let minutes = -web_sys::js_sys::Date::new_0().get_timezone_offset();
    #[expect(clippy::cast_possible_truncation, reason = "offsets are at most ±14 h")]
    let seconds = (minutes * 60.0) as i32;
    FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix())
}

// CLDR's abbreviated month names (format context) of the locales that spell the month in
// their medium date. en-GB writes `Sept` where en-US writes `Sep`.
const MONTHS_EN_US: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_EN_GB: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];

/// A date as CLDR's medium date format of the locale writes it: `Nov 24, 2025`,
/// `24 Nov 2025`, `24.11.2025`, `24 nov. 2025`, `2025/11/24`, `24 nov 2025`.
pub fn date(at: DateTime<Utc>, locale: Locale, offset: FixedOffset) -> String {
    let local = at.with_timezone(&offset);
    let (year, month, day) = (local.year(), local.month(), local.day());
    let month_name = |names: [&'static str; 12]| {
        names
            .get(usize::try_from(month).unwrap_or(1).saturating_sub(1))
            .copied()
            .unwrap_or("")
    };
    match locale {
        Locale::EnUs => format!("{} {day}, {year}", month_name(MONTHS_EN_US)),
        Locale::EnGb => format!("{day} {} {year}", month_name(MONTHS_EN_GB)),
        Locale::DeDe => format!("{day:02}.{month:02}.{year}"),
        Locale::FrFr => format!("{day} {} {year}", month_name(MONTHS_FR)),
        Locale::JaJp => format!("{year}/{month:02}/{day:02}"),
        Locale::EsEs => format!("{day} {} {year}", month_name(MONTHS_ES)),
    }
}

/// A time of day as CLDR's short time format of the locale writes it: `2:05 PM` for en-US
/// (a narrow no-break space before the day period), `2:05` in the afternoon as `14:05`,
/// and ja-JP's hour without a leading zero, `9:05`.
pub fn time_of_day(at: DateTime<Utc>, locale: Locale, offset: FixedOffset) -> String {
    let local = at.with_timezone(&offset);
    let (hour, minute) = (local.hour(), local.minute());
    match locale {
        Locale::EnUs => {
            let (hour12, suffix) = match hour {
                0 => (12, "AM"),
                1..=11 => (hour, "AM"),
                12 => (12, "PM"),
                _ => (hour - 12, "PM"),
            };
            format!("{hour12}:{minute:02}\u{202f}{suffix}")
        }
        Locale::JaJp => format!("{hour}:{minute:02}"),
        Locale::EnGb | Locale::DeDe | Locale::FrFr | Locale::EsEs => {
            format!("{hour:02}:{minute:02}")
        }
    }
}

/// Date and time together, joined as CLDR's medium date-time pattern has it: `{1}, {0}`,
/// but `{1} {0}` in ja-JP.
pub fn date_time(at: DateTime<Utc>, locale: Locale, offset: FixedOffset) -> String {
    let separator = if locale == Locale::JaJp { " " } else { ", " };
    format!(
        "{}{separator}{}",
        date(at, locale, offset),
        time_of_day(at, locale, offset)
    )
}

/// How long ago, coarsely, in `language`: `just now` (under a minute), `5 min ago`,
/// `3 h ago`, `2 days ago`. No seconds: a label that counted them would need a repaint a
/// second to stay true, and an idle app does not repaint ([`ago_changes_in`] says when to).
pub fn ago(seconds: f64, language: Language) -> String {
    let whole = whole_seconds(seconds);
    match whole {
        0..60 => tr!(language, "time-just-now"),
        60..3600 => tr!(language, "time-minutes-ago", count = whole / 60),
        3600..86_400 => tr!(language, "time-hours-ago", count = whole / 3600),
        _ => tr!(language, "time-days-ago", count = whole / 86_400),
    }
}

/// Seconds until [`ago`] of an age of `seconds` says something else.
pub fn ago_changes_in(seconds: f64) -> f64 {
    let unit = match whole_seconds(seconds) {
        0..3600 => 60,
        3600..86_400 => 3600,
        _ => 86_400,
    };
    let seconds = seconds.max(0.0);
    let unit = unit as f64;
    unit - seconds % unit
}

fn whole_seconds(seconds: f64) -> u64 {
    let seconds = if seconds.is_finite() {
        seconds.max(0.0)
    } else {
        0.0
    };
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "non-negative and finite"
    )]
    let whole = seconds as u64;
    whole
}

/// A wait in words, in `language`: `45 seconds`, `1 minute`, `12 minutes`,
/// `1 hour 5 minutes`. Minutes are rounded up, so that the wait is never shorter than said.
pub fn wait(seconds: u64, language: Language) -> String {
    if seconds < 60 {
        tr!(language, "time-seconds", count = seconds)
    } else if seconds < 3600 {
        tr!(language, "time-minutes", count = seconds.div_ceil(60))
    } else {
        let hours = seconds / 3600;
        let minutes = (seconds % 3600).div_ceil(60);
        if minutes == 0 {
            tr!(language, "time-hours", count = hours)
        } else {
            tr!(
                language,
                "time-hours-minutes",
                hours = hours,
                minutes = minutes
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn dates_follow_the_locale() {
        let at = DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default();
        assert_eq!(date(at, Locale::EnUs, utc()), "Nov 24, 2025");
        assert_eq!(date(at, Locale::EnGb, utc()), "24 Nov 2025");
        assert_eq!(date(at, Locale::DeDe, utc()), "24.11.2025");
        assert_eq!(date(at, Locale::JaJp, utc()), "2025/11/24");
        assert_eq!(time_of_day(at, Locale::EnUs, utc()), "4:00\u{202f}PM");
        assert_eq!(time_of_day(at, Locale::DeDe, utc()), "16:00");
    }

    #[test]
    fn an_age_label_knows_when_it_changes() {
        for age in [
            0.0, 12.5, 59.9, 60.0, 61.0, 3599.0, 3600.0, 7300.0, 90_000.0,
        ] {
            let next = ago_changes_in(age);
            assert!(next > 0.0, "{age}");
            let ago = |seconds| ago(seconds, Language::En);
            assert_eq!(
                ago(age + next - 0.01),
                ago(age),
                "unchanged until then: {age}"
            );
            assert_ne!(
                ago(age + next + 0.01),
                ago(age),
                "changed right after: {age}"
            );
        }
    }

    #[test]
    fn durations_read_naturally() {
        let ago = |seconds| ago(seconds, Language::En);
        let wait = |seconds| wait(seconds, Language::En);
        assert_eq!(ago(1.2), "just now");
        assert_eq!(ago(42.0), "just now");
        assert_eq!(ago(61.0), "1 min ago");
        assert_eq!(ago(3600.0 * 5.0), "5 h ago");
        assert_eq!(ago(86_400.0), "1 day ago");
        assert_eq!(ago(86_400.0 * 3.0), "3 days ago");
        assert_eq!(wait(1), "1 second");
        assert_eq!(wait(61), "2 minutes");
        assert_eq!(wait(3600), "1 hour");
        assert_eq!(wait(3660), "1 hour 1 minute");
    }

    #[test]
    fn durations_take_the_plural_of_each_language() {
        assert_eq!(ago(86_400.0, Language::De), "vor 1 Tag");
        assert_eq!(ago(86_400.0 * 3.0, Language::De), "vor 3 Tagen");
        assert_eq!(ago(120.0, Language::Fr), "il y a 2 min");
        assert_eq!(ago(86_400.0 * 2.0, Language::Ja), "2日前");
        assert_eq!(ago(10.0, Language::Es), "ahora mismo");
        assert_eq!(wait(1, Language::Fr), "1 seconde");
        assert_eq!(wait(7320, Language::De), "2 Stunden und 2 Minuten");
        assert_eq!(wait(3660, Language::Es), "1 hora y 1 minuto");
        assert_eq!(wait(720, Language::Ja), "12分");
    }
}

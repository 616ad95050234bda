//! Dates and times as CLDR writes them: the app's medium date, short time and the two
//! together, in every locale, against ICU4X's date formatter on CLDR's compiled data,
//! character by character.

use chrono::{DateTime, Datelike as _, FixedOffset, Timelike as _, Utc};
use icu_datetime::fieldsets::{T, YMD};
use icu_datetime::input::{Date, Time};
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use redeem::format;
use redeem_core::Locale;

/// Moments that reach every month name, both halves of the day, midnight and noon, and
/// single-digit days and hours, in a zone east of UTC so that the offset is applied.
fn moments() -> Result<(FixedOffset, Vec<DateTime<Utc>>), String> {
    let offset = FixedOffset::east_opt(9 * 3600).ok_or("no such offset")?;
    let mut moments = Vec::new();
    for month in 1..=12 {
        for (day, hour, minute) in [(1, 0, 0), (5, 9, 5), (24, 12, 0), (28, 16, 30), (9, 23, 59)] {
            let local = chrono::NaiveDate::from_ymd_opt(2025, month, day)
                .and_then(|date| date.and_hms_opt(hour, minute, 0))
                .and_then(|naive| naive.and_local_timezone(offset).single())
                .ok_or_else(|| format!("2025-{month}-{day} {hour}:{minute}"))?;
            moments.push(local.with_timezone(&Utc));
        }
    }
    Ok((offset, moments))
}

#[test]
fn dates_and_times_in_every_locale_are_written_as_cldr_does() -> Result<(), String> {
    let (offset, moments) = moments()?;
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for locale in Locale::ALL {
        let prefs: icu_locale_core::Locale = locale
            .tag()
            .parse()
            .map_err(|error| format!("{}: {error:?}", locale.tag()))?;
        let medium_date = DateTimeFormatter::try_new(prefs.clone().into(), YMD::medium())
            .map_err(|error| format!("{}: {error}", locale.tag()))?;
        let short_time = NoCalendarFormatter::try_new(prefs.clone().into(), T::hm())
            .map_err(|error| format!("{}: {error}", locale.tag()))?;
        let both = DateTimeFormatter::try_new(prefs.into(), YMD::medium().with_time_hm())
            .map_err(|error| format!("{}: {error}", locale.tag()))?;
        for &at in &moments {
            let local = at.with_timezone(&offset);
            let date = Date::try_new_iso(
                local.year(),
                u8::try_from(local.month()).map_err(|error| error.to_string())?,
                u8::try_from(local.day()).map_err(|error| error.to_string())?,
            )
            .map_err(|error| format!("{local}: {error}"))?;
            let time = Time::try_new(
                u8::try_from(local.hour()).map_err(|error| error.to_string())?,
                u8::try_from(local.minute()).map_err(|error| error.to_string())?,
                0,
                0,
            )
            .map_err(|error| format!("{local}: {error}"))?;
            let pairs = [
                (
                    "medium date",
                    format::date(at, locale, offset),
                    medium_date.format(&date).to_string(),
                ),
                (
                    "short time",
                    format::time_of_day(at, locale, offset),
                    short_time.format(&time).to_string(),
                ),
                (
                    "date and time",
                    format::date_time(at, locale, offset),
                    both.format(&icu_datetime::input::DateTime { date, time })
                        .to_string(),
                ),
            ];
            for (what, ours, cldr) in pairs {
                compared += 1;
                if ours != cldr {
                    mismatches.push(format!(
                        "{} {what} of {local}: ours {ours:?}, CLDR {cldr:?}",
                        locale.tag()
                    ));
                }
            }
        }
    }
    assert!(compared > 1000, "the grid shrank to {compared} moments");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} differ from CLDR:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    Ok(())
}

//! Regions (storefronts): every account and every card belongs to one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Locale};

/// A storefront. A card redeems only into an account of its region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Region {
    /// United States, USD.
    #[serde(rename = "US")]
    Us,
    /// United Kingdom, GBP.
    #[serde(rename = "GB")]
    Gb,
    /// Germany, EUR.
    #[serde(rename = "DE")]
    De,
    /// France, EUR.
    #[serde(rename = "FR")]
    Fr,
    /// Japan, JPY.
    #[serde(rename = "JP")]
    Jp,
    /// Canada, CAD.
    #[serde(rename = "CA")]
    Ca,
    /// Australia, AUD.
    #[serde(rename = "AU")]
    Au,
    /// Switzerland, CHF.
    #[serde(rename = "CH")]
    Ch,
    /// Kuwait, KWD.
    #[serde(rename = "KW")]
    Kw,
}

impl Region {
    /// Every supported region.
    pub const ALL: [Self; 9] = [
        Self::Us,
        Self::Gb,
        Self::De,
        Self::Fr,
        Self::Jp,
        Self::Ca,
        Self::Au,
        Self::Ch,
        Self::Kw,
    ];

    /// The ISO 3166-1 alpha-2 code, e.g. `"US"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Us => "US",
            Self::Gb => "GB",
            Self::De => "DE",
            Self::Fr => "FR",
            Self::Jp => "JP",
            Self::Ca => "CA",
            Self::Au => "AU",
            Self::Ch => "CH",
            Self::Kw => "KW",
        }
    }

    /// The storefront's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Self::Us => "United States",
            Self::Gb => "United Kingdom",
            Self::De => "Germany",
            Self::Fr => "France",
            Self::Jp => "Japan",
            Self::Ca => "Canada",
            Self::Au => "Australia",
            Self::Ch => "Switzerland",
            Self::Kw => "Kuwait",
        }
    }

    /// The currency balances and cards of this region are kept in.
    pub fn currency(self) -> Currency {
        match self {
            Self::Us => Currency::Usd,
            Self::Gb => Currency::Gbp,
            Self::De | Self::Fr => Currency::Eur,
            Self::Jp => Currency::Jpy,
            Self::Ca => Currency::Cad,
            Self::Au => Currency::Aud,
            Self::Ch => Currency::Chf,
            Self::Kw => Currency::Kwd,
        }
    }

    /// The locale that fits the region best, as the default for formatting.
    pub fn default_locale(self) -> Locale {
        match self {
            Self::Gb | Self::Au | Self::Kw => Locale::EnGb,
            Self::De | Self::Ch => Locale::DeDe,
            Self::Fr => Locale::FrFr,
            Self::Jp => Locale::JaJp,
            Self::Us | Self::Ca => Locale::EnUs,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text is not a supported region code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown region {0:?}; expected one of US, GB, DE, FR, JP, CA, AU, CH, KW")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRegion(s.chars().take(8).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_round_trip_through_their_codes() {
        for region in Region::ALL {
            assert_eq!(region.code().parse::<Region>(), Ok(region));
            assert_eq!(
                serde_json::to_string(&region).ok(),
                Some(format!("\"{}\"", region.code()))
            );
        }
        assert!("ZZ".parse::<Region>().is_err());
        assert_eq!(Region::Jp.currency().exponent(), 0);
    }
}

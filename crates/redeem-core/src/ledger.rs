//! The kinds of ledger entry and the states of a trade-in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a ledger entry records. Credits are positive amounts, debits negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EntryKind {
    /// A gift card redeemed into the account (credit; source: card's last 4).
    GiftCardRedemption,
    /// Credit for a device traded in (credit; source: trade-in id).
    TradeInCredit,
    /// Funds added by the account holder (credit).
    AddedFunds,
    /// A purchase paid from the balance (debit; source: order id).
    Purchase,
    /// A purchase refunded to the balance (credit; source: order id).
    Refund,
    /// A correction made by support (either sign).
    Adjustment,
}

impl EntryKind {
    /// Every kind, in the order filters list them.
    pub const ALL: [Self; 6] = [
        Self::GiftCardRedemption,
        Self::TradeInCredit,
        Self::AddedFunds,
        Self::Purchase,
        Self::Refund,
        Self::Adjustment,
    ];

    /// The stable wire name, e.g. `"gift_card_redemption"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GiftCardRedemption => "gift_card_redemption",
            Self::TradeInCredit => "trade_in_credit",
            Self::AddedFunds => "added_funds",
            Self::Purchase => "purchase",
            Self::Refund => "refund",
            Self::Adjustment => "adjustment",
        }
    }

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::GiftCardRedemption => "Gift card",
            Self::TradeInCredit => "Trade-in",
            Self::AddedFunds => "Added funds",
            Self::Purchase => "Purchase",
            Self::Refund => "Refund",
            Self::Adjustment => "Adjustment",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not a ledger entry kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown entry kind {0:?}")]
pub struct UnknownKind(pub String);

impl FromStr for EntryKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.chars().take(32).collect()))
    }
}

/// Where a trade-in is on its way to becoming credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TradeInStatus {
    /// Registered; the device has not arrived yet.
    Pending,
    /// The device arrived.
    Received,
    /// The device is being checked.
    Inspecting,
    /// Credit was written to the ledger.
    Credited,
    /// The device did not qualify; no credit.
    Rejected,
}

impl TradeInStatus {
    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Received => "received",
            Self::Inspecting => "inspecting",
            Self::Credited => "credited",
            Self::Rejected => "rejected",
        }
    }

    /// True while credit may still come.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Received | Self::Inspecting)
    }
}

impl FromStr for TradeInStatus {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::Pending,
            Self::Received,
            Self::Inspecting,
            Self::Credited,
            Self::Rejected,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| UnknownKind(s.chars().take(32).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_wire_names() {
        for kind in EntryKind::ALL {
            assert_eq!(kind.as_str().parse::<EntryKind>(), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).ok(),
                Some(format!("\"{}\"", kind.as_str()))
            );
        }
    }
}

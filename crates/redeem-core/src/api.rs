//! The balance API, version 1: every request and response body, and the one error body.
//!
//! Field names are part of the API and change only with a new version. Money is always
//! `{"amount_minor": 2500, "currency": "USD"}`; times are RFC 3339 in UTC.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ledger::{EntryKind, TradeInStatus};
use crate::money::{Currency, Money};
use crate::region::Region;
use crate::secret::SecretText;

/// The header that makes a write safe to retry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The content type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Longest accepted `Idempotency-Key`.
pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 255;

/// Largest page of history one request may ask for.
pub const TRANSACTIONS_MAX_LIMIT: u32 = 500;

/// Page size when a request names none.
pub const TRANSACTIONS_DEFAULT_LIMIT: u32 = 50;

/// Why an `Idempotency-Key` header value is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdempotencyKeyError {
    /// The header is absent or empty.
    #[error("the Idempotency-Key header is required for this request")]
    Missing,
    /// Longer than [`IDEMPOTENCY_KEY_MAX_LEN`].
    #[error("the Idempotency-Key header is longer than 255 characters")]
    TooLong,
    /// Contains something other than visible ASCII.
    #[error("the Idempotency-Key header may contain only visible ASCII characters")]
    InvalidCharacter,
}

/// Checks an `Idempotency-Key` header value: 1 to 255 visible ASCII characters.
pub fn validate_idempotency_key(key: &str) -> Result<(), IdempotencyKeyError> {
    if key.is_empty() {
        Err(IdempotencyKeyError::Missing)
    } else if key.len() > IDEMPOTENCY_KEY_MAX_LEN {
        Err(IdempotencyKeyError::TooLong)
    } else if !key.bytes().all(|b| b.is_ascii_graphic()) {
        Err(IdempotencyKeyError::InvalidCharacter)
    } else {
        Ok(())
    }
}

/// `POST /v1/session`: sign in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    /// The account's e-mail address.
    pub email: String,
    /// The account's password.
    pub password: SecretText,
}

/// The account a session belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    /// The account's e-mail address.
    pub email: String,
    /// The storefront; only cards of this region redeem into the account.
    pub region: Region,
    /// The currency of the balance.
    pub currency: Currency,
}

/// `POST /v1/session` answer (200).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    /// Opaque bearer token for `Authorization: Bearer <token>`.
    pub token: SecretText,
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub account: AccountSummary,
}

/// One line of the balance breakdown: the net of all entries of one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalanceSource {
    /// The kind of entry.
    pub kind: EntryKind,
    /// The sum of all entries of that kind (negative for purchases).
    pub amount: Money,
}

/// `GET /v1/balance` answer (200, with an `ETag`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalanceResponse {
    /// What can be spent now: the sum of the ledger.
    pub available: Money,
    /// Trade-in credit on its way (trade-ins not yet credited or rejected, with an estimate).
    pub pending: Money,
    /// The available balance by kind of entry; the amounts add up to `available`.
    pub by_source: Vec<BalanceSource>,
    /// When the newest entry was written, or the account created when there is none.
    pub last_activity_at: Option<DateTime<Utc>>,
    /// When this answer was computed.
    pub as_of: DateTime<Utc>,
}

/// `POST /v1/redemptions/preview` and `POST /v1/redemptions` body.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemRequest {
    /// The code as typed; the server normalises it.
    pub code: SecretText,
}

/// `POST /v1/redemptions/preview` answer (200): what the code would add.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewResponse {
    /// The card's value.
    pub amount: Money,
    /// The card's region.
    pub region: Region,
    /// The last four symbols of the code, for the person to compare with the card.
    pub card_last4: String,
    /// The account the credit would go into.
    pub account: AccountSummary,
}

/// `POST /v1/redemptions` answer (201).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemResponse {
    /// The receipt, quoted to support.
    pub receipt_id: String,
    /// What was added.
    pub credited: Money,
    /// The balance after the credit.
    pub balance: Money,
}

/// `POST /v1/purchases` body.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseRequest {
    /// What to debit; must be positive and in the account's currency.
    pub amount: Money,
    /// The order being paid.
    pub order_id: String,
    /// What was bought, for the history.
    pub description: String,
}

/// `POST /v1/purchases` answer (201).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseResponse {
    /// The receipt.
    pub receipt_id: String,
    /// What was taken from the balance (positive).
    pub debited: Money,
    /// The balance after the debit.
    pub balance: Money,
}

/// `POST /v1/accounts` body: sign up (only on a server started with `--allow-sign-up`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpRequest {
    /// The new account's e-mail address.
    pub email: String,
    /// At least [`PASSWORD_MIN_LEN`] characters, not a common password (NIST SP 800-63B).
    pub password: SecretText,
    /// The storefront, chosen once: only cards of this region redeem into the account.
    pub region: Region,
}

/// Shortest password a new account or a password change accepts, in characters.
pub const PASSWORD_MIN_LEN: usize = 8;

/// `GET /v1/sign-up` answer (200, public): whether and how accounts can be made here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpPolicy {
    /// False unless the server runs with `--allow-sign-up`.
    pub allowed: bool,
    /// The regions an account can be made in.
    pub regions: Vec<Region>,
    /// Shortest password accepted, in characters.
    pub min_password_length: u32,
    /// Longest password accepted, in characters.
    pub max_password_length: u32,
}

/// `PUT /v1/account/password` body. Answered 204; every other session of the account
/// ends, the one that asked goes on.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The password in use now.
    pub current_password: SecretText,
    /// The new one, under the same rules as at sign-up.
    pub new_password: SecretText,
}

/// A payment card as typed, for `POST /v1/funds`. The server keeps only its brand and
/// last four digits; the number and the security code go to the payment provider only.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentCard {
    /// 12 to 19 digits with a valid Luhn check digit; spaces and dashes are ignored.
    pub number: SecretText,
    /// Expiry month, 1 to 12.
    pub exp_month: u8,
    /// Expiry year, four digits.
    pub exp_year: u16,
    /// The 3 or 4 digit security code.
    pub cvc: SecretText,
}

/// `POST /v1/funds` body: add money to the balance from a payment card.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddFundsRequest {
    /// How much to add, in the account's currency, within the limits of
    /// [`FundsOptions`].
    pub amount: Money,
    /// What pays for it.
    pub card: PaymentCard,
}

/// `POST /v1/funds/{payment_id}/confirm` body: the second step some cards ask for (the
/// card issuer's one-time code, as in 3-D Secure).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmFundsRequest {
    /// The one-time code the card issuer sent to the card holder.
    pub code: SecretText,
}

/// A payment card as the server keeps it: never the number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardSummary {
    /// The card network, e.g. `"visa"`, `"mastercard"`, `"amex"`, or `"card"` when unknown.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
}

/// Where a payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentStatus {
    /// Charged and credited to the balance.
    Succeeded,
    /// The card issuer asks for a one-time code: `POST /v1/funds/{payment_id}/confirm`.
    RequiresConfirmation,
    /// A status this client does not know yet (a newer server).
    #[serde(other)]
    Unknown,
}

/// `POST /v1/funds` answer: 201 when the money is in the balance, 202 when the card
/// issuer asks for a second step first. The confirm call answers 201 with the same shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FundsResponse {
    /// The payment, quoted to support; the path of the confirm call. Also the reference
    /// the payment provider knows the charge by.
    pub payment_id: String,
    /// Where it stands.
    pub status: PaymentStatus,
    /// The amount charged (or to be charged once confirmed).
    pub amount: Money,
    /// The card charged.
    pub card: CardSummary,
    /// The ledger entry, once credited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_id: Option<String>,
    /// The balance after the credit, once credited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Money>,
}

/// A card number the test payment provider knows, and what it does with it. Shown only by
/// a server running the test provider, like the demo codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCard {
    /// The number, grouped for reading.
    pub number: String,
    /// What happens: `"succeeds"`, `"declined_insufficient_funds"`, `"declined_stolen"`,
    /// `"requires_confirmation"` or `"times_out"`.
    pub outcome: String,
}

/// `GET /v1/funds/options` answer (200): what this account may add now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FundsOptions {
    /// Amounts offered as buttons, in the account's currency.
    pub presets: Vec<Money>,
    /// The smallest amount accepted.
    pub min: Money,
    /// The largest amount of one payment.
    pub max_per_payment: Money,
    /// The most that may be added in any 24 hours (a rolling window that counts the
    /// payments that succeeded and those still pending or awaiting their one-time code).
    pub daily_limit: Money,
    /// What may still be added now: the daily limit less what the last 24 hours used.
    pub remaining_today: Money,
    /// Cards of the test provider; empty unless the server runs it.
    pub test_cards: Vec<TestCard>,
    /// The one-time code the test provider's card issuer accepts; absent unless the server
    /// runs the test provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_confirmation_code: Option<String>,
}

/// Why a card issuer declined a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeclineReason {
    /// The card has not enough money or credit.
    InsufficientFunds,
    /// The card was reported lost or stolen.
    LostOrStolen,
    /// The card has expired.
    ExpiredCard,
    /// The security code is wrong.
    IncorrectCvc,
    /// The second step (the one-time code) failed.
    AuthenticationFailed,
    /// The issuer gave no reason.
    Generic,
    /// A reason this client does not know yet (a newer server).
    #[serde(other)]
    Unknown,
}

/// The header naming an attempt limit (draft-ietf-httpapi-ratelimit-headers, structured
/// field form): `"attempts";q=10;w=3600`, `q` failed attempts allowed in a sliding window
/// of `w` seconds. Sent by preview, redeem and sign-in, naming the limit the caller is
/// nearest to (the account's, or the client address's when that is tighter).
pub const RATELIMIT_POLICY_HEADER: &str = "RateLimit-Policy";

/// The header telling what is left of that limit: `"attempts";r=2;t=1740`, `r` failed
/// attempts left before the pause; `t` seconds until the oldest failure counted leaves the
/// window and frees an attempt (0 when none is counted). With `r=0`, `t` is when the pause
/// ends, as `retry_after_s` says.
pub const RATELIMIT_HEADER: &str = "RateLimit";

/// `GET /v1/transactions` query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TransactionsQuery {
    /// Page size, 1 to [`TRANSACTIONS_MAX_LIMIT`]; [`TRANSACTIONS_DEFAULT_LIMIT`] if absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only entries of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntryKind>,
    /// Only entries at or after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

/// One ledger entry as the history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transaction {
    /// Stable entry id.
    pub id: String,
    /// What kind of movement it was.
    pub kind: EntryKind,
    /// For people, e.g. "Gift card redeemed".
    pub description: String,
    /// Signed amount: credits positive, debits negative.
    pub amount: Money,
    /// The balance right after this entry.
    pub balance_after: Money,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Where it came from: a card's last 4, a trade-in id or an order id.
    pub source: String,
}

/// `GET /v1/transactions` answer (200): newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransactionsPage {
    /// The entries of this page.
    pub items: Vec<Transaction>,
    /// Pass as `cursor` for the next (older) page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A device traded in for credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeIn {
    /// Stable trade-in id, also the source of its ledger entry.
    pub id: String,
    /// The device, e.g. "iPhone 13, 128 GB".
    pub device: String,
    /// Where it is.
    pub status: TradeInStatus,
    /// The estimated credit, or the credited amount once credited.
    pub amount: Money,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    pub updated_at: DateTime<Utc>,
}

/// `GET /v1/trade-ins` answer (200), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeInsResponse {
    /// The account's trade-ins.
    pub items: Vec<TradeIn>,
}

/// A stable, machine-readable error code. Clients match on these, never on titles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// No card has this code (or it failed its check symbol).
    InvalidCode,
    /// The card was redeemed before.
    AlreadyRedeemed,
    /// The card belongs to another region than the account.
    RegionMismatch,
    /// The card was issued but is not active yet.
    CardNotActive,
    /// The card was disabled (reported lost or stolen, or by support).
    CardDisabled,
    /// Too many attempts; wait `retry_after_s`.
    RateLimited,
    /// The balance is lower than the purchase.
    InsufficientFunds,
    /// Missing, wrong or expired credentials.
    Unauthorized,
    /// The same `Idempotency-Key` is being processed right now.
    IdempotencyConflict,
    /// The `Idempotency-Key` was used before with a different request.
    IdempotencyMismatch,
    /// The request is malformed; `detail` says how.
    Validation,
    /// No such resource or route.
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The service cannot answer right now; retry later.
    Unavailable,
    /// A fault on the server; nothing was changed.
    Internal,
    /// The card issuer declined the payment (`decline_reason` says why); nothing was
    /// charged.
    PaymentDeclined,
    /// The payment provider did not answer in time; nothing was charged or credited.
    /// Retry with the same `Idempotency-Key`.
    PaymentUnavailable,
    /// The amount is above a limit of adding money (`limit`, `remaining`).
    FundsLimitExceeded,
    /// Adding money is not offered here (a kiosk, or a server without a provider).
    FundsNotAvailable,
    /// An account with this e-mail address exists.
    EmailTaken,
    /// The password is too short, too long or too common (`detail` says which).
    WeakPassword,
    /// This server does not let people make accounts.
    SignUpClosed,
    /// The current password given to change it is wrong.
    WrongPassword,
    /// A code this client does not know yet (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidCode => "invalid_code",
            Self::AlreadyRedeemed => "already_redeemed",
            Self::RegionMismatch => "region_mismatch",
            Self::CardNotActive => "card_not_active",
            Self::CardDisabled => "card_disabled",
            Self::RateLimited => "rate_limited",
            Self::InsufficientFunds => "insufficient_funds",
            Self::Unauthorized => "unauthorized",
            Self::IdempotencyConflict => "idempotency_conflict",
            Self::IdempotencyMismatch => "idempotency_mismatch",
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
            Self::PaymentDeclined => "payment_declined",
            Self::PaymentUnavailable => "payment_unavailable",
            Self::FundsLimitExceeded => "funds_limit_exceeded",
            Self::FundsNotAvailable => "funds_not_available",
            Self::EmailTaken => "email_taken",
            Self::WeakPassword => "weak_password",
            Self::SignUpClosed => "sign_up_closed",
            Self::WrongPassword => "wrong_password",
            Self::Unknown => "unknown",
        }
    }

    /// The HTTP status the server answers this code with.
    pub fn status(self) -> u16 {
        match self {
            Self::Validation => 400,
            Self::Unauthorized => 401,
            Self::InsufficientFunds | Self::PaymentDeclined => 402,
            Self::SignUpClosed | Self::WrongPassword | Self::FundsNotAvailable => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::AlreadyRedeemed
            | Self::RegionMismatch
            | Self::CardNotActive
            | Self::CardDisabled
            | Self::IdempotencyConflict
            | Self::EmailTaken => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::InvalidCode
            | Self::IdempotencyMismatch
            | Self::FundsLimitExceeded
            | Self::WeakPassword => 422,
            Self::RateLimited => 429,
            Self::Internal | Self::Unknown => 500,
            Self::Unavailable | Self::PaymentUnavailable => 503,
        }
    }

    /// A short summary for people, the problem's `title`.
    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidCode => "This code is not valid",
            Self::AlreadyRedeemed => "This gift card was already redeemed",
            Self::RegionMismatch => "This gift card is for another country or region",
            Self::CardNotActive => "This gift card is not active yet",
            Self::CardDisabled => "This gift card has been disabled",
            Self::RateLimited => "Too many attempts",
            Self::InsufficientFunds => "Not enough balance",
            Self::Unauthorized => "Sign-in required",
            Self::IdempotencyConflict => "The same request is already in progress",
            Self::IdempotencyMismatch => "This Idempotency-Key was used for another request",
            Self::Validation => "The request is not valid",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::PayloadTooLarge => "The request body is too large",
            Self::UnsupportedMediaType => "The request body must be JSON",
            Self::Unavailable => "The service is unavailable",
            Self::Internal => "Something went wrong on our side",
            Self::PaymentDeclined => "The payment was declined",
            Self::PaymentUnavailable => "The payment could not be completed",
            Self::FundsLimitExceeded => "This amount is above the limit",
            Self::FundsNotAvailable => "Adding money is not available here",
            Self::EmailTaken => "An account with this e-mail address exists",
            Self::WeakPassword => "This password is not strong enough",
            Self::SignUpClosed => "New accounts cannot be made here",
            Self::WrongPassword => "The current password is wrong",
            Self::Unknown => "Unexpected error",
        }
    }

    /// Whether the same request may succeed if sent again later.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            Self::RateLimited
                | Self::IdempotencyConflict
                | Self::Unavailable
                | Self::Internal
                | Self::PaymentUnavailable
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every error: an RFC 9457 problem details body, `application/problem+json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary for people.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for people. Never contains a secret.
    pub detail: String,
    /// The stable machine code.
    pub code: ErrorCode,
    /// Whether retrying the same request later may succeed.
    pub retryable: bool,
    /// Seconds to wait before retrying, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    /// For `already_redeemed`: when the card was redeemed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_at: Option<DateTime<Utc>>,
    /// For `already_redeemed`: whether it was redeemed into the asking account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeemed_by_you: Option<bool>,
    /// For `region_mismatch`: the card's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_region: Option<Region>,
    /// On a limited call (preview, redeem, sign-in) that failed: how many more failures
    /// the limit allows before the pause; 0 when paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_remaining: Option<u32>,
    /// For `rate_limited`: when the pause ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<DateTime<Utc>>,
    /// With `attempts_remaining`: how long the pause lasts once no attempt remains, in
    /// seconds (the limit's window, `w` of `RateLimit-Policy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_s: Option<u64>,
    /// For `payment_declined`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<DeclineReason>,
    /// For `funds_limit_exceeded`: the limit that was hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Money>,
    /// For `funds_limit_exceeded`: what may still be added now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Money>,
}

impl Problem {
    /// A problem of `code` with its standard title, status and retry flag.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            type_uri: format!("https://redeem.example/problems/{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            detail: detail.into(),
            code,
            retryable: code.retryable(),
            retry_after_s: None,
            redeemed_at: None,
            redeemed_by_you: None,
            card_region: None,
            attempts_remaining: None,
            locked_until: None,
            pause_s: None,
            decline_reason: None,
            limit: None,
            remaining: None,
        }
    }

    /// The same problem with a time to wait before retrying.
    #[must_use]
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_s = Some(seconds);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.title, self.code, self.detail)
    }
}

/// `GET /healthz` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the database answers.
    pub status: String,
    /// The server's version.
    pub version: String,
}

/// `GET /v1/demo` answer (200), only from a server started with demo data: the demo
/// account and the demo cards that can still be redeemed, so that the app can offer them
/// on its sign-in screen. Public by design, like everything about the demo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoResponse {
    /// The demo account's e-mail address.
    pub email: String,
    /// The demo account's password.
    pub password: SecretText,
    /// Codes of the demo cards not redeemed yet, grouped `XXXX-XXXX-XXXX-XXXX`.
    pub codes: Vec<SecretText>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn round_trip<T>(value: &T) -> Result<T, serde_json::Error>
    where
        T: Serialize + for<'de> Deserialize<'de>,
    {
        serde_json::from_str(&serde_json::to_string(value)?)
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
    }

    #[test]
    fn wire_types_round_trip() -> Result<(), serde_json::Error> {
        let usd = |m| Money::new(m, Currency::Usd);
        let account = AccountSummary {
            email: "a@example.com".into(),
            region: Region::Us,
            currency: Currency::Usd,
        };
        let balance = BalanceResponse {
            available: usd(2500),
            pending: usd(10_000),
            by_source: vec![BalanceSource {
                kind: EntryKind::GiftCardRedemption,
                amount: usd(2500),
            }],
            last_activity_at: Some(at(1_700_000_000)),
            as_of: at(1_700_000_100),
        };
        assert_eq!(round_trip(&balance)?, balance);
        let page = TransactionsPage {
            items: vec![Transaction {
                id: "e1".into(),
                kind: EntryKind::Purchase,
                description: "Music subscription".into(),
                amount: usd(-999),
                balance_after: usd(1501),
                created_at: at(1_700_000_000),
                source: "order W123".into(),
            }],
            next_cursor: None,
        };
        assert_eq!(round_trip(&page)?, page);
        let preview = PreviewResponse {
            amount: usd(5000),
            region: Region::Us,
            card_last4: "AB12".into(),
            account,
        };
        assert_eq!(round_trip(&preview)?, preview);
        let trade_ins = TradeInsResponse {
            items: vec![TradeIn {
                id: "T-1".into(),
                device: "Phone".into(),
                status: TradeInStatus::Inspecting,
                amount: usd(20_000),
                created_at: at(1),
                updated_at: at(2),
            }],
        };
        assert_eq!(round_trip(&trade_ins)?, trade_ins);
        Ok(())
    }

    #[test]
    fn the_session_answer_has_the_documented_fields() -> Result<(), serde_json::Error> {
        let json = r#"{"token":"t0k","expires_at":"2026-11-24T10:00:00Z",
            "account":{"email":"a@example.com","region":"GB","currency":"GBP"}}"#;
        let session: SessionResponse = serde_json::from_str(json)?;
        assert_eq!(session.token.expose(), "t0k");
        assert_eq!(session.account.region, Region::Gb);
        Ok(())
    }

    #[test]
    fn request_bodies_refuse_unknown_fields() {
        let body = r#"{"code":"X","admin":true}"#;
        assert!(serde_json::from_str::<RedeemRequest>(body).is_err());
    }

    #[test]
    fn problems_carry_stable_codes_and_skip_absent_fields() -> Result<(), serde_json::Error> {
        let problem = Problem::new(ErrorCode::RateLimited, "Wait a minute.").with_retry_after(60);
        let json = serde_json::to_value(&problem)?;
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["status"], 429);
        assert_eq!(json["retryable"], true);
        assert_eq!(json["retry_after_s"], 60);
        assert!(json.get("redeemed_at").is_none());
        assert_eq!(round_trip(&problem)?, problem);

        let unknown: Problem = serde_json::from_str(
            r#"{"type":"x","title":"t","status":418,"detail":"d","code":"teapot","retryable":false}"#,
        )?;
        assert_eq!(unknown.code, ErrorCode::Unknown);
        Ok(())
    }

    #[test]
    fn every_documented_error_code_has_its_wire_name() -> Result<(), serde_json::Error> {
        for name in [
            "invalid_code",
            "already_redeemed",
            "region_mismatch",
            "card_not_active",
            "card_disabled",
            "rate_limited",
            "insufficient_funds",
            "unauthorized",
            "idempotency_conflict",
            "idempotency_mismatch",
            "validation",
            "unavailable",
        ] {
            let code: ErrorCode = serde_json::from_str(&format!("\"{name}\""))?;
            assert_ne!(code, ErrorCode::Unknown, "{name}");
            assert_eq!(code.as_str(), name);
        }
        assert_eq!(ErrorCode::IdempotencyConflict.status(), 409);
        assert_eq!(ErrorCode::IdempotencyMismatch.status(), 422);
        Ok(())
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert_eq!(
            validate_idempotency_key(""),
            Err(IdempotencyKeyError::Missing)
        );
        assert_eq!(
            validate_idempotency_key(&"k".repeat(256)),
            Err(IdempotencyKeyError::TooLong)
        );
        assert_eq!(
            validate_idempotency_key("a b"),
            Err(IdempotencyKeyError::InvalidCharacter)
        );
        assert_eq!(
            validate_idempotency_key("0b8f7c1e-2d4a-4f7e-9a65-3c1d2e4f5a6b"),
            Ok(())
        );
    }
}

//! [`Command`]: what a screen asks the app to do. Screens only queue commands; the app's
//! logic step carries them out.

/// The screens of a signed-in session, one at a time under the top bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    /// The balance, pending credit and its breakdown.
    #[default]
    Balance,
    /// Redeem a gift card.
    Redeem,
    /// Every movement of money.
    History,
    /// Add money from a payment card (opened from the balance screen).
    AddMoney,
    /// The account: password, sessions (opened from the top bar).
    Account,
}

impl Screen {
    /// Every screen, in the order of the navigation bar.
    pub const ALL: [Self; 3] = [Self::Balance, Self::Redeem, Self::History];

    /// For people, in `language`.
    pub fn label(self, language: crate::i18n::Language) -> String {
        let id = match self {
            Self::Balance => "screen-balance",
            Self::Redeem => "screen-redeem",
            Self::History => "screen-history",
            Self::AddMoney => "screen-add-money",
            Self::Account => "screen-account",
        };
        crate::tr!(language, id)
    }
}

use crate::i18n::Language;
use crate::kiosk::keypad::KeyPress;

/// Something a screen wants done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Sign in with the e-mail and password typed in the sign-in form.
    SignIn,
    /// Show the sign-up form instead of the sign-in form.
    OpenSignUp,
    /// Back from the sign-up form to the sign-in form.
    CloseSignUp,
    /// Make the account typed into the sign-up form, and sign in to it.
    SignUp,
    /// Fill the sign-in form with the demo account.
    UseDemoAccount,
    /// Sign out: revoke the session and wipe every account value and secret.
    SignOut,
    /// Ask the server for the balance and trade-ins now.
    RefreshBalance,
    /// Check the typed code locally, then ask the server what it would add.
    CheckCode,
    /// Redeem the previewed code.
    ConfirmRedeem,
    /// Send the redeem again with the same idempotency key.
    RetryRedeem,
    /// Back to an empty code field.
    RedeemAnother,
    /// Back to the code field, keeping the code.
    EditCode,
    /// Put the demo code with this index into the code field.
    UseDemoCode(usize),
    /// "I understand" under the gift-card scam warning: do not show it again to this
    /// account on this device.
    UnderstandScamWarning,
    /// Ask the server for the amounts and limits of adding money.
    LoadFundsOptions,
    /// Check the add-money form on this device and show the review.
    ReviewPayment,
    /// Pay the reviewed amount with a new idempotency key.
    Pay,
    /// Send the last payment call again with the same idempotency key.
    RetryPayment,
    /// Send the card issuer's one-time code.
    ConfirmPayment,
    /// Back from the review to the form, keeping what was typed.
    EditPayment,
    /// Leave adding money: the card is wiped, back to the balance.
    CancelPayment,
    /// Put the test provider's card with this index into the form.
    UseTestCard(usize),
    /// Send the password change typed on the account screen.
    ChangePassword,
    /// End every session of the account, this one too.
    SignOutEverywhere,
    /// Reload the history from its first page (the filter changed).
    ReloadHistory,
    /// Load the next (older) page of history.
    LoadMoreHistory,
    /// Write the history shown to a CSV file.
    ExportCsv,
    /// Show a screen.
    ShowScreen(Screen),
    /// Open or close the preferences.
    TogglePreferences,
    /// A preference changed: apply and save it.
    PreferencesChanged,
    /// Show the amounts of a balance screen that kiosk mode masks.
    RevealBalance,
    /// Kiosk: leave the attract screen for sign-in.
    KioskStart,
    /// Kiosk: speak this language until the visit ends (the attract screen's language
    /// button).
    KioskLanguage(Language),
    /// Kiosk: sign out at once and return to the attract screen ("Done").
    KioskDone,
    /// Kiosk: "I'm still here" — stop the sign-out countdown.
    KioskStillHere,
    /// Kiosk: a key of the on-screen keypad, for the focused field.
    KioskKey(KeyPress),
    /// Kiosk: check the PIN typed into the staff pad.
    StaffCheckPin,
    /// Kiosk: close the staff pad.
    StaffClose,
    /// Kiosk: leave kiosk mode and close the app (after the right staff PIN).
    StaffExit,
}

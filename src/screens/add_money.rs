//! The add-money screen: amount → payment card → review → paid (or the card issuer's
//! one-time code first) → receipt, with every refusal explained.
//!
//! The card number, the security code and the issuer's code are secrets: they live in
//! zeroizing buffers, are checked here before anything is sent (length, Luhn check digit,
//! expiry), go to the server once, and are wiped when the payment is done, abandoned or
//! the person signs out. The app never keeps a card.

use chrono::{Datelike as _, NaiveDate};
use egui::{Id, RichText};
use redeem_core::api::{CardSummary, FundsOptions, FundsResponse};
use redeem_core::{Money, ParseAmountError};
use uuid::Uuid;

use super::{BannerKind, Command, View, explanation_banner, labelled_field, muted};
use crate::api::ApiError;
use crate::explain;
use crate::i18n::Language;
use crate::loadable::Loadable;
use crate::secret_buffer::SecretBuffer;
use crate::theme::{self, Palette};
use crate::tr;

/// How many times a payment that timed out is sent, in all, before the person is asked.
pub const PAY_ATTEMPTS: u32 = 3;

/// Which amount is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AmountChoice {
    /// Nothing yet.
    #[default]
    None,
    /// The preset with this index.
    Preset(usize),
    /// The amount typed into "Other amount".
    Other,
}

/// What a payment call is about, to send again with the same key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentCall {
    /// The payment itself.
    Pay,
    /// The card issuer's one-time code for the payment with this id.
    Confirm(String),
}

/// Where the flow is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FundsStep {
    /// Choosing the amount and typing the card.
    #[default]
    Form,
    /// Checked on this device; waiting for "Pay".
    Review {
        /// The amount to add.
        amount: Money,
        /// The card, as the receipt will show it.
        card: CardSummary,
    },
    /// A payment call is in flight.
    Sending {
        /// Paying, or confirming.
        call: PaymentCall,
        /// The idempotency key, the same for every attempt.
        key: Uuid,
        /// Which attempt this is, from 1.
        attempt: u32,
    },
    /// The card issuer asks for its one-time code.
    IssuerCode(FundsResponse),
    /// Done: the money is in the balance.
    Done(FundsResponse),
    /// Refused, or no answer.
    Failed {
        /// Why.
        error: ApiError,
        /// Set when the payment may or may not have gone through: a retry must reuse the
        /// key so that the card is never charged twice.
        retry: Option<(PaymentCall, Uuid)>,
    },
}

/// What is wrong with the form, found on this device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormProblem {
    /// No amount chosen.
    NoAmount,
    /// The typed amount cannot be read.
    Amount(ParseAmountError),
    /// Below the smallest amount.
    BelowMin(Money),
    /// Above the largest single payment.
    AboveMax(Money),
    /// Above what may still be added today.
    AboveToday(Money),
    /// The card number has too few or too many digits, or other characters.
    NumberLength,
    /// The card number fails its check digit: a typo.
    NumberCheck,
    /// The expiry date is not `MM/YY`.
    ExpiryFormat,
    /// The card has expired.
    Expired,
    /// The security code is not 3 or 4 digits (4 for American Express).
    Cvc,
}

/// The add-money screen's state.
#[derive(Debug, Default)]
pub struct AddMoneyState {
    /// The amounts and limits for this account.
    pub options: Loadable<FundsOptions>,
    /// The chosen amount.
    pub choice: AmountChoice,
    /// "Other amount" as typed.
    pub other_amount: String,
    /// The card number as typed.
    pub number: SecretBuffer,
    /// The expiry as typed, `MM/YY`.
    pub expiry: String,
    /// The security code.
    pub cvc: SecretBuffer,
    /// The card issuer's one-time code.
    pub issuer_code: SecretBuffer,
    /// Where the flow is.
    pub step: FundsStep,
    /// What is wrong with the form, when the person tried to go on.
    pub problem: Option<FormProblem>,
    /// The amount reviewed and being paid.
    pub reviewed: Option<Money>,
}

impl AddMoneyState {
    /// True while a payment call is in flight.
    pub fn is_busy(&self) -> bool {
        matches!(self.step, FundsStep::Sending { .. })
    }

    /// Wipes the card and the codes, and starts over (the options stay).
    pub fn reset(&mut self) {
        self.number.wipe();
        self.cvc.wipe();
        self.issuer_code.wipe();
        self.expiry.clear();
        self.other_amount.clear();
        self.choice = AmountChoice::None;
        self.step = FundsStep::Form;
        self.problem = None;
        self.reviewed = None;
    }

    /// Wipes the card number and security code (once the payment no longer needs them).
    pub fn wipe_card(&mut self) {
        self.number.wipe();
        self.cvc.wipe();
    }

    /// The chosen amount, checked against the limits.
    pub fn amount(&self) -> Result<Money, FormProblem> {
        let options = self.options.value().ok_or(FormProblem::NoAmount)?;
        let amount = match self.choice {
            AmountChoice::None => return Err(FormProblem::NoAmount),
            AmountChoice::Preset(index) => {
                *options.presets.get(index).ok_or(FormProblem::NoAmount)?
            }
            AmountChoice::Other => Money::parse(&self.other_amount, options.min.currency)
                .map_err(FormProblem::Amount)?,
        };
        if amount.amount_minor < options.min.amount_minor {
            Err(FormProblem::BelowMin(options.min))
        } else if amount.amount_minor > options.max_per_payment.amount_minor {
            Err(FormProblem::AboveMax(options.max_per_payment))
        } else if amount.amount_minor > options.remaining_today.amount_minor {
            Err(FormProblem::AboveToday(options.remaining_today))
        } else {
            Ok(amount)
        }
    }

    /// The card as typed, checked; its summary for the review.
    pub fn card(&self, today: NaiveDate) -> Result<CardSummary, FormProblem> {
        let digits = card_digits(self.number.expose()).ok_or(FormProblem::NumberLength)?;
        if !luhn_ok(&digits) {
            return Err(FormProblem::NumberCheck);
        }
        let (month, year) = parse_expiry(&self.expiry).ok_or(FormProblem::ExpiryFormat)?;
        if (year, month) < (today.year(), today.month()) {
            return Err(FormProblem::Expired);
        }
        let brand = brand(&digits);
        let cvc = self.cvc.expose().trim();
        let cvc_len = if brand == "amex" { 4 } else { 3 };
        if cvc.len() != cvc_len || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FormProblem::Cvc);
        }
        Ok(CardSummary {
            brand: brand.to_owned(),
            last4: digits[digits.len() - 4..].to_owned(),
        })
    }
}

/// The digits of a card number typed with spaces or dashes; `None` unless 12 to 19 digits.
pub fn card_digits(typed: &str) -> Option<String> {
    let mut digits = String::with_capacity(19);
    for c in typed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            _ => return None,
        }
    }
    (12..=19).contains(&digits.len()).then_some(digits)
}

/// The Luhn check of a card number's digits.
pub fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, b)| {
            let digit = u32::from(b - b'0');
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The card network, from the number's first digits.
pub fn brand(digits: &str) -> &'static str {
    let two: u32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
    let four: u32 = digits.get(..4).and_then(|d| d.parse().ok()).unwrap_or(0);
    if digits.starts_with('4') {
        "visa"
    } else if (51..=55).contains(&two) || (2221..=2720).contains(&four) {
        "mastercard"
    } else if two == 34 || two == 37 {
        "amex"
    } else {
        "card"
    }
}

/// `MM/YY` (or `MM/YYYY`, or `MMYY`) as (month, four-digit year).
pub fn parse_expiry(typed: &str) -> Option<(u32, i32)> {
    let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let (month, year) = match compact.split_once('/') {
        Some(parts) => parts,
        None if compact.len() == 4 => compact.split_at(2),
        None => return None,
    };
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let year: i32 = match year.len() {
        2 => 2000 + year.parse::<i32>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    Some((month, year))
}

/// A card for people: "Visa •••• 4242".
pub fn card_label(card: &CardSummary, language: Language) -> String {
    tr!(
        language,
        "add-money-card-summary",
        brand = card.brand.clone(),
        last4 = card.last4.clone()
    )
}

/// The widget ids whose egui state (undo history) holds a secret of this screen.
pub fn secret_widget_ids() -> [Id; 3] {
    [number_id(), cvc_id(), issuer_code_id()]
}

fn number_id() -> Id {
    Id::unique("redeem.add_money.card_number")
}

fn cvc_id() -> Id {
    Id::unique("redeem.add_money.cvc")
}

fn issuer_code_id() -> Id {
    Id::unique("redeem.add_money.issuer_code")
}

/// Shows the add-money screen.
pub fn ui(
    ui: &mut egui::Ui,
    state: &mut AddMoneyState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match &state.step {
            FundsStep::Review { amount, card } => {
                let (amount, card) = (*amount, card.clone());
                review_ui(ui, amount, &card, view, commands);
            }
            FundsStep::Sending { call, attempt, .. } => sending_ui(ui, call, *attempt, view),
            FundsStep::IssuerCode(payment) => {
                let payment = payment.clone();
                issuer_code_ui(ui, state, &payment, view, commands);
            }
            FundsStep::Done(payment) => done_ui(ui, payment, view, commands),
            FundsStep::Form | FundsStep::Failed { .. } => form_ui(ui, state, view, commands),
        }
    });
}

fn form_ui(
    ui: &mut egui::Ui,
    state: &mut AddMoneyState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    super::title(ui, &tr!(language, "add-money-title"));
    muted(ui, tr!(language, "add-money-intro"));
    ui.add_space(10.0);
    let Some(options) = state.options.value().cloned() else {
        match state.options.error() {
            Some(error) => {
                explanation_banner(
                    ui,
                    &explain::api_error(error, view.locale, language),
                    BannerKind::Error,
                );
                if ui
                    .add(theme::secondary_button(
                        ui,
                        &tr!(language, "add-money-reload"),
                    ))
                    .clicked()
                {
                    commands.push(Command::LoadFundsOptions);
                }
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    muted(ui, tr!(language, "add-money-loading"));
                });
            }
        }
        back_button(ui, language, commands);
        return;
    };

    super::section_heading(ui, &tr!(language, "add-money-amount"));
    ui.horizontal_wrapped(|ui| {
        for (index, preset) in options.presets.iter().enumerate() {
            let selected = state.choice == AmountChoice::Preset(index);
            if ui
                .add(
                    egui::Button::selectable(selected, preset.format(view.locale))
                        .min_size(egui::vec2(72.0, ui.spacing().interact_size.y)),
                )
                .clicked()
            {
                state.choice = AmountChoice::Preset(index);
                state.problem = None;
            }
        }
        let other = state.choice == AmountChoice::Other;
        if ui
            .add(
                egui::Button::selectable(other, tr!(language, "add-money-other"))
                    .min_size(egui::vec2(72.0, ui.spacing().interact_size.y)),
            )
            .clicked()
        {
            state.choice = AmountChoice::Other;
            state.problem = None;
        }
    });
    if state.choice == AmountChoice::Other {
        let label = tr!(
            language,
            "add-money-other-label",
            currency = options.min.currency.code()
        );
        let field = labelled_field(
            ui,
            &label,
            egui::TextEdit::singleline(&mut state.other_amount).char_limit(16),
        );
        if field.changed() {
            state.problem = None;
        }
    }
    muted(
        ui,
        tr!(
            language,
            "add-money-limits",
            min = options.min.format(view.locale),
            max = options.max_per_payment.format(view.locale),
            remaining = options.remaining_today.format(view.locale)
        ),
    );
    ui.add_space(12.0);

    super::section_heading(ui, &tr!(language, "add-money-card"));
    let number = labelled_field(
        ui,
        &tr!(language, "add-money-card-number"),
        egui::TextEdit::singleline(&mut state.number)
            .id(number_id())
            .hint_text("1234 5678 9012 3456")
            .char_limit(23),
    );
    ui.horizontal_top(|ui| {
        let half = (ui.available_width() / 2.0 - 8.0).max(120.0);
        ui.vertical(|ui| {
            ui.set_width(half);
            let expiry = labelled_field(
                ui,
                &tr!(language, "add-money-expiry"),
                egui::TextEdit::singleline(&mut state.expiry)
                    .hint_text(tr!(language, "add-money-expiry-hint"))
                    .char_limit(7),
            );
            if expiry.changed() {
                state.problem = None;
            }
        });
        ui.vertical(|ui| {
            ui.set_width(half);
            let cvc = labelled_field(
                ui,
                &tr!(language, "add-money-cvc"),
                egui::TextEdit::singleline(&mut state.cvc)
                    .id(cvc_id())
                    .password(true)
                    .char_limit(4),
            );
            if cvc.changed() {
                state.problem = None;
            }
        });
    });
    if number.changed() {
        state.problem = None;
    }
    muted(ui, tr!(language, "add-money-card-kept"));

    if let Some(problem) = &state.problem {
        ui.add_space(6.0);
        let text = form_problem(problem, view);
        let palette = Palette::current(ui);
        let shown = ui.label(RichText::new(text).color(palette.error).strong());
        super::mark_alert(ui, shown.id);
    }
    if let FundsStep::Failed { error, retry } = &state.step {
        ui.add_space(8.0);
        explanation_banner(
            ui,
            &explain::api_error(error, view.locale, language),
            BannerKind::Error,
        );
        if retry.is_some() {
            ui.add_space(4.0);
            muted(ui, tr!(language, "add-money-outcome-unknown"));
            if ui
                .add(theme::primary_button(
                    ui,
                    &tr!(language, "add-money-try-again"),
                ))
                .clicked()
            {
                commands.push(Command::RetryPayment);
            }
        }
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(
                ui,
                &tr!(language, "add-money-review"),
            ))
            .clicked()
        {
            commands.push(Command::ReviewPayment);
        }
        back_button(ui, language, commands);
    });

    if !options.test_cards.is_empty() {
        ui.add_space(14.0);
        test_cards_ui(ui, &options, language, commands);
    }
}

/// The test provider's cards, like the demo codes: a click puts one in the form.
fn test_cards_ui(
    ui: &mut egui::Ui,
    options: &FundsOptions,
    language: Language,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    theme::banner(palette.warning_bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr!(language, "add-money-test-title")).strong());
        let hint = match &options.test_confirmation_code {
            Some(code) => tr!(language, "add-money-test-hint-code", code = code.clone()),
            None => tr!(language, "add-money-test-hint"),
        };
        muted(ui, hint);
        ui.horizontal_wrapped(|ui| {
            for (index, card) in options.test_cards.iter().enumerate() {
                let outcome = tr!(
                    language,
                    "add-money-test-outcome",
                    outcome = card.outcome.clone()
                );
                let last4: String = card
                    .number
                    .chars()
                    .filter(char::is_ascii_digit)
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if ui
                    .button(tr!(
                        language,
                        "add-money-test-card",
                        last4 = last4,
                        outcome = outcome
                    ))
                    .clicked()
                {
                    commands.push(Command::UseTestCard(index));
                }
            }
        });
    });
}

fn back_button(ui: &mut egui::Ui, language: Language, commands: &mut Vec<Command>) {
    if ui
        .add(theme::secondary_button(
            ui,
            &tr!(language, "add-money-cancel"),
        ))
        .clicked()
    {
        commands.push(Command::CancelPayment);
    }
}

fn review_ui(
    ui: &mut egui::Ui,
    amount: Money,
    card: &CardSummary,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let language = view.language;
    super::title(ui, &tr!(language, "add-money-review-title"));
    ui.label(
        RichText::new(amount.format(view.locale))
            .size(44.0)
            .strong()
            .color(palette.credit),
    );
    egui::Grid::new("add_money_review")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            muted(ui, tr!(language, "add-money-paid-with"));
            ui.label(card_label(card, language));
            ui.end_row();
            if let Some(account) = view.account {
                muted(ui, tr!(language, "add-money-into-account"));
                ui.label(format!("{} \u{b7} {}", account.email, account.currency));
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    muted(ui, tr!(language, "add-money-review-note"));
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        let pay = tr!(
            language,
            "add-money-pay",
            amount = amount.format(view.locale)
        );
        if ui.add(theme::primary_button(ui, &pay)).clicked() {
            commands.push(Command::Pay);
        }
        if ui
            .add(theme::secondary_button(
                ui,
                &tr!(language, "add-money-edit"),
            ))
            .clicked()
        {
            commands.push(Command::EditPayment);
        }
    });
}

fn sending_ui(ui: &mut egui::Ui, call: &PaymentCall, attempt: u32, view: &View<'_>) {
    let language = view.language;
    let id = match call {
        PaymentCall::Pay => "add-money-paying",
        PaymentCall::Confirm(_) => "add-money-confirming",
    };
    ui.horizontal(|ui| {
        ui.spinner();
        let busy = ui.label(RichText::new(tr!(language, id)).strong());
        super::mark_status(ui, busy.id);
    });
    if attempt > 1 {
        ui.add_space(6.0);
        let mut args = crate::i18n::FluentArgs::new();
        args.set("attempt", attempt);
        args.set("attempts", PAY_ATTEMPTS);
        let slow = explain::Explanation::of(language, "add-money-slow", Some(&args));
        explanation_banner(ui, &slow, BannerKind::Warning);
    }
}

fn issuer_code_ui(
    ui: &mut egui::Ui,
    state: &mut AddMoneyState,
    payment: &FundsResponse,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let language = view.language;
    super::title(ui, &tr!(language, "add-money-issuer-title"));
    ui.label(tr!(
        language,
        "add-money-issuer-intro",
        amount = payment.amount.format(view.locale),
        card = card_label(&payment.card, language)
    ));
    ui.add_space(8.0);
    let field = labelled_field(
        ui,
        &tr!(language, "add-money-issuer-code"),
        egui::TextEdit::singleline(&mut state.issuer_code)
            .id(issuer_code_id())
            .char_limit(12),
    );
    let submitted = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(
                ui,
                &tr!(language, "add-money-issuer-confirm"),
            ))
            .clicked()
            || submitted
        {
            commands.push(Command::ConfirmPayment);
        }
        back_button(ui, language, commands);
    });
    muted(ui, tr!(language, "add-money-issuer-note"));
}

fn done_ui(
    ui: &mut egui::Ui,
    payment: &FundsResponse,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let language = view.language;
    let done = ui.label(
        RichText::new(tr!(language, "add-money-done"))
            .color(palette.success)
            .strong()
            .size(16.0),
    );
    super::mark_status(ui, done.id);
    ui.label(
        RichText::new(tr!(
            language,
            "redeem-added",
            amount = payment.amount.format(view.locale)
        ))
        .size(44.0)
        .strong()
        .color(palette.credit),
    );
    egui::Grid::new("add_money_receipt")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            if let Some(balance) = payment.balance {
                muted(ui, tr!(language, "redeem-new-balance"));
                ui.label(
                    RichText::new(balance.format(view.locale))
                        .strong()
                        .size(18.0),
                );
                ui.end_row();
            }
            muted(ui, tr!(language, "add-money-paid-with"));
            ui.label(card_label(&payment.card, language));
            ui.end_row();
            muted(ui, tr!(language, "redeem-receipt"));
            ui.label(
                RichText::new(payment.receipt_id.as_deref().unwrap_or(&payment.payment_id))
                    .monospace(),
            );
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(
                ui,
                &tr!(language, "add-money-done-back"),
            ))
            .clicked()
        {
            commands.push(Command::CancelPayment);
        }
        if ui
            .add(theme::secondary_button(
                ui,
                &tr!(language, "redeem-view-history"),
            ))
            .clicked()
        {
            commands.push(Command::ShowScreen(crate::command::Screen::History));
        }
    });
}

/// A problem of the form in words.
fn form_problem(problem: &FormProblem, view: &View<'_>) -> String {
    let language = view.language;
    match problem {
        FormProblem::NoAmount => tr!(language, "add-money-problem-no-amount"),
        FormProblem::Amount(_) => tr!(language, "add-money-problem-amount"),
        FormProblem::BelowMin(min) => {
            tr!(
                language,
                "add-money-problem-below-min",
                min = min.format(view.locale)
            )
        }
        FormProblem::AboveMax(max) => {
            tr!(
                language,
                "add-money-problem-above-max",
                max = max.format(view.locale)
            )
        }
        FormProblem::AboveToday(remaining) => tr!(
            language,
            "add-money-problem-above-today",
            remaining = remaining.format(view.locale)
        ),
        FormProblem::NumberLength => tr!(language, "add-money-problem-number-length"),
        FormProblem::NumberCheck => tr!(language, "add-money-problem-number-check"),
        FormProblem::ExpiryFormat => tr!(language, "add-money-problem-expiry-format"),
        FormProblem::Expired => tr!(language, "add-money-problem-expired"),
        FormProblem::Cvc => tr!(language, "add-money-problem-cvc"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_are_checked_like_a_payment_terminal() {
        let visa = card_digits("4242 4242 4242 4242").unwrap_or_default();
        assert!(luhn_ok(&visa));
        assert_eq!(brand(&visa), "visa");
        // One digit off: the check digit catches it.
        assert!(!luhn_ok("4242424242424241"));
        assert_eq!(card_digits("4242-4242-4242"), Some("424242424242".into()));
        assert_eq!(card_digits("4242 4242 42x2 4242"), None);
        assert_eq!(card_digits("42424242424"), None);
        assert_eq!(brand("5555555555554444"), "mastercard");
        assert_eq!(brand("2223003122003222"), "mastercard");
        assert_eq!(brand("378282246310005"), "amex");
        assert_eq!(brand("6011111111111117"), "card");
    }

    #[test]
    fn expiry_dates_read_as_people_write_them() {
        assert_eq!(parse_expiry("04/29"), Some((4, 2029)));
        assert_eq!(parse_expiry("4/2029"), Some((4, 2029)));
        assert_eq!(parse_expiry("0429"), Some((4, 2029)));
        assert_eq!(parse_expiry("13/29"), None);
        assert_eq!(parse_expiry("april"), None);
    }

    #[test]
    fn an_expired_card_and_a_short_security_code_are_caught_before_sending() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let mut state = AddMoneyState::default();
        state.number.set("4242 4242 4242 4242");
        state.expiry = "11/26".into();
        state.cvc.set("123");
        assert_eq!(state.card(today), Err(FormProblem::Expired));
        state.expiry = "12/26".into();
        assert_eq!(
            state.card(today).map(|card| card.last4),
            Ok("4242".to_owned())
        );
        state.number.set("3782 822463 10005");
        assert_eq!(state.card(today), Err(FormProblem::Cvc));
        state.cvc.set("1234");
        assert_eq!(state.card(today).map(|card| card.brand), Ok("amex".into()));
    }
}

//! The add-money feature, start to end: the amounts and limits, the form checked on this
//! device, the payment with its idempotency key (and its safe retries), the card issuer's
//! one-time code when it asks for one, and every answer.

use chrono::Datelike as _;
use redeem_core::SecretText;
use redeem_core::api::{
    AddFundsRequest, ConfirmFundsRequest, ErrorCode, FundsOptions, FundsResponse, PaymentCard,
    PaymentStatus,
};
use uuid::Uuid;

use super::session::{Polled, Session};
use super::{history, take_ready, wipe_widget_state};
use crate::api::{ApiClient, ApiError, Call};
use crate::command::{Command, Screen};
use crate::format;
use crate::screens::add_money::{
    self, AmountChoice, FundsStep, PAY_ATTEMPTS, PaymentCall, card_digits, parse_expiry,
};

/// The add-money calls in flight.
#[derive(Default)]
pub(super) struct AddMoneyCalls {
    options: Option<Call<FundsOptions>>,
    payment: Option<Call<FundsResponse>>,
}

impl AddMoneyCalls {
    pub(super) fn any(&self) -> bool {
        self.options.is_some() || self.payment.is_some()
    }
}

/// Carries out an add-money command.
pub(super) fn run(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    command: &Command,
) {
    let state = &mut session.add_money;
    match *command {
        Command::LoadFundsOptions => {
            if session.calls.add_money.options.is_none() {
                state.options.start();
                session.calls.add_money.options = Some(client.funds_options(ctx, &session.token));
            }
        }
        Command::ReviewPayment => {
            let today = format::now_utc().date_naive();
            let checked = state
                .amount()
                .and_then(|amount| state.card(today).map(|card| (amount, card)));
            match checked {
                Ok((amount, card)) => {
                    state.problem = None;
                    state.step = FundsStep::Review { amount, card };
                }
                Err(problem) => {
                    state.problem = Some(problem);
                    state.step = FundsStep::Form;
                }
            }
        }
        Command::Pay => {
            if let FundsStep::Review { amount, .. } = state.step {
                state.reviewed = Some(amount);
                send(session, client, ctx, PaymentCall::Pay, Uuid::now_v7(), 1);
            }
        }
        Command::RetryPayment => {
            if let FundsStep::Failed {
                retry: Some((call, key)),
                ..
            } = &state.step
            {
                let (call, key) = (call.clone(), *key);
                send(session, client, ctx, call, key, 1);
            }
        }
        Command::ConfirmPayment => {
            if let FundsStep::IssuerCode(payment) = &state.step
                && !state.issuer_code.is_empty()
            {
                let call = PaymentCall::Confirm(payment.payment_id.clone());
                send(session, client, ctx, call, Uuid::now_v7(), 1);
            }
        }
        Command::EditPayment => {
            if matches!(state.step, FundsStep::Review { .. }) {
                state.step = FundsStep::Form;
            }
        }
        Command::CancelPayment => {
            if !state.is_busy() {
                state.reset();
                wipe_widget_state(ctx, &add_money::secret_widget_ids());
                session.screen = Screen::Balance;
            }
        }
        Command::UseTestCard(index) => {
            let Some(card) = state
                .options
                .value()
                .and_then(|options| options.test_cards.get(index))
                .cloned()
            else {
                return;
            };
            let digits = card_digits(&card.number).unwrap_or_default();
            state.number.set(&card.number);
            let year = format::now_utc().year() + 3;
            state.expiry = format!("12/{:02}", year % 100);
            state.cvc.set(if add_money::brand(&digits) == "amex" {
                "1234"
            } else {
                "123"
            });
            if state.choice == AmountChoice::None {
                state.choice = AmountChoice::Preset(0);
            }
            state.problem = None;
            state.step = FundsStep::Form;
            wipe_widget_state(ctx, &add_money::secret_widget_ids());
        }
        _ => log::debug!("{command:?} is not an add-money command"),
    }
}

/// Sends a payment call with `key`; a retry sends the same key and the same body, so that
/// the card is charged once whatever happened to the first answer.
fn send(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    call: PaymentCall,
    key: Uuid,
    attempt: u32,
) {
    let state = &mut session.add_money;
    let promise = match &call {
        PaymentCall::Pay => {
            let (Some(amount), Some(number), Some((exp_month, exp_year))) = (
                state.reviewed,
                card_digits(state.number.expose()),
                parse_expiry(&state.expiry),
            ) else {
                state.step = FundsStep::Form;
                return;
            };
            let body = AddFundsRequest {
                amount,
                card: PaymentCard {
                    number: SecretText::new(number),
                    exp_month: u8::try_from(exp_month).unwrap_or_default(),
                    exp_year: u16::try_from(exp_year).unwrap_or_default(),
                    cvc: state.cvc.to_secret(),
                },
            };
            client.add_funds(ctx, &session.token, &body, key)
        }
        PaymentCall::Confirm(payment_id) => {
            let body = ConfirmFundsRequest {
                code: SecretText::new(state.issuer_code.expose().trim()),
            };
            client.confirm_funds(ctx, &session.token, payment_id, &body, key)
        }
    };
    state.step = FundsStep::Sending { call, key, attempt };
    session.calls.add_money.payment = Some(promise);
}

/// Applies the answers that arrived.
pub(super) fn poll(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    now: f64,
    polled: &mut Polled,
) {
    if let Some(result) = take_ready(&mut session.calls.add_money.options) {
        if let Err(error) = &result {
            polled.check(error);
        }
        session.add_money.options.finish(result, now);
    }
    let Some(result) = take_ready(&mut session.calls.add_money.payment) else {
        return;
    };
    let FundsStep::Sending { call, key, attempt } = session.add_money.step.clone() else {
        return;
    };
    match result {
        Ok(payment) => {
            // The card has done its part: the charge exists on the server's side.
            session.add_money.wipe_card();
            session.add_money.issuer_code.wipe();
            wipe_widget_state(ctx, &add_money::secret_widget_ids());
            if payment.status == PaymentStatus::RequiresConfirmation {
                session.add_money.step = FundsStep::IssuerCode(payment);
            } else {
                session.add_money.step = FundsStep::Done(payment);
                session.next_poll_at = now;
                history::reload(session, client, ctx);
                // What may still be added today changed.
                session.add_money.options.start();
                session.calls.add_money.options = Some(client.funds_options(ctx, &session.token));
            }
        }
        Err(ApiError::Timeout { .. }) if attempt < PAY_ATTEMPTS => {
            // The payment may have gone through with the answer lost: the very same
            // request again, which the server answers with its first answer.
            send(session, client, ctx, call, key, attempt + 1);
        }
        Err(error) => {
            polled.check(&error);
            let outcome_unknown = error.is_connectivity()
                || matches!(
                    error.code(),
                    Some(ErrorCode::IdempotencyConflict | ErrorCode::PaymentUnavailable)
                );
            if matches!(call, PaymentCall::Confirm(_)) && !outcome_unknown {
                // A refused code ends the payment: nothing was charged.
                session.add_money.issuer_code.wipe();
            }
            session.add_money.step = FundsStep::Failed {
                error,
                retry: outcome_unknown.then_some((call, key)),
            };
        }
    }
}

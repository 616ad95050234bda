//! The redeem feature, start to end: the code checked on this device, the preview, the
//! confirmed redeem with its idempotency key (and its safe retries), and every answer.
//! "What happens on Confirm" is [`run`] with [`Command::ConfirmRedeem`], and [`poll`].

use redeem_core::api::{ErrorCode, PreviewResponse, RedeemResponse};
use redeem_core::{GiftCardCode, SecretText};
use uuid::Uuid;

use super::session::{Polled, Session};
use super::{history, take_ready, wipe_widget_state};
use crate::api::{ApiClient, ApiError, Call};
use crate::backend::DemoInfo;
use crate::command::Command;
use crate::screens::code_field;
use crate::screens::redeem::{REDEEM_ATTEMPTS, RedeemStep};

/// The redeem calls in flight.
#[derive(Default)]
pub(super) struct RedeemCalls {
    preview: Option<Call<PreviewResponse>>,
    redeem: Option<Call<RedeemResponse>>,
}

impl RedeemCalls {
    pub(super) fn any(&self) -> bool {
        self.preview.is_some() || self.redeem.is_some()
    }
}

/// Carries out a redeem command.
pub(super) fn run(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    command: &Command,
    demo: Option<&DemoInfo>,
) {
    match *command {
        Command::CheckCode => check_code(session, client, ctx),
        Command::ConfirmRedeem => {
            if matches!(session.redeem.step, RedeemStep::Confirming(_)) {
                // Time-ordered: the server's key index grows at its edge instead of at a
                // random page (docs/BENCHMARKS.md).
                send_redeem(session, client, ctx, Uuid::now_v7(), 1);
            }
        }
        Command::RetryRedeem => {
            if let RedeemStep::Failed {
                retry_key: Some(key),
                ..
            } = session.redeem.step
            {
                send_redeem(session, client, ctx, key, 1);
            }
        }
        Command::RedeemAnother => {
            session.redeem.code.wipe();
            wipe_widget_state(ctx, &[code_field::field_id()]);
            session.redeem.step = RedeemStep::Entering;
            session.redeem.local_problem = None;
        }
        Command::EditCode => session.redeem.step = RedeemStep::Entering,
        Command::UseDemoCode(index) => {
            if let Some(code) = demo.and_then(|demo| demo.codes.get(index)) {
                session.redeem.code.set(code.expose());
                wipe_widget_state(ctx, &[code_field::field_id()]);
                session.redeem.step = RedeemStep::Entering;
                session.redeem.local_problem = None;
            }
        }
        _ => log::debug!("{command:?} is not a redeem command"),
    }
}

/// Applies the preview and redeem answers that arrived.
pub(super) fn poll(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    now: f64,
    polled: &mut Polled,
) {
    if let Some(result) = take_ready(&mut session.calls.redeem.preview) {
        session.redeem.step = match result {
            Ok(preview) => RedeemStep::Confirming(preview),
            Err(error) => {
                polled.check(&error);
                RedeemStep::Failed {
                    error,
                    retry_key: None,
                }
            }
        };
    }
    let Some(result) = take_ready(&mut session.calls.redeem.redeem) else {
        return;
    };
    // An answer for a redeem the screen has moved on from has nothing left to update.
    let RedeemStep::Redeeming { key, attempt } = session.redeem.step else {
        return;
    };
    match result {
        Ok(receipt) => {
            let card_last4 = GiftCardCode::parse(session.redeem.code.expose())
                .map(|code| code.last4())
                .unwrap_or_default();
            session.redeem.code.wipe();
            wipe_widget_state(ctx, &[code_field::field_id()]);
            session.redeem.step = RedeemStep::Redeemed {
                receipt,
                card_last4,
            };
            // The balance and the history both changed.
            session.next_poll_at = now;
            history::reload(session, client, ctx);
            polled.redeemed = true;
        }
        Err(ApiError::Timeout { .. }) if attempt < REDEEM_ATTEMPTS => {
            // The redeem may have happened with the answer lost: send the very same
            // request again. The server replays the first answer for a known key.
            send_redeem(session, client, ctx, key, attempt + 1);
        }
        Err(error) => {
            polled.check(&error);
            let outcome_unknown =
                error.is_connectivity() || error.code() == Some(ErrorCode::IdempotencyConflict);
            session.redeem.step = RedeemStep::Failed {
                error,
                retry_key: outcome_unknown.then_some(key),
            };
        }
    }
}

/// Checks the typed code on this device, and asks the server what it would add when it
/// checks out.
fn check_code(session: &mut Session, client: &ApiClient, ctx: &egui::Context) {
    if session.redeem.is_busy() {
        return;
    }
    match GiftCardCode::parse(session.redeem.code.expose()) {
        Err(problem) => {
            // Caught on this device: nothing is sent, no attempt is counted.
            session.redeem.local_problem = Some(problem);
            session.redeem.step = RedeemStep::Entering;
        }
        Ok(code) => {
            session.redeem.code.set(&code.expose_grouped());
            session.redeem.local_problem = None;
            session.redeem.step = RedeemStep::Checking;
            let secret = SecretText::new(code.expose_compact());
            session.calls.redeem.preview = Some(client.preview(ctx, &session.token, secret));
        }
    }
}

/// Sends the redeem with `key`; a retry sends the same key, so that the server applies
/// the redeem once whatever happened to the first answer.
fn send_redeem(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    key: Uuid,
    attempt: u32,
) {
    let Ok(code) = GiftCardCode::parse(session.redeem.code.expose()) else {
        session.redeem.step = RedeemStep::Entering;
        return;
    };
    session.redeem.step = RedeemStep::Redeeming { key, attempt };
    let secret = SecretText::new(code.expose_compact());
    session.calls.redeem.redeem = Some(client.redeem(ctx, &session.token, secret, key));
}

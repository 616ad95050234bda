//! The account feature: a new password (every other session of the account ends) and
//! signing out on every device (this one too).

use redeem_core::api::ChangePasswordRequest;

use super::session::{Polled, Session};
use super::{take_ready, wipe_widget_state};
use crate::api::{ApiClient, Call};
use crate::command::Command;
use crate::screens::account::{self, ChangeStep};

/// The account calls in flight.
#[derive(Default)]
pub(super) struct AccountCalls {
    change_password: Option<Call<()>>,
    sign_out_everywhere: Option<Call<()>>,
}

impl AccountCalls {
    pub(super) fn any(&self) -> bool {
        self.change_password.is_some() || self.sign_out_everywhere.is_some()
    }
}

/// Carries out an account command.
pub(super) fn run(
    session: &mut Session,
    client: &ApiClient,
    ctx: &egui::Context,
    command: &Command,
) {
    let form = &mut session.account_form;
    match command {
        Command::ChangePassword => {
            if form.step == ChangeStep::Sending || form.current.is_empty() || form.new.is_empty() {
                return;
            }
            let body = ChangePasswordRequest {
                current_password: form.current.to_secret(),
                new_password: form.new.to_secret(),
            };
            // The passwords leave the form (and egui's undo history) as they are sent.
            form.current.wipe();
            form.new.wipe();
            wipe_widget_state(ctx, &account::secret_widget_ids());
            form.step = ChangeStep::Sending;
            session.calls.account.change_password =
                Some(client.change_password(ctx, &session.token, &body));
        }
        Command::SignOutEverywhere => {
            if session.calls.account.sign_out_everywhere.is_none() {
                form.signing_out_everywhere = true;
                form.sign_out_everywhere_error = None;
                session.calls.account.sign_out_everywhere =
                    Some(client.sign_out_everywhere(ctx, &session.token));
            }
        }
        _ => log::debug!("{command:?} is not an account command"),
    }
}

/// Applies the answers that arrived.
pub(super) fn poll(session: &mut Session, polled: &mut Polled) {
    if let Some(result) = take_ready(&mut session.calls.account.change_password) {
        session.account_form.step = match result {
            Ok(()) => ChangeStep::Changed,
            Err(error) => {
                polled.check(&error);
                ChangeStep::Failed(error)
            }
        };
    }
    if let Some(result) = take_ready(&mut session.calls.account.sign_out_everywhere) {
        session.account_form.signing_out_everywhere = false;
        match result {
            Ok(()) => polled.signed_out_everywhere = true,
            Err(error) => {
                polled.check(&error);
                session.account_form.sign_out_everywhere_error = Some(error);
            }
        }
    }
}

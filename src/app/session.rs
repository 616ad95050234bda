//! A signed-in session: what it holds, how it starts (the answer to a sign-in), how it
//! ends (sign-out, or the server no longer accepting it), and the routing of the commands
//! and answers that belong to it to the feature that owns them.

use redeem_core::api::{AccountSummary, SessionResponse};
use secrecy::SecretString;

use super::account::AccountCalls;
use super::add_money::AddMoneyCalls;
use super::balance::BalanceCalls;
use super::history::HistoryCalls;
use super::redeem::RedeemCalls;
use super::{RedeemApp, account, add_money, balance, history, redeem, wipe_widget_state};
use crate::api::ApiError;
use crate::command::{Command, Screen};
use crate::explain;
use crate::screens::account::AccountForm;
use crate::screens::add_money::AddMoneyState;
use crate::screens::balance::BalanceState;
use crate::screens::history::{HistoryFilter, HistoryState};
use crate::screens::redeem::RedeemState;
use crate::screens::{BannerKind, code_field, sign_in};
use crate::secret_buffer::SecretBuffer;

/// Everything that belongs to one signed-in account: its token, its data and its secrets.
/// Signing out drops this one value, and with it every account value and secret the app
/// held (the zeroizing buffers wipe themselves).
pub(super) struct Session {
    pub(super) token: SecretString,
    pub(super) account: AccountSummary,
    pub(super) screen: Screen,
    pub(super) balance: BalanceState,
    pub(super) redeem: RedeemState,
    pub(super) history: HistoryState,
    pub(super) add_money: AddMoneyState,
    pub(super) account_form: AccountForm,
    /// egui time of the next balance poll.
    pub(super) next_poll_at: f64,
    pub(super) calls: SessionCalls,
}

/// The calls in flight for a session, by feature; dropped (and their answers ignored)
/// with it.
#[derive(Default)]
pub(super) struct SessionCalls {
    pub(super) balance: BalanceCalls,
    pub(super) redeem: RedeemCalls,
    pub(super) history: HistoryCalls,
    pub(super) add_money: AddMoneyCalls,
    pub(super) account: AccountCalls,
}

impl SessionCalls {
    pub(super) fn any(&self) -> bool {
        self.balance.any()
            || self.redeem.any()
            || self.history.any()
            || self.add_money.any()
            || self.account.any()
    }
}

/// What the person was doing when their session expired, given back when they sign in
/// again as the same person. The code stays in its zeroizing buffer.
pub(super) struct Stash {
    email: String,
    screen: Screen,
    code: SecretBuffer,
    filter: HistoryFilter,
}

/// What the answers polled in one frame asked of the app beyond the session.
#[derive(Default)]
pub(super) struct Polled {
    /// The server no longer accepts the session.
    pub(super) expired: bool,
    /// A card was redeemed: the demo cards left changed.
    pub(super) redeemed: bool,
    /// Every session of the account ended, this one too.
    pub(super) signed_out_everywhere: bool,
}

impl Polled {
    /// Notes a failed call: an `unauthorized` answer means the session is over.
    pub(super) fn check(&mut self, error: &ApiError) {
        if error.is_unauthorized() {
            self.expired = true;
        }
    }
}

impl RedeemApp {
    /// A command that only means something while signed in; ignored otherwise.
    pub(super) fn run_in_session(&mut self, command: &Command, ctx: &egui::Context, now: f64) {
        let locale = self.locale();
        let demo = self.backend.demo();
        let Some(session) = &mut self.session else {
            return;
        };
        match command {
            Command::RefreshBalance | Command::RevealBalance => {
                balance::run(session, command, now);
            }
            Command::CheckCode
            | Command::ConfirmRedeem
            | Command::RetryRedeem
            | Command::RedeemAnother
            | Command::EditCode
            | Command::UseDemoCode(_) => redeem::run(session, &self.client, ctx, command, demo),
            Command::ReloadHistory | Command::LoadMoreHistory | Command::ExportCsv => {
                history::run(
                    session,
                    &self.client,
                    ctx,
                    command,
                    &self.export_to,
                    locale,
                    now,
                );
            }
            Command::LoadFundsOptions
            | Command::ReviewPayment
            | Command::Pay
            | Command::RetryPayment
            | Command::ConfirmPayment
            | Command::EditPayment
            | Command::CancelPayment
            | Command::UseTestCard(_) => add_money::run(session, &self.client, ctx, command),
            Command::ChangePassword | Command::SignOutEverywhere => {
                account::run(session, &self.client, ctx, command);
            }
            _ => log::debug!("{command:?} is not a command of a session"),
        }
    }

    /// The answer to a sign-in arrived: the session starts, where the last one of the same
    /// person left off if it expired.
    pub(super) fn signed_in(&mut self, response: SessionResponse, ctx: &egui::Context, now: f64) {
        let SessionResponse { token, account, .. } = response;
        let masked = self.masks_balance();
        if self.preferences.remember_email {
            self.preferences.remembered_email = Some(account.email.clone());
            self.preferences_dirty = true;
        }
        self.sign_in.message = None;
        let mut session = Session {
            token: SecretString::from(token.expose().to_owned()),
            account,
            screen: Screen::Balance,
            balance: BalanceState {
                masked,
                ..BalanceState::default()
            },
            redeem: RedeemState::default(),
            history: HistoryState::default(),
            add_money: AddMoneyState::default(),
            account_form: AccountForm::default(),
            next_poll_at: now,
            calls: SessionCalls::default(),
        };
        if let Some(stash) = self.stash.take()
            && stash.email.eq_ignore_ascii_case(&session.account.email)
        {
            session.screen = stash.screen;
            session.redeem.code = stash.code;
            session.history.filter = stash.filter;
        }
        history::reload(&mut session, &self.client, ctx);
        self.session = Some(session);
    }

    /// Signs out: the token is revoked on the server and every account value and secret
    /// is dropped here.
    pub(super) fn sign_out(&mut self, ctx: &egui::Context) {
        if let Some(session) = self.session.take() {
            self.sign_out_call = Some(self.client.sign_out(ctx, &session.token));
            self.sign_in.email = if self.preferences.remember_email {
                session.account.email.clone()
            } else {
                String::new()
            };
            drop(session);
        }
        self.stash = None;
        self.sign_in.password.wipe();
        wipe_widget_state(ctx, &[code_field::field_id(), sign_in::password_field_id()]);
        wipe_widget_state(ctx, &crate::screens::add_money::secret_widget_ids());
        wipe_widget_state(ctx, &crate::screens::account::secret_widget_ids());
        self.sign_in.message = Some((explain::signed_out(self.language()), BannerKind::Success));
        self.refresh_demo(ctx);
    }

    /// Every session of the account ended on the server, this one too: nothing is left to
    /// revoke; the session and its secrets go as on sign-out.
    pub(super) fn signed_out_everywhere(&mut self, ctx: &egui::Context) {
        if let Some(session) = self.session.take() {
            self.sign_in.email = if self.preferences.remember_email {
                session.account.email.clone()
            } else {
                String::new()
            };
        }
        self.stash = None;
        self.sign_in.password.wipe();
        wipe_widget_state(ctx, &[code_field::field_id(), sign_in::password_field_id()]);
        wipe_widget_state(ctx, &crate::screens::add_money::secret_widget_ids());
        wipe_widget_state(ctx, &crate::screens::account::secret_widget_ids());
        self.sign_in.message = Some((
            explain::signed_out_everywhere(self.language()),
            BannerKind::Success,
        ));
        self.refresh_demo(ctx);
    }

    /// The server no longer accepts the session: back to sign-in, keeping what was typed
    /// (but not the password) for when the same person signs in again.
    pub(super) fn session_expired(&mut self, ctx: &egui::Context) {
        let Some(mut session) = self.session.take() else {
            return;
        };
        self.sign_in.email = session.account.email.clone();
        self.sign_in.message = Some((
            explain::session_expired(self.language()),
            BannerKind::Warning,
        ));
        wipe_widget_state(ctx, &[code_field::field_id()]);
        self.stash = Some(Stash {
            email: session.account.email.clone(),
            screen: session.screen,
            code: std::mem::take(&mut session.redeem.code),
            filter: std::mem::take(&mut session.history.filter),
        });
    }

    /// Applies the answers that arrived for the session, feature by feature.
    pub(super) fn poll_session(&mut self, ctx: &egui::Context, now: f64) {
        let locale = self.locale();
        let mut polled = Polled::default();
        if let Some(session) = &mut self.session {
            balance::poll(session, now, &mut polled);
            redeem::poll(session, &self.client, ctx, now, &mut polled);
            add_money::poll(session, &self.client, ctx, now, &mut polled);
            account::poll(session, &mut polled);
            history::poll(session, now, &mut polled);
            history::continue_export(session, &self.client, &self.export_to, ctx, locale, now);
        }
        if polled.redeemed {
            self.refresh_demo(ctx);
        }
        if polled.signed_out_everywhere {
            self.signed_out_everywhere(ctx);
        } else if polled.expired {
            self.session_expired(ctx);
        }
    }

    /// Whether a new session starts with its amounts hidden (a kiosk that masks them).
    fn masks_balance(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self
            .kiosk
            .as_ref()
            .is_some_and(super::kiosk::KioskMode::mask_balance);
        #[cfg(target_arch = "wasm32")]
        return false;
    }
}

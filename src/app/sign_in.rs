//! The sign-in feature: sending the typed e-mail and password, the answer to it, the
//! answer to a sign-out, and the demo account and cards that the sign-in screen offers
//! (asked of the server with `GET /v1/demo`, embedded or not, never waited for).

use redeem_core::api::{ErrorCode, SignUpRequest};

use super::{RedeemApp, take_ready, wipe_widget_state};
use crate::backend::DemoInfo;
use crate::command::Command;
use crate::explain;
use crate::screens::sign_in::SignUpForm;
use crate::screens::{BannerKind, sign_in};

impl RedeemApp {
    /// Sends the sign-in; the password leaves the form (and egui's undo history) at once.
    pub(super) fn start_sign_in(&mut self, ctx: &egui::Context) {
        if self.sign_in_call.is_some() || self.sign_in.password.is_empty() {
            return;
        }
        let email = self.sign_in.email.trim().to_owned();
        let password = self.sign_in.password.to_secret();
        self.sign_in.password.wipe();
        wipe_widget_state(ctx, &[sign_in::password_field_id()]);
        self.sign_in.busy = true;
        self.sign_in.message = None;
        self.sign_in_call = Some(self.client.sign_in(ctx, email, password));
    }

    /// Opens, closes or sends the sign-up form.
    pub(super) fn run_sign_up(&mut self, command: &Command, ctx: &egui::Context) {
        match command {
            Command::OpenSignUp => {
                let locale = self.locale();
                let region = self.sign_in.sign_up_policy.as_ref().and_then(|policy| {
                    policy
                        .regions
                        .iter()
                        .copied()
                        .find(|region| region.default_locale() == locale)
                });
                self.sign_in.sign_up = Some(SignUpForm {
                    email: self.sign_in.email.trim().to_owned(),
                    region,
                    ..SignUpForm::default()
                });
            }
            Command::CloseSignUp => {
                if self.sign_up_call.is_none() {
                    self.sign_in.sign_up = None;
                    wipe_widget_state(ctx, &[sign_in::sign_up_password_field_id()]);
                }
            }
            Command::SignUp => {
                let Some(form) = &mut self.sign_in.sign_up else {
                    return;
                };
                let Some(region) = form.region else {
                    return;
                };
                if self.sign_up_call.is_some() || form.password.is_empty() {
                    return;
                }
                let body = SignUpRequest {
                    email: form.email.trim().to_owned(),
                    password: form.password.to_secret(),
                    region,
                };
                form.password.wipe();
                wipe_widget_state(ctx, &[sign_in::sign_up_password_field_id()]);
                form.busy = true;
                form.message = None;
                self.sign_up_call = Some(self.client.sign_up(ctx, &body));
            }
            _ => log::debug!("{command:?} is not a sign-up command"),
        }
    }

    /// Fills the sign-in form with the demo account.
    pub(super) fn use_demo_account(&mut self) {
        if let Some(demo) = self.backend.demo() {
            self.sign_in.email = demo.email.clone();
            self.sign_in.password.set(demo.password.expose());
        }
    }

    /// Asks the server which demo cards are left, when it runs on demo data and no such
    /// question is in flight.
    pub(super) fn refresh_demo(&mut self, ctx: &egui::Context) {
        if self.backend.is_demo() && self.demo_call.is_none() {
            self.demo_call = Some(self.client.demo(ctx));
        }
    }

    /// Applies the answers to a sign-in, a sign-out and a demo question.
    pub(super) fn poll_sign_in(&mut self, ctx: &egui::Context, now: f64) {
        if let Some(result) = take_ready(&mut self.sign_in_call) {
            self.sign_in.busy = false;
            match result {
                Ok(response) if self.ending.is_some() => {
                    // Signed in as the app ends: the session is revoked at once.
                    let token = secrecy::SecretString::from(response.token.expose().to_owned());
                    self.sign_out_call = Some(self.client.sign_out(ctx, &token));
                }
                Ok(response) => self.signed_in(response, ctx, now),
                Err(error) => {
                    let explanation =
                        explain::sign_in_error(&error, self.locale(), self.language());
                    self.sign_in.message = Some((explanation, BannerKind::Error));
                }
            }
        }
        if let Some(result) = take_ready(&mut self.sign_out_call) {
            if let Err(error) = result {
                log::warn!("signing out on the server failed: {error}");
                let language = self.language();
                if let Some((message, _)) = &mut self.sign_in.message {
                    *message = explain::signed_out_locally(language);
                }
            }
            // The pooled connections' buffers hold the token of every request sent.
            if self.session.is_none() {
                match self.client.with_fresh_connections() {
                    Ok(client) => self.client = client,
                    Err(error) => log::warn!("no new HTTP client after sign-out: {error}"),
                }
            }
        }
        if let Some(result) = take_ready(&mut self.sign_up_policy_call) {
            match result {
                Ok(policy) => self.sign_in.sign_up_policy = Some(policy),
                Err(error) => log::debug!("the server says nothing of sign-up: {error}"),
            }
        }
        if let Some(result) = take_ready(&mut self.sign_up_call) {
            let language = self.language();
            let locale = self.locale();
            match result {
                Ok(response) if self.ending.is_some() => {
                    let token = secrecy::SecretString::from(response.token.expose().to_owned());
                    self.sign_out_call = Some(self.client.sign_out(ctx, &token));
                }
                Ok(response) => {
                    self.sign_in.sign_up = None;
                    self.signed_in(response, ctx, now);
                }
                Err(error) => {
                    if let Some(form) = &mut self.sign_in.sign_up {
                        form.busy = false;
                        form.message = Some(explain::api_error(&error, locale, language));
                    }
                }
            }
        }
        if let Some(result) = take_ready(&mut self.demo_call) {
            match result {
                Ok(demo) => self.backend.set_demo(Some(DemoInfo::from(demo))),
                Err(error) if error.code() == Some(ErrorCode::NotFound) => {
                    log::debug!("the server has no demo data");
                    self.backend.set_demo(None);
                }
                Err(error) => log::warn!("could not ask the server for its demo data: {error}"),
            }
        }
    }
}

//! The account screen: who is signed in, a new password (which ends every other session
//! of the account), and signing out on every device.

use egui::{Id, RichText};

use super::new_password::{self, assess};
use super::{BannerKind, Command, View, explanation_banner, labelled_field, muted};
use crate::api::ApiError;
use crate::explain;
use crate::secret_buffer::SecretBuffer;
use crate::theme;
use crate::tr;

/// Where the password change is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ChangeStep {
    /// Typing.
    #[default]
    Form,
    /// In flight.
    Sending,
    /// Done: the other sessions have ended.
    Changed,
    /// Refused, or no answer.
    Failed(ApiError),
}

/// The account screen's state. Both passwords are secrets, wiped once sent.
#[derive(Debug, Default)]
pub struct AccountForm {
    /// The password in use.
    pub current: SecretBuffer,
    /// The new one.
    pub new: SecretBuffer,
    /// Show the new password as typed.
    pub show_new: bool,
    /// Where the change is.
    pub step: ChangeStep,
    /// "Sign out everywhere" was pressed once: waiting for the second press.
    pub confirm_sign_out_everywhere: bool,
    /// A sign-out everywhere is in flight.
    pub signing_out_everywhere: bool,
    /// Why the last sign-out everywhere failed.
    pub sign_out_everywhere_error: Option<ApiError>,
}

/// The password fields' widget ids, whose egui state (undo history) holds the passwords.
pub fn secret_widget_ids() -> [Id; 2] {
    [current_id(), new_id()]
}

fn current_id() -> Id {
    Id::unique("redeem.account.current_password")
}

fn new_id() -> Id {
    Id::unique("redeem.account.new_password")
}

/// Shows the account screen.
pub fn ui(ui: &mut egui::Ui, form: &mut AccountForm, view: &View<'_>, commands: &mut Vec<Command>) {
    let language = view.language;
    let email = view
        .account
        .map(|account| account.email.clone())
        .unwrap_or_default();
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        super::title(ui, &tr!(language, "account-title"));
        if let Some(account) = view.account {
            muted(
                ui,
                tr!(
                    language,
                    "account-signed-in-as",
                    email = account.email.clone(),
                    region = crate::screens::redeem::region_name(account.region, language),
                    currency = account.currency.code()
                ),
            );
        }
    });
    ui.add_space(16.0);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        super::section_heading(ui, &tr!(language, "account-change-password"));
        muted(ui, tr!(language, "account-change-password-intro"));
        ui.add_space(6.0);
        let sending = form.step == ChangeStep::Sending;
        labelled_field(
            ui,
            &tr!(language, "account-current-password"),
            egui::TextEdit::singleline(&mut form.current)
                .id(current_id())
                .password(true)
                .char_limit(256)
                .interactive(!sending),
        );
        new_password::field(
            ui,
            new_id(),
            &tr!(language, "account-new-password"),
            &mut form.new,
            &mut form.show_new,
            &email,
            language,
        );
        ui.add_space(8.0);
        let ready =
            !sending && !form.current.is_empty() && assess(form.new.expose(), &email).acceptable();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    ready,
                    theme::primary_button(ui, &tr!(language, "account-change-password-submit")),
                )
                .clicked()
            {
                commands.push(Command::ChangePassword);
            }
            if sending {
                ui.spinner();
            }
        });
        match &form.step {
            ChangeStep::Changed => {
                ui.add_space(8.0);
                let done = explain::Explanation::of(language, "account-password-changed", None);
                explanation_banner(ui, &done, BannerKind::Success);
            }
            ChangeStep::Failed(error) => {
                ui.add_space(8.0);
                explanation_banner(
                    ui,
                    &explain::api_error(error, view.locale, language),
                    BannerKind::Error,
                );
            }
            ChangeStep::Form | ChangeStep::Sending => {}
        }
    });
    ui.add_space(16.0);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        super::section_heading(ui, &tr!(language, "account-sign-out-everywhere"));
        muted(ui, tr!(language, "account-sign-out-everywhere-intro"));
        ui.add_space(6.0);
        if form.confirm_sign_out_everywhere {
            ui.label(RichText::new(tr!(language, "account-sign-out-everywhere-sure")).strong());
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !form.signing_out_everywhere,
                        theme::primary_button(
                            ui,
                            &tr!(language, "account-sign-out-everywhere-confirm"),
                        ),
                    )
                    .clicked()
                {
                    commands.push(Command::SignOutEverywhere);
                }
                if ui
                    .add(theme::secondary_button(
                        ui,
                        &tr!(language, "account-cancel"),
                    ))
                    .clicked()
                {
                    form.confirm_sign_out_everywhere = false;
                }
                if form.signing_out_everywhere {
                    ui.spinner();
                }
            });
        } else if ui
            .add(theme::secondary_button(
                ui,
                &tr!(language, "account-sign-out-everywhere-button"),
            ))
            .clicked()
        {
            form.confirm_sign_out_everywhere = true;
        }
        if let Some(error) = &form.sign_out_everywhere_error {
            ui.add_space(8.0);
            explanation_banner(
                ui,
                &explain::api_error(error, view.locale, language),
                BannerKind::Error,
            );
        }
    });
}

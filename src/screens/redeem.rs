//! The redeem screen: code → preview → confirm → result, with every failure explained.

use egui::RichText;
use redeem_core::CodeError;
use redeem_core::api::{PreviewResponse, RedeemResponse};
use uuid::Uuid;

use super::code_field::{self, code_field};
use super::{BannerKind, Command, View, explanation_banner, muted};
use crate::api::ApiError;
use crate::explain;
use crate::secret_buffer::SecretBuffer;
use crate::theme::{self, Palette};

/// How many times a redeem that timed out is sent, in all, before the person is asked.
pub const REDEEM_ATTEMPTS: u32 = 3;

/// Where the redeem flow is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RedeemStep {
    /// Typing the code.
    #[default]
    Entering,
    /// Asking the server what the code would add.
    Checking,
    /// The server said what the code adds; waiting for the person to confirm.
    Confirming(PreviewResponse),
    /// The redeem is in flight.
    Redeeming {
        /// The idempotency key, the same for every attempt of this redeem.
        key: Uuid,
        /// Which attempt this is, from 1.
        attempt: u32,
    },
    /// Done.
    Redeemed {
        /// The server's receipt.
        receipt: RedeemResponse,
        /// The last four symbols of the card, for the receipt.
        card_last4: String,
    },
    /// The server refused, or could not be reached.
    Failed {
        /// Why.
        error: ApiError,
        /// Set when a redeem may or may not have happened (no answer): a retry must reuse
        /// this key so that it cannot count twice.
        retry_key: Option<Uuid>,
    },
}

/// The redeem screen's state. The code is a secret: wiped on success and sign-out.
#[derive(Debug, Default)]
pub struct RedeemState {
    /// The code as typed.
    pub code: SecretBuffer,
    /// Where the flow is.
    pub step: RedeemStep,
    /// A problem with the code found on this device when the person tried to continue.
    pub local_problem: Option<CodeError>,
}

impl RedeemState {
    /// True while a request is in flight.
    pub fn is_busy(&self) -> bool {
        matches!(
            self.step,
            RedeemStep::Checking | RedeemStep::Redeeming { .. }
        )
    }
}

/// Shows the redeem screen.
pub fn ui(
    ui: &mut egui::Ui,
    state: &mut RedeemState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match &state.step {
            RedeemStep::Confirming(preview) => confirm_ui(ui, preview, view, commands),
            RedeemStep::Redeeming { attempt, .. } => redeeming_ui(ui, *attempt),
            RedeemStep::Redeemed {
                receipt,
                card_last4,
            } => redeemed_ui(ui, receipt, card_last4, view, commands),
            RedeemStep::Entering | RedeemStep::Checking | RedeemStep::Failed { .. } => {
                entry_ui(ui, state, view, commands);
            }
        }
    });
    if let (Some(demo), RedeemStep::Entering | RedeemStep::Failed { .. }) = (view.demo, &state.step)
        && !demo.codes.is_empty()
    {
        ui.add_space(16.0);
        theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    super::sign_in::demo_badge(ui, demo.on_this_device);
                    ui.label(RichText::new("Demo gift cards").strong());
                });
                muted(ui, "Put one in the code field to try redeeming. The last one is for the United Kingdom.");
                ui.horizontal_wrapped(|ui| {
                    for (index, code) in demo.codes.iter().enumerate() {
                        let last4: String = code.expose().chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
                        if ui
                            .button(format!("Card \u{2026}{last4}"))
                            .on_hover_text("Put this demo code in the field")
                            .clicked()
                        {
                            commands.push(Command::UseDemoCode(index));
                        }
                    }
                });
            });
    }
}

fn entry_ui(
    ui: &mut egui::Ui,
    state: &mut RedeemState,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let checking = matches!(state.step, RedeemStep::Checking);
    super::title(ui, "Add a gift card to your balance");
    muted(
        ui,
        "Enter the 16-character code from the back of the card. Spaces and dashes are fine; so is lower case.",
    );
    ui.add_space(10.0);
    let label = ui.label(RichText::new("Gift card code").strong());
    let output = code_field(ui, &mut state.code, label.id, !checking);
    if output.response.changed() {
        state.local_problem = None;
    }

    // Feedback under the field: a problem found as it was typed, or how far along it is.
    let shown_problem = state.local_problem.clone().or(output.problem);
    match &shown_problem {
        Some(problem) => {
            let explanation = explain::code_error(problem);
            ui.label(
                RichText::new(&explanation.title)
                    .color(palette.error)
                    .strong(),
            );
            ui.label(explanation.next_step);
        }
        None => {
            let typed = state
                .code
                .expose()
                .chars()
                .filter(|c| *c != '-' && !c.is_whitespace())
                .count();
            muted(ui, format!("{typed} of 16 characters"));
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let check = ui.add_enabled(!checking, theme::primary_button(ui, "Check code"));
        if check.clicked() || (output.submitted && !checking) {
            commands.push(Command::CheckCode);
        }
        if checking {
            ui.spinner();
            muted(ui, "Checking the card…");
        }
    });
    if let RedeemStep::Failed { error, retry_key } = &state.step {
        ui.add_space(10.0);
        explanation_banner(
            ui,
            &explain::api_error(error, view.locale),
            BannerKind::Error,
        );
        if retry_key.is_some() {
            ui.add_space(4.0);
            muted(ui, explain::redeem_outcome_unknown());
            if ui.add(theme::primary_button(ui, "Try again")).clicked() {
                commands.push(Command::RetryRedeem);
            }
        }
    }
}

fn confirm_ui(
    ui: &mut egui::Ui,
    preview: &PreviewResponse,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    muted(ui, "This gift card adds");
    ui.label(
        RichText::new(preview.amount.format(view.locale))
            .size(44.0)
            .strong()
            .color(palette.credit),
    );
    ui.add_space(8.0);
    egui::Grid::new("redeem_preview")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            muted(ui, "Card");
            ui.label(
                RichText::new(format!(
                    "\u{2022}\u{2022}\u{2022}\u{2022} {}",
                    preview.card_last4
                ))
                .monospace(),
            );
            ui.end_row();
            muted(ui, "Country or region");
            ui.label(format!(
                "{} ({})",
                preview.region.name(),
                preview.region.code()
            ));
            ui.end_row();
            muted(ui, "Into the account");
            ui.label(format!(
                "{} \u{b7} {}",
                preview.account.email, preview.account.currency
            ));
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(ui, "Confirm and redeem"))
            .clicked()
        {
            commands.push(Command::ConfirmRedeem);
        }
        if ui.add(theme::secondary_button(ui, "Back")).clicked() {
            commands.push(Command::EditCode);
        }
    });
}

fn redeeming_ui(ui: &mut egui::Ui, attempt: u32) {
    let palette = Palette::current(ui);
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new("Redeeming your gift card…").strong());
    });
    if attempt > 1 {
        ui.add_space(6.0);
        theme::banner(palette.warning_bg).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!(
                    "The server is slow to answer \u{2014} trying again (attempt {attempt} of {REDEEM_ATTEMPTS})"
                ))
                .strong()
                .color(palette.warning),
            );
            ui.label("This repeats the same request with the same key, so the card can never be redeemed twice.");
        });
    }
}

fn redeemed_ui(
    ui: &mut egui::Ui,
    receipt: &RedeemResponse,
    card_last4: &str,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    ui.horizontal(|ui| {
        check_mark(ui, palette.success);
        ui.label(
            RichText::new("Gift card redeemed")
                .color(palette.success)
                .strong()
                .size(16.0),
        );
    });
    ui.label(
        RichText::new(format!("+{} added", receipt.credited.format(view.locale)))
            .size(44.0)
            .strong()
            .color(palette.credit),
    );
    ui.add_space(8.0);
    egui::Grid::new("redeem_receipt")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            muted(ui, "New balance");
            ui.label(
                RichText::new(receipt.balance.format(view.locale))
                    .strong()
                    .size(18.0),
            );
            ui.end_row();
            muted(ui, "Card");
            ui.label(
                RichText::new(format!("\u{2022}\u{2022}\u{2022}\u{2022} {card_last4}")).monospace(),
            );
            ui.end_row();
            muted(ui, "Receipt");
            ui.horizontal(|ui| {
                ui.label(RichText::new(&receipt.receipt_id).monospace());
                if !view.kiosk
                    && ui
                        .small_button("Copy")
                        .on_hover_text("Copy the receipt number")
                        .clicked()
                {
                    ui.ctx().copy_text(receipt.receipt_id.clone());
                }
            });
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(ui, "Redeem another card"))
            .clicked()
        {
            commands.push(Command::RedeemAnother);
        }
        if ui
            .add(theme::secondary_button(ui, "View history"))
            .clicked()
        {
            commands.push(Command::ShowScreen(crate::command::Screen::History));
        }
    });
}

/// The widget ids whose egui state holds the code and must be wiped with it.
pub fn secret_widget_ids() -> [egui::Id; 1] {
    [code_field::field_id()]
}

/// A filled circle with a tick, drawn rather than taken from a font.
fn check_mark(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(20.0, 20.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.circle_filled(rect.center(), 10.0, color);
    let c = rect.center();
    painter.line(
        vec![
            c + egui::vec2(-4.5, 0.0),
            c + egui::vec2(-1.5, 3.5),
            c + egui::vec2(5.0, -3.5),
        ],
        egui::Stroke::new(2.0, egui::Color32::WHITE),
    );
}

//! The redeem screen: code → preview → confirm → result, with every failure explained.

use egui::RichText;
use redeem_core::api::{PreviewResponse, RedeemResponse};
use redeem_core::{CodeError, Region};
use uuid::Uuid;

use super::code_field::{self, code_field};
use super::{BannerKind, Command, View, explanation_banner, muted};
use crate::api::ApiError;
use crate::explain;
use crate::i18n::Language;
use crate::secret_buffer::SecretBuffer;
use crate::theme::{self, Palette};
use crate::tr;

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
    /// "What to do if this happened" is open in place of the flow.
    pub scam_help: bool,
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
    if state.scam_help {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            scam_help_ui(ui, &mut state.scam_help, view.language);
        });
        return;
    }
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match &state.step {
            RedeemStep::Confirming(preview) => {
                confirm_ui(ui, preview, &mut state.scam_help, view, commands);
            }
            RedeemStep::Redeeming { attempt, .. } => redeeming_ui(ui, *attempt, view),
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
                super::sign_in::demo_badge_in(ui, view.language, demo.on_this_device);
                ui.label(RichText::new(tr!(view.language, "redeem-demo-title")).strong());
            });
            muted(ui, tr!(view.language, "redeem-demo-hint"));
            ui.horizontal_wrapped(|ui| {
                for (index, code) in demo.codes.iter().enumerate() {
                    let last4: String = code
                        .expose()
                        .chars()
                        .rev()
                        .take(4)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    if ui
                        .button(tr!(view.language, "redeem-demo-card", last4 = last4))
                        .on_hover_text(tr!(view.language, "redeem-demo-card-hint"))
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
    super::title(ui, &tr!(view.language, "redeem-title"));
    muted(ui, tr!(view.language, "redeem-intro"));
    ui.add_space(10.0);
    if view.shows_scam_warning() {
        scam_warning_ui(ui, &mut state.scam_help, false, view, commands);
        ui.add_space(10.0);
    }
    let label = ui.label(RichText::new(tr!(view.language, "redeem-code-label")).strong());
    let output = code_field(ui, &mut state.code, label.id, !checking);
    if output.response.changed() {
        state.local_problem = None;
    }

    // Feedback under the field: a problem found as it was typed, or how far along it is.
    let shown_problem = state.local_problem.clone().or(output.problem);
    match &shown_problem {
        Some(problem) => {
            let explanation = explain::code_error(problem, view.language);
            let title = ui.label(
                RichText::new(&explanation.title)
                    .color(palette.error)
                    .strong(),
            );
            super::mark_alert(ui, title.id);
            ui.label(explanation.next_step);
        }
        None => {
            let typed = state
                .code
                .expose()
                .chars()
                .filter(|c| *c != '-' && !c.is_whitespace())
                .count();
            muted(
                ui,
                tr!(view.language, "redeem-code-progress", typed = typed),
            );
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let check = ui.add_enabled(
            !checking,
            theme::primary_button(ui, &tr!(view.language, "redeem-check-code")),
        );
        if check.clicked() || (output.submitted && !checking) {
            commands.push(Command::CheckCode);
        }
        if checking {
            ui.spinner();
            muted(ui, tr!(view.language, "redeem-checking"));
        }
    });
    if let RedeemStep::Failed { error, retry_key } = &state.step {
        ui.add_space(10.0);
        explanation_banner(
            ui,
            &explain::api_error(error, view.locale, view.language),
            BannerKind::Error,
        );
        if retry_key.is_some() {
            ui.add_space(4.0);
            muted(ui, explain::redeem_outcome_unknown(view.language));
            if ui
                .add(theme::primary_button(
                    ui,
                    &tr!(view.language, "redeem-try-again"),
                ))
                .clicked()
            {
                commands.push(Command::RetryRedeem);
            }
        }
    }
}

fn confirm_ui(
    ui: &mut egui::Ui,
    preview: &PreviewResponse,
    scam_help: &mut bool,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let language = view.language;
    muted(ui, tr!(language, "redeem-preview-adds"));
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
            muted(ui, tr!(language, "redeem-card"));
            ui.label(
                RichText::new(format!(
                    "\u{2022}\u{2022}\u{2022}\u{2022} {}",
                    preview.card_last4
                ))
                .monospace(),
            );
            ui.end_row();
            muted(ui, tr!(language, "redeem-region"));
            ui.label(format!(
                "{} ({})",
                region_name(preview.region, language),
                preview.region.code()
            ));
            ui.end_row();
            muted(ui, tr!(language, "redeem-into-account"));
            ui.label(format!(
                "{} \u{b7} {}",
                preview.account.email, preview.account.currency
            ));
            ui.end_row();
        });
    if view.shows_scam_warning() {
        ui.add_space(12.0);
        scam_warning_ui(ui, scam_help, true, view, commands);
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui
            .add(theme::primary_button(ui, &tr!(language, "redeem-confirm")))
            .clicked()
        {
            commands.push(Command::ConfirmRedeem);
        }
        if ui
            .add(theme::secondary_button(ui, &tr!(language, "redeem-back")))
            .clicked()
        {
            commands.push(Command::EditCode);
        }
    });
}

fn redeeming_ui(ui: &mut egui::Ui, attempt: u32, view: &View<'_>) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(tr!(view.language, "redeem-redeeming")).strong());
    });
    if attempt > 1 {
        ui.add_space(6.0);
        let mut args = crate::i18n::FluentArgs::new();
        args.set("attempt", attempt);
        args.set("attempts", REDEEM_ATTEMPTS);
        let slow = explain::Explanation::of(view.language, "redeem-slow", Some(&args));
        explanation_banner(ui, &slow, BannerKind::Warning);
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
    let language = view.language;
    ui.horizontal(|ui| {
        check_mark(ui, palette.success);
        let done = ui.label(
            RichText::new(tr!(language, "redeem-done"))
                .color(palette.success)
                .strong()
                .size(16.0),
        );
        super::mark_status(ui, done.id);
    });
    ui.label(
        RichText::new(tr!(
            language,
            "redeem-added",
            amount = receipt.credited.format(view.locale)
        ))
        .size(44.0)
        .strong()
        .color(palette.credit),
    );
    ui.add_space(8.0);
    egui::Grid::new("redeem_receipt")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            muted(ui, tr!(language, "redeem-new-balance"));
            ui.label(
                RichText::new(receipt.balance.format(view.locale))
                    .strong()
                    .size(18.0),
            );
            ui.end_row();
            muted(ui, tr!(language, "redeem-card"));
            ui.label(
                RichText::new(format!("\u{2022}\u{2022}\u{2022}\u{2022} {card_last4}")).monospace(),
            );
            ui.end_row();
            muted(ui, tr!(language, "redeem-receipt"));
            ui.horizontal(|ui| {
                ui.label(RichText::new(&receipt.receipt_id).monospace());
                if !view.kiosk
                    && ui
                        .small_button(tr!(language, "redeem-copy"))
                        .on_hover_text(tr!(language, "redeem-copy-hint"))
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
            .add(theme::primary_button(ui, &tr!(language, "redeem-another")))
            .clicked()
        {
            commands.push(Command::RedeemAnother);
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

/// The warning about the most common gift-card fraud, in the words of consumer protection
/// agencies: calm, short, with what to do. Before a confirm it says so (`confirming`). Off
/// a kiosk, "I understand" puts it away for the account.
fn scam_warning_ui(
    ui: &mut egui::Ui,
    scam_help: &mut bool,
    confirming: bool,
    view: &View<'_>,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::current(ui);
    let language = view.language;
    theme::banner(palette.warning_bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = ui.label(
            RichText::new(tr!(language, "redeem-scam-title"))
                .strong()
                .color(palette.warning),
        );
        super::mark_heading(ui, title.id, 2);
        ui.label(tr!(language, "redeem-scam-body"));
        if confirming {
            ui.label(RichText::new(tr!(language, "redeem-scam-before-confirm")).strong());
        }
        ui.horizontal_wrapped(|ui| {
            if ui.link(tr!(language, "redeem-scam-help-link")).clicked() {
                *scam_help = true;
            }
            if !view.kiosk {
                ui.add_space(12.0);
                let mut understood = false;
                if ui
                    .checkbox(&mut understood, tr!(language, "redeem-scam-understood"))
                    .clicked()
                {
                    commands.push(Command::UnderstandScamWarning);
                }
            }
        });
    });
}

/// "What to do if this happened": the steps, and the way back.
fn scam_help_ui(ui: &mut egui::Ui, scam_help: &mut bool, language: Language) {
    super::title(ui, &tr!(language, "redeem-scam-help-title"));
    muted(ui, tr!(language, "redeem-scam-help-intro"));
    ui.add_space(8.0);
    for (number, id) in [
        "redeem-scam-help-stop",
        "redeem-scam-help-keep",
        "redeem-scam-help-issuer",
        "redeem-scam-help-report",
    ]
    .into_iter()
    .enumerate()
    {
        ui.horizontal_top(|ui| {
            ui.label(RichText::new(format!("{}.", number + 1)).strong());
            ui.add(egui::Label::new(tr!(language, id)).wrap());
        });
        ui.add_space(4.0);
    }
    ui.add_space(8.0);
    if ui
        .add(theme::primary_button(
            ui,
            &tr!(language, "redeem-scam-help-back"),
        ))
        .clicked()
    {
        *scam_help = false;
    }
}

/// The name of a country or region a card can be sold for, in `language`.
pub fn region_name(region: Region, language: Language) -> String {
    tr!(language, "redeem-region-name", code = region.code())
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

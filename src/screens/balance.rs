//! The balance screen: what the account holds, what is on its way, and where it came from.

use egui::RichText;
use redeem_core::api::{BalanceResponse, TradeInsResponse};
use redeem_core::{EntryKind, Money, TradeInStatus};

use super::{BannerKind, Command, View, explanation_banner, muted, section_heading};
use crate::explain;
use crate::format;
use crate::i18n::Language;
use crate::loadable::Loadable;
use crate::theme::{self, Palette};
use crate::tr;

/// Unused credit older than this gets a nudge, seconds (90 days).
const NUDGE_AFTER_S: i64 = 90 * 24 * 3600;

/// What the balance screen shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BalanceState {
    /// The balance, as last fetched.
    pub balance: Loadable<BalanceResponse>,
    /// The `ETag` of the balance shown, for the next conditional poll.
    pub etag: Option<String>,
    /// Trade-ins and their status.
    pub trade_ins: Loadable<TradeInsResponse>,
    /// Amounts are hidden until the person taps "Show balance" (kiosk mode, so that
    /// nobody nearby reads them).
    pub masked: bool,
}

/// What a masked amount reads.
const MASKED: &str = "\u{2022}\u{2022}\u{2022}\u{2022}";

/// `amount` as the person may see it now.
fn shown(amount: Money, state: &BalanceState, view: &View<'_>) -> String {
    if state.masked {
        MASKED.to_owned()
    } else {
        amount.format(view.locale)
    }
}

/// Shows the balance screen.
pub fn ui(ui: &mut egui::Ui, state: &BalanceState, view: &View<'_>, commands: &mut Vec<Command>) {
    let palette = Palette::current(ui);
    let language = view.language;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            muted(ui, tr!(language, "balance-available"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let refreshing = state.balance.is_pending();
                if ui
                    .add_enabled(
                        !refreshing,
                        theme::secondary_button(ui, &tr!(language, "balance-refresh")),
                    )
                    .on_hover_text(tr!(language, "balance-refresh-hint"))
                    .clicked()
                {
                    commands.push(Command::RefreshBalance);
                }
                if refreshing {
                    ui.spinner();
                }
            });
        });
        match state.balance.latest() {
            Some(_) if state.masked => {
                ui.label(
                    RichText::new(MASKED)
                        .size(52.0)
                        .strong()
                        .color(palette.muted),
                );
                muted(ui, tr!(language, "balance-hidden"));
                if ui
                    .add(theme::primary_button(ui, &tr!(language, "balance-show")))
                    .clicked()
                {
                    commands.push(Command::RevealBalance);
                }
            }
            Some(fetched) => {
                let amount = fetched.value.available.format(view.locale);
                let stale = state.balance.error().is_some();
                let color = if stale {
                    palette.muted
                } else {
                    ui.visuals().strong_text_color()
                };
                ui.label(RichText::new(amount).size(52.0).strong().color(color));
                let age_s = view.now - fetched.at;
                let age = format::ago(age_s, view.language);
                // The label changes on its own as time passes; the balance poll usually
                // repaints first (egui keeps the earliest request).
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(
                        format::ago_changes_in(age_s),
                    ));
                if stale {
                    ui.label(
                        RichText::new(tr!(language, "balance-stale", age = age))
                            .color(palette.warning)
                            .strong(),
                    );
                } else {
                    muted(ui, tr!(language, "balance-updated", age = age));
                }
            }
            None if state.balance.error().is_none() => {
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    ui.spinner();
                    muted(ui, tr!(language, "balance-loading"));
                });
                ui.add_space(8.0);
            }
            None => {}
        }
        if let Some(error) = state.balance.error() {
            ui.add_space(6.0);
            let mut explanation = explain::api_error(error, view.locale, language);
            if error.is_connectivity() && state.balance.latest().is_some() {
                explanation.next_step = tr!(
                    language,
                    "balance-stale-next-step",
                    next_step = explanation.next_step
                );
            }
            explanation_banner(ui, &explanation, BannerKind::Warning);
        }
        if let Some(balance) = state.balance.value()
            && !state.masked
        {
            nudge(ui, balance, view);
        }
        if view.add_money {
            ui.add_space(10.0);
            if ui
                .add(theme::primary_button(
                    ui,
                    &tr!(language, "balance-add-money"),
                ))
                .on_hover_text(tr!(language, "balance-add-money-hint"))
                .clicked()
            {
                commands.push(Command::ShowScreen(crate::command::Screen::AddMoney));
            }
        }
    });

    ui.add_space(16.0);
    ui.columns(2, |columns| {
        if let [left, right] = columns {
            theme::card(left).show(left, |ui| {
                ui.set_width(ui.available_width());
                pending_ui(ui, state, view);
            });
            theme::card(right).show(right, |ui| {
                ui.set_width(ui.available_width());
                breakdown_ui(ui, state, view);
            });
        }
    });
}

fn nudge(ui: &mut egui::Ui, balance: &BalanceResponse, view: &View<'_>) {
    let Some(last) = balance.last_activity_at else {
        return;
    };
    let idle = balance.as_of.signed_duration_since(last).num_seconds();
    if balance.available.is_zero() || balance.available.is_negative() || idle < NUDGE_AFTER_S {
        return;
    }
    ui.add_space(6.0);
    let palette = Palette::current(ui);
    theme::banner(palette.success_bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(tr!(
                view.language,
                "balance-nudge-title",
                amount = balance.available.format(view.locale),
                date = format::date(last, view.locale, view.offset)
            ))
            .strong()
            .color(palette.success),
        );
        ui.label(tr!(view.language, "balance-nudge-text"));
    });
}

fn pending_ui(ui: &mut egui::Ui, state: &BalanceState, view: &View<'_>) {
    let palette = Palette::current(ui);
    section_heading(ui, &tr!(view.language, "balance-pending-title"));
    if let Some(balance) = state.balance.value() {
        ui.label(
            RichText::new(shown(balance.pending, state, view))
                .size(26.0)
                .strong(),
        );
    }
    match state.trade_ins.value() {
        Some(trade_ins) if trade_ins.items.is_empty() => {
            muted(ui, tr!(view.language, "balance-no-trade-ins"));
        }
        Some(trade_ins) => {
            ui.add_space(4.0);
            egui::Grid::new("trade_ins")
                .num_columns(3)
                .spacing([16.0, 8.0])
                .show(ui, |ui| {
                    for trade_in in &trade_ins.items {
                        ui.label(&trade_in.device);
                        status_chip(ui, trade_in.status, &palette, view.language);
                        ui.label(shown(trade_in.amount, state, view));
                        ui.end_row();
                    }
                });
        }
        None if state.trade_ins.error().is_some() => {
            muted(ui, explain::trade_ins_not_loaded(view.language));
        }
        None => {
            ui.spinner();
        }
    }
}

fn status_chip(ui: &mut egui::Ui, status: TradeInStatus, palette: &Palette, language: Language) {
    // The labels are the app's, not redeem-core's: core has no idea of languages.
    let (id, fg, bg) = match status {
        TradeInStatus::Pending => (
            "balance-trade-in-pending",
            palette.muted,
            palette.card_stroke,
        ),
        TradeInStatus::Received => (
            "balance-trade-in-received",
            palette.warning,
            palette.warning_bg,
        ),
        TradeInStatus::Inspecting => (
            "balance-trade-in-inspecting",
            palette.warning,
            palette.warning_bg,
        ),
        TradeInStatus::Credited => (
            "balance-trade-in-credited",
            palette.success,
            palette.success_bg,
        ),
        TradeInStatus::Rejected => ("balance-trade-in-rejected", palette.error, palette.error_bg),
    };
    super::sign_in::pill(ui, &tr!(language, id), fg, bg);
}

/// What a ledger entry kind is called, in `language`: the app's words, as redeem-core's
/// labels are English only.
pub fn source_label(kind: EntryKind, language: Language) -> String {
    let id = match kind {
        EntryKind::GiftCardRedemption => "balance-source-gift-card",
        EntryKind::TradeInCredit => "balance-source-trade-in",
        EntryKind::AddedFunds => "balance-source-added-funds",
        EntryKind::Purchase => "balance-source-purchase",
        EntryKind::Refund => "balance-source-refund",
        EntryKind::Adjustment => "balance-source-adjustment",
    };
    tr!(language, id)
}

fn breakdown_ui(ui: &mut egui::Ui, state: &BalanceState, view: &View<'_>) {
    section_heading(ui, &tr!(view.language, "balance-sources-title"));
    let Some(balance) = state.balance.value() else {
        muted(ui, "\u{2014}");
        return;
    };
    if balance.by_source.is_empty() {
        muted(ui, tr!(view.language, "balance-sources-empty"));
        return;
    }
    ui.add_space(4.0);
    egui::Grid::new("balance_by_source")
        .num_columns(2)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            for source in &balance.by_source {
                ui.label(source_label(source.kind, view.language));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if state.masked {
                        ui.label(MASKED);
                    } else {
                        ui.label(signed(source.amount, view));
                    }
                });
                ui.end_row();
            }
        });
}

/// An amount with an explicit sign, so that credits and debits differ without colour.
pub fn signed(amount: Money, view: &View<'_>) -> String {
    if amount.is_negative() {
        let magnitude = amount.checked_neg().unwrap_or(amount);
        format!("\u{2212}{}", magnitude.format(view.locale))
    } else if amount.is_zero() {
        amount.format(view.locale)
    } else {
        format!("+{}", amount.format(view.locale))
    }
}

//! The screens of the app. Each takes `&mut egui::Ui`, its state and a [`View`] of what it
//! may read, and queues [`Command`]s instead of doing anything itself.

pub mod account;
pub mod add_money;
pub mod balance;
pub mod code_field;
pub mod history;
pub mod new_password;
pub mod preferences;
pub mod redeem;
pub mod sign_in;

use chrono::FixedOffset;
use redeem_core::Locale;

use crate::i18n::Language;
use redeem_core::api::AccountSummary;

use crate::backend::DemoInfo;
pub use crate::command::Command;

/// What every screen may read.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// How to write amounts and dates.
    pub locale: Locale,
    /// The language of every sentence.
    pub language: Language,
    /// The local time zone's offset from UTC.
    pub offset: FixedOffset,
    /// egui time now, seconds.
    pub now: f64,
    /// The demo account and cards, when running on the embedded demo server.
    pub demo: Option<&'a DemoInfo>,
    /// The signed-in account.
    pub account: Option<&'a AccountSummary>,
    /// Kiosk mode: a shared terminal, where nothing is saved or copied for later.
    pub kiosk: bool,
    /// The signed-in person ticked "I understand" under the gift-card scam warning.
    pub scam_warning_understood: bool,
    /// Adding money is offered (not on a kiosk unless its configuration allows it).
    pub add_money: bool,
}

impl View<'_> {
    /// Whether the gift-card scam warning shows: always on a kiosk (every customer is a
    /// new one), elsewhere until the person says they understood it.
    pub fn shows_scam_warning(&self) -> bool {
        self.kiosk || !self.scam_warning_understood
    }
}

/// The title of a card, a heading of level 1 for screen readers.
pub(crate) fn title(ui: &mut egui::Ui, text: &str) {
    let color = ui.visuals().strong_text_color();
    let response = ui.label(egui::RichText::new(text).size(22.0).strong().color(color));
    mark_heading(ui, response.id, 1);
}

/// A heading of a section inside a card, of level 2 for screen readers.
pub(crate) fn section_heading(ui: &mut egui::Ui, text: &str) {
    let response = ui.label(egui::RichText::new(text).strong().size(16.0));
    mark_heading(ui, response.id, 2);
}

/// Makes the widget `id` a heading of `level` in the accessibility tree, so that screen
/// reader users can jump between the parts of a screen as sighted people skim them.
pub(crate) fn mark_heading(ui: &egui::Ui, id: egui::Id, level: usize) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::Heading);
        node.set_level(level);
    });
}

/// Makes the widget `id` an alert: a screen reader reads it out as soon as it appears,
/// because a refused code or a failed call is what the person is waiting to hear.
pub(crate) fn mark_alert(ui: &egui::Ui, id: egui::Id) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::Alert);
        node.set_live(egui::accesskit::Live::Assertive);
    });
}

/// Makes the widget `id` a status: read out when the reader is next idle, for news that
/// does not interrupt (a redeem that worked).
pub(crate) fn mark_status(ui: &egui::Ui, id: egui::Id) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(egui::accesskit::Role::Status);
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// Secondary text.
pub(crate) fn muted(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    let color = crate::theme::Palette::current(ui).muted;
    ui.label(egui::RichText::new(text.into()).color(color))
}

/// A labelled single-line text field, the label above it; returns the field's response.
pub(crate) fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    edit: egui::TextEdit<'_>,
) -> egui::Response {
    let label = ui.label(egui::RichText::new(label).strong());
    let height = ui.spacing().interact_size.y;
    ui.add(
        edit.desired_width(f32::INFINITY)
            .min_size(egui::vec2(0.0, height))
            .margin(egui::Margin::symmetric(10, 8)),
    )
    .labelled_by(label.id)
}

/// A banner with an explanation: a bold title and the next step.
pub(crate) fn explanation_banner(
    ui: &mut egui::Ui,
    explanation: &crate::explain::Explanation,
    kind: BannerKind,
) {
    let palette = crate::theme::Palette::current(ui);
    let (fill, color) = match kind {
        BannerKind::Error => (palette.error_bg, palette.error),
        BannerKind::Warning => (palette.warning_bg, palette.warning),
        BannerKind::Success => (palette.success_bg, palette.success),
    };
    crate::theme::banner(fill).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = ui.label(
            egui::RichText::new(&explanation.title)
                .strong()
                .color(color),
        );
        match kind {
            BannerKind::Error | BannerKind::Warning => mark_alert(ui, title.id),
            BannerKind::Success => mark_status(ui, title.id),
        }
        ui.label(&explanation.next_step);
        if let Some(note) = &explanation.note {
            ui.label(egui::RichText::new(note).strong());
        }
    });
}

/// The tone of a banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerKind {
    /// Something failed.
    Error,
    /// Something needs attention.
    Warning,
    /// Something worked.
    Success,
}

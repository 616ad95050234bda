//! How the app looks: the theme, text scale and touch-size preferences applied to egui,
//! and a text cursor that stops blinking (and repainting) when nobody types.

use super::RedeemApp;
use crate::theme;

/// Seconds without a key or a click after which a text cursor stops blinking and stays
/// on, as GTK's does: a blinking cursor is two repaints a second for as long as the window
/// keeps the focus, which would keep an app left with a field focused from ever idling.
pub(super) const CURSOR_BLINK_S: f64 = 10.0;

impl RedeemApp {
    /// Applies the theme, text scale and touch size of the preferences, when they changed.
    pub(super) fn apply_look(&mut self, ctx: &egui::Context) {
        let look = (
            self.preferences.theme.to_egui(),
            self.preferences.text_scale.to_bits(),
            self.preferences.large_targets,
        );
        if self.applied_look == Some(look) {
            return;
        }
        ctx.set_theme(look.0);
        theme::apply(ctx, look.2);
        #[cfg(not(target_arch = "wasm32"))]
        if self.kiosk.is_some() {
            super::kiosk::enlarge_text(ctx);
        }
        ctx.set_zoom_factor(self.preferences.text_scale);
        self.applied_look = Some(look);
    }

    /// Lets the text cursor blink for [`CURSOR_BLINK_S`] after a key press or a click, and
    /// keeps it on (painted once, no repaints) after that.
    pub(super) fn settle_cursor(&mut self, ctx: &egui::Context, now: f64) {
        let typed_or_clicked = ctx.input(|input| {
            input.events.iter().any(|event| {
                matches!(
                    event,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Paste(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::Touch { .. }
                )
            })
        });
        if typed_or_clicked {
            self.last_keys_or_clicks_at = now;
        }
        let blink = now - self.last_keys_or_clicks_at < CURSOR_BLINK_S;
        // Compared with the style in use, since applying the look resets the visuals.
        if ctx.global_style().visuals.text_cursor.blink != blink {
            ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = blink);
        }
    }
}

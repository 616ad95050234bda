//! The look: colours for light and dark, type sizes, spacing, and the touch-size switch.

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, TextStyle, Theme, Visuals};

/// Colours the screens use beyond egui's own, for one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Buttons that move forward, links, focus.
    pub accent: Color32,
    /// Text on an accent background.
    pub on_accent: Color32,
    /// Money coming in.
    pub credit: Color32,
    /// Money going out.
    pub debit: Color32,
    /// Stale data, things that need attention.
    pub warning: Color32,
    /// Background of a warning banner.
    pub warning_bg: Color32,
    /// Errors.
    pub error: Color32,
    /// Background of an error banner.
    pub error_bg: Color32,
    /// Success.
    pub success: Color32,
    /// Background of a success banner.
    pub success_bg: Color32,
    /// Cards on the page background.
    pub card: Color32,
    /// The line around a card.
    pub card_stroke: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// The demo badge.
    pub demo_bg: Color32,
    /// Text of the demo badge.
    pub demo_fg: Color32,
}

impl Palette {
    /// The palette of `theme`.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self {
                accent: Color32::from_rgb(0x43, 0x38, 0xCA),
                on_accent: Color32::WHITE,
                credit: Color32::from_rgb(0x15, 0x80, 0x3D),
                debit: Color32::from_rgb(0xB4, 0x23, 0x18),
                warning: Color32::from_rgb(0x92, 0x40, 0x0E),
                warning_bg: Color32::from_rgb(0xFE, 0xF3, 0xC7),
                error: Color32::from_rgb(0xB9, 0x1C, 0x1C),
                error_bg: Color32::from_rgb(0xFE, 0xE2, 0xE2),
                success: Color32::from_rgb(0x16, 0x65, 0x34),
                success_bg: Color32::from_rgb(0xDC, 0xFC, 0xE7),
                card: Color32::WHITE,
                card_stroke: Color32::from_rgb(0xE3, 0xE5, 0xEA),
                muted: Color32::from_rgb(0x5F, 0x63, 0x6B),
                demo_bg: Color32::from_rgb(0xFE, 0xF0, 0xC7),
                demo_fg: Color32::from_rgb(0x78, 0x35, 0x0F),
            },
            Theme::Dark => Self {
                accent: Color32::from_rgb(0x81, 0x8C, 0xF8),
                on_accent: Color32::from_rgb(0x11, 0x12, 0x2A),
                credit: Color32::from_rgb(0x4A, 0xDE, 0x80),
                debit: Color32::from_rgb(0xF8, 0x9A, 0x8C),
                warning: Color32::from_rgb(0xFB, 0xBF, 0x24),
                warning_bg: Color32::from_rgb(0x3B, 0x2F, 0x0F),
                error: Color32::from_rgb(0xFC, 0xA5, 0xA5),
                error_bg: Color32::from_rgb(0x45, 0x1A, 0x1A),
                success: Color32::from_rgb(0x86, 0xEF, 0xAC),
                success_bg: Color32::from_rgb(0x12, 0x36, 0x22),
                card: Color32::from_rgb(0x23, 0x25, 0x2B),
                card_stroke: Color32::from_rgb(0x34, 0x37, 0x3F),
                muted: Color32::from_rgb(0xA1, 0xA6, 0xB0),
                demo_bg: Color32::from_rgb(0x4A, 0x37, 0x0B),
                demo_fg: Color32::from_rgb(0xFD, 0xE6, 0x8A),
            },
        }
    }

    /// The palette of the theme `ui` is painted in.
    pub fn current(ui: &egui::Ui) -> Self {
        Self::of(if ui.visuals().dark_mode {
            Theme::Dark
        } else {
            Theme::Light
        })
    }
}

/// The sizes that depend on the touch-size preference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Minimum height of anything clickable.
    pub target_height: f32,
    /// Space between widgets.
    pub item_spacing: egui::Vec2,
}

impl Metrics {
    /// Normal desktop sizes, or large touch targets (at least 48 points, WCAG 2.5.5).
    pub fn new(large_targets: bool) -> Self {
        if large_targets {
            Self {
                target_height: 48.0,
                item_spacing: egui::vec2(12.0, 12.0),
            }
        } else {
            Self {
                target_height: 32.0,
                item_spacing: egui::vec2(8.0, 8.0),
            }
        }
    }
}

/// Applies the app's look to both of egui's themes. Cheap enough to call whenever a
/// preference changes; not meant for every frame.
pub fn apply(ctx: &egui::Context, large_targets: bool) {
    let metrics = Metrics::new(large_targets);
    for theme in [Theme::Light, Theme::Dark] {
        let palette = Palette::of(theme);
        ctx.style_mut_of(theme, |style| {
            style.visuals = visuals(theme, &palette);
            style.text_styles = [
                (
                    TextStyle::Small,
                    FontId::new(12.0, FontFamily::Proportional),
                ),
                (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
                (
                    TextStyle::Button,
                    FontId::new(15.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Heading,
                    FontId::new(22.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Monospace,
                    FontId::new(15.0, FontFamily::Monospace),
                ),
            ]
            .into();
            let spacing = &mut style.spacing;
            spacing.item_spacing = metrics.item_spacing;
            spacing.button_padding = egui::vec2(14.0, 6.0);
            spacing.interact_size.y = metrics.target_height;
            spacing.combo_height = 300.0;
            spacing.window_margin = Margin::same(16);
        });
    }
}

fn visuals(theme: Theme, palette: &Palette) -> Visuals {
    let mut visuals = match theme {
        Theme::Light => Visuals::light(),
        Theme::Dark => Visuals::dark(),
    };
    let radius = CornerRadius::same(8);
    let (page, field) = match theme {
        Theme::Light => (
            Color32::from_rgb(0xF4, 0xF5, 0xF8),
            Color32::from_rgb(0xFF, 0xFF, 0xFF),
        ),
        Theme::Dark => (
            Color32::from_rgb(0x17, 0x18, 0x1C),
            Color32::from_rgb(0x1B, 0x1D, 0x22),
        ),
    };
    visuals.panel_fill = page;
    visuals.window_fill = palette.card;
    visuals.window_stroke = Stroke::new(1.0, palette.card_stroke);
    visuals.window_corner_radius = CornerRadius::same(12);
    visuals.extreme_bg_color = field;
    visuals.text_edit_bg_color = Some(field);
    visuals.hyperlink_color = palette.accent;
    visuals.selection.bg_fill = palette.accent.gamma_multiply(0.35);
    visuals.selection.stroke = Stroke::new(1.0, palette.accent);
    visuals.warn_fg_color = palette.warning;
    visuals.error_fg_color = palette.error;
    visuals.striped = false;
    visuals.faint_bg_color = match theme {
        Theme::Light => Color32::from_rgb(0xF7, 0xF8, 0xFA),
        Theme::Dark => Color32::from_rgb(0x27, 0x29, 0x30),
    };
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.corner_radius = radius;
    }
    visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, palette.card_stroke);
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, palette.card_stroke);
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.0, palette.accent.gamma_multiply(0.7));
    visuals.widgets.active.bg_stroke = Stroke::new(1.5, palette.accent);
    visuals
}

/// A card: the white (or dark) rounded box every section of a screen sits in.
pub fn card(ui: &egui::Ui) -> egui::Frame {
    let palette = Palette::current(ui);
    egui::Frame::new()
        .fill(palette.card)
        .stroke(Stroke::new(1.0, palette.card_stroke))
        .corner_radius(CornerRadius::same(12))
        .inner_margin(Margin::same(20))
}

/// A banner: a tinted box for a message about the state of things.
pub fn banner(fill: Color32) -> egui::Frame {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::symmetric(14, 10))
}

/// The primary button of a form: filled with the accent colour.
pub fn primary_button<'a>(ui: &egui::Ui, text: &'a str) -> egui::Button<'a> {
    let palette = Palette::current(ui);
    let height = ui.spacing().interact_size.y;
    egui::Button::new(egui::RichText::new(text).color(palette.on_accent).strong())
        .fill(palette.accent)
        .min_size(egui::vec2(120.0, height))
}

/// A secondary button, as tall as the primary one.
pub fn secondary_button<'a>(ui: &egui::Ui, text: &'a str) -> egui::Button<'a> {
    let height = ui.spacing().interact_size.y;
    egui::Button::new(text).min_size(egui::vec2(0.0, height))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every character outside ASCII that the app's source can put on screen: written
    /// literally or as a `\u{...}` escape, in the app and in the shared domain crate
    /// (money and region names); comment lines aside.
    fn characters_in_the_source() -> BTreeSet<char> {
        fn visit(dir: &Path, found: &mut BTreeSet<char>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, found);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    let text: String = std::fs::read_to_string(&path)
                        .unwrap()
                        .lines()
                        .filter(|line| !line.trim_start().starts_with("//"))
                        .collect();
                    found.extend(text.chars().filter(|c| !c.is_ascii()));
                    for escape in text.split("\\u{").skip(1) {
                        let hex = escape.split('}').next().unwrap();
                        if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                        {
                            found.insert(c);
                        }
                    }
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = BTreeSet::new();
        visit(&root.join("src"), &mut found);
        visit(&root.join("crates/redeem-core/src"), &mut found);
        // The sentences of the languages in Latin script; comment lines aside.
        for language in ["en", "de", "fr", "es"] {
            let dir = root.join("assets/locales").join(language);
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines().filter(|line| !line.starts_with('#')) {
                    found.extend(line.chars().filter(|c| !c.is_ascii()));
                }
            }
        }
        // Japanese (and a language's name written in it) is drawn with a CJK font that is
        // loaded only when needed, not with these.
        found.retain(|c| !is_cjk(*c));
        found
    }

    /// Han, kana and the full-width forms: what a CJK font draws.
    fn is_cjk(c: char) -> bool {
        matches!(u32::from(c), 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    }

    #[test]
    fn the_web_fonts_have_every_glyph_the_app_shows() {
        // The web build's fonts: egui's, cut down to the characters it keeps. Every one of
        // them is also in the whole fonts the desktop app uses.
        let ctx = egui::Context::default();
        ctx.set_fonts(redeem_fonts::definitions());
        // One frame loads the fonts; its textures go nowhere.
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let characters = characters_in_the_source();
        assert!(
            characters.contains(&'€'),
            "the scan finds the app's characters"
        );
        let missing: Vec<(char, egui::FontFamily)> = ctx.fonts_mut(|fonts| {
            let mut missing = Vec::new();
            for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
                let font = egui::FontId::new(15.0, family.clone());
                for &c in &characters {
                    if !fonts.has_glyph(&font, c) {
                        missing.push((c, family.clone()));
                    }
                }
            }
            missing
        });
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}

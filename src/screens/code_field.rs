//! The gift card code field: groups the code in fours as it is typed, takes a pasted code
//! with spaces or dashes, and marks the exact character that cannot be in a code.

use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, CharIndex, LayoutJob, TextFormat};
use egui::{FontId, Id, TextBuffer as _};
use redeem_core::{CodeError, GiftCardCode, normalize_partial};

use crate::secret_buffer::SecretBuffer;
use crate::theme::Palette;

/// The field's widget id; its text-edit state (cursor, undo history) lives under it in egui
/// memory and is wiped with the code.
pub fn field_id() -> Id {
    Id::unique("redeem.gift_card_code")
}

/// What the field reports each frame.
#[derive(Debug)]
pub struct CodeFieldOutput {
    /// The text edit's response.
    pub response: egui::Response,
    /// The person pressed Enter in the field.
    pub submitted: bool,
    /// What is wrong with the code so far, judged on this device: a bad character at once,
    /// and length or check-symbol problems once the code is complete or submitted.
    pub problem: Option<CodeError>,
}

/// What is wrong with `text` as far as can be told while typing: a bad character or too
/// many characters at once, a failed check symbol once all 16 are there.
pub fn live_problem(text: &str) -> Option<CodeError> {
    let (_, error) = normalize_partial(text);
    if error.is_some() {
        return error;
    }
    match GiftCardCode::parse(text) {
        Err(CodeError::CheckFailed) => Some(CodeError::CheckFailed),
        Ok(_) | Err(_) => None,
    }
}

/// Shows the field. `label` is the id of the visible label that names it.
pub fn code_field(
    ui: &mut egui::Ui,
    code: &mut SecretBuffer,
    label: Id,
    interactive: bool,
) -> CodeFieldOutput {
    let id = field_id();
    let font = FontId::monospace(24.0);
    let palette = Palette::current(ui);
    let problem_before = live_problem(code.expose());
    let bad_char = match &problem_before {
        Some(CodeError::InvalidCharacter { position, .. }) => Some(*position),
        _ => None,
    };
    let text_color = ui.visuals().strong_text_color();
    let mut layouter =
        |ui: &egui::Ui, text: &dyn egui::TextBuffer, _wrap: f32| -> Arc<egui::Galley> {
            let job = highlighted(text.as_str(), bad_char, &font, text_color, palette.error);
            ui.fonts_mut(|fonts| fonts.layout_job(job))
        };
    let output = egui::TextEdit::singleline(code)
        .id(id)
        .hint_text("XXXX-XXXX-XXXX-XXXX")
        .font(FontId::monospace(24.0))
        .desired_width(ui.available_width().min(420.0))
        .margin(egui::Margin::symmetric(12, 10))
        .char_limit(64)
        .interactive(interactive)
        .layouter(&mut layouter)
        .show(ui);
    let response = output.response.response.clone().labelled_by(label);
    let submitted = response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));

    if response.changed() && live_problem(code.expose()).is_none() {
        regroup(ui, code, output.state, output.cursor_range);
    }
    CodeFieldOutput {
        response,
        submitted,
        problem: live_problem(code.expose()),
    }
}

/// Rewrites the text as `XXXX-XXXX-…`, upper case, and keeps the cursor after the same
/// symbol it was after.
fn regroup(
    ui: &egui::Ui,
    code: &mut SecretBuffer,
    mut state: egui::text_edit::TextEditState,
    cursor: Option<CCursorRange>,
) {
    let (grouped, _) = normalize_partial(code.expose());
    if grouped == code.expose() {
        return;
    }
    let cursor_char = cursor.map_or(usize::MAX, |range| range.primary.index.0);
    let symbols_before = code
        .expose()
        .chars()
        .take(cursor_char)
        .filter(|c| *c != '-' && !c.is_whitespace())
        .count();
    code.set(&grouped);
    let mut new_index = 0;
    let mut seen = 0;
    for character in grouped.chars() {
        if seen == symbols_before {
            break;
        }
        new_index += 1;
        if character != '-' {
            seen += 1;
        }
    }
    // Typing the fourth symbol of a group puts the cursor after the dash that follows.
    if code.char_range(CharIndex(new_index)..CharIndex(new_index + 1)) == "-" {
        new_index += 1;
    }
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(new_index))));
    state.store(ui.ctx(), field_id());
}

/// The text in `font`, with the `bad_symbol`-th symbol (1-based, separators not counted)
/// painted in the error colour and underlined.
fn highlighted(
    text: &str,
    bad_symbol: Option<usize>,
    font: &FontId,
    normal: egui::Color32,
    error: egui::Color32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let plain = TextFormat::simple(font.clone(), normal);
    let mut marked = TextFormat::simple(font.clone(), error);
    marked.underline = egui::Stroke::new(2.0, error);
    marked.background = error.gamma_multiply(0.15);
    let mut symbol = 0;
    let mut buf = [0_u8; 4];
    for character in text.chars() {
        let is_separator = character == '-' || character.is_whitespace();
        if !is_separator {
            symbol += 1;
        }
        let format = if !is_separator && Some(symbol) == bad_symbol {
            marked.clone()
        } else {
            plain.clone()
        };
        job.append(character.encode_utf8(&mut buf), 0.0, format);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_character_is_flagged_while_typing() {
        assert_eq!(
            live_problem("ABCD-EFU"),
            Some(CodeError::InvalidCharacter {
                position: 7,
                character: 'U'
            })
        );
        assert_eq!(live_problem("abcd efg"), None);
    }

    #[test]
    fn a_complete_code_with_a_typo_is_flagged() -> Result<(), Box<dyn std::error::Error>> {
        let code = GiftCardCode::generate().map_err(|error| error.to_string())?;
        let good = code.expose_compact();
        assert_eq!(live_problem(&good), None);
        let mut chars: Vec<char> = good.chars().collect();
        chars[3] = if chars[3] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(live_problem(&typo), Some(CodeError::CheckFailed));
        Ok(())
    }

    #[test]
    fn the_bad_symbol_is_marked_not_its_neighbours() {
        let job = highlighted(
            "AB-U",
            Some(3),
            &FontId::monospace(12.0),
            egui::Color32::WHITE,
            egui::Color32::RED,
        );
        let marked: Vec<&str> = job
            .sections
            .iter()
            .filter(|section| section.format.color == egui::Color32::RED)
            .filter_map(|section| {
                job.text
                    .get(section.byte_range.start.0..section.byte_range.end.0)
            })
            .collect();
        assert_eq!(marked, ["U"]);
    }
}

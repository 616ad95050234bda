//! The web app's fonts: egui's default fonts (Ubuntu Light and Hack, from the
//! `epaint_default_fonts` crate), cut down by the build script to the characters the app
//! can show and people type (see [`PROPORTIONAL_CHARS`] and [`MONOSPACE_CHARS`]), which
//! takes about 230 kB off the gzipped `.wasm`. The desktop app keeps egui's whole fonts.
//!
//! The cut-down fonts keep their licences: Ubuntu Light the Ubuntu Font Licence 1.0, Hack
//! the MIT and Bitstream Vera licences. Their copyright and licence notices stay in each
//! font's `name` table, and their names say they are derivatives.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

include!("coverage.rs");

/// Ubuntu Light, cut down to [`PROPORTIONAL_CHARS`].
pub const UBUNTU_LIGHT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ubuntu-light.ttf"));

/// Hack, cut down to [`MONOSPACE_CHARS`].
pub const HACK: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/hack.ttf"));

/// egui's default font set with the cut-down fonts: the same names, families and order,
/// without egui's five brand icons (which the app never shows). For `Context::set_fonts`.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::empty();
    fonts
        .font_data
        .insert("Hack".to_owned(), Arc::new(FontData::from_static(HACK)));
    fonts.font_data.insert(
        "Ubuntu-Light".to_owned(),
        Arc::new(FontData::from_static(UBUNTU_LIGHT)),
    );
    fonts.families.insert(
        FontFamily::Monospace,
        vec!["Hack".to_owned(), "Ubuntu-Light".to_owned()],
    );
    fonts
        .families
        .insert(FontFamily::Proportional, vec!["Ubuntu-Light".to_owned()]);
    fonts
}

#[cfg(test)]
mod tests {
    use read_fonts::tables::name::NameId;
    use read_fonts::types::GlyphId;
    use read_fonts::{FontRef, TableProvider as _};

    use super::*;

    /// The outline bytes of `glyph`, empty when it has none, less up to three trailing
    /// zeros: the cut fonts pad each outline to a multiple of four bytes.
    fn outline<'a>(font: &FontRef<'a>, glyph: GlyphId) -> &'a [u8] {
        let loca = font.loca(None).unwrap();
        let glyf = font.glyf().unwrap();
        let index = glyph.to_u32() as usize;
        let (start, end) = (
            loca.get_raw(index).unwrap(),
            loca.get_raw(index + 1).unwrap(),
        );
        let mut outline = &glyf.offset_data().as_bytes()[start as usize..end as usize];
        for _ in 0..3 {
            if let [rest @ .., 0] = outline {
                outline = rest;
            }
        }
        outline
    }

    /// A cut font, its original, and the characters it keeps.
    type Font = (&'static [u8], &'static [u8], &'static [(char, char)]);

    /// Every font with its original and the characters it keeps.
    fn fonts() -> [Font; 2] {
        [
            (
                UBUNTU_LIGHT,
                epaint_default_fonts::UBUNTU_LIGHT,
                PROPORTIONAL_CHARS,
            ),
            (HACK, epaint_default_fonts::HACK_REGULAR, MONOSPACE_CHARS),
        ]
    }

    #[test]
    fn every_kept_character_has_its_original_outline() {
        for (cut, original, chars) in fonts() {
            let (cut, original) = (FontRef::new(cut).unwrap(), FontRef::new(original).unwrap());
            let mut kept = 0;
            for &(first, last) in chars {
                for c in first..=last {
                    let Some(glyph) = original.cmap().unwrap().map_codepoint(c) else {
                        continue;
                    };
                    assert_eq!(cut.cmap().unwrap().map_codepoint(c), Some(glyph), "{c:?}");
                    assert_eq!(outline(&cut, glyph), outline(&original, glyph), "{c:?}");
                    kept += 1;
                }
            }
            assert!(kept > 90, "only {kept} characters kept");
        }
    }

    #[test]
    fn characters_left_out_are_missing_not_blank() {
        for (cut, original, _) in fonts() {
            let (cut, original) = (FontRef::new(cut).unwrap(), FontRef::new(original).unwrap());
            for c in ['Ж', 'Ω'] {
                assert!(original.cmap().unwrap().map_codepoint(c).is_some(), "{c:?}");
                assert_eq!(cut.cmap().unwrap().map_codepoint(c), None, "{c:?}");
            }
        }
    }

    #[test]
    fn ligatures_and_accent_parts_keep_their_outlines() {
        // "fi" becomes one glyph through GSUB, and accented letters are composites of
        // glyphs that no kept character maps to directly.
        let cut = FontRef::new(UBUNTU_LIGHT).unwrap();
        let original = FontRef::new(epaint_default_fonts::UBUNTU_LIGHT).unwrap();
        let ligature = original.cmap().unwrap().map_codepoint('\u{FB01}').unwrap();
        assert!(!outline(&cut, ligature).is_empty());
        let accented = original.cmap().unwrap().map_codepoint('ő').unwrap();
        let glyf = cut.glyf().unwrap();
        let Some(read_fonts::tables::glyf::Glyph::Composite(composite)) =
            cut.loca(None).unwrap().get_glyf(accented, &glyf).unwrap()
        else {
            panic!("ő is not a composite glyph");
        };
        for component in composite.components() {
            let component = GlyphId::from(component.glyph);
            assert_eq!(outline(&cut, component), outline(&original, component));
            assert!(!outline(&cut, component).is_empty());
        }
    }

    #[test]
    fn the_cut_fonts_are_renamed_and_keep_their_notices() {
        for (cut, original, _) in fonts() {
            let (cut, original) = (FontRef::new(cut).unwrap(), FontRef::new(original).unwrap());
            let text = |font: &FontRef<'_>, id: NameId| -> String {
                let name = font.name().unwrap();
                let record = name
                    .name_record()
                    .iter()
                    .find(|r| r.name_id() == id)
                    .unwrap();
                record.string(name.string_data()).unwrap().to_string()
            };
            assert_eq!(
                text(&cut, NameId::FAMILY_NAME),
                format!("{} derivative Redeem", text(&original, NameId::FAMILY_NAME))
            );
            assert_eq!(
                text(&cut, NameId::COPYRIGHT_NOTICE),
                text(&original, NameId::COPYRIGHT_NOTICE)
            );
        }
    }

    #[test]
    fn the_cut_fonts_are_much_smaller() {
        for (cut, original, _) in fonts() {
            assert!(
                cut.len() * 2 < original.len(),
                "{} of {}",
                cut.len(),
                original.len()
            );
        }
    }

    #[test]
    fn egui_lays_out_text_with_the_cut_fonts() {
        let ctx = egui::Context::default();
        ctx.set_fonts(definitions());
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        ctx.fonts_mut(|fonts| {
            for family in [FontFamily::Proportional, FontFamily::Monospace] {
                let font = egui::FontId::new(15.0, family);
                for c in ['a', '€', '£', '•', '…', 'ł'] {
                    assert!(fonts.has_glyph(&font, c), "{c:?} in {font:?}");
                }
                assert!(!fonts.has_glyph(&font, 'Ж'));
            }
        });
    }
}

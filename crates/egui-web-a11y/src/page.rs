//! The page around the app: its language, and eframe's hidden text input.

use wasm_bindgen::JsCast as _;

/// Sets the page's language (`<html lang>`), which screen readers use to choose a voice
/// and a pronunciation, to the BCP 47 tag `tag` (e.g. `en`, `de`, `ja`). Call it whenever
/// the app's language changes.
pub fn set_language(tag: &str) {
    let Some(html) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    if html.get_attribute("lang").as_deref() != Some(tag) {
        html.set_attribute("lang", tag).ok();
    }
}

/// Takes eframe's hidden text input (the unlabelled `<input>` that eframe puts after `canvas`
/// for keyboard and IME input into the canvas) out of the Tab order and the
/// accessibility tree, and out of the focus it takes at start: with the mirror, the
/// mirrored fields are where assistive technology and the keyboard type. Call it after
/// eframe has started.
pub fn hide_eframe_text_input(canvas: &web_sys::HtmlCanvasElement) {
    let input = canvas
        .next_element_sibling()
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok());
    let Some(input) = input else {
        return;
    };
    input.set_tab_index(-1);
    input.set_attribute("aria-hidden", "true").ok();
    let focused = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element())
        .is_some_and(|active| &active == input.unchecked_ref::<web_sys::Element>());
    if focused {
        input.blur().ok();
    }
}

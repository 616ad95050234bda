//! The seam with egui: a [`egui::Plugin`] that turns on AccessKit, reads each frame's
//! tree update from the output and hands the page's events to the next frame's input.
//! Nothing in the app has to know about it beyond [`install`].

use std::sync::Arc;

use egui::mutex::Mutex;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast as _;

use crate::dom::Dom;
use crate::listeners::{self, Listener, Shared};

/// The prefix of the mirrored elements' ids.
const ID_PREFIX: &str = "egui-a11y-";

/// The mirror of one egui context, registered as a plugin of that context.
struct WebA11y {
    /// The DOM handles; egui wants plugins `Send`, and the web build has one thread.
    dom: SendWrapper<Dom>,
    /// Kept for as long as the mirror: dropping them would stop the listeners.
    _listeners: SendWrapper<Vec<Listener>>,
    shared: Arc<Mutex<Shared>>,
    /// A Tab key reached egui in this frame (the canvas had the browser's focus).
    tab_pressed: bool,
}

impl egui::Plugin for WebA11y {
    fn debug_name(&self) -> &'static str {
        "egui_web_a11y"
    }

    fn setup(&mut self, ctx: &egui::Context) {
        // egui builds its accessibility tree only when asked to.
        ctx.enable_accesskit();
    }

    fn on_end_pass(&mut self, ui: &mut egui::Ui) {
        // egui shows a focused button only in its pressed colours, which is hard to tell
        // from the others: while the keyboard or assistive technology works through the
        // mirror, the focused widget gets a ring of the selection colour (WCAG 2.4.7).
        if !self.dom.has_focus() {
            return;
        }
        let ctx = ui.ctx();
        let Some(response) = ctx
            .memory(|memory| memory.focused())
            .and_then(|id| ctx.read_response(id))
        else {
            return;
        };
        let stroke = egui::Stroke::new(2.0, ctx.global_style().visuals.selection.stroke.color);
        let layer = egui::LayerId::new(
            egui::Order::Tooltip,
            egui::Id::unique("egui_web_a11y_focus"),
        );
        ctx.layer_painter(layer).rect_stroke(
            response.rect.expand(3.0),
            6.0,
            stroke,
            egui::StrokeKind::Outside,
        );
    }

    fn input_hook(&mut self, _ctx: &egui::Context, input: &mut egui::RawInput) {
        let events = std::mem::take(&mut self.shared.lock().events);
        self.tab_pressed = input.events.iter().any(|event| {
            matches!(
                event,
                egui::Event::Key {
                    key: egui::Key::Tab,
                    pressed: true,
                    ..
                }
            )
        });
        input.events.extend(events);
        // eframe counts the page as focused only when its canvas is; a mirrored element
        // with the focus is the app's too, or egui would not let its widgets have focus.
        if self.dom.has_focus() {
            input.focused = true;
        }
    }

    fn output_hook(&mut self, _ctx: &egui::Context, output: &mut egui::FullOutput) {
        let Some(update) = &output.platform_output.accesskit_update else {
            return;
        };
        let pending = self.shared.lock().pending_values();
        self.dom.apply(update, self.tab_pressed, &pending);
        self.shared.lock().egui_focus = Some(update.focus);
    }
}

/// Mirrors the accessibility tree of `ctx` into a visually hidden element placed just
/// before `canvas`, for as long as the page lives, and takes the canvas out of the Tab
/// order and out of the accessibility tree (the mirror stands for what it shows).
///
/// Call it once, e.g. from eframe's app creator on the web.
///
/// # Errors
///
/// When the page has no document, or the DOM refuses an element or a listener.
pub fn install(
    ctx: &egui::Context,
    canvas: &web_sys::HtmlCanvasElement,
) -> Result<(), wasm_bindgen::JsValue> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let root = document
        .create_element("div")?
        .dyn_into::<web_sys::HtmlElement>()?;
    root.set_id("egui-a11y");
    // Focusable from script only: it holds the focus when the focused element goes away
    // with its screen.
    root.set_tab_index(-1);
    // Visually hidden, but not from assistive technology: one pixel, clipped.
    let style = root.style();
    for (property, value) in [
        ("position", "absolute"),
        ("width", "1px"),
        ("height", "1px"),
        ("margin", "-1px"),
        ("padding", "0"),
        ("border", "0"),
        ("overflow", "hidden"),
        ("clip", "rect(0 0 0 0)"),
        ("clip-path", "inset(50%)"),
        ("white-space", "nowrap"),
    ] {
        style.set_property(property, value)?;
    }
    match canvas.parent_node() {
        Some(parent) => parent.insert_before(&root, Some(canvas))?,
        None => document.body().ok_or("no body")?.append_child(&root)?,
    };
    canvas.set_tab_index(-1);
    canvas.set_attribute("aria-hidden", "true")?;

    let shared = Arc::new(Mutex::new(Shared::default()));
    let listeners = listeners::install(&root, ID_PREFIX, &shared, ctx)?;
    ctx.add_plugin(WebA11y {
        dom: SendWrapper::new(Dom::new(document, root, ID_PREFIX.to_owned())),
        _listeners: SendWrapper::new(listeners),
        shared,
        tab_pressed: false,
    });
    Ok(())
}

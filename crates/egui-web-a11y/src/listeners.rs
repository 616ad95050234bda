//! What a person does to a mirrored element, turned into egui input: AccessKit action
//! requests (click, focus, set value, increment) and, for the keys a field needs egui to
//! see (Enter, Escape, and every edit of a password), egui key and text events. The
//! listeners sit on the mirror's root and read the element an event came from.

use std::sync::Arc;

use egui::accesskit::{self, Action, ActionData, ActionRequest, NodeId, TreeId};
use egui::mutex::Mutex;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

use crate::spec;

/// What the page has sent that egui has not yet received, shared by the listeners and
/// the plugin.
#[derive(Default)]
pub(crate) struct Shared {
    /// Events for the next frame, in the order they happened.
    pub(crate) events: Vec<egui::Event>,
    /// egui's focus in the latest tree, so that a focus the mirror moved itself is not
    /// sent back.
    pub(crate) egui_focus: Option<NodeId>,
}

impl Shared {
    /// The text fields with a value on its way to egui.
    pub(crate) fn pending_values(&self) -> std::collections::HashSet<NodeId> {
        self.events
            .iter()
            .filter_map(|event| match event {
                egui::Event::AccessKitActionRequest(ActionRequest {
                    action: Action::SetValue,
                    target_node,
                    ..
                }) => Some(*target_node),
                _ => None,
            })
            .collect()
    }
}

/// A DOM event listener kept alive as long as the mirror.
pub(crate) type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// What kind of mirrored element an event target is, from its tag and attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Clickable,
    TextField,
    Password,
    Range,
    Stepper,
    Other,
}

fn target_kind(element: &web_sys::Element) -> Target {
    match element.tag_name().as_str() {
        "BUTTON" | "A" => Target::Clickable,
        "TEXTAREA" => Target::TextField,
        "INPUT" => match element.get_attribute("type").as_deref() {
            Some("password") => Target::Password,
            Some("range") => Target::Range,
            _ => Target::TextField,
        },
        _ => match element.get_attribute("role").as_deref() {
            Some("spinbutton" | "separator") => Target::Stepper,
            _ => Target::Other,
        },
    }
}

/// Listens on `root` for what a person does to the mirrored elements.
pub(crate) fn install(
    root: &web_sys::HtmlElement,
    prefix: &str,
    shared: &Arc<Mutex<Shared>>,
    ctx: &egui::Context,
) -> Result<Vec<Listener>, wasm_bindgen::JsValue> {
    let mut listeners = Vec::new();
    for name in [
        "click",
        "focusin",
        "keydown",
        "beforeinput",
        "input",
        "copy",
        "cut",
    ] {
        let prefix = prefix.to_owned();
        let shared = Arc::clone(shared);
        let ctx = ctx.clone();
        let listener: Listener = Closure::new(move |event: web_sys::Event| {
            let Some(element) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let Some(node) = spec::node_id(&prefix, &element.id()) else {
                return;
            };
            let events = translate(name, &event, &element, node, &shared);
            if !events.is_empty() {
                shared.lock().events.extend(events);
                ctx.request_repaint();
            }
        });
        root.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())?;
        listeners.push(listener);
    }
    Ok(listeners)
}

/// The egui events for one DOM event on the element of `node`.
fn translate(
    name: &str,
    event: &web_sys::Event,
    element: &web_sys::Element,
    node: NodeId,
    shared: &Mutex<Shared>,
) -> Vec<egui::Event> {
    let kind = target_kind(element);
    match name {
        "click" if kind == Target::Clickable => {
            // The element only stands for the widget: a link's address is egui's to open.
            event.prevent_default();
            vec![request(node, Action::Click, None)]
        }
        "focusin" if shared.lock().egui_focus != Some(node) => {
            vec![request(node, Action::Focus, None)]
        }
        "keydown" => event
            .dyn_ref::<web_sys::KeyboardEvent>()
            .map(|key| keydown(key, kind, node))
            .unwrap_or_default(),
        "beforeinput" if kind == Target::Password => event
            .dyn_ref::<web_sys::InputEvent>()
            .map(|input| password_input(input, element, node))
            .unwrap_or_default(),
        "input" => match (kind, element.dyn_ref::<web_sys::HtmlInputElement>()) {
            (Target::TextField, Some(input)) => {
                vec![set_value(node, ActionData::Value(input.value().into()))]
            }
            (Target::TextField, None) => element
                .dyn_ref::<web_sys::HtmlTextAreaElement>()
                .map(|area| vec![set_value(node, ActionData::Value(area.value().into()))])
                .unwrap_or_default(),
            (Target::Range, Some(input)) => input
                .value()
                .parse()
                .map(|number| vec![set_value(node, ActionData::NumericValue(number))])
                .unwrap_or_default(),
            // An edit that could not be stopped before it happened (a password manager
            // filling the field): egui takes the whole value, and the next frame puts the
            // mask back in its place.
            (Target::Password, Some(input)) if !is_mask(&input.value()) => {
                vec![set_value(node, ActionData::Value(input.value().into()))]
            }
            _ => Vec::new(),
        },
        // The element holds egui's mask, never the password: there is nothing to copy.
        "copy" | "cut" if kind == Target::Password => {
            event.prevent_default();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Keys that egui must see: Enter and Escape everywhere, the arrows of a stepper, and the
/// editing keys of a password field.
fn keydown(event: &web_sys::KeyboardEvent, kind: Target, node: NodeId) -> Vec<egui::Event> {
    let name = event.key();
    let modifiers = egui::Modifiers {
        alt: event.alt_key(),
        ctrl: event.ctrl_key(),
        shift: event.shift_key(),
        mac_cmd: false,
        command: event.ctrl_key() || event.meta_key(),
    };
    if kind == Target::Stepper {
        let action = match name.as_str() {
            "ArrowUp" | "ArrowRight" => Action::Increment,
            "ArrowDown" | "ArrowLeft" => Action::Decrement,
            _ => return Vec::new(),
        };
        event.prevent_default();
        return vec![request(node, action, None)];
    }
    let key = match name.as_str() {
        "Escape" => egui::Key::Escape,
        "Enter" if kind != Target::Clickable => egui::Key::Enter,
        "Backspace" if kind == Target::Password => egui::Key::Backspace,
        "Delete" if kind == Target::Password => egui::Key::Delete,
        "ArrowLeft" if kind == Target::Password => egui::Key::ArrowLeft,
        "ArrowRight" if kind == Target::Password => egui::Key::ArrowRight,
        "Home" if kind == Target::Password => egui::Key::Home,
        "End" if kind == Target::Password => egui::Key::End,
        "a" | "A" if kind == Target::Password && modifiers.command => egui::Key::A,
        _ => return Vec::new(),
    };
    if key != egui::Key::Escape {
        // The browser must not also edit the field (or submit anything).
        event.prevent_default();
    }
    [true, false]
        .into_iter()
        .map(|pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
        .collect()
}

/// An edit of a password field, stopped before the browser makes it and sent to egui
/// instead, so that the element never holds the password.
fn password_input(
    event: &web_sys::InputEvent,
    element: &web_sys::Element,
    node: NodeId,
) -> Vec<egui::Event> {
    if !event.cancelable() {
        return Vec::new();
    }
    event.prevent_default();
    // Everything selected: the edit replaces the whole password.
    let everything = element
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|input| {
            let length = u32::try_from(input.value().encode_utf16().count()).unwrap_or(0);
            length > 0
                && input.selection_start().ok().flatten() == Some(0)
                && input.selection_end().ok().flatten() == Some(length)
        });
    let input_type = event.input_type();
    if input_type.starts_with("insert") {
        let text = event.data().or_else(|| {
            event
                .data_transfer()
                .and_then(|transfer| transfer.get_data("text/plain").ok())
        });
        let Some(text) = text.filter(|text| !text.is_empty()) else {
            return Vec::new();
        };
        if everything {
            return vec![set_value(node, ActionData::Value(text.into()))];
        }
        return vec![egui::Event::Text(text)];
    }
    if input_type.starts_with("delete") {
        if everything {
            return vec![set_value(node, ActionData::Value("".into()))];
        }
        let key = if input_type.contains("Forward") {
            egui::Key::Delete
        } else {
            egui::Key::Backspace
        };
        return [true, false]
            .into_iter()
            .map(|pressed| egui::Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            })
            .collect();
    }
    Vec::new()
}

/// True when `value` is all mask characters, which is what the mirror wrote.
fn is_mask(value: &str) -> bool {
    value
        .chars()
        .all(|character| character == egui::epaint::text::PASSWORD_REPLACEMENT_CHAR)
}

fn set_value(node: NodeId, data: ActionData) -> egui::Event {
    request(node, Action::SetValue, Some(data))
}

fn request(node: NodeId, action: Action, data: Option<ActionData>) -> egui::Event {
    egui::Event::AccessKitActionRequest(accesskit::ActionRequest {
        action,
        target_tree: TreeId::ROOT,
        target_node: node,
        data,
    })
}

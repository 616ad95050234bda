//! The page side of the mirror: one visually hidden element for each AccessKit node that
//! assistive technology can use, kept in the tree's order. Each update is compared with
//! the last one node by node, and only what changed touches the DOM, so that a screen
//! reader's place and the keyboard focus survive the frames in between.

use std::collections::{HashMap, HashSet};

use egui::accesskit::{Node, NodeId, TreeUpdate};
use wasm_bindgen::JsCast as _;

use crate::spec::{self, Kind, Spec};

/// The mirrored elements of one egui context.
pub(crate) struct Dom {
    document: web_sys::Document,
    /// The visually hidden element that holds the mirror.
    root: web_sys::HtmlElement,
    prefix: String,
    entries: HashMap<NodeId, Entry>,
    /// egui's focus in the last update.
    focus: Option<NodeId>,
    /// Counts updates; an entry not reached in the latest one is gone from the tree.
    generation: u64,
}

/// One mirrored element and what it was last made from.
struct Entry {
    element: web_sys::HtmlElement,
    spec: Option<Spec>,
    generation: u64,
}

impl Dom {
    /// The mirror in `root`, an element already in the page; its elements' ids start with
    /// `prefix`.
    pub(crate) fn new(
        document: web_sys::Document,
        root: web_sys::HtmlElement,
        prefix: String,
    ) -> Self {
        Self {
            document,
            root,
            prefix,
            entries: HashMap::new(),
            focus: None,
            generation: 0,
        }
    }

    /// True when the browser's focus is on one of the mirrored elements.
    pub(crate) fn has_focus(&self) -> bool {
        self.document
            .active_element()
            .is_some_and(|active| self.root.contains(Some(&active)))
    }

    /// Brings the mirror up to date with `update` (egui sends the whole tree each frame).
    /// `follow_focus`: egui's focus moved by a key that egui itself handled (Tab on the
    /// canvas), so the browser's focus goes along even though it is not in the mirror.
    /// `pending`: text fields whose newest text is still on its way to egui; their value
    /// in the page is newer than egui's and is left alone.
    pub(crate) fn apply(
        &mut self,
        update: &TreeUpdate,
        follow_focus: bool,
        pending: &HashSet<NodeId>,
    ) {
        let Some(tree) = &update.tree else {
            return;
        };
        let nodes: HashMap<NodeId, &Node> =
            update.nodes.iter().map(|(id, node)| (*id, node)).collect();
        let had_focus = self.has_focus();
        self.generation += 1;
        let top = self.sync(tree.root, &nodes, pending, update.focus);
        let wanted: Vec<web_sys::HtmlElement> = top
            .and_then(|id| self.entries.get(&id))
            .map(|entry| entry.element.clone())
            .into_iter()
            .collect();
        reconcile(&self.root, &wanted);
        let generation = self.generation;
        self.entries.retain(|_, entry| {
            if entry.generation == generation {
                return true;
            }
            // The value goes before the element: a field's text is not left for the
            // garbage collector when egui has dropped it.
            clear_value(&entry.element);
            entry.element.remove();
            false
        });

        let focus_moved = self.focus != Some(update.focus);
        self.focus = Some(update.focus);
        let active = self.document.active_element();
        let on_page_body =
            active.is_none() || active.as_ref().map(|a| a.tag_name()) == Some("BODY".to_owned());
        let lost = had_focus && !self.has_focus();
        if (focus_moved && (self.has_focus() || on_page_body || follow_focus)) || lost {
            let target = self
                .entries
                .get(&update.focus)
                .filter(|entry| entry.spec.as_ref().is_some_and(|spec| spec.focusable));
            match target {
                Some(entry) => focus_without_scroll(&entry.element),
                // The focused element went away with its screen: the focus stays in the
                // mirror, so that the next Tab continues from the top of the new one.
                None if lost => focus_without_scroll(&self.root),
                None => {}
            }
        }
    }

    /// Updates the element of `id` and its subtree; returns `id` when it is mirrored.
    fn sync(
        &mut self,
        id: NodeId,
        nodes: &HashMap<NodeId, &Node>,
        pending: &HashSet<NodeId>,
        focus: NodeId,
    ) -> Option<NodeId> {
        let node = *nodes.get(&id)?;
        if spec::is_left_out(node) {
            return None;
        }
        let children: Vec<NodeId> = node
            .children()
            .iter()
            .filter_map(|child| self.sync(*child, nodes, pending, focus))
            .collect();
        let spec = spec::describe(node, &self.prefix, !children.is_empty())?;
        let selection = matches!(spec.kind, Kind::TextField | Kind::Password)
            .then(|| spec::selection_offsets(node, nodes))
            .flatten();
        let child_elements: Vec<web_sys::HtmlElement> = children
            .iter()
            .filter_map(|child| self.entries.get(child).map(|entry| entry.element.clone()))
            .collect();
        let generation = self.generation;
        let entry = self.entry_for(id, spec.tag)?;
        entry.generation = generation;
        let previous = entry.spec.take();
        apply_spec(
            &entry.element,
            previous.as_ref(),
            &spec,
            child_elements.is_empty(),
        );
        if spec.value.is_some() {
            let focused = focus == id;
            apply_value(
                &entry.element,
                &spec,
                pending.contains(&id),
                focused,
                selection,
            );
        }
        reconcile(&entry.element, &child_elements);
        entry.spec = Some(spec);
        Some(id)
    }

    /// The entry of `id`, with a new element when it has none or one of another tag.
    fn entry_for(&mut self, id: NodeId, tag: &str) -> Option<&mut Entry> {
        let fits = self
            .entries
            .get(&id)
            .is_some_and(|entry| entry.element.tag_name().eq_ignore_ascii_case(tag));
        if !fits {
            let element = self
                .document
                .create_element(tag)
                .ok()?
                .dyn_into::<web_sys::HtmlElement>()
                .ok()?;
            element.set_id(&spec::element_id(&self.prefix, id));
            if let Some(old) = self.entries.remove(&id) {
                clear_value(&old.element);
                old.element.remove();
            }
            self.entries.insert(
                id,
                Entry {
                    element,
                    spec: None,
                    generation: self.generation,
                },
            );
        }
        self.entries.get_mut(&id)
    }
}

/// Sets what changed between `previous` and `spec`: attributes and text.
fn apply_spec(element: &web_sys::HtmlElement, previous: Option<&Spec>, spec: &Spec, leaf: bool) {
    let old_attributes = previous.map_or(&[][..], |previous| &previous.attributes[..]);
    for (name, value) in &spec.attributes {
        let unchanged = old_attributes
            .iter()
            .any(|(old_name, old_value)| old_name == name && old_value == value);
        if !unchanged {
            // Only names from the mapping reach here; they are all valid.
            element.set_attribute(name, value).ok();
        }
    }
    for (name, _) in old_attributes {
        if !spec.attributes.iter().any(|(new_name, _)| new_name == name) {
            element.remove_attribute(name).ok();
        }
    }
    let old_text = previous.and_then(|previous| previous.text.as_deref());
    let wanted = if leaf { spec.text.as_deref() } else { None };
    if previous.is_none() || old_text != wanted {
        // Text only on leaves: on an element with children it would remove them.
        if leaf || old_text.is_some() {
            element.set_text_content(wanted);
        }
    }
}

/// Writes egui's value into a text field, password field or slider, and for the focused
/// field the cursor egui has.
fn apply_value(
    element: &web_sys::HtmlElement,
    spec: &Spec,
    pending: bool,
    focused: bool,
    selection: Option<(u32, u32)>,
) {
    let Some(value) = spec.value.as_deref() else {
        return;
    };
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        let changed = input.value() != value;
        if changed && !(pending && spec.kind == Kind::TextField) {
            input.set_value(value);
        }
        // A text field's cursor is the browser's own, except after egui rewrote the text
        // (the gift card code regrouped in fours); a password field's is always egui's,
        // since its keys go to egui.
        let move_cursor = spec.kind == Kind::Password || (changed && !pending);
        if focused && move_cursor && spec.kind != Kind::Range {
            let end = u32::try_from(value.encode_utf16().count()).unwrap_or(u32::MAX);
            let (start, stop) = selection.unwrap_or((end, end));
            if input.selection_start().ok().flatten() != Some(start)
                || input.selection_end().ok().flatten() != Some(stop)
            {
                input.set_selection_range(start, stop).ok();
            }
        }
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>()
        && area.value() != value
        && !pending
    {
        area.set_value(value);
        if focused && let Some((start, stop)) = selection {
            area.set_selection_range(start, stop).ok();
        }
    }
}

/// Empties a field before its element goes.
fn clear_value(element: &web_sys::HtmlElement) {
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value("");
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value("");
    }
}

/// Makes `wanted` the element children of `parent`, in order, moving only the elements
/// out of place: a moved element loses the browser's focus, so the others must stay.
fn reconcile(parent: &web_sys::HtmlElement, wanted: &[web_sys::HtmlElement]) {
    let mut current = parent.first_element_child();
    for element in wanted {
        let element: &web_sys::Element = element;
        match &current {
            Some(here) if here == element => current = here.next_element_sibling(),
            _ => {
                parent.insert_before(element, current.as_deref()).ok();
            }
        }
    }
    while let Some(extra) = current {
        current = extra.next_element_sibling();
        extra.remove();
    }
}

/// Moves the browser's focus without scrolling the page (the mirror is not where the
/// widgets are drawn).
pub(crate) fn focus_without_scroll(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    element.focus_with_options(&options).ok();
}

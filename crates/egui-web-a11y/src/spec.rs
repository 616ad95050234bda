//! What one AccessKit node becomes in the page: a plain description of an HTML element
//! (tag, ARIA attributes, text, value), made without a browser so that the mapping is
//! tested natively. The DOM side only applies these descriptions.

use egui::accesskit::{self, Invalid, Live, Node, NodeId, Role, Toggled};

/// How the mirror treats an element's events and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Structure or text, not operable.
    Static,
    /// A `<button>` (whatever its ARIA role) or link: a click, from the keyboard or a
    /// screen reader, is egui's click action.
    Clickable,
    /// A text field that the browser edits; every change is sent to egui as the whole new
    /// value, and egui's value (after its own formatting) is written back.
    TextField,
    /// A password field. The element only ever holds egui's masked value (one bullet a
    /// character); what is typed is sent to egui as text and key events, never kept.
    Password,
    /// A slider, an `<input type="range">` whose value is sent to egui.
    Range,
    /// A value that steps with the arrow keys (spin button, splitter).
    Stepper,
}

/// The element that stands for one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The HTML tag.
    pub tag: &'static str,
    /// How the element behaves.
    pub kind: Kind,
    /// Attributes besides `id`, in a stable order.
    pub attributes: Vec<(&'static str, String)>,
    /// The element's text, for an element without mirrored children.
    pub text: Option<String>,
    /// The value of a text field, password field or slider, as egui has it.
    pub value: Option<String>,
    /// The node can take the keyboard focus.
    pub focusable: bool,
}

/// The page-wide id of the element that stands for `node`; `prefix` keeps two mirrors
/// (two apps on one page) apart.
pub fn element_id(prefix: &str, node: NodeId) -> String {
    format!("{prefix}{}", node.0)
}

/// The node id back from an element id made by [`element_id`].
pub fn node_id(prefix: &str, element_id: &str) -> Option<NodeId> {
    element_id
        .strip_prefix(prefix)
        .and_then(|number| number.parse().ok())
        .map(NodeId)
}

/// Describes the element for `node`, or `None` when the node and its subtree are left out
/// (text runs, which only carry the geometry of text that the parent already names,
/// scroll bars, and hidden nodes). `has_children` says whether any child is mirrored.
pub fn describe(node: &Node, prefix: &str, has_children: bool) -> Option<Spec> {
    if is_left_out(node) {
        return None;
    }
    let role = node.role();
    let (tag, aria_role, kind) = match role {
        // A disclosure triangle and a tree item are buttons that egui clicks.
        Role::Button | Role::DefaultButton | Role::DisclosureTriangle | Role::TreeItem => {
            ("button", None, Kind::Clickable)
        }
        Role::CheckBox => ("button", Some("checkbox"), Kind::Clickable),
        Role::Switch => ("button", Some("switch"), Kind::Clickable),
        Role::RadioButton => ("button", Some("radio"), Kind::Clickable),
        Role::Tab => ("button", Some("tab"), Kind::Clickable),
        Role::MenuItem => ("button", Some("menuitem"), Kind::Clickable),
        Role::MenuItemCheckBox => ("button", Some("menuitemcheckbox"), Kind::Clickable),
        Role::MenuItemRadio => ("button", Some("menuitemradio"), Kind::Clickable),
        Role::ListBoxOption | Role::MenuListOption => ("button", Some("option"), Kind::Clickable),
        Role::ComboBox | Role::EditableComboBox => ("button", Some("combobox"), Kind::Clickable),
        Role::Link => ("a", None, Kind::Clickable),
        Role::TextInput
        | Role::SearchInput
        | Role::EmailInput
        | Role::UrlInput
        | Role::PhoneNumberInput
        | Role::NumberInput
        | Role::DateInput
        | Role::DateTimeInput
        | Role::TimeInput
        | Role::MonthInput
        | Role::WeekInput => ("input", None, Kind::TextField),
        Role::MultilineTextInput => ("textarea", None, Kind::TextField),
        Role::PasswordInput => ("input", None, Kind::Password),
        Role::Slider => ("input", None, Kind::Range),
        Role::SpinButton => ("div", Some("spinbutton"), Kind::Stepper),
        Role::Splitter => ("div", Some("separator"), Kind::Stepper),
        Role::Heading => (heading_tag(node.level()), None, Kind::Static),
        Role::Paragraph => ("p", None, Kind::Static),
        Role::Alert => ("div", Some("alert"), Kind::Static),
        Role::AlertDialog => ("div", Some("alertdialog"), Kind::Static),
        Role::Dialog => ("div", Some("dialog"), Kind::Static),
        Role::Status => ("div", Some("status"), Kind::Static),
        Role::Log => ("div", Some("log"), Kind::Static),
        Role::Timer => ("div", Some("timer"), Kind::Static),
        Role::Tooltip => ("div", Some("tooltip"), Kind::Static),
        Role::Table => ("div", Some("table"), Kind::Static),
        Role::Grid => ("div", Some("grid"), Kind::Static),
        Role::TreeGrid => ("div", Some("treegrid"), Kind::Static),
        Role::RowGroup => ("div", Some("rowgroup"), Kind::Static),
        Role::Row => ("div", Some("row"), Kind::Static),
        Role::Cell => ("div", Some("cell"), Kind::Static),
        Role::GridCell => ("div", Some("gridcell"), Kind::Static),
        Role::ColumnHeader => ("div", Some("columnheader"), Kind::Static),
        Role::RowHeader => ("div", Some("rowheader"), Kind::Static),
        Role::List => ("div", Some("list"), Kind::Static),
        Role::ListItem => ("div", Some("listitem"), Kind::Static),
        Role::ListBox => ("div", Some("listbox"), Kind::Static),
        Role::Menu => ("div", Some("menu"), Kind::Static),
        Role::MenuBar => ("div", Some("menubar"), Kind::Static),
        Role::TabList => ("div", Some("tablist"), Kind::Static),
        Role::TabPanel => ("div", Some("tabpanel"), Kind::Static),
        Role::Navigation => ("nav", None, Kind::Static),
        Role::Main => ("main", None, Kind::Static),
        Role::Banner => ("header", None, Kind::Static),
        Role::ContentInfo => ("footer", None, Kind::Static),
        Role::Form => ("div", Some("form"), Kind::Static),
        Role::ProgressIndicator => ("div", Some("progressbar"), Kind::Static),
        Role::Meter => ("div", Some("meter"), Kind::Static),
        Role::Image => ("div", Some("img"), Kind::Static),
        // A window with a title is one of egui's windows; the root has none.
        Role::Window if node.label().is_some() => ("div", Some("dialog"), Kind::Static),
        // Labels, the root window, groups, panes, scroll views and whatever else carries
        // text: plain text and structure in the reading order.
        _ => ("div", None, Kind::Static),
    };

    let mut attributes: Vec<(&'static str, String)> = Vec::new();
    if let Some(aria_role) = aria_role {
        attributes.push(("role", aria_role.to_owned()));
    }
    // A label, or (for text such as egui's labels) the value, is the text of the node.
    let label = node.label().filter(|label| !label.is_empty());
    let value = node.value().filter(|value| !value.is_empty());
    let labelled_by: Vec<String> = node
        .labelled_by()
        .iter()
        .map(|id| element_id(prefix, *id))
        .collect();
    if !labelled_by.is_empty() {
        attributes.push(("aria-labelledby", labelled_by.join(" ")));
    }

    let mut text = None;
    let mut spec_value = None;
    match kind {
        Kind::Clickable if aria_role == Some("combobox") => {
            // A select-only combo box: its name is the label, its content the choice.
            if let Some(label) = label {
                attributes.push(("aria-label", label.to_owned()));
            }
            text = value.map(str::to_owned);
            attributes.push(("aria-haspopup", "listbox".to_owned()));
            attributes.push((
                "aria-expanded",
                node.is_expanded().unwrap_or(false).to_string(),
            ));
        }
        Kind::Clickable | Kind::Static => {
            let words = label.or(value);
            if has_children || aria_role == Some("img") {
                // Text would sit beside the children; the name goes in an attribute, where
                // ARIA allows one (a plain `div` may not carry a name).
                if let Some(words) = words
                    && (aria_role.is_some() || tag != "div")
                {
                    attributes.push(("aria-label", words.to_owned()));
                }
            } else {
                text = words.map(str::to_owned);
            }
        }
        Kind::TextField | Kind::Password => {
            if labelled_by.is_empty()
                && let Some(label) = label
            {
                attributes.push(("aria-label", label.to_owned()));
            }
            if tag == "input" {
                let kind_of_input = match (kind, role) {
                    (Kind::Password, _) => "password",
                    (_, Role::SearchInput) => "search",
                    (_, Role::EmailInput) => "email",
                    (_, Role::UrlInput) => "url",
                    (_, Role::PhoneNumberInput) => "tel",
                    _ => "text",
                };
                attributes.push(("type", kind_of_input.to_owned()));
            }
            // Nothing typed is to be remembered, checked by a spelling service or
            // capitalised by the browser: the fields hold codes, addresses and passwords.
            attributes.push(("autocomplete", "off".to_owned()));
            attributes.push(("spellcheck", "false".to_owned()));
            attributes.push(("autocapitalize", "off".to_owned()));
            if let Some(placeholder) = node.placeholder().filter(|text| !text.is_empty()) {
                attributes.push(("placeholder", placeholder.to_owned()));
            }
            if node.is_read_only() {
                attributes.push(("readonly", String::new()));
            }
            spec_value = Some(node.value().unwrap_or_default().to_owned());
        }
        Kind::Range | Kind::Stepper => {
            if labelled_by.is_empty()
                && let Some(label) = label
            {
                attributes.push(("aria-label", label.to_owned()));
            }
            let number = |value: Option<f64>| value.map(|value| value.to_string());
            if kind == Kind::Range {
                attributes.push(("type", "range".to_owned()));
                for (name, value) in [
                    ("min", number(node.min_numeric_value())),
                    ("max", number(node.max_numeric_value())),
                    ("step", number(node.numeric_value_step())),
                ] {
                    if let Some(value) = value {
                        attributes.push((name, value));
                    }
                }
                spec_value = number(node.numeric_value());
            } else {
                for (name, value) in [
                    ("aria-valuemin", number(node.min_numeric_value())),
                    ("aria-valuemax", number(node.max_numeric_value())),
                    ("aria-valuenow", number(node.numeric_value())),
                ] {
                    if let Some(value) = value {
                        attributes.push((name, value));
                    }
                }
            }
            if let Some(value) = value {
                attributes.push(("aria-valuetext", value.to_owned()));
            }
        }
    }

    push_states(node, kind, aria_role, &mut attributes);
    let focusable = node.supports_action(accesskit::Action::Focus) && !node.is_disabled();
    let natively_focusable = matches!(tag, "button" | "input" | "textarea");
    if focusable && !natively_focusable {
        attributes.push(("tabindex", "0".to_owned()));
    } else if !focusable && natively_focusable && !node.is_disabled() {
        // egui would not focus it either: keep the Tab order egui's.
        attributes.push(("tabindex", "-1".to_owned()));
    }
    if tag == "button" {
        attributes.push(("type", "button".to_owned()));
    }
    if tag == "a" {
        attributes.push(("href", node.url().unwrap_or("#").to_owned()));
    }
    Some(Spec {
        tag,
        kind,
        attributes,
        text,
        value: spec_value,
        focusable,
    })
}

/// States: disabled, checked or pressed, expanded, selected, required, invalid, live.
fn push_states(
    node: &Node,
    kind: Kind,
    aria_role: Option<&str>,
    attributes: &mut Vec<(&'static str, String)>,
) {
    if node.is_disabled() {
        if matches!(kind, Kind::Static | Kind::Stepper) {
            attributes.push(("aria-disabled", "true".to_owned()));
        } else {
            attributes.push(("disabled", String::new()));
        }
    }
    if let Some(toggled) = node.toggled() {
        let state = match toggled {
            Toggled::True => "true",
            Toggled::False => "false",
            Toggled::Mixed => "mixed",
        };
        let name = match aria_role {
            Some("checkbox" | "switch" | "radio" | "menuitemcheckbox" | "menuitemradio") => {
                "aria-checked"
            }
            Some("tab" | "option") => "aria-selected",
            _ => "aria-pressed",
        };
        attributes.push((name, state.to_owned()));
    }
    if let Some(selected) = node.is_selected()
        && !attributes.iter().any(|(name, _)| *name == "aria-selected")
        && matches!(
            aria_role,
            Some("tab" | "option" | "row" | "gridcell" | "columnheader" | "rowheader")
        )
    {
        attributes.push(("aria-selected", selected.to_string()));
    }
    if let Some(expanded) = node.is_expanded()
        && aria_role != Some("combobox")
    {
        attributes.push(("aria-expanded", expanded.to_string()));
    }
    if node.is_required() {
        attributes.push(("aria-required", "true".to_owned()));
    }
    if let Some(invalid) = node.invalid() {
        let state = match invalid {
            Invalid::True => "true",
            Invalid::Grammar => "grammar",
            Invalid::Spelling => "spelling",
        };
        attributes.push(("aria-invalid", state.to_owned()));
    }
    if let Some(description) = node.description() {
        attributes.push(("aria-description", description.to_owned()));
    }
    if let Some(live) = node.live() {
        let politeness = match live {
            Live::Off => "off",
            Live::Polite => "polite",
            Live::Assertive => "assertive",
        };
        attributes.push(("aria-live", politeness.to_owned()));
    }
    if node.is_live_atomic() {
        attributes.push(("aria-atomic", "true".to_owned()));
    }
    if node.is_busy() {
        attributes.push(("aria-busy", "true".to_owned()));
    }
    if node.is_modal() {
        attributes.push(("aria-modal", "true".to_owned()));
    }
    // ARIA counts rows and columns from one, AccessKit from zero.
    for (name, number) in [
        ("aria-rowcount", node.row_count()),
        ("aria-colcount", node.column_count()),
    ] {
        if let Some(number) = number {
            attributes.push((name, number.to_string()));
        }
    }
    for (name, index) in [
        ("aria-rowindex", node.row_index()),
        ("aria-colindex", node.column_index()),
    ] {
        if let Some(index) = index {
            attributes.push((name, (index + 1).to_string()));
        }
    }
}

/// True for the nodes that the mirror leaves out with their subtrees: text runs (the
/// geometry of text that their parent already holds), scroll bars, and hidden nodes.
pub fn is_left_out(node: &Node) -> bool {
    node.is_hidden() || matches!(node.role(), Role::TextRun | Role::ScrollBar | Role::Caret)
}

/// `h1` to `h6` by the heading's level (`h2` when it has none).
fn heading_tag(level: Option<usize>) -> &'static str {
    match level {
        Some(1) => "h1",
        Some(3) => "h3",
        Some(4) => "h4",
        Some(5) => "h5",
        Some(6..) => "h6",
        Some(_) | None => "h2",
    }
}

/// Where the text cursor of the text field `node` is, as UTF-16 offsets into its value
/// (what the DOM counts in): egui keeps the selection on the field's text runs.
pub fn selection_offsets(
    node: &Node,
    nodes: &std::collections::HashMap<NodeId, &Node>,
) -> Option<(u32, u32)> {
    let selection = node.text_selection()?;
    let offset = |position: accesskit::TextPosition| -> Option<u32> {
        let mut before = 0usize;
        for run_id in node.children() {
            let run = nodes.get(run_id)?;
            let text = run.value().unwrap_or_default();
            if *run_id == position.node {
                before += text
                    .chars()
                    .take(position.character_index)
                    .map(char::len_utf16)
                    .sum::<usize>();
                return u32::try_from(before).ok();
            }
            before += text.encode_utf16().count();
        }
        None
    };
    let anchor = offset(selection.anchor)?;
    let focus = offset(selection.focus)?;
    Some((anchor.min(focus), anchor.max(focus)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute<'a>(spec: &'a Spec, name: &str) -> Option<&'a str> {
        spec.attributes
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    #[test]
    fn a_button_is_a_button_named_by_its_text() {
        let mut node = Node::new(Role::Button);
        node.set_label("Sign in");
        node.add_action(accesskit::Action::Focus);
        node.add_action(accesskit::Action::Click);
        let spec = describe(&node, "m", false).unwrap();
        assert_eq!(spec.tag, "button");
        assert_eq!(spec.kind, Kind::Clickable);
        assert_eq!(spec.text.as_deref(), Some("Sign in"));
        assert_eq!(attribute(&spec, "type"), Some("button"));
        assert!(spec.focusable);
    }

    #[test]
    fn a_disabled_button_is_disabled_and_not_focusable() {
        let mut node = Node::new(Role::Button);
        node.set_label("Redeem");
        node.add_action(accesskit::Action::Focus);
        node.set_disabled();
        let spec = describe(&node, "m", false).unwrap();
        assert_eq!(attribute(&spec, "disabled"), Some(""));
        assert!(!spec.focusable);
    }

    #[test]
    fn a_selected_tab_like_button_says_it_is_pressed() {
        let mut node = Node::new(Role::Button);
        node.set_label("History");
        node.set_toggled(Toggled::True);
        let spec = describe(&node, "m", false).unwrap();
        assert_eq!(attribute(&spec, "aria-pressed"), Some("true"));
    }

    #[test]
    fn a_text_field_is_named_by_its_label_element_and_holds_egui_value() {
        let mut node = Node::new(Role::TextInput);
        node.push_labelled_by(NodeId(7));
        node.set_value("you@example.com");
        node.set_placeholder("you@example.com");
        let spec = describe(&node, "m", false).unwrap();
        assert_eq!(spec.tag, "input");
        assert_eq!(spec.kind, Kind::TextField);
        assert_eq!(attribute(&spec, "aria-labelledby"), Some("m7"));
        assert_eq!(attribute(&spec, "type"), Some("text"));
        assert_eq!(attribute(&spec, "spellcheck"), Some("false"));
        assert_eq!(spec.value.as_deref(), Some("you@example.com"));
    }

    #[test]
    fn a_password_field_holds_only_the_mask_egui_exposes() {
        let mut node = Node::new(Role::PasswordInput);
        node.set_label("Password");
        node.set_value("\u{2022}\u{2022}\u{2022}");
        let spec = describe(&node, "m", false).unwrap();
        assert_eq!(spec.kind, Kind::Password);
        assert_eq!(attribute(&spec, "type"), Some("password"));
        assert_eq!(attribute(&spec, "aria-label"), Some("Password"));
        assert_eq!(spec.value.as_deref(), Some("\u{2022}\u{2022}\u{2022}"));
    }

    #[test]
    fn text_runs_and_hidden_nodes_are_left_out() {
        assert!(describe(&Node::new(Role::TextRun), "m", false).is_none());
        let mut hidden = Node::new(Role::Button);
        hidden.set_hidden();
        assert!(describe(&hidden, "m", false).is_none());
    }

    #[test]
    fn a_label_is_text_and_a_heading_has_its_level() {
        let mut label = Node::new(Role::Label);
        label.set_value("Available balance");
        let spec = describe(&label, "m", false).unwrap();
        assert_eq!(
            (spec.tag, spec.text.as_deref()),
            ("div", Some("Available balance"))
        );

        let mut heading = Node::new(Role::Heading);
        heading.set_value("History");
        heading.set_level(1);
        let spec = describe(&heading, "m", false).unwrap();
        assert_eq!((spec.tag, spec.text.as_deref()), ("h1", Some("History")));
    }

    #[test]
    fn an_alert_is_announced_and_rows_count_from_one() {
        let mut alert = Node::new(Role::Alert);
        alert.set_live(Live::Assertive);
        let spec = describe(&alert, "m", true).unwrap();
        assert_eq!(attribute(&spec, "role"), Some("alert"));
        assert_eq!(attribute(&spec, "aria-live"), Some("assertive"));

        let mut row = Node::new(Role::Row);
        row.set_row_index(0);
        let spec = describe(&row, "m", true).unwrap();
        assert_eq!(attribute(&spec, "aria-rowindex"), Some("1"));
    }

    #[test]
    fn a_plain_container_with_children_carries_no_name() {
        let mut group = Node::new(Role::GenericContainer);
        group.set_label("panel");
        let spec = describe(&group, "m", true).unwrap();
        assert_eq!(attribute(&spec, "aria-label"), None);
        assert_eq!(spec.text, None);
    }

    #[test]
    fn element_ids_round_trip_to_node_ids() {
        let id = element_id("redeem-a11y-", NodeId(42));
        assert_eq!(node_id("redeem-a11y-", &id), Some(NodeId(42)));
        assert_eq!(node_id("redeem-a11y-", "other"), None);
    }

    #[test]
    fn the_cursor_is_found_in_utf16_units_across_text_runs() {
        let mut first = Node::new(Role::TextRun);
        first.set_value("ab\u{1F600}");
        let mut second = Node::new(Role::TextRun);
        second.set_value("cd");
        let mut field = Node::new(Role::TextInput);
        field.set_children(vec![NodeId(2), NodeId(3)]);
        field.set_text_selection(accesskit::TextSelection {
            anchor: accesskit::TextPosition {
                node: NodeId(3),
                character_index: 1,
            },
            focus: accesskit::TextPosition {
                node: NodeId(2),
                character_index: 3,
            },
        });
        let nodes = std::collections::HashMap::from([(NodeId(2), &first), (NodeId(3), &second)]);
        assert_eq!(selection_offsets(&field, &nodes), Some((4, 5)));
    }
}

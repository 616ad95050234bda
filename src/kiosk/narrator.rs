//! [`Narrator`]: what the kiosk says about the screen, read from egui's accessibility
//! tree, so that the screens need nothing of their own to be spoken: a new screen is read
//! from its heading down, an alert or a status is read when it appears, and the widget
//! that takes the focus is named with its kind and its value.
//!
//! The tree holds the gift card code as the code field's value: that value is never read
//! out, only how many characters it has (the password field's value is egui's mask).

use egui::accesskit::{Live, Node, NodeId, Role, Toggled, TreeUpdate};

use crate::i18n::Language;
use crate::tr;

/// Most texts read when a screen or a step appears.
const MOST_TEXTS: usize = 12;

/// Symbols in a gift card code.
pub const CODE_LENGTH: usize = 16;

/// What the narrator keeps of one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    id: NodeId,
    role: Role,
    name: String,
    value: Option<String>,
    selected: Option<bool>,
    disabled: bool,
    live: bool,
}

/// A frame's tree, in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    items: Vec<Item>,
    focus: Option<NodeId>,
}

impl Snapshot {
    /// The tree of `update` (egui sends the whole tree every frame), in reading order.
    pub fn of(update: &TreeUpdate) -> Self {
        let nodes: std::collections::HashMap<NodeId, &Node> =
            update.nodes.iter().map(|(id, node)| (*id, node)).collect();
        let root = update.tree.as_ref().map(|tree| tree.root);
        let mut items = Vec::new();
        let mut stack: Vec<NodeId> = root.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Some(node) = nodes.get(&id) else {
                continue;
            };
            if node.class_name() == Some(super::keypad::ON_SCREEN_CLASS) {
                continue;
            }
            stack.extend(node.children().iter().rev());
            if node.role() == Role::TextRun {
                continue;
            }
            let name = name_of(node, &nodes);
            if name.is_empty() && !is_field(node.role()) {
                continue;
            }
            items.push(Item {
                id,
                role: node.role(),
                name,
                value: node.value().map(str::to_owned),
                // egui marks a selected button (a tab, a language) as toggled on.
                selected: node
                    .is_selected()
                    .or_else(|| node.toggled().map(|toggled| toggled == Toggled::True)),
                disabled: node.is_disabled(),
                live: matches!(node.live(), Some(Live::Assertive | Live::Polite))
                    || matches!(node.role(), Role::Alert | Role::Status),
            });
        }
        let focus = Some(update.focus).filter(|focus| Some(*focus) != root);
        Self { items, focus }
    }

    fn item(&self, id: NodeId) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    fn first_heading(&self) -> Option<&str> {
        self.items
            .iter()
            .find(|item| item.role == Role::Heading)
            .map(|item| item.name.as_str())
    }

    fn has_text(&self, text: &str) -> bool {
        self.items.iter().any(|item| item.name == text)
    }

    /// The focused text field's value length, counted as the narrator speaks it: symbols
    /// of a code (no dashes), characters of anything else.
    pub fn focused_count(&self, code_field: NodeId) -> Option<usize> {
        let item = self.item(self.focus?)?;
        let value = item.value.as_deref().unwrap_or_default();
        Some(if item.id == code_field {
            value.chars().filter(char::is_ascii_alphanumeric).count()
        } else {
            value.chars().count()
        })
    }

    /// Every text on screen, in reading order: the "read the screen" key.
    pub fn read_all(&self, language: Language, code_field: NodeId) -> Vec<String> {
        self.items
            .iter()
            .filter(|item| !(item.name.is_empty() && item.value.is_none()))
            .map(|item| describe(item, language, code_field))
            .filter(|text| has_words(text))
            .collect()
    }
}

/// A node's accessible name: its label, the labels it is labelled by (a text field's),
/// or the text of a label or heading.
fn name_of(node: &Node, nodes: &std::collections::HashMap<NodeId, &Node>) -> String {
    let own = |node: &Node| {
        node.label()
            .map(str::to_owned)
            .or_else(|| (!is_field(node.role())).then(|| node.value().map(str::to_owned))?)
    };
    let name = own(node).unwrap_or_else(|| {
        node.labelled_by()
            .iter()
            .filter_map(|id| nodes.get(id).and_then(|label| own(label)))
            .collect::<Vec<_>>()
            .join(" ")
    });
    // The dots of a masked amount or of "•••• 1234" (a card's last four) say nothing.
    name.replace('\u{2022}', "").trim().to_owned()
}

fn is_field(role: Role) -> bool {
    matches!(
        role,
        Role::TextInput | Role::PasswordInput | Role::MultilineTextInput
    )
}

/// False for texts with nothing to say: the dots of a masked amount.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Reads what changed between frames.
#[derive(Debug, Default)]
pub struct Narrator {
    previous: Snapshot,
    /// The app says the screen changed: read the next frame as a new screen.
    new_screen: bool,
    /// Frames left in which what appears still belongs to the new screen: egui lays out
    /// a grid in a frame of its own after the screen's first.
    settling: u8,
    /// The first choice (button or field) that came with the new screen or step: where
    /// the next "next choice" key goes while nothing has the focus, rather than to the
    /// top bar's first button.
    landing: Option<NodeId>,
}

/// Frames after a new screen in which what appears is read with it.
const SETTLING_FRAMES: u8 = 3;

impl Narrator {
    /// The next frame shows another screen (the app knows, where headings cannot tell):
    /// it is read as a new screen.
    pub fn screen_changed(&mut self) {
        self.new_screen = true;
    }

    /// The frame's snapshot, and what to say about its changes, in order. `code_field`
    /// is the node of the gift card code field.
    pub fn changes(
        &mut self,
        now: Snapshot,
        language: Language,
        code_field: NodeId,
    ) -> Vec<String> {
        let previous = std::mem::replace(&mut self.previous, now);
        let now = &self.previous;
        let mut said: Vec<String> = Vec::new();
        // Alerts and statuses that appeared, with the sentence under each (what to do).
        for (index, item) in now.items.iter().enumerate() {
            if item.live && has_words(&item.name) && !previous.has_text(&item.name) {
                said.push(item.name.clone());
                if let Some(next) = now.items.get(index + 1)
                    && next.role == Role::Label
                    && !next.live
                    && has_words(&next.name)
                {
                    said.push(next.name.clone());
                }
            }
        }
        let new_screen =
            std::mem::take(&mut self.new_screen) || previous.first_heading() != now.first_heading();
        let focus_gone = previous
            .focus
            .is_some_and(|focus| now.focus != Some(focus) && now.item(focus).is_none());
        let reading = new_screen || focus_gone || self.settling > 0;
        self.settling = if new_screen || focus_gone {
            SETTLING_FRAMES
        } else {
            self.settling.saturating_sub(1)
        };
        if reading {
            if new_screen || focus_gone {
                self.landing = None;
            }
            if self.landing.is_none() {
                self.landing = now
                    .items
                    .iter()
                    .filter(|item| is_field(item.role) || item.role == Role::Button)
                    .find(|item| !item.disabled && previous.item(item.id).is_none())
                    .map(|item| item.id);
            }
            // What appeared, in reading order: texts, and the choices as buttons.
            let new_items = now
                .items
                .iter()
                .filter(|item| matches!(item.role, Role::Label | Role::Heading | Role::Button))
                .filter(|item| has_words(&item.name))
                .filter(|item| {
                    // A new screen's heading is read even when the last screen had the
                    // same one (the app says the screen changed).
                    (new_screen && item.role == Role::Heading)
                        || !previous
                            .items
                            .iter()
                            .any(|old| old.name == item.name && old.role == item.role)
                })
                .filter(|item| !said.contains(&item.name))
                .take(MOST_TEXTS)
                .map(|item| describe(item, language, code_field))
                .collect::<Vec<_>>();
            said.extend(new_items);
        }
        if let Some(focus) = now.focus
            && let Some(item) = now.item(focus)
        {
            // The focus moved, or the focused choice changed (selected, renamed, no longer
            // available); a field's typing is echoed elsewhere.
            let changed = previous.focus != Some(focus)
                || (!is_field(item.role) && previous.item(focus) != Some(item));
            if changed {
                said.push(describe(item, language, code_field));
            }
        }
        said
    }

    /// The last frame's snapshot.
    pub fn snapshot(&self) -> &Snapshot {
        &self.previous
    }

    /// Where the next "next choice" key should go while nothing has the focus: the first
    /// choice of the newest screen or step, if it is still there. Taken once.
    pub fn take_landing(&mut self) -> Option<NodeId> {
        self.landing
            .take()
            .filter(|landing| self.previous.item(*landing).is_some())
    }
}

/// A widget as it is spoken: its name, its kind and its value or state.
fn describe(item: &Item, language: Language, code_field: NodeId) -> String {
    let name = item.name.clone();
    let text = match item.role {
        Role::Button | Role::Tab | Role::CheckBox | Role::RadioButton => {
            if item.selected == Some(true) {
                tr!(language, "kiosk-speech-button-selected", name = name)
            } else {
                tr!(language, "kiosk-speech-button", name = name)
            }
        }
        Role::PasswordInput => {
            let count = item.value.as_deref().unwrap_or_default().chars().count();
            tr!(
                language,
                "kiosk-speech-password-field",
                name = name,
                count = count
            )
        }
        Role::TextInput | Role::MultilineTextInput => {
            let value = item.value.as_deref().unwrap_or_default();
            let value = if item.id == code_field {
                let count = value.chars().filter(char::is_ascii_alphanumeric).count();
                tr!(language, "kiosk-speech-code-count", count = count)
            } else if value.is_empty() {
                tr!(language, "kiosk-speech-empty")
            } else {
                value.to_owned()
            };
            tr!(
                language,
                "kiosk-speech-text-field",
                name = name,
                value = value
            )
        }
        _ => name,
    };
    if item.disabled {
        tr!(language, "kiosk-speech-unavailable", text = text)
    } else {
        text
    }
}

/// How a typed character is spoken in `language`: its name for symbols and, where `case`
/// matters (not in a gift card code), for capitals.
pub fn spoken_char(character: char, language: Language, case: bool) -> String {
    let id = match character {
        ' ' => "kiosk-speech-symbol-space",
        '.' => "kiosk-speech-symbol-dot",
        '@' => "kiosk-speech-symbol-at",
        '-' => "kiosk-speech-symbol-dash",
        '_' => "kiosk-speech-symbol-underscore",
        '+' => "kiosk-speech-symbol-plus",
        '!' => "kiosk-speech-symbol-exclamation",
        '?' => "kiosk-speech-symbol-question",
        c if case && c.is_uppercase() => {
            return tr!(language, "kiosk-speech-capital", letter = c.to_string());
        }
        c => return c.to_string(),
    };
    tr!(language, id)
}

/// Spells `text` character by character; a gift card `code` with a pause between its
/// groups of four.
pub fn spell(text: &str, language: Language, code: bool) -> String {
    if !code {
        return text
            .chars()
            .map(|c| spoken_char(c, language, true))
            .collect::<Vec<_>>()
            .join(", ");
    }
    text.split('-')
        .map(|group| {
            group
                .chars()
                .map(|c| spoken_char(c, language, false))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect::<Vec<_>>()
        .join(". ")
}

#[cfg(test)]
mod tests {
    use egui::accesskit::{TreeId, TreeInfo};

    use super::*;

    const ROOT: NodeId = NodeId(1);
    const CODE: NodeId = NodeId(2);
    const ALERT: NodeId = NodeId(3);
    const NEXT_STEP: NodeId = NodeId(4);
    const HEADING: NodeId = NodeId(5);

    fn label(role: Role, text: &str) -> Node {
        let mut node = Node::new(role);
        node.set_label(text);
        node
    }

    /// A redeem screen: a heading, the code field holding `code`, and an alert if asked.
    fn tree(code: &str, alert: bool) -> TreeUpdate {
        let mut root = Node::new(Role::Window);
        let mut children = vec![HEADING, CODE];
        let mut field = label(Role::TextInput, "Gift card code");
        field.set_value(code);
        let mut nodes = vec![
            (HEADING, label(Role::Heading, "Add a gift card")),
            (CODE, field),
        ];
        if alert {
            let mut node = label(Role::Label, "This code does not check out");
            node.set_role(Role::Alert);
            node.set_live(Live::Assertive);
            nodes.push((ALERT, node));
            nodes.push((NEXT_STEP, label(Role::Label, "Compare each character.")));
            children.extend([ALERT, NEXT_STEP]);
        }
        root.set_children(children);
        nodes.push((ROOT, root));
        TreeUpdate {
            nodes,
            tree: Some(TreeInfo::new(ROOT)),
            tree_id: TreeId::ROOT,
            focus: CODE,
        }
    }

    #[test]
    fn the_code_field_is_spoken_as_a_count_never_as_its_code() {
        let mut narrator = Narrator::default();
        let said = narrator.changes(Snapshot::of(&tree("7K3M-9PQ2", false)), Language::En, CODE);
        assert!(
            said.contains(&"Gift card code, text field, 8 of 16 characters entered".to_owned()),
            "{said:#?}"
        );
        let screen = narrator.snapshot().read_all(Language::En, CODE);
        for text in said.iter().chain(&screen) {
            assert!(!text.contains("7K3M") && !text.contains("9PQ2"), "{text}");
        }
        assert_eq!(narrator.snapshot().focused_count(CODE), Some(8));
    }

    #[test]
    fn an_alert_is_said_once_with_the_sentence_under_it() {
        let mut narrator = Narrator::default();
        narrator.changes(Snapshot::of(&tree("7K3M", false)), Language::En, CODE);
        let said = narrator.changes(Snapshot::of(&tree("7K3U", true)), Language::En, CODE);
        assert_eq!(
            said,
            ["This code does not check out", "Compare each character."]
        );
        let again = narrator.changes(Snapshot::of(&tree("7K3U", true)), Language::En, CODE);
        assert!(again.is_empty(), "{again:#?}");
    }

    #[test]
    fn codes_are_spelled_in_groups_and_passwords_with_their_capitals() {
        assert_eq!(spell("7K3M-9P", Language::En, true), "7, K, 3, M. 9, P");
        assert_eq!(spell("aB-", Language::En, false), "a, capital B, dash");
        assert_eq!(spell("a.b", Language::De, false), "a, Punkt, b");
    }
}

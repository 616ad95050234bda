//! The five languages say the same things: every message of the English source exists in
//! every language, with the same attributes and the same variables, parses without an
//! error, and is translated (a message identical to the English one is allowed only for
//! names and codes on the list below).

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use redeem::i18n::{Language, resources};

/// Messages that are the same in every language: names and codes.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &["app-name"];

/// What a message is made of: its attributes, and the variables of its value and of
/// each attribute.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    attributes: BTreeSet<String>,
    variables: BTreeMap<String, BTreeSet<String>>,
    /// The text of the value and attributes, to spot English left untranslated.
    text: String,
}

fn variables_of(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>, text: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => text.push_str(value),
            ast::PatternElement::Placeable { expression } => {
                expression_variables(expression, into, text);
            }
        }
    }
}

fn expression_variables(
    expression: &ast::Expression<&str>,
    into: &mut BTreeSet<String>,
    text: &mut String,
) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, into, text),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, into, text);
            for variant in variants {
                variables_of(&variant.value, into, text);
            }
        }
    }
}

fn inline_variables(
    inline: &ast::InlineExpression<&str>,
    into: &mut BTreeSet<String>,
    text: &mut String,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, into, text);
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, into, text);
            }
        }
        ast::InlineExpression::StringLiteral { value } => text.push_str(value),
        _ => {}
    }
}

/// Every message of `language`, by id.
fn messages(language: Language) -> BTreeMap<String, Shape> {
    let (resources, complaints) = resources(language);
    assert!(
        complaints.is_empty(),
        "the {} files do not parse: {complaints:#?}",
        language.tag()
    );
    let mut messages = BTreeMap::new();
    for resource in &resources {
        for entry in resource.entries() {
            let ast::Entry::Message(message) = entry else {
                continue;
            };
            let mut shape = Shape::default();
            if let Some(value) = &message.value {
                let mut variables = BTreeSet::new();
                variables_of(value, &mut variables, &mut shape.text);
                shape.variables.insert(String::new(), variables);
            }
            for attribute in &message.attributes {
                let mut variables = BTreeSet::new();
                variables_of(&attribute.value, &mut variables, &mut shape.text);
                shape.attributes.insert(attribute.id.name.to_owned());
                shape
                    .variables
                    .insert(attribute.id.name.to_owned(), variables);
            }
            let id = message.id.name.to_owned();
            assert!(
                messages.insert(id.clone(), shape).is_none(),
                "{} defines {id} twice",
                language.tag()
            );
        }
    }
    messages
}

#[test]
fn every_message_exists_in_every_language_with_the_same_attributes_and_variables() {
    let english = messages(Language::En);
    assert!(!english.is_empty());
    let mut problems = Vec::new();
    for language in Language::ALL.into_iter().skip(1) {
        let translated = messages(language);
        for (id, source) in &english {
            let Some(shape) = translated.get(id) else {
                problems.push(format!("{}: {id} is missing", language.tag()));
                continue;
            };
            if shape.attributes != source.attributes {
                problems.push(format!(
                    "{}: {id} has attributes {:?}, English {:?}",
                    language.tag(),
                    shape.attributes,
                    source.attributes
                ));
            }
            if shape.variables != source.variables {
                problems.push(format!(
                    "{}: {id} uses variables {:?}, English {:?}",
                    language.tag(),
                    shape.variables,
                    source.variables
                ));
            }
            if shape.text == source.text
                && !source.text.trim().is_empty()
                && !SAME_IN_EVERY_LANGUAGE.contains(&id.as_str())
            {
                problems.push(format!(
                    "{}: {id} is still in English ({:?})",
                    language.tag(),
                    source.text
                ));
            }
        }
        for id in translated.keys() {
            if !english.contains_key(id) {
                problems.push(format!(
                    "{}: {id} is not in the English source",
                    language.tag()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_missing_translation_falls_back_to_english_never_to_a_blank_or_an_id() {
    // Every English message formats to a non-empty sentence that is not its id.
    for id in messages(Language::En).keys() {
        for language in Language::ALL {
            let text = redeem::i18n::translate(language, id, None);
            assert!(
                !text.trim().is_empty() && text != *id,
                "{}: {id} gives {text:?}",
                language.tag()
            );
        }
    }
}

#[test]
fn languages_are_found_from_system_and_browser_tags() {
    assert_eq!(Language::from_tag("de-AT"), Some(Language::De));
    assert_eq!(Language::from_tag("ja_JP.UTF-8"), Some(Language::Ja));
    assert_eq!(Language::from_tag("es-419"), Some(Language::Es));
    assert_eq!(Language::from_tag("FR"), Some(Language::Fr));
    assert_eq!(Language::from_tag("pt-BR"), None);
}

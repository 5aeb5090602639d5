//! The item's text fields: a draft while focused, one edit when the focus
//! leaves, and the drafts as edits whenever what is typed must count
//! (saving, closing, the journal). Over-long texts are shown, not edited.

use super::{ViewState, look};
use crate::checklist::{Edit, Item};
use crate::model::Deadline;
use eframe::egui;

/// Which text field of an item a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Field {
    Text,
    Deadline,
    With,
    Note,
}

/// Longest text a field takes, in characters. A field holding megabytes
/// (a speech without punctuation is one "sentence") costs gigabytes to lay
/// out at every keystroke; an item text is a sentence or two.
pub const MAX_FIELD_CHARS: usize = 2 * crate::checklist::MAX_TEXT_CHARS;

impl Field {
    /// The field's text in `item`, as the field shows it.
    pub fn current(self, item: &Item) -> std::borrow::Cow<'_, str> {
        match self {
            Field::Text => item.text.as_str().into(),
            Field::Note => item.note.as_str().into(),
            Field::Deadline => item
                .deadline
                .as_ref()
                .map_or("", |d| d.text.as_str())
                .into(),
            Field::With => item.with.join("、").into(),
        }
    }

    /// The edit that puts `typed` into this field of `item`; `None` when
    /// it changes nothing.
    pub fn edit(self, item: &Item, typed: &str) -> Option<Edit> {
        if typed == self.current(item) {
            return None;
        }
        let id = item.id;
        Some(match self {
            Field::Text => Edit::SetText {
                id,
                text: typed.to_owned(),
            },
            Field::Note => Edit::SetNote {
                id,
                note: typed.to_owned(),
            },
            Field::Deadline => {
                let t = typed.trim().to_owned();
                let deadline = (!t.is_empty()).then_some(Deadline { text: t, due: None });
                if deadline == item.deadline {
                    return None;
                }
                Edit::SetDeadline { id, deadline }
            }
            Field::With => {
                let with: Vec<String> = typed
                    .split(['、', ',', '，'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if with == item.with {
                    return None;
                }
                Edit::SetWith { id, with }
            }
        })
    }
}

/// The edits that the texts still being typed would make, in a fixed
/// order (for saving, closing and the journal: what is typed counts).
pub fn draft_edits(
    drafts: &std::collections::HashMap<(u64, Field), String>,
    list: &crate::checklist::Checklist,
) -> Vec<Edit> {
    let mut keys: Vec<&(u64, Field)> = drafts.keys().collect();
    keys.sort_by_key(|(id, field)| (*id, *field as u8));
    keys.into_iter()
        .filter_map(|key| {
            let item = list.item(key.0)?;
            key.1.edit(item, &drafts[key]).map(|edit| list.widen(edit))
        })
        .collect()
}

/// A text field editing a draft; returns the edit when the user leaves
/// the field with a changed text. Over-long texts are shown, not edited.
pub(super) fn text_field(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    item: &Item,
    field: Field,
    multiline: bool,
    hint: &str,
) -> Option<Edit> {
    let key = (item.id, field);
    let current = field.current(item);
    if current.chars().nth(MAX_FIELD_CHARS).is_some() {
        let shown: String = current.chars().take(MAX_FIELD_CHARS / 4).collect();
        ui.label(format!(
            "{shown}…（共 {} 字，太长无法在此编辑 / too long to edit here）",
            current.chars().count()
        ));
        return None;
    }
    let mut draft = view
        .drafts
        .get(&key)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    let edit = if multiline {
        egui::TextEdit::multiline(&mut draft).desired_rows(1)
    } else {
        egui::TextEdit::singleline(&mut draft)
    };
    let r = ui.add(
        edit.hint_text(hint)
            .char_limit(MAX_FIELD_CHARS)
            .desired_width(f32::INFINITY)
            .id_salt(("field", field)),
    );
    look::underline(ui, &r);
    if view.focus_field == Some(key) {
        view.focus_field = None;
        r.request_focus();
    }
    if r.has_focus() {
        view.drafts.insert(key, draft.clone());
    }
    if r.lost_focus() {
        view.drafts.remove(&key);
        return field.edit(item, &draft);
    }
    None
}

//! Reviewing with the keyboard, in the table and the card view: ↑/↓ or j/k
//! move the selection through the items the list shows, Space ticks the
//! selected item (done / not done), Enter puts the cursor in its text (Esc
//! leaves it), A accepts an item to check (待核) as right and moves on,
//! Delete deletes it (undoable like every edit), Ctrl+F goes
//! to the filter. None of them while a text field has the focus (a j typed
//! there is a j), a question is open or a menu is.
//!
//! The keys are taken out of egui's input before anything is drawn, so a
//! focused checkbox does not also toggle on the same Space.

use super::fields::Field;
use super::item_table::{position, shown_items};
use super::settings::ListView;
use super::{Command, LuoshiApp, ViewState};
use crate::checklist::{Checklist, Edit, Status};
use crate::model::Confidence;
use eframe::egui;
use egui::{Event, Key, Modifiers};

/// What a review key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewKey {
    Next,
    Previous,
    Tick,
    Edit,
    Delete,
    /// The item to check is right as it is (待核 → checked).
    Accept,
}

/// The review keys, pressed without Ctrl, Alt or Cmd.
const KEYS: [(Key, ReviewKey); 8] = [
    (Key::ArrowDown, ReviewKey::Next),
    (Key::J, ReviewKey::Next),
    (Key::ArrowUp, ReviewKey::Previous),
    (Key::K, ReviewKey::Previous),
    (Key::Space, ReviewKey::Tick),
    (Key::Enter, ReviewKey::Edit),
    (Key::Delete, ReviewKey::Delete),
    (Key::A, ReviewKey::Accept),
];

const FIND: egui::KeyboardShortcut = egui::KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

impl LuoshiApp {
    /// Takes the review keys pressed this frame and turns them into
    /// commands (and focus requests). Call before drawing.
    pub(super) fn handle_review_keys(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let Some(session) = &self.session else { return };
        let busy = self.opening.is_some()
            || self.dialogs.modal.is_some()
            || self.dialogs.path_entry.is_some()
            || egui::Popup::is_any_open(ctx);
        if busy {
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&FIND)) {
            self.view.focus_filter = true;
        }
        if ctx.text_edit_focused() {
            return;
        }
        let keys = ctx.input_mut(take_keys);
        if keys.is_empty() {
            return;
        }
        let table = self.settings.list_view == ListView::Table;
        let mut rows = shown_items(&session.checklist, &self.view, table);
        act(&keys, &mut rows, &session.checklist, &mut self.view, out);
    }
}

/// Removes the review keys' presses from the input, in the order pressed.
fn take_keys(input: &mut egui::InputState) -> Vec<ReviewKey> {
    let mut keys = Vec::new();
    input.events.retain(|event| {
        let Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = event
        else {
            return true;
        };
        if modifiers.ctrl || modifiers.command || modifiers.alt || modifiers.mac_cmd {
            return true;
        }
        match KEYS.iter().find(|(k, _)| k == key) {
            Some(&(_, review)) => {
                keys.push(review);
                false
            }
            None => true,
        }
    });
    keys
}

/// Carries out `keys` on the items shown (`rows`, in the list's order).
fn act(
    keys: &[ReviewKey],
    rows: &mut Vec<(usize, usize)>,
    list: &Checklist,
    view: &mut ViewState,
    out: &mut Vec<Command>,
) {
    let item_at = |rows: &[(usize, usize)], k: usize| {
        let (d, i) = rows[k];
        &list.departments[d].items[i]
    };
    let mut at = view.selected_item.and_then(|id| position(list, rows, id));
    let mut moved = false;
    for key in keys {
        let last = rows.len().checked_sub(1);
        match (key, at) {
            (ReviewKey::Next, _) => {
                moved = true;
                at = last.map(|last| at.map_or(0, |k| (k + 1).min(last)));
            }
            (ReviewKey::Previous, _) => {
                moved = true;
                at = last.map(|_| at.map_or(0, |k| k.saturating_sub(1)));
            }
            (ReviewKey::Tick, Some(k)) => {
                let item = item_at(rows, k);
                out.push(Command::Edit(Edit::tick(
                    item.id,
                    item.status != Status::Done,
                )));
            }
            (ReviewKey::Edit, Some(k)) => {
                view.focus_field = Some((item_at(rows, k).id, Field::Text));
                view.reveal_item = true;
            }
            (ReviewKey::Delete, Some(k)) => {
                out.push(Command::Edit(Edit::DeleteItem {
                    id: item_at(rows, k).id,
                }));
                // The next item (or the one before the last) is selected.
                rows.remove(k);
                moved = true;
                at = rows.len().checked_sub(1).map(|last| k.min(last));
            }
            (ReviewKey::Accept, Some(k)) => {
                let item = item_at(rows, k);
                if item.confidence == Confidence::Check {
                    out.push(Command::Edit(Edit::SetConfidence {
                        id: item.id,
                        confidence: Confidence::Sure,
                        reason: String::new(),
                    }));
                }
                // On to the next item, as after reading it.
                moved = true;
                at = rows.len().checked_sub(1).map(|last| (k + 1).min(last));
            }
            (ReviewKey::Tick | ReviewKey::Edit | ReviewKey::Delete | ReviewKey::Accept, None) => {}
        }
    }
    if moved {
        out.push(Command::SelectItem(at.map(|k| item_at(rows, k).id)));
    }
}

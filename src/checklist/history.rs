//! The undo/redo [`History`] of a checklist: the inverses [`Edit::apply`]
//! returns, kept as steps, and a revision number for "unsaved changes".

use super::{Checklist, Edit, EditError};

/// Whether an edit whose inverse is `inverse` left the checklist as it
/// was: its inverse is itself (a batch's inverse lists the same steps in
/// reverse order, so a batch of no-ops is one too).
fn changes_nothing(edit: &Edit, inverse: &Edit) -> bool {
    match (edit, inverse) {
        (Edit::Batch(steps), Edit::Batch(undo)) => {
            steps.len() == undo.len()
                && steps
                    .iter()
                    .zip(undo.iter().rev())
                    .all(|(step, inverse)| changes_nothing(step, inverse))
        }
        _ => edit == inverse,
    }
}

/// How many undo steps are kept; older ones are dropped.
pub const MAX_UNDO: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    edit: Edit,
    /// What the user did, kept across undo/redo (the stored edit may be
    /// an inverse or a batch).
    label: &'static str,
    /// The revision the checklist has after `edit` is applied.
    revision: u64,
}

/// Undo and redo stacks plus a revision number for "unsaved changes".
///
/// Every state of the checklist reached through the history has a
/// revision; undoing back to the saved state makes it clean again.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    revision: u64,
    last_revision: u64,
    saved_revision: u64,
}

impl History {
    pub fn new() -> Self {
        History::default()
    }

    /// Applies `edit` and records its inverse. Clears the redo stack. An
    /// edit that changes nothing records nothing.
    pub fn apply(&mut self, list: &mut Checklist, edit: Edit) -> Result<(), EditError> {
        let original = edit.clone();
        let inverse = edit.apply(list)?;
        if changes_nothing(&original, &inverse) {
            return Ok(());
        }
        self.undo.push(Entry {
            edit: inverse,
            label: original.label(),
            revision: self.revision,
        });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.last_revision += 1;
        self.revision = self.last_revision;
        Ok(())
    }

    /// Undoes the last edit. Returns false when there is nothing to undo.
    pub fn undo(&mut self, list: &mut Checklist) -> Result<bool, EditError> {
        step(&mut self.undo, &mut self.redo, &mut self.revision, list)
    }

    /// Re-applies the last undone edit. Returns false when there is none.
    pub fn redo(&mut self, list: &mut Checklist) -> Result<bool, EditError> {
        step(&mut self.redo, &mut self.undo, &mut self.revision, list)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What undo would take back, for a menu label.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|e| e.label)
    }

    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|e| e.label)
    }

    /// The revision of the current state. Equal revisions mean equal
    /// checklists (as far as edits through this history go).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records that the current state has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Records that the state at `revision` has been saved (a save that
    /// ran while more edits were made).
    pub fn mark_saved_at(&mut self, revision: u64) {
        self.saved_revision = revision;
    }

    /// Records that the current state is not on disk (a checklist restored
    /// from the recovery journal): dirty until saved, even after undo.
    pub fn mark_unsaved(&mut self) {
        // Revisions count up from 0 one edit at a time and never reach this.
        self.saved_revision = u64::MAX;
    }

    pub fn saved_revision(&self) -> u64 {
        self.saved_revision
    }

    /// True when the checklist differs from the last saved state.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Forgets the steps that could be redone (after a step was taken
    /// back because a wider change it belonged to failed).
    pub fn drop_redo(&mut self) {
        self.redo.clear();
    }

    /// Forgets all steps (after opening another checklist).
    pub fn clear(&mut self) {
        *self = History::default();
    }
}

/// The one step undo and redo both take: applies the newest entry of
/// `from` and keeps its inverse on `to`; on failure nothing moves.
fn step(
    from: &mut Vec<Entry>,
    to: &mut Vec<Entry>,
    revision: &mut u64,
    list: &mut Checklist,
) -> Result<bool, EditError> {
    let Some(entry) = from.pop() else {
        return Ok(false);
    };
    match entry.edit.clone().apply(list) {
        Ok(inverse) => {
            to.push(Entry {
                edit: inverse,
                label: entry.label,
                revision: *revision,
            });
            *revision = entry.revision;
            Ok(true)
        }
        Err(e) => {
            from.push(entry);
            Err(e)
        }
    }
}

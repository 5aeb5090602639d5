//! What is selected and shown: the department, the item, the sentence
//! highlighted in the speech, drafts of fields being typed into. Not saved.

use super::{LuoshiApp, Session, fields, item_list};
use crate::checklist::{Item, Units};
use crate::document::Span;

/// Selection and view state of the open session; not persisted.
#[derive(Default)]
pub struct ViewState {
    pub selected_department: Option<String>,
    pub selected_item: Option<u64>,
    /// The source sentence to highlight strongly.
    pub highlight: Option<Span>,
    /// Set when the document should scroll to `highlight` next frame.
    pub scroll_pending: bool,
    /// Set when the item list should scroll to the selected item next frame.
    pub reveal_item: bool,
    /// Set when the item list should start at its top next frame (another
    /// department was chosen).
    pub list_to_top: bool,
    /// The table shows the items to check ("check") first.
    pub check_first: bool,
    /// A field to give the keyboard focus to when it is next drawn (Enter
    /// on the selected item).
    pub focus_field: Option<(u64, fields::Field)>,
    /// Give the filter field the keyboard focus next frame (Ctrl+F).
    pub focus_filter: bool,
    /// Set when a new document opens: start at its top, not where the last
    /// one (or the last run) was scrolled to.
    pub scroll_to_top: bool,
    pub filter: String,
    /// Show only the items the extractor was not sure of ("check").
    pub only_check: bool,
    /// (history revision, items to check): counted again only after an edit,
    /// not every frame.
    pub check_count: Option<(u64, usize)>,
    /// Last drawn height of each item card and department heading of the
    /// item list (for the ones out of view).
    pub row_heights: item_list::RowHeights,
    /// Text being typed into an item's field, committed when focus leaves.
    pub drafts: std::collections::HashMap<(u64, fields::Field), String>,
    /// (history revision, the units of every task): what the cards say
    /// about who shares a task, derived again only after an edit, not for
    /// every card in every frame.
    pub task_units: Option<(u64, std::collections::HashMap<u64, Units>)>,
}

impl ViewState {
    /// Derives the units of the tasks again if the checklist changed.
    pub(super) fn refresh_task_units(&mut self, session: &Session) {
        let revision = session.history.revision();
        if self
            .task_units
            .as_ref()
            .is_none_or(|(at, _)| *at != revision)
        {
            self.task_units = Some((revision, session.checklist.units_by_task()));
        }
    }

    /// The units of `item`'s task, as last derived.
    pub(super) fn units_of(&self, item: &Item) -> Option<&Units> {
        self.task_units.as_ref()?.1.get(&item.task_key())
    }
}

impl LuoshiApp {
    pub(super) fn select_item(&mut self, id: Option<u64>) {
        self.view.selected_item = id;
        let item = id.and_then(|id| self.session.as_ref()?.checklist.item(id));
        self.view.highlight = item.and_then(|i| i.span);
        self.view.scroll_pending = self.view.highlight.is_some();
        self.view.reveal_item = item.is_some();
        // An Enter meant for another item's field is forgotten.
        if self.view.focus_field.is_some_and(|(f, _)| Some(f) != id) {
            self.view.focus_field = None;
        }
    }

    /// Another department (or all): its list starts at the top.
    pub(super) fn select_department(&mut self, name: Option<String>) {
        if name != self.view.selected_department {
            self.view.list_to_top = true;
        }
        self.view.selected_department = name;
    }

    /// A click in the document: select the item whose sentence is there,
    /// and scroll the item list to it (the speech stays where it is).
    pub(super) fn select_at(&mut self, offset: usize) {
        let Some(session) = &self.session else { return };
        let hit = session.checklist.departments.iter().find_map(|d| {
            d.items
                .iter()
                .find(|i| i.span.is_some_and(|s| s.start <= offset && offset < s.end))
                .map(|i| (d.name.clone(), i.id, i.span))
        });
        match hit {
            Some((dept, id, span)) => {
                // Keep "all departments" if that is what the user is looking at.
                if self.view.selected_department.is_some() {
                    self.view.selected_department = Some(dept);
                }
                self.view.selected_item = Some(id);
                self.view.highlight = span;
                self.view.scroll_pending = false;
                self.view.reveal_item = true;
            }
            None => {
                self.view.selected_item = None;
                self.view.highlight = None;
            }
        }
    }

    /// After an edit or undo the selected item or department may be gone.
    pub(super) fn fix_selection(&mut self) {
        let Some(s) = &self.session else { return };
        if let Some(id) = self.view.selected_item
            && s.checklist.item(id).is_none()
        {
            self.view.selected_item = None;
            self.view.highlight = None;
        }
        if let Some(name) = &self.view.selected_department
            && s.checklist.department(name).is_none()
        {
            self.view.selected_department = self
                .view
                .selected_item
                .and_then(|id| s.checklist.department_of(id))
                .or_else(|| s.checklist.departments.first())
                .map(|d| d.name.clone());
        }
    }
}

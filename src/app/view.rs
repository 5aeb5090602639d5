//! What is selected and shown: the department, the item, the sentence
//! highlighted in the speech, drafts of fields being typed into. Not saved.

use super::{LuoshiApp, fields, item_list};
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
}

impl LuoshiApp {
    pub(super) fn select_item(&mut self, id: Option<u64>) {
        self.view.selected_item = id;
        let item = id.and_then(|id| self.session.as_ref()?.checklist.item(id));
        self.view.highlight = item.and_then(|i| i.span);
        self.view.scroll_pending = self.view.highlight.is_some();
    }

    /// A click in the document: select the items whose sentence is there.
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

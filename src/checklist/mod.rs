//! The editable checklist: departments with their items, edits as undoable
//! commands ([`edit`]), and the versioned RON store with atomic saves
//! ([`store`]).
//!
//! Owns the checklist's shape and the invariants the UI relies on (unique
//! item ids, 全体单位 first after extraction). Must not read the speech,
//! find items or draw anything: it only receives an [`Extraction`].

mod departments;
pub mod edit;
mod history;
pub mod store;
mod task;

pub use edit::{Edit, EditError};
pub use history::{History, MAX_UNDO};
pub use store::{CURRENT_VERSION, StoreError};
pub use task::{Task, Units};

use crate::document::{Document, Span};
use crate::extract::Extraction;
use crate::model::{Closing, Confidence, Date, Deadline, Report, Role};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

pub use crate::model::{ALL_UNITS, Status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    /// Unique within its checklist; never reused for a later item.
    pub id: u64,
    /// The task this item is one department's copy of: the copies of one
    /// clause share it (the id of the first). 0 in files older than
    /// format 2 until they are migrated; see [`Item::task_key`].
    pub task: u64,
    pub text: String,
    /// The source sentence. Shared, not copied, with the extraction and
    /// with the other items made from the same sentence (a speech's items
    /// quote a few hundred sentences many times over).
    pub quote: Arc<str>,
    pub span: Option<Span>,
    /// The heading the item stands under, shared like `quote`.
    pub section: Option<Arc<str>>,
    pub role: Role,
    /// Supporting units (配合单位) named without a copy of their own; a
    /// unit with a copy has its role there.
    pub with: Vec<String>,
    pub deadline: Option<Deadline>,
    pub status: Status,
    pub note: String,
    /// How sure the extractor was ("sure" / "check"); hand-written items
    /// and checklists saved before it existed are sure.
    pub confidence: Confidence,
    /// Why the item is to be checked; empty when sure.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The task's due day as the 督办台账 keeps it, when the clerk set or
    /// corrected it; otherwise the ledger reads it from `deadline` and the
    /// document's date. Shared by the copies of a task (format 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Date>,
    /// This department's progress reports, oldest first (format 3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Report>,
    /// 销号, when the task was closed for this department (format 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closing>,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            id: 0,
            task: 0,
            text: String::new(),
            quote: Arc::from(""),
            span: None,
            section: None,
            role: Role::Lead,
            with: Vec::new(),
            deadline: None,
            status: Status::NotStarted,
            note: String::new(),
            confidence: Confidence::Sure,
            reason: String::new(),
            due_date: None,
            reports: Vec::new(),
            closed: None,
        }
    }
}

impl Item {
    /// A hand-written item (no source sentence). Its id is assigned when it
    /// is added to a checklist.
    pub fn new(text: impl Into<String>) -> Self {
        Item {
            text: text.into(),
            ..Item::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Department {
    pub name: String,
    pub items: Vec<Item>,
}

impl Department {
    pub fn new(name: impl Into<String>) -> Self {
        Department {
            name: name.into(),
            items: Vec::new(),
        }
    }

    /// Items done.
    pub fn done(&self) -> usize {
        self.items.iter().filter(|i| i.status.is_done()).count()
    }

    /// (done, total) for a "3/7" label.
    pub fn progress(&self) -> (usize, usize) {
        (self.done(), self.items.len())
    }
}

/// Where a checklist came from, so a user can tell whether the speech on
/// disk is still the one it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    pub path: Option<std::path::PathBuf>,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub title: String,
    pub encoding: String,
}

impl Source {
    /// The source record of a speech loaded from `path`, whose raw bytes
    /// were `bytes`.
    pub fn for_file(path: &Path, bytes: &[u8], doc: &Document) -> Source {
        Source {
            path: Some(path.to_path_buf()),
            sha256: sha256_hex(bytes),
            title: doc.title.clone(),
            encoding: doc.encoding.clone(),
        }
    }
}

/// The longest item text or quote kept from an extraction, in characters.
/// A file without sentence ends is one "sentence" of megabytes; as an item
/// it could not be read, edited or printed. The item's span still covers
/// the whole sentence in the speech.
pub const MAX_TEXT_CHARS: usize = 4000;

/// `text`, cut to [`MAX_TEXT_CHARS`] with "…" when longer.
fn capped(text: &str) -> String {
    shorten(text, MAX_TEXT_CHARS).into_owned()
}

/// `text` as `capped`, shared when it needs no cut.
fn capped_shared(text: &Arc<str>) -> Arc<str> {
    match shorten(text, MAX_TEXT_CHARS) {
        std::borrow::Cow::Borrowed(_) => Arc::clone(text),
        std::borrow::Cow::Owned(cut) => cut.into(),
    }
}

/// `text` cut to `max_chars` characters with "…" when longer.
pub fn shorten(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    // No more bytes than the limit in characters: nothing to count.
    if text.len() <= max_chars {
        return text.into();
    }
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::fsio::hex(&Sha256::digest(bytes))
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    pub version: u32,
    pub source: Source,
    pub departments: Vec<Department>,
    /// The id the next added item gets. Only grows (except when an undo
    /// takes back the add that raised it), so ids are never reused.
    pub next_id: u64,
    /// The speech's text as the checklist was made from it (normalised:
    /// the spans point into it), so that a checklist opens with its speech
    /// wherever it is moved or mailed. Empty in files older than format 2
    /// and for checklists written by hand. Not in the JSON export.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub speech: String,
    /// The document's date (成文日期 or the meeting's day), from which the
    /// 督办台账 counts its deadlines; set when it joins a ledger (format 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The document's short code in a ledger (six hex digits), the first
    /// part of its tasks' ids in 反馈表 (`3FA2C1-17`); empty outside one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code: String,
}

impl Checklist {
    /// An empty checklist of the current format version.
    pub fn new(source: Source) -> Self {
        Checklist {
            version: CURRENT_VERSION,
            source,
            departments: Vec::new(),
            next_id: 1,
            speech: String::new(),
            date: None,
            code: String::new(),
        }
    }

    /// Groups extracted items per department, in order of first
    /// appearance, with 全体单位 first. Items keep the extraction's order
    /// within their department.
    pub fn from_extraction(ex: &Extraction, source: Source) -> Checklist {
        let mut list = Checklist::new(source);
        for action in &ex.items {
            let name = if action.department.trim().is_empty() {
                ALL_UNITS
            } else {
                action.department.as_str()
            };
            // A fresh list: ids are simply counted (alloc_id rescans every
            // item to stay safe against hand-made lists, which is quadratic
            // over a whole speech).
            let id = list.next_id;
            list.next_id += 1;
            let item = Item {
                id,
                task: 0,
                text: capped(&action.text),
                quote: capped_shared(&action.quote),
                span: Some(action.span),
                section: action.section.clone(),
                role: action.role,
                with: action.with.clone(),
                deadline: action.deadline.clone(),
                status: Status::NotStarted,
                note: String::new(),
                confidence: action.confidence,
                reason: action.reason.to_string(),
                ..Item::default()
            };
            let index = match list.department_index(name) {
                Some(i) => i,
                None => {
                    list.departments.push(Department::new(name));
                    list.departments.len() - 1
                }
            };
            list.departments[index].items.push(item);
        }
        // The copies of one clause become one task.
        list.assign_tasks();
        if let Some(i) = list.department_index(ALL_UNITS) {
            let all = list.departments.remove(i);
            list.departments.insert(0, all);
        }
        list
    }

    /// Returns a fresh id and advances the counter.
    pub fn alloc_id(&mut self) -> u64 {
        self.repair_next_id();
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Makes `next_id` larger than every id in use (files written by hand
    /// or by an older version may lack it).
    pub fn repair_next_id(&mut self) {
        let floor = self.max_id().map_or(1, |m| m.saturating_add(1));
        if self.next_id < floor {
            self.next_id = floor;
        }
    }

    /// Gives every item a unique, non-zero id: a damaged or hand-edited
    /// file may repeat one, and an edit aimed at one of the twins would
    /// land on the other. The first item keeps a repeated id; later ones
    /// (and items with id 0) get fresh ids. Returns how many changed.
    pub fn repair_ids(&mut self) -> usize {
        self.repair_next_id();
        let count = self.items().count() as u64;
        // Ids so high that fresh ones would overflow: count from 1 again.
        let restart = self.next_id > u64::MAX / 2 - count;
        let mut seen = std::collections::HashSet::new();
        let mut next = if restart { 1 } else { self.next_id };
        let mut changed = 0;
        for dept in &mut self.departments {
            for item in &mut dept.items {
                if restart || item.id == 0 || !seen.insert(item.id) {
                    changed += usize::from(item.id != next);
                    item.id = next;
                    seen.insert(next);
                    next += 1;
                }
            }
        }
        self.next_id = next;
        changed
    }

    fn max_id(&self) -> Option<u64> {
        self.items().map(|(_, i)| i.id).max()
    }

    pub fn department(&self, name: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.name == name)
    }

    pub fn department_index(&self, name: &str) -> Option<usize> {
        self.departments.iter().position(|d| d.name == name)
    }

    /// (department index, item index) of the item with `id`.
    pub fn locate(&self, id: u64) -> Option<(usize, usize)> {
        self.departments
            .iter()
            .enumerate()
            .find_map(|(d, dept)| dept.items.iter().position(|i| i.id == id).map(|i| (d, i)))
    }

    pub fn item(&self, id: u64) -> Option<&Item> {
        self.locate(id).map(|(d, i)| &self.departments[d].items[i])
    }

    pub fn item_mut(&mut self, id: u64) -> Option<&mut Item> {
        self.locate(id)
            .map(|(d, i)| &mut self.departments[d].items[i])
    }

    /// The department holding the item with `id`.
    pub fn department_of(&self, id: u64) -> Option<&Department> {
        self.locate(id).map(|(d, _)| &self.departments[d])
    }

    /// Every item with its department, in display order.
    pub fn items(&self) -> impl Iterator<Item = (&Department, &Item)> {
        self.departments
            .iter()
            .flat_map(|d| d.items.iter().map(move |i| (d, i)))
    }

    /// (name, done, total) per department, in display order.
    pub fn progress_by_department(&self) -> Vec<(&str, usize, usize)> {
        self.departments
            .iter()
            .map(|d| (d.name.as_str(), d.done(), d.items.len()))
            .collect()
    }

    /// (done, total) over the whole checklist.
    pub fn progress(&self) -> (usize, usize) {
        self.departments.iter().fold((0, 0), |(done, total), d| {
            (done + d.done(), total + d.items.len())
        })
    }

    pub fn item_count(&self) -> usize {
        self.departments.iter().map(|d| d.items.len()).sum()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::extract::ActionItem;

    fn doc() -> Document {
        Document {
            title: "测试讲话".into(),
            text: "公安要加强巡逻。".into(),
            paragraphs: Vec::new(),
            encoding: "UTF-8".into(),
        }
    }

    fn action(dept: &str, text: &str) -> ActionItem {
        ActionItem {
            department: dept.into(),
            text: text.into(),
            quote: format!("{dept}要{text}。").into(),
            span: Span::new(0, 3),
            section: None,
            role: Role::Lead,
            with: Vec::new(),
            deadline: None,
            confidence: crate::model::Confidence::Sure,
            reason: "".into(),
            rule: "",
            actor_from: crate::extract::ActorFrom::Written,
        }
    }

    #[test]
    fn groups_by_first_appearance_with_all_units_first() {
        let ex = Extraction {
            items: vec![
                action("公安", "a"),
                action("文化", "b"),
                action("全体单位", "c"),
                action("公安", "d"),
                action("", "e"),
            ],
            diagnostics: Vec::new(),
            rejected: Vec::new(),
        };
        let list = Checklist::from_extraction(&ex, Source::default());
        let names: Vec<_> = list.departments.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["全体单位", "公安", "文化"]);
        let texts: Vec<_> = list.departments[0]
            .items
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(texts, ["c", "e"]);
        let texts: Vec<_> = list.departments[1]
            .items
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(texts, ["a", "d"]);
        let mut ids: Vec<_> = list.items().map(|(_, i)| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "ids must be unique");
        assert!(list.next_id > 5);
        assert_eq!(list.version, CURRENT_VERSION);
    }

    #[test]
    fn helpers_find_and_count() {
        let ex = Extraction {
            items: vec![
                action("公安", "a"),
                action("公安", "b"),
                action("文化", "c"),
            ],
            diagnostics: Vec::new(),
            rejected: Vec::new(),
        };
        let mut list = Checklist::from_extraction(&ex, Source::default());
        let id = list.departments[0].items[1].id;
        assert_eq!(list.item(id).map(|i| i.text.as_str()), Some("b"));
        assert_eq!(
            list.department_of(id).map(|d| d.name.as_str()),
            Some("公安")
        );
        if let Some(item) = list.item_mut(id) {
            item.status = Status::Done;
        }
        assert_eq!(
            list.progress_by_department(),
            vec![("公安", 1, 2), ("文化", 0, 1)]
        );
        assert_eq!(list.progress(), (1, 3));
        assert_eq!(list.item(9999), None);
        assert_eq!(list.item_count(), 3);
    }

    #[test]
    fn status_labels() {
        let table = [
            (Status::NotStarted, "未开始", "Not started"),
            (Status::InProgress, "进行中", "In progress"),
            (Status::Done, "已完成", "Done"),
        ];
        for (status, zh, en) in table {
            assert_eq!(status.label_zh(), zh);
            assert_eq!(status.label_en(), en);
        }
        assert_eq!(Status::Done.next(), Status::NotStarted);
    }

    #[test]
    fn source_hashes_bytes() {
        let s = Source::for_file(Path::new("a.txt"), b"abc", &doc());
        assert_eq!(
            s.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(s.title, "测试讲话");
        assert_eq!(s.encoding, "UTF-8");
    }

    #[test]
    fn alloc_id_skips_ids_in_use() {
        let mut list = Checklist::default();
        list.departments.push(Department {
            name: "公安".into(),
            items: vec![Item {
                id: 7,
                ..Item::default()
            }],
        });
        assert_eq!(list.alloc_id(), 8);
        assert_eq!(list.alloc_id(), 9);
    }
}

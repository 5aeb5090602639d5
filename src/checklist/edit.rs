//! Edits to a [`Checklist`] as commands, and the undo/redo [`History`].
//!
//! Every change the UI makes goes through [`Edit::apply`], which either
//! changes the checklist and returns the exact inverse edit, or returns an
//! error and changes nothing. Must not touch the disk or know about widgets.

use super::{Checklist, Department, Item, Status, departments};
use crate::model::{Closing, Confidence, Date, Deadline, Report, Role};
use serde::{Deserialize, Serialize};

/// One change to a checklist. Variants below the line "used by undo" are
/// what inverses are made of; the UI may use them too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// An Edit holds at most one Item, and a history holds a few hundred
// edits: boxing it would only add an allocation per edit.
#[allow(clippy::large_enum_variant)]
pub enum Edit {
    SetStatus {
        id: u64,
        status: Status,
    },
    SetText {
        id: u64,
        text: String,
    },
    SetNote {
        id: u64,
        note: String,
    },
    SetDeadline {
        id: u64,
        deadline: Option<Deadline>,
    },
    SetRole {
        id: u64,
        role: Role,
    },
    SetWith {
        id: u64,
        with: Vec<String>,
    },
    /// The clerk checked an item the extractor was unsure of (`Sure`, no
    /// reason), or marks one to check again.
    SetConfidence {
        id: u64,
        confidence: Confidence,
        reason: String,
    },
    /// Adds `item` to `dept` (created at the end if missing) at `index`
    /// (the end if `None` or past it). An `item.id` of 0 gets a fresh id.
    AddItem {
        dept: String,
        item: Item,
        index: Option<usize>,
    },
    /// Deletes an item; its department stays, even when left empty.
    DeleteItem {
        id: u64,
    },
    /// Moves an item to `to_dept` (created at the end if missing), at
    /// `index` there (the end if `None`).
    MoveItem {
        id: u64,
        to_dept: String,
        index: Option<usize>,
    },
    AddDepartment {
        name: String,
        index: Option<usize>,
    },
    /// Deletes a department together with its items.
    DeleteDepartment {
        name: String,
    },
    /// Renames a department. Renaming onto an existing name is refused:
    /// that is a merge.
    RenameDepartment {
        from: String,
        to: String,
    },
    /// Appends `from`'s items to `into`, in order, and removes `from`.
    MergeDepartments {
        from: String,
        into: String,
    },
    /// The 督办台账's due day of a task (widened to its copies by
    /// `Checklist::widen`); `None` goes back to the deadline as written.
    SetDueDate {
        id: u64,
        due: Option<Date>,
    },
    /// Appends a progress report to a department's task.
    AddReport {
        id: u64,
        report: Report,
    },
    /// 销号 (or, with `None`, takes it back).
    SetClosed {
        id: u64,
        closed: Option<Closing>,
    },
    /// The document's date, from which the ledger counts deadlines.
    SetDocumentDate {
        date: Option<Date>,
    },
    /// Several edits as one undo step; all or nothing.
    Batch(Vec<Edit>),
    // ---- used by undo ----
    /// Puts a whole department back at `index`.
    InsertDepartment {
        department: Department,
        index: usize,
    },
    /// Restores the id counter when an undo takes back an add.
    SetNextId {
        next_id: u64,
    },
    /// Puts back an item (same id, same department) as it was.
    SetItem {
        item: Item,
    },
    /// Takes back the last report of an item (the inverse of `AddReport`).
    DropLastReport {
        id: u64,
    },
}

/// Why an edit was refused. The checklist is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("找不到编号为 {0} 的事项 / no item with id {0}")]
    UnknownItem(u64),
    #[error("找不到部门“{0}” / no department named “{0}”")]
    UnknownDepartment(String),
    #[error("部门“{0}”已存在，请改用合并 / department “{0}” already exists: merge instead")]
    DepartmentExists(String),
    #[error("部门名称不能为空 / a department name cannot be empty")]
    EmptyName,
    #[error("编号 {0} 已被占用 / item id {0} is already in use")]
    DuplicateId(u64),
    #[error("不能把部门“{0}”并入自身 / cannot merge “{0}” into itself")]
    SameDepartment(String),
    #[error("编号计数器 {0} 会与已有事项重复 / id counter {0} would reuse an item id")]
    InvalidNextId(u64),
    #[error("部门“{0}”已承担这项任务 / “{0}” already has this task")]
    AlreadyHasTask(String),
    #[error("编号为 {0} 的事项没有可撤回的进展 / item {0} has no report to take back")]
    NoReport(u64),
}

impl Edit {
    /// What a 完成 box asks for: ticked is done, unticked is not started.
    pub fn tick(id: u64, done: bool) -> Edit {
        let status = if done {
            Status::Done
        } else {
            Status::NotStarted
        };
        Edit::SetStatus { id, status }
    }

    /// A short bilingual name for menus ("撤销：修改状态").
    pub fn label(&self) -> &'static str {
        match self {
            Edit::SetStatus { .. } => "修改状态 / set status",
            Edit::SetText { .. } => "修改内容 / edit text",
            Edit::SetNote { .. } => "修改备注 / edit note",
            Edit::SetDeadline { .. } => "修改期限 / edit deadline",
            Edit::SetRole { .. } => "修改牵头/配合 / set role",
            Edit::SetWith { .. } => "修改配合单位 / set partners",
            Edit::SetConfidence { .. } => "核对事项 / mark checked",
            Edit::SetDueDate { .. } => "修改办结日期 / set due date",
            Edit::AddReport { .. } => "登记进展 / add a report",
            Edit::DropLastReport { .. } => "撤回进展 / take back a report",
            Edit::SetClosed {
                closed: Some(_), ..
            } => "销号 / close task",
            Edit::SetClosed { closed: None, .. } => "取消销号 / reopen task",
            Edit::SetDocumentDate { .. } => "修改文件日期 / set document date",
            Edit::AddItem { .. } => "添加事项 / add item",
            Edit::DeleteItem { .. } => "删除事项 / delete item",
            Edit::MoveItem { .. } => "移动事项 / move item",
            Edit::AddDepartment { .. } => "添加部门 / add department",
            Edit::DeleteDepartment { .. } => "删除部门 / delete department",
            Edit::RenameDepartment { .. } => "重命名部门 / rename department",
            Edit::MergeDepartments { .. } => "合并部门 / merge departments",
            // A task's text edited on all its copies is still "edit text".
            Edit::Batch(edits) => match edits.first() {
                Some(first) if edits.iter().all(|e| e.label() == first.label()) => first.label(),
                _ => "批量修改 / several edits",
            },
            Edit::InsertDepartment { .. } => "恢复部门 / restore department",
            Edit::SetNextId { .. } => "恢复编号 / restore id counter",
            Edit::SetItem { .. } => "恢复事项 / restore item",
        }
    }

    /// Applies the edit. On success returns the edit that undoes it
    /// exactly; on error the checklist is unchanged.
    // Long: one arm per kind of edit, each next to the inverse it returns;
    // apart, an edit and its inverse would drift.
    pub fn apply(self, list: &mut Checklist) -> Result<Edit, EditError> {
        match self {
            Edit::SetStatus { id, status } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.status, status);
                Ok(Edit::SetStatus { id, status: old })
            }
            Edit::SetText { id, text } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.text, text);
                Ok(Edit::SetText { id, text: old })
            }
            Edit::SetNote { id, note } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.note, note);
                Ok(Edit::SetNote { id, note: old })
            }
            Edit::SetDeadline { id, deadline } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.deadline, deadline);
                Ok(Edit::SetDeadline { id, deadline: old })
            }
            Edit::SetRole { id, role } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.role, role);
                Ok(Edit::SetRole { id, role: old })
            }
            Edit::SetWith { id, with } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.with, with);
                Ok(Edit::SetWith { id, with: old })
            }
            Edit::SetConfidence {
                id,
                confidence,
                reason,
            } => {
                let item = item_mut(list, id)?;
                let old = Edit::SetConfidence {
                    id,
                    confidence: std::mem::replace(&mut item.confidence, confidence),
                    reason: std::mem::replace(&mut item.reason, reason),
                };
                Ok(old)
            }
            Edit::AddItem { dept, item, index } => add_item(list, &dept, item, index),
            Edit::DeleteItem { id } => {
                let (d, i) = list.locate(id).ok_or(EditError::UnknownItem(id))?;
                let dept = &mut list.departments[d];
                let item = dept.items.remove(i);
                Ok(Edit::AddItem {
                    dept: dept.name.clone(),
                    item,
                    index: Some(i),
                })
            }
            Edit::MoveItem { id, to_dept, index } => move_item(list, id, &to_dept, index),
            Edit::AddDepartment { name, index } => {
                let name = clean_name(&name)?;
                if list.department_index(&name).is_some() {
                    return Err(EditError::DepartmentExists(name));
                }
                let at = clamp(index, list.departments.len());
                list.departments.insert(at, Department::new(name.clone()));
                Ok(Edit::DeleteDepartment { name })
            }
            Edit::DeleteDepartment { name } => {
                let d = list
                    .department_index(&name)
                    .ok_or(EditError::UnknownDepartment(name))?;
                let department = list.departments.remove(d);
                Ok(Edit::InsertDepartment {
                    department,
                    index: d,
                })
            }
            Edit::InsertDepartment { department, index } => {
                insert_department(list, department, index)
            }
            Edit::RenameDepartment { from, to } => departments::rename(list, from, to),
            Edit::MergeDepartments { from, into } => departments::merge(list, from, into),
            Edit::SetDueDate { id, due } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.due_date, due);
                Ok(Edit::SetDueDate { id, due: old })
            }
            Edit::AddReport { id, report } => {
                item_mut(list, id)?.reports.push(report);
                Ok(Edit::DropLastReport { id })
            }
            Edit::DropLastReport { id } => match item_mut(list, id)?.reports.pop() {
                Some(report) => Ok(Edit::AddReport { id, report }),
                None => Err(EditError::NoReport(id)),
            },
            Edit::SetClosed { id, closed } => {
                let old = std::mem::replace(&mut item_mut(list, id)?.closed, closed);
                Ok(Edit::SetClosed { id, closed: old })
            }
            Edit::SetDocumentDate { date } => {
                let old = std::mem::replace(&mut list.date, date);
                Ok(Edit::SetDocumentDate { date: old })
            }
            Edit::SetItem { item } => {
                let id = item.id;
                let old = std::mem::replace(item_mut(list, id)?, item);
                Ok(Edit::SetItem { item: old })
            }
            Edit::SetNextId { next_id } => {
                if list.max_id().is_some_and(|m| next_id <= m) {
                    return Err(EditError::InvalidNextId(next_id));
                }
                let old = std::mem::replace(&mut list.next_id, next_id);
                Ok(Edit::SetNextId { next_id: old })
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(list) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // Roll back what was applied so the batch is all or nothing.
                            for inverse in inverses.into_iter().rev() {
                                let _ = inverse.apply(list);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }
}

fn item_mut(list: &mut Checklist, id: u64) -> Result<&mut Item, EditError> {
    list.item_mut(id).ok_or(EditError::UnknownItem(id))
}

pub(super) fn clean_name(name: &str) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        Err(EditError::EmptyName)
    } else {
        Ok(name.to_string())
    }
}

fn clamp(index: Option<usize>, len: usize) -> usize {
    index.map_or(len, |i| i.min(len))
}

/// The inverse of several steps, without a one-element batch.
pub(super) fn combine(mut inverses: Vec<Edit>) -> Edit {
    if inverses.len() == 1 {
        inverses.remove(0)
    } else {
        Edit::Batch(inverses)
    }
}

/// Finds `name`, or appends it; returns its index and whether it was created.
fn find_or_create(list: &mut Checklist, name: &str) -> (usize, bool) {
    match list.department_index(name) {
        Some(d) => (d, false),
        None => {
            list.departments.push(Department::new(name));
            (list.departments.len() - 1, true)
        }
    }
}

fn add_item(
    list: &mut Checklist,
    dept: &str,
    mut item: Item,
    index: Option<usize>,
) -> Result<Edit, EditError> {
    let dept = clean_name(dept)?;
    if item.id != 0 && list.locate(item.id).is_some() {
        return Err(EditError::DuplicateId(item.id));
    }
    let old_next = list.next_id;
    if item.id == 0 {
        item.id = list.alloc_id();
    } else {
        list.repair_next_id();
        list.next_id = list.next_id.max(item.id + 1);
    }
    let id = item.id;
    let (d, created) = find_or_create(list, &dept);
    let items = &mut list.departments[d].items;
    items.insert(clamp(index, items.len()), item);

    let mut inverse = vec![Edit::DeleteItem { id }];
    if created {
        inverse.push(Edit::DeleteDepartment { name: dept });
    }
    if list.next_id != old_next {
        inverse.push(Edit::SetNextId { next_id: old_next });
    }
    Ok(combine(inverse))
}

fn move_item(
    list: &mut Checklist,
    id: u64,
    to_dept: &str,
    index: Option<usize>,
) -> Result<Edit, EditError> {
    let (d, i) = list.locate(id).ok_or(EditError::UnknownItem(id))?;
    let to = clean_name(to_dept)?;
    let key = list.departments[d].items[i].task_key();
    if let Some(t) = list.department_index(&to)
        && t != d
        && list.holds_task(t, key, id)
    {
        // Two copies of one task in one department would print the
        // department twice; the clerk deletes this copy instead.
        return Err(EditError::AlreadyHasTask(to));
    }
    let from = list.departments[d].name.clone();
    let item = list.departments[d].items.remove(i);
    let (t, created) = find_or_create(list, &to);
    let items = &mut list.departments[t].items;
    items.insert(clamp(index, items.len()), item);

    let mut inverse = vec![Edit::MoveItem {
        id,
        to_dept: from,
        index: Some(i),
    }];
    if created {
        inverse.push(Edit::DeleteDepartment { name: to });
    }
    Ok(combine(inverse))
}

fn insert_department(
    list: &mut Checklist,
    department: Department,
    index: usize,
) -> Result<Edit, EditError> {
    let name = clean_name(&department.name)?;
    if list.department_index(&name).is_some() {
        return Err(EditError::DepartmentExists(name));
    }
    let mut seen = std::collections::HashSet::new();
    for item in &department.items {
        if item.id == 0 || !seen.insert(item.id) || list.locate(item.id).is_some() {
            return Err(EditError::DuplicateId(item.id));
        }
    }
    let old_next = list.next_id;
    let max_new = department.items.iter().map(|i| i.id).max();
    list.departments
        .insert(index.min(list.departments.len()), department);
    list.repair_next_id();
    if let Some(m) = max_new {
        list.next_id = list.next_id.max(m + 1);
    }
    let mut inverse = vec![Edit::DeleteDepartment { name }];
    if list.next_id != old_next {
        inverse.push(Edit::SetNextId { next_id: old_next });
    }
    Ok(combine(inverse))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::History;
    use crate::checklist::Source;
    use crate::model::Due;

    fn item(id: u64, text: &str) -> Item {
        Item {
            id,
            text: text.into(),
            ..Item::default()
        }
    }

    fn sample() -> Checklist {
        let mut list = Checklist::new(Source::default());
        list.departments = vec![
            Department {
                name: "全体单位".into(),
                items: vec![item(1, "a"), item(2, "b")],
            },
            Department {
                name: "公安".into(),
                items: vec![item(3, "c"), item(4, "d"), item(5, "e")],
            },
            Department {
                name: "文化".into(),
                items: vec![item(6, "f")],
            },
        ];
        list.next_id = 7;
        list
    }

    fn names(list: &Checklist) -> Vec<&str> {
        list.departments.iter().map(|d| d.name.as_str()).collect()
    }

    fn texts<'a>(list: &'a Checklist, dept: &str) -> Vec<&'a str> {
        list.department(dept)
            .map(|d| d.items.iter().map(|i| i.text.as_str()).collect())
            .unwrap_or_default()
    }

    /// Every edit that succeeds: apply, check, undo → identical, redo →
    /// identical to after apply.
    #[test]
    fn every_edit_undoes_and_redoes_exactly() {
        let deadline = Some(Deadline {
            text: "6月底前".into(),
            due: Some(Due::MonthEnd {
                year: None,
                month: 6,
            }),
        });
        let table: Vec<(&str, Edit)> = vec![
            (
                "status",
                Edit::SetStatus {
                    id: 3,
                    status: Status::Done,
                },
            ),
            (
                "text",
                Edit::SetText {
                    id: 3,
                    text: "新内容".into(),
                },
            ),
            (
                "note",
                Edit::SetNote {
                    id: 1,
                    note: "已部署".into(),
                },
            ),
            ("deadline", Edit::SetDeadline { id: 6, deadline }),
            (
                "role",
                Edit::SetRole {
                    id: 4,
                    role: Role::Support,
                },
            ),
            (
                "with",
                Edit::SetWith {
                    id: 4,
                    with: vec!["文化".into()],
                },
            ),
            (
                "add new id",
                Edit::AddItem {
                    dept: "公安".into(),
                    item: Item::new("x"),
                    index: Some(1),
                },
            ),
            (
                "add at end",
                Edit::AddItem {
                    dept: "文化".into(),
                    item: Item::new("x"),
                    index: None,
                },
            ),
            (
                "add to new dept",
                Edit::AddItem {
                    dept: "财政".into(),
                    item: Item::new("x"),
                    index: None,
                },
            ),
            (
                "add explicit id",
                Edit::AddItem {
                    dept: "公安".into(),
                    item: item(40, "x"),
                    index: Some(99),
                },
            ),
            ("delete", Edit::DeleteItem { id: 4 }),
            ("delete last of dept", Edit::DeleteItem { id: 6 }),
            (
                "move",
                Edit::MoveItem {
                    id: 1,
                    to_dept: "公安".into(),
                    index: None,
                },
            ),
            (
                "move within",
                Edit::MoveItem {
                    id: 3,
                    to_dept: "公安".into(),
                    index: Some(2),
                },
            ),
            (
                "move to new dept",
                Edit::MoveItem {
                    id: 4,
                    to_dept: "财政".into(),
                    index: None,
                },
            ),
            (
                "add dept",
                Edit::AddDepartment {
                    name: "财政".into(),
                    index: Some(1),
                },
            ),
            (
                "delete dept",
                Edit::DeleteDepartment {
                    name: "公安".into(),
                },
            ),
            (
                "rename",
                Edit::RenameDepartment {
                    from: "公安".into(),
                    to: "公安局".into(),
                },
            ),
            (
                "merge",
                Edit::MergeDepartments {
                    from: "公安".into(),
                    into: "全体单位".into(),
                },
            ),
            (
                "merge backwards",
                Edit::MergeDepartments {
                    from: "全体单位".into(),
                    into: "文化".into(),
                },
            ),
            (
                "batch",
                Edit::Batch(vec![
                    Edit::SetStatus {
                        id: 1,
                        status: Status::InProgress,
                    },
                    Edit::DeleteItem { id: 2 },
                    Edit::MoveItem {
                        id: 5,
                        to_dept: "新部门".into(),
                        index: None,
                    },
                ]),
            ),
        ];
        for (name, edit) in table {
            let before = sample();
            let mut list = before.clone();
            let mut history = History::new();
            history
                .apply(&mut list, edit)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_ne!(list, before, "{name}: the edit changed nothing");
            assert!(history.is_dirty(), "{name}");
            let after = list.clone();
            assert_eq!(history.undo(&mut list), Ok(true), "{name}");
            assert_eq!(list, before, "{name}: undo is not exact");
            assert!(!history.is_dirty(), "{name}: clean again after undo");
            assert!(history.can_redo(), "{name}");
            assert_eq!(history.redo(&mut list), Ok(true), "{name}");
            assert_eq!(list, after, "{name}: redo is not exact");
            assert_eq!(history.undo(&mut list), Ok(true), "{name}");
            assert_eq!(list, before, "{name}: second undo is not exact");
        }
    }

    #[test]
    fn failed_edits_change_nothing() {
        let table: Vec<(&str, Edit, EditError)> = vec![
            (
                "unknown id",
                Edit::SetStatus {
                    id: 99,
                    status: Status::Done,
                },
                EditError::UnknownItem(99),
            ),
            (
                "delete unknown",
                Edit::DeleteItem { id: 99 },
                EditError::UnknownItem(99),
            ),
            (
                "move unknown",
                Edit::MoveItem {
                    id: 99,
                    to_dept: "公安".into(),
                    index: None,
                },
                EditError::UnknownItem(99),
            ),
            (
                "move to empty name",
                Edit::MoveItem {
                    id: 1,
                    to_dept: " ".into(),
                    index: None,
                },
                EditError::EmptyName,
            ),
            (
                "duplicate id",
                Edit::AddItem {
                    dept: "公安".into(),
                    item: item(3, "x"),
                    index: None,
                },
                EditError::DuplicateId(3),
            ),
            (
                "add existing dept",
                Edit::AddDepartment {
                    name: "文化".into(),
                    index: None,
                },
                EditError::DepartmentExists("文化".into()),
            ),
            (
                "rename onto existing",
                Edit::RenameDepartment {
                    from: "公安".into(),
                    to: "文化".into(),
                },
                EditError::DepartmentExists("文化".into()),
            ),
            (
                "rename unknown",
                Edit::RenameDepartment {
                    from: "无".into(),
                    to: "有".into(),
                },
                EditError::UnknownDepartment("无".into()),
            ),
            (
                "merge into self",
                Edit::MergeDepartments {
                    from: "公安".into(),
                    into: "公安".into(),
                },
                EditError::SameDepartment("公安".into()),
            ),
            (
                "merge into unknown",
                Edit::MergeDepartments {
                    from: "公安".into(),
                    into: "无".into(),
                },
                EditError::UnknownDepartment("无".into()),
            ),
            (
                "lower counter",
                Edit::SetNextId { next_id: 3 },
                EditError::InvalidNextId(3),
            ),
            (
                "batch fails late",
                Edit::Batch(vec![
                    Edit::SetStatus {
                        id: 1,
                        status: Status::Done,
                    },
                    Edit::MoveItem {
                        id: 2,
                        to_dept: "新部门".into(),
                        index: None,
                    },
                    Edit::DeleteItem { id: 99 },
                ]),
                EditError::UnknownItem(99),
            ),
        ];
        for (name, edit, want) in table {
            let before = sample();
            let mut list = before.clone();
            let mut history = History::new();
            assert_eq!(history.apply(&mut list, edit), Err(want), "{name}");
            assert_eq!(list, before, "{name}: a failed edit changed the checklist");
            assert!(!history.can_undo(), "{name}");
            assert!(!history.is_dirty(), "{name}");
        }
    }

    #[test]
    fn move_creates_department_and_merge_keeps_order() {
        let mut list = sample();
        let mut h = History::new();
        h.apply(
            &mut list,
            Edit::MoveItem {
                id: 2,
                to_dept: "财政".into(),
                index: None,
            },
        )
        .unwrap();
        assert_eq!(names(&list), ["全体单位", "公安", "文化", "财政"]);
        assert_eq!(texts(&list, "财政"), ["b"]);
        h.apply(
            &mut list,
            Edit::MergeDepartments {
                from: "公安".into(),
                into: "文化".into(),
            },
        )
        .unwrap();
        assert_eq!(names(&list), ["全体单位", "文化", "财政"]);
        assert_eq!(texts(&list, "文化"), ["f", "c", "d", "e"]);
        h.apply(
            &mut list,
            Edit::RenameDepartment {
                from: "文化".into(),
                to: " 文旅 ".into(),
            },
        )
        .unwrap();
        assert_eq!(names(&list), ["全体单位", "文旅", "财政"]);
        while h.undo(&mut list).unwrap() {}
        assert_eq!(list, sample());
        assert!(!h.can_undo());
        assert_eq!(h.redo_label(), Some("移动事项 / move item"));
    }

    #[test]
    fn added_items_never_reuse_ids() {
        let mut list = sample();
        let mut h = History::new();
        h.apply(
            &mut list,
            Edit::AddItem {
                dept: "公安".into(),
                item: Item::new("x"),
                index: None,
            },
        )
        .unwrap();
        let first = list.departments[1].items.last().map(|i| i.id);
        assert_eq!(first, Some(7));
        h.apply(&mut list, Edit::DeleteItem { id: 7 }).unwrap();
        h.apply(
            &mut list,
            Edit::AddItem {
                dept: "公安".into(),
                item: Item::new("y"),
                index: None,
            },
        )
        .unwrap();
        assert_eq!(list.departments[1].items.last().map(|i| i.id), Some(8));
    }

    #[test]
    fn revisions_track_saved_state() {
        let mut list = sample();
        let mut h = History::new();
        assert!(!h.is_dirty());
        h.apply(
            &mut list,
            Edit::SetStatus {
                id: 1,
                status: Status::Done,
            },
        )
        .unwrap();
        h.mark_saved();
        assert!(!h.is_dirty());
        h.apply(
            &mut list,
            Edit::SetText {
                id: 1,
                text: "z".into(),
            },
        )
        .unwrap();
        assert!(h.is_dirty());
        h.undo(&mut list).unwrap();
        assert!(!h.is_dirty(), "back at the saved state");
        h.undo(&mut list).unwrap();
        assert!(h.is_dirty(), "before the saved state");
        h.redo(&mut list).unwrap();
        assert!(!h.is_dirty());
        // A no-op edit records nothing and keeps the state clean.
        h.apply(
            &mut list,
            Edit::SetStatus {
                id: 1,
                status: Status::Done,
            },
        )
        .unwrap();
        assert!(!h.is_dirty());
        assert!(h.can_redo(), "a no-op must not clear redo");
        assert_eq!(
            h.undo(&mut Checklist::default()),
            Err(EditError::UnknownItem(1))
        );
        assert!(h.can_undo(), "a failed undo keeps its step");
    }

    /// Builds an edit from three random numbers against the current state,
    /// so most generated edits are valid and some are not.
    fn random_edit(list: &Checklist, kind: u8, a: u8, b: u8) -> Edit {
        const NAMES: [&str; 5] = ["全体单位", "公安", "文化", "财政", "新部门"];
        let ids: Vec<u64> = list.items().map(|(_, i)| i.id).collect();
        // Sometimes an id that does not exist, to exercise failures.
        let id = ids
            .get(a as usize % (ids.len() + 1))
            .copied()
            .unwrap_or(999);
        let name = NAMES[b as usize % NAMES.len()].to_string();
        let other = NAMES[a as usize % NAMES.len()].to_string();
        match kind % 12 {
            0 => Edit::SetStatus {
                id,
                status: Status::ALL[b as usize % 3],
            },
            1 => Edit::SetText {
                id,
                text: format!("t{b}"),
            },
            2 => Edit::SetNote {
                id,
                note: format!("n{b}"),
            },
            3 => Edit::AddItem {
                dept: name,
                item: Item::new("新"),
                index: Some(b as usize % 4),
            },
            4 => Edit::DeleteItem { id },
            5 => Edit::MoveItem {
                id,
                to_dept: name,
                index: b.is_multiple_of(2).then_some(0),
            },
            6 => Edit::AddDepartment {
                name,
                index: Some(a as usize % 4),
            },
            7 => Edit::DeleteDepartment { name },
            8 => Edit::RenameDepartment {
                from: other,
                to: name,
            },
            9 => Edit::MergeDepartments {
                from: other,
                into: name,
            },
            10 => Edit::SetWith {
                id,
                with: vec![name],
            },
            _ => Edit::Batch(vec![
                Edit::SetStatus {
                    id,
                    status: Status::Done,
                },
                Edit::MoveItem {
                    id,
                    to_dept: name,
                    index: None,
                },
            ]),
        }
    }

    proptest::proptest! {
        #[test]
        fn random_sessions_undo_to_the_start(steps in proptest::collection::vec((0u8..=255, 0u8..=255, 0u8..=255), 0..40)) {
            let start = sample();
            let mut list = start.clone();
            let mut history = History::new();
            for (kind, a, b) in steps {
                let edit = random_edit(&list, kind, a, b);
                let before = list.clone();
                if history.apply(&mut list, edit).is_err() {
                    proptest::prop_assert_eq!(&list, &before);
                }
                let mut all_ids: Vec<u64> = list.items().map(|(_, i)| i.id).collect();
                let n = all_ids.len();
                all_ids.sort_unstable();
                all_ids.dedup();
                proptest::prop_assert_eq!(all_ids.len(), n, "ids stay unique");
                proptest::prop_assert!(all_ids.iter().all(|&i| i < list.next_id));
            }
            let end = list.clone();
            while history.undo(&mut list).unwrap() {}
            proptest::prop_assert_eq!(&list, &start);
            while history.redo(&mut list).unwrap() {}
            proptest::prop_assert_eq!(&list, &end);
        }
    }
}

//! The edits of whole departments that touch tasks: renaming (the name
//! also changes where `with` lists it) and merging (a task both held stays
//! one copy). Each returns its exact inverse, like every [`Edit`].

use super::edit::{clean_name, combine};
use super::{Checklist, Edit, EditError, Item};
use crate::model::Role;

/// Renames a department, and the name where `with` lists it.
pub(super) fn rename(list: &mut Checklist, from: String, to: String) -> Result<Edit, EditError> {
    let d = list
        .department_index(&from)
        .ok_or_else(|| EditError::UnknownDepartment(from.clone()))?;
    let to = clean_name(&to)?;
    if to != from && list.department_index(&to).is_some() {
        return Err(EditError::DepartmentExists(to));
    }
    list.departments[d].name = to.clone();
    let restore = rename_in_with(list, &from, &to);
    // Undo renames back (which rewrites `with` again), then puts every
    // `with` this rename touched back exactly as it was.
    let mut inverse = vec![Edit::RenameDepartment { from: to, to: from }];
    inverse.extend(restore);
    Ok(combine(inverse))
}

/// Replaces `from` by `to` in every item's `with` (dropping it where the
/// item's own department is `to`, and never listing a name twice);
/// returns the edits that put back each `with` it changed. Lists naming
/// `to` already are restored too, since undo rewrites them.
fn rename_in_with(list: &mut Checklist, from: &str, to: &str) -> Vec<Edit> {
    let mut restore = Vec::new();
    for dept in &mut list.departments {
        for item in &mut dept.items {
            if !item.with.iter().any(|w| w == from || w == to) {
                continue;
            }
            restore.push(Edit::SetWith {
                id: item.id,
                with: item.with.clone(),
            });
            let mut with: Vec<String> = Vec::with_capacity(item.with.len());
            for name in item.with.drain(..) {
                let name = if name == from { to.to_string() } else { name };
                if name != dept.name && !with.contains(&name) {
                    with.push(name);
                }
            }
            item.with = with;
        }
    }
    restore
}

/// Appends `from`'s items to `into` and removes `from`. A task both held
/// stays one copy in `into`: it leads if either led, and keeps the
/// further status and both notes.
pub(super) fn merge(list: &mut Checklist, from: String, into: String) -> Result<Edit, EditError> {
    if from == into {
        return Err(EditError::SameDepartment(from));
    }
    let f = list
        .department_index(&from)
        .ok_or_else(|| EditError::UnknownDepartment(from.clone()))?;
    if list.department_index(&into).is_none() {
        return Err(EditError::UnknownDepartment(into));
    }
    let moved = list.departments.remove(f);
    let Some(t) = list.department_index(&into) else {
        // Unreachable (checked above), but never leave a half-done merge.
        list.departments.insert(f, moved);
        return Err(EditError::UnknownDepartment(into));
    };
    let mut inverse: Vec<Edit> = Vec::new();
    let mut appended: Vec<u64> = Vec::new();
    for item in &moved.items {
        let key = item.task_key();
        let kept = list.departments[t]
            .items
            .iter_mut()
            .find(|i| i.task_key() == key);
        match kept {
            Some(kept) => {
                inverse.push(Edit::SetItem { item: kept.clone() });
                absorb(kept, item);
            }
            None => {
                appended.push(item.id);
                list.departments[t].items.push(item.clone());
            }
        }
    }
    // Undo runs in reverse: the `with` lists, the kept copies, the
    // appended items, then the department itself.
    let mut all = rename_in_with(list, &from, &into);
    all.append(&mut inverse);
    all.extend(appended.into_iter().rev().map(|id| Edit::DeleteItem { id }));
    all.push(Edit::InsertDepartment {
        department: moved,
        index: f,
    });
    Ok(Edit::Batch(all))
}

/// Folds `other`'s copy of a task into `kept` (a merge of departments).
fn absorb(kept: &mut Item, other: &Item) {
    if other.role == Role::Lead {
        kept.role = Role::Lead;
    }
    if other.status.rank() > kept.status.rank() {
        kept.status = other.status;
    }
    let note = other.note.trim();
    if !note.is_empty() && !kept.note.contains(note) {
        if !kept.note.trim().is_empty() {
            kept.note.push('\n');
        }
        kept.note.push_str(note);
    }
    for name in &other.with {
        if !kept.with.contains(name) {
            kept.with.push(name.clone());
        }
    }
}

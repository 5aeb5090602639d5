//! Tasks: the copies of one clause that several departments hold.
//!
//! A checklist is kept per department (that is how a clerk reviews it),
//! but what it records is tasks: one clause with its lead (牵头) and
//! supporting (配合) units. Every [`Item`] names its task ([`Item::task`]);
//! a task's units are derived from its copies, never stored twice:
//! - each copy's department, with the copy's role;
//! - each name in a copy's `with` (配合单位 written without a copy of
//!   their own), as support.
//!
//! The text and deadline belong to the task (editing one copy's edits all,
//! [`Checklist::task_edit`]); status and note belong to each copy.

use super::{Checklist, Department, Item};
use crate::model::Role;
use std::collections::HashMap;

/// One task and the copies of it, in checklist order.
#[derive(Debug, Clone)]
pub struct Task<'a> {
    pub key: u64,
    pub copies: Vec<(&'a Department, &'a Item)>,
}

/// The units of a task, each named once, in checklist order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    pub lead: Vec<String>,
    pub support: Vec<String>,
}

impl Units {
    /// Whether `name` leads or supports.
    pub fn involves(&self, name: &str) -> bool {
        self.lead.iter().chain(&self.support).any(|n| n == name)
    }

    /// The units other than `name`, with their roles (leads first).
    pub fn others(&self, name: &str) -> Vec<(&str, Role)> {
        let lead = self.lead.iter().map(|n| (n.as_str(), Role::Lead));
        let support = self.support.iter().map(|n| (n.as_str(), Role::Support));
        lead.chain(support).filter(|(n, _)| *n != name).collect()
    }
}

impl Item {
    /// The task this item is a copy of (an item of an older file, or one
    /// written by hand, is a task of its own).
    pub fn task_key(&self) -> u64 {
        if self.task == 0 { self.id } else { self.task }
    }
}

impl<'a> Task<'a> {
    /// Lead and supporting units, derived from the copies.
    pub fn units(&self) -> Units {
        let mut units = Units::default();
        for (dept, item) in &self.copies {
            let name = dept.name.trim();
            if units.involves(name) {
                continue;
            }
            match item.role {
                Role::Lead => units.lead.push(name.to_string()),
                Role::Support => units.support.push(name.to_string()),
            }
        }
        for (_, item) in &self.copies {
            for name in &item.with {
                let name = name.trim();
                if !name.is_empty() && !units.involves(name) {
                    units.support.push(name.to_string());
                }
            }
        }
        units
    }

    /// The copy whose text and deadline stand for the task: the first
    /// lead, else the first copy (`None` only for a task without copies,
    /// which [`Checklist::tasks`] never makes).
    pub fn main(&self) -> Option<&'a Item> {
        self.copies
            .iter()
            .find(|(_, item)| item.role == Role::Lead)
            .or(self.copies.first())
            .map(|(_, item)| *item)
    }
}

impl Checklist {
    /// Every task with its copies, in the order of their first copy.
    pub fn tasks(&self) -> Vec<Task<'_>> {
        let mut tasks: Vec<Task<'_>> = Vec::new();
        let mut index: HashMap<u64, usize> = HashMap::new();
        for (dept, item) in self.items() {
            let key = item.task_key();
            match index.get(&key) {
                Some(&i) => tasks[i].copies.push((dept, item)),
                None => {
                    index.insert(key, tasks.len());
                    tasks.push(Task {
                        key,
                        copies: vec![(dept, item)],
                    });
                }
            }
        }
        tasks
    }

    /// The units of every task, by task key (for exports that go item by
    /// item and say who else shares each one).
    pub fn units_by_task(&self) -> HashMap<u64, Units> {
        self.tasks().iter().map(|t| (t.key, t.units())).collect()
    }

    /// The task the item with `id` is a copy of.
    pub fn task_of(&self, id: u64) -> Option<Task<'_>> {
        let key = self.item(id)?.task_key();
        let copies = self
            .items()
            .filter(|(_, item)| item.task_key() == key)
            .collect();
        Some(Task { key, copies })
    }

    /// Ids of every copy of the task of `id` (`id` itself included;
    /// empty when there is no such item).
    pub fn copies_of(&self, id: u64) -> Vec<u64> {
        self.task_of(id)
            .map(|t| t.copies.iter().map(|(_, i)| i.id).collect())
            .unwrap_or_default()
    }

    /// The edit `make` gives for every copy of the task of `id`, as one
    /// undo step: a task's text and deadline are edited on all copies.
    pub fn task_edit(&self, id: u64, make: impl Fn(u64) -> super::Edit) -> super::Edit {
        let mut edits: Vec<super::Edit> = self.copies_of(id).into_iter().map(&make).collect();
        match edits.len() {
            // Unknown id: the edit of `id` itself reports it.
            0 => make(id),
            1 => edits.remove(0),
            _ => super::Edit::Batch(edits),
        }
    }

    /// `edit` as it applies to tasks: a new text or deadline for one copy
    /// is the task's, so it goes to every copy (one undo step). Other
    /// edits are returned as they are.
    pub fn widen(&self, edit: super::Edit) -> super::Edit {
        use super::Edit;
        match edit {
            Edit::SetText { id, text } => self.task_edit(id, |id| Edit::SetText {
                id,
                text: text.clone(),
            }),
            Edit::SetDeadline { id, deadline } => self.task_edit(id, |id| Edit::SetDeadline {
                id,
                deadline: deadline.clone(),
            }),
            Edit::SetDueDate { id, due } => self.task_edit(id, |id| Edit::SetDueDate { id, due }),
            other => other,
        }
    }

    /// Whether department `d` already holds a copy of task `key`, other
    /// than the item `except`.
    pub(super) fn holds_task(&self, d: usize, key: u64, except: u64) -> bool {
        self.departments[d]
            .items
            .iter()
            .any(|i| i.id != except && i.task_key() == key)
    }

    /// Gives items without a task (a fresh extraction, a file older than
    /// format 2) their tasks: copies of one clause (same source span and
    /// same text) become one task, keyed by the id of the first copy met,
    /// as the table merged them before tasks were stored. Names in `with`
    /// that have a copy of their own are dropped: their copy says their
    /// role.
    pub(super) fn assign_tasks(&mut self) {
        let keys: Vec<u64> = {
            let mut first: HashMap<(usize, usize, &str), u64> = HashMap::new();
            self.items()
                .map(|(_, item)| match (item.task, item.span) {
                    (0, Some(span)) => *first
                        .entry((span.start, span.end, item.text.as_str()))
                        .or_insert(item.id),
                    (0, None) => item.id,
                    (task, _) => task,
                })
                .collect()
        };
        // The departments holding a copy of each task.
        let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
        let places = self
            .departments
            .iter()
            .enumerate()
            .flat_map(|(d, dept)| std::iter::repeat_n(d, dept.items.len()));
        for (d, key) in places.zip(&keys) {
            holders.entry(*key).or_default().push(d);
        }
        let names: Vec<String> = self.departments.iter().map(|d| d.name.clone()).collect();
        let items = self.departments.iter_mut().flat_map(|d| d.items.iter_mut());
        for (item, key) in items.zip(keys) {
            item.task = key;
            let held = holders.get(&key).map_or(&[][..], Vec::as_slice);
            item.with
                .retain(|w| !held.iter().any(|&d| names[d] == w.trim()));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::Source;
    use crate::document::Span;

    fn copy(id: u64, task: u64, role: Role, with: &[&str]) -> Item {
        Item {
            id,
            task,
            text: "任务".into(),
            role,
            with: with.iter().map(|s| s.to_string()).collect(),
            ..Item::default()
        }
    }

    fn list(departments: Vec<(&str, Vec<Item>)>) -> Checklist {
        let mut list = Checklist::new(Source::default());
        for (name, items) in departments {
            list.departments.push(Department {
                name: name.into(),
                items,
            });
        }
        list.repair_next_id();
        list
    }

    #[test]
    fn units_come_from_copies_and_with() {
        let list = list(vec![
            ("公安", vec![copy(1, 1, Role::Support, &["财政", "卫生"])]),
            ("卫生", vec![copy(2, 1, Role::Lead, &[])]),
            (
                "司法",
                vec![copy(3, 1, Role::Lead, &[]), copy(4, 0, Role::Lead, &[])],
            ),
        ]);
        let tasks = list.tasks();
        assert_eq!(tasks.len(), 2);
        let units = tasks[0].units();
        assert_eq!(units.lead, ["卫生", "司法"]);
        assert_eq!(units.support, ["公安", "财政"]);
        assert_eq!(tasks[0].main().map(|i| i.id), Some(2));
        assert_eq!(
            units.others("卫生"),
            [
                ("司法", Role::Lead),
                ("公安", Role::Support),
                ("财政", Role::Support)
            ]
        );
        // Id 4 has no task written: a task of its own.
        assert_eq!(tasks[1].key, 4);
        assert_eq!(list.copies_of(3), [1, 2, 3]);
        assert_eq!(list.copies_of(4), [4]);
        assert!(list.copies_of(99).is_empty());
    }

    #[test]
    fn older_files_get_tasks_by_clause() {
        let old = |id, span: Option<(usize, usize)>, text: &str, with: &[&str]| Item {
            id,
            text: text.into(),
            span: span.map(|(s, e)| Span::new(s, e)),
            with: with.iter().map(|s| s.to_string()).collect(),
            ..Item::default()
        };
        let mut list = list(vec![
            (
                "公安",
                vec![
                    old(1, Some((0, 9)), "甲", &["卫生", "财政"]),
                    old(2, None, "手写", &[]),
                ],
            ),
            (
                "卫生",
                vec![
                    old(3, Some((0, 9)), "甲", &["公安"]),
                    old(4, Some((0, 9)), "乙", &[]),
                ],
            ),
        ]);
        list.assign_tasks();
        let tasks: Vec<Vec<u64>> = list
            .tasks()
            .iter()
            .map(|t| t.copies.iter().map(|(_, i)| i.id).collect())
            .collect();
        assert_eq!(tasks, [vec![1, 3], vec![2], vec![4]]);
        // Names with a copy of their own leave `with`; others stay.
        assert_eq!(list.item(1).unwrap().with, ["财政"]);
        assert!(list.item(3).unwrap().with.is_empty());
    }
}

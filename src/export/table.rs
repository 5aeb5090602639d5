//! The 任务分解表 (task breakdown table) that the xlsx, docx and csv exports
//! share: one row per task, where the copies of one clause across
//! departments become a single row with a lead (牵头单位) and supporting
//! (配合单位) departments. Also measures text for column widths.
//!
//! Owns the row model and the merge rule; must not know any file format.

use crate::checklist::{Checklist, Item};
use crate::document::Span;
use crate::model::Role;

/// The column headers of the task table, in order.
pub const HEADERS: [&str; 8] = [
    "序号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "原文出处",
    "进展情况",
    "备注",
];

/// Widest each task-table column may grow (spreadsheet column units)
/// before its text wraps; together they fit A4 landscape.
pub const TASK_CAPS: [usize; 8] = [6, 40, 14, 18, 14, 44, 12, 18];

/// The column headers of a department's own sheet, in order.
pub const DEPARTMENT_HEADERS: [&str; 5] = ["序号", "任务", "状态", "完成时限", "备注"];

/// The title used when the speech had none.
pub const UNTITLED: &str = "任务分解表";

/// The task table of a checklist (or of one department's part of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTable {
    /// The speech's title, or [`UNTITLED`].
    pub title: String,
    pub rows: Vec<TaskRow>,
}

/// One task: a clause with every department that received a copy of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub task: String,
    pub lead: String,
    pub support: Vec<String>,
    pub deadline: String,
    /// The heading the clause stands under, if any.
    pub section: Option<String>,
    /// The source sentence.
    pub quote: String,
    /// 进展情况: one status, or per department when the copies differ.
    pub progress: String,
    pub note: String,
}

impl TaskRow {
    /// The cells of this row under [`HEADERS`]; `number` is its 序号.
    pub fn cells(&self, number: usize) -> [String; 8] {
        [
            number.to_string(),
            self.task.clone(),
            self.lead.clone(),
            self.support.join("、"),
            self.deadline.clone(),
            self.source(),
            self.progress.clone(),
            self.note.clone(),
        ]
    }

    /// 原文出处: the section heading on its own line, then the sentence.
    pub fn source(&self) -> String {
        match &self.section {
            Some(section) if !section.trim().is_empty() => {
                format!("{}\n{}", section.trim(), self.quote.trim())
            }
            _ => self.quote.trim().to_string(),
        }
    }

    /// Whether `department` leads or supports this task.
    pub fn involves(&self, department: &str) -> bool {
        self.lead == department || self.support.iter().any(|s| s == department)
    }
}

impl TaskTable {
    /// Builds the table: copies of one clause (same source span and same
    /// task text) become one row, in the order of the speech; hand-written
    /// items (no span) follow in checklist order and are never merged.
    pub fn new(list: &Checklist) -> TaskTable {
        // Group by (span, text), remembering each group's first position
        // so that groups keep checklist order before the stable sort.
        let mut groups: Vec<(Option<Span>, Copies)> = Vec::new();
        let mut index: std::collections::HashMap<(Span, &str), usize> =
            std::collections::HashMap::new();
        for (dept, item) in list.items() {
            match item.span {
                Some(span) => {
                    let key = (span, item.text.as_str());
                    match index.get(&key) {
                        Some(&i) => groups[i].1.push((dept.name.as_str(), item)),
                        None => {
                            index.insert(key, groups.len());
                            groups.push((Some(span), vec![(dept.name.as_str(), item)]));
                        }
                    }
                }
                None => groups.push((None, vec![(dept.name.as_str(), item)])),
            }
        }
        // Speech order; spanless items last (None sorts after every Some
        // with this key).
        groups.sort_by_key(|(span, _)| match span {
            Some(s) => (0, s.start, s.end),
            None => (1, 0, 0),
        });
        let rows = groups.into_iter().map(|(_, copies)| row(&copies)).collect();
        TaskTable {
            title: title_of(list),
            rows,
        }
    }

    /// Only the rows `department` leads or supports, titled for it.
    pub fn for_department(&self, department: &str) -> TaskTable {
        TaskTable {
            title: format!("{}（{department}）", self.title),
            rows: self
                .rows
                .iter()
                .filter(|r| r.involves(department))
                .cloned()
                .collect(),
        }
    }
}

/// The speech's title, or [`UNTITLED`].
pub fn title_of(list: &Checklist) -> String {
    let title = list.source.title.trim();
    if title.is_empty() {
        UNTITLED.to_string()
    } else {
        title.to_string()
    }
}

/// The copies of one clause: (department name, item), in checklist order.
type Copies<'a> = Vec<(&'a str, &'a Item)>;

fn row(copies: &[(&str, &Item)]) -> TaskRow {
    // The lead is the department marked lead, else the first listed.
    let lead_at = copies
        .iter()
        .position(|(_, item)| item.role == Role::Lead)
        .unwrap_or(0);
    let (lead, first) = copies[lead_at];
    let mut support: Vec<String> = Vec::new();
    for (i, (dept, _)) in copies.iter().enumerate() {
        if i != lead_at && *dept != lead && !support.iter().any(|s| s == dept) {
            support.push((*dept).to_string());
        }
    }
    let deadline = copies
        .iter()
        .find_map(|(_, item)| item.deadline.as_ref().map(|d| d.text.clone()))
        .unwrap_or_default();
    TaskRow {
        task: first.text.trim().to_string(),
        lead: lead.to_string(),
        support,
        deadline,
        section: first.section.clone(),
        quote: first.quote.clone(),
        progress: progress(copies),
        note: notes(copies),
    }
}

/// One status when every department agrees, else "公安：已完成；…".
fn progress(copies: &[(&str, &Item)]) -> String {
    let first = copies[0].1.status;
    if copies.iter().all(|(_, item)| item.status == first) {
        return first.label_zh().to_string();
    }
    copies
        .iter()
        .map(|(dept, item)| format!("{dept}：{}", item.status.label_zh()))
        .collect::<Vec<_>>()
        .join("；")
}

/// The notes of the copies; prefixed with the department when more than
/// one department wrote one.
fn notes(copies: &[(&str, &Item)]) -> String {
    let written: Vec<(&str, &str)> = copies
        .iter()
        .map(|(dept, item)| (*dept, item.note.trim()))
        .filter(|(_, note)| !note.is_empty())
        .collect();
    match written.as_slice() {
        [] => String::new(),
        [(_, note)] => (*note).to_string(),
        many => {
            let first = many[0].1;
            if many.iter().all(|(_, n)| *n == first) {
                return first.to_string();
            }
            many.iter()
                .map(|(dept, note)| format!("{dept}：{note}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

/// The width of `text`'s longest line in spreadsheet column units: Han
/// characters and full-width punctuation count two, others one.
pub fn display_width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(char_width).sum())
        .max()
        .unwrap_or(0)
}

/// Column units one character takes.
pub fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F
        | 0x2014..=0x2026 // — ‘ ’ “ ” … are full width in Chinese fonts
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Column widths (units) that fit each column's longest line, at least 6
/// and at most `caps`, so long text wraps instead of widening the page.
pub fn column_widths<const N: usize>(
    headers: &[&str; N],
    rows: &[[String; N]],
    caps: &[usize; N],
) -> [usize; N] {
    let mut widths = [0usize; N];
    for (col, width) in widths.iter_mut().enumerate() {
        let longest = rows
            .iter()
            .map(|r| display_width(&r[col]))
            .chain(std::iter::once(display_width(headers[col])))
            .max()
            .unwrap_or(0);
        *width = (longest + 2).min(caps[col]).max(6);
    }
    widths
}

/// How many lines `text` takes in a column `width` units wide when
/// wrapped (at least one).
pub fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.lines()
        .map(|line| {
            let w: usize = line.chars().map(char_width).sum();
            w.div_ceil(width).max(1)
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Department, Source, Status};
    use crate::model::Deadline;

    fn item(id: u64, span: Option<(usize, usize)>, text: &str, role: Role) -> Item {
        Item {
            id,
            text: text.into(),
            quote: format!("{text}。"),
            span: span.map(|(s, e)| Span::new(s, e)),
            role,
            ..Item::default()
        }
    }

    fn list(departments: Vec<(&str, Vec<Item>)>) -> Checklist {
        let mut list = Checklist::new(Source {
            title: "讲话".into(),
            ..Source::default()
        });
        list.departments = departments
            .into_iter()
            .map(|(name, items)| Department {
                name: name.into(),
                items,
            })
            .collect();
        list
    }

    #[test]
    fn copies_merge_with_the_marked_lead() {
        let mut shared_support = item(2, Some((10, 20)), "共同任务", Role::Support);
        shared_support.status = Status::Done;
        shared_support.note = "已报送".into();
        let mut shared_lead = item(3, Some((10, 20)), "共同任务", Role::Lead);
        shared_lead.deadline = Some(Deadline {
            text: "6月底前".into(),
            due: None,
        });
        let table = TaskTable::new(&list(vec![
            (
                "公安",
                vec![
                    item(1, Some((30, 40)), "后面的任务", Role::Lead),
                    shared_support,
                ],
            ),
            (
                "交通",
                vec![
                    shared_lead,
                    item(4, None, "手写任务", Role::Lead),
                    // Same span, different text: a different task.
                    item(5, Some((10, 20)), "另一任务", Role::Lead),
                ],
            ),
        ]));
        let tasks: Vec<_> = table.rows.iter().map(|r| r.task.as_str()).collect();
        assert_eq!(tasks, ["共同任务", "另一任务", "后面的任务", "手写任务"]);
        let shared = &table.rows[0];
        assert_eq!(shared.lead, "交通");
        assert_eq!(shared.support, ["公安"]);
        assert_eq!(shared.deadline, "6月底前");
        assert_eq!(shared.progress, "公安：已完成；交通：未开始");
        assert_eq!(shared.note, "已报送");
        assert_eq!(table.title, "讲话");
        let police = table.for_department("公安");
        assert_eq!(police.rows.len(), 2);
        assert_eq!(police.title, "讲话（公安）");
    }

    #[test]
    fn without_a_marked_lead_the_first_leads() {
        let table = TaskTable::new(&list(vec![
            ("甲", vec![item(1, Some((0, 5)), "任务", Role::Support)]),
            ("乙", vec![item(2, Some((0, 5)), "任务", Role::Support)]),
        ]));
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].lead, "甲");
        assert_eq!(table.rows[0].support, ["乙"]);
        assert_eq!(table.rows[0].progress, "未开始");
    }

    #[test]
    fn widths_count_han_as_two() {
        let table = [
            ("", 0),
            ("abc", 3),
            ("公安局", 6),
            ("6月底前", 7),
            ("“一件事”", 10),
            ("短\n更长一行", 8),
        ];
        for (text, want) in table {
            assert_eq!(display_width(text), want, "{text:?}");
        }
        assert_eq!(wrapped_lines("公安局公安局", 6), 2);
        assert_eq!(wrapped_lines("", 6), 1);
        assert_eq!(wrapped_lines("甲\n乙", 6), 2);
        let rows = [["1".to_string(), "很长很长很长很长的任务".to_string()]];
        assert_eq!(column_widths(&["序号", "任务"], &rows, &[6, 10]), [6, 10]);
        assert_eq!(column_widths(&["序号", "任务"], &rows, &[6, 40]), [6, 24]);
    }
}

//! The 任务分解表 (task breakdown table) that the xlsx, docx and csv exports
//! share: one row per task, where the copies of one clause across
//! departments become a single row with a lead (牵头单位) and supporting
//! (配合单位) departments. Also measures text for column widths.
//!
//! Owns the row model and the merge rule; must not know any file format.

use super::print::{self, OTHER_PART, SECTION_CHARS, SOURCE_CHARS, TableDate};
use crate::checklist::{Checklist, Item, Task, Units};
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
pub const TASK_CAPS: [usize; 8] = [6, 42, 14, 18, 14, 40, 12, 18];

/// Narrowest each task-table column is: room to write 进展情况 and 备注
/// by hand on a printed table, even when they are empty.
pub const TASK_MINS: [usize; 8] = [6, 24, 10, 10, 10, 20, 12, 14];

/// The column headers of a department's own sheet, in order.
pub const DEPARTMENT_HEADERS: [&str; 5] = ["序号", "任务", "状态", "完成时限", "备注"];

/// The title used when the speech had none.
pub const UNTITLED: &str = "任务分解表";

/// The task table of a checklist (or of one department's part of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTable {
    /// The speech's title, or [`UNTITLED`].
    pub title: String,
    /// The department whose part this is, if not the whole table.
    pub department: Option<String>,
    /// 制表日期; none leaves the line out.
    pub date: Option<TableDate>,
    pub rows: Vec<TaskRow>,
}

/// One task: a clause with its lead and supporting units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub task: String,
    /// 牵头单位: every unit whose copy leads (none when all support).
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub deadline: String,
    /// The heading the clause stands under, if any.
    pub section: Option<String>,
    /// The speech's top-level part (一、…) the clause stands in, printed
    /// as a section row above the part's first row; [`print::OTHER_PART`]
    /// for hand-written tasks when the others have parts.
    pub part: Option<String>,
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
            self.lead.join("、"),
            self.support.join("、"),
            self.deadline.clone(),
            self.short_source(),
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

    /// 原文出处 as printed: where the clause stands and how its sentence
    /// begins, enough to find it in the speech (the whole sentence made
    /// rows a page high). The sub-heading is left out when it is the
    /// part's own, which the section row above already shows.
    pub fn short_source(&self) -> String {
        // A sentence a scanned text broke over lines is one line here.
        let joined: String = self.quote.lines().map(str::trim).collect();
        let quote = print::shorten(&joined, SOURCE_CHARS);
        match self.section.as_deref().map(str::trim) {
            Some(section)
                if !section.is_empty()
                    && !self.part.as_deref().is_some_and(|p| p.contains(section)) =>
            {
                format!("{}\n{quote}", print::shorten(section, SECTION_CHARS))
            }
            _ => quote,
        }
    }

    /// Whether `department` leads or supports this task.
    pub fn involves(&self, department: &str) -> bool {
        self.lead
            .iter()
            .chain(&self.support)
            .any(|s| s == department)
    }
}

impl TaskTable {
    /// Builds the table: one row per task ([`Checklist::tasks`]), in the
    /// order of the speech; hand-written tasks (no span) follow in
    /// checklist order.
    pub fn new(list: &Checklist) -> TaskTable {
        let mut tasks: Vec<(Option<Span>, TaskRow)> = list
            .tasks()
            .iter()
            .filter_map(|task| Some((task.main()?.span, row(task)?)))
            .collect();
        // Speech order; spanless tasks last (stable: checklist order).
        tasks.sort_by_key(|(span, _)| match span {
            Some(s) => (0, s.start, s.end),
            None => (1, 0, 0),
        });
        set_parts(&list.speech, &mut tasks);
        TaskTable {
            title: title_of(list),
            department: None,
            date: None,
            rows: tasks.into_iter().map(|(_, row)| row).collect(),
        }
    }

    /// The table with its 制表日期.
    pub fn dated(mut self, date: Option<TableDate>) -> TaskTable {
        self.date = date;
        self
    }

    /// The printed heading: 《title》任务分解表, with the department for a
    /// department's part ([`print::heading`]).
    pub fn heading(&self) -> String {
        print::heading(&self.title, self.department.as_deref())
    }

    /// Only the rows `department` leads or supports, titled for it.
    pub fn for_department(&self, department: &str) -> TaskTable {
        TaskTable {
            title: self.title.clone(),
            department: Some(department.to_string()),
            date: self.date,
            rows: self
                .rows
                .iter()
                .filter(|r| r.involves(department))
                .cloned()
                .collect(),
        }
    }
}

/// Each row's part: the speech's top-level heading before its sentence;
/// when the speech has none, the heading the clause stands under (a
/// Word heading, a （一） point). Rows without a sentence go last, under
/// [`OTHER_PART`] when the others have parts.
fn set_parts(speech: &str, rows: &mut [(Option<Span>, TaskRow)]) {
    let parts = print::parts(speech);
    for (span, row) in rows.iter_mut() {
        row.part = match span {
            Some(span) if !parts.is_empty() => print::part_at(&parts, span.start).map(String::from),
            Some(_) => row.section.clone().filter(|s| !s.trim().is_empty()),
            None => None,
        };
    }
    if rows.iter().any(|(_, row)| row.part.is_some()) {
        for (span, row) in rows.iter_mut() {
            if span.is_none() {
                row.part = Some(OTHER_PART.to_string());
            }
        }
    }
}

/// What a department's copy of a task says about who shares it, for a
/// department's own list: nothing for a lone lead; else its role and the
/// other units ("牵头，配合单位：卫生", "配合，牵头单位：公安").
pub fn role_text(units: &Units, department: &str, role: Role) -> String {
    let others = units.others(department);
    let names = |wanted: Role| {
        others
            .iter()
            .filter(|(_, r)| *r == wanted)
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join("、")
    };
    let (leads, supports) = (names(Role::Lead), names(Role::Support));
    let mut parts: Vec<String> = Vec::new();
    match role {
        Role::Lead if leads.is_empty() && supports.is_empty() => return String::new(),
        Role::Lead => {
            parts.push("牵头".into());
            if !leads.is_empty() {
                parts.push(format!("共同牵头：{leads}"));
            }
        }
        Role::Support => {
            parts.push("配合".into());
            if !leads.is_empty() {
                parts.push(format!("牵头单位：{leads}"));
            }
        }
    }
    if !supports.is_empty() {
        let label = if role == Role::Lead {
            "配合单位"
        } else {
            "其他配合单位"
        };
        parts.push(format!("{label}：{supports}"));
    }
    parts.join("，")
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

/// The row of a task: its units as the copies set them, the text and
/// deadline of its main copy, status and notes per copy.
fn row(task: &Task<'_>) -> Option<TaskRow> {
    let main = task.main()?;
    let units = task.units();
    let deadline = std::iter::once(main)
        .chain(task.copies.iter().map(|(_, item)| *item))
        .find_map(|item| item.deadline.as_ref().map(|d| d.text.clone()))
        .unwrap_or_default();
    let copies: Vec<(&str, &Item)> = task
        .copies
        .iter()
        .map(|(dept, item)| (dept.name.as_str(), *item))
        .collect();
    Some(TaskRow {
        task: main.text.trim().to_string(),
        lead: units.lead,
        support: units.support,
        deadline,
        section: main.section.as_deref().map(str::to_owned),
        part: None,
        quote: main.quote.to_string(),
        progress: progress(&copies),
        note: notes(&copies),
    })
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

/// Column widths (units) that fit each column's longest line, at least
/// `mins` (and 6) and at most `caps`, so long text wraps instead of
/// widening the page.
pub fn column_widths<const N: usize>(
    headers: &[&str; N],
    rows: &[[String; N]],
    caps: &[usize; N],
    mins: &[usize; N],
) -> [usize; N] {
    let mut widths = [0usize; N];
    for (col, width) in widths.iter_mut().enumerate() {
        let longest = rows
            .iter()
            .map(|r| display_width(&r[col]))
            .chain(std::iter::once(display_width(headers[col])))
            .max()
            .unwrap_or(0);
        *width = (longest + 2).min(caps[col]).max(mins[col]).max(6);
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

    fn item(id: u64, task: u64, span: Option<(usize, usize)>, text: &str, role: Role) -> Item {
        Item {
            id,
            task,
            text: text.into(),
            quote: format!("{text}。").into(),
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
        list.repair_next_id();
        list
    }

    #[test]
    fn copies_of_a_task_are_one_row() {
        let mut shared_support = item(2, 2, Some((10, 20)), "共同任务", Role::Support);
        shared_support.status = Status::Done;
        shared_support.note = "已报送".into();
        let mut shared_lead = item(3, 2, Some((10, 20)), "共同任务", Role::Lead);
        shared_lead.deadline = Some(Deadline {
            text: "6月底前".into(),
            due: None,
        });
        let table = TaskTable::new(&list(vec![
            (
                "公安",
                vec![
                    item(1, 1, Some((30, 40)), "后面的任务", Role::Lead),
                    shared_support,
                ],
            ),
            (
                "交通",
                vec![
                    shared_lead,
                    item(4, 0, None, "手写任务", Role::Lead),
                    // Same sentence, another task.
                    item(5, 5, Some((10, 20)), "另一任务", Role::Lead),
                ],
            ),
        ]));
        let tasks: Vec<_> = table.rows.iter().map(|r| r.task.as_str()).collect();
        assert_eq!(tasks, ["共同任务", "另一任务", "后面的任务", "手写任务"]);
        let shared = &table.rows[0];
        assert_eq!(shared.lead, ["交通"]);
        assert_eq!(shared.support, ["公安"]);
        assert_eq!(shared.deadline, "6月底前");
        assert_eq!(shared.progress, "公安：已完成；交通：未开始");
        assert_eq!(shared.note, "已报送");
        assert_eq!(table.title, "讲话");
        let police = table.for_department("公安");
        assert_eq!(police.rows.len(), 2);
        assert_eq!(police.title, "讲话");
        assert_eq!(police.heading(), "《讲话》任务分解表（公安）");
    }

    #[test]
    fn roles_are_printed_as_set() {
        // No copy leads: no one is printed as lead.
        let table = TaskTable::new(&list(vec![
            ("甲", vec![item(1, 1, Some((0, 5)), "任务", Role::Support)]),
            ("乙", vec![item(2, 1, Some((0, 5)), "任务", Role::Support)]),
        ]));
        assert_eq!(table.rows.len(), 1);
        assert!(table.rows[0].lead.is_empty());
        assert_eq!(table.rows[0].support, ["甲", "乙"]);
        assert_eq!(table.rows[0].progress, "未开始");
        assert_eq!(table.rows[0].cells(1)[2], "");
        // Two leads: both printed; a partner typed in 协同 is support.
        let mut first = item(1, 1, Some((0, 5)), "任务", Role::Lead);
        first.with = vec!["财政".into(), "乙".into()];
        let table = TaskTable::new(&list(vec![
            ("甲", vec![first]),
            ("乙", vec![item(2, 1, Some((0, 5)), "任务", Role::Lead)]),
        ]));
        assert_eq!(table.rows[0].cells(1)[2], "甲、乙");
        assert_eq!(table.rows[0].cells(1)[3], "财政");
    }

    #[test]
    fn role_texts() {
        let units = Units {
            lead: vec!["公安".into(), "交通".into()],
            support: vec!["卫生".into(), "财政".into()],
        };
        let table = [
            (
                "公安",
                Role::Lead,
                "牵头，共同牵头：交通，配合单位：卫生、财政",
            ),
            (
                "卫生",
                Role::Support,
                "配合，牵头单位：公安、交通，其他配合单位：财政",
            ),
        ];
        for (name, role, want) in table {
            assert_eq!(role_text(&units, name, role), want);
        }
        let alone = Units {
            lead: vec!["公安".into()],
            support: Vec::new(),
        };
        assert_eq!(role_text(&alone, "公安", Role::Lead), "");
        assert_eq!(role_text(&Units::default(), "公安", Role::Support), "配合");
    }

    #[test]
    fn rows_stand_in_the_speech_parts() {
        let speech =
            "讲话\n同志们：\n一、压实责任\n甲要做事。\n二、突出重点\n（一）危化品。乙要做事。\n";
        let at = |text: &str| speech.find(text).unwrap();
        let span = |text: &str| Some((at(text), at(text) + text.len()));
        let mut first = item(1, 1, span("甲要做事。"), "甲要做事", Role::Lead);
        first.section = Some("压实责任".into());
        let mut second = item(2, 2, span("乙要做事。"), "乙要做事", Role::Lead);
        second.section = Some("危化品".into());
        second.quote = "乙要做事，".repeat(10).into();
        let mut with_speech = list(vec![(
            "甲",
            vec![first, second, item(3, 3, None, "手写", Role::Lead)],
        )]);
        with_speech.speech = speech.into();
        let table = TaskTable::new(&with_speech);
        let parts: Vec<_> = table.rows.iter().map(|r| r.part.as_deref()).collect();
        assert_eq!(
            parts,
            [Some("一、压实责任"), Some("二、突出重点"), Some(OTHER_PART)]
        );
        // The part's own heading is not repeated; a sub-heading is.
        assert_eq!(table.rows[0].short_source(), "甲要做事。");
        let source = table.rows[1].short_source();
        assert!(
            source.starts_with("危化品\n乙要做事，") && source.ends_with('…'),
            "{source}"
        );
        assert_eq!(
            source.lines().nth(1).unwrap().chars().count(),
            SOURCE_CHARS + 1
        );

        // Without the speech, the heading each clause stands under.
        let mut without = with_speech.clone();
        without.speech.clear();
        let table = TaskTable::new(&without);
        let parts: Vec<_> = table.rows.iter().map(|r| r.part.as_deref()).collect();
        assert_eq!(parts, [Some("压实责任"), Some("危化品"), Some(OTHER_PART)]);
        // Nothing under a heading: no parts at all.
        let plain = TaskTable::new(&list(vec![(
            "甲",
            vec![
                item(1, 1, Some((0, 5)), "任务", Role::Lead),
                item(2, 2, None, "手写", Role::Lead),
            ],
        )]));
        assert!(plain.rows.iter().all(|r| r.part.is_none()));
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
        let mins = [6, 6];
        assert_eq!(
            column_widths(&["序号", "任务"], &rows, &[6, 10], &mins),
            [6, 10]
        );
        assert_eq!(
            column_widths(&["序号", "任务"], &rows, &[6, 40], &mins),
            [6, 24]
        );
        assert_eq!(
            column_widths(&["序号", "备注"], &rows, &[6, 40], &[6, 30]),
            [6, 30]
        );
    }
}

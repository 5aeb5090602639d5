//! The 反馈表 round trip: one workbook per department with its open tasks
//! and columns to fill in, and reading the returned workbooks back.
//!
//! A returned file is checked whole before anything changes: the marker
//! sheet says which ledger documents and department it was made for, the
//! header row must be where and as it was written, every id must be one of
//! that department's tasks in this ledger. Any problem refuses the whole
//! import with a message naming the file and row; otherwise each filled
//! row becomes a progress report (and a status, when 完成情况 says one),
//! all applied as one undo step. Reports are appended, so earlier ones
//! stay; a row already imported is not added twice.

use super::status::{self, Clock};
use super::{Ledger, LedgerError};
use crate::checklist::Edit;
use crate::model::{Date, Report, Status};
use calamine::{Data, DataType, Reader, Xlsx};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Serialize;
use std::io::Cursor;

/// The hidden sheet that says what a 反馈表 was made for.
const MARK_SHEET: &str = "luoshi";
/// Its first cell.
const MARK: &str = "luoshi-feedback-1";
/// The sheet the department fills in.
pub const SHEET: &str = "反馈表";
/// The columns, in order; the department fills the last five.
pub const HEADERS: [&str; 11] = [
    "编号",
    "文件",
    "任务内容",
    "牵头/配合",
    "完成时限",
    "当前状态",
    "进展情况",
    "完成情况",
    "存在问题",
    "填报人",
    "填报日期",
];
/// The 0-based row of the header (two title lines above it).
const HEADER_ROW: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("台账中没有单位“{0}”的任务 / the ledger has no task for “{0}”")]
    NoSuchDepartment(String),
    #[error(
        "{file} 不是可读的 Excel 文件（{reason}） / {file} is not a readable Excel file ({reason})"
    )]
    NotXlsx { file: String, reason: String },
    #[error(
        "{file} 不是落实导出的反馈表（缺少标记页），未导入任何内容 / {file} is not a feedback table exported by Luoshi (its marker sheet is missing); nothing was imported"
    )]
    NotOurs { file: String },
    #[error(
        "{file} 第 {row} 行：{problem}；整个导入已取消，台账未改动 / {file}, row {row}: {problem}; the whole import was cancelled and the ledger is unchanged"
    )]
    Row {
        file: String,
        row: u32,
        problem: String,
    },
    #[error(
        "{file}：{problem}；整个导入已取消，台账未改动 / {file}: {problem}; the whole import was cancelled and the ledger is unchanged"
    )]
    File { file: String, problem: String },
    #[error("无法生成反馈表：{0} / cannot write the feedback table: {0}")]
    Write(String),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

impl From<XlsxError> for FeedbackError {
    fn from(e: XlsxError) -> Self {
        FeedbackError::Write(e.to_string())
    }
}

/// The 反馈表 of one department: its open tasks across the ledger.
pub fn export(ledger: &Ledger, department: &str, clock: Clock) -> Result<Vec<u8>, FeedbackError> {
    let rows: Vec<_> = status::rows(ledger, clock)
        .into_iter()
        .filter(|r| r.department == department)
        .collect();
    if rows.is_empty() {
        return Err(FeedbackError::NoSuchDepartment(department.to_string()));
    }
    let open: Vec<_> = rows.into_iter().filter(|r| !r.done).collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    let title = Format::new().set_bold().set_font_size(16);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#D9D9D9");
    let given = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_background_color("#F2F2F2");
    let fill = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    sheet.write_string_with_format(0, 0, format!("督办事项反馈表（{department}）"), &title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "导出日期：{}。请填写白色各列，不要改动编号、列的顺序和灰色各列；填报日期写作 2026-12-31。",
            clock.today
        ),
    )?;
    for (col, name) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(HEADER_ROW, col, name, &head)?;
    }
    for (row, r) in (HEADER_ROW + 1..).zip(&open) {
        let entry = &ledger.entries[r.entry];
        let cells = [
            r.id.clone(),
            entry.title(),
            r.item.text.clone(),
            match r.item.role {
                crate::model::Role::Lead => "牵头".to_string(),
                crate::model::Role::Support => "配合".to_string(),
            },
            match (r.due, &r.item.deadline) {
                (Some(due), Some(d)) => format!("{due}（{}）", d.text),
                (Some(due), None) => due.to_string(),
                (None, Some(d)) => d.text.clone(),
                (None, None) => String::new(),
            },
            super::summary::status_label(r.item).to_string(),
        ];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, text, &given)?;
        }
        for col in 6u16..11 {
            sheet.write_blank(row, col, &fill)?;
        }
    }
    let last = HEADER_ROW + u32::try_from(open.len()).unwrap_or(u32::MAX).max(1);
    // What 完成情况 may say: the statuses' labels.
    let choice = DataValidation::new().allow_list_strings(&Status::ALL.map(Status::label_zh))?;
    sheet.add_data_validation(HEADER_ROW + 1, 7, last, 7, &choice)?;
    for (col, width) in (0u16..).zip([
        12.0, 24.0, 48.0, 9.0, 18.0, 9.0, 40.0, 10.0, 30.0, 10.0, 12.0,
    ]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    mark_sheet(&mut book, ledger, department)?;
    Ok(book.save_to_buffer()?)
}

/// The hidden sheet naming the ledger's documents and the department, so
/// that a returned file is checked against what it was made for.
fn mark_sheet(book: &mut Workbook, ledger: &Ledger, department: &str) -> Result<(), XlsxError> {
    let mark = book.add_worksheet();
    mark.set_name(MARK_SHEET)?;
    mark.write_string(0, 0, MARK)?;
    mark.write_string(1, 0, department)?;
    let codes: Vec<&str> = ledger
        .entries
        .iter()
        .map(|e| e.checklist.code.as_str())
        .collect();
    mark.write_string(2, 0, codes.join(","))?;
    mark.set_hidden(true);
    Ok(())
}

/// One change an import makes.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub department: String,
    pub document: String,
    pub task: String,
    pub report: Report,
    /// The status before and after, when the row sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<(Status, Status)>,
    #[serde(skip)]
    entry: usize,
    #[serde(skip)]
    item: u64,
}

/// What importing some returned 反馈表 would do.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Filled rows that were already imported before.
    pub unchanged: usize,
}

/// Reads returned 反馈表 (`(file name, bytes)`), checking everything
/// first: an error anywhere means no plan at all.
pub fn plan(
    ledger: &Ledger,
    files: &[(String, Vec<u8>)],
    today: Date,
) -> Result<Plan, FeedbackError> {
    let mut plan = Plan::default();
    for (file, bytes) in files {
        let mut seen = std::collections::HashSet::new();
        read_one(ledger, file, bytes, today, &mut plan, &mut seen)?;
    }
    Ok(plan)
}

/// Applies a plan as one undo step of the ledger (not saved yet).
pub fn apply(ledger: &mut Ledger, plan: &Plan) -> Result<(), FeedbackError> {
    let mut per_entry: std::collections::BTreeMap<usize, Vec<Edit>> = Default::default();
    for change in &plan.changes {
        let edits = per_entry.entry(change.entry).or_default();
        edits.push(Edit::AddReport {
            id: change.item,
            report: change.report.clone(),
        });
        if let Some((_, to)) = change.status {
            edits.push(Edit::SetStatus {
                id: change.item,
                status: to,
            });
        }
    }
    let edits = per_entry
        .into_iter()
        .map(|(entry, edits)| (entry, Edit::Batch(edits)))
        .collect();
    ledger.apply(edits)?;
    Ok(())
}

// Long: the checks of one file, in the order a person would make them
// (is it ours, for which department, are the columns in place, then row by
// row); apart they would have to pass the same half-read state around.
fn read_one(
    ledger: &Ledger,
    file: &str,
    bytes: &[u8],
    today: Date,
    plan: &mut Plan,
    seen: &mut std::collections::HashSet<String>,
) -> Result<(), FeedbackError> {
    let not_xlsx = |reason: String| FeedbackError::NotXlsx {
        file: file.to_string(),
        reason: crate::checklist::shorten(&reason, 80).into_owned(),
    };
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| not_xlsx(e.to_string()))?;
    let mark = book
        .worksheet_range(MARK_SHEET)
        .map_err(|_| FeedbackError::NotOurs {
            file: file.to_string(),
        })?;
    let text_at = |range: &calamine::Range<Data>, row: u32, col: u32| -> String {
        range
            .get_value((row, col))
            .map(cell_text)
            .unwrap_or_default()
    };
    if text_at(&mark, 0, 0) != MARK {
        return Err(FeedbackError::NotOurs {
            file: file.to_string(),
        });
    }
    let file_problem = |problem: String| FeedbackError::File {
        file: file.to_string(),
        problem,
    };
    let department = text_at(&mark, 1, 0);
    let codes = text_at(&mark, 2, 0);
    let known = codes
        .split(',')
        .filter(|c| !c.is_empty())
        .any(|c| ledger.entry_by_code(c).is_some());
    if !known {
        return Err(file_problem(format!(
            "这张反馈表属于另一个台账（文件编号 {codes} 都不在本台账中） / this table belongs to another ledger (none of its document codes {codes} is in this one)"
        )));
    }
    let sheet = book.worksheet_range(SHEET).map_err(|_| {
        file_problem(format!(
            "缺少工作表“{SHEET}” / the sheet “{SHEET}” is missing"
        ))
    })?;
    for (col, name) in (0u32..).zip(HEADERS) {
        let found = text_at(&sheet, HEADER_ROW, col);
        if found != name {
            return Err(FeedbackError::Row {
                file: file.to_string(),
                row: HEADER_ROW + 1,
                problem: format!(
                    "第 {} 列应为“{name}”，现为“{found}”（列被移动或改动过） / column {} should be “{name}” but is “{found}” (columns were moved or changed)",
                    col + 1,
                    col + 1
                ),
            });
        }
    }
    let end = sheet.end().map_or(0, |(r, _)| r);
    for row in HEADER_ROW + 1..=end {
        let cell = |col: u32| text_at(&sheet, row, col);
        let row_error = |problem: String| FeedbackError::Row {
            file: file.to_string(),
            row: row + 1,
            problem,
        };
        let id = cell(0);
        let (progress, completion, problems, by) = (cell(6), cell(7), cell(8), cell(9));
        if id.is_empty() {
            if [&progress, &completion, &problems, &by]
                .iter()
                .any(|s| !s.is_empty())
            {
                return Err(row_error(
                    "已填写但没有编号 / filled in but has no id".into(),
                ));
            }
            continue;
        }
        let (entry, item_id) = locate(ledger, &id).ok_or_else(|| {
            row_error(format!(
                "编号“{id}”不是本台账中的任务（编号被改动过，或属于另一个台账） / id “{id}” is no task of this ledger (edited, or from another ledger)"
            ))
        })?;
        let list = &ledger.entries[entry].checklist;
        let owner = list
            .department_of(item_id)
            .map(|d| d.name.as_str())
            .unwrap_or("");
        if owner != department {
            return Err(row_error(format!(
                "编号“{id}”是“{owner}”的任务，不是“{department}”的 / id “{id}” is a task of “{owner}”, not of “{department}”"
            )));
        }
        if !seen.insert(id.clone()) {
            return Err(row_error(format!(
                "编号“{id}”出现了两次 / id “{id}” appears twice"
            )));
        }
        if progress.is_empty() && completion.is_empty() && problems.is_empty() {
            continue;
        }
        let status = match completion.as_str() {
            "" => None,
            text => Some(parse_status(text).ok_or_else(|| {
                row_error(format!(
                    "完成情况“{text}”应为 未开始、进行中 或 已完成 / 完成情况 “{text}” should be 未开始, 进行中 or 已完成"
                ))
            })?),
        };
        let dated = !matches!(sheet.get_value((row, 10)), None | Some(Data::Empty));
        let date = match sheet.get_value((row, 10)) {
            None | Some(Data::Empty) => today,
            Some(value) => cell_date(value).ok_or_else(|| {
                row_error(format!(
                    "填报日期“{}”不是日期（应为 2026-12-31） / 填报日期 “{}” is not a date (write 2026-12-31)",
                    cell_text(value),
                    cell_text(value)
                ))
            })?,
        };
        let Some(item) = list.item(item_id) else {
            continue;
        };
        let report = Report {
            date: Some(date),
            progress,
            problems,
            by,
            status,
            from: file.to_string(),
        };
        // A row without a 填报日期 gets the day of its import: importing
        // the same file again on another day is still the same report.
        let earlier = plan
            .changes
            .iter()
            .filter(|c| c.entry == entry && c.item == item_id)
            .map(|c| &c.report);
        let already = item.reports.iter().chain(earlier).any(|r| {
            (r.date == report.date || !dated)
                && r.progress == report.progress
                && r.problems == report.problems
                && r.by == report.by
                && r.status == report.status
        });
        if already {
            plan.unchanged += 1;
            continue;
        }
        plan.changes.push(Change {
            id,
            department: department.clone(),
            document: ledger.entries[entry].title(),
            task: item.text.clone(),
            status: status
                .filter(|s| *s != item.status)
                .map(|s| (item.status, s)),
            report,
            entry,
            item: item_id,
        });
    }
    Ok(())
}

/// The document and item a `CODE-ID` names.
fn locate(ledger: &Ledger, id: &str) -> Option<(usize, u64)> {
    let (code, number) = id.trim().rsplit_once('-')?;
    let entry = ledger.entry_by_code(code)?;
    let item: u64 = number.parse().ok()?;
    ledger.entries[entry].checklist.item(item)?;
    Some((entry, item))
}

/// A status's label, or one of the words offices also write for it.
fn parse_status(text: &str) -> Option<Status> {
    let text = text.trim();
    if let Some(status) = Status::ALL.into_iter().find(|s| s.label_zh() == text) {
        return Some(status);
    }
    match text {
        "推进中" | "正在推进" => Some(Status::InProgress),
        "完成" | "已办结" | "办结" => Some(Status::Done),
        _ => None,
    }
}

/// A cell as text, trimmed; numbers as Excel shows them.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string().trim().to_string(),
    }
}

/// A 填报日期: a date cell, or text as 2026-12-31, 2026/12/31, 2026.12.31
/// or 2026年12月31日.
fn cell_date(value: &Data) -> Option<Date> {
    if let Some(date) = value.as_date() {
        return Some(date);
    }
    let text = cell_text(value);
    let digits: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match digits.as_slice() {
        [y, m, d] => Date::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

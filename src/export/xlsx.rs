//! Excel export (.xlsx, via rust_xlsxwriter): the 任务分解表 on the first
//! sheet, then (unless [`ExportOptions::department_sheets`] is off) one
//! sheet per department with its own checklist. Laid out for printing: A4
//! landscape, fitted to the page width, heading and 制表日期 above the
//! header row, which is frozen and repeated on every page; the speech's
//! parts as merged section rows; widths measured for Chinese text
//! (rust_xlsxwriter's autofit counts a Han character as one narrow
//! character). 原文出处 is printed short; the whole sentence is the cell's
//! note, there when the table is read on screen.
//!
//! Owns the workbook layout only; rows come from [`super::table`] and
//! [`super::print`].

use super::print::{self, Line};
use super::table::{self, DEPARTMENT_HEADERS, HEADERS, TASK_CAPS, TASK_MINS, TaskTable, role_text};
use super::{ExportError, ExportOptions};
use crate::checklist::{Checklist, Department, Item, Units};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

/// Name of the first sheet.
pub const TASK_SHEET: &str = "任务分解表";

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;
/// The font asked for; Excel and WPS on Chinese Windows have it, other
/// systems substitute their own Song/Serif CJK face.
const FONT: &str = "宋体";
/// Row height per wrapped line (points) for 11 pt CJK text, whose line
/// height is larger than Latin text's.
const LINE_HEIGHT: f64 = 15.0;
/// The column of 原文出处, whose cells carry the whole sentence as a note.
const SOURCE_COLUMN: usize = 5;

/// Same for a department sheet.
const DEPARTMENT_CAPS: [usize; 5] = [6, 60, 10, 16, 40];
const DEPARTMENT_MINS: [usize; 5] = [6, 30, 10, 12, 16];

/// The whole checklist as a workbook.
pub fn to_bytes(list: &Checklist, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let table = TaskTable::new(list).dated(options.date);
    let departments: Vec<&Department> = list.departments.iter().collect();
    build(&table, &departments, &list.units_by_task(), options)
}

/// One department's part: the task-table rows it leads or supports (with
/// every partner named) and its own sheet.
pub fn department_to_bytes(
    list: &Checklist,
    dept: &Department,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let table = TaskTable::new(list)
        .dated(options.date)
        .for_department(&dept.name);
    build(&table, &[dept], &list.units_by_task(), options)
}

fn build(
    table: &TaskTable,
    departments: &[&Department],
    units: &HashMap<u64, Units>,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    // Tells Luoshi's exports from a user's workbooks (super::is_ours).
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_comment(super::GENERATOR));
    let mut names = SheetNames::default();
    let first = names.claim(TASK_SHEET);
    write_sheet(book.add_worksheet(), &task_sheet(&first, table), &styles)?;
    if options.department_sheets {
        for dept in departments {
            let name = names.claim(&dept.name);
            let sheet = department_sheet(&name, dept, units);
            write_sheet(book.add_worksheet(), &sheet, &styles)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

struct Styles {
    title: Format,
    date: Format,
    header: Format,
    part: Format,
    cell: Format,
    centered: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            date: base.clone().set_align(FormatAlign::Right),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9E1F2),
            part: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Left)
                .set_background_color(0xF2F2F2),
            centered: boxed.clone().set_align(FormatAlign::Center),
            cell: boxed.set_align(FormatAlign::Left),
        }
    }
}

/// One row of a sheet below its header.
enum SheetRow<const N: usize> {
    /// A part's heading across the full width.
    Part(String),
    /// The cells, and the note of the 原文出处 cell (the whole sentence,
    /// when the cell shows it cut short).
    Cells([String; N], Option<String>),
}

/// What a sheet shows, before it is laid out.
struct Sheet<'a, const N: usize> {
    name: &'a str,
    title: String,
    /// 制表日期 line, if any.
    date: Option<String>,
    headers: &'a [&'a str; N],
    rows: Vec<SheetRow<N>>,
    caps: &'a [usize; N],
    mins: &'a [usize; N],
    /// Which columns are centred (short values).
    centered: [bool; N],
}

fn task_sheet<'a>(name: &'a str, table: &TaskTable) -> Sheet<'a, 8> {
    let rows = print::lines(&table.rows)
        .into_iter()
        .map(|line| match line {
            Line::Part(part) => SheetRow::Part(part.to_string()),
            Line::Task { number, row } => {
                let cells = row.cells(number);
                let full = row.source();
                let note = (cells[SOURCE_COLUMN] != full).then_some(full);
                SheetRow::Cells(cells, note)
            }
        })
        .collect();
    Sheet {
        name,
        title: table.heading(),
        date: table.date.map(print::date_line),
        headers: &HEADERS,
        rows,
        caps: &TASK_CAPS,
        mins: &TASK_MINS,
        // 序号, 牵头单位, 配合单位, 完成时限, 进展情况 are short: centre them.
        centered: [true, false, true, true, true, false, true, false],
    }
}

fn department_sheet<'a>(
    name: &'a str,
    dept: &Department,
    units: &HashMap<u64, Units>,
) -> Sheet<'a, 5> {
    let rows = dept
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let cells = [
                (i + 1).to_string(),
                item.text.trim().to_string(),
                item.status.label_zh().to_string(),
                item.deadline
                    .as_ref()
                    .map(|d| d.text.clone())
                    .unwrap_or_default(),
                department_note(&dept.name, item, units),
            ];
            SheetRow::Cells(cells, None)
        })
        .collect();
    let (done, total) = dept.progress();
    Sheet {
        name,
        title: format!("{}（完成 {done}/{total}）", dept.name),
        date: None,
        headers: &DEPARTMENT_HEADERS,
        rows,
        caps: &DEPARTMENT_CAPS,
        mins: &DEPARTMENT_MINS,
        centered: [true, false, true, true, false],
    }
}

/// 备注 on a department sheet: its role in a shared task, then the note.
fn department_note(department: &str, item: &Item, units: &HashMap<u64, Units>) -> String {
    let role = units
        .get(&item.task_key())
        .map(|u| role_text(u, department, item.role))
        .unwrap_or_default();
    let note = item.note.trim();
    match (role.is_empty(), note.is_empty()) {
        (true, _) => note.to_string(),
        (false, true) => role,
        (false, false) => format!("{role}\n{note}"),
    }
}

/// Heading (merged), 制表日期 line (merged, right), header row (frozen,
/// repeated when printed), then the rows; widths and heights measured
/// from the text; printed A4 landscape, one page wide, only the table.
fn write_sheet<const N: usize>(
    sheet: &mut Worksheet,
    s: &Sheet<'_, N>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(s.name)?;
    let last_col = (N - 1) as u16;
    let cells: Vec<[String; N]> = s
        .rows
        .iter()
        .filter_map(|r| match r {
            SheetRow::Cells(cells, _) => Some(cells.clone()),
            SheetRow::Part(_) => None,
        })
        .collect();
    let widths = table::column_widths(s.headers, &cells, s.caps, s.mins);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width as f64)?;
    }

    sheet.merge_range(0, 0, 0, last_col, &s.title, &styles.title)?;
    sheet.set_row_height(0, 30)?;
    let mut header = 1;
    if let Some(date) = &s.date {
        sheet.merge_range(1, 0, 1, last_col, date, &styles.date)?;
        sheet.set_row_height(1, LINE_HEIGHT + 6.0)?;
        header = 2;
    }
    for (col, text) in s.headers.iter().enumerate() {
        sheet.write_string_with_format(header, col as u16, *text, &styles.header)?;
    }
    sheet.set_row_height(header, LINE_HEIGHT + 6.0)?;
    let last_row = write_rows(sheet, s, &widths, header + 1, styles)?;

    sheet.set_freeze_panes(header + 1, 0)?;
    sheet.set_repeat_rows(header, header)?;
    sheet.set_print_area(0, 0, last_row.max(header), last_col)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    // Fit the columns onto the page width; rows run on to more pages.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// The rows from `first` on; returns the last row written.
fn write_rows<const N: usize>(
    sheet: &mut Worksheet,
    s: &Sheet<'_, N>,
    widths: &[usize; N],
    first: u32,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let last_col = (N - 1) as u16;
    let total: usize = widths.iter().sum();
    let mut row = first;
    for line in &s.rows {
        let (cells, note) = match line {
            SheetRow::Part(part) => {
                sheet.merge_range(row, 0, row, last_col, part, &styles.part)?;
                let lines = table::wrapped_lines(part, total.saturating_sub(4).max(2));
                sheet.set_row_height(row, lines as f64 * LINE_HEIGHT + 6.0)?;
                row += 1;
                continue;
            }
            SheetRow::Cells(cells, note) => (cells, note),
        };
        let mut lines = 1;
        for (col, text) in cells.iter().enumerate() {
            let format = if s.centered[col] {
                &styles.centered
            } else {
                &styles.cell
            };
            if col == 0
                && let Ok(n) = text.parse::<u32>()
            {
                sheet.write_number_with_format(row, 0, n, format)?;
            } else {
                sheet.write_string_with_format(row, col as u16, text, format)?;
            }
            // A little less than the column width fits per line: cells
            // have padding and Han glyphs are slightly wider than two units.
            let usable = widths[col].saturating_sub(2).max(2);
            lines = lines.max(table::wrapped_lines(text, usable));
        }
        if let Some(full) = note {
            let note = Note::new(full)
                .set_author(super::GENERATOR)
                .add_author_prefix(false)
                .set_width(360)
                .set_height(160);
            sheet.insert_note(row, SOURCE_COLUMN as u16, &note)?;
        }
        sheet.set_row_height(row, lines as f64 * LINE_HEIGHT + 6.0)?;
        row += 1;
    }
    Ok(row.saturating_sub(1))
}

/// Sheet names Excel accepts: no `[]:*?/\`, no apostrophe at either end,
/// at most 31 UTF-16 units, never blank, unique ignoring case.
#[derive(Default)]
struct SheetNames {
    taken: Vec<String>,
}

impl SheetNames {
    fn claim(&mut self, wanted: &str) -> String {
        let base = sanitize_sheet_name(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while self.is_taken(&name) {
            let suffix = format!("({n})");
            name = format!("{}{suffix}", truncate_utf16(&base, 31 - suffix.len()));
            n += 1;
        }
        self.taken.push(name.to_lowercase());
        name
    }

    fn is_taken(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        // "History" is reserved by Excel.
        lower == "history" || self.taken.contains(&lower)
    }
}

/// A sheet name Excel accepts for `wanted` (uniqueness aside).
pub fn sanitize_sheet_name(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = truncate_utf16(cleaned.trim().trim_matches('\''), 31);
    let cleaned = cleaned.trim().trim_matches('\'');
    if cleaned.is_empty() {
        "部门".to_string()
    } else {
        cleaned.to_string()
    }
}

fn truncate_utf16(text: &str, max_units: usize) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max_units {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "很".repeat(40);
        let table = [
            ("公安", "公安"),
            ("a[b]:c*d?e/f\\g", "a_b__c_d_e_f_g"),
            ("'引号'", "引号"),
            ("", "部门"),
            ("   ", "部门"),
            ("行\n政", "行 政"),
        ];
        for (wanted, want) in table {
            assert_eq!(sanitize_sheet_name(wanted), want, "{wanted:?}");
        }
        assert_eq!(sanitize_sheet_name(&long).chars().count(), 31);
        assert_eq!(truncate_utf16("𠀀𠀀", 3), "𠀀");

        let mut names = SheetNames::default();
        assert_eq!(names.claim(TASK_SHEET), TASK_SHEET);
        assert_eq!(names.claim(TASK_SHEET), "任务分解表(2)");
        assert_eq!(names.claim("Abc"), "Abc");
        assert_eq!(names.claim("aBC"), "aBC(2)");
        assert_eq!(names.claim("history"), "history(2)");
        let a = names.claim(&long);
        let b = names.claim(&long);
        assert_ne!(a, b);
        assert!(b.encode_utf16().count() <= 31, "{b}");
    }

    #[test]
    fn department_notes_say_the_role() {
        let mut item = Item::new("任务");
        item.id = 1;
        let mut units = HashMap::new();
        assert_eq!(department_note("卫生", &item, &units), "");
        units.insert(
            1,
            Units {
                lead: vec!["公安".into()],
                support: vec!["卫生".into()],
            },
        );
        item.role = crate::model::Role::Support;
        item.note = "已办".into();
        assert_eq!(
            department_note("卫生", &item, &units),
            "配合，牵头单位：公安\n已办"
        );
    }
}

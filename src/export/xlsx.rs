//! Excel export (.xlsx, via rust_xlsxwriter): the 任务分解表 on the first
//! sheet, then one sheet per department with its own checklist. Laid out
//! for printing: A4 landscape, header row repeated on every page, widths
//! measured for Chinese text (rust_xlsxwriter's autofit counts a Han
//! character as one narrow character).
//!
//! Owns the workbook layout only; rows come from [`super::table`].

use super::ExportError;
use super::table::{self, DEPARTMENT_HEADERS, HEADERS, TASK_CAPS, TaskTable, role_text};
use crate::checklist::{Checklist, Department, Item, Units};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
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

/// Same for a department sheet.
const DEPARTMENT_CAPS: [usize; 5] = [6, 60, 10, 16, 40];

/// The whole checklist as a workbook.
pub fn to_bytes(list: &Checklist) -> Result<Vec<u8>, ExportError> {
    let table = TaskTable::new(list);
    let departments: Vec<&Department> = list.departments.iter().collect();
    build(&table, &departments, &list.units_by_task())
}

/// One department's part: the task-table rows it leads or supports (with
/// every partner named) and its own sheet.
pub fn department_to_bytes(list: &Checklist, dept: &Department) -> Result<Vec<u8>, ExportError> {
    let table = TaskTable::new(list).for_department(&dept.name);
    build(&table, &[dept], &list.units_by_task())
}

fn build(
    table: &TaskTable,
    departments: &[&Department],
    units: &HashMap<u64, Units>,
) -> Result<Vec<u8>, ExportError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    // Tells Luoshi's exports from a user's workbooks (super::is_ours).
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_comment(super::GENERATOR));
    let mut names = SheetNames::default();
    let first = names.claim(TASK_SHEET);
    task_sheet(book.add_worksheet(), &first, table, &styles)?;
    for dept in departments {
        let name = names.claim(&dept.name);
        department_sheet(book.add_worksheet(), &name, dept, units, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

struct Styles {
    title: Format,
    header: Format,
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
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9E1F2),
            centered: boxed.clone().set_align(FormatAlign::Center),
            cell: boxed.set_align(FormatAlign::Left),
        }
    }
}

fn task_sheet(
    sheet: &mut Worksheet,
    name: &str,
    table: &TaskTable,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let rows: Vec<[String; 8]> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| row.cells(i + 1))
        .collect();
    // 序号, 牵头单位, 配合单位, 完成时限, 进展情况 are short: centre them.
    let centered = [true, false, true, true, true, false, true, false];
    write_sheet(
        sheet,
        name,
        &table.title,
        &HEADERS,
        &rows,
        &TASK_CAPS,
        &centered,
        styles,
    )
}

fn department_sheet(
    sheet: &mut Worksheet,
    name: &str,
    dept: &Department,
    units: &HashMap<u64, Units>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let rows: Vec<[String; 5]> = dept
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            [
                (i + 1).to_string(),
                item.text.trim().to_string(),
                item.status.label_zh().to_string(),
                item.deadline
                    .as_ref()
                    .map(|d| d.text.clone())
                    .unwrap_or_default(),
                department_note(&dept.name, item, units),
            ]
        })
        .collect();
    let (done, total) = dept.progress();
    let title = format!("{}（完成 {done}/{total}）", dept.name);
    let centered = [true, false, true, true, false];
    write_sheet(
        sheet,
        name,
        &title,
        &DEPARTMENT_HEADERS,
        &rows,
        &DEPARTMENT_CAPS,
        &centered,
        styles,
    )
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

/// Title row (merged), header row (frozen, repeated when printed), then
/// the rows; widths and heights measured from the text.
#[allow(clippy::too_many_arguments)]
fn write_sheet<const N: usize>(
    sheet: &mut Worksheet,
    name: &str,
    title: &str,
    headers: &[&str; N],
    rows: &[[String; N]],
    caps: &[usize; N],
    centered: &[bool; N],
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let last_col = (N - 1) as u16;

    let widths = table::column_widths(headers, rows, caps);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width as f64)?;
    }

    sheet.merge_range(0, 0, 0, last_col, title, &styles.title)?;
    sheet.set_row_height(0, 30)?;
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, col as u16, *header, &styles.header)?;
    }
    sheet.set_row_height(1, LINE_HEIGHT + 6.0)?;

    for (i, cells) in rows.iter().enumerate() {
        let row = (i + 2) as u32;
        let mut lines = 1;
        for (col, text) in cells.iter().enumerate() {
            let format = if centered[col] {
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
        sheet.set_row_height(row, lines as f64 * LINE_HEIGHT + 6.0)?;
    }

    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    // Fit the columns onto the page width; rows run on to more pages.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
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

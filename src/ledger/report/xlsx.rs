//! The 通报 as Excel (rust_xlsxwriter): a 汇总 sheet (title, 统计截至, a
//! row per department and 合计, completion as a percentage) with a native
//! stacked column chart below the table, whose parts ([`SEGMENT_NAMES`])
//! are the 图表数据 columns beside it; and a 逾期任务 sheet, a row per
//! overdue task with its due date as a date. Owns the workbook layout only.

use super::{
    DepartmentSummary, ReportError, SEGMENT_COLOURS, SEGMENT_NAMES, Summary, date_zh, segments,
    totals,
};
use crate::export::ExportError;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType,
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The sheets' names.
pub const SUMMARY_SHEET: &str = "汇总";
pub const OVERDUE_SHEET: &str = "逾期任务";

const HEADERS: [&str; 7] = [
    "单位",
    "任务总数",
    "已完成",
    "按期完成",
    "逾期",
    "临期",
    "完成率",
];
const OVERDUE_HEADERS: [&str; 6] = ["单位", "编号", "任务", "来源文件", "完成时限", "逾期天数"];
/// The first row of departments (after title, date and header).
const FIRST_ROW: u32 = 3;
/// The first column of the chart's data (after the table and a gap).
const CHART_DATA_COL: u16 = HEADERS.len() as u16 + 1;
const FONT: &str = "宋体";
const PAPER_A4: u8 = 9;

struct Styles {
    title: Format,
    plain: Format,
    header: Format,
    text: Format,
    number: Format,
    percent: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            plain: base.clone().set_align(FormatAlign::Center),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9E1F2)
                .set_text_wrap(),
            text: boxed.clone().set_text_wrap(),
            number: boxed.clone().set_align(FormatAlign::Center),
            percent: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.0%"),
            date: boxed
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy-mm-dd"),
        }
    }
}

pub fn to_bytes(summary: &Summary) -> Result<Vec<u8>, ReportError> {
    build(summary).map_err(|e| ReportError::Export(ExportError::from(e)))
}

fn build(summary: &Summary) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    // Tells Luoshi's exports from a user's workbooks (export::is_ours).
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_comment(crate::export::GENERATOR),
    );
    let sheet = book.add_worksheet().set_name(SUMMARY_SHEET)?;
    summary_sheet(sheet, summary, &styles)?;
    let sheet = book.add_worksheet().set_name(OVERDUE_SHEET)?;
    overdue_sheet(sheet, summary, &styles)?;
    book.save_to_buffer()
}

/// A department's cells: name, then counts, then the share done.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    d: &DepartmentSummary,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, &d.name, &st.text)?;
    let counts = [
        d.total,
        d.done,
        d.on_time.min(d.done),
        d.overdue,
        d.due_soon,
    ];
    for (col, n) in (1u16..).zip(counts) {
        sheet.write_number_with_format(row, col, n as f64, &st.number)?;
    }
    if d.total == 0 {
        sheet.write_string_with_format(row, 6, "—", &st.number)?;
    } else {
        sheet.write_number_with_format(row, 6, d.done as f64 / d.total as f64, &st.percent)?;
    }
    Ok(())
}

fn summary_sheet(sheet: &mut Worksheet, summary: &Summary, st: &Styles) -> Result<(), XlsxError> {
    let last_col = HEADERS.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last_col, &summary.title, &st.title)?;
    sheet.set_row_height(0, 28)?;
    let date = format!(
        "统计截至{}　临期：{}天内到期",
        date_zh(summary.today),
        summary.yellow_days
    );
    sheet.merge_range(1, 0, 1, last_col, &date, &st.plain)?;
    for (col, h) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(2, col, h, &st.header)?;
    }
    let name_chars = summary
        .departments
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(4);
    sheet.set_column_width(0, (name_chars as f64 * 2.1 + 2.0).clamp(10.0, 40.0))?;
    for col in 1..=last_col {
        sheet.set_column_width(col, 10)?;
    }
    let mut row = FIRST_ROW;
    for d in &summary.departments {
        write_row(sheet, row, d, st)?;
        row += 1;
    }
    let all = totals(summary);
    write_row(sheet, row, &all, st)?;

    // 图表数据: the parts each bar is stacked from.
    sheet.write_string_with_format(1, CHART_DATA_COL, "图表数据", &st.plain)?;
    for (col, name) in (CHART_DATA_COL..).zip(SEGMENT_NAMES) {
        sheet.write_string_with_format(2, col, name, &st.header)?;
        sheet.set_column_width(col, 11)?;
    }
    for (r, d) in (FIRST_ROW..).zip(&summary.departments) {
        for (col, n) in (CHART_DATA_COL..).zip(segments(d)) {
            sheet.write_number_with_format(r, col, n as f64, &st.number)?;
        }
    }
    if !summary.departments.is_empty() {
        let chart = chart(summary)?;
        sheet.insert_chart(row + 2, 0, &chart)?;
    }
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    sheet.set_paper_size(PAPER_A4).set_portrait();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The stacked column chart over the 图表数据 columns, a bar per
/// department, in the PNG's colours; zero parts carry no label.
fn chart(summary: &Summary) -> Result<Chart, XlsxError> {
    let n = summary.departments.len() as u32;
    let last = FIRST_ROW + n - 1;
    let mut chart = Chart::new(ChartType::ColumnStacked);
    let mut font = ChartFont::new();
    font.set_name(FONT);
    chart.title().set_name("各单位任务完成情况").set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Top)
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart
        .y_axis()
        .set_font(&font)
        .set_name("任务数（项）")
        .set_name_font(&font);
    for (k, col) in (CHART_DATA_COL..).take(SEGMENT_NAMES.len()).enumerate() {
        let [r, g, b] = SEGMENT_COLOURS[k];
        let colour = Color::RGB(u32::from_be_bytes([0, r, g, b]));
        chart
            .add_series()
            .set_name((SUMMARY_SHEET, 2, col))
            .set_categories((SUMMARY_SHEET, FIRST_ROW, 0, last, 0))
            .set_values((SUMMARY_SHEET, FIRST_ROW, col, last, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(colour)))
            .set_data_label(ChartDataLabel::new().show_value().set_num_format("0;;;"))
            .set_gap(60);
    }
    // Wide enough for every department's name under its bar.
    chart.set_width((60 * n).clamp(640, 2400)).set_height(420);
    Ok(chart)
}

fn overdue_sheet(sheet: &mut Worksheet, summary: &Summary, st: &Styles) -> Result<(), XlsxError> {
    let last_col = OVERDUE_HEADERS.len() as u16 - 1;
    let title = format!("逾期任务（统计截至{}）", date_zh(summary.today));
    sheet.merge_range(0, 0, 0, last_col, &title, &st.title)?;
    sheet.set_row_height(0, 28)?;
    for (col, h) in (0u16..).zip(OVERDUE_HEADERS) {
        sheet.write_string_with_format(1, col, h, &st.header)?;
    }
    for (col, w) in (0u16..).zip([16.0, 12.0, 60.0, 24.0, 12.0, 10.0]) {
        sheet.set_column_width(col, w)?;
    }
    let mut row = 2;
    for d in &summary.departments {
        for task in &d.overdue_tasks {
            sheet.write_string_with_format(row, 0, &d.name, &st.text)?;
            sheet.write_string_with_format(row, 1, &task.id, &st.number)?;
            sheet.write_string_with_format(row, 2, &task.text, &st.text)?;
            sheet.write_string_with_format(row, 3, &task.document, &st.text)?;
            write_date(sheet, row, 4, task.due, st)?;
            sheet.write_number_with_format(row, 5, task.days_overdue as f64, &st.number)?;
            row += 1;
        }
    }
    if row == 2 {
        sheet.merge_range(2, 0, 2, last_col, "各单位均无逾期任务。", &st.plain)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_paper_size(PAPER_A4).set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 1)?;
    Ok(())
}

/// A date as an Excel date; one Excel cannot hold (before 1900) as text.
fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    date: chrono::NaiveDate,
    st: &Styles,
) -> Result<(), XlsxError> {
    use chrono::Datelike;
    let excel = u16::try_from(date.year())
        .ok()
        .and_then(|y| ExcelDateTime::from_ymd(y, date.month() as u8, date.day() as u8).ok());
    match excel {
        Some(d) => sheet.write_datetime_with_format(row, col, &d, &st.date)?,
        None => sheet.write_string_with_format(row, col, date.to_string(), &st.number)?,
    };
    Ok(())
}

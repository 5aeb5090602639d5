//! The 督办通报: what the 督查室 sends to the leaders each month, made from
//! numbers the ledger has already counted ([`Summary`]). Renders them only:
//! a bar chart as PNG ([`chart_png`], drawn here into a pixel buffer with
//! the bundled CJK font, no UI toolkit), the 通报 as Word ([`report_docx`],
//! through the task table's hand-written OOXML writer) and as Excel
//! ([`report_xlsx`], with a native Excel chart).
//!
//! Counts nothing, reads no clock and writes no file: the caller passes
//! `today` in the summary and writes the bytes through `crate::fsio`.

mod canvas;
mod chart;
mod docx;
mod xlsx;

pub use canvas::FONT;

use crate::export::ExportError;

/// The numbers of one 通报, as the ledger counted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The heading, e.g. "2026年11月督办通报" (the caller picks).
    pub title: String,
    /// 统计截至.
    pub today: chrono::NaiveDate,
    /// 临期 means due within this many days.
    pub yellow_days: u32,
    pub departments: Vec<DepartmentSummary>,
}

/// One department's line of the 通报.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentSummary {
    pub name: String,
    pub total: usize,
    pub done: usize,
    /// Done by its due date.
    pub on_time: usize,
    /// Past its due date and not done.
    pub overdue: usize,
    /// Not done, due within `yellow_days`.
    pub due_soon: usize,
    pub overdue_tasks: Vec<OverdueTask>,
}

/// A task past its due date, listed under its department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueTask {
    pub id: String,
    pub text: String,
    pub document: String,
    pub due: chrono::NaiveDate,
    pub days_overdue: i64,
}

/// Why a 通报 or its chart could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "图表尺寸 {width}×{height} 不可用（宽 {MIN_WIDTH}–{MAX_SIDE}，高 {MIN_HEIGHT}–{MAX_SIDE} 像素）/ \
         chart size {width}×{height} is not usable (width {MIN_WIDTH}–{MAX_SIDE}, height {MIN_HEIGHT}–{MAX_SIDE} pixels)"
    )]
    Size { width: u32, height: u32 },
    #[error("内置字体无法读取：{0} / the bundled font cannot be read: {0}")]
    Font(String),
    #[error("无法生成 PNG 图片：{0} / cannot produce the PNG image: {0}")]
    Png(String),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// The smallest and largest chart sides accepted, in pixels.
pub const MIN_WIDTH: u32 = 160;
pub const MIN_HEIGHT: u32 = 120;
pub const MAX_SIDE: u32 = 8192;

/// The parts each department's bar is stacked from, bottom to top; their
/// counts are [`segments`].
pub const SEGMENT_NAMES: [&str; 5] = ["按期完成", "逾期完成", "逾期未完成", "临期", "其他在办"];
/// The colour of each part (RGB), in the PNG and the Excel chart.
pub const SEGMENT_COLOURS: [[u8; 3]; 5] = [
    [0x2E, 0x8B, 0x57],
    [0x9C, 0xCC, 0x9C],
    [0xD9, 0x3A, 0x2F],
    [0xF2, 0xB8, 0x2B],
    [0xB4, 0xBE, 0xC8],
];

/// A department's tasks cut into the parts of its bar ([`SEGMENT_NAMES`]):
/// done on time, done late, overdue, due soon, the rest. Numbers that do
/// not add up (more done on time than done, say) are clamped, never a
/// panic: the parts then add up to at least `total`.
pub fn segments(d: &DepartmentSummary) -> [usize; 5] {
    let on_time = d.on_time.min(d.done);
    let late = d.done - on_time;
    let open = d.total.saturating_sub(d.done + d.overdue + d.due_soon);
    [on_time, late, d.overdue, d.due_soon, open]
}

/// The share done, as "75.0%", or "—" without tasks.
pub fn completion(done: usize, total: usize) -> String {
    if total == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", done as f64 * 100.0 / total as f64)
    }
}

/// The 合计 line: every department's counts added up.
pub fn totals(summary: &Summary) -> DepartmentSummary {
    let mut all = DepartmentSummary {
        name: "合计".to_string(),
        total: 0,
        done: 0,
        on_time: 0,
        overdue: 0,
        due_soon: 0,
        overdue_tasks: Vec::new(),
    };
    for d in &summary.departments {
        all.total += d.total;
        all.done += d.done;
        all.on_time += d.on_time;
        all.overdue += d.overdue;
        all.due_soon += d.due_soon;
    }
    all
}

/// A date as the 通报 writes it: 2026年11月30日.
pub fn date_zh(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The chart: a stacked bar per department ([`segments`]) with counts, a
/// legend, the names under the bars (upright characters stacked top to
/// bottom when the bars are too narrow for them across), and the title.
pub fn chart_png(summary: &Summary, width: u32, height: u32) -> Result<Vec<u8>, ReportError> {
    if !(MIN_WIDTH..=MAX_SIDE).contains(&width) || !(MIN_HEIGHT..=MAX_SIDE).contains(&height) {
        return Err(ReportError::Size { width, height });
    }
    chart::draw(summary, width, height)?.png()
}

/// The 通报 as a Word document: title, 统计截至, an opening sentence with
/// the totals, the table of departments, the chart, then each department's
/// overdue tasks with 逾期N天.
pub fn report_docx(summary: &Summary) -> Result<Vec<u8>, ReportError> {
    docx::to_bytes(summary)
}

/// The 通报 as an Excel workbook: a 汇总 sheet with the numbers and a
/// native stacked bar chart, and a 逾期任务 sheet.
pub fn report_xlsx(summary: &Summary) -> Result<Vec<u8>, ReportError> {
    xlsx::to_bytes(summary)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn dept(
        total: usize,
        done: usize,
        on_time: usize,
        overdue: usize,
        soon: usize,
    ) -> DepartmentSummary {
        DepartmentSummary {
            name: "市教育局".into(),
            total,
            done,
            on_time,
            overdue,
            due_soon: soon,
            overdue_tasks: Vec::new(),
        }
    }

    #[test]
    fn segments_cut_the_total() {
        let table = [
            (dept(10, 4, 3, 2, 1), [3, 1, 2, 1, 3]),
            (dept(0, 0, 0, 0, 0), [0, 0, 0, 0, 0]),
            (dept(5, 5, 5, 0, 0), [5, 0, 0, 0, 0]),
            // Inconsistent numbers are clamped.
            (dept(3, 2, 9, 4, 0), [2, 0, 4, 0, 0]),
        ];
        for (d, want) in table {
            assert_eq!(segments(&d), want, "{d:?}");
        }
    }

    #[test]
    fn completion_is_a_percentage_or_a_dash() {
        assert_eq!(completion(3, 4), "75.0%");
        assert_eq!(completion(1, 3), "33.3%");
        assert_eq!(completion(0, 0), "—");
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        let s = Summary {
            title: "通报".into(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            yellow_days: 7,
            departments: vec![],
        };
        for (w, h) in [(0, 100), (100, 0), (MAX_SIDE + 1, 600), (800, MAX_SIDE + 1)] {
            assert!(
                matches!(chart_png(&s, w, h), Err(ReportError::Size { .. })),
                "{w}×{h}"
            );
        }
    }
}

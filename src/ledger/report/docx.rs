//! The 通报 as Word: A4 portrait, title, 统计截至, 一、总体情况 (a sentence
//! with the totals, the table of departments with a 合计 row, the chart),
//! 二、逾期任务 (per department with overdue tasks, each task with 逾期N天).
//! Written with the task table's OOXML package, cells and runs
//! (`crate::export::docx`); owns only this document's markup.

use super::{DepartmentSummary, ReportError, Summary, chart_png, completion, date_zh, totals};
use crate::export::docx::{self as ooxml, EMU_PER_TWIP, NAMESPACES, Picture};
use std::fmt::Write as _;

/// A4 portrait, 2 cm margins, in twips.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: u32 = 1134;
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;

/// The chart's pixels; it is shown across the text width.
const CHART_WIDTH: u32 = 1600;
const CHART_HEIGHT: u32 = 1000;
const CHART_NAME: &str = "chart1.png";

const HEADERS: [&str; 7] = [
    "单位",
    "任务总数",
    "已完成",
    "按期完成",
    "逾期",
    "临期",
    "完成率",
];
const NAME_WIDTH: u32 = 2638;

pub fn to_bytes(summary: &Summary) -> Result<Vec<u8>, ReportError> {
    let chart = chart_png(summary, CHART_WIDTH, CHART_HEIGHT)?;
    let document = document_xml(summary);
    let pictures = [Picture {
        name: CHART_NAME,
        png: &chart,
    }];
    Ok(ooxml::package(&document, &pictures)?)
}

/// word/document.xml.
pub fn document_xml(summary: &Summary) -> String {
    let mut x = String::with_capacity(8192 + summary.departments.len() * 2048);
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    let _ = write!(x, "<w:document {NAMESPACES}><w:body>");
    x.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Title"/><w:spacing w:after="60"/></w:pPr>"#);
    ooxml::runs(&mut x, &summary.title, "");
    x.push_str("</w:p>");
    x.push_str(r#"<w:p><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr>"#);
    ooxml::runs(
        &mut x,
        &format!("（统计截至{}）", date_zh(summary.today)),
        "",
    );
    x.push_str("</w:p>");

    heading(&mut x, "一、总体情况");
    body(&mut x, &overview(summary));
    table(&mut x, summary);
    let cx = TEXT_WIDTH as u64 * EMU_PER_TWIP;
    let cy = cx * CHART_HEIGHT as u64 / CHART_WIDTH as u64;
    x.push_str(
        r#"<w:p><w:pPr><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/></w:pPr>"#,
    );
    ooxml::picture_run(&mut x, 0, "督办情况图", cx, cy);
    x.push_str("</w:p>");

    heading(&mut x, "二、逾期任务");
    let late: Vec<&DepartmentSummary> = summary
        .departments
        .iter()
        .filter(|d| !d.overdue_tasks.is_empty() || d.overdue > 0)
        .collect();
    if late.is_empty() {
        body(&mut x, "各单位均无逾期任务。");
    }
    for (i, d) in late.iter().enumerate() {
        let line = format!(
            "（{}）{}：逾期{}项",
            chinese_number(i + 1),
            d.name,
            d.overdue
        );
        x.push_str(r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr>"#);
        ooxml::runs(&mut x, &line, "<w:b/><w:bCs/>");
        x.push_str("</w:p>");
        for (k, task) in d.overdue_tasks.iter().enumerate() {
            let text = format!(
                "{}．{}（来源：{}；完成时限：{}；逾期{}天；编号：{}）",
                k + 1,
                one_line(&task.text),
                one_line(&task.document),
                date_zh(task.due),
                task.days_overdue,
                task.id
            );
            body(&mut x, &text);
        }
    }

    let _ = write!(
        x,
        r#"<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    x
}

/// 截至…，N个单位共有督办任务N项，…
fn overview(summary: &Summary) -> String {
    let all = totals(summary);
    format!(
        "截至{}，{}个单位共有督办任务{}项，已完成{}项（其中按期完成{}项），完成率{}；逾期未完成{}项；临期（{}天内到期）{}项。",
        date_zh(summary.today),
        summary.departments.len(),
        all.total,
        all.done,
        all.on_time.min(all.done),
        completion(all.done, all.total),
        all.overdue,
        summary.yellow_days,
        all.due_soon
    )
}

/// The table of departments and the 合计 row; the header repeats on
/// every page.
fn table(x: &mut String, summary: &Summary) {
    let rest = (TEXT_WIDTH - NAME_WIDTH) / (HEADERS.len() as u32 - 1);
    let widths: Vec<u32> = std::iter::once(NAME_WIDTH)
        .chain(std::iter::repeat_n(rest, HEADERS.len() - 1))
        .collect();
    let total_width: u32 = widths.iter().sum();
    let _ = write!(
        x,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total_width}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            x,
            r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        );
    }
    x.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
    for w in &widths {
        let _ = write!(x, r#"<w:gridCol w:w="{w}"/>"#);
    }
    x.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (header, w) in HEADERS.iter().zip(&widths) {
        ooxml::cell(x, *w, header, true, true);
    }
    x.push_str("</w:tr>");
    let all = totals(summary);
    for d in summary.departments.iter().chain(std::iter::once(&all)) {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (col, (text, w)) in row(d).iter().zip(&widths).enumerate() {
            ooxml::cell(x, *w, text, col > 0, false);
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
}

/// A department's cells under [`HEADERS`].
pub fn row(d: &DepartmentSummary) -> [String; 7] {
    [
        d.name.clone(),
        d.total.to_string(),
        d.done.to_string(),
        d.on_time.min(d.done).to_string(),
        d.overdue.to_string(),
        d.due_soon.to_string(),
        completion(d.done, d.total),
    ]
}

fn heading(x: &mut String, text: &str) {
    x.push_str(r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>"#);
    ooxml::runs(
        x,
        text,
        r#"<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
    );
    x.push_str("</w:p>");
}

/// A body paragraph, first line indented two characters, 1.25 lines.
fn body(x: &mut String, text: &str) {
    x.push_str(r#"<w:p><w:pPr><w:spacing w:after="60" w:line="300" w:lineRule="auto"/><w:ind w:firstLineChars="200" w:firstLine="420"/><w:jc w:val="both"/></w:pPr>"#);
    ooxml::runs(x, text, "");
    x.push_str("</w:p>");
}

/// Line breaks inside a task's text would start new runs: one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五; from 100 on, digits.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut out = if tens == 1 {
                String::new()
            } else {
                DIGITS[tens].to_string()
            };
            out.push('十');
            if ones > 0 {
                out.push_str(DIGITS[ones]);
            }
            out
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let table = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
            (100, "100"),
        ];
        for (n, want) in table {
            assert_eq!(chinese_number(n), want, "{n}");
        }
    }
}

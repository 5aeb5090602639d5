//! The 任务分解表 as printed (issue 13, item 7): heading and 制表日期, the
//! speech's parts as merged section rows, 序号 counting tasks only, a
//! short 原文出处, Word rows that may break across pages under a repeated
//! header, and the workbook's print setup. Read back with calamine and by
//! unzipping the packages, as `export.rs` does.
#![allow(clippy::unwrap_used)]

use crate::export::{HEADERS, checklist, docx_tables, fixture, sheet, task_rows};
use calamine::{Reader, Xlsx};
use luoshi::checklist::Checklist;
use luoshi::export::{self, ExportOptions, Format, TableDate};
use std::io::{Cursor, Read};

const SPEECH: &str = "anquan-shengchan.txt";
const HEADING: &str = "《在全市安全生产工作会议上的讲话》任务分解表";
const DATE_LINE: &str = "制表日期：2026年3月5日";

fn options() -> ExportOptions {
    ExportOptions::dated(TableDate::new(2026, 3, 5).unwrap())
}

/// The fixture's checklist with its speech, as `Session` opens it: the
/// parts are read from the speech.
fn speech_checklist() -> Checklist {
    let mut list = checklist(SPEECH);
    list.speech = luoshi::document::load(&fixture(SPEECH)).unwrap().text;
    list
}

/// The top-level headings (一、…) of the fixture, read here without the
/// exporter: each line that opens with Chinese numerals and 、.
fn parts_of_fixture() -> Vec<String> {
    let text = std::fs::read_to_string(fixture(SPEECH)).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| {
            let n = l
                .chars()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .count();
            n > 0 && l.chars().nth(n) == Some('、')
        })
        .map(|l| l.split('。').next().unwrap().to_string())
        .collect()
}

/// A part of the zip package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// 序号 1, 2, 3 … over the task rows, whatever section rows stand between.
fn assert_numbered(rows: &[Vec<String>]) {
    let numbers: Vec<String> = task_rows(rows).iter().map(|r| r[0].clone()).collect();
    let want: Vec<String> = (1..=numbers.len()).map(|n| n.to_string()).collect();
    assert_eq!(numbers, want, "序号 counts tasks only");
}

/// The section rows are the fixture's parts that hold tasks, in order,
/// and each stands right before a task row.
fn assert_sections(rows: &[Vec<String>], cell: impl Fn(&Vec<String>) -> bool) {
    let parts = parts_of_fixture();
    let sections: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r[0].parse::<usize>().is_err())
        .collect();
    assert!(sections.len() >= 3, "section rows: {sections:?}");
    let mut last = 0;
    for (i, row) in &sections {
        let at = parts.iter().position(|p| *p == row[0]);
        let at = at.unwrap_or_else(|| panic!("{:?} is not a part of {parts:?}", row[0]));
        assert!(at >= last, "parts in speech order");
        last = at;
        assert!(cell(row), "section row spans the table: {row:?}");
        assert!(
            rows[i + 1][0].parse::<usize>().is_ok(),
            "a task follows {row:?}"
        );
    }
}

/// 原文出处 is the sub-heading (if any) and the sentence's first 30
/// characters with "…", never the whole paragraph.
fn assert_short_sources(rows: &[Vec<String>], list: &Checklist) {
    let longest_quote = list
        .items()
        .map(|(_, i)| i.quote.chars().count())
        .max()
        .unwrap();
    assert!(longest_quote > 60, "the fixture has long sentences");
    let tasks = task_rows(rows);
    assert!(
        tasks.iter().any(|r| r[5].ends_with('…')),
        "long sentences are cut"
    );
    for row in &tasks {
        let lines: Vec<&str> = row[5].lines().collect();
        assert!(lines.len() <= 2, "{:?}", row[5]);
        let quote = lines.last().unwrap();
        assert!(quote.chars().count() <= 31, "{quote:?}");
    }
}

#[test]
fn xlsx_is_ready_to_print() {
    let list = speech_checklist();
    let bytes = export::to_bytes_with(&list, Format::Xlsx, &options()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let rows = sheet(&mut book, "任务分解表");
    assert_eq!(rows[0][0], HEADING);
    assert_eq!(rows[1][0], DATE_LINE);
    assert_eq!(rows[2], HEADERS);
    let body = &rows[3..];
    assert_numbered(body);
    assert_short_sources(body, &list);

    let merged = book.merge_cells_by_sheet_name("任务分解表").unwrap();
    let spans = |row: usize| {
        merged
            .iter()
            .any(|d| d.start == (row as u32, 0) && d.end == (row as u32, 7))
    };
    assert!(spans(0) && spans(1), "heading and date merged: {merged:?}");
    let merged_rows: Vec<usize> = (3..rows.len()).filter(|r| spans(*r)).collect();
    let section_rows: Vec<usize> = (3..rows.len())
        .filter(|r| rows[*r][0].parse::<usize>().is_err())
        .collect();
    assert_eq!(merged_rows, section_rows, "every section row is merged");
    assert_sections(body, |r| r[1..].iter().all(String::is_empty));

    // Print setup: A4 landscape, one page wide, header row repeated,
    // print area the table; the whole sentence kept as a note.
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    for want in [
        r#"<pageSetUpPr fitToPage="1"/>"#,
        r#"paperSize="9""#,
        r#"orientation="landscape""#,
        r#"fitToHeight="0""#,
    ] {
        assert!(sheet1.contains(want), "{want} missing");
    }
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles") && workbook.contains("$3:$3"));
    assert!(workbook.contains("_xlnm.Print_Area"));
    let notes = part(&bytes, "xl/comments1.xml");
    let long = list
        .items()
        .map(|(_, i)| i.quote.trim())
        .find(|q| q.chars().count() > 40)
        .unwrap();
    let escaped = long.replace('&', "&amp;").replace('"', "&quot;");
    assert!(notes.contains(&escaped), "the whole sentence is a note");
}

#[test]
fn xlsx_department_sheets_are_optional() {
    let list = speech_checklist();
    let table_only = ExportOptions {
        department_sheets: false,
        ..options()
    };
    let bytes = export::to_bytes_with(&list, Format::Xlsx, &table_only).unwrap();
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["任务分解表"]);

    let dept = &list.departments[0].name;
    let bytes = export::department_to_bytes_with(&list, dept, Format::Xlsx, &options()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names().len(), 2);
    let rows = sheet(&mut book, "任务分解表");
    assert_eq!(rows[0][0], format!("{HEADING}（{dept}）"));
    assert_eq!(rows[1][0], DATE_LINE);
    assert_numbered(&rows[3..]);
    // The department's sheet prints one page wide too.
    let sheet2 = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(sheet2.contains(r#"fitToPage="1""#) && sheet2.contains(r#"orientation="landscape""#));
}

#[test]
fn docx_is_ready_to_print() {
    let list = speech_checklist();
    let bytes = export::to_bytes_with(&list, Format::Docx, &options()).unwrap();
    let (tables, paragraphs, xml) = docx_tables(&bytes);
    assert_eq!(paragraphs[0], HEADING);
    assert_eq!(paragraphs[1], DATE_LINE);
    let rows = &tables[0];
    assert_eq!(rows[0], HEADERS);
    let body = &rows[1..];
    assert_numbered(body);
    assert_short_sources(body, &list);
    assert_sections(body, |r| r.len() == 1);
    let sections = body.iter().filter(|r| r.len() == 1).count();
    assert_eq!(
        xml.matches(r#"<w:gridSpan w:val="8"/>"#).count(),
        sections,
        "section rows span the eight columns"
    );

    // Rows may break across pages; only the header and the one-line
    // section rows are kept whole, and the header repeats.
    assert_eq!(xml.matches("<w:cantSplit/>").count(), 1 + sections);
    let header_row = xml.split("<w:tr>").nth(1).unwrap();
    assert!(
        xml.contains("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"),
        "{header_row}"
    );
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(xml.contains(r#"w:orient="landscape""#));

    // The grid fits the page between the margins, with room for 备注.
    let grid: Vec<u32> = xml
        .split(r#"<w:gridCol w:w=""#)
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(grid.len(), 8);
    assert!(grid.iter().sum::<u32>() <= 16838 - 2 * 1134, "{grid:?}");
    assert!(grid[7] >= 1200, "备注 has room to write in: {grid:?}");
}

#[test]
fn heading_is_never_doubled_and_the_date_is_optional() {
    let mut list = speech_checklist();
    list.source.title = "2026年安全生产重点工作任务分解表".into();
    let csv_before = export::to_bytes(&list, Format::Csv).unwrap();
    let bytes = export::to_bytes(&list, Format::Docx).unwrap();
    let (_, paragraphs, _) = docx_tables(&bytes);
    assert_eq!(paragraphs[0], "2026年安全生产重点工作任务分解表");
    assert_eq!(
        paragraphs.len(),
        1,
        "no date line without a date: {paragraphs:?}"
    );

    list.source.title = String::new();
    let bytes = export::to_bytes(&list, Format::Xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let rows = sheet(&mut book, "任务分解表");
    assert_eq!(rows[0][0], "任务分解表");
    assert_eq!(rows[1], HEADERS, "no date line without a date");

    // The CSV stays data: header first, no heading, date or sections.
    let csv = export::to_bytes_with(&list, Format::Csv, &options()).unwrap();
    assert_eq!(csv, csv_before);
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with(&HEADERS.join(",")));
}

#[cfg(feature = "cli")]
#[test]
fn cli_dates_the_table_and_can_leave_out_department_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("all.luoshi.ron");
    luoshi::checklist::store::save(&speech_checklist(), &ron).unwrap();
    let out = dir.path().join("表.xlsx");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_luoshi"))
            .arg("export")
            .arg(&ron)
            .args(args)
            .output()
            .unwrap()
    };
    let done = run(&[
        "--date",
        "2026-03-05",
        "--table-only",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["任务分解表"]);
    let range = book.worksheet_range("任务分解表").unwrap();
    let date = range.get_value((1, 0)).map(ToString::to_string);
    assert_eq!(date.as_deref(), Some(DATE_LINE));

    let refused = run(&["--date", "2026-02-30", "-o", out.to_str().unwrap()]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a date that is no day is a usage error"
    );
}

//! Exports read back with real readers: .xlsx with calamine, .docx by
//! unzipping and parsing its XML with quick-xml, CSV with the csv crate.
//! Also department exports, write failures, and the desktop install.
#![allow(clippy::unwrap_used)]
// tests may unwrap (COMMON.md)
// Without the `cli` feature the tests of the binary and their helpers are left out.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

use calamine::{Data, Reader, Xlsx};
use luoshi::checklist::{Checklist, Source, store};
use luoshi::export::{self, ExportError, Format};
use luoshi::model::Role;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const HEADERS: [&str; 8] = [
    "序号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "完成时限",
    "原文出处",
    "进展情况",
    "备注",
];

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The checklist of a fixture speech, built the way the app builds it.
pub(crate) fn checklist(name: &str) -> Checklist {
    let path = fixture(name);
    let doc = luoshi::document::load(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let ex = luoshi::extract(&doc);
    Checklist::from_extraction(&ex, Source::for_file(&path, &bytes, &doc))
}

/// A clause shared by several departments, as (text, lead, supports),
/// and the number of distinct clauses, computed here independently of
/// the exporter.
struct Expect {
    clauses: usize,
    shared: (String, String, Vec<String>),
}

fn expect(list: &Checklist) -> Expect {
    let mut groups: HashMap<(usize, usize, String), Vec<(String, Role)>> = HashMap::new();
    let mut spanless = 0;
    for (dept, item) in list.items() {
        match item.span {
            Some(s) => groups
                .entry((s.start, s.end, item.text.clone()))
                .or_default()
                .push((dept.name.clone(), item.role)),
            None => spanless += 1,
        }
    }
    let (_, text, copies) = groups
        .iter()
        .filter(|(_, c)| c.len() > 2 && c.iter().any(|(_, r)| *r == Role::Lead))
        .map(|((start, _, t), c)| (*start, t.clone(), c.clone()))
        .min_by_key(|(start, _, _)| *start)
        .expect("the fixture has a clause shared by three or more departments");
    let lead = copies
        .iter()
        .find(|(_, r)| *r == Role::Lead)
        .map(|(d, _)| d.clone())
        .unwrap();
    let supports = copies
        .iter()
        .map(|(d, _)| d.clone())
        .filter(|d| *d != lead)
        .collect();
    Expect {
        clauses: groups.len() + spanless,
        shared: (text, lead, supports),
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

pub(crate) fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(name).unwrap();
    // Absolute rows: pad the rows before the range's start.
    let start = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = vec![Vec::new(); start];
    rows.extend(range.rows().map(|r| r.iter().map(cell_text).collect()));
    rows
}

#[test]
fn xlsx_reads_back_with_calamine() {
    let list = checklist("anquan-shengchan.txt");
    let want = expect(&list);
    let bytes = export::to_bytes(&list, Format::Xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();

    let mut names = vec!["任务分解表".to_string()];
    names.extend(list.departments.iter().map(|d| d.name.clone()));
    assert_eq!(book.sheet_names(), names);

    let rows = sheet(&mut book, "任务分解表");
    assert_eq!(rows[0][0], format!("《{}》任务分解表", list.source.title));
    assert_eq!(rows[1], HEADERS);
    let data = task_rows(&rows[2..]);
    assert_eq!(data.len(), want.clauses, "one row per distinct clause");
    for (i, row) in data.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string(), "序号");
        assert!(!row[1].is_empty() && !row[2].is_empty(), "{row:?}");
    }
    let (text, lead, supports) = &want.shared;
    let shared: Vec<_> = data.iter().filter(|r| &r[1] == text).collect();
    assert_eq!(shared.len(), 1, "copies of {text} become one row");
    assert_eq!(&shared[0][2], lead);
    assert_eq!(shared[0][3], supports.join("、"));

    let merged = book.merge_cells_by_sheet_name("任务分解表").unwrap();
    assert!(
        merged.iter().any(|d| d.start == (0, 0) && d.end == (0, 7)),
        "title merged across the columns: {merged:?}"
    );

    for dept in &list.departments {
        let rows = sheet(&mut book, &dept.name);
        assert_eq!(rows[1], ["序号", "任务", "状态", "完成时限", "备注"]);
        let texts: Vec<_> = rows[2..].iter().map(|r| r[1].as_str()).collect();
        let items: Vec<_> = dept.items.iter().map(|i| i.text.trim()).collect();
        assert_eq!(texts, items, "{}", dept.name);
        assert!(rows[2..].iter().all(|r| r[2] == "未开始"));
    }
}

/// The task rows among `rows` (section rows have no 序号).
pub(crate) fn task_rows(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .filter(|r| r[0].parse::<usize>().is_ok())
        .cloned()
        .collect()
}

/// The tables of a .docx: rows of cells of text (line breaks as \n), and
/// the text of the paragraphs outside tables.
pub(crate) fn docx_tables(bytes: &[u8]) -> (Vec<Vec<Vec<String>>>, Vec<String>, String) {
    use quick_xml::Reader as XmlReader;
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(zip.by_name(part).is_ok(), "{part} missing");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = XmlReader::from_str(&xml);
    let (mut tables, mut paragraphs) = (Vec::new(), Vec::new());
    let (mut depth, mut in_text) = (0usize, false);
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => match e.name().as_ref() {
                "w:tbl" => {
                    depth += 1;
                    tables.push(Vec::new());
                }
                "w:tr" => tables.last_mut().unwrap().push(Vec::new()),
                "w:tc" => text.clear(),
                "w:p" if depth == 0 => text.clear(),
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == "w:br" => text.push('\n'),
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:tbl" => depth -= 1,
                "w:tc" => {
                    let row = tables.last_mut().unwrap().last_mut().unwrap();
                    row.push(std::mem::take(&mut text));
                }
                "w:p" if depth > 0 => text.push('\n'),
                "w:p" => paragraphs.push(std::mem::take(&mut text)),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // Paragraph ends inside a cell were marked with \n; drop the last.
    for row in tables.iter_mut().flatten() {
        for cell in row.iter_mut() {
            if cell.ends_with('\n') {
                cell.pop();
            }
        }
    }
    (tables, paragraphs, xml)
}

#[test]
fn docx_reads_back_as_a_word_table() {
    let list = checklist("quxian-duban.docx");
    let want = expect(&list);
    let bytes = export::to_bytes(&list, Format::Docx).unwrap();
    let (tables, paragraphs, xml) = docx_tables(&bytes);
    assert_eq!(
        paragraphs[0],
        format!("《{}》任务分解表", list.source.title)
    );
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0][0], HEADERS);
    let rows = &task_rows(&tables[0][1..]);
    assert_eq!(rows.len(), want.clauses, "one row per distinct clause");
    let (text, lead, supports) = &want.shared;
    let shared: Vec<_> = rows.iter().filter(|r| &r[1] == text).collect();
    assert_eq!(shared.len(), 1, "copies of {text} become one row");
    assert_eq!(&shared[0][2], lead);
    assert_eq!(shared[0][3], supports.join("、"));
    assert!(xml.contains(r#"w:orient="landscape""#));
    assert!(xml.contains("<w:tblHeader/>"), "header row repeats");

    let mut styles = String::new();
    zip::ZipArchive::new(Cursor::new(&bytes))
        .unwrap()
        .by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains(r#"w:eastAsia="宋体""#));
}

#[test]
fn docx_escapes_markup_in_user_text() {
    let mut list = checklist("anquan-shengchan.txt");
    let item = &mut list.departments[0].items[0];
    item.note = "<b>&\"先\"</b>\u{1}".into();
    let bytes = export::to_bytes(&list, Format::Docx).unwrap();
    let (tables, _, _) = docx_tables(&bytes);
    assert!(
        tables[0]
            .iter()
            .any(|r| r.get(7).is_some_and(|c| c == "<b>&\"先\"</b>")),
        "note survives escaping"
    );
}

#[test]
fn csv_has_bom_crlf_and_the_table_columns() {
    let list = checklist("senlin-fanghuo.txt");
    let want = expect(&list);
    let bytes = export::to_bytes(&list, Format::Csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let body = &bytes[3..];
    for (i, b) in body.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && body[i - 1] == b'\r', "bare LF at byte {i}");
        }
    }
    assert!(body.ends_with(b"\r\n"));
    let mut reader = csv::Reader::from_reader(body);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, HEADERS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), want.clauses);
    let (text, lead, supports) = &want.shared;
    let shared: Vec<_> = records.iter().filter(|r| &r[1] == text).collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(&shared[0][2], lead);
    assert_eq!(&shared[0][3], supports.join("、"));
}

#[test]
fn department_exports_hold_only_that_department() {
    let list = checklist("anquan-shengchan.txt");
    let before = list.clone();
    let dept = list
        .departments
        .iter()
        .find(|d| d.items.iter().any(|i| i.role == Role::Support))
        .unwrap()
        .name
        .clone();

    let part = export::department(&list, &dept).unwrap();
    assert_eq!(part.departments.len(), 1);
    assert_eq!(part.departments[0], *list.department(&dept).unwrap());
    assert_eq!(part.source, list.source);

    let bytes = export::department_to_bytes(&list, &dept, Format::Xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["任务分解表".to_string(), dept.clone()]);
    let rows = sheet(&mut book, "任务分解表");
    assert!(rows[0][0].contains(&dept), "title names the department");
    let data = &task_rows(&rows[2..]);
    assert!(!data.is_empty());
    for row in data {
        let involved = row[2] == dept || row[3].split('、').any(|s| s == dept);
        assert!(involved, "{dept} neither leads nor supports {row:?}");
    }
    assert!(
        data.iter().any(|r| r[2] != dept),
        "a supported clause keeps its real lead"
    );

    match export::department_to_bytes(&list, "不存在的部门", Format::Ron) {
        Err(e @ ExportError::NoSuchDepartment { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("不存在的部门") && msg.contains(" / "), "{msg}");
        }
        other => panic!("expected NoSuchDepartment, got {other:?}"),
    }
    assert_eq!(list, before, "exports never change the checklist");
}

#[cfg(feature = "cli")]
#[test]
fn cli_exports_one_department_as_ron_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let list = checklist("anquan-shengchan.txt");
    let ron = dir.path().join("all.luoshi.ron");
    store::save(&list, &ron).unwrap();
    let saved = std::fs::read(&ron).unwrap();
    let bin = env!("CARGO_BIN_EXE_luoshi");

    let out_ron = dir.path().join("公安.luoshi.ron");
    let out = Command::new(bin)
        .args(["export", ron.to_str().unwrap(), "--department", "公安"])
        .args(["--format", "ron", "-o", out_ron.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let part = store::load(&out_ron).unwrap();
    let names: Vec<_> = part.departments.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["公安"]);

    let out_xlsx = dir.path().join("公安.xlsx");
    let out = Command::new(bin)
        .args(["export", ron.to_str().unwrap(), "-d", "公安"])
        .args(["-o", out_xlsx.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: Xlsx<_> = calamine::open_workbook(&out_xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["任务分解表", "公安"]);

    for (format, ext) in [("docx", "docx"), ("csv", "csv"), ("xlsx", "xlsx")] {
        let path = dir.path().join(format!("all.{ext}"));
        let out = Command::new(bin)
            .args(["export", ron.to_str().unwrap(), "--format", format, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        assert!(std::fs::metadata(&path).unwrap().len() > 100, "{format}");
    }
    assert_eq!(
        std::fs::read(&ron).unwrap(),
        saved,
        "exporting leaves the checklist file as it was"
    );
}

#[test]
fn failed_writes_name_the_path_and_keep_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let list = checklist("fangxun.txt");
    // A "folder" that is a file: the OS refuses, whoever runs the test.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "keep").unwrap();
    let target = blocker.join("out.xlsx");
    let err = export::to_file(&list, Format::Xlsx, &target).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ExportError::Write(_)), "{err:?}");
    assert!(msg.contains(&target.display().to_string()), "{msg}");
    assert!(msg.contains(" / ") && msg.contains("os error"), "{msg}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "keep");

    // A folder where the file should go is not replaced.
    let folder = dir.path().join("taken.docx");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside"), "x").unwrap();
    assert!(export::to_file(&list, Format::Docx, &folder).is_err());
    assert!(folder.join("inside").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[cfg(feature = "cli")]
#[test]
fn install_desktop_writes_valid_files_and_uninstall_removes_them() {
    let data = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_luoshi");
    let run = |flag: &str| {
        let out = Command::new(bin)
            .arg(flag)
            .env("XDG_DATA_HOME", data.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let report = run("--install-desktop");
    let entry = data.path().join("applications/luoshi.desktop");
    let icon = data.path().join("icons/hicolor/256x256/apps/luoshi.png");
    let mime = data.path().join("mime/packages/luoshi.xml");
    for path in [&entry, &icon, &mime] {
        assert!(
            path.is_file(),
            "{} missing; report:\n{report}",
            path.display()
        );
    }
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("StartupWMClass=luoshi"));
    assert!(text.contains(&format!("Exec={} %f", Path::new(bin).display())));
    assert_eq!(std::fs::read(&icon).unwrap()[..8], *b"\x89PNG\r\n\x1a\n");
    let xml = std::fs::read_to_string(&mime).unwrap();
    assert!(xml.contains("*.luoshi.ron"));

    match Command::new("desktop-file-validate").arg(&entry).output() {
        Ok(out) => {
            let said = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success() && said.trim().is_empty(), "{said}");
        }
        Err(_) => eprintln!(
            "SKIPPED: desktop-file-validate not installed (apt-get install desktop-file-utils)"
        ),
    }

    run("--uninstall-desktop");
    for path in [&entry, &icon, &mime] {
        assert!(!path.exists(), "{} still there", path.display());
    }
    // Uninstalling twice is fine.
    run("--uninstall-desktop");
}

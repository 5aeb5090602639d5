//! The 督办台账: lights on the edge days, the 反馈表 round trip through a
//! real xlsx writer, every refusal leaving the folder byte-identical, undo
//! of an import, and two clerks saving into one folder.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use calamine::{Data, Reader, Xlsx};
use luoshi::checklist::{Edit, Status};
use luoshi::ledger::dates::parse_iso;
use luoshi::ledger::status::{self, Clock, Light};
use luoshi::ledger::{Ledger, LedgerError, feedback, summary};
use luoshi::model::{Date, Report};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

fn day(s: &str) -> Date {
    parse_iso(s).unwrap()
}

const SPEECH: &str = "tests/fixtures/anquan-shengchan.txt";
const OTHER: &str = "tests/fixtures/jinshao.txt";

/// A ledger folder with two documents.
fn ledger_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    ledger
        .add(Path::new(SPEECH), Some(day("2026-03-01")))
        .unwrap();
    ledger
        .add(Path::new(OTHER), Some(day("2026-03-05")))
        .unwrap();
    dir
}

/// Every file of the folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The first `n` items of a department in the first document.
fn items_of(ledger: &Ledger, dept: &str, n: usize) -> Vec<u64> {
    let list = &ledger.entries[0].checklist;
    let d = list.department(dept).unwrap();
    d.items.iter().take(n).map(|i| i.id).collect()
}

fn light_of(ledger: &Ledger, id: u64, clock: Clock) -> Light {
    let rows = status::rows(ledger, clock);
    rows.iter()
        .find(|r| r.entry == 0 && r.item.id == id)
        .unwrap()
        .light
}

#[test]
fn lights_at_the_edges() {
    let dir = ledger_dir();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    // One copy each of five different tasks (a due day is the task's).
    let mut tasks = std::collections::HashSet::new();
    let ids: Vec<u64> = ledger.entries[0]
        .checklist
        .items()
        .filter(|(_, i)| tasks.insert(i.task_key()))
        .map(|(_, i)| i.id)
        .take(5)
        .collect();
    let today = day("2026-06-10");
    let cases = [
        (ids[0], Some("2026-06-10"), Light::Yellow), // due today
        (ids[1], Some("2026-06-09"), Light::Red),    // yesterday
        (ids[2], Some("2026-06-17"), Light::Yellow), // in 7 days
        (ids[3], Some("2026-06-18"), Light::Unlit),  // in 8 days
    ];
    for (id, due, _) in cases {
        ledger.entries[0]
            .apply(Edit::SetDueDate {
                id,
                due: due.map(day),
            })
            .unwrap();
    }
    // Done yesterday-due is green; a task without any date is grey.
    ledger.entries[0]
        .apply(Edit::SetDueDate {
            id: ids[4],
            due: Some(day("2026-06-09")),
        })
        .unwrap();
    ledger.entries[0]
        .apply(Edit::SetStatus {
            id: ids[4],
            status: Status::Done,
        })
        .unwrap();
    let clock = Clock::new(today);
    for (id, due, light) in cases {
        assert_eq!(light_of(&ledger, id, clock), light, "due {due:?}");
    }
    assert_eq!(light_of(&ledger, ids[4], clock), Light::Green);
    let undated = ledger.entries[0]
        .checklist
        .items()
        .find(|(_, i)| i.deadline.is_none() && i.due_date.is_none())
        .map(|(_, i)| i.id)
        .unwrap();
    assert_eq!(light_of(&ledger, undated, clock), Light::Grey);
    // The window is a setting.
    let narrow = Clock {
        today,
        yellow_days: 3,
    };
    assert_eq!(light_of(&ledger, ids[2], narrow), Light::Unlit);
    // Yesterday's red says by how much.
    let rows = status::rows(&ledger, clock);
    let red = rows
        .iter()
        .find(|r| r.item.id == ids[1] && r.entry == 0)
        .unwrap();
    assert_eq!(red.overdue_days, 1);
}

#[test]
fn a_recurring_task_is_red_when_a_past_period_has_no_report() {
    let dir = ledger_dir();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let id = items_of(&ledger, "公安", 1)[0];
    ledger.entries[0]
        .apply(Edit::SetDeadline {
            id,
            deadline: Some(luoshi::model::Deadline {
                text: "每月".into(),
                due: Some(luoshi::model::Due::Every(luoshi::model::Period::Month)),
            }),
        })
        .unwrap();
    let clock = Clock::new(day("2026-04-27"));
    // March (the document's month) passed without a report.
    assert_eq!(light_of(&ledger, id, clock), Light::Red);
    let report = |d: &str| Edit::AddReport {
        id,
        report: Report {
            date: Some(day(d)),
            progress: "已开展".into(),
            ..Report::default()
        },
    };
    ledger.entries[0].apply(report("2026-03-20")).unwrap();
    // March is met; April ends within 7 days with no report yet.
    assert_eq!(light_of(&ledger, id, clock), Light::Yellow);
    ledger.entries[0].apply(report("2026-04-25")).unwrap();
    assert_eq!(light_of(&ledger, id, clock), Light::Green);
}

/// The 反馈表 as a department returns it: every cell of the exported
/// workbook written again with rust_xlsxwriter, with `fill` applied to
/// the grid of the first sheet first.
pub(crate) fn refill(bytes: &[u8], fill: impl Fn(&mut Vec<Vec<String>>)) -> Vec<u8> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for (index, name) in book.sheet_names().into_iter().enumerate() {
        let range = book.worksheet_range(&name).unwrap();
        let mut grid: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        if index == 0 {
            fill(&mut grid);
        }
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet
                        .write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), text)
                        .unwrap();
                }
            }
        }
    }
    out.save_to_buffer().unwrap()
}

pub(crate) fn set(grid: &mut [Vec<String>], row: usize, col: usize, text: &str) {
    while grid[row].len() <= col {
        grid[row].push(String::new());
    }
    grid[row][col] = text.to_string();
}

fn luoshi(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_luoshi"))
        .args(args)
        .output()
        .unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

#[test]
fn the_feedback_round_trip_through_the_cli() {
    let dir = ledger_dir();
    let table = dir.path().parent().unwrap().join(format!(
        "{}-公安反馈表.xlsx",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    let out = luoshi(&[
        os("ledger"),
        os("feedback-out"),
        dir.path().as_os_str(),
        os("--department"),
        os("公安"),
        os("-o"),
        table.as_os_str(),
        os("--today"),
        os("2026-06-01"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = std::fs::read(&table).unwrap();
    // The department fills two rows: one done, one in progress.
    let filled = refill(&exported, |grid| {
        set(grid, 3, 6, "已全面完成整治");
        set(grid, 3, 7, "已完成");
        set(grid, 3, 9, "李四");
        set(grid, 3, 10, "2026-05-28");
        set(grid, 4, 6, "正在推进");
        set(grid, 4, 8, "人手不足");
        set(grid, 4, 9, "王五");
    });
    let first_id = {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(exported)).unwrap();
        let range = book.worksheet_range("反馈表").unwrap();
        range.get_value((3, 0)).unwrap().to_string()
    };
    std::fs::write(&table, &filled).unwrap();

    // A dry run changes nothing and says what it would do.
    let before = snapshot(dir.path());
    let dry = luoshi(&[
        os("ledger"),
        os("feedback-in"),
        dir.path().as_os_str(),
        table.as_os_str(),
        os("--dry-run"),
        os("--today"),
        os("2026-06-02"),
    ]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(plan["applied"], false);
    assert_eq!(plan["changes"].as_array().unwrap().len(), 2);
    assert_eq!(snapshot(dir.path()), before);

    let run = luoshi(&[
        os("ledger"),
        os("feedback-in"),
        dir.path().as_os_str(),
        table.as_os_str(),
        os("--today"),
        os("2026-06-02"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let status = luoshi(&[
        os("ledger"),
        os("status"),
        dir.path().as_os_str(),
        os("--today"),
        os("2026-06-02"),
    ]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let police = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "公安")
        .unwrap();
    assert_eq!(police["done"], 1);
    let task = police["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == first_id.as_str())
        .unwrap();
    assert_eq!(task["light"], "green");
    // The reports are kept with who and when.
    let ledger = Ledger::open(dir.path()).unwrap();
    let (code, id) = first_id.rsplit_once('-').unwrap();
    let entry = &ledger.entries[ledger.entry_by_code(code).unwrap()];
    let item = entry.checklist.item(id.parse().unwrap()).unwrap();
    assert_eq!(item.reports.len(), 1);
    assert_eq!(item.reports[0].by, "李四");
    assert_eq!(item.reports[0].date, Some(day("2026-05-28")));
    assert_eq!(item.status, Status::Done);

    // The same file again adds nothing.
    let again = luoshi(&[
        os("ledger"),
        os("feedback-in"),
        dir.path().as_os_str(),
        table.as_os_str(),
    ]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["changes"].as_array().unwrap().len(), 0);
    assert_eq!(again["unchanged"], 2);
}

/// Exports 公安's 反馈表 of `dir` as bytes.
fn exported(dir: &Path, dept: &str) -> Vec<u8> {
    let ledger = Ledger::open(dir).unwrap();
    feedback::export(&ledger, dept, Clock::new(day("2026-06-01"))).unwrap()
}

#[test]
fn every_refused_import_leaves_the_ledger_byte_identical() {
    let dir = ledger_dir();
    let police = exported(dir.path(), "公安");
    let other_dir = tempfile::tempdir().unwrap();
    {
        let mut other = Ledger::open(other_dir.path()).unwrap();
        other
            .add(Path::new(OTHER), Some(day("2026-01-01")))
            .unwrap();
    }
    let other_ledger = exported(other_dir.path(), "公安");
    let fill_ok = |grid: &mut Vec<Vec<String>>| set(grid, 3, 6, "已部署");
    type Case = (&'static str, Vec<u8>, &'static str);
    let cases: Vec<Case> = vec![
        (
            "another ledger",
            refill(&other_ledger, fill_ok),
            "另一个台账",
        ),
        (
            "an edited id",
            refill(&police, |g| {
                fill_ok(g);
                set(g, 4, 0, "ZZZZZZ-4");
                set(g, 4, 6, "x");
            }),
            "第 5 行",
        ),
        (
            "moved columns",
            refill(&police, |g| {
                fill_ok(g);
                for row in g.iter_mut() {
                    while row.len() < 11 {
                        row.push(String::new());
                    }
                    row.swap(6, 8);
                }
            }),
            "第 3 行",
        ),
        (
            "a bad 完成情况",
            refill(&police, |g| {
                fill_ok(g);
                set(g, 3, 7, "差不多");
            }),
            "第 4 行",
        ),
        (
            "a bad date",
            refill(&police, |g| {
                fill_ok(g);
                set(g, 3, 10, "上周");
            }),
            "第 4 行",
        ),
        (
            "a row of another department",
            {
                let health = exported(dir.path(), "应急管理");
                let mut book: Xlsx<_> =
                    calamine::open_workbook_from_rs(Cursor::new(health)).unwrap();
                let id = book
                    .worksheet_range("反馈表")
                    .unwrap()
                    .get_value((3, 0))
                    .unwrap()
                    .to_string();
                refill(&police, move |g| {
                    fill_ok(g);
                    set(g, 4, 0, &id);
                    set(g, 4, 6, "x");
                })
            },
            "不是“公安”的",
        ),
        ("not a 反馈表", refill(&police, |g| g.clear()), "列"),
        ("not xlsx", b"PK\x03\x04 broken".to_vec(), "Excel"),
    ];
    let before = snapshot(dir.path());
    let good = dir.path().parent().unwrap().join(format!(
        "{}-good.xlsx",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&good, refill(&police, fill_ok)).unwrap();
    for (name, bytes, says) in cases {
        let bad = good.with_file_name(format!("{}-bad.xlsx", name.replace(' ', "-")));
        std::fs::write(&bad, &bytes).unwrap();
        // With a good file before it: nothing is applied halfway.
        let out = luoshi(&[
            os("ledger"),
            os("feedback-in"),
            dir.path().as_os_str(),
            good.as_os_str(),
            bad.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert_eq!(snapshot(dir.path()), before, "{name}: the ledger changed");
        let _ = std::fs::remove_file(&bad);
    }
    let _ = std::fs::remove_file(&good);
}

#[test]
fn an_import_is_one_undo_step_across_documents() {
    let dir = ledger_dir();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let before: Vec<_> = ledger.entries.iter().map(|e| e.checklist.clone()).collect();
    let table = refill(&exported(dir.path(), "公安"), |g| {
        for row in 3..g.len() {
            set(g, row, 6, "已部署");
            set(g, row, 7, "进行中");
        }
    });
    let plan = feedback::plan(&ledger, &[("公安.xlsx".into(), table)], day("2026-06-02")).unwrap();
    let documents: std::collections::HashSet<&str> =
        plan.changes.iter().map(|c| c.document.as_str()).collect();
    assert!(documents.len() >= 2, "the import spans both documents");
    feedback::apply(&mut ledger, &plan).unwrap();
    assert!(ledger.is_dirty());
    assert!(ledger.undo().unwrap());
    let after: Vec<_> = ledger.entries.iter().map(|e| e.checklist.clone()).collect();
    assert_eq!(after, before);
    assert!(!ledger.can_undo());
    assert!(ledger.redo().unwrap());
    assert!(
        ledger.entries[0]
            .checklist
            .items()
            .any(|(_, i)| !i.reports.is_empty())
    );
}

#[test]
fn two_clerks_on_one_folder_merge_or_refuse() {
    let dir = ledger_dir();
    let mut a = Ledger::open(dir.path()).unwrap();
    let mut b = Ledger::open(dir.path()).unwrap();
    let ids = items_of(&a, "公安", 2);
    a.entries[0]
        .apply(Edit::AddReport {
            id: ids[0],
            report: Report {
                progress: "甲录入".into(),
                ..Report::default()
            },
        })
        .unwrap();
    a.save(0).unwrap();
    b.entries[0]
        .apply(Edit::SetStatus {
            id: ids[1],
            status: Status::Done,
        })
        .unwrap();
    b.entries[0]
        .apply(Edit::AddReport {
            id: ids[0],
            report: Report {
                progress: "乙录入".into(),
                ..Report::default()
            },
        })
        .unwrap();
    b.save(0).unwrap();
    // Both clerks' work is in the file.
    let merged = Ledger::open(dir.path()).unwrap();
    let list = &merged.entries[0].checklist;
    let reports: Vec<&str> = list
        .item(ids[0])
        .unwrap()
        .reports
        .iter()
        .map(|r| r.progress.as_str())
        .collect();
    assert_eq!(reports, ["甲录入", "乙录入"]);
    assert_eq!(list.item(ids[1]).unwrap().status, Status::Done);

    // Both change one note differently: the second save is refused and
    // the file keeps the first.
    let mut a = Ledger::open(dir.path()).unwrap();
    let mut b = Ledger::open(dir.path()).unwrap();
    a.entries[0]
        .apply(Edit::SetNote {
            id: ids[1],
            note: "甲".into(),
        })
        .unwrap();
    b.entries[0]
        .apply(Edit::SetNote {
            id: ids[1],
            note: "乙".into(),
        })
        .unwrap();
    a.save(0).unwrap();
    let after_a = snapshot(dir.path());
    let err = b.save(0).unwrap_err();
    assert!(matches!(err, LedgerError::Conflict { .. }), "{err}");
    assert!(err.to_string().contains("note"), "{err}");
    assert_eq!(snapshot(dir.path()), after_a);
}

#[test]
fn status_json_has_the_documented_shape() {
    let dir = ledger_dir();
    let out = luoshi(&[
        os("ledger"),
        os("status"),
        dir.path().as_os_str(),
        os("--today"),
        os("2026-12-31"),
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["today"], "2026-12-31");
    let depts = v["departments"].as_array().unwrap();
    assert!(depts.len() > 5);
    let ledger = Ledger::open(dir.path()).unwrap();
    let total: usize = ledger
        .entries
        .iter()
        .map(|e| e.checklist.item_count())
        .sum();
    let listed: u64 = depts.iter().map(|d| d["total"].as_u64().unwrap()).sum();
    assert_eq!(listed, total as u64);
    for d in depts {
        for key in ["name", "total", "done", "overdue", "due_soon", "tasks"] {
            assert!(d.get(key).is_some(), "{key} missing");
        }
        for t in d["tasks"].as_array().unwrap() {
            for key in ["id", "text", "due", "light", "document"] {
                assert!(t.get(key).is_some(), "{key} missing");
            }
        }
    }
    // Markdown and a bad date.
    let md = luoshi(&[
        os("ledger"),
        os("status"),
        dir.path().as_os_str(),
        os("--format"),
        os("md"),
    ]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("| 公安 |"));
    let bad = luoshi(&[
        os("ledger"),
        os("status"),
        dir.path().as_os_str(),
        os("--today"),
        os("明天"),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let summary = summary::summary(&ledger, Clock::new(day("2026-12-31")), "通报".into());
    assert_eq!(summary.departments.len(), depts.len());
}

#[test]
fn adding_refuses_a_document_without_a_date_and_a_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let ledger_path = dir.path().join("台账");
    let out = luoshi(&[
        os("ledger"),
        os("add"),
        ledger_path.as_os_str(),
        os(OTHER),
        os("--date"),
        os("2026-03-05"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = snapshot(&ledger_path);
    let again = luoshi(&[
        os("ledger"),
        os("add"),
        ledger_path.as_os_str(),
        os(OTHER),
        os("--date"),
        os("2026-03-05"),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已在台账中"));
    assert_eq!(snapshot(&ledger_path), before);
}

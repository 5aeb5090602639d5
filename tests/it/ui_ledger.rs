//! The 督办台账 window: opened from a folder, grouped four ways, a report
//! typed and saved at once, undone, a task closed (销号), a returned
//! 反馈表 previewed and applied.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::ui::{apply, harness_in};
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use luoshi::app::Command;
use luoshi::checklist::Edit;
use luoshi::ledger::Ledger;
use luoshi::ledger::dates::parse_iso;
use std::path::Path;

/// A ledger folder with one speech whose first task is due on a set day.
fn ledger(dir: &Path) -> (std::path::PathBuf, String, u64) {
    let folder = dir.join("2026年台账");
    std::fs::create_dir(&folder).unwrap();
    let mut ledger = Ledger::open(&folder).unwrap();
    ledger
        .add(
            Path::new("tests/fixtures/anquan-shengchan.txt"),
            parse_iso("2026-03-01"),
        )
        .unwrap();
    let entry = &mut ledger.entries[0];
    let id = entry.checklist.departments[1].items[0].id;
    entry
        .apply(Edit::SetDueDate {
            id,
            due: parse_iso("2026-01-31"),
        })
        .unwrap();
    ledger.save(0).unwrap();
    let code = ledger.entries[0].checklist.code.clone();
    (folder, format!("{code}-{id}"), id)
}

fn on_disk(folder: &Path) -> luoshi::checklist::Checklist {
    Ledger::open(folder).unwrap().entries.remove(0).checklist
}

#[test]
fn a_report_typed_in_the_ledger_is_saved_at_once_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, task, id) = ledger(dir.path());
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::OpenLedger(folder.clone()));
    assert!(
        h.state().title().contains("2026年台账"),
        "{}",
        h.state().title()
    );
    // The four groupings are there; by light, the overdue task is red.
    for label in ["按单位", "按文件", "按期限", "按灯色"] {
        h.get_by_label(label).click();
        h.run();
    }
    h.get_by_label_contains("红灯（逾期）");
    h.get_by_label("按期限").click();
    h.run();
    h.get_by_label_contains("已逾期");
    // Select the task and type a report.
    h.get_by_label_contains(&format!("{task}  ")).click();
    h.run();
    assert_eq!(
        h.state().ledger.as_ref().unwrap().selected.map(|s| s.1),
        Some(id)
    );
    {
        let empty: Vec<_> = h
            .get_all_by_role(Role::TextInput)
            .filter(|n| n.value().as_deref() == Some(""))
            .collect();
        empty[0].focus();
    }
    h.run();
    h.get_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .unwrap()
        .type_text("已完成隐患排查");
    h.run();
    h.get_by_label("登记").click();
    h.run();
    let saved = on_disk(&folder);
    let reports = &saved.item(id).unwrap().reports;
    assert_eq!(reports.len(), 1, "saved at once");
    assert_eq!(reports[0].progress, "已完成隐患排查");
    // Undo takes it back, on disk too.
    apply(&mut h, Command::Undo);
    assert!(on_disk(&folder).item(id).unwrap().reports.is_empty());
    apply(&mut h, Command::Redo);
    assert_eq!(on_disk(&folder).item(id).unwrap().reports.len(), 1);
}

#[test]
fn closing_a_task_needs_a_basis_and_turns_it_green() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, task, id) = ledger(dir.path());
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::OpenLedger(folder.clone()));
    h.get_by_label_contains(&format!("{task}  ")).click();
    h.run();
    {
        let empty: Vec<_> = h
            .get_all_by_role(Role::TextInput)
            .filter(|n| n.value().as_deref() == Some(""))
            .collect();
        // progress, by, then the 销号 basis.
        empty[2].focus();
    }
    h.run();
    h.get_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .unwrap()
        .type_text("经现场核查已整改");
    h.run();
    h.get_by_label("销号").click();
    h.run();
    let closed = on_disk(&folder).item(id).unwrap().closed.clone().unwrap();
    assert_eq!(closed.basis, "经现场核查已整改");
    h.get_by_label("按灯色").click();
    h.run();
    h.get_by_label_contains("绿灯（已完成）");
}

#[test]
fn a_returned_feedback_table_is_previewed_then_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, _, _) = ledger(dir.path());
    let ledger = Ledger::open(&folder).unwrap();
    let clock = luoshi::ledger::status::Clock::new(parse_iso("2026-06-01").unwrap());
    let table = luoshi::ledger::feedback::export(&ledger, "公安", clock).unwrap();
    // Filled by the department with another xlsx writer.
    let filled = crate::ledger::refill(&table, |g| {
        crate::ledger::set(g, 3, 6, "已开展联合检查");
        crate::ledger::set(g, 3, 9, "赵六");
    });
    let path = dir.path().join("公安反馈.xlsx");
    std::fs::write(&path, filled).unwrap();
    let before = std::fs::read(&ledger.entries[0].path).unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::OpenLedger(folder.clone()));
    apply(&mut h, Command::ImportFeedback(path));
    h.get_by_label("导入前请核对");
    h.get_by_label_contains("已开展联合检查");
    // Nothing is written before 应用.
    assert_eq!(std::fs::read(&ledger.entries[0].path).unwrap(), before);
    h.get_by_label("应用").click();
    h.run();
    let saved = on_disk(&folder);
    assert!(
        saved
            .items()
            .any(|(_, i)| i.reports.iter().any(|r| r.by == "赵六"))
    );
    // One undo step takes the whole import back.
    apply(&mut h, Command::Undo);
    assert!(on_disk(&folder).items().all(|(_, i)| i.reports.is_empty()));
}

#[test]
fn a_document_without_a_date_is_asked_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, _, _) = ledger(dir.path());
    // A checklist saved into the folder by hand: no date, no code yet.
    let mut list = luoshi::session::Session::open(Path::new("tests/fixtures/jinshao.txt"))
        .unwrap()
        .checklist;
    list.date = None;
    luoshi::checklist::store::save(&list, &folder.join("jinshao.luoshi.ron")).unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::OpenLedger(folder.clone()));
    h.get_by_label_contains("没有文件日期");
    {
        let empty: Vec<_> = h
            .get_all_by_role(Role::TextInput)
            .filter(|n| n.value().as_deref() == Some(""))
            .collect();
        empty[0].focus();
    }
    h.run();
    h.get_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .unwrap()
        .type_text("2026-11-20");
    h.run();
    h.get_by_label("设定日期").click();
    h.run();
    let saved = Ledger::open(&folder).unwrap();
    let entry = saved
        .entries
        .iter()
        .find(|e| e.path.ends_with("jinshao.luoshi.ron"))
        .unwrap();
    assert_eq!(entry.checklist.date, parse_iso("2026-11-20"));
    assert!(h.query_by_label_contains("没有文件日期").is_none());
}

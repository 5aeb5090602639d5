//! Every edit a clerk makes reaches the 任务分解表 exactly as set: each
//! edit is applied the way the app applies it (one undo step, a task's
//! text and deadline on all its copies), then the table is read back from
//! the CSV and the workbook, whole and per department, and the undo gives
//! the first table back byte for byte.
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use luoshi::checklist::{Checklist, Edit, EditError, History, Source};
use luoshi::export::{self, Format};
use luoshi::model::{Deadline, Role, Status};
use std::io::Cursor;

/// One clause for three departments, one for one.
const SPEECH: &str = "在全市禁毒工作会议上的讲话\n\
    公安、卫生、司法等部门要积极组织开展戒毒治疗工作。\n\
    教育部门要加强禁毒宣传教育。\n";

fn speech_checklist() -> Checklist {
    let doc = luoshi::document::from_bytes(SPEECH.as_bytes(), "讲话.txt").unwrap();
    let ex = luoshi::extract(&doc);
    Checklist::from_extraction(&ex, Source::default())
}

/// The id of `department`'s copy of the task whose text contains `text`.
fn copy(list: &Checklist, department: &str, text: &str) -> u64 {
    list.department(department)
        .and_then(|d| d.items.iter().find(|i| i.text.contains(text)))
        .map(|i| i.id)
        .unwrap_or_else(|| panic!("{department} has no copy of {text}: {list:#?}"))
}

/// The task table's rows as the CSV has them (header dropped).
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    let mut reader = csv::Reader::from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The task sheet's data rows of a workbook (title and header dropped).
fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("任务分解表").unwrap();
    range
        .rows()
        .skip(2)
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// (工作任务, 牵头单位, 配合单位, 完成时限, 进展情况) of every row, checked
/// to be the same in the CSV and the workbook.
fn table(list: &Checklist) -> Vec<[String; 5]> {
    let csv = csv_rows(&export::to_bytes(list, Format::Csv).unwrap());
    let xlsx = xlsx_rows(export::to_bytes(list, Format::Xlsx).unwrap());
    assert_eq!(csv, xlsx, "the CSV and the workbook print the same table");
    csv.iter()
        .map(|r| {
            [
                r[1].clone(),
                r[2].clone(),
                r[3].clone(),
                r[4].clone(),
                r[6].clone(),
            ]
        })
        .collect()
}

/// The rows `department`'s own export (`--department`) has.
fn department_table(list: &Checklist, department: &str) -> Vec<[String; 3]> {
    let bytes = export::department_to_bytes(list, department, Format::Csv).unwrap();
    csv_rows(&bytes)
        .iter()
        .map(|r| [r[1].clone(), r[2].clone(), r[3].clone()])
        .collect()
}

fn row(task: &str, lead: &str, support: &str, due: &str, progress: &str) -> [String; 5] {
    [task, lead, support, due, progress].map(str::to_string)
}

const TASK: &str = "积极组织开展戒毒治疗工作";
const OTHER: &str = "加强禁毒宣传教育";

/// Applies `edit` as the app does, checks the table against `want`, then
/// undoes it and checks the export is byte-identical to before.
fn check(list: &mut Checklist, edit: Edit, want: &[[String; 5]]) {
    let before = export::to_bytes(list, Format::Csv).unwrap();
    let mut history = History::new();
    let edit = list.widen(edit);
    history.apply(list, edit).unwrap();
    assert_eq!(table(list), want);
    history.undo(list).unwrap();
    let after = export::to_bytes(list, Format::Csv).unwrap();
    assert_eq!(
        String::from_utf8(after).unwrap(),
        String::from_utf8(before).unwrap(),
        "undo gives the first table back"
    );
}

#[test]
fn the_extracted_task_is_one_row_with_its_units() {
    let list = speech_checklist();
    assert_eq!(
        table(&list),
        [
            row(TASK, "公安", "卫生、司法", "", "未开始"),
            row(OTHER, "教育", "", "", "未开始"),
        ]
    );
}

#[test]
fn each_edit_reaches_the_table() {
    let mut list = speech_checklist();
    let police = copy(&list, "公安", TASK);
    let health = copy(&list, "卫生", TASK);
    let education = copy(&list, "教育", OTHER);

    // The extractor made 公安 lead and the others support. 公安 set to
    // 配合: no lead is printed, 公安 is support.
    let edit = Edit::SetRole {
        id: police,
        role: Role::Support,
    };
    let want = [
        row(TASK, "", "公安、卫生、司法", "", "未开始"),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // 卫生 set to 牵头 too: two leads, both printed.
    let edit = Edit::SetRole {
        id: health,
        role: Role::Lead,
    };
    let want = [
        row(TASK, "公安、卫生", "司法", "", "未开始"),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // A lone department set to 配合 has no lead printed.
    let edit = Edit::SetRole {
        id: education,
        role: Role::Support,
    };
    let want = [
        row(TASK, "公安", "卫生、司法", "", "未开始"),
        row(OTHER, "", "教育", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // 协同 typed on a copy reaches 配合单位.
    let edit = Edit::SetWith {
        id: education,
        with: vec!["团市委".into(), "妇联".into()],
    };
    let want = [
        row(TASK, "公安", "卫生、司法", "", "未开始"),
        row(OTHER, "教育", "团市委、妇联", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // The text edited in one department's copy: still one row, all
    // departments keep their roles.
    let edit = Edit::SetText {
        id: health,
        text: "开展戒毒治疗".into(),
    };
    let want = [
        row("开展戒毒治疗", "公安", "卫生、司法", "", "未开始"),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // A deadline set on one copy is the task's.
    let edit = Edit::SetDeadline {
        id: health,
        deadline: Some(Deadline {
            text: "6月底前".into(),
            due: None,
        }),
    };
    let want = [
        row(TASK, "公安", "卫生、司法", "6月底前", "未开始"),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // Status is each department's own.
    let edit = Edit::SetStatus {
        id: police,
        status: Status::Done,
    };
    let want = [
        row(
            TASK,
            "公安",
            "卫生、司法",
            "",
            "公安：已完成；卫生：未开始；司法：未开始",
        ),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // A copy deleted: that department is gone from the row.
    let edit = Edit::DeleteItem { id: health };
    let want = [
        row(TASK, "公安", "司法", "", "未开始"),
        row(OTHER, "教育", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);
}

#[test]
fn renaming_and_merging_departments_keep_one_row_per_task() {
    let mut list = speech_checklist();
    let education = copy(&list, "教育", OTHER);
    let mut history = History::new();
    history
        .apply(
            &mut list,
            Edit::SetWith {
                id: education,
                with: vec!["公安".into()],
            },
        )
        .unwrap();

    // Renamed: the new name everywhere, the old one nowhere.
    let edit = Edit::RenameDepartment {
        from: "公安".into(),
        to: "市公安局".into(),
    };
    let want = [
        row(TASK, "市公安局", "卫生、司法", "", "未开始"),
        row(OTHER, "教育", "市公安局", "", "未开始"),
    ];
    check(&mut list, edit, &want);

    // 卫生 merged into 公安, which holds the same task: one copy stays,
    // the task is printed once, 公安 never names itself.
    let health = copy(&list, "卫生", TASK);
    history
        .apply(
            &mut list,
            Edit::SetStatus {
                id: health,
                status: Status::InProgress,
            },
        )
        .unwrap();
    let edit = Edit::MergeDepartments {
        from: "卫生".into(),
        into: "公安".into(),
    };
    let want = [
        row(TASK, "公安", "司法", "", "公安：进行中；司法：未开始"),
        row(OTHER, "教育", "公安", "", "未开始"),
    ];
    check(&mut list, edit.clone(), &want);
    // And 教育 merged into 公安, which it named in 协同.
    let edit = Edit::MergeDepartments {
        from: "教育".into(),
        into: "公安".into(),
    };
    let want = [
        row(
            TASK,
            "公安",
            "卫生、司法",
            "",
            "公安：未开始；卫生：进行中；司法：未开始",
        ),
        row(OTHER, "公安", "", "", "未开始"),
    ];
    check(&mut list, edit, &want);
}

#[test]
fn a_department_cannot_hold_a_task_twice() {
    let mut list = speech_checklist();
    let police = copy(&list, "公安", TASK);
    let before = list.clone();
    let err = Edit::MoveItem {
        id: police,
        to_dept: "卫生".into(),
        index: None,
    }
    .apply(&mut list)
    .unwrap_err();
    assert_eq!(err, EditError::AlreadyHasTask("卫生".into()));
    assert_eq!(list, before, "a refused edit changes nothing");
    // Moved to a department without it: re-assigned, still one row.
    let mut history = History::new();
    history
        .apply(
            &mut list,
            Edit::MoveItem {
                id: police,
                to_dept: "交通".into(),
                index: None,
            },
        )
        .unwrap();
    assert_eq!(
        table(&list)[0],
        row(TASK, "交通", "卫生、司法", "", "未开始")
    );
}

#[test]
fn a_department_export_prints_the_roles_as_set() {
    let mut list = speech_checklist();
    let police = copy(&list, "公安", TASK);
    let mut history = History::new();
    let edit = Edit::SetRole {
        id: police,
        role: Role::Support,
    };
    history.apply(&mut list, edit).unwrap();
    assert_eq!(
        department_table(&list, "公安"),
        [[TASK, "", "公安、卫生、司法"].map(str::to_string)]
    );
    assert_eq!(
        department_table(&list, "卫生"),
        [[TASK, "", "公安、卫生、司法"].map(str::to_string)]
    );
    assert!(department_table(&list, "教育")[0][0].contains(OTHER));
}

/// A text edited on a shared task is one undo step named as a text edit.
#[test]
fn a_task_wide_edit_is_one_undo_step_named_for_what_was_done() {
    let mut list = speech_checklist();
    let health = copy(&list, "卫生", TASK);
    let mut history = History::new();
    let edit = list.widen(Edit::SetText {
        id: health,
        text: "开展戒毒治疗".into(),
    });
    assert!(matches!(edit, Edit::Batch(ref copies) if copies.len() == 3));
    history.apply(&mut list, edit).unwrap();
    assert_eq!(history.undo_label(), Some("修改内容 / edit text"));
    let texts: Vec<&str> = list
        .items()
        .filter(|(_, i)| i.task_key() == list.item(health).unwrap().task_key())
        .map(|(_, i)| i.text.as_str())
        .collect();
    assert_eq!(texts, ["开展戒毒治疗"; 3]);
}

/// A task-wide edit that changes nothing is no undo step.
#[test]
fn a_task_wide_edit_that_changes_nothing_is_no_undo_step() {
    let mut list = speech_checklist();
    let health = copy(&list, "卫生", TASK);
    let mut history = History::new();
    let same = list.item(health).unwrap().text.clone();
    let edit = list.widen(Edit::SetText {
        id: health,
        text: same,
    });
    history.apply(&mut list, edit).unwrap();
    assert!(!history.can_undo());
    assert!(!history.is_dirty());
}

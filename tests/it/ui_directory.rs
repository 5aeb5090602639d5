//! The department directory (名录) in the window: kept in the data folder
//! across starts, used when a speech is extracted, learned from a rename,
//! applied to an open checklist as one undo step, shared as a file.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::ui::{apply, harness_in};
use egui_kittest::kittest::Queryable;
use luoshi::app::Command;
use luoshi::checklist::Edit;
use luoshi::directory::{Directory, FILE_NAME, Unit};
use std::path::Path;

const SPEECH: &str = "全市禁毒工作会议讲话\n\
    公安、卫生、司法等部门要积极组织开展戒毒治疗工作。\n\
    教育部门要加强禁毒宣传教育。\n";

fn police() -> Directory {
    Directory {
        units: vec![Unit {
            name: "市公安局".into(),
            short: vec!["公安".into()],
        }],
    }
}

fn departments(h: &egui_kittest::Harness<'static, luoshi::app::LuoshiApp>) -> Vec<String> {
    let list = &h.state().session.as_ref().unwrap().checklist;
    list.departments.iter().map(|d| d.name.clone()).collect()
}

fn speech(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("讲话.txt");
    std::fs::write(&path, SPEECH).unwrap();
    path
}

#[test]
fn the_directory_is_kept_and_used_when_a_speech_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness_in(dir.path());
        apply(&mut h, Command::SaveDirectory(police()));
    }
    assert!(dir.path().join(FILE_NAME).is_file());
    // The next start reads it, and the speech gets the official name.
    let mut h = harness_in(dir.path());
    assert_eq!(h.state().directory, police());
    apply(&mut h, Command::Open(speech(dir.path())));
    let names = departments(&h);
    assert!(names.contains(&"市公安局".to_string()), "{names:?}");
    assert!(!names.contains(&"公安".to_string()), "{names:?}");
    // A fresh extraction: nothing to save or undo.
    assert!(!h.state().title().starts_with('●'));
    // The exported table prints it.
    let csv = luoshi::export::to_bytes(
        &h.state().session.as_ref().unwrap().checklist,
        luoshi::export::Format::Csv,
    )
    .unwrap();
    assert!(String::from_utf8(csv).unwrap().contains("市公安局"));
}

#[test]
fn a_rename_is_offered_to_the_directory_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::Open(speech(dir.path())));
    apply(
        &mut h,
        Command::Edit(Edit::RenameDepartment {
            from: "卫生".into(),
            to: "市卫健委".into(),
        }),
    );
    assert_eq!(
        h.state().dialogs.learn_offer,
        Some(("卫生".into(), "市卫健委".into()))
    );
    h.get_by_label("记住").click();
    h.run();
    assert!(h.state().dialogs.learn_offer.is_none());
    assert!(h.state().directory.knows("卫生", "市卫健委"));
    let kept = Directory::load(&dir.path().join(FILE_NAME)).unwrap();
    assert!(kept.knows("卫生", "市卫健委"));
    // Renaming back and again: known, so not offered twice.
    apply(
        &mut h,
        Command::Edit(Edit::RenameDepartment {
            from: "市卫健委".into(),
            to: "卫生".into(),
        }),
    );
    h.get_by_label("不用").click();
    h.run();
    apply(
        &mut h,
        Command::Edit(Edit::RenameDepartment {
            from: "卫生".into(),
            to: "市卫健委".into(),
        }),
    );
    assert!(h.state().dialogs.learn_offer.is_none());
}

#[test]
fn applying_the_directory_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::Open(speech(dir.path())));
    let before = departments(&h);
    assert!(before.contains(&"公安".to_string()));
    // Typed into the directory window and applied to the open checklist.
    apply(&mut h, Command::ShowDirectory);
    h.get_by_label("＋ 添加单位").click();
    h.run();
    // The new row's two fields are the window's, drawn last: the last
    // two empty text fields on screen.
    use eframe::egui::accesskit::Role;
    for (from_end, typed) in [(2, "市公安局"), (1, "公安")] {
        {
            let empty: Vec<_> = h
                .get_all_by_role(Role::TextInput)
                .filter(|n| n.value().as_deref() == Some(""))
                .collect();
            empty[empty.len() - from_end].focus();
        }
        h.run();
        h.get_all_by_role(Role::TextInput)
            .find(|n| n.is_focused())
            .unwrap()
            .type_text(typed);
        h.run();
    }
    h.get_by_label("保存并用于当前清单").click();
    h.run();
    assert_eq!(h.state().directory, police());
    let after = departments(&h);
    assert!(after.contains(&"市公安局".to_string()), "{after:?}");
    assert!(h.state().title().starts_with('●'));
    apply(&mut h, Command::Undo);
    assert_eq!(departments(&h), before);
}

#[test]
fn a_directory_is_shared_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::SaveDirectory(police()));
    // Exported; over an existing file it asks first.
    let out = dir.path().join("我们的名录.ron");
    std::fs::write(&out, "别人的文件").unwrap();
    apply(
        &mut h,
        Command::ExportDirectory {
            path: out.clone(),
            replace: false,
        },
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "别人的文件");
    assert!(h.state().dialogs.modal.is_some(), "asks before replacing");
    apply(
        &mut h,
        Command::ExportDirectory {
            path: out.clone(),
            replace: true,
        },
    );
    assert_eq!(Directory::load(&out).unwrap(), police());
    // A colleague's directory imported into an empty one.
    let other = tempfile::tempdir().unwrap();
    let mut colleague = harness_in(other.path());
    apply(&mut colleague, Command::ImportDirectory(out.clone()));
    assert_eq!(colleague.state().directory, police());
    // A file that is no directory: a message, nothing changes.
    let bad = dir.path().join("坏.ron");
    std::fs::write(&bad, "(units: 3)").unwrap();
    apply(&mut colleague, Command::ImportDirectory(bad));
    assert!(
        colleague
            .state()
            .dialogs
            .error
            .clone()
            .unwrap()
            .contains("不是落实的单位名录")
    );
    assert_eq!(colleague.state().directory, police());
}

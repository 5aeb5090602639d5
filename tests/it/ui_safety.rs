//! The window never loses what the clerk typed or saved: text still in a
//! focused field counts for Save, closing and the journal; a save over a
//! file changed elsewhere, or over any existing file, asks first; two
//! windows keep their journals apart; files open off the UI thread.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::ui::{apply, close_window, harness_in, journal_of, open_sample, settle};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use luoshi::app::{Command, LuoshiApp};
use luoshi::checklist::Edit;
use luoshi::session::Session;
use std::path::Path;

/// Focuses the first item's text field and types `typed` without leaving
/// it. Returns the item's id.
fn type_into_first_item(h: &mut Harness<'static, LuoshiApp>, typed: &str) -> u64 {
    let session = h.state().session.as_ref().unwrap();
    let dept = h.state().view.selected_department.clone().unwrap();
    let item = session.checklist.department(&dept).unwrap().items[0].clone();
    h.get_all_by_value(&item.text).next().unwrap().focus();
    h.run();
    h.get_all_by_value(&item.text)
        .next()
        .unwrap()
        .type_text(typed);
    h.run();
    item.id
}

fn text_of(h: &Harness<'static, LuoshiApp>, id: u64) -> String {
    let session = h.state().session.as_ref().unwrap();
    session.checklist.item(id).unwrap().text.clone()
}

fn save_as(h: &mut Harness<'static, LuoshiApp>, path: &Path) {
    apply(
        h,
        Command::SaveAs {
            path: path.to_path_buf(),
            replace: false,
        },
    );
}

#[test]
fn text_still_in_a_field_is_saved_asked_about_and_journalled() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_in(dir.path());
    open_sample(&mut h);
    let path = dir.path().join("清单.luoshi.ron");
    save_as(&mut h, &path);
    assert!(!h.state().title().starts_with('●'));

    // Typed, focus still in the field: unsaved, and journalled.
    let id = type_into_first_item(&mut h, "（草稿一）");
    assert!(h.state().title().starts_with('●'), "{}", h.state().title());
    let journal = journal_of(&h);
    for _ in 0..10 {
        if journal.exists() {
            break;
        }
        h.run();
    }
    let journalled = std::fs::read_to_string(&journal).unwrap();
    assert!(journalled.contains("（草稿一）"), "the draft is journalled");

    // Ctrl+S with the focus still in the field saves the typed text.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("（草稿一）"), "saved without the draft");
    assert!(text_of(&h, id).contains("（草稿一）"));
    assert!(!h.state().title().starts_with('●'));
    assert!(!journal.exists(), "saved: the journal goes");

    // More typing, then closing the window: asked, not closed.
    h.get_all_by_value(&text_of(&h, id))
        .next()
        .unwrap()
        .type_text("（草稿二）");
    h.run();
    assert!(close_window(&mut h), "the close must be cancelled");
    h.run();
    h.get_by_label("保存修改吗？");
    assert!(
        text_of(&h, id).contains("（草稿二）"),
        "the draft is an edit now"
    );
    h.get_by_label("取消").click();
    h.run();

    // Ctrl+Q asks too.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    h.get_by_label("保存修改吗？");
}

#[test]
fn a_save_over_a_file_changed_elsewhere_asks_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_in(dir.path());
    open_sample(&mut h);
    let path = dir.path().join("清单.luoshi.ron");
    save_as(&mut h, &path);

    // Another window saves the same file.
    let mut other = Session::open(&path).unwrap();
    let first = other.checklist.departments[0].items[0].id;
    other
        .apply(Edit::SetNote {
            id: first,
            note: "别的窗口".into(),
        })
        .unwrap();
    other.save_to(&path).unwrap();
    let theirs = std::fs::read_to_string(&path).unwrap();

    h.get_all_by_label("完成").next().unwrap().click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    h.get_by_label("文件已被其他窗口或程序修改");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(h.state().title().starts_with('●'));

    // 另存为副本 asks where (the path field here), beside the file.
    h.get_by_label("另存为副本").click();
    h.run();
    let (_, prefill) = h.state().dialogs.path_entry.clone().unwrap();
    assert!(prefill.ends_with("清单（副本）.luoshi.ron"), "{prefill}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);

    // 覆盖 replaces it, on purpose.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    h.get_by_label("覆盖").click();
    settle(&mut h);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(!h.state().title().starts_with('●'));

    // 重新载入 takes the other window's version.
    other
        .apply(Edit::SetNote {
            id: first,
            note: "又改了".into(),
        })
        .unwrap();
    other.save_checked(&path, true).unwrap();
    h.get_all_by_label("完成").next().unwrap().click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    h.get_by_label("重新载入（放弃本窗口的修改）").click();
    settle(&mut h);
    let session = h.state().session.as_ref().unwrap();
    assert_eq!(session.checklist.item(first).unwrap().note, "又改了");
    assert!(!session.is_dirty());
}

#[test]
fn save_as_and_export_never_replace_a_file_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("在全市会议上的讲话.txt");
    std::fs::write(&speech, luoshi::session::SAMPLE_SPEECH).unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::Open(speech.clone()));
    // The suggested names are never the speech.
    let session = h.state().session.as_ref().unwrap();
    assert_eq!(
        session.suggested_file_name(),
        "在全市会议上的讲话.luoshi.ron"
    );

    // Save As onto the speech (as typed in the path field): the checklist
    // goes to a checklist file beside it; the speech is untouched.
    save_as(&mut h, &speech);
    assert_eq!(h.state().dialogs.error, None);
    assert!(dir.path().join("在全市会议上的讲话.luoshi.ron").exists());
    assert_eq!(
        std::fs::read_to_string(&speech).unwrap(),
        luoshi::session::SAMPLE_SPEECH
    );
    // And a copy of the speech under another name is not replaced either.
    let copy = dir.path().join("讲话副本.txt");
    std::fs::write(&copy, luoshi::session::SAMPLE_SPEECH).unwrap();
    save_as(&mut h, &copy);
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        luoshi::session::SAMPLE_SPEECH
    );
    assert!(dir.path().join("讲话副本.luoshi.ron").exists());

    // Save As onto another existing file: asked first, kept on 取消.
    let other = dir.path().join("别的文件.luoshi.ron");
    std::fs::write(&other, "别人的内容").unwrap();
    save_as(&mut h, &other);
    h.get_by_label("替换已有的文件吗？");
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "别人的内容");
    // … and replaced on 替换.
    save_as(&mut h, &other);
    h.get_by_label("替换").click();
    settle(&mut h);
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .contains("departments")
    );

    // Export onto the speech or the checklist: refused; onto another file: asked.
    for target in [&speech, &other] {
        apply(
            &mut h,
            Command::Export {
                format: luoshi::export::Format::Markdown,
                department: None,
                path: target.clone(),
                replace: true,
            },
        );
        assert!(h.state().dialogs.error.is_some(), "{}", target.display());
    }
    assert_eq!(
        std::fs::read_to_string(&speech).unwrap(),
        luoshi::session::SAMPLE_SPEECH
    );
    let table = dir.path().join("任务分解表.md");
    std::fs::write(&table, "手写的表").unwrap();
    apply(
        &mut h,
        Command::Export {
            format: luoshi::export::Format::Markdown,
            department: None,
            path: table.clone(),
            replace: false,
        },
    );
    h.get_by_label("替换已有的文件吗？");
    assert_eq!(std::fs::read_to_string(&table).unwrap(), "手写的表");
}

#[test]
fn two_windows_keep_their_journals_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = harness_in(dir.path());
    open_sample(&mut first);
    first.get_all_by_label("完成").next().unwrap().click();
    first.run();
    first.state_mut().journal_now();
    let first_journal = journal_of(&first);
    assert!(first_journal.exists());

    // A second window while the first runs: no offer of the first's edits.
    let mut second = harness_in(dir.path());
    second.run();
    assert!(
        second
            .query_by_label("发现未保存的修改，是否恢复？")
            .is_none()
    );
    assert_ne!(journal_of(&second), first_journal);
    // Its own work and its discarding leave the first's journal alone.
    open_sample(&mut second);
    second.get_all_by_label("完成").next().unwrap().click();
    second.run();
    second.state_mut().journal_now();
    apply(
        &mut second,
        Command::DiscardAndProceed(luoshi::app::Pending::CloseDocument),
    );
    assert!(first_journal.exists());

    // The first window is gone (killed): the next window offers its edits.
    drop(first);
    let mut third = harness_in(dir.path());
    third.run();
    third.get_by_label("发现未保存的修改，是否恢复？");
}

#[test]
fn a_damaged_journal_is_reported_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(luoshi::recovery::LEGACY_JOURNAL_FILE),
        "(损坏",
    )
    .unwrap();
    let mut h = harness_in(dir.path());
    h.run();
    let notice = h.state().dialogs.notice.clone().unwrap_or_default();
    assert!(notice.contains("已损坏"), "{notice}");
    // Kept aside for a bug report, reported once.
    drop(h);
    let mut h = harness_in(dir.path());
    h.run();
    assert_eq!(h.state().dialogs.notice, None);
}

#[test]
fn files_open_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("一行.txt");
    // A file without line breaks or sentence ends.
    std::fs::write(&speech, "各部门要加强协调配合".repeat(20_000)).unwrap();
    let mut h = harness_in(dir.path());
    open_sample(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Open(speech.clone()));
    assert!(
        h.state().opening.is_some(),
        "the menu's open runs in the background"
    );
    settle(&mut h);
    let session = h.state().session.as_ref().unwrap();
    assert_eq!(session.display_name, "一行.txt");
    // Item texts are capped, and the window still draws.
    for (_, item) in session.checklist.items() {
        assert!(item.text.chars().count() <= luoshi::checklist::MAX_TEXT_CHARS + 1);
    }
    h.run();
}

#[test]
fn a_restored_checklist_saves_over_its_unchanged_file_without_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("清单.luoshi.ron");
    {
        let mut h = harness_in(dir.path());
        open_sample(&mut h);
        save_as(&mut h, &path);
        h.get_all_by_label("完成").next().unwrap().click();
        h.run();
        h.state_mut().journal_now();
        // The window is killed here.
    }
    let before = std::fs::read_to_string(&path).unwrap();
    let mut h = harness_in(dir.path());
    h.run();
    h.get_by_label("恢复").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    assert!(
        h.query_by_label("文件已被其他窗口或程序修改").is_none(),
        "nobody changed the file: no question"
    );
    assert_ne!(std::fs::read_to_string(&path).unwrap(), before, "saved");
    assert!(!h.state().title().starts_with('●'));

    // Had another window saved it meanwhile, the question comes.
    {
        let mut h = harness_in(dir.path());
        apply(&mut h, Command::Open(path.clone()));
        h.get_all_by_label("完成").next().unwrap().click();
        h.run();
        h.state_mut().journal_now();
    }
    let mut other = Session::open(&path).unwrap();
    let id = other.checklist.departments[0].items[0].id;
    other
        .apply(Edit::SetNote {
            id,
            note: "别的窗口".into(),
        })
        .unwrap();
    other.save_to(&path).unwrap();
    let mut h = harness_in(dir.path());
    h.run();
    h.get_by_label("恢复").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut h);
    h.get_by_label("文件已被其他窗口或程序修改");
}

#[test]
fn items_to_check_are_marked_and_can_be_shown_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("待核.luoshi.ron");
    std::fs::write(
        &path,
        "(version: 1, departments: [(name: \"公安\", items: [\
         (id: 1, text: \"有把握的事项\"), \
         (id: 2, text: \"没把握的事项\", confidence: check, reason: \"no obligation marker\")])], next_id: 3)",
    )
    .unwrap();
    let mut h = harness_in(dir.path());
    apply(&mut h, Command::Open(path));
    assert!(h.query_all_by_value("有把握的事项").next().is_some());
    assert!(h.query_all_by_value("没把握的事项").next().is_some());
    h.get_by_label("待核");
    h.get_by_label("只看待核 (1)").click();
    h.run();
    assert!(h.state().view.only_check);
    assert!(
        h.query_all_by_value("有把握的事项").next().is_none(),
        "sure items hidden"
    );
    assert!(h.query_all_by_value("没把握的事项").next().is_some());
}

/// A checklist whose speech moved opens with the speech it keeps; the
/// File menu offers to locate the original, which is then found.
#[test]
fn a_moved_speech_is_shown_from_the_checklist_and_can_be_located() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("讲话.txt");
    std::fs::write(
        &speech,
        "全市防汛工作会议讲话\n水利局要在汛前完成险工险段排查。\n",
    )
    .unwrap();
    let checklist = dir.path().join("讲话.luoshi.ron");
    let session = Session::open(&speech).unwrap();
    luoshi::checklist::store::save(&session.checklist, &checklist).unwrap();
    let moved = dir.path().join("定稿.txt");
    std::fs::rename(&speech, &moved).unwrap();

    let mut h = harness_in(dir.path());
    apply(&mut h, Command::Open(checklist.clone()));
    let session = h.state().session.as_ref().unwrap();
    let doc = session.document.as_ref().expect("the kept speech is shown");
    assert!(doc.text.contains("险工险段排查"));
    assert!(
        h.state()
            .dialogs
            .warning
            .clone()
            .unwrap()
            .contains("清单中保存的原文")
    );
    // The sentence is on the left pane.
    assert!(h.query_all_by_label_contains("险工险段排查").count() >= 1);

    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("查找原文文件…");
    apply(&mut h, Command::LocateSpeech(moved.clone()));
    let session = h.state().session.as_ref().unwrap();
    assert!(session.speech_from_file);
    assert!(
        h.state().title().starts_with('●'),
        "where the speech is, is a change to save"
    );
    assert!(h.state().dialogs.error.is_none());
}

//! UI flows through egui_kittest, driving the real `LuoshiApp` through its
//! accessibility tree: open the sample, tick, edit, undo, move, save, and
//! the unsaved-changes guard on close. Plus the no-tofu check: every
//! character of every dev speech lays out with the bundled font (kittest
//! panics on a missing glyph).

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::ui_harness::harness;
use calamine::{Reader, Xlsx};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use luoshi::app::settings::Settings;
use luoshi::app::{Command, LuoshiApp, fonts};
use luoshi::checklist::Status;
use luoshi::export::Format;
use std::path::Path;

use eframe::egui;

pub(crate) fn open_sample(h: &mut Harness<'static, LuoshiApp>) {
    h.get_by_label("打开示例讲话").click();
    h.run();
    assert!(h.state().session.is_some(), "the sample should be open");
}

pub(crate) fn apply(h: &mut Harness<'static, LuoshiApp>, cmd: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, cmd);
    settle(h);
}

/// Runs frames until files being opened or saved in the background are done.
pub(crate) fn settle(h: &mut Harness<'static, LuoshiApp>) {
    // Frames one at a time while busy: the spinner asks for more forever.
    h.step();
    for _ in 0..2000 {
        if !h.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().is_busy(), "still opening or saving");
    h.run();
}

/// Clicks the window's close button; true when the app cancelled the close.
pub(crate) fn close_window(h: &mut Harness<'static, LuoshiApp>) -> bool {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    h.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .contains(&egui::ViewportCommand::CancelClose)
}

/// (department, done, total) of the selected department.
fn selected_progress(h: &Harness<'static, LuoshiApp>) -> (String, usize, usize) {
    let app = h.state();
    let name = app
        .view
        .selected_department
        .clone()
        .expect("a department is selected");
    let list = &app.session.as_ref().expect("open").checklist;
    let (done, total) = list.department(&name).expect("exists").progress();
    (name, done, total)
}

#[test]
fn start_page_then_sample_shows_departments_and_items() {
    let mut h = harness();
    h.run();
    h.get_by_label("打开…");
    open_sample(&mut h);
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert!(
        list.departments.len() >= 5,
        "departments: {:?}",
        list.departments.iter().map(|d| &d.name).collect::<Vec<_>>()
    );
    for name in ["政务服务中心", "司法"] {
        let found = list
            .departments
            .iter()
            .any(|d| d.name.contains(name.trim_start_matches('市')));
        assert!(found, "{name} should have items");
    }
    // Each department is listed with its progress.
    let first = list.departments[0].clone();
    assert!(h.query_all_by_label(&first.name).count() >= 1);
    assert!(
        h.query_all_by_label(&format!("0/{}", first.items.len()))
            .count()
            >= 1
    );
    // The selected department's items are shown with their checkboxes
    // (only the cards in view are drawn).
    let cards = h.get_all_by_label("完成").count();
    assert!((1..=first.items.len()).contains(&cards), "{cards} cards");
    assert!(h.query_all_by_value(&first.items[0].text).count() >= 1);
}

#[test]
fn tick_edit_undo_move_save() {
    let mut h = harness();
    open_sample(&mut h);
    let (dept, done, total) = selected_progress(&h);
    assert_eq!(done, 0);

    // Tick the first item: its department's progress changes.
    h.get_all_by_label("完成").next().unwrap().click();
    h.run();
    assert_eq!(selected_progress(&h), (dept.clone(), 1, total));
    assert!(h.query_all_by_label(&format!("1/{total}")).count() >= 1);

    // Edit its text: type, then leave the field (one undo step).
    let id = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .checklist
        .department(&dept)
        .unwrap()
        .items[0]
        .id;
    let before = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .checklist
        .item(id)
        .unwrap()
        .text
        .clone();
    // The text field (its text run carries the same value).
    h.get_all_by_value(&before).next().unwrap().focus();
    h.run();
    h.get_all_by_value(&before)
        .next()
        .unwrap()
        .type_text("（已分解到科室）");
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    let after = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .checklist
        .item(id)
        .unwrap()
        .text
        .clone();
    assert!(
        after.contains("（已分解到科室）"),
        "text after editing: {after}"
    );
    assert!(
        h.state().title().starts_with('●'),
        "dirty mark in {}",
        h.state().title()
    );

    // Undo restores it (Ctrl+Z while no field has focus).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state()
            .session
            .as_ref()
            .unwrap()
            .checklist
            .item(id)
            .unwrap()
            .text,
        before
    );
    // Redo brings the edit back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(
        h.state()
            .session
            .as_ref()
            .unwrap()
            .checklist
            .item(id)
            .unwrap()
            .text,
        after
    );

    // Move the item to another department through its menu.
    let target = h
        .state()
        .session
        .as_ref()
        .unwrap()
        .checklist
        .departments
        .iter()
        .map(|d| d.name.clone())
        .find(|n| *n != dept)
        .unwrap();
    h.get_all_by_label("移至…").next().unwrap().click();
    h.run();
    // The menu entry (the department list has the same name; the popup comes last).
    h.get_all_by_label(&target).last().unwrap().click();
    h.run();
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.department_of(id).unwrap().name, target);
    assert_eq!(list.item(id).unwrap().status, Status::Done);

    // Save: the RON on disk holds the edit, and the dirty mark goes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("清单.ron");
    apply(
        &mut h,
        Command::SaveAs {
            path: path.clone(),
            replace: false,
        },
    );
    let ron = std::fs::read_to_string(&path).unwrap();
    assert!(ron.contains("（已分解到科室）"));
    assert!(!h.state().title().starts_with('●'));

    // Reopen the saved checklist: the edit and the move are there.
    apply(&mut h, Command::Open(path.clone()));
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.department_of(id).unwrap().name, target);
    assert!(list.item(id).unwrap().text.contains("（已分解到科室）"));
    // The sample has no file behind it but is bundled: it is shown again.
    assert!(h.state().session.as_ref().unwrap().document.is_some());
    assert!(h.state().dialogs.warning.is_none());
}

#[test]
fn clicking_an_item_highlights_its_sentence_and_back() {
    let mut h = harness();
    open_sample(&mut h);
    let (id, span) = {
        let list = &h.state().session.as_ref().unwrap().checklist;
        let item = list
            .departments
            .iter()
            .flat_map(|d| &d.items)
            .find(|i| i.span.is_some())
            .unwrap();
        (item.id, item.span.unwrap())
    };
    apply(&mut h, Command::SelectItem(Some(id)));
    assert_eq!(h.state().view.highlight, Some(span));
    // A click inside the tinted sentence selects its item again.
    apply(&mut h, Command::SelectItem(None));
    apply(&mut h, Command::SelectAt(span.start + 1));
    let selected = h.state().view.selected_item.unwrap();
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.item(selected).unwrap().span, Some(span));
}

/// Only the cards in view are laid out; the ones scrolled past stand in by
/// their measured height, so the cards in view move by exactly the distance
/// scrolled, down and back up.
#[test]
fn scrolling_the_item_list_moves_cards_by_exactly_the_distance() {
    let mut h = harness();
    open_sample(&mut h);
    apply(&mut h, Command::SelectDepartment(None));
    let (header, first, second) = {
        let list = &h.state().session.as_ref().unwrap().checklist;
        let dept = &list.departments[0];
        assert!(
            dept.items.len() >= 2,
            "the sample's first department has two items"
        );
        (
            dept.name.clone(),
            dept.items[0].text.clone(),
            dept.items[1].text.clone(),
        )
    };
    // The text field (and its text run inside) of a card.
    let top = |h: &Harness<'static, LuoshiApp>, value: &str| {
        h.get_all_by_value(value).next().unwrap().rect().top()
    };
    // The department's heading sits at the top of the item list (the same
    // name is also in the department list above it: take the lower one).
    let heading = h
        .get_all_by_label(&header)
        .map(|n| n.rect())
        .max_by(|a, b| a.top().total_cmp(&b.top()))
        .unwrap();
    let y0 = top(&h, &second);
    // Scroll the second card's text up to just below the list's top edge:
    // the first card is then wholly out of view.
    let distance = (y0 - heading.top() - 8.0).round();
    let wheel = |h: &mut Harness<'static, LuoshiApp>, dy: f32| {
        h.hover_at(heading.center() + egui::vec2(0.0, 60.0));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    };
    wheel(&mut h, -distance);
    assert!(
        h.query_all_by_value(&first).next().is_none(),
        "the first card, out of view, is not laid out"
    );
    assert!((top(&h, &second) - (y0 - distance)).abs() < 0.5);
    wheel(&mut h, distance);
    assert!(h.query_all_by_value(&first).next().is_some());
    assert!((top(&h, &second) - y0).abs() < 0.5);
}

#[test]
fn closing_with_unsaved_changes_asks_and_does_not_close() {
    let mut h = harness();
    open_sample(&mut h);
    h.get_all_by_label("完成").next().unwrap().click();
    h.run();
    assert!(close_window(&mut h), "the close must be cancelled");
    h.run();
    h.get_by_label("保存修改吗？");
    // 取消 keeps everything.
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label("保存修改吗？").is_none());
    assert!(h.state().session.as_ref().unwrap().is_dirty());
}

#[test]
fn opening_a_missing_file_keeps_what_is_open() {
    let mut h = harness();
    open_sample(&mut h);
    apply(&mut h, Command::Open("/nonexistent/讲话.txt".into()));
    assert!(
        h.state()
            .session
            .as_ref()
            .unwrap()
            .display_name
            .contains("示例")
    );
    assert!(h.state().dialogs.error.is_some());
    h.get_by_label("知道了");
}

#[test]
fn export_from_the_file_menu_writes_the_task_table() {
    let mut h = harness();
    open_sample(&mut h);
    let before = h.state().session.as_ref().unwrap().checklist.clone();

    // 文件 → 导出… → Excel: headless there is no native dialog, so the
    // path field appears with the suggested file name.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导出…").click();
    h.run();
    h.get_by_label("Excel 任务分解表 (.xlsx)").click();
    h.run();
    h.get_by_label("导出到：");
    let suggested = h.state().dialogs.path_entry.as_ref().unwrap().1.clone();
    assert!(suggested.ends_with(".xlsx"), "suggested: {suggested}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("任务分解表.xlsx");
    h.state_mut().dialogs.path_entry.as_mut().unwrap().1 = path.display().to_string();
    h.run();
    h.get_by_label("确定").click();
    h.run();

    let notice = h.state().dialogs.notice.clone().unwrap_or_default();
    assert!(notice.contains("已导出到"), "notice: {notice}");
    assert!(h.state().dialogs.error.is_none());
    let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheets = book.sheet_names();
    assert!(
        sheets.iter().any(|s| s == "任务分解表"),
        "sheets: {sheets:?}"
    );
    // The open checklist is only read.
    let app = h.state();
    let session = app.session.as_ref().unwrap();
    assert_eq!(session.checklist, before);
    assert!(!session.is_dirty());

    // This department's part, through the app's command.
    let dept = app.view.selected_department.clone().unwrap();
    let dept_path = dir.path().join("本部门.xlsx");
    apply(
        &mut h,
        Command::Export {
            format: Format::Xlsx,
            department: Some(dept.clone()),
            path: dept_path.clone(),
            replace: false,
        },
    );
    let book: Xlsx<_> = calamine::open_workbook(&dept_path).unwrap();
    assert!(book.sheet_names().iter().any(|s| s == "任务分解表"));

    // A department the checklist lacks: the error banner says so, nothing is written.
    let bad = dir.path().join("无.xlsx");
    apply(
        &mut h,
        Command::Export {
            format: Format::Xlsx,
            department: Some("不存在的部门".into()),
            path: bad.clone(),
            replace: false,
        },
    );
    assert!(h.state().dialogs.error.is_some());
    assert!(!bad.exists());
}

#[test]
fn english_ui() {
    let mut h = harness();
    apply(&mut h, Command::SetLang(luoshi::app::i18n::Lang::En));
    h.get_by_label("Open the sample speech").click();
    h.run();
    h.get_by_label("Checklist");
}

/// Every character of every dev speech and fixture renders with a glyph.
#[test]
fn every_speech_character_has_a_glyph() {
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    match std::fs::read_dir(&shared) {
        Ok(rd) => paths.extend(rd.flatten().map(|e| e.path())),
        Err(_) => eprintln!(
            "SKIP part of every_speech_character_has_a_glyph: {} is absent",
            shared.display()
        ),
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    paths.extend(
        std::fs::read_dir(fixtures)
            .unwrap()
            .flatten()
            .map(|e| e.path()),
    );
    paths.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "docx")));
    paths.sort();
    let mut text = String::from(luoshi::session::SAMPLE_SPEECH);
    for p in &paths {
        let doc = luoshi::document::load(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let mut chars: Vec<char> = doc.text.chars().filter(|c| !c.is_control()).collect();
        chars.sort_unstable();
        chars.dedup();
        text.extend(chars);
    }
    let mut all: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    all.sort_unstable();
    all.dedup();
    let text: String = all.into_iter().collect();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 4000.0))
        .with_context_setup(fonts::install_bundled)
        .build_ui(move |ui| {
            ui.label(&text);
        });
    h.run();
}

/// Benchmark, not a timed test: `cargo test --release --test it bench_ -- --ignored --nocapture`.
/// Opens a generated ~1 MB speech and scrolls it, printing the median
/// frame time of the UI code (layout and tessellation input, no GPU).
#[test]
#[ignore]
fn bench_scroll_generated_1mb_speech() {
    use std::time::Instant;
    let sample = luoshi::session::SAMPLE_SPEECH;
    let body: Vec<&str> = sample.lines().filter(|l| l.chars().count() > 40).collect();
    let mut text = String::from("生成的长讲话（基准测试）\n\n");
    let mut n = 0;
    while text.len() < 1_000_000 {
        n += 1;
        text.push_str(&format!("（{n}）{}\n\n", body[n % body.len()]));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();

    let mut h = harness();
    h.run();
    let t = Instant::now();
    apply(&mut h, Command::Open(path));
    let open = t.elapsed();
    let items = h.state().session.as_ref().unwrap().checklist.item_count();
    h.hover_at(egui::pos2(300.0, 400.0));
    let mut frames = Vec::new();
    for _ in 0..200 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed());
    }
    frames.sort();
    eprintln!(
        "1 MB speech ({} bytes, {items} items): open + first frame {:?}; scrolling frame median {:?}, p95 {:?}, max {:?}",
        text.len(),
        open,
        frames[frames.len() / 2],
        frames[frames.len() * 95 / 100],
        frames[frames.len() - 1]
    );
}

/// The window's own recovery journal file.
pub(crate) fn journal_of(h: &Harness<'static, LuoshiApp>) -> std::path::PathBuf {
    h.state()
        .autosave
        .as_ref()
        .and_then(|a| a.journal_path())
        .expect("a journal")
}

pub(crate) fn harness_in(dir: &Path) -> Harness<'static, LuoshiApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(fonts::install_bundled)
        .build_ui_state(
            |ui, app: &mut LuoshiApp| app.show(ui),
            LuoshiApp::headless(Settings::default()).with_data_dir(dir.to_path_buf()),
        )
}

#[test]
fn unsaved_edits_are_journalled_and_restored_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (dept, ticked) = {
        let mut h = harness_in(dir.path());
        let journal = journal_of(&h);
        open_sample(&mut h);
        h.run();
        assert!(!journal.exists(), "nothing to journal before an edit");
        h.get_all_by_label("完成").next().unwrap().click();
        h.run();
        let (dept, done, _) = selected_progress(&h);
        assert_eq!(done, 1);
        // The first change is journalled at once (later ones throttled).
        for _ in 0..10 {
            if journal.exists() {
                break;
            }
            h.run();
        }
        assert!(journal.exists(), "the tick should be journalled");
        let list = &h.state().session.as_ref().unwrap().checklist;
        let item = list.department(&dept).unwrap().items[0].clone();
        assert_eq!(item.status, Status::Done);
        // The app "crashes": dropped without saving.
        (dept, item.id)
    };

    let mut h = harness_in(dir.path());
    h.run();
    h.get_by_label("发现未保存的修改，是否恢复？");
    assert!(h.state().session.is_none());
    h.get_by_label("恢复").click();
    h.run();
    h.run();
    assert!(h.query_by_label("发现未保存的修改，是否恢复？").is_none());
    let session = h.state().session.as_ref().expect("restored");
    assert!(session.is_dirty(), "restored edits are not saved yet");
    assert!(session.document.is_some(), "the sample speech comes back");
    assert_eq!(session.checklist.item(ticked).unwrap().status, Status::Done);
    assert_eq!(session.checklist.department_of(ticked).unwrap().name, dept);
    assert!(h.state().title().starts_with("● "));

    // Saving forgets the journal (now this window's own).
    let journal = journal_of(&h);
    h.state_mut().journal_now();
    assert!(journal.exists());
    let saved = dir.path().join("清单.ron");
    apply(
        &mut h,
        Command::SaveAs {
            path: saved.clone(),
            replace: false,
        },
    );
    assert!(saved.exists());
    assert!(!journal.exists(), "a save clears the journal");
    // Nothing to offer at the next start.
    let mut h = harness_in(dir.path());
    h.run();
    assert!(h.query_by_label("发现未保存的修改，是否恢复？").is_none());
}

#[test]
fn discarding_the_offer_clears_the_journal_and_a_crash_is_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let journal = {
        let mut h = harness_in(dir.path());
        let journal = journal_of(&h);
        open_sample(&mut h);
        h.get_all_by_label("完成").next().unwrap().click();
        h.run();
        h.state_mut().journal_now();
        assert!(journal.exists());
        journal
    };
    std::fs::write(
        dir.path().join(luoshi::recovery::CRASH_LOG_FILE),
        "panicked at src/app/mod.rs:1:1: boom\n\nbacktrace",
    )
    .unwrap();
    let mut h = harness_in(dir.path());
    h.run();
    let notice = h.state().dialogs.notice.clone().unwrap_or_default();
    assert!(notice.contains("boom"), "{notice}");
    h.get_by_label("丢弃").click();
    h.run();
    h.run();
    assert!(h.state().session.is_none());
    assert!(!journal.exists(), "丢弃 clears the journal");
    // The crash was reported; the next start is quiet.
    let mut h = harness_in(dir.path());
    h.run();
    assert_eq!(h.state().dialogs.notice, None);
    assert!(h.query_by_label("丢弃").is_none());
}

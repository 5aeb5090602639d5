//! Review speed (issue 13, item 4): the table view, keyboard review (and
//! that keys typed into a field stay in the field), 待核 first, a sentence
//! of the speech selecting and revealing its item, and a department's list
//! starting at its top.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::ui::{apply, open_sample};
use crate::ui_harness::harness;
use eframe::egui;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use luoshi::app::settings::ListView;
use luoshi::app::{Command, LuoshiApp};
use luoshi::checklist::Status;
use std::path::Path;

type H = Harness<'static, LuoshiApp>;

/// The text of item `n` of department `dept`.
fn text_of_item(dept: &str, n: usize) -> String {
    format!("第{n:02}项：{dept}要抓好第{n}项工作")
}

/// A checklist file with `per_dept` items in each department; every fifth
/// item is to check. Ids run from 1 in order.
fn write_checklist(dir: &Path, departments: &[&str], per_dept: usize) -> std::path::PathBuf {
    let mut id = 0;
    let mut out = String::from("(version: 1, departments: [");
    for dept in departments {
        out.push_str(&format!("(name: \"{dept}\", items: ["));
        for n in 1..=per_dept {
            id += 1;
            let check = if n % 5 == 0 {
                ", confidence: check, reason: \"no obligation marker\""
            } else {
                ""
            };
            out.push_str(&format!(
                "(id: {id}, text: \"{}\"{check}), ",
                text_of_item(dept, n)
            ));
        }
        out.push_str("]), ");
    }
    out.push_str(&format!("], next_id: {})", id + 1));
    let path = dir.join("审核.luoshi.ron");
    std::fs::write(&path, out).unwrap();
    path
}

fn open(h: &mut H, path: &Path) {
    apply(h, Command::Open(path.to_path_buf()));
    assert!(h.state().session.is_some());
}

fn selected(h: &H) -> Option<u64> {
    h.state().view.selected_item
}

fn item_text(h: &H, id: u64) -> String {
    let list = &h.state().session.as_ref().unwrap().checklist;
    list.item(id).unwrap().text.clone()
}

fn ids(h: &H) -> Vec<u64> {
    let list = &h.state().session.as_ref().unwrap().checklist;
    list.items().map(|(_, i)| i.id).collect()
}

/// Presses `key` and counts the press.
fn press(h: &mut H, presses: &mut usize, key: Key) {
    h.key_press(key);
    h.run();
    *presses += 1;
}

/// A 50-item speech reviewed with the keyboard alone in the table: j
/// selects the next item (the first j the first item), Space ticks it: 2
/// presses an item, 100 for 50 items, and the table keeps the selected
/// line in view.
#[test]
fn fifty_items_reviewed_with_the_keyboard_alone_in_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局"], 50);
    let mut h = harness();
    open(&mut h, &path);
    h.get_by_label("表格").click();
    h.run();
    assert_eq!(h.state().settings.list_view, ListView::Table);
    let all = ids(&h);
    assert_eq!(all.len(), 50);
    // The first line is in the table, the last is not laid out yet.
    assert!(
        h.query_all_by_label(&text_of_item("公安局", 1))
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label(&text_of_item("公安局", 50))
            .next()
            .is_none()
    );

    let lines_in_view = |h: &H| {
        (1..=50)
            .filter(|&n| {
                h.query_all_by_label(&text_of_item("公安局", n))
                    .next()
                    .is_some()
            })
            .count()
    };
    // Lines laid out in a 1280×800 window (the last one may be cut).
    assert_eq!(lines_in_view(&h), 27, "lines in view, nothing selected");
    let mut presses = 0;
    let mut visited = Vec::new();
    for _ in 0..all.len() {
        press(&mut h, &mut presses, Key::J);
        let id = selected(&h).unwrap();
        visited.push(id);
        press(&mut h, &mut presses, Key::Space);
        let list = &h.state().session.as_ref().unwrap().checklist;
        assert_eq!(list.item(id).unwrap().status, Status::Done, "item {id}");
    }
    assert_eq!(lines_in_view(&h), 16, "lines in view above the card");
    assert_eq!(visited, all, "every item visited once, in order");
    assert_eq!(presses, 100, "presses for 50 items");
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.progress(), (50, 50));
    // The table followed the selection down; the card below it shows the
    // selected item for editing.
    let last = text_of_item("公安局", 50);
    assert!(h.query_all_by_label(&last).next().is_some());
    assert!(
        h.query_all_by_label(&text_of_item("公安局", 1))
            .next()
            .is_none()
    );
    assert!(h.query_all_by_value(&last).next().is_some(), "its card");
    // Each tick is one undo step.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.progress(), (49, 50));
    // k goes back up.
    press(&mut h, &mut presses, Key::K);
    assert_eq!(selected(&h), Some(all[48]));
    press(&mut h, &mut presses, Key::ArrowDown);
    assert_eq!(selected(&h), Some(all[49]));
}

/// The same keys in the card view: the list follows the selection.
#[test]
fn the_card_view_follows_the_keyboard_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局"], 50);
    let mut h = harness();
    open(&mut h, &path);
    assert_eq!(h.state().settings.list_view, ListView::Cards);
    let all = ids(&h);
    let mut presses = 0;
    for _ in 0..30 {
        press(&mut h, &mut presses, Key::ArrowDown);
    }
    press(&mut h, &mut presses, Key::Space);
    assert_eq!(selected(&h), Some(all[29]));
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.progress(), (1, 50));
    assert_eq!(list.item(all[29]).unwrap().status, Status::Done);
    let card = h
        .query_all_by_value(&text_of_item("公安局", 30))
        .next()
        .expect("the selected card is laid out")
        .rect();
    assert!(
        card.top() > 0.0 && card.bottom() < 800.0,
        "the selected card is in view: {card:?}"
    );
    assert!(
        h.query_all_by_value(&text_of_item("公安局", 1))
            .next()
            .is_none()
    );
}

/// Enter puts the cursor in the selected item's text: a j typed there is
/// a j (the selection stays), Esc leaves the field and j moves again.
/// Delete deletes (undoable); Ctrl+F goes to the filter.
#[test]
fn keys_typed_into_a_field_stay_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局"], 10);
    let mut h = harness();
    open(&mut h, &path);
    apply(&mut h, Command::SetListView(ListView::Table));
    let all = ids(&h);
    let mut presses = 0;
    press(&mut h, &mut presses, Key::J);
    press(&mut h, &mut presses, Key::J);
    assert_eq!(selected(&h), Some(all[1]));

    press(&mut h, &mut presses, Key::Enter);
    assert!(h.ctx.text_edit_focused(), "Enter focuses the item's text");
    // A real keyboard sends the key and the text it types.
    for (key, text) in [(Key::J, "j"), (Key::K, "k"), (Key::Space, " ")] {
        h.key_down(key);
        h.event(egui::Event::Text(text.to_owned()));
        h.key_up(key);
        h.run();
        assert_eq!(
            selected(&h),
            Some(all[1]),
            "typing {text:?} moved the selection"
        );
    }
    press(&mut h, &mut presses, Key::Escape);
    assert!(!h.ctx.text_edit_focused());
    let text = item_text(&h, all[1]);
    assert!(text.ends_with("jk "), "typed into the text: {text}");
    let list = &h.state().session.as_ref().unwrap().checklist;
    assert_eq!(list.item(all[1]).unwrap().status, Status::NotStarted);
    press(&mut h, &mut presses, Key::J);
    assert_eq!(selected(&h), Some(all[2]));

    // Delete: the next item is selected; Ctrl+Z brings it back.
    press(&mut h, &mut presses, Key::Delete);
    assert_eq!(ids(&h).len(), 9);
    assert_eq!(selected(&h), Some(all[3]));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(ids(&h), all);

    // Ctrl+F: typing goes to the filter, and the table shows what matches.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.ctx.text_edit_focused(), "Ctrl+F focuses the filter");
    h.key_down(Key::Num7);
    h.event(egui::Event::Text("第07".to_owned()));
    h.key_up(Key::Num7);
    h.run();
    assert_eq!(h.state().view.filter, "第07");
    press(&mut h, &mut presses, Key::Escape);
    press(&mut h, &mut presses, Key::J);
    assert_eq!(selected(&h), Some(all[6]), "the one item the filter shows");
}

/// 待核在前 puts the items to check at the top of the table: the first j
/// selects the first of them.
#[test]
fn items_to_check_come_first_in_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局"], 20);
    let mut h = harness();
    open(&mut h, &path);
    apply(&mut h, Command::SetListView(ListView::Table));
    h.get_by_label("待核在前").click();
    h.run();
    assert!(h.state().view.check_first);
    let all = ids(&h);
    let mut presses = 0;
    let mut order = Vec::new();
    for _ in 0..all.len() {
        press(&mut h, &mut presses, Key::J);
        order.push(selected(&h).unwrap());
    }
    let check: Vec<u64> = [5, 10, 15, 20].map(|n| all[n - 1]).to_vec();
    assert_eq!(order[..4], check[..], "items to check first, in order");
    let rest: Vec<u64> = all.iter().copied().filter(|i| !check.contains(i)).collect();
    assert_eq!(order[4..], rest[..]);
}

/// A accepts an item to check as right (its 待核 mark goes, one undo
/// step) and moves on; on an item that is sure it only moves on.
#[test]
fn a_accepts_an_item_to_check_and_moves_on() {
    use luoshi::model::Confidence;
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局"], 10);
    let mut h = harness();
    open(&mut h, &path);
    apply(&mut h, Command::SetListView(ListView::Table));
    let all = ids(&h);
    let confidence = |h: &H, id: u64| {
        let list = &h.state().session.as_ref().unwrap().checklist;
        list.item(id).unwrap().confidence
    };
    let mut presses = 0;
    // The first j selects item 1; four A: items 1–4 are sure, on to 5.
    press(&mut h, &mut presses, Key::J);
    for _ in 0..4 {
        press(&mut h, &mut presses, Key::A);
    }
    assert_eq!(selected(&h), Some(all[4]));
    assert_eq!(confidence(&h, all[4]), Confidence::Check);
    press(&mut h, &mut presses, Key::A);
    assert_eq!(confidence(&h, all[4]), Confidence::Sure);
    assert_eq!(selected(&h), Some(all[5]));
    assert!(h.state().title().starts_with('●'));
    apply(&mut h, Command::Undo);
    assert_eq!(confidence(&h, all[4]), Confidence::Check);
    assert_eq!(presses, 6);
}

/// A click on a sentence of the speech selects its item and scrolls the
/// list to it, in both views (the list's item → sentence works already).
#[test]
fn a_sentence_selects_its_item_and_the_list_scrolls_to_it() {
    for view in [ListView::Cards, ListView::Table] {
        let mut h = harness();
        open_sample(&mut h);
        // The smallest window: the sample's items do not all fit.
        h.set_size(egui::vec2(1280.0, 480.0));
        apply(&mut h, Command::SetListView(view));
        apply(&mut h, Command::SelectDepartment(None));
        // The last sentence behind an item with a text of its own, far
        // below the list's top; its first item (departments may share a
        // sentence).
        let (id, text, span) = {
            let list = &h.state().session.as_ref().unwrap().checklist;
            let items: Vec<_> = list.items().map(|(_, i)| i).collect();
            let own_text = |t: &str| items.iter().filter(|i| i.text == t).count() == 1;
            let first_with = |span| items.iter().find(|i| i.span == Some(span)).unwrap();
            let item = items
                .iter()
                .rev()
                .filter_map(|i| i.span)
                .map(first_with)
                .find(|i| own_text(&i.text))
                .unwrap();
            let span = item.span.unwrap();
            (item.id, item.text.clone(), span)
        };
        let shown = |h: &H| match view {
            ListView::Cards => h.query_all_by_value(&text).next().is_some(),
            ListView::Table => h.query_all_by_label(&text).next().is_some(),
        };
        assert!(!shown(&h), "{view:?}: the last item starts out of view");
        apply(&mut h, Command::SelectAt(span.start + 1));
        assert_eq!(selected(&h), Some(id), "{view:?}");
        assert!(shown(&h), "{view:?}: the list scrolled to the item");
        assert_eq!(h.state().view.highlight, Some(span));
    }
}

/// Another department's list starts at its top, not where the last one
/// was scrolled to.
#[test]
fn a_department_list_starts_at_its_top() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_checklist(dir.path(), &["公安局", "教育局"], 30);
    for view in [ListView::Cards, ListView::Table] {
        let mut h = harness();
        open(&mut h, &path);
        apply(&mut h, Command::SetListView(view));
        let first = |dept: &str| text_of_item(dept, 1);
        let rect = |h: &H, text: &str| match view {
            ListView::Cards => h.query_all_by_value(text).next().map(|n| n.rect()),
            ListView::Table => h.query_all_by_label(text).next().map(|n| n.rect()),
        };
        let shown = |h: &H, text: &str| rect(h, text).is_some();
        // Scroll the list far down with the wheel.
        let at = rect(&h, &first("公安局")).unwrap().center();
        for _ in 0..10 {
            h.hover_at(at);
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -400.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            });
            // The wheel scrolls smoothly, over several frames.
            h.run_steps(10);
        }
        assert!(!shown(&h, &first("公安局")), "{view:?}: scrolled away");
        // The department list: the name's first node.
        h.get_all_by_label("教育局").next().unwrap().click();
        h.run();
        assert_eq!(
            h.state().view.selected_department.as_deref(),
            Some("教育局")
        );
        assert!(shown(&h, &first("教育局")), "{view:?}: 教育局 from its top");
        h.get_all_by_label("公安局").next().unwrap().click();
        h.run();
        assert!(shown(&h, &first("公安局")), "{view:?}: 公安局 from its top");
    }
}

//! The checklist on the right: departments with progress, a filter, and the
//! items of the selected department (or all, grouped) with their status,
//! text, deadline, role, co-actors and note.
//!
//! Every change is returned as a library `Edit` inside a [`Command`]; text
//! fields keep a draft while focused and commit it as one edit when the
//! focus leaves, so one typing session is one undo step.

use super::item_card::{fingerprint, item_card, partners};
use super::item_list::{
    CARD_HEIGHT_GUESS, Gap, HEADING_HEIGHT_GUESS, MEASURE_MARGIN, Row, heading_key, row_or_gap,
};
use super::settings::ListView;
use super::{Command, Session, ViewState, i18n::Lang, item_table, look};
use crate::checklist::{Checklist, Department, Edit, Item};
use crate::model::Confidence;
use eframe::egui;
use egui::RichText;

pub fn show(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    list_view: ListView,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let list = &session.checklist;
    view.refresh_task_units(session);
    let (done, total) = list.progress();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(lang.pick("任务清单", "Checklist"));
        ui.weak(format!("{done}/{total}"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            view_switch(ui, list_view, lang, out);
        });
    });
    ui.add(
        egui::ProgressBar::new(ratio(done, total))
            .desired_height(6.0)
            .corner_radius(0),
    );
    ui.add_space(4.0);

    departments(ui, session, view, lang, out);
    ui.separator();
    filter(ui, session, view, list_view, lang);
    ui.add_space(4.0);

    match list_view {
        ListView::Table => item_table::show(ui, session, view, lang, out),
        ListView::Cards => {
            let mut area = egui::ScrollArea::vertical()
                .id_salt("items")
                .auto_shrink(false);
            if std::mem::take(&mut view.list_to_top) {
                area = area.vertical_scroll_offset(0.0);
            }
            area.show(ui, |ui| items(ui, session, view, lang, out));
        }
    }
    // Scrolled to (or not shown at all): either way, done.
    view.reveal_item = false;
}

/// 卡片 | 表格: how the items are shown (kept in the settings).
fn view_switch(ui: &mut egui::Ui, list_view: ListView, lang: Lang, out: &mut Vec<Command>) {
    // Right to left: the last one first.
    let choices = [
        (ListView::Table, lang.pick("表格", "Table"), lang.pick("每项一行，键盘审核：↑↓/jk 移动，空格勾选，回车编辑，Delete 删除，Ctrl+F 筛选", "One line per item; review with the keyboard: ↑↓/jk move, Space ticks, Enter edits, Delete deletes, Ctrl+F filters")),
        (ListView::Cards, lang.pick("卡片", "Cards"), lang.pick("每项一张可编辑的卡片", "One editable card per item")),
    ];
    for (choice, label, hover) in choices {
        if ui
            .selectable_label(list_view == choice, label)
            .on_hover_text(hover)
            .clicked()
            && list_view != choice
        {
            out.push(Command::SetListView(choice));
        }
    }
}

/// The filter field, 只看待核 and (in the table) 待核在前.
fn filter(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    list_view: ListView,
    lang: Lang,
) {
    ui.horizontal(|ui| {
        ui.label(lang.pick("筛选", "Filter"));
        let r = ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text(lang.pick("输入关键词… (Ctrl+F)", "Type to filter… (Ctrl+F)"))
                .desired_width(f32::INFINITY),
        );
        look::underline(ui, &r);
        if std::mem::take(&mut view.focus_filter) {
            r.request_focus();
        }
    });
    let revision = session.history.revision();
    let to_check = match view.check_count {
        Some((counted_at, n)) if counted_at == revision => n,
        _ => {
            let n = session
                .checklist
                .items()
                .filter(|(_, i)| i.confidence == Confidence::Check)
                .count();
            view.check_count = Some((revision, n));
            n
        }
    };
    if to_check > 0 || view.only_check {
        ui.horizontal_wrapped(|ui| {
            let label = format!("{} ({to_check})", lang.pick("只看待核", "Only to check"));
            ui.checkbox(&mut view.only_check, label)
                .on_hover_text(lang.pick(
                    "提取时没有把握的事项，请先核对",
                    "Items the extractor was not sure of: review these first",
                ));
            if list_view == ListView::Table && !view.only_check {
                ui.checkbox(
                    &mut view.check_first,
                    lang.pick("待核在前", "To check first"),
                )
                .on_hover_text(lang.pick(
                    "把待核的事项排在表格最前面",
                    "Put the items to check at the top of the table",
                ));
            }
        });
    }
}

/// The items of the selected department (or of all, under headings):
/// cards near the view, gaps for the rest.
fn items(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let list = &session.checklist;
    let filter = view.filter.trim().to_owned();
    let only_check = view.only_check;
    let selected = view.selected_department.clone();
    // Cards out of view become one gap per run, not one allocation per
    // item: "all departments" of a long speech has thousands.
    let mut gap = Gap::default();
    let mut shown = 0;
    for dept in &list.departments {
        if selected.as_ref().is_some_and(|s| *s != dept.name) {
            continue;
        }
        let mut items = dept
            .items
            .iter()
            .filter(|i| is_shown(i, dept, only_check, &filter))
            .peekable();
        if selected.is_none() {
            if items.peek().is_none() {
                continue;
            }
            let row = Row {
                key: heading_key(&dept.name),
                guess: HEADING_HEIGHT_GUESS,
                forced: false,
                editing: false,
            };
            let draws_from = |ui: &egui::Ui| ui.available_width().to_bits().into();
            row_or_gap(ui, view, &mut gap, row, draws_from, |ui, _| {
                ui.add_space(6.0);
                ui.strong(RichText::new(&dept.name).size(16.0));
            });
        }
        for item in items {
            shown += 1;
            card_or_gap(ui, view, &mut gap, item, dept, list, lang, out);
        }
        if selected.is_some() {
            gap.close(ui);
            ui.add_space(4.0);
            if ui.button(lang.pick("＋ 添加事项", "+ Add item")).clicked() {
                out.push(Command::Edit(Edit::AddItem {
                    dept: dept.name.clone(),
                    item: Item {
                        text: lang.pick("新事项", "New item").to_owned(),
                        ..Item::default()
                    },
                    index: None,
                }));
            }
        }
    }
    gap.close(ui);
    if shown == 0 {
        ui.weak(if filter.is_empty() {
            lang.pick("没有事项。", "No items.")
        } else {
            lang.pick("没有符合筛选的事项。", "No item matches the filter.")
        });
    }
}

/// One item's card, or its height added to `gap` when it is out of view.
#[allow(clippy::too_many_arguments)] // the card's and the list's state
fn card_or_gap(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    gap: &mut Gap,
    item: &Item,
    dept: &Department,
    list: &Checklist,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let scrolled_to = view.reveal_item.then_some(view.selected_item).flatten();
    // Below the view and its margin every card is a gap (as in
    // `row_or_gap`): take its height in a few instructions, as there may
    // be thousands.
    let past_view = ui.clip_rect().max.y + MEASURE_MARGIN;
    if scrolled_to != Some(item.id)
        && ui.cursor().min.y + gap.advance(ui.spacing().item_spacing.y) > past_view
    {
        gap.height += view
            .row_heights
            .get(&item.id)
            .map_or(CARD_HEIGHT_GUESS, |k| k.height);
        gap.rows += 1;
        return;
    }
    let selected = view.selected_item == Some(item.id);
    let row = Row {
        key: item.id,
        guess: CARD_HEIGHT_GUESS,
        forced: selected && view.reveal_item,
        // A field being typed into keeps its card laid out.
        editing: view.drafts.keys().any(|(id, _)| *id == item.id),
    };
    let shared = partners(view, dept, item, lang);
    let draws_from =
        |ui: &egui::Ui| fingerprint(item, &shared, selected, ui.available_width(), lang);
    row_or_gap(ui, view, gap, row, draws_from, |ui, view| {
        item_card(ui, item, dept, list, view, lang, out);
    });
}

fn ratio(done: usize, total: usize) -> f32 {
    if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    }
}

fn departments(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let list = &session.checklist;
    // Only the rows in view are laid out: a long speech has hundreds of
    // departments. Fixed columns keep counts and bars aligned as it scrolls.
    let row_height = ui.spacing().interact_size.y;
    let columns = Columns {
        name: (ui.available_width() * 0.42).clamp(120.0, 280.0),
        count: 72.0,
        height: row_height,
    };
    egui::ScrollArea::vertical()
        .id_salt("departments")
        .max_height(ui.available_height() * 0.32)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, list.departments.len() + 1, |ui, rows| {
            for row in rows {
                // Row 0 is "all departments".
                let (name, (done, total), selected, choose) = match row.checked_sub(1) {
                    None => (
                        lang.pick("全部部门", "All departments"),
                        list.progress(),
                        view.selected_department.is_none(),
                        None,
                    ),
                    Some(i) => {
                        let d = &list.departments[i];
                        let selected = view.selected_department.as_deref() == Some(d.name.as_str());
                        (d.name.as_str(), d.progress(), selected, Some(&d.name))
                    }
                };
                if department_row(ui, &columns, name, done, total, selected) {
                    out.push(Command::SelectDepartment(choose.cloned()));
                }
            }
        });
    ui.horizontal_wrapped(|ui| {
        if ui.button(lang.pick("＋ 部门", "+ Department")).clicked() {
            out.push(Command::AskDepartmentName(None));
        }
        let Some(name) = view.selected_department.clone() else {
            return;
        };
        if ui.button(lang.pick("重命名", "Rename")).clicked() {
            out.push(Command::AskDepartmentName(Some(name.clone())));
        }
        ui.menu_button(lang.pick("合并到…", "Merge into…"), |ui| {
            for other in list.departments.iter().filter(|d| d.name != name) {
                if ui.button(&other.name).clicked() {
                    out.push(Command::Edit(Edit::MergeDepartments {
                        from: name.clone(),
                        into: other.name.clone(),
                    }));
                    out.push(Command::SelectDepartment(Some(other.name.clone())));
                }
            }
        });
    });
}

/// Widths of the department list's columns, and its row height.
struct Columns {
    name: f32,
    count: f32,
    height: f32,
}

/// One department row: name, done/total and a bar. True when clicked.
fn department_row(
    ui: &mut egui::Ui,
    columns: &Columns,
    name: &str,
    done: usize,
    total: usize,
    selected: bool,
) -> bool {
    let (row, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), columns.height),
        egui::Sense::hover(),
    );
    let gap = ui.spacing().item_spacing.x;
    // Each cell is a child of a fixed rectangle in the row.
    let mut cell = |left: f32, width: f32, layout: egui::Layout| {
        let rect = egui::Rect::from_min_size(
            row.min + egui::vec2(left, 0.0),
            egui::vec2(width, columns.height),
        );
        ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(layout))
    };
    let left_aligned = egui::Layout::left_to_right(egui::Align::Center);
    let clicked = cell(0.0, columns.name, left_aligned)
        .add(egui::Button::selectable(selected, name).truncate())
        .on_hover_text(name)
        .clicked();
    cell(
        columns.name + gap,
        columns.count,
        egui::Layout::right_to_left(egui::Align::Center),
    )
    .label(format!("{done}/{total}"));
    let bar_left = columns.name + columns.count + 2.0 * gap;
    cell(
        bar_left,
        (row.width() - bar_left).clamp(0.0, 110.0),
        left_aligned,
    )
    .add(
        egui::ProgressBar::new(ratio(done, total))
            .desired_height(8.0)
            .corner_radius(0),
    );
    clicked
}

/// Whether the list shows `item` of `dept` under 只看待核 and the filter
/// (the same rule for the cards, the table and the review keys).
pub(super) fn is_shown(item: &Item, dept: &Department, only_check: bool, filter: &str) -> bool {
    (!only_check || item.confidence == Confidence::Check) && matches(item, dept, filter)
}

/// Whether `item` of `dept` passes the filter (empty: every item does).
fn matches(item: &Item, dept: &Department, filter: &str) -> bool {
    filter.is_empty()
        || dept.name.contains(filter)
        || item.text.contains(filter)
        || item.note.contains(filter)
        || item.quote.contains(filter)
        || item
            .deadline
            .as_ref()
            .is_some_and(|d| d.text.contains(filter))
        || item.with.iter().any(|w| w.contains(filter))
}

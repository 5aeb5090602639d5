//! The checklist as a table (表格): one line per item — done, 待核, the text
//! on one line, 牵头/配合, 期限 and the department — drawn only where it can
//! be seen, and the selected item's card below it, where it is edited
//! exactly as in the card view. Clicking a line selects its item.

use super::checklist_panel::is_shown;
use super::item_card::item_card;
use super::{Command, Session, ViewState, i18n::Lang};
use crate::checklist::{Checklist, Department, Edit, Item, Status};
use crate::model::Confidence;
use eframe::egui;
use egui::{Rect, RichText, Sense, vec2};

/// The items the list shows, in its order, as (department, item) indices:
/// the selected department's (or all), through the filter and 只看待核; in
/// the table, the items to check first when `check_first` is on.
pub(super) fn shown_items(list: &Checklist, view: &ViewState, table: bool) -> Vec<(usize, usize)> {
    let filter = view.filter.trim();
    let mut rows = Vec::new();
    for (d, dept) in list.departments.iter().enumerate() {
        if view
            .selected_department
            .as_ref()
            .is_some_and(|s| *s != dept.name)
        {
            continue;
        }
        for (i, item) in dept.items.iter().enumerate() {
            if is_shown(item, dept, view.only_check, filter) {
                rows.push((d, i));
            }
        }
    }
    if table && view.check_first {
        // Stable: the order within each group stays the list's.
        rows.sort_by_key(|&(d, i)| list.departments[d].items[i].confidence != Confidence::Check);
    }
    rows
}

/// Widths of the table's fixed columns; the text takes the rest.
struct Columns {
    tick: f32,
    check: f32,
    role: f32,
    due: f32,
    dept: f32,
}

impl Columns {
    fn new(width: f32) -> Self {
        Columns {
            tick: 24.0,
            check: 34.0,
            role: 38.0,
            due: (width * 0.16).clamp(56.0, 120.0),
            dept: (width * 0.2).clamp(64.0, 160.0),
        }
    }

    /// Left edge and width of each cell, in the order drawn.
    fn cells(&self, width: f32, gap: f32) -> [(f32, f32); 6] {
        let fixed = self.tick + self.check + self.role + self.due + self.dept + 5.0 * gap;
        let text = (width - fixed).max(40.0);
        let mut left = 0.0;
        [self.tick, self.check, text, self.role, self.due, self.dept].map(|w| {
            let cell = (left, w);
            left += w + gap;
            cell
        })
    }
}

/// The table, then the selected item's card.
pub(super) fn show(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let list = &session.checklist;
    let rows = shown_items(list, view, true);
    let selected = view.selected_item.and_then(|id| position(list, &rows, id));
    let row_height = ui.spacing().interact_size.y;
    // With a card to show, the table takes a little over half the height.
    let table_height = if selected.is_some() {
        (ui.available_height() * 0.55).max(row_height * 4.0)
    } else {
        f32::INFINITY
    };
    let columns = Columns::new(ui.available_width());
    header(ui, &columns, row_height, lang);
    let mut area = egui::ScrollArea::vertical()
        .id_salt("item_table")
        .auto_shrink([false, selected.is_some()])
        .max_height(table_height);
    if std::mem::take(&mut view.list_to_top) {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show_viewport(ui, |ui, viewport| {
        let origin = ui.max_rect().min;
        let width = ui.available_width();
        ui.set_min_size(vec2(width, rows.len() as f32 * row_height));
        let rect_of = |k: usize| {
            Rect::from_min_size(
                origin + vec2(0.0, k as f32 * row_height),
                vec2(width, row_height),
            )
        };
        if view.reveal_item
            && let Some(k) = selected
        {
            ui.scroll_to_rect(rect_of(k), None);
        }
        let first = (viewport.min.y / row_height).floor().max(0.0) as usize;
        let last = ((viewport.max.y / row_height).ceil().max(0.0) as usize).min(rows.len());
        for (k, &(d, i)) in rows.iter().enumerate().take(last).skip(first) {
            let dept = &list.departments[d];
            let line = Line {
                item: &dept.items[i],
                dept,
                selected: selected == Some(k),
            };
            line.show(ui, rect_of(k), &columns, lang, out);
        }
    });
    if rows.is_empty() {
        ui.weak(lang.pick("没有事项。", "No items."));
    }
    if let Some(k) = selected {
        let (d, i) = rows[k];
        let dept = &list.departments[d];
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("item_detail")
            .auto_shrink(false)
            .show(ui, |ui| {
                item_card(ui, &dept.items[i], dept, list, view, lang, out);
            });
    }
}

/// The column names above the table.
fn header(ui: &mut egui::Ui, columns: &Columns, height: f32, lang: Lang) {
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::hover());
    let names = [
        lang.pick("完成", "Done"),
        "",
        lang.pick("内容", "Item"),
        lang.pick("角色", "Role"),
        lang.pick("期限", "Due"),
        lang.pick("部门", "Department"),
    ];
    let cells = columns.cells(rect.width(), ui.spacing().item_spacing.x);
    for ((left, width), name) in cells.into_iter().zip(names) {
        let cell = Rect::from_min_size(rect.min + vec2(left, 0.0), vec2(width, height));
        ui.put(
            cell,
            egui::Label::new(RichText::new(name).small().weak()).truncate(),
        );
    }
}

/// One line of the table.
struct Line<'a> {
    item: &'a Item,
    dept: &'a Department,
    selected: bool,
}

impl Line<'_> {
    fn show(
        &self,
        ui: &mut egui::Ui,
        rect: Rect,
        columns: &Columns,
        lang: Lang,
        out: &mut Vec<Command>,
    ) {
        let item = self.item;
        // First, so that the checkbox drawn on top of it keeps its clicks.
        let line = ui.interact(
            rect,
            ui.scope_id().with(("table_line", item.id)),
            Sense::click(),
        );
        let visuals = ui.visuals();
        if self.selected {
            let fill = visuals.selection.bg_fill.gamma_multiply(0.4);
            ui.painter().rect_filled(rect, 0.0, fill);
        } else if line.hovered() {
            ui.painter()
                .rect_filled(rect, 0.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let cells = columns.cells(rect.width(), ui.spacing().item_spacing.x);
        let cell = |k: usize| {
            let (left, width) = cells[k];
            Rect::from_min_size(rect.min + vec2(left, 0.0), vec2(width, rect.height()))
        };
        let mut done = item.status == Status::Done;
        let tick = ui.put(cell(0), egui::Checkbox::without_text(&mut done));
        // Named for screen readers (and the UI tests) like the card's.
        tick.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, done, lang.pick("完成", "Done"))
        });
        if tick.changed() {
            out.push(Command::Edit(Edit::tick(item.id, done)));
        }
        if item.confidence == Confidence::Check {
            let mark = RichText::new(lang.pick("待核", "Check"))
                .small()
                .color(ui.visuals().warn_fg_color);
            ui.put(cell(1), egui::Label::new(mark).selectable(false));
        }
        let text = crate::checklist::shorten(&item.text, 400);
        let text = RichText::new(text.as_ref());
        let text = if item.status == Status::Done {
            text.weak()
        } else {
            text
        };
        let texts = [
            (2, text),
            (3, RichText::new(lang.role(item.role))),
            (
                4,
                RichText::new(item.deadline.as_ref().map_or("", |d| d.text.as_str())),
            ),
            (5, RichText::new(&self.dept.name).weak()),
        ];
        for (k, text) in texts {
            let label = egui::Label::new(text)
                .truncate()
                .selectable(false)
                .sense(Sense::hover());
            ui.put(cell(k), label);
        }
        if line.clicked() && !self.selected {
            out.push(Command::SelectItem(Some(item.id)));
        }
    }
}

/// Where item `id` is among the items shown (see [`shown_items`]).
pub(super) fn position(list: &Checklist, rows: &[(usize, usize)], id: u64) -> Option<usize> {
    rows.iter()
        .position(|&(d, i)| list.departments[d].items[i].id == id)
}

//! The checklist on the right: departments with progress, a filter, and the
//! items of the selected department (or all, grouped) with their status,
//! text, deadline, role, co-actors and note.
//!
//! Every change is returned as a library `Edit` inside a [`Command`]; text
//! fields keep a draft while focused and commit it as one edit when the
//! focus leaves, so one typing session is one undo step.

use super::{Command, Session, ViewState, i18n::Lang, look};
use crate::checklist::{Department, Edit, Item, Status};
use crate::extract::{Deadline, Role};
use eframe::egui;
use egui::RichText;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Which text field of an item a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Field {
    Text,
    Deadline,
    With,
    Note,
}

pub fn show(
    ui: &mut egui::Ui,
    session: &Session,
    view: &mut ViewState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let list = &session.checklist;
    let (done, total) = list.progress();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(lang.pick("任务清单", "Checklist"));
        ui.weak(format!("{done}/{total}"));
    });
    ui.add(
        egui::ProgressBar::new(ratio(done, total))
            .desired_height(6.0)
            .corner_radius(0),
    );
    ui.add_space(4.0);

    departments(ui, session, view, lang, out);
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(lang.pick("筛选", "Filter"));
        let r = ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text(lang.pick("输入关键词…", "Type to filter…"))
                .desired_width(f32::INFINITY),
        );
        look::underline(ui, &r);
    });
    ui.add_space(4.0);

    egui::ScrollArea::vertical()
        .id_salt("items")
        .auto_shrink(false)
        .show(ui, |ui| {
            let filter = view.filter.trim().to_owned();
            let selected = view.selected_department.clone();
            // Cards out of view become one gap per run, not one allocation
            // per item: "all departments" of a long speech has thousands.
            let mut gap = Gap::default();
            // Items with a field being typed into (one at most, in practice).
            let editing: Vec<u64> = view.drafts.keys().map(|(id, _)| *id).collect();
            let scrolled_to = view.scroll_pending.then_some(view.selected_item).flatten();
            let spacing = ui.spacing().item_spacing.y;
            let past_view = ui.clip_rect().max.y + MEASURE_MARGIN;
            let mut shown = 0;
            for dept in &list.departments {
                if selected.as_ref().is_some_and(|s| *s != dept.name) {
                    continue;
                }
                let mut items = dept
                    .items
                    .iter()
                    .filter(|i| matches(i, dept, &filter))
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
                    // Below the view and its margin every card is a gap (as
                    // in `row_or_gap`): take its height in a few
                    // instructions, as there may be thousands.
                    if scrolled_to != Some(item.id)
                        && ui.cursor().min.y + gap.advance(spacing) > past_view
                    {
                        gap.height += view
                            .row_heights
                            .get(&item.id)
                            .map_or(CARD_HEIGHT_GUESS, |k| k.height);
                        gap.rows += 1;
                        continue;
                    }
                    let selected = view.selected_item == Some(item.id);
                    let row = Row {
                        key: item.id,
                        guess: CARD_HEIGHT_GUESS,
                        forced: selected && view.scroll_pending,
                        editing: editing.contains(&item.id),
                    };
                    let draws_from =
                        |ui: &egui::Ui| fingerprint(item, selected, ui.available_width(), lang);
                    row_or_gap(ui, view, &mut gap, row, draws_from, |ui, view| {
                        item_card(ui, item, dept, list, view, lang, out);
                    });
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

/// Height assumed for a card never drawn yet.
const CARD_HEIGHT_GUESS: f32 = 170.0;

/// Height assumed for a department's heading never drawn yet.
const HEADING_HEIGHT_GUESS: f32 = 28.0;

/// How far outside the view a row never measured is laid out anyway, so
/// its real height is known before it scrolls in and nothing jumps.
const MEASURE_MARGIN: f32 = 200.0;

/// A run of rows out of view not yet allocated: one `allocate_space` for
/// the run moves the cursor exactly as one per row would.
#[derive(Default)]
struct Gap {
    /// Sum of the rows' heights.
    height: f32,
    rows: usize,
}

impl Gap {
    /// How far the cursor moves once the run is allocated (egui adds the
    /// item spacing after each allocation).
    fn advance(&self, spacing: f32) -> f32 {
        self.height + self.rows as f32 * spacing
    }

    /// Allocates the run's space, if any.
    fn close(&mut self, ui: &mut egui::Ui) {
        if self.rows > 0 {
            let spacing = ui.spacing().item_spacing.y;
            let height = self.advance(spacing) - spacing;
            let _ = ui.allocate_space(egui::vec2(ui.available_width(), height));
            *self = Gap::default();
        }
    }
}

/// Last drawn heights of the rows of the item list, by [`Row::key`].
pub type RowHeights = HashMap<u64, RowHeight, BuildHasherDefault<KeyHasher>>;

/// Hashes the keys of [`RowHeights`] in a few instructions (std's default
/// hasher is several times slower, and "all departments" looks up
/// thousands of keys a frame). Item ids are small sequential numbers: a
/// multiply spreads them over all bits as the table needs.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The key of a department's heading: its name's hash with the top bit
/// set, apart from the item ids.
fn heading_key(name: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    h.finish() | 1 << 63
}

/// The last drawn height of a row of the item list (a card or a
/// department's heading) and a fingerprint of what it was drawn from.
pub struct RowHeight {
    height: f32,
    drawn_from: u64,
}

/// What a card's height depends on: the item's texts, the width, the
/// language of the labels and whether it is selected (a thicker border).
fn fingerprint(item: &Item, selected: bool, width: f32, lang: Lang) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    width.to_bits().hash(&mut h);
    lang.pick("zh", "en").hash(&mut h);
    selected.hash(&mut h);
    item.text.hash(&mut h);
    item.quote.hash(&mut h);
    item.note.hash(&mut h);
    item.with.hash(&mut h);
    item.deadline.as_ref().map(|d| d.text.as_str()).hash(&mut h);
    h.finish()
}

/// One row of the item list, as `row_or_gap` needs to know it.
struct Row {
    /// Where its height is kept in `ViewState::row_heights`: a card's item
    /// id, or a heading's [`heading_key`].
    key: u64,
    /// Height assumed while it was never drawn.
    guess: f32,
    /// Drawn wherever it is (it is being scrolled to).
    forced: bool,
    /// Kept laid out near the view so a field being typed into keeps focus.
    editing: bool,
}

/// Draws the row if it can be seen, or if it is near the view and its
/// height is not known for what it shows now (or it is being edited);
/// otherwise only adds its last known height to `gap`, so a checklist of
/// thousands of items scrolls smoothly and nothing jumps as it scrolls in.
fn row_or_gap(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    gap: &mut Gap,
    row: Row,
    draws_from: impl Fn(&egui::Ui) -> u64,
    draw: impl FnOnce(&mut egui::Ui, &mut ViewState),
) {
    let spacing = ui.spacing().item_spacing.y;
    let known = view.row_heights.get(&row.key);
    let height = known.map_or(row.guess, |k| k.height);
    let top = ui.cursor().min.y + gap.advance(spacing);
    let clip = ui.clip_rect();
    let outside = |margin: f32| top > clip.max.y + margin || top + height < clip.min.y - margin;
    let draw_now = row.forced
        || !outside(0.0)
        || (!outside(MEASURE_MARGIN)
            && (row.editing || known.is_none_or(|k| k.drawn_from != draws_from(ui))));
    if !draw_now {
        gap.height += height;
        gap.rows += 1;
        return;
    }
    gap.close(ui);
    let drawn_from = draws_from(ui);
    let top = ui.cursor().min.y;
    draw(ui, view);
    // The height is what the row moved the cursor by, less the spacing egui
    // adds after it, so that a gap standing in for it moves it the same.
    let height = ui.cursor().min.y - top - spacing;
    view.row_heights
        .insert(row.key, RowHeight { height, drawn_from });
}

fn item_card(
    ui: &mut egui::Ui,
    item: &Item,
    dept: &Department,
    list: &crate::checklist::Checklist,
    view: &mut ViewState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let selected = view.selected_item == Some(item.id);
    let stroke = if selected {
        egui::Stroke::new(2.0, ui.visuals().selection.bg_fill)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    let frame = egui::Frame::group(ui.style())
        .stroke(stroke)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.push_id(item.id, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let mut done = item.status == Status::Done;
                    if ui.checkbox(&mut done, lang.pick("完成", "Done")).changed() {
                        let status = if done {
                            Status::Done
                        } else {
                            Status::NotStarted
                        };
                        out.push(Command::Edit(Edit::SetStatus {
                            id: item.id,
                            status,
                        }));
                    }
                    egui::ComboBox::new("status", lang.pick("状态", "Status"))
                        .selected_text(lang.status(item.status))
                        .width(64.0)
                        .show_ui(ui, |ui| {
                            for s in [Status::NotStarted, Status::InProgress, Status::Done] {
                                if ui
                                    .selectable_label(item.status == s, lang.status(s))
                                    .clicked()
                                    && s != item.status
                                {
                                    out.push(Command::Edit(Edit::SetStatus {
                                        id: item.id,
                                        status: s,
                                    }));
                                }
                            }
                        });
                    egui::ComboBox::new("role", lang.pick("角色", "Role"))
                        .selected_text(lang.role(item.role))
                        .width(48.0)
                        .show_ui(ui, |ui| {
                            for r in [Role::Lead, Role::Support] {
                                if ui.selectable_label(item.role == r, lang.role(r)).clicked()
                                    && r != item.role
                                {
                                    out.push(Command::Edit(Edit::SetRole {
                                        id: item.id,
                                        role: r,
                                    }));
                                }
                            }
                        });
                    let locate = ui.add_enabled(
                        item.span.is_some(),
                        egui::Button::new(lang.pick("原文", "Source")),
                    );
                    if locate
                        .on_hover_text(lang.pick("在原文中定位", "Show in the speech"))
                        .clicked()
                    {
                        out.push(Command::SelectItem(Some(item.id)));
                    }
                    ui.menu_button(lang.pick("移至…", "Move to…"), |ui| {
                        for other in list.departments.iter().filter(|d| d.name != dept.name) {
                            let name = &other.name;
                            if ui.button(name).clicked() {
                                out.push(Command::Edit(Edit::MoveItem {
                                    id: item.id,
                                    to_dept: name.clone(),
                                    index: None,
                                }));
                            }
                        }
                    });
                    if ui.button(lang.pick("删除", "Delete")).clicked() {
                        out.push(Command::Edit(Edit::DeleteItem { id: item.id }));
                    }
                });

                if let Some(edit) = text_field(
                    ui,
                    view,
                    item,
                    Field::Text,
                    true,
                    lang.pick("事项内容", "What to do"),
                ) {
                    out.push(Command::Edit(edit));
                }
                ui.horizontal(|ui| {
                    ui.label(lang.pick("期限", "Due"));
                    if let Some(edit) = text_field(
                        ui,
                        view,
                        item,
                        Field::Deadline,
                        false,
                        lang.pick("如 6月底前", "e.g. 6月底前"),
                    ) {
                        out.push(Command::Edit(edit));
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(lang.pick("协同", "With"));
                    if let Some(edit) = text_field(
                        ui,
                        view,
                        item,
                        Field::With,
                        false,
                        lang.pick("其他部门，用、分隔", "other departments, separated by 、"),
                    ) {
                        out.push(Command::Edit(edit));
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(lang.pick("备注", "Note"));
                    if let Some(edit) = text_field(
                        ui,
                        view,
                        item,
                        Field::Note,
                        false,
                        lang.pick("进展、联系人…", "progress, contact…"),
                    ) {
                        out.push(Command::Edit(edit));
                    }
                });
                if !item.quote.is_empty() {
                    // The sentence is in the speech on the left; a sentence
                    // of megabytes is shown by its start.
                    let quote = match item.quote.char_indices().nth(MAX_FIELD_CHARS) {
                        Some((cut, _)) => format!("{}…", &item.quote[..cut]),
                        None => item.quote.clone(),
                    };
                    ui.label(
                        RichText::new(quote)
                            .small()
                            .color(ui.visuals().weak_text_color()),
                    );
                }
            });
        });
    // A click anywhere on the card selects the item. Read from the pointer
    // rather than with an interact() on top, which would take the clicks
    // away from the card's own widgets.
    let clicked_here = ui.input(|i| {
        i.pointer.primary_clicked()
            && i.pointer
                .interact_pos()
                .is_some_and(|p| frame.response.rect.contains(p))
    });
    if clicked_here && !selected && ui.is_enabled() {
        out.push(Command::SelectItem(Some(item.id)));
    }
    if selected && view.scroll_pending {
        ui.scroll_to_rect(frame.response.rect, None);
    }
}

/// Longest text a field takes, in characters. A field holding megabytes
/// (a speech without punctuation is one "sentence") costs gigabytes to lay
/// out at every keystroke; an item text is a sentence or two.
pub const MAX_FIELD_CHARS: usize = 2 * crate::checklist::MAX_TEXT_CHARS;

impl Field {
    /// The field's text in `item`, as the field shows it.
    pub fn current(self, item: &Item) -> std::borrow::Cow<'_, str> {
        match self {
            Field::Text => item.text.as_str().into(),
            Field::Note => item.note.as_str().into(),
            Field::Deadline => item
                .deadline
                .as_ref()
                .map_or("", |d| d.text.as_str())
                .into(),
            Field::With => item.with.join("、").into(),
        }
    }

    /// The edit that puts `typed` into this field of `item`; `None` when
    /// it changes nothing.
    pub fn edit(self, item: &Item, typed: &str) -> Option<Edit> {
        if typed == self.current(item) {
            return None;
        }
        let id = item.id;
        Some(match self {
            Field::Text => Edit::SetText {
                id,
                text: typed.to_owned(),
            },
            Field::Note => Edit::SetNote {
                id,
                note: typed.to_owned(),
            },
            Field::Deadline => {
                let t = typed.trim().to_owned();
                let deadline = (!t.is_empty()).then_some(Deadline { text: t, due: None });
                if deadline == item.deadline {
                    return None;
                }
                Edit::SetDeadline { id, deadline }
            }
            Field::With => {
                let with: Vec<String> = typed
                    .split(['、', ',', '，'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if with == item.with {
                    return None;
                }
                Edit::SetWith { id, with }
            }
        })
    }
}

/// The edits that the texts still being typed would make, in a fixed
/// order (for saving, closing and the journal: what is typed counts).
pub fn draft_edits(
    drafts: &std::collections::HashMap<(u64, Field), String>,
    list: &crate::checklist::Checklist,
) -> Vec<Edit> {
    let mut keys: Vec<&(u64, Field)> = drafts.keys().collect();
    keys.sort_by_key(|(id, field)| (*id, *field as u8));
    keys.into_iter()
        .filter_map(|key| {
            let item = list.item(key.0)?;
            key.1.edit(item, &drafts[key])
        })
        .collect()
}

/// A text field editing a draft; returns the edit when the user leaves
/// the field with a changed text. Over-long texts are shown, not edited.
fn text_field(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    item: &Item,
    field: Field,
    multiline: bool,
    hint: &str,
) -> Option<Edit> {
    let key = (item.id, field);
    let current = field.current(item);
    if current.chars().nth(MAX_FIELD_CHARS).is_some() {
        let shown: String = current.chars().take(MAX_FIELD_CHARS / 4).collect();
        ui.label(format!(
            "{shown}…（共 {} 字，太长无法在此编辑 / too long to edit here）",
            current.chars().count()
        ));
        return None;
    }
    let mut draft = view
        .drafts
        .get(&key)
        .cloned()
        .unwrap_or_else(|| current.to_string());
    let edit = if multiline {
        egui::TextEdit::multiline(&mut draft).desired_rows(1)
    } else {
        egui::TextEdit::singleline(&mut draft)
    };
    let r = ui.add(
        edit.hint_text(hint)
            .char_limit(MAX_FIELD_CHARS)
            .desired_width(f32::INFINITY)
            .id_salt(("field", field)),
    );
    look::underline(ui, &r);
    if r.has_focus() {
        view.drafts.insert(key, draft.clone());
    }
    if r.lost_focus() {
        view.drafts.remove(&key);
        return field.edit(item, &draft);
    }
    None
}

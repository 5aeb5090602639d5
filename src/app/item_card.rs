//! One item's card: status, role, 原文, move and delete on top, then the
//! text fields, then the sentence it came from. Clicking the card selects
//! the item (and its sentence in the speech).

use super::fields::{Field, MAX_FIELD_CHARS, text_field};
use super::{Command, ViewState, i18n::Lang};
use crate::checklist::{Checklist, Department, Edit, Item, Status};
use crate::model::{Confidence, Role};
use eframe::egui;
use egui::RichText;
use std::hash::{Hash, Hasher};

pub(super) fn item_card(
    ui: &mut egui::Ui,
    item: &Item,
    dept: &Department,
    list: &Checklist,
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
                ui.horizontal_wrapped(|ui| controls(ui, item, dept, list, lang, out));
                let shared = partners(view, dept, item, lang);
                if !shared.is_empty() {
                    ui.label(RichText::new(shared).small());
                }
                fields(ui, view, item, lang, out);
                quote(ui, item);
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
    if selected && view.reveal_item {
        ui.scroll_to_rect(frame.response.rect, None);
    }
}

/// The row of controls on top of a card.
fn controls(
    ui: &mut egui::Ui,
    item: &Item,
    dept: &Department,
    list: &Checklist,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let id = item.id;
    check_mark(ui, item, lang, out);
    let mut done = item.status == Status::Done;
    if ui.checkbox(&mut done, lang.pick("完成", "Done")).changed() {
        out.push(Command::Edit(Edit::tick(id, done)));
    }
    egui::ComboBox::new("status", lang.pick("状态", "Status"))
        .selected_text(lang.status(item.status))
        .width(64.0)
        .show_ui(ui, |ui| {
            for status in Status::ALL {
                let picked = ui
                    .selectable_label(item.status == status, lang.status(status))
                    .clicked();
                if picked && status != item.status {
                    out.push(Command::Edit(Edit::SetStatus { id, status }));
                }
            }
        });
    egui::ComboBox::new("role", lang.pick("角色", "Role"))
        .selected_text(lang.role(item.role))
        .width(48.0)
        .show_ui(ui, |ui| {
            for role in [Role::Lead, Role::Support] {
                let picked = ui
                    .selectable_label(item.role == role, lang.role(role))
                    .clicked();
                if picked && role != item.role {
                    out.push(Command::Edit(Edit::SetRole { id, role }));
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
        out.push(Command::SelectItem(Some(id)));
    }
    ui.menu_button(lang.pick("移至…", "Move to…"), |ui| {
        for other in list.departments.iter().filter(|d| d.name != dept.name) {
            if ui.button(&other.name).clicked() {
                out.push(Command::Edit(Edit::MoveItem {
                    id,
                    to_dept: other.name.clone(),
                    index: None,
                }));
            }
        }
    });
    if ui.button(lang.pick("删除", "Delete")).clicked() {
        out.push(Command::Edit(Edit::DeleteItem { id }));
    }
}

/// The 待核 mark of an item the extractor was unsure of (hover: why), and
/// 无误 to clear it.
fn check_mark(ui: &mut egui::Ui, item: &Item, lang: Lang, out: &mut Vec<Command>) {
    let id = item.id;
    if item.confidence == Confidence::Check {
        let mark = RichText::new(lang.pick("待核", "Check"))
            .color(ui.visuals().warn_fg_color)
            .strong();
        ui.label(mark).on_hover_text(why_check(&item.reason, lang));
        let accept = ui
            .small_button(lang.pick("无误", "Right"))
            .on_hover_text(lang.pick(
                "核对无误，去掉待核标记（A 键）",
                "Checked: clear the mark (key A)",
            ));
        if accept.clicked() {
            out.push(Command::Edit(Edit::SetConfidence {
                id,
                confidence: Confidence::Sure,
                reason: String::new(),
            }));
        }
    }
}

/// Why an item is to be checked, in the user's language. The extractor
/// gives its reasons in English (they are in the JSON too).
fn why_check(reason: &str, lang: Lang) -> String {
    let zh = match reason {
        "" => "提取时没有把握",
        "inside a review part" => "位于回顾成绩的部分，可能不是要求",
        "actor carried over from an earlier sentence" => "责任单位承接自前文，请核对",
        "name not in the lexicon" => "单位名称不在词表中，请核对",
        "fragment: the text is very short" => "内容过短，可能不完整",
        "a topic before the marker may name the actor" => "要求前的主题词可能才是责任单位",
        "no obligation marker" => "句中没有“要、必须”等要求词",
        other => other,
    };
    let en = if reason.is_empty() {
        "The extractor was not sure"
    } else {
        reason
    };
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The text, then the labelled one-line fields.
fn fields(
    ui: &mut egui::Ui,
    view: &mut ViewState,
    item: &Item,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let hint = lang.pick("事项内容", "What to do");
    if let Some(edit) = text_field(ui, view, item, Field::Text, true, hint) {
        out.push(Command::Edit(edit));
    }
    let labelled = [
        (
            Field::Deadline,
            lang.pick("期限", "Due"),
            lang.pick("如 6月底前", "e.g. 6月底前"),
        ),
        (
            Field::With,
            lang.pick("协同", "With"),
            lang.pick("其他部门，用、分隔", "other departments, separated by 、"),
        ),
        (
            Field::Note,
            lang.pick("备注", "Note"),
            lang.pick("进展、联系人…", "progress, contact…"),
        ),
    ];
    for (field, label, hint) in labelled {
        ui.horizontal(|ui| {
            ui.label(label);
            if let Some(edit) = text_field(ui, view, item, field, false, hint) {
                out.push(Command::Edit(edit));
            }
        });
    }
}

/// The sentence the item came from, small. It is in the speech on the
/// left too; a sentence of megabytes is shown by its start.
fn quote(ui: &mut egui::Ui, item: &Item) {
    if item.quote.is_empty() {
        return;
    }
    let quote = crate::checklist::shorten(&item.quote, MAX_FIELD_CHARS);
    ui.label(
        RichText::new(quote.as_ref())
            .small()
            .color(ui.visuals().weak_text_color()),
    );
}

/// The other units of the item's task with their roles ("同一任务：
/// 卫生（牵头）、财政（配合）"); empty when the department has it alone.
pub(super) fn partners(view: &ViewState, dept: &Department, item: &Item, lang: Lang) -> String {
    let Some(units) = view.units_of(item) else {
        return String::new();
    };
    let others = units.others(&dept.name);
    if others.is_empty() {
        return String::new();
    }
    let names: Vec<String> = others
        .iter()
        .map(|(name, role)| format!("{name}（{}）", lang.role(*role)))
        .collect();
    format!(
        "{}{}",
        lang.pick("同一任务：", "Same task: "),
        names.join("、")
    )
}

/// What a card's height depends on: the item's texts, the units sharing
/// its task, the width, the language of the labels and whether it is
/// selected (a thicker border).
pub(super) fn fingerprint(
    item: &Item,
    partners: &str,
    selected: bool,
    width: f32,
    lang: Lang,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    partners.hash(&mut h);
    width.to_bits().hash(&mut h);
    lang.pick("zh", "en").hash(&mut h);
    selected.hash(&mut h);
    item.text.hash(&mut h);
    item.quote.hash(&mut h);
    item.note.hash(&mut h);
    item.with.hash(&mut h);
    item.deadline.as_ref().map(|d| d.text.as_str()).hash(&mut h);
    item.confidence.hash(&mut h);
    h.finish()
}

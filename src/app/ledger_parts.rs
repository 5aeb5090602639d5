//! The pieces of the 督办台账 window: the groups of tasks for each view, a
//! task's line with its light, and the bar chart per department.

use super::i18n::Lang;
use super::ledger_view::Grouping;
use crate::ledger::status::{self, Clock, Light, Row};
use crate::ledger::{Ledger, summary};
use crate::model::Date;
use eframe::egui;
use egui::{Align2, Color32, FontId, Sense, Stroke, vec2};

pub(super) fn light_color(light: Light) -> Color32 {
    match light {
        Light::Red => Color32::from_rgb(0xd9, 0x30, 0x25),
        Light::Yellow => Color32::from_rgb(0xe8, 0xa3, 0x17),
        Light::Green => Color32::from_rgb(0x2e, 0x9e, 0x4f),
        Light::Unlit => Color32::from_rgb(0x4a, 0x78, 0xc2),
        Light::Grey => Color32::from_gray(0x9a),
    }
}

pub(super) fn department_names(ledger: &Ledger) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for e in &ledger.entries {
        for d in &e.checklist.departments {
            if !d.items.is_empty() && !names.contains(&d.name) {
                names.push(d.name.clone());
            }
        }
    }
    names
}

/// The rows in groups with their headings, for one grouping.
pub(super) fn grouped<'r, 'a>(
    ledger: &Ledger,
    rows: &'r [Row<'a>],
    grouping: Grouping,
    clock: Clock,
) -> Vec<(String, Vec<&'r Row<'a>>)> {
    let mut groups: Vec<(String, Vec<&Row<'_>>)> = Vec::new();
    let mut push = |key: String, row| match groups.iter_mut().find(|(k, _)| *k == key) {
        Some((_, list)) => list.push(row),
        None => groups.push((key, vec![row])),
    };
    let today = clock.today;
    for row in rows {
        let key = match grouping {
            Grouping::Department => row.department.to_string(),
            Grouping::Document => ledger.entries[row.entry].title(),
            Grouping::Light => row.light.label().to_string(),
            Grouping::Due => due_bucket(row, today).to_string(),
        };
        push(key, row);
    }
    match grouping {
        Grouping::Light => groups.sort_by_key(|(_, rows)| rows[0].light),
        Grouping::Due => groups.sort_by_key(|(_, rows)| due_rank(rows[0], today)),
        _ => {}
    }
    for (key, rows) in &mut groups {
        rows.sort_by_key(|r| (r.due.is_none(), r.due, r.entry, r.item.id));
        let count = rows.len();
        key.push_str(&format!("（{count}）"));
    }
    groups
}

fn due_rank(row: &Row<'_>, today: Date) -> u8 {
    match due_bucket(row, today) {
        "已逾期" => 0,
        "本周到期" => 1,
        "本月到期" => 2,
        "以后到期" => 3,
        "已完成" => 4,
        _ => 5,
    }
}

/// 已逾期 / 本周到期 / 本月到期 / 以后到期 / 已完成 / 无期限.
fn due_bucket(row: &Row<'_>, today: Date) -> &'static str {
    use chrono::Datelike;
    if row.done {
        return "已完成";
    }
    let Some(due) = row.due else {
        return "无期限";
    };
    if due < today {
        return "已逾期";
    }
    let week_end = today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
    if due <= week_end {
        "本周到期"
    } else if due.year() == today.year() && due.month() == today.month() {
        "本月到期"
    } else {
        "以后到期"
    }
}

pub(super) fn dot(ui: &mut egui::Ui, light: Light) {
    let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 5.0, light_color(light));
}

/// One task's line; true when clicked.
pub(super) fn task_line(
    ui: &mut egui::Ui,
    ledger: &Ledger,
    row: &Row<'_>,
    selected: Option<(usize, u64)>,
) -> bool {
    let is_selected = selected == Some((row.entry, row.item.id));
    let mut clicked = false;
    ui.horizontal(|ui| {
        dot(ui, row.light);
        let due = row.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let late = if row.overdue_days > 0 {
            format!(" 逾期{}天", row.overdue_days)
        } else {
            String::new()
        };
        let text = format!(
            "{}  {}  [{}]  {}{}  · {}",
            row.id,
            crate::checklist::shorten(&row.item.text, 40),
            row.department,
            due,
            late,
            summary::status_label(row.item),
        );
        let response = ui
            .selectable_label(is_selected, text)
            .on_hover_text(ledger.entries[row.entry].title());
        clicked = response.clicked();
    });
    clicked
}

/// A bar per department: done (green), overdue (red), the rest (blue),
/// stacked; the count above each bar.
pub(super) fn chart(
    ui: &mut egui::Ui,
    groups: &[(&str, status::Counts, Vec<Row<'_>>)],
    lang: Lang,
) {
    let height = 150.0;
    // Each bar keeps room for a three-character name: with many
    // departments the chart scrolls sideways instead of crowding them.
    let width = ui
        .available_width()
        .max(20.0 + MIN_SLOT * groups.len() as f32);
    egui::ScrollArea::horizontal()
        .id_salt("ledger_chart")
        .show(ui, |ui| draw_chart(ui, groups, lang, vec2(width, height)));
}

/// The narrowest room a bar and its name get.
const MIN_SLOT: f32 = 44.0;

fn draw_chart(
    ui: &mut egui::Ui,
    groups: &[(&str, status::Counts, Vec<Row<'_>>)],
    lang: Lang,
    size: egui::Vec2,
) {
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let max = groups
        .iter()
        .map(|(_, c, _)| c.total)
        .max()
        .unwrap_or(0)
        .max(1);
    let n = groups.len().max(1) as f32;
    let slot = (rect.width() - 20.0) / n;
    let bar = (slot * 0.6).clamp(4.0, 40.0);
    let base = rect.bottom() - 34.0;
    let scale = (base - rect.top() - 18.0) / max as f32;
    let stroke = ui.visuals().text_color();
    painter.line_segment(
        [
            egui::pos2(rect.left() + 10.0, base),
            egui::pos2(rect.right() - 10.0, base),
        ],
        Stroke::new(1.0, stroke),
    );
    for (i, (name, counts, _)) in groups.iter().enumerate() {
        let x = rect.left() + 10.0 + slot * (i as f32 + 0.5);
        let mut top = base;
        let open = counts.total - counts.done - counts.overdue.min(counts.total - counts.done);
        for (count, color) in [
            (counts.done, light_color(Light::Green)),
            (counts.overdue, light_color(Light::Red)),
            (open, light_color(Light::Unlit)),
        ] {
            let h = count as f32 * scale;
            if h > 0.0 {
                let r = egui::Rect::from_min_max(
                    egui::pos2(x - bar / 2.0, top - h),
                    egui::pos2(x + bar / 2.0, top),
                );
                painter.rect_filled(r, 1.0, color);
                top -= h;
            }
        }
        painter.text(
            egui::pos2(x, top - 2.0),
            Align2::CENTER_BOTTOM,
            counts.total.to_string(),
            FontId::proportional(11.0),
            stroke,
        );
        let label: String = name.chars().take(if slot > 60.0 { 8 } else { 3 }).collect();
        painter.text(
            egui::pos2(x, base + 3.0),
            Align2::CENTER_TOP,
            label,
            FontId::proportional(11.0),
            stroke,
        );
    }
    painter.text(
        egui::pos2(rect.right() - 10.0, rect.top()),
        Align2::RIGHT_TOP,
        lang.pick(
            "绿：已完成  红：逾期  蓝：推进中",
            "green done · red overdue · blue open",
        ),
        FontId::proportional(11.0),
        stroke,
    );
}
